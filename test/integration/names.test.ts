/**
 * Keyed pseudonyms (names.ts): no file, document or key column is named by the plain SHA-256 of a
 * platform id; folders and schemas of the earlier naming are converted; a key rotation renames.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { rotateKey } from '../../scripts/rotate-key.js';
import { profileDocName } from '../../src/store/profiles.js';
import type { Deadline } from '../../src/cases/types.js';
import { inboxDoc } from '../../src/channels/web/notify.js';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { Anchor, CHECK_TEXT } from '../../src/store/anchor.js';
import { DataCipher, newKey } from '../../src/store/crypto.js';
import { Journal } from '../../src/store/journal.js';
import { LowdbStore } from '../../src/store/lowdb.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { caseToDecision, GatewayUser } from '../helpers/gatewayUser.js';
import { checkDatabase, DATABASE_URL, pgDescribe, pgTitle, testSchemaName } from '../helpers/postgres.js';
import { makeEntry, makeMeta } from '../unit/store.contract.js';

await checkDatabase();

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const MIA = 'web:melder-mia';
const ANNA = 'teams:aad-anna';
const DEADLINE: Deadline = { id: 'claim-reminder-c1', caseId: 'c1', kind: 'claim-reminder', dueAt: '2030-01-01T09:00:00.000Z', createdAt: '2025-01-01T10:00:00.000Z' };

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

/** Every file under `dir`, as paths relative to it. */
async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** Runs of 8 or more hex characters in `names` that are a prefix of the SHA-256 of one of `ids`. */
function plainHashesIn(names: readonly string[], ids: readonly string[]): string[] {
  const hashes = ids.map(sha256);
  return names.flatMap((name) => (name.match(/[0-9a-f]{8,}/g) ?? []).filter((run) => hashes.some((h) => h.startsWith(run))).map((run) => `${name} (${run})`));
}

/**
 * A data folder as the previous version wrote it (the fixture copies its naming): files named by
 * the plain SHA-256 of the ids, and a key check that records the files but no naming scheme.
 */
async function writeOldFolder(dir: string, cipher: DataCipher): Promise<void> {
  for (const sub of ['users', 'cases', 'docs', 'case-deadlines']) await mkdir(path.join(dir, sub), { recursive: true, mode: 0o700 });
  const journal = Anchor.journal(dir, cipher);
  const value = { check: CHECK_TEXT };
  journal.compact(value);
  const anchor = Anchor.opened(journal, value);
  const put = (rel: string, data: unknown) => new Journal(path.join(dir, rel), cipher, rel, { anchor }).compact(data);
  put(`users/${sha256(MIA)}.json`, { state: { who: 'mia' } });
  // A user without a case: nothing in the files names her, only her file's name.
  put(`users/${sha256(ANNA)}.json`, { state: { who: 'anna' } });
  put('cases/c1.json', { meta: makeMeta('c1', { owner: MIA }), log: [makeEntry(0)] });
  put(`case-deadlines/${sha256('c1').slice(0, 40)}.json`, { caseId: 'c1', deadlines: { [DEADLINE.id]: DEADLINE } });
  put(`docs/profile-${sha256(ANNA).slice(0, 40)}.json`, { value: { name: 'Anna' } });
  put(`docs/inbox-${sha256(MIA).slice(0, 40)}.json`, { value: [{ card: 1 }] });
  put('docs/web-feed.json', { value: [] });
  anchor.close();
}

/** Everything {@link writeOldFolder} holds, as read through `store`. */
async function readBack(store: LowdbStore | PostgresStore): Promise<unknown> {
  return {
    mia: await store.loadUser(MIA),
    anna: await store.loadUser(ANNA),
    miasCases: (await store.listCases({ owner: MIA })).map((m) => m.id),
    annasProfile: await store.getDoc(profileDocName(store, ANNA)),
    miasInbox: await store.getDoc(inboxDoc(store, MIA)),
  };
}

const EXPECTED = { mia: { who: 'mia' }, anna: { who: 'anna' }, miasCases: ['c1'], annasProfile: { name: 'Anna' }, miasInbox: [{ card: 1 }] };

