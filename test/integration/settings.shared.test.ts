/**
 * Organisation settings live in the store: a beheerder's change in chat reaches every instance on one database,
 * survives a restart on the data files without the settings file overwriting it, and an invalid settings file
 * still refuses start-up. Instances are real servers (startServer) driven through their gateway, as a channel does.
 *
 * The PostgreSQL part needs DATABASE_URL; see test/helpers/postgres.ts for how it is skipped or fails without one.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { SettingsError } from '../../src/org/settings.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server.js';
import { GatewayUser } from '../helpers/gatewayUser.js';
import { checkDatabase, DATABASE_URL, pgDescribe, pgTitle, testSchemaName } from '../helpers/postgres.js';

await checkDatabase();

jest.setTimeout(60_000);

const BEHEERDER = 'teams:beheer-bea';
const NEW_AF = 'teams:af-nieuw';
const OTHER_AF = 'teams:af-ander';
const ONLY_LEADS = 'Alleen aandachtsfunctionarissen';

const running: RunningServer[] = [];
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc-settings-'));
  dirs.push(dir);
  return dir;
}

async function start(env: Record<string, string>, opts: ServerOptions = {}): Promise<RunningServer> {
  // settingsMaxAgeMs 0: every turn reads the stored settings, so no test depends on a cache running out.
  const r = await startServer(loadConfig({ PORT: '0', RATE_LIMIT_PER_MINUTE: '0', ...env }), { log: () => undefined, schedulerIntervalMs: 0, settingsMaxAgeMs: 0, ...opts });
  running.push(r);
  return r;
}

async function stop(r: RunningServer): Promise<void> {
  running.splice(running.indexOf(r), 1);
  await r.close();
}

async function closeAll(): Promise<void> {
  for (const r of running.splice(0)) await r.close();
}

afterEach(async () => {
  await closeAll();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const as = (r: RunningServer, key: string) => new GatewayUser(() => r.gateway, key);

pgDescribe(pgTitle('settings shared through PostgreSQL'), () => {
  const schemas: string[] = [];

  afterEach(async () => {
    // Servers first: closing one still writes to its schema.
    await closeAll();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    for (const s of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await client.end();
  });

  async function twoInstances(): Promise<[RunningServer, RunningServer]> {
    const dir = await tempDir();
    const schema = testSchemaName();
    schemas.push(schema);
    const file = path.join(dir, 'settings.json');
    await writeFile(file, JSON.stringify({ beheerders: [BEHEERDER] }));
    const key = randomBytes(32).toString('hex');
    const env = (name: string) => ({ DATABASE_URL: DATABASE_URL!, DATABASE_SCHEMA: schema, DATA_ENCRYPTION_KEY: key, DATA_DIR: path.join(dir, name), SETTINGS_FILE: file });
    const a = await start(env('a'));
    const b = await start(env('b'));
    return [a, b];
  }

  it('treats a user as a lead on instance B once a beheerder added them in chat on instance A', async () => {
    // Arrange
    const [a, b] = await twoInstances();
    expect((await as(b, NEW_AF).say('open zaken')).text()).toContain(ONLY_LEADS);

    // Act
    const saved = await as(a, BEHEERDER).say(`instelling af-toevoegen ${NEW_AF}`);

    // Assert
    expect(saved.text()).toContain('Opgeslagen');
    expect((await as(b, NEW_AF).say('open zaken')).text()).not.toContain(ONLY_LEADS);
    expect(b.settings.get().aandachtsfunctionarissen).toEqual([NEW_AF]);
  });

  it('stops treating a user as a lead on instance A once a beheerder removed them on instance B', async () => {
    const [a, b] = await twoInstances();
    await as(a, BEHEERDER).say(`instelling af-toevoegen ${NEW_AF}`);
    expect((await as(a, NEW_AF).say('open zaken')).text()).not.toContain(ONLY_LEADS);

    await as(b, BEHEERDER).say(`instelling af-verwijderen ${NEW_AF}`);

    expect((await as(a, NEW_AF).say('open zaken')).text()).toContain(ONLY_LEADS);
  });

  it('keeps both of two changes made at the same moment on the two instances', async () => {
    const [a, b] = await twoInstances();

    const [onA, onB] = await Promise.all([as(a, BEHEERDER).say(`instelling af-toevoegen ${NEW_AF}`), as(b, BEHEERDER).say(`instelling af-toevoegen ${OTHER_AF}`)]);

    expect([onA.text(), onB.text()].every((t) => t.includes('Opgeslagen'))).toBe(true);
    await as(a, BEHEERDER).say('instellingen');
    await as(b, BEHEERDER).say('instellingen');
    expect([...a.settings.get().aandachtsfunctionarissen].sort()).toEqual([OTHER_AF, NEW_AF].sort());
    expect([...b.settings.get().aandachtsfunctionarissen].sort()).toEqual([OTHER_AF, NEW_AF].sort());
  });
});

describe('settings on the data files', () => {
  async function fileInstance(dir: string, opts: ServerOptions = {}): Promise<RunningServer> {
    return start({ DATA_DIR: path.join(dir, 'data'), SETTINGS_FILE: path.join(dir, 'settings.json') }, opts);
  }

  it('keeps a change made in chat across a restart, without the settings file overwriting it', async () => {
    // Arrange
    const dir = await tempDir();
    const file = path.join(dir, 'settings.json');
    await writeFile(file, JSON.stringify({ beheerders: [BEHEERDER] }));
    const first = await fileInstance(dir);
    await as(first, BEHEERDER).say(`instelling af-toevoegen ${NEW_AF}`);
    await stop(first);
    const fileAfter = await readFile(file, 'utf8');
    const events: string[] = [];

    // Act
    const second = await fileInstance(dir, { log: (event) => events.push(event) });

    // Assert
    expect((await as(second, NEW_AF).say('open zaken')).text()).not.toContain(ONLY_LEADS);
    expect(JSON.parse(fileAfter)).toEqual({ beheerders: [BEHEERDER] });
    expect(events).toContain('settings.file.ignored');
  });

  it('puts the settings file back in the store when asked to reseed', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ beheerders: [BEHEERDER] }));
    const first = await fileInstance(dir);
    await as(first, BEHEERDER).say(`instelling af-toevoegen ${NEW_AF}`);
    await stop(first);

    const second = await fileInstance(dir, { reseedSettings: true });

    expect((await as(second, NEW_AF).say('open zaken')).text()).toContain(ONLY_LEADS);
    expect(second.settings.get().aandachtsfunctionarissen).toEqual([]);
  });

  it('refuses to start with an invalid settings file, naming the field, also when the store holds settings', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'settings.json');
    await writeFile(file, JSON.stringify({ beheerders: [BEHEERDER] }));
    await stop(await fileInstance(dir));
    await writeFile(file, JSON.stringify({ beheerders: [BEHEERDER], reminders: { nudgeDays: 0 } }));

    const err = await fileInstance(dir).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(err).toBeInstanceOf(SettingsError);
    expect((err as SettingsError).field).toBe('reminders.nudgeDays');
    expect((err as SettingsError).message).toContain('reminders.nudgeDays');
    expect((err as SettingsError).message).toContain(file);
  });
});
