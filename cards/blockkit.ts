/**
 * Slack Block Kit rendering of engine prompts, the aandachtsfunctionaris channel post and the App Home.
 * The Slack counterpart of cards/adaptive.ts and cards/channel.ts, built from the same prompts.
 *
 * Plain JSON only: no SDK at runtime. Action ids, values and block ids follow cards/slackProtocol.ts, so
 * `parseSlackAction` turns every click into the right engine input.
 *
 * Safety rules (platform-facts §5):
 * - Every string that ends up in mrkdwn passes {@link escapeMrkdwn}, our own texts too: info texts and
 *   summaries carry what users typed, and `&`, `<`, `>` are Slack's only control characters. The output
 *   therefore never contains `<`, so no `<!channel>`, `<@U…>`, `<#C…>` or disguised `<http…|…>` link.
 * - mrkdwn objects are `verbatim: true`, so Slack does not auto-parse a typed `@channel` or `#channel`.
 * - `plain_text` objects (buttons, checkbox options, headers) carry only our own labels and are capped.
 * - Limits are kept by splitting, never by dropping prompt content: long texts go over several
 *   sections, many blocks over several messages.
 */
import type { ChannelSummary, ChoiceOption, NavOption, Prompt, QuestionPrompt } from '../src/engine/types.js';
import type { ChannelCardView } from './channel.js';
import {
  CLAIM_ACTION,
  DETAILS_ACTION,
  MULTI_ACTION_PREFIX,
  MULTI_SUBMIT_ACTION,
  TEXT_ACTION,
  answerValue,
  escapeMrkdwn,
  promptValue,
  TEXT_BLOCK,
  TEXT_INPUT_ACTION,
  TEXT_MODAL_CALLBACK,
  type OpenText,
} from './slackProtocol.js';

// ---- the Block Kit subset we emit -----------------------------------------------------------

/** Text shown as typed: not parsed for formatting. Only our own labels go here. */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji: true;
}

/** Formatted text. Always escaped and `verbatim`, so nothing in it is turned into a mention or link. */
export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  verbatim: true;
}

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}

export interface SectionBlock {
  type: 'section';
  block_id?: string;
  text?: MrkdwnText;
  fields?: MrkdwnText[];
}

export interface ContextBlock {
  type: 'context';
  block_id?: string;
  elements: MrkdwnText[];
}

export interface DividerBlock {
  type: 'divider';
}

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value: string;
  style?: 'primary' | 'danger';
}

export interface CheckboxOption {
  text: PlainText;
  value: string;
}

export interface CheckboxesElement {
  type: 'checkboxes';
  action_id: string;
  options: CheckboxOption[];
  /** Ticked when shown: each one of `options`, the same object (Slack refuses any other). */
  initial_options?: CheckboxOption[];
}

export interface ActionsBlock {
  type: 'actions';
  block_id: string;
  elements: (ButtonElement | CheckboxesElement)[];
}

/** The blocks this module emits (no input blocks: messages take answers through buttons and the modal). */
export type Block = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock;

/** One chat message: `blocks` for display, `text` for notifications and clients without blocks. */
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
}

// ---- limits (platform-facts §5) ---------------------------------------------------------------

/** Slack rejects messages with more blocks than this. */
export const MAX_MESSAGE_BLOCKS = 50;
/** App Home and modal views. */
export const MAX_VIEW_BLOCKS = 100;
export const MAX_SECTION_TEXT = 3000;
export const MAX_FIELDS = 10;
export const MAX_FIELD_TEXT = 2000;
export const MAX_HEADER_TEXT = 150;
export const MAX_BUTTON_TEXT = 75;
export const MAX_BUTTON_VALUE = 2000;
export const MAX_OPTION_TEXT = 75;
export const MAX_OPTION_VALUE = 75;
export const MAX_CHECKBOX_OPTIONS = 10;
export const MAX_ACTIONS_ELEMENTS = 25;
export const MAX_FALLBACK_TEXT = 3000;
/** Answer buttons per row: Slack cuts long button labels off when many share a row. */
export const BUTTONS_PER_ROW = 5;
/**
 * Characters of text per message. Slack has rejected payloads well under 50 blocks with
 * `msg_blocks_too_long` at about 13k characters (bolt-js #2509), so long content is spread over
 * more messages before that.
 */
