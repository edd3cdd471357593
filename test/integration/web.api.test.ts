import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { WebFiguresView } from '../../src/channels/web/figures.js';
import { inboxDoc } from '../../src/channels/web/notify.js';
import { loadConfig } from '../../src/config.js';
import { defaultSettings } from '../../src/org/settings.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { httpSend } from '../helpers/httpSend.js';

let dir: string;
let running: RunningServer;
const user = 'test-user-0001';

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-webapi-'));
  running = await startServer(loadConfig({ DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0' }), { log: () => undefined });
});
afterEach(async () => {
  await running.close();
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.key`, { force: true });
});

const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${running.url}${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('local web chat API', () => {
  it('listens on 127.0.0.1 only in local mode and answers the health check', async () => {
    expect(new URL(running.url).hostname).toBe('127.0.0.1');
    expect(await (await fetch(`${running.url}/healthz`)).json()).toEqual({ ok: true });
  });

  it('serves the page with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${running.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('/web/vendor/adaptivecards.min.js');
    const vendor = await fetch(`${running.url}/web/vendor/adaptivecards.min.js`);
    expect(vendor.status).toBe(200);
    expect((await vendor.text()).length).toBeGreaterThan(1000);
  });

  it('refuses requests from another origin', async () => {
    const res = await post('/web/api/turn', { user, start: true }, { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('answers malformed requests with 400 and no stack trace', async () => {
    expect((await post('/web/api/turn', '{not json')).status).toBe(400);
    expect((await post('/web/api/turn', { user: '../../etc', start: true })).status).toBe(400);
    expect((await post('/web/api/turn', { user })).status).toBe(400);
    const res = await post('/web/api/af/claim', { value: { mc: 'answer' } });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/at .*\.ts:\d+/);
  });

  it('gives the panel\u2019s lead the figures view (picture, summary, periods, two one-time links) and a melder the refusal as a card', async () => {
    type Answer = { cards: unknown[]; figures: WebFiguresView };
    const lead = (await (await post('/web/api/figures', { asLead: true, period: 'vorig kwartaal', locale: 'nl-NL' })).json()) as Answer;
    expect(lead.cards).toEqual([]);
    expect(lead.figures.periods.map((p) => p.value)).toEqual(['dit kwartaal', 'vorig kwartaal', 'dit jaar']);
    expect(lead.figures.periods.find((p) => p.selected)?.value).toBe('vorig kwartaal');
    expect(lead.figures.image?.src).toMatch(/^\/pictures\/[0-9a-z]+-[0-9a-f]{48}\.png$/);
    expect((await fetch(`${running.url}${lead.figures.image?.src ?? ''}`)).headers.get('content-type')).toBe('image/png');
    expect(lead.figures.links.map((l) => [l.format, /^\/export\/[0-9a-f]{48}$/.test(l.href)])).toEqual([['pdf', true], ['csv', true]]);
    expect(lead.figures.summary).toContain('Cijfers van de organisatie');

    const melder = (await (await post('/web/api/figures', { user, locale: 'nl-NL' })).json()) as Partial<Answer>;
    expect(melder.figures).toBeUndefined();
    expect(JSON.stringify(melder.cards)).toContain('Alleen aandachtsfunctionarissen');
    expect((await post('/web/api/figures', { asLead: true, period: 'volgend jaar' })).status).toBe(400);
  });

  it('answers text over 4,000 characters and unreadable card data with a message, keeping the question', async () => {
    await post('/web/api/turn', { user, start: true });
    const long = await (await post('/web/api/turn', { user, text: 'x'.repeat(4001) })).json() as { cards: unknown[] };
    expect(JSON.stringify(long.cards)).toContain('4001');
    const odd = await (await post('/web/api/turn', { user, value: { mc: 'claim', caseId: 5 } })).json() as { cards: unknown[] };
    expect(JSON.stringify(odd.cards)).toContain('kon ik niet lezen');
    expect(JSON.stringify(odd.cards)).toContain('Waarmee kan ik je helpen?');
  });

  it('answers a claim on an unknown case with 404 and a second claim with 409', async () => {
    expect((await post('/web/api/af/claim', { value: { mc: 'claim', caseId: 'nope' } })).status).toBe(404);
    // Open an urgent case via the acute button so there is something to claim.
    await post('/web/api/turn', { user, start: true });
    await post('/web/api/turn', { user, value: { mc: 'command', command: 'acute' } });
    const feed = await (await fetch(`${running.url}/web/api/af`)).json() as { items: { caseId: string }[] };
    expect(feed.items).toHaveLength(1);
    const caseId = feed.items[0]?.caseId ?? '';
    expect((await post('/web/api/af/claim', { value: { mc: 'claim', caseId } })).status).toBe(200);
    expect((await post('/web/api/af/claim', { value: { mc: 'claim', caseId } })).status).toBe(409);
    const inbox = await (await fetch(`${running.url}/web/api/inbox?user=${user}`)).json() as { cards: unknown[] };
    expect(JSON.stringify(inbox.cards)).toContain('is opgepakt door');
  });

  it('deletes the inbox document once the page has fetched its cards', async () => {
    // Arrange: a claim puts a card in the reporter's inbox.
    await post('/web/api/turn', { user, start: true });
    await post('/web/api/turn', { user, value: { mc: 'command', command: 'acute' } });
    const [meta] = await running.store.listCases();
    await post('/web/api/af/claim', { value: { mc: 'claim', caseId: meta?.id ?? '' } });
    const doc = inboxDoc(running.store, `web:${user}`);
    const before = await running.store.getDoc<unknown[]>(doc);

    // Act
    const fetched = (await (await fetch(`${running.url}/web/api/inbox?user=${user}`)).json()) as { cards: unknown[] };

    // Assert
    expect(before?.length).toBeGreaterThan(0);
    expect(fetched.cards.length).toBe(before?.length);
    expect(await running.store.getDoc(doc)).toBeUndefined();
  });

  it('refuses every route, GET included, when the Host is not 127.0.0.1, localhost or [::1] on its own port', async () => {
    // Arrange: a case exists, so a leaking route would show its reference.
    await post('/web/api/turn', { user, start: true });
    await post('/web/api/turn', { user, value: { mc: 'command', command: 'acute' } });
    const [meta] = await running.store.listCases();
    const port = new URL(running.url).port;
    const routes: [string, string, string?][] = [
      ['GET', '/'],
      ['GET', '/healthz'],
      ['GET', '/favicon.ico'],
      ['GET', '/web/static/app.js'],
      ['GET', '/web/vendor/adaptivecards.min.js'],
      ['GET', '/web/api/af'],
      ['GET', `/web/api/inbox?user=${user}`],
      ['POST', '/web/api/turn', JSON.stringify({ user: 'rebinding-user', start: true })],
      ['POST', '/web/api/af/details', JSON.stringify({ value: { mc: 'details', caseId: meta?.id } })],
      ['POST', '/web/api/af/claim', JSON.stringify({ value: { mc: 'claim', caseId: meta?.id } })],
      ['POST', '/web/api/af/act', JSON.stringify({ value: { mc: 'answer', promptId: `lead#case:${meta?.id}`, value: 'claim' } })],
      ['POST', '/api/messages', JSON.stringify({ type: 'message' })],
      ['GET', `/export/${'ab'.repeat(24)}`],
      ['POST', `/export/${'ab'.repeat(24)}`],
      ['GET', '/no-such-page'],
    ];
    const hosts = [`evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `localhost.evil.example:${port}`, `localhost:${Number(port) + 1}`, `127.0.0.2:${port}`];

    for (const host of hosts) {
      for (const [method, p, body] of routes) {
        // Act
        const res = await httpSend(`${running.url}${p}`, { method, headers: { Host: host, 'Content-Type': 'application/json', ...(method === 'POST' ? { Origin: `http://${host}` } : {}) }, body });
        // Assert
        expect([host, method, p, res.status]).toEqual([host, method, p, 403]);
        expect(res.body).not.toContain(meta?.ref ?? 'MC-');
        expect(res.body.length).toBeLessThan(300);
      }
    }
    const noHost = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.end('GET /web/api/af HTTP/1.0\r\n\r\n'));
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(noHost).toMatch(/^HTTP\/1\.[01] 403 /);
    expect((await running.store.listCases())[0]?.claimedBy).toBeUndefined();
    expect(await running.store.loadUser('web:rebinding-user')).toBeUndefined();
  });

  it('answers on 127.0.0.1, localhost and [::1] with its own port', async () => {
    const port = new URL(running.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`]) {
      const res = await httpSend(`${running.url}/healthz`, { headers: { Host: host } });
      expect([host, res.status]).toEqual([host, 200]);
      const turn = await httpSend(`${running.url}/web/api/turn`, { method: 'POST', headers: { Host: host, Origin: `http://${host}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ user, start: true }) });
      expect([host, turn.status]).toEqual([host, 200]);
    }
  });

  it('never lets a client use the reserved lead id "aandachtsfunctionaris" as its user id', async () => {
    // Arrange: an open case from an ordinary reporter.
    await post('/web/api/turn', { user, start: true });
    await post('/web/api/turn', { user, value: { mc: 'command', command: 'acute' } });
    const [meta] = await running.store.listCases();
    const ref = meta?.ref ?? 'MC-';

    // Act: the lead's commands and buttons, sent under the lead's web id.
    const answers = await Promise.all(
      ['aandachtsfunctionaris', 'Aandachtsfunctionaris'].flatMap((lead) => [
        post('/web/api/turn', { user: lead, text: 'zaken' }),
        post('/web/api/turn', { user: lead, text: `zaak ${ref}` }),
        post('/web/api/turn', { user: lead, value: { mc: 'answer', promptId: `lead#case:${meta?.id}`, value: 'claim' } }),
        post('/web/api/turn', { user: lead, value: { mc: 'answer', promptId: 'lead#list', value: meta?.id } }),
        fetch(`${running.url}/web/api/inbox?user=${lead}`),
      ]),
    );

    // Assert: refused, nothing of the case shown, not claimed, not viewed.
    for (const res of answers) {
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).not.toContain(ref);
      expect(text).toContain('USER_RESERVED');
    }
    const record = await running.store.getCase(meta?.id ?? '');
    expect(record?.meta.claimedBy).toBeUndefined();
    expect(record?.log.filter((e) => e.type === 'view' || e.type === 'claim')).toEqual([]);
  });

  it('never lets a client use a web id that the settings give a role', async () => {
    await running.close();
    running = await startServer(loadConfig({ DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0' }), {
      log: () => undefined,
      settings: { ...defaultSettings(), aandachtsfunctionarissen: ['web:anne-lead'], deputies: ['web:dirk-deputy'], beheerders: ['web:bea-beheer'] },
    });
    for (const id of ['anne-lead', 'dirk-deputy', 'bea-beheer']) {
      const res = await post('/web/api/turn', { user: id, text: 'zaken' });
      expect([id, res.status]).toEqual([id, 400]);
    }
  });

  it('keeps the panel working as the local lead through its own endpoints: details, claim and the lead\u2019s buttons', async () => {
    // Arrange
    await post('/web/api/turn', { user, start: true });
    await post('/web/api/turn', { user, value: { mc: 'command', command: 'acute' } });
    const [meta] = await running.store.listCases();

    // Act
    const details = await post('/web/api/af/details', { value: { mc: 'details', caseId: meta?.id } });
    const act = await post('/web/api/af/act', { value: { mc: 'answer', promptId: `lead#case:${meta?.id}`, value: 'state:in-overleg' } });
    const notLead = await post('/web/api/af/act', { value: { mc: 'answer', promptId: 'mijn#3', value: 'x' } });

    // Assert
    expect(details.status).toBe(200);
    expect(await details.text()).toContain(meta?.ref ?? 'MC-');
    expect(act.status).toBe(200);
    expect((await running.store.getCase(meta?.id ?? ''))?.meta.lead).toBe('in-overleg');
    expect(notLead.status).toBe(400);
    const record = await running.store.getCase(meta?.id ?? '');
    expect(record?.log.find((e) => e.type === 'view')?.actor).toBe('web:aandachtsfunctionaris');
  });

  it('keeps an idle keep-alive connection open longer than clients and proxies keep theirs, and says so', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const header = await new Promise<string | undefined>((resolve, reject) => {
      http.get(`${running.url}/healthz`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers['keep-alive'] as string | undefined));
      }).on('error', reject);
    });
    agent.destroy();
    expect(Number(/timeout=(\d+)/.exec(header ?? '')?.[1])).toBeGreaterThan(60);
  });
});

