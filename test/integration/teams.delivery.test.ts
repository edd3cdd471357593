/**
 * Failures of the Teams channel, through the real CloudAdapter against the local fake Bot Connector: a
 * rate limit, a channel gone or closed to the bot, an ambiguous 5xx, and the bot taken out of the
 * channel. Delivery runs are explicit and the clock is a fake one: nothing here waits on time.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { channelRemovals, registeredAfChannel } from '../../src/app/channelDocs.js';
import { deadLetters } from '../../src/cases/deadLetters.js';
import { loadConfig } from '../../src/config.js';
import type { CaseMeta } from '../../src/domain/case.js';
import { defaultSettings } from '../../src/org/settings.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { FakeConnector } from '../helpers/fakeConnector.js';
import { postActivity, TeamsUser } from '../helpers/teamsClient.js';

let dir: string;
let connector: FakeConnector;
let running: RunningServer;
let logs: { event: string; fields?: Record<string, unknown> }[];
let now: number;
let lead: TeamsUser;

const CHANNEL = '19:af-channel@thread.tacv2';
const TEAM = '19:team@thread.tacv2';

/** Teams only by default: the local web panel would otherwise count as an aandachtsfunctionaris channel too. */
async function start(webChat = false): Promise<void> {
  const settings = defaultSettings();
  settings.aandachtsfunctionarissen = ['teams:aad-lead'];
  const config = loadConfig({ DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0', AF_ADMIN_IDS: 'aad-admin' });
  running = await startServer(config, { settings, webChat, clock: () => new Date(now), log: (event, fields) => logs.push({ event, fields }) });
  lead = new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-lead', name: 'Meester Mo' });
  await lead.say('hallo'); // the bot can reach a personal chat only after a first message
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-teams-fail-'));
  connector = await new FakeConnector().start();
  logs = [];
  now = Date.parse('2026-12-01T10:00:00.000Z');
  await start();
});
afterEach(async () => {
  await running.close();
  await connector.stop();
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.key`, { force: true });
});

/** An activity in the team channel (or about it), as Teams sends it. */
function teamActivity(extra: Record<string, unknown>) {
  return {
    id: `ev-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: '29:admin', aadObjectId: 'aad-admin', name: 'Beheerder Bas' },
    recipient: { id: '28:bot', name: 'Meldcode-assistent' },
    conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
    channelData: { channel: { id: CHANNEL }, team: { id: TEAM }, tenant: { id: 'tenant-1' } },
    ...extra,
  };
}

async function send(activity: Record<string, unknown>): Promise<void> {
  expect((await postActivity(running.url, activity)).status).toBe(200);
}

async function registerChannel(): Promise<void> {
  await send(
    teamActivity({
      type: 'message',
      text: '<at>Meldcode-assistent</at> registreer',
      entities: [{ type: 'mention', text: '<at>Meldcode-assistent</at>', mentioned: { id: '28:bot', name: 'Meldcode-assistent' } }],
    }),
  );
  await running.idle();
}

/** A finished case whose summary waits in the outbox. */
async function queuePost(n: number): Promise<string> {
  const ref = `MC-FAIL${n}`;
  const at = new Date(now).toISOString();
  const meta: CaseMeta = { id: `case-${n}`, ref, owner: 'teams:aad-anna', route: 'meldcode', step: 5, status: 'open', urgency: 'normaal', createdAt: at, updatedAt: at };
  await running.store.createCase(meta);
  const summary = { caseId: meta.id, ref, route: 'meldcode', step: 5, urgency: 'normaal', reporter: 'teams:aad-anna' };
  await running.store.enqueue({ id: `item-${n}`, kind: 'af.post', createdAt: at, payload: { type: 'af.post', reason: 'afronding', summary }, attempts: 0 });
  return ref;
}

/** Channel threads the bot created (successful createConversation calls). */
const threads = () => connector.calls.filter((c) => c.path === '/v3/conversations');
/** What the lead was sent in their personal chat since `from`. */
const toLead = (from: number) => JSON.stringify(connector.since(from).filter((c) => c.conversationId === lead.conversationId));