export const MESSAGE_TEXT_BUDGET = 12_000;

/** Block id of the "you can type your answer" section: stale once answered, so {@link answeredMessage} drops it. */
const TYPE_HINT_BLOCK = 'mc_type_hint';
/**
 * Block ids (`mc_your_text_<n>`) of the text shown for editing: once answered it has done its job, and
 * {@link answeredMessage} drops it, so an edited-away name does not stay in the conversation.
 */
const YOUR_TEXT_BLOCK = 'mc_your_text_';

type InfoPrompt = Extract<Prompt, { kind: 'info' }>;
type SummaryPrompt = Extract<Prompt, { kind: 'summary' }>;

// ---- text helpers -------------------------------------------------------------------------------

/** Escaped for mrkdwn, with line breaks normalised so splitting at `\n` works. */
const esc = (s: string): string => escapeMrkdwn(s.replace(/\r\n?/g, '\n'));

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * A position at or before `at` where escaped text may be cut: not inside an entity (`&amp;`, `&lt;`,
 * `&gt;`: every `&` in escaped text starts one) and not between the halves of a surrogate pair.
 */
function safeCut(s: string, at: number): number {
  let cut = Math.min(at, s.length);
  const amp = s.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 5 && s.indexOf(';', amp) >= cut) cut = amp;
  if (cut > 0 && isHighSurrogate(s.charCodeAt(cut - 1))) cut -= 1;
  return cut;
}

