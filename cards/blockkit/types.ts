/**
 * The Block Kit subset this renderer emits, each type a narrowing of its @slack/types counterpart
 * (`extends`), so the compiler checks here that every message, App Home and modal we build is what
 * @slack/web-api's `chat.postMessage`, `chat.update`, `views.publish` and `views.open` accept.
 * The narrowing keeps the safety rules in the types: mrkdwn is always `verbatim`, buttons always carry
 * an action id and a value.
 */
import type * as Slack from '@slack/types';

/** Text shown as typed: not parsed for formatting. Only our own labels go here. */
export interface PlainText extends Slack.PlainTextElement {
  type: 'plain_text';
  text: string;
  emoji: true;
}

/** Formatted text. Always escaped and `verbatim`, so nothing in it is turned into a mention or link. */
export interface MrkdwnText extends Slack.MrkdwnElement {
  type: 'mrkdwn';
  text: string;
  verbatim: true;
}

export interface HeaderBlock extends Slack.HeaderBlock {
  type: 'header';
  text: PlainText;
}

export interface SectionBlock extends Slack.SectionBlock {
  type: 'section';
  block_id?: string;
  text?: MrkdwnText;
  fields?: MrkdwnText[];
}

export interface ContextBlock extends Slack.ContextBlock {
  type: 'context';
  block_id?: string;
  elements: MrkdwnText[];
}

export type DividerBlock = Slack.DividerBlock;

/** A picture Slack fetches from our server by URL (`image_url`), with its text alternative (≤ 2000 characters). */
export interface ImageBlock {
  type: 'image';
  image_url: string;
  alt_text: string;
  title?: PlainText;
}

export interface ButtonElement extends Slack.Button {
  type: 'button';
  action_id: string;
  text: PlainText;
  value: string;
  style?: 'primary' | 'danger';
  /** What a screen reader reads instead of `text` (≤ 75 characters). */
  accessibility_label?: string;
}

export interface CheckboxOption extends Slack.PlainTextOption {
  text: PlainText;
  value: string;
  /** The rest of a label too long for `text`, shown under it. */
  description?: PlainText;
}

export interface CheckboxesElement extends Slack.Checkboxes {
  type: 'checkboxes';
  action_id: string;
  options: CheckboxOption[];
  /** Ticked when shown: each one of `options`, the same object (Slack refuses any other). */
  initial_options?: CheckboxOption[];
}

export interface ActionsBlock extends Slack.ActionsBlock {
  type: 'actions';
  block_id: string;
  elements: (ButtonElement | CheckboxesElement)[];
}

/**
 * The blocks a message of ours holds (no input blocks: messages take answers through buttons and the
 * modal). Every member is a `KnownBlock`, so `Block[]` is what `chat.postMessage`'s `blocks` accepts.
 */
/** A prominent notice (Block Kit's alert block, 2026; in @slack/types 3.2's KnownBlock): the urgent case banner. */
export interface AlertBlock extends Slack.AlertBlock {
  type: 'alert';
  text: MrkdwnText;
  level: 'error' | 'warning' | 'info';
}

export type Block = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock | AlertBlock | ImageBlock;

/**
 * One chat message: `blocks` for display, `text` for notifications and clients without blocks. Pass
 * both straight to `chat.postMessage` / `chat.update` (`{ channel, text: m.text, blocks: m.blocks }`).
 */
export interface SlackMessage {
  /** Notification fallback: plain (no formatting added), escaped, 1–3000 characters. */
  text: string;
  blocks: Block[];
}

/** Texts the engine does not provide; callers pass them translated. */
export interface SlackRenderOptions {
  /** Button under a multi-select ("Verder" / "Continue"). */
  submitLabel: string;
  /** Button that opens the modal for a typed answer ("Antwoord typen"). */
  typeAnswerLabel: string;
  /** Tells the user they may also just type the answer in the chat. */
  typeHint: string;
  /** Line above one-click answers naming the option chosen before ("Eerder gekozen: …"); absent = no line. */
  earlierChoice?: (label: string) => string;
  /** Label above a text question's pre-filled text ("Je tekst:"); absent = the text is not shown in the message. */
  yourText?: string;
  /**
   * Text of the button beside each option ("Kies") when some option of a question is too long for a
   * button: each option is then its whole label as text, with this button. Absent = options are buttons.
   */
  chooseLabel?: string;
}
