/**
 * Robustness: over 10,000 malformed or random requests (seeded, so a run can be replayed) to the
 * Teams endpoint, the web chat API and the Slack endpoint, against real servers with real (encrypted)
 * data files. Nothing may crash, nothing may answer 5xx, and cases that existed before stay as they were.
 *
 * Two servers: a local-mode one (unauthenticated Teams endpoint + web chat) and a Slack one (with
 * SLACK_BOT_TOKEN the server is not in local mode and has no Teams endpoint without credentials).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CaseRecord, LogEntryType } from '../../src/cases/types.js';
import { loadConfig } from '../../src/config.js';
import type { UserState } from '../../src/engine/types.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { DataCipher, parseKey } from '../../src/store/crypto.js';
import { LowdbStore } from '../../src/store/lowdb.js';
import type { Store } from '../../src/store/store.js';
import { lastQuestion, observation, planAnswer } from '../helpers/caseWalker.js';
import { FakeConnector } from '../helpers/fakeConnector.js';
import { FakeSlack } from '../helpers/fakeSlack.js';
import { closeIdleSockets, httpSend } from '../helpers/httpSend.js';
import { Rng, runPool } from '../helpers/fuzzData.js';
import { FUZZ_USERS, slackRequest, slackSign, slowRequest, teamsRequest, webRequest, type FuzzRequest, type FuzzTargets } from '../helpers/fuzzRequests.js';
import { caseToDecision, GatewayUser } from '../helpers/gatewayUser.js';
import { SIGNING_SECRET } from '../helpers/slackClient.js';
import { TeamsUser } from '../helpers/teamsClient.js';
import { WebWalker } from '../helpers/webWalker.js';

const SEED = 0x5eed_2026;
/** Requests through the main pool; FUZZ_REQUESTS overrides it for a quick local run. */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
/** Requests that take seconds by design (Bolt's 3 s ack timeout, retried replies): a lane of their own. */
const SLOW_REQUESTS = Math.max(9, Math.round(REQUESTS / 60));
const CONCURRENCY = 16;
/** The slow lane mostly waits on timers, so it may keep more requests open. */
const SLOW_CONCURRENCY = 48;
/** Statuses a malformed request may get. Anything else (5xx above all) is a finding. */
const ALLOWED = new Set([200, 201, 202, 204, 400, 401, 403, 404, 405, 409, 413, 414, 415, 431]);
const KNOWN_LOG_TYPES: ReadonlySet<LogEntryType> = new Set<LogEntryType>([
  'opened', 'answer', 'fact', 'interpretation', 'kindcheck', 'consultation', 'conversation', 'weighing', 'decision', 'urgent', 'status', 'claim', 'lead', 'view', 'export', 'reminder', 'followup', 'note',
]);
/** Log events that mean a handler failed inside the server (the request itself may still have been answered). */
const INTERNAL_ERRORS = new Set(['teams.turn.error', 'slack.handler.failed', 'slack.error', 'dispatch.failed']);

interface Srv {
  dir: string;
  running: RunningServer;
  /** Failures inside the server, by event and message (the requests themselves were answered). */
  internal: Map<string, number>;
}

const servers: Srv[] = [];
let connector: FakeConnector;
let slack: FakeSlack;
let local: Srv;
let slackSrv: Srv;

/** Temp data folders in memory where there is such a file system: the test is about input handling, not the disk. */
const TMP = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();

