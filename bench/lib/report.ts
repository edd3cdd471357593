/**
 * The benchmark's printed table (every figure, with its target and whether it is met) and its
 * JSON file (bench/results/bench-<timestamp>.json, with the machine's load average).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { KindedFigures, LoadFigures } from './figures.js';
import type { Settled } from './settle.js';
import { mb, type LatencySummary } from './stats.js';

export type TeamsFigures = LoadFigures & { channelPosts: number; startupMs: number };
export type SlackFigures = KindedFigures;

/** Per number of stored cases: the figures over the rounds (lowest p50 and CPU, slowest start-up and sweep, highest RSS). */
export interface StoredSummary {
  p50: number;
  unloadedP50: number;
  cpuMsPerTurn: number;
  startupMs: number;
  sweepMs?: number;
  peakRssMB: number;
}

export interface StoredFigures {
  counts: number[];
  seeded: Record<number, { dir: string; seedMs: number }>;
  summary: Record<number, StoredSummary>;
  runs: Record<number, { failures: string[] }[]>;
}

export interface PostgresFigures {
  /** The file store under the same load (one instance), for the ratio. */
  file?: LoadFigures;
  one?: LoadFigures;
  two?: LoadFigures;
  error?: string;
}

export interface Results {
  teams?: TeamsFigures;
  echo?: LoadFigures;
  /** Ours on the in-memory store under the same load (`--only …,memory`): a diagnostic, no target. */
  teamsMemory?: TeamsFigures;
  slack?: SlackFigures;
  stress?: { teams?: TeamsFigures; echo?: LoadFigures; slack?: SlackFigures };
  stored?: StoredFigures;
  postgres?: PostgresFigures;
}

type Row = { figure: string; value: string; target: string; ok: '' | 'yes' | 'NO' };
type Target = { max?: number; min?: number; text: string };

const round2 = (x: number) => Math.round(x * 100) / 100;

class Table {
  readonly rows: Row[] = [];

  row(figure: string, value: number | undefined, unit: string, target?: Target): void {
    if (value === undefined || Number.isNaN(value)) return;
    const ok = target ? ((target.max === undefined || value <= target.max) && (target.min === undefined || value >= target.min) ? 'yes' : 'NO') : '';
    this.rows.push({ figure, value: `${value}${unit}`, target: target?.text ?? '', ok });
  }

  print(): void {
    const cells = [['figure', 'value', 'target', 'ok'], ...this.rows.map((r) => [r.figure, r.value, r.target, r.ok])];
    const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => (c[i] ?? '').length)));
    const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
    console.log(line(cells[0] as string[]));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const c of cells.slice(1)) console.log(line(c));
  }
}

