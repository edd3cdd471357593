/**
 * The aandachtsfunctionaris's side with an injected clock: reminders, escalation to the deputy,
 * follow-up, nudges, retention; roles and access; exports. Runs the real server in local mode
 * (web panel as the channel, web inboxes as personal chats), on real files.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WEB_FEED_DOC, type WebFeedItem } from '../../src/channels/web/sink.js';
import { inboxDoc } from '../../src/channels/web/notify.js';
import { EXPORT_TICKETS_DOC } from '../../src/cases/lead.js';
import { AUDIT_DELETIONS_DOC, type DeletionRecord } from '../../src/cases/deletion.js';
import { loadConfig } from '../../src/config.js';
import { defaultSettings, type OrgSettings } from '../../src/org/settings.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { caseToDecision, GatewayUser } from '../helpers/gatewayUser.js';
import { DataCipher, parseKey } from '../../src/store/crypto.js';
import { decodeJournal } from '../../src/store/journal.js';

let dir: string;
let running: RunningServer;
let now: number;
const clock = () => new Date(now);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const AF = 'web:af-anne';
const DEPUTY = 'web:deputy-dirk';
const BEHEERDER = 'web:beheer-bea';
function settings(): OrgSettings {
  const s = defaultSettings();
  s.aandachtsfunctionarissen = [AF];
  s.deputies = [DEPUTY];
  s.beheerders = [BEHEERDER];
  return s;
}

async function start(): Promise<void> {
  let n = 0;
  running = await startServer(loadConfig({ DATA_DIR: dir, PORT: '0', SETTINGS_FILE: path.join(dir, 'settings.json') }), {
    log: () => undefined,
    clock,
    settings: settings(),
    schedulerIntervalMs: 0,
    ids: () => ({ id: `case${now.toString(36)}${++n}`, ref: `MC-LEAD${n}${(now % 1000).toString().padStart(3, '0')}` }),
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-lead-'));
  now = Date.parse('2026-11-23T09:00:00Z'); // Monday 10:00 in Amsterdam
  await start();
});
afterEach(async () => {
  await running.close();
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.key`, { force: true });
});

const user = (key: string) => new GatewayUser(() => running.gateway, key);
const feed = async () => ((await running.store.getDoc<WebFeedItem[]>(WEB_FEED_DOC)) ?? []).map((i) => `${i.reason}:${i.summary.ref}`);
const inbox = async (key: string) => JSON.stringify((await running.store.getDoc<unknown[]>(inboxDoc(running.store, key))) ?? []);
async function advance(ms: number): Promise<void> {
  now += ms;
  await running.scheduler.tick();
  await running.dispatcher.run();
}

/** An urgent case: the acute button from the menu posts it to the channel at once. */
async function urgentCase(key = 'web:melder-mia'): Promise<string> {
  const u = user(key);
  await u.say('hallo');
  await u.send({ type: 'command', command: 'acute' });
  await running.dispatcher.run();
  const metas = await running.store.listCases({ owner: key });
  return metas.at(-1)?.ref ?? '';
}

