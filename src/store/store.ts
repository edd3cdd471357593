import type { Namer } from './names.js';
import type { CaseMeta, CaseRecord, Deadline, DeadlineKind, LogEntry } from '../domain/case.js';

/**
 * A message waiting to be delivered to a channel (e.g. a notification to the
 * aandachtsfunctionaris). Kept in the store so it survives a restart until acknowledged.
 */
export interface OutboxItem {
  /** Unique id; must match {@link ID_PATTERN} because it becomes a file name. */
  id: string;
  /** What kind of delivery this is; interpreted by the sender, not by the store. */
  kind: string;
  /** ISO timestamp; {@link Store.pending} returns items oldest first. */
  createdAt: string;
  /** Anything JSON-serialisable the sender needs. */
  payload: unknown;
  /** How many delivery attempts were made so far. */
  attempts: number;
  /** Not to be tried before this ISO time (a platform asked us to wait, or a back-off); set by the sender. */
  notBefore?: string;
  /**
   * Per destination (a sink's name): delivered there already, or the failed attempts there and the
   * kind of the last failure. Kept by the sender, so a retry goes only where the item is still owed.
   */
  sinks?: Record<string, { delivered?: boolean; attempts: number; last?: string }>;
}

/** Options of {@link Store.saveUser}. */
export interface SaveOptions {
  /**
   * Leave no earlier version behind: the file store otherwise keeps recent versions until it rewrites the file,
   * and PostgreSQL keeps the old row version until the table is vacuumed (with erase it is, at once).
   */
  erase?: boolean;
}

/**
 * Options of a turn's writes before its user's state is saved: {@link Store.appendLog}, {@link Store.updateCaseMeta},
 * {@link Store.modifyCaseMeta}, {@link Store.addDeadline}, {@link Store.cancelDeadlines} and {@link Store.enqueue}.
 */
export interface TurnWriteOptions {
  /**
   * Part of a turn whose user state is saved next, before the turn is answered ({@link Store.saveUser}): the
   * change need not reach the disk on its own. PostgreSQL then commits them without waiting for its
   * write-ahead log to be flushed; the state's commit that follows waits for that flush, which takes every
   * earlier commit with it (the log is written in order). A crash before that commit can lose them, but then
   * the turn was not answered, and the same input again (same turn id) writes them anew (a meta patch is
   * applied again alike). One flush per turn instead of one per write. The file store does not sync its files and has nothing to leave out.
   */
  beforeUserSave?: boolean;
  /**
   * The user key whose turn this is, written under their lock ({@link Store.withUserLock}). PostgreSQL takes a few
   * log numbers in the lock's own round trip and numbers this turn's entries with them: numbers taken after the
   * lock was granted are higher than any of that user's earlier turns took. With `beforeUserSave` it holds the
   * entries and writes them with the user's state in one statement; a missing case is then reported by that save
   * (or, without a save, when the lock is released).
   */
  turnOf?: string;
}

/** Filter for {@link Store.listCases}; all given conditions must hold. */
export interface CaseFilter {
  /** Only cases of this reporter. */
  owner?: string;
  /** Only cases in one of these states. An empty list matches nothing. */
  status?: CaseMeta['status'][];
  /** Only cases still in hand (see {@link isInHand}): what the aandachtsfunctionaris's lists show. */
  inHand?: boolean;
}

/**
 * Whether a case is still in hand: not closed by the aandachtsfunctionaris, and either still open
 * or closed by its reporter against the framework's advice (it stays on the lead's list until a
 * lead closes it). Most stored cases are not: the file store keeps only these in memory.
 */
export function isInHand(meta: CaseMeta): boolean {
  return (meta.lead ?? 'nieuw') !== 'gesloten' && (meta.closedAt === undefined || meta.deviation === true);
}

/**
 * The persistence layer: conversation state per user, cases with their append-only log, and
 * the outbox. Everything handed in is copied as JSON, and everything handed out is a fresh copy,
 * so callers can never change stored data by mutating objects. Values go through JSON, so
 * e.g. a `Date` comes back as an ISO string and `undefined` properties disappear.
 *
 * Errors are {@link StoreError}s with a stable {@link StoreErrorCode}.
 */