/** The rows of one Teams-and-echo load, with the targets `targets` gives for it. */
function teamsRows(tb: Table, t: LoadFigures | undefined, e: LoadFigures | undefined, how: string, stress: boolean) {
  for (const [name, f, p50Target] of [
    ['Teams', t, stress ? undefined : { max: 15, text: '<= 15 ms' }],
    ['Echo bot', e, undefined],
  ] as const) {
    if (!f) continue;
    tb.row(`${name} p50 (${f.users} users, ${how})`, f.latencyMs.p50, ' ms', p50Target);
    tb.row(`${name} p95`, f.latencyMs.p95, ' ms');
    tb.row(`${name} p99`, f.latencyMs.p99, ' ms');
    tb.row(`${name} throughput`, f.turnsPerSecond, ' turns/s');
    tb.row(`${name} peak RSS`, f.memory.peakRssMB, ' MB');
    tb.row(`${name} p50, 1 user alone`, f.unloadedMs.p50, ' ms');
    tb.row(`${name} server CPU per turn`, f.server.cpuMsPerTurn, ' ms');
    tb.row(`${name} server event-loop delay p99`, f.server.loopDelayMs.p99, ' ms');
    tb.row(`${name} request read to answer sent, in the server, p99`, f.server.handledMs.p99, ' ms');
    tb.row(`${name} load generator CPU per turn (users, fake connector)`, f.generator?.cpuMsPerTurn, ' ms');
  }
  if (!t || !e) return undefined;
  const ratio = round2(t.latencyMs.p99 / e.latencyMs.p99);
  tb.row(`p99 ours / echo bot (${how})`, ratio, 'x', stress ? { max: 1.3, text: '<= 1.3x' } : { max: 1.15, text: '<= 1.15x' });
  (t.rounds ?? []).forEach((r, i) => {
    const er = e.rounds?.[i];
    if (er) tb.row(`  pair ${i + 1}: p99 ${r.p99} / ${er.p99} ms`, round2(r.p99 / er.p99), 'x');
  });
  const throughput = round2(t.turnsPerSecond / e.turnsPerSecond);
  tb.row(`throughput ours / echo bot (${how})`, throughput, 'x', stress ? { min: 0.85, text: '>= 0.85x' } : undefined);
  // With think time both sides do what the users ask (1x); under stress each pair's ceilings.
  if (stress)
    (t.rounds ?? []).forEach((r, i) => {
      const er = e.rounds?.[i];
      if (er) tb.row(`  pair ${i + 1}: ${r.turnsPerSecond} / ${er.turnsPerSecond} turns/s`, round2(r.turnsPerSecond / er.turnsPerSecond), 'x');
    });
  const cpu = round2(t.server.cpuMsPerTurn / e.server.cpuMsPerTurn);
  tb.row(`server CPU per turn ours / echo bot (${how})`, cpu, 'x', stress ? undefined : { max: 1.15, text: '<= 1.15x' });
  // On the same cores as the server: what the load costs for each side is CPU neither server could use.
  if (t.generator && e.generator) tb.row(`load generator CPU per turn ours / echo bot (${how}; not a target)`, round2(t.generator.cpuMsPerTurn / e.generator.cpuMsPerTurn), 'x');
  return { p99: ratio, throughput, cpu };
}

/** Ours on the in-memory store beside ours and the echo bot: how much of ours' CPU per turn the file store is. */
function memoryRows(tb: Table, m: LoadFigures | undefined, t: LoadFigures | undefined, e: LoadFigures | undefined, how: string): number | undefined {
  if (!m) return undefined;
  tb.row(`Teams on the in-memory store p50 (${m.users} users, ${how}; diagnostic)`, m.latencyMs.p50, ' ms');
  tb.row('Teams on the in-memory store p99', m.latencyMs.p99, ' ms');
  tb.row('Teams on the in-memory store server CPU per turn', m.server.cpuMsPerTurn, ' ms');
  if (t) tb.row('server CPU per turn, file store / in-memory store (ours)', round2(t.server.cpuMsPerTurn / m.server.cpuMsPerTurn), 'x');
  if (!e) return undefined;
  const cpu = round2(m.server.cpuMsPerTurn / e.server.cpuMsPerTurn);
  tb.row('server CPU per turn, ours on the in-memory store / echo bot (not a target)', cpu, 'x');
  return cpu;
}

function slackRows(tb: Table, sl: LoadFigures | undefined, how: string, stress: boolean): void {
  if (!sl) return;
  tb.row(`Slack ack p50 (${sl.users} users, ${how})`, sl.latencyMs.p50, ' ms');
  tb.row(`Slack ack p99 (${how})`, sl.latencyMs.p99, ' ms', stress ? { max: 25, text: '<= 25 ms' } : { max: 50, text: '<= 50 ms' });
  (sl.rounds ?? []).forEach((r, i) => tb.row(`  round ${i + 1}: p99`, r.p99, ' ms'));
  tb.row('Slack ack p50, 1 user alone', sl.unloadedMs.p50, ' ms');
  // The ack as the server saw it: from the request read to the ack sent, without the waits for a CPU or an event loop on either side.
  tb.row('Slack ack p99, request read to ack sent, in the server', sl.server.handledMs.p99, ' ms');
  tb.row('Slack server event-loop delay p99', sl.server.loopDelayMs.p99, ' ms');
  tb.row('Slack load generator CPU per turn (users, fake Slack API)', sl.generator?.cpuMsPerTurn, ' ms');
  tb.row('Slack turns completed per second', sl.turnsPerSecond, ' /s');
  tb.row('Slack peak RSS', sl.memory.peakRssMB, ' MB');
}

