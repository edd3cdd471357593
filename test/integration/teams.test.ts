import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { defaultSettings, type OrgSettings } from '../../src/org/settings.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { FakeConnector } from '../helpers/fakeConnector.js';
import { cardsOf, postActivity, submitActions, TeamsUser } from '../helpers/teamsClient.js';
import type { AdaptiveCard } from '../../cards/adaptive.js';
import { TEAMS_BUTTON_TITLE_MAX } from '../../src/channels/teams/cards.js';

let dir: string;
let connector: FakeConnector;
let running: RunningServer;
let logs: { event: string; fields?: Record<string, unknown> }[];

async function start(settings?: OrgSettings): Promise<RunningServer> {
  const config = loadConfig({ DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0', AF_ADMIN_IDS: 'aad-admin' });
  let n = 0;
  running = await startServer(config, {
    settings,
    // Teams only: the local web panel would otherwise count as an aandachtsfunctionaris channel.
    webChat: false,
    log: (event, fields) => logs.push({ event, fields }),
    ids: () => ({ id: `case-${Date.now().toString(36)}-${++n}`, ref: `MC-TEAMS${n}` }),
  });
  return running;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-teams-'));
  connector = await new FakeConnector().start();
  logs = [];
  await start();
});
afterEach(async () => {
  await running.close();
  await connector.stop();
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.key`, { force: true });
});

const anna = () => new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-anna', name: 'Juf Anna' });

/** A channel message (set-up command or card click) from someone in the team. */
function channelActivity(extra: Record<string, unknown>, from = { id: '29:admin', aadObjectId: 'aad-admin', name: 'Beheerder Bas' }) {
  return {
    type: 'message',
    id: `ch-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from,
    recipient: { id: '28:bot', name: 'Meldcode-assistent' },
    conversation: { id: '19:af-channel@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
    channelData: { channel: { id: '19:af-channel@thread.tacv2' }, team: { id: '19:team@thread.tacv2' }, tenant: { id: 'tenant-1' } },
    ...extra,
  };
}

async function registerChannel(): Promise<void> {
  const res = await postActivity(
    running.url,
    channelActivity({
      text: '<at>Meldcode-assistent</at> registreer',
      entities: [{ type: 'mention', text: '<at>Meldcode-assistent</at>', mentioned: { id: '28:bot', name: 'Meldcode-assistent' } }],
    }),
  );
  expect(res.status).toBe(200);
}

/** Plays a whole case in personal chat, from "hallo" to the summary; `deviation` closes it against the advice. */
async function wholeCase(u: TeamsUser, deviation?: string): Promise<void> {
  await u.say('hallo');
  expect(u.node()).toBe('menu');
  await u.click('zorgen over een kind');
  await u.click('Nee');
  await u.click('Onderwijs');
  await u.click('thuissituatie');
  await u.click('Een kind');
  await u.click('Met het kind');
  await u.click('4 tot 12');
  await u.tick('Lichamelijke mishandeling');
  await u.click('Nee'); // s1.nieuwkomer
  expect(u.node()).toBe('s1.signalen');
  await u.tick('blauwe plekken');
  await u.fill('Maandag 16/11 blauwe plekken op beide bovenarmen gezien.');
  await u.tick('Eigen waarneming');
  await u.click('Overslaan');
  expect(u.node()).toBe('s2.advies');
  await u.click('vastleggen');
  await u.tick('Een collega');
  await u.fill('vandaag');
  await u.fill('Eerst met de ouders praten.');
  await u.click('voer het gesprek');
  await u.click('Ja');
  await u.click('bij mijn organisatie');
  await u.click('Ja'); // s3.luisteren
  await u.click('Ja'); // s3.oplossingen
  await u.tick('Ouder');
  await u.fill('Vader gaf een verklaring; afspraak over opvoedhulp.');
  await u.click('Overslaan'); // s3.inbreng
  await u.tick('Overleg met Veilig Thuis'); // afw.steun
  expect(u.node()).toBe('afw.q1');
  for (const a of ['Ja', 'Nee', 'Ja', 'Ja']) await u.click(a);
  await u.click('Nog niet');
  expect(u.node()).toBe('afw.besluit');
  if (deviation !== undefined) {
    await u.click('Afsluiten');
    expect(u.node()).toBe('afw.afwijking');
    await u.fill(deviation);
    return;
  }
  await u.click('Hulp bieden of organiseren');
  await u.click('Overslaan');
}

describe('Teams through the real CloudAdapter over HTTP', () => {
  it('flags a decision against the advice on the channel card, without its reason', async () => {
    await registerChannel();
    await wholeCase(anna(), 'Overlegd met de aandachtsfunctionaris, zorg bleek onterecht.');
    await running.dispatcher.run();
    const thread = connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
    const posted = JSON.stringify((thread?.body.activity as Record<string, unknown>).attachments);
    expect(posted).toContain('Afwijking van het advies: de reden staat in het dossier');
    expect(posted).not.toContain('onterecht');
  });

  it('runs a whole case from "hallo" to the summary, posts it to the channel as a new thread, and handles the claim', async () => {
    await registerChannel();
    const registered = connector.calls.at(-1);
    expect(JSON.stringify(registered?.body)).toContain('kanaal van de aandachtsfunctionaris');

    const u = anna();
    await wholeCase(u);
    expect(u.text()).toContain('Samenvatting van zaak MC-TEAMS1');
    // The summary and what follows it arrive as one message of stacked cards: one call, not one per card.
    expect(u.reply.map((c) => [c.method, (c.body.attachments as unknown[]).length > 1, c.body.attachmentLayout])).toEqual([['POST', true, 'list']]);
    await running.dispatcher.run();

    // The summary went to the channel as a new thread: POST /v3/conversations with the channel id.
    const thread = connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(thread?.body.channelData).toEqual({ channel: { id: '19:af-channel@thread.tacv2' } });
    const posted = JSON.stringify((thread?.body.activity as Record<string, unknown>).attachments);
    expect(posted).toContain('MC-TEAMS1');
    expect(posted).toContain('Juf Anna');
    // Minimal and pseudonymous: none of the free text reaches the channel.
    expect(posted).not.toContain('bovenarmen');
    expect(posted).not.toContain('Vader');

    // An aandachtsfunctionaris clicks "Ik pak dit op" on that card.
    const claim = submitActions((thread?.body.activity as { attachments: { content: unknown }[] }).attachments[0]?.content).find((a) => a.data.mc === 'claim');
    expect(claim?.title).toBe('Ik pak dit op');
    const before = connector.calls.length;
    const lead = { id: '29:lead', aadObjectId: 'aad-lead', name: 'Meester Mo' };
    const res = await postActivity(
      running.url,
      channelActivity({ value: claim?.data, replyToId: thread?.activityId, conversation: { id: `${thread?.conversationId}`, conversationType: 'channel', isGroup: true } }, lead),
    );
    expect(res.status).toBe(200);
    const after = connector.since(before);
    const update = after.find((c) => c.method === 'PUT');
    expect(update?.activityId).toBe(thread?.activityId);
    const updated = JSON.stringify(cardsOf([update!]));
    expect(updated).toContain('Opgepakt door Meester Mo');
    // The claim button is gone; "Open details" stays.
    expect(submitActions(cardsOf([update!])[0]).map((a) => a.data.mc)).toEqual(['details']);
    // The reporter hears it in their personal chat.
    const notice = after.find((c) => c.conversationId === u.conversationId);
    expect(String(notice?.body.text)).toContain('Meester Mo');
    expect(String(notice?.body.text)).toContain('MC-TEAMS1');

    // A second claim does not overwrite the first.
    const before2 = connector.calls.length;
    await postActivity(
      running.url,
      channelActivity(
        { value: claim?.data, replyToId: thread?.activityId, conversation: { id: `${thread?.conversationId}`, conversationType: 'channel', isGroup: true } },
        { id: '29:other', aadObjectId: 'aad-other', name: 'Juf Olga' },
      ),
    );
    const second = connector.since(before2);
    expect(JSON.stringify(second)).toContain('al opgepakt door Meester Mo');
    expect(JSON.stringify(cardsOf(second.filter((c) => c.method === 'PUT')))).toContain('Opgepakt door Meester Mo');
    const meta = (await running.store.listCases())[0];
    expect(meta?.claimedByName).toBe('Meester Mo');
  });

  it('draws long options as wrapping tiles that send the button\u2019s data: a click advances the dialogue, an old one is stale', async () => {
    // Arrange: the menu's options are longer than a Teams button shows
    const u = anna();
    await u.say('hallo');
    expect(u.node()).toBe('menu');
    const card = u.cards().at(-1) as AdaptiveCard;
    const tiles: Record<string, unknown>[] = [];
    const buttons: Record<string, unknown>[] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (n === null || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      if (o.type === 'Container' && o.selectAction) tiles.push(o);
      if (o.type === 'ActionSet') buttons.push(...(o.actions as Record<string, unknown>[]));
      Object.values(o).forEach(walk);
    };
    walk(card.body);
    const tile = tiles.find((t) => String((t.selectAction as { title: string }).title).includes('zorgen over een kind'));
    const action = tile?.selectAction as { title: string; data: Record<string, unknown> };
    expect(action.title.length).toBeGreaterThan(TEAMS_BUTTON_TITLE_MAX);
    expect(JSON.stringify(tile?.items)).toContain(action.title);
    expect(action.data).toMatchObject({ mc: 'answer', value: expect.any(String) });
    // Only navigation is left as buttons, and it fits.
    expect(buttons.map((b) => (b.data as Record<string, unknown>).mc)).toEqual(buttons.map(() => 'command'));
    expect(buttons.every((b) => String(b.title).length <= TEAMS_BUTTON_TITLE_MAX)).toBe(true);

    // Act: Teams sends the tile's data as it sent the button's
    await u.submit(action.data);

    // Assert: the dialogue moved on, as a click on the button did before
    const next = u.node();
    expect(next).not.toBe('menu');
    expect(next).not.toBe('');
    await u.submit(action.data);
    expect(u.text()).toContain('niet meer actueel');
    expect(u.node()).toBe(next);
  });

  it('tells the reporter plainly when no channel is registered, keeps the case, and posts once a channel is registered', async () => {
    const u = anna();
    await wholeCase(u);
    expect(u.text()).toContain('nog geen kanaal voor de aandachtsfunctionaris');
    await running.dispatcher.run();
    expect(connector.calls.some((c) => c.path === '/v3/conversations')).toBe(false);
    expect((await running.store.listCases())[0]?.status).toBe('besluit');

    await registerChannel();
    await running.dispatcher.run();
    expect(connector.calls.filter((c) => c.path === '/v3/conversations')).toHaveLength(1);
  });

  it('refuses channel registration by someone who is not an administrator', async () => {
    await postActivity(running.url, channelActivity({ text: '<at>Meldcode-assistent</at> registreer' }, { id: '29:x', aadObjectId: 'aad-x', name: 'X' }));
    expect(JSON.stringify(connector.calls.at(-1)?.body)).toContain('Alleen een beheerder');
    expect(await running.dispatcher.hasChannel()).toBe(false);
  });

  it('never runs a case dialogue in a channel', async () => {
    await postActivity(running.url, channelActivity({ text: '<at>Meldcode-assistent</at> hallo' }));
    expect(JSON.stringify(connector.calls.at(-1)?.body)).toContain('persoonlijk bericht');
    expect(await running.store.listCases()).toHaveLength(0);
  });

  it('resumes a half-finished case after a restart of the server', async () => {
    const u = anna();
    await u.say('hallo');
    await u.click('zorgen over een kind');
    await u.click('Nee');
    await u.click('Kinderopvang');
    expect(u.node()).toBe('ctx.betreft');
    await running.close();

    await start();
    await u.say('hallo');
    expect(u.node()).toBe('hervat');
    expect(u.text()).toContain('MC-TEAMS1');
    await u.click('Ja, ga verder');
    expect(u.node()).toBe('ctx.betreft');
  });

  it('never shows one melder another melder\u2019s case in Teams', async () => {
    const u = anna();
    await u.say('hallo');
    await u.click('zorgen over een kind');
    const other = new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-bob', name: 'Meester Bob' });
    await other.say('zaak MC-TEAMS1');
    expect(other.text()).toContain('bestaat niet');
    await other.say('open zaken');
    expect(other.text()).toContain('Alleen aandachtsfunctionarissen');
    expect(other.text()).not.toContain('MC-TEAMS1');
  });

  it('speaks English to a user whose Teams client is in English', async () => {
    const u = new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-en', name: 'Ann', locale: 'en-GB' });
    await u.say('hello');
    expect(u.text()).toContain('How can I help you?');
  });
});

describe('the aandachtsfunctionaris in Teams', () => {
  it('"Open details" on the channel card shows the case log only in the clicker\u2019s personal chat, and only to a lead', async () => {
    await running.close();
    const s = defaultSettings();
    s.aandachtsfunctionarissen = ['teams:aad-lead'];
    await start(s);
    await registerChannel();
    const u = anna();
    await wholeCase(u);
    await running.dispatcher.run();
    const thread = connector.calls.find((c) => c.path === '/v3/conversations');
    const details = submitActions((thread?.body.activity as { attachments: { content: unknown }[] }).attachments[0]?.content).find((a) => a.data.mc === 'details');
    expect(details?.title).toBe('Open details');

    const lead = new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-lead', name: 'Meester Mo' });
    await lead.say('hallo'); // the bot can reach a personal chat only after a first message
    const before = connector.calls.length;
    const inThread = { id: `${thread?.conversationId}`, conversationType: 'channel', isGroup: true };
    await postActivity(running.url, channelActivity({ value: details?.data, conversation: inThread }, { id: '29:lead', aadObjectId: 'aad-lead', name: 'Meester Mo' }));
    const after = connector.since(before);
    const personal = after.filter((c) => c.conversationId === lead.conversationId);
    expect(JSON.stringify(personal)).toContain('bovenarmen');
    const inChannel = after.filter((c) => c.conversationId !== lead.conversationId);
    expect(JSON.stringify(inChannel)).not.toContain('bovenarmen');
    expect(JSON.stringify(inChannel)).toContain('persoonlijke chat');

    // Someone in the channel who is not a lead gets no content.
    const olga = new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-olga', name: 'Juf Olga' });
    await olga.say('hallo');
    const before2 = connector.calls.length;
    await postActivity(running.url, channelActivity({ value: details?.data, conversation: inThread }, { id: '29:olga', aadObjectId: 'aad-olga', name: 'Juf Olga' }));
    expect(JSON.stringify(connector.since(before2))).not.toContain('bovenarmen');
    expect(JSON.stringify(connector.since(before2))).toContain('bestaat niet');
  });
});

/** Posts a ready-made activity for `u` (e.g. the same one twice, as a retry) and takes the bot's answer as `u`'s reply. */
async function post(u: TeamsUser, activity: Record<string, unknown>): Promise<void> {
  const from = connector.calls.length;
  expect((await postActivity(running.url, activity)).status).toBe(200);
  u.reply = connector.since(from).filter((c) => c.conversationId === u.conversationId);
}

/** From "hallo" to the question when the colleague was consulted (s2.wanneer), a text question followed by another. */
async function toOverlegWanneer(u: TeamsUser): Promise<void> {
  await u.say('hallo');
  await u.click('zorgen over een kind');
  await u.click('Nee');
  await u.click('Onderwijs');
  await u.click('thuissituatie');
  await u.click('Een kind');
  await u.click('Met het kind');
  await u.click('4 tot 12');
  await u.tick('Lichamelijke mishandeling');
  await u.click('Nee'); // s1.nieuwkomer
  await u.tick('blauwe plekken');
  await u.fill('Maandag 16/11 blauwe plekken op beide bovenarmen gezien.');
  await u.tick('Eigen waarneming');
  await u.click('Overslaan');
  await u.click('vastleggen');
  await u.tick('Een collega');
  expect(u.node()).toBe('s2.wanneer');
}

describe('retries, damaged data and the lead\u2019s typed answers in Teams', () => {
  it('does not apply a typed answer again when Teams re-sends it with the same activity id after a restart', async () => {
    // Arrange: the answer to s2.wanneer is handled; the next question is a text question too
    const u = anna();
    await toOverlegWanneer(u);
    const answer = u.activity({ text: 'vandaag' });
    await post(u, answer);
    const next = u.node();
    expect(next).not.toBe('s2.wanneer');

    // Act: the server restarts and Teams retries the activity
    await running.close();
    await start();
    await post(u, answer);

    // Assert: no reply, nothing recorded twice, the next question still waits for its own answer
    expect(u.reply).toEqual([]);
    expect(logs.some((l) => l.event === 'turn.duplicate')).toBe(true);
    const [meta] = await running.store.listCases();
    const log = (await running.store.getCase(meta?.id ?? ''))?.log ?? [];
    // ("vandaag" is recorded as the day it meant.)
    expect(log.filter((e) => e.data.field === 'overlegWanneer')).toHaveLength(1);
    await u.say('Eerst met de ouders praten.');
    expect(u.node()).not.toBe(next);
  });

  it('answers acute danger for a user whose data file is damaged, leaves the file as it was and names it once in the log', async () => {
    // Arrange
    const u = anna();
    await u.say('hallo');
    const file = path.join(dir, 'users', `${running.store.names.name('teams:aad-anna')}.json`);
    await running.close();
    await writeFile(file, '{"s": not json at all');
    await start();
    logs = [];

    // Act
    await u.say('gevaar');
    const typed = u.text();
    await u.submit({ mc: 'command', command: 'acute' });
    const clicked = u.text();
    await u.say('hallo');
    const other = u.text();

    // Assert
    for (const reply of [typed, clicked]) {
      expect(reply).toContain('Direct gevaar: eerst dit');
      expect(reply).toContain('112');
      expect(reply).toContain('0800-2000');
      expect(reply).toContain('aandachtsfunctionaris');
    }
    expect(other).toContain('kunnen nu niet worden gelezen');
    expect(other).not.toContain('Er ging iets mis');
    expect(await readFile(file, 'utf8')).toBe('{"s": not json at all');
    const named = logs.filter((l) => l.event === 'user.state.unreadable');
    expect(named).toHaveLength(1);
    expect(JSON.stringify(named[0]?.fields)).toContain(running.store.names.name('teams:aad-anna'));
    expect(JSON.stringify(logs)).not.toContain('not json');
    // The aandachtsfunctionaris is alerted all the same.
    expect((await running.store.listCases()).filter((c) => c.owner === 'teams:aad-anna').length).toBeGreaterThan(0);
  });

  it('takes the reason for an early deletion typed in the chat as the answer to the lead\u2019s question', async () => {
    // Arrange
    await running.close();
    const s = defaultSettings();
    s.aandachtsfunctionarissen = ['teams:aad-lead'];
    await start(s);
    const u = anna();
    await u.say('hallo');
    await u.click('zorgen over een kind');
    const [{ ref } = { ref: '' }] = await running.store.listCases();
    const lead = new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-lead', name: 'Meester Mo' });
    await lead.say(`zaak ${ref}`);
    await lead.tick('verwijderen');
    expect(lead.text()).toContain('lead#delete:');
    const waiting = await running.store.docNames('leadq-');

    // Act
    await lead.say('Dubbel aangemaakt');

    // Assert: the question no longer waits for text, and leaves no document behind.
    expect(lead.text()).toContain('is verwijderd');
    expect(await running.store.listCases()).toHaveLength(0);
    expect(waiting).toHaveLength(1);
    expect(await running.store.docNames('leadq-')).toEqual([]);
  });
});

describe('bad input on the Teams endpoint', () => {
  it('answers malformed JSON and activities without from or conversation with 400, and stores nothing', async () => {
    const bad = await fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type": "mess' });
    expect(bad.status).toBe(400);
    const u = anna();
    const noFrom = u.activity({ text: 'hallo' });
    delete noFrom.from;
    expect((await postActivity(running.url, noFrom)).status).toBe(400);
    const noConversation = u.activity({ text: 'hallo' });
    delete noConversation.conversation;
    expect((await postActivity(running.url, noConversation)).status).toBe(400);
    expect((await postActivity(running.url, { hello: 'world' } as never)).status).toBe(400);
    expect(await running.store.listCases()).toHaveLength(0);
    // No stack trace or request content in the answer.
    expect(await bad.text()).toBe('{"error":"bad request"}');
  });

  it('answers a card submit with unknown or missing data clearly and keeps the case where it was', async () => {
    const u = anna();
    await u.say('hallo');
    await u.click('zorgen over een kind');
    await u.click('Nee');
    const at = u.node();
    await u.submit({ foo: 'bar' });
    expect(u.text()).toContain('kon ik niet lezen');
    expect(u.node()).toBe(at);
    await u.submit({ mc: 'answer' });
    expect(u.text()).toContain('kon ik niet lezen');
    await u.submit({ mc: 'answer', promptId: u.promptId(), value: 'not-an-option' });
    expect(u.text()).toContain('geen van de mogelijke antwoorden');
    expect(u.node()).toBe(at);
  });

  it('answers a click on an old card after the case moved on with a stale-question message', async () => {
    const u = anna();
    await u.say('hallo');
    await u.click('zorgen over een kind');
    const oldCard = u.actions().find((a) => a.title === 'Nee');
    await u.click('Nee');
    await u.click('Onderwijs');
    const at = u.node();
    await u.submit(oldCard!.data);
    expect(u.text()).toContain('niet meer actueel');
    expect(u.node()).toBe(at);
    const meta = (await running.store.listCases())[0];
    expect(meta?.sector).toBe('onderwijs');
  });

  it('refuses text over 4,000 characters without losing the answer so far', async () => {
    const u = anna();
    await u.say('hallo');
    await u.click('zorgen over een kind');
    await u.say('x'.repeat(4001));
    expect(u.text()).toContain('4001');
    expect(u.text()).toContain('4000');
    expect(u.node()).toBe('ctx.acuut');
  });
});

describe('Local mode (no credentials) keeps serving the local test tools', () => {
  it('answers a Bot Framework Emulator message (channelId "emulator", no Entra object id, no tenant)', async () => {
    // Arrange: what the Emulator sends: its own channel id and a user id of its own making.
    const activity = {
      type: 'message',
      id: 'emu-1',
      channelId: 'emulator',
      serviceUrl: connector.url,
      from: { id: 'emulator-user-1', name: 'User', role: 'user' },
      recipient: { id: 'bot-1', name: 'Bot', role: 'bot' },
      conversation: { id: 'emu-conversation-1' },
      locale: 'nl-NL',
      text: 'hallo',
    };
    const before = connector.calls.length;

    // Act
    const res = await postActivity(running.url, activity);

    // Assert
    expect(res.status).toBe(200);
    expect(cardsOf(connector.since(before).filter((c) => c.conversationId === 'emu-conversation-1')).length).toBeGreaterThan(0);
    expect(await running.store.loadUser('teams:emulator-user-1')).toBeDefined();
  });
});

describe('Universal Actions on the Teams channel card', () => {
  type Json = Record<string, unknown>;
  const leadFrom = { id: '29:aad-lead', aadObjectId: 'aad-lead', name: 'Meester Mo' };
  const olgaFrom = { id: '29:aad-olga', aadObjectId: 'aad-olga', name: 'Juf Olga' };
  /** The verbs of a card's Action.Execute buttons, each checked for its Action.Submit fallback with the same data. */
  const verbs = (card: unknown): string[] =>
    ((card as { actions?: Json[] }).actions ?? []).map((a) => {
      expect(a.type).toBe('Action.Execute');
      expect((a.fallback as Json).type).toBe('Action.Submit');
      expect((a.fallback as Json).data).toEqual(a.data);
      return String(a.verb);
    });
  const hasStatusChoice = (card: unknown) => JSON.stringify(card).includes('"Input.ChoiceSet"');

  async function invoke(from: typeof leadFrom, thread: { conversationId: string }, verb: string, data: Json): Promise<{ status: number; body: Json }> {
    const res = await postActivity(running.url, {
      ...channelActivity({}, from),
      type: 'invoke',
      name: 'adaptiveCard/action',
      conversation: { id: thread.conversationId, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
      value: { action: { type: 'Action.Execute', verb, data }, trigger: verb === 'refresh' ? 'automatic' : 'manual' },
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Json };
  }

  async function postedCase() {
    await running.close();
    const s = defaultSettings();
    s.aandachtsfunctionarissen = ['teams:aad-lead'];
    await start(s);
    await registerChannel();
    // The lead's client is known by the id of their personal chat with the bot.
    await new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-lead', name: 'Meester Mo' }).say('hallo');
    const u = anna();
    await wholeCase(u);
    await running.dispatcher.run();
    const thread = connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
    const card = (thread?.body.activity as { attachments: { content: Json }[] }).attachments[0]?.content as Json;
    const caseId = (await running.store.listCases())[0]?.id ?? '';
    return { thread: { conversationId: thread?.conversationId ?? '', activityId: thread?.activityId ?? '' }, card, caseId, u };
  }

  it('posts a card that refreshes for the leads; a lead gets the actions, anyone else the status only', async () => {
    const { thread, card, caseId } = await postedCase();
    // The shared version: the status, no claim, no status choice.
    expect(card.refresh).toEqual({ action: { type: 'Action.Execute', title: 'Vernieuwen', verb: 'refresh', data: { mc: 'refresh', caseId } }, userIds: ['29:aad-lead'] });
    expect(verbs(card)).toEqual(['details']);
    expect(hasStatusChoice(card)).toBe(false);
    expect(JSON.stringify(card)).toContain('Stand van zaken');

    const forLead = await invoke(leadFrom, thread, 'refresh', { mc: 'refresh', caseId });
    expect(forLead.status).toBe(200);
    expect(forLead.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(verbs(forLead.body.value)).toEqual(['claim', 'status', 'details']);
    expect(hasStatusChoice(forLead.body.value)).toBe(true);

    const forOlga = await invoke(olgaFrom, thread, 'refresh', { mc: 'refresh', caseId });
    expect(forOlga.status).toBe(200);
    expect(verbs(forOlga.body.value)).toEqual(['details']);
    expect(hasStatusChoice(forOlga.body.value)).toBe(false);
  });

  it('claims and sets the status through adaptiveCard/action, updating the posted card in place each time', async () => {
    const { thread, caseId, u } = await postedCase();
    let before = connector.calls.length;
    const claimed = await invoke(leadFrom, thread, 'claim', { mc: 'claim', caseId });
    await running.idle();
    expect(claimed.status).toBe(200);
    expect(verbs(claimed.body.value)).toEqual(['status', 'details']);
    let put = connector.since(before).filter((c) => c.method === 'PUT');
    expect(put.map((c) => c.activityId)).toEqual([thread.activityId]);
    expect(JSON.stringify(cardsOf(put))).toContain('Opgepakt door Meester Mo');
    expect(JSON.stringify(connector.since(before).filter((c) => c.conversationId === u.conversationId))).toContain('Meester Mo');

    before = connector.calls.length;
    const status = await invoke(leadFrom, thread, 'status', { mc: 'status', caseId, state: 'in-overleg' });
    await running.idle();
    expect(status.status).toBe(200);
    expect(JSON.stringify(status.body.value)).toContain('in overleg');
    put = connector.since(before).filter((c) => c.method === 'PUT');
    expect(put.map((c) => c.activityId)).toEqual([thread.activityId]);
    expect(JSON.stringify(cardsOf(put))).toContain('in overleg');
    expect((await running.store.getCase(caseId))?.meta.lead).toBe('in-overleg');

    // Not a lead: no status change, a plain message, the card untouched.
    before = connector.calls.length;
    const refused = await invoke(olgaFrom, thread, 'status', { mc: 'status', caseId, state: 'gesloten' });
    await running.idle();
    expect(refused.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(connector.since(before).filter((c) => c.method === 'PUT')).toEqual([]);
    expect((await running.store.getCase(caseId))?.meta.lead).toBe('in-overleg');

    // A status change made elsewhere (the lead's personal chat, the web panel) redraws the posted card too.
    before = connector.calls.length;
    await running.lead.setState('teams:aad-lead', caseId, 'hulp-georganiseerd');
    await running.idle();
    put = connector.since(before).filter((c) => c.method === 'PUT');
    expect(put.map((c) => c.activityId)).toEqual([thread.activityId]);
    expect(JSON.stringify(cardsOf(put))).toContain('besluit: hulp georganiseerd');

    // Unknown verbs and other invokes are refused before the SDK.
    expect((await invoke(leadFrom, thread, 'delete', { mc: 'delete', caseId })).status).toBe(400);
    const other = await postActivity(running.url, { ...channelActivity({}, leadFrom), type: 'invoke', name: 'task/fetch', value: {} });
    expect(other.status).toBe(400);
  });

  it('keeps working for clients without Universal Actions: the Action.Submit fallback as a message activity', async () => {
    const { thread, caseId } = await postedCase();
    const inThread = { id: thread.conversationId, conversationType: 'channel', isGroup: true };
    let before = connector.calls.length;
    await postActivity(running.url, channelActivity({ value: { mc: 'claim', caseId }, replyToId: thread.activityId, conversation: inThread }, leadFrom));
    await running.idle();
    expect(JSON.stringify(cardsOf(connector.since(before).filter((c) => c.method === 'PUT')))).toContain('Opgepakt door Meester Mo');

    before = connector.calls.length;
    await postActivity(running.url, channelActivity({ value: { mc: 'status', caseId, state: 'gemeld' }, replyToId: thread.activityId, conversation: inThread }, leadFrom));
    await running.idle();
    const put = connector.since(before).filter((c) => c.method === 'PUT');
    expect(put.map((c) => c.activityId)).toEqual([thread.activityId]);
    expect(JSON.stringify(cardsOf(put))).toContain('besluit: gemeld');
    expect((await running.store.getCase(caseId))?.meta.lead).toBe('gemeld');

    before = connector.calls.length;
    await postActivity(running.url, channelActivity({ value: { mc: 'status', caseId, state: 'gesloten' }, conversation: inThread }, olgaFrom));
    expect(JSON.stringify(connector.since(before))).toContain('Alleen aandachtsfunctionarissen');
    expect((await running.store.getCase(caseId))?.meta.lead).toBe('gemeld');
  });
});

describe('pictures in Teams', () => {
  it('shows a lead the figures chart as an Adaptive Card Image served by our server, with its alt text', async () => {
    await running.close();
    const s = defaultSettings();
    s.aandachtsfunctionarissen = ['teams:aad-lead'];
    await start(s);
    const lead = new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-lead', name: 'Meester Mo' });

    await lead.say('cijfers');

    const images = JSON.stringify(lead.cards()).match(/\{"type":"Image"[^}]*\}/g) ?? [];
    expect(images).toHaveLength(1);
    const image = JSON.parse(images[0]!) as { url: string; altText: string };
    expect(image.url.startsWith(`${running.url}/pictures/`)).toBe(true);
    expect(image.altText.length).toBeGreaterThan(20);
    const png = await fetch(image.url);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(lead.actions().map((a) => a.title)).toEqual(expect.arrayContaining([expect.stringContaining('PDF'), expect.stringContaining('CSV')]));
  });
});
