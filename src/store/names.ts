/**
 * File and document names derived from an id by SHA-256, so a name does not reveal a platform id.
 * Remembered (a bounded map): a turn asks for the same few names several times, and on a mostly idle
 * server each hash costs tens of microseconds of cold code.
 */
import { createHash } from 'node:crypto';

const MEMO_ENTRIES = 20_000;
const memo = new Map<string, string>();

/** The SHA-256 of `text` in hex, cut to `length` characters. */
export function hashedName(text: string, length = 64): string {
  const key = `${length}\u0000${text}`;
  let name = memo.get(key);
  if (name === undefined) {
    name = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(key, name);
  }
  return name;
}
