/** The modal a text question's "type your answer" button opens (`views.open`). */
import type * as Slack from '@slack/types';
import { TEXT_BLOCK, TEXT_INPUT_ACTION, TEXT_MODAL_CALLBACK, type OpenText } from '../slackProtocol.js';
import { MAX_INPUT_LABEL, MAX_MODAL_BUTTON_TEXT, MAX_MODAL_INPUT } from './limits.js';
import { plain } from './text.js';
import type { PlainText } from './types.js';

/** The modal's one input: multi-line text, capped at the question's length. */
export interface TextModalInput extends Slack.PlainTextInput {
  type: 'plain_text_input';
  action_id: string;
  multiline: true;
  max_length: number;
  initial_value?: string;
}

export interface TextModalBlock extends Slack.InputBlock {
  type: 'input';
  block_id: string;
  optional: boolean;
  label: PlainText;
  element: TextModalInput;
}

/** The modal for a typed answer, as passed to `views.open` (`{ trigger_id, view: textModal(…) }`). */
export interface TextModal extends Slack.ModalView {
  type: 'modal';
  callback_id: string;
  private_metadata: string;
  title: PlainText;
  submit: PlainText;
  close: PlainText;
  blocks: TextModalBlock[];
}

/**
 * The modal opened by a text question's button: one multi-line input, pre-filled with `open.value`
 * when the button carried one. `metadata` comes back with the submission (≤ 3000 characters).
 */
export function textModal(open: OpenText, metadata: string, labels: { title: string; submit: string; close: string; input: string }): TextModal {
  const max = Math.min(open.max, MAX_MODAL_INPUT);
  const initial = open.value !== undefined && open.value !== '' && open.value.length <= max ? { initial_value: open.value } : {};
  return {
    type: 'modal',
    callback_id: TEXT_MODAL_CALLBACK,
    private_metadata: metadata,
    title: plain(labels.title, MAX_MODAL_BUTTON_TEXT),
    submit: plain(labels.submit, MAX_MODAL_BUTTON_TEXT),
    close: plain(labels.close, MAX_MODAL_BUTTON_TEXT),
    blocks: [
      {
        type: 'input',
        block_id: TEXT_BLOCK,
        optional: open.optional,
        label: plain(labels.input, MAX_INPUT_LABEL),
        element: { type: 'plain_text_input', action_id: TEXT_INPUT_ACTION, multiline: true, max_length: max, ...initial },
      },
    ],
  };
}
