/**
 * Performance benchmark: `npx tsx bench/run.ts [--users 50] [--think-ms 1000] [--cases 10000] [--out bench/results]`.
 *
 * 1. Teams: N concurrent users, each a whole case ("hallo" to the summary) over /api/messages
 *    against the fake Bot Connector, each pausing a think time between turns (uniform between half
 *    and one and a half times --think-ms, seeded); per turn the time from sending the POST to its
 *    HTTP response.
 * 2. The floor: a bare botbuilder echo bot under the same load (same users, same pauses).
 * 3. Slack: N concurrent users, each a whole case through signed requests; time to the ack.
 * 4. Stress: 1 to 3 again without think time (every user sends its next turn the moment it has
 *    the answer): the throughput ceiling, where latency is mostly queueing behind the other users.
 * 5. Stored cases: per-turn p50 with 100 vs 100,000 closed cases on disk, start-up and peak RSS.
 * 6. PostgreSQL: the Teams load of 1 against the PostgreSQL store, one instance and two instances
 *    behind a loopback round-robin proxy, next to the file store under the same load; --rounds
 *    alternating rounds pooled, each after a CHECKPOINT (so none falls due inside a measured load).
 *
 * The server runs in a child process (its RSS is sampled there every 20 ms), built and run as in
 * production (compiled JavaScript, plain Node; `--tsx` runs the TypeScript sources through tsx as
 * `npm start` does); the simulated users and the fakes run here. `--in-process` runs the server in
 * this process instead.
 * Ours and the echo bot are run in --pairs 3 alternating rounds (ours, echo, ours, echo), and the
 * latencies of the rounds pooled, so a disturbance of the machine hits both sides alike; the stress
 * loads of 4 too (ours, echo, Slack, then again), a stress load being only a few seconds long.
 * `--only …,memory` (not run by default) adds ours on the in-memory store to every round: what the
 * dialogue, cards and adapter cost without the file store (no files, no encryption); a diagnostic, no target.
 * Other options: --stored-users 20, --rounds 2 (alternating runs of the stored-cases load, and of the PostgreSQL
 * phase's three loads, each pooled),
 * --only teams,echo,slack,stress,stored,postgres, --database-url URL (default DATABASE_URL or the local
 * server's postgres://postgres@127.0.0.1:5432/test; a fresh schema per run, dropped after), --prof-dir DIR (a CPU profile of the server during each
 * measured load, for Chrome DevTools), --keep (keep the temporary data).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SIGNING_SECRET } from '../test/helpers/slackClient.js';
import { seedCases, templateCase } from './lib/seed.js';
import { BenchSlack, BenchSlackUser, wholeSlackCase } from './lib/slack.js';
import { summarise, type LatencySummary } from './lib/stats.js';
import { byKind, figuresOf, memoryOf, perTurn, pooled, pooledKinded, rate, type KindedFigures, type LoadFigures, type MemoryFigures, type ServerFigures } from './lib/figures.js';
import { report, type PostgresFigures, type Results, type StoredSummary } from './lib/report.js';
import { startProxy } from './lib/proxy.js';
import { preconnect } from './lib/http.js';
import { thinkTimes } from './lib/pacing.js';
import { settleFileCreation, type Settled } from './lib/settle.js';
import { build } from '../scripts/build.js';
import { startTarget, type ServerCounters, type Target } from './lib/target.js';
import { BenchConnector, BenchTeamsUser, echoTurns, registerChannel, runUsers, TURNS_PER_CASE, wholeCase, type LoadResult } from './lib/teams.js';

// ---- options ----

/** `--prof-dir` may stand without its folder (the default then); parseArgs wants a value, so it gets one. */
const argv = process.argv.slice(2).flatMap((a, i, all) => (a === '--prof-dir' && (all[i + 1] === undefined || all[i + 1]!.startsWith('--')) ? [a, 'bench/results/prof'] : [a]));
const { values: opts } = parseArgs({
  args: argv,
  strict: true,
  allowPositionals: false,
  options: {
    users: { type: 'string', default: '50' },
    'think-ms': { type: 'string', default: '1000' },
    cases: { type: 'string', default: '100000' },
    'stored-users': { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
    pairs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench/results' },
    only: { type: 'string', default: 'teams,echo,slack,stress,stored,postgres' },
    'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'prof-dir': { type: 'string' },
    'in-process': { type: 'boolean', default: false },
    tsx: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const USERS = Number(opts.users);
/** Mean think time between a user's turns, ms (0: none, a saturating load). */
const THINK_MS = Number(opts['think-ms']);
const CASES = Number(opts.cases);
const STORED_USERS = Number(opts['stored-users']);
const ROUNDS = Number(opts.rounds);
const PAIRS = Number(opts.pairs);
const OUT = path.resolve(opts.out);
const ONLY = new Set(opts.only.split(','));
const IN_PROCESS = opts['in-process'];
const PROF_DIR = opts['prof-dir'] !== undefined ? path.resolve(opts['prof-dir']) : undefined;
const KEEP = opts.keep;
/** Fixed data encryption key: the figures include AES-256-GCM on every file as in production. */
const KEY = '6d656c64636f64652d62656e63682d6b65792d6f6e6c792d666f722d74657374';
const ADMIN = 'aad-bench-admin';
const WARM_USERS = 10;

for (const [name, v] of [['users', USERS], ['cases', CASES], ['stored-users', STORED_USERS], ['rounds', ROUNDS], ['pairs', PAIRS]] as const) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive whole number`);
}
if (!Number.isInteger(THINK_MS) || THINK_MS < 0) throw new Error('--think-ms must be a whole number of milliseconds, 0 or more');

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const root = await mkdtemp(path.join(os.tmpdir(), 'meldcode-bench-'));
if (PROF_DIR) await mkdir(PROF_DIR, { recursive: true });
/**
 * The server runs as in production (`npm run build` + `npm run serve`: compiled, plain Node) unless
 * --tsx asks for the TypeScript sources through tsx (`npm start`), which costs about 50 MB more memory.
 */
const TSX = opts.tsx;
let compiledChild: string | undefined;
if (!TSX && !IN_PROCESS) {
  log('building the server (scripts/build.ts) into dist/bench');
  const out = build('bench/tsconfig.build.json', 'dist/bench');
  compiledChild = path.join(out, 'bench', 'lib', 'serverProcess.js');
}
const targetOpts = { inProcess: IN_PROCESS, profDir: PROF_DIR, compiledChild };

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

let userSeq = 0;
/** Users of one run; user i pauses as user i of every other run with the same think time does. */
const teamsUsers = (url: string, connector: BenchConnector, n: number, tag: string, thinkMs = 0) =>
  Array.from({ length: n }, (_, i) => {
    const k = ++userSeq;
    return new BenchTeamsUser(url, connector, `aad-${tag}-${k}`, `Collega ${tag} ${k}`, thinkTimes(thinkMs, i + 1));
  });

const loadAvg = () => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;

/**
 * Warm-up (not measured), one user alone, then `users` at once. The load starts on open keep-alive
 * connections: a busy Node server accepts a burst of new connections only slowly (seen as first
 * turns of up to 2 s for both servers), which is not what a steady stream of traffic looks like.
 * `helperCpuMs`: the CPU time so far of a helper process of the load (the fake Bot Connector's child).
 */
async function measured<U extends { times: number[] }>(target: Target, warm: U[], alone: U[], loaded: U[], play: (u: U) => Promise<void>, helperCpuMs?: () => Promise<number>) {
  await runUsers(warm, play);
  const unloaded = await runUsers(alone, play);
  await preconnect(target.url, loaded.length);
  await target.mark();
  const here0 = process.cpuUsage();
  const helper0 = (await helperCpuMs?.()) ?? 0;
  const load = await runUsers(loaded, play);
  const here = process.cpuUsage(here0);
  const helper = ((await helperCpuMs?.()) ?? 0) - helper0;
  const counters = await target.counters();
  await target.idle();
  // With the server in this process its own CPU would be counted as the load's.
  const generatorCpuMs = target.inProcess ? undefined : (here.user + here.system) / 1000 + helper;
  return { load, unloaded, counters, generatorCpuMs };
}

/** Warm-up and the user alone go without pauses; only the measured users think between turns. */
function teamsLoad(target: Target, connector: BenchConnector, users: number, tag: string, play: (u: BenchTeamsUser) => Promise<void>, thinkMs = 0) {
  const make = (n: number, t: string, think = 0) => teamsUsers(target.url, connector, n, t, think);
  return measured(target, make(WARM_USERS, `${tag}-warm`), make(1, `${tag}-alone`), make(users, tag, thinkMs), play, () => connector.cpuMs());
}

// ---- phases ----

const results: Results = {};

let dirSeq = 0;
/** A data folder no earlier round has used: every round starts on an empty store. */
const freshDir = (label: string) => path.join(root, `${label}-${++dirSeq}`);

const paced = (thinkMs: number) => (thinkMs > 0 ? `thinking ~${thinkMs} ms between turns` : 'no think time');

/** Ours under the Teams load; with `store: 'memory'`, on the in-memory store instead of the file store (a diagnostic). */
async function teamsPhase(thinkMs: number, store?: 'memory'): Promise<LoadFigures & { channelPosts: number; startupMs: number }> {
  log(`Teams${store ? ` on the in-memory store` : ''}: ${USERS} users, each a whole case (${TURNS_PER_CASE} turns), ${paced(thinkMs)}`);
  const loadAverage = loadAvg();
  const connector = await new BenchConnector().start();
  const label = `teams${store ? `-${store}` : ''}${thinkMs > 0 ? '' : '-stress'}`;
  const target = await startTarget({ kind: 'meldcode', label, env: teamsEnv(freshDir(label)), store }, targetOpts);
  await registerChannel(target.url, connector, ADMIN);
  const { load, unloaded, counters, generatorCpuMs } = await teamsLoad(target, connector, USERS, label, wholeCase, thinkMs);
  const memory = memoryOf(target, await target.stop());
  await connector.stop();
  return { ...figuresOf(load, USERS, thinkMs, unloaded, memory, counters, loadAverage, generatorCpuMs), channelPosts: connector.threads, startupMs: Math.round(target.startupMs) };
}

async function echoPhase(thinkMs: number): Promise<LoadFigures> {
  log(`Echo bot: ${USERS} users x ${TURNS_PER_CASE} turns, ${paced(thinkMs)}`);
  const loadAverage = loadAvg();
  const connector = await new BenchConnector().start();
  const label = thinkMs > 0 ? 'echo' : 'echo-stress';
  const target = await startTarget({ kind: 'echo', label }, targetOpts);
  const { load, unloaded, counters, generatorCpuMs } = await teamsLoad(target, connector, USERS, label, (u) => echoTurns(u), thinkMs);
  const memory = memoryOf(target, await target.stop());
  await connector.stop();
  return figuresOf(load, USERS, thinkMs, unloaded, memory, counters, loadAverage, generatorCpuMs);
}

async function slackPhase(thinkMs: number) {
  log(`Slack: ${USERS} users, each a whole case, ${paced(thinkMs)}`);
  const loadAverage = loadAvg();
  const slack = await new BenchSlack().start();
  const env = {
    DATA_DIR: freshDir('slack'),
    SETTINGS_FILE: path.join(root, 'settings.json'),
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_ENCRYPTION_KEY: KEY,
    RATE_LIMIT_PER_MINUTE: '0',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${slack.url}/api/`,
  };
  const target = await startTarget({ kind: 'meldcode', label: thinkMs > 0 ? 'slack' : 'slack-stress', env }, targetOpts);
  let k = 0;
  const users = (n: number, think = 0) =>
    Array.from({ length: n }, (_, i) => new BenchSlackUser(target.url, slack, `UBENCH${(++k).toString(36).toUpperCase()}`, 'T1', thinkTimes(think, i + 1)));
  const loaded = users(USERS, thinkMs);
  // The fake Slack Web API runs in this process: its CPU is in the load generator's.
  const { load, unloaded, counters, generatorCpuMs } = await measured(target, users(WARM_USERS), users(1), loaded, wholeSlackCase);
  const memory = memoryOf(target, await target.stop());
  await slack.stop();
  const kinds = loaded.flatMap((u) => u.kinds);
  const figures = figuresOf(load, USERS, thinkMs, unloaded, memory, counters, loadAverage, generatorCpuMs);
  return { ...figures, ackByKindMs: byKind(figures.samples.loaded, kinds), samples: { ...figures.samples, kinds } } satisfies KindedFigures;
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
    /** From the start of start-up to the end of the integrity sweep (the full check of the folder, beside the turns). */
    sweepMs?: number;
    latencyMs: LatencySummary;
    unloadedMs: LatencySummary;
    turnsPerSecond: number;
    memory: MemoryFigures;
    server: ServerFigures;
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
      const stopped = await target.stop();
      const memory = memoryOf(target, stopped);
      await connector.stop();
      runs[count]?.push({
        round,
        startupMs: Math.round(target.startupMs),
        sweepMs: stopped.sweepMs === undefined ? undefined : Math.round(stopped.sweepMs),
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
          // Undefined (NaN in the table) when a round stopped before its sweep had ended.
          sweepMs: r.some((x) => x.sweepMs === undefined) ? undefined : Math.max(...r.map((x) => x.sweepMs ?? 0)),
          peakRssMB: Math.max(...r.map((x) => x.memory.peakRssMB)),
        },
      ];
    }),
  ) as Record<number, StoredSummary>;
  return { counts, templateLogEntries: template.log.length, rounds: ROUNDS, seeded, summary, runs };
}

