/**
 * Chaos on the file store: its data folder on a small tmpfs that the test fills up while web chat
 * users run turns through the real server. While full: a calm "probeer het zo opnieuw", /readyz 503
 * (disk_full); once space is back: turns work again and /readyz is 200, without a restart; and no file
 * is damaged: a new server on the same folder opens it (reading every file) and finds everything
 * that was confirmed. Mounting needs root (CI runs as root); elsewhere the test is skipped, by name.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { ChaosUser, expectOnlyCalmAnswers, readyz, runLoad, until } from './load.js';

const SIZE = '8m';

/** Mounts a tmpfs of `size` at `dir`; false when this machine does not let us (not root, no mount). */
function mountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    // Still busy (a file left open by a failed test): detach it, so no mount outlives the run.
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  }
}

const mountPoint = await mkdtemp(path.join(os.tmpdir(), 'mc-chaos-disk-'));
const canMount = mountTmpfs(mountPoint, SIZE);
const diskTest = canMount ? it : it.skip;
const title = (name: string) => (canMount ? name : `${name} (skipped: mounting a tmpfs needs root, as in CI)`);

/** Fills the file system of `file` to the last byte; resolves with how many bytes it took. */
function fill(file: string): number {
  const fd = openSync(file, 'w');
  let written = 0;
  try {
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 8, 1]) {
      const chunk = Buffer.alloc(size, 0x61);
      for (;;) {
        try {
          const n = writeSync(fd, chunk);
          written += n;
          if (n < size) break;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

let running: RunningServer | undefined;
let config: Config;
let events: string[] = [];

beforeAll(() => {
  config = loadConfig({ DATA_DIR: path.join(mountPoint, 'data'), SETTINGS_FILE: path.join(mountPoint, 'settings.json'), PORT: '0', RATE_LIMIT_PER_MINUTE: '0' });
});

afterAll(async () => {
  try {
    await running?.close();
  } finally {
    if (canMount) unmount(mountPoint);
    await rm(mountPoint, { recursive: true, force: true });
  }
});

const start = async (): Promise<RunningServer> => {
  running = await startServer(config, { log: (event) => events.push(event), schedulerIntervalMs: 0 });
  return running;
};
const total = (us: readonly ChaosUser[], key: 'confirmed' | 'retried') => us.reduce((n, u) => n + u[key], 0);

diskTest(title('a full disk: calm retries and /readyz 503; space back: turns and /readyz recover without a restart, no file damaged'), async () => {
  // Arrange
  const server = await start();
  const load = ['kilo', 'lima', 'mike'].map((name) => new ChaosUser(() => server.url, `disk-${name}`));
  let stop = false;
  const running$ = runLoad(load, () => stop);
  await until('20 confirmed turns', () => total(load, 'confirmed') >= 20 || load.some((u) => u.wrong.length > 0));
  const filler = path.join(mountPoint, 'filler');

  // Act: the disk fills up
  const filled = fill(filler);
  await until('every user told to try again', () => load.every((u) => u.retried > 0) || load.some((u) => u.wrong.length > 0));
  const full = await readyz(server.url);

  // Act: space comes back
  await unlink(filler);
  await until('/readyz 200 again', async () => (await readyz(server.url)).status === 200);
  const backAt = load.map((u) => u.confirmed);
  await until('every user confirmed 10 more turns', () => load.every((u, i) => u.confirmed >= (backAt[i] ?? 0) + 10) || load.some((u) => u.wrong.length > 0));
  stop = true;
  await running$;

  // Assert: only calm answers, readiness followed the disk, same server throughout
  expectOnlyCalmAnswers(load);
  expect(filled).toBeGreaterThan(0);
  expect(full).toEqual({ status: 503, body: { status: 'not ready', store: 'disk_full' } });
  expect(running).toBe(server);
  expect(events).toContain('turn.store.unavailable');
  expect(events).toContain('store.unready');
  expect(events).toContain('store.ready');

  // Assert: a new server on the same folder reads every file, and everything confirmed is there
  await server.close();
  running = undefined;
  const again = await start();
  const logs = JSON.stringify(await Promise.all((await again.store.listCases()).map((m) => again.store.getCase(m.id))));
  for (const u of load) {
    const saved = (await again.store.loadUser<{ turns?: { n: number } }>(u.userKey))?.turns?.n ?? 0;
    expect(saved).toBeGreaterThanOrEqual(u.confirmed);
    expect(saved).toBeLessThanOrEqual(u.confirmed + u.retried);
    for (const text of u.confirmedTexts) expect(logs).toContain(text);
  }
}, 150_000);
