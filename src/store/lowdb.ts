import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import type { CaseMeta, CaseRecord, Deadline, DeadlineKind, LogEntry } from '../domain/case.js';
import type { Logger } from '../log.js';
import type { DataCipher } from './crypto.js';
import { Anchor, ANCHOR_FILE, isAnchorValue, type AnchorValue } from './anchor.js';
import { Journal, JournalError, type JournalOp, type JournalOptions } from './journal.js';
import { Namer } from './names.js';
import { KeyedMutex } from './locks.js';
import { isCaseFileFor, isDeadlineFor, isDocFile, isObject, isOutboxItemFor, isUserFile, jsonCopyPatch, type DocFile, type UserFile } from './shapes.js';
import {
  assertValidId,
  byDue,
  isPending,
  byCreatedThenId,
  closedError,
  jsonCopy,
  jsonText,
  matchesFilter,
  mergeMeta,
  newTurnEntries,
  redactEntries,
  StoreError,
  type CaseFilter,
  type OutboxItem,
  type SaveOptions,
  type Store,
} from './store.js';

/** Directories hold pseudonymous but sensitive case data: owner only. */
const DIR_MODE = 0o700;
/** A case or outbox file name; steno's `.<name>.tmp` files and strays don't match. */
const DATA_FILE_NAME = /^([A-Za-z0-9_-]{1,64})\.json$/;

/** Options for {@link LowdbStore.open}. */
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
  /** Warnings (JSON-line events with file ids, never content): a skipped cut-off line, files converted. */
  log?: Logger;
}

/** Files rewritten per background round at most, one per event-loop turn, so no round stalls the server. */
const COMPACT_BATCH = 32;

/** The outbox queue: every pending item by id, in one journal. */
export const QUEUE_FILE = 'outbox.json';
type OutboxQueue = Record<string, OutboxItem>;
const isOutboxQueue = (v: unknown): v is OutboxQueue => isObject(v) && Object.entries(v).every(([id, item]) => isOutboxItemFor(id)(item));

/** Where each case's deadlines are kept. */
export const DEADLINE_SETS_DIR = 'case-deadlines';
/** Every deadline of one case, by id. */
interface DeadlineSet {
  caseId: string;
  deadlines: Record<string, Deadline>;
}
const isDeadlineSet = (v: unknown): v is DeadlineSet =>
  isObject(v) &&
  typeof v.caseId === 'string' &&
  isObject(v.deadlines) &&
  Object.entries(v.deadlines).every(([id, d]) => isDeadlineFor(id)(d) && d.caseId === v.caseId);
/** Pending deadlines, and the case of every deadline id ever added. */
interface DeadlineIndex {
  pending: Map<string, Deadline>;
  home: Map<string, string>;
}

/** The key check, which with a key is also the folder's record of every file (anchor.ts). */
const KEYCHECK_FILE = ANCHOR_FILE;

/** Thrown by the parser; turned into `CORRUPT_FILE` with the file's path. */
class CorruptContent extends Error {}

/**
 * lowdb's adapter for one data file, written as a journal (see journal.ts): `Low.write()` appends
 * the new value as one line, and {@link commit} appends just a change (a case's new log entries).
 * Unlike lowdb's `JSONFile`, reading also checks the shape: `JSONFile` reads a file holding `null`
 * (or any falsy JSON) the same as a missing file, and lowdb's `read()` then keeps the default, so
 * such a file would later be overwritten. Here a missing file reads as `null` and anything
 * unexpected throws, so a corrupt file is never written to.
 */
class CheckedJSONFile<T> implements Adapter<T | null> {
  readonly #isValid: (value: unknown) => value is T;
  readonly #journal: Journal;

  constructor(file: string, isValid: (value: unknown) => value is T, cipher: DataCipher | undefined, aad: string, options: JournalOptions) {
    this.#isValid = isValid;
    this.#journal = new Journal(file, cipher, aad, options);
  }

