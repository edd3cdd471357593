/** Abuse and spoofing: other organisations, platform retries, floods, simultaneous claims, what the logs hold. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { FakeConnector } from '../helpers/fakeConnector.js';
import { FakeSlack } from '../helpers/fakeSlack.js';
import { caseToDecision, GatewayUser } from '../helpers/gatewayUser.js';
import { SIGNING_SECRET, SlackSender, SlackUser } from '../helpers/slackClient.js';
import { postActivity, TeamsUser } from '../helpers/teamsClient.js';

let dir: string;
let running: RunningServer;
const started: RunningServer[] = [];
const track = (r: RunningServer) => (started.push(r), r);
let logs: string[];
const log = (event: string, fields?: Record<string, unknown>) => logs.push(JSON.stringify({ event, ...fields }));

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-sec-'));
  logs = [];
});
afterEach(async () => {
  for (const r of started.splice(0)) await r.close();
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.key`, { force: true });
});

const env = (extra: Record<string, string> = {}) => ({ DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0', ...extra });

describe('Teams: organisation and retries', () => {
  let connector: FakeConnector;
  beforeEach(async () => {
    connector = await new FakeConnector().start();
  });
  afterEach(async () => {
    await connector.stop();
  });

  it('politely refuses members of another tenant and stores nothing', async () => {
    running = track(await startServer(loadConfig(env({ ALLOWED_TENANTS: 'tenant-ours' })), { log, webChat: false }));
    const stranger = new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-x', name: 'X' });
    await stranger.say('hallo'); // the test client uses tenant-1
    expect(stranger.text()).toContain('alleen voor medewerkers van de organisatie');
    expect(await running.store.loadUser('teams:aad-x')).toBeUndefined();
  });

  it('handles an activity delivered twice (a platform retry) only once', async () => {
    running = track(await startServer(loadConfig(env()), { log, webChat: false }));
    const u = new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-anna', name: 'Anna' });
    await u.say('hallo');
    const click = u.activity({ value: u.actions().find((a) => a.title.includes('zorgen over een kind'))?.data });
    expect((await postActivity(running.url, click)).status).toBe(200);
    const before = connector.calls.length;
    expect((await postActivity(running.url, click)).status).toBe(200);
    expect(connector.calls.length).toBe(before);
    expect(await running.store.listCases()).toHaveLength(1);
  });
});

describe('Slack: workspaces and retries', () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await new FakeSlack().start();
  });
  afterEach(async () => {
    await slack.stop();
  });

  const slackEnv = (extra: Record<string, string> = {}) =>
    env({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slack.url}/api/`, HOST: '127.0.0.1', ...extra });

  it('politely refuses another workspace and stores nothing', async () => {
    running = track(await startServer(loadConfig(slackEnv({ SLACK_ALLOWED_TEAMS: 'T-OURS' })), { log }));
    const sender = new SlackSender(() => running.url);
    const u = new SlackUser(sender, slack, () => running.idle(), 'UX', 'T-OTHER');
    const sent = await u.command('');
    expect(sent.body).toContain('alleen voor medewerkers');
    expect(slack.of('chat.postMessage')).toHaveLength(0);
    expect(await running.store.loadUser('slack:T-OTHER:UX')).toBeUndefined();
  });

  it('handles a retried event only once', async () => {
    running = track(await startServer(loadConfig(slackEnv()), { log }));
    const sender = new SlackSender(() => running.url);
    const event = { token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: 'EvSAME', event_time: 1, event: { type: 'message', channel_type: 'im', channel: 'DU1', user: 'U1', text: 'hallo', ts: '1.1' } };
    await sender.json(event, 'message');
    await running.idle();
    const first = slack.of('chat.postMessage').length;
    expect(first).toBeGreaterThan(0);
    await sender.json(event, 'message');
    await running.idle();
    expect(slack.of('chat.postMessage')).toHaveLength(first);
  });
});

describe('floods, simultaneous claims and logs', () => {
  it('slows down a flood from one user with a friendly message, but never the acute button', async () => {
    running = track(await startServer(loadConfig(env({ RATE_LIMIT_PER_MINUTE: '10' })), { log }));
    const u = new GatewayUser(() => running.gateway, 'web:flooder');
    for (let i = 0; i < 10; i++) await u.say('hallo');
    await u.say('hallo');
    expect(u.text()).toContain('veel berichten kort na elkaar');
    await u.send({ type: 'command', command: 'acute' });
    expect(u.text()).toContain('112');
    expect(u.node()).toBe('acuut');
    const other = new GatewayUser(() => running.gateway, 'web:calm');
    await other.say('hallo');
    expect(other.node()).toBe('menu');
  });

  it('gives exactly one claim when two leads click "Ik pak dit op" at the same moment', async () => {
    running = track(await startServer(loadConfig(env()), { log }));
    const u = new GatewayUser(() => running.gateway, 'web:melder-1');
    await u.say('hallo');
    await u.send({ type: 'command', command: 'acute' });
    await running.dispatcher.run();
    const [meta] = await running.store.listCases();
    const claim = () =>
      fetch(`${running.url}/web/api/af/claim`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ value: { mc: 'claim', caseId: meta?.id } }) });
    const statuses = (await Promise.all(Array.from({ length: 8 }, claim))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const caseLog = (await running.store.getCase(meta?.id ?? ''))?.log ?? [];
    expect(caseLog.filter((e) => e.type === 'claim')).toHaveLength(1);
  });

  it('logs ids and events only: none of a case\u2019s text reaches the log', async () => {
    running = track(await startServer(loadConfig(env()), { log }));
    const u = new GatewayUser(() => running.gateway, 'web:melder-1');
    await caseToDecision(u, 'Melden bij Veilig Thuis', 'Ja');
    await running.dispatcher.run();
    const ref = (await running.store.listCases())[0]?.ref ?? '';
    const lead = new GatewayUser(() => running.gateway, 'web:aandachtsfunctionaris');
    await lead.say(`zaak ${ref}`);
    // A malformed request that quotes case text: logged by kind only.
    const bad = await fetch(`${running.url}/web/api/turn`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"user": "x", "text": "Vader gaf uitleg' });
    expect(bad.status).toBe(400);
    const all = logs.join('\n');
    expect(all).toContain('"event":"turn"');
    expect(all).toContain('"event":"http.error"');
    expect(logs.length).toBeGreaterThan(0);
    for (const text of ['blauwe plek', 'Vader gaf uitleg', 'Met ouders praten', 'vandaag']) expect(all).not.toContain(text);
  });
});
