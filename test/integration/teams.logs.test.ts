/**
 * What the server writes with credentials, seen from outside: the real server as a child process
 * (its metadata at a local issuer), its stdout and stderr read to the end.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AuthenticationConstants } from 'botframework-connector';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killAllChildren, OutputChild } from '../helpers/childServer.js';
import { FakeIssuer, newKeyPair } from '../helpers/fakeIssuer.js';

const APP_ID = '2f1c7a52-5d7e-4b8e-9a3c-6d1e0b4f8a17';
/** A child process needs a few seconds to start under load (tsx compiles the sources). */
const CHILD_TEST_MS = 300_000;
const AUTH_SERVER = fileURLToPath(new URL('../helpers/teamsAuthServer.ts', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-teams-logs-'));
});
afterEach(async () => {
  await killAllChildren();
  await rm(dir, { recursive: true, force: true });
});
afterAll(killAllChildren);

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
const parsed = (text: string) => lines(text).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('Logs with credentials', () => {
  it('writes only JSON lines for refused requests and an unreachable Microsoft, one refusal line per source per minute', async () => {
    // Arrange: the server with credentials, its metadata at a local issuer that fails at first.
    const issuer = await new FakeIssuer(AuthenticationConstants.ToBotFromChannelTokenIssuer, ['msteams', 'directline', 'webchat']).start();
    issuer.failWith = 500;
    const child = new OutputChild(
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'secret',
        MicrosoftAppType: 'MultiTenant',
        DATA_DIR: path.join(dir, 'data'),
        SETTINGS_FILE: path.join(dir, 'settings.json'),
        PORT: '0',
        HOST: '127.0.0.1',
        TEST_ISSUER_URL: issuer.url,
      },
      dir,
      AUTH_SERVER,
    );
    try {
      await child.waitFor(() => child.stdout.includes('"test.listening"'), 'start-up');
      const url = String(parsed(child.stdout).find((l) => l.event === 'test.listening')?.url);
      const serviceUrl = 'http://127.0.0.1:9/';
      const activity = (channelId = 'msteams') => ({
        type: 'message',
        id: 'in-1',
        channelId,
        serviceUrl,
        from: { id: '29:aad-anna', aadObjectId: 'aad-anna' },
        recipient: { id: '28:bot' },
        conversation: { id: 'a:personal-aad-anna', conversationType: 'personal' },
        channelData: { tenant: { id: 'tenant-1' } },
        text: 'hallo',
      });
      const send = async (authorization?: string, channelId?: string) => {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (authorization) headers.Authorization = `Bearer ${authorization}`;
        const res = await fetch(`${url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(activity(channelId)) });
        await res.text();
        return res.status;
      };
      const nowS = Math.floor(Date.now() / 1000);

      // Act
      const statuses = [await send(issuer.token(APP_ID, serviceUrl))];
      issuer.failWith = undefined;
      statuses.push(
        await send(issuer.token(APP_ID, serviceUrl, { iat: nowS - 3600, nbf: nowS - 3600, exp: nowS - 600 })),
        await send(issuer.token(APP_ID, serviceUrl, {}, { key: newKeyPair().privateKey })),
        await send(),
        await send('not-a-token'),
        await send(issuer.token(APP_ID, serviceUrl), 'directline'),
      );
      await child.stop();

      // Assert
      expect(statuses).toEqual([503, 401, 401, 401, 401, 403]);
      expect(child.stderr).toBe('');
      const out = lines(child.stdout);
      for (const line of out) expect(() => JSON.parse(line)).not.toThrow();
      const events = parsed(child.stdout);
      expect(events.filter((e) => e.event === 'teams.auth.unavailable')).toEqual([expect.objectContaining({ code: 'TEAMS_AUTH_METADATA_UNAVAILABLE' })]);
      expect(events.filter((e) => e.event === 'teams.auth.refused')).toEqual([expect.objectContaining({ code: 'TEAMS_AUTH_REFUSED', status: 401, source: expect.stringContaining('127.0.0.1') })]);
      expect(events.filter((e) => e.event === 'teams.channel.refused')).toEqual([expect.objectContaining({ code: 'TEAMS_CHANNEL_REFUSED', status: 403 })]);
    } finally {
      await child.stop();
      await issuer.stop();
    }
  }, CHILD_TEST_MS);
});
