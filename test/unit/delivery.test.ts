/** Failed deliveries: how they are classified, and what the dispatcher does with each kind. */
import { describe, expect, it } from '@jest/globals';
import { addDeadLetter, deadLetters } from '../../src/cases/deadLetters.js';
import { deleteWithAudit } from '../../src/cases/deletion.js';
import { asDeliveryError, backoffMs, BACKOFF, classifyNetwork, classifyStatus, DeliveryError, parseRetryAfter } from '../../src/cases/delivery.js';
import { Dispatcher, type AfSink } from '../../src/cases/dispatcher.js';
import type { ChannelSummary } from '../../src/engine/types.js';
import { slackFailure } from '../../src/channels/slack/failures.js';
import { teamsFailure } from '../../src/channels/teams/sink.js';
import { MemoryStore } from '../../src/store/memory.js';

const summary = { caseId: 'c1', ref: 'MC-1', reporter: 'web:a', urgency: 'normal' } as unknown as ChannelSummary;

describe('classifying a failed delivery', () => {
  it.each([
    [429, 'retry', 'rate-limited'],
    [503, 'retry', 'unavailable'],
    [500, 'ambiguous', 'unsure'],
    [502, 'ambiguous', 'unsure'],
    [504, 'ambiguous', 'unsure'],
    [404, 'permanent', 'channel-gone'],
    [403, 'permanent', 'no-access'],
    [400, 'permanent', 'rejected'],
  ])('HTTP %i is %s (%s)', (status, kind, reason) => {
    const f = classifyStatus(status);
    expect([f.kind, f.reason, f.status]).toEqual([kind, reason, status]);
  });

  it('a refused connection is retried; a reset or timed-out one may have been sent', () => {
    expect(classifyNetwork(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))?.kind).toBe('retry');
    expect(classifyNetwork(new Error('fetch failed', { cause: Object.assign(new Error('y'), { code: 'ECONNRESET' }) }))?.kind).toBe('ambiguous');
    expect(classifyNetwork(new Error('plain'))).toBeUndefined();
    expect(asDeliveryError(new Error('plain')).kind).toBe('retry');
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('backs off from 30 seconds, doubling, to at most 30 minutes', () => {
    expect([1, 2, 3].map(backoffMs)).toEqual([30_000, 60_000, 120_000]);
    expect(backoffMs(50)).toBe(BACKOFF.maxMs);
  });
});

describe('classifying the platforms\' errors', () => {
  const platform = (error: string) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error } });
  it.each([
    ['channel_not_found', 'permanent', 'channel-gone'],
    ['is_archived', 'permanent', 'channel-gone'],
    ['not_in_channel', 'permanent', 'channel-gone'],
    ['account_inactive', 'permanent', 'no-access'],
    ['token_revoked', 'permanent', 'no-access'],
    ['invalid_auth', 'permanent', 'no-access'],
    ['missing_scope', 'permanent', 'no-access'],
    ['ratelimited', 'retry', 'rate-limited'],
    ['internal_error', 'ambiguous', 'unsure'],
    ['invalid_blocks', 'permanent', 'rejected'],
  ])('Slack %s is %s (%s)', (error, kind, reason) => {
    const f = slackFailure(platform(error));
    expect([f.kind, f.reason, f.platformCode]).toEqual([kind, reason, error]);
  });

  it('Slack: a 429 keeps its Retry-After; an HTTP 500 is ambiguous; no answer after sending is ambiguous', () => {
    expect(slackFailure({ code: 'slack_webapi_rate_limited_error', retryAfter: 30 }).retryAfterMs).toBe(30_000);
    expect(slackFailure({ code: 'slack_webapi_http_error', statusCode: 500, headers: {} }).kind).toBe('ambiguous');
    expect(slackFailure({ code: 'slack_webapi_request_error', original: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }).kind).toBe('retry');
    expect(slackFailure({ code: 'slack_webapi_request_error', original: new Error('socket hang up') }).kind).toBe('ambiguous');
  });

  it('Teams: the connector\'s status and Retry-After header', () => {
    const f = teamsFailure({ statusCode: 429, response: { headers: { get: (n: string) => (n === 'retry-after' ? '15' : undefined) } } });
    expect([f.kind, f.retryAfterMs]).toEqual(['retry', 15_000]);
    expect(teamsFailure({ statusCode: 403 }).reason).toBe('no-access');
    expect(teamsFailure({ statusCode: 404 }).reason).toBe('channel-gone');
    expect(teamsFailure({ statusCode: 502 }).kind).toBe('ambiguous');
  });
});

/** A sink that fails as told, once per entry of `failures`, then posts. */
function scripted(name: string, failures: DeliveryError[], opts: { confirm?: () => boolean } = {}): AfSink & { posts: string[]; confirms: number } {
  const sink = {
    name,
    posts: [] as string[],
    confirms: 0,
    ready: async () => true,
    post: async (_s: ChannelSummary, _r: string, item: { id: string }) => {
      const f = failures.shift();
      if (f) throw f;
      sink.posts.push(item.id);
    },
    ...(opts.confirm
      ? {
          confirm: async () => {
            sink.confirms++;
            return opts.confirm?.() ?? false;
          },
        }
      : {}),
  };
  return sink;
}