function storedRows(tb: Table, stored: StoredFigures, storedUsers: number): number | undefined {
  const lo = stored.counts[0] as number;
  const n = stored.counts[stored.counts.length - 1] as number;
  const small = stored.summary[lo];
  const big = stored.summary[n];
  if (!small || !big) return undefined;
  tb.row(`p50, ${lo} stored cases (${storedUsers} users)`, small.p50, ' ms');
  tb.row(`p50, ${n} stored cases (${storedUsers} users)`, big.p50, ' ms');
  const ratio = round2(big.p50 / small.p50);
  tb.row(`p50 ratio ${n} / ${lo}`, ratio, 'x', { max: 1.2, text: '<= 1.2x' });
  tb.row(`server CPU per turn, ${lo} cases`, small.cpuMsPerTurn, ' ms');
  tb.row(`server CPU per turn, ${n} cases`, big.cpuMsPerTurn, ' ms');
  tb.row(`startServer, ${lo} cases`, small.startupMs, ' ms');
  tb.row(`startServer, ${n} cases`, big.startupMs, ' ms', n >= 100_000 ? { max: 2000, text: '<= 2000 ms' } : undefined);
  tb.row(`integrity sweep done after start, ${n} cases (beside the turns; not a target)`, big.sweepMs ?? NaN, ' ms');
  tb.row(`peak RSS, ${lo} cases`, small.peakRssMB, ' MB');
  tb.row(`peak RSS, ${n} cases`, big.peakRssMB, ' MB', n >= 100_000 ? { max: 250, text: '<= 250 MB' } : undefined);
  tb.row(`writing ${n} cases (not a target)`, Math.round((stored.seeded[n]?.seedMs ?? NaN) / 100) / 10, ' s');
  return ratio;
}

function postgresRows(tb: Table, pg: PostgresFigures): { one?: number; two?: number } {
  const out: { one?: number; two?: number } = {};
  for (const [name, f] of [['file store', pg.file], ['PostgreSQL, 1 instance', pg.one], ['PostgreSQL, 2 instances', pg.two]] as const) {
    if (!f) continue;
    tb.row(`${name}: p50 (${f.users} users, Teams)`, f.latencyMs.p50, ' ms');
    tb.row(`${name}: p99`, f.latencyMs.p99, ' ms');
    tb.row(`${name}: users whose case failed`, f.users * (f.rounds?.length ?? 1) - f.completed, '', { max: 0, text: '0' });
    tb.row(`${name}: server CPU per turn`, f.server.cpuMsPerTurn, ' ms');
  }
  const rounds = (pgSide: LoadFigures): void =>
    pgSide.rounds?.forEach((r, i) => {
      const fr = pg.file?.rounds?.[i];
      if (fr) tb.row(`  round ${i + 1}: p99 ${r.p99} / ${fr.p99} ms`, round2(r.p99 / fr.p99), 'x');
    });
  if (pg.file && pg.one) {
    tb.row('p99 PostgreSQL (1 instance) / file store', (out.one = round2(pg.one.latencyMs.p99 / pg.file.latencyMs.p99)), 'x', { max: 1.5, text: '<= 1.5x' });
    rounds(pg.one);
  }
  if (pg.file && pg.two) {
    tb.row('p99 PostgreSQL (2 instances) / file store', (out.two = round2(pg.two.latencyMs.p99 / pg.file.latencyMs.p99)), 'x', { max: 1.5, text: '<= 1.5x' });
    rounds(pg.two);
  }
  return out;
}