describe('reminders and escalation', () => {
  it('reminds the channel when an urgent case is not claimed in 30 minutes, then escalates to the deputy', async () => {
    const ref = await urgentCase();
    expect(await feed()).toEqual([`acuut:${ref}`]);
    await advance(29 * 60_000);
    expect(await feed()).toHaveLength(1);
    await advance(2 * 60_000);
    expect(await feed()).toEqual([`herinnering:${ref}`, `acuut:${ref}`]);
    expect(await inbox(DEPUTY)).toBe('[]');
    await advance(31 * 60_000);
    expect(await inbox(DEPUTY)).toContain(`Zaak ${ref}`);
    expect(await inbox(DEPUTY)).toContain('plaatsvervanger');
    // Nothing fires twice.
    await advance(DAY);
    expect((await feed()).filter((f) => f.startsWith('herinnering'))).toHaveLength(1);
  });

  it('counts 4 working hours for an ordinary case: posted Friday 16:00, reminded Monday 11:00', async () => {
    now = Date.parse('2026-11-27T15:00:00Z'); // Friday 16:00 Amsterdam
    const u = user('web:melder-mia');
    await caseToDecision(u, 'Hulp bieden of organiseren', 'Ja');
    await running.dispatcher.run();
    const ref = (await running.store.listCases())[0]?.ref ?? '';
    expect(await feed()).toEqual([`afronding:${ref}`]);
    await advance(Date.parse('2026-11-30T09:59:00Z') - now); // Monday 10:59
    expect(await feed()).toHaveLength(1);
    await advance(2 * 60_000); // Monday 11:01
    expect(await feed()).toEqual([`herinnering:${ref}`, `afronding:${ref}`]);
  });


  it('sends no reminder once the case is claimed', async () => {
    const ref = await urgentCase();
    const [meta] = await running.store.listCases();
    expect((await running.lead.claim(meta?.id ?? '', { id: AF, name: 'Anne' })).outcome).toBe('claimed');
    await advance(2 * HOUR);
    expect(await feed()).toEqual([`acuut:${ref}`]);
    expect(await inbox(DEPUTY)).toBe('[]');
    expect((await running.store.listCases())[0]?.lead).toBe('opgepakt');
  });

  it('fires each of two reminders that fell due while the server was down exactly once after a restart', async () => {
    const a = await urgentCase('web:melder-a');
    const b = await urgentCase('web:melder-b');
    await running.close();
    now += 3 * HOUR;
    await start();
    await Promise.all([running.scheduler.tick(), running.scheduler.tick()]);
    await running.scheduler.tick();
    await running.dispatcher.run();
    const reminders = (await feed()).filter((f) => f.startsWith('herinnering')).sort();
    expect(reminders).toEqual([`herinnering:${a}`, `herinnering:${b}`].sort());
  });
});

describe('a melding followed through', () => {
  it('reminds the reporter once when no melding is recorded a working day after the decision, and shows the status to the lead', async () => {
    now = Date.parse('2026-11-27T14:00:00Z'); // Friday 15:00 Amsterdam
    const u = user('web:melder-mia');
    await caseToDecision(u, 'Melden bij Veilig Thuis', 'Ja');
    await running.dispatcher.run();
    expect(u.node()).toBe('mld.gedaan');
    const [meta] = await running.store.listCases();
    const ref = meta?.ref ?? '';
    expect(meta).toMatchObject({ status: 'besluit', outcome: 'melden' });
    expect(await feed()).toEqual([`besluit-melden:${ref}`]);
    // The lead's list shows that the melding is still to be made.
    expect(JSON.stringify(await running.lead.list(AF, 'nl'))).toContain('melding nog niet gedaan');
    await advance(Date.parse('2026-11-30T13:59:00Z') - now); // Monday 14:59: 9 working hours later, one short
    expect(await inbox('web:melder-mia')).not.toContain('nog niet vastgelegd');
    await advance(2 * 60_000); // Monday 15:01
    expect(await inbox('web:melder-mia')).toContain(`Zaak ${ref}: je besloot te melden bij Veilig Thuis`);
    await advance(3 * DAY);
    expect((await inbox('web:melder-mia')).split('je besloot te melden').length - 1).toBe(1);
  });

  it('sends no melding reminder once the melding is recorded, and the lead sees "melding gedaan"', async () => {
    const u = user('web:melder-mia');
    await caseToDecision(u, 'Melden bij Veilig Thuis', 'Ja');
    await u.pick('Ja, ik heb gemeld');
    await u.pick('Vandaag');
    await u.say('Veilig Thuis neemt contact op met het gezin.');
    await running.dispatcher.run();
    const [meta] = await running.store.listCases();
    expect(meta).toMatchObject({ status: 'melding-gedaan' });
    expect(await feed()).toEqual([`melding-gedaan:${meta?.ref}`, `besluit-melden:${meta?.ref}`]);
    expect(JSON.stringify(await running.lead.list(AF, 'nl'))).toContain('melding bij Veilig Thuis gedaan');
    await advance(5 * DAY);
    expect(await inbox('web:melder-mia')).not.toContain('je besloot te melden');
  });
});

