import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config.js';

const KEY = 'a'.repeat(64);

describe('configuration', () => {
  it('needs a data encryption key in production, outside DATA_DIR; locally it may create one next to DATA_DIR', () => {
    const prod = { NODE_ENV: 'production', MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 's', PUBLIC_URL: 'https://meldcode.example.org' };
    expect(() => loadConfig(prod)).toThrow(/DATA_ENCRYPTION_KEY or DATA_KEY_FILE/);
    expect(loadConfig({ ...prod, DATA_ENCRYPTION_KEY: KEY }).encryption).toMatchObject({ key: KEY, createIfMissing: false });
    expect(() => loadConfig({ ...prod, DATA_ENCRYPTION_KEY: 'short' })).toThrow(/32 bytes/);
    expect(() => loadConfig({ DATA_DIR: '/srv/data', DATA_KEY_FILE: '/srv/data/key' })).toThrow(/outside DATA_DIR/);
    expect(loadConfig({ DATA_DIR: '/srv/data' }).encryption).toMatchObject({ keyFile: '/srv/data.key', createIfMissing: true });
  });

  it('runs in local mode on 127.0.0.1 when no Microsoft credentials are set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ localMode: true, host: '127.0.0.1', port: 3978, defaultLang: 'nl' });
    expect(c.settingsFile).toMatch(/meldcode\.settings\.json$/);
  });

  it('refuses to start in production without MicrosoftAppId, with a message that says why', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MicrosoftAppId is not set/);
  });

  it('listens on all interfaces with credentials and reads the admin list', () => {
    const c = loadConfig({ NODE_ENV: 'production', DATA_ENCRYPTION_KEY: KEY, PUBLIC_URL: 'https://meldcode.example.org', MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 's', AF_ADMIN_IDS: 'a, b,,c' });
    expect(c.localMode).toBe(false);
    expect(c.host).toBe('0.0.0.0');
    expect([...c.adminIds]).toEqual(['a', 'b', 'c']);
  });

  it('enables Slack with a bot token and a signing secret or an app token, and turns the Teams endpoint off without Teams credentials', () => {
    const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_ADMIN_IDS: 'U1,U2' });
    expect(http.slack).toMatchObject({ botToken: 'xoxb-1', signingSecret: 's' });
    expect([...(http.slack?.adminIds ?? [])]).toEqual(['U1', 'U2']);
    expect(http).toMatchObject({ localMode: false, teamsEnabled: false });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken).toBe('xapp-1');
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'nope' })).toThrow(/xapp-/);
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 's' })).toThrow(/without SLACK_BOT_TOKEN/);
    expect(loadConfig({ NODE_ENV: 'production', DATA_ENCRYPTION_KEY: KEY, PUBLIC_URL: 'https://meldcode.example.org', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).teamsEnabled).toBe(false);
  });

  it('refuses to start in production without an https PUBLIC_URL for the dossier links, naming PUBLIC_URL', () => {
    const prod = { NODE_ENV: 'production', DATA_ENCRYPTION_KEY: KEY, MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 's' };
    expect(() => loadConfig(prod)).toThrow(ConfigError);
    expect(() => loadConfig(prod)).toThrow(/PUBLIC_URL.*https/);
    expect(() => loadConfig({ ...prod, PUBLIC_URL: 'http://meldcode.example.org' })).toThrow(/PUBLIC_URL.*https/);
    expect(() => loadConfig({ ...prod, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', MicrosoftAppId: '' })).toThrow(/PUBLIC_URL/);
    expect(loadConfig({ ...prod, PUBLIC_URL: 'https://meldcode.example.org/' }).publicUrl).toBe('https://meldcode.example.org');
    // Outside production a plain http link (local use) stays allowed.
    expect(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:3978' }).publicUrl).toBe('http://127.0.0.1:3978');
  });

  it('rejects invalid values with a clear message', () => {
    expect(() => loadConfig({ DEFAULT_LANG: 'de' })).toThrow(/DEFAULT_LANG/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PORT: '99999' })).toThrow(/PORT/);
    expect(() => loadConfig({ MicrosoftAppId: 'x', MicrosoftAppType: 'Other' })).toThrow(/MicrosoftAppType/);
    expect(() => loadConfig({ MicrosoftAppId: 'x', MicrosoftAppType: 'SingleTenant' })).toThrow(/MicrosoftAppTenantId/);
  });

  it('selects PostgreSQL with DATABASE_URL (postgres:// or postgresql:// only, never echoing the URL) and checks DATABASE_SCHEMA', () => {
    expect(loadConfig({})).toMatchObject({ databaseUrl: undefined, databaseSchema: 'meldcode' });
    expect(loadConfig({ DATABASE_URL: ' postgres://postgres@127.0.0.1:5432/test ' }).databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db/x', DATABASE_SCHEMA: 'mc_prod' })).toMatchObject({ databaseUrl: 'postgresql://u:p@db/x', databaseSchema: 'mc_prod' });
    expect(loadConfig({ DATABASE_URL: 'postgres:///x?host=/var/run/postgresql' }).databaseUrl).toBe('postgres:///x?host=/var/run/postgresql');
    for (const bad of ['mysql://u:hunter2@db/x', 'http://u:hunter2@db/x', 'not a url hunter2']) {
      expect(() => loadConfig({ DATABASE_URL: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ DATABASE_URL: bad })).not.toThrow(/hunter2/);
    }
    expect(() => loadConfig({ DATABASE_SCHEMA: 'x"; drop' })).toThrow(/DATABASE_SCHEMA/);
    expect(() => loadConfig({ DATABASE_SCHEMA: '1abc' })).toThrow(/DATABASE_SCHEMA/);
  });
});