export interface ReportContext {
  startedAt: Date;
  wall0: number;
  loadAtStart: number[];
  /** File creation as found before the run, and how long the run waited for it to be normal (settle.ts). */
  settled?: Settled;
  how: string;
  storedUsers: number;
  options: Record<string, unknown>;
  serverWhere: string;
  out: string;
}

/** Prints the table and writes the JSON file. */
export async function report(results: Results, ctx: ReportContext): Promise<void> {
  const tb = new Table();
  const think = teamsRows(tb, results.teams, results.echo, ctx.how, false);
  const memoryCpu = memoryRows(tb, results.teamsMemory, results.teams, results.echo, ctx.how);
  slackRows(tb, results.slack, ctx.how, false);
  const stress = teamsRows(tb, results.stress?.teams, results.stress?.echo, 'no think time', true);
  slackRows(tb, results.stress?.slack, 'no think time', true);
  const storedRatio = results.stored && storedRows(tb, results.stored, ctx.storedUsers);
  const pgRatios = results.postgres && postgresRows(tb, results.postgres);
  if (results.postgres?.error) console.log(`PostgreSQL not measured: ${results.postgres.error}`);
  const { teams, echo, slack, stored, postgres } = results;
  const failures = [teams, echo, results.teamsMemory, slack, results.stress?.teams, results.stress?.echo, results.stress?.slack, postgres?.file, postgres?.one, postgres?.two]
    .flatMap((f) => f?.failures ?? [])
    .concat(stored ? Object.values(stored.runs).flatMap((r) => r.flatMap((x) => x.failures)) : []);
  tb.print();
  if (failures.length) console.log(`\nFAILURES (${failures.length}): ${failures.join('; ')}`);

  const cpus = os.cpus();
  const durationS = Math.round((performance.now() - ctx.wall0) / 100) / 10;
  const json = {
    startedAt: ctx.startedAt.toISOString(),
    durationS,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model,
      totalMemMB: mb(os.totalmem()),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      arch: os.arch(),
      /** 1/5/15-minute load averages at the start and end: above ~1 on 2 cpus, other work competed with the benchmark. */
      loadAverageStart: ctx.loadAtStart.map((x) => Math.round(x * 100) / 100),
      loadAverageEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
      /** Mean time to create a file before the run (µs), after waiting waitedS for files removed shortly before to age (settle.ts). */
      fileCreateUs: ctx.settled?.createUs,
      fileCreateWaitedS: ctx.settled ? Math.round(ctx.settled.waitedMs / 1000) : undefined,
    },
    options: ctx.options,
    figures: {
      ...results,
      p99RatioOursToEcho: think?.p99,
      cpuRatioOursToEcho: think?.cpu,
      cpuRatioInMemoryToEcho: memoryCpu,
      p99RatioOursToEchoNoThinkTime: stress?.p99,
      throughputRatioOursToEchoNoThinkTime: stress?.throughput,
      storedP50Ratio: storedRatio,
      postgresP99RatioToFile: pgRatios,
    },
    table: tb.rows,
  };
  await mkdir(ctx.out, { recursive: true });
  const file = path.join(ctx.out, `bench-${ctx.startedAt.toISOString().replace(/:/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(json, (key, value: unknown) => (key === 'samples' ? undefined : value), 2)}\n`);
  const start = ctx.loadAtStart[0] ?? 0;
  if (ctx.settled && !ctx.settled.normal) console.log(`\nNote: creating a file took ${ctx.settled.createUs} µs at the start (files removed shortly before): the file store's figures are inflated.`);
  if (start > 1 || (os.loadavg()[0] ?? 0) > 2.5) {
    console.log(`\nNote: the machine was busy (load average ${start.toFixed(1)} at the start, ${os.loadavg()[0]?.toFixed(1)} at the end): latencies are inflated.`);
  }
  console.log(`\n${durationS} s; machine: ${cpus.length} cpus, node ${process.version}; server ${ctx.serverWhere}; results: ${path.relative(process.cwd(), file)}`);
}
