/** The figures of one measured load, and rounds of the same load pooled into one. */
import type { LoadResult } from './teams.js';
import { mb, summarise, type LatencySummary } from './stats.js';
import type { ServerCounters, Stopped, Target } from './target.js';

export interface LoadFigures {
  users: number;
  /** Mean think time between a user's turns (0: none). */
  thinkMs: number;
  turnsPerUser: number;
  turns: number;
  completed: number;
  failures: string[];
  latencyMs: LatencySummary;
  turnsPerSecond: number;
  wallMs: number;
  /** One user alone (after warm-up): the service time without queueing. */
  unloadedMs: LatencySummary;
  memory: MemoryFigures;
  /** The server's process during the measured load: CPU time per turn, event-loop delay, requests as it saw them. */
  server: ServerFigures;
  /**
   * What the load itself cost on the same cores (this process's simulated users and, where they run
   * here, the fake platform; the fake Bot Connector's child process): the CPU the server could not
   * have. Undefined with the server in this process.
   */
  generator?: { cpuMs: number; cpuMsPerTurn: number };
  /** 1-minute load average of the machine when the phase started (other work on the machine skews figures). */
  loadAverage: number;
  /** Every turn's latency, the lone user's, and the server-side times, for pooling rounds (left out of the JSON). */
  samples: { loaded: number[]; unloaded: number[]; handled: number[] };
  /** With pooled rounds: each round's p50, p99, CPU per turn and throughput. */
  rounds?: { p50: number; p99: number; cpuMsPerTurn: number; turnsPerSecond: number }[];
}

/** The server's counters of a load, per turn where it matters, with its request times summarised. */
export type ServerFigures = Omit<ServerCounters, 'handledMs'> & { cpuMsPerTurn: number; handledMs: LatencySummary };

export interface MemoryFigures {
  /** Peak RSS of the server's process (sampled every 20 ms over its whole life). */
  peakRssMB: number;
  /** RSS with the server's modules loaded, before start-up, and right after start-up. */
  rssLoadedMB: number;
  rssStartedMB: number;
  /** V8 heap and external memory at the moment RSS peaked. */
  atPeakMB?: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
}

export function memoryOf(target: Target, stopped: Stopped): MemoryFigures {
  const p = stopped.atPeak;
  return {
    peakRssMB: mb(stopped.peakRss),
    rssLoadedMB: mb(target.rssLoaded),
    rssStartedMB: mb(target.rssStarted),
    atPeakMB: p && { heapTotal: mb(p.heapTotal), heapUsed: mb(p.heapUsed), external: mb(p.external), arrayBuffers: mb(p.arrayBuffers) },
  };
}

const perTurnMs = (ms: number, turns: number) => Math.round((ms / Math.max(1, turns)) * 100) / 100;

/** The load generator's figures from its CPU time over the load (undefined: not measured). */
const generatorOf = (cpuMs: number | undefined, turns: number): LoadFigures['generator'] =>
  cpuMs === undefined ? undefined : { cpuMs: Math.round(cpuMs), cpuMsPerTurn: perTurnMs(cpuMs, turns) };

export const perTurn = (counters: ServerCounters, turns: number): ServerFigures => ({
  ...counters,
  cpuMsPerTurn: perTurnMs(counters.cpuMs, turns),
  handledMs: summarise(counters.handledMs),
});
export const rate = (load: LoadResult) => Math.round((load.times.length / (load.wallMs / 1000)) * 10) / 10;

export function figuresOf(
  load: LoadResult,
  users: number,
  thinkMs: number,
  unloaded: LoadResult,
  memory: MemoryFigures,
  counters: ServerCounters,
  loadAverage: number,
  generatorCpuMs?: number,
): LoadFigures {
  return {
    users,
    thinkMs,
    turnsPerUser: Math.round(load.times.length / Math.max(1, users)),
    turns: load.times.length,
    completed: load.completed,
    failures: [...new Set(load.failures)].slice(0, 5),
    latencyMs: summarise(load.times),
    turnsPerSecond: rate(load),
    wallMs: Math.round(load.wallMs),
    unloadedMs: summarise(unloaded.times),
    memory,
    server: perTurn(counters, load.times.length),
    generator: generatorOf(generatorCpuMs, load.times.length),
    loadAverage,
    samples: { loaded: load.times, unloaded: unloaded.times, handled: counters.handledMs },
  };
}

/** Rounds of the same load as one: latencies pooled, CPU per turn over all turns, the highest RSS. */
export function pooled<F extends LoadFigures>(runs: F[]): F {
  const [first] = runs;
  if (!first || runs.length === 1) return first as F;
  const loaded = runs.flatMap((r) => r.samples.loaded);
  const unloaded = runs.flatMap((r) => r.samples.unloaded);
  const cpuMs = runs.reduce((a, r) => a + r.server.cpuMs, 0);
  const handled = runs.flatMap((r) => r.samples.handled);
  const generatorMs = runs.every((r) => r.generator) ? runs.reduce((a, r) => a + (r.generator?.cpuMs ?? 0), 0) : undefined;
  const wallMs = runs.reduce((a, r) => a + r.wallMs, 0);
  const peak = runs.reduce((a, r) => (r.memory.peakRssMB > a.memory.peakRssMB ? r : a), first);
  return {
    ...first,
    turns: loaded.length,
    completed: runs.reduce((a, r) => a + r.completed, 0),
    failures: [...new Set(runs.flatMap((r) => r.failures))].slice(0, 5),
    latencyMs: summarise(loaded),
    unloadedMs: summarise(unloaded),
    turnsPerSecond: Math.round((loaded.length / (wallMs / 1000)) * 10) / 10,
    wallMs,
    memory: peak.memory,
    server: { ...first.server, cpuMs, wallMs: runs.reduce((a, r) => a + r.server.wallMs, 0), cpuMsPerTurn: perTurnMs(cpuMs, loaded.length), handledMs: summarise(handled) },
    // Only when every round measured it (the first round's would otherwise stand for all).
    generator: generatorOf(generatorMs, loaded.length),
    loadAverage: Math.max(...runs.map((r) => r.loadAverage)),
    samples: { loaded, unloaded, handled },
    rounds: runs.map((r) => ({ p50: r.latencyMs.p50, p99: r.latencyMs.p99, cpuMsPerTurn: r.server.cpuMsPerTurn, turnsPerSecond: r.turnsPerSecond })),
  };
}

/** A load whose turns are of several kinds (the Slack load: messages, clicks, commands), each turn's kind beside its latency. */
export type KindedFigures = LoadFigures & {
  ackByKindMs: Record<string, LatencySummary>;
  /** With the kind of each of `samples.loaded`, in the same order. */
  samples: LoadFigures['samples'] & { kinds: string[] };
};

/** Latencies by kind: `kinds[i]` is the kind of `times[i]`. */
export function byKind(times: number[], kinds: string[]): Record<string, LatencySummary> {
  const out: Record<string, LatencySummary> = {};
  for (const kind of new Set(kinds)) out[kind] = summarise(times.filter((_, i) => kinds[i] === kind));
  return out;
}

/** Rounds of a load with kinds, pooled as {@link pooled} does, the latencies by kind over all rounds. */
export function pooledKinded(runs: KindedFigures[]): KindedFigures {
  const all = pooled(runs);
  if (runs.length < 2) return all;
  const kinds = runs.flatMap((r) => r.samples.kinds);
  return { ...all, ackByKindMs: byKind(all.samples.loaded, kinds), samples: { ...all.samples, kinds } };
}
