/**
 * The PostgreSQL store's schema: table names, the numbered migrations and {@link migrate}, and the
 * error wording shared by its queries.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { isObject } from '../shapes.js';
import type { DataCipher } from '../crypto.js';
import { StoreError } from '../store.js';

export const DEFAULT_SCHEMA = 'meldcode';
/** Allowed schema names: a plain identifier, so it can be quoted safely. */
export const SCHEMA_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export const KEYCHECK_NAME = 'keycheck';
export const KEYCHECK_TEXT = 'meldcode-assistent';
/** The store_meta row naming the scheme of key_hash, owner_hash and user documents; absent: unkeyed names of earlier versions. */
export const NAMES_ROW = 'names';
/** Documents the app names after a user (names.ts). */
export const NAMED_DOC = /^((?:profile|inbox|leadq)-)([0-9a-f]{40})$/;
/** Optimistic retries of a checked replace before giving up (only another process's writes cause one). */
export const REPLACE_ATTEMPTS = 20;

export type Tables = Record<'users' | 'cases' | 'caseLog' | 'outbox' | 'docs' | 'deadlines' | 'storeMeta' | 'migrations', string>;

export function quoteSchema(schema: string): string {
  if (!SCHEMA_PATTERN.test(schema)) {
    throw new StoreError('INVALID_ID', `Invalid PostgreSQL schema name ${JSON.stringify(schema.slice(0, 80))}: it must match ${SCHEMA_PATTERN.source}.`);
  }
  return `"${schema}"`;
}

export function tablesOf(schema: string): Tables {
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
    [
      // The turn that wrote an entry (an opaque keyed digest, see src/app/turns.ts; '' for none), so a replayed
      // turn is recognised without reading and decrypting the case's whole log. Rows of step 1 keep NULL.
      `ALTER TABLE ${t.caseLog} ADD COLUMN IF NOT EXISTS turn_id text COLLATE "C"`,
      `CREATE INDEX IF NOT EXISTS case_log_turn ON ${t.caseLog} (case_id, turn_id)`,
    ],
  ];
}

/** A signed 64-bit advisory lock key (as text, for a bigint parameter). */
export function lockKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest().readBigInt64BE(0).toString();
}

export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function pgCode(err: unknown): string | undefined {
  return isObject(err) && typeof err.code === 'string' ? err.code : undefined;
}

/** An error thrown by a caller's callback (decide, change): passed on as it is, not as a database failure. */
class CallbackError extends Error {
  constructor(readonly original: unknown) {
    super('callback failed');
  }
}

/**
 * Listens for errors on a client checked out of a pool until the returned function is called (call
 * it before releasing). A checked-out client has no listener of its pool's: a connection that drops
 * between two queries (a terminated backend, a database restart) would be an uncaught 'error' and
 * stop the process. With this, the next query on the client fails (an IO error) and it is discarded.
 */
export function guardClient(client: pg.PoolClient): () => void {
  const ignore = (): void => undefined;
  client.on('error', ignore);
  return () => void client.removeListener('error', ignore);
}

/** Calls a caller's callback, marking what it throws so {@link ioError} passes it on unchanged. */
export function callback<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new CallbackError(err);
  }
}