/** Several instances behind the round-robin proxy, measured as one target (counters summed). */
async function behindProxy(targets: Target[]): Promise<Target & { stopProxy(): Promise<void> }> {
  const proxy = await startProxy(targets.map((t) => t.url));
  const sum = (cs: ServerCounters[]): ServerCounters => ({
    cpuMs: cs.reduce((a, c) => a + c.cpuMs, 0),
    wallMs: Math.max(...cs.map((c) => c.wallMs)),
    loopDelayMs: { p50: Math.max(...cs.map((c) => c.loopDelayMs.p50)), p99: Math.max(...cs.map((c) => c.loopDelayMs.p99)), max: Math.max(...cs.map((c) => c.loopDelayMs.max)) },
    handledMs: cs.flatMap((c) => c.handledMs),
  });
  const [first] = targets as [Target];
  return {
    ...first,
    url: proxy.url,
    startupMs: Math.max(...targets.map((t) => t.startupMs)),
    idle: async () => void (await Promise.all(targets.map((t) => t.idle()))),
    mark: async () => void (await Promise.all(targets.map((t) => t.mark()))),
    counters: async () => sum(await Promise.all(targets.map((t) => t.counters()))),
    stop: async () => {
      const stopped = await Promise.all(targets.map((t) => t.stop()));
      return stopped.reduce((a, b) => (b.peakRss > a.peakRss ? b : a));
    },
    stopProxy: () => proxy.stop(),
  };
}

