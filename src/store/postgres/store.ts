/**
 * The PostgreSQL {@link Store}, for running several instances of the assistant on one database.
 *
 * Tables (in one schema, created and upgraded by {@link migrate}):
 * - `users`: `key_hash` (the user key's keyed name, names.ts: the platform id never appears in a column),
 *   the encrypted state and a `version` used for compare-and-set;
 * - `cases`: id, `owner_hash` (the owner's keyed name), status, created_at/updated_at (ISO strings, for
 *   ordering and filtering) and the encrypted meta;
 * - `case_log`: the append-only log, one encrypted entry per row, ordered by `seq`; removed with
 *   its case (ON DELETE CASCADE);
 * - `outbox`: encrypted items with `created_at` and a `lease_until` for {@link PostgresStore.leasePending};
 * - `docs`: small named documents, encrypted;
 * - `deadlines`: id, case_id, kind and ISO times (no content, so plain columns);
 * - `store_meta`: the key check, and the naming scheme (`names`); `schema_migrations`: applied migrations.
 *
 * Every payload is JSON, encrypted with AES-256-GCM when a cipher is given, with `<table>/<key>` as
 * additional authenticated data (`case_log/<caseId>/<seq>` for log entries), so a payload copied
 * to another row does not decrypt.
 *
 * Safe for several processes: compare-and-set operations run in transactions with row locks
 * (`SELECT … FOR UPDATE`) or as single conditional statements; per-user turn locks are session
 * advisory locks on a separate pool of connections ({@link PostgresStore.withUserLock}).
 */
import pg from 'pg';
import type { CaseMeta, CaseRecord, Deadline, DeadlineKind, LogEntry } from '../../domain/case.js';
import { KeyedMutex } from '../locks.js';
import { Namer } from '../names.js';
import { isCaseMetaFor, isDocFile, isObject, isUserFile, type DocFile } from '../shapes.js';
import { GuardedStore, REMOVE_DOC, type StoreBackend } from '../guarded.js';
import { byCreatedThenId, closedError, jsonCopy, matchesFilter, mergeMeta, READY_TIMEOUT_MS, StoreError, type CaseFilter, type OutboxItem, type Readiness, type TurnWriteOptions } from '../store.js';
import { bySeq, CheckedRows, Db, DEFER_FLUSH, named, rowOf, type CheckedRow, type KnownState } from './db.js';
import * as q from './queue.js';
import { callback, DEFAULT_SCHEMA, IDLE_CONNECTION_MS, ioError, lockKey, migrate, notReadyReason, pgCode, ReadyTimeout, tablesOf, withAdvisoryLock, type PostgresStoreOptions } from './schema.js';

export type { PostgresStoreOptions } from './schema.js';

/** Compare-and-set attempts on a case's meta before deciding under the row's lock instead. */
const META_ATTEMPTS = 3;

/** Users whose last row is kept with its JSON ({@link PostgresBackend}'s `#states`): a few tens of kilobytes each at most. */
const STATES_KEPT = 500;
/** How many log numbers a user's lock takes for their turn (a turn's appends rarely hold more entries). */
const RESERVED_NUMBERS = 4;

/** A turn's append, held until the user's state is saved, to be written in the same statement ({@link PostgresBackend.appendLog}). */
interface HeldLog {
  caseId: string;
  entries: LogEntry[];
  /** Numbers taken under the lock, one per entry. */
  seqs: string[];
}

