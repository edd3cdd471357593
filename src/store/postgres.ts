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
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { CaseMeta, CaseRecord, Deadline, DeadlineKind, LogEntry } from '../domain/case.js';
import { isEnvelope, type DataCipher } from './crypto.js';
import { KeyedMutex } from './locks.js';
import { NAMES_INFO, Namer } from './names.js';
import { isCaseMetaFor, isDocFile, isObject, isOutboxItemFor, isUserFile, jsonCopyPatch, type DocFile, type UserFile } from './shapes.js';
import {
  assertValidId,
  byCreatedThenId,
  byDue,
  closedError,
  jsonCopy,
  matchesFilter,
  mergeMeta,
  newTurnEntries,
  StoreError,
  type CaseFilter,
  type OutboxItem,
  type SaveOptions,
  type Store,
} from './store.js';

export interface PostgresStoreOptions {
  /** Encrypts every payload (AES-256-GCM). Without it payloads are plain JSON (tests, development). */
  cipher?: DataCipher;
  /** Schema holding the tables; created by {@link migrate} when missing. Default {@link DEFAULT_SCHEMA}. */
  schema?: string;
  /** Connections for store operations. Default 10. */
  poolSize?: number;
  /**
   * Connections for {@link PostgresStore.withUserLock}: each is held for a whole turn, so they come
   * from their own pool and can never starve the store operations the turn needs. Default: poolSize.
   */
  lockPoolSize?: number;
  /** How long a turn waits for the same user's turn on another instance before failing. Default 30 s. */
  lockTimeoutMs?: number;
  /** Run {@link migrate} when opening (idempotent). Default true. */
  migrate?: boolean;
}

export const DEFAULT_SCHEMA = 'meldcode';
/** Allowed schema names: a plain identifier, so it can be quoted safely. */
export const SCHEMA_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const KEYCHECK_NAME = 'keycheck';
const KEYCHECK_TEXT = 'meldcode-assistent';
/** The store_meta row naming the scheme of key_hash, owner_hash and user documents; absent: unkeyed names of earlier versions. */
const NAMES_ROW = 'names';
/** Documents the app names after a user (names.ts). */
const NAMED_DOC = /^((?:profile|inbox|leadq)-)([0-9a-f]{40})$/;
/** Optimistic retries of a checked replace before giving up (only another process's writes cause one). */
const REPLACE_ATTEMPTS = 20;

type Tables = Record<'users' | 'cases' | 'caseLog' | 'outbox' | 'docs' | 'deadlines' | 'storeMeta' | 'migrations', string>;

function quoteSchema(schema: string): string {
  if (!SCHEMA_PATTERN.test(schema)) {
    throw new StoreError('INVALID_ID', `Invalid PostgreSQL schema name ${JSON.stringify(schema.slice(0, 80))}: it must match ${SCHEMA_PATTERN.source}.`);
  }
  return `"${schema}"`;
}

function tablesOf(schema: string): Tables {
  const s = quoteSchema(schema);
  return {
    users: `${s}.users`,
    cases: `${s}.cases`,
    caseLog: `${s}.case_log`,
    outbox: `${s}.outbox`,
    docs: `${s}.docs`,
    deadlines: `${s}.deadlines`,
    storeMeta: `${s}.store_meta`,
    migrations: `${s}.schema_migrations`,
  };
}

/**
 * The schema, as numbered steps. A step is never changed once released: add a new one. Every
 * statement is idempotent as well, so a database created by hand at an earlier step still upgrades.
 */
function migrations(t: Tables): string[][] {
  // Index names live in the schema, so they need no prefix; ISO-8601 UTC strings sort by time under "C".
  return [
    [
      `CREATE TABLE IF NOT EXISTS ${t.storeMeta} (name text COLLATE "C" PRIMARY KEY, payload text NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS ${t.users} (
        key_hash char(64) PRIMARY KEY,
        payload text NOT NULL,
        version bigint NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE IF NOT EXISTS ${t.cases} (
        id text COLLATE "C" PRIMARY KEY,
        owner_hash char(64) NOT NULL,
        status text NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        updated_at text COLLATE "C" NOT NULL,
        payload text NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS cases_created ON ${t.cases} (created_at, id)`,
      `CREATE INDEX IF NOT EXISTS cases_owner ON ${t.cases} (owner_hash)`,
      `CREATE TABLE IF NOT EXISTS ${t.caseLog} (
        seq bigserial PRIMARY KEY,
        case_id text COLLATE "C" NOT NULL REFERENCES ${t.cases} (id) ON DELETE CASCADE,
        entry text NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS case_log_case ON ${t.caseLog} (case_id, seq)`,
      `CREATE TABLE IF NOT EXISTS ${t.outbox} (
        id text COLLATE "C" PRIMARY KEY,
        created_at text COLLATE "C" NOT NULL,
        lease_until timestamptz,
        payload text NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS outbox_created ON ${t.outbox} (created_at, id)`,
      `CREATE TABLE IF NOT EXISTS ${t.docs} (
        name text COLLATE "C" PRIMARY KEY,
        payload text NOT NULL,
        version bigint NOT NULL DEFAULT 1
      )`,
      `CREATE TABLE IF NOT EXISTS ${t.deadlines} (
        id text COLLATE "C" PRIMARY KEY,
        case_id text COLLATE "C" NOT NULL,
        kind text NOT NULL,
        due_at text COLLATE "C" NOT NULL,
        created_at text NOT NULL,
        fired_at text,
        cancelled_at text
      )`,
      `CREATE INDEX IF NOT EXISTS deadlines_pending ON ${t.deadlines} (due_at, id) WHERE fired_at IS NULL AND cancelled_at IS NULL`,
      `CREATE INDEX IF NOT EXISTS deadlines_case ON ${t.deadlines} (case_id)`,
    ],
  ];
}

