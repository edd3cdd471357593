import { existsSync } from 'node:fs';
import { chmod, mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { CaseMeta, CaseRecord, Deadline, DeadlineKind, LogEntry } from '../../domain/case.js';
import type { Anchor } from '../anchor.js';
import type { DataCipher } from '../crypto.js';
import { Namer } from '../names.js';
import { isCaseFileFor, isDocFile, isUserFile, type DocFile, type UserFile } from '../shapes.js';
import { byCreatedThenId, mergeMeta, newTurnEntries, redactEntries, StoreError, type CaseFilter, type DamagedFile, type OutboxItem, type Readiness } from '../store.js';
import { GuardedStore, REMOVE_DOC, type StoreBackend } from '../guarded.js';
import { damageOf, describe, errorCode, type FileDoc } from './adapter.js';
import { DocCache, type LowdbStoreOptions } from './cache.js';
import { Catalog } from './catalog.js';

export type { LowdbStoreOptions } from './cache.js';
import { DeadlineFiles } from './deadlines.js';
import { DEADLINE_SETS_DIR, DIR_MODE, LEGACY_DEADLINES_DIR, LEGACY_OUTBOX_DIR, listIds, QUEUE_FILE } from './layout.js';
import { MetaIndex } from './metas.js';
import { OutboxFile } from './outbox.js';
import { missingFiles } from './present.js';
import { folderReady } from './probe.js';
import { checkKey, convertFormat, legacyDeadlines, legacyOutbox, removeLegacy, renameToKeyed, type TakeoverContext } from './takeover.js';

/**
 * The file store's backend: one small file per user, case, case's deadlines and named
 * document, and one for the outbox, each a lowdb document over the journal adapter (adapter.ts),
 * so a change appends a line and costs the same however many cases exist and however long a
 * case's log.
 *
 * Layout under the data directory:
 * - `users/<keyed name of userKey, 64 hex>.json`: `{ state }`
 * - `cases/<caseId>.json`: `{ meta, log }`
 * - `case-deadlines/<keyed name of caseId, 40 hex>.json`: `{ caseId, deadlines }` (deadlines.ts)
 * - `docs/<name>.json`: `{ value }`
 * - `outbox.json`: every pending {@link OutboxItem} by id
 *
 * Single process, single writer: parsed files are cached, so files must not be edited while the
 * store is open. Data of earlier versions are taken over when it opens (takeover.ts).
 */
export class FileBackend implements StoreBackend {
  readonly names: Namer;
  readonly where: string;
  readonly #dir: string;
  readonly #usersDir: string;
  readonly #casesDir: string;
  readonly #docsDir: string;
  readonly #outbox: OutboxFile;
  readonly #cipher: DataCipher | undefined;
  /** With a key: the folder's record of every file, read at start-up (anchor.ts). */
  #anchor: Anchor | undefined;
  readonly #log: (event: string, fields: Record<string, unknown>) => void;
  readonly #cache: DocCache;
  readonly #deadlines: DeadlineFiles;
  readonly #metas: MetaIndex;
  /** What start-up and listing need of each case and deadline file (catalog.ts). */
  readonly #catalog: Catalog;
  #closed = false;
  readonly #anchorFlushMs: number | undefined;

  private constructor(dir: string, options: LowdbStoreOptions) {
    this.#dir = dir;
    this.where = `at ${dir}`;
    this.#usersDir = path.join(dir, 'users');
    this.#casesDir = path.join(dir, 'cases');
    this.#docsDir = path.join(dir, 'docs');
    this.#cipher = options.cipher;
    this.names = Namer.of(options.cipher);
    this.#log = options.log ?? (() => undefined);
    this.#anchorFlushMs = options.anchorFlushMs === undefined ? undefined : Math.max(0, options.anchorFlushMs);
    this.#cache = new DocCache({
      dir,
      cipher: options.cipher,
      anchor: () => this.#anchor,
      log: this.#log,
      maxCached: Math.max(1, options.maxCachedFiles ?? 256),
      compactAfterMs: Math.max(0, options.compactAfterMs ?? 5000),
    });
    this.#catalog = new Catalog(dir, options.cipher);
    this.#deadlines = new DeadlineFiles(path.join(dir, DEADLINE_SETS_DIR), this.#cache, this.names, this.#catalog);
    this.#metas = new MetaIndex(this.#casesDir, this.#cache, this.#catalog);
    this.#outbox = new OutboxFile(path.join(dir, QUEUE_FILE), this.#cache);
  }

  /**
   * Opens (creating if needed) the store in `dataDir`. Directories are created with mode 0700;
   * the store's own subdirectories are also set to 0700 if they already existed. Data of earlier
   * versions are taken over here, once (takeover.ts).
   */
  static async open(dataDir: string, options: LowdbStoreOptions = {}): Promise<FileBackend> {
    const store = new FileBackend(path.resolve(dataDir), options);
    try {
      await mkdir(store.#dir, { recursive: true, mode: DIR_MODE });
      for (const sub of [store.#usersDir, store.#casesDir, store.#docsDir, path.join(store.#dir, DEADLINE_SETS_DIR)]) {
        await mkdir(sub, { recursive: true, mode: DIR_MODE });
        // mkdir's mode does not apply to a directory that already exists.
        await chmod(sub, DIR_MODE);
      }
    } catch (err) {
      throw new StoreError('IO', `Could not prepare data directory ${store.#dir}: ${describe(err)}`, { path: store.#dir, cause: err });
    }
    await store.#takeOver();
    store.#cache.start();
    return store;
  }

  async #takeOver(): Promise<void> {
    const ctx: TakeoverContext = { dir: this.#dir, cipher: this.#cipher, cache: this.#cache, log: this.#log };
    const anchor = await checkKey(ctx);
    this.#anchor = anchor;
    if (anchor) {
      if (this.#anchorFlushMs !== undefined) anchor.flushDelayMs = this.#anchorFlushMs;
      if (anchor.converting) await convertFormat(ctx, anchor);
      if (!anchor.keyedNames) await renameToKeyed(ctx, anchor, this.names);
      this.names.listen((name, unkeyed) => {
        if (!this.#closed) anchor.named(name, unkeyed);
      });
    }
    // Outbox items of a file each join the queue (the queue's copy wins); then their files go.
    const outbox = await legacyOutbox(ctx);
    if (outbox.files.length > 0) {
      await this.#outbox.takeIn(outbox.items);
      await removeLegacy(ctx, anchor, outbox.files, LEGACY_OUTBOX_DIR);
    }
    // Deadlines of a file each join their case's file (the case file's copy wins); then their files go.
    const deadlines = await legacyDeadlines(ctx);
    if (deadlines.files.length > 0) {
      for (const d of deadlines.deadlines) await this.#deadlines.add(d);
      await removeLegacy(ctx, anchor, deadlines.files, LEGACY_DEADLINES_DIR);
    }
    if (outbox.files.length + deadlines.files.length > 0) this.#log('store.taken_in', { outboxItems: outbox.files.length, deadlines: deadlines.files.length });
  }

  /**
   * Rewrites cached files that hold a journal and have not changed for `idleMs` (default: the
   * store's `compactAfterMs`) as a single line; resolves with how many files were rewritten.
   */
  compactIdle(idleMs?: number): Promise<number> {
    return this.#cache.compactIdle(idleMs);
  }

  /**
   * Reads every case, outbox and deadline file changed since the catalog was written (catalog.ts),
   * so a damaged or undecryptable file stops a tool with a clear message (and is never
   * overwritten); with a key, also every file the anchor records must be there.
   */
  async verify(): Promise<void> {
    await this.#metas.check();
    await this.pending();
    await this.#deadlines.check();
    await this.#checkPresent((rel, lines) => {
      const file = path.join(this.#dir, rel);
      throw new StoreError('CORRUPT_FILE', `Data file ${file} is missing, but this data folder recorded it (${lines} lines). Restore it from a backup.`, { path: file });
    });
  }

  /** What serving needs at once: the outbox (the dispatcher reads it); the key was checked when the store opened. */
  async verifyServe(): Promise<void> {
    await this.pending();
  }

  /**
   * The checks of {@link verify}, handing each damaged file to `found` (by its path in the data folder)
   * and going on; every part hands the event loop back every few ms (pace.ts), so turns go on meanwhile.
   */
  async sweep(found: (damage: DamagedFile) => void): Promise<void> {
    const refused = (file: string, err: StoreError) => found({ file: path.relative(this.#dir, file), reason: damageOf(err) });
    await this.#metas.check(refused);
    await this.#deadlines.check(refused);
    await this.#checkPresent((rel) => {
      // Turns go on meanwhile: only a file the anchor still records (it refuses it as missing) is missed.
      try {
        this.#anchor?.check(rel, undefined);
      } catch {
        found({ file: rel, reason: 'missing' });
      }
    });
  }

  /** With a key: hands `missing` every file the anchor records as present that is not there (present.ts). */
  async #checkPresent(missing: (rel: string, lines: number) => void): Promise<void> {
    if (this.#anchor) await missingFiles(this.#dir, this.#anchor.present(), missing, () => this.#closed, this.#anchor.shards);
  }

  /** The data folder takes a synced write (probe.ts). */
  ready(): Promise<Readiness> {
    return folderReady(this.#dir);
  }

  // ---- users ----
  // A user's state is read and replaced every turn: its JSON, made once when it is saved, serves
  // as the copy handed out (parsed by the guard) and as the journal line.

  async loadUserJson(userKey: string): Promise<string | undefined> {
    const file = this.#userPath(userKey);
    return this.#cache.locks.run(file, async () => {
      const db = await this.#cache.doc(file, isUserFile);
      if (db.data === null) return undefined;
      db.json ??= JSON.stringify(db.data.state);
      return db.json;
    });
  }

  async saveUserJson(userKey: string, json: string, erase: boolean): Promise<void> {
    const file = this.#userPath(userKey);
    const next = lazyUserFile(json);
    return this.#cache.locks.run(file, async () => {
      // Read even though the content is replaced: a corrupt file must not be overwritten.
      const db = await this.#cache.doc(file, isUserFile);
      db.data = next;
      db.json = undefined;
      await this.#cache.write(file, db, { json: `{"s":{"state":${json}}}` });
      // The journal's earlier lines still hold what was taken out: rewrite the file as this state alone.
      if (erase) await this.#cache.write(file, db, 'compact');
      db.json = json;
    });
  }

  // ---- cases ----

  async createCase(record: CaseRecord): Promise<void> {
    const id = record.meta.id;
    const file = this.#casePath(id);
    return this.#cache.locks.run(file, async () => {
      const db = await this.#cache.doc(file, isCaseFileFor(id));
      if (db.data !== null) throw new StoreError('ALREADY_EXISTS', `Case ${id} already exists (${file}).`, { path: file });
      db.data = record;
      await this.#cache.write(file, db);
      await this.#metas.remember(id, record.meta);
    });
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const file = this.#casePath(caseId);
    return this.#cache.locks.run(file, async () => (await this.#cache.doc(file, isCaseFileFor(caseId))).data ?? undefined);
  }

  async appendLog(caseId: string, entries: LogEntry[]): Promise<void> {
    await this.#changeCase(caseId, async (file, db) => {
      const fresh = newTurnEntries(db.data.log, entries);
      if (fresh.length === 0) return;
      db.data.log.push(...fresh);
      await this.#cache.write(file, db, { a: { log: fresh } });
    });
  }

  async redactLog(caseId: string, match: (entry: LogEntry, index: number) => boolean, replace: (entry: LogEntry) => LogEntry, redaction: LogEntry): Promise<number> {
    return this.#changeCase(caseId, async (file, db) => {
      const { log, count } = redactEntries(db.data.log, match, replace);
      if (count === 0) return 0;
      db.data = { meta: db.data.meta, log: [...log, redaction] };
      await this.#cache.write(file, db, { s: db.data });
      // The journal's earlier lines still hold the removed text: rewrite the file as its value alone,
      // through the journal (temp file renamed over it), so the chain and the anchor's record stay valid.
      await this.#cache.write(file, db, 'compact');
      return count;
    });
  }

  async modifyCaseMeta(caseId: string, decide: (meta: CaseMeta) => Partial<CaseMeta> | undefined): Promise<{ meta: CaseMeta; changed: boolean }> {
    return this.#changeCase(caseId, async (file, db) => {
      const patch = decide(db.data.meta);
      if (patch === undefined) return { meta: db.data.meta, changed: false };
      const meta = mergeMeta(db.data.meta, patch);
      db.data.meta = meta;
      await this.#cache.write(file, db, { f: { meta } });
      await this.#metas.remember(caseId, meta);
      return { meta, changed: true };
    });
  }

  /** Runs `change` on an existing case under its file's lock; `NOT_FOUND` when there is none. */
  async #changeCase<R>(caseId: string, change: (file: string, db: FileDoc<CaseRecord> & { data: CaseRecord }) => Promise<R>): Promise<R> {
    const file = this.#casePath(caseId);
    return this.#cache.locks.run(file, async () => {
      const db = await this.#cache.doc(file, isCaseFileFor(caseId));
      if (db.data === null) throw new StoreError('NOT_FOUND', `Case ${caseId} does not exist (${file}).`, { path: file });
      return change(file, db as FileDoc<CaseRecord> & { data: CaseRecord });
    });
  }

  async deleteCase(caseId: string): Promise<void> {
    const file = this.#casePath(caseId);
    return this.#cache.locks.run(file, async () => {
      await this.#remove(file, 'case');
      await this.#metas.remember(caseId, undefined);
      await this.#catalog.forget('cases', caseId);
    });
  }

  /** Removes a data file for good; must run under the file's lock. */
  async #remove(file: string, what: 'case' | 'document'): Promise<void> {
    const gen = this.#cache.peek(file)?.adapter.gen ?? 0;
    this.#cache.drop(file);
    try {
      // Recorded first: a crash in between leaves a file that start-up refuses, never a deleted file quietly back.
      this.#anchor?.deleted(path.relative(this.#dir, file), gen);
      await unlink(file);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw new StoreError('IO', `Could not remove ${what} file ${file}: ${describe(err)}`, { path: file, cause: err });
    }
  }

  async listCases(filter: CaseFilter | undefined): Promise<CaseMeta[]> {
    return (await this.#metas.list(filter)).sort(byCreatedThenId);
  }

  // ---- deadlines (deadlines.ts) ----

  addDeadline(d: Deadline): Promise<boolean> {
    return this.#deadlines.add(d);
  }

  pendingDeadlines(dueBy?: string): Promise<Deadline[]> {
    return this.#deadlines.pending(dueBy);
  }

  /** What the deadlines keep in memory (deadlines.ts): for tests and the benchmark. */
  deadlinesHeld(): { deadlines: number; ids: number } {
    return this.#deadlines.held();
  }

  fireDeadline(id: string, at: string): Promise<boolean> {
    return this.#deadlines.fire(id, at);
  }

  cancelDeadlines(caseId: string, kinds: readonly DeadlineKind[] | undefined, at: string): Promise<number> {
    return this.#deadlines.cancel(caseId, kinds, at);
  }

  // ---- named documents ----

  getDoc(name: string): Promise<unknown> {
    return this.#onDoc(name, async (db) => db.data?.value);
  }

  async putDoc(name: string, value: unknown): Promise<void> {
    // Read first (#onDoc does): a corrupt file must not be overwritten.
    await this.#onDoc(name, async (db, file) => {
      db.data = { value };
      await this.#cache.write(file, db);
    });
  }

  async deleteDoc(name: string): Promise<void> {
    const file = this.#docPath(name);
    return this.#cache.locks.run(file, async () => {
      // A name never written leaves no record in the anchor (documents are deleted by name on request).
      const cached = this.#cache.peek(file);
      if (cached ? cached.data === null : !existsSync(file)) return;
      await this.#remove(file, 'document');
    });
  }

  async docNames(prefix: string): Promise<string[]> {
    return (await listIds(this.#docsDir, true)).filter((name) => name.startsWith(prefix)).sort();
  }

  modifyDoc(name: string, change: (current: unknown) => unknown): Promise<{ value: unknown; changed: boolean }> {
    return this.#onDoc(name, async (db, file) => {
      const current = db.data?.value;
      const next = change(current);
      if (next === undefined) return { value: current, changed: false };
      if (next === REMOVE_DOC) {
        await this.#remove(file, 'document');
        return { value: undefined, changed: true };
      }
      db.data = { value: next };
      await this.#cache.write(file, db);
      return { value: next, changed: true };
    });
  }

  #onDoc<R>(name: string, fn: (db: FileDoc<DocFile>, file: string) => Promise<R>): Promise<R> {
    const file = this.#docPath(name);
    return this.#cache.locks.run(file, async () => fn(await this.#cache.doc(file, isDocFile), file));
  }

  /** One process uses a data folder, and its own turns are serialised by the caller. */
  withUserLock<T>(_userKey: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  // ---- outbox (outbox.ts) ----

  enqueue(item: OutboxItem): Promise<void> {
    return this.#outbox.enqueue(item);
  }

  pending(): Promise<OutboxItem[]> {
    return this.#outbox.pending();
  }

  ack(id: string): Promise<void> {
    return this.#outbox.ack(id);
  }

  /** No other process takes items from this folder's outbox, so nothing needs a lease. */
  leasePending(_ms: number): Promise<OutboxItem[]> {
    return this.#outbox.pending();
  }

  async close(): Promise<void> {
    this.#closed = true;
    // A scan under way (the integrity sweep, a listing) ends at its next pause.
    this.#catalog.stop();
    // Leaves every file this store wrote as a single line, so the next start reads no journals.
    await this.#cache.close();
    try {
      this.#anchor?.close();
    } catch {
      // Not fatal: the anchor is only behind, which reads accept.
    }
    await this.#metas.settle();
  }

  #userPath(userKey: string): string {
    return path.join(this.#usersDir, `${this.names.name(userKey)}.json`);
  }

  #casePath(caseId: string): string {
    return path.join(this.#casesDir, `${caseId}.json`);
  }

  #docPath(name: string): string {
    return path.join(this.#docsDir, `${name}.json`);
  }
}