export interface Store {
  /** Names of documents about a user (profile-…, inbox-…): keyed pseudonyms of the user key, see names.ts. */
  readonly names: Namer;
  /** Conversation state of one user (any JSON-serialisable object), or undefined. */
  loadUser<T>(userKey: string): Promise<T | undefined>;
  /**
   * Replaces the conversation state of one user. Rejects with `CORRUPT_FILE` (and leaves the
   * file alone) if the user's existing data file cannot be read. With `erase`, no earlier version
   * of the state is left behind in the store's own files either (after something was taken out
   * of it, such as a deleted case).
   */
  saveUser<T>(userKey: string, state: T, options?: SaveOptions): Promise<void>;
  /**
   * Creates a case; rejects with StoreError if the id already exists (`ALREADY_EXISTS`) or is
   * not a valid id (`INVALID_ID`).
   */
  createCase(meta: CaseMeta, firstEntries?: LogEntry[], options?: TurnWriteOptions): Promise<void>;
  /** The case with its full log, or undefined if there is no such case. */
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  /**
   * Append-only: entries are added at the end; never removed, and changed only by {@link redactLog}. An entry with a `turn`
   * id that an entry already in the log carries is left out (a turn replayed after a crash), so a
   * turn must append all of its entries for one case in one call. Rejects with `NOT_FOUND` if the
   * case does not exist.
   */
  appendLog(caseId: string, entries: LogEntry[], options?: TurnWriteOptions): Promise<void>;
  /**
   * Shallow-merges patch into meta (id, ref, owner, createdAt cannot change), sets updatedAt
   * from patch or keeps it. Values for `id`, `ref`, `owner` and `createdAt` in the patch are
   * ignored, as is `undefined` for a required field; `undefined` for an optional field
   * (`sector`, `outcome`) removes it. Resolves with the new meta; rejects with `NOT_FOUND`
   * if the case does not exist.
   */
  updateCaseMeta(caseId: string, patch: Partial<CaseMeta>, options?: TurnWriteOptions): Promise<CaseMeta>;
  /**
   * Reads the meta and applies the patch that `decide` returns, in one step under the case's
   * lock (compare-and-set): `decide` returning undefined leaves the case unchanged. Used where
   * two people may act at once, such as claiming a case.
   */
  modifyCaseMeta(caseId: string, decide: (meta: CaseMeta) => Partial<CaseMeta> | undefined, options?: TurnWriteOptions): Promise<{ meta: CaseMeta; changed: boolean }>;
  /**
   * Redaction, the one exception to append-only: every entry for which `match` holds is replaced
   * by what `replace` makes of it, and `redaction` (who, when, why; never the removed text) is
   * appended, in one step under the case's lock. No earlier version of the replaced entries is left
   * in the store's own data (the file store rewrites the case file; PostgreSQL updates the rows and
   * vacuums the table). Resolves with how many entries were replaced; when none matched, nothing is
   * written (so a redaction of an entry changed meanwhile does nothing). Rejects with `NOT_FOUND`
   * if the case does not exist.
   */
  redactLog(caseId: string, match: (entry: LogEntry, index: number) => boolean, replace: (entry: LogEntry) => LogEntry, redaction: LogEntry): Promise<number>;
  /** Removes a case file for good (retention, or deletion by an aandachtsfunctionaris). Unknown ids are ignored. */
  deleteCase(caseId: string): Promise<void>;
  /** Adds a deadline; returns false (and changes nothing) when one with that id exists already. */
  addDeadline(d: Deadline, options?: TurnWriteOptions): Promise<boolean>;
  /**
   * Deadlines neither fired nor cancelled, earliest first; with `dueBy` (an ISO time) only those due
   * by then (what the scheduler asks: a store need not hold far deadlines in memory to answer it).
   */
  pendingDeadlines(dueBy?: string): Promise<Deadline[]>;
  /** Compare-and-set: marks a pending deadline fired; true only for the one caller that did it. */
  fireDeadline(id: string, at: string): Promise<boolean>;
  /** Cancels a case's pending deadlines (of the given kinds, or all); returns how many. */
  cancelDeadlines(caseId: string, kinds: readonly DeadlineKind[] | undefined, at: string, options?: TurnWriteOptions): Promise<number>;
  /** A small named document (settings, conversation references), or undefined. `name` matches ID_PATTERN. */
  getDoc<T>(name: string): Promise<T | undefined>;
  /** Stores a small named document, replacing any earlier value. */
  putDoc<T>(name: string, value: T): Promise<void>;
  /**
   * Removes a named document for good: it then reads as undefined, as if never written (the file
   * store removes its file and records the removal like a deleted case). Unknown names are ignored.
   */
  deleteDoc(name: string): Promise<void>;
  /** Names of the stored documents that start with `prefix`, sorted. */
  docNames(prefix: string): Promise<string[]>;
  /**
   * Compare-and-set on a named document, under a lock every process sharing the store respects:
   * `change` gets the current value (undefined when absent) and returns the new one, or undefined
   * to leave it as it is. Resolves with the value now stored and whether it changed.
   */
  modifyDoc<T>(name: string, change: (current: T | undefined) => T | undefined): Promise<{ value: T | undefined; changed: boolean }>;
  /**
   * Compare-and-set on an existing document that may also remove it, under the same lock as
   * {@link modifyDoc}: `prune` gets the current value (not called when there is none) and returns
   * what to keep, `null` to delete the document (as {@link deleteDoc} does), or undefined to leave
   * it as it is. Resolves with the value now stored (undefined once deleted) and whether it changed.
   * Used for documents that collect items with an end, such as the one-time dossier tickets.
   */
  pruneDoc<T>(name: string, prune: (current: T) => T | null | undefined): Promise<{ value: T | undefined; changed: boolean }>;
  /**
   * All case metas (no logs), optionally filtered by owner and/or status list.
   * Sorted by `createdAt`, then `id`.
   */
  listCases(filter?: CaseFilter): Promise<CaseMeta[]>;
  /**
   * Stores an outbox item. An item with the same id is replaced, which is how a sender records
   * another delivery attempt.
   */
  enqueue(item: OutboxItem, options?: TurnWriteOptions): Promise<void>;
  /** All items not yet acknowledged, oldest `createdAt` first (then by id). */
  pending(): Promise<OutboxItem[]>;
  /** Removes a delivered outbox item. Acknowledging an unknown id does nothing. */
  ack(id: string): Promise<void>;
  /**
   * Whether the store answers now (for `/readyz`): PostgreSQL runs a `SELECT 1`, the file store
   * writes, syncs and removes a small probe file in its data folder. Never rejects; bounded in time.
   */
  ready(): Promise<Readiness>;
  /**
   * The integrity sweep, run in the background once the server serves: checks what start-up left
   * unread (the file store: every case and deadline file, and that every file the data folder
   * recorded is there), as a tool's full check does, but hands each damaged, undecryptable, rolled
   * back or missing file to `found` and goes on with the rest. Nothing is changed or removed. A
   * deadline file found damaged is left out of the pending deadlines; every other read of a damaged
   * file keeps failing with `CORRUPT_FILE`. Rejects only when the store cannot be read at all (an
   * outage). PostgreSQL and memory: nothing to do (PostgreSQL checks its rows at start-up).
   */
  sweep(found: (damage: DamagedFile) => void): Promise<void>;
  /**
   * Waits for in-flight operations to finish and releases resources. Any later call rejects
   * with `CLOSED`.
   */
  close(): Promise<void>;

