/**
 * The one guard layer in front of every store backend: backends do only I/O, and everything a
 * caller of {@link Store} may rely on whatever the backend is checked or done here, once:
 *
 * - the open check: any call after `close()` rejects with `CLOSED`;
 * - ids: case, document, outbox and deadline ids must match ID_PATTERN (`INVALID_ID`), a user key
 *   must be a string;
 * - JSON copies: what comes in is copied through JSON before a backend sees it, and what goes out
 *   is a fresh copy, so callers never share objects with the store (and a backend may hand out
 *   what it holds); callbacks (`decide`, `change`) get copies too;
 * - error wording: StoreErrors with stable codes ({@link StoreErrorCode}).
 */
import type { CaseMeta, CaseRecord, Deadline, DeadlineKind, LogEntry } from '../domain/case.js';
import type { Namer } from './names.js';
import { jsonCopyPatch } from './shapes.js';
import { assertValidId, closedError, jsonCopy, jsonText, type CaseFilter, type DamagedFile, type OutboxItem, type Readiness, type SaveOptions, type Store, type TurnWriteOptions } from './store.js';

/**
 * What a backend does: reads and writes, on values the guard already copied and checked. A
 * backend may keep what it is handed and hand out what it holds (the guard copies both ways).
 * Semantics are those of {@link Store}, except where noted.
 */
export interface StoreBackend {
  readonly names: Namer;
  /** Where the data are, for messages: "at /data", "(in memory)", 'on PostgreSQL schema "x"'. */
  readonly where: string;
  /** The JSON text of a user's state, or undefined. */
  loadUserJson(userKey: string): Promise<string | undefined>;
  /** Replaces a user's state, given as JSON text. */
  saveUserJson(userKey: string, json: string, erase: boolean): Promise<void>;
  createCase(record: CaseRecord, options: TurnWriteOptions): Promise<void>;
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  appendLog(caseId: string, entries: LogEntry[], options: TurnWriteOptions): Promise<void>;
  redactLog(caseId: string, match: (entry: LogEntry, index: number) => boolean, replace: (entry: LogEntry) => LogEntry, redaction: LogEntry): Promise<number>;
  /** `decide` gets the stored meta itself (the guard's wrapper copies it) and returns a copied patch. */
  modifyCaseMeta(caseId: string, decide: (meta: CaseMeta) => Partial<CaseMeta> | undefined, options: TurnWriteOptions): Promise<{ meta: CaseMeta; changed: boolean }>;
  deleteCase(caseId: string): Promise<void>;
  addDeadline(d: Deadline, options: TurnWriteOptions): Promise<boolean>;
  pendingDeadlines(dueBy?: string): Promise<Deadline[]>;
  fireDeadline(id: string, at: string): Promise<boolean>;
  cancelDeadlines(caseId: string, kinds: readonly DeadlineKind[] | undefined, at: string, options: TurnWriteOptions): Promise<number>;
  getDoc(name: string): Promise<unknown>;
  putDoc(name: string, value: unknown): Promise<void>;
  deleteDoc(name: string): Promise<void>;
  docNames(prefix: string): Promise<string[]>;
  /**
   * `change` gets the stored value itself and returns a copy, undefined (no change) or
   * {@link REMOVE_DOC} (delete the document; the result's value is then undefined).
   */
  modifyDoc(name: string, change: (current: unknown) => unknown): Promise<{ value: unknown; changed: boolean }>;
  /** Metas passing `filter`, sorted by createdAt, then id. */
  listCases(filter: CaseFilter | undefined): Promise<CaseMeta[]>;
  enqueue(item: OutboxItem, options: TurnWriteOptions): Promise<void>;
  pending(): Promise<OutboxItem[]>;
  ack(id: string): Promise<void>;
  leasePending(ms: number): Promise<OutboxItem[]>;
  withUserLock<T>(userKey: string, fn: () => Promise<T>): Promise<T>;
  /** Whether the backend answers now (see {@link Store.ready}); may reject, the guard turns that into `io`. */
  ready(): Promise<Readiness>;
  /** Reads everything once and throws at the first damaged file: the check of tools (`openStore` with `check: 'all'`). */
  verify(): Promise<void>;
  /** Reads what serving needs before the first turn, so damaged data there stop start-up (`openStore` with `check: 'serve'`). */
  verifyServe(): Promise<void>;
  /** See {@link Store.sweep}. */
  sweep(found: (damage: DamagedFile) => void): Promise<void>;
  /** Waits for in-flight work, then releases resources. Called once. */
  close(): Promise<void>;
}