/** Any failure that is not already a StoreError (or the caller's own): the database refused or could not be reached. */
export function ioError(what: string, err: unknown): unknown {
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
  const unguard = guardClient(client);
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
    unguard();
    client.release();
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

/** {@link PostgresStoreOptions.idleTimeoutMs}'s default. */
export const IDLE_CONNECTION_MS = 5 * 60_000;

export interface PostgresStoreOptions {
  /** Encrypts every payload (AES-256-GCM). Without it payloads are plain JSON (tests, development). */
  cipher?: DataCipher;
  /** Schema holding the tables; created by {@link migrate} when missing. Default {@link DEFAULT_SCHEMA}. */
  schema?: string;
  /** Connections for store operations. Default 10. */
  poolSize?: number;
  /**
   * Connections for `PostgresStore.withUserLock`: each is held for a whole turn, so they come
   * from their own pool and can never starve the store operations the turn needs. Default: poolSize.
   */
  lockPoolSize?: number;
  /** How long a turn waits for the same user's turn on another instance before failing. Default 30 s. */
  lockTimeoutMs?: number;
  /** Run {@link migrate} when opening (idempotent). Default true. */
  migrate?: boolean;
  /**
   * The connections' `application_name` (the lock pool's gets "-locks" added), as `pg_stat_activity`
   * shows it. Default "meldcode-assistent".
   */
  applicationName?: string;
  /** How long getting a new connection may take before the operation fails with `IO`. Default 5 s. */
  connectTimeoutMs?: number;
  /**
   * How long a connection may stay unused before it is closed. Default {@link IDLE_CONNECTION_MS}: 5 minutes, not the
   * pg driver's 10 s, after which a few quiet seconds between turns closed connections the next busy moment had to open
   * again (a new server process each, and every prepared statement parsed anew), inside the turns that waited for them.
   */
  idleTimeoutMs?: number;
  /** Where a connection that drops while idle (a database restart) is reported: ids and codes only. */
  log?: (event: string, fields: Record<string, unknown>) => void;
}

/** Why a readiness check of the database failed, as {@link NotReadyReason}. */
export function notReadyReason(err: unknown): 'unreachable' | 'timeout' {
  return err instanceof ReadyTimeout ? 'timeout' : 'unreachable';
}

/** A readiness check that took longer than allowed. */
export class ReadyTimeout extends Error {}


/**
 * Holds a session advisory lock on `key` on a connection of `pool` while `fn` runs (the pool's
 * lock_timeout bounds the wait). `closed` says whether the store was closed meanwhile (its error).
 * If the connection is lost meanwhile, the lock is gone with it; `fn` still completes. The unlock is sent when
 * `fn` has settled and not waited for: a turn's answer need not wait a round trip for it. Any later request for
 * the lock (the user's next turn, here or on another instance) is granted once PostgreSQL has run the unlock;
 * the connection goes back to the pool after it (or is closed, which releases the lock too, if it fails), and
 * the pool's `end()` waits for that.
 *
 * `then`: a read to run once the lock is granted, in the same round trip (a statement after the lock's in one
 * simple query, so its snapshot is taken after the grant and sees every write of the lock's previous holder).
 * It cannot take parameters: its values must be inlined as literals (`pg.escapeLiteral`). Its rows are given
 * to `fn`; if it fails, the lock is given up and the error is the lock's.
 */
export async function withAdvisoryLock<T, R extends pg.QueryResultRow = pg.QueryResultRow>(
  pool: pg.Pool,
  key: string,
  fn: (rows: R[]) => Promise<T>,
  closed: () => Error | undefined,
  then?: string,
): Promise<T> {
  let client: pg.PoolClient | undefined;
  let unguard = (): void => undefined;
  let rows: R[] = [];
  try {
    client = await pool.connect();
    unguard = guardClient(client);
    if (then === undefined) await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    else {
      if (!/^-?\d{1,19}$/.test(key)) throw new Error(`not a lock key: ${key}`);
      // No parameters: the simple query protocol, which runs both statements in one round trip.
      const results = (await client.query(`SELECT pg_advisory_lock(${key}::bigint); ${then}`)) as unknown as pg.QueryResult<R>[];
      rows = results[1]?.rows ?? [];
    }
  } catch (err) {
    unguard();
    client?.release(true);
    const gone = closed();
    if (gone) throw gone;
    if (pgCode(err) === '55P03') {
      throw new StoreError('IO', 'PostgreSQL: timed out waiting for this user\u2019s previous turn on another instance.', { cause: err });
    }
    throw ioError('take the user lock', err);
  }
  const held = client;
  try {
    return await fn(rows);
  } finally {
    void held.query('SELECT pg_advisory_unlock($1::bigint)', [key]).then(
      () => {
        unguard();
        held.release();
      },
      () => {
        // Closing the session releases its locks.
        unguard();
        held.release(true);
      },
    );
  }
}
