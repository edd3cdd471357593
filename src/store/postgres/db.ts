/**
 * The PostgreSQL store's access to its tables: queries and transactions with the store's error
 * wording, payloads encrypted per row (`<table>/<key>` as authenticated data), the checked replace,
 * the vacuum after an erasing write, and what happens once at open: the key check and the renaming
 * of a schema of an earlier version to keyed names.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { LogEntry } from '../../domain/case.js';
import { isEnvelope, type DataCipher } from '../crypto.js';
import { NAMES_INFO, type Namer } from '../names.js';
import { isDocFile, isObject, isUserFile } from '../shapes.js';
import { newTurnEntries, StoreError } from '../store.js';
import { guardClient, ioError, KEYCHECK_NAME, KEYCHECK_TEXT, lockKey, NAMED_DOC, NAMES_ROW, pgCode, REPLACE_ATTEMPTS, type Tables } from './schema.js';

/**
 * A FROM item that makes the statement's own transaction (a statement on the pool, outside BEGIN) commit without
 * waiting for the WAL flush: set_config(…, true) holds until the end of that transaction, so its commit reads it.
 * For a turn's writes before the user's state is saved (see TurnWriteOptions).
 */
export const DEFER_FLUSH = `(SELECT set_config('synchronous_commit', 'off', true)) AS deferred`;

/**
 * The row of an `INSERT … (columns) <row> ON CONFLICT …`: `VALUES (values)`, or with `deferFlush` the same values
 * selected from {@link DEFER_FLUSH} (`WHERE true`: without it, `ON CONFLICT` would be read as the join's condition).
 */
export const rowOf = (values: string, deferFlush: boolean): string => (deferFlush ? `SELECT ${values} FROM ${DEFER_FLUSH} WHERE true` : `VALUES (${values})`);

/** Statement names by text ({@link named}); the store's texts are a few dozen. */
const statementNames = new Map<string, string>();

/**
 * A parameterised statement as a named (prepared) one: PostgreSQL then parses and plans it once per connection
 * rather than at every call, about a third of a short statement's time. The name is derived from the text, so one
 * name never stands for two texts. (A connection pooler in between must keep sessions, as the user locks need.)
 */
