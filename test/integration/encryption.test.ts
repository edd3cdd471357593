/** Data at rest: encrypted files, owner-only modes, a wrong or missing key, tampering, key rotation. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rotateKey } from '../../scripts/rotate-key.js';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { newKey } from '../../src/store/crypto.js';
import { LowdbStore } from '../../src/store/lowdb.js';
import { makeEntry, makeMeta } from '../unit/store.contract.js';
import { caseToDecision, GatewayUser } from '../helpers/gatewayUser.js';

let root: string;
let dataDir: string;
const running: RunningServer[] = [];

async function start(env: Record<string, string> = {}, log: (event: string, fields?: Readonly<Record<string, unknown>>) => void = () => undefined): Promise<RunningServer> {
  const r = await startServer(loadConfig({ DATA_DIR: dataDir, PORT: '0', SETTINGS_FILE: path.join(root, 'settings.json'), ...env }), { log, schedulerIntervalMs: 0 });
  running.push(r);
  return r;
}

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(p, ...(await allFiles(p)));
    else out.push(p);
  }
  return out;
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mc-enc-'));
  dataDir = path.join(root, 'data');
});
afterEach(async () => {
  for (const r of running.splice(0)) await r.close().catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

const FACT = 'Maandag een blauwe plek op de arm gezien.';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs a script of the project as `npm run` does (tsx), with only the given environment. */
function runScript(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('data at rest', () => {
  it('keeps no case text, reference or answer readable in any data file, all owner-only', async () => {
    const r = await start();
    expect(r.keyCreated).toBe(`${dataDir}.key`);
    const u = new GatewayUser(() => r.gateway, 'web:melder-1');
    await caseToDecision(u, 'Melden bij Veilig Thuis', 'Ja');
    const [meta] = await r.store.listCases();
    await r.close();
    running.pop();

    const files = await allFiles(dataDir);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const st = await stat(f);
      expect([path.relative(dataDir, f), (st.mode & 0o777).toString(8)]).toEqual([path.relative(dataDir, f), st.isDirectory() ? '700' : '600']);
      if (st.isDirectory()) continue;
      const raw = await readFile(f, 'utf8');
      for (const secret of ['blauwe plek', meta?.ref ?? 'MC-', 'onderwijs', 'melder-1', 'afweging', '"log"']) expect([f, raw.includes(secret)]).toEqual([f, false]);
    }
    expect(((await stat(`${dataDir}.key`)).mode & 0o777).toString(8)).toBe('600');

    // And it all reads back with the key.
    const again = await start();
    const record = await again.store.getCase(meta?.id ?? '');
    expect(JSON.stringify(record?.log)).toContain('blauwe plek');
  });

  it('refuses to start with another key, saying so, and changes no file', async () => {
    const r = await start();
    await new GatewayUser(() => r.gateway, 'web:melder-1').say('hallo');
    await r.close();
    running.pop();
    const files = (await allFiles(dataDir)).filter((f) => f.endsWith('.json'));
    const before = await Promise.all(files.map((f) => readFile(f)));
    await expect(start({ DATA_ENCRYPTION_KEY: newKey().toString('hex') })).rejects.toThrow(/encrypted with another key/);
    const after = await Promise.all(files.map((f) => readFile(f)));
    expect(after).toEqual(before);
  });

  it('starts over a tampered case file; the integrity sweep names it in the log and to the leads, and it stays as it was', async () => {
    // Arrange: a case of one reporter, then its file tampered with while the server is stopped.
    const r = await start();
    const u = new GatewayUser(() => r.gateway, 'web:melder-1');
    await u.say('hallo');
    await u.pick('zorgen over een kind');
    await r.close();
    running.pop();
    const [caseFile] = await readdir(path.join(dataDir, 'cases'));
    const rel = path.join('cases', caseFile ?? '');
    const file = path.join(dataDir, rel);
    const envelope = JSON.parse(await readFile(file, 'utf8')) as { ct: string };
    envelope.ct = Buffer.from('not what was written').toString('base64');
    await writeFile(file, JSON.stringify(envelope));
    const tampered = await readFile(file);
    const logs: { event: string; fields?: Readonly<Record<string, unknown>> }[] = [];

    // Act
    const again = await start({}, (event, fields) => void logs.push({ event, fields }));
    await again.sweep.finished;
    const ready = await fetch(`${again.url}/readyz`);
    const panel = (await (await fetch(`${again.url}/web/api/af`)).json()) as { notices: { text: string }[] };
    const owner = new GatewayUser(() => again.gateway, 'web:melder-1');
    await owner.say('hallo');
    await owner.pick('ga verder');
    // The next answer is written to the case's log, which cannot be read.
    await owner.pick('Nee');
    const ownerReply = owner.text();
    const acute = await fetch(`${again.url}/web/api/turn`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'melder-1', text: 'gevaar' }) });
    const other = new GatewayUser(() => again.gateway, 'web:melder-2');
    await other.say('hallo');
    await other.pick('zorgen over een kind');

    // Assert
    expect(logs.filter((l) => l.event === 'store.damaged').map((l) => l.fields)).toEqual([{ file: rel, reason: 'undecryptable' }]);
    expect(again.sweep.damaged).toEqual([{ file: rel, reason: 'undecryptable' }]);
    expect(panel.notices.map((n) => n.text)).toEqual([expect.stringContaining(`${rel} (niet te ontsleutelen)`)]);
    expect(panel.notices[0]?.text).toContain('back-up');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', data: 'damaged' });
    // The reporter whose case it is: a plain message (nothing was deleted), never an error's text; acute danger is answered.
    expect(ownerReply).toContain('kunnen nu niet worden gelezen');
    expect(ownerReply).not.toMatch(/cannot be decrypted|\.json|\n\s+at /);
    expect(acute.status).toBe(200);
    expect(await acute.text()).toContain('112');
    // Other cases work; the tampered one is left out of the listing.
    const listed = await again.store.listCases();
    expect(listed.map((m) => m.owner)).toContain('web:melder-2');
    expect(listed.map((m) => `${m.id}.json`)).not.toContain(caseFile);
    expect(await readFile(file)).toEqual(tampered);
  });

  it.each([
    ['the key file', [] as string[]],
    ['the key file and the key check', ['keycheck.json']],
  ])('refuses to start when %s went missing but the data folder holds data, creating no key and no key check', async (_label, alsoRemoved) => {
    const r = await start();
    await new GatewayUser(() => r.gateway, 'web:melder-1').say('hallo');
    await r.close();
    running.pop();
    await rm(`${dataDir}.key`);
    for (const name of alsoRemoved) await rm(path.join(dataDir, name));

    const err = await start().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`${dataDir}.key`);
    expect((err as Error).message).toContain('DATA_KEY_FILE');
    expect((err as Error).message).not.toMatch(/\n\s+at /);
    expect(existsSync(`${dataDir}.key`)).toBe(false);
    expect(existsSync(path.join(dataDir, 'keycheck.json'))).toBe(alsoRemoved.length === 0);
  });

  it('refuses a data folder that holds data but no key check, and creates none', async () => {
    const key = newKey().toString('hex');
    const r = await start({ DATA_ENCRYPTION_KEY: key });
    await new GatewayUser(() => r.gateway, 'web:melder-1').say('hallo');
    await r.close();
    running.pop();
    await rm(path.join(dataDir, 'keycheck.json'));

    await expect(start({ DATA_ENCRYPTION_KEY: newKey().toString('hex') })).rejects.toThrow(/keycheck\.json is missing/);

    expect(existsSync(path.join(dataDir, 'keycheck.json'))).toBe(false);
  });

  it('encrypts a data folder written without a key with `npm run rotate-key`, after which the server starts with that key', async () => {
    // Arrange: an installation that never had a key.
    const plain = await LowdbStore.open(dataDir);
    await plain.createCase(makeMeta('c1'), [makeEntry(0, { data: { text: FACT } })]);
    await plain.appendLog('c1', [makeEntry(1)]);
    await plain.saveUser('web:melder-1', { step: 'x' });
    await plain.close();
    const refused = await start().then(
      () => undefined,
      (e: unknown) => e,
    );

    // Act
    const run = await runScript('scripts/rotate-key.ts', { DATA_DIR: dataDir });

    // Assert
    expect((refused as Error).message).toMatch(/written without a key.*npm run rotate-key/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Encrypted the data in ${dataDir}`);
    expect(((await stat(`${dataDir}.key`)).mode & 0o777).toString(8)).toBe('600');
    for (const f of (await allFiles(dataDir)).filter((file) => file.endsWith('.json'))) {
      const raw = await readFile(f, 'utf8');
      expect([f, raw.includes('blauwe plek'), raw.startsWith('{"mc":2,')]).toEqual([f, false, true]);
    }
    const r = await start();
    expect(r.keyCreated).toBeUndefined();
    expect(JSON.stringify((await r.store.getCase('c1'))?.log)).toContain(FACT);
    expect(await r.store.loadUser('web:melder-1')).toEqual({ step: 'x' });
    // A child process compiling TypeScript with tsx: generous on a loaded machine.
  }, 300_000);

  it('refuses, when rotating the key of an encrypted folder, a file found without encryption, unless told to encrypt it', async () => {
    // Arrange
    const oldKey = newKey();
    const r = await start({ DATA_ENCRYPTION_KEY: oldKey.toString('hex') });
    await new GatewayUser(() => r.gateway, 'web:melder-1').say('hallo');
    await r.close();
    running.pop();
    const planted = path.join(dataDir, 'cases', 'c9.json');
    await writeFile(planted, `${JSON.stringify({ meta: makeMeta('c9', { owner: 'web:mallory' }), log: [] })}\n`);
    const next = newKey();
    const named: string[] = [];
    const before = await Promise.all((await allFiles(dataDir)).filter((f) => f.endsWith('.json')).map((f) => readFile(f)));

    // Act
    const refused = await rotateKey(dataDir, oldKey, next).then(
      () => undefined,
      (e: unknown) => e,
    );
    const untouched = await Promise.all((await allFiles(dataDir)).filter((f) => f.endsWith('.json')).map((f) => readFile(f)));
    const count = await rotateKey(dataDir, oldKey, next, { encryptPlain: true, plainFile: (rel) => named.push(rel) });

    // Assert
    expect((refused as Error).message).toMatch(/c9\.json.*not encrypted/);
    expect(untouched).toEqual(before);
    expect(count).toBeGreaterThan(1);
    expect(named).toEqual([path.join('cases', 'c9.json')]);
    expect((await readFile(planted, 'utf8')).startsWith('{"mc":2,')).toBe(true);
  });

  it('takes a case file restored from an older backup only when the rotation is told to accept the files as they are', async () => {
    // Arrange
    const oldKey = newKey();
    const r = await start({ DATA_ENCRYPTION_KEY: oldKey.toString('hex') });
    const u = new GatewayUser(() => r.gateway, 'web:melder-1');
    await u.say('hallo');
    await u.pick('zorgen over een kind');
    const [meta] = await r.store.listCases();
    const file = path.join(dataDir, 'cases', `${meta?.id ?? ''}.json`);
    const backup = await readFile(file);
    await r.store.appendLog(meta?.id ?? '', [{ at: new Date().toISOString(), actor: 'web:melder-1', type: 'note', data: {} }]);
    await r.close();
    running.pop();
    await writeFile(file, backup);
    const next = newKey();

    // Act
    const started = await start({ DATA_ENCRYPTION_KEY: oldKey.toString('hex') });
    await started.sweep.finished;
    const swept = started.sweep.damaged;
    const refusedRead = await started.store.getCase(meta?.id ?? '').then(
      () => undefined,
      (e: unknown) => e,
    );
    await started.close();
    running.pop();
    const refusedRotation = await rotateKey(dataDir, oldKey, next).then(
      () => undefined,
      (e: unknown) => e,
    );
    await rotateKey(dataDir, oldKey, next, { acceptCurrent: true });
    const after = await start({ DATA_ENCRYPTION_KEY: next.toString('hex') });

    // Assert
    expect(swept).toEqual([{ file: path.relative(dataDir, file), reason: 'rolled_back' }]);
    expect((refusedRead as Error).message).toMatch(/(older copy|was cut|another version)/);
    expect((refusedRotation as Error).message).toMatch(/(older copy|was cut|another version)/);
    expect((await after.store.getCase(meta?.id ?? ''))?.log.some((e) => e.type === 'note')).toBe(false);
  });

  it('rotates the key: every file re-encrypted, readable with the new key only, and a second run changes nothing', async () => {
    const oldKey = newKey();
    const r = await start({ DATA_ENCRYPTION_KEY: oldKey.toString('hex') });
    const u = new GatewayUser(() => r.gateway, 'web:melder-1');
    await caseToDecision(u, 'Melden bij Veilig Thuis', 'Ja');
    await r.close();
    running.pop();
    const next = newKey();
    const rewritten = await rotateKey(dataDir, oldKey, next);
    expect(rewritten).toBeGreaterThan(5);
    expect(await rotateKey(dataDir, oldKey, next)).toBe(0);
    await expect(start({ DATA_ENCRYPTION_KEY: oldKey.toString('hex') })).rejects.toThrow(/another key/);
    const withNew = await start({ DATA_ENCRYPTION_KEY: next.toString('hex') });
    const [meta] = await withNew.store.listCases();
    expect(JSON.stringify((await withNew.store.getCase(meta?.id ?? ''))?.log)).toContain('blauwe plek');
  });
});
