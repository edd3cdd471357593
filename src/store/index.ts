/**
 * The persistence layer. Code that needs storage depends on the {@link Store} interface; the
 * app opens the file-backed store with {@link openStore}, unit tests use {@link MemoryStore}.
 */
import { LowdbStore } from './lowdb.js';
import type { Store } from './store.js';
import type { DataCipher } from './crypto.js';

export { StoreError, ID_PATTERN } from './store.js';
export type { Store, OutboxItem, CaseFilter, StoreErrorCode } from './store.js';
export { MemoryStore } from './memory.js';
export { LowdbStore } from './lowdb.js';
export type { LowdbStoreOptions } from './lowdb.js';
export { KeyedMutex } from './locks.js';
export { DataCipher, parseKey, newKey } from './crypto.js';

/** Opens (creating if needed) the file-backed store in `dataDir`, and checks that every case file can be read. */
export async function openStore(dataDir: string, cipher?: DataCipher): Promise<Store> {
  const store = await LowdbStore.open(dataDir, { cipher });
  await store.verify();
  return store;
}
