/**
 * The start-up that the server (`npm start`, src/main.ts) and the terminal chat (`npm run chat`,
 * src/cli.ts) share: configuration (.env, then the environment), the data encryption key, the store
 * (the data files, or PostgreSQL with DATABASE_URL) and the organisation settings (the store's,
 * seeded from the settings file on a first start), and how a failed start is told.
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { loadSettingsFile, SettingsError } from '../org/settings.js';
import { StoredSettings } from '../org/stored.js';
import { openStore, storedDataAt } from '../store/index.js';
import type { Logger } from '../log.js';
import { StoreError, type Store } from '../store/store.js';
import { resolveKey } from './keys.js';

/** The configuration: `.env` in the working folder (when there is one) first, then the environment. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return loadConfig(env);
}

export interface OpenedData {
  store: Store;
  settings: StoredSettings;
  /** Set when a data encryption key file was created at this start (local use): its path. */
  keyCreated?: string;
}

export interface OpenDataOptions {
  log: Logger;
  /** The settings file replaces the settings in the store (`--reseed-settings`). */
  reseedSettings?: boolean;
  /**
   * What the store reads before it is handed out (see `openStore`): `all` (the default) everything;
   * `serve` what the server needs before its first turn, the rest left to its integrity sweep.
   */
  check?: 'all' | 'serve';
}

/**
 * Opens the store with the configured key and reads the settings. An invalid settings file refuses
 * start-up (SettingsError naming the field), also when the store holds settings already: a broken
 * file is a mistake to fix, not something to ignore. On failure nothing is left open.
 */
export async function openData(config: Config, opts: OpenDataOptions): Promise<OpenedData> {
  const seed = await loadSettingsFile(config.settingsFile);
  const key = await resolveKey(config.encryption, () => storedDataAt(config));
  const store = await openStore(config, key.cipher, { log: opts.log, check: opts.check });
  try {
    const settings = await StoredSettings.open(store, { seed, reseed: opts.reseedSettings === true, log: opts.log });
    return { store, settings, ...(key.created ? { keyCreated: key.created } : {}) };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** The line for the person who started it, when start-up fails: the message of a known error, never a stack. */
export function startFailure(err: unknown, known: ReadonlyArray<abstract new (...args: never[]) => Error> = []): string {
  const isKnown = [ConfigError, StoreError, SettingsError, ...known].some((k) => err instanceof k);
  return `Meldcode-assistent kon niet starten: ${isKnown ? (err as Error).message : String(err)}\n`;
}

/** The notice that a new key file was made (it must be kept apart from the data). */
export function keyCreatedNotice(path: string): string {
  return `Nieuwe sleutel voor versleuteling van de gegevens aangemaakt: ${path} (bewaar hem buiten de gegevensmap; zonder sleutel zijn de gegevens onleesbaar).\n`;
}