  /**
   * Synchronous, like the writes: a data file is a few kilobytes, usually in the page cache, and
   * a file that does not exist yet (a new user, case or outbox item) is answered at once, where
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

  async write(data: T | null): Promise<void> {
    this.commit(data, { s: data });
  }

  /** Records `op` (or its JSON), after which the file's value is `data`. */
  commit(data: T | null, op: JournalOp | { json: string }): void {
    this.#journal.commit(data, op);
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
type FileDoc<T> = Low<T | null> & { adapter: CheckedJSONFile<T>; json?: string };

/**
 * The file-backed {@link Store}: one small file per user, case, deadline and named document, and
 * one for the outbox, each read and written through its own lowdb instance as a journal
 * (journal.ts), so a change costs the same however many cases exist and however long a case's log.
 *
 * Layout under the data directory:
 * - `users/<name of userKey, 64 hex>.json`: `{ state }` (a keyed pseudonym, names.ts: the file name does not reveal the platform id)
 * - `cases/<caseId>.json`: `{ meta, log }`
 * - `case-deadlines/<name of caseId, 40 hex>.json`: `{ caseId, deadlines }`, every deadline of a case
 *   (earlier versions kept `deadlines/<id>.json`; they join it on first use)
 * - `docs/<name>.json`: `{ value }`
 * - `outbox.json`: the outbox, every pending {@link OutboxItem} by id (earlier versions kept
 *   `outbox/<id>.json` files; they join it on first use)
 *
 * Single process, single writer: lowdb has no cross-process locking, and parsed files are cached,
 * so files must not be edited while the store is open.
 */
export class LowdbStore implements Store {
  readonly names: Namer;
  readonly #dir: string;
  readonly #usersDir: string;
  readonly #casesDir: string;
  /** Outbox items of earlier versions, one file each (if the folder exists); merged into the queue on first use. */
  readonly #outboxDir: string;
  readonly #queuePath: string;
  #queueMerged = false;
  readonly #docsDir: string;
  readonly #cipher: DataCipher | undefined;
  /** With a key: the folder's record of every file, read at start-up (anchor.ts). */
  #anchor: Anchor | undefined;
  readonly #log: Logger;
  /** Deadlines of earlier versions, one file each; they join their case's file on first use. */
  readonly #deadlinesDir: string;
  readonly #deadlineSetsDir: string;
  /** Pending deadlines, loaded once and kept up to date by this store's own writes. */
  #deadlineLoad: Promise<DeadlineIndex> | undefined;
  readonly #maxCached: number;
  /** Every read and read-modify-write of a file runs under the file's path as key. */
  readonly #locks = new KeyedMutex();
  /** Parsed files by path, in least-recently-used order (a Map keeps insertion order). */
  readonly #docs = new Map<string, FileDoc<unknown>>();
  /**
   * Metas of all cases, loaded on the first `listCases` and then kept current by
   * `createCase`/`updateCaseMeta`, so listing does not re-read every case file.
   */
  #metaLoad: Promise<Map<string, CaseMeta>> | undefined;
  #closed = false;
  readonly #compactAfterMs: number;
  #compactTimer: NodeJS.Timeout | undefined;
  /** Files waiting to be rewritten as one line, with the holder to take the value from. */
  readonly #toCompact = new Map<string, FileDoc<unknown>>();
  #compacting: Promise<number> | undefined;

  private constructor(dir: string, options: LowdbStoreOptions) {
    this.#dir = dir;
    this.#usersDir = path.join(dir, 'users');
    this.#casesDir = path.join(dir, 'cases');
    this.#outboxDir = path.join(dir, 'outbox');
    this.#queuePath = path.join(dir, QUEUE_FILE);
    this.#docsDir = path.join(dir, 'docs');
    this.#deadlinesDir = path.join(dir, 'deadlines');
    this.#deadlineSetsDir = path.join(dir, DEADLINE_SETS_DIR);
    this.#maxCached = Math.max(1, options.maxCachedFiles ?? 256);
    this.#cipher = options.cipher;
    this.names = Namer.of(options.cipher);
    this.#compactAfterMs = Math.max(0, options.compactAfterMs ?? 5000);
    this.#log = options.log ?? (() => undefined);
  }

  /**
   * Opens (creating if needed) the store in `dataDir`. Directories are created with mode 0700;
   * the store's own subdirectories are also set to 0700 if they already existed.
   */
  static async open(dataDir: string, options: LowdbStoreOptions = {}): Promise<LowdbStore> {
    const store = new LowdbStore(path.resolve(dataDir), options);
    try {
      await mkdir(store.#dir, { recursive: true, mode: DIR_MODE });
      // Not outbox/ and deadlines/: only data of earlier versions lives there, read if present.
      for (const sub of [store.#usersDir, store.#casesDir, store.#docsDir, store.#deadlineSetsDir]) {
        await mkdir(sub, { recursive: true, mode: DIR_MODE });
        // mkdir's mode does not apply to a directory that already exists.
        await chmod(sub, DIR_MODE);
      }
    } catch (err) {
      throw new StoreError('IO', `Could not prepare data directory ${store.#dir}: ${describe(err)}`, {
        path: store.#dir,
        cause: err,
      });
    }
    await store.#checkKey();
    if (store.#anchor?.converting) await store.#convert();
    const anchor = store.#anchor;
    if (anchor) {
      if (!anchor.keyedNames) await store.#rename(anchor);
      store.names.listen((name, unkeyed) => {
        if (!store.#closed) anchor.named(name, unkeyed);
      });
    }
    if (store.#compactAfterMs > 0) {
      store.#compactTimer = setInterval(() => void store.compactIdle().catch(() => undefined), store.#compactAfterMs);
      store.#compactTimer.unref();
    }
    return store;
  }

  /**
   * Rewrites cached files that hold a journal and have not changed for `idleMs` (default: the
   * store's `compactAfterMs`) as a single line, at most {@link COMPACT_BATCH} a call (see
   * {@link #drainCompactions}). Resolves with how many files were rewritten.
   */
  async compactIdle(idleMs = this.#compactAfterMs): Promise<number> {
    const now = performance.now();
    let queued = 0;
    for (const [file, db] of this.#docs) {
      if (queued >= COMPACT_BATCH) break;
      if (db.adapter.journaled && now - db.adapter.changedAt >= idleMs && !this.#toCompact.has(file)) {
        this.#toCompact.set(file, db);
        queued += 1;
      }
    }
    return this.#drainCompactions();
  }

  /**
   * Rewrites the files queued for it, each under its file's lock and one per event-loop turn, so
   * a round never holds up the server for long. A file is rewritten from the holder it was queued
   * with only while the file on disk is still what that holder last saw (same inode, same size):
   * after a drop from the cache, another holder may have read and changed it since. A failure
   * leaves the file as it was (the journal reads back the same); a later round tries again.
   */
  #drainCompactions(): Promise<number> {
    this.#compacting ??= (async () => {
      let n = 0;
      while (this.#toCompact.size > 0 && !this.#closed) {
        await new Promise((resolve) => setImmediate(resolve));
        const next = this.#toCompact.entries().next().value;
        if (!next) break;
        const [file, db] = next;
        this.#toCompact.delete(file);
        await this.#locks.run(file, async () => {
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

  /**
   * With a key: the key-check file must decrypt (a wrong key stops here, before anything is
   * written); it is created for a new data folder, never for one that holds data. It is also the
   * anchor. Without a key, an existing key-check file means the data are encrypted and cannot be read.
   */
  async #checkKey(): Promise<void> {
    const file = path.join(this.#dir, KEYCHECK_FILE);
    const journal = Anchor.journal(this.#dir, this.#cipher, this.#cutOff(file));
    let value: AnchorValue | undefined;
    try {
      const read = journal.read();
      if (read !== undefined && !isAnchorValue(read)) throw new JournalError('not a key check');
      value = read;
    } catch (err) {
      if (!(err instanceof JournalError)) throw readError(file, err);
      throw new StoreError(
        'CORRUPT_FILE',
        this.#cipher
          ? `The data in ${this.#dir} were encrypted with another key than the one configured (DATA_ENCRYPTION_KEY / DATA_KEY_FILE), or ${file} is damaged (${err.message}). Nothing was changed. Configure the right key.`
          : `The data in ${this.#dir} are encrypted, but no key is configured (DATA_ENCRYPTION_KEY / DATA_KEY_FILE). Nothing was changed.`,
        { path: file, cause: err },
      );
    }
    if (!this.#cipher) return;
    if (value !== undefined) {
      this.#anchor = Anchor.opened(journal, value);
      return;
    }
    // A key check made now for existing data would vouch for a key they were never written with.
    if (await dataFolderHoldsData(this.#dir)) {
      throw new StoreError(
        'CORRUPT_FILE',
        `The key check ${file} is missing, but ${this.#dir} holds data. Nothing was created or changed. ` +
          'Put keycheck.json back from a backup; if these data were written without a key (plain files), encrypt them with `npm run rotate-key` first.',
        { path: file },
      );
    }
    try {
      this.#anchor = Anchor.create(journal);
    } catch (err) {
      throw new StoreError('IO', `Could not write the key check ${file}: ${describe(err)}`, { path: file, cause: err });
    }
  }

  /**
   * Converts a data folder written by an earlier version (lines not chained, no record of the
   * files) at start-up: every file is read first, and only when all read back is each rewritten
   * as one chained line and recorded. Interrupted, it simply continues at the next start.
   */
  async #convert(): Promise<void> {
    const anchor = this.#anchor;
    if (!anchor) return;
    const files: string[] = [];
    if (existsSync(this.#queuePath)) files.push(this.#queuePath);
    for (const dir of DATA_DIRS) {
      const full = path.join(this.#dir, dir);
      for (const id of await this.#listIds(full, true)) files.push(path.join(full, `${id}.json`));
    }
    const open = (file: string) => new Journal(file, this.#cipher, path.relative(this.#dir, file), { anchor, onCutOff: this.#cutOff(file) });
    for (const file of files) {
      try {
        open(file).read();
      } catch (err) {
        throw readError(file, err instanceof JournalError ? new CorruptContent(err.message, { cause: err }) : err);
      }
    }
    let converted = 0;
    try {
      anchor.compact();
      for (const file of files) {
        const journal = open(file);
        const value = journal.read();
        if (value !== undefined && journal.gen === 0) {
          journal.compact(value);
          converted += 1;
        }
      }
      anchor.finishConverting();
    } catch (err) {
      throw new StoreError('IO', `Could not convert the data files in ${this.#dir} to the current format: ${describe(err)}; start again to continue.`, { path: this.#dir, cause: err });
    }
    this.#log('store.converted', { files: converted });
  }

  /**
   * Renames the files of a folder that carry unkeyed names (earlier versions) to their keyed names
   * (names.ts), at start-up: every file is read first, then each is written under its new name
   * (encrypted for that path) and recorded, and only then is the old one forgotten and removed.
   * Interrupted, it continues at the next start (a file found under both names is written again).
   */
  async #rename(anchor: Anchor): Promise<void> {
    const files = await namedFiles(this.#dir);
    const open = (rel: string) => new Journal(path.join(this.#dir, rel), this.#cipher, rel, { anchor, onCutOff: this.#cutOff(path.join(this.#dir, rel)) });
    for (const f of files) {
      try {
        open(f.rel).read();
      } catch (err) {
        throw readError(path.join(this.#dir, f.rel), err instanceof JournalError ? new CorruptContent(err.message, { cause: err }) : err);
      }
    }
    try {
      for (const f of files) {
        const value = open(f.rel).read();
        const name = this.names.fromUnkeyed(f.name);
        const rel = namedPath(f, name);
        if (value !== undefined) open(rel).compact(value);
        anchor.named(name, f.name);
        anchor.forget(f.rel);
        await unlink(path.join(this.#dir, f.rel));
      }
      anchor.finishNaming();
    } catch (err) {
      throw new StoreError('IO', `Could not rename the data files in ${this.#dir} to keyed names: ${describe(err)}; start again to continue.`, { path: this.#dir, cause: err });
    }
    this.#log('store.renamed', { files: files.length });
  }

  /** What a journal calls when it skipped a cut-off last line: a warning naming the file, never its content. */
  #cutOff(file: string): () => void {
    return () => this.#log('store.line_skipped', { file: path.relative(this.#dir, file), reason: 'cut-off last line' });
  }

  /** How every data file's journal is opened: checked against the anchor, cut-off lines reported. */
  #fileOptions(file: string): JournalOptions {
    return { anchor: this.#anchor, onCutOff: this.#cutOff(file) };
  }

  /**
   * Reads every case, outbox and deadline file once, so a damaged or undecryptable file stops
   * start-up with a clear message (and is never overwritten) instead of failing later; with a
   * key, also every file the anchor records must be there.
   */
  async verify(): Promise<void> {
    await this.listCases();
    await this.pending();
    await this.pendingDeadlines();
    // A removed file is not listed, so it would not be missed: compare with what the anchor recorded.
    for (const [rel, [, lines]] of this.#anchor?.entries() ?? []) {
      const file = path.join(this.#dir, rel);
      if (lines > 0 && !existsSync(file)) {
        throw new StoreError('CORRUPT_FILE', `Data file ${file} is missing, but this data folder recorded it (${lines} lines). Restore it from a backup.`, { path: file });
      }
    }
  }

  // ---- users ----

  // A user's state is read and replaced every turn: its JSON, made once when it is saved, serves
  // as the copy handed out (parsed again) and as the journal line, instead of a copy each way.

  async loadUser<T>(userKey: string): Promise<T | undefined> {
    this.#assertOpen();
    const file = this.#userPath(userKey);
    return this.#locks.run(file, async () => {
      const db = await this.#doc(file, isUserFile);
      if (db.data === null) return undefined;
      db.json ??= JSON.stringify(db.data.state);
      return JSON.parse(db.json) as T;
    });
  }

  async saveUser<T>(userKey: string, state: T, options: SaveOptions = {}): Promise<void> {
    this.#assertOpen();
    const file = this.#userPath(userKey);
    const json = jsonText(state);
    const next: UserFile = { state: JSON.parse(json) };
    return this.#locks.run(file, async () => {
      // Read even though the content is replaced: a corrupt file must not be overwritten.
      const db = await this.#doc(file, isUserFile);
      db.data = next;
      db.json = undefined;
      await this.#write(file, db, { json: `{"s":{"state":${json}}}` });
      // The journal's earlier lines still hold what was taken out: rewrite the file as this state alone.
      if (options.erase) await this.#write(file, db, 'compact');
      db.json = json;
    });
  }

  // ---- cases ----

  async createCase(meta: CaseMeta, firstEntries: LogEntry[] = []): Promise<void> {
    this.#assertOpen();
    assertValidId(meta.id, 'case');
    const file = this.#casePath(meta.id);
    const record: CaseRecord = jsonCopy({ meta, log: firstEntries });
    return this.#locks.run(file, async () => {
      const db = await this.#doc(file, isCaseFileFor(meta.id));
      if (db.data !== null) {
        throw new StoreError('ALREADY_EXISTS', `Case ${meta.id} already exists (${file}).`, { path: file });
      }
      db.data = record;
      await this.#write(file, db);
      await this.#rememberMeta(record.meta);
    });
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    this.#assertOpen();
    assertValidId(caseId, 'case');
    const file = this.#casePath(caseId);
    return this.#locks.run(file, async () => {
      const db = await this.#doc(file, isCaseFileFor(caseId));
      return db.data === null ? undefined : jsonCopy(db.data);
    });
  }

  async appendLog(caseId: string, entries: LogEntry[]): Promise<void> {
    this.#assertOpen();
    assertValidId(caseId, 'case');
    const file = this.#casePath(caseId);
    const added = jsonCopy(entries);
    return this.#locks.run(file, async () => {
      const record = await this.#existingCase(file, caseId);
      const fresh = newTurnEntries(record.data.log, added);
      if (fresh.length === 0) return;
      record.data.log.push(...fresh);
      await this.#write(file, record, { a: { log: fresh } });
    });
  }

  async redactLog(caseId: string, match: (entry: LogEntry, index: number) => boolean, replace: (entry: LogEntry) => LogEntry, redaction: LogEntry): Promise<number> {
    this.#assertOpen();
    assertValidId(caseId, 'case');
    const file = this.#casePath(caseId);
    const added = jsonCopy(redaction);
    return this.#locks.run(file, async () => {
      const record = await this.#existingCase(file, caseId);
      const { log, count } = redactEntries(record.data.log, match, replace);
      if (count === 0) return 0;
      record.data = { meta: record.data.meta, log: [...log, added] };
      await this.#write(file, record, { s: record.data });
      // The journal's earlier lines still hold the removed text: rewrite the file as its value alone,
      // through the journal (temp file renamed over it), so the chain and the anchor's record stay valid.
      await this.#write(file, record, 'compact');
      return count;
    });
  }

  async updateCaseMeta(caseId: string, patch: Partial<CaseMeta>): Promise<CaseMeta> {
    this.#assertOpen();
    assertValidId(caseId, 'case');
    const file = this.#casePath(caseId);
    const patchCopy = jsonCopyPatch(patch);
    return this.#locks.run(file, async () => {
      const record = await this.#existingCase(file, caseId);
      const meta = mergeMeta(record.data.meta, patchCopy);
      record.data.meta = meta;
      await this.#write(file, record, { f: { meta } });
      await this.#rememberMeta(meta);
      return jsonCopy(meta);
    });
  }

  async modifyCaseMeta(caseId: string, decide: (meta: CaseMeta) => Partial<CaseMeta> | undefined): Promise<{ meta: CaseMeta; changed: boolean }> {
    this.#assertOpen();
    assertValidId(caseId, 'case');
    const file = this.#casePath(caseId);
    return this.#locks.run(file, async () => {
      const record = await this.#existingCase(file, caseId);
      const patch = decide(jsonCopy(record.data.meta));
      if (patch === undefined) return { meta: jsonCopy(record.data.meta), changed: false };
      const meta = mergeMeta(record.data.meta, jsonCopyPatch(patch));
      record.data.meta = meta;
      await this.#write(file, record, { f: { meta } });
      await this.#rememberMeta(meta);
      return { meta: jsonCopy(meta), changed: true };
    });
  }

  async deleteCase(caseId: string): Promise<void> {
    this.#assertOpen();
    assertValidId(caseId, 'case');
    const file = this.#casePath(caseId);
    return this.#locks.run(file, async () => {
      await this.#remove(file, 'case');
      const load = this.#metaLoad;
      if (load) (await load.catch(() => undefined))?.delete(caseId);
    });
  }

  /** Removes a data file for good; must run under the file's lock. */
  async #remove(file: string, what: 'case' | 'document'): Promise<void> {
    const gen = this.#docs.get(file)?.adapter.gen ?? 0;
    this.#docs.delete(file);
    try {
      // Recorded first: a crash in between leaves a file that start-up refuses, never a deleted file quietly back.
      this.#anchor?.deleted(path.relative(this.#dir, file), gen);
      await unlink(file);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') {
        throw new StoreError('IO', `Could not remove ${what} file ${file}: ${describe(err)}`, { path: file, cause: err });
      }
    }
  }

  // ---- deadlines ----
  // One file per case (case-deadlines/<hash of the case id>.json) with every deadline ever added
  // for it: fired and cancelled ones stay, as an id is used only once. A case's first deadline
  // creates the file and the others are a line each, where a file per deadline cost a file
  // created each time. Pending deadlines and where every id lives are kept in memory.

  async addDeadline(d: Deadline): Promise<boolean> {
    this.#assertOpen();
    assertValidId(d.id, 'deadline');
    const { pending, home } = await this.#deadlineIndex();
    if (home.has(d.id)) return false;
    // Taken before any await, so a second call with this id (for whatever case) sees it at once.
    home.set(d.id, d.caseId);
    const copy = jsonCopy(d);
    try {
      await this.#changeDeadlineSet(d.caseId, (deadlines) => {
        deadlines[copy.id] = copy;
      });
    } catch (err) {
      home.delete(d.id);
      throw err;
    }
    pending.set(d.id, jsonCopy(copy));
    return true;
  }

  async pendingDeadlines(): Promise<Deadline[]> {
    this.#assertOpen();
    return [...(await this.#deadlineIndex()).pending.values()].filter(isPending).sort(byDue).map((d) => jsonCopy(d));
  }

  async fireDeadline(id: string, at: string): Promise<boolean> {
    this.#assertOpen();
    assertValidId(id, 'deadline');
    return this.#setDeadline(id, (d) => (isPending(d) ? { ...d, firedAt: at } : undefined));
  }

  async cancelDeadlines(caseId: string, kinds: readonly DeadlineKind[] | undefined, at: string): Promise<number> {
    this.#assertOpen();
    const targets = [...(await this.#deadlineIndex()).pending.values()].filter((d) => d.caseId === caseId && (!kinds || kinds.includes(d.kind)));
    let n = 0;
    for (const d of targets) if (await this.#setDeadline(d.id, (cur) => (isPending(cur) ? { ...cur, cancelledAt: at } : undefined))) n += 1;
    return n;
  }

  /** Compare-and-set on one deadline, under its case file's lock. */
  async #setDeadline(id: string, change: (d: Deadline) => Deadline | undefined): Promise<boolean> {
    const { pending, home } = await this.#deadlineIndex();
    const caseId = home.get(id);
    if (caseId === undefined) return false;
    let next: Deadline | undefined;
    await this.#changeDeadlineSet(caseId, (deadlines) => {
      const current = deadlines[id];
      next = current && change(current);
      if (next === undefined) return false;
      deadlines[id] = next;
    });
    if (next === undefined) return false;
    if (isPending(next)) pending.set(id, jsonCopy(next));
    else pending.delete(id);
    return true;
  }

  /** Changes one case's deadlines under its file's lock; `change` returning false writes nothing. */
  async #changeDeadlineSet(caseId: string, change: (deadlines: Record<string, Deadline>) => boolean | void): Promise<void> {
    const file = this.#deadlineSetPath(caseId);
    await this.#locks.run(file, async () => {
      const db = await this.#doc(file, isDeadlineSet);
      const deadlines = { ...db.data?.deadlines };
      if (change(deadlines) === false) return;
      db.data = { caseId, deadlines };
      await this.#write(file, db);
    });
  }

  #deadlineSetPath(caseId: string): string {
    return path.join(this.#deadlineSetsDir, `${this.names.name(caseId, 40)}.json`);
  }

  /**
   * Reads every case's deadlines once. Deadline files of earlier versions (deadlines/<id>.json,
   * one deadline each) join their case's file first and are removed then; an interruption in
   * between only means they join again (the case file's copy wins).
   */
  #deadlineIndex(): Promise<DeadlineIndex> {
    this.#deadlineLoad ??= (async () => {
      const index: DeadlineIndex = { pending: new Map(), home: new Map() };
      const note = (d: Deadline) => {
        index.home.set(d.id, d.caseId);
        if (isPending(d)) index.pending.set(d.id, jsonCopy(d));
      };
      for (const name of await this.#listIds(this.#deadlineSetsDir)) {
        const file = path.join(this.#deadlineSetsDir, `${name}.json`);
        const set = await this.#readUncached(file, isDeadlineSet);
        if (set === null) continue;
        if (this.#deadlineSetPath(set.caseId) !== file) {
          throw new StoreError('CORRUPT_FILE', `Data file ${file} is corrupt or unreadable (it belongs to another case); it was left untouched. Restore it from a backup or move it aside.`, { path: file });
        }
        for (const d of Object.values(set.deadlines)) note(d);
      }
      const legacy: string[] = [];
      for (const id of await this.#listIds(this.#deadlinesDir, true)) {
        const file = path.join(this.#deadlinesDir, `${id}.json`);
        const d = await this.#readUncached(file, isDeadlineFor(id));
        if (d !== null && !index.home.has(d.id)) {
          await this.#changeDeadlineSet(d.caseId, (deadlines) => {
            deadlines[d.id] = d;
          });
          note(d);
        }
        legacy.push(file);
      }
      await removeTakenIn(legacy, this.#deadlinesDir, (file) => this.#anchor?.forget(path.relative(this.#dir, file)));
      return index;
    })().catch((err: unknown) => {
      this.#deadlineLoad = undefined;
      throw err;
    });
    return this.#deadlineLoad;
  }

  /** One file read as it is on disk, bypassing the cache (for one-off reads of many files). */
  async #readUncached<T>(file: string, isValid: (value: unknown) => value is T): Promise<T | null> {
    try {
      return await new CheckedJSONFile(file, isValid, this.#cipher, path.relative(this.#dir, file), this.#fileOptions(file)).read();
    } catch (err) {
      throw readError(file, err);
    }
  }

  // ---- named documents ----

  async getDoc<T>(name: string): Promise<T | undefined> {
    this.#assertOpen();
    assertValidId(name, 'document');
    const file = path.join(this.#docsDir, `${name}.json`);
    return this.#locks.run(file, async () => {
      const db = await this.#doc(file, isDocFile);
      return db.data === null ? undefined : (jsonCopy(db.data.value) as T);
    });
  }

  async putDoc<T>(name: string, value: T): Promise<void> {
    this.#assertOpen();
    assertValidId(name, 'document');
    const file = path.join(this.#docsDir, `${name}.json`);
    const next: DocFile = { value: jsonCopy(value) };
    return this.#locks.run(file, async () => {
      // Read first: a corrupt file must not be overwritten.
      const db = await this.#doc(file, isDocFile);
      db.data = next;
      await this.#write(file, db);
    });
  }

  async deleteDoc(name: string): Promise<void> {
    this.#assertOpen();
    assertValidId(name, 'document');
    const file = path.join(this.#docsDir, `${name}.json`);
    return this.#locks.run(file, async () => {
      // A name never written leaves no record in the anchor (documents are deleted by name on request).
      const cached = this.#docs.get(file);
      if (cached ? cached.data === null : !existsSync(file)) return;
      await this.#remove(file, 'document');
    });
  }

  async docNames(prefix: string): Promise<string[]> {
    this.#assertOpen();
    return (await this.#listIds(this.#docsDir, true)).filter((name) => name.startsWith(prefix)).sort();
  }

  async modifyDoc<T>(name: string, change: (current: T | undefined) => T | undefined): Promise<{ value: T | undefined; changed: boolean }> {
    this.#assertOpen();
    assertValidId(name, 'document');
    const file = path.join(this.#docsDir, `${name}.json`);
    return this.#locks.run(file, async () => {
      const db = await this.#doc(file, isDocFile);
      const current = db.data === null ? undefined : (jsonCopy(db.data.value) as T);
      const next = change(current === undefined ? undefined : jsonCopy(current));
      if (next === undefined) return { value: current, changed: false };
      db.data = { value: jsonCopy(next) };
      await this.#write(file, db);
      return { value: jsonCopy(next), changed: true };
    });
  }

  /** One process uses a data folder, and its own turns are serialised by the caller. */
  async withUserLock<T>(_userKey: string, fn: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    return fn();
  }

  /** No other process takes items from this folder's outbox, so nothing needs a lease. */
  leasePending(_ms: number): Promise<OutboxItem[]> {
    return this.pending();
  }

  async listCases(filter?: CaseFilter): Promise<CaseMeta[]> {
    this.#assertOpen();
    const metas = await this.#metas();
    return [...metas.values()]
      .filter((meta) => matchesFilter(meta, filter))
      .sort(byCreatedThenId)
      .map((meta) => jsonCopy(meta));
  }

  // ---- outbox ----
  // One journal for the whole queue (outbox.json): an item is one appended line when it is queued
  // and one when it is acknowledged, where a file per item cost a file created and removed, and a
  // directory listing with a read of every file at each delivery round.

  async enqueue(item: OutboxItem): Promise<void> {
    this.#assertOpen();
    assertValidId(item.id, 'outbox item');
    const next = jsonCopy(item);
    return this.#locks.run(this.#queuePath, async () => {
      const db = await this.#queue();
      // An item handed back unchanged (see leasePending) costs no write.
      const held = db.data?.[next.id];
      if (held !== undefined && jsonText(held) === jsonText(next)) return;
      db.data = { ...db.data, [next.id]: next };
      await this.#write(this.#queuePath, db, { f: { [next.id]: next } });
    });
  }

  async pending(): Promise<OutboxItem[]> {
    this.#assertOpen();
    return this.#locks.run(this.#queuePath, async () => {
      const db = await this.#queue();
      return Object.values(db.data ?? {})
        .sort(byCreatedThenId)
        .map((item) => jsonCopy(item));
    });
  }

  async ack(id: string): Promise<void> {
    this.#assertOpen();
    assertValidId(id, 'outbox item');
    return this.#locks.run(this.#queuePath, async () => {
      const db = await this.#queue();
      // Already gone means already acknowledged; ack is idempotent.
      if (!db.data || !Object.hasOwn(db.data, id)) return;
      const rest = { ...db.data };
      delete rest[id];
      db.data = rest;
      await this.#write(this.#queuePath, db, { d: [id] });
    });
  }

  /**
   * The queue, under its lock. The first time, items an earlier version left as files of their
   * own (outbox/<id>.json) join it; the files are removed once the queue holds them, so an
   * interruption in between only means they join it again (the queue's copy wins).
   */
  async #queue(): Promise<FileDoc<OutboxQueue>> {
    const db = await this.#doc(this.#queuePath, isOutboxQueue);
    if (this.#queueMerged) return db;
    const legacy: [string, OutboxItem][] = [];
    for (const id of await this.#listIds(this.#outboxDir, true)) {
      const file = path.join(this.#outboxDir, `${id}.json`);
      const item = await this.#readUncached(file, isOutboxItemFor(id));
      if (item) legacy.push([file, item]);
    }
    const joining = Object.fromEntries(legacy.filter(([, item]) => !db.data || !Object.hasOwn(db.data, item.id)).map(([, item]) => [item.id, item]));
    if (Object.keys(joining).length > 0) {
      db.data = { ...db.data, ...joining };
      await this.#write(this.#queuePath, db, { f: joining });
    }
    await removeTakenIn(legacy.map(([file]) => file), this.#outboxDir, (file) => this.#anchor?.forget(path.relative(this.#dir, file)));
    this.#queueMerged = true;
    return db;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#compactTimer);
    await this.#compacting;
    await this.#locks.idle();
    // Leave every file this store wrote as a single line, so the next start reads no journals.
    for (const db of [...this.#toCompact.values(), ...this.#docs.values()]) {
      try {
        db.adapter.compactIfCurrent(db.data);
      } catch {
        // Not fatal: the journal as it is reads back the same.
      }
    }
    this.#toCompact.clear();
    try {
      this.#anchor?.close();
    } catch {
      // Not fatal, as above: the anchor is only behind, which reads accept.
    }
    const load = this.#metaLoad;
    if (load !== undefined) {
      // Only waiting for it to settle; a failure was already reported to the listCases caller.
      await load.then(
        () => undefined,
        () => undefined,
      );
    }
    this.#docs.clear();
    this.#metaLoad = undefined;
  }

  // ---- internals ----

  #assertOpen(): void {
    if (this.#closed) throw closedError(`at ${this.#dir}`);
  }

  #userPath(userKey: string): string {
    if (typeof userKey !== 'string') throw new TypeError('Store: userKey must be a string.');
    const hash = this.names.name(userKey);
    return path.join(this.#usersDir, `${hash}.json`);
  }

  #casePath(caseId: string): string {
    return path.join(this.#casesDir, `${caseId}.json`);
  }


  /**
   * The parsed file at `file`, from cache or disk; `data` is null when the file does not exist.
   * Must run under the file's lock. Failed reads are not cached, so a file that was restored
   * by hand is picked up on the next call.
   */
  async #doc<T>(file: string, isValid: (value: unknown) => value is T): Promise<FileDoc<T>> {
    const cached = this.#docs.get(file);
    if (cached !== undefined) {
      // Re-insert to mark as most recently used.
      this.#docs.delete(file);
      this.#docs.set(file, cached);
      // The path decides the kind of file, and each kind always uses the same validator.
      return cached as unknown as FileDoc<T>;
    }
    const db = new Low(new CheckedJSONFile(file, isValid, this.#cipher, path.relative(this.#dir, file), this.#fileOptions(file)), null) as FileDoc<T>;
    try {
      await db.read();
    } catch (err) {
      throw readError(file, err);
    }
    this.#docs.set(file, db as unknown as FileDoc<unknown>);
    this.#evictOverflow();
    return db;
  }

  async #existingCase(file: string, caseId: string): Promise<FileDoc<CaseRecord> & { data: CaseRecord }> {
    const db = await this.#doc(file, isCaseFileFor(caseId));
    if (db.data === null) {
      throw new StoreError('NOT_FOUND', `Case ${caseId} does not exist (${file}).`, { path: file });
    }
    return db as FileDoc<CaseRecord> & { data: CaseRecord };
  }

  /**
   * Records a change of one file (see {@link CheckedJSONFile}): `op` when given (the change
   * itself), else the whole new value; 'compact' rewrites the file as its value alone.
   */
  async #write<T>(file: string, db: FileDoc<T>, op?: JournalOp | { json: string } | 'compact'): Promise<void> {
    try {
      if (op === 'compact') db.adapter.compact(db.data);
      else if (op) db.adapter.commit(db.data, op);
      else await db.write();
    } catch (err) {
      // The in-memory copy may now differ from the file; drop it so the next use re-reads.
      this.#docs.delete(file);
      throw new StoreError('IO', `Could not write data file ${file}: ${describe(err)}`, { path: file, cause: err });
    }
  }

  #evictOverflow(): void {
    // Safe at any time: every user of a document holds the file's lock and its own reference,
    // and the next holder re-reads a file that was written before the lock was released.
    let queued = false;
    for (const [file, db] of this.#docs) {
      if (this.#docs.size <= this.#maxCached) break;
      this.#docs.delete(file);
      // Leave it as one line: the next read of it (perhaps at the next start) replays nothing.
      if (db.adapter.journaled) {
        this.#toCompact.set(file, db);
        queued = true;
      }
    }
    if (queued) void this.#drainCompactions();
  }

  #metas(): Promise<Map<string, CaseMeta>> {
    this.#metaLoad ??= this.#loadMetas().catch((err: unknown) => {
      // Forget the failed load so the next listCases tries again.
      this.#metaLoad = undefined;
      throw err;
    });
    return this.#metaLoad;
  }

  /**
   * Reads every case file once, one after the other (reads are synchronous). Reads without taking
   * file locks: a read and a write (both synchronous) never overlap, and a write that lands after
   * its file was read updates the map through {@link #rememberMeta}.
   */
  async #loadMetas(): Promise<Map<string, CaseMeta>> {
    const map = new Map<string, CaseMeta>();
    for (const id of await this.#listIds(this.#casesDir)) {
      const meta = (await this.#readUncached(this.#casePath(id), isCaseFileFor(id)))?.meta;
      if (meta !== undefined) map.set(meta.id, meta);
    }
    return map;
  }

  /** Keeps the meta cache current after a successful write. Runs under the case's lock. */
  async #rememberMeta(meta: CaseMeta): Promise<void> {
    // Read the field only now, after the write: a load that starts later sees the new file.
    const load = this.#metaLoad;
    if (load === undefined) return;
    // A failed load was discarded and its caller got the error; any later load starts after
    // this write and reads it from disk, so there is nothing to update then.
    const metas = await load.then(
      (loaded) => loaded,
      () => undefined,
    );
    metas?.set(meta.id, jsonCopy(meta));
  }

  /** Ids of the data files in `dir`; with `optional`, a directory that does not exist has none. */
  async #listIds(dir: string, optional = false): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if (optional && errorCode(err) === 'ENOENT') return [];
      throw new StoreError('IO', `Could not list data directory ${dir}: ${describe(err)}`, { path: dir, cause: err });
    }
    const ids: string[] = [];
    for (const name of names) {
      const id = DATA_FILE_NAME.exec(name)?.[1];
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }
}