/** The Teams load against the file store, then PostgreSQL with one and with two instances (a fresh schema each, dropped after). */
async function postgresPhase(thinkMs: number): Promise<PostgresFigures> {
  const url = opts['database-url'];
  const { default: pg } = await import('pg');
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await admin.query('SELECT 1');
  } catch (err) {
    await admin.end();
    return { error: `no PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')}: ${err instanceof Error ? err.message : String(err)}` };
  }
  const schemas: string[] = [];
  const run = async (label: string, instances: number, database: boolean, round: number): Promise<LoadFigures> => {
    log(`PostgreSQL phase: ${label}, ${USERS} users, ${paced(thinkMs)} (round ${round} of ${ROUNDS})`);
    // A checkpoint now, so none falls due (every 5 minutes by default) inside the measured load: whether one does
    // was luck, and its writes moved the p99 of a single run by several times. The file store's runs alike.
    await admin.query('CHECKPOINT').catch(() => undefined);
    const loadAverage = loadAvg();
    const connector = await new BenchConnector().start();
    const schema = `bench_${process.pid}_${schemas.length + 1}`;
    if (database) schemas.push(schema);
    const env = { ...teamsEnv(freshDir(label)), ...(database ? { DATABASE_URL: url, DATABASE_SCHEMA: schema } : {}) };
    const started: Target[] = [];
    // One after the other: the first migrates the fresh schema.
    for (let i = 0; i < instances; i++) started.push(await startTarget({ kind: 'meldcode', label: `${label}-${i + 1}`, env }, targetOpts));
    const target = instances > 1 ? await behindProxy(started) : (started[0] as Target);
    await registerChannel(target.url, connector, ADMIN);
    const { load, unloaded, counters } = await teamsLoad(target, connector, USERS, label, wholeCase, thinkMs);
    const memory = memoryOf(target, await target.stop());
    if ('stopProxy' in target) await (target as { stopProxy(): Promise<void> }).stopProxy();
    await connector.stop();
    return figuresOf(load, USERS, thinkMs, unloaded, memory, counters, loadAverage);
  };
  try {
    // Alternating rounds, pooled as the Teams pairs are: a disturbance of the machine hits every side alike.
    const file: LoadFigures[] = [];
    const one: LoadFigures[] = [];
    const two: LoadFigures[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      file.push(await run('pg-file', 1, false, round));
      one.push(await run('pg-one', 1, true, round));
      two.push(await run('pg-two', 2, true, round));
    }
    return { file: pooled(file), one: pooled(one), two: pooled(two) };
  } finally {
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

// ---- run ----

const startedAt = new Date();
const wall0 = performance.now();
let loadAtStart = os.loadavg();
let settled: Settled | undefined;
try {
  settled = await settleFileCreation(root, { log });
  log(`creating a file takes ${settled.createUs} µs${settled.waitedMs ? ` (waited ${Math.round(settled.waitedMs / 1000)} s for that)` : ''}${settled.normal ? '' : ': still slow, so the file store figures are inflated'}`);
  if (settled.waitedMs) loadAtStart = os.loadavg();
  const ours: Awaited<ReturnType<typeof teamsPhase>>[] = [];
  const floor: Awaited<ReturnType<typeof echoPhase>>[] = [];
  const inMemory: Awaited<ReturnType<typeof teamsPhase>>[] = [];
  for (let pair = 1; pair <= PAIRS; pair++) {
    if (ONLY.has('teams')) ours.push(await teamsPhase(THINK_MS));
    if (ONLY.has('echo')) floor.push(await echoPhase(THINK_MS));
    if (ONLY.has('memory')) inMemory.push(await teamsPhase(THINK_MS, 'memory'));
  }
  if (ours.length) results.teams = pooled(ours);
  if (floor.length) results.echo = pooled(floor);
  if (inMemory.length) results.teamsMemory = pooled(inMemory);
  if (ONLY.has('slack')) results.slack = await slackPhase(THINK_MS);
  if (ONLY.has('stress') && THINK_MS > 0) {
    // In pairs as the loads with think time, pooled: one stress load lasts a few seconds, too short for one run to stand alone.
    const teams: Awaited<ReturnType<typeof teamsPhase>>[] = [];
    const echo: Awaited<ReturnType<typeof echoPhase>>[] = [];
    const slack: Awaited<ReturnType<typeof slackPhase>>[] = [];
    for (let pair = 1; pair <= PAIRS; pair++) {
      if (ONLY.has('teams')) teams.push(await teamsPhase(0));
      if (ONLY.has('echo')) echo.push(await echoPhase(0));
      if (ONLY.has('slack')) slack.push(await slackPhase(0));
    }
    results.stress = {
      ...(teams.length ? { teams: pooled(teams) } : {}),
      ...(echo.length ? { echo: pooled(echo) } : {}),
      ...(slack.length ? { slack: pooledKinded(slack) } : {}),
    };
  }
  if (ONLY.has('stored')) results.stored = await storedPhase();
  if (ONLY.has('postgres')) results.postgres = await postgresPhase(THINK_MS);
} finally {
  if (!KEEP) await rm(root, { recursive: true, force: true });
  else log(`kept ${root}`);
}

await report(results, {
  startedAt,
  wall0,
  loadAtStart,
  settled,
  how: paced(THINK_MS),
  storedUsers: STORED_USERS,
  serverWhere: IN_PROCESS ? 'in this process' : TSX ? 'in a child process (tsx)' : 'in a child process (compiled)',
  out: OUT,
  options: { users: USERS, thinkMs: THINK_MS, pairs: PAIRS, server: IN_PROCESS ? 'in-process (tsx)' : TSX ? 'tsx' : 'compiled (npm run build)', cases: CASES, storedUsers: STORED_USERS, storedRounds: ROUNDS, serverInProcess: IN_PROCESS, warmUpUsers: WARM_USERS, turnsPerCase: TURNS_PER_CASE, rssSampleMs: 20, encryption: true },
});
