/**
 * What Slack buttons, checkboxes and the text modal carry (action ids, values, block ids) and how
 * an interaction payload becomes an engine input. Shared by the Block Kit renderer and the Bolt app.
 * Values are checked like any other client input: anything unexpected becomes `{ error }`.
 */
import type { Command, Input } from '../src/engine/types.js';

/** One-click answer buttons: `mc_answer_<n>`, value `{"p": promptId, "v": value}`. */
export const ANSWER_ACTION = /^mc_answer_\d+$/;
/** Navigation buttons: `mc_nav_<command>`, value `{"p": promptId}`. */
export const NAV_ACTION = /^mc_nav_(menu|back|stop|later|acute|help)$/;
/** Checkbox groups of one multi-select question: block ids `mc_multi_<k>` (Slack allows 10 options per group). */
export const MULTI_BLOCK = /^mc_multi_\d+$/;
export const MULTI_ACTION_PREFIX = 'mc_multi_';
/** The button under a multi-select: value `{"p": promptId}`; the ticked boxes come from the message state. */
export const MULTI_SUBMIT_ACTION = 'mc_submit';
/**
 * "Type your answer" button that opens the text modal: value `{"p": promptId, "max": n, "optional": bool}`,
 * with `"v": text` to pre-fill the modal (an earlier answer, or a text sent back by the name check).
 */
export const TEXT_ACTION = 'mc_text';
export const TEXT_MODAL_CALLBACK = 'mc_text_modal';
export const TEXT_BLOCK = 'mc_text';
export const TEXT_INPUT_ACTION = 'answer';
/** Claim button on a channel post: value = case id. */
export const CLAIM_ACTION = 'mc_claim';
/** "Open details" on a channel post: value = case id; the details go to the clicker's DM. */
export const DETAILS_ACTION = 'mc_details';
/** App Home start buttons: `mc_home_<choice>`. */
export const HOME_ACTION = /^mc_home_(nieuw|stap0|uitleg|mijn)$/;

export const answerValue = (promptId: string, value: string): string => JSON.stringify({ p: promptId, v: value });
export const promptValue = (promptId: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ p: promptId, ...extra });

/** What the text modal is opened with. */
export interface OpenText {
  promptId: string;
  max: number;
  optional: boolean;
  /** Text to pre-fill the input with. */
  value?: string;
}

export type SlackParsed = { input: Input } | { claim: string } | { details: string } | { home: 'nieuw' | 'stap0' | 'uitleg' | 'mijn' } | { openText: OpenText } | { error: 'malformed' };

/** Slack's `state.values`: block id -> action id -> element state. */
export type StateValues = Record<string, Record<string, { type?: string; selected_options?: { value?: unknown }[] | null; value?: unknown }>>;

function json(v: unknown): Record<string, unknown> | undefined {
  if (typeof v !== 'string' || v.length > 2000) return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    // Not ours: a forged or garbled value.
    return undefined;
  }
}

const shortString = (v: unknown): v is string => typeof v === 'string' && v.length <= 100;

/** Turns one block action (with the message's checkbox state) into an engine input, a claim, or an error. */
export function parseSlackAction(actionId: string, value: unknown, state?: StateValues): SlackParsed {
  if (actionId === CLAIM_ACTION) return shortString(value) ? { claim: value } : { error: 'malformed' };
  if (actionId === DETAILS_ACTION) return shortString(value) ? { details: value } : { error: 'malformed' };
  const home = HOME_ACTION.exec(actionId);
  if (home) return { home: home[1] as 'nieuw' | 'stap0' | 'uitleg' | 'mijn' };
  const v = json(value);
  if (!v || !shortString(v.p)) return { error: 'malformed' };
  const promptId = v.p;
  if (ANSWER_ACTION.test(actionId)) {
    return typeof v.v === 'string' ? { input: { type: 'answer', promptId, value: v.v } } : { error: 'malformed' };
  }
  const nav = NAV_ACTION.exec(actionId);
  if (nav) return { input: { type: 'command', command: nav[1] as Command, promptId } };
  if (actionId === MULTI_SUBMIT_ACTION) {
    const values: string[] = [];
    for (const [blockId, actions] of Object.entries(state ?? {})) {
      if (!MULTI_BLOCK.test(blockId)) continue;
      for (const element of Object.values(actions)) {
        for (const o of element.selected_options ?? []) if (typeof o.value === 'string') values.push(o.value);
      }
    }
    return { input: { type: 'answer', promptId, value: values } };
  }
  if (actionId === TEXT_ACTION) {
    const max = typeof v.max === 'number' && v.max > 0 && v.max <= 3000 ? v.max : 1000;
    const value = typeof v.v === 'string' && v.v !== '' && v.v.length <= max ? { value: v.v } : {};
    return { openText: { promptId, max, optional: v.optional === true, ...value } };
  }
  return { error: 'malformed' };
}

/** C0 controls other than tab and newline, DEL and the C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** Bidi marks, embeddings, overrides and isolates: they make a name or text read differently from what it is. */
const BIDI = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/**
 * mrkdwn's formatting characters and a look-alike that no Slack client formats. mrkdwn has no escape
 * syntax (a backslash shows as a backslash), and invisible characters next to a delimiter are treated
 * differently by different clients; a look-alike is inert everywhere and reads the same.
 */
const FORMATTING: Readonly<Record<string, string>> = { '*': '\u2217', _: '\u02CD', '~': '\u02DC', '`': '\u02CB' };

/** An emoji shortcode (`:white_check_mark:`): its underscores sit between letters, where they format nothing. */
const SHORTCODE = /(:[a-z0-9]+(?:[_+-][a-z0-9]+)*:)/;

/**
 * Makes text inert in Slack mrkdwn, for any input: `&`, `<` and `>` (Slack's control characters, the
 * defence against injected mentions and links) become entities; `*`, `_`, `~` and `` ` `` become
 * look-alikes (except inside an emoji shortcode), so typed text or a display name cannot add bold, italics, strike-through or code;
 * control characters other than newline and tab, and bidi controls, are removed; `\r\n` and `\r`
 * become `\n`. Apply it once, to raw text (it is not idempotent: `&` is escaped again).
 */
export function escapeMrkdwn(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '')
    .replace(BIDI, '')
    .split(SHORTCODE)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[*_~`]/g, (c) => FORMATTING[c] ?? c)))
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
