/**
 * TeamsAdapter.handle: CloudAdapter.process's work for a parsed POST without its per-request zod
 * schemas, over real HTTP through express and botbuilder's CloudAdapter (authentication off).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TurnContext } from 'botbuilder';
import express from 'express';
import { createTeamsAdapter } from '../../src/channels/teams/adapter.js';

let server: Server;
let url: string;
const seen: { timestamp: unknown; rawTimestamp: unknown; localTimestamp: unknown }[] = [];
const errors: Error[] = [];

beforeAll(async () => {
  const adapter = createTeamsAdapter(
    { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '' },
    { onTurnError: (err) => void errors.push(err), sayGenericError: () => 'Er ging iets mis.', refused: () => undefined },
  );
  const logic = async (ctx: TurnContext) => {
    const a = ctx.activity as TurnContext['activity'] & { rawTimestamp?: string };
    seen.push({ timestamp: a.timestamp, rawTimestamp: a.rawTimestamp, localTimestamp: a.localTimestamp });
    if (a.type === 'invoke') await ctx.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, value: 'bijgewerkt' } } });
  };
  const app = express();
  app.post('/api/messages', express.json(), (req, res, next) => {
    adapter.handle(req, res, logic).catch(next);
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const activity = (extra: Record<string, unknown>) => ({
  type: 'message',
  id: 'in-1',
  channelId: 'msteams',
  // Nothing listens here: the logic sends no reply to it.
  serviceUrl: 'http://127.0.0.1:9/',
  from: { id: '29:u', aadObjectId: 'aad-u' },
  recipient: { id: '28:bot' },
  conversation: { id: 'a:personal-u', conversationType: 'personal' },
  text: 'hallo',
  ...extra,
});

const post = (body: unknown) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('TeamsAdapter.handle', () => {
  it('runs the turn and answers 200 without a body for a message', async () => {
    const res = await post(activity({ timestamp: '2026-12-03T09:15:00.000Z', localTimestamp: '2026-12-03T10:15:00.000+01:00' }));

    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const turn = seen[seen.length - 1]!;
    // As botbuilder's own check leaves them: dates, with the texts kept beside them.
    expect(turn.timestamp).toBeInstanceOf(Date);
    expect((turn.timestamp as Date).toISOString()).toBe('2026-12-03T09:15:00.000Z');
    expect(turn.rawTimestamp).toBe('2026-12-03T09:15:00.000Z');
    expect(turn.localTimestamp).toBeInstanceOf(Date);
    expect(errors).toEqual([]);
  });

  it("answers an invoke with the turn's invoke response, status and body", async () => {
    const res = await post(activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'claim' } } }));

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ statusCode: 200, value: 'bijgewerkt' });
  });
});
