/**
 * The anchor of an encrypted data folder: its key-check file (`keycheck.json`), which besides the
 * known text that tells a wrong key records, per data file, its generation, its number of lines
 * and its last line's GCM tag. It is a journal itself (journal.ts): the records of the lines
 * written to data files during one turn of the event loop are appended here as one short line
 * right after it (no fsync, like the data files), so a turn that changes three files, or a hundred
 * turns landing at once, cost one extra append, not one per line. A deletion is recorded at once.
 *
 * Why: a file's lines authenticate each other (a chain, see journal.ts), but a file cut at a line
 * boundary, or replaced by an older complete copy of itself, is still a valid chain. Only a record
 * kept elsewhere can tell; the anchor is that record, under the same key.
 *
 * A file is accepted when it has at least the recorded lines of the recorded generation and its
 * line at that position carries the recorded tag, or when it is of a later generation (the anchor
 * is written just after the file, so a crash in between leaves the file ahead, never behind). A
 * file with no record is accepted (a crash right after it was created). A deleted file keeps a
 * record with no lines, so a copy put back is refused.
 */
import path from 'node:path';
import type { DataCipher } from './crypto.js';
import { Journal, JournalError, MAX_LINES, type DecodedJournal, type JournalAnchor } from './journal.js';
import { NAMES_INFO } from './names.js';
import { isObject } from './shapes.js';

export const ANCHOR_FILE = 'keycheck.json';
/** Known text, encrypted with the folder's key, to tell a wrong key from damaged files. */
export const CHECK_TEXT = 'meldcode-assistent';

/** [generation, lines (0: deleted), tag of the last line]. */
type Entry = [number, number, string];
const isEntry = (v: unknown): v is Entry =>
  Array.isArray(v) && v.length === 3 && Number.isSafeInteger(v[0]) && Number.isSafeInteger(v[1]) && typeof v[2] === 'string';

/**
 * The anchor's value: the check text, the conversion flag, the naming scheme of the folder's files
 * (absent: unkeyed names of earlier versions, see names.ts), an {@link Entry} per data file by its
 * path in the folder, and per keyed name handed out, under `~<name>`, the unkeyed name it was made
 * from (what a key rotation needs to rename the file).
 */
export type AnchorValue = Record<string, unknown> & { check: string; converting?: true; names?: string };

const NAME_PREFIX = '~';

/** Whether a decrypted key-check file holds the known text (anything else: another key, or not a key check). */
export function isAnchorValue(v: unknown): v is AnchorValue {
  return isObject(v) && v.check === CHECK_TEXT;
}

export class Anchor implements JournalAnchor {
  readonly #journal: Journal;
  readonly #value: AnchorValue;
  #entries: number;
  /** Files whose record changed since the anchor was last written. */
  readonly #dirty = new Set<string>();
  #flushQueued = false;

  private constructor(journal: Journal, value: AnchorValue) {
    this.#journal = journal;
    this.#value = value;
    this.#entries = Object.keys(value).length;
  }

  /** The anchor journal of the folder `dir` (not read yet). */
  static journal(dir: string, cipher: DataCipher | undefined, onCutOff?: () => void): Journal {
    return new Journal(path.join(dir, ANCHOR_FILE), cipher, ANCHOR_FILE, { onCutOff, keepOpen: true });
  }

  /** A new anchor for a folder without data: written now. */
  static create(journal: Journal): Anchor {
    const value: AnchorValue = { check: CHECK_TEXT, names: NAMES_INFO };
    journal.compact(value);
    return new Anchor(journal, value);
  }

  /**
   * The anchor as read by `journal`. A key check of an earlier version (which records no files) is
   * marked as converting, and so written at its first change (see {@link compact}): until
   * {@link finishConverting}, files of the earlier format that have no record yet are accepted.
   */
  static opened(journal: Journal, value: AnchorValue): Anchor {
    if (journal.gen === 0) value.converting = true;
    return new Anchor(journal, value);
  }

  /** Whether files of the earlier format may still be in the folder (they are converted at start-up). */
  get converting(): boolean {
    return this.#value.converting === true;
  }

  finishConverting(): void {
    if (!this.converting) return;
    this.flush();
    delete this.#value.converting;
    this.#commit({ json: '{"d":["converting"]}' });
  }

  /** Whether the folder's files carry keyed names (else they are renamed at start-up, file/takeover.ts). */
  get keyedNames(): boolean {
    return this.#value.names === NAMES_INFO;
  }

  /** Records that the folder's files now carry keyed names. */
  finishNaming(): void {
    if (this.keyedNames) return;
    this.flush();
    this.#value.names = NAMES_INFO;
    this.#commit({ json: `{"f":{"names":${JSON.stringify(NAMES_INFO)}}}` });
  }

