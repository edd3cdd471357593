/**
 * Slack app manifest: manifest/slack/manifest.json against the Slack manifest schema shipped in
 * manifest/schemas/slack/ (draft-07, offline), plus the app's own policy: exactly the bot scopes, events and
 * features the code uses. Everything is read from this repository; nothing is fetched.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMA_DIR = path.join(ROOT, 'manifest', 'schemas', 'slack');
const MANIFEST_PATH = path.join(ROOT, 'manifest', 'slack', 'manifest.json');

/** The public URLs under which manifest.schema.json refers to the versioned schemas (see its oneOf branches). */
const V1_URL = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.1.0.0.json';
const V2_URL = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.2.0.0.json';

/** The bot scopes the app's Web API calls need, and nothing else. */
const BOT_SCOPES = ['channels:history', 'chat:write', 'commands', 'files:write', 'groups:history', 'im:history', 'im:write', 'users:read'];
const BOT_EVENTS = ['message.im', 'app_home_opened', 'app_uninstalled', 'tokens_revoked'];
const REQUEST_URL = 'https://YOUR-HOST/slack/events';

interface SlackManifest {
  _metadata: { major_version: number; minor_version: number };
  display_information: { name?: string; description: string; background_color: string; long_description: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: { command: string; url: string; description: string; usage_hint: string; should_escape: boolean }[];
    shortcuts?: unknown[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] }; redirect_urls?: string[] };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[]; user_events?: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

const manifest = readJson(MANIFEST_PATH) as unknown as SlackManifest;
const clone = (): SlackManifest => JSON.parse(JSON.stringify(manifest)) as SlackManifest;

function compileSchemas(): { top: ValidateFunction; v1: ValidateFunction } {
  // ajv is CommonJS (`module.exports = Ajv; module.exports.default = Ajv`); under NodeNext the default import is
  // module.exports, so the class is `.default`. Draft-07 is ajv 8's default draft.
  const Ajv = AjvModule.default;
  // strict: false because the Slack schema uses a non-standard "regex" keyword (on background_color).
  const ajv = new Ajv({ strict: false, allErrors: true });
  // "uri" (on the optional "$schema" property) is the only format the schemas use; ajv-formats is not installed.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  // The versioned files have no $id of their own: the key given here becomes their id, so the top schema's
  // $refs resolve to them without any network access (ajv has no loadSchema configured and would throw otherwise).
  ajv.addSchema(readJson(path.join(SCHEMA_DIR, 'manifest.schema.1.0.0.json')), V1_URL);
  ajv.addSchema(readJson(path.join(SCHEMA_DIR, 'manifest.schema.2.0.0.json')), V2_URL);
  const top = ajv.compile(readJson(path.join(SCHEMA_DIR, 'manifest.schema.json')));
  const v1 = ajv.getSchema(V1_URL);
  if (!v1) throw new Error(`schema ${V1_URL} not registered`);
  return { top, v1 };
}

const { top: validateSchema, v1: validateV1 } = compileSchemas();

const describeErrors = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);

const schemaErrors = (m: unknown): string[] => (validateSchema(m) ? [] : describeErrors(validateSchema.errors));

/** Schema errors plus the app's scope policy. The schema only limits scope names to 50 characters, it has no list. */
function validateManifest(m: unknown): string[] {
  const problems = schemaErrors(m);
  const scopes = (m as Partial<SlackManifest>).oauth_config?.scopes;
  for (const scope of scopes?.bot ?? []) {
    if (!BOT_SCOPES.includes(scope)) problems.push(`bot scope not used by the app: ${scope}`);
  }
  for (const scope of scopes?.user ?? []) problems.push(`user scope not used by the app: ${scope}`);
  return problems;
}

