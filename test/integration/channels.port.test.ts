import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CHANNELS } from '../../src/channels/index.js';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { fakeChannel, type FakeChannelRecord } from '../helpers/fakeChannel.js';

let dir: string;
let running: RunningServer;
let record: FakeChannelRecord;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-port-'));
  record = { posts: [], told: [], summaries: [] };
  // The channel list as it is, plus one entry: nothing else changes.
  running = await startServer(loadConfig({ DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0' }), {
    log: () => undefined,
    webChat: false,
    schedulerIntervalMs: 0,
    channels: [...CHANNELS, fakeChannel(record)],
  });
});
afterEach(async () => {
  await running.close();
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.key`, { force: true });
});

const post = async (p: string, body: unknown) =>
  (await fetch(`${running.url}${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;

describe('a channel added through the channel list', () => {
  it('is mounted next to the others: its routes, its sink and its users', async () => {
    expect(running.channels.map((c) => c.name)).toEqual(['teams', 'fake']);
    // Its sink is the one ready channel here (Teams has none registered, the web chat is off).
    expect(await running.dispatcher.hasChannel()).toBe(true);
  });

  it('runs dialogue turns through the port: in the language the platform gives, rendered by the channel', async () => {
    const nl = await post('/fake/turn', { user: 'anna', text: 'hallo' });
    expect(nl.lang).toBe('nl');
    expect(String(nl.text)).toContain('Waarmee kan ik je helpen?');
    const en = await post('/fake/turn', { user: 'ben', text: 'hello', locale: 'en-GB' });
    expect(en.lang).toBe('en');
  });

  it("reads the user's state once a turn, and speaks the language kept there whatever the platform says later", async () => {
    const store = running.store;
    const load = store.loadUser.bind(store);
    const reads: string[] = [];
    store.loadUser = ((userKey: string) => {
      reads.push(userKey);
      return load(userKey);
    }) as typeof store.loadUser;
    expect((await post('/fake/turn', { user: 'cas', text: 'hallo', locale: 'en-GB' })).lang).toBe('en');
    expect(reads).toEqual(['fake:cas']);
    reads.length = 0;
    // The platform now says Dutch; the conversation runs in English (kept with the state).
    expect((await post('/fake/turn', { user: 'cas', text: 'menu', locale: 'nl-NL' })).lang).toBe('en');
    expect(reads).toEqual(['fake:cas']);
  });

  it('gets the case posts, and the claim flow tells the reporter through the channel that serves them', async () => {
    await post('/fake/turn', { user: 'anna', text: 'hallo' });
    await post('/fake/turn', { user: 'anna', acute: true });
    await running.dispatcher.run();
    const [meta] = await running.store.listCases({ owner: 'fake:anna' });
    expect(record.posts).toEqual([`acuut:${meta?.ref}`]);

    const claimed = await post('/fake/claim', { user: 'lead', caseId: meta?.id });
    expect(claimed.outcome).toBe('claimed');
    expect(String(claimed.claimed)).toContain('lead');
    expect(record.told).toEqual([{ userKey: 'fake:anna', text: expect.stringContaining(`${meta?.ref}`) }]);
    expect(record.told[0]?.text).toContain('opgepakt door lead');

    const again = await post('/fake/claim', { user: 'other', caseId: meta?.id });
    expect(again).toEqual({ outcome: 'already', message: expect.stringContaining('al opgepakt door lead') });
    expect((await post('/fake/claim', { user: 'lead', caseId: 'nothing-here' })).outcome).toBe('unknown');
  });
});
