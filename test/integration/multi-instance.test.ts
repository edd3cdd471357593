/**
 * Two real server processes (`node --import tsx src/main.ts`, local mode) on one PostgreSQL schema,
 * with 20 web-chat reporters whose requests go to either instance at random, some answers sent to
 * both instances at the same moment. Afterwards the database must show, per reporter, one case
 * holding every accepted answer exactly once and in order; a claim clicked on both instances at
 * once wins once; and two schedulers (one per instance's store) firing at the same moment fire
 * each claim reminder once.
 *
 * Needs DATABASE_URL; see test/helpers/postgres.ts for how it is skipped or fails without one.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { NODES } from '../../dialogs/index.js';
import { deadlineActions } from '../../src/app/deadlines.js';
import { TurnProcessor } from '../../src/app/turns.js';
import { Notifier } from '../../src/cases/notify.js';
import { Scheduler } from '../../src/cases/scheduler.js';
import type { CaseRecord } from '../../src/cases/types.js';
import { loadConfig } from '../../src/config.js';
import { createTranslator } from '../../src/i18n/index.js';
import { defaultSettings } from '../../src/org/settings.js';
import { DataCipher, newKey } from '../../src/store/crypto.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { StoreError } from '../../src/store/store.js';
import { startServer } from '../../src/server.js';
import { lastQuestion, observation, planAnswer, type PlannedAnswer } from '../helpers/caseWalker.js';
import { checkDatabase, DATABASE_URL, pgDescribe, pgTitle, testSchemaName } from '../helpers/postgres.js';

await checkDatabase();

jest.setTimeout(300_000); // hooks start servers: a hang detector, not a speed target

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const USERS = 20;
/** Every how-many-th answer of a reporter is sent to both instances at once. */
const DUPLICATE_EVERY = 4;
const DAY = 86_400_000;

interface Instance {
  name: string;
  proc: ChildProcess;
  url: string;
  /** Parsed JSON log lines (events and ids only). */
  events: { event: string; status?: number; error?: string }[];
  stderr: string[];
}

type Json = Record<string, unknown>;

async function post(base: string, route: string, body: Json): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