describe('Slack manifest schema (offline)', () => {
  it('the top schema refers to the versioned schemas by exactly the URLs registered here', () => {
    const text = readFileSync(path.join(SCHEMA_DIR, 'manifest.schema.json'), 'utf8');
    const refs = [...text.matchAll(/"\$ref":\s*"([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(refs)).toEqual(new Set([V1_URL, V2_URL]));
  });

  it('ships the MIT licence of slackapi/manifest-schema next to the schemas', () => {
    const licence = readFileSync(path.join(SCHEMA_DIR, 'LICENSE.txt'), 'utf8');
    expect(licence).toMatch(/MIT License/i);
    expect(licence).toMatch(/Slack/);
  });
});

describe('manifest/slack/manifest.json', () => {
  it('is valid against the shipped top schema and passes the scope policy', () => {
    expect(schemaErrors(manifest)).toEqual([]);
    expect(validateManifest(manifest)).toEqual([]);
  });

  it('is a major-version 1 manifest and valid against the 1.0.0 schema it selects', () => {
    expect(manifest._metadata).toEqual({ major_version: 1, minor_version: 1 });
    expect(describeErrors(validateV1(manifest) ? [] : validateV1.errors)).toEqual([]);
  });

  it('asks for exactly the bot scopes the app uses and no user scopes', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.oauth_config.scopes.bot).toHaveLength(new Set(manifest.oauth_config.scopes.bot).size);
    expect(manifest.oauth_config.scopes.bot).not.toContain('chat:write.public');
    expect(manifest.oauth_config.scopes.user ?? []).toEqual([]);
  });

  it('has the /meldcode slash command with its usage hint and a Dutch description', () => {
    const commands = manifest.features.slash_commands;
    expect(commands).toHaveLength(1);
    const [command] = commands;
    expect(command).toMatchObject({
      command: '/meldcode',
      usage_hint: '[stap0 | uitleg | mijn | kanaal | help]',
      should_escape: false,
    });
    expect(command?.description).toMatch(/meldcode/i);
    expect(command?.description).toMatch(/\b(de|het|een|van|in)\b/);
  });

  it('sends events, the command and interactivity to one request URL ending in /slack/events', () => {
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      manifest.features.slash_commands[0]?.url,
    ];
    expect(new Set(urls)).toEqual(new Set([REQUEST_URL]));
    for (const url of urls) {
      expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    }
  });

  it('subscribes to exactly message.im and app_home_opened, as the bot', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...BOT_EVENTS].sort());
    expect(manifest.settings.event_subscriptions.bot_events).toHaveLength(BOT_EVENTS.length);
    expect(manifest.settings.event_subscriptions.user_events ?? []).toEqual([]);
  });

  it('enables the Home tab and a writable Messages tab, interactivity and an always-online bot user', () => {
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.bot_user).toEqual({ display_name: 'Meldcode-assistent', always_online: true });
  });

  it('runs in HTTP mode without org deploy or token rotation', () => {
    expect(manifest.settings).toMatchObject({
      socket_mode_enabled: false,
      org_deploy_enabled: false,
      token_rotation_enabled: false,
    });
  });

  it('describes the app in Dutch, with the emergency numbers and "the professional decides"', () => {
    const info = manifest.display_information;
    expect(info.name).toBe('Meldcode-assistent');
    // The schema's colour check uses a non-standard "regex" keyword that validators ignore, so check it here.
    expect(info.background_color).toBe('#2B5797');
    expect(info.description.length).toBeLessThanOrEqual(140);
    expect(info.long_description.length).toBeGreaterThanOrEqual(175);
    expect(info.long_description.length).toBeLessThanOrEqual(4000);
    for (const phrase of ['112', 'Veilig Thuis', '0800-2000', 'aandachtsfunctionaris', 'gepseudonimiseerde', 'jij als professional beslist']) {
      expect(info.long_description).toContain(phrase);
    }
    for (const step of ['1.', '2.', '3.', '4.', '5.']) {
      expect(info.long_description).toContain(`\n${step} `);
    }
  });
});

describe('the validation can fail', () => {
  it('rejects a manifest without display_information.name (schema)', () => {
    const m = clone();
    delete m.display_information.name;
    expect(schemaErrors(m)).toContain("/display_information must have required property 'name'");
    expect(validateManifest(m)).toContain("/display_information must have required property 'name'");
  });

  it('rejects a bot scope the app does not use (scope policy)', () => {
    const m = clone();
    m.oauth_config.scopes.bot.push('channels:read');
    expect(validateManifest(m)).toEqual(['bot scope not used by the app: channels:read']);
    // The shipped schema has no list of scope names, so the policy above is what catches an unknown scope.
    expect(validateSchema(m)).toBe(true);
  });

  it('rejects user scopes (scope policy)', () => {
    const m = clone();
    m.oauth_config.scopes.user = ['chat:write'];
    expect(validateManifest(m)).toEqual(['user scope not used by the app: chat:write']);
  });

  it('rejects a malformed scope, an unknown setting and an over-long description (schema)', () => {
    const longScope = clone();
    longScope.oauth_config.scopes.bot.push(`x:${'y'.repeat(60)}`);
    expect(schemaErrors(longScope)).toContain(`/oauth_config/scopes/bot/${longScope.oauth_config.scopes.bot.length - 1} must NOT have more than 50 characters`);

    const unknownSetting = clone() as SlackManifest & { settings: Record<string, unknown> };
    unknownSetting.settings['socket_mode'] = true;
    expect(schemaErrors(unknownSetting)).toContain('/settings must NOT have additional properties');

    const longDescription = clone();
    longDescription.display_information.description = 'x'.repeat(141);
    expect(schemaErrors(longDescription)).toContain('/display_information/description must NOT have more than 140 characters');

    const shortLongDescription = clone();
    shortLongDescription.display_information.long_description = 'Te kort.';
    expect(schemaErrors(shortLongDescription)).toContain(
      '/display_information/long_description must NOT have fewer than 175 characters',
    );
  });

  it('rejects a slash command without a leading slash (schema)', () => {
    const m = clone();
    const [command] = m.features.slash_commands;
    if (!command) throw new Error('no slash command');
    command.command = 'meldcode';
    expect(schemaErrors(m)).toContain('/features/slash_commands/0/command must match pattern "^\\/"');
  });
});
