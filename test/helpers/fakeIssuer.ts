/**
 * A local stand-in for the Bot Framework token issuer: it publishes OpenID metadata and a JWKS
 * with an RSA key generated here, and signs channel tokens (RS256) with that key, so the SDK's
 * real JWT validation runs without reaching Microsoft.
 */
import { AuthenticationConstants } from 'botframework-connector';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TeamsAuthOverrides } from '../../src/channels/teams/adapter.js';

export type Claims = Record<string, unknown>;

export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function newKeyPair(): KeyPair {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** An RS256 JWT: base64url(header).base64url(payload).base64url(signature). */
export function signJwt(payload: Claims, privateKey: KeyObject, kid: string): string {
  const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), privateKey))}`;
}

export class FakeIssuer {
  /** Paths requested from this server, in order (metadata and key fetches). */
  readonly requests: string[] = [];
  readonly kid = 'fake-issuer-key-1';
  private readonly keys: KeyPair = newKeyPair();
  private server?: http.Server;
  url = '';
  /** When set, the metadata document answers with this HTTP status (Microsoft's endpoint failing). */
  failWith: number | undefined;

  /**
   * @param issuer The `iss` the tokens carry (the SDK compares it with ToBotFromChannelTokenIssuer).
   * @param endorsements Channels the key may sign for; the SDK checks the activity's channelId against them.
   */
  constructor(
    readonly issuer = 'https://api.botframework.com',
    private readonly endorsements: string[] = ['msteams'],
  ) {}

  /** The channel OpenID metadata document (ToBotFromChannelOpenIdMetadataUrl). */
  get metadataUrl(): string {
    return `${this.url}/.well-known/openid-configuration`;
  }

  /** Metadata with an empty key set, for the Emulator path (ToBotFromEmulatorOpenIdMetadataUrl): nothing validates there. */
  get emulatorMetadataUrl(): string {
    return `${this.url}/emulator/.well-known/openid-configuration`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      this.requests.push(path);
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.method !== 'GET') return send(405, { error: 'method not allowed' });
      if (path === '/.well-known/openid-configuration' && this.failWith !== undefined) return send(this.failWith, { error: 'unavailable' });
      if (path === '/.well-known/openid-configuration') {
        return send(200, { issuer: this.issuer, jwks_uri: `${this.url}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (path === '/keys') {
        const jwk = this.keys.publicKey.export({ format: 'jwk' });
        return send(200, { keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256', endorsements: this.endorsements }] });
      }
      if (path === '/emulator/.well-known/openid-configuration') return send(200, { issuer: 'emulator', jwks_uri: `${this.url}/emulator/keys` });
      if (path === '/emulator/keys') return send(200, { keys: [] });
      send(404, { error: 'not found' });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /**
   * A channel token as the Bot Framework would send it: valid for an hour from `now`, signed with
   * the published key. `claims` override or remove (undefined) the defaults; `key`/`kid` sign otherwise.
   */
  token(audience: string, serviceUrl: string, claims: Claims = {}, opts: { key?: KeyObject; kid?: string; now?: Date } = {}): string {
    const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
    const payload: Claims = { iss: this.issuer, aud: audience, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims };
    for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k];
    return signJwt(payload, opts.key ?? this.keys.privateKey, opts.kid ?? this.kid);
  }
}

/**
 * Authentication settings that take every Bot Framework endpoint from the local issuer at `issuerUrl`:
 * incoming channel tokens are checked against its metadata and keys. Once any of these is set the SDK
 * takes all of them from here (no public-cloud defaults). An http login URL makes MSAL refuse at once
 * (it insists on https) instead of trying the network, should a test need an outgoing token it did
 * not put in the SDK's token cache.
 */
export function localAuthOverrides(issuerUrl: string): TeamsAuthOverrides {
  return {
    ToBotFromChannelOpenIdMetadataUrl: `${issuerUrl}/.well-known/openid-configuration`,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToBotFromEmulatorOpenIdMetadataUrl: `${issuerUrl}/emulator/.well-known/openid-configuration`,
    ToChannelFromBotLoginUrl: `${issuerUrl}/botframework.com`,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: `${issuerUrl}/oauth`,
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: false,
  };
}
