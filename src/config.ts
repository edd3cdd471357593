/**
 * All configuration, parsed and validated once at start-up. `process.env` is read only here
 * (and passed in by the entry point), so the rest of the code gets typed values.
 */
import path from 'node:path';
import type { Lang } from './domain/types.js';

/** Bot Framework credentials; all empty in local mode (no authentication, 127.0.0.1 only). */
export interface TeamsConfig {
  appId: string;
  appPassword: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId: string;
}

export interface Config {
  /** Port of the HTTP server (Teams endpoint, health check, local web chat). */
  port: number;
  /** Interface to listen on: 127.0.0.1 in local mode, all interfaces with credentials. */
  host: string;
  /** No Bot Framework credentials: unauthenticated endpoint and the local web chat. */
  localMode: boolean;
  teams: TeamsConfig;
  /** AAD object ids allowed to register the aandachtsfunctionaris channel in Teams. */
  adminIds: ReadonlySet<string>;
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
  const appId = (env.MicrosoftAppId ?? '').trim();
  const production = env.NODE_ENV === 'production';
  if (production && appId === '') {
    throw new ConfigError(
      'NODE_ENV=production but MicrosoftAppId is not set. Without it every request to /api/messages would be accepted ' +
        'without authentication. Set MicrosoftAppId and MicrosoftAppPassword, or run without NODE_ENV=production for local use.',
    );
  }
  const appType = env.MicrosoftAppType ?? 'MultiTenant';
  if (appType !== 'MultiTenant' && appType !== 'SingleTenant' && appType !== 'UserAssignedMSI') {
    throw new ConfigError(`MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI, not "${appType}".`);
  }
  if (appId !== '' && appType === 'SingleTenant' && !env.MicrosoftAppTenantId) {
    throw new ConfigError('MicrosoftAppType=SingleTenant needs MicrosoftAppTenantId.');
  }
  const port = Number(env.PORT ?? '3978');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, not "${env.PORT}".`);
  const localMode = appId === '';
  return {
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    defaultLang: lang,
    followUpDays: days,
    port,
    host: localMode ? '127.0.0.1' : (env.HOST ?? '0.0.0.0'),
    localMode,
    teams: { appId, appPassword: env.MicrosoftAppPassword ?? '', appType, tenantId: env.MicrosoftAppTenantId ?? '' },
    adminIds: new Set((env.AF_ADMIN_IDS ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
  };
}
