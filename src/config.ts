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

/** Slack app settings; `undefined` in Config when Slack is not configured. */
export interface SlackConfig {
  botToken: string;
  /** HTTP mode: requests to /slack/events are verified with this secret. */
  signingSecret?: string;
  /** Socket Mode (no public URL needed) when set instead of a signing secret. */
  appToken?: string;
  /** Web API base URL (tests; regional or government endpoints). */
  apiUrl?: string;
  /** Channel id of the aandachtsfunctionaris channel, if configured rather than registered with /meldcode kanaal. */
  afChannel?: string;
  /** Slack user ids allowed to register the channel with /meldcode kanaal. */
  adminIds: ReadonlySet<string>;
  /** Workspaces (team ids) whose members may use the app; empty = any workspace it is installed in. */
  allowedTeams: ReadonlySet<string>;
}

/** Where the data encryption key comes from. */
export interface EncryptionConfig {
  /** The key itself (DATA_ENCRYPTION_KEY: 64 hex or base64 of 32 bytes). */
  key?: string;
  /** A file holding the key, outside DATA_DIR (DATA_KEY_FILE; default `<DATA_DIR>.key`). */
  keyFile: string;
  /** Create the key file when it is missing: only outside production. */
  createIfMissing: boolean;
}

export interface Config {
  /** Port of the HTTP server (Teams endpoint, health check, local web chat). */
  port: number;
  /** Interface to listen on: 127.0.0.1 in local mode, all interfaces with credentials. */
  host: string;
  /** No credentials at all: unauthenticated Teams endpoint (for the Playground/Emulator) and the local web chat. */
  localMode: boolean;
  /** Whether /api/messages is served: with Teams credentials, or unauthenticated in local mode. */
  teamsEnabled: boolean;
  teams: TeamsConfig;
  /** AAD object ids allowed to register the aandachtsfunctionaris channel in Teams. */
  adminIds: ReadonlySet<string>;
  slack?: SlackConfig;
  /** Folder for the lowdb data files (not used when `databaseUrl` is set). */
  dataDir: string;
  /**
   * PostgreSQL connection URL (DATABASE_URL, postgres:// or postgresql://). When set, the data
   * live in PostgreSQL instead of `dataDir`, and several instances may share them.
   */
  databaseUrl?: string;
  /** PostgreSQL schema for the tables (DATABASE_SCHEMA, default "meldcode"). */
  databaseSchema: string;
  /** Language for a user whose platform gives no locale. */
  defaultLang: Lang;
  encryption: EncryptionConfig;
  /** Teams tenants whose members may use the bot; empty = any tenant the app is installed in. */
  allowedTenants: ReadonlySet<string>;
  /** Turns one user may take per minute before a friendly "slow down" (0 = no limit). */
  rateLimitPerMinute: number;
  /** The organisation settings file (roles, reminders, retention, social map); see docs/settings.md. */
  settingsFile: string;
  /** Public base URL of this server, for one-time download links; default: where it listens. https in production. */
  publicUrl?: string;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const lang = env.DEFAULT_LANG ?? 'nl';
  if (lang !== 'nl' && lang !== 'en') throw new ConfigError(`DEFAULT_LANG must be "nl" or "en", not "${lang}".`);
  const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined;
  if (publicUrl && !/^https?:\/\/[^/\s]+/.test(publicUrl)) throw new ConfigError(`PUBLIC_URL must be an http(s) URL, not "${publicUrl}".`);
  const appId = (env.MicrosoftAppId ?? '').trim();
  const production = env.NODE_ENV === 'production';
  const slackWanted = Boolean(env.SLACK_BOT_TOKEN?.trim());
  if (production && appId === '' && !slackWanted) {
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
  // Local mode: no credentials at all. With Slack but no Teams credentials the Teams endpoint is off instead.
  const localMode = appId === '' && !slackWanted;
  const list = (v: string | undefined) => new Set((v ?? '').split(',').map((x) => x.trim()).filter(Boolean));
  let slack: SlackConfig | undefined;
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  if (botToken) {
    const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || undefined;
    const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
    if (!signingSecret && !appToken) {
      throw new ConfigError('SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is.');
    }
    if (appToken && !appToken.startsWith('xapp-')) throw new ConfigError('SLACK_APP_TOKEN must be an app-level token (xapp-…).');
    const apiUrl = env.SLACK_API_URL?.trim() || undefined;
    if (apiUrl && !/^https?:\/\/[^/]+/.test(apiUrl)) throw new ConfigError(`SLACK_API_URL must be an http(s) URL, not "${apiUrl}".`);
    slack = { botToken, signingSecret, appToken, apiUrl, afChannel: env.SLACK_AF_CHANNEL?.trim() || undefined, adminIds: list(env.SLACK_ADMIN_IDS), allowedTeams: list(env.SLACK_ALLOWED_TEAMS) };
  } else if (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) {
    throw new ConfigError('SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set without SLACK_BOT_TOKEN.');
  }
  if (production && slack && !slack.signingSecret && !slack.appToken) throw new ConfigError('Slack needs a signing secret in production.');
  const rate = Number(env.RATE_LIMIT_PER_MINUTE ?? '60');
  if (!Number.isInteger(rate) || rate < 0 || rate > 10_000) throw new ConfigError(`RATE_LIMIT_PER_MINUTE must be a whole number from 0 to 10000, not "${env.RATE_LIMIT_PER_MINUTE}".`);
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  // The URL may hold a password: never quote it in a message.
  if (databaseUrl && !isPostgresUrl(databaseUrl)) throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL (e.g. postgres://user:password@host:5432/database).');
  const databaseSchema = env.DATABASE_SCHEMA?.trim() || 'meldcode';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(databaseSchema)) {
    throw new ConfigError(`DATABASE_SCHEMA must be a plain identifier (letters, digits, underscores; not starting with a digit), not "${databaseSchema.slice(0, 80)}".`);
  }
  const key = env.DATA_ENCRYPTION_KEY?.trim() || undefined;
  if (key && !/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/.test(key)) {
    throw new ConfigError('DATA_ENCRYPTION_KEY must be 32 bytes: 64 hex characters or 44 base64 characters (e.g. from "openssl rand -base64 32").');
  }
  const keyFile = path.resolve(env.DATA_KEY_FILE?.trim() || `${dataDir}.key`);
  if (keyFile === dataDir || keyFile.startsWith(`${dataDir}${path.sep}`)) {
    throw new ConfigError(`DATA_KEY_FILE must be outside DATA_DIR (${dataDir}): a key stored next to the data protects nothing.`);
  }
  // A dossier link is a bearer credential for a whole case file: in production it only travels over https.
  if (production && !publicUrl?.startsWith('https://')) {
    throw new ConfigError(
      `NODE_ENV=production needs PUBLIC_URL set to this server's public https address (e.g. https://meldcode.example.org): dossier download links are built from it and must not travel over plain http${publicUrl ? `, not "${publicUrl}"` : ''}.`,
    );
  }
  if (production && !key && !env.DATA_KEY_FILE?.trim()) {
    throw new ConfigError('NODE_ENV=production needs a data encryption key: set DATA_ENCRYPTION_KEY or DATA_KEY_FILE (a file outside DATA_DIR).');
  }
  return {
    encryption: { key, keyFile, createIfMissing: !production },
    allowedTenants: list(env.ALLOWED_TENANTS),
    rateLimitPerMinute: rate,
    slack,
    dataDir,
    databaseUrl,
    databaseSchema,
    defaultLang: lang,
    settingsFile: path.resolve(env.SETTINGS_FILE ?? './meldcode.settings.json'),
    publicUrl,
    port,
    host: localMode ? '127.0.0.1' : (env.HOST ?? '0.0.0.0'),
    localMode,
    teamsEnabled: appId !== '' || localMode,
    teams: { appId, appPassword: env.MicrosoftAppPassword ?? '', appType, tenantId: env.MicrosoftAppTenantId ?? '' },
    adminIds: list(env.AF_ADMIN_IDS),
  };
}

function isPostgresUrl(text: string): boolean {
  try {
    const u = new URL(text);
    // An empty host is allowed: postgres:///db?host=/var/run/postgresql uses a Unix socket.
    return u.protocol === 'postgres:' || u.protocol === 'postgresql:';
  } catch {
    return false;
  }
}
