/**
 * The real Bot Framework JWT validation on /api/messages, offline: the bot runs with credentials,
 * and its channel OpenID metadata points at a local issuer whose key signs the test's tokens.
 * Everything stays on 127.0.0.1; nothing may reach Microsoft.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { AppCredentials, AuthenticationConstants, type AuthenticatorResult } from 'botframework-connector';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { profileDocName } from '../../src/app/profiles.js';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { FakeConnector } from '../helpers/fakeConnector.js';
import { FakeIssuer, newKeyPair } from '../helpers/fakeIssuer.js';
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
  issuer = await new FakeIssuer(AuthenticationConstants.ToBotFromChannelTokenIssuer).start();
  connector = await new FakeConnector().start();
});
afterAll(async () => {
  await connector.stop();
  await issuer.stop();
});

beforeEach(async () => {
  // The SDK logs every rejected request with console.error (a stack trace per case): kept out of the output.
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-teams-auth-'));
  logs = [];
  // A data subfolder, so a data key file created next to it (`<DATA_DIR>.key`) stays in the temporary folder.
  const config = loadConfig({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'secret',
    MicrosoftAppType: 'MultiTenant',
    DATA_DIR: path.join(dir, 'data'),
    SETTINGS_FILE: path.join(dir, 'settings.json'),
    PORT: '0',
    HOST: '127.0.0.1',
  });
  running = await startServer(config, {
    webChat: false,
    schedulerIntervalMs: 0,
    log: (event, fields) => logs.push({ event, fields }),
    authOverrides: {
      // Incoming: channel tokens are checked against the local issuer's metadata and keys.
      ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToBotFromEmulatorOpenIdMetadataUrl: issuer.emulatorMetadataUrl,
      // Once any of these is set the SDK takes all of them from here (no public-cloud defaults), so
      // every endpoint is local. An http login URL makes MSAL refuse at once (it insists on https)
      // instead of trying the network, should the token cache below ever be missed.
      ToChannelFromBotLoginUrl: `${issuer.url}/botframework.com`,
      ToChannelFromBotOAuthScope: OUTGOING_SCOPE,
      OAuthUrl: `${issuer.url}/oauth`,
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: false,
    },
  });
  // Outgoing: the bot's own token for the Bot Connector is taken from the SDK's token cache (a
  // private static keyed by app id and scope), so replying needs no login at Microsoft. Should the
  // SDK stop reading it, MSAL refuses the http login URL above at once and the reply test fails.
  (AppCredentials as unknown as { cache: Map<string, AuthenticatorResult> }).cache.set(`${APP_ID}${OUTGOING_SCOPE}-cache`, { accessToken: 'outgoing-test-token', expiresOn: new Date(Date.now() + 3_600_000) });
});
afterEach(async () => {
  await running.close();
  await rm(dir, { recursive: true, force: true });
  jest.restoreAllMocks();
});

const anna = () => new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-anna', name: 'Juf Anna' });

/** Posts Anna's "hallo" in her personal chat, with the given Authorization header (or none). */
async function post(authorization?: string): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (authorization !== undefined) headers.Authorization = authorization;
  const res = await fetch(`${running.url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(anna().activity({ text: 'hallo' })) });
  return { status: res.status, body: await res.text() };
}

const bearer = (token: string) => `Bearer ${token}`;
const valid = (claims: Record<string, unknown> = {}, opts: Parameters<FakeIssuer['token']>[3] = {}) =>
  bearer(issuer.token(APP_ID, connector.url, claims, opts));

/** Nothing of the rejected request reached the bot: no case, no conversation state, no profile, no reply. */
async function expectNothingStored(connectorCallsBefore: number): Promise<void> {
  expect(await running.store.listCases()).toEqual([]);
  expect(await running.store.loadUser('teams:aad-anna')).toBeUndefined();
  expect(await running.store.getDoc(profileDocName('teams:aad-anna'))).toBeUndefined();
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
});