describe('a decision against the advice', () => {
  it('cannot be taken without a reason, and the web panel card flags it without showing the reason', async () => {
    const u = user('web:melder-mia');
    await caseToDecision(u, 'Afsluiten en vastleggen', 'Ja');
    // caseToDecision left the required reason empty: it was refused and the question stays.
    expect(u.node()).toBe('afw.afwijking');
    await u.say('Overlegd met de aandachtsfunctionaris; de zorg bleek onterecht.');
    await running.dispatcher.run();
    const [meta] = await running.store.listCases();
    expect(meta).toMatchObject({ status: 'gesloten', outcome: 'afsluiten', deviation: true });
    const panel = await (await fetch(`${running.url}/web/api/af`)).text();
    expect(panel).toContain('Afwijking van het advies');
    expect(panel).not.toContain('onterecht');
    expect(JSON.stringify(await running.lead.list(AF, 'nl'))).toContain('afwijking van het advies');
  });
});

describe('follow-up and nudges', () => {
  it('asks the reporter afweging 5 after 6 weeks; "nee" records it, advises (re)melden and alerts the channel', async () => {
    const u = user('web:melder-mia');
    await caseToDecision(u, 'Hulp bieden of organiseren', 'Nog niet');
    await running.dispatcher.run();
    const ref = (await running.store.listCases())[0]?.ref ?? '';
    await advance(6 * 7 * DAY - HOUR);
    expect(await inbox(u.key)).not.toContain('duurzaam herstel');
    await advance(2 * HOUR);
    expect(await inbox(u.key)).toContain(`Zaak ${ref}: je koos eerder voor hulp`);
    await u.send({ type: 'repeat' });
    expect(u.node()).toBe('fu.q5');
    await u.pick('Nee');
    expect(u.text()).toContain('0800-2000');
    await running.dispatcher.run();
    expect(await feed()).toContain(`followup:${ref}`);
    const record = await running.store.getCase((await running.store.listCases())[0]?.id ?? '');
    expect(record?.meta.outcome).toBe('opnieuw-melden');
    expect(record?.log.some((e) => e.type === 'followup' && e.data.value === 'nee')).toBe(true);
  });

  it('nudges the reporter weekly about an open case without a decision', async () => {
    const u = user('web:melder-mia');
    await u.say('hallo');
    await u.pick('zorgen over een kind');
    await advance(7 * DAY + 60_000);
    expect(await inbox(u.key)).toContain('staat nog open zonder besluit');
    await running.store.putDoc(inboxDoc(running.store, u.key), []);
    await advance(7 * DAY + 60_000);
    expect(await inbox(u.key)).toContain('staat nog open zonder besluit');
  });
});

describe('retention and deletion', () => {
  it('deletes a closed case when the retention period has passed and logs the deletion without content', async () => {
    const ref = await urgentCase();
    const [meta] = await running.store.listCases();
    await running.lead.setState(AF, meta?.id ?? '', 'gesloten');
    await advance(729 * DAY);
    expect(await running.store.getCase(meta?.id ?? '')).toBeDefined();
    await advance(2 * DAY);
    expect(await running.store.getCase(meta?.id ?? '')).toBeUndefined();
    const audit = (await running.store.getDoc<DeletionRecord[]>(AUDIT_DELETIONS_DOC)) ?? [];
    expect(audit).toEqual([{ ref, at: expect.any(String), reason: 'retention', by: 'system' }]);
  });

  it('lets an aandachtsfunctionaris delete a case early with a reason, and removes it from the reporter\u2019s open cases', async () => {
    const u = user('web:melder-mia');
    await u.say('hallo');
    await u.pick('zorgen over een kind');
    const [{ ref, id } = { ref: '', id: '' }] = await running.store.listCases();
    const lead = user(AF);
    await lead.say(`zaak ${ref}`);
    await lead.pick('verwijderen');
    expect(lead.question().kind).toBe('text');
    await lead.send({ type: 'answer', promptId: lead.question().promptId, value: 'Dubbel aangemaakt' });
    expect(lead.text()).toContain('is verwijderd');
    expect(await running.store.listCases()).toHaveLength(0);
    // Nor does the reporter's data file keep the case in an earlier version: it is one line, without it.
    const userFile = path.join(dir, 'users', `${running.store.names.name('web:melder-mia')}.json`);
    const text = await readFile(userFile, 'utf8');
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    const cipher = new DataCipher(parseKey(await readFile(`${dir}.key`, 'utf8')));
    expect(JSON.stringify(decodeJournal(text, cipher, path.relative(dir, userFile)).value)).not.toContain(id);
    await u.say('hallo');
    expect(u.node()).toBe('menu');
    const audit = (await running.store.getDoc<DeletionRecord[]>(AUDIT_DELETIONS_DOC)) ?? [];
    expect(audit[0]).toMatchObject({ ref, reason: 'aandachtsfunctionaris', by: 'aandachtsfunctionaris', note: 'Dubbel aangemaakt' });
  });

  it('removes a deleted finished case from the reporter\u2019s finished cases too', async () => {
    const u = user('web:melder-mia');
    await caseToDecision(u);
    const [{ ref, id } = { ref: '', id: '' }] = await running.store.listCases();
    await u.say('hallo');
    await u.pick('Mijn open zaken');
    expect(u.text()).toContain(`Dossier ${ref}`);

    const lead = user(AF);
    await lead.say(`zaak ${ref}`);
    await lead.pick('verwijderen');
    await lead.send({ type: 'answer', promptId: lead.question().promptId, value: 'Dubbel aangemaakt' });
    await u.say('hallo');
    await u.pick('Mijn open zaken');

    expect(u.text()).not.toContain(ref);
    expect(JSON.stringify(await running.store.loadUser('web:melder-mia'))).not.toContain(id);
  });
});