/** A signed 64-bit advisory lock key (as text, for a bigint parameter). */
function lockKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest().readBigInt64BE(0).toString();
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function pgCode(err: unknown): string | undefined {
  return isObject(err) && typeof err.code === 'string' ? err.code : undefined;
}

/** An error thrown by a caller's callback (decide, change): passed on as it is, not as a database failure. */
class CallbackError extends Error {
  constructor(readonly original: unknown) {
    super('callback failed');
  }
}

/** Calls a caller's callback, marking what it throws so {@link ioError} passes it on unchanged. */
function callback<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new CallbackError(err);
  }
}

/** Any failure that is not already a StoreError (or the caller's own): the database refused or could not be reached. */
function ioError(what: string, err: unknown): unknown {
  if (err instanceof StoreError) return err;
  if (err instanceof CallbackError) return err.original;
  return new StoreError('IO', `PostgreSQL: could not ${what}: ${describe(err)}`, { cause: err });
}

/**
 * Creates the schema (when missing) and applies the migrations not applied yet, in one transaction
 * under an advisory lock, so instances starting at the same moment do it once. Idempotent.
 * Resolves with the number of migration steps applied now.
 */
export async function migrate(pool: pg.Pool, schema: string = DEFAULT_SCHEMA): Promise<number> {
  const t = tablesOf(schema);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw ioError('connect', err);
  }
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey('meldcode-migrate', schema)]);
    // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteSchema(schema)}`);
    // Also checked first, so an up-to-date schema needs no DDL: instances may run with a role that only reads and writes.
    const tracked = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [t.migrations]);
    if (tracked.rows[0]?.t == null) await client.query(`CREATE TABLE ${t.migrations} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const current = Number((await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${t.migrations}`)).rows[0]?.v ?? 0);
    const steps = migrations(t);
    let applied = 0;
    for (let version = current + 1; version <= steps.length; version++) {
      for (const sql of steps[version - 1] ?? []) await client.query(sql);
      await client.query(`INSERT INTO ${t.migrations} (version) VALUES ($1)`, [version]);
      applied += 1;
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw ioError(`migrate schema "${schema}"`, err);
  } finally {
    client.release();
  }
}

interface DeadlineRow {
  id: string;
  case_id: string;
  kind: string;
  due_at: string;
  created_at: string;
  fired_at: string | null;
  cancelled_at: string | null;
}

function deadlineOf(row: DeadlineRow): Deadline {
  const d: Deadline = { id: row.id, caseId: row.case_id, kind: row.kind as DeadlineKind, dueAt: row.due_at, createdAt: row.created_at };
  if (row.fired_at !== null) d.firedAt = row.fired_at;
  if (row.cancelled_at !== null) d.cancelledAt = row.cancelled_at;
  return d;
}

export class PostgresStore implements Store {
  readonly names: Namer;
  readonly #pool: pg.Pool;
  readonly #lockPool: pg.Pool;
  readonly #schema: string;
  readonly #t: Tables;
  readonly #cipher: DataCipher | undefined;
  /** In-process order: operations on one user, case, document or outbox item run in call order. */
  readonly #locks = new KeyedMutex();
  /** Operations started and not yet settled; `close` waits for them. */
  readonly #inflight = new Set<Promise<void>>();
  /** Name of the case_log sequence, to number entries before they are encrypted. */
  #logSequence = '';
  #renamed = 0;
  #closed = false;

