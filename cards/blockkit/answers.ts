/**
 * The part of a question message that takes the answer: one-click buttons, checkbox groups with their
 * submit button, the "type your answer" button (which opens the modal), and the navigation row. Action
 * ids, values and block ids follow cards/slackProtocol.ts, so `parseSlackAction` turns every click into
 * the right engine input.
 */
import type { ChoiceOption, NavOption, QuestionPrompt } from '../../src/engine/types.js';
import { MULTI_ACTION_PREFIX, MULTI_SUBMIT_ACTION, TEXT_ACTION, answerValue, promptValue } from '../slackProtocol.js';
import { chosenOption, navGroups, yesNoOptions } from '../view.js';
import { BUTTON_TEXT_SHOWN, BUTTONS_PER_ROW, MAX_ACTIONS_ELEMENTS, MAX_BUTTON_TEXT, MAX_BUTTON_VALUE, MAX_CHECKBOX_OPTIONS, MAX_OPTION_TEXT, MAX_OPTION_VALUE, MAX_SECTION_TEXT } from './limits.js';
import { contexts, esc, mrkdwn, pack, plain, truncate } from './text.js';
import type { ActionsBlock, Block, ButtonElement, ContextBlock, SectionBlock, SlackRenderOptions } from './types.js';

/** Block id of the "you can type your answer" section: stale once answered, so `answeredMessage` drops it. */
export const TYPE_HINT_BLOCK = 'mc_type_hint';
/**
 * Block ids (`mc_your_text_<n>`) of the text shown for editing: once answered it has done its job, and
 * `answeredMessage` drops it, so an edited-away name does not stay in the conversation.
 */
export const YOUR_TEXT_BLOCK = 'mc_your_text_';
/** Block ids (`mc_option_<n>`) of an option shown as text with its button: `answeredMessage` drops them with the buttons. */
export const OPTION_BLOCK = 'mc_option_';

/** The answer blocks of a question, then its navigation: one unit, kept in one message. */
export function answerBlocks(q: QuestionPrompt, o: SlackRenderOptions): Block[] {
  return [...answerPart(q, o), ...navBlocks(q.nav, q.promptId)];
}

function answerPart(q: QuestionPrompt, o: SlackRenderOptions): Block[] {
  switch (q.kind) {
    case 'choice':
      return optionButtons(q.promptId, q.options, q.value, o);
    case 'yesno':
      return optionButtons(q.promptId, yesNoOptions(q), q.value, o);
    case 'multi':
      return [...checkboxGroups(q.options, q.value ?? []), submitBlock(q.promptId, o.submitLabel)];
    case 'text':
      return textAnswer(q, o);
  }
}

/**
 * One-click answers: buttons, at most {@link BUTTONS_PER_ROW} per actions block. Slack cuts a button's
 * text off after about {@link BUTTON_TEXT_SHOWN} characters, so when some label is longer (and
 * `o.chooseLabel` is set) every option of the question is a section of its own: the whole label as
 * text, with a "Kies" button beside it that sends what the option's button would and reads the label
 * to a screen reader. Values are never cut. The option chosen before (`chosen`) has the `primary`
 * button and, with `o.earlierChoice`, is named in a context line above: buttons have no "selected" state.
 */
function optionButtons(promptId: string, options: ChoiceOption[], chosen: string | undefined, o: SlackRenderOptions): Block[] {
  const buttons: ButtonElement[] = options.map((opt, n) => ({
    type: 'button',
    action_id: `mc_answer_${n}`,
    text: plain(opt.label, MAX_BUTTON_TEXT),
    value: answerValue(promptId, opt.value),
    ...(opt.value === chosen ? { style: 'primary' as const } : {}),
  }));
  const earlier = chosenOption(options, chosen);
  const rows: Block[] = earlier && o.earlierChoice ? contexts(esc(o.earlierChoice(earlier.label))) : [];
  if (o.chooseLabel !== undefined && options.some((opt) => opt.label.length > BUTTON_TEXT_SHOWN)) {
    const choose = plain(o.chooseLabel, MAX_BUTTON_TEXT);
    return [
      ...rows,
      ...options.map((opt, n): SectionBlock => ({
        type: 'section',
        block_id: `${OPTION_BLOCK}${n}`,
        text: mrkdwn(truncate(esc(opt.label), MAX_SECTION_TEXT)),
        accessory: { ...(buttons[n] as ButtonElement), text: choose, accessibility_label: truncate(opt.label, MAX_BUTTON_TEXT) },
      })),
    ];
  }
  for (let i = 0, n = 0; i < buttons.length; i += BUTTONS_PER_ROW, n++) {
    rows.push({ type: 'actions', block_id: `mc_answers_${n}`, elements: buttons.slice(i, i + BUTTONS_PER_ROW) });
  }
  return rows;
}

/**
 * The label of an option shown beside its button, read back from the message Slack sends with the click
 * (`block_id` of the clicked button's section): the button itself only says "Kies". Unescaped, since the
 * answered line escapes it again; undefined when the click came from elsewhere.
 */
export function optionLabel(blocks: readonly unknown[] | undefined, blockId: string | undefined): string | undefined {
  if (!blockId?.startsWith(OPTION_BLOCK)) return undefined;
  const block = (blocks ?? []).find((b): b is { type: string; text?: { text?: unknown } } => typeof b === 'object' && b !== null && (b as { block_id?: unknown }).block_id === blockId);
  const text = block?.type === 'section' ? block.text?.text : undefined;
  return typeof text === 'string' ? text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : undefined;
}