describe('roles and access', () => {
  it('shows the open cases with reference, sector, step, urgency, age and claimer only to aandachtsfunctionarissen', async () => {
    const ref = await urgentCase();
    const lead = user(AF);
    await lead.say('open zaken');
    expect(lead.text()).toContain(ref);
    expect(lead.text()).toContain('nog niet opgepakt');
    const melder = user('web:melder-other');
    await melder.say('open zaken');
    expect(melder.text()).toContain('Alleen aandachtsfunctionarissen');
    expect(melder.text()).not.toContain(ref);
  });

  it('never shows a melder another melder\u2019s case, and never shows a beheerder case content', async () => {
    const mia = user('web:melder-mia');
    await caseToDecision(mia, 'Melden bij Veilig Thuis', 'Ja');
    const ref = (await running.store.listCases())[0]?.ref ?? '';
    const other = user('web:melder-other');
    await other.say(`zaak ${ref}`);
    expect(other.text()).toContain('bestaat niet');
    expect(other.text()).not.toContain('blauwe plek');
    await other.say(`dossier ${ref}`);
    expect(other.text()).not.toContain('/export/');
    const bea = user(BEHEERDER);
    await bea.say(`zaak ${ref}`);
    expect(bea.text()).toContain('geen zaken inzien');
    await bea.say('open zaken');
    expect(bea.text()).not.toContain(ref);
    // The reporter and the lead do see it; each view is logged.
    await mia.say(`zaak ${ref}`);
    expect(mia.text()).toContain('blauwe plek');
    const lead = user(AF);
    await lead.say(`zaak ${ref}`);
    expect(lead.text()).toContain('blauwe plek');
    const log = (await running.store.getCase((await running.store.listCases())[0]?.id ?? ''))?.log ?? [];
    expect(log.filter((e) => e.type === 'view').map((e) => e.actor)).toEqual(['web:melder-mia', AF]);
  });

  it('lets only the beheerder change settings in chat, and refuses invalid values naming the field', async () => {
    const melder = user('web:melder-mia');
    await melder.say('instelling herinnering 2');
    expect(melder.text()).toContain('Alleen een beheerder');
    const bea = user(BEHEERDER);
    await bea.say('instelling herinnering 2');
    expect(bea.text()).toContain('Opgeslagen');
    expect(running.settings.get().reminders.unclaimedWorkingHours).toBe(2);
    await bea.say('instelling herinnering veel');
    expect(bea.text()).toContain('unclaimedWorkingHours');
    await bea.say('instellingen');
    expect(bea.text()).toContain('1');
  });

  it('refuses a claim from someone who is not an aandachtsfunctionaris once they are configured', async () => {
    await urgentCase();
    const [meta] = await running.store.listCases();
    expect((await running.lead.claim(meta?.id ?? '', { id: 'web:melder-other', name: 'X' })).outcome).toBe('forbidden');
    expect((await running.lead.claim(meta?.id ?? '', { id: DEPUTY, name: 'Dirk' })).outcome).toBe('claimed');
  });
});

