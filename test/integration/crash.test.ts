/**
 * Crash safety: the real server as a child process, several web-chat reporters answering as fast as
 * they can, and SIGKILL at random (seeded) moments. After every kill the data files must still load
 * (the server starts again, and a fresh store reads every file), and every answer the server
 * confirmed (HTTP 200, the dialogue moved on) must be in that reporter's case log. An answer whose
 * request got no response may or may not have been kept.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { CaseRecord } from '../../src/cases/types.js';
import type { UserState } from '../../src/engine/types.js';
import { DataCipher, parseKey } from '../../src/store/crypto.js';
import { LowdbStore } from '../../src/store/lowdb.js';
import { lastQuestion, observation, planAnswer, type PlannedAnswer } from '../helpers/caseWalker.js';
import { ChildServer, freePort, killAllChildren } from '../helpers/childServer.js';
import { Rng } from '../helpers/fuzzData.js';
import { closeIdleSockets, httpSend } from '../helpers/httpSend.js';

const SEED = 0xc0ffee;
const USERS = 8;
const KILLS = 6;
/** Confirmed answers each server life has before it is killed: 7 lives x 20 > the 100 the test checks. */
const PER_LIFE = 20;
/** How long the reporters work before each kill: random in this range (ms). */
const LOAD_MS: [number, number] = [400, 1600];

type Json = Record<string, unknown>;

interface Accepted {
  plan: PlannedAnswer;
  /** Server start (1-based) that confirmed it. */
  start: number;
}

interface Reporter {
  user: string;
  tag: string;
  cards: unknown[];
  synced: boolean;
  texts: number;
  accepted: Accepted[];
  /** Answers sent without a response (killed mid-request): may or may not be kept. */
  unanswered: number;
  /** Answers answered 200 that the dialogue did not take (re-asked): should not happen on this path. */
  notTaken: { plan: PlannedAnswer; cards: string }[];
}

let dir: string;
let server: ChildServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-crash-'));
  server = new ChildServer(
    await freePort(),
    // Local mode (no credentials), data in the temp dir, its key next to it (created at the first start).
    // No rate limit: the reporters answer far faster than people do.
    { DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), RATE_LIMIT_PER_MINUTE: '0' },
    dir,
  );
});