  /** Notes the unkeyed name a keyed name was made from (written with the next flush). */
  named(name: string, unkeyed: string): void {
    const key = `${NAME_PREFIX}${name}`;
    if (this.#value[key] === unkeyed) return;
    this.#put(key, unkeyed);
    this.#flushSoon();
  }

  /** Every keyed name noted, with the unkeyed name it was made from. */
  names(): [string, string][] {
    return Object.entries(this.#value).flatMap(([key, v]) => (key.startsWith(NAME_PREFIX) && typeof v === 'string' ? [[key.slice(NAME_PREFIX.length), v] as [string, string]] : []));
  }

  check(aad: string, found: DecodedJournal | undefined): void {
    const raw = this.#value[aad];
    const entry = isEntry(raw) ? raw : undefined;
    if (found === undefined) {
      if (entry !== undefined && entry[1] > 0) throw new JournalError(`is missing, but this data folder recorded it (${entry[1]} lines)`);
      return;
    }
    if (found.gen === 0) {
      if (!this.converting || entry !== undefined) {
        throw new JournalError('is in the format of an earlier version, but this data folder has been converted: an older copy was put back');
      }
      return;
    }
    if (entry === undefined || found.gen > entry[0]) return;
    const [gen, lines, tag] = entry;
    if (lines === 0) throw new JournalError('was deleted, and a copy was put back (or its deletion was interrupted)');
    if (found.gen < gen) throw new JournalError(`is an older copy: version ${found.gen}, where this data folder recorded version ${gen}`);
    if (found.lines < lines) throw new JournalError(`was cut: it has ${found.lines} lines, where this data folder recorded ${lines}`);
    if (found.tags[lines - 1] !== tag) throw new JournalError(`is another version than the one this data folder recorded (line ${lines} differs)`);
  }

  firstGen(aad: string): number {
    const entry = this.#value[aad];
    return isEntry(entry) ? entry[0] + 1 : 1;
  }

  record(aad: string, gen: number, lines: number, tag: string): void {
    this.#put(aad, [gen, lines, tag]);
    this.#flushSoon();
  }

  #flushSoon(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    setImmediate(() => {
      this.#flushQueued = false;
      try {
        this.flush();
      } catch {
        // Left dirty: written with the next flush. Until then the anchor is behind, which reads accept.
      }
    });
  }

  /**
   * Before a file is deleted (`gen`: its generation, if known), written at once: a crash between
   * this and the removal leaves a file that start-up refuses as put back, never a removed file
   * that the anchor still expects; a copy put back later is refused.
   */
  deleted(aad: string, gen: number): void {
    const entry = this.#value[aad];
    this.#put(aad, [Math.max(gen, isEntry(entry) ? entry[0] : 0), 0, '']);
    this.flush();
  }

  /** After a file of an earlier version was taken into another one and removed: nothing to record any more. */
  forget(aad: string): void {
    if (!Object.hasOwn(this.#value, aad)) return;
    this.flush();
    delete this.#value[aad];
    this.#entries -= 1;
    this.#commit({ d: [aad] });
  }

  /** Writes the records changed since the last write, as one line. */
  flush(): void {
    if (this.#dirty.size === 0) return;
    const fields = [...this.#dirty].map((aad) => `${JSON.stringify(aad)}:${JSON.stringify(this.#value[aad])}`);
    this.#commit({ json: `{"f":{${fields.join(',')}}}` });
    this.#dirty.clear();
  }

  /** Every file recorded as present (not deleted), by path, with its number of lines: without copying every record first. */
  present(): [string, number][] {
    const found: [string, number][] = [];
    for (const key in this.#value) {
      const entry = this.#value[key];
      if (isEntry(entry) && entry[1] > 0) found.push([key, entry[1]]);
    }
    return found;
  }

  /** Every file recorded, by path: [generation, lines (0: deleted), last tag]. */
  entries(): [string, [number, number, string]][] {
    return Object.entries(this.#value).filter((e): e is [string, Entry] => isEntry(e[1]));
  }

  /** Rewrites the anchor as one line (with every record) when it holds more or has records not yet written. */
  compact(): void {
    if (this.#journal.journaled || this.#dirty.size > 0) this.#journal.compact(this.#value);
    this.#dirty.clear();
  }

  /** Writes what is pending and closes the anchor file. */
  close(): void {
    try {
      this.compact();
    } finally {
      this.#journal.close();
    }
  }

  #put(key: string, value: Entry | string): void {
    if (!Object.hasOwn(this.#value, key)) this.#entries += 1;
    this.#value[key] = value;
    this.#dirty.add(key);
  }

  /**
   * One line per flush. The anchor is rewritten whole only after twice as many lines as it has
   * records, so the cost per change stays the same however many files the folder holds.
   */
  #commit(op: { json: string } | { d: string[] }): void {
    this.#journal.commit(this.#value, op, Math.max(4 * MAX_LINES, 2 * this.#entries));
  }
}