/** What a `modifyDoc` change returns to delete the document (pruneDoc's `null`). */
export const REMOVE_DOC: unique symbol = Symbol('remove document');

const copies = <T>(values: T[]): T[] => values.map((v) => jsonCopy(v));

function assertUserKey(userKey: unknown): asserts userKey is string {
  if (typeof userKey !== 'string') throw new TypeError('Store: userKey must be a string.');
}

/** A {@link Store} over a {@link StoreBackend}; the backends' stores (file, PostgreSQL, memory) extend it. */
export class GuardedStore<B extends StoreBackend = StoreBackend> implements Store {
  protected readonly backend: B;
  // Plain fields rather than #private ones, so that an object made with Object.create(store) (a
  // test's stand-in that overrides one method) still works through the prototype.
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(backend: B) {
    this.backend = backend;
  }

  get names(): Namer {
    return this.backend.names;
  }

  /** Throws `CLOSED` once `close()` was called. */
  protected assertOpen(): void {
    if (this.closed) throw closedError(this.backend.where);
  }

  /**
   * Reads every case, outbox item and deadline once (and with the file store's key, checks that
   * every recorded file is there), rejecting with a clear message at the first damaged file: what
   * tools (migrate, the benchmark's seed) run before they act; rotate-key reads every file itself.
   */
  async verify(): Promise<void> {
    this.assertOpen();
    await this.backend.verify();
  }

  /**
   * Reads what serving needs before the first turn (the file store: the outbox; the key was checked
   * when it opened; PostgreSQL: everything, as {@link verify}), so damaged data there stop start-up.
   * The rest is left to {@link sweep}.
   */
  async verifyServe(): Promise<void> {
    this.assertOpen();
    await this.backend.verifyServe();
  }

  async sweep(found: (damage: DamagedFile) => void): Promise<void> {
    this.assertOpen();
    await this.backend.sweep(found);
  }

