/** The file store (lowdb documents over the encrypted journal), split up under file/; this keeps its import path. */
export { LowdbStore, type LowdbStoreOptions } from './file/store.js';
export { QUEUE_FILE, DEADLINE_SETS_DIR, namedFiles, namedPath, dataFolderHoldsData, type NamedFile } from './file/layout.js';
