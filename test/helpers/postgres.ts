/**
 * Gating for tests that need PostgreSQL. They run when DATABASE_URL is set (e.g.
 * postgres://postgres@127.0.0.1:5432/test; .ci/run sets it). Without it they are reported as
 * skipped by name, except in CI (CI set), where a missing or unreachable database fails the file.
 */
import { describe } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DATABASE_URL = process.env.DATABASE_URL?.trim() || undefined;
export const HOW_TO_RUN = 'set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test';

/** `describe` when a database is configured; otherwise the skipping variant, so every test is listed as skipped. */
export const pgDescribe = DATABASE_URL ? describe : describe.skip;

/** The title of the gated block: says how to run it when it is skipped. */
export function pgTitle(name: string): string {
  return DATABASE_URL ? name : `${name} (skipped: ${HOW_TO_RUN})`;
}

/**
 * Call at the top of a test file (top-level await). Throws, failing the file with a clear message,
 * when CI has no DATABASE_URL or when the configured database cannot be reached.
 */
export async function checkDatabase(): Promise<void> {
  if (!DATABASE_URL) {
    if (process.env.CI) throw new Error(`DATABASE_URL is not set: in CI the PostgreSQL tests must run (${HOW_TO_RUN}; .ci/run does).`);
    return;
  }
  const probe = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await probe.connect();
    await probe.query('SELECT 1');
  } catch (err) {
    throw new Error(`PostgreSQL at DATABASE_URL is not reachable (${err instanceof Error ? err.message : String(err)}): start it, or unset DATABASE_URL outside CI.`);
  } finally {
    await probe.end().catch(() => undefined);
  }
}

/** A fresh, unique schema name for one test. */
export function testSchemaName(): string {
  return `mc_test_${randomBytes(6).toString('hex')}`;
}