  /**
   * Runs `fn` while holding a lock on `userKey` that every process sharing the store respects, so
   * two instances never interleave one user's turns (a store only one process uses just runs it).
   * Callers still serialise within their own process first (the lock is not re-entrant across calls).
   */
  withUserLock<T>(userKey: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Leases the pending outbox items no one else holds a lease on, for `ms` milliseconds, oldest
   * first: two dispatchers never get the same item while it is leased. `ack` removes an item;
   * `enqueue` of an existing id (e.g. counting a failed attempt, or handing an item back) clears
   * its lease. An item whose lease ran out (a crashed sender) is leased again. A store only one
   * process uses returns what {@link pending} does.
   */
  leasePending(ms: number): Promise<OutboxItem[]>;
}

/**
 * Why a store is not ready, as a short code safe to show to a load balancer (no path, host or error
 * text): `unreachable` (the database cannot be reached or refused the check), `timeout` (no answer
 * in time), `disk_full` (no space left to write), `not_writable` (the data folder refuses writes),
 * `io` (another read or write failure), `closed` (the store was closed).
 */
export type NotReadyReason = 'unreachable' | 'timeout' | 'disk_full' | 'not_writable' | 'io' | 'closed';

/**
 * Why the integrity sweep refused a data file: `damaged` (it does not read back: broken text, an
 * unexpected shape, a line the store did not write), `undecryptable` (a line does not decrypt with
 * the folder's key: changed, or moved from elsewhere), `rolled_back` (not the version the data
 * folder recorded: an older copy, cut short, or put back after it was deleted), `missing` (recorded,
 * but gone).
 */
export type DamageReason = 'damaged' | 'undecryptable' | 'rolled_back' | 'missing';

/** A data file the integrity sweep refused ({@link Store.sweep}): its path inside the data folder, never its content. */
export interface DamagedFile {
  file: string;
  reason: DamageReason;
}

/** What {@link Store.ready} resolves with. */
export type Readiness = { ok: true } | { ok: false; reason: NotReadyReason };

/** How long a readiness check may take before it counts as `timeout`. */
export const READY_TIMEOUT_MS = 2_000;

/**
 * Whether an error means the store cannot be used just now (a database connection lost or refused,
 * a disk full or failing): the user is asked to try again in a moment, and nothing was confirmed.
 * Damaged data (`CORRUPT_FILE`) and wrong use (`INVALID_ID`, …) are not outages.
 */
export function isStoreOutage(err: unknown): boolean {
  return err instanceof StoreError && err.code === 'IO';
}

/**
 * Stable, machine-readable reason of a {@link StoreError}. Callers branch on this, never on
 * the message.
 * - `CORRUPT_FILE`: a data file holds invalid JSON or not the expected shape; it was left untouched.
 * - `NOT_FOUND`: the case to change does not exist.
 * - `IO`: the file system refused a read or write.
 * - `ALREADY_EXISTS`: `createCase` with an id that is taken.
 * - `INVALID_ID`: a case or outbox id that does not match {@link ID_PATTERN}.
 * - `CLOSED`: the store was used after `close()`.
 */
export type StoreErrorCode =
  | 'CORRUPT_FILE'
  | 'NOT_FOUND'
  | 'IO'
  | 'ALREADY_EXISTS'
  | 'INVALID_ID'
  | 'CLOSED';

/** Failure of a {@link Store} operation. The message is meant for an operator's log. */
export class StoreError extends Error {
  /** Stable reason; see {@link StoreErrorCode}. */
  readonly code: StoreErrorCode;
  /** The data file concerned, when there is one. */
  readonly path: string | undefined;

