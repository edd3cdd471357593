/** The production build (`npm run build`, `npm run serve`): compiled JavaScript that runs with plain Node. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../scripts/build.js';

let out: string;
let tmp: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mc-build-'));
  out = build('tsconfig.build.json', 'dist/test-build');
}, 300_000);

afterAll(async () => {
  // The server writes its files once more as it stops: its data folder is removed after it has exited.
  const running = child !== undefined && child.exitCode === null && child.signalCode === null ? child : undefined;
  if (running) {
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
  }
  await rm(tmp, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
}, 30_000);

/** Starts the built server in local mode on a free port and resolves with its address. */
function serve(): Promise<string> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [path.join(out, 'src', 'main.js')], {
      // Plain Node: no loader flags from this process.
      env: { PATH: process.env.PATH ?? '', PORT: '0', DATA_DIR: path.join(tmp, 'data'), SETTINGS_FILE: path.join(tmp, 'settings.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no start-up line within 150 s: ${seen}`)), 150_000);
    child.stdout?.on('data', (c: Buffer) => {
      seen += c.toString('utf8');
      const url = /draait lokaal op (http:\/\/127\.0\.0\.1:\d+)\//.exec(seen)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.stderr?.on('data', (c: Buffer) => (seen += c.toString('utf8')));
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${seen}`)));
  });
}

describe('the production build', () => {
  it('holds the translations and the web chat page next to the compiled code, as ES modules', () => {
    for (const file of ['src/main.js', 'src/i18n/locales/nl.json', 'src/i18n/locales/en.json', 'src/channels/web/public/index.html', 'package.json']) {
      expect([file, existsSync(path.join(out, file))]).toEqual([file, true]);
    }
  });

  it('runs with plain Node: the web chat page, and a first turn answered in Dutch', async () => {
    const url = await serve();
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="nl">');
    const turn = await fetch(`${url}/web/api/turn`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'build-test-1', text: 'hallo' }) });
    expect(turn.status).toBe(200);
    expect(JSON.stringify(await turn.json())).toContain('Waarmee kan ik je helpen?');
  }, 300_000);
});