// ---- helpers ----

/** Folders that hold data files, this version's and earlier ones'. */
const DATA_DIRS = ['users', 'cases', 'docs', DEADLINE_SETS_DIR, 'outbox', 'deadlines'];

/** A file named after a platform id: its path in the data folder, its folder, the prefix of its name and the hex name itself. */
export interface NamedFile {
  rel: string;
  sub: string;
  prefix: string;
  name: string;
}

/** Files named after a platform id (names.ts), by folder: prefix and hex name. Documents: those the app names after a user. */
const NAMED_FILES: readonly [string, RegExp][] = [
  ['users', /^()([0-9a-f]{64})\.json$/],
  [DEADLINE_SETS_DIR, /^()([0-9a-f]{40})\.json$/],
  ['docs', /^((?:profile|inbox|leadq)-)([0-9a-f]{40})\.json$/],
];

/** Every file in the data folder `dir` that is named after a platform id. Reads only. */
export async function namedFiles(dir: string): Promise<NamedFile[]> {
  const found: NamedFile[] = [];
  for (const [sub, pattern] of NAMED_FILES) {
    let names: string[];
    try {
      names = await readdir(path.join(dir, sub));
    } catch (err) {
      if (errorCode(err) === 'ENOENT') continue;
      throw err;
    }
    for (const file of names.sort()) {
      const m = pattern.exec(file);
      if (m) found.push({ rel: path.join(sub, file), sub, prefix: m[1] ?? '', name: m[2] ?? '' });
    }
  }
  return found;
}

