/**
 * The file store's parsed documents: one lowdb document per data file, kept in memory (least
 * recently used dropped first), each used under its file's lock, and rewritten as one line in the
 * background once left alone (journal.ts: compaction).
 */
import path from 'node:path';
import type { Anchor } from '../anchor.js';
import type { DataCipher } from '../crypto.js';
import { KeptOpen, type JournalOptions } from '../journal.js';
import { KeyedMutex } from '../locks.js';
import { StoreError } from '../store.js';
import { describe, fileDoc, JournalAdapter, readError, writeDoc, type Change, type FileDoc } from './adapter.js';

/** Files rewritten per background round at most, one per event-loop turn, so no round stalls the server. */
const COMPACT_BATCH = 32;
/**
 * Data files kept open for appending at most: a turn appends to its case and user files, and opening
 * them for every line cost more than the write. Each is closed once left alone (or when more are open).
 * As many as files are cached by default: 64 were too few for 50 people in a case at once (two files
 * each), so every append opened and closed its file. Node raises the soft limit of open files to the
 * hard one at start; with the anchor's files this stays well under the usual 1,024.
 */
export const OPEN_FILES = 256;

/** Options for `LowdbStore.open` (store.ts). */
export interface LowdbStoreOptions {
  /**
   * How many parsed data files to keep in memory (least recently used are dropped). A dropped
   * file is simply read again on its next use. Default 256.
   */
  maxCachedFiles?: number;
  /** Encrypts every data file (AES-256-GCM). Without it files are plain JSON (tests, development). */
  cipher?: DataCipher;
  /**
   * A file that has not changed for this long is rewritten as one line (see journal.ts), in the
   * background, a few at a time. Default 5000 ms; 0 turns the background rewriting off
   * (`compactIdle()` still does it when called).
   */
  compactAfterMs?: number;
  /**
   * With a key: how long the anchor waits before it writes the records of the lines written meanwhile (anchor.ts,
   * default its `FLUSH_DELAY_MS`, one second). Closing the store and deleting a file write them at once.
   */
  anchorFlushMs?: number;
  /** Warnings (JSON-line events with file ids, never content): a skipped cut-off line, files converted. */
  log?: (event: string, fields: Record<string, unknown>) => void;
}

export interface DocCacheOptions {
  dir: string;
  cipher: DataCipher | undefined;
  /** The data folder's record of every file, once read (with a key). */
  anchor: () => Anchor | undefined;
  log: (event: string, fields: Record<string, unknown>) => void;
  maxCached: number;
  /** 0: no background compaction. */
  compactAfterMs: number;
}