describe('posting to Teams when the Bot Connector fails', () => {
  it('429 with Retry-After: not tried again before then, then posted once', async () => {
    await registerChannel();
    await queuePost(1);
    connector.failCreate.push({ status: 429, headers: { 'Retry-After': '120' } });

    await running.dispatcher.run();
    expect(connector.createRequests).toBe(1); // the connector client did not retry by itself
    expect(threads()).toHaveLength(0);
    expect((await running.store.pending())[0]).toMatchObject({ id: 'item-1', attempts: 1, notBefore: '2026-12-01T10:02:00.000Z' });
    expect(logs.find((l) => l.event === 'af.post.retry')?.fields).toMatchObject({ reason: 'rate-limited', status: 429, attempts: 1, item: 'item-1', sink: 'teams' });

    now += 60_000;
    await running.dispatcher.run();
    expect(connector.createRequests).toBe(1);

    now += 60_000;
    await running.dispatcher.run();
    expect(connector.createRequests).toBe(2);
    expect(threads()).toHaveLength(1);
    expect(await running.store.pending()).toEqual([]);
  });

  it('a 500 is not retried (the card may be there): a dead letter "unsure", and the lead hears it by another path', async () => {
    await registerChannel();
    const ref = await queuePost(2);
    connector.failCreate.push({ status: 500 });
    const before = connector.calls.length;

    await running.dispatcher.run();
    now += 3_600_000;
    await running.dispatcher.run();

    expect(connector.createRequests).toBe(1);
    expect(await running.store.pending()).toEqual([]);
    expect(await deadLetters(running.store)).toMatchObject([{ id: 'item-2', sink: 'teams', reason: 'unsure', status: 500, attempts: 1 }]);
    const told = toLead(before);
    expect(told).toContain(ref);
    expect(told).toContain('misschien niet');
    expect(told).toContain('open zaken');
    expect(logs.find((l) => l.event === 'af.post.dead')?.fields).toMatchObject({ reason: 'unsure', status: 500, item: 'item-2' });
  });

  it.each([
    [403, 'no-access', { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } }],
    [404, 'channel-gone', { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } }],
  ])('%i: stops retrying, tells the lead what to do, and a new registration delivers the post', async (status, reason, body) => {
    await registerChannel();
    const ref = await queuePost(3);
    connector.failCreate.push({ status, body });
    const before = connector.calls.length;

    await running.dispatcher.run();
    now += 3_600_000;
    await running.dispatcher.run();
    expect(connector.createRequests).toBe(1);
    expect(await running.store.pending()).toEqual([]);
    expect(await deadLetters(running.store)).toMatchObject([{ id: 'item-3', reason, status }]);
    const told = toLead(before);
    expect(told).toContain(ref);
    expect(told).toContain('registreer');
    // Only the reference: nothing of the case itself.
    expect(told).not.toContain('aad-anna');

    await registerChannel();
    await running.dispatcher.run();
    expect(threads()).toHaveLength(1);
    expect(await deadLetters(running.store)).toEqual([]);
    expect(await running.store.pending()).toEqual([]);
  });
});

describe('the local web panel beside Teams', () => {
  it('still gets the post, and shows a notice (the reference, no content) when Teams did not take it', async () => {
    await running.close();
    await start(true);
    await registerChannel();
    const ref = await queuePost(7);
    connector.failCreate.push({ status: 404 });

    await running.dispatcher.run();

    const panel = (await (await fetch(`${running.url}/web/api/af`)).json()) as { items: { caseId: string }[]; notices: { text: string }[] };
    expect(panel.items.map((i) => i.caseId)).toEqual(['case-7']);
    expect(panel.notices).toHaveLength(1);
    expect(panel.notices[0]?.text).toContain(ref);
    expect(panel.notices[0]?.text).toContain('registreer');
    expect(panel.notices[0]?.text).not.toContain('aad-anna');
    expect(await running.store.pending()).toEqual([]);
  });
});

describe('the bot taken out of the aandachtsfunctionaris channel', () => {
  it.each([
    ['installationUpdate remove', 'app-removed', { type: 'installationUpdate', action: 'remove' }],
    ['installationUpdate remove-upgrade', 'app-removed', { type: 'installationUpdate', action: 'remove-upgrade' }],
    ['conversationUpdate with the bot in membersRemoved', 'bot-removed', { type: 'conversationUpdate', membersRemoved: [{ id: '28:bot' }], channelData: { team: { id: TEAM }, tenant: { id: 'tenant-1' }, eventType: 'teamMemberRemoved' } }],
    ['teamDeleted of its team', 'team-deleted', { type: 'conversationUpdate', channelData: { team: { id: TEAM }, tenant: { id: 'tenant-1' }, eventType: 'teamDeleted' } }],
    ['channelDeleted of the registered channel', 'channel-deleted', { type: 'conversationUpdate', channelData: { channel: { id: CHANNEL, name: 'AF' }, team: { id: TEAM }, tenant: { id: 'tenant-1' }, eventType: 'channelDeleted' } }],
  ])('%s: registration cleared, lead told, posts wait, a new registration delivers them', async (_what, reason, activity) => {
    await registerChannel();
    const before = connector.calls.length;

    await send(teamActivity(activity));
    await running.idle();

    expect(await registeredAfChannel(running.store, 'teams')).toBeUndefined();
    expect(await channelRemovals(running.store)).toEqual([{ platform: 'teams', reason, at: '2026-12-01T10:00:00.000Z' }]);
    expect(logs.find((l) => l.event === 'teams.channel.removed')?.fields).toEqual({ reason });
    const told = toLead(before);
    expect(told).toContain('uit het kanaal van de aandachtsfunctionaris');
    expect(told).toContain('registreer');

    await queuePost(4);
    await running.dispatcher.run();
    expect(connector.createRequests).toBe(0);
    expect(await running.store.pending()).toHaveLength(1);

    await registerChannel();
    await running.dispatcher.run();
    expect(threads()).toHaveLength(1);
    expect(await running.store.pending()).toEqual([]);
  });

  it('leaves the registration alone when someone else leaves the team, or another channel is deleted', async () => {
    await registerChannel();
    await send(teamActivity({ type: 'conversationUpdate', membersRemoved: [{ id: '29:olga' }], channelData: { team: { id: TEAM }, tenant: { id: 'tenant-1' }, eventType: 'teamMemberRemoved' } }));
    await send(teamActivity({ type: 'conversationUpdate', channelData: { channel: { id: '19:other@thread.tacv2' }, team: { id: TEAM }, tenant: { id: 'tenant-1' }, eventType: 'channelDeleted' } }));
    await send(teamActivity({ type: 'installationUpdate', action: 'remove', channelData: { team: { id: '19:other-team@thread.tacv2' }, tenant: { id: 'tenant-1' } } }));
    expect(await registeredAfChannel(running.store, 'teams')).toMatchObject({ channelId: CHANNEL, teamId: TEAM });
    expect(logs.some((l) => l.event === 'teams.channel.removed')).toBe(false);
  });
});
