/**
 * Creates or upgrades the PostgreSQL schema (`npm run migrate`): the tables of the PostgreSQL store
 * in DATABASE_SCHEMA (default "meldcode") of the database at DATABASE_URL. Idempotent, and safe while
 * instances run or start (they run the same migration at start-up, under the same advisory lock).
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { ConfigError, loadConfig } from '../src/config.js';
import { migrate } from '../src/store/postgres.js';
import { StoreError } from '../src/store/store.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is not set: there is no database to migrate (the file store needs no migration).');
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1, application_name: 'meldcode-assistent-migrate' });
  pool.on('error', () => undefined);
  try {
    const applied = await migrate(pool, config.databaseSchema);
    process.stdout.write(
      applied === 0
        ? `Schema "${config.databaseSchema}" is up to date.\n`
        : `Schema "${config.databaseSchema}": ${applied} migration step${applied === 1 ? '' : 's'} applied.\n`,
    );
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof StoreError;
  process.stderr.write(`Migration failed: ${known ? err.message : String(err)}\n`);
  process.exit(1);
});
