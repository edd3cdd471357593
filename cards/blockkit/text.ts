/**
 * Text for Block Kit: escaping, cutting without breaking an entity or a surrogate pair, and packing
 * long text into as many sections as Slack's limits need. Everything here works on escaped mrkdwn
 * (see {@link esc}); plain_text labels are only capped.
 */
import { escapeMrkdwn } from '../slackProtocol.js';
import { MAX_FALLBACK_TEXT, MAX_SECTION_TEXT } from './limits.js';
import type { ContextBlock, MrkdwnText, PlainText, SectionBlock } from './types.js';

/** Escaped for mrkdwn, with line breaks normalised so splitting at `\n` works. */
export const esc = (s: string): string => escapeMrkdwn(s.replace(/\r\n?/g, '\n'));

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
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, safeCut(s, max - 1))}…`;
}

/** A plain_text object capped at `max` (labels are ours; capping keeps Slack from rejecting the message). */
export const plain = (text: string, max: number): PlainText => ({ type: 'plain_text', text: truncate(text, max), emoji: true });

export const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text, verbatim: true });

/** One context block (small grey text) holding escaped mrkdwn, capped at a section's length. */
export const contextLine = (escaped: string): ContextBlock => ({ type: 'context', elements: [mrkdwn(truncate(escaped, MAX_SECTION_TEXT))] });

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
export function pack(pieces: string[], sep: string, max: number): string[] {
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
export const bold = (escaped: string): string =>
  escaped
    .split('\n')
    .map((l) => (l.trim() === '' ? l : `*${l.trim()}*`))
    .join('\n');

/** Sections for escaped mrkdwn of any length, split at line breaks to stay ≤ 3000 characters each. */
export const sections = (escaped: string): SectionBlock[] =>
  pack([escaped], '\n', MAX_SECTION_TEXT).map((t) => ({ type: 'section', text: mrkdwn(t) }));

/** Context blocks (small grey text) for escaped mrkdwn of any length. */
export const contexts = (escaped: string): ContextBlock[] =>
  pack([escaped], '\n', MAX_SECTION_TEXT).map((t) => ({ type: 'context', elements: [mrkdwn(t)] }));

/** The notification text: one line, escaped, capped; never empty. */
export function fallback(...parts: (string | undefined)[]): string {
  const text = parts
    .filter((p): p is string => p !== undefined && p.trim() !== '')
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .join(' — ');
  return truncate(esc(text), MAX_FALLBACK_TEXT) || '…';
}
