/**
 * The connector client's sends posted directly (src/channels/teams/directSend.ts): the same request
 * the SDK's own operation makes, and every answer but a 2xx (and every network error) left to the
 * SDK's operation, so callers see the SDK's errors as before. Against a local HTTP server speaking
 * the Bot Connector's REST API; the SDK's real ConnectorClient and credentials.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { keptAliveAgents, proxyConfigured, type Agents } from '../../src/channels/http.js';
import { resourceResponse, withDirectSends } from '../../src/channels/teams/directSend.js';
import { teamsFailure } from '../../src/channels/teams/sink.js';
import { PlannedServer, type Received } from '../helpers/plannedServer.js';

const APP_ID = 'direct-send-app';
const SCOPE = 'https://api.botframework.com';

/** An app with credentials whose token is already in the SDK's cache (no token endpoint is asked). */
function credentials(): MicrosoftAppCredentials {
  const creds = new MicrosoftAppCredentials(APP_ID, 'secret');
  const cache = (MicrosoftAppCredentials as unknown as { cache: Map<string, { accessToken: string; expiresOn: Date }> }).cache;
  cache.set(`${APP_ID}${SCOPE}/.default-cache`, { accessToken: 'direct-test-token', expiresOn: new Date(Date.now() + 3_600_000) });
  cache.set(`${APP_ID}${SCOPE}-cache`, { accessToken: 'direct-test-token', expiresOn: new Date(Date.now() + 3_600_000) });
  return creds;
}

/** A reply as the bot sends it: a card, a mention entity, channel data, a timestamp. */
const card = (): Partial<Activity> => ({
  type: 'message',
  channelId: 'msteams',
  serviceUrl: 'http://connector.invalid/',
  conversation: { id: 'a:1Xy-personal;messageid=17', conversationType: 'personal', tenantId: 'tenant-1' } as Activity['conversation'],
  from: { id: '28:bot', name: 'Meldcode-assistent' },
  recipient: { id: '29:user', name: 'Collega', aadObjectId: 'aad-1' } as Activity['recipient'],
  replyToId: 'in-1',
  locale: 'nl-NL',
  timestamp: new Date('2026-12-03T10:00:00.000Z'),
  inputHint: 'expectingInput',
  text: 'Stap 1 van 5',
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Wat heb je gezien? — “signalen”', wrap: true }], actions: [{ type: 'Action.Submit', title: 'Ja', data: { mc: 'answer', promptId: 's1#3', value: 'ja' } }] },
    },
  ],
  entities: [{ type: 'mention', text: '<at>Collega</at>', mentioned: { id: '29:user', name: 'Collega' } } as unknown as NonNullable<Activity['entities']>[number]],
  channelData: { notification: { alert: true } },
});