/** The sequence number of the open question's prompt id ("node#12" -> 12). */
function promptSeq(cards: unknown[]): number {
  return Number(/#(\d+)$/.exec(lastQuestion(cards)?.promptId ?? '')?.[1] ?? -1);
}

// Runs with or without a database (so a run without one still lists the skipped test by name).
describe('start-up with DATABASE_URL', () => {
  it('refuses to start when the database cannot be reached, with a message that does not show the password', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mc-multi-down-'));
    try {
      const config = loadConfig({ DATABASE_URL: 'postgres://meldcode:s3cr3t-pw@127.0.0.1:1/none', DATA_ENCRYPTION_KEY: 'a'.repeat(64), SETTINGS_FILE: path.join(dir, 's.json'), DATA_DIR: dir, PORT: '0' });
      const error = await startServer(config, { log: () => undefined }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('IO');
      expect((error as StoreError).message).not.toContain('s3cr3t-pw');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

pgDescribe(pgTitle('two server instances on one PostgreSQL database'), () => {
  const key = newKey();
  const cipher = new DataCipher(key);
  const instances: Instance[] = [];
  let admin: pg.Pool;
  let schema: string;
  let dir: string;
  let stores: PostgresStore[] = [];

  function start(name: string): Promise<Instance> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      DATA_ENCRYPTION_KEY: key.toString('hex'),
      DATA_DIR: path.join(dir, `data-${name}`),
      SETTINGS_FILE: path.join(dir, 'settings.json'),
      PORT: '0',
      RATE_LIMIT_PER_MINUTE: '0',
    };
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const instance: Instance = { name, proc, url: '', events: [], stderr: [] };
    instances.push(instance);
    return new Promise<Instance>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within 150 s: ${instance.stderr.join('')}`)), 150_000);
      let buffered = '';
      proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.startsWith('{')) instance.events.push(JSON.parse(line) as Instance['events'][number]);
          const listening = /draait lokaal op (http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
          if (listening?.[1]) {
            instance.url = listening[1];
            clearTimeout(timer);
            resolve(instance);
          }
        }
      });
      proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => instance.stderr.push(chunk));
      proc.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code}: ${instance.stderr.join('')}`));
      });
    });
  }

  async function stop(instance: Instance): Promise<void> {
    const { proc } = instance;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  }

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    schema = testSchemaName();
    await admin.query(`CREATE SCHEMA ${schema}`);
    dir = await mkdtemp(path.join(os.tmpdir(), 'mc-multi-'));
    // Both at once: they also race to migrate the (empty) schema.
    await Promise.all([start('A'), start('B')]);
    for (const s of instances) expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ ok: true });
  }, 300_000);

  afterAll(async () => {
    await Promise.all(instances.map(stop));
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
    if (schema) await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const pick = () => (Math.random() < 0.5 ? instances[0] : instances[1]) as Instance;

  /** One reporter through a whole case; returns the answers the server accepted, in order. */
  async function reporter(n: number): Promise<{ user: string; accepted: PlannedAnswer[]; duplicates: number }> {
    const user = `multi-user-${String(n).padStart(3, '0')}`;
    const turn = async (base: string, body: Json) => {
      const r = await post(base, '/web/api/turn', { user, ...body });
      if (r.status !== 200) throw new Error(`${user}: turn answered ${r.status}`);
      return r.body.cards as unknown[];
    };
    let cards = await turn(pick().url, { start: true });
    const accepted: PlannedAnswer[] = [];
    let duplicates = 0;
    let texts = 0;
    for (let i = 0; i < 80; i++) {
      const q = lastQuestion(cards);
      if (!q) throw new Error(`${user}: no open question`);
      if (q.node === 'menu' && accepted.length > 1) return { user, accepted, duplicates };
      const plan = planAnswer(q, () => observation(texts++, user.replace(/[^a-z]/g, '')));
      if (accepted.length % DUPLICATE_EVERY === DUPLICATE_EVERY - 1) {
        // The same click reaching both instances (a double click behind a load balancer): one
        // must take it, the other must see it as already answered.
        const [a, b] = await Promise.all([turn((instances[0] as Instance).url, { value: plan.data }), turn((instances[1] as Instance).url, { value: plan.data })]);
        // Continue from the later state (a re-asked question may carry a newer prompt id).
        cards = promptSeq(b) > promptSeq(a) ? b : a;
        duplicates++;
      } else {
        cards = await turn(pick().url, { value: plan.data });
      }
      accepted.push(plan);
    }
    throw new Error(`${user} did not reach a decision`);
  }

  async function openStore(): Promise<PostgresStore> {
    const store = await PostgresStore.open(DATABASE_URL ?? '', { schema, cipher, poolSize: 4 });
    stores.push(store);
    return store;
  }

  it('keeps every reporter\u2019s answers once and in order, lets one of two simultaneous claims win, and fires each reminder once', async () => {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: USERS }, (_, n) => reporter(n)));
    const walked = Date.now() - started;

    const store = await openStore();
    const cases = await store.listCases();
    expect(cases).toHaveLength(USERS);
    for (const { user, accepted, duplicates } of results) {
      expect(duplicates).toBeGreaterThan(3);
      const mine = await store.listCases({ owner: `web:${user}` });
      expect({ user, cases: mine.length }).toEqual({ user, cases: 1 });
      const record = (await store.getCase(mine[0]?.id ?? '')) as CaseRecord;
      const logged = record.log.filter((e) => typeof e.data.field === 'string').map((e) => ({ node: e.node, value: e.data.value }));
      const expected = accepted.filter((a) => NODES.get(a.node)?.field !== undefined).map((a) => ({ node: a.node, value: a.expected }));
      expect({ user, logged }).toEqual({ user, logged: expected });
      expect(record.log.filter((e) => e.correction)).toEqual([]);
    }

    // Everything queued was delivered and acknowledged; each delivered summary planned one claim reminder.
    expect(await store.pending()).toEqual([]);
    const reminders = await admin.query<{ case_id: string }>(`SELECT case_id FROM ${schema}.deadlines WHERE kind = 'claim-reminder'`);
    expect(reminders.rows.map((r) => r.case_id).sort()).toEqual(cases.map((c) => c.id).sort());

    // The same claim clicked on both instances at the same moment, for six cases: one wins each time.
    const claimed = cases.slice(0, 6).map((c) => c.id);
    for (const caseId of claimed) {
      const statuses = await Promise.all(instances.map((s) => post(s.url, '/web/api/af/claim', { value: { mc: 'claim', caseId } }).then((r) => r.status)));
      expect({ caseId, statuses: statuses.sort() }).toEqual({ caseId, statuses: [200, 409] });
      const record = await store.getCase(caseId);
      expect(record?.log.filter((e) => e.type === 'claim')).toHaveLength(1);
      expect(record?.meta.claimedBy).toBeDefined();
    }

    // Two schedulers, one per store (as each instance runs one), fire at the same moment, five days on.
    const other = await openStore();
    const translator = await createTranslator();
    const later = new Date(Date.now() + 5 * DAY);
    const wins: string[] = [];
    const posted: string[] = [];
    const schedulers = [store, other].map((s) => {
      const fire = s.fireDeadline.bind(s);
      s.fireDeadline = async (id, at) => {
        const won = await fire(id, at);
        if (won) wins.push(id);
        return won;
      };
      // A reminder post is noted here instead of queued (the instances' dispatchers would deliver it).
      const enqueue = async (item: { payload: unknown }) => void posted.push((item.payload as { summary: { caseId: string } }).summary.caseId);
      const outbox = new Proxy(s, {
        get: (target, key) => {
          if (key === 'enqueue') return enqueue;
          const value: unknown = Reflect.get(target, key);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const due = deadlineActions({
        store: outbox,
        settings: () => defaultSettings(),
        turns: new TurnProcessor({ store: s, translator, followUpDays: 42 }),
        notifier: new Notifier(),
        translator,
        orgLang: 'nl',
        dispatcher: { run: async () => undefined },
        log: () => undefined,
      });
      return new Scheduler({ store: s, clock: () => later, due, log: () => undefined });
    });
    await Promise.all(schedulers.map((s) => s.tick()));
    const reminderIds = reminders.rows.map((r) => `claim-reminder-${r.case_id}`);
    for (const id of reminderIds) expect({ id, fired: wins.filter((w) => w === id).length }).toEqual({ id, fired: 1 });
    const unclaimed = cases.map((c) => c.id).filter((id) => !claimed.includes(id));
    expect(posted.sort()).toEqual([...unclaimed].sort());
    for (const c of cases) {
      const notes = ((await store.getCase(c.id))?.log ?? []).filter((e) => e.type === 'reminder' && e.data.kind === 'claim-reminder');
      expect({ id: c.id, notes: notes.length }).toEqual({ id: c.id, notes: claimed.includes(c.id) ? 0 : 1 });
    }
    const fired = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.deadlines WHERE kind = 'claim-reminder' AND fired_at IS NOT NULL`);
    expect(fired.rows[0]?.n).toBe(USERS);

    // No request failed inside either server.
    for (const s of instances) expect({ instance: s.name, errors: s.events.filter((e) => e.event === 'http.error' || e.event === 'dispatch.failed') }).toEqual({ instance: s.name, errors: [] });
    process.stdout.write(`multi-instance: ${USERS} reporters, ${results.reduce((n, r) => n + r.accepted.length, 0)} answers (${results.reduce((n, r) => n + r.duplicates, 0)} sent to both instances) in ${walked} ms\n`);
  });
});
