/** Start-up seen from outside: the real server (src/main.ts) as a child process, its output read to the end. */
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, killAllChildren, OutputChild } from '../helpers/childServer.js';
import { FakeSlack } from '../helpers/fakeSlack.js';
import { SIGNING_SECRET } from '../helpers/slackClient.js';
import { DataCipher, LowdbStore, newKey } from '../../src/store/index.js';
import { makeEntry, makeMeta } from '../unit/store.contract.js';

/** A child process needs a few seconds to start under load (tsx compiles the sources). */
const CHILD_TEST_MS = 300_000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-startup-'));
});
afterEach(async () => {
  await killAllChildren();
  await rm(dir, { recursive: true, force: true });
});
afterAll(killAllChildren);

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

describe('Start-up', () => {
  it('says plainly which port is taken and how to choose another, and exits non-zero, when the port is in use', async () => {
    // Arrange: the test holds the port.
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      // Act
      const child = new OutputChild({ DATA_DIR: path.join(dir, 'data'), SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: String(port) }, dir);
      const { code } = await child.closed;

      // Assert
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(child.stderr).toContain(`Port ${port}`);
      expect(child.stderr).toMatch(/in use/);
      expect(child.stderr).toContain('PORT');
      expect(child.stderr).not.toMatch(/Cannot destructure|at .*\.ts:\d+/);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  }, CHILD_TEST_MS);

  it('starts over a damaged case file, then names it in the log by its path in the data folder, and leaves it as it was', async () => {
    // Arrange: two cases, one of them damaged while the server is stopped.
    const key = newKey();
    const dataDir = path.join(dir, 'data');
    const seed = await LowdbStore.open(dataDir, { cipher: new DataCipher(key) });
    await seed.createCase(makeMeta('c1'), [makeEntry(0)]);
    await seed.createCase(makeMeta('c2'), [makeEntry(0)]);
    await seed.close();
    const damaged = path.join(dataDir, 'cases', 'c1.json');
    await writeFile(damaged, 'not what was written\n');
    const port = await freePort();
    const child = new OutputChild({ DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: key.toString('hex'), SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: String(port) }, dir);
    const events = () => lines(child.stdout).flatMap((l) => (l.startsWith('{') ? [JSON.parse(l) as Record<string, unknown>] : []));
    try {
      // Act
      await child.waitFor(() => events().some((e) => e.event === 'store.sweep.done'), 'end of the integrity sweep');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);

      // Assert
      expect(events().filter((e) => e.event === 'store.damaged')).toEqual([expect.objectContaining({ level: 'error', code: 'E_STORE_DAMAGED', file: path.join('cases', 'c1.json'), reason: 'damaged' })]);
      expect(lines(child.stdout).some((l) => l.startsWith('Meldcode-assistent draait lokaal'))).toBe(true);
      expect(await ready.json()).toEqual({ status: 'ready', data: 'damaged' });
      expect(await readFile(damaged, 'utf8')).toBe('not what was written\n');
    } finally {
      await child.stop();
    }
  }, CHILD_TEST_MS);

  it('in Slack-only mode announces the Slack endpoint and no Teams endpoint, which is indeed not served', async () => {
    // Arrange
    const slack = await new FakeSlack().start();
    const port = await freePort();
    const child = new OutputChild(
      {
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${slack.url}/api/`,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: path.join(dir, 'data'),
        SETTINGS_FILE: path.join(dir, 'settings.json'),
      },
      dir,
    );
    try {
      // Act
      await child.waitFor(() => lines(child.stdout).some((l) => l.startsWith('Meldcode-assistent')), 'start-up line');
      const announced = lines(child.stdout).find((l) => l.startsWith('Meldcode-assistent')) ?? '';
      const teams = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });

      // Assert
      expect(announced).toContain('/slack/events');
      expect(announced).not.toMatch(/Teams|\/api\/messages/);
      expect(teams.status).toBe(404);
    } finally {
      await child.stop();
      await slack.stop();
    }
  }, CHILD_TEST_MS);
});
