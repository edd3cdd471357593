/**
 * Performance benchmark: `npx tsx bench/run.ts [--users 50] [--cases 10000] [--out bench/results]`.
 *
 * 1. Teams: N users at once, each a whole case ("hallo" to the summary) over /api/messages against
 *    the fake Bot Connector; per turn the time from sending the POST to its HTTP response.
 * 2. The floor: a bare botbuilder echo bot under the same load shape.
 * 3. Slack: N users at once, each a whole case through signed requests; time to the ack.
 * 4. Stored cases: per-turn p50 with 100 vs 10,000 closed cases on disk, start-up and peak RSS.
 *
 * The server runs in a child process (its RSS is sampled there every 20 ms); the simulated users
 * and the fakes run here. `--in-process` runs the server in this process instead.
 * Other options: --stored-users 20, --rounds 2 (alternating runs of the stored-cases load),
 * --only teams,echo,slack,stored, --prof-dir DIR (a CPU profile of the server during each measured
 * load, for Chrome DevTools), --keep (keep the temporary data).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SIGNING_SECRET } from '../test/helpers/slackClient.js';
import { seedCases, templateCase } from './lib/seed.js';
import { BenchSlack, BenchSlackUser, wholeSlackCase } from './lib/slack.js';
import { mb, summarise, type LatencySummary } from './lib/stats.js';
import { preconnect } from './lib/http.js';
import { startTarget, type ServerCounters, type Target } from './lib/target.js';
import { BenchConnector, BenchTeamsUser, echoTurns, registerChannel, runUsers, TURNS_PER_CASE, wholeCase, type LoadResult } from './lib/teams.js';

// ---- options ----

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const USERS = Number(option('users', '50'));
const CASES = Number(option('cases', '10000'));
const STORED_USERS = Number(option('stored-users', '20'));
const ROUNDS = Number(option('rounds', '2'));
const OUT = path.resolve(option('out', 'bench/results'));
const ONLY = new Set(option('only', 'teams,echo,slack,stored').split(','));
const IN_PROCESS = flag('in-process');
const PROF_DIR = flag('prof-dir') ? path.resolve(option('prof-dir', 'bench/results/prof')) : undefined;
const KEEP = flag('keep');
/** Fixed data encryption key: the figures include AES-256-GCM on every file as in production. */
const KEY = '6d656c64636f64652d62656e63682d6b65792d6f6e6c792d666f722d74657374';
const ADMIN = 'aad-bench-admin';
const WARM_USERS = 3;

