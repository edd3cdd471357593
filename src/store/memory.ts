import { KeyedMutex } from './locks.js';
import { Namer } from './names.js';
import type { CaseMeta, CaseRecord, Deadline, DeadlineKind, LogEntry } from '../domain/case.js';
import { GuardedStore, REMOVE_DOC, type StoreBackend } from './guarded.js';
import { byDue, dueBefore, isPending, byCreatedThenId, matchesFilter, mergeMeta, newTurnEntries, redactEntries, StoreError, type CaseFilter, type OutboxItem, type Readiness } from './store.js';

/** Everything in maps; the guard layer (guarded.ts) copies what goes in and out. */
class MemoryBackend implements StoreBackend {
  readonly names = Namer.unkeyed();
  readonly where = '(in memory)';
  readonly #users = new Map<string, string>();
  readonly #cases = new Map<string, CaseRecord>();
  readonly #outbox = new Map<string, OutboxItem>();
  readonly #docs = new Map<string, unknown>();
  readonly #deadlines = new Map<string, Deadline>();
  readonly #docLocks = new KeyedMutex();

  async loadUserJson(userKey: string): Promise<string | undefined> {
    return this.#users.get(userKey);
  }

  async saveUserJson(userKey: string, json: string): Promise<void> {
    this.#users.set(userKey, json);
  }

  async createCase(record: CaseRecord): Promise<void> {
    if (this.#cases.has(record.meta.id)) throw new StoreError('ALREADY_EXISTS', `Case ${record.meta.id} already exists.`);
    this.#cases.set(record.meta.id, record);
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    return this.#cases.get(caseId);
  }

  async appendLog(caseId: string, entries: LogEntry[]): Promise<void> {
    const record = this.#mustGet(caseId);
    record.log.push(...newTurnEntries(record.log, entries));
  }

  async redactLog(caseId: string, match: (entry: LogEntry, index: number) => boolean, replace: (entry: LogEntry) => LogEntry, redaction: LogEntry): Promise<number> {
    const record = this.#mustGet(caseId);
    const { log, count } = redactEntries(record.log, match, replace);
    if (count === 0) return 0;
    record.log = [...log, redaction];
    return count;
  }

  async modifyCaseMeta(caseId: string, decide: (meta: CaseMeta) => Partial<CaseMeta> | undefined): Promise<{ meta: CaseMeta; changed: boolean }> {
    const record = this.#mustGet(caseId);
    const patch = decide(record.meta);
    if (patch !== undefined) record.meta = mergeMeta(record.meta, patch);
    return { meta: record.meta, changed: patch !== undefined };
  }

  async deleteCase(caseId: string): Promise<void> {
    this.#cases.delete(caseId);
  }

  async addDeadline(d: Deadline): Promise<boolean> {
    if (this.#deadlines.has(d.id)) return false;
    this.#deadlines.set(d.id, d);
    return true;
  }

  async pendingDeadlines(dueBy?: string): Promise<Deadline[]> {
    return [...this.#deadlines.values()].filter((d) => isPending(d) && dueBefore(d, dueBy)).sort(byDue);
  }

  async fireDeadline(id: string, at: string): Promise<boolean> {
    const d = this.#deadlines.get(id);
    if (!d || !isPending(d)) return false;
    this.#deadlines.set(id, { ...d, firedAt: at });
    return true;
  }

  async cancelDeadlines(caseId: string, kinds: readonly DeadlineKind[] | undefined, at: string): Promise<number> {
    let n = 0;
    for (const d of this.#deadlines.values()) {
      if (d.caseId === caseId && isPending(d) && (!kinds || kinds.includes(d.kind))) {
        this.#deadlines.set(d.id, { ...d, cancelledAt: at });
        n += 1;
      }
    }
    return n;
  }

  async getDoc(name: string): Promise<unknown> {
    return this.#docs.get(name);
  }

  async putDoc(name: string, value: unknown): Promise<void> {
    this.#docs.set(name, value);
  }

  async deleteDoc(name: string): Promise<void> {
    this.#docs.delete(name);
  }

  async docNames(prefix: string): Promise<string[]> {
    return [...this.#docs.keys()].filter((name) => name.startsWith(prefix)).sort();
  }

  modifyDoc(name: string, change: (current: unknown) => unknown): Promise<{ value: unknown; changed: boolean }> {
    return this.#docLocks.run(name, async () => {
      const current = this.#docs.get(name);
      const next = change(current);
      if (next === undefined) return { value: current, changed: false };
      if (next === REMOVE_DOC) {
        this.#docs.delete(name);
        return { value: undefined, changed: true };
      }
      this.#docs.set(name, next);
      return { value: next, changed: true };
    });
  }

  withUserLock<T>(_userKey: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async listCases(filter: CaseFilter | undefined): Promise<CaseMeta[]> {
    return [...this.#cases.values()]
      .map((record) => record.meta)
      .filter((meta) => matchesFilter(meta, filter))
      .sort(byCreatedThenId);
  }

  async enqueue(item: OutboxItem): Promise<void> {
    this.#outbox.set(item.id, item);
  }

  async pending(): Promise<OutboxItem[]> {
    return [...this.#outbox.values()].sort(byCreatedThenId);
  }

  leasePending(_ms: number): Promise<OutboxItem[]> {
    return this.pending();
  }

  async ack(id: string): Promise<void> {
    this.#outbox.delete(id);
  }

  async verify(): Promise<void> {
    // Nothing can be damaged in memory.
  }

  async verifyServe(): Promise<void> {
    // Nothing can be damaged in memory.
  }

  async sweep(): Promise<void> {
    // Nothing can be damaged in memory.
  }

  async ready(): Promise<Readiness> {
    return { ok: true };
  }

  async close(): Promise<void> {
    // Nothing to release.
  }

  #mustGet(caseId: string): CaseRecord {
    const record = this.#cases.get(caseId);
    if (record === undefined) throw new StoreError('NOT_FOUND', `Case ${caseId} does not exist.`);
    return record;
  }
}

/**
 * A {@link Store} held in memory, for fast unit tests of code that uses a store. It has the same
 * guard layer as the file and PostgreSQL stores (id validation, error codes, JSON copies in and
 * out), so code tested against it behaves the same in production. Nothing survives the process.
 */
export class MemoryStore extends GuardedStore {
  constructor() {
    super(new MemoryBackend());
  }

  /** Only one process uses it: what {@link pending} returns (so a stand-in that overrides `pending` is used). */
  override leasePending(_ms: number): Promise<OutboxItem[]> {
    return this.pending();
  }
}
