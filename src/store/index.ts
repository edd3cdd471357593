/**
 * The persistence layer. Code that needs storage depends on the {@link Store} interface; the
 * app opens the file-backed store with {@link openStore}, unit tests use {@link MemoryStore}.
 */
import { LowdbStore } from './lowdb.js';
import type { Store } from './store.js';

export { StoreError, ID_PATTERN } from './store.js';
export type { Store, OutboxItem, CaseFilter, StoreErrorCode } from './store.js';
export { MemoryStore } from './memory.js';
export { LowdbStore } from './lowdb.js';
export type { LowdbStoreOptions } from './lowdb.js';
export { KeyedMutex } from './locks.js';

/** Opens (creating if needed) the file-backed store in `dataDir`. */
export async function openStore(dataDir: string): Promise<Store> {
  return LowdbStore.open(dataDir);
}