  constructor(code: StoreErrorCode, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreError';
    this.code = code;
    this.path = options.path;
  }
}

/**
 * Allowed case and outbox ids. Ids become file names, so this also rules out path traversal
 * (`../x`), hidden files and separators.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws `INVALID_ID` unless `id` matches {@link ID_PATTERN}. */
export function assertValidId(id: unknown, what: 'case' | 'outbox item' | 'document' | 'deadline'): asserts id is string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    // JSON.stringify so control characters or huge input cannot garble the log line.
    const shown = JSON.stringify(String(id).slice(0, 80));
    throw new StoreError('INVALID_ID', `Invalid ${what} id ${shown}: ids must match ${ID_PATTERN.source}.`);
  }
}

/**
 * Copies a value the way storing it would: through JSON. Used on every way in and out so
 * callers cannot reach stored objects, and so the in-memory store behaves like the file store.
 */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(jsonText(value)) as T;
}

/** The JSON a value is stored as; throws like {@link jsonCopy} for what JSON cannot hold. */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) {
    throw new TypeError('Store: value is not JSON-serialisable (undefined, a function or a symbol).');
  }
  return text;
}

/** Immutable meta fields, restored after a patch is merged. */
const FIXED_META_KEYS = ['id', 'ref', 'owner', 'createdAt'] as const;
/** Meta fields that may be absent; `undefined` in a patch removes them. */
const OPTIONAL_META_KEYS: ReadonlySet<string> = new Set<keyof CaseMeta>(['sector', 'outcome', 'claimedBy', 'claimedByName', 'claimedAt', 'lead', 'closedAt']);