describe('keyed names in the data folder', () => {
  let root: string;
  let dataDir: string;
  const running: RunningServer[] = [];
  const stores: LowdbStore[] = [];

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'mc-names-'));
    dataDir = path.join(root, 'data');
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.close().catch(() => undefined);
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });

  async function open(key: Buffer): Promise<LowdbStore> {
    const store = await LowdbStore.open(dataDir, { cipher: new DataCipher(key), compactAfterMs: 0 });
    stores.push(store);
    return store;
  }

  it('names no file after the plain SHA-256 of a user key once a user has filed a case through the server', async () => {
    // Arrange
    const r = await startServer(loadConfig({ DATA_DIR: dataDir, PORT: '0', SETTINGS_FILE: path.join(root, 'settings.json') }), { log: () => undefined, schedulerIntervalMs: 0 });
    running.push(r);
    const u = new GatewayUser(() => r.gateway, MIA);

    // Act
    await caseToDecision(u);
    const [meta] = await r.store.listCases({ owner: MIA });
    await r.close();

    // Assert
    const files = await filesIn(dataDir);
    expect(meta).toBeDefined();
    expect(files.filter((f) => f.startsWith('users/'))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('case-deadlines/')).length).toBeGreaterThan(0);
    expect(plainHashesIn(files, [MIA, meta?.id ?? ''])).toEqual([]);
  }, 60_000);

  it('gives the same conversation other case ids under another data key (they are derived from keyed turn ids)', async () => {
    // Arrange
    const caseIdUnder = async (key: Buffer, folder: string): Promise<string | undefined> => {
      const r = await startServer(
        loadConfig({ DATA_DIR: path.join(root, folder), PORT: '0', SETTINGS_FILE: path.join(root, 'settings.json'), DATA_ENCRYPTION_KEY: key.toString('hex') }),
        { log: () => undefined, schedulerIntervalMs: 0 },
      );
      running.push(r);
      await caseToDecision(new GatewayUser(() => r.gateway, MIA));
      return (await r.store.listCases({ owner: MIA }))[0]?.id;
    };
    const key = newKey();

    // Act
    const first = await caseIdUnder(key, 'one');
    const same = await caseIdUnder(key, 'two');
    const other = await caseIdUnder(newKey(), 'three');

    // Assert
    expect(first).toMatch(/^[0-9a-f]{24}$/);
    expect(same).toBe(first);
    expect(other).not.toBe(first);
  }, 60_000);

  it('names no user, profile, inbox, lead-question or deadline file after the plain SHA-256 of its id', async () => {
    // Arrange
    const store = await open(newKey());

    // Act
    await store.saveUser(ANNA, { who: 'anna' });
    await store.createCase(makeMeta('c1', { owner: ANNA }));
    await store.addDeadline(DEADLINE);
    await store.putDoc(profileDocName(store, ANNA), { name: 'Anna' });
    await store.putDoc(inboxDoc(store, ANNA), []);
    await store.putDoc(`leadq-${store.names.name(ANNA, 40)}`, null);
    await store.close();

    // Assert
    const files = await filesIn(dataDir);
    expect(files.filter((f) => f.startsWith('docs/'))).toHaveLength(3);
    expect(plainHashesIn(files, [ANNA, 'c1'])).toEqual([]);
  });

  it('renames a folder of the earlier naming at start-up, after which every user, case, document and deadline is found under its keyed name', async () => {
    // Arrange
    const key = newKey();
    await writeOldFolder(dataDir, new DataCipher(key));

    // Act
    const store = await open(key);
    const read = await readBack(store);
    const deadlines = await store.pendingDeadlines();
    await store.close();
    const again = await open(key);
    await again.verify();

    // Assert
    expect(read).toEqual(EXPECTED);
    expect(deadlines.map((d) => d.id)).toEqual([DEADLINE.id]);
    expect(await readBack(again)).toEqual(EXPECTED);
    const files = await filesIn(dataDir);
    expect(files.filter((f) => f.startsWith('users/'))).toHaveLength(2);
    expect(files).toContain(path.join('docs', 'web-feed.json'));
    expect(plainHashesIn(files, [MIA, ANNA, 'c1'])).toEqual([]);
  });

  it('renames a folder of the earlier naming with `npm run migrate`, before the server starts', async () => {
    // Arrange
    const key = newKey();
    await writeOldFolder(dataDir, new DataCipher(key));

    // Act
    const run = await runScript('scripts/migrate.ts', { DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: key.toString('hex') });
    const files = await filesIn(dataDir);
    const rerun = await runScript('scripts/migrate.ts', { DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: key.toString('hex') });

    // Assert
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('5 files renamed to keyed names');
    expect(rerun.stdout).toContain('is up to date');
    expect(plainHashesIn(files, [MIA, ANNA, 'c1'])).toEqual([]);
    expect(await readBack(await open(key))).toEqual(EXPECTED);
    // A child process compiling TypeScript with tsx: generous on a loaded machine.
  }, 60_000);

  it('renames every file to the new key’s names on a key rotation, after which the store opens with the new key and finds everything', async () => {
    // Arrange
    const oldKey = newKey();
    await writeOldFolder(dataDir, new DataCipher(oldKey));
    const before = await open(oldKey);
    const oldNames = { user: before.names.name(ANNA), profile: profileDocName(before, ANNA) };
    await before.close();
    const nextKey = newKey();

    // Act
    const count = await rotateKey(dataDir, oldKey, nextKey);
    const second = await rotateKey(dataDir, oldKey, nextKey);

    // Assert
    expect(count).toBeGreaterThan(0);
    expect(second).toBe(0);
    const files = await filesIn(dataDir);
    expect(files.some((f) => f.includes(oldNames.user) || f.includes(oldNames.profile))).toBe(false);
    const after = await open(nextKey);
    expect(await readBack(after)).toEqual(EXPECTED);
    expect((await after.pendingDeadlines()).map((d) => d.id)).toEqual([DEADLINE.id]);
    expect(files).toContain(path.join('users', `${after.names.name(ANNA)}.json`));
    await after.close();
    await expect(LowdbStore.open(dataDir, { cipher: new DataCipher(oldKey) })).rejects.toThrow(/another key/);
  });

  it('renames a folder of the earlier naming straight to the new key’s names on a key rotation', async () => {
    // Arrange
    const oldKey = newKey();
    await writeOldFolder(dataDir, new DataCipher(oldKey));
    const nextKey = newKey();

    // Act
    await rotateKey(dataDir, oldKey, nextKey);

    // Assert
    expect(plainHashesIn(await filesIn(dataDir), [MIA, ANNA, 'c1'])).toEqual([]);
    expect(await readBack(await open(nextKey))).toEqual(EXPECTED);
  });

  it.each([
    ['a folder with keyed names', false],
    ['a folder of the earlier naming', true],
  ])('finishes the renaming of %s when a rotation that stopped before writing its key check is run again', async (_label, old) => {
    // Arrange: the key check cannot be replaced (a directory in the way of its temporary file), so the first run stops after the data files.
    const oldKey = newKey();
    await writeOldFolder(dataDir, new DataCipher(oldKey));
    if (!old) await (await open(oldKey)).close();
    const blocker = path.join(dataDir, 'keycheck.json.rotate.tmp');
    await mkdir(blocker);
    const nextKey = newKey();
    const stopped = await rotateKey(dataDir, oldKey, nextKey).then(
      () => undefined,
      (err: unknown) => err,
    );
    await rm(blocker, { recursive: true });

    // Act
    await rotateKey(dataDir, oldKey, nextKey);

    // Assert
    expect(String(stopped)).toMatch(/EISDIR/);
    const after = await open(nextKey);
    await after.verify();
    expect(await readBack(after)).toEqual(EXPECTED);
    expect((await filesIn(dataDir)).filter((f) => f.startsWith('users/'))).toEqual(
      [ANNA, MIA].map((who) => path.join('users', `${after.names.name(who)}.json`)).sort(),
    );
  });

  it('removes, when run again, a file that an interrupted rotation had renamed but not yet removed', async () => {
    // Arrange: the rotation completed but for the removal of one old file (put back here).
    const oldKey = newKey();
    const store = await open(oldKey);
    await store.saveUser(ANNA, { who: 'anna' });
    const oldFile = path.join(dataDir, 'users', `${store.names.name(ANNA)}.json`);
    await store.close();
    await copyFile(oldFile, path.join(root, 'kept.json'));
    const nextKey = newKey();
    await rotateKey(dataDir, oldKey, nextKey);
    await copyFile(path.join(root, 'kept.json'), oldFile);

    // Act
    await rotateKey(dataDir, oldKey, nextKey);

    // Assert
    expect(existsSync(oldFile)).toBe(false);
    const after = await open(nextKey);
    await after.verify();
    expect(await after.loadUser(ANNA)).toEqual({ who: 'anna' });
  });
});