async function setUp(sinks: AfSink[], now: { t: number }) {
  const store = new MemoryStore();
  await store.enqueue({ id: 'n1', kind: 'af.post', createdAt: '2026-12-01T09:00:00.000Z', payload: { type: 'af.post', reason: 'afronding', summary }, attempts: 0 });
  const events: { event: string; fields: Record<string, unknown> }[] = [];
  const reported: string[] = [];
  const dispatcher = new Dispatcher(store, sinks, { warn: (event, fields) => events.push({ event, fields }) }, undefined, {
    clock: () => new Date(now.t),
    report: async (l) => void reported.push(`${l.sink}:${l.reason}`),
  });
  return { store, dispatcher, events, reported };
}

describe('the dispatcher after a failed delivery', () => {
  it('honours Retry-After: not tried before then, then delivered once', async () => {
    const now = { t: Date.parse('2026-12-01T10:00:00Z') };
    const sink = scripted('teams', [new DeliveryError('retry', 'rate-limited', { status: 429, retryAfterMs: 120_000 })]);
    const { store, dispatcher, events } = await setUp([sink], now);
    await dispatcher.run();
    expect((await store.pending())[0]).toMatchObject({ attempts: 1, notBefore: '2026-12-01T10:02:00.000Z', sinks: { teams: { attempts: 1, last: 'retry' } } });
    expect(events.map((e) => e.event)).toEqual(['af.post.retry']);
    expect(events[0]?.fields).toMatchObject({ reason: 'rate-limited', status: 429, attempts: 1, item: 'n1' });

    now.t += 119_000;
    await dispatcher.run();
    expect(sink.posts).toEqual([]);
    now.t += 1_000;
    await dispatcher.run();
    expect(sink.posts).toEqual(['n1']);
    expect(await store.pending()).toEqual([]);
    dispatcher.stop();
  });

  it('backs off exponentially after transient failures', async () => {
    const now = { t: Date.parse('2026-12-01T10:00:00Z') };
    const down = () => new DeliveryError('retry', 'unavailable', { status: 503 });
    const sink = scripted('teams', [down(), down()]);
    const { store, dispatcher } = await setUp([sink], now);
    await dispatcher.run();
    expect((await store.pending())[0]?.notBefore).toBe('2026-12-01T10:00:30.000Z');
    now.t += 30_000;
    await dispatcher.run();
    expect((await store.pending())[0]?.notBefore).toBe('2026-12-01T10:01:30.000Z');
    now.t += 60_000;
    await dispatcher.run();
    expect(sink.posts).toEqual(['n1']);
    dispatcher.stop();
  });

  it('tells the leads once when a post keeps failing for a passing reason, and keeps trying', async () => {
    const now = { t: Date.parse('2026-12-01T10:00:00Z') };
    const failures = Array.from({ length: BACKOFF.reportAfter + 1 }, () => new DeliveryError('retry', 'unavailable', { status: 503 }));
    const sink = scripted('teams', failures);
    const store = new MemoryStore();
    await store.enqueue({ id: 'n1', kind: 'af.post', createdAt: '2026-12-01T09:00:00.000Z', payload: { type: 'af.post', reason: 'afronding', summary }, attempts: 0 });
    const delayed: number[] = [];
    const dispatcher = new Dispatcher(store, [sink], undefined, undefined, { clock: () => new Date(now.t), reportDelayed: async (d) => void delayed.push(d.attempts) });
    for (let i = 0; i < BACKOFF.reportAfter + 2; i++) {
      await dispatcher.run();
      now.t += BACKOFF.maxMs;
    }
    expect(delayed).toEqual([BACKOFF.reportAfter]);
    expect(sink.posts).toEqual(['n1']);
    dispatcher.stop();
  });

  it('a permanent failure stops retrying: a dead letter, reported once, while the other channel still gets the post', async () => {
    const now = { t: Date.parse('2026-12-01T10:00:00Z') };
    const teams = scripted('teams', [new DeliveryError('permanent', 'channel-gone', { status: 404 })]);
    const web = scripted('web', []);
    const { store, dispatcher, events, reported } = await setUp([teams, web], now);
    await dispatcher.run();
    await dispatcher.run();
    expect(await store.pending()).toEqual([]);
    expect(web.posts).toEqual(['n1']);
    expect(reported).toEqual(['teams:channel-gone']);
    expect(events.filter((e) => e.event === 'af.post.dead')).toHaveLength(1);
    const [letter] = await deadLetters(store);
    expect(letter).toMatchObject({ id: 'n1', sink: 'teams', reason: 'channel-gone', status: 404, attempts: 1, createdAt: '2026-12-01T09:00:00.000Z', deadAt: '2026-12-01T10:00:00.000Z' });

    // Registered again: the letter goes back to the outbox, owed to that channel only.
    expect(await dispatcher.restore('teams')).toBe(1);
    await dispatcher.run();
    expect(teams.posts).toEqual(['n1']);
    expect(web.posts).toEqual(['n1']);
    expect(await deadLetters(store)).toEqual([]);
    expect(await store.pending()).toEqual([]);
  });

  it('a deleted case takes its dead letters with it', async () => {
    const store = new MemoryStore();
    const letter = (id: string, caseId: string) => ({ id, kind: 'af.post', sink: 'teams', reason: 'channel-gone' as const, attempts: 1, createdAt: 'x', deadAt: 'y', payload: { type: 'af.post', summary: { ...summary, caseId } } });
    await addDeadLetter(store, letter('a', 'c1'));
    await addDeadLetter(store, letter('b', 'c2'));
    const meta = { id: 'c1', ref: 'MC-1', owner: 'web:a', route: 'meldcode', step: 5, status: 'open', urgency: 'normaal', createdAt: 'x', updatedAt: 'x' } as const;
    await store.createCase(meta);
    await deleteWithAudit(store, meta, 'aandachtsfunctionaris', 'web:lead', new Date('2026-12-01T10:00:00Z'));
    expect((await deadLetters(store)).map((l) => l.id)).toEqual(['b']);
  });

  it('does not lose a post for one channel because another channel took it', async () => {
    const now = { t: Date.parse('2026-12-01T10:00:00Z') };
    const teams = scripted('teams', [new DeliveryError('retry', 'unavailable')]);
    const web = scripted('web', []);
    const { store, dispatcher } = await setUp([teams, web], now);
    await dispatcher.run();
    expect(web.posts).toEqual(['n1']);
    expect(await store.pending()).toHaveLength(1);
    now.t += BACKOFF.firstMs;
    await dispatcher.run();
    expect(teams.posts).toEqual(['n1']);
    expect(web.posts).toEqual(['n1']);
    dispatcher.stop();
  });

  it('an ambiguous failure where the sink can look: found means delivered, not posted again', async () => {
    const now = { t: Date.parse('2026-12-01T10:00:00Z') };
    const sink = scripted('slack', [new DeliveryError('ambiguous', 'unsure', { status: 500 })], { confirm: () => true });
    const { store, dispatcher } = await setUp([sink], now);
    await dispatcher.run();
    now.t += BACKOFF.firstMs;
    await dispatcher.run();
    expect(sink.confirms).toBe(1);
    expect(sink.posts).toEqual([]);
    expect(await store.pending()).toEqual([]);
    dispatcher.stop();
  });

  it('a failed look for the earlier post keeps it unsure: the next attempt looks again instead of posting', async () => {
    const now = { t: Date.parse('2026-12-01T10:00:00Z') };
    let looks = 0;
    const sink = scripted('slack', [new DeliveryError('ambiguous', 'unsure', { status: 500 })], {
      confirm: () => {
        looks++;
        if (looks === 1) throw new DeliveryError('retry', 'rate-limited', { retryAfterMs: 5_000 });
        return true;
      },
    });
    const { store, dispatcher } = await setUp([sink], now);
    await dispatcher.run();
    now.t += BACKOFF.firstMs;
    await dispatcher.run();
    expect((await store.pending())[0]?.sinks?.slack).toEqual({ attempts: 2, last: 'ambiguous' });
    now.t += 5_000;
    await dispatcher.run();
    expect(looks).toBe(2);
    expect(sink.posts).toEqual([]);
    expect(await store.pending()).toEqual([]);
    dispatcher.stop();
  });

  it('an ambiguous failure where the sink cannot look: a dead letter "unsure", reported, never re-posted', async () => {
    const now = { t: Date.parse('2026-12-01T10:00:00Z') };
    const sink = scripted('teams', [new DeliveryError('ambiguous', 'unsure', { status: 502 })]);
    const { store, dispatcher, reported } = await setUp([sink], now);
    await dispatcher.run();
    now.t += BACKOFF.maxMs;
    await dispatcher.run();
    expect(sink.posts).toEqual([]);
    expect(await store.pending()).toEqual([]);
    expect(reported).toEqual(['teams:unsure']);
    // An unsure letter is not given back by a registration: it may be in the channel already.
    expect(await dispatcher.restore('teams')).toBe(0);
  });

  it('wakes by itself when the earliest retry comes due (one unref\'d timer)', async () => {
    const store = new MemoryStore();
    await store.enqueue({ id: 'n1', kind: 'af.post', createdAt: '2026-12-01T09:00:00.000Z', payload: { type: 'af.post', reason: 'afronding', summary }, attempts: 0 });
    const sink = scripted('teams', [new DeliveryError('retry', 'rate-limited', { retryAfterMs: 1_000 })]);
    let posted: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (posted = resolve));
    const wrapped: AfSink = { ...sink, post: async (s, r, i) => { await sink.post(s, r, i); posted(); } };
    const dispatcher = new Dispatcher(store, [wrapped]);
    await dispatcher.run();
    expect(sink.posts).toEqual([]);
    // No second run is called: the timer set for the Retry-After does it.
    await done;
    expect(sink.posts).toEqual(['n1']);
    dispatcher.stop();
  });
});
