/** The PostgreSQL store, split up under postgres/; this keeps its import path. */
export { PostgresStore, type PostgresStoreOptions } from './postgres/store.js';
export { DEFAULT_SCHEMA, SCHEMA_PATTERN, migrate, schemaHoldsData } from './postgres/schema.js';