pgDescribe(pgTitle('keyed names in PostgreSQL'), () => {
  const url = DATABASE_URL ?? '';
  let admin: pg.Client;
  let schema: string;
  const stores: PostgresStore[] = [];

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
  });
  beforeEach(() => {
    schema = testSchemaName();
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  async function open(key: Buffer): Promise<PostgresStore> {
    const store = await PostgresStore.open(url, { schema, cipher: new DataCipher(key), poolSize: 2, lockPoolSize: 1 });
    stores.push(store);
    return store;
  }

  /** Every key_hash, owner_hash and document name in the schema. */
  async function keyColumns(): Promise<string[]> {
    const users = await admin.query<{ v: string }>(`SELECT key_hash AS v FROM ${schema}.users`);
    const cases = await admin.query<{ v: string }>(`SELECT owner_hash AS v FROM ${schema}.cases`);
    const docs = await admin.query<{ v: string }>(`SELECT name AS v FROM ${schema}.docs`);
    return [...users.rows, ...cases.rows, ...docs.rows].map((r) => r.v);
  }

  /**
   * A schema as the previous version wrote it (the fixture copies its naming and encryption): plain
   * SHA-256 in key_hash, owner_hash and user document names, no naming scheme recorded.
   */
  async function writeOldSchema(key: Buffer): Promise<void> {
    const store = await open(key);
    await store.close();
    stores.pop();
    const cipher = new DataCipher(key);
    const seal = (aad: string, value: unknown) => cipher.encrypt(JSON.stringify(value), aad);
    await admin.query(`DELETE FROM ${schema}.store_meta WHERE name = 'names'`);
    for (const [who, state] of [[MIA, { who: 'mia' }], [ANNA, { who: 'anna' }]] as const) {
      await admin.query(`INSERT INTO ${schema}.users (key_hash, payload) VALUES ($1, $2)`, [sha256(who), seal(`users/${sha256(who)}`, { state })]);
    }
    const meta = makeMeta('c1', { owner: MIA });
    await admin.query(`INSERT INTO ${schema}.cases (id, owner_hash, status, created_at, updated_at, payload) VALUES ('c1', $1, 'open', $2, $2, $3)`, [
      sha256(MIA),
      meta.createdAt,
      seal('cases/c1', meta),
    ]);
    for (const [name, value] of [[`profile-${sha256(ANNA).slice(0, 40)}`, { name: 'Anna' }], [`inbox-${sha256(MIA).slice(0, 40)}`, [{ card: 1 }]]] as const) {
      await admin.query(`INSERT INTO ${schema}.docs (name, payload) VALUES ($1, $2)`, [name, seal(`docs/${name}`, { value })]);
    }
  }

  it('keeps no key_hash, owner_hash or user document name equal to the plain SHA-256 of the user key', async () => {
    // Arrange
    const store = await open(newKey());

    // Act
    await store.saveUser(ANNA, { who: 'anna' });
    await store.createCase(makeMeta('c1', { owner: ANNA }));
    await store.putDoc(profileDocName(store, ANNA), { name: 'Anna' });

    // Assert
    const columns = await keyColumns();
    expect(columns).toHaveLength(3);
    expect(plainHashesIn(columns, [ANNA])).toEqual([]);
    expect((await store.listCases({ owner: ANNA })).map((m) => m.id)).toEqual(['c1']);
    expect(await store.loadUser(ANNA)).toEqual({ who: 'anna' });
  });

  it('renames a schema of the earlier naming with `npm run migrate`, after which every user, case and document is found', async () => {
    // Arrange
    const key = newKey();
    await writeOldSchema(key);

    // Act
    const run = await runScript('scripts/migrate.ts', { DATABASE_URL: url, DATABASE_SCHEMA: schema, DATA_ENCRYPTION_KEY: key.toString('hex') });
    const columns = await keyColumns();
    const rerun = await runScript('scripts/migrate.ts', { DATABASE_URL: url, DATABASE_SCHEMA: schema, DATA_ENCRYPTION_KEY: key.toString('hex') });

    // Assert
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('5 rows renamed to keyed names');
    expect(rerun.stdout).not.toContain('renamed');
    expect(plainHashesIn(columns, [MIA, ANNA])).toEqual([]);
    expect(await readBack(await open(key))).toEqual(EXPECTED);
  }, 60_000);

  it('renames a schema of the earlier naming when a store opens it with the key', async () => {
    // Arrange
    const key = newKey();
    await writeOldSchema(key);

    // Act
    const store = await open(key);

    // Assert
    expect(store.renamed).toBe(5);
    expect(await readBack(store)).toEqual(EXPECTED);
    expect(plainHashesIn(await keyColumns(), [MIA, ANNA])).toEqual([]);
  });
});