for (const [name, v] of [['users', USERS], ['cases', CASES], ['stored-users', STORED_USERS], ['rounds', ROUNDS]] as const) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive whole number`);
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const root = await mkdtemp(path.join(os.tmpdir(), 'meldcode-bench-'));
if (PROF_DIR) await mkdir(PROF_DIR, { recursive: true });
const targetOpts = { inProcess: IN_PROCESS, profDir: PROF_DIR };

function teamsEnv(dataDir: string): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    SETTINGS_FILE: path.join(root, 'settings.json'),
    PORT: '0',
    DATA_ENCRYPTION_KEY: KEY,
    RATE_LIMIT_PER_MINUTE: '0',
    AF_ADMIN_IDS: ADMIN,
  };
}

interface LoadFigures {
  users: number;
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
}

interface MemoryFigures {
  /** Peak RSS of the server's process (sampled every 20 ms over its whole life). */
  peakRssMB: number;
  /** RSS with the server's modules loaded, before start-up, and right after start-up. */
  rssLoadedMB: number;
  rssStartedMB: number;
  /** V8 heap and external memory at the moment RSS peaked. */
  atPeakMB?: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
}

function memoryOf(target: Target, stopped: { peakRss: number; atPeak?: NodeJS.MemoryUsage }): MemoryFigures {
  const p = stopped.atPeak;
  return {
    peakRssMB: mb(stopped.peakRss),
    rssLoadedMB: mb(target.rssLoaded),
    rssStartedMB: mb(target.rssStarted),
    atPeakMB: p && { heapTotal: mb(p.heapTotal), heapUsed: mb(p.heapUsed), external: mb(p.external), arrayBuffers: mb(p.arrayBuffers) },
  };
}

const perTurn = (counters: ServerCounters, turns: number) => ({ ...counters, cpuMsPerTurn: Math.round((counters.cpuMs / Math.max(1, turns)) * 100) / 100 });
const rate = (load: LoadResult) => Math.round((load.times.length / (load.wallMs / 1000)) * 10) / 10;

function figuresOf(
  load: LoadResult,
  users: number,
  unloaded: LoadResult,
  memory: MemoryFigures,
  counters: ServerCounters,
  loadAverage: number,
): LoadFigures {
  return {
    users,
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
  };
}

let userSeq = 0;
const teamsUsers = (url: string, connector: BenchConnector, n: number, tag: string) =>
  Array.from({ length: n }, () => {
    const k = ++userSeq;
    return new BenchTeamsUser(url, connector, `aad-${tag}-${k}`, `Collega ${tag} ${k}`);
  });

const loadAvg = () => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;

/**
 * Warm-up (not measured), one user alone, then `users` at once. The load starts on open keep-alive
 * connections: a busy Node server accepts a burst of new connections only slowly (seen as first
 * turns of up to 2 s for both servers), which is not what a steady stream of traffic looks like.
 */
async function measured<U extends { times: number[] }>(target: Target, warm: U[], alone: U[], loaded: U[], play: (u: U) => Promise<void>) {
  await runUsers(warm, play);
  const unloaded = await runUsers(alone, play);
  await preconnect(target.url, loaded.length);
  await target.mark();
  const load = await runUsers(loaded, play);
  const counters = await target.counters();
  await target.idle();
  return { load, unloaded, counters };
}

function teamsLoad(target: Target, connector: BenchConnector, users: number, tag: string, play: (u: BenchTeamsUser) => Promise<void>) {
  const make = (n: number, t: string) => teamsUsers(target.url, connector, n, t);
  return measured(target, make(WARM_USERS, `${tag}-warm`), make(1, `${tag}-alone`), make(users, tag), play);
}

// ---- phases ----

const results: Record<string, unknown> = {};

async function teamsPhase(): Promise<LoadFigures & { channelPosts: number; startupMs: number }> {
  log(`Teams: ${USERS} users, each a whole case (${TURNS_PER_CASE} turns)`);
  const loadAverage = loadAvg();
  const connector = await new BenchConnector().start();
  const target = await startTarget({ kind: 'meldcode', label: 'teams', env: teamsEnv(path.join(root, 'teams')) }, targetOpts);
  await registerChannel(target.url, connector, ADMIN);
  const { load, unloaded, counters } = await teamsLoad(target, connector, USERS, 'teams', wholeCase);
  const memory = memoryOf(target, await target.stop());
  await connector.stop();
  return { ...figuresOf(load, USERS, unloaded, memory, counters, loadAverage), channelPosts: connector.threads, startupMs: Math.round(target.startupMs) };
}

async function echoPhase(): Promise<LoadFigures> {
  log(`Echo bot: ${USERS} users x ${TURNS_PER_CASE} turns`);
  const loadAverage = loadAvg();
  const connector = await new BenchConnector().start();
  const target = await startTarget({ kind: 'echo', label: 'echo' }, targetOpts);
  const { load, unloaded, counters } = await teamsLoad(target, connector, USERS, 'echo', (u) => echoTurns(u));
  const memory = memoryOf(target, await target.stop());
  await connector.stop();
  return figuresOf(load, USERS, unloaded, memory, counters, loadAverage);
}

async function slackPhase() {
  log(`Slack: ${USERS} users, each a whole case`);
  const loadAverage = loadAvg();
  const slack = await new BenchSlack().start();
  const env = {
    DATA_DIR: path.join(root, 'slack'),
    SETTINGS_FILE: path.join(root, 'settings.json'),
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_ENCRYPTION_KEY: KEY,
    RATE_LIMIT_PER_MINUTE: '0',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${slack.url}/api/`,
  };
  const target = await startTarget({ kind: 'meldcode', label: 'slack', env }, targetOpts);
  let k = 0;
  const users = (n: number) => Array.from({ length: n }, () => new BenchSlackUser(target.url, slack, `UBENCH${(++k).toString(36).toUpperCase()}`));
  const loaded = users(USERS);
  const { load, unloaded, counters } = await measured(target, users(WARM_USERS), users(1), loaded, wholeSlackCase);
  const memory = memoryOf(target, await target.stop());
  await slack.stop();
  const byKind: Record<string, LatencySummary> = {};
  const kinds = loaded.flatMap((u) => u.kinds);
  const times = loaded.flatMap((u) => u.times);
  for (const kind of new Set(kinds)) byKind[kind] = summarise(times.filter((_, i) => kinds[i] === kind));
  return { ...figuresOf(load, USERS, unloaded, memory, counters, loadAverage), ackByKindMs: byKind };
}