  private constructor(url: string, opts: PostgresStoreOptions) {
    this.#schema = opts.schema ?? DEFAULT_SCHEMA;
    this.#t = tablesOf(this.#schema);
    this.#cipher = opts.cipher;
    this.names = Namer.of(opts.cipher);
    const poolSize = Math.max(1, opts.poolSize ?? 10);
    this.#pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'meldcode-assistent' });
    this.#lockPool = new pg.Pool({
      connectionString: url,
      max: Math.max(1, opts.lockPoolSize ?? poolSize),
      application_name: 'meldcode-assistent-locks',
      lock_timeout: Math.max(1, opts.lockTimeoutMs ?? 30_000),
    });
    // An idle connection that drops (database restart) must not crash the process; the next query
    // gets a fresh connection or fails with IO.
    this.#pool.on('error', () => undefined);
    this.#lockPool.on('error', () => undefined);
  }

  /**
   * Connects, migrates the schema (unless `migrate: false`) and checks the data encryption key
   * against the one the data were written with. A wrong key stops here, before anything is written.
   */
  static async open(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const store = new PostgresStore(url, opts);
    try {
      if (opts.migrate !== false) await migrate(store.#pool, store.#schema);
      const seq = await store.#query<{ name: string | null }>('find the case log sequence', 'SELECT pg_get_serial_sequence($1, $2) AS name', [store.#t.caseLog, 'seq']);
      const name = seq.rows[0]?.name;
      if (!name) throw new StoreError('IO', `PostgreSQL: schema "${store.#schema}" has no case_log table; run the migration (npm run migrate).`);
      store.#logSequence = name;
      await store.#checkKey();
      store.#renamed = await store.#rename();
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

  /**
   * Reads every case meta, outbox item and pending deadline once, so an undecryptable or damaged
   * row stops start-up with a clear message instead of failing later.
   */
  async verify(): Promise<void> {
    await this.listCases();
    await this.pending();
    await this.pendingDeadlines();
  }

  // ---- users ----

  async loadUser<T>(userKey: string): Promise<T | undefined> {
    const hash = this.#userHash(userKey);
    return this.#op(`user:${hash}`, async () => {
      const row = (await this.#query<{ payload: string }>('load a user', `SELECT payload FROM ${this.#t.users} WHERE key_hash = $1`, [hash])).rows[0];
      return row === undefined ? undefined : (this.#decode('users', hash, row.payload, isUserFile).state as T);
    });
  }

  async saveUser<T>(userKey: string, state: T, options: SaveOptions = {}): Promise<void> {
    const hash = this.#userHash(userKey);
    const next: UserFile = { state: jsonCopy(state) };
    return this.#op(`user:${hash}`, async () => {
      await this.#replaceChecked('users', 'key_hash', hash, next, isUserFile);
      // The row's earlier version (holding what was taken out) stays in the table until vacuumed.
      if (options.erase) await this.#vacuum('users');
    });
  }

  // ---- cases ----

  async createCase(meta: CaseMeta, firstEntries: LogEntry[] = []): Promise<void> {
    assertValidId(meta.id, 'case');
    const record: CaseRecord = jsonCopy({ meta, log: firstEntries });
    const id = meta.id;
    return this.#op(`case:${id}`, () =>
      this.#tx('create a case', async (c) => {
        const r = await c.query(
          `INSERT INTO ${this.#t.cases} (id, owner_hash, status, created_at, updated_at, payload) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [id, this.names.name(String(record.meta.owner)), String(record.meta.status), String(record.meta.createdAt), String(record.meta.updatedAt), this.#encode('cases', id, record.meta)],
        );
        if (r.rowCount !== 1) throw new StoreError('ALREADY_EXISTS', `Case ${id} already exists (table ${this.#t.cases}).`, { path: `cases/${id}` });
        await this.#insertLog(c, id, record.log);
      }),
    );
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    assertValidId(caseId, 'case');
    return this.#op(`case:${caseId}`, async () => {
      // One statement, so meta and log come from the same snapshot.
      const row = (
        await this.#query<{ payload: string; log: [string, string][] }>(
          'read a case',
          `SELECT c.payload,
                  coalesce((SELECT json_agg(json_build_array(l.seq::text, l.entry) ORDER BY l.seq) FROM ${this.#t.caseLog} l WHERE l.case_id = c.id), '[]'::json) AS log
             FROM ${this.#t.cases} c WHERE c.id = $1`,
          [caseId],
        )
      ).rows[0];
      if (row === undefined) return undefined;
      const meta = this.#decode('cases', caseId, row.payload, isCaseMetaFor(caseId));
      const log = row.log.map(([seq, entry]) => this.#decode('case_log', `${caseId}/${seq}`, entry, isObject) as unknown as LogEntry);
      return { meta, log };
    });
  }

  async appendLog(caseId: string, entries: LogEntry[]): Promise<void> {
    assertValidId(caseId, 'case');
    const added = jsonCopy(entries);
    return this.#op(`case:${caseId}`, async () => {
      if (added.length === 0) {
        const exists = await this.#query('read a case', `SELECT 1 FROM ${this.#t.cases} WHERE id = $1`, [caseId]);
        if (exists.rowCount === 0) throw this.#notFound(caseId);
        return;
      }
      let fresh = added;
      if (added.some((e) => e.turn !== undefined)) {
        // Turn ids live inside the (encrypted) entries, so the log is read to find them.
        const rows = await this.#query<{ seq: string; entry: string }>('read a case log', `SELECT seq::text AS seq, entry FROM ${this.#t.caseLog} WHERE case_id = $1`, [caseId]);
        fresh = newTurnEntries(rows.rows.map((r) => this.#decode('case_log', `${caseId}/${r.seq}`, r.entry, isObject)), added);
        if (fresh.length === 0) return;
      }
      await this.#insertLog(this.#pool, caseId, fresh);
    });
  }

  async redactLog(caseId: string, match: (entry: LogEntry, index: number) => boolean, replace: (entry: LogEntry) => LogEntry, redaction: LogEntry): Promise<number> {
    assertValidId(caseId, 'case');
    const added = jsonCopy(redaction);
    return this.#op(`case:${caseId}`, async () => {
      const count = await this.#tx('redact a case log', async (c) => {
        // The case row's lock keeps a concurrent redaction (or deletion) of this case out until commit.
        const exists = await c.query(`SELECT 1 FROM ${this.#t.cases} WHERE id = $1 FOR UPDATE`, [caseId]);
        if (exists.rowCount === 0) throw this.#notFound(caseId);
        const rows = (await c.query<{ seq: string; entry: string }>(`SELECT seq::text AS seq, entry FROM ${this.#t.caseLog} WHERE case_id = $1 ORDER BY seq`, [caseId])).rows;
        let n = 0;
        for (const [index, row] of rows.entries()) {
          const entry = this.#decode('case_log', `${caseId}/${row.seq}`, row.entry, isObject) as unknown as LogEntry;
          if (!callback(() => match(jsonCopy(entry), index))) continue;
          const next = jsonCopy(callback(() => replace(jsonCopy(entry))));
          await c.query(`UPDATE ${this.#t.caseLog} SET entry = $2 WHERE seq = $1`, [row.seq, this.#encode('case_log', `${caseId}/${row.seq}`, next)]);
          n += 1;
        }
        if (n > 0) await this.#insertLog(c, caseId, [added]);
        return n;
      });
      if (count > 0) await this.#vacuum('caseLog');
      return count;
    });
  }

  async updateCaseMeta(caseId: string, patch: Partial<CaseMeta>): Promise<CaseMeta> {
    const copy = jsonCopyPatch(patch);
    return (await this.modifyCaseMeta(caseId, () => copy)).meta;
  }

  async modifyCaseMeta(caseId: string, decide: (meta: CaseMeta) => Partial<CaseMeta> | undefined): Promise<{ meta: CaseMeta; changed: boolean }> {
    assertValidId(caseId, 'case');
    return this.#op(`case:${caseId}`, () =>
      this.#tx('change a case', async (c) => {
        // The row lock makes this a compare-and-set across processes: a second claimer waits here
        // and then sees the first claim.
        const row = (await c.query<{ payload: string }>(`SELECT payload FROM ${this.#t.cases} WHERE id = $1 FOR UPDATE`, [caseId])).rows[0];
        if (row === undefined) throw this.#notFound(caseId);
        const meta = this.#decode('cases', caseId, row.payload, isCaseMetaFor(caseId));
        const patch = callback(() => decide(jsonCopy(meta)));
        if (patch === undefined) return { meta, changed: false };
        const next = mergeMeta(meta, jsonCopyPatch(patch));
        await c.query(`UPDATE ${this.#t.cases} SET status = $2, updated_at = $3, payload = $4 WHERE id = $1`, [
          caseId,
          String(next.status),
          String(next.updatedAt),
          this.#encode('cases', caseId, next),
        ]);
        return { meta: jsonCopy(next), changed: true };
      }),
    );
  }

  async deleteCase(caseId: string): Promise<void> {
    assertValidId(caseId, 'case');
    return this.#op(`case:${caseId}`, async () => {
      await this.#query('delete a case', `DELETE FROM ${this.#t.cases} WHERE id = $1`, [caseId]);
    });
  }

  async listCases(filter?: CaseFilter): Promise<CaseMeta[]> {
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
        await this.#query<{ id: string; payload: string }>(
          'list cases',
          `SELECT id, payload FROM ${this.#t.cases}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`,
          params,
        )
      ).rows;
      return rows
        .map((r) => this.#decode('cases', r.id, r.payload, isCaseMetaFor(r.id)))
        .filter((meta) => matchesFilter(meta, filter))
        .sort(byCreatedThenId);
    });
  }

  // ---- deadlines ----

  async addDeadline(d: Deadline): Promise<boolean> {
    assertValidId(d.id, 'deadline');
    const x = jsonCopy(d);
    return this.#track(async () => {
      const r = await this.#query(
        'add a deadline',
        `INSERT INTO ${this.#t.deadlines} (id, case_id, kind, due_at, created_at, fired_at, cancelled_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
        [x.id, x.caseId, x.kind, x.dueAt, x.createdAt, x.firedAt ?? null, x.cancelledAt ?? null],
      );
      return r.rowCount === 1;
    });
  }

  async pendingDeadlines(): Promise<Deadline[]> {
    return this.#track(async () => {
      const rows = (
        await this.#query<DeadlineRow>(
          'list deadlines',
          `SELECT id, case_id, kind, due_at, created_at, fired_at, cancelled_at FROM ${this.#t.deadlines}
            WHERE fired_at IS NULL AND cancelled_at IS NULL ORDER BY due_at, id`,
        )
      ).rows;
      return rows.map(deadlineOf).sort(byDue);
    });
  }

  async fireDeadline(id: string, at: string): Promise<boolean> {
    assertValidId(id, 'deadline');
    return this.#track(async () => {
      // One conditional statement: of any number of processes trying at once, one changes the row.
      const r = await this.#query('fire a deadline', `UPDATE ${this.#t.deadlines} SET fired_at = $2 WHERE id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`, [id, String(at)]);
      return r.rowCount === 1;
    });
  }

  async cancelDeadlines(caseId: string, kinds: readonly DeadlineKind[] | undefined, at: string): Promise<number> {
    return this.#track(async () => {
      const r = await this.#query(
        'cancel deadlines',
        `UPDATE ${this.#t.deadlines} SET cancelled_at = $3
          WHERE case_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL AND ($2::text[] IS NULL OR kind = ANY($2::text[]))`,
        [String(caseId), kinds === undefined ? null : [...kinds], String(at)],
      );
      return r.rowCount ?? 0;
    });
  }

  // ---- named documents ----

  async getDoc<T>(name: string): Promise<T | undefined> {
    assertValidId(name, 'document');
    return this.#op(`doc:${name}`, async () => {
      const row = (await this.#query<{ payload: string }>('read a document', `SELECT payload FROM ${this.#t.docs} WHERE name = $1`, [name])).rows[0];
      return row === undefined ? undefined : (this.#decode('docs', name, row.payload, isDocFile).value as T);
    });
  }

  async putDoc<T>(name: string, value: T): Promise<void> {
    assertValidId(name, 'document');
    const next: DocFile = { value: jsonCopy(value) };
    return this.#op(`doc:${name}`, () => this.#replaceChecked('docs', 'name', name, next, isDocFile));
  }

  async deleteDoc(name: string): Promise<void> {
    assertValidId(name, 'document');
    return this.#op(`doc:${name}`, async () => {
      await this.#query('delete a document', `DELETE FROM ${this.#t.docs} WHERE name = $1`, [name]);
    });
  }

  async docNames(prefix: string): Promise<string[]> {
    return this.#track(async () => {
      // Compared by text rather than LIKE, so `_` in a prefix is no wildcard.
      const rows = (await this.#query<{ name: string }>('list documents', `SELECT name FROM ${this.#t.docs} WHERE left(name, length($1)) = $1`, [prefix])).rows;
      return rows.map((r) => r.name).sort();
    });
  }

  async modifyDoc<T>(name: string, change: (current: T | undefined) => T | undefined): Promise<{ value: T | undefined; changed: boolean }> {
    assertValidId(name, 'document');
    return this.#op(`doc:${name}`, () =>
      this.#tx('change a document', async (c) => {
        // An advisory lock rather than a row lock: it also covers a document that does not exist yet.
        await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey('meldcode-doc', this.#schema, name)]);
        const row = (await c.query<{ payload: string }>(`SELECT payload FROM ${this.#t.docs} WHERE name = $1`, [name])).rows[0];
        const current = row === undefined ? undefined : (this.#decode('docs', name, row.payload, isDocFile).value as T);
        const next = callback(() => change(current === undefined ? undefined : jsonCopy(current)));
        if (next === undefined) return { value: current, changed: false };
        const stored: DocFile = { value: jsonCopy(next) };
        await c.query(
          `INSERT INTO ${this.#t.docs} (name, payload) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET payload = EXCLUDED.payload, version = ${this.#t.docs}.version + 1`,
          [name, this.#encode('docs', name, stored)],
        );
        return { value: jsonCopy(stored.value) as T, changed: true };
      }),
    );
  }

  // ---- outbox ----

  async enqueue(item: OutboxItem): Promise<void> {
    assertValidId(item.id, 'outbox item');
    const next = jsonCopy(item);
    return this.#op(`outbox:${next.id}`, async () => {
      // Replacing an item also ends its lease: a failed attempt (or an item handed back) is free for the next pass.
      await this.#query(
        'queue an outbox item',
        `INSERT INTO ${this.#t.outbox} (id, created_at, lease_until, payload) VALUES ($1, $2, NULL, $3)
         ON CONFLICT (id) DO UPDATE SET created_at = EXCLUDED.created_at, payload = EXCLUDED.payload, lease_until = NULL`,
        [next.id, String(next.createdAt), this.#encode('outbox', next.id, next)],
      );
    });
  }

  async pending(): Promise<OutboxItem[]> {
    return this.#track(async () => {
      const rows = (await this.#query<{ id: string; payload: string }>('read the outbox', `SELECT id, payload FROM ${this.#t.outbox} ORDER BY created_at, id`)).rows;
      return rows.map((r) => this.#decode('outbox', r.id, r.payload, isOutboxItemFor(r.id))).sort(byCreatedThenId);
    });
  }

  async leasePending(ms: number): Promise<OutboxItem[]> {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError('leasePending: ms must be a positive number of milliseconds.');
    return this.#track(async () => {
      // SKIP LOCKED: a second dispatcher passes over rows the first is leasing right now; once that
      // commits, lease_until is in the future and the rows no longer qualify.
      const rows = (
        await this.#query<{ id: string; payload: string }>(
          'lease outbox items',
          `UPDATE ${this.#t.outbox} SET lease_until = now() + make_interval(secs => $1::double precision / 1000)
            WHERE id IN (
              SELECT id FROM ${this.#t.outbox}
               WHERE lease_until IS NULL OR lease_until < now()
               ORDER BY created_at, id
               FOR UPDATE SKIP LOCKED)
            RETURNING id, payload`,
          [ms],
        )
      ).rows;
      return rows.map((r) => this.#decode('outbox', r.id, r.payload, isOutboxItemFor(r.id))).sort(byCreatedThenId);
    });
  }

  async ack(id: string): Promise<void> {
    assertValidId(id, 'outbox item');
    return this.#op(`outbox:${id}`, async () => {
      await this.#query('acknowledge an outbox item', `DELETE FROM ${this.#t.outbox} WHERE id = $1`, [id]);
    });
  }

  // ---- cross-process turn lock ----

  /**
   * Holds a session advisory lock (keyed by a 64-bit hash of the schema and the user key) on a
   * connection of the lock pool while `fn` runs. Waits at most `lockTimeoutMs` for another
   * instance's turn of the same user. If the connection is lost meanwhile, the lock is gone with
   * it; the turn still completes, as it would with the file store.
   */
  async withUserLock<T>(userKey: string, fn: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    if (typeof userKey !== 'string') throw new TypeError('Store: userKey must be a string.');
    const key = lockKey('meldcode-user', this.#schema, userKey);
    let client: pg.PoolClient | undefined;
    try {
      client = await this.#lockPool.connect();
      await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    } catch (err) {
      client?.release(true);
      if (this.#closed) throw closedError(this.#where());
      if (pgCode(err) === '55P03') {
        throw new StoreError('IO', 'PostgreSQL: timed out waiting for this user\u2019s previous turn on another instance.', { cause: err });
      }
      throw ioError('take the user lock', err);
    }
    const held = client;
    try {
      return await fn();
    } finally {
      try {
        await held.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        held.release();
      } catch {
        // Closing the session releases its locks.
        held.release(true);
      }
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#inflight.size > 0) await Promise.all(this.#inflight);
    await Promise.all([this.#pool.end(), this.#lockPool.end()]);
  }

  // ---- internals ----

  #assertOpen(): void {
    if (this.#closed) throw closedError(this.#where());
  }

  #where(): string {
    return `on PostgreSQL schema "${this.#schema}"`;
  }

  #userHash(userKey: string): string {
    this.#assertOpen();
    if (typeof userKey !== 'string') throw new TypeError('Store: userKey must be a string.');
    return this.names.name(userKey);
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

  /** A tracked operation queued behind earlier ones on the same key in this process. */
  #op<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.#track(() => this.#locks.run(key, fn));
  }

  async #query<R extends pg.QueryResultRow = pg.QueryResultRow>(what: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.#pool.query<R>(sql, params);
    } catch (err) {
      throw ioError(what, err);
    }
  }

  async #tx<T>(what: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (err) {
      throw ioError(what, err);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw ioError(what, err);
    } finally {
      client.release(broken);
    }
  }

  /** Numbers the entries first (so each is encrypted with its own position) and inserts them in one statement. */
  async #insertLog(db: pg.Pool | pg.PoolClient, caseId: string, entries: readonly LogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    let seqs: string[];
    try {
      const r = await db.query<{ seq: string }>(
        `SELECT nextval($1::regclass)::text AS seq FROM generate_series(1, $2::int) WHERE EXISTS (SELECT 1 FROM ${this.#t.cases} WHERE id = $3)`,
        [this.#logSequence, entries.length, caseId],
      );
      seqs = r.rows.map((row) => row.seq).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      if (seqs.length === 0) throw this.#notFound(caseId);
      await db.query(`INSERT INTO ${this.#t.caseLog} (seq, case_id, entry) SELECT s, $2, e FROM unnest($1::bigint[], $3::text[]) AS u(s, e)`, [
        seqs,
        caseId,
        entries.map((entry, i) => this.#encode('case_log', `${caseId}/${seqs[i] ?? ''}`, entry)),
      ]);
    } catch (err) {
      // The case was deleted between the two statements.
      if (pgCode(err) === '23503') throw this.#notFound(caseId);
      throw ioError('append to a case log', err);
    }
  }

  /**
   * Replaces a user state or document, but never a row that cannot be read (it stays as it is for
   * someone to look at): read and check the current row, then write only if it is still that
   * version. A write by another process in between makes it try again.
   */
  async #replaceChecked(table: 'users' | 'docs', keyColumn: 'key_hash' | 'name', key: string, value: unknown, isValid: (v: unknown) => boolean): Promise<void> {
    const name = this.#t[table];
    const payload = this.#encode(table, key, value);
    for (let attempt = 0; attempt < REPLACE_ATTEMPTS; attempt++) {
      const row = (await this.#query<{ payload: string; version: string }>(`read ${table}`, `SELECT payload, version FROM ${name} WHERE ${keyColumn} = $1`, [key])).rows[0];
      if (row === undefined) {
        const r = await this.#query(`write ${table}`, `INSERT INTO ${name} (${keyColumn}, payload) VALUES ($1, $2) ON CONFLICT (${keyColumn}) DO NOTHING`, [key, payload]);
        if (r.rowCount === 1) return;
        continue;
      }
      this.#decode(table, key, row.payload, (v): v is unknown => isValid(v));
      const r = await this.#query(
        `write ${table}`,
        `UPDATE ${name} SET payload = $2, version = version + 1${table === 'users' ? ', updated_at = now()' : ''} WHERE ${keyColumn} = $1 AND version = $3`,
        [key, payload, row.version],
      );
      if (r.rowCount === 1) return;
    }
    throw new StoreError('IO', `PostgreSQL: ${table}/${key} kept changing while it was being written; try again.`);
  }

  /**
   * An UPDATE leaves the row's old version in the table (MVCC) until it is vacuumed: this removes
   * the old versions no transaction can still see, of the table and its TOAST table, so text that
   * was taken out is no longer in the table. Needs to run outside a transaction, as the table's owner
   * (the role that ran the migration).
   */
  async #vacuum(table: 'caseLog' | 'users'): Promise<void> {
    await this.#awaitOlderSnapshots();
    await this.#query(`vacuum ${table}`, `VACUUM ${this.#t[table]}`);
  }

  /**
   * VACUUM keeps a dead row version while any transaction in this database began before it died (it
   * might still read it). The write that made it dead has committed by now, so every snapshot taken
   * from here on is newer: wait (briefly, bounded) until the sessions of this database that hold an
   * older snapshot have moved on, so that the VACUUM after this really removes the old text. A
   * session that stays open longer leaves it to autovacuum (SECURITY.md says so).
   */
  async #awaitOlderSnapshots(maxWaitMs = 10_000): Promise<void> {
    const now = (await this.#query<{ xid: string }>('read the transaction horizon', 'SELECT (txid_current() % 4294967296)::text AS xid')).rows[0]?.xid ?? '0';
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const older = (
        await this.#query<{ n: number }>(
          'wait for older snapshots',
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL
              AND backend_xmin::text::bigint < $1::bigint`,
          [now],
        )
      ).rows[0]?.n ?? 0;
      if (older === 0 || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  #encode(table: string, key: string, value: unknown): string {
    const text = JSON.stringify(value);
    return this.#cipher ? this.#cipher.encrypt(text, `${table}/${key}`) : text;
  }

  /** Parses (and decrypts) a payload; anything unexpected is CORRUPT_FILE naming the table and row. */
  #decode<T>(table: string, key: string, payload: string, isValid: (value: unknown) => value is T): T {
    const aad = `${table}/${key}`;
    let value: unknown;
    try {
      value = JSON.parse(payload);
    } catch (err) {
      throw this.#corrupt(table, key, 'invalid JSON', err);
    }
    if (isEnvelope(value)) {
      if (!this.#cipher) throw this.#corrupt(table, key, 'it is encrypted, but no data encryption key is configured');
      try {
        value = JSON.parse(this.#cipher.decrypt(value, aad));
      } catch (err) {
        throw this.#corrupt(table, key, 'it cannot be decrypted: wrong key, or the row was changed or copied from another row', err);
      }
    } else if (this.#cipher) {
      // Unlike the file store there is no data from before encryption: plain text here was put in by hand.
      throw this.#corrupt(table, key, 'it is not encrypted, although a data encryption key is configured');
    }
    if (!isValid(value)) throw this.#corrupt(table, key, 'unexpected shape');
    return value;
  }

  #corrupt(table: string, key: string, reason: string, cause?: unknown): StoreError {
    return new StoreError(
      'CORRUPT_FILE',
      `Row ${table}/${key} (table "${this.#schema}".${table}) is corrupt or unreadable (${reason}); it was left untouched. ` +
        'Restore it from a backup or remove it.',
      { path: `${this.#schema}.${table}/${key}`, cause },
    );
  }

  #notFound(caseId: string): StoreError {
    return new StoreError('NOT_FOUND', `Case ${caseId} does not exist (table ${this.#t.cases}).`, { path: `cases/${caseId}` });
  }

  /**
   * Converts a schema of an earlier version, whose key_hash, owner_hash and user documents carry
   * unkeyed names, to keyed names (names.ts), once: in one transaction under the migration lock,
   * recorded by the `names` row. A user row or document is encrypted again for its new key, which
   * is part of its payload's authenticated data. Resolves with the number of rows renamed.
   */
  async #rename(): Promise<number> {
    if (!this.names.keyed) return 0;
    const t = this.#t;
    return this.#tx('rename to keyed names', async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey('meldcode-migrate', this.#schema)]);
      const done = (await c.query<{ payload: string }>(`SELECT payload FROM ${t.storeMeta} WHERE name = $1`, [NAMES_ROW])).rows[0];
      if (done !== undefined) {
        if (done.payload !== NAMES_INFO) throw new StoreError('CORRUPT_FILE', `PostgreSQL schema "${this.#schema}" uses the naming scheme "${done.payload}", which this version does not know.`);
        return 0;
      }
      let n = 0;
      const users = await c.query<{ key_hash: string; payload: string }>(`SELECT key_hash, payload FROM ${t.users}`);
      for (const row of users.rows) {
        const name = this.names.fromUnkeyed(row.key_hash);
        const value = this.#decode('users', row.key_hash, row.payload, isUserFile);
        await c.query(`UPDATE ${t.users} SET key_hash = $2, payload = $3 WHERE key_hash = $1`, [row.key_hash, name, this.#encode('users', name, value)]);
        n += 1;
      }
      const owners = await c.query<{ owner_hash: string }>(`SELECT DISTINCT owner_hash FROM ${t.cases}`);
      for (const { owner_hash: old } of owners.rows) {
        n += (await c.query(`UPDATE ${t.cases} SET owner_hash = $2 WHERE owner_hash = $1`, [old, this.names.fromUnkeyed(old)])).rowCount ?? 0;
      }
      const docs = await c.query<{ name: string; payload: string }>(`SELECT name, payload FROM ${t.docs}`);
      for (const row of docs.rows) {
        const m = NAMED_DOC.exec(row.name);
        if (!m) continue;
        const name = `${m[1] ?? ''}${this.names.fromUnkeyed(m[2] ?? '')}`;
        const value = this.#decode('docs', row.name, row.payload, isDocFile);
        await c.query(`UPDATE ${t.docs} SET name = $2, payload = $3 WHERE name = $1`, [row.name, name, this.#encode('docs', name, value)]);
        n += 1;
      }
      await c.query(`INSERT INTO ${t.storeMeta} (name, payload) VALUES ($1, $2)`, [NAMES_ROW, NAMES_INFO]);
      return n;
    });
  }

  /**
   * With a key: the key-check row must decrypt (it is written on first use). Without a key, an
   * encrypted key-check row means the data cannot be read. Either way nothing else is touched.
   */
  async #checkKey(): Promise<void> {
    const read = async () =>
      (await this.#query<{ payload: string }>('read the key check', `SELECT payload FROM ${this.#t.storeMeta} WHERE name = $1`, [KEYCHECK_NAME])).rows[0]?.payload;
    let payload = await read();
    if (payload === undefined) {
      await this.#query('write the key check', `INSERT INTO ${this.#t.storeMeta} (name, payload) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
        KEYCHECK_NAME,
        this.#encode('store_meta', KEYCHECK_NAME, { check: KEYCHECK_TEXT }),
      ]);
      // Read back: another instance may have written it first, perhaps with another key.
      payload = await read();
    }
    try {
      this.#decode('store_meta', KEYCHECK_NAME, payload ?? '', (v): v is { check: string } => isObject(v) && v.check === KEYCHECK_TEXT);
    } catch (err) {
      const where = `PostgreSQL schema "${this.#schema}"`;
      throw new StoreError(
        'CORRUPT_FILE',
        this.#cipher
          ? `The data in ${where} were written with another data encryption key than the one configured (DATA_ENCRYPTION_KEY / DATA_KEY_FILE), ` +
              'or without one. Nothing was changed. Every instance must use the same key.'
          : `The data in ${where} are encrypted, but no key is configured (DATA_ENCRYPTION_KEY / DATA_KEY_FILE). Nothing was changed.`,
        { path: `${this.#schema}.store_meta/${KEYCHECK_NAME}`, cause: err },
      );
    }
  }
}

/**
 * Whether `schema` of the database at `url` holds data: a key check row was written. Reads only,
 * and creates nothing (no schema, no table).
 */
export async function schemaHoldsData(url: string, schema: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, application_name: 'meldcode-assistent' });
  await client.connect();
  try {
    const { storeMeta } = tablesOf(schema);
    const table = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [storeMeta]);
    if (!table.rows[0]?.t) return false;
    const row = await client.query(`SELECT 1 FROM ${storeMeta} WHERE name = $1`, [KEYCHECK_NAME]);
    return row.rowCount !== null && row.rowCount > 0;
  } finally {
    await client.end();
  }
}
