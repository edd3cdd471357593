import { KeyedMutex } from './locks.js';
import { Namer } from './names.js';
import type { CaseMeta, CaseRecord, Deadline, DeadlineKind, LogEntry } from '../domain/case.js';
import {
  assertValidId,
  byDue,
  isPending,
  byCreatedThenId,
  closedError,
  jsonCopy,
  matchesFilter,
  mergeMeta,
  newTurnEntries,
  redactEntries,
  StoreError,
  type CaseFilter,
  type OutboxItem,
  type Store,
} from './store.js';

/**
 * A {@link Store} held in memory, for fast unit tests of code that uses a store. It follows
 * the same rules as the file store (id validation, error codes, JSON copies in and out), so
 * code tested against it behaves the same in production. Nothing survives the process.
 */
export class MemoryStore implements Store {
  readonly names = Namer.unkeyed();
  readonly #users = new Map<string, unknown>();
  readonly #cases = new Map<string, CaseRecord>();
  readonly #outbox = new Map<string, OutboxItem>();
  readonly #docs = new Map<string, unknown>();
  readonly #deadlines = new Map<string, Deadline>();
  readonly #docLocks = new KeyedMutex();
  #closed = false;

  async loadUser<T>(userKey: string): Promise<T | undefined> {
    this.#assertOpen();
    if (!this.#users.has(userKey)) return undefined;
    return jsonCopy(this.#users.get(userKey)) as T;
  }

  async saveUser<T>(userKey: string, state: T): Promise<void> {
    this.#assertOpen();
    this.#users.set(userKey, jsonCopy(state));
  }

  async createCase(meta: CaseMeta, firstEntries: LogEntry[] = []): Promise<void> {
    this.#assertOpen();
    assertValidId(meta.id, 'case');
    if (this.#cases.has(meta.id)) {
      throw new StoreError('ALREADY_EXISTS', `Case ${meta.id} already exists.`);
    }
    this.#cases.set(meta.id, jsonCopy({ meta, log: firstEntries }));
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    this.#assertOpen();
    assertValidId(caseId, 'case');
    const record = this.#cases.get(caseId);
    return record === undefined ? undefined : jsonCopy(record);
  }

  async appendLog(caseId: string, entries: LogEntry[]): Promise<void> {
    this.#assertOpen();
    const record = this.#mustGet(caseId);
    record.log.push(...newTurnEntries(record.log, jsonCopy(entries)));
  }

  async redactLog(caseId: string, match: (entry: LogEntry, index: number) => boolean, replace: (entry: LogEntry) => LogEntry, redaction: LogEntry): Promise<number> {
    this.#assertOpen();
    const record = this.#mustGet(caseId);
    const { log, count } = redactEntries(record.log, match, replace);
    if (count === 0) return 0;
    record.log = [...log, jsonCopy(redaction)];
    return count;
  }

  async updateCaseMeta(caseId: string, patch: Partial<CaseMeta>): Promise<CaseMeta> {
    this.#assertOpen();
    const record = this.#mustGet(caseId);
    record.meta = mergeMeta(record.meta, patch);
    return jsonCopy(record.meta);
  }

  async modifyCaseMeta(caseId: string, decide: (meta: CaseMeta) => Partial<CaseMeta> | undefined): Promise<{ meta: CaseMeta; changed: boolean }> {
    this.#assertOpen();
    const record = this.#mustGet(caseId);
    const patch = decide(jsonCopy(record.meta));
    if (patch !== undefined) record.meta = mergeMeta(record.meta, patch);
    return { meta: jsonCopy(record.meta), changed: patch !== undefined };
  }

  async deleteCase(caseId: string): Promise<void> {
    this.#assertOpen();
    assertValidId(caseId, 'case');
    this.#cases.delete(caseId);
  }

  async addDeadline(d: Deadline): Promise<boolean> {
    this.#assertOpen();
    assertValidId(d.id, 'deadline');
    if (this.#deadlines.has(d.id)) return false;
    this.#deadlines.set(d.id, jsonCopy(d));
    return true;
  }

  async pendingDeadlines(): Promise<Deadline[]> {
    this.#assertOpen();
    return [...this.#deadlines.values()].filter(isPending).sort(byDue).map((d) => jsonCopy(d));
  }

  async fireDeadline(id: string, at: string): Promise<boolean> {
    this.#assertOpen();
    const d = this.#deadlines.get(id);
    if (!d || !isPending(d)) return false;
    d.firedAt = at;
    return true;
  }

  async cancelDeadlines(caseId: string, kinds: readonly DeadlineKind[] | undefined, at: string): Promise<number> {
    this.#assertOpen();
    let n = 0;
    for (const d of this.#deadlines.values()) {
      if (d.caseId === caseId && isPending(d) && (!kinds || kinds.includes(d.kind))) {
        d.cancelledAt = at;
        n += 1;
      }
    }
    return n;
  }

  async getDoc<T>(name: string): Promise<T | undefined> {
    this.#assertOpen();
    assertValidId(name, 'document');
    return this.#docs.has(name) ? (jsonCopy(this.#docs.get(name)) as T) : undefined;
  }

  async putDoc<T>(name: string, value: T): Promise<void> {
    this.#assertOpen();
    assertValidId(name, 'document');
    this.#docs.set(name, jsonCopy(value));
  }

  async deleteDoc(name: string): Promise<void> {
    this.#assertOpen();
    assertValidId(name, 'document');
    this.#docs.delete(name);
  }

  async docNames(prefix: string): Promise<string[]> {
    this.#assertOpen();
    return [...this.#docs.keys()].filter((name) => name.startsWith(prefix)).sort();
  }

  async modifyDoc<T>(name: string, change: (current: T | undefined) => T | undefined): Promise<{ value: T | undefined; changed: boolean }> {
    this.#assertOpen();
    assertValidId(name, 'document');
    return this.#docLocks.run(name, async () => {
      const current = await this.getDoc<T>(name);
      const next = change(current === undefined ? undefined : jsonCopy(current));
      if (next === undefined) return { value: current, changed: false };
      await this.putDoc(name, next);
      return { value: jsonCopy(next), changed: true };
    });
  }

  async withUserLock<T>(_userKey: string, fn: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    return fn();
  }

  async leasePending(_ms: number): Promise<OutboxItem[]> {
    return this.pending();
  }

  async listCases(filter?: CaseFilter): Promise<CaseMeta[]> {
    this.#assertOpen();
    return [...this.#cases.values()]
      .map((record) => record.meta)
      .filter((meta) => matchesFilter(meta, filter))
      .sort(byCreatedThenId)
      .map((meta) => jsonCopy(meta));
  }

  async enqueue(item: OutboxItem): Promise<void> {
    this.#assertOpen();
    assertValidId(item.id, 'outbox item');
    this.#outbox.set(item.id, jsonCopy(item));
  }

  async pending(): Promise<OutboxItem[]> {
    this.#assertOpen();
    return [...this.#outbox.values()].sort(byCreatedThenId).map((item) => jsonCopy(item));
  }

  async ack(id: string): Promise<void> {
    this.#assertOpen();
    assertValidId(id, 'outbox item');
    this.#outbox.delete(id);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw closedError('(in memory)');
  }

  #mustGet(caseId: string): CaseRecord {
    assertValidId(caseId, 'case');
    const record = this.#cases.get(caseId);
    if (record === undefined) throw new StoreError('NOT_FOUND', `Case ${caseId} does not exist.`);
    return record;
  }
}