async function storedPhase() {
  log('Stored cases: playing a template case');
  const template = await templateCase();
  const counts = [...new Set([Math.min(100, CASES), CASES])];
  const seeded: Record<number, { dir: string; seedMs: number }> = {};
  for (const count of counts) {
    const dir = path.join(root, `stored-${count}`);
    log(`Stored cases: writing ${count} closed cases (${template.log.length} log entries each)`);
    const seedMs = await seedCases(dir, KEY, count, template);
    seeded[count] = { dir, seedMs: Math.round(seedMs) };
  }
  interface StoredRun {
    round: number;
    startupMs: number;
    processReadyMs?: number;
    latencyMs: LatencySummary;
    unloadedMs: LatencySummary;
    turnsPerSecond: number;
    memory: MemoryFigures;
    server: ServerCounters & { cpuMsPerTurn: number };
    loadAverage: number;
    failures: string[];
  }
  const runs: Record<number, StoredRun[]> = Object.fromEntries(counts.map((c) => [c, []]));
  // Alternating rounds (100, 10000, 100, 10000): other work on the machine then hits both sides alike.
  for (let round = 1; round <= ROUNDS; round++) {
    for (const count of counts) {
      log(`Stored cases: server on ${count} cases, ${STORED_USERS} users (round ${round} of ${ROUNDS})`);
      const loadAverage = loadAvg();
      const connector = await new BenchConnector().start();
      const target = await startTarget({ kind: 'meldcode', label: `stored-${count}`, env: teamsEnv(seeded[count]?.dir ?? '') }, targetOpts);
      await registerChannel(target.url, connector, ADMIN);
      const { load, unloaded, counters } = await teamsLoad(target, connector, STORED_USERS, `stored${count}r${round}`, wholeCase);
      const memory = memoryOf(target, await target.stop());
      await connector.stop();
      runs[count]?.push({
        round,
        startupMs: Math.round(target.startupMs),
        processReadyMs: target.processReadyMs === undefined ? undefined : Math.round(target.processReadyMs),
        latencyMs: summarise(load.times),
        unloadedMs: summarise(unloaded.times),
        turnsPerSecond: rate(load),
        memory,
        server: perTurn(counters, load.times.length),
        loadAverage,
        failures: [...new Set(load.failures)].slice(0, 5),
      });
    }
  }
  // Per number of cases: the lowest p50 of the rounds (noise only adds time), the slowest start-up and the highest RSS.
  const summary = Object.fromEntries(
    counts.map((c) => {
      const r = runs[c] ?? [];
      return [
        c,
        {
          p50: Math.min(...r.map((x) => x.latencyMs.p50)),
          unloadedP50: Math.min(...r.map((x) => x.unloadedMs.p50)),
          cpuMsPerTurn: Math.min(...r.map((x) => x.server.cpuMsPerTurn)),
          startupMs: Math.max(...r.map((x) => x.startupMs)),
          peakRssMB: Math.max(...r.map((x) => x.memory.peakRssMB)),
        },
      ];
    }),
  ) as Record<number, { p50: number; unloadedP50: number; cpuMsPerTurn: number; startupMs: number; peakRssMB: number }>;
  return { counts, templateLogEntries: template.log.length, rounds: ROUNDS, seeded, summary, runs };
}

