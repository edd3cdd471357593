import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';

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
});