export class DocCache {
  /** Every read and read-modify-write of a file runs under the file's path as key. */
  readonly locks = new KeyedMutex();
  readonly #o: DocCacheOptions;
  /** Parsed files by path, in least-recently-used order (a Map keeps insertion order). */
  readonly #docs = new Map<string, FileDoc<unknown>>();
  /** Files waiting to be rewritten as one line, with the holder to take the value from. */
  readonly #toCompact = new Map<string, FileDoc<unknown>>();
  /**
   * The holders whose file may be open for appending, by path, least recently written first. Every holder with
   * an open file is here: a file is opened only by a write, each successful write lands here, and a failed one
   * closes its file.
   */
  readonly #open = new KeptOpen<JournalAdapter<unknown>>(OPEN_FILES);
  #compacting: Promise<number> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: DocCacheOptions) {
    this.#o = options;
  }

  /** Starts the background compaction, if configured. */
  start(): void {
    if (this.#o.compactAfterMs <= 0) return;
    this.#timer = setInterval(() => {
      this.#closeIdle(this.#o.compactAfterMs);
      void this.compactIdle().catch(() => undefined);
    }, this.#o.compactAfterMs);
    this.#timer.unref();
  }

  /** How every data file's journal is opened: checked against the anchor, cut-off lines reported. */
  fileOptions(file: string): JournalOptions {
    return { anchor: this.#o.anchor(), onCutOff: this.cutOff(file), keepOpen: true };
  }

  /** What a journal calls when it skipped a cut-off last line: a warning naming the file, never its content. */
  cutOff(file: string): () => void {
    return () => this.#o.log('store.line_skipped', { file: path.relative(this.#o.dir, file), reason: 'cut-off last line' });
  }

  #adapter<T>(file: string, isValid: (value: unknown) => value is T): JournalAdapter<T> {
    return new JournalAdapter(file, isValid, this.#o.cipher, path.relative(this.#o.dir, file), this.fileOptions(file));
  }

  /**
   * The parsed file at `file`, from cache or disk; `data` is null when the file does not exist.
   * Must run under the file's lock. Failed reads are not cached, so a file that was restored by
   * hand is picked up on the next call.
   */
  async doc<T>(file: string, isValid: (value: unknown) => value is T): Promise<FileDoc<T>> {
    const cached = this.#docs.get(file);
    if (cached !== undefined) {
      // Re-insert to mark as most recently used.
      this.#docs.delete(file);
      this.#docs.set(file, cached);
      // The path decides the kind of file, and each kind always uses the same validator.
      return cached as unknown as FileDoc<T>;
    }
    const db = fileDoc(this.#adapter(file, isValid));
    try {
      await db.read();
    } catch (err) {
      throw readError(file, err);
    }
    this.#docs.set(file, db as unknown as FileDoc<unknown>);
    this.#evictOverflow();
    return db;
  }

  /** The cached document at `file`, if any (no read). */
  peek(file: string): FileDoc<unknown> | undefined {
    return this.#docs.get(file);
  }

  /**
   * Forgets the cached document at `file` (removed, or possibly out of step with the file), and closes the file
   * if it was kept open: a removed file's content must not stay on disk behind an open descriptor.
   */
  drop(file: string): void {
    this.#docs.delete(file);
    this.#open.close(file);
  }

  /** One file read as it is on disk, bypassing the cache (for one-off reads of many files). */
  async readUncached<T>(file: string, isValid: (value: unknown) => value is T): Promise<T | null> {
    try {
      return await this.#adapter(file, isValid).read();
    } catch (err) {
      throw readError(file, err);
    }
  }

  /** Writes `db.data` through lowdb as `change` (see adapter.ts); a failure drops the cached copy. */
  async write<T>(file: string, db: FileDoc<T>, change?: Change): Promise<void> {
    try {
      await writeDoc(db, change);
    } catch (err) {
      // The in-memory copy may now differ from the file; drop it so the next use re-reads.
      // (A journal whose write failed has closed its file already.)
      this.drop(file);
      throw new StoreError('IO', `Could not write data file ${file}: ${describe(err)}`, { path: file, cause: err });
    }
    this.#open.wrote(file, db.adapter as JournalAdapter<unknown>);
  }

  /** Closes the files not written for `idleMs`. */
  #closeIdle(idleMs: number): void {
    const now = performance.now();
    this.#open.closeIf((a) => now - a.changedAt >= idleMs);
  }

  /**
   * Rewrites cached files that hold a journal and have not changed for `idleMs` as a single line,
   * at most {@link COMPACT_BATCH} a call (see {@link #drain}). Resolves with how many were rewritten.
   */
  compactIdle(idleMs = this.#o.compactAfterMs): Promise<number> {
    const now = performance.now();
    let queued = 0;
    for (const [file, db] of this.#docs) {
      if (queued >= COMPACT_BATCH) break;
      if (db.adapter.journaled && now - db.adapter.changedAt >= idleMs && !this.#toCompact.has(file)) {
        this.#toCompact.set(file, db);
        queued += 1;
      }
    }
    return this.#drain();
  }

  /**
   * Rewrites the files queued for it, each under its file's lock and one per event-loop turn, so
   * a round never holds up the server for long. A file is rewritten from the holder it was queued
   * with only while the file on disk is still what that holder last saw (same inode, same size):
   * after a drop from the cache, another holder may have read and changed it since. A failure
   * leaves the file as it was (the journal reads back the same); a later round tries again.
   */
  #drain(): Promise<number> {
    this.#compacting ??= (async () => {
      let n = 0;
      while (this.#toCompact.size > 0 && !this.#closed) {
        await new Promise((resolve) => setImmediate(resolve));
        const next = this.#toCompact.entries().next().value;
        if (!next) break;
        const [file, db] = next;
        this.#toCompact.delete(file);
        await this.locks.run(file, async () => {
          const current = this.#docs.get(file);
          if (current !== undefined && current !== db) return;
          try {
            if (db.adapter.compactIfCurrent(db.data)) n += 1;
          } catch {
            // Left as it is.
          }
        });
      }
      return n;
    })().finally(() => {
      this.#compacting = undefined;
    });
    return this.#compacting;
  }

  #evictOverflow(): void {
    // Safe at any time: every user of a document holds the file's lock and its own reference,
    // and the next holder re-reads a file that was written before the lock was released.
    let queued = false;
    for (const [file, db] of this.#docs) {
      if (this.#docs.size <= this.#o.maxCached) break;
      this.#docs.delete(file);
      // Leave it as one line: the next read of it (perhaps at the next start) replays nothing.
      if (db.adapter.journaled) {
        this.#toCompact.set(file, db);
        queued = true;
      }
    }
    if (queued) void this.#drain();
  }

  /** Waits for running work, then leaves every file this store wrote as a single line. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#compacting;
    await this.locks.idle();
    for (const db of [...this.#toCompact.values(), ...this.#docs.values()]) {
      try {
        db.adapter.compactIfCurrent(db.data);
      } catch {
        // Not fatal: the journal as it is reads back the same.
      }
    }
    this.#open.closeAll();
    this.#toCompact.clear();
    this.#docs.clear();
  }
}