// ---- run ----

const startedAt = new Date();
const wall0 = performance.now();
const loadAtStart = os.loadavg();
try {
  if (ONLY.has('teams')) results.teams = await teamsPhase();
  if (ONLY.has('echo')) results.echo = await echoPhase();
  if (ONLY.has('slack')) results.slack = await slackPhase();
  if (ONLY.has('stored')) results.stored = await storedPhase();
} finally {
  if (!KEEP) await rm(root, { recursive: true, force: true });
  else log(`kept ${root}`);
}

// ---- report ----

type Row = { figure: string; value: string; target: string; ok: '' | 'yes' | 'NO' };
const rows: Row[] = [];
const row = (figure: string, value: number | undefined, unit: string, target?: { max: number; text: string }) => {
  if (value === undefined || Number.isNaN(value)) return;
  rows.push({ figure, value: `${value}${unit}`, target: target?.text ?? '', ok: target ? (value <= target.max ? 'yes' : 'NO') : '' });
};
const teams = results.teams as Awaited<ReturnType<typeof teamsPhase>> | undefined;
const echo = results.echo as Awaited<ReturnType<typeof echoPhase>> | undefined;
const slack = results.slack as Awaited<ReturnType<typeof slackPhase>> | undefined;
const stored = results.stored as Awaited<ReturnType<typeof storedPhase>> | undefined;
const round2 = (x: number) => Math.round(x * 100) / 100;
let p99Ratio: number | undefined;
if (teams) {
  row(`Teams p50 (${teams.users} users)`, teams.latencyMs.p50, ' ms', { max: 15, text: '<= 15 ms' });
  row('Teams p95', teams.latencyMs.p95, ' ms');
  row('Teams p99', teams.latencyMs.p99, ' ms');
  row('Teams throughput', teams.turnsPerSecond, ' turns/s');
  row('Teams peak RSS', teams.memory.peakRssMB, ' MB');
  row('Teams p50, 1 user alone', teams.unloadedMs.p50, ' ms');
  row('Teams server CPU per turn', teams.server.cpuMsPerTurn, ' ms');
  row('Teams server event-loop delay p99', teams.server.loopDelayMs.p99, ' ms');
}
if (echo) {
  row(`Echo bot p50 (${echo.users} users)`, echo.latencyMs.p50, ' ms');
  row('Echo bot p95', echo.latencyMs.p95, ' ms');
  row('Echo bot p99', echo.latencyMs.p99, ' ms');
  row('Echo bot throughput', echo.turnsPerSecond, ' turns/s');
  row('Echo bot peak RSS', echo.memory.peakRssMB, ' MB');
  row('Echo bot p50, 1 user alone', echo.unloadedMs.p50, ' ms');
  row('Echo bot server CPU per turn', echo.server.cpuMsPerTurn, ' ms');
}
if (teams && echo) {
  p99Ratio = round2(teams.latencyMs.p99 / echo.latencyMs.p99);
  row('p99 ours / echo bot', p99Ratio, 'x', { max: 1.5, text: '<= 1.5x' });
}
if (slack) {
  row(`Slack ack p50 (${slack.users} users)`, slack.latencyMs.p50, ' ms');
  row('Slack ack p99', slack.latencyMs.p99, ' ms', { max: 50, text: '<= 50 ms' });
  row('Slack ack p50, 1 user alone', slack.unloadedMs.p50, ' ms');
  row('Slack server event-loop delay p99', slack.server.loopDelayMs.p99, ' ms');
  row('Slack peak RSS', slack.memory.peakRssMB, ' MB');
}
let storedRatio: number | undefined;
if (stored) {
  const lo = stored.counts[0] as number;
  const n = stored.counts[stored.counts.length - 1] as number;
  const small = stored.summary[lo];
  const big = stored.summary[n];
  if (small && big) {
    row(`p50, ${lo} stored cases (${STORED_USERS} users)`, small.p50, ' ms');
    row(`p50, ${n} stored cases (${STORED_USERS} users)`, big.p50, ' ms');
    storedRatio = round2(big.p50 / small.p50);
    row(`p50 ratio ${n} / ${lo}`, storedRatio, 'x', { max: 1.2, text: '<= 1.2x' });
    row(`server CPU per turn, ${lo} cases`, small.cpuMsPerTurn, ' ms');
    row(`server CPU per turn, ${n} cases`, big.cpuMsPerTurn, ' ms');
    row(`startServer, ${lo} cases`, small.startupMs, ' ms');
    row(`startServer, ${n} cases`, big.startupMs, ' ms', { max: 2000, text: '<= 2000 ms' });
    row(`peak RSS, ${lo} cases`, small.peakRssMB, ' MB');
    row(`peak RSS, ${n} cases`, big.peakRssMB, ' MB', { max: 250, text: '<= 250 MB' });
    row(`writing ${n} cases (not a target)`, Math.round((stored.seeded[n]?.seedMs ?? NaN) / 100) / 10, ' s');
  }
}
const failures = [teams, echo, slack].flatMap((f) => f?.failures ?? []).concat(stored ? Object.values(stored.runs).flatMap((r) => r.flatMap((x) => x.failures)) : []);