async function start(env: Record<string, string>): Promise<Srv> {
  const dir = await mkdtemp(path.join(TMP, 'mc-fuzz-'));
  const internal: Srv['internal'] = new Map();
  const running = await startServer(loadConfig({ DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0', ...env }), {
    schedulerIntervalMs: 0,
    log: (event, fields) => {
      const serverError = event === 'http.error' && typeof fields?.status === 'number' && fields.status >= 500;
      const boltError = event === 'slack.bolt' && fields?.level === 'error';
      if (INTERNAL_ERRORS.has(event) || serverError || boltError) {
        const what = `${event}: ${String(fields?.error ?? fields?.message ?? fields?.status ?? '').replace(/"[^"]*"/g, '"…"').slice(0, 90)}`;
        internal.set(what, (internal.get(what) ?? 0) + 1);
      }
    },
  });
  const srv = { dir, running, internal };
  servers.push(srv);
  return srv;
}

async function snapshot(store: Store): Promise<Map<string, CaseRecord>> {
  const out = new Map<string, CaseRecord>();
  for (const meta of await store.listCases()) {
    const record = await store.getCase(meta.id);
    if (record) out.set(meta.id, record);
  }
  return out;
}

/** Cases may only have gained log entries of known kinds; meta and the earlier entries are untouched. */
/** A user's dialogue state, without the turn layer's record of handled inputs (every turn adds to it). */
function dialogue(state: UserState | undefined): Omit<UserState & { turns?: unknown }, 'turns'> | undefined {
  if (state === undefined) return undefined;
  const { turns: _handled, ...rest } = state as UserState & { turns?: unknown };
  return rest;
}

function expectUnchanged(before: Map<string, CaseRecord>, after: Map<string, CaseRecord>): void {
  for (const [id, was] of before) {
    const now = after.get(id);
    expect(now?.meta).toEqual(was.meta);
    expect(now?.log.slice(0, was.log.length)).toEqual(was.log);
    const added = now?.log.slice(was.log.length) ?? [];
    expect(added.filter((e) => !KNOWN_LOG_TYPES.has(e.type))).toEqual([]);
  }
}

const teamsReal = ['aad-real-anna', 'aad-real-dirk'];
const webReal = ['real-web-bram', 'real-web-cato'];
const slackReal = ['UREAL1', 'UREAL2'];
const realKeys = [...teamsReal.map((a) => `teams:${a}`), ...webReal.map((u) => `web:${u}`)];
const slackRealKeys = slackReal.map((u) => `slack:T1:${u}`);

/** A Teams reporter through a whole case (or up to `stopAt`), clicking on the cards as Teams would send them. */
async function teamsCase(u: TeamsUser, stopAt?: string): Promise<void> {
  await u.say('hallo');
  let answered = 0;
  for (let i = 0; i < 80; i++) {
    const q = lastQuestion(u.cards());
    if (!q) throw new Error(`no question for ${u.who.aadObjectId}`);
    if (stopAt ? q.node === stopAt : q.node === 'menu' && answered > 1) return;
    await u.submit(planAnswer(q, () => observation(answered, 'teams')).data);
    answered++;
  }
  throw new Error('Teams case did not finish');
}

let before: { local: Map<string, CaseRecord>; slack: Map<string, CaseRecord>; users: Map<string, UserState> };

beforeAll(async () => {
  connector = await new FakeConnector().start();
  slack = await new FakeSlack().start();
  local = await start({});
  slackSrv = await start({ SLACK_BOT_TOKEN: 'xoxb-fuzz', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slack.url}/api/`, HOST: '127.0.0.1' });

  // Real cases first: two Teams reporters (one to the decision, one halfway), two web reporters to the decision.
  await teamsCase(new TeamsUser(() => local.running.url, connector, { aadObjectId: 'aad-real-anna', name: 'Juf Anna' }));
  await teamsCase(new TeamsUser(() => local.running.url, connector, { aadObjectId: 'aad-real-dirk', name: 'Meester Dirk' }), 's1.vormen');
  await new WebWalker(() => local.running.url, 'real-web-bram').caseToDecision();
  await new WebWalker(() => local.running.url, 'real-web-cato').caseToDecision();
  // Slack: one to the decision, one halfway (through the gateway, as the Slack app calls it).
  await caseToDecision(new GatewayUser(() => slackSrv.running.gateway, 'slack:T1:UREAL1'));
  const half = new GatewayUser(() => slackSrv.running.gateway, 'slack:T1:UREAL2');
  await half.say('hallo');
  await half.pick('zorgen over een kind');
  await half.pick('Nee');
  await half.pick('Kinderopvang');
  expect(half.node()).toBe('ctx.betreft');

  const users = new Map<string, UserState>();
  for (const key of realKeys) users.set(key, (await local.running.store.loadUser<UserState>(key)) as UserState);
  for (const key of slackRealKeys) users.set(key, (await slackSrv.running.store.loadUser<UserState>(key)) as UserState);
  before = { local: await snapshot(local.running.store), slack: await snapshot(slackSrv.running.store), users };
  expect(before.local.size).toBe(4);
  expect(before.slack.size).toBe(2);
  connector.calls.length = 0;
  slack.calls.length = 0;
}, 300_000);

afterAll(async () => {
  closeIdleSockets();
  for (const s of servers.splice(0)) {
    await s.running.close().catch(() => undefined);
    await rm(s.dir, { recursive: true, force: true });
    await rm(`${s.dir}.key`, { force: true });
  }
  await connector?.stop();
  await slack?.stop();
});

describe('fuzzing the inbound endpoints', () => {
  it('answers the inputs earlier fuzz runs found with 4xx (or a normal turn), not 5xx', async () => {
    const teams = (activity: Record<string, unknown>) =>
      httpSend(`${local.running.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
    const base = { type: 'message', id: 'regress-1', channelId: 'msteams', serviceUrl: connector.url, from: { id: '29:rg', aadObjectId: 'aad-regress' }, recipient: { id: '28:bot' }, conversation: { id: 'a:personal-regress' }, text: 'hallo' };
    // Was 501 (the SDK's answer to an invoke nobody handles).
    expect((await teams({ ...base, type: 'invoke', name: 'adaptiveCard/action', value: {} })).status).toBe(400);
    // Was 500 with the SDK's error message in the body.
    expect((await teams({ ...base, type: 'conversationUpdate', serviceUrl: 42 })).status).toBe(400);
    // Was 200 after running the turn, whose answer could then not be sent.
    expect((await teams({ ...base, serviceUrl: 'not a url' })).status).toBe(400);
    // Was 200, with the SDK calling the public Bot Framework endpoint (its default for an empty serviceUrl).
    expect((await teams({ ...base, type: 'conversationUpdate', serviceUrl: '', channelData: { eventType: 'teamMemberAdded' } })).status).toBe(400);
    // Was 400 from the SDK, with a console warning outside the structured log.
    expect((await teams({ ...base, type: '' })).status).toBe(400);
    // Was 500: a lead prompt id with a case id the store refuses.
    const web = await httpSend(`${local.running.url}/web/api/turn`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'regress-web-1', value: { mc: 'answer', promptId: 'lead#case:../../x', value: 'claim' } }),
    });
    expect(web.status).toBe(200);
    expect(web.body).toContain('bestaat niet');
    // Were 500: signed Slack bodies Bolt cannot process.
    const slackPost = (body: string, type: string) =>
      httpSend(`${slackSrv.running.url}/slack/events`, { method: 'POST', headers: { 'Content-Type': type, ...slackSign(body) }, body });
    expect((await slackPost('payload=null', 'application/x-www-form-urlencoded')).status).toBe(400);
    expect((await slackPost('null', 'application/json')).status).toBe(400);
    const event = { token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: 'EvRegress', event_time: 1, event: { type: 'message', channel_type: 'im', channel: 'DU1', user: null, text: 'hallo', ts: '1.1' } };
    expect((await slackPost(JSON.stringify(event), 'application/json')).status).toBe(400);
  });

  it('survives over 10,000 malformed and random requests without a crash, a 5xx or a changed case', async () => {
    const targets: FuzzTargets = { connectorUrl: connector.url, slackUrl: slack.url, teamsReal, webReal, slackReal };
    const statuses = new Map<string, Map<number, number>>();
    const slowest = new Map<string, number>();
    const findings: { kind: string; status: number; ms: number; body: string; error?: string }[] = [];
    let sent = 0;

    const send = async (req: FuzzRequest): Promise<void> => {
      const base = req.server === 'local' ? local.running.url : slackSrv.running.url;
      const t0 = performance.now();
      // A generous limit: on a loaded machine the slow lane's requests (retries to unreachable service URLs) take over 20 s.
      const { status, error } = await httpSend(`${base}${req.path}`, { method: req.method, headers: req.headers, body: req.body, timeoutMs: 90_000 });
      const ms = performance.now() - t0;
      sent++;
      slowest.set(req.kind, Math.max(slowest.get(req.kind) ?? 0, Math.round(ms)));
      const byKind = statuses.get(req.kind) ?? new Map<number, number>();
      byKind.set(status, (byKind.get(status) ?? 0) + 1);
      statuses.set(req.kind, byKind);
      if (!ALLOWED.has(status) && findings.length < 50) {
        const body = typeof req.body === 'string' ? req.body.slice(0, 400) : `<${req.body?.length ?? 0} bytes>`;
        findings.push({ kind: req.kind, status, ms: Math.round(ms), body, ...(error ? { error } : {}) });
      }
    };

    const started = performance.now();
    const slow = runPool(SLOW_REQUESTS, SLOW_CONCURRENCY, async (i) => {
      await send(slowRequest(new Rng(SEED ^ (0x51d0 + i * 7919)), targets));
    });
    await runPool(REQUESTS, CONCURRENCY, async (i) => {
      // Each request from its own generator: the same index always gives the same request.
      const rng = new Rng(SEED + Math.imul(i, 0x9e3779b1));
      const r = rng.next();
      const req = r < 0.42 ? teamsRequest(rng, targets) : r < 0.7 ? webRequest(rng, targets) : slackRequest(rng, targets);
      await send(req);
      // The fakes record every call; keep their memory flat.
      if (i % 500 === 0) {
        connector.calls.length = 0;
        slack.calls.length = 0;
      }
      if (i > 0 && i % 2500 === 0) process.stdout.write(`fuzz: ${i} requests, ${Math.round(performance.now() - started)} ms\n`);
    });
    await slow;
    await slackSrv.running.idle();
    await local.running.dispatcher.run();
    const elapsed = Math.round(performance.now() - started);

    const summary = Object.fromEntries([...statuses].sort().map(([kind, m]) => [kind, Object.fromEntries([...m].sort((a, b) => a[0] - b[0]))]));
    const internal = [...local.internal, ...slackSrv.internal].sort((a, b) => b[1] - a[1]);
    process.stdout.write(
      `fuzz: ${sent} requests in ${elapsed} ms\n${JSON.stringify(summary)}\nslowest kinds (ms): ${JSON.stringify(Object.fromEntries([...slowest].sort((a, b) => b[1] - a[1]).slice(0, 4)))}\n` +
        `handled failures inside the servers (${internal.reduce((n, [, c]) => n + c, 0)}; answered, logged, nothing stored wrongly), most frequent: ${JSON.stringify(Object.fromEntries(internal.slice(0, 10)))}\n`,
    );

    expect(sent).toBe(REQUESTS + SLOW_REQUESTS);
    expect(findings).toEqual([]);
    // Both servers still answer.
    expect(await (await fetch(`${local.running.url}/healthz`)).json()).toEqual({ ok: true });
    expect(await (await fetch(`${slackSrv.running.url}/healthz`)).json()).toEqual({ ok: true });

    // Earlier cases unchanged; the earlier users are where they were.
    expectUnchanged(before.local, await snapshot(local.running.store));
    expectUnchanged(before.slack, await snapshot(slackSrv.running.store));
    for (const key of realKeys) expect(dialogue(await local.running.store.loadUser<UserState>(key))).toEqual(dialogue(before.users.get(key)));
    for (const key of slackRealKeys) expect(dialogue(await slackSrv.running.store.loadUser<UserState>(key))).toEqual(dialogue(before.users.get(key)));

    // Everything on disk still loads, with a fresh store on the same files.
    for (const s of [local, slackSrv]) {
      await s.running.close();
      const cipher = new DataCipher(parseKey(await readFile(`${s.dir}.key`, 'utf8')));
      const reopened = await LowdbStore.open(s.dir, { cipher });
      await reopened.verify();
      expectUnchanged(s === local ? before.local : before.slack, await snapshot(reopened));
      for (const key of s === local ? realKeys : slackRealKeys) expect(dialogue(await reopened.loadUser<UserState>(key))).toEqual(dialogue(before.users.get(key)));
      for (let i = 0; i < FUZZ_USERS; i++) {
        const key = s === local ? `web:fuzz-web-${String(i).padStart(3, '0')}` : `slack:T1:UFZ${i}`;
        await reopened.loadUser(key);
        if (s === local) await reopened.loadUser(`teams:aad-fz-${i}`);
      }
      await reopened.close();
    }
    servers.length = 0;
    for (const s of [local, slackSrv]) {
      await rm(s.dir, { recursive: true, force: true });
      await rm(`${s.dir}.key`, { force: true });
    }
  }, 600_000); // Generous: on a loaded 2-core machine the 10,000 requests can take over 4 minutes.
});
