/**
 * The real Bot Framework JWT validation on /api/messages, offline: the bot runs with credentials,
 * and its channel OpenID metadata points at a local issuer whose key signs the test's tokens.
 * Everything stays on 127.0.0.1; nothing may reach Microsoft.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AppCredentials, AuthenticationConstants, type AuthenticatorResult } from 'botframework-connector';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { profileDocName } from '../../src/store/profiles.js';
import { defaultSettings } from '../../src/org/settings.js';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { FakeConnector } from '../helpers/fakeConnector.js';
import { FakeIssuer, localAuthOverrides, newKeyPair } from '../helpers/fakeIssuer.js';
import { TeamsUser } from '../helpers/teamsClient.js';

const APP_ID = '2f1c7a52-5d7e-4b8e-9a3c-6d1e0b4f8a17';
const OTHER_APP_ID = '9b0e3c1d-7a24-4f6b-8e51-3c2d9f7a6b40';
/** The audience of the bot's outgoing token (the Bot Connector). */
const OUTGOING_SCOPE = AuthenticationConstants.ToChannelFromBotOAuthScope;

let issuer: FakeIssuer;
let connector: FakeConnector;
let dir: string;
let running: RunningServer;
let logs: { event: string; fields?: Record<string, unknown> }[];

beforeAll(async () => {
  // Real Bot Framework keys are endorsed for many channels (Teams, Direct Line, Web Chat, ...), so a
  // valid signature alone does not say the activity came from Teams.
  issuer = await new FakeIssuer(AuthenticationConstants.ToBotFromChannelTokenIssuer, ['msteams', 'directline', 'webchat']).start();
  connector = await new FakeConnector().start();
});
afterAll(async () => {
  await connector.stop();
  await issuer.stop();
});

/** The clock of the server under test (log throttling); tests move it on. */
let now: Date;

/** Starts the bot with credentials, its channel metadata taken from `metadataFrom` (default: the local issuer). */
async function startBot(extraEnv: Record<string, string> = {}, metadataFrom: string = issuer.url): Promise<RunningServer> {
  // A data subfolder, so a data key file created next to it (`<DATA_DIR>.key`) stays in the temporary folder.
  const config = loadConfig({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'secret',
    MicrosoftAppType: 'MultiTenant',
    DATA_DIR: path.join(dir, 'data'),
    SETTINGS_FILE: path.join(dir, 'settings.json'),
    PORT: '0',
    HOST: '127.0.0.1',
    ...extraEnv,
  });
  return startServer(config, {
    webChat: false,
    schedulerIntervalMs: 0,
    clock: () => now,
    log: (event, fields) => logs.push({ event, fields }),
    authOverrides: localAuthOverrides(metadataFrom),
  });
}

/** Stops the bot of beforeEach and starts another (other settings, other metadata URL). */
async function restartBot(extraEnv: Record<string, string> = {}, metadataFrom?: string): Promise<void> {
  await running.close();
  running = await startBot(extraEnv, metadataFrom);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-teams-auth-'));
  logs = [];
  now = new Date('2026-11-30T09:00:00Z');
  running = await startBot();
  // Outgoing: the bot's own token for the Bot Connector is taken from the SDK's token cache (a
  // private static keyed by app id and scope), so replying needs no login at Microsoft. Should the
  // SDK stop reading it, MSAL refuses the http login URL of localAuthOverrides at once and the reply tests fail.
  (AppCredentials as unknown as { cache: Map<string, AuthenticatorResult> }).cache.set(`${APP_ID}${OUTGOING_SCOPE}-cache`, { accessToken: 'outgoing-test-token', expiresOn: new Date(Date.now() + 3_600_000) });
});
afterEach(async () => {
  await running.close();
  await rm(dir, { recursive: true, force: true });
});

const anna = () => new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-anna', name: 'Juf Anna' });

