/**
 * Failures of the Slack channel, through the real Bolt app (signed requests) against the local fake Slack
 * Web API: a rate limit, a channel gone, an ambiguous 500 after which the post does or does not exist, and
 * the app uninstalled or its tokens revoked. Delivery runs are explicit and the clock is a fake one.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { webNotices } from '../../src/app/alerts.js';
import { channelRemovals, registeredAfChannel } from '../../src/app/channelDocs.js';
import { deadLetters } from '../../src/cases/deadLetters.js';
import { loadConfig } from '../../src/config.js';
import type { CaseMeta } from '../../src/domain/case.js';
import { defaultSettings } from '../../src/org/settings.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { FakeSlack } from '../helpers/fakeSlack.js';
import { SIGNING_SECRET, SlackSender, SlackUser } from '../helpers/slackClient.js';

let dir: string;
let slack: FakeSlack;
let running: RunningServer;
let sender: SlackSender;
let logs: { event: string; fields?: Record<string, unknown> }[];
let now: number;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-slack-fail-'));
  slack = await new FakeSlack().start();
  sender = new SlackSender(() => running.url);
  logs = [];
  // Near the real time: Slack's signed requests carry it, and one far from the server's clock is refused.
  now = Math.floor(Date.now() / 1000) * 1000;
  const settings = defaultSettings();
  settings.aandachtsfunctionarissen = ['slack:T1:ULEAD'];
  const config = loadConfig({
    DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${slack.url}/api/`, SLACK_ADMIN_IDS: 'UADMIN', HOST: '127.0.0.1',
  });
  running = await startServer(config, { settings, clock: () => new Date(now), log: (event, fields) => logs.push({ event, fields }) });
});
afterEach(async () => {
  await running.close();
  await slack.stop();
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.key`, { force: true });
});

const admin = () => new SlackUser(sender, slack, () => running.idle(), 'UADMIN');

async function queuePost(n: number): Promise<string> {
  const ref = `MC-SLK${n}`;
  const at = new Date(now).toISOString();
  const meta: CaseMeta = { id: `case-${n}`, ref, owner: 'slack:T1:UANNA', route: 'meldcode', step: 5, status: 'open', urgency: 'normaal', createdAt: at, updatedAt: at };
  await running.store.createCase(meta);
  const summary = { caseId: meta.id, ref, route: 'meldcode', step: 5, urgency: 'normaal', reporter: 'slack:T1:UANNA' };
  await running.store.enqueue({ id: `item-${n}`, kind: 'af.post', createdAt: at, payload: { type: 'af.post', reason: 'afronding', summary }, attempts: 0 });
  return ref;
}

/** The channel's posts the fake accepted (a failed call that went through counts: it is in the channel). */
const inChannel = () => slack.of('chat.postMessage').filter((c) => c.body.channel === 'CAF' && c.ts !== undefined);
const toLead = (from = 0) => JSON.stringify(slack.of('chat.postMessage', from).filter((c) => c.body.channel === 'ULEAD').map((c) => c.body));

async function event(event: Record<string, unknown>): Promise<void> {
  const sent = await sender.json({ token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: `EvL${Math.random().toString(36).slice(2)}`, event_time: Math.floor(now / 1000), event }, 'event');
  expect(sent.status).toBe(200);
  await running.idle();
}