/**
 * Applies {@link Store.updateCaseMeta}'s merge rules. Shared by both stores so they cannot
 * drift apart. Returns a new object; `meta` is not modified.
 */
export function mergeMeta(meta: CaseMeta, patch: Partial<CaseMeta>): CaseMeta {
  const merged: Record<string, unknown> = { ...meta };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      if (OPTIONAL_META_KEYS.has(key)) delete merged[key];
      continue;
    }
    merged[key] = value;
  }
  for (const key of FIXED_META_KEYS) merged[key] = meta[key];
  return jsonCopy(merged) as unknown as CaseMeta;
}

/** Whether `meta` passes a {@link CaseFilter}. */
export function matchesFilter(meta: CaseMeta, filter: CaseFilter | undefined): boolean {
  if (filter?.owner !== undefined && meta.owner !== filter.owner) return false;
  if (filter?.status !== undefined && !filter.status.includes(meta.status)) return false;
  if (filter?.inHand === true && !isInHand(meta)) return false;
  return true;
}

/**
 * The turn ids of a log held in memory (the file store's cached case, the memory store's) and how many of its
 * entries they cover: a log only grows, so each call reads just the entries added since the last, instead of the
 * whole log on every turn.
 */
const turnsOfLog = new WeakMap<readonly { turn?: unknown }[], { turns: Set<unknown>; read: number }>();

/** `entries` without those of a turn that `log` already has (see {@link Store.appendLog}). */
export function newTurnEntries(log: readonly { turn?: unknown }[], entries: LogEntry[]): LogEntry[] {
  if (!entries.some((e) => e.turn !== undefined)) return entries;
  let known = turnsOfLog.get(log);
  // A log that is shorter than what was read of it was not only appended to: read it again.
  if (known === undefined || known.read > log.length) turnsOfLog.set(log, (known = { turns: new Set(), read: 0 }));
  for (let i = known.read; i < log.length; i++) {
    const turn = log[i]?.turn;
    if (turn !== undefined) known.turns.add(turn);
  }
  known.read = log.length;
  const done = known.turns;
  return entries.filter((e) => e.turn === undefined || !done.has(e.turn));
}

/**
 * The log after {@link Store.redactLog}'s `match` and `replace`, with how many entries were
 * replaced. Each replacement goes through JSON like everything stored; `log` is not modified.
 */
export function redactEntries(log: readonly LogEntry[], match: (entry: LogEntry, index: number) => boolean, replace: (entry: LogEntry) => LogEntry): { log: LogEntry[]; count: number } {
  let count = 0;
  const next = log.map((entry, index) => {
    if (!match(jsonCopy(entry), index)) return entry;
    count += 1;
    return jsonCopy(replace(jsonCopy(entry)));
  });
  return { log: next, count };
}

/** Sort order of {@link Store.listCases} and {@link Store.pending}: `createdAt`, then `id`. */
export function byCreatedThenId(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** The `CLOSED` error, worded once for both stores. */
export function closedError(where: string): StoreError {
  return new StoreError('CLOSED', `Store ${where} has been closed; open a new one.`);
}

/** Whether a deadline still has to fire. */
export function isPending(d: Deadline): boolean {
  return d.firedAt === undefined && d.cancelledAt === undefined;
}

/** Whether `d` is due by `dueBy` (an ISO time; undefined: any time), as {@link Store.pendingDeadlines} selects. */
export function dueBefore(d: Deadline, dueBy: string | undefined): boolean {
  return dueBy === undefined || Date.parse(d.dueAt) <= Date.parse(dueBy);
}

/** Order of {@link Store.pendingDeadlines}: due time, then id. */
export function byDue(a: Deadline, b: Deadline): number {
  return a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id);
}