/** Posts an activity (default: Anna's "hallo" in her personal chat) with the given Authorization header (or none). */
async function post(authorization?: string, activity: Record<string, unknown> = anna().activity({ text: 'hallo' })): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (authorization !== undefined) headers.Authorization = authorization;
  const res = await fetch(`${running.url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(activity) });
  return { status: res.status, body: await res.text() };
}

const bearer = (token: string) => `Bearer ${token}`;
const valid = (claims: Record<string, unknown> = {}, opts: Parameters<FakeIssuer['token']>[3] = {}) =>
  bearer(issuer.token(APP_ID, connector.url, claims, opts));

/** Nothing of the rejected request reached the bot: no case, no conversation state, no profile, no reply. */
async function expectNothingStored(connectorCallsBefore: number): Promise<void> {
  expect(await running.store.listCases()).toEqual([]);
  expect(await running.store.loadUser('teams:aad-anna')).toBeUndefined();
  expect(await running.store.getDoc(profileDocName(running.store, 'teams:aad-anna'))).toBeUndefined();
  expect(connector.since(connectorCallsBefore)).toEqual([]);
}

describe('Teams JWT validation with credentials (real CloudAdapter, local issuer)', () => {
  it('rejects a message without an Authorization header with 401 and stores nothing', async () => {
    const before = connector.calls.length;
    const res = await post();
    expect(res.status).toBe(401);
    await expectNothingStored(before);
  });

  it('rejects a token signed by an unknown key (a kid the issuer does not publish) with 401 and stores nothing', async () => {
    const before = connector.calls.length;
    const res = await post(valid({}, { key: newKeyPair().privateKey, kid: 'someone-elses-key' }));
    expect(res.status).toBe(401);
    expect(res.body).toMatch(/Signing Key could not be retrieved/);
    await expectNothingStored(before);
  });

  it('rejects a token that names the published kid but is signed by a different key with 401 and stores nothing', async () => {
    const before = connector.calls.length;
    const res = await post(valid({}, { key: newKeyPair().privateKey }));
    expect(res.status).toBe(401);
    expect(res.body).toMatch(/invalid signature/);
    await expectNothingStored(before);
  });

  it('rejects a token that expired more than the 5-minute clock tolerance ago with 401 and stores nothing', async () => {
    const before = connector.calls.length;
    const now = Math.floor(Date.now() / 1000);
    const res = await post(valid({ iat: now - 3600, nbf: now - 3600, exp: now - 6 * 60 }));
    expect(res.status).toBe(401);
    expect(res.body).toMatch(/expired/);
    await expectNothingStored(before);
  });

  it('rejects a token for another bot (wrong audience) with 401 and stores nothing', async () => {
    const before = connector.calls.length;
    const res = await post(valid({ aud: OTHER_APP_ID }));
    expect(res.status).toBe(401);
    expect(res.body).toMatch(/Invalid AppId/);
    await expectNothingStored(before);
  });

  it('rejects a token from another issuer with 401 and stores nothing', async () => {
    const before = connector.calls.length;
    const res = await post(valid({ iss: 'https://issuer.example.org' }));
    expect(res.status).toBe(401);
    await expectNothingStored(before);
  });

  it('rejects a token whose serviceurl claim is not the activity serviceUrl with 401 and stores nothing', async () => {
    const before = connector.calls.length;
    const res = await post(valid({ serviceurl: 'https://smba.example.org/emea/' }));
    expect(res.status).toBe(401);
    expect(res.body).toMatch(/ServiceUrl claim/);
    await expectNothingStored(before);
  });

  it('accepts a valid channel token with 200, stores the user state and replies through the connector', async () => {
    const before = connector.calls.length;
    const res = await post(valid());
    expect(res.status).toBe(200);
    expect(await running.store.loadUser('teams:aad-anna')).toBeDefined();
    // The reply (the menu card) went to Anna's personal chat.
    const reply = connector.since(before).filter((c) => c.conversationId === anna().conversationId);
    expect(reply.length).toBeGreaterThan(0);
    expect(logs.filter((l) => l.event === 'teams.turn.error')).toEqual([]);
    // The keys came from the local issuer (metadata, then JWKS), never from anywhere else.
    expect(issuer.requests).toEqual(expect.arrayContaining(['/.well-known/openid-configuration', '/keys']));
  });

  it("replies with the bot's own token on every turn, through the connector client kept from the first", async () => {
    const before = connector.calls.length;
    for (const text of ['hallo', 'menu', 'hallo']) expect((await post(valid(), anna().activity({ text }))).status).toBe(200);

    const replies = connector.since(before).filter((c) => c.conversationId === anna().conversationId);
    expect(replies.length).toBeGreaterThanOrEqual(3);
    expect(new Set(replies.map((c) => c.authorization))).toEqual(new Set(['Bearer outgoing-test-token']));
  });
});

describe('Only Microsoft Teams, with an Entra identity and the tenant Teams sets (credentials set)', () => {
  it('refuses a correctly signed Direct Line activity with 403 and stores nothing, while the same activity from msteams is served', async () => {
    // Arrange: Anna's Entra object id and an allowed tenant, as someone with a Direct Line token could send them.
    await restartBot({ ALLOWED_TENANTS: 'tenant-1' });
    const directLine = anna().activity({ text: 'hallo', channelId: 'directline' });
    const before = connector.calls.length;

    // Act
    const refused = await post(valid(), directLine);

    // Assert
    expect(refused.status).toBe(403);
    await expectNothingStored(before);
    const served = await post(valid(), anna().activity({ text: 'hallo' }));
    expect(served.status).toBe(200);
    expect(await running.store.loadUser('teams:aad-anna')).toBeDefined();
  });

  it('refuses a correctly signed Web Chat activity with 403 and stores nothing', async () => {
    const before = connector.calls.length;
    const res = await post(valid(), anna().activity({ text: 'hallo', channelId: 'webchat' }));
    expect(res.status).toBe(403);
    await expectNothingStored(before);
  });

  it('answers a Teams message without an Entra object id with a clear refusal and stores nothing', async () => {
    // Arrange: a Teams account the bot cannot tie to a person in the organisation (no aadObjectId).
    const activity = anna().activity({ text: 'hallo', from: { id: '29:guest', name: 'Gast' } });
    const before = connector.calls.length;

    // Act
    const res = await post(valid(), activity);

    // Assert
    expect(res.status).toBe(200);
    const reply = JSON.stringify(connector.since(before).map((c) => c.body));
    expect(reply).toContain('Microsoft Entra');
    expect(await running.store.listCases()).toEqual([]);
    expect(await running.store.loadUser('teams:29:guest')).toBeUndefined();
    expect(await running.store.getDoc(profileDocName(running.store, 'teams:29:guest'))).toBeUndefined();
  });

  it('takes the tenant from channelData.tenant.id only: conversation.tenantId of an allowed tenant does not let another tenant in', async () => {
    // Arrange
    await restartBot({ ALLOWED_TENANTS: 'tenant-ours' });
    const base = anna().activity({ text: 'hallo' });
    const spoofed = { ...base, conversation: { ...(base.conversation as Record<string, unknown>), tenantId: 'tenant-ours' }, channelData: { tenant: { id: 'tenant-1' } } };
    const before = connector.calls.length;

    // Act
    const res = await post(valid(), spoofed);

    // Assert
    expect(res.status).toBe(200);
    expect(JSON.stringify(connector.since(before).map((c) => c.body))).toContain('alleen voor medewerkers van de organisatie');
    expect(await running.store.loadUser('teams:aad-anna')).toBeUndefined();
    expect(await running.store.getDoc(profileDocName(running.store, 'teams:aad-anna'))).toBeUndefined();
  });

  it('lets a member of the allowed tenant in by channelData.tenant.id', async () => {
    await restartBot({ ALLOWED_TENANTS: 'tenant-ours' });
    const base = anna().activity({ text: 'hallo' });
    const ours = { ...base, conversation: { id: anna().conversationId, conversationType: 'personal' }, channelData: { tenant: { id: 'tenant-ours' } } };
    expect((await post(valid(), ours)).status).toBe(200);
    expect(await running.store.loadUser('teams:aad-anna')).toBeDefined();
  });
});

describe('Logs of refused requests and an unreachable Microsoft', () => {
  const refusedLines = () => logs.filter((l) => l.event === 'teams.auth.refused');

  it('logs refused requests as one line per source per minute, and the next line counts the ones left out', async () => {
    // Act: three refused requests within a minute, then one after it.
    for (let i = 0; i < 3; i++) expect((await post()).status).toBe(401);
    const withinMinute = refusedLines().length;
    now = new Date(now.getTime() + 61_000);
    expect((await post(valid({}, { key: newKeyPair().privateKey }))).status).toBe(401);

    // Assert
    expect(withinMinute).toBe(1);
    const lines = refusedLines();
    expect(lines).toHaveLength(2);
    expect(lines[0]?.fields).toMatchObject({ code: 'TEAMS_AUTH_REFUSED', status: 401, source: expect.stringContaining('127.0.0.1') });
    expect(lines[0]?.fields?.suppressed).toBeUndefined();
    expect(lines[1]?.fields).toMatchObject({ code: 'TEAMS_AUTH_REFUSED', suppressed: 2 });
  });

  it('answers 503 without upstream detail when the OpenID metadata cannot be reached, and logs a stable code', async () => {
    // Arrange: metadata at an address where nothing listens any more.
    const gone = await new FakeIssuer().start();
    const goneUrl = gone.url;
    await gone.stop();
    await restartBot({}, goneUrl);
    const before = connector.calls.length;

    // Act
    const res = await post(valid());

    // Assert
    expect(res.status).toBe(503);
    expect(res.body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|openid|fetch|request to/i);
    expect(logs).toContainEqual({ event: 'teams.auth.unavailable', fields: expect.objectContaining({ code: 'TEAMS_AUTH_METADATA_UNAVAILABLE', status: 503 }) });
    await expectNothingStored(before);
  });

  it('answers 503 without upstream detail when the OpenID metadata endpoint fails', async () => {
    // Arrange: an issuer whose metadata endpoint answers 500.
    const failing = await new FakeIssuer().start();
    failing.failWith = 500;
    try {
      await restartBot({}, failing.url);
      const before = connector.calls.length;

      // Act
      const res = await post(valid());

      // Assert
      expect(res.status).toBe(503);
      expect(res.body).not.toMatch(/openID|Failed to load|500/i);
      expect(logs).toContainEqual({ event: 'teams.auth.unavailable', fields: expect.objectContaining({ code: 'TEAMS_AUTH_METADATA_UNAVAILABLE' }) });
      await expectNothingStored(before);
    } finally {
      await failing.stop();
    }
  });
});

describe('pictures in Teams cards with credentials', () => {
  /** The lead's `cijfers` over a signed activity; the images and texts of the cards that came back. */
  async function leadFigures(extraEnv: Record<string, string>): Promise<{ images: { url: string; altText: string }[]; text: string }> {
    const settings = defaultSettings();
    settings.aandachtsfunctionarissen = ['teams:aad-lead'];
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify(settings));
    // A data folder of its own: the one of beforeEach already holds the default settings, and stored settings win.
    await restartBot({ DATA_DIR: path.join(dir, 'data-lead'), ...extraEnv });
    const lead = new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-lead', name: 'Meester Mo' });
    const before = connector.calls.length;
    expect((await post(valid(), lead.activity({ text: 'cijfers' }))).status).toBe(200);
    const reply = connector.since(before).filter((c) => c.conversationId === lead.conversationId);
    const text = JSON.stringify(reply.map((c) => c.body));
    const images = (text.match(/\{"type":"Image"[^}]*\}/g) ?? []).map((j) => JSON.parse(j) as { url: string; altText: string });
    return { images, text };
  }

  it('without PUBLIC_URL sends the chart as its text alternative: Teams could not load the server\u2019s own address', async () => {
    const { images, text } = await leadFigures({});
    expect(images).toEqual([]);
    expect(text).toContain('Cijfers van de organisatie. ');
    expect(text).toContain('Wil je deze cijfers downloaden?');
  });

  it('with PUBLIC_URL shows the chart as an Image on that address (a served, unguessable path), with its alt text', async () => {
    const { images } = await leadFigures({ PUBLIC_URL: 'https://meldcode.example.org' });
    expect(images).toHaveLength(1);
    expect(images[0]!.url).toMatch(/^https:\/\/meldcode\.example\.org\/pictures\/[0-9a-z]+-[0-9a-f]{48}\.png$/);
    expect(images[0]!.altText.startsWith('Cijfers van de organisatie. ')).toBe(true);
    const served = await fetch(`${running.url}${new URL(images[0]!.url).pathname}`);
    expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/png']);
  });
});