/** Cuts escaped text to `max` characters with an ellipsis, keeping entities whole. */
function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, safeCut(s, max - 1))}…`;
}

/** A plain_text object capped at `max` (labels are ours; capping keeps Slack from rejecting the message). */
const plain = (text: string, max: number): PlainText => ({ type: 'plain_text', text: truncate(text, max), emoji: true });

const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text, verbatim: true });

/** Splits one line longer than `max` into pieces, preferring a space, never inside an entity. */
function hardSplit(line: string, max: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    cut = safeCut(rest, cut);
    out.push(rest.slice(0, cut));
    rest = rest.slice(rest[cut] === ' ' ? cut + 1 : cut);
  }
  out.push(rest);
  return out;
}

/**
 * Packs escaped pieces, joined by `sep`, into chunks of at most `max` characters. A piece too long for
 * one chunk is split at its line breaks, and a line too long at a space. Blank chunks are left out:
 * Slack rejects empty section texts.
 */
function pack(pieces: string[], sep: string, max: number): string[] {
  const out: string[] = [];
  let current: string | undefined;
  const push = (piece: string) => {
    const joined = current === undefined ? piece : `${current}${sep}${piece}`;
    if (joined.length <= max) current = joined;
    else {
      if (current !== undefined) out.push(current);
      current = piece;
    }
  };
  for (const piece of pieces) {
    if (piece.length <= max) push(piece);
    else if (piece.includes('\n')) pack(piece.split('\n'), '\n', max).forEach(push);
    else hardSplit(piece, max).forEach(push);
  }
  if (current !== undefined) out.push(current);
  return out.filter((c) => c.trim() !== '');
}

/** Bold in mrkdwn works per line and not around spaces, so every non-empty line gets its own `*…*`. */
const bold = (escaped: string): string =>
  escaped
    .split('\n')
    .map((l) => (l.trim() === '' ? l : `*${l.trim()}*`))
    .join('\n');

/** Sections for escaped mrkdwn of any length, split at line breaks to stay ≤ 3000 characters each. */
const sections = (escaped: string): SectionBlock[] =>
  pack([escaped], '\n', MAX_SECTION_TEXT).map((t) => ({ type: 'section', text: mrkdwn(t) }));

/** Context blocks (small grey text) for escaped mrkdwn of any length. */
const contexts = (escaped: string): ContextBlock[] =>
  pack([escaped], '\n', MAX_SECTION_TEXT).map((t) => ({ type: 'context', elements: [mrkdwn(t)] }));

/** The notification text: one line, escaped, capped; never empty. */
function fallback(...parts: (string | undefined)[]): string {
  const text = parts
    .filter((p): p is string => p !== undefined && p.trim() !== '')
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .join(' — ');
  return truncate(esc(text), MAX_FALLBACK_TEXT) || '…';
}

/** Characters of text in a block, for {@link MESSAGE_TEXT_BUDGET}. */
function textLength(block: Block): number {
  switch (block.type) {
    case 'header':
      return block.text.text.length;
    case 'section':
      return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((n, f) => n + f.text.length, 0);
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'divider':
      return 0;
    case 'actions':
      return block.elements.reduce(
        (n, e) =>
          n +
          (e.type === 'button'
            ? e.text.text.length + e.value.length
            : [...e.options, ...(e.initial_options ?? [])].reduce((m, o) => m + o.text.text.length + o.value.length, 0)),
        0,
      );
  }
}

/**
 * Spreads units (blocks that must stay in one message, like checkbox groups and their submit button,
 * whose ticks Slack only reports for the message the button is in) over as many messages as needed.
 * Each message keeps one block free, so {@link answeredMessage} can always add its line. `repeat` is
 * put at the top of every continuation (a summary's title).
 */
function paginate(units: Block[][], text: string, repeat: Block[] = []): SlackMessage[] {
  const limit = MAX_MESSAGE_BLOCKS - 1;
  const repeatChars = repeat.reduce((n, b) => n + textLength(b), 0);
  const messages: SlackMessage[] = [];
  let blocks: Block[] = [...repeat];
  let chars = repeatChars;
  const newPage = () => {
    messages.push({ text, blocks });
    blocks = [...repeat];
    chars = repeatChars;
  };
  for (const unit of units) {
    const size = unit.reduce((n, b) => n + textLength(b), 0);
    const started = blocks.length > repeat.length;
    if (started && (blocks.length + unit.length > limit || chars + size > MESSAGE_TEXT_BUDGET)) newPage();
    // A unit bigger than a whole message (hundreds of options) still has to be split: better a
    // multi-select over two messages than a message Slack rejects.
    for (const block of unit) {
      if (blocks.length >= limit) newPage();
      blocks.push(block);
      chars += textLength(block);
    }
  }
  if (blocks.length > repeat.length || messages.length === 0) messages.push({ text, blocks });
  return messages;
}

// ---- prompts --------------------------------------------------------------------------------

/**
 * Renders one engine reply as Slack messages: one question per message, with the infos that precede
 * it above the question; infos after the last question (or without one) and each summary get messages
 * of their own. Content too big for one message continues in the next, the buttons in the last one.
 */
export function promptsToSlack(prompts: Prompt[], opts: SlackRenderOptions): SlackMessage[] {
  const messages: SlackMessage[] = [];
  let infos: InfoPrompt[] = [];
  const flush = () => {
    if (infos.length > 0) messages.push(...infoMessages(infos));
    infos = [];
  };
  for (const p of prompts) {
    if (p.kind === 'info') infos.push(p);
    else if (p.kind === 'summary') {
      flush();
      messages.push(...summaryMessages(p));
    } else {
      messages.push(...questionMessages(p, infos, opts));
      infos = [];
    }
  }
  flush();
  return messages;
}

const positionBlock = (label: string): ContextBlock => ({ type: 'context', elements: [mrkdwn(truncate(esc(label), MAX_SECTION_TEXT))] });

const TONE_EMOJI: Record<InfoPrompt['tone'], string | undefined> = {
  normal: undefined,
  warning: ':warning:',
  error: ':x:',
  urgent: ':rotating_light:',
};

/** An info as sections: the tone's emoji and the bold title on the first line, then the text. */
function infoBlocks(p: InfoPrompt): SectionBlock[] {
  const emoji = TONE_EMOJI[p.tone];
  const title = p.title ? bold(esc(p.title)) : undefined;
  const head = [emoji, title].filter(Boolean).join(' ');
  return sections(title ? `${head}\n${esc(p.text)}` : `${head}${head ? ' ' : ''}${esc(p.text)}`);
}

/** What a notification should say first: an urgent info's title, so "direct gevaar" is seen at once. */
function alarm(infos: InfoPrompt[]): string | undefined {
  const urgent = infos.find((i) => i.tone === 'urgent');
  return urgent ? (urgent.title ?? urgent.text) : undefined;
}

function infoMessages(infos: InfoPrompt[]): SlackMessage[] {
  const label = infos.find((i) => i.position)?.position?.label;
  const units: Block[][] = [];
  if (label) units.push([positionBlock(label)]);
  for (const i of infos) units.push(...infoBlocks(i).map((b) => [b]));
  const first = infos[0] as InfoPrompt;
  return paginate(units, fallback(alarm(infos) ?? first.title ?? first.text));
}

/**
 * The reporter's summary: the title as header, then per section a bold heading and its items
 * (`*label*` above the value), packed into as few sections as the limits allow. Values carry what the
 * user typed, so a long summary continues in further messages, each under the title again.
 */
function summaryMessages(p: SummaryPrompt): SlackMessage[] {
  const header: HeaderBlock = { type: 'header', text: plain(p.title, MAX_HEADER_TEXT) };
  const units: Block[][] = [];
  if (p.position) units.push([positionBlock(p.position.label)]);
  p.sections.forEach((s, i) => {
    if (i > 0) units.push([{ type: 'divider' }]);
    const items = s.items.map((item) => `${bold(esc(item.label))}\n${esc(item.value)}`);
    const chunks = pack([bold(esc(s.heading)), ...items], '\n\n', MAX_SECTION_TEXT);
    units.push(...chunks.map((t): Block[] => [{ type: 'section', text: mrkdwn(t) }]));
  });
  return paginate(units, fallback(p.title), [header]);
}

function questionMessages(q: QuestionPrompt, infos: InfoPrompt[], o: SlackRenderOptions): SlackMessage[] {
  const units: Block[][] = [];
  const label = q.position?.label ?? infos.find((i) => i.position)?.position?.label;
  if (label) units.push([positionBlock(label)]);
  for (const i of infos) units.push(...infoBlocks(i).map((b) => [b]));
  units.push(...sections(bold(esc(q.question))).map((b) => [b]));
  if (q.help) units.push(...contexts(esc(q.help)).map((b) => [b]));
  units.push([...answerBlocks(q, o), ...navBlocks(q.nav, q.promptId)]);
  return paginate(units, fallback(alarm(infos), q.question));
}

/**
 * One-click answer buttons, at most {@link BUTTONS_PER_ROW} per actions block. Values are never cut.
 * The option chosen before (`chosen`) is the `primary` button and, with `o.earlierChoice`, named in a
 * context line above: buttons have no "selected" state in Slack.
 */
function optionButtons(promptId: string, options: ChoiceOption[], chosen: string | undefined, o: SlackRenderOptions): Block[] {
  const buttons: ButtonElement[] = options.map((opt, n) => ({
    type: 'button',
    action_id: `mc_answer_${n}`,
    text: plain(opt.label, MAX_BUTTON_TEXT),
    value: answerValue(promptId, opt.value),
    ...(opt.value === chosen ? { style: 'primary' as const } : {}),
  }));
  const earlier = options.find((opt) => opt.value === chosen);
  const rows: Block[] = earlier && o.earlierChoice ? contexts(esc(o.earlierChoice(earlier.label))) : [];
  for (let i = 0, n = 0; i < buttons.length; i += BUTTONS_PER_ROW, n++) {
    rows.push({ type: 'actions', block_id: `mc_answers_${n}`, elements: buttons.slice(i, i + BUTTONS_PER_ROW) });
  }
  return rows;
}

/** A text's escaped mrkdwn with the `marks` (parts of it) in bold; the entities of the escaping stay whole. */
function markedText(text: string, marks: readonly string[]): string {
  const escaped = esc(text);
  const parts = [...new Set(marks.map((m) => esc(m).trim()))].filter((m) => m !== '').sort((a, b) => b.length - a.length);
  if (parts.length === 0) return escaped;
  const re = new RegExp(`(&(?:amp|lt|gt);)|${parts.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}`, 'g');
  return escaped.replace(re, (m: string, entity: string | undefined) => (entity ? m : `*${m}*`));
}

/**
 * What the "type your answer" button carries: the prompt, the limits and, when it fits in a button's
 * value, the text to pre-fill the modal with.
 */
function textButtonValue(q: Extract<QuestionPrompt, { kind: 'text' }>): string {
  const base = { max: q.maxLength, optional: q.optional };
  const full = q.value !== undefined && q.value !== '' ? promptValue(q.promptId, { ...base, v: q.value }) : undefined;
  return full !== undefined && full.length <= MAX_BUTTON_VALUE ? full : promptValue(q.promptId, base);
}

function answerBlocks(q: QuestionPrompt, o: SlackRenderOptions): Block[] {
  switch (q.kind) {
    case 'choice':
      return optionButtons(q.promptId, q.options, q.value, o);
    case 'yesno':
      return optionButtons(q.promptId, [{ value: 'ja', label: q.yesLabel }, { value: 'nee', label: q.noLabel }, ...(q.extra ?? [])], q.value, o);
    case 'multi':
      return [...checkboxGroups(q.options, q.value ?? []), submitBlock(q.promptId, o.submitLabel)];
    case 'text': {
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
  }
}

/**
 * Checkbox groups of at most ten options (Slack's limit per element), each in its own actions block
 * `mc_multi_<k>`: `parseSlackAction` collects the ticks of all groups from the message state. The
 * options in `ticked` start ticked.
 */
function checkboxGroups(options: ChoiceOption[], ticked: readonly string[]): ActionsBlock[] {
  const groups: ActionsBlock[] = [];
  for (let i = 0; i < options.length; i += MAX_CHECKBOX_OPTIONS) {
    const k = groups.length;
    const group = options.slice(i, i + MAX_CHECKBOX_OPTIONS).map((opt) => {
      // A cut value would be a different answer: fail loudly instead.
      if (opt.value.length > MAX_OPTION_VALUE) throw new Error(`option value longer than ${MAX_OPTION_VALUE}: ${opt.value.slice(0, 20)}…`);
      return { text: plain(opt.label, MAX_OPTION_TEXT), value: opt.value };
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
  const ordered = [...nav.filter((n) => n.command === 'acute'), ...nav.filter((n) => n.command !== 'acute')];
  const buttons: ButtonElement[] = ordered.map((n) => ({
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

/**
 * The question message as it should look once answered (for `chat.update`): the same content without
 * any buttons or checkboxes, so an old question cannot be answered twice, and without the stale
 * "type your answer" hint; instead a context line `answeredPrefix answerLabel` (both escaped; the label
 * may be what the user typed, capped at 3000 characters). Empty parts are left out.
 */
export function answeredMessage(original: SlackMessage, answerLabel: string, answeredPrefix: string): SlackMessage {
  const kept = original.blocks.filter(
    (b) =>
      b.type !== 'actions' &&
      !(b.type === 'section' && b.block_id === TYPE_HINT_BLOCK) &&
      !(b.type === 'context' && b.block_id?.startsWith(YOUR_TEXT_BLOCK)),
  );
  const text = [answeredPrefix, answerLabel].filter((t) => t.trim() !== '').map(esc).join(' ');
  // Slack rejects an empty text: with neither prefix nor label there is nothing to add.
  if (text === '') return { text: original.text, blocks: kept };
  const line: ContextBlock = { type: 'context', elements: [mrkdwn(truncate(text, MAX_SECTION_TEXT))] };
  // Our pages keep one block free for this line; a message from elsewhere at the limit loses its last
  // block rather than the update failing.
  return { text: original.text, blocks: [...kept.slice(0, MAX_MESSAGE_BLOCKS - 1), line] };
}

// ---- the text modal -----------------------------------------------------------------------------

/** What a modal's `plain_text_input` may hold at most. */
export const MAX_MODAL_INPUT = 3000;
/** Modal title, submit and close texts. */
export const MAX_MODAL_BUTTON_TEXT = 24;
export const MAX_INPUT_LABEL = 2000;

/** The modal for a typed answer, as passed to `views.open`. */
export interface TextModal {
  type: 'modal';
  callback_id: string;
  private_metadata: string;
  title: PlainText;
  submit: PlainText;
  close: PlainText;
  blocks: {
    type: 'input';
    block_id: string;
    optional: boolean;
    label: PlainText;
    element: { type: 'plain_text_input'; action_id: string; multiline: true; max_length: number; initial_value?: string };
  }[];
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

// ---- aandachtsfunctionaris channel ------------------------------------------------------------

/**
 * The post in the aandachtsfunctionaris channel: pseudonymous, only the facts in `view` (reference,
 * sector, step, urgency, outcome when set, who asked) and a claim button, or the "claimed by" line once
 * someone picked it up. Urgent cases get a banner on top, as on Teams (text `view.urgentBanner`, else
 * `view.urgencyValue`). Everything is escaped: the reporter's display name is user-controlled.
 */
export function channelMessage(s: ChannelSummary, view: ChannelCardView): SlackMessage {
  const urgent = s.urgency === 'urgent';
  const banner = view.urgentBanner ?? view.urgencyValue;
  const blocks: Block[] = [];
  if (urgent) blocks.push({ type: 'section', text: mrkdwn(truncate(`:rotating_light: ${bold(esc(banner))}`, MAX_SECTION_TEXT)) });
  blocks.push({ type: 'section', text: mrkdwn(truncate(bold(esc(view.title)), MAX_SECTION_TEXT)) });
  const field = (label: string, value: string): MrkdwnText => mrkdwn(truncate(`${bold(esc(label))}\n${esc(value)}`, MAX_FIELD_TEXT));
  const fields = [
    field(view.refLabel, s.ref),
    field(view.sectorLabel, view.sectorValue),
    field(view.stepLabel, view.stepValue),
    field(view.urgencyLabel, view.urgencyValue),
    ...(view.outcomeLabel !== undefined && view.outcomeValue !== undefined ? [field(view.outcomeLabel, view.outcomeValue)] : []),
    ...(view.statusLabel !== undefined && view.statusValue !== undefined ? [field(view.statusLabel, view.statusValue)] : []),
    field(view.reporterLabel, view.reporterName),
    ...(view.alarmLabel !== undefined && view.alarmValue !== undefined ? [field(view.alarmLabel, view.alarmValue)] : []),
    ...(view.contactLabel !== undefined && view.contactValue !== undefined ? [field(view.contactLabel, view.contactValue)] : []),
  ];
  blocks.push({ type: 'section', fields: fields.slice(0, MAX_FIELDS) });
  if (view.deviationText !== undefined) blocks.push({ type: 'section', text: mrkdwn(truncate(`:warning: ${bold(esc(view.deviationText))}`, MAX_SECTION_TEXT)) });
  const buttons: ButtonElement[] = [];
  if (view.claimedText !== undefined) {
    blocks.push({ type: 'context', elements: [mrkdwn(truncate(esc(view.claimedText), MAX_SECTION_TEXT))] });
  } else {
    buttons.push({ type: 'button', action_id: CLAIM_ACTION, text: plain(view.claimButton, MAX_BUTTON_TEXT), value: s.caseId, style: 'primary' });
  }
  if (view.detailsButton !== undefined) {
    buttons.push({ type: 'button', action_id: DETAILS_ACTION, text: plain(view.detailsButton, MAX_BUTTON_TEXT), value: s.caseId });
  }
  if (buttons.length) blocks.push({ type: 'actions', block_id: 'mc_channel', elements: buttons });
  return { text: fallback(urgent ? banner : undefined, view.title, s.ref), blocks };
}

// ---- App Home -----------------------------------------------------------------------------------

/** An App Home tab, as passed to `views.publish`. */
export interface HomeView {
  type: 'home';
  blocks: Block[];
}

/**
 * One of the user's open cases as listed on the App Home. A type alias rather than an interface, so it
 * can be passed as interpolation parameters (`Record<string, unknown>`) to a translator.
 */
export type HomeCase = {
  ref: string;
  /** Highest meldcode step reached. */
  step: number;
  /** Already formatted for the user's language. */
  date: string;
};

/** Everything the App Home shows, localised by the caller. */
export interface HomeViewInput {
  title: string;
  /** Optional text under the title. */
  intro?: string;
  /** Labels of the start buttons (`mc_home_nieuw`, `mc_home_stap0`, `mc_home_uitleg`, `mc_home_mijn`). */
  buttons: { nieuw: string; stap0: string; uitleg: string; mijn: string };
  /** Heading above the list of open cases. */
  casesTitle: string;
  /** Shown instead of the list when there are no open cases. */
  noCases: string;
  /** One line for a case, e.g. "MC-7F3A2B — stap 2 — 2026-11-22". Escaped. */
  caseLabel: (c: HomeCase) => string;
  /** The user's open cases, in the order to show them. */
  cases: readonly HomeCase[];
}

/**
 * The App Home: header, start buttons, and the user's open cases (one line each, packed into as few
 * sections as the limits allow). The list is capped to stay within {@link MAX_VIEW_BLOCKS}, ending in
 * "…": the home tab is an overview, and the full list is one click away ("mijn").
 */
export function homeView(input: HomeViewInput): HomeView {
  const blocks: Block[] = [{ type: 'header', text: plain(input.title, MAX_HEADER_TEXT) }];
  if (input.intro) blocks.push(...sections(esc(input.intro)));
  const start = (choice: keyof HomeViewInput['buttons'], primary = false): ButtonElement => ({
    type: 'button',
    action_id: `mc_home_${choice}`,
    text: plain(input.buttons[choice], MAX_BUTTON_TEXT),
    value: choice,
    ...(primary ? { style: 'primary' as const } : {}),
  });
  blocks.push({ type: 'actions', block_id: 'mc_home', elements: [start('nieuw', true), start('stap0'), start('uitleg'), start('mijn')] });
  blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwn(truncate(bold(esc(input.casesTitle)), MAX_SECTION_TEXT)) });
  if (input.cases.length === 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(truncate(esc(input.noCases), MAX_SECTION_TEXT))] });
    return { type: 'home', blocks };
  }
  const lines = input.cases.map((c) => `• ${esc(input.caseLabel(c))}`);
  const list = pack(lines, '\n', MAX_SECTION_TEXT).map((t): SectionBlock => ({ type: 'section', text: mrkdwn(t) }));
  const room = MAX_VIEW_BLOCKS - blocks.length;
  if (list.length > room) {
    const last = list[room - 1] as SectionBlock;
    list.splice(room - 1, list.length, { ...last, text: mrkdwn(truncate(`${last.text?.text ?? ''}\n…`, MAX_SECTION_TEXT)) });
  }
  blocks.push(...list);
  return { type: 'home', blocks };
}
