/**
 * Chaos on the PostgreSQL store, under a load of web chat users through the real server:
 * (a) our connections killed with pg_terminate_backend (only ours: the pools carry an application_name
 *     of this test), several times;
 * (b) the database "restarted": a TCP proxy between the app and PostgreSQL cuts every connection and
 *     refuses new ones for a while, then lets them through again (the machine's PostgreSQL is not touched).
 * Each time: turns in the gap get the calm "probeer het zo opnieuw", the process does not crash, every
 * answer confirmed before is still in the store afterwards, and service resumes without a restart of ours.
 */
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { PostgresStore } from '../../src/store/postgres.js';
import type { Store } from '../../src/store/store.js';
import { checkDatabase, DATABASE_URL, pgDescribe, pgTitle, testSchemaName } from '../helpers/postgres.js';
import { TcpGate } from '../helpers/tcpGate.js';
import { ChaosUser, expectOnlyCalmAnswers, readyz, runLoad, until } from './load.js';

await checkDatabase();

const USERS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];

pgDescribe(pgTitle('PostgreSQL chaos under load'), () => {
  let admin: pg.Client;
  let dir: string;
  let running: RunningServer | undefined;
  let store: Store | undefined;
  let gate: TcpGate | undefined;
  const schemas: string[] = [];
  let events: string[];

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });
  afterEach(async () => {
    await gate?.open().catch(() => undefined);
    await running?.close();
    await store?.close();
    await gate?.shut();
    running = undefined;
    store = undefined;
    gate = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /** Our server on a fresh schema; its pools are named `app` in pg_stat_activity. */
  async function start(url: string, app: string): Promise<RunningServer> {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mc-chaos-pg-'));
    const schema = testSchemaName();
    schemas.push(schema);
    events = [];
    store = await PostgresStore.open(url, { schema, applicationName: app, poolSize: 4, connectTimeoutMs: 2_000, log: (event) => events.push(event) });
    running = await startServer(loadConfig({ DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0', RATE_LIMIT_PER_MINUTE: '0' }), {
      store,
      log: (event) => events.push(event),
      schedulerIntervalMs: 0,
    });
    return running;
  }

  const users = (prefix: string): ChaosUser[] => USERS.map((name) => new ChaosUser(() => running?.url ?? '', `${prefix}-${name}`));
  const total = (us: readonly ChaosUser[], key: 'confirmed' | 'retried') => us.reduce((n, u) => n + u[key], 0);

  /** Every confirmed turn is saved (the user's turn count), and every confirmed text is in a case log. */
  async function expectNothingConfirmedLost(us: readonly ChaosUser[]): Promise<void> {
    const s = store as Store;
    const logs = JSON.stringify(await Promise.all((await s.listCases()).map((m) => s.getCase(m.id))));
    for (const u of us) {
      const saved = (await s.loadUser<{ turns?: { n: number } }>(u.userKey))?.turns?.n ?? 0;
      // A turn whose commit went through as its connection was cut counts as saved but was answered "try again".
      expect(saved).toBeGreaterThanOrEqual(u.confirmed);
      expect(saved).toBeLessThanOrEqual(u.confirmed + u.retried);
      for (const text of u.confirmedTexts) expect(logs).toContain(text);
    }
  }

  it('(a) keeps serving while our connections are terminated three times: calm retries, nothing confirmed lost, no restart', async () => {
    // Arrange
    const app = `mc-chaos-${randomBytes(4).toString('hex')}`;
    const server = await start(DATABASE_URL ?? '', app);
    const load = users('pga');
    let stop = false;
    const running$ = runLoad(load, () => stop);
    const terminated: number[] = [];

    // Act: at three points of the load, kill every connection of ours
    for (const at of [30, 90, 150]) {
      await until(`${at} confirmed turns`, () => total(load, 'confirmed') >= at || load.some((u) => u.wrong.length > 0));
      const r = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1`, [`${app}%`]);
      terminated.push(r.rowCount ?? 0);
    }
    const after = total(load, 'confirmed');
    await until('60 more confirmed turns after the last kill', () => total(load, 'confirmed') >= after + 60 || load.some((u) => u.wrong.length > 0));
    stop = true;
    await running$;

    // Assert
    expectOnlyCalmAnswers(load);
    expect(terminated.every((n) => n > 0)).toBe(true);
    // The kills were felt: turns in flight were told to try again, idle connections were reported and replaced.
    expect(total(load, 'retried') + events.filter((e) => e === 'store.pg.idle.error').length).toBeGreaterThan(0);
    expect(running).toBe(server);
    expect(await readyz(server.url)).toEqual({ status: 200, body: { status: 'ready' } });
    await expectNothingConfirmedLost(load);
    // Every user went on after the kills.
    for (const u of load) expect(u.confirmed).toBeGreaterThan(0);
  }, 150_000);

  it('(b) rides out a database restart: connections cut and refused, /readyz 503, then back by itself', async () => {
    // Arrange: the app reaches PostgreSQL only through the gate
    const target = new URL(DATABASE_URL ?? '');
    gate = new TcpGate({ host: target.hostname, port: Number(target.port || 5432) });
    await gate.open();
    const viaGate = new URL(DATABASE_URL ?? '');
    viaGate.hostname = '127.0.0.1';
    viaGate.port = String(gate.port);
    const server = await start(viaGate.toString(), `mc-chaos-${randomBytes(4).toString('hex')}`);
    const load = users('pgb');
    let stop = false;
    const running$ = runLoad(load, () => stop);
    await until('30 confirmed turns', () => total(load, 'confirmed') >= 30 || load.some((u) => u.wrong.length > 0));

    // Act: the database goes away
    await gate.shut();
    const retriedBefore = total(load, 'retried');
    await until('every user told to try again', () => load.every((u) => u.retried > 0) && total(load, 'retried') > retriedBefore);
    const down = await readyz(server.url);
    const confirmedWhileDown = total(load, 'confirmed');
    // Two more tries of every user still find it down: each gets the retry message, none is confirmed.
    const triedDown = load.map((u) => u.retried);
    await until('two more retries of every user', () => load.every((u, i) => u.retried >= (triedDown[i] ?? 0) + 2));
    const stillDown = total(load, 'confirmed');

    // Act: it comes back
    await gate.open();
    await until('/readyz 200 again', async () => (await readyz(server.url)).status === 200);
    const backAt = load.map((u) => u.confirmed);
    await until('every user confirmed 10 more turns', () => load.every((u, i) => u.confirmed >= (backAt[i] ?? 0) + 10) || load.some((u) => u.wrong.length > 0));
    stop = true;
    await running$;

    // Assert
    expectOnlyCalmAnswers(load);
    expect(down).toEqual({ status: 503, body: { status: 'not ready', store: 'unreachable' } });
    expect(stillDown).toBe(confirmedWhileDown);
    expect(events).toContain('store.unready');
    expect(events).toContain('store.ready');
    expect(events).toContain('turn.store.unavailable');
    expect(running).toBe(server);
    await expectNothingConfirmedLost(load);
  }, 150_000);
});
