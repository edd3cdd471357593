/**
 * Brings stored data up to this version (`npm run migrate`), with the server stopped or not:
 *
 * - PostgreSQL (DATABASE_URL set): creates or upgrades the tables in DATABASE_SCHEMA (default
 *   "meldcode"); idempotent, and safe while instances run or start (they run the same migration
 *   at start-up, under the same advisory lock). Then, with the data key, renames `key_hash`,
 *   `owner_hash` and the user documents of a schema of an earlier version from plain SHA-256 to
 *   keyed names (names.ts), once, in one transaction.
 * - The data folder (no DATABASE_URL): takes over what an earlier version left (files not chained
 *   are converted, files named by plain SHA-256 renamed to keyed names, a single-file anchor split
 *   into shards, outbox items and deadlines of a file each taken into the queue and their case's
 *   file; src/store/file/takeover.ts), and reads every case, so a damaged file shows now. With the
 *   server stopped: the store takes no lock against another process.
 *
 * The server does the same takeover when it opens the store (never later, on a read); this does it
 * beforehand and says what it did.
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { resolveKey } from '../src/app/keys.js';
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { storedDataAt } from '../src/store/index.js';
import { SHARD_DIR } from '../src/store/anchor.js';
import { LowdbStore } from '../src/store/lowdb.js';
import { migrate, PostgresStore } from '../src/store/postgres.js';
import { StoreError } from '../src/store/store.js';

/** Whether a data key is configured (a migration creates none: that is for the first start). */
function keyConfigured(config: Config): boolean {
  return config.encryption.key !== undefined || existsSync(config.encryption.keyFile);
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

async function migrateFolder(config: Config): Promise<string> {
  const where = `Data folder ${config.dataDir}`;
  const held = await storedDataAt(config);
  if (held === undefined) return `${where} holds no data: nothing to migrate.`;
  if (!keyConfigured(config)) throw new ConfigError(`${held} holds data, but no data key is configured (DATA_ENCRYPTION_KEY / DATA_KEY_FILE).`);
  const { cipher } = await resolveKey(config.encryption);
  let renamed = 0;
  const done: string[] = [];
  const store = await LowdbStore.open(config.dataDir, {
    cipher,
    compactAfterMs: 0,
    log: (event, fields) => {
      if (event === 'store.renamed') renamed = Number(fields?.files);
      if (event === 'store.anchor_split') done.push(`the anchor's ${plural(Number(fields?.records), 'record')} split into shards (${SHARD_DIR}/)`);
      if (event === 'store.converted' && Number(fields?.files) > 0) done.push(`${plural(Number(fields?.files), 'file')} converted to the chained format`);
      if (event === 'store.taken_in') done.push(`${plural(Number(fields?.outboxItems), 'outbox item file')} and ${plural(Number(fields?.deadlines), 'deadline file')} of an earlier version taken in`);
    },
  });
  try {
    await store.verify();
  } finally {
    await store.close();
  }
  if (renamed > 0) done.push(`${plural(renamed, 'file')} renamed to keyed names`);
  return done.length === 0 ? `${where} is up to date.` : done.map((line) => `${where}: ${line}.`).join('\n');
}

async function migrateDatabase(config: Config, url: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: url, max: 1, application_name: 'meldcode-assistent-migrate' });
  pool.on('error', () => undefined);
  let applied: number;
  try {
    applied = await migrate(pool, config.databaseSchema);
  } finally {
    await pool.end();
  }
  const schema = `Schema "${config.databaseSchema}"`;
  const lines = [applied === 0 ? `${schema} is up to date.` : `${schema}: ${applied} migration step${applied === 1 ? '' : 's'} applied.`];
  if (!keyConfigured(config)) {
    lines.push('No data key is configured: names are made keyed when the server first starts with its key.');
    return lines.join('\n');
  }
  const { cipher } = await resolveKey(config.encryption);
  const store = await PostgresStore.open(url, { cipher, schema: config.databaseSchema, migrate: false, poolSize: 1, lockPoolSize: 1 });
  const renamed = store.renamed;
  await store.close();
  if (renamed > 0) lines.push(`${schema}: ${renamed} row${renamed === 1 ? '' : 's'} renamed to keyed names.`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const report = config.databaseUrl ? await migrateDatabase(config, config.databaseUrl) : await migrateFolder(config);
  process.stdout.write(`${report}\n`);
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof StoreError;
  process.stderr.write(`Migration failed: ${known ? err.message : String(err)}\n`);
  process.exit(1);
});
