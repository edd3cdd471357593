/**
 * Retries and replays across instances: two turn processors, each with its own PostgreSQL pool (as
 * two processes would have), on one schema. A retry handled by one instance is recognised by the
 * other, and a turn that stopped on one instance between the case log and the state adds nothing
 * twice when the other instance processes it again.
 *
 * Needs DATABASE_URL; see test/helpers/postgres.ts for how it is skipped or fails without one.
 */
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import pg from 'pg';
import { TurnProcessor, type TurnResult } from '../../src/app/turns.js';
import type { Input, QuestionPrompt } from '../../src/engine/types.js';
import { DataCipher, newKey } from '../../src/store/crypto.js';
import { PostgresStore } from '../../src/store/postgres.js';
import type { Store } from '../../src/store/store.js';
import { translator } from '../helpers/conversation.js';
import { checkDatabase, DATABASE_URL, pgDescribe, pgTitle, testSchemaName } from '../helpers/postgres.js';

await checkDatabase();

const USER = 'teams:aad-instances';

let schema: string;
let stores: PostgresStore[];

beforeEach(() => {
  schema = testSchemaName();
  stores = [];
});
afterEach(async () => {
  for (const s of stores) await s.close();
  if (!DATABASE_URL) return;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

/** Two instances on one schema; the first one's next saveUser fails once `crashNextSave()` was called. */
async function twoInstances(): Promise<{ a: TurnProcessor; b: TurnProcessor; store: Store; crashNextSave(): void }> {
  const cipher = new DataCipher(newKey());
  const first = await PostgresStore.open(DATABASE_URL ?? '', { schema, cipher, poolSize: 2 });
  const second = await PostgresStore.open(DATABASE_URL ?? '', { schema, cipher, poolSize: 2 });
  stores.push(first, second);
  let crash = false;
  const crashing = new Proxy(first, {
    get(target, prop) {
      if (prop === 'saveUser') {
        return async (...args: Parameters<Store['saveUser']>) => {
          if (crash) {
            crash = false;
            throw new Error('stopped between the case log and the state');
          }
          return (target as Store).saveUser(...args);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...x: unknown[]) => unknown).bind(target) : value;
    },
  });
  const tr = await translator();
  return {
    a: new TurnProcessor({ store: crashing, translator: tr, followUpDays: 42 }),
    b: new TurnProcessor({ store: second, translator: tr, followUpDays: 42 }),
    store: second,
    crashNextSave: () => (crash = true),
  };
}

const question = (r: TurnResult): QuestionPrompt => {
  const q = [...r.prompts].reverse().find((p): p is QuestionPrompt => 'promptId' in p);
  if (!q) throw new Error('no question');
  return q;
};

pgDescribe(pgTitle('turns on two instances sharing PostgreSQL'), () => {
  it('recognises on one instance a retry of an input the other instance handled', async () => {
    // Arrange
    const { a, b, store } = await twoInstances();
    const menu = question(await a.handle(USER, { type: 'start' }));
    const acuut = question(await a.handle(USER, { type: 'answer', promptId: menu.promptId, value: 'nieuw' }));
    const answer: Input = { type: 'answer', promptId: acuut.promptId, value: 'nee' };
    await a.handle(USER, answer, undefined, { id: 'teams|conv|activity-7' });

    // Act
    const retry = await b.handle(USER, answer, undefined, { id: 'teams|conv|activity-7' });

    // Assert
    expect(retry.duplicate).toBe(true);
    const [meta] = await store.listCases();
    const log = (await store.getCase(meta?.id ?? ''))?.log ?? [];
    expect(log.filter((e) => e.data.field === 'acuutCheck')).toHaveLength(1);
  });

  it('adds a turn\u2019s entries once when it stopped on one instance and the other processes it again', async () => {
    // Arrange
    const { a, b, store, crashNextSave } = await twoInstances();
    const menu = question(await a.handle(USER, { type: 'start' }));
    const choose: Input = { type: 'answer', promptId: menu.promptId, value: 'nieuw' };

    // Act
    crashNextSave();
    await expect(a.handle(USER, choose)).rejects.toThrow('stopped');
    const again = await b.handle(USER, choose);

    // Assert
    expect(question(again).promptId.split('#')[0]).toBe('ctx.acuut');
    const cases = await store.listCases();
    expect(cases).toHaveLength(1);
    const log = (await store.getCase(cases[0]?.id ?? ''))?.log ?? [];
    expect(log.filter((e) => e.type === 'opened')).toHaveLength(1);
  });

  it("waits for one WAL flush per turn: a case created or changed, deadlines and channel posts commit without it, the case log with the user's state after them, with it", async () => {
    // Arrange: the server notes, in order, the synchronous_commit each write of a turn commits under.
    const { b } = await twoInstances();
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE TABLE ${schema}.commit_probe (n serial, tbl text, mode text)`);
      await admin.query(`CREATE FUNCTION ${schema}.note_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO ${schema}.commit_probe (tbl, mode) VALUES (TG_TABLE_NAME, current_setting('synchronous_commit')); RETURN NULL; END $$`);
      for (const table of ['case_log', 'users', 'cases', 'deadlines', 'outbox']) {
        await admin.query(`CREATE TRIGGER note_commit AFTER INSERT OR UPDATE ON ${schema}.${table} FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.note_commit()`);
      }

      // Act: a case opened and its first questions answered (the third answer moves the case on: its meta changes);
      // another user's case with acute danger (the aandachtsfunctionaris is alerted through the outbox).
      const menu = question(await b.handle(USER, { type: 'start' }));
      const acuut = question(await b.handle(USER, { type: 'answer', promptId: menu.promptId, value: 'nieuw' }));
      const next = question(await b.handle(USER, { type: 'answer', promptId: acuut.promptId, value: 'nee' }));
      if (!('options' in next)) throw new Error(`expected a choice, got ${next.kind}`);
      await b.handle(USER, { type: 'answer', promptId: next.promptId, value: next.options[0]?.value ?? '' });
      const other = 'teams:aad-acute';
      const menu2 = question(await b.handle(other, { type: 'start' }));
      const acuut2 = question(await b.handle(other, { type: 'answer', promptId: menu2.promptId, value: 'nieuw' }));
      const alerted = await b.handle(other, { type: 'answer', promptId: acuut2.promptId, value: 'gevaar' });

      // Assert: the case's creation and changes, deadlines and the outbox commit without the flush; the turn's log
      // entries in the statement that saves the state (the next row noted), with one; the state is the last write of
      // every turn, so each write without the flush has one with it after it.
      expect(alerted.queued.length).toBeGreaterThanOrEqual(1);
      const probe = (await admin.query<{ tbl: string; mode: string }>(`SELECT tbl, mode FROM ${schema}.commit_probe ORDER BY n`)).rows;
      for (const table of ['cases', 'outbox']) expect(probe.filter((r) => r.tbl === table).length).toBeGreaterThanOrEqual(1);
      const deferred = probe.filter((r) => r.tbl === 'cases' || r.tbl === 'deadlines' || r.tbl === 'outbox');
      expect(new Set(deferred.map((r) => r.mode))).toEqual(new Set(['off']));
      const logWrites = probe.flatMap((r, i) => (r.tbl === 'case_log' ? [[r, probe[i + 1]]] : []));
      expect(logWrites.length).toBeGreaterThanOrEqual(2);
      for (const pair of logWrites) expect(pair).toEqual([{ tbl: 'case_log', mode: 'on' }, { tbl: 'users', mode: 'on' }]);
      expect(probe.filter((r) => r.tbl === 'users').map((r) => r.mode)).toEqual(['on', 'on', 'on', 'on', 'on', 'on', 'on']);
      expect(probe[probe.length - 1]).toEqual({ tbl: 'users', mode: 'on' });
      probe.forEach((r, i) => {
        if (r.tbl !== 'users') expect(probe.slice(i + 1)).toContainEqual({ tbl: 'users', mode: 'on' });
      });
    } finally {
      await admin.end();
    }
  });
});
