/**
 * All configuration, parsed and validated once at start-up. `process.env` is read only here
 * (and passed in by the entry point), so the rest of the code gets typed values.
 */
import path from 'node:path';
import type { Lang } from './domain/types.js';

export interface Config {
  /** Folder for the lowdb data files. */
  dataDir: string;
  /** Language for a user whose platform gives no locale. */
  defaultLang: Lang;
  /** Days after a help decision until afweging 5 ("leidt de hulp tot duurzame veiligheid?") is asked again. */
  followUpDays: number;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const lang = env.DEFAULT_LANG ?? 'nl';
  if (lang !== 'nl' && lang !== 'en') throw new ConfigError(`DEFAULT_LANG must be "nl" or "en", not "${lang}".`);
  const days = Number(env.FOLLOWUP_DAYS ?? '42');
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new ConfigError(`FOLLOWUP_DAYS must be a whole number of days from 1 to 365, not "${env.FOLLOWUP_DAYS}".`);
  }
  return { dataDir: path.resolve(env.DATA_DIR ?? './data'), defaultLang: lang, followUpDays: days };
}