const widths = [0, 1, 2, 3].map((i) => Math.max(...[['figure', 'value', 'target', 'ok'], ...rows.map((r) => [r.figure, r.value, r.target, r.ok])].map((c) => (c[i] ?? '').length)));
const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
console.log(line(['figure', 'value', 'target', 'ok']));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line([r.figure, r.value, r.target, r.ok]));
if (failures.length) console.log(`\nFAILURES (${failures.length}): ${failures.join('; ')}`);

const cpus = os.cpus();
const report = {
  startedAt: startedAt.toISOString(),
  durationS: Math.round((performance.now() - wall0) / 100) / 10,
  machine: {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    totalMemMB: mb(os.totalmem()),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    /** 1/5/15-minute load averages at the start and end: above ~1 on 2 cpus, other work competed with the benchmark. */
    loadAverageStart: loadAtStart.map((x) => Math.round(x * 100) / 100),
    loadAverageEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
  },
  options: { users: USERS, cases: CASES, storedUsers: STORED_USERS, storedRounds: ROUNDS, serverInProcess: IN_PROCESS, warmUpUsers: WARM_USERS, turnsPerCase: TURNS_PER_CASE, rssSampleMs: 20, encryption: true },
  figures: { ...results, p99RatioOursToEcho: p99Ratio, storedP50Ratio: storedRatio },
  table: rows,
};
await mkdir(OUT, { recursive: true });
const file = path.join(OUT, `bench-${startedAt.toISOString().replace(/:/g, '-')}.json`);
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
if ((loadAtStart[0] ?? 0) > 1 || (os.loadavg()[0] ?? 0) > 2.5) {
  console.log(`\nNote: the machine was busy (load average ${loadAtStart[0]?.toFixed(1)} at the start, ${os.loadavg()[0]?.toFixed(1)} at the end): latencies are inflated.`);
}
console.log(`\n${report.durationS} s; machine: ${cpus.length} cpus, node ${process.version}; server ${IN_PROCESS ? 'in this process' : 'in a child process'}; results: ${path.relative(process.cwd(), file)}`);
