/**
 * The file store's one lowdb adapter: a data file read and written as a journal (journal.ts).
 * Every document is a lowdb `Low<T | null>` over a {@link JournalAdapter}; all changes go through
 * `Low.write()` (or `Low.update()`). A whole-document adapter would have to rewrite the file at
 * every change, so the adapter also takes the change itself: the store names it with
 * {@link JournalAdapter.next} just before the write (a case's new log entries, the meta, an outbox
 * item queued or acknowledged), and `write(data)` appends that change as one line. A write without
 * a named change appends the whole value as a line. Rewriting a file as one line (compaction) is
 * the adapter's own upkeep, not a change of the document.
 */
import { Low, type Adapter } from 'lowdb';
import type { DataCipher } from '../crypto.js';
import { Journal, JournalError, type JournalOp, type JournalOptions } from '../journal.js';
import { isObject } from '../shapes.js';
import { StoreError, type DamageReason } from '../store.js';

/** A change for the next write: a journal op, its JSON made beforehand, or 'compact' (rewrite as one line). */
export type Change = JournalOp | { json: string } | 'compact';

/** Thrown by the parser; turned into `CORRUPT_FILE` with the file's path. */
export class CorruptContent extends Error {}

/**
 * Unlike lowdb's `JSONFile`, reading also checks the shape: `JSONFile` reads a file holding `null`
 * (or any falsy JSON) the same as a missing file, and lowdb's `read()` then keeps the default, so
 * such a file would later be overwritten. Here a missing file reads as `null` and anything
 * unexpected throws, so a corrupt file is never written to.
 */
export class JournalAdapter<T> implements Adapter<T | null> {
  readonly #isValid: (value: unknown) => value is T;
  readonly #journal: Journal;
  #next: Change | undefined;

  constructor(file: string, isValid: (value: unknown) => value is T, cipher: DataCipher | undefined, aad: string, options: JournalOptions) {
    this.#isValid = isValid;
    this.#journal = new Journal(file, cipher, aad, options);
  }

  /**
   * Synchronous inside, like the writes: a data file is a few kilobytes, usually in the page cache,
   * and a file that does not exist yet (a new user, case or outbox item) is answered at once, where
   * the asynchronous call took a thread-pool round trip of a few hundred microseconds.
   */
  async read(): Promise<T | null> {
    let value: unknown;
    try {
      value = this.#journal.read();
    } catch (err) {
      if (err instanceof JournalError) throw new CorruptContent(err.message, { cause: err });
      throw err;
    }
    if (value === undefined) return null;
    if (!this.#isValid(value)) throw new CorruptContent('unexpected shape');
    return value;
  }

  /** Names the change the next {@link write} records; without one, it records the whole value. */
  next(change: Change | undefined): void {
    this.#next = change;
  }

  async write(data: T | null): Promise<void> {
    const change = this.#next;
    this.#next = undefined;
    if (change === 'compact') this.compact(data);
    else this.#journal.commit(data, change ?? { s: data });
  }

  /** Rewrites the file as one line when it holds more. */
  compact(data: T | null): void {
    if (this.#journal.journaled) this.#journal.compact(data);
  }

  /** Like `compact`, but only while the file on disk is as this holder last saw it; true when rewritten. */
  compactIfCurrent(data: T | null): boolean {
    if (!this.#journal.journaled || !this.#journal.current()) return false;
    this.#journal.compact(data);
    return true;
  }

  /** Closes the file if it is kept open for appending (the next append opens it again). */
  close(): void {
    this.#journal.close();
  }

  /** Whether the file holds more than one line (what `compact` would change). */
  get journaled(): boolean {
    return this.#journal.journaled;
  }

  /** When this holder last changed the file (performance.now()). */
  get changedAt(): number {
    return this.#journal.changedAt;
  }

  /** The file's generation as this holder knows it. */
  get gen(): number {
    return this.#journal.gen;
  }
}

/** A parsed data file as the store caches it; for a user file, also the JSON of its state once known. */
export type FileDoc<T> = Low<T | null> & { adapter: JournalAdapter<T>; json?: string };

/** A lowdb document over a journal adapter, not read yet. */
export function fileDoc<T>(adapter: JournalAdapter<T>): FileDoc<T> {
  return new Low<T | null>(adapter, null) as FileDoc<T>;
}

/**
 * Writes `db.data` through lowdb, as `change` when given (see {@link JournalAdapter.next}). On a
 * failure the caller must drop its cached copy, which may now differ from the file.
 */
export async function writeDoc<T>(db: FileDoc<T>, change?: Change): Promise<void> {
  if (change !== undefined) db.adapter.next(change);
  try {
    // lowdb skips a write of a null document; none of the store's writes have one.
    await db.write();
  } finally {
    db.adapter.next(undefined);
  }
}

export function readError(file: string, err: unknown): StoreError {
  // Already names its file (an anchor shard the read was checked against).
  if (err instanceof StoreError) return err;
  if (err instanceof CorruptContent) {
    return new StoreError(
      'CORRUPT_FILE',
      `Data file ${file} is corrupt or unreadable (${err.message}); it was left untouched. ` + 'Restore it from a backup or move it aside.',
      { path: file, cause: err },
    );
  }
  return new StoreError('IO', `Could not read data file ${file}: ${describe(err)}; it was left untouched.`, { path: file, cause: err });
}

/** A journal read failure as the store reports it. */
export function journalReadError(file: string, err: unknown): StoreError {
  return readError(file, err instanceof JournalError ? new CorruptContent(err.message, { cause: err }) : err);
}

/** What kind of damage a `CORRUPT_FILE` error reports (the journal's finding, else `damaged`: an unexpected shape). */
export function damageOf(err: StoreError): DamageReason {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (e instanceof JournalError) return e.reason;
  return 'damaged';
}

export function errorCode(err: unknown): string | undefined {
  return isObject(err) && typeof err.code === 'string' ? err.code : undefined;
}

export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
