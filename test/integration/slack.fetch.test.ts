/**
 * The fetch the Slack Web API clients are given (src/channels/slack/fetch.ts): the SDK's real WebClient,
 * once with the global fetch and once with ours, against a local HTTP server speaking the Web API. The
 * requests are the same, and so are the results and the errors the outbox classifies.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { WebClient } from '@slack/web-api';
import { keptAliveAgents, type Agents } from '../../src/channels/http.js';
import { slackClientOptions } from '../../src/channels/slack/bolt.js';
import { slackFetch } from '../../src/channels/slack/fetch.js';
import type { LoopTurns } from '../../src/channels/slack/workQueue.js';
import { slackFailure } from '../../src/channels/slack/failures.js';
import { PlannedServer, type Received } from '../helpers/plannedServer.js';

const blocks = [
  { type: 'section', text: { type: 'mrkdwn', text: '*Stap 1 van 5* — wat heb je gezien? “signalen” & meer' } },
  { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Ja' }, value: '{"mc":"answer","value":"ja"}', action_id: 'a1' }] },
];

describe('the Slack clients’ fetch', () => {
  let api: PlannedServer;
  let agents: Agents;

  beforeAll(async () => {
    api = await new PlannedServer('/api/', (n) => ({ status: 200, body: JSON.stringify({ ok: true, channel: 'D0DM', ts: `1700000000.00000${n}` }) })).start();
  });
  afterAll(async () => {
    await api.stop();
  });
  afterEach(() => {
    api.reset();
    agents?.http.destroy();
  });

  /** The same client twice: with the global fetch, and with ours. */
  const clients = (options: ConstructorParameters<typeof WebClient>[1] = {}) => {
    agents = keptAliveAgents();
    const common = { slackApiUrl: api.url, retryConfig: { retries: 0 }, ...options };
    return { global: new WebClient('xoxb-test-token', common), ours: new WebClient('xoxb-test-token', { ...common, fetch: slackFetch(agents) }) };
  };

  it('posts a message as the global fetch does, and gives WebClient the same answer', async () => {
    const { global, ours } = clients();

    const viaGlobal = await global.chat.postMessage({ channel: 'U123', text: 'Stap 1', blocks });
    const viaOurs = await ours.chat.postMessage({ channel: 'U123', text: 'Stap 1', blocks });

    const [a, b] = api.received as [Received, Received];
    expect(b.path).toBe(a.path);
    expect(b.path).toBe('/api/chat.postMessage');
    for (const header of ['authorization', 'content-type', 'user-agent']) expect([header, b.headers[header]]).toEqual([header, a.headers[header]]);
    expect(b.body).toBe(a.body);
    expect(Number(b.headers['content-length'])).toBe(Buffer.byteLength(b.body));
    expect(viaOurs.ok).toBe(true);
    expect(viaOurs.channel).toBe('D0DM');
    expect(viaOurs.ts).toBe('1700000000.000002');
    expect(Object.keys(viaOurs).sort()).toEqual(Object.keys(viaGlobal).sort());
  });

  it('hands the answer on only in a turn of the event loop of its own (after the requests waiting to be read)', async () => {
    agents = keptAliveAgents();
    let letGo!: () => void;
    const passed = new Promise<void>((resolve) => (letGo = resolve));
    const asked: number[] = [];
    const turns = { pass: () => (asked.push(asked.length), passed) } as unknown as LoopTurns;
    const client = new WebClient('xoxb-test-token', { slackApiUrl: api.url, retryConfig: { retries: 0 }, fetch: slackFetch(agents, { turns }) });
    let answered = false;
    const call = client.chat.postMessage({ channel: 'U123', text: 'Stap 1', blocks }).then((r) => {
      answered = true;
      return r;
    });
    while (asked.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(api.received).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    letGo();
    expect((await call).ok).toBe(true);
  });

  it('keeps one connection open for call after call', async () => {
    const { ours } = clients();
    for (let i = 0; i < 4; i++) await ours.chat.update({ channel: 'D0DM', ts: '1.2', text: `bijgewerkt ${i}` });

    expect(api.received).toHaveLength(4);
    expect(Object.values(agents.http.freeSockets).flat()).toHaveLength(1);
  });

  it('lets WebClient raise Slack’s own error (ok: false), which the outbox classifies as before', async () => {
    const { ours } = clients();
    api.plan.push({ status: 200, body: JSON.stringify({ ok: false, error: 'channel_not_found' }) });

    const err = await ours.chat.postMessage({ channel: 'C404', text: 'x' }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect((err as { code?: string }).code).toBe('slack_webapi_platform_error');
    expect(slackFailure(err)).toMatchObject({ kind: 'permanent', reason: 'channel-gone' });
  });

  it('lets WebClient read a rate limit and its Retry-After', async () => {
    const { ours } = clients({ rejectRateLimitedCalls: true });
    api.plan.push({ status: 429, headers: { 'Retry-After': '7' } });

    const err = await ours.chat.postMessage({ channel: 'C1', text: 'x' }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(slackFailure(err)).toMatchObject({ kind: 'retry', reason: 'rate-limited', retryAfterMs: 7_000 });
  });

  it('lets WebClient raise an HTTP error with the status and headers', async () => {
    const { ours } = clients();
    api.plan.push({ status: 503, headers: { 'Retry-After': '3' }, body: 'busy' });

    const err = await ours.chat.postMessage({ channel: 'C1', text: 'x' }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect((err as { code?: string; statusCode?: number }).code).toBe('slack_webapi_http_error');
    expect(slackFailure(err)).toMatchObject({ kind: 'retry', reason: 'unavailable', status: 503, retryAfterMs: 3_000 });
  });

  it('rejects with Node’s own error when the connection fails, whose code says whether the post may exist', async () => {
    const { ours } = clients();
    const fetchOurs = slackFetch(agents);
    const form = { method: 'POST', body: 'channel=C1&text=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };

    // Through WebClient: its request error (what the outbox gets).
    api.plan.push('destroy');
    const viaClient = await ours.chat.postMessage({ channel: 'C1', text: 'x' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((viaClient as { code?: string }).code).toBe('slack_webapi_request_error');
    expect(slackFailure(viaClient)).toMatchObject({ kind: 'ambiguous' });

    // The error itself. (WebClient keeps it as `original`; inside jest's module realm an error made by Node's
    // core is not an `instanceof Error` of the test's realm, so WebClient there keeps only its message.)
    api.plan.push('destroy');
    const reset = await fetchOurs(`${api.url}chat.postMessage`, form).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(slackFailure({ code: 'slack_webapi_request_error', original: reset })).toMatchObject({ kind: 'ambiguous', platformCode: 'ECONNRESET' });
    const refused = await fetchOurs('http://127.0.0.1:1/api/chat.postMessage', form).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(slackFailure({ code: 'slack_webapi_request_error', original: refused })).toMatchObject({ kind: 'retry', reason: 'unavailable', platformCode: 'ECONNREFUSED' });
  });

  it('gives up on a connection that stays silent, as a post that may exist', async () => {
    agents = keptAliveAgents();
    api.plan.push('silent');
    const ours = slackFetch(agents, { silenceMs: 200 });

    const silent = await ours(`${api.url}chat.postMessage`, { method: 'POST', body: 'channel=C1&text=x', headers: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect((silent as { code?: string }).code).toBe('ETIMEDOUT');
    expect(slackFailure({ code: 'slack_webapi_request_error', original: silent })).toMatchObject({ kind: 'ambiguous', platformCode: 'ETIMEDOUT' });
  });

  it('leaves what is not a form-encoded Web API call to the global fetch (a file’s bytes, a time limit)', async () => {
    agents = keptAliveAgents();
    const fallback = jest.fn<typeof fetch>(() => Promise.resolve(new Response(JSON.stringify({ ok: true }), { status: 200 })));
    const ours = slackFetch(agents, { fallback });

    await ours(`${api.url}files.upload`, { method: 'POST', body: new FormData() });
    await ours(`${api.url}chat.postMessage`, { method: 'POST', body: 'channel=C1', signal: AbortSignal.timeout(5_000) });
    await ours(`${api.url}admin.analytics.getFile`, { method: 'POST', body: 'type=member' });
    await ours(`${api.url}chat.postMessage`, { method: 'POST', body: 'channel=C1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });

    expect(fallback).toHaveBeenCalledTimes(3);
    expect(api.received).toHaveLength(1);
  });
});

describe("the Slack app's client options", () => {
  it('give every client this fetch, and leave the global fetch where a proxy is configured', () => {
    const direct = slackClientOptions({ apiUrl: 'http://127.0.0.1:9/api/' }, {});
    const proxied = slackClientOptions({}, { HTTPS_PROXY: 'http://proxy.example.org:3128' });

    expect(direct.slackApiUrl).toBe('http://127.0.0.1:9/api/');
    expect(typeof direct.fetch).toBe('function');
    expect(direct.fetch).not.toBe(globalThis.fetch);
    expect(proxied).toEqual({});
  });
});
