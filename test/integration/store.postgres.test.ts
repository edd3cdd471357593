/**
 * The PostgreSQL store against a real server: the shared Store contract (each test in a fresh
 * schema), plus what only a shared database needs: restarts, encryption at rest, and two
 * instances (two pools, as two processes would have) acting at the same moment.
 *
 * Needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test). Without it the tests are
 * reported as skipped by name, except in CI (CI set), where a missing or unreachable database
 * fails the run.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Dispatcher, type AfSink } from '../../src/cases/dispatcher.js';
import type { ChannelSummary } from '../../src/engine/types.js';
import { DataCipher, newKey } from '../../src/store/crypto.js';
import { LowdbStore, openStore, storedDataAt } from '../../src/store/index.js';
import { resolveKey } from '../../src/app/keys.js';
import { loadConfig } from '../../src/config.js';
import { migrate, PostgresStore, type PostgresStoreOptions } from '../../src/store/postgres.js';
import { named } from '../../src/store/postgres/db.js';
import { IDLE_CONNECTION_MS } from '../../src/store/postgres/schema.js';
import type { Store } from '../../src/store/store.js';
import { DATABASE_URL, pgDescribe, pgTitle, checkDatabase, testSchemaName } from '../helpers/postgres.js';
import { describeStoreContract, makeEntry, makeMeta, makeOutboxItem, storeErrorOf } from '../unit/store.contract.js';

await checkDatabase();
const url = DATABASE_URL;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Runs with or without a database (so a run without one still lists the skipped tests by name).

/** The SQL text of a query's first argument: the text itself, or a statement's `text` (a named statement). */
const sqlOf = (arg: unknown): string => (typeof arg === 'string' ? arg : String((arg as { text?: unknown } | undefined)?.text ?? ''));

/** Records every statement this process sends to PostgreSQL (its SQL text, in order) until `restore()`. */
function recordStatements(): { statements: string[]; names: (string | undefined)[]; restore: () => void } {
  const statements: string[] = [];
  const names: (string | undefined)[] = [];
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
    statements.push(sqlOf(args[0]));
    names.push(typeof args[0] === 'object' ? (args[0] as { name?: string } | null)?.name : undefined);
    return query.apply(this, args) as never;
  } as never);
  return { statements, names, restore: () => spy.mockRestore() };
}