export function named(text: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= 1000) statementNames.clear();
    name = `mc_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

/** The distinct turn ids of entries (those that have one). */
const turnIdsOf = (entries: readonly LogEntry[]): string[] => [...new Set(entries.map((e) => e.turn).filter((t): t is string => typeof t === 'string'))];

/** Orders log numbers (bigint as text) ascending. */
export const bySeq = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

/** A row as read and decoded: its version and its payload exactly as stored. */
export interface CheckedRow {
  version: string;
  payload: string;
}

/**
 * Per row (a user's by hashed key; a case's meta by id, with the meta as decoded): the row last read and
 * decoded, until the next write takes it. The write then replaces exactly that row (same version or same stored
 * text) without reading it again: round trips less per turn, and a row changed or damaged meanwhile is still read
 * and checked first. Bounded: past {@link CheckedRows.MAX} it starts again, as it only saves reads.
 */
export class CheckedRows<R = CheckedRow> {
  static readonly MAX = 1000;
  readonly #rows = new Map<string, R>();

  constructor(readonly max = CheckedRows.MAX) {}

  remember(key: string, row: R): void {
    if (this.#rows.size >= this.max) this.#rows.clear();
    this.#rows.set(key, row);
  }

  take(key: string): R | undefined {
    const row = this.#rows.get(key);
    this.#rows.delete(key);
    return row;
  }

  /** The row remembered, left remembered. */
  get(key: string): R | undefined {
    return this.#rows.get(key);
  }

  forget(key: string): void {
    this.#rows.delete(key);
  }
}

/** A user's row as this process last wrote or read it: its payload exactly as stored, and the state's JSON in it. */
export interface KnownState {
  payload: string;
  json: string;
}

export class Db {
  /** Name of the case_log sequence, to number entries before they are encrypted. */
  logSequence = '';
  /** Users' row versions as read and checked this turn (see {@link replaceChecked}). */
  readonly checked = new CheckedRows();

  constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
    readonly t: Tables,
    readonly cipher: DataCipher | undefined,
    readonly names: Namer,
  ) {}

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(what: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(params.length > 0 ? named(sql, params) : sql);
    } catch (err) {
      throw ioError(what, err);
    }
  }

  async tx<T>(what: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw ioError(what, err);
    }
    let broken = false;
    const unguard = guardClient(client);
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
      unguard();
      client.release(broken);
    }
  }

  /**
   * Numbers the entries first (so each is encrypted with its own position) and inserts them in one statement.
   * `dedupe`: leaves out the entries of a turn the case's log has already (a turn replayed after a crash), found by
   * the turn_id column in the statement that numbers them. A row written before that column existed (NULL) means
   * this case's turn ids are only inside its encrypted entries: then its log is read and decrypted to find them.
   * Numbers taken for entries left out are not used (the log's order has gaps, never a change).
   * `deferFlush` (an insert that is its own transaction, on the pool): committed without waiting for the WAL flush,
   * as `synchronous_commit = off` for this transaction alone (set in the statement itself, so no round trip is
   * added); for a turn whose state is saved next, whose commit flushes these rows with it (see TurnWriteOptions).
   * `numbers`: numbers taken earlier for this turn (under the user's lock), ascending; as many as there are entries
   * are taken from the front. The entries are then inserted in one statement, unless the case's log already has
   * one of their turns or a row without a turn id: then nothing is inserted, and it is done as above.
   */
  async insertLog(
    db: pg.Pool | pg.PoolClient,
    caseId: string,
    entries: readonly LogEntry[],
    { dedupe = false, deferFlush = false, numbers }: { dedupe?: boolean; deferFlush?: boolean; numbers?: string[] } = {},
  ): Promise<void> {
    if (entries.length === 0) return;
    const turns = dedupe ? turnIdsOf(entries) : [];
    const deferred = deferFlush ? `, ${DEFER_FLUSH}` : '';
    try {
      if (numbers !== undefined && numbers.length >= entries.length) {
        const seqs = numbers.splice(0, entries.length);
        const r = await db.query(
          named(this.#insertNumbered(`${deferred}${turns.length > 0 ? this.#unseenTurns() : ''}`), [
            seqs,
            caseId,
            ...this.#encodedRows(caseId, seqs, entries),
            ...(turns.length > 0 ? [turns] : []),
          ]),
        );
        if (r.rowCount === entries.length) return;
      }
      const seen = turns.length > 0 ? `ARRAY(SELECT DISTINCT turn_id FROM ${this.t.caseLog} WHERE case_id = $3 AND (turn_id IS NULL OR turn_id = ANY($4::text[])))` : 'NULL::text[]';
      const r = await db.query<{ seqs: string[]; seen: (string | null)[] | null }>(
        named(`SELECT ARRAY(SELECT nextval($1::regclass)::text FROM generate_series(1, $2::int)) AS seqs, ${seen} AS seen WHERE EXISTS (SELECT 1 FROM ${this.t.cases} WHERE id = $3)`, [
          this.logSequence,
          entries.length,
          caseId,
          ...(turns.length > 0 ? [turns] : []),
        ]),
      );
      const row = r.rows[0];
      if (row === undefined) throw this.notFound(caseId);
      const seqs = row.seqs.sort(bySeq);
      let fresh = entries;
      if (row.seen !== null && row.seen.length > 0) {
        fresh = row.seen.includes(null) ? await this.#newTurnEntriesOfOldLog(caseId, entries) : newTurnEntries(row.seen.map((turn) => ({ turn })), [...entries]);
        if (fresh.length === 0) return;
      }
      const used = seqs.slice(0, fresh.length);
      await db.query(
        named(this.#insertNumbered(deferred), [
          used,
          caseId,
          ...this.#encodedRows(caseId, used, fresh),
        ]),
      );
    } catch (err) {
      // The case was deleted between the two statements.
      if (pgCode(err) === '23503') throw this.notFound(caseId);
      throw ioError('append to a case log', err);
    }
  }

  /**
   * A turn's entries for one case, numbered under the user's lock (`seqs`, one per entry), and the user's state, in
   * one statement: one transaction, committed with the WAL flush, so the two are never apart. The state is saved
   * only if all entries went in and the row is still `read`. Resolves with what was done:
   * - `both`;
   * - `logged`: the entries went in, but the row is no longer `read` (save it as usual);
   * - `neither`: the log has one of these turns already, or a row without a turn id (a schema of step 1), and
   *   nothing was written (append with {@link insertLog}, which finds what is new, then save).
   * Rejects with NOT_FOUND when the case is gone, and then nothing was written.
   */
  async saveUserWithLog(key: string, payload: string, read: CheckedRow, caseId: string, entries: readonly LogEntry[], seqs: readonly string[]): Promise<'both' | 'logged' | 'neither'> {
    const turns = turnIdsOf(entries);
    if (seqs.length !== entries.length || turns.length === 0) throw new Error('saveUserWithLog: one number per entry, and entries of a turn');
    try {
      const r = await this.pool.query<{ logged: number; saved: number }>(
        named(
          `WITH logged AS (${this.#insertNumbered(this.#unseenTurns())} RETURNING 1), saved AS (
           UPDATE ${this.t.users} SET payload = $7, version = version + 1, updated_at = now()
            WHERE key_hash = $6 AND version = $8 AND payload = $9 AND (SELECT count(*) FROM logged) = cardinality($1::bigint[])
           RETURNING 1
         )
         SELECT (SELECT count(*) FROM logged)::int AS logged, (SELECT count(*) FROM saved)::int AS saved`,
          [seqs, caseId, ...this.#encodedRows(caseId, seqs, entries), turns, key, payload, read.version, read.payload],
        ),
      );
      const row = r.rows[0];
      if (row?.saved === 1) return 'both';
      return row?.logged === entries.length ? 'logged' : 'neither';
    } catch (err) {
      if (pgCode(err) === '23503') throw this.notFound(caseId);
      throw ioError("save a turn's log and state", err);
    }
  }

  /**
   * The insert of numbered entries: $1 their numbers, $2 the case, $3 and $4 the encrypted entries and their turn ids
   * ({@link #encodedRows}); `rest` follows its FROM item.
   */
  #insertNumbered(rest: string): string {
    return `INSERT INTO ${this.t.caseLog} (seq, case_id, entry, turn_id) SELECT s, $2, e, t FROM unnest($1::bigint[], $3::text[], $4::text[]) AS u(s, e, t)${rest}`;
  }

  /** For {@link #insertNumbered}: nothing is inserted if the case's log has one of the turns in $5, or a row without a turn id. */
  #unseenTurns(): string {
    return ` WHERE NOT EXISTS (SELECT 1 FROM ${this.t.caseLog} WHERE case_id = $2 AND (turn_id IS NULL OR turn_id = ANY($5::text[])))`;
  }

  /** The entries encrypted, each with its number, and their turn ids: the insert's `entry` and `turn_id` columns. */
  #encodedRows(caseId: string, seqs: readonly string[], entries: readonly LogEntry[]): [string[], string[]] {
    return [entries.map((entry, i) => this.encode('case_log', `${caseId}/${seqs[i] ?? ''}`, entry)), entries.map((entry) => (typeof entry.turn === 'string' ? entry.turn : ''))];
  }

  async #newTurnEntriesOfOldLog(caseId: string, added: readonly LogEntry[]): Promise<LogEntry[]> {
    const rows = await this.query<{ seq: string; entry: string }>('read a case log', `SELECT seq::text AS seq, entry FROM ${this.t.caseLog} WHERE case_id = $1`, [caseId]);
    return newTurnEntries(rows.rows.map((r) => this.decode('case_log', `${caseId}/${r.seq}`, r.entry, isObject)), [...added]);
  }

  /**
   * Replaces a user state or document with `payload` (as {@link encode} or {@link encodeJson} made it), but never a
   * row that cannot be read (it stays as it is for someone to look at): read and check the current row, then write
   * only if it is still that version. A write by another process in between makes it try again.
   */
  async replaceChecked(table: 'users' | 'docs', keyColumn: 'key_hash' | 'name', key: string, payload: string, isValid: (v: unknown) => boolean, read?: CheckedRow): Promise<void> {
    const name = this.t[table];
    // The row as the caller read and checked it moments ago (a user's state at the start of the turn):
    // replaced only while it is still exactly that row, which saves reading it again; else read as below.
    if (read !== undefined) {
      const r = await this.query(
        `write ${table}`,
        `UPDATE ${name} SET payload = $2, version = version + 1${table === 'users' ? ', updated_at = now()' : ''} WHERE ${keyColumn} = $1 AND version = $3 AND payload = $4`,
        [key, payload, read.version, read.payload],
      );
      if (r.rowCount === 1) return;
    }
    for (let attempt = 0; attempt < REPLACE_ATTEMPTS; attempt++) {
      const row = (await this.query<{ payload: string; version: string }>(`read ${table}`, `SELECT payload, version FROM ${name} WHERE ${keyColumn} = $1`, [key])).rows[0];
      if (row === undefined) {
        const r = await this.query(`write ${table}`, `INSERT INTO ${name} (${keyColumn}, payload) VALUES ($1, $2) ON CONFLICT (${keyColumn}) DO NOTHING`, [key, payload]);
        if (r.rowCount === 1) return;
        continue;
      }
      this.decode(table, key, row.payload, (v): v is unknown => isValid(v));
      const r = await this.query(
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
  async vacuum(table: 'caseLog' | 'users'): Promise<void> {
    await this.awaitOlderSnapshots();
    await this.query(`vacuum ${table}`, `VACUUM ${this.t[table]}`);
  }

  /**
   * VACUUM keeps a dead row version while any transaction in this database began before it died (it
   * might still read it). The write that made it dead has committed by now, so every snapshot taken
   * from here on is newer: wait (briefly, bounded) until the sessions of this database that hold an
   * older snapshot have moved on, so that the VACUUM after this really removes the old text. A
   * session that stays open longer leaves it to autovacuum (SECURITY.md says so).
   */
  async awaitOlderSnapshots(maxWaitMs = 10_000): Promise<void> {
    const now = (await this.query<{ xid: string }>('read the transaction horizon', 'SELECT (txid_current() % 4294967296)::text AS xid')).rows[0]?.xid ?? '0';
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const older = (
        await this.query<{ n: number }>(
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

  encode(table: string, key: string, value: unknown): string {
    return this.encodeJson(table, key, JSON.stringify(value));
  }

  /** {@link encode} of a value given as its JSON text. */
  encodeJson(table: string, key: string, json: string): string {
    return this.cipher ? this.cipher.encrypt(json, `${table}/${key}`) : json;
  }

  /** Parses (and decrypts) a payload; anything unexpected is CORRUPT_FILE naming the table and row. */
  decode<T>(table: string, key: string, payload: string, isValid: (value: unknown) => value is T): T {
    const aad = `${table}/${key}`;
    let value: unknown;
    try {
      value = JSON.parse(payload);
    } catch (err) {
      throw this.corrupt(table, key, 'invalid JSON', err);
    }
    if (isEnvelope(value)) {
      if (!this.cipher) throw this.corrupt(table, key, 'it is encrypted, but no data encryption key is configured');
      try {
        value = JSON.parse(this.cipher.decrypt(value, aad));
      } catch (err) {
        throw this.corrupt(table, key, 'it cannot be decrypted: wrong key, or the row was changed or copied from another row', err);
      }
    } else if (this.cipher) {
      // Unlike the file store there is no data from before encryption: plain text here was put in by hand.
      throw this.corrupt(table, key, 'it is not encrypted, although a data encryption key is configured');
    }
    if (!isValid(value)) throw this.corrupt(table, key, 'unexpected shape');
    return value;
  }

  corrupt(table: string, key: string, reason: string, cause?: unknown): StoreError {
    return new StoreError(
      'CORRUPT_FILE',
      `Row ${table}/${key} (table "${this.schema}".${table}) is corrupt or unreadable (${reason}); it was left untouched. ` +
        'Restore it from a backup or remove it.',
      { path: `${this.schema}.${table}/${key}`, cause },
    );
  }

  notFound(caseId: string): StoreError {
    return new StoreError('NOT_FOUND', `Case ${caseId} does not exist (table ${this.t.cases}).`, { path: `cases/${caseId}` });
  }

  /**
   * Converts a schema of an earlier version, whose key_hash, owner_hash and user documents carry
   * unkeyed names, to keyed names (names.ts), once: in one transaction under the migration lock,
   * recorded by the `names` row. A user row or document is encrypted again for its new key, which
   * is part of its payload's authenticated data. Resolves with the number of rows renamed.
   */
  async rename(): Promise<number> {
    if (!this.names.keyed) return 0;
    const t = this.t;
    return this.tx('rename to keyed names', async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey('meldcode-migrate', this.schema)]);
      const done = (await c.query<{ payload: string }>(`SELECT payload FROM ${t.storeMeta} WHERE name = $1`, [NAMES_ROW])).rows[0];
      if (done !== undefined) {
        if (done.payload !== NAMES_INFO) throw new StoreError('CORRUPT_FILE', `PostgreSQL schema "${this.schema}" uses the naming scheme "${done.payload}", which this version does not know.`);
        return 0;
      }
      let n = 0;
      const users = await c.query<{ key_hash: string; payload: string }>(`SELECT key_hash, payload FROM ${t.users}`);
      for (const row of users.rows) {
        const name = this.names.fromUnkeyed(row.key_hash);
        const value = this.decode('users', row.key_hash, row.payload, isUserFile);
        await c.query(`UPDATE ${t.users} SET key_hash = $2, payload = $3 WHERE key_hash = $1`, [row.key_hash, name, this.encode('users', name, value)]);
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
        const value = this.decode('docs', row.name, row.payload, isDocFile);
        await c.query(`UPDATE ${t.docs} SET name = $2, payload = $3 WHERE name = $1`, [row.name, name, this.encode('docs', name, value)]);
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
  async checkKey(): Promise<void> {
    const read = async () =>
      (await this.query<{ payload: string }>('read the key check', `SELECT payload FROM ${this.t.storeMeta} WHERE name = $1`, [KEYCHECK_NAME])).rows[0]?.payload;
    let payload = await read();
    if (payload === undefined) {
      await this.query('write the key check', `INSERT INTO ${this.t.storeMeta} (name, payload) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
        KEYCHECK_NAME,
        this.encode('store_meta', KEYCHECK_NAME, { check: KEYCHECK_TEXT }),
      ]);
      // Read back: another instance may have written it first, perhaps with another key.
      payload = await read();
    }
    try {
      this.decode('store_meta', KEYCHECK_NAME, payload ?? '', (v): v is { check: string } => isObject(v) && v.check === KEYCHECK_TEXT);
    } catch (err) {
      const where = `PostgreSQL schema "${this.schema}"`;
      throw new StoreError(
        'CORRUPT_FILE',
        this.cipher
          ? `The data in ${where} were written with another data encryption key than the one configured (DATA_ENCRYPTION_KEY / DATA_KEY_FILE), ` +
              'or without one. Nothing was changed. Every instance must use the same key.'
          : `The data in ${where} are encrypted, but no key is configured (DATA_ENCRYPTION_KEY / DATA_KEY_FILE). Nothing was changed.`,
        { path: `${this.schema}.store_meta/${KEYCHECK_NAME}`, cause: err },
      );
    }
  }
}