describe('dossier export', () => {
  /** Asks for a dossier link in chat and returns its URL and token. */
  const link = async (u: GatewayUser, ref: string, format = '') => {
    await u.say(`dossier ${ref}${format}`);
    const token = /\/export\/([0-9a-f]{48})/.exec(u.text())?.[1] ?? '';
    return { url: `${running.url}/export/${token}`, token };
  };
  const download = (url: string) => fetch(url, { method: 'POST' });
  const tickets = async () => Object.keys((await running.store.getDoc<Record<string, unknown>>(EXPORT_TICKETS_DOC)) ?? {}).length;

  it('serves a one-time download; the reporter\u2019s export leaves out the claimer, the lead\u2019s shows it; each export is logged', async () => {
    const mia = user('web:melder-mia');
    await caseToDecision(mia, 'Melden bij Veilig Thuis', 'Ja');
    const [meta] = await running.store.listCases();
    const ref = meta?.ref ?? '';
    await running.lead.claim(meta?.id ?? '', { id: AF, name: 'Anne Aandacht' });
    const mine = (await link(mia, ref)).url;
    const res = await download(mine);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const md = await res.text();
    expect(md).toContain(ref);
    expect(md).toContain('blauwe plek');
    expect(md).not.toContain('Anne Aandacht');
    expect(md).not.toContain('web:melder-mia');
    expect((await download(mine)).status).toBe(404); // single use
    expect((await fetch(mine)).status).toBe(404);

    const leads = await download((await link(user(AF), ref)).url);
    expect(await leads.text()).toContain('Anne Aandacht');

    const pdf = await download((await link(mia, ref, ' pdf')).url);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const log = (await running.store.getCase(meta?.id ?? ''))?.log ?? [];
    expect(log.filter((e) => e.type === 'export').map((e) => [e.actor, e.data.format])).toEqual([
      ['web:melder-mia', 'md'],
      [AF, 'md'],
      ['web:melder-mia', 'pdf'],
    ]);
  });

  it('answers HEAD and GET (link scanners, previews) without using up the link or logging an export; the page\u2019s button downloads', async () => {
    // Arrange
    const mia = user('web:melder-mia');
    await caseToDecision(mia, 'Melden bij Veilig Thuis', 'Ja');
    const [meta] = await running.store.listCases();
    const { url } = await link(mia, meta?.ref ?? '');

    // Act: what a scanner does, several times.
    const heads = [await fetch(url, { method: 'HEAD' }), await fetch(url, { method: 'HEAD' })];
    const page = await fetch(url);
    const pageText = await page.text();
    const again = await fetch(url);

    // Assert: nothing spent, nothing of the case in the page, nothing logged.
    for (const h of heads) expect(h.status).toBe(200);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(pageText).toContain('<form method="post"');
    expect(pageText).toContain('Download');
    expect(pageText).not.toContain(meta?.ref ?? 'MC-');
    expect(pageText).not.toContain('blauwe plek');
    expect(again.status).toBe(200);
    expect(((await running.store.getCase(meta?.id ?? ''))?.log ?? []).filter((e) => e.type === 'export')).toEqual([]);

    // The person's own click (the form's POST) downloads, once.
    const file = await download(url);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('blauwe plek');
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(404);
    expect(((await running.store.getCase(meta?.id ?? ''))?.log ?? []).filter((e) => e.type === 'export')).toHaveLength(1);
  });

  it('deletes used and expired tickets instead of keeping them', async () => {
    // Arrange: one link used, one left to expire.
    const mia = user('web:melder-mia');
    await caseToDecision(mia, 'Melden bij Veilig Thuis', 'Ja');
    const [meta] = await running.store.listCases();
    const used = await link(mia, meta?.ref ?? '');
    const unused = await link(mia, meta?.ref ?? '');
    expect(await tickets()).toBe(2);

    // Act
    expect((await download(used.url)).status).toBe(200);
    const afterUse = await tickets();
    now += 11 * 60_000;
    await running.lead.pruneExports();

    // Assert: nothing of either ticket is left in the store, and the expired link answers 404.
    expect(afterUse).toBe(1);
    expect(await tickets()).toBe(0);
    for (const t of [used.token, unused.token]) expect(await running.store.getDoc(`export-${t}`)).toBeUndefined();
    expect((await fetch(unused.url)).status).toBe(404);
    expect((await download(unused.url)).status).toBe(404);
  });

  it('deletes an expired ticket when its link is opened late', async () => {
    const mia = user('web:melder-mia');
    await caseToDecision(mia, 'Melden bij Veilig Thuis', 'Ja');
    const [meta] = await running.store.listCases();
    const late = await link(mia, meta?.ref ?? '');
    now += 11 * 60_000;
    expect((await download(late.url)).status).toBe(404);
    expect(await tickets()).toBe(0);
  });

  it('lets the reporter fetch a finished case\u2019s dossier from "Mijn open zaken"; nobody else sees it there', async () => {
    // Arrange: Mia's case is finished (a help decision closes it); Piet has none.
    const mia = user('web:melder-mia');
    await caseToDecision(mia);
    const [meta] = await running.store.listCases();
    expect(meta?.status).toBe('besluit');

    // Act
    await mia.say('hallo');
    await mia.pick('Mijn open zaken');
    const listed = mia.text();
    await mia.pick(`Dossier ${meta?.ref ?? ''}`);
    const token = /\/export\/([0-9a-f]{48})/.exec(mia.text())?.[1] ?? '';
    const res = await download(`${running.url}/export/${token}`);
    const piet = user('web:melder-piet');
    await piet.say('hallo');
    await piet.pick('Mijn open zaken');

    // Assert
    expect(listed).toContain('Afgerond');
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(piet.text()).not.toContain(meta?.ref ?? 'MC-');
    expect(piet.text()).toContain('Je hebt geen open zaken.');
  });

  it('answers a used link with a small page in the reader\u2019s language, saying what happened and how to get a new one', async () => {
    // Arrange: a link, used once.
    const mia = user('web:melder-mia');
    await caseToDecision(mia, 'Melden bij Veilig Thuis', 'Ja');
    const [meta] = await running.store.listCases();
    const { url } = await link(mia, meta?.ref ?? '');
    expect((await download(url)).status).toBe(200);

    // Act: the second use (the button's POST), opening it again (GET), and an English browser.
    const again = await download(url);
    const opened = await fetch(url, { headers: { 'Accept-Language': 'nl-NL,nl;q=0.9' } });
    const english = await fetch(url, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } });

    // Assert
    for (const res of [again, opened, english]) {
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const nl = await again.text();
    expect(nl).toMatch(/^<!doctype html><html lang="nl">/);
    expect(nl).toContain('<title>Deze link werkt niet meer</title>');
    expect(nl.match(/<h1>/g)).toHaveLength(1);
    expect(nl).toContain('Deze link is verlopen of al gebruikt.');
    expect(nl).toContain('dossier MC-…');
    expect(await opened.text()).toBe(nl);
    const en = await english.text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<h1>This link no longer works</h1>');
    expect(en).toContain('dossier MC-…');
    for (const body of [nl, en]) {
      expect(body).not.toContain(meta?.ref ?? 'MC-');
      expect(body).not.toMatch(/"error"|\bat \w+ \(|Error:/);
    }
  });

  it('removes the ticket documents an earlier version left at the first sweep, and does not honour them', async () => {
    // Arrange: as earlier versions stored them, one document per token; a spent one holds null.
    const open = 'a1'.repeat(24);
    const spent = 'b2'.repeat(24);
    await running.store.putDoc(`export-${open}`, { caseId: 'c1', format: 'md', requester: 'web:melder-mia', role: 'melder', lang: 'nl', expiresAt: new Date(now + 60_000).toISOString() });
    await running.store.putDoc(`export-${spent}`, null);
    const page = await fetch(`${running.url}/export/${open}`);

    // Act
    await running.lead.pruneExports();

    // Assert
    expect(page.status).toBe(404);
    expect((await running.store.docNames('export-')).filter((n) => n !== EXPORT_TICKETS_DOC)).toEqual([]);
    expect(await running.store.getDoc(`export-${open}`)).toBeUndefined();
    expect(await running.store.getDoc(`export-${spent}`)).toBeUndefined();
  });
});

describe('organisation settings at start-up', () => {
  it('refuses to start with an invalid settings file, naming the field', async () => {
    const file = path.join(dir, 'bad-settings.json');
    await writeFile(file, JSON.stringify({ reminders: { unclaimedWorkingHours: 'soon' } }));
    await expect(startServer(loadConfig({ DATA_DIR: dir, PORT: '0', SETTINGS_FILE: file }), { log: () => undefined })).rejects.toThrow(
      /reminders\.unclaimedWorkingHours/,
    );
  });
});