describe('posting to Slack when the Web API fails', () => {
  it('a 429 with Retry-After: waits that long, then posts once, marked with the outbox item', async () => {
    await admin().command('kanaal', 'CAF');
    await queuePost(1);
    slack.failPost.push({ status: 429, headers: { 'Retry-After': '90' } });

    await running.dispatcher.run();
    expect(slack.of('chat.postMessage').filter((c) => c.body.channel === 'CAF')).toHaveLength(1); // no retry by the client itself
    expect((await running.store.pending())[0]).toMatchObject({ notBefore: new Date(now + 90_000).toISOString(), sinks: { slack: { attempts: 1, last: 'retry' } } });
    expect(logs.find((l) => l.event === 'af.post.retry')?.fields).toMatchObject({ sink: 'slack', reason: 'rate-limited', status: 429, attempts: 1 });

    now += 89_000;
    await running.dispatcher.run();
    expect(inChannel()).toHaveLength(0);
    now += 1_000;
    await running.dispatcher.run();
    expect(inChannel()).toHaveLength(1);
    expect(inChannel()[0]?.body.metadata).toEqual({ event_type: 'meldcode_post', event_payload: { item: 'item-1' } });
    expect(await running.store.pending()).toEqual([]);
  });

  it('Slack\'s own "ratelimited" answer is honoured too', async () => {
    await admin().command('kanaal', 'CAF');
    await queuePost(2);
    slack.failPost.push({ error: 'ratelimited' });
    await running.dispatcher.run();
    expect((await running.store.pending())[0]?.sinks?.slack).toEqual({ attempts: 1, last: 'retry' });
    expect(logs.find((l) => l.event === 'af.post.retry')?.fields).toMatchObject({ reason: 'rate-limited', code: 'ratelimited' });
  });

  it('channel_not_found: a dead letter, the lead told in their DM, and a new registration posts it', async () => {
    await admin().command('kanaal', 'CAF');
    const ref = await queuePost(3);
    slack.failPost.push({ error: 'channel_not_found' });

    await running.dispatcher.run();
    now += 3_600_000;
    await running.dispatcher.run();
    expect(inChannel()).toHaveLength(0);
    expect(slack.of('chat.postMessage').filter((c) => c.body.channel === 'CAF')).toHaveLength(1);
    expect(await deadLetters(running.store)).toMatchObject([{ id: 'item-3', sink: 'slack', reason: 'channel-gone' }]);
    expect(logs.find((l) => l.event === 'af.post.dead')?.fields).toMatchObject({ code: 'channel_not_found', reason: 'channel-gone' });
    expect(toLead()).toContain(ref);
    expect(toLead()).toContain('/meldcode kanaal');

    await admin().command('kanaal', 'CAF');
    await running.dispatcher.run();
    expect(inChannel()).toHaveLength(1);
    expect(await deadLetters(running.store)).toEqual([]);
  });

  it('a 500 after which the message exists: found by its marker, counted as delivered, posted exactly once', async () => {
    await admin().command('kanaal', 'CAF');
    await queuePost(4);
    slack.failPost.push({ status: 500, posted: true });

    await running.dispatcher.run();
    expect((await running.store.pending())[0]?.sinks?.slack).toEqual({ attempts: 1, last: 'ambiguous' });
    now += 30_000;
    await running.dispatcher.run();

    expect(slack.of('conversations.history').some((c) => String(c.body.include_all_metadata) === 'true')).toBe(true);
    expect(inChannel()).toHaveLength(1);
    expect(slack.of('chat.postMessage').filter((c) => c.body.channel === 'CAF')).toHaveLength(1);
    expect(await running.store.pending()).toEqual([]);
    expect(logs.some((l) => l.event === 'af.post.confirmed')).toBe(true);
    // It is kept as the case's post: a change redraws it.
    const post = inChannel()[0];
    const before = slack.calls.length;
    await running.lead.setState('slack:T1:ULEAD', 'case-4', 'in-overleg');
    await running.idle();
    expect(slack.of('chat.update', before).map((c) => c.body.ts)).toContain(post?.ts);
  });

  it('a 500 after which the message does not exist: posted again, exactly once', async () => {
    await admin().command('kanaal', 'CAF');
    await queuePost(5);
    slack.failPost.push({ status: 500 });

    await running.dispatcher.run();
    now += 30_000;
    await running.dispatcher.run();

    expect(inChannel()).toHaveLength(1);
    expect(slack.of('chat.postMessage').filter((c) => c.body.channel === 'CAF')).toHaveLength(2);
    expect(await running.store.pending()).toEqual([]);
  });
});

describe('the Slack app uninstalled or its tokens revoked', () => {
  it.each([
    ['app_uninstalled', 'app-uninstalled', { type: 'app_uninstalled' }],
    ['tokens_revoked', 'tokens-revoked', { type: 'tokens_revoked', tokens: { bot: ['UBOT'] } }],
  ])('%s: the channel unusable, an error logged, posts wait until a new registration', async (_what, reason, ev) => {
    await admin().command('kanaal', 'CAF');
    const callsBefore = slack.calls.length;

    await event(ev);

    expect(await registeredAfChannel(running.store, 'slack')).toBeUndefined();
    expect(await channelRemovals(running.store)).toEqual([{ platform: 'slack', reason, at: new Date(now).toISOString() }]);
    expect(logs.find((l) => l.event === 'slack.app.revoked')?.fields).toEqual({ reason });
    // With Slack the web panel does not run (it is the local mode's): the log line is the notice.
    expect(await webNotices(running.store)).toEqual([]);
    // Slack reaches nobody now: no attempt to message the lead there.
    expect(toLead(callsBefore)).toBe('[]');

    await queuePost(6);
    await running.dispatcher.run();
    expect(inChannel()).toHaveLength(0);
    expect(await running.store.pending()).toHaveLength(1);

    // Installed again and registered: the waiting post goes out.
    await admin().command('kanaal', 'CAF');
    await running.dispatcher.run();
    expect(inChannel()).toHaveLength(1);
    expect(await running.store.pending()).toEqual([]);
  });
});
