/**
 * What an anchor file holds (anchor.ts): records of journals kept elsewhere, each [generation,
 * lines, tag of the last line], and how a journal as read is checked against its record. The
 * folder's root anchor holds the records of its shards, each shard those of the data files whose
 * paths fall in it; the rule is the same at both levels.
 */
import { describe } from './file/adapter.js';
import { Journal, JournalError, MAX_LINES, type DecodedJournal } from './journal.js';
import { isObject } from './shapes.js';
import { StoreError } from './store.js';

/** [generation, lines (0: deleted), tag of the last line]. */
export type Entry = [number, number, string];

export const isEntry = (v: unknown): v is Entry =>
  Array.isArray(v) && v.length === 3 && Number.isSafeInteger(v[0]) && Number.isSafeInteger(v[1]) && typeof v[2] === 'string';

/**
 * Throws {@link JournalError} when a journal as read (undefined: missing) is not what `record`
 * says of it. Accepted: at least the recorded lines of the recorded generation with the recorded
 * tag at that position, or a later generation (a record is written just after its journal, so a
 * crash in between leaves the journal ahead, never behind), or no record (a crash right after it
 * was created). A deleted journal keeps a record with no lines, so a copy put back is refused.
 * A journal of the format of earlier versions (generation 0) passes only while `converting`, and
 * only when it has no record.
 */
export function checkEntry(record: unknown, found: DecodedJournal | undefined, converting: boolean): void {
  const entry = isEntry(record) ? record : undefined;
  if (found === undefined) {
    if (entry !== undefined && entry[1] > 0) throw new JournalError(`is missing, but this data folder recorded it (${entry[1]} lines)`);
    return;
  }
  if (found.gen === 0) {
    if (!converting || entry !== undefined) {
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

/** The generation a journal created now starts at: above that of one deleted at its path. */
export function nextGen(record: unknown): number {
  return isEntry(record) ? record[0] + 1 : 1;
}

/**
 * One anchor file: its value (an object of records, and in the root a few settings) held in
 * memory, and its journal. Changed records are written together, as one line, by {@link flush}.
 */
export class RecordFile {
  readonly journal: Journal;
  readonly value: Record<string, unknown>;
  /** Lines after which the file is rewritten as one, given its number of keys. */
  readonly #maxLines: (keys: number) => number;
  #keys: number;
  /** Keys whose value changed since the file was last written. */
  readonly #dirty = new Set<string>();

  constructor(journal: Journal, value: Record<string, unknown>, maxLines: (keys: number) => number = growingLimit) {
    this.journal = journal;
    this.value = value;
    this.#maxLines = maxLines;
    this.#keys = Object.keys(value).length;
  }

  /**
   * The anchor file `file` as read by `journal` (none yet: empty), checked against its record;
   * refused, naming the file, when it does not read back or is not what was recorded.
   */
  static read(journal: Journal, file: string): RecordFile {
    let value: unknown;
    try {
      value = journal.read();
      if (value !== undefined && !isObject(value)) throw new JournalError('unexpected shape');
    } catch (err) {
      if (!(err instanceof JournalError)) throw new StoreError('IO', `Could not read anchor file ${file}: ${describe(err)}`, { path: file, cause: err });
      const why = `Anchor file ${file}, this data folder's record of its files, ${err.message}; it was left untouched.`;
      throw new StoreError('CORRUPT_FILE', `${why} Restore the data folder from a backup.`, { path: file, cause: err });
    }
    return new RecordFile(journal, value ?? {});
  }

  put(key: string, v: unknown): void {
    if (!Object.hasOwn(this.value, key)) this.#keys += 1;
    this.value[key] = v;
    this.#dirty.add(key);
  }

  /** Removes `key` now (what was changed before is written first). */
  remove(key: string): void {
    if (!Object.hasOwn(this.value, key)) return;
    this.flush();
    delete this.value[key];
    this.#keys -= 1;
    this.#commit({ json: `{"d":[${JSON.stringify(key)}]}` });
  }

  /** Writes the values changed since the last write, as one line. */
  flush(): void {
    if (this.#dirty.size === 0) return;
    this.#commit(fieldsLine([...this.#dirty].map((key) => [key, this.value[key]])));
    this.#dirty.clear();
  }

  /** Keys in the value: what decides when the file is rewritten. */
  get keys(): number {
    return this.#keys;
  }

  /** Lines after which the file is rewritten as one. */
  get maxLines(): number {
    return this.#maxLines(this.#keys);
  }

  /** Rewrites the file as one line when it holds more, has changes not yet written, or `always`. */
  compact(always = false): void {
    if (always) this.#keys = Object.keys(this.value).length;
    if (always || this.journal.journaled || this.#dirty.size > 0) this.journal.compact(this.value);
    this.#dirty.clear();
  }

  #commit(op: { json: string }): void {
    this.journal.commit(this.value, op, this.#maxLines(this.#keys));
  }
}

/** The change that sets `fields`, as the line a journal appends. */
export function fieldsLine(fields: readonly (readonly [string, unknown])[]): { json: string } {
  return { json: `{"f":{${fields.map(([key, v]) => `${JSON.stringify(key)}:${JSON.stringify(v)}`).join(',')}}}` };
}

/**
 * One line per flush; the file is rewritten whole only after twice as many lines as it has
 * records, so the cost per change stays the same however many it holds.
 */
function growingLimit(keys: number): number {
  return Math.max(4 * MAX_LINES, 2 * keys);
}
