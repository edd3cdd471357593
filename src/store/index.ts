/**
 * The persistence layer. Code that needs storage depends on the {@link Store} interface; the
 * app opens the file-backed store, or the PostgreSQL store when a database is configured, with
 * {@link openStore}; unit tests use {@link MemoryStore}.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ANCHOR_FILE } from './anchor.js';
import { dataFolderHoldsData, LowdbStore } from './lowdb.js';
import type { Store } from './store.js';
import type { DataCipher } from './crypto.js';
import type { LowdbStoreOptions } from './lowdb.js';

export { StoreError, ID_PATTERN } from './store.js';
export { isStoreOutage } from './store.js';
export type { Store, OutboxItem, CaseFilter, StoreErrorCode, Readiness, NotReadyReason, DamagedFile, DamageReason } from './store.js';
export { MemoryStore } from './memory.js';
export { LowdbStore } from './lowdb.js';
export type { LowdbStoreOptions } from './lowdb.js';
export type { PostgresStoreOptions } from './postgres.js';
export { KeyedMutex } from './locks.js';
export { DataCipher, parseKey, newKey } from './crypto.js';

/** Where the data live: a data directory (file store), or a PostgreSQL database when `databaseUrl` is set. */
export interface StoreLocation {
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL schema; default "meldcode". */
  databaseSchema?: string;
}

export interface OpenStoreOptions extends Pick<LowdbStoreOptions, 'log'> {
  /**
   * What is read before the store is handed out, a damaged file there refusing it: `all` (the
   * default) every case, outbox item and deadline, and that every recorded file is there
   * (`Store.verify`); `serve` what a server needs before its first turn (the key check and the
   * outbox), the rest left to the integrity sweep the server runs once it listens (`Store.sweep`).
   */
  check?: 'all' | 'serve';
}

/**
 * Opens the store and checks what `options.check` says can be read. A string is a data directory
 * for the file store (created if needed). With a `databaseUrl` the PostgreSQL store is opened
 * instead; its schema is created or upgraded first (idempotent).
 */
export async function openStore(where: string | StoreLocation, cipher?: DataCipher, options: OpenStoreOptions = {}): Promise<Store> {
  const location = typeof where === 'string' ? { dataDir: where } : where;
  // pg is loaded only when a database is configured: a file-store instance does not carry it in memory.
  const store = location.databaseUrl
    ? await (await import('./postgres.js')).PostgresStore.open(location.databaseUrl, { cipher, schema: location.databaseSchema, log: options.log })
    : await LowdbStore.open(location.dataDir, { cipher, log: options.log });
  try {
    await (options.check === 'serve' ? store.verifyServe() : store.verify());
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/**
 * Where data are stored, as a phrase for a message, when the location already holds data; else
 * undefined. Reads only: used before a key is created, to refuse creating one for existing data.
 */
export async function storedDataAt(location: StoreLocation): Promise<string | undefined> {
  if (location.databaseUrl) {
    const schema = location.databaseSchema ?? 'meldcode';
    return (await (await import('./postgres.js')).schemaHoldsData(location.databaseUrl, schema)) ? `PostgreSQL schema "${schema}"` : undefined;
  }
  if (!(await dataFolderHoldsData(location.dataDir))) return undefined;
  return existsSync(path.join(location.dataDir, ANCHOR_FILE))
    ? `DATA_DIR ${location.dataDir}`
    : `DATA_DIR ${location.dataDir} (written without a key: encrypt it with \`npm run rotate-key\` before starting, see README)`;
}
