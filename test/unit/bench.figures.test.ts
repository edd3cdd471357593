/**
 * The bench's per-load figures (bench/lib/figures.ts) and its server-side request times
 * (bench/lib/target.ts): what it adds beside the latencies the users measure.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { byKind, figuresOf, pooled, pooledKinded, type KindedFigures } from '../../bench/lib/figures.js';
import { HandledRequests, type ServerCounters } from '../../bench/lib/target.js';

const memory = { peakRssMB: 100, rssLoadedMB: 50, rssStartedMB: 60 };
const load = (times: number[]) => ({ times, wallMs: 1_000, completed: 1, failures: [] });
const counters = (cpuMs: number, handledMs: number[]): ServerCounters => ({ cpuMs, wallMs: 1_000, loopDelayMs: { p50: 5, p99: 9, max: 12 }, handledMs });

describe('the figures of a load', () => {
  it('keeps the load generator’s CPU per turn beside the server’s, and the server-side request times as a summary', () => {
    const f = figuresOf(load([10, 20, 30, 40]), 1, 0, load([5]), memory, counters(8, [1, 2, 3, 4]), 0.5, 6);

    expect(f.server.cpuMsPerTurn).toBe(2);
    expect(f.generator).toEqual({ cpuMs: 6, cpuMsPerTurn: 1.5 });
    expect(f.server.handledMs).toMatchObject({ count: 4, p50: 2, max: 4 });
  });

  it('has no load generator figure when none was measured (the server in the benchmark’s own process)', () => {
    expect(figuresOf(load([10]), 1, 0, load([5]), memory, counters(1, []), 0.5).generator).toBeUndefined();
  });

  it('pools rounds: server-side times together, the load generator’s CPU summed, and none if a round lacks it', () => {
    const a = figuresOf(load([10, 20]), 1, 0, load([5]), memory, counters(4, [1, 2]), 0.5, 2);
    const b = figuresOf(load([30, 40]), 1, 0, load([5]), memory, counters(4, [3, 100]), 0.5, 6);

    const both = pooled([a, b]);
    expect(both.server.handledMs).toMatchObject({ count: 4, max: 100, p50: 2 });
    expect(both.generator).toEqual({ cpuMs: 8, cpuMsPerTurn: 2 });
    expect(pooled([a, figuresOf(load([30]), 1, 0, load([5]), memory, counters(1, [1]), 0.5)]).generator).toBeUndefined();
  });

  it('pools rounds: throughput over all turns and all wall time, with each round’s own beside it', () => {
    const slow = figuresOf({ ...load([10, 20, 30, 40]), wallMs: 2_000 }, 1, 0, load([5]), memory, counters(4, []), 0.5);
    const fast = figuresOf(load([10, 20, 30, 40, 50, 60]), 1, 0, load([5]), memory, counters(4, []), 0.5);

    const both = pooled([slow, fast]);
    expect(both.turnsPerSecond).toBe(3.3);
    expect(both.rounds?.map((r) => r.turnsPerSecond)).toEqual([2, 6]);
    expect(both.wallMs).toBe(3_000);
  });

  it('pools rounds of a load with kinds: each kind’s latencies over all rounds', () => {
    const kinded = (times: number[], kinds: string[]): KindedFigures => {
      const f = figuresOf(load(times), 1, 0, load([5]), memory, counters(1, []), 0.5);
      return { ...f, ackByKindMs: byKind(times, kinds), samples: { ...f.samples, kinds } };
    };
    const a = kinded([1, 100, 2], ['message', 'click', 'message']);
    const b = kinded([3, 200], ['message', 'click']);

    const both = pooledKinded([a, b]);
    expect(both.ackByKindMs.message).toMatchObject({ count: 3, max: 3 });
    expect(both.ackByKindMs.click).toMatchObject({ count: 2, max: 200 });
    expect(both.latencyMs).toMatchObject({ count: 5, max: 200 });
    expect(both.samples.kinds).toEqual(['message', 'click', 'message', 'message', 'click']);
    expect(pooledKinded([a])).toBe(a);
  });
});

describe('server-side request times', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('times the platform endpoints’ requests from read to answered, and no others', async () => {
    const handled = new HandledRequests();
    server = http.createServer((req, res) => {
      // The Slack endpoint answers after a pause the timing must include; the other path at once.
      if (req.url === '/slack/events') setTimeout(() => res.end('ok'), 30);
      else res.end('other');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    for (const p of ['/slack/events', '/api/chat.postMessage', '/api/messages?x=1']) await (await fetch(`${base}${p}`, { method: 'POST', body: '{}' })).text();

    expect(handled.samples).toHaveLength(2);
    expect(handled.samples[0]).toBeGreaterThanOrEqual(29);

    handled.close();
    await (await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' })).text();
    expect(handled.samples).toHaveLength(2);
  });
});