describe('store selection', () => {
  it('opens the file store when no database URL is configured', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mc-select-'));
    try {
      const store = await openStore(loadConfig({ DATA_DIR: dir }), new DataCipher(newKey()));
      expect(store).toBeInstanceOf(LowdbStore);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

pgDescribe(pgTitle('PostgreSQL store'), () => {
  let admin: pg.Pool;
  /** Schemas and stores made by the current test; dropped and closed after it. */
  let schemas: string[] = [];
  let stores: Store[] = [];

  beforeAll(() => {
    admin = new pg.Pool({ connectionString: url, max: 4 });
  });
  afterAll(async () => {
    await admin.end();
  });

  async function freshSchema(): Promise<string> {
    const schema = testSchemaName();
    await admin.query(`CREATE SCHEMA ${schema}`);
    schemas.push(schema);
    return schema;
  }

  async function open(schema: string, opts: Omit<PostgresStoreOptions, 'schema'> = {}): Promise<PostgresStore> {
    const store = await PostgresStore.open(url ?? '', { schema, poolSize: 4, ...opts });
    stores.push(store);
    return store;
  }

  async function dropAll(): Promise<void> {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    schemas = [];
  }

  const contractCipher = new DataCipher(newKey());
  describeStoreContract('PostgresStore', {
    open: async () => open(await freshSchema(), { cipher: contractCipher }),
    cleanup: dropAll,
  });

  describe('PostgresStore', () => {
    let schema: string;
    let cipher: DataCipher;

    beforeEach(async () => {
      schema = await freshSchema();
      cipher = new DataCipher(newKey());
    });
    afterEach(dropAll);

    describe('schema', () => {
      it('migrates once, also when several instances start at the same moment', async () => {
        const pools = [1, 2, 3].map(() => new pg.Pool({ connectionString: url, max: 1 }));
        try {
          const applied = await Promise.all(pools.map((p) => migrate(p, schema)));
          // Each step once in all (step 2: the case log's turn_id column), whichever instance applied it.
          expect(applied.reduce((a, b) => a + b, 0)).toBe(2);
          expect(await migrate(pools[0] as pg.Pool, schema)).toBe(0);
        } finally {
          await Promise.all(pools.map((p) => p.end()));
        }
        const tables = await admin.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]);
        expect(tables.rows.map((r) => r.table_name)).toEqual(['case_log', 'cases', 'deadlines', 'docs', 'outbox', 'schema_migrations', 'store_meta', 'users']);
      });

      it('upgrades a schema of step 1: its log rows keep no turn id, and a replayed turn is still recognised by reading the log', async () => {
        // Arrange: a case logged by a turn, then the schema taken back to step 1 (no turn_id column)
        const first = await open(schema, { cipher });
        await first.createCase(makeMeta('c1'));
        await first.appendLog('c1', [makeEntry(1, { turn: 't1' }), makeEntry(2, { turn: 't1' })]);
        await first.close();
        stores = stores.filter((s) => s !== first);
        await admin.query(`DROP INDEX ${schema}.case_log_turn`);
        await admin.query(`ALTER TABLE ${schema}.case_log DROP COLUMN turn_id`);
        await admin.query(`DELETE FROM ${schema}.schema_migrations WHERE version = 2`);

        // Act: a new version opens it; the same turn comes again, then a new one twice
        const upgraded = await open(schema, { cipher });
        await upgraded.appendLog('c1', [makeEntry(1, { turn: 't1' }), makeEntry(2, { turn: 't1' })]);
        await upgraded.appendLog('c1', [makeEntry(3, { turn: 't2' })]);
        await upgraded.appendLog('c1', [makeEntry(3, { turn: 't2' })]);
        // Both again in a user's turn (numbered by the lock): the rows without a turn id are read as above.
        await upgraded.withUserLock('web:x', () => upgraded.appendLog('c1', [makeEntry(1, { turn: 't1' }), makeEntry(2, { turn: 't1' })], { turnOf: 'web:x' }));
        await upgraded.withUserLock('web:x', () => upgraded.appendLog('c1', [makeEntry(3, { turn: 't2' })], { turnOf: 'web:x' }));

        // Assert
        const column = await admin.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'case_log' AND column_name = 'turn_id'`, [schema]);
        expect(column.rowCount).toBe(1);
        expect((await upgraded.getCase('c1'))?.log.map((e) => e.data.n)).toEqual([1, 2, 3]);
        const turns = await admin.query<{ turn_id: string | null }>(`SELECT turn_id FROM ${schema}.case_log ORDER BY seq`);
        expect(turns.rows.map((r) => r.turn_id)).toEqual([null, null, 't2']);
      });

      it('recognises a replayed turn by its turn_id, without reading or decrypting the case log', async () => {
        const store = await open(schema, { cipher });
        await store.createCase(makeMeta('c1'));
        await store.appendLog('c1', [makeEntry(1, { turn: 't1' })]);
        const logReads: string[] = [];
        const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
        const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
          const sql = sqlOf(args[0]);
          if (/SELECT seq::text AS seq, entry/.test(sql)) logReads.push(sql);
          return query.apply(this, args) as never;
        } as never);
        try {
          await store.appendLog('c1', [makeEntry(1, { turn: 't1' })]);
          await store.appendLog('c1', [makeEntry(2, { turn: 't2' }), makeEntry(3)]);
        } finally {
          spy.mockRestore();
        }
        expect(logReads).toEqual([]);
        expect((await store.getCase('c1'))?.log.map((e) => e.data.n)).toEqual([1, 2, 3]);
      });

      it("appends a turn's entries in two statements: numbered together with the replay check, then inserted", async () => {
        const store = await open(schema, { cipher });
        await store.createCase(makeMeta('c1'));
        const { statements, restore } = recordStatements();
        try {
          await store.appendLog('c1', [makeEntry(1, { turn: 't1' }), makeEntry(2, { turn: 't1' })]);
          expect(statements).toHaveLength(2);
          statements.length = 0;
          // The same turn again: one statement, nothing inserted.
          await store.appendLog('c1', [makeEntry(1, { turn: 't1' }), makeEntry(2, { turn: 't1' })]);
          expect(statements).toHaveLength(1);
        } finally {
          restore();
        }
        expect((await store.getCase('c1'))?.log.map((e) => [e.data.n, e.turn])).toEqual([
          [1, 't1'],
          [2, 't1'],
        ]);
        await expect(store.appendLog('nope', [makeEntry(1, { turn: 't9' })])).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it("commits a turn's log entries and meta change without waiting for the WAL flush, and the user's state, saved after them, with it", async () => {
        // Arrange: the server notes the synchronous_commit each write to the log and to the users' states commits under.
        const store = await open(schema, { cipher });
        await store.createCase(makeMeta('c1'));
        await admin.query(`CREATE TABLE ${schema}.commit_probe (tbl text, mode text)`);
        await admin.query(`CREATE FUNCTION ${schema}.note_commit() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN INSERT INTO ${schema}.commit_probe VALUES (TG_TABLE_NAME, current_setting('synchronous_commit')); RETURN NULL; END $$`);
        for (const table of ['case_log', 'users', 'cases']) {
          await admin.query(`CREATE TRIGGER note_commit AFTER INSERT OR UPDATE ON ${schema}.${table} FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.note_commit()`);
        }

        // Act: a turn (its entries and a change of the meta, then the state), then changes outside a turn (a lead's).
        await store.appendLog('c1', [makeEntry(1, { turn: 't1' })], { beforeUserSave: true });
        await store.updateCaseMeta('c1', { step: 2 }, { beforeUserSave: true });
        await store.saveUser('web:alice', { n: 1 });
        await store.appendLog('c1', [makeEntry(2)]);
        await store.updateCaseMeta('c1', { step: 3 });

        // Assert
        const probe = await admin.query<{ tbl: string; mode: string }>(`SELECT tbl, mode FROM ${schema}.commit_probe`);
        expect(probe.rows).toEqual([
          { tbl: 'case_log', mode: 'off' },
          { tbl: 'cases', mode: 'off' },
          { tbl: 'users', mode: 'on' },
          { tbl: 'case_log', mode: 'on' },
          { tbl: 'cases', mode: 'on' },
        ]);
        expect((await store.getCase('c1'))?.log.map((e) => e.data.n)).toEqual([1, 2]);
        expect((await store.getCase('c1'))?.meta.step).toBe(3);
        expect(await store.loadUser('web:alice')).toEqual({ n: 1 });
      });

      it("commits a turn's new case, deadlines and outbox items without waiting for the WAL flush, as the state saved after them does, and the same writes outside a turn with it", async () => {
        // Arrange: the server notes the synchronous_commit each write to a case, a deadline or the outbox commits under.
        const store = await open(schema, { cipher });
        await admin.query(`CREATE TABLE ${schema}.commit_probe (n serial, tbl text, mode text)`);
        await admin.query(`CREATE FUNCTION ${schema}.note_commit() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN INSERT INTO ${schema}.commit_probe (tbl, mode) VALUES (TG_TABLE_NAME, current_setting('synchronous_commit')); RETURN NULL; END $$`);
        for (const table of ['cases', 'deadlines', 'outbox', 'users']) {
          await admin.query(`CREATE TRIGGER note_commit AFTER INSERT OR UPDATE ON ${schema}.${table} FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.note_commit()`);
        }
        const turn = { beforeUserSave: true };
        const due = (id: string) => ({ id, caseId: 'c1', kind: 'nudge' as const, dueAt: '2026-01-02T09:00:00.000Z', createdAt: '2026-01-01T09:00:00.000Z' });

        // Act: a turn's writes (a new case, a deadline added and others cancelled, the case closed, a channel post queued), its
        // user's state, then the same writes outside a turn (the scheduler's, the dispatcher's).
        await store.createCase(makeMeta('c1'), [], turn);
        expect(await store.addDeadline(due('d1'), turn)).toBe(true);
        expect(await store.addDeadline(due('d1'), turn)).toBe(false);
        expect(await store.cancelDeadlines('c1', ['nudge'], '2026-01-01T10:00:00.000Z', turn)).toBe(1);
        await store.modifyCaseMeta('c1', () => ({ status: 'gesloten' }), turn);
        await store.enqueue(makeOutboxItem('o1'), turn);
        await store.saveUser('web:alice', { n: 1 });
        await store.createCase(makeMeta('c2'));
        await store.addDeadline(due('d2'));
        await store.cancelDeadlines('c1', undefined, '2026-01-01T11:00:00.000Z');
        await store.enqueue(makeOutboxItem('o1', { attempts: 1 }));

        // Assert: deferred in the turn only; what was written reads back alike.
        const probe = await admin.query<{ tbl: string; mode: string }>(`SELECT tbl, mode FROM ${schema}.commit_probe ORDER BY n`);
        expect(probe.rows.map((r) => `${r.tbl} ${r.mode}`)).toEqual([
          'cases off',
          'deadlines off',
          'deadlines off',
          'deadlines off',
          'cases off',
          // An upsert fires the statement triggers of both INSERT and UPDATE.
          'outbox off',
          'outbox off',
          'users on',
          'cases on',
          'deadlines on',
          'deadlines on',
          'outbox on',
          'outbox on',
        ]);
        expect((await store.getCase('c1'))?.meta.status).toBe('gesloten');
        expect((await store.listCases()).map((m) => m.id)).toEqual(['c1', 'c2']);
        expect((await store.pendingDeadlines()).map((d) => d.id)).toEqual([]);
        expect(await store.pending()).toEqual([makeOutboxItem('o1', { attempts: 1 })]);
        expect(await store.loadUser('web:alice')).toEqual({ n: 1 });
      });

      it("changes a case's meta in one statement when it knows the row, and decides again on the row as it is after another instance changed it, in one more", async () => {
        // Arrange: two instances; the first created the case, so it knows its row.
        const first = await open(schema, { cipher });
        const second = await open(schema, { cipher });
        await first.createCase(makeMeta('c1'));
        const { statements, restore } = recordStatements();
        let known: number;
        let afterOther: number;
        let claims: { changed: boolean; step: number }[];
        try {
          // Act
          await first.updateCaseMeta('c1', { step: 2 });
          known = statements.length;
          await second.updateCaseMeta('c1', { lead: 'opgepakt' });
          statements.length = 0;
          await first.updateCaseMeta('c1', { step: 3 });
          afterOther = statements.length;
          // A decision on what the first knew, where the row says otherwise: made again on the row.
          claims = [];
          for (const store of [second, first]) {
            const r = await store.modifyCaseMeta('c1', (m) => (m.step >= 5 ? undefined : { step: 5 }));
            claims.push({ changed: r.changed, step: r.meta.step });
          }
        } finally {
          restore();
        }

        // Assert: one UPDATE; after the other instance's change, the compare fails, reading the row as it is in the same
        // statement, and one more compare-and-set on that row follows.
        expect(known).toBe(1);
        expect(afterOther).toBe(2);
        expect(claims).toEqual([
          { changed: true, step: 5 },
          { changed: false, step: 5 },
        ]);
        expect((await second.getCase('c1'))?.meta).toMatchObject({ step: 5, lead: 'opgepakt' });
      });

      it('names each statement text once, and never two texts alike', () => {
        const a = named('SELECT $1::int AS n', [1]);
        expect(named('SELECT $1::int AS n', [2])).toEqual({ ...a, values: [2] });
        expect(named('SELECT $1::int AS m', [1]).name).not.toBe(a.name);
      });

      it("decides under the row's lock when another instance changes the row between every read and write, and creates a case without entries in one statement", async () => {
        const first = await open(schema, { cipher });
        const second = await open(schema, { cipher });
        const { statements, restore: stopRecording } = recordStatements();
        try {
          await first.createCase(makeMeta('c1'));
          expect(statements).toHaveLength(1);
        } finally {
          stopRecording();
        }
        // Before each compare-and-set of the first instance, the second changes the row.
        const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
        let others = 0;
        let inside = false;
        const seen: string[] = [];
        const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
          const sql = sqlOf(args[0]);
          if (inside || !/^WITH changed AS \(UPDATE/.test(sql)) {
            seen.push(sql);
            return query.apply(this, args) as never;
          }
          inside = true;
          others += 1;
          return second
            .updateCaseMeta('c1', { updatedAt: `2026-01-0${others}T00:00:00.000Z` })
            .finally(() => (inside = false))
            .then(() => {
              seen.push(sql);
              return query.apply(this, args);
            }) as never;
        } as never);
        let result: { changed: boolean; meta: { step: number } };
        try {
          result = await first.modifyCaseMeta('c1', (m) => ({ step: m.step + 1 }));
        } finally {
          spy.mockRestore();
        }
        expect(result).toMatchObject({ changed: true, meta: { step: 1 } });
        expect(others).toBe(3);
        expect(seen.some((sql) => /FOR UPDATE/.test(sql))).toBe(true);
        expect((await second.getCase('c1'))?.meta).toMatchObject({ step: 1, updatedAt: '2026-01-03T00:00:00.000Z' });
      });

      it('is what openStore opens when DATABASE_URL is set', async () => {
        const store = await openStore(loadConfig({ DATABASE_URL: url, DATABASE_SCHEMA: schema, DATA_DIR: '/nonexistent/never-used' }), cipher);
        stores.push(store);
        expect(store).toBeInstanceOf(PostgresStore);
        expect((store as PostgresStore).schema).toBe(schema);
      });

      it('creates a missing schema and refuses a schema name that is not a plain identifier', async () => {
        const created = testSchemaName();
        schemas.push(created);
        const store = await open(created);
        await store.createCase(makeMeta('c1'));
        expect((await admin.query('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [created])).rows[0]).toEqual({ n: 1 });
        const error = await storeErrorOf(PostgresStore.open(url ?? '', { schema: 'x"; DROP TABLE y; --' }));
        expect(error.code).toBe('INVALID_ID');
      });
    });

    describe('persistence', () => {
      it('keeps users, cases with their logs, documents, the outbox and deadlines across a restart', async () => {
        const first = await open(schema, { cipher });
        await first.saveUser('teams:29:abc', { node: 'stap2', lang: 'nl' });
        await first.createCase(makeMeta('case1'), [makeEntry(0, { type: 'opened' })]);
        await first.appendLog('case1', [makeEntry(1), makeEntry(2)]);
        await first.updateCaseMeta('case1', { step: 2, updatedAt: '2025-01-05T00:00:00.000Z' });
        await first.putDoc('teams-af-channel', { conversationId: '19:abc' });
        await first.enqueue(makeOutboxItem('n1', { createdAt: '2025-01-01T00:00:00.000Z' }));
        await first.enqueue(makeOutboxItem('n2', { createdAt: '2025-01-02T00:00:00.000Z' }));
        await first.ack('n1');
        for (const id of ['r1', 'r2']) {
          await first.addDeadline({ id, caseId: 'case1', kind: 'claim-reminder', dueAt: '2026-01-01T09:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z' });
        }
        await first.fireDeadline('r1', '2026-01-01T10:00:00.000Z');
        await first.close();

        const second = await open(schema, { cipher });
        expect(await second.loadUser('teams:29:abc')).toEqual({ node: 'stap2', lang: 'nl' });
        expect(await second.getCase('case1')).toEqual({
          meta: makeMeta('case1', { step: 2, updatedAt: '2025-01-05T00:00:00.000Z' }),
          log: [makeEntry(0, { type: 'opened' }), makeEntry(1), makeEntry(2)],
        });
        expect(await second.getDoc('teams-af-channel')).toEqual({ conversationId: '19:abc' });
        expect(await second.pending()).toEqual([makeOutboxItem('n2', { createdAt: '2025-01-02T00:00:00.000Z' })]);
        expect((await second.pendingDeadlines()).map((d) => d.id)).toEqual(['r2']);
        expect(await second.fireDeadline('r1', '2026-01-02T10:00:00.000Z')).toBe(false);
      });

      it('removes a deleted case\u2019s log with it', async () => {
        const store = await open(schema);
        await store.createCase(makeMeta('c1'), [makeEntry(1), makeEntry(2)]);
        await store.deleteCase('c1');
        expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}.case_log`)).rows[0]).toEqual({ n: 0 });
        expect((await storeErrorOf(store.appendLog('c1', [makeEntry(3)]))).code).toBe('NOT_FOUND');
      });

      it('lists 10,000 cases with one query, fast, filtered by owner and status', async () => {
        const store = await open(schema, { cipher });
        // Seeded in bulk with the store's own format, to keep the test quick.
        const ids: string[] = [];
        const owners: string[] = [];
        const statuses: string[] = [];
        const created: string[] = [];
        const payloads: string[] = [];
        for (let n = 0; n < 10_000; n++) {
          const id = `case-${String(n).padStart(5, '0')}`;
          const meta = makeMeta(id, { owner: `web:user-${n % 100}`, status: n % 10 === 0 ? 'gesloten' : 'open', createdAt: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString() });
          ids.push(id);
          owners.push(store.names.name(meta.owner));
          statuses.push(meta.status);
          created.push(meta.createdAt);
          payloads.push(cipher.encrypt(JSON.stringify(meta), `cases/${id}`));
        }
        await admin.query(
          `INSERT INTO ${schema}.cases (id, owner_hash, status, created_at, updated_at, payload) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $4::text[], $5::text[])`,
          [ids, owners, statuses, created, payloads],
        );
        const queries = jest.spyOn(pg.Pool.prototype, 'query');
        const all = await store.listCases();
        // One query, whatever the number of cases; how long it takes is the benchmark's business.
        expect(queries).toHaveBeenCalledTimes(1);
        queries.mockRestore();
        expect(all).toHaveLength(10_000);
        expect(all[0]?.id).toBe('case-00000');
        expect(all[9999]?.id).toBe('case-09999');
        const mine = await store.listCases({ owner: 'web:user-7', status: ['open'] });
        expect(mine).toHaveLength(100);
        expect(mine.every((m) => m.owner === 'web:user-7' && m.status === 'open')).toBe(true);
      });
    });

    describe('encryption at rest', () => {
      it('keeps no case text, answer or user key readable in any table', async () => {
        const store = await open(schema, { cipher });
        const secret = 'Waarneming blauwe plek op de arm bij het ophalen';
        await store.saveUser('teams:29:SecretUser', { answers: { obs: secret } });
        await store.createCase(makeMeta('c1', { owner: 'teams:29:SecretUser', ref: 'MC-SECRET' }), [makeEntry(1, { data: { value: secret } })]);
        await store.appendLog('c1', [makeEntry(2, { data: { value: `${secret} (2)` } })]);
        await store.putDoc('profile-x', { name: 'Juf Geheim' });
        await store.enqueue(makeOutboxItem('o1', { payload: { ref: 'MC-SECRET', reporter: 'teams:29:SecretUser' } }));
        const dump: string[] = [];
        for (const table of ['users', 'cases', 'case_log', 'docs', 'outbox', 'store_meta']) {
          const rows = await admin.query<{ row: string }>(`SELECT t::text AS row FROM ${schema}.${table} t`);
          dump.push(...rows.rows.map((r) => r.row));
        }
        const all = dump.join('\n');
        expect(dump.length).toBeGreaterThanOrEqual(7);
        for (const needle of ['blauwe plek', 'SecretUser', 'MC-SECRET', 'Juf Geheim', 'web:alice']) expect(all).not.toContain(needle);
        // And it all reads back.
        expect((await store.getCase('c1'))?.log.map((e) => e.data.value)).toEqual([secret, `${secret} (2)`]);
      });

      it('refuses to open with another key, or without a key, and changes nothing', async () => {
        const first = await open(schema, { cipher });
        await first.createCase(makeMeta('c1'));
        await first.close();
        const before = (await admin.query(`SELECT payload FROM ${schema}.cases`)).rows;
        const wrong = await storeErrorOf(PostgresStore.open(url ?? '', { schema, cipher: new DataCipher(newKey()) }));
        expect(wrong.code).toBe('CORRUPT_FILE');
        expect(wrong.message).toContain('another data encryption key');
        const none = await storeErrorOf(PostgresStore.open(url ?? '', { schema }));
        expect(none.message).toContain('no key is configured');
        expect((await admin.query(`SELECT payload FROM ${schema}.cases`)).rows).toEqual(before);
      });

      it('reports a damaged or moved row as CORRUPT_FILE naming table and id, at start-up too, and never overwrites it', async () => {
        const store = await open(schema, { cipher });
        await store.createCase(makeMeta('c1'));
        await store.createCase(makeMeta('c2'));
        await store.saveUser('web:alice', { v: 1 });
        // c2's encrypted meta copied onto c1: authentic ciphertext, but for another row.
        await admin.query(`UPDATE ${schema}.cases SET payload = (SELECT payload FROM ${schema}.cases WHERE id = 'c2') WHERE id = 'c1'`);
        await admin.query(`UPDATE ${schema}.users SET payload = '{"mc":1,"iv":"x","tag":"y","ct":"z"}'`);
        const moved = await storeErrorOf(store.getCase('c1'));
        expect(moved.code).toBe('CORRUPT_FILE');
        expect(moved.message).toContain('cases/c1');
        const startUp = await storeErrorOf(openStore({ dataDir: '/nonexistent', databaseUrl: url, databaseSchema: schema }, cipher));
        expect(startUp.code).toBe('CORRUPT_FILE');
        expect(startUp.message).toContain('cases/c1');
        const user = await storeErrorOf(store.saveUser('web:alice', { v: 2 }));
        expect(user.code).toBe('CORRUPT_FILE');
        expect(user.message).toMatch(/users\/[0-9a-f]{64}/);
        expect((await admin.query(`SELECT payload FROM ${schema}.users`)).rows).toEqual([{ payload: '{"mc":1,"iv":"x","tag":"y","ct":"z"}' }]);
      });

      it('saves a user read this turn without reading the row again, but never over a row damaged since, even at the same version', async () => {
        const store = await open(schema, { cipher });
        await store.saveUser('web:bob', { v: 1 });
        const reads: string[] = [];
        const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
        const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
          const sql = sqlOf(args[0]);
          if (/^SELECT payload/.test(sql) && sql.includes('.users ')) reads.push(sql);
          return query.apply(this, args) as never;
        } as never);
        try {
          // A turn: the state is read (and checked), then saved: one read in all.
          expect(await store.loadUser('web:bob')).toEqual({ v: 1 });
          await store.saveUser('web:bob', { v: 2 });
          expect(reads).toHaveLength(1);
          expect(await store.loadUser('web:bob')).toEqual({ v: 2 });

          // The row damaged between the read and the save, its version left as it was: the save reads it, refuses, keeps it.
          reads.length = 0;
          await store.loadUser('web:bob');
          const damaged = '{"mc":1,"iv":"x","tag":"y","ct":"z"}';
          await admin.query(`UPDATE ${schema}.users SET payload = $1`, [damaged]);
          const err = await storeErrorOf(store.saveUser('web:bob', { v: 3 }));
          expect(err.code).toBe('CORRUPT_FILE');
          expect(reads).toHaveLength(2);
          expect((await admin.query(`SELECT payload FROM ${schema}.users`)).rows).toEqual([{ payload: damaged }]);
        } finally {
          spy.mockRestore();
        }
      });

      it('reads back the state it saved without decrypting it again, but decrypts and checks a row changed since in any way', async () => {
        const a = await open(schema, { cipher });
        const b = await open(schema, { cipher });
        const decrypt = jest.spyOn(cipher, 'decrypt');
        try {
          await a.saveUser('web:carol', { step: 1, notes: ['één'] });
          decrypt.mockClear();
          // Its own row, unchanged: the JSON it saved, nothing decrypted.
          expect(await a.loadUser('web:carol')).toEqual({ step: 1, notes: ['één'] });
          expect(await a.loadUser('web:carol')).toEqual({ step: 1, notes: ['één'] });
          expect(decrypt).not.toHaveBeenCalled();

          // Written by the other instance meanwhile: read as it now is.
          await b.saveUser('web:carol', { step: 2 });
          decrypt.mockClear();
          expect(await a.loadUser('web:carol')).toEqual({ step: 2 });
          expect(decrypt).toHaveBeenCalledTimes(1);
          // And that row, read once, is then known to a as well.
          decrypt.mockClear();
          expect(await a.loadUser('web:carol')).toEqual({ step: 2 });
          expect(decrypt).not.toHaveBeenCalled();

          // Put back as an older copy (authentic ciphertext of this very row): what is stored is what is read.
          await a.saveUser('web:carol', { step: 3 });
          const older = (await admin.query<{ payload: string; version: string }>(`SELECT payload, version::text FROM ${schema}.users`)).rows[0];
          await a.saveUser('web:carol', { step: 4 });
          await admin.query(`UPDATE ${schema}.users SET payload = $1, version = $2`, [older?.payload, older?.version]);
          expect(await a.loadUser('web:carol')).toEqual({ step: 3 });

          // Damaged in place, its version unchanged: refused as damaged, not answered from memory.
          await a.saveUser('web:carol', { step: 5 });
          await admin.query(`UPDATE ${schema}.users SET payload = '{"mc":1,"iv":"x","tag":"y","ct":"z"}'`);
          const err = await storeErrorOf(a.loadUser('web:carol'));
          expect(err.code).toBe('CORRUPT_FILE');
          expect(err.message).toMatch(/users\/[0-9a-f]{64}/);
        } finally {
          decrypt.mockRestore();
        }
      });

      it('never creates a key file for a schema that already holds data, and names the missing key file', async () => {
        // Arrange
        const store = await open(schema, { cipher });
        await store.createCase(makeMeta('c1'));
        const tmp = await mkdtemp(path.join(os.tmpdir(), 'pg-key-'));
        const keyFile = path.join(tmp, 'data.key');
        const location = { dataDir: path.join(tmp, 'data'), databaseUrl: url, databaseSchema: schema };

        try {
          // Act
          const err = await resolveKey({ keyFile, createIfMissing: true }, () => storedDataAt(location)).then(
            () => undefined,
            (e: unknown) => e,
          );
          const fresh = await storedDataAt({ ...location, databaseSchema: `${schema}_none` });

          // Assert
          expect((err as Error).message).toContain(keyFile);
          expect((err as Error).message).toContain(`PostgreSQL schema "${schema}"`);
          expect(existsSync(keyFile)).toBe(false);
          expect(fresh).toBeUndefined();
        } finally {
          await rm(tmp, { recursive: true, force: true });
        }
      });

      it('refuses a row whose GCM tag was cut to 4 bytes, naming it, and leaves it as it was', async () => {
        const store = await open(schema, { cipher });
        await store.createCase(makeMeta('c1'));
        const { payload } = (await admin.query<{ payload: string }>(`SELECT payload FROM ${schema}.cases WHERE id = 'c1'`)).rows[0] ?? { payload: '' };
        const envelope = JSON.parse(payload) as { tag: string };
        const cut = JSON.stringify({ ...envelope, tag: Buffer.from(envelope.tag, 'base64').subarray(0, 4).toString('base64') });
        await admin.query(`UPDATE ${schema}.cases SET payload = $1 WHERE id = 'c1'`, [cut]);

        const err = await storeErrorOf(openStore({ dataDir: '/nonexistent', databaseUrl: url, databaseSchema: schema }, cipher));

        expect(err.code).toBe('CORRUPT_FILE');
        expect(err.message).toContain('cases/c1');
        expect((await admin.query(`SELECT payload FROM ${schema}.cases WHERE id = 'c1'`)).rows).toEqual([{ payload: cut }]);
      });
    });

    describe('redaction', () => {
      const NAME = 'Karel Appelboom';
      const redacted = (e: import('../../src/cases/types.js').LogEntry) => ({ ...e, data: { ...e.data, value: null, redacted: true } });

      /**
       * Every payload the table's pages hold, live or dead row versions alike (read with
       * pageinspect, as a look at the table's files would find them), decrypted where it can be.
       */
      async function everyVersion(table: string, aads: readonly string[]): Promise<string[]> {
        await admin.query('CREATE EXTENSION IF NOT EXISTS pageinspect');
        const pages = Number((await admin.query<{ n: string }>(`SELECT pg_relation_size($1)::text AS n`, [`${schema}.${table}`])).rows[0]?.n ?? '0') / 8192;
        const found: string[] = [];
        for (let page = 0; page < pages; page++) {
          const rows = (await admin.query<{ t_data: Buffer | null }>(`SELECT t_data FROM heap_page_items(get_raw_page($1, $2))`, [`${schema}.${table}`, page])).rows;
          for (const { t_data } of rows) {
            const raw = t_data?.toString('latin1') ?? '';
            for (const m of raw.matchAll(/\{"mc":1,"iv":"[^"]*","tag":"[^"]*","ct":"[^"]*"\}/g)) {
              const envelope = JSON.parse(m[0]) as { iv: string; tag: string; ct: string };
              for (const aad of aads) {
                try {
                  found.push(cipher.decrypt(envelope, aad));
                } catch {
                  // Another row's payload.
                }
              }
            }
          }
        }
        return found;
      }

      it('leaves no version of the removed text in the case_log table, dead row versions included', async () => {
        // Arrange
        const store = await open(schema, { cipher });
        await store.createCase(makeMeta('c1'), [makeEntry(1, { data: { field: 'feiten', value: `${NAME} sloeg het kind` } }), makeEntry(2, { data: { field: 'bron', value: 'eigen' } })]);
        const seqs = (await admin.query<{ seq: string }>(`SELECT seq::text AS seq FROM ${schema}.case_log`)).rows.map((r) => `case_log/c1/${r.seq}`);
        const aads = [...seqs, ...seqs.map((s) => s.replace(/\d+$/, (n) => String(Number(n) + 1)))];
        expect((await everyVersion('case_log', aads)).some((t) => t.includes(NAME))).toBe(true);

        // Act
        const n = await store.redactLog('c1', (e) => e.data.field === 'feiten', redacted, { at: '2025-01-02T00:00:00.000Z', actor: 'web:alice', type: 'redaction', data: { reden: 'naam' } });

        // Assert
        expect(n).toBe(1);
        const versions = await everyVersion('case_log', aads);
        expect(versions.length).toBeGreaterThanOrEqual(3);
        expect(versions.filter((t) => t.includes(NAME))).toEqual([]);
        const rows = (await admin.query<{ seq: string; entry: string }>(`SELECT seq::text AS seq, entry FROM ${schema}.case_log ORDER BY seq`)).rows;
        const plain = rows.map((r) => cipher.decrypt(JSON.parse(r.entry) as { iv: string; tag: string; ct: string }, `case_log/c1/${r.seq}`));
        expect(plain.join('\n')).not.toContain(NAME);
        expect(plain.join('\n')).toContain('eigen');
        const fresh = await open(schema, { cipher });
        await fresh.verify();
        expect((await fresh.getCase('c1'))?.log.map((e) => e.type)).toEqual(['answer', 'answer', 'redaction']);
      });

      it('leaves no earlier version of a user state saved with erase in the users table', async () => {
        // Arrange
        const store = await open(schema, { cipher });
        await store.saveUser('web:alice', { answers: { feiten: `${NAME} sloeg het kind` } });
        const [row] = (await admin.query<{ key_hash: string }>(`SELECT key_hash FROM ${schema}.users`)).rows;
        const aads = [`users/${row?.key_hash ?? ''}`];

        // Act
        await store.saveUser('web:alice', { answers: { feiten: '[tekst verwijderd]' } }, { erase: true });

        // Assert
        const versions = await everyVersion('users', aads);
        expect(versions).toHaveLength(1);
        expect(versions[0]).toContain('tekst verwijderd');
        expect(versions.join('\n')).not.toContain(NAME);
      });
    });

    describe('two instances on one database', () => {
      it('lets exactly one of 20 simultaneous claims from two instances win', async () => {
        const a = await open(schema, { cipher });
        const b = await open(schema, { cipher });
        await a.createCase(makeMeta('c1'));
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 === 0 ? a : b).modifyCaseMeta('c1', (m) => (m.claimedBy === undefined ? { claimedBy: `lead-${i}` } : undefined)),
          ),
        );
        const winners = results.filter((r) => r.changed);
        expect(winners).toHaveLength(1);
        expect(new Set(results.map((r) => r.meta.claimedBy))).toEqual(new Set([winners[0]?.meta.claimedBy]));
        expect((await b.getCase('c1'))?.meta.claimedBy).toBe(winners[0]?.meta.claimedBy);
      });

      it('fires each deadline exactly once when both instances fire the same ids at once', async () => {
        const a = await open(schema);
        const b = await open(schema);
        const ids = Array.from({ length: 30 }, (_, i) => `d${i}`);
        for (const id of ids) await a.addDeadline({ id, caseId: 'c1', kind: 'claim-reminder', dueAt: '2026-01-01T09:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z' });
        const results = await Promise.all(ids.flatMap((id) => [a, b, a, b].map(async (s) => ({ id, won: await s.fireDeadline(id, '2026-01-01T10:00:00.000Z') }))));
        for (const id of ids) expect({ id, wins: results.filter((r) => r.id === id && r.won).length }).toEqual({ id, wins: 1 });
        expect(await b.pendingDeadlines()).toEqual([]);
        // addDeadline of an existing id from the other instance changes nothing.
        expect(await b.addDeadline({ id: 'd0', caseId: 'c1', kind: 'claim-reminder', dueAt: '2030-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z' })).toBe(false);
      });

      it('never leases one outbox item to both instances while it is leased; a re-enqueue or an expired lease frees it', async () => {
        const a = await open(schema);
        const b = await open(schema);
        for (let i = 0; i < 30; i++) await a.enqueue(makeOutboxItem(`o${String(i).padStart(2, '0')}`, { createdAt: `2025-01-01T00:00:${String(i).padStart(2, '0')}.000Z` }));
        const batches = await Promise.all([a, b, a, b, a, b].map((s) => s.leasePending(60_000)));
        const leased = batches.flat().map((i) => i.id);
        expect(leased.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `o${String(i).padStart(2, '0')}`));
        for (const batch of batches) expect(batch.map((i) => i.id)).toEqual([...batch.map((i) => i.id)].sort());
        expect(await a.leasePending(60_000)).toEqual([]);
        expect(await b.pending()).toHaveLength(30);
        // A failed attempt is recorded by enqueueing again: free for the next pass, on either instance.
        await a.enqueue(makeOutboxItem('o05', { createdAt: '2025-01-01T00:00:05.000Z', attempts: 1 }));
        expect(await b.leasePending(60_000)).toEqual([makeOutboxItem('o05', { createdAt: '2025-01-01T00:00:05.000Z', attempts: 1 })]);
        await b.ack('o05');
        expect(await a.pending()).toHaveLength(29);
        // A sender that died: its lease runs out and the item is leased again.
        await admin.query(`UPDATE ${schema}.outbox SET lease_until = now() - interval '1 second' WHERE id = 'o07'`);
        expect((await a.leasePending(50)).map((i) => i.id)).toEqual(['o07']);
        await sleep(120);
        expect((await b.leasePending(60_000)).map((i) => i.id)).toEqual(['o07']);
      });

      it('delivers each outbox notice once when two dispatchers run at the same moment', async () => {
        const a = await open(schema, { cipher });
        const b = await open(schema, { cipher });
        const posted: string[] = [];
        const sink = (name: string): AfSink => ({
          name,
          ready: async () => true,
          post: async (summary: ChannelSummary) => {
            await sleep(2);
            posted.push(summary.caseId);
          },
        });
        for (let i = 0; i < 40; i++) {
          const summary: ChannelSummary = { caseId: `case${i}`, ref: `MC-${i}`, route: 'meldcode', step: 1, urgency: 'normaal', reporter: 'web:x' } as ChannelSummary;
          await a.enqueue({ id: `n${String(i).padStart(2, '0')}`, kind: 'af.post', createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), payload: { type: 'af.post', reason: 'nieuw', summary }, attempts: 0 });
        }
        const da = new Dispatcher(a, [sink('a')]);
        const db = new Dispatcher(b, [sink('b')]);
        await Promise.all([da.run(), db.run(), da.run(), db.run()]);
        expect(posted.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `case${i}`).sort());
        expect(await a.pending()).toEqual([]);
      });

      it('serialises one user\u2019s turns across instances with withUserLock, and lets other users run alongside', async () => {
        const a = await open(schema);
        const b = await open(schema);
        const spans: { who: string; start: number; end: number }[] = [];
        const turn = (s: PostgresStore, who: string) =>
          s.withUserLock(who, async () => {
            const start = performance.now();
            await sleep(15);
            spans.push({ who, start, end: performance.now() });
          });
        await Promise.all([
          ...Array.from({ length: 10 }, (_, i) => turn(i % 2 === 0 ? a : b, 'web:same-user')),
          ...Array.from({ length: 4 }, (_, i) => turn(i % 2 === 0 ? a : b, `web:other-${i}`)),
        ]);
        const same = spans.filter((s) => s.who === 'web:same-user').sort((x, y) => x.start - y.start);
        expect(same).toHaveLength(10);
        for (let i = 1; i < same.length; i++) expect(same[i]!.start).toBeGreaterThanOrEqual(same[i - 1]!.end);
        // Other users are not held up behind the busy one: at least one overlaps its turns.
        const others = spans.filter((s) => s.who !== 'web:same-user');
        expect(others.some((o) => same.some((s) => o.start < s.end && s.start < o.end))).toBe(true);
      });

      it('closes a connection only after it went unused for idleTimeoutMs (by default 5 minutes, not the driver\u2019s 10 s); within it, the same connections answer', async () => {
        // Arrange: the server processes of a store's connections, by its application name.
        const backends = async (name: string): Promise<number[]> =>
          (await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = ANY($1::text[]) ORDER BY pid`, [[name, `${name}-locks`]])).rows.map((r) => r.pid);
        const kept = await open(schema, { applicationName: `kept-${schema}` });
        const quick = await open(schema, { applicationName: `quick-${schema}`, idleTimeoutMs: 200 });
        for (const store of [kept, quick]) await store.withUserLock('web:x', () => store.saveUser('web:x', { n: 1 }));
        const before = await backends(`kept-${schema}`);

        // Act: quiet until the short-lived store's connections are gone (polled: 0.2 s, or a little more on a busy machine;
        // by 8 s they must be, as the driver's own 10 s would close them anyway and prove nothing).
        for (let waited = 0; (await backends(`quick-${schema}`)).length > 0; waited += 100) {
          if (waited > 8_000) throw new Error('the idle connections were not closed after idleTimeoutMs');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await kept.withUserLock('web:x', () => kept.saveUser('web:x', { n: 2 }));

        // Assert: the default keeps its connections (the same server processes answer the next turn).
        expect(IDLE_CONNECTION_MS).toBeGreaterThanOrEqual(60_000);
        expect(before.length).toBeGreaterThanOrEqual(2);
        expect(await backends(`kept-${schema}`)).toEqual(before);
        // The other opens a new one when it is needed again.
        expect(await quick.loadUser('web:x')).toEqual({ n: 2 });
      });

      it("answers without waiting for the unlock's round trip, and the user's next turn gets the lock once the unlock has run", async () => {
        // Arrange: the first instance's unlock is held back until the gate opens.
        const name = `unlock-${schema}`;
        const a = await open(schema, { applicationName: name });
        const b = await open(schema);
        let openGate!: () => void;
        const gate = new Promise<void>((resolve) => (openGate = resolve));
        const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
        const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
          if (sqlOf(args[0]).includes('pg_advisory_unlock')) return gate.then(() => query.apply(this, args)) as never;
          return query.apply(this, args) as never;
        } as never);
        const heldBy = async (): Promise<number> =>
          (
            await admin.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity s USING (pid) WHERE l.locktype = 'advisory' AND l.granted AND s.application_name = $1`,
              [`${name}-locks`],
            )
          ).rows[0]?.n ?? -1;
        try {
          // Act
          const answer = await a.withUserLock('web:x', async () => 'answered');
          const whileUnlocking = await heldBy();
          const next = b.withUserLock('web:x', async () => 'next turn');
          openGate();

          // Assert: answered while the lock was still held; the next turn ran after the unlock.
          expect(answer).toBe('answered');
          expect(whileUnlocking).toBe(1);
          expect(await next).toBe('next turn');
          expect(await heldBy()).toBe(0);
        } finally {
          openGate();
          spy.mockRestore();
        }
      });

      it("reads the user's state and takes the turn's log numbers in the lock's round trip, and writes the turn's append with its save in one statement", async () => {
        const store = await open(schema, { cipher });
        await store.createCase(makeMeta('c1'));
        await store.saveUser('web:x', { n: 1 });
        const { statements, names, restore } = recordStatements();
        let loaded: unknown;
        try {
          await store.withUserLock('web:x', async () => {
            loaded = await store.loadUser('web:x');
            await store.appendLog('c1', [makeEntry(1, { turn: 't1' }), makeEntry(2, { turn: 't1' })], { beforeUserSave: true, turnOf: 'web:x' });
            await store.saveUser('web:x', { n: 2 });
          });
        } finally {
          restore();
        }
        expect(loaded).toEqual({ n: 1 });
        // The lock with the read, the append with the save; then the unlock (not waited for).
        expect(statements).toHaveLength(3);
        expect(statements[0]).toMatch(/pg_advisory_lock\(.*; SELECT .*nextval.*users/s);
        expect(statements[1]).toMatch(/^WITH logged AS \(\s*INSERT INTO .*case_log.*UPDATE .*users/s);
        // A named statement: PostgreSQL parses and plans it once per connection, not at every turn.
        expect(names[1]).toMatch(/^mc_[0-9a-f]{24}$/);
        expect(statements.filter((sql) => /nextval/.test(sql))).toHaveLength(1);
        expect(statements[2]).toContain('pg_advisory_unlock');
        // Taking numbers writes to the WAL now and then; the lock's commit does not wait for the flush (the state's does).
        const probe = (await admin.query(`${statements[0]}; SELECT current_setting('synchronous_commit') AS mode; SELECT pg_advisory_unlock_all()`)) as unknown as pg.QueryResult[];
        expect(probe[2]?.rows[0]).toEqual({ mode: 'off' });
        expect((await store.getCase('c1'))?.log.map((e) => e.data.n)).toEqual([1, 2]);
        expect(await store.loadUser('web:x')).toEqual({ n: 2 });
        // A new user: no row to read; the first load of the turn says so without asking again.
        statements.length = 0;
        const again = recordStatements();
        try {
          expect(await store.withUserLock('web:new', () => store.loadUser('web:new'))).toBeUndefined();
          expect(again.statements.filter((sql) => !sql.includes('pg_advisory_unlock'))).toHaveLength(1);
        } finally {
          again.restore();
        }
      });

      it("never writes a turn's held append without its state, nor the state without it, and shows the append to reads of the case before the save", async () => {
        const a = await open(schema, { cipher });
        const b = await open(schema, { cipher });
        await a.createCase(makeMeta('c1'));
        await a.createCase(makeMeta('c2'));
        await a.saveUser('web:x', { n: 0 });
        const turn = (turnId: string, n: number, caseId: string, between?: () => Promise<void>) =>
          a.withUserLock('web:x', async () => {
            await a.loadUser('web:x');
            await a.appendLog(caseId, [makeEntry(n, { turn: turnId })], { beforeUserSave: true, turnOf: 'web:x' });
            await between?.();
            await a.saveUser('web:x', { n });
          });
        const logOf = async (caseId: string) => (await b.getCase(caseId))?.log.map((e) => [e.data.n, e.turn]);

        // A read of the case before the save (here: by the same process) sees the held entry; the save still writes the state.
        let seen: unknown;
        await turn('t1', 1, 'c1', async () => {
          seen = (await a.getCase('c1'))?.log.map((e) => e.data.n);
        });
        expect(seen).toEqual([1]);
        expect(await logOf('c1')).toEqual([[1, 't1']]);
        expect(await b.loadUser('web:x')).toEqual({ n: 1 });

        // The state's row changed since the turn read it: the entry is written, and the state saved over the row as it is.
        await turn('t2', 2, 'c1', async () => {
          await admin.query(`UPDATE ${schema}.users SET version = version + 1`);
        });
        expect(await logOf('c1')).toEqual([
          [1, 't1'],
          [2, 't2'],
        ]);
        expect(await b.loadUser('web:x')).toEqual({ n: 2 });

        // The same turn again (its entry is in the log): nothing added, the state saved.
        await turn('t2', 3, 'c1');
        expect(await logOf('c1')).toEqual([
          [1, 't1'],
          [2, 't2'],
        ]);
        expect(await b.loadUser('web:x')).toEqual({ n: 3 });

        // The state cannot be written (the server refuses it): the entry is not written either.
        await admin.query(`CREATE FUNCTION ${schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
        await admin.query(`CREATE TRIGGER refuse BEFORE UPDATE ON ${schema}.users FOR EACH ROW EXECUTE FUNCTION ${schema}.refuse()`);
        await expect(turn('t4', 4, 'c1')).rejects.toMatchObject({ code: 'IO' });
        await admin.query(`DROP TRIGGER refuse ON ${schema}.users`);
        expect(await logOf('c1')).toEqual([
          [1, 't1'],
          [2, 't2'],
        ]);
        expect(await b.loadUser('web:x')).toEqual({ n: 3 });

        // The case deleted by another instance before the save: NOT_FOUND, and the state is not saved either.
        await expect(turn('t4', 4, 'c2', () => b.deleteCase('c2'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(await b.loadUser('web:x')).toEqual({ n: 3 });

        // A turn that fails after its append: the entry is written as it was appended (as without holding), the error passes.
        await expect(
          turn('t5', 5, 'c1', async () => {
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await logOf('c1')).toEqual([
          [1, 't1'],
          [2, 't2'],
          [5, 't5'],
        ]);
        expect(await b.loadUser('web:x')).toEqual({ n: 3 });
      });

      it("reads the state as the lock's previous holder on another instance left it, and a load after the turn's own save reads that save", async () => {
        const a = await open(schema, { cipher });
        const b = await open(schema, { cipher });
        await a.saveUser('web:x', { n: 1 });
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let holding!: () => void;
        const held = new Promise<void>((resolve) => (holding = resolve));
        const first = a.withUserLock('web:x', async () => {
          holding();
          await gate;
          await a.saveUser('web:x', { n: 2 });
        });
        await held;
        // The second instance's turn asks for the lock while the first still holds it (seen waiting in pg_locks).
        const second = b.withUserLock('web:x', async () => {
          const before = await b.loadUser('web:x');
          await b.saveUser('web:x', { n: 3 });
          return [before, await b.loadUser('web:x')];
        });
        const waiting = async (): Promise<number> => (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rows[0]?.n ?? 0;
        while ((await waiting()) === 0) await sleep(5);
        release();
        await first;
        expect(await second).toEqual([{ n: 2 }, { n: 3 }]);
      });

      it("numbers each turn's entries after the previous turns of that user, whichever instance took them", async () => {
        const a = await open(schema, { cipher });
        const b = await open(schema, { cipher });
        await a.createCase(makeMeta('c1'));
        await a.createCase(makeMeta('c2'));
        const turn = (s: PostgresStore, fn: () => Promise<void>) => s.withUserLock('web:x', fn);
        const append = (s: PostgresStore, caseId: string, turnId: string, ns: number[]) =>
          s.appendLog(
            caseId,
            ns.map((n) => makeEntry(n, { turn: turnId })),
            { beforeUserSave: true, turnOf: 'web:x' },
          );
        // Alternating instances; a turn writing to two cases; one with more entries than the lock took numbers for;
        // turns that come again (nothing added); and a user with no lock of theirs here (numbered as it is written).
        await turn(a, () => append(a, 'c1', 't1', [1]));
        await turn(b, () => append(b, 'c1', 't2', [2]));
        await turn(a, async () => {
          await append(a, 'c1', 't3', [3, 4]);
          await append(a, 'c2', 't3', [1, 2]);
        });
        await turn(b, () => append(b, 'c1', 't4', [5, 6, 7, 8, 9, 10]));
        await turn(a, () => append(a, 'c1', 't4', [5, 6, 7, 8, 9, 10]));
        await turn(a, () => append(a, 'c1', 't5', [11]));
        await turn(b, () => append(b, 'c1', 't5', [11]));
        await b.appendLog('c1', [makeEntry(12, { turn: 't6' })], { beforeUserSave: true, turnOf: 'web:someone-else' });
        await turn(b, () => append(b, 'c1', 't7', [13]));
        expect((await a.getCase('c1'))?.log.map((e) => e.data.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
        expect((await b.getCase('c2'))?.log.map((e) => e.data.n)).toEqual([1, 2]);
        // A case that is gone: NOT_FOUND, as without the lock.
        await expect(turn(a, () => append(a, 'nope', 't8', [1]))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('gives up waiting for another instance\u2019s turn after lockTimeoutMs, and the lock is usable again afterwards', async () => {
        const a = await open(schema);
        const b = await open(schema, { lockTimeoutMs: 200 });
        let release!: () => void;
        const held = a.withUserLock('web:slow', () => new Promise<void>((resolve) => (release = resolve)));
        await sleep(50);
        const error = await storeErrorOf(b.withUserLock('web:slow', async () => 'never'));
        expect(error.code).toBe('IO');
        expect(error.message).toContain('timed out');
        release();
        await held;
        // Usable again: a turn that asks now (with the default patience, as the first one's unlock may still be on its way) gets it.
        const c = await open(schema);
        expect(await c.withUserLock('web:slow', async () => 'ran')).toBe('ran');
      });

      it('changes a named document atomically across instances (modifyDoc)', async () => {
        const a = await open(schema, { cipher });
        const b = await open(schema, { cipher });
        await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).modifyDoc<number[]>('audit-x', (cur) => [...(cur ?? []), i])));
        expect(((await a.getDoc<number[]>('audit-x')) ?? []).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
        // Single use: of two takers, one gets the ticket.
        await a.putDoc('export-t', { caseId: 'c1' });
        let taken = 0;
        const take = (s: PostgresStore) =>
          s.modifyDoc<{ caseId: string } | null>('export-t', (cur) => {
            if (!cur) return undefined;
            taken += 1;
            return null;
          });
        const results = await Promise.all([take(a), take(b), take(a), take(b)]);
        expect(taken).toBe(1);
        expect(results.filter((r) => r.changed)).toHaveLength(1);
      });

      it('passes an error thrown by the decision on unchanged and changes nothing', async () => {
        const store = await open(schema);
        await store.createCase(makeMeta('c1'));
        const boom = new TypeError('decide failed');
        await expect(
          store.modifyCaseMeta('c1', () => {
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect((await store.getCase('c1'))?.meta).toEqual(makeMeta('c1'));
        expect(await store.modifyCaseMeta('c1', (m) => (m.claimedBy ? undefined : { claimedBy: 'lead' }))).toMatchObject({ changed: true });
      });

      it('rejects every call after close with CLOSED, including the user lock', async () => {
        const store = await open(schema);
        await store.close();
        expect((await storeErrorOf(store.withUserLock('web:x', async () => 1))).code).toBe('CLOSED');
        expect((await storeErrorOf(store.leasePending(1000))).code).toBe('CLOSED');
        expect((await storeErrorOf(store.fireDeadline('d1', 'x'))).code).toBe('CLOSED');
      });
    });
  });
});