  async loadUser<T>(userKey: string): Promise<T | undefined> {
    this.assertOpen();
    assertUserKey(userKey);
    const json = await this.backend.loadUserJson(userKey);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async saveUser<T>(userKey: string, state: T, options: SaveOptions = {}): Promise<void> {
    this.assertOpen();
    assertUserKey(userKey);
    await this.backend.saveUserJson(userKey, jsonText(state), options.erase === true);
  }

  async createCase(meta: CaseMeta, firstEntries: LogEntry[] = [], options: TurnWriteOptions = {}): Promise<void> {
    this.assertOpen();
    assertValidId(meta.id, 'case');
    await this.backend.createCase(jsonCopy({ meta, log: firstEntries }), options);
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    this.assertOpen();
    assertValidId(caseId, 'case');
    const record = await this.backend.getCase(caseId);
    return record === undefined ? undefined : jsonCopy(record);
  }

  async appendLog(caseId: string, entries: LogEntry[], options: TurnWriteOptions = {}): Promise<void> {
    this.assertOpen();
    assertValidId(caseId, 'case');
    await this.backend.appendLog(caseId, jsonCopy(entries), options);
  }

  async redactLog(caseId: string, match: (entry: LogEntry, index: number) => boolean, replace: (entry: LogEntry) => LogEntry, redaction: LogEntry): Promise<number> {
    this.assertOpen();
    assertValidId(caseId, 'case');
    return this.backend.redactLog(caseId, match, replace, jsonCopy(redaction));
  }

  async updateCaseMeta(caseId: string, patch: Partial<CaseMeta>, options: TurnWriteOptions = {}): Promise<CaseMeta> {
    const copy = jsonCopyPatch(patch);
    return (await this.#modifyCaseMeta(caseId, () => copy, options)).meta;
  }

  modifyCaseMeta(caseId: string, decide: (meta: CaseMeta) => Partial<CaseMeta> | undefined, options: TurnWriteOptions = {}): Promise<{ meta: CaseMeta; changed: boolean }> {
    return this.#modifyCaseMeta(caseId, decide, options);
  }

  async #modifyCaseMeta(caseId: string, decide: (meta: CaseMeta) => Partial<CaseMeta> | undefined, options: TurnWriteOptions): Promise<{ meta: CaseMeta; changed: boolean }> {
    this.assertOpen();
    assertValidId(caseId, 'case');
    const { meta, changed } = await this.backend.modifyCaseMeta(
      caseId,
      (current) => {
        const patch = decide(jsonCopy(current));
        return patch === undefined ? undefined : jsonCopyPatch(patch);
      },
      options,
    );
    return { meta: jsonCopy(meta), changed };
  }

  async deleteCase(caseId: string): Promise<void> {
    this.assertOpen();
    assertValidId(caseId, 'case');
    await this.backend.deleteCase(caseId);
  }

  async addDeadline(d: Deadline, options: TurnWriteOptions = {}): Promise<boolean> {
    this.assertOpen();
    assertValidId(d.id, 'deadline');
    return this.backend.addDeadline(jsonCopy(d), options);
  }

  async pendingDeadlines(dueBy?: string): Promise<Deadline[]> {
    this.assertOpen();
    if (dueBy !== undefined && !Number.isFinite(Date.parse(dueBy))) throw new TypeError(`pendingDeadlines: dueBy is not a time (${String(dueBy)})`);
    return copies(await this.backend.pendingDeadlines(dueBy === undefined ? undefined : new Date(dueBy).toISOString()));
  }

  async fireDeadline(id: string, at: string): Promise<boolean> {
    this.assertOpen();
    assertValidId(id, 'deadline');
    return this.backend.fireDeadline(id, String(at));
  }

  async cancelDeadlines(caseId: string, kinds: readonly DeadlineKind[] | undefined, at: string, options: TurnWriteOptions = {}): Promise<number> {
    this.assertOpen();
    return this.backend.cancelDeadlines(String(caseId), kinds === undefined ? undefined : [...kinds], String(at), options);
  }

  async getDoc<T>(name: string): Promise<T | undefined> {
    this.assertOpen();
    assertValidId(name, 'document');
    const value = await this.backend.getDoc(name);
    return value === undefined ? undefined : (jsonCopy(value) as T);
  }

  async putDoc<T>(name: string, value: T): Promise<void> {
    this.assertOpen();
    assertValidId(name, 'document');
    await this.backend.putDoc(name, jsonCopy(value));
  }

  async deleteDoc(name: string): Promise<void> {
    this.assertOpen();
    assertValidId(name, 'document');
    await this.backend.deleteDoc(name);
  }

  async docNames(prefix: string): Promise<string[]> {
    this.assertOpen();
    return [...(await this.backend.docNames(String(prefix)))];
  }

  async modifyDoc<T>(name: string, change: (current: T | undefined) => T | undefined): Promise<{ value: T | undefined; changed: boolean }> {
    this.assertOpen();
    assertValidId(name, 'document');
    const { value, changed } = await this.backend.modifyDoc(name, (current) => {
      const next = change(current === undefined ? undefined : (jsonCopy(current) as T));
      return next === undefined ? undefined : jsonCopy(next);
    });
    return { value: value === undefined ? undefined : (jsonCopy(value) as T), changed };
  }

  async pruneDoc<T>(name: string, prune: (current: T) => T | null | undefined): Promise<{ value: T | undefined; changed: boolean }> {
    this.assertOpen();
    assertValidId(name, 'document');
    const { value, changed } = await this.backend.modifyDoc(name, (current) => {
      if (current === undefined) return undefined;
      const next = prune(jsonCopy(current) as T);
      return next === null ? REMOVE_DOC : next === undefined ? undefined : jsonCopy(next);
    });
    return { value: value === undefined ? undefined : (jsonCopy(value) as T), changed };
  }

  async listCases(filter?: CaseFilter): Promise<CaseMeta[]> {
    this.assertOpen();
    return copies(await this.backend.listCases(filter === undefined ? undefined : jsonCopy(filter)));
  }

  async enqueue(item: OutboxItem, options: TurnWriteOptions = {}): Promise<void> {
    this.assertOpen();
    assertValidId(item.id, 'outbox item');
    await this.backend.enqueue(jsonCopy(item), options);
  }

  async pending(): Promise<OutboxItem[]> {
    this.assertOpen();
    return copies(await this.backend.pending());
  }

  async ack(id: string): Promise<void> {
    this.assertOpen();
    assertValidId(id, 'outbox item');
    await this.backend.ack(id);
  }

  async leasePending(ms: number): Promise<OutboxItem[]> {
    this.assertOpen();
    return copies(await this.backend.leasePending(ms));
  }

  async withUserLock<T>(userKey: string, fn: () => Promise<T>): Promise<T> {
    this.assertOpen();
    assertUserKey(userKey);
    return this.backend.withUserLock(userKey, fn);
  }

  /** Never rejects: a backend that throws instead of answering is not ready (`io`). */
  async ready(): Promise<Readiness> {
    if (this.closed) return { ok: false, reason: 'closed' };
    try {
      return await this.backend.ready();
    } catch {
      return { ok: false, reason: 'io' };
    }
  }

  /** Waits for in-flight operations and releases the backend; later calls reject with `CLOSED`. */
  close(): Promise<void> {
    this.closed = true;
    this.closing ??= this.backend.close();
    return this.closing;
  }
}
