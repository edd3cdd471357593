/**
 * The Bot Connector and token clients kept across turns (src/channels/teams/clients.ts): one per app id,
 * audience and service URL, made by the SDK the first time, at most MAX_CLIENTS kept.
 */
import { describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { ChannelAuthentication } from '../../src/channels/teams/adapter.js';
import { KeptClients, MAX_CLIENTS } from '../../src/channels/teams/clients.js';

const activity = (serviceUrl: string): Activity =>
  ({
    type: 'message',
    id: 'm1',
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:u', name: 'Collega' },
    recipient: { id: '28:bot', name: 'Meldcode-assistent' },
    conversation: { id: 'a:personal', conversationType: 'personal' },
    text: 'hallo',
  }) as Activity;

describe('KeptClients', () => {
  it('makes a client once per key and hands the same one out after that', async () => {
    const kept = new KeptClients<{ n: number }>();
    let made = 0;
    const make = async () => ({ n: ++made });

    const a1 = await kept.get('a', make);
    const a2 = await kept.get('a', make);
    const b = await kept.get('b', make);

    expect(a2).toBe(a1);
    expect(b).not.toBe(a1);
    expect(made).toBe(2);
  });

  it('keeps at most its maximum, letting the least recently used go first', async () => {
    const kept = new KeptClients<string>(3);
    const made: string[] = [];
    const make = (key: string) => () => {
      made.push(key);
      return Promise.resolve(key);
    };
    for (const key of ['a', 'b', 'c']) await kept.get(key, make(key));

    await kept.get('a', make('a')); // used again: b is now the oldest
    await kept.get('d', make('d'));
    await kept.get('a', make('a'));
    await kept.get('b', make('b'));

    expect(kept.size).toBe(3);
    expect(made).toEqual(['a', 'b', 'c', 'd', 'b']);
  });

  it('forgets a client that could not be made, so the next turn tries again', async () => {
    const kept = new KeptClients<string>();
    await expect(kept.get('a', () => Promise.reject(new Error('no credentials')))).rejects.toThrow('no credentials');

    await expect(kept.get('a', () => Promise.resolve('made'))).resolves.toBe('made');
  });

  it(`keeps ${MAX_CLIENTS} by default`, async () => {
    const kept = new KeptClients<number>();
    for (let i = 0; i < MAX_CLIENTS + 5; i++) await kept.get(`k${i}`, () => Promise.resolve(i));

    expect(kept.size).toBe(MAX_CLIENTS);
  });
});

describe("the Teams channel's authentication (authentication off, as in local mode)", () => {
  const auth = () => new ChannelAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' });

  it('gives every turn to the same service URL the same connector client, and another URL its own', async () => {
    const a = auth();

    const first = await a.authenticateRequest(activity('http://127.0.0.1:1/'), '');
    const second = await a.authenticateRequest(activity('http://127.0.0.1:1/'), '');
    const c1 = await first.connectorFactory!.create('http://127.0.0.1:1/', first.audience);
    const c2 = await second.connectorFactory!.create('http://127.0.0.1:1/', second.audience);
    const other = await second.connectorFactory!.create('http://127.0.0.1:2/', second.audience);

    expect(c2).toBe(c1);
    expect(other).not.toBe(c1);
    expect((other as unknown as { baseUri: string }).baseUri).toBe('http://127.0.0.1:2/');
  });

  it("hands out connector clients whose sends are posted directly (directSend.ts), the SDK's operations kept behind them", async () => {
    const turn = await auth().authenticateRequest(activity('http://127.0.0.1:1/'), '');
    const client = await turn.connectorFactory!.create('http://127.0.0.1:1/', turn.audience);
    const sdk = Object.getPrototypeOf(client.conversations) as typeof client.conversations;

    expect(client.conversations.replyToActivity).not.toBe(sdk.replyToActivity);
    expect(client.conversations.sendToConversation).not.toBe(sdk.sendToConversation);
    // Everything else is the SDK's own.
    expect(client.conversations.updateActivity).toBe(sdk.updateActivity);
  });

  it('gives every turn the same token client, and another adapter its own', async () => {
    const a = auth();
    const turn = await a.authenticateRequest(activity('http://127.0.0.1:1/'), '');

    const t1 = await a.createUserTokenClient(turn.claimsIdentity);
    const t2 = await a.createUserTokenClient(turn.claimsIdentity);
    const elsewhere = await auth().createUserTokenClient(turn.claimsIdentity);

    expect(t2).toBe(t1);
    expect(elsewhere).not.toBe(t1);
  });
});