/** A text's escaped mrkdwn with the `marks` (parts of it) in bold; the entities of the escaping stay whole. */
function markedText(text: string, marks: readonly string[]): string {
  const escaped = esc(text);
  const parts = [...new Set(marks.map((m) => esc(m).trim()))].filter((m) => m !== '').sort((a, b) => b.length - a.length);
  if (parts.length === 0) return escaped;
  const re = new RegExp(`(&(?:amp|lt|gt);)|${parts.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}`, 'g');
  return escaped.replace(re, (m: string, entity: string | undefined) => (entity ? m : `*${m}*`));
}

type TextQuestion = Extract<QuestionPrompt, { kind: 'text' }>;

/**
 * What the "type your answer" button carries: the prompt, the limits and, when it fits in a button's
 * value, the text to pre-fill the modal with.
 */
function textButtonValue(q: TextQuestion): string {
  const base = { max: q.maxLength, optional: q.optional };
  const full = q.value !== undefined && q.value !== '' ? promptValue(q.promptId, { ...base, v: q.value }) : undefined;
  return full !== undefined && full.length <= MAX_BUTTON_VALUE ? full : promptValue(q.promptId, base);
}

/** The text shown for editing (when there is one), the "type it here" hint, and the modal and skip buttons. */
function textAnswer(q: TextQuestion, o: SlackRenderOptions): Block[] {
  const buttons: ButtonElement[] = [
    {
      type: 'button',
      action_id: TEXT_ACTION,
      text: plain(o.typeAnswerLabel, MAX_BUTTON_TEXT),
      value: textButtonValue(q),
      style: 'primary',
    },
  ];
  if (q.optional && q.skipLabel) {
    buttons.push({ type: 'button', action_id: 'mc_answer_0', text: plain(q.skipLabel, MAX_BUTTON_TEXT), value: answerValue(q.promptId, '') });
  }
  const hint = pack([esc(o.typeHint)], '\n', MAX_SECTION_TEXT).map((t, i): SectionBlock => ({
    type: 'section',
    ...(i === 0 ? { block_id: TYPE_HINT_BLOCK } : {}),
    text: mrkdwn(t),
  }));
  // The text to edit, visible in the message as well (to copy when typing in the chat), the parts found in bold.
  const shown =
    q.value !== undefined && q.value !== '' && o.yourText
      ? contexts(`${esc(o.yourText)}\n${markedText(q.value, q.marks ?? [])}`).map((b, i): ContextBlock => ({ ...b, block_id: `${YOUR_TEXT_BLOCK}${i}` }))
      : [];
  return [...shown, ...hint, { type: 'actions', block_id: 'mc_text_actions', elements: buttons }];
}

/**
 * Checkbox groups of at most ten options (Slack's limit per element), each in its own actions block
 * `mc_multi_<k>`: `parseSlackAction` collects the ticks of all groups from the message state. The
 * options in `ticked` start ticked. What of a label does not fit in an option's text goes on in the
 * option's description, so it is shown whole.
 */
function checkboxGroups(options: ChoiceOption[], ticked: readonly string[]): ActionsBlock[] {
  const groups: ActionsBlock[] = [];
  for (let i = 0; i < options.length; i += MAX_CHECKBOX_OPTIONS) {
    const k = groups.length;
    const group = options.slice(i, i + MAX_CHECKBOX_OPTIONS).map((opt) => {
      // A cut value would be a different answer: fail loudly instead.
      if (opt.value.length > MAX_OPTION_VALUE) throw new Error(`option value longer than ${MAX_OPTION_VALUE}: ${opt.value.slice(0, 20)}…`);
      const [head, rest] = splitLabel(opt.label, MAX_OPTION_TEXT);
      return { text: plain(head, MAX_OPTION_TEXT), value: opt.value, ...(rest ? { description: plain(rest, MAX_OPTION_TEXT) } : {}) };
    });
    const initial = group.filter((opt) => ticked.includes(opt.value));
    groups.push({
      type: 'actions',
      block_id: `${MULTI_ACTION_PREFIX}${k}`,
      elements: [{ type: 'checkboxes', action_id: `${MULTI_ACTION_PREFIX}${k}`, options: group, ...(initial.length > 0 ? { initial_options: initial } : {}) }],
    });
  }
  return groups;
}

/** A label too long for a checkbox's text as the text and the rest (its description), cut between words. */
function splitLabel(label: string, max: number): [string, string?] {
  if (label.length <= max) return [label];
  let cut = label.lastIndexOf(' ', max);
  if (cut < max / 2) cut = max;
  return [label.slice(0, cut).trimEnd(), label.slice(cut).trim()];
}

function submitBlock(promptId: string, label: string): ActionsBlock {
  return {
    type: 'actions',
    block_id: 'mc_multi_submit',
    elements: [{ type: 'button', action_id: MULTI_SUBMIT_ACTION, text: plain(label, MAX_BUTTON_TEXT), value: promptValue(promptId), style: 'primary' }],
  };
}

/** Navigation last, "acute danger" first and red: it must be the easiest button to find. */
function navBlocks(nav: NavOption[], promptId: string): ActionsBlock[] {
  if (nav.length === 0) return [];
  const { acute, rest } = navGroups(nav);
  const buttons: ButtonElement[] = [...acute, ...rest].map((n) => ({
    type: 'button',
    action_id: `mc_nav_${n.command}`,
    text: plain(n.label, MAX_BUTTON_TEXT),
    value: promptValue(promptId),
    ...(n.command === 'acute' ? { style: 'danger' as const } : {}),
  }));
  const rows: ActionsBlock[] = [];
  for (let i = 0; i < buttons.length; i += MAX_ACTIONS_ELEMENTS) {
    rows.push({ type: 'actions', block_id: rows.length === 0 ? 'mc_nav' : `mc_nav_${rows.length}`, elements: buttons.slice(i, i + MAX_ACTIONS_ELEMENTS) });
  }
  return rows;
}