afterAll(async () => {
  await killAllChildren();
  closeIdleSockets();
  if (dir) {
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}.key`, { force: true });
  }
});

async function turn(body: Json): Promise<{ status: number; cards: unknown[] }> {
  const sent = await httpSend(`${server.url}/web/api/turn`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), timeoutMs: 15_000 });
  if (sent.status !== 200) return { status: sent.status, cards: [] };
  return { status: 200, cards: (JSON.parse(sent.body) as { cards: unknown[] }).cards };
}

/** Opens the data files with a fresh store (the server is not running), reads everything, and checks every confirmed answer. */
async function checkOnDisk(reporters: readonly Reporter[]): Promise<{ cases: number; entries: number }> {
  const cipher = new DataCipher(parseKey(await readFile(`${dir}.key`, 'utf8')));
  const store = await LowdbStore.open(dir, { cipher });
  try {
    // Every case, outbox and deadline file must load.
    await store.verify();
    let cases = 0;
    let entries = 0;
    for (const r of reporters) {
      const owner = `web:${r.user}`;
      const records: CaseRecord[] = [];
      for (const meta of await store.listCases({ owner })) {
        const record = await store.getCase(meta.id);
        if (record) records.push(record);
      }
      const state = await store.loadUser<UserState>(owner);
      cases += records.length;
      const log = records.flatMap((c) => c.log);
      entries += log.length;
      // "Nieuwe zaak" opens a case: at least as many cases as confirmed starts.
      const starts = r.accepted.filter((a) => a.plan.node === 'menu' && a.plan.expected === 'nieuw').length;
      expect([r.user, records.length >= starts]).toEqual([r.user, true]);
      // Every other confirmed answer is in the log, as often as it was confirmed (a retried one may be there twice).
      const unused = [...log];
      const missing: string[] = [];
      for (const a of r.accepted) {
        if (a.plan.node === 'menu' || a.plan.node === 'hervat') continue;
        const i = unused.findIndex((e) => e.node === a.plan.node && isDeepStrictEqual(e.data.value ?? null, a.plan.expected));
        if (i >= 0) {
          unused.splice(i, 1);
          continue;
        }
        // Or in the user's state (answers of an open case).
        const inState = Object.values(state?.cases ?? {}).some((c) => Object.values(c.answers).some((v) => isDeepStrictEqual(v ?? null, a.plan.expected)) && c.answered.includes(a.plan.node));
        if (!inState) missing.push(`${a.plan.node}=${JSON.stringify(a.plan.expected)} (confirmed by start ${a.start})`);
      }
      expect([r.user, missing]).toEqual([r.user, []]);
    }
    return { cases, entries };
  } finally {
    await store.close();
  }
}

describe('SIGKILL during load', () => {
  it('keeps every confirmed answer and always starts again', async () => {
    const rng = new Rng(SEED);
    const reporters: Reporter[] = Array.from({ length: USERS }, (_, i) => ({
      user: `crash-user-${String(i).padStart(2, '0')}`,
      tag: `reporter ${'abcdefghij'[i] ?? 'z'}`,
      cards: [],
      synced: false,
      texts: 0,
      accepted: [],
      unanswered: 0,
      notTaken: [],
    }));
    const otherStatuses: string[] = [];
    let sent = 0;
    let stopping = false;
    // Resolves while the server is up; replaced by a pending promise while it is down.
    let up: Promise<void> = Promise.resolve();
    let markUp: () => void = () => undefined;

    const t0 = performance.now();
    await server.start();

    const work = async (r: Reporter): Promise<void> => {
      while (!stopping) {
        await up;
        if (stopping) return;
        if (!r.synced) {
          // (Re)join: "start" shows the open question again (or offers to resume the open case).
          const reply = await turn({ user: r.user, start: true });
          sent++;
          if (reply.status === 200) {
            r.cards = reply.cards;
            r.synced = true;
          } else if (reply.status !== -1) otherStatuses.push(`start: ${reply.status}`);
          continue;
        }
        const q = lastQuestion(r.cards);
        if (!q) {
          r.synced = false;
          continue;
        }
        const plan = planAnswer(q, () => observation(r.texts++, r.tag));
        const start = server.starts;
        const reply = await turn({ user: r.user, value: plan.data });
        sent++;
        if (reply.status === 200) {
          const next = lastQuestion(reply.cards);
          if (next?.promptId !== q.promptId) r.accepted.push({ plan, start });
          else r.notTaken.push({ plan, cards: JSON.stringify(reply.cards).slice(0, 300) });
          r.cards = reply.cards;
        } else if (reply.status === -1) {
          r.unanswered++;
          r.synced = false;
        } else {
          otherStatuses.push(`answer ${plan.node}: ${reply.status}`);
          r.synced = false;
        }
      }
    };
    const workers = reporters.map(work);

    /**
     * Waits until this server life has confirmed PER_LIFE answers, so every kill lands in real load and the
     * test's total does not depend on how fast a loaded machine is (a count, not a time).
     */
    const loaded = async (): Promise<void> => {
      const life = server.starts;
      const inLife = () => reporters.reduce((n, r) => n + r.accepted.filter((a) => a.start === life).length, 0);
      // A hang detector, not a speed target: a start under a loaded CI machine can take tens of seconds.
      const deadline = Date.now() + 300_000;
      while (inLife() < PER_LIFE) {
        if (Date.now() > deadline) throw new Error(`no answer confirmed in server life ${life}: ${server.output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    const restarts: number[] = [];
    const checks: { cases: number; entries: number }[] = [];
    try {
      for (let k = 0; k < KILLS; k++) {
        await loaded();
        await new Promise((resolve) => setTimeout(resolve, rng.range(...LOAD_MS)));
        up = new Promise<void>((resolve) => (markUp = resolve));
        await server.kill('SIGKILL');
        // While it is down: the files as the killed process left them must all load, with every confirmed answer.
        checks.push(await checkOnDisk(reporters));
        const t = performance.now();
        await server.start();
        restarts.push(Math.round(performance.now() - t));
        markUp();
      }
      // Some more load after the last restart, then a last kill.
      await loaded();
      await new Promise((resolve) => setTimeout(resolve, rng.range(...LOAD_MS)));
    } finally {
      // Also when something above failed: stop the reporters before the server goes.
      stopping = true;
      await server.kill('SIGKILL');
      markUp();
      await Promise.all(workers);
    }
    const final = await checkOnDisk(reporters);

    const accepted = reporters.reduce((n, r) => n + r.accepted.length, 0);
    const unanswered = reporters.reduce((n, r) => n + r.unanswered, 0);
    process.stdout.write(
      `crash: ${server.starts} starts, ${KILLS + 1} SIGKILLs, ${sent} requests, ${accepted} confirmed answers, ${unanswered} without response; ` +
        `restart times ${restarts.join('/')} ms; final ${final.cases} cases, ${final.entries} log entries; ${Math.round(performance.now() - t0)} ms\n`,
    );

    expect(server.starts).toBe(KILLS + 1);
    expect(otherStatuses).toEqual([]);
    expect(reporters.flatMap((r) => r.notTaken)).toEqual([]);
    // The load was real: answers confirmed in every server life, and kills that cut requests off.
    for (let s = 1; s <= KILLS + 1; s++) expect([s, reporters.some((r) => r.accepted.some((a) => a.start === s))]).toEqual([s, true]);
    expect(accepted).toBeGreaterThan(100);
    expect(unanswered).toBeGreaterThan(0);
    expect(checks.length).toBe(KILLS);
  }, 1_800_000); // Seven server starts: on a loaded 2-core machine each can take 20 s or more.
});