/**
 * The file-backed {@link Store} (the default): {@link FileBackend} behind the guard layer
 * (guarded.ts). See FileBackend for the layout.
 */
export class LowdbStore extends GuardedStore<FileBackend> {
  /**
   * Opens (creating if needed) the store in `dataDir`, taking over data of earlier versions
   * (takeover.ts). Directories are created with mode 0700.
   */
  static async open(dataDir: string, options: LowdbStoreOptions = {}): Promise<LowdbStore> {
    return new LowdbStore(await FileBackend.open(dataDir, options));
  }

  /**
   * Rewrites cached files that hold a journal and have not changed for `idleMs` (default: the
   * store's `compactAfterMs`) as a single line; resolves with how many files were rewritten.
   */
  compactIdle(idleMs?: number): Promise<number> {
    return this.backend.compactIdle(idleMs);
  }

  /** What the deadlines keep in memory: those due within a few days, and a number per id ever added. */
  deadlinesHeld(): { deadlines: number; ids: number } {
    return this.backend.deadlinesHeld();
  }
}

/**
 * A user file holding the state given as JSON, parsed only when something needs the value: a turn's save is
 * appended as that JSON and handed out as it, so only a rewrite of the file (every so many lines) parses it.
 */
function lazyUserFile(json: string): UserFile {
  let state: unknown;
  let parsed = false;
  return {
    get state(): unknown {
      if (!parsed) {
        state = JSON.parse(json);
        parsed = true;
      }
      return state;
    },
  };
}