class PostgresBackend implements StoreBackend {
  readonly names: Namer;
  readonly where: string;
  readonly #pool: pg.Pool;
  readonly #lockPool: pg.Pool;
  readonly #schema: string;
  readonly #db: Db;
  /** In-process order: operations on one user, case, document or outbox item run in call order. */
  readonly #locks = new KeyedMutex();
  /** Operations started and not yet settled; `close` waits for them. */
  readonly #inflight = new Set<Promise<void>>();
  /**
   * Case metas as this process last read or wrote them, with the row's payload as it was then (unique per write:
   * a fresh IV each time): a change is made by one compare-and-set on that payload, where reading the row under
   * its lock first took three more round trips. A row changed elsewhere meanwhile fails the compare; the change
   * is then decided again on the row as it is, under its lock.
   */
  readonly #metas = new CheckedRows<{ payload: string; meta: CaseMeta }>();
  /**
   * What a user's lock round trip read ({@link withUserLock}), by the user's hashed key, while the lock is held:
   * - `row`: their row as it was right after the grant (null: no row), until the turn's first load takes it or
   *   a save makes it old (then undefined);
   * - `numbers`: log numbers for their turn's appends; unused ones are gaps in the log's order;
   * - `held`: the turn's append, until the state's save writes it with the state ({@link appendLog}).
   */
  readonly #locked = new Map<string, { row: CheckedRow | null | undefined; numbers: string[]; held?: HeldLog }>();
  /**
   * Per user (by hashed key), the row this process last wrote or read, with the state's JSON: a turn that reads
   * exactly that payload again takes the JSON instead of decrypting and parsing it. Equal payloads are equal
   * ciphertexts of the same row (the authenticated data is the row's key), so nothing goes unchecked that a
   * decryption would check. Bounded ({@link STATES_KEPT}); a row written elsewhere meanwhile is decoded.
   */
  readonly #states = new CheckedRows<KnownState>(STATES_KEPT);
  #renamed = 0;
  #closed = false;