describe('posting the bot’s sends directly', () => {
  let connector: PlannedServer;
  let agents: Agents;

  beforeAll(async () => {
    connector = await new PlannedServer('/emea/', (n) => ({ status: 200, body: JSON.stringify({ id: `sent-${n}` }) })).start();
  });
  afterAll(async () => {
    await connector.stop();
  });
  afterEach(() => {
    connector.reset();
    agents?.http.destroy();
  });

  const clients = () => {
    agents = keptAliveAgents();
    return { sdk: new ConnectorClient(credentials(), { baseUri: connector.url }), direct: withDirectSends(new ConnectorClient(credentials(), { baseUri: connector.url }), agents, {}) };
  };

  it('makes the same request as the SDK’s own replyToActivity, and answers with the id the connector gave', async () => {
    const { sdk, direct } = clients();

    const bySdk = await sdk.conversations.replyToActivity('a:1Xy-personal;messageid=17', 'in-1', card() as Activity);
    const byDirect = await direct.conversations.replyToActivity('a:1Xy-personal;messageid=17', 'in-1', card() as Activity);

    expect(connector.received).toHaveLength(2);
    const [viaSdk, viaDirect] = connector.received as [Received, Received];
    expect(viaDirect.method).toBe('POST');
    expect(viaDirect.path).toBe(viaSdk.path);
    expect(viaDirect.path).toBe('/emea/v3/conversations/a%3A1Xy-personal%3Bmessageid%3D17/activities/in-1');
    for (const header of ['authorization', 'x-ms-conversation-id', 'content-type']) expect([header, viaDirect.headers[header]]).toEqual([header, viaSdk.headers[header]]);
    expect(viaDirect.headers.authorization).toBe('Bearer direct-test-token');
    expect(viaDirect.headers['user-agent']).toMatch(/^botframework-connector\/4\.0\.0 /);
    expect(JSON.parse(viaDirect.body)).toEqual(JSON.parse(viaSdk.body));
    expect(bySdk.id).toBe('sent-1');
    expect(byDirect).toEqual({ id: 'sent-2' });
  });

  it('makes the same request as the SDK’s own sendToConversation (no reply id, no conversation header)', async () => {
    const { sdk, direct } = clients();
    const { replyToId: _, ...proactive } = card();

    await sdk.conversations.sendToConversation('19:channel@thread.tacv2', proactive as Activity);
    const byDirect = await direct.conversations.sendToConversation('19:channel@thread.tacv2', proactive as Activity);

    const [viaSdk, viaDirect] = connector.received as [Received, Received];
    expect(viaDirect.path).toBe(viaSdk.path);
    expect(viaDirect.path).toBe('/emea/v3/conversations/19%3Achannel%40thread.tacv2/activities');
    expect(viaDirect.headers['x-ms-conversation-id']).toBeUndefined();
    expect(viaDirect.headers.authorization).toBe(viaSdk.headers.authorization);
    expect(JSON.parse(viaDirect.body)).toEqual(JSON.parse(viaSdk.body));
    expect(byDirect).toEqual({ id: 'sent-2' });
  });

  it('reuses one kept-alive connection for turn after turn', async () => {
    const { direct } = clients();
    for (let i = 0; i < 5; i++) await direct.conversations.replyToActivity('a:conv', `in-${i}`, card() as Activity);

    expect(connector.received).toHaveLength(5);
    // One socket: the agent kept it (all five requests went over it, none is waiting).
    expect(Object.values(agents.http.freeSockets).flat()).toHaveLength(1);
  });

  it('leaves a refusal (403: the user blocked the bot) to the SDK, whose error the outbox classifies as before', async () => {
    const { direct } = clients();
    const refusal = { status: 403, body: JSON.stringify({ error: { code: 'BotDisabledByAdmin', message: 'blocked' } }) };
    connector.plan.push(refusal, refusal);

    const err = await direct.conversations.replyToActivity('a:conv', 'in-1', card() as Activity).then(
      () => undefined,
      (e: unknown) => e,
    );

    // The direct post, then the SDK's own, which threw its RestError.
    expect(connector.received).toHaveLength(2);
    expect((err as { statusCode?: number }).statusCode).toBe(403);
    expect(teamsFailure(err).kind).toBe('permanent');
  });

  it('leaves a 429 to the SDK, which waits the Retry-After the connector names and posts once more', async () => {
    const { direct } = clients();
    connector.plan.push({ status: 429, headers: { 'Retry-After': '0' } }, { status: 429, headers: { 'Retry-After': '0' } });

    const sent = await direct.conversations.replyToActivity('a:conv', 'in-1', card() as Activity);

    expect(connector.received).toHaveLength(3);
    expect(sent.id).toBe('sent-3');
  });

  it('leaves a connection closed without an answer to the SDK, which posts the message over a new one', async () => {
    const { direct } = clients();
    connector.plan.push('destroy');

    const sent = await direct.conversations.replyToActivity('a:conv', 'in-1', card() as Activity);

    expect(connector.received).toHaveLength(2);
    expect(JSON.parse(connector.received[1]!.body)).toEqual(JSON.parse(connector.received[0]!.body));
    expect(sent.id).toBe('sent-2');
  });

  it('leaves a call to the SDK when the post cannot even start (the token could not be had)', async () => {
    // Credentials whose first signature fails (a token endpoint briefly unreachable), then work again.
    class FlakyCredentials extends MicrosoftAppCredentials {
      signatures = 0;
      override async signRequest(request: Parameters<MicrosoftAppCredentials['signRequest']>[0]) {
        if (++this.signatures === 1) throw new Error('token endpoint unreachable');
        return super.signRequest(request);
      }
    }
    agents = keptAliveAgents();
    const flaky = new FlakyCredentials(APP_ID, 'secret');
    credentials();
    const direct = withDirectSends(new ConnectorClient(flaky, { baseUri: connector.url }), agents, {});

    const sent = await direct.conversations.replyToActivity('a:conv', 'in-1', card() as Activity);

    // The direct post stopped before sending; the SDK's own operation signed again and posted once.
    expect(flaky.signatures).toBe(2);
    expect(connector.received).toHaveLength(1);
    expect(connector.received[0]!.headers.authorization).toBe('Bearer direct-test-token');
    expect(sent.id).toBe('sent-1');
  });

  it('takes a 2xx answer whose body is cut off as delivered, without posting again', async () => {
    const { direct } = clients();
    connector.plan.push('cut');

    expect(await direct.conversations.replyToActivity('a:conv', 'in-1', card() as Activity)).toEqual({});
    expect(connector.received).toHaveLength(1);
  });

  it('takes a 2xx answer without a readable body as delivered, without posting again', async () => {
    const { direct } = clients();
    connector.plan.push({ status: 202, body: '' }, { status: 201, body: 'not json' });

    expect(await direct.conversations.replyToActivity('a:conv', 'in-1', card() as Activity)).toEqual({});
    expect(await direct.conversations.sendToConversation('a:conv', card() as Activity)).toEqual({});
    expect(connector.received).toHaveLength(2);
  });

  it('sends no Authorization header when authentication is off, as the SDK does not', async () => {
    agents = keptAliveAgents();
    const direct = withDirectSends(new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: connector.url }), agents, {});

    await direct.conversations.replyToActivity('a:conv', 'in-1', card() as Activity);

    expect(connector.received[0]!.headers.authorization).toBeUndefined();
  });

  it('leaves every send to the SDK when a proxy is configured for the process', async () => {
    agents = keptAliveAgents();
    const client = new ConnectorClient(credentials(), { baseUri: connector.url });
    const operation = client.conversations.replyToActivity;

    const same = withDirectSends(client, agents, { HTTPS_PROXY: 'http://proxy.example.org:3128' });

    expect(same.conversations.replyToActivity).toBe(operation);
    expect(proxyConfigured({ https_proxy: 'http://proxy:3128' })).toBe(true);
    expect(proxyConfigured({ HTTPS_PROXY: '' })).toBe(false);
  });
});

describe('resourceResponse', () => {
  it('takes the id of a connector answer, and nothing else', () => {
    expect(resourceResponse('{"id":"1:abc","extra":1}')).toEqual({ id: '1:abc' });
    expect(resourceResponse('{"id":5}')).toEqual({});
    expect(resourceResponse('null')).toEqual({});
    expect(resourceResponse('  ')).toEqual({});
  });
});
