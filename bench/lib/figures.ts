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
  /** The server's process during the measured load: CPU time per turn and event-loop delay. */
  server: ServerCounters & { cpuMsPerTurn: number };
  /** 1-minute load average of the machine when the phase started (other work on the machine skews figures). */
  loadAverage: number;
  /** Every turn's latency and the lone user's, for pooling rounds (left out of the JSON). */
  samples: { loaded: number[]; unloaded: number[] };
  /** With pooled rounds: each round's p50 and p99. */
  rounds?: { p50: number; p99: number; cpuMsPerTurn: number }[];
}

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

export const perTurn = (counters: ServerCounters, turns: number) => ({ ...counters, cpuMsPerTurn: Math.round((counters.cpuMs / Math.max(1, turns)) * 100) / 100 });
export const rate = (load: LoadResult) => Math.round((load.times.length / (load.wallMs / 1000)) * 10) / 10;

export function figuresOf(
  load: LoadResult,
  users: number,
  thinkMs: number,
  unloaded: LoadResult,
  memory: MemoryFigures,
  counters: ServerCounters,
  loadAverage: number,
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
    loadAverage,
    samples: { loaded: load.times, unloaded: unloaded.times },
  };
}

/** Rounds of the same load as one: latencies pooled, CPU per turn over all turns, the highest RSS. */
export function pooled<F extends LoadFigures>(runs: F[]): F {
  const [first] = runs;
  if (!first || runs.length === 1) return first as F;
  const loaded = runs.flatMap((r) => r.samples.loaded);
  const unloaded = runs.flatMap((r) => r.samples.unloaded);
  const cpuMs = runs.reduce((a, r) => a + r.server.cpuMs, 0);
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
    server: { ...first.server, cpuMs, wallMs: runs.reduce((a, r) => a + r.server.wallMs, 0), cpuMsPerTurn: Math.round((cpuMs / Math.max(1, loaded.length)) * 100) / 100 },
    loadAverage: Math.max(...runs.map((r) => r.loadAverage)),
    samples: { loaded, unloaded },
    rounds: runs.map((r) => ({ p50: r.latencyMs.p50, p99: r.latencyMs.p99, cpuMsPerTurn: r.server.cpuMsPerTurn })),
  };
}