  private constructor(url: string, opts: PostgresStoreOptions) {
    this.#schema = opts.schema ?? DEFAULT_SCHEMA;
    this.where = `on PostgreSQL schema "${this.#schema}"`;
    this.names = Namer.of(opts.cipher);
    const poolSize = Math.max(1, opts.poolSize ?? 10);
    const name = opts.applicationName ?? 'meldcode-assistent';
    // A database that cannot be reached fails the operation in bounded time (the user is asked to try again).
    const connectionTimeoutMillis = Math.max(1, opts.connectTimeoutMs ?? 5_000);
    const idleTimeoutMillis = Math.max(1, opts.idleTimeoutMs ?? IDLE_CONNECTION_MS);
    this.#pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: name, connectionTimeoutMillis, idleTimeoutMillis });
    const lockTimeout = Math.max(1, opts.lockTimeoutMs ?? 30_000);
    this.#lockPool = new pg.Pool({
      connectionString: url,
      max: Math.max(1, opts.lockPoolSize ?? poolSize),
      application_name: `${name}-locks`,
      lock_timeout: lockTimeout,
      idleTimeoutMillis,
      // pg-pool counts the wait for a free connection too, and this pool's are held for whole turns: under
      // load a turn may wait for others as long as for a user lock (a refused connection still fails at once).
      connectionTimeoutMillis: Math.max(connectionTimeoutMillis, lockTimeout),
    });
    // An idle connection that drops (database restart, a terminated backend) must not crash the
    // process: the pool removes it, and the next query gets a fresh connection or fails with IO.
    const log = opts.log ?? (() => undefined);
    this.#pool.on('error', (err) => log('store.pg.idle.error', { kind: 'store', code: pgCode(err) ?? err.name }));
    this.#lockPool.on('error', (err) => log('store.pg.idle.error', { kind: 'locks', code: pgCode(err) ?? err.name }));
    // And never one in use: a connection dropping at a moment no listener of the pool's or of a guard is on it
    // (between two hand-overs, under load) would be an uncaught 'error'. The next query on it fails (IO).
    for (const pool of [this.#pool, this.#lockPool]) pool.on('connect', (client) => client.on('error', () => undefined));
    this.#db = new Db(this.#pool, this.#schema, tablesOf(this.#schema), opts.cipher, this.names);
  }

  /**
   * Connects, migrates the schema (unless `migrate: false`) and checks the data encryption key
   * against the one the data were written with. A wrong key stops here, before anything is written.
   */
  static async open(url: string, opts: PostgresStoreOptions): Promise<PostgresBackend> {
    const store = new PostgresBackend(url, opts);
    try {
      if (opts.migrate !== false) await migrate(store.#pool, store.#schema);
      const seq = await store.#db.query<{ name: string | null }>('find the case log sequence', 'SELECT pg_get_serial_sequence($1, $2) AS name', [store.#db.t.caseLog, 'seq']);
      const name = seq.rows[0]?.name;
      if (!name) throw new StoreError('IO', `PostgreSQL: schema "${store.#schema}" has no case_log table; run the migration (npm run migrate).`);
      store.#db.logSequence = name;
      await store.#db.checkKey();
      store.#renamed = await store.#db.rename();
    } catch (err) {
      await Promise.all([store.#pool.end(), store.#lockPool.end()]).catch(() => undefined);
      throw err;
    }
    return store;
  }

  /** How many rows were renamed to keyed names when this store opened (a schema of an earlier version). */
  get renamed(): number {
    return this.#renamed;
  }

  /** The schema this store uses. */
  get schema(): string {
    return this.#schema;
  }

  /** A `SELECT 1` on the store's pool, within {@link READY_TIMEOUT_MS}. */
  async ready(): Promise<Readiness> {
    if (this.#closed) return { ok: false, reason: 'closed' };
    let timer: NodeJS.Timeout | undefined;
    const check = this.#pool.query('SELECT 1');
    // Settled either way, so a late failure after the timeout is not an unhandled rejection.
    check.catch(() => undefined);
    try {
      await Promise.race([
        check,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new ReadyTimeout()), READY_TIMEOUT_MS);
          timer.unref();
        }),
      ]);
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: notReadyReason(err) };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Reads every case meta, outbox item and pending deadline once, so an undecryptable or damaged
   * row stops start-up with a clear message instead of failing later.
   */
  async verify(): Promise<void> {
    await this.listCases(undefined);
    await this.pending();
    await this.pendingDeadlines();
  }

  /** All of {@link verify}: the metas and pending rows are few columns, read in a few queries. */
  verifyServe(): Promise<void> {
    return this.verify();
  }

  /** Nothing left to check: start-up read every row ({@link verifyServe}). */
  async sweep(): Promise<void> {
    // Nothing to do.
  }

  // ---- users ----

  async loadUserJson(userKey: string): Promise<string | undefined> {
    const hash = this.names.name(userKey);
    return this.#op(`user:${hash}`, async () => {
      const locked = this.#locked.get(hash);
      const prefetched = locked?.row;
      if (locked) locked.row = undefined;
      const row =
        prefetched !== undefined
          ? (prefetched ?? undefined)
          : (await this.#db.query<CheckedRow>('load a user', `SELECT payload, version FROM ${this.#db.t.users} WHERE key_hash = $1`, [hash])).rows[0];
      if (row === undefined) return undefined;
      // The row this process last wrote or read, unchanged since: its state as the JSON it was then (no decryption,
      // nor a parse and a stringify of the state, on a turn of someone whose previous turn came here).
      const known = this.#states.get(hash);
      let json: string;
      if (known !== undefined && known.payload === row.payload) json = known.json;
      else {
        json = JSON.stringify(this.#db.decode('users', hash, row.payload, isUserFile).state);
        this.#states.remember(hash, { payload: row.payload, json });
      }
      this.#db.checked.remember(hash, row);
      return json;
    });
  }

  async saveUserJson(userKey: string, json: string, erase: boolean): Promise<void> {
    const hash = this.names.name(userKey);
    // The stored value is a UserFile, { state }, made from the state's JSON as it is (the guard made that JSON).
    const payload = this.#db.encodeJson('users', hash, `{"state":${json}}`);
    const locked = this.#locked.get(hash);
    if (locked) locked.row = undefined;
    const held = this.#takeHeld(hash);
    return this.#op(`user:${hash}`, async () => {
      const read = this.#db.checked.take(hash);
      this.#states.forget(hash);
      if (held === undefined) await this.#db.replaceChecked('users', 'key_hash', hash, payload, isUserFile, read);
      else await this.#locks.run(`case:${held.caseId}`, () => this.#saveWithHeld(hash, payload, read, held, erase));
      this.#states.remember(hash, { payload, json });
      // The row's earlier version (holding what was taken out) stays in the table until vacuumed.
      if (erase) await this.#db.vacuum('users');
    });
  }

  /**
   * The turn's held append and the user's state: one statement when the state's row is the one the turn read,
   * else (or when the log turns out to have the turn already) the append first, then the save, as without holding.
   */
  async #saveWithHeld(hash: string, payload: string, read: CheckedRow | undefined, held: HeldLog, erase: boolean): Promise<void> {
    let done: 'both' | 'logged' | 'neither' = 'neither';
    if (read !== undefined && !erase) done = await this.#db.saveUserWithLog(hash, payload, read, held.caseId, held.entries, held.seqs);
    if (done === 'both') return;
    if (done === 'neither') await this.#writeHeld(held);
    await this.#db.replaceChecked('users', 'key_hash', hash, payload, isUserFile, done === 'logged' ? undefined : read);
  }

  // ---- cases ----

  async createCase(record: CaseRecord, options: TurnWriteOptions): Promise<void> {
    const id = record.meta.id;
    return this.#op(`case:${id}`, async () => {
      const payload = this.#db.encode('cases', id, record.meta);
      const create = async (c: pg.Pool | pg.PoolClient, deferFlush = false): Promise<void> => {
        const r = await c.query(
          named(`INSERT INTO ${this.#db.t.cases} (id, owner_hash, status, created_at, updated_at, payload) ${rowOf('$1, $2, $3, $4, $5, $6', deferFlush)} ON CONFLICT (id) DO NOTHING`, [
            id,
            this.names.name(String(record.meta.owner)),
            String(record.meta.status),
            String(record.meta.createdAt),
            String(record.meta.updatedAt),
            payload,
          ]),
        );
        if (r.rowCount !== 1) throw new StoreError('ALREADY_EXISTS', `Case ${id} already exists (table ${this.#db.t.cases}).`, { path: `cases/${id}` });
      };
      // Without first entries (a turn's new case: its entries come with the turn's save) one statement is enough.
      if (record.log.length === 0) {
        try {
          await create(this.#pool, options.beforeUserSave === true);
        } catch (err) {
          throw ioError('create a case', err);
        }
      } else {
        await this.#db.tx('create a case', async (c) => {
          await create(c);
          await this.#db.insertLog(c, id, record.log);
        });
      }
      this.#metas.remember(id, { payload, meta: record.meta });
    });
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    return this.#op(`case:${caseId}`, async () => {
      await this.#writeHeldFor(caseId);
      // One statement, so meta and log come from the same snapshot.
      const row = (
        await this.#db.query<{ payload: string; log: [string, string][] }>(
          'read a case',
          `SELECT c.payload,
                  coalesce((SELECT json_agg(json_build_array(l.seq::text, l.entry) ORDER BY l.seq) FROM ${this.#db.t.caseLog} l WHERE l.case_id = c.id), '[]'::json) AS log
             FROM ${this.#db.t.cases} c WHERE c.id = $1`,
          [caseId],
        )
      ).rows[0];
      if (row === undefined) return undefined;
      const meta = this.#db.decode('cases', caseId, row.payload, isCaseMetaFor(caseId));
      this.#metas.remember(caseId, { payload: row.payload, meta });
      const log = row.log.map(([seq, entry]) => this.#db.decode('case_log', `${caseId}/${seq}`, entry, isObject) as unknown as LogEntry);
      return { meta, log };
    });
  }

  /**
   * A turn's append under its user's lock, with their state saved next (`turnOf`, `beforeUserSave`), is held and
   * written with that save in one statement ({@link Db.saveUserWithLog}): one round trip a turn less. A missing
   * case is then reported by that save. Held appends are written first where this process reads or changes the
   * case's log meanwhile, and when the lock is released without a save.
   */
  async appendLog(caseId: string, added: LogEntry[], options: TurnWriteOptions): Promise<void> {
    const hash = options.turnOf === undefined ? undefined : this.names.name(options.turnOf);
    const locked = hash === undefined ? undefined : this.#locked.get(hash);
    if (hash !== undefined && locked !== undefined && options.beforeUserSave === true && added.length > 0 && added.length <= locked.numbers.length && added.some((e) => typeof e.turn === 'string')) {
      this.#assertOpen();
      // One held append a turn: an earlier one (of another case) is written now.
      await this.#writeHeldOf(hash);
      locked.held = { caseId, entries: added, seqs: locked.numbers.splice(0, added.length) };
      return;
    }
    return this.#op(`case:${caseId}`, async () => {
      await this.#writeHeldFor(caseId);
      if (added.length === 0) {
        const exists = await this.#db.query('read a case', `SELECT 1 FROM ${this.#db.t.cases} WHERE id = $1`, [caseId]);
        if (exists.rowCount === 0) throw this.#db.notFound(caseId);
        return;
      }
      const numbers = options.turnOf === undefined ? undefined : this.#locked.get(this.names.name(options.turnOf))?.numbers;
      await this.#db.insertLog(this.#pool, caseId, added, { dedupe: true, deferFlush: options.beforeUserSave === true, ...(numbers ? { numbers } : {}) });
    });
  }

  async redactLog(caseId: string, match: (entry: LogEntry, index: number) => boolean, replace: (entry: LogEntry) => LogEntry, redaction: LogEntry): Promise<number> {
    const added = redaction;
    return this.#op(`case:${caseId}`, async () => {
      await this.#writeHeldFor(caseId);
      const count = await this.#db.tx('redact a case log', async (c) => {
        // The case row's lock keeps a concurrent redaction (or deletion) of this case out until commit.
        const exists = await c.query(`SELECT 1 FROM ${this.#db.t.cases} WHERE id = $1 FOR UPDATE`, [caseId]);
        if (exists.rowCount === 0) throw this.#db.notFound(caseId);
        const rows = (await c.query<{ seq: string; entry: string }>(`SELECT seq::text AS seq, entry FROM ${this.#db.t.caseLog} WHERE case_id = $1 ORDER BY seq`, [caseId])).rows;
        let n = 0;
        for (const [index, row] of rows.entries()) {
          const entry = this.#db.decode('case_log', `${caseId}/${row.seq}`, row.entry, isObject) as unknown as LogEntry;
          if (!callback(() => match(jsonCopy(entry), index))) continue;
          const next = jsonCopy(callback(() => replace(jsonCopy(entry))));
          await c.query(`UPDATE ${this.#db.t.caseLog} SET entry = $2 WHERE seq = $1`, [row.seq, this.#db.encode('case_log', `${caseId}/${row.seq}`, next)]);
          n += 1;
        }
        if (n > 0) await this.#db.insertLog(c, caseId, [added]);
        return n;
      });
      if (count > 0) await this.#db.vacuum('caseLog');
      return count;
    });
  }

  async modifyCaseMeta(caseId: string, decide: (meta: CaseMeta) => Partial<CaseMeta> | undefined, options: TurnWriteOptions): Promise<{ meta: CaseMeta; changed: boolean }> {
    return this.#op(`case:${caseId}`, async () => {
      // Decided on the meta as this process last saw it (else as the row is now), and written only if the row is still
      // that one; if it is not, the same statement reads the row as it is, to decide again on that. (Outside a
      // transaction: an error of the decision passes as it is.)
      let known = this.#metas.take(caseId);
      // A turn's change commits without waiting for the WAL flush: the user's state saved next does (TurnWriteOptions).
      const deferred = options.beforeUserSave === true ? ` FROM ${DEFER_FLUSH}` : '';
      for (let attempt = 0; attempt < META_ATTEMPTS; attempt++) {
        let current: string | null | undefined;
        const patch = known === undefined ? undefined : decide(known.meta);
        if (known !== undefined && patch !== undefined) {
          const next = mergeMeta(known.meta, patch);
          const payload = this.#db.encode('cases', caseId, next);
          const r = await this.#db.query<{ changed: number; current: string | null }>(
            'change a case',
            `WITH changed AS (UPDATE ${this.#db.t.cases} SET status = $2, updated_at = $3, payload = $4${deferred} WHERE id = $1 AND payload = $5 RETURNING 1)
             SELECT (SELECT count(*) FROM changed)::int AS changed, (SELECT payload FROM ${this.#db.t.cases} WHERE id = $1) AS current`,
            [caseId, String(next.status), String(next.updatedAt), payload, known.payload],
          );
          if (r.rows[0]?.changed === 1) {
            this.#metas.remember(caseId, { payload, meta: next });
            return { meta: next, changed: true };
          }
          current = r.rows[0]?.current;
        } else if (known !== undefined && attempt > 0) {
          // No change, decided on the row as read just now.
          this.#metas.remember(caseId, known);
          return { meta: known.meta, changed: false };
        } else {
          // Nothing known, or no change by what this process knew (which may be out of date): the row as it is.
          current = (await this.#db.query<{ payload: string }>('read a case', `SELECT payload FROM ${this.#db.t.cases} WHERE id = $1`, [caseId])).rows[0]?.payload;
        }
        if (current == null) throw this.#db.notFound(caseId);
        known = { payload: current, meta: this.#db.decode('cases', caseId, current, isCaseMetaFor(caseId)) };
      }
      // Changed by others between every read and write (many at once): decided under the row's lock.
      const result = await this.#db.tx('change a case', async (c) => {
        // The row lock makes this a compare-and-set across processes: a second claimer waits here
        // and then sees the first claim.
        const row = (await c.query<{ payload: string }>(`SELECT payload FROM ${this.#db.t.cases} WHERE id = $1 FOR UPDATE`, [caseId])).rows[0];
        if (row === undefined) throw this.#db.notFound(caseId);
        const meta = this.#db.decode('cases', caseId, row.payload, isCaseMetaFor(caseId));
        const patch = callback(() => decide(meta));
        if (patch === undefined) return { meta, changed: false, payload: row.payload };
        const next = mergeMeta(meta, patch);
        const payload = this.#db.encode('cases', caseId, next);
        await c.query(`UPDATE ${this.#db.t.cases} SET status = $2, updated_at = $3, payload = $4 WHERE id = $1`, [caseId, String(next.status), String(next.updatedAt), payload]);
        return { meta: next, changed: true, payload };
      });
      this.#metas.remember(caseId, { payload: result.payload, meta: result.meta });
      return { meta: result.meta, changed: result.changed };
    });
  }


  async deleteCase(caseId: string): Promise<void> {
    return this.#op(`case:${caseId}`, async () => {
      await this.#writeHeldFor(caseId);
      this.#metas.take(caseId);
      await this.#db.query('delete a case', `DELETE FROM ${this.#db.t.cases} WHERE id = $1`, [caseId]);
    });
  }

  async listCases(filter: CaseFilter | undefined): Promise<CaseMeta[]> {
    return this.#track(async () => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter?.owner !== undefined) {
        params.push(this.names.name(filter.owner));
        where.push(`owner_hash = $${params.length}`);
      }
      if (filter?.status !== undefined) {
        params.push(filter.status);
        where.push(`status = ANY($${params.length}::text[])`);
      }
      const rows = (
        await this.#db.query<{ id: string; payload: string }>(
          'list cases',
          `SELECT id, payload FROM ${this.#db.t.cases}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`,
          params,
        )
      ).rows;
      return rows
        .map((r) => this.#db.decode('cases', r.id, r.payload, isCaseMetaFor(r.id)))
        .filter((meta) => matchesFilter(meta, filter))
        .sort(byCreatedThenId);
    });
  }

  // ---- deadlines and outbox (queue.ts) ----

  async addDeadline(d: Deadline, options: TurnWriteOptions): Promise<boolean> {
    return this.#track(() => q.addDeadline(this.#db, d, options.beforeUserSave === true));
  }

  async pendingDeadlines(dueBy?: string): Promise<Deadline[]> {
    return this.#track(() => q.pendingDeadlines(this.#db, dueBy));
  }

  async fireDeadline(id: string, at: string): Promise<boolean> {
    return this.#track(() => q.fireDeadline(this.#db, id, at));
  }

  async cancelDeadlines(caseId: string, kinds: readonly DeadlineKind[] | undefined, at: string, options: TurnWriteOptions): Promise<number> {
    return this.#track(() => q.cancelDeadlines(this.#db, caseId, kinds, at, options.beforeUserSave === true));
  }

  async enqueue(item: OutboxItem, options: TurnWriteOptions): Promise<void> {
    return this.#op(`outbox:${item.id}`, () => q.enqueue(this.#db, item, options.beforeUserSave === true));
  }

  async pending(): Promise<OutboxItem[]> {
    return this.#track(() => q.pending(this.#db));
  }

  async leasePending(ms: number): Promise<OutboxItem[]> {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError('leasePending: ms must be a positive number of milliseconds.');
    return this.#track(() => q.leasePending(this.#db, ms));
  }

  async ack(id: string): Promise<void> {
    return this.#op(`outbox:${id}`, () => q.ack(this.#db, id));
  }

  // ---- named documents ----

  async getDoc(name: string): Promise<unknown> {
    return this.#op(`doc:${name}`, async () => {
      const row = (await this.#db.query<{ payload: string }>('read a document', `SELECT payload FROM ${this.#db.t.docs} WHERE name = $1`, [name])).rows[0];
      return row === undefined ? undefined : this.#db.decode('docs', name, row.payload, isDocFile).value;
    });
  }

  async putDoc(name: string, value: unknown): Promise<void> {
    const next: DocFile = { value };
    return this.#op(`doc:${name}`, () => this.#db.replaceChecked('docs', 'name', name, this.#db.encode('docs', name, next), isDocFile));
  }

  async deleteDoc(name: string): Promise<void> {
    return this.#op(`doc:${name}`, async () => {
      await this.#db.query('delete a document', `DELETE FROM ${this.#db.t.docs} WHERE name = $1`, [name]);
    });
  }

  async docNames(prefix: string): Promise<string[]> {
    return this.#track(async () => {
      // Compared by text rather than LIKE, so `_` in a prefix is no wildcard.
      const rows = (await this.#db.query<{ name: string }>('list documents', `SELECT name FROM ${this.#db.t.docs} WHERE left(name, length($1)) = $1`, [prefix])).rows;
      return rows.map((r) => r.name).sort();
    });
  }

  async modifyDoc(name: string, change: (current: unknown) => unknown): Promise<{ value: unknown; changed: boolean }> {
    return this.#op(`doc:${name}`, () =>
      this.#db.tx('change a document', async (c) => {
        // An advisory lock rather than a row lock: it also covers a document that does not exist yet.
        await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey('meldcode-doc', this.#schema, name)]);
        const row = (await c.query<{ payload: string }>(`SELECT payload FROM ${this.#db.t.docs} WHERE name = $1`, [name])).rows[0];
        const current = row === undefined ? undefined : this.#db.decode('docs', name, row.payload, isDocFile).value;
        const next = callback(() => change(current));
        if (next === undefined) return { value: current, changed: false };
        if (next === REMOVE_DOC) {
          await c.query(`DELETE FROM ${this.#db.t.docs} WHERE name = $1`, [name]);
          return { value: undefined, changed: true };
        }
        const stored: DocFile = { value: next };
        await c.query(
          `INSERT INTO ${this.#db.t.docs} (name, payload) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET payload = EXCLUDED.payload, version = ${this.#db.t.docs}.version + 1`,
          [name, this.#db.encode('docs', name, stored)],
        );
        return { value: next, changed: true };
      }),
    );
  }

  // ---- cross-process turn lock ----

  /**
   * Holds a session advisory lock (keyed by a 64-bit hash of the schema and the user key) on a
   * connection of the lock pool while `fn` runs. Waits at most `lockTimeoutMs` for another
   * instance's turn of the same user. If the connection is lost meanwhile, the lock is gone with
   * it; the turn still completes, as it would with the file store.
   */
  async withUserLock<T>(userKey: string, fn: () => Promise<T>): Promise<T> {
    const hash = this.names.name(userKey);
    // In the lock's round trip, once it is granted: the user's row (the turn's first read) and a few log numbers
    // for the turn's appends. Two round trips less per turn. Taking numbers writes to the WAL now and then (a
    // sequence logs ahead); that commit need not wait for the flush (DEFER_FLUSH): the rows numbered with them
    // come later in the WAL, so the user's state saved after them flushes it too, and a crash before that loses
    // those rows as well.
    const read = `SELECT u.payload, u.version::text AS version,
                         ARRAY(SELECT nextval(${pg.escapeLiteral(this.#db.logSequence)}::regclass)::text FROM generate_series(1, ${RESERVED_NUMBERS})) AS seqs
                    FROM (SELECT 1) AS one CROSS JOIN ${DEFER_FLUSH} LEFT JOIN ${this.#db.t.users} u ON u.key_hash = ${pg.escapeLiteral(hash)}`;
    return withAdvisoryLock<T, { payload: string | null; version: string | null; seqs: string[] }>(
      this.#lockPool,
      lockKey('meldcode-user', this.#schema, userKey),
      async ([row]) => {
        this.#locked.set(hash, {
          row: row?.payload != null && row.version != null ? { payload: row.payload, version: row.version } : null,
          numbers: [...(row?.seqs ?? [])].sort(bySeq),
        });
        try {
          const result = await fn();
          await this.#writeHeldOf(hash);
          return result;
        } catch (err) {
          // As if it had been written when appended: the turn's error is what it reports.
          await this.#writeHeldOf(hash).catch(() => undefined);
          throw err;
        } finally {
          this.#locked.delete(hash);
        }
      },
      () => (this.#closed ? closedError(this.where) : undefined),
      read,
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    while (this.#inflight.size > 0) await Promise.all(this.#inflight);
    await Promise.all([this.#pool.end(), this.#lockPool.end()]);
  }

  // ---- internals ----

  #assertOpen(): void {
    if (this.#closed) throw closedError(this.where);
  }

  /** Runs `fn` as a tracked operation; `close` waits for it. */
  #track<T>(fn: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    const result = fn();
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.#inflight.add(settled);
    void settled.then(() => this.#inflight.delete(settled));
    return result;
  }

  /** The user's held append, taken: the caller writes it. */
  #takeHeld(hash: string): HeldLog | undefined {
    const locked = this.#locked.get(hash);
    const held = locked?.held;
    if (locked) locked.held = undefined;
    return held;
  }

  /** Writes a held append on its own (inside its case's operation), as an append that is not held is written. */
  #writeHeld(held: HeldLog): Promise<void> {
    return this.#db.insertLog(this.#pool, held.caseId, held.entries, { dedupe: true, deferFlush: true, numbers: [...held.seqs] });
  }

  /** Writes the held appends to this case (inside its operation), so what follows sees them. */
  async #writeHeldFor(caseId: string): Promise<void> {
    for (const [hash, locked] of this.#locked) {
      if (locked.held?.caseId !== caseId) continue;
      const held = this.#takeHeld(hash);
      if (held !== undefined) await this.#writeHeld(held);
    }
  }

  /** Writes the user's held append, if the turn kept one (no save followed). */
  async #writeHeldOf(hash: string): Promise<void> {
    const held = this.#takeHeld(hash);
    if (held !== undefined) await this.#op(`case:${held.caseId}`, () => this.#writeHeld(held));
  }

  /** A tracked operation queued behind earlier ones on the same key in this process. */
  #op<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.#track(() => this.#locks.run(key, fn));
  }

}

/**
 * The PostgreSQL {@link Store}, for several instances on one database: {@link PostgresBackend}
 * behind the guard layer (guarded.ts).
 */
export class PostgresStore extends GuardedStore<PostgresBackend> {
  /**
   * Connects, migrates the schema (unless `migrate: false`) and checks the data encryption key
   * against the one the data were written with. A wrong key stops here, before anything is written.
   */
  static async open(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
    return new PostgresStore(await PostgresBackend.open(url, opts));
  }

  /** How many rows were renamed to keyed names when this store opened (a schema of an earlier version). */
  get renamed(): number {
    return this.backend.renamed;
  }

  /** The schema this store uses. */
  get schema(): string {
    return this.backend.schema;
  }
}