/** Where `file` lives under the hex name `name`. */
export function namedPath(file: NamedFile, name: string): string {
  return path.join(file.sub, `${file.prefix}${name}.json`);
}

/** Whether `dir` holds any data file (the key check included). Reads only. */
export async function dataFolderHoldsData(dir: string): Promise<boolean> {
  const names = async (d: string): Promise<string[]> => {
    try {
      return await readdir(d);
    } catch (err) {
      if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return [];
      throw err;
    }
  };
  const top = await names(dir);
  if (top.includes(KEYCHECK_FILE) || top.includes(QUEUE_FILE)) return true;
  for (const sub of DATA_DIRS) {
    if (top.includes(sub) && (await names(path.join(dir, sub))).some((name) => DATA_FILE_NAME.test(name))) return true;
  }
  return false;
}

function readError(file: string, err: unknown): StoreError {
  if (err instanceof CorruptContent) {
    return new StoreError(
      'CORRUPT_FILE',
      `Data file ${file} is corrupt or unreadable (${err.message}); it was left untouched. ` +
        'Restore it from a backup or move it aside.',
      { path: file, cause: err },
    );
  }
  return new StoreError('IO', `Could not read data file ${file}: ${describe(err)}; it was left untouched.`, {
    path: file,
    cause: err,
  });
}

/**
 * Removes files of earlier versions once their content has been taken in, then their folder if
 * nothing else is left in it (a stray file, say, keeps it).
 */
async function removeTakenIn(files: readonly string[], dir: string, removing: (file: string) => void): Promise<void> {
  for (const file of files) {
    // Forgotten first: a crash in between leaves a file that is simply taken in again, not a recorded file gone missing.
    removing(file);
    try {
      await unlink(file);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw new StoreError('IO', `Could not remove data file ${file}: ${describe(err)}`, { path: file, cause: err });
    }
  }
  try {
    await rmdir(dir);
  } catch {
    // Missing, or not empty: leave it.
  }
}

function errorCode(err: unknown): string | undefined {
  return isObject(err) && typeof err.code === 'string' ? err.code : undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
