/**
 * The server under test, started either in a child process (default: the load generator and the
 * fakes do not share the server's event loop or its resident set) or in this process.
 */
import { fork } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { RssSampler } from './stats.js';

export interface TargetSpec {
  kind: 'meldcode' | 'echo';
  /** Label of the CPU profiles written to `profDir` (one per measured stretch). */
  label?: string;
  profDir?: string;
  /** Environment for loadConfig (meldcode only). */
  env?: Record<string, string>;
  /**
   * `memory`: the server keeps everything in memory (no files, no encryption) instead of the store
   * its environment names: what the dialogue, cards and adapter cost without storage (a diagnostic).
   */
  store?: 'memory';
}

export interface Target {
  url: string;
  /** Time `startServer` (or the echo bot's start) took, ms. */
  startupMs: number;
  /** RSS once the server's modules are loaded, before starting it (bytes). */
  rssLoaded: number;
  /** RSS right after start-up (bytes). */
  rssStarted: number;
  /** From spawning the process to the server listening, ms (child only: includes loading the modules). */
  processReadyMs?: number;
  /** Waits until the server has no work left after its answers (Slack handlers, outbox). */
  idle(): Promise<void>;
  /** Starts the server-side counters (CPU time, event-loop delay) of a measured stretch. */
  mark(): Promise<void>;
  /** The server-side counters since `mark()`. */
  counters(): Promise<ServerCounters>;
  /** Stops the server; resolves with the peak RSS seen (bytes) and the heap figures at that moment. */
  stop(): Promise<Stopped>;
  inProcess: boolean;
}

/** What a stopped server leaves: its peak RSS, the heap figures at that moment, and when its integrity sweep ended. */
export interface Stopped {
  peakRss: number;
  atPeak?: NodeJS.MemoryUsage;
  /** From the start of start-up to the end of the integrity sweep that follows it (meldcode only), ms; undefined if it had not ended. */
  sweepMs?: number;
}

/** What the server's process did during a measured stretch (since `mark()`). */
export interface ServerCounters {
  /** CPU time of the server's process (user + system), ms. */
  cpuMs: number;
  wallMs: number;
  /** Event-loop delay (how late a timer fires): how long work waited for the loop, ms. */
  loopDelayMs: { p50: number; p99: number; max: number };
  /**
   * Each request to the platform endpoint (/api/messages, /slack/events) as the server saw it, from its
   * headers read to its answer sent, ms: for Slack the ack itself, without the time the request waited
   * for either side's event loop or a CPU. The pooled figures keep the samples (left out of the JSON).
   */
  handledMs: number[];
}

/** The endpoints whose requests {@link ServerCounters.handledMs} times: the platforms' own. */
const PLATFORM_PATHS = new Set(['/api/messages', '/slack/events']);

/**
 * Times the requests to the platform endpoints that this process's HTTP servers answer (Node's
 * `http.server.*` diagnostics channels), from their headers read to their answer's last byte handed
 * to the socket. In-process, the benchmark's own fakes answer other paths and are not counted.
 */
export class HandledRequests {
  readonly #started = new WeakMap<object, number>();
  samples: number[] = [];

  readonly #onStart = (m: unknown) => {
    const { request, response } = m as { request: { url?: string }; response: object };
    if (PLATFORM_PATHS.has((request.url ?? '').split('?')[0] ?? '')) this.#started.set(response, performance.now());
  };

  readonly #onFinish = (m: unknown) => {
    const at = this.#started.get((m as { response: object }).response);
    if (at !== undefined) this.samples.push(performance.now() - at);
  };

  constructor() {
    diagnostics.subscribe('http.server.request.start', this.#onStart);
    diagnostics.subscribe('http.server.response.finish', this.#onFinish);
  }

  /** Stops timing (a server in the benchmark's own process has stopped). */
  close(): void {
    diagnostics.unsubscribe('http.server.request.start', this.#onStart);
    diagnostics.unsubscribe('http.server.response.finish', this.#onFinish);
  }
}

/** Server-side counters, kept in whichever process runs the server; with `profDir`, a CPU profile of each measured stretch. */
class Counters {
  private cpu = process.cpuUsage();
  private t0 = performance.now();
  private readonly hist: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  private readonly handled = new HandledRequests();
  private session: Session | undefined;
  private profiles = 0;

  constructor(private readonly profDir?: string) {
    this.hist.enable();
  }

  async mark(): Promise<void> {
    if (this.profDir) {
      this.session ??= new Session();
      this.session.connect();
      await this.session.post('Profiler.enable');
      await this.session.post('Profiler.setSamplingInterval', { interval: 200 });
      await this.session.post('Profiler.start');
    }
    this.cpu = process.cpuUsage();
    this.t0 = performance.now();
    this.hist.reset();
    this.handled.samples = [];
  }

  async read(label: string): Promise<ServerCounters> {
    const counters = this.counters();
    if (this.profDir && this.session) {
      const { profile } = await this.session.post('Profiler.stop');
      this.session.disconnect();
      const file = path.join(this.profDir, `${label}-${process.pid}-${++this.profiles}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
    }
    return counters;
  }

  close(): void {
    this.handled.close();
  }

  private counters(): ServerCounters {
    const c = process.cpuUsage(this.cpu);
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    return {
      cpuMs: Math.round((c.user + c.system) / 1000),
      wallMs: Math.round(performance.now() - this.t0),
      loopDelayMs: { p50: ms(this.hist.percentile(50)), p99: ms(this.hist.percentile(99)), max: ms(this.hist.max) },
      handledMs: this.handled.samples,
    };
  }
}

type FromChild =
  | { type: 'ready'; url: string; startupMs: number; rssLoaded: number; rssStarted: number }
  | { type: 'idled' }
  | { type: 'marked' }
  | { type: 'counters'; counters: ServerCounters }
  | ({ type: 'stopped' } & Stopped)
  | { type: 'failed'; error: string };

// ---- the server itself (used in this process, or by the child below) ----

interface Started {
  url: string;
  startupMs: number;
  rssLoaded: number;
  rssStarted: number;
  /** When the integrity sweep after start-up ended (ms from the start of start-up), if it has. */
  sweepMs(): number | undefined;
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function startHere(spec: TargetSpec): Promise<Started> {
  // Imported here, so the echo bot's process loads botbuilder and express only.
  if (spec.kind === 'echo') {
    const { startEchoBot } = await import('../echo.js');
    const rssLoaded = process.memoryUsage().rss;
    const t0 = performance.now();
    const bot = await startEchoBot(0);
    const startupMs = performance.now() - t0;
    return { url: bot.url, startupMs, rssLoaded, rssStarted: process.memoryUsage().rss, sweepMs: () => undefined, idle: async () => undefined, close: () => bot.close() };
  }
  const [{ loadConfig }, { defaultSettings }, { startServer }, { MemoryStore }] = await Promise.all([
    import('../../src/config.js'),
    import('../../src/org/settings.js'),
    import('../../src/server.js'),
    import('../../src/store/index.js'),
  ]);
  const config = loadConfig(spec.env ?? {});
  const rssLoaded = process.memoryUsage().rss;
  const t0 = performance.now();
  const running = await startServer(config, {
    log: () => undefined,
    settings: defaultSettings(),
    schedulerIntervalMs: 0,
    webChat: false,
    ...(spec.store === 'memory' ? { store: new MemoryStore() } : {}),
  });
  const startupMs = performance.now() - t0;
  let sweepMs: number | undefined;
  void running.sweep.finished.then(() => {
    sweepMs = performance.now() - t0;
  });
  return {
    url: running.url,
    startupMs,
    sweepMs: () => sweepMs,
    rssLoaded,
    rssStarted: process.memoryUsage().rss,
    idle: async () => {
      await running.idle();
      await running.dispatcher.run();
    },
    close: () => running.close(),
  };
}

// ---- the parent's side ----

const CHILD = fileURLToPath(new URL('./serverProcess.ts', import.meta.url));

export interface TargetOptions {
  inProcess?: boolean;
  profDir?: string;
  /**
   * The compiled child entry (serverProcess.js of a build, see scripts/build.ts): the server then
   * runs with plain Node as `npm run serve` does. Without it the child runs the TypeScript sources
   * through tsx, as `npm start` does.
   */
  compiledChild?: string;
}

export async function startTarget(spec: TargetSpec, opts: TargetOptions = {}): Promise<Target> {
  if (opts.inProcess) {
    const sampler = new RssSampler().start(20);
    const counters = new Counters(opts.profDir);
    const s = await startHere(spec);
    return {
      mark: () => counters.mark(),
      counters: () => counters.read(spec.label ?? spec.kind),
      url: s.url,
      startupMs: s.startupMs,
      rssLoaded: s.rssLoaded,
      rssStarted: s.rssStarted,
      idle: s.idle,
      stop: async () => {
        await s.close();
        counters.close();
        return { peakRss: sampler.stop(), atPeak: sampler.atPeak, sweepMs: s.sweepMs() };
      },
      inProcess: true,
    };
  }
  const spawned = performance.now();
  // Compiled: plain Node. Otherwise process.execArgv carries tsx's loader flags, so the child runs TypeScript as this process does.
  const child = fork(opts.compiledChild ?? CHILD, [JSON.stringify({ ...spec, profDir: opts.profDir })], {
    execArgv: opts.compiledChild ? [] : process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends FromChild['type']>(type: T): Promise<Extract<FromChild, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: FromChild) => {
        if (m.type === 'failed') {
          cleanup();
          reject(new Error(`server process: ${m.error}`));
        } else if (m.type === type) {
          cleanup();
          resolve(m as Extract<FromChild, { type: T }>);
        }
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`server process exited (${code}) while waiting for "${type}"`));
      };
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  const ready = await next('ready');
  return {
    url: ready.url,
    startupMs: ready.startupMs,
    rssLoaded: ready.rssLoaded,
    rssStarted: ready.rssStarted,
    processReadyMs: performance.now() - spawned,
    idle: async () => {
      const p = next('idled');
      child.send({ type: 'idle' });
      await p;
    },
    mark: async () => {
      const p = next('marked');
      child.send({ type: 'mark' });
      await p;
    },
    counters: async () => {
      const p = next('counters');
      child.send({ type: 'counters' });
      return (await p).counters;
    },
    stop: async () => {
      const p = next('stopped');
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' });
      const { peakRss, atPeak, sweepMs } = await p;
      await exited;
      return { peakRss, atPeak, sweepMs };
    },
    inProcess: false,
  };
}

// ---- the child's side (bench/lib/serverProcess.ts calls this) ----

export async function serveInChild(child: NodeJS.Process, specJson: string): Promise<void> {
  const send = (m: FromChild) => child.send?.(m);
  const sampler = new RssSampler().start(20);
  const spec = JSON.parse(specJson) as TargetSpec;
  const counters = new Counters(spec.profDir);
  let s: Started;
  try {
    s = await startHere(spec);
  } catch (err) {
    send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
    child.exit(1);
  }
  // The parent went away (finished, or failed): do not linger.
  child.on('disconnect', () => child.exit(0));
  child.on('message', (m: { type: string }) => {
    if (m.type === 'mark') {
      counters.mark().then(
        () => send({ type: 'marked' }),
        (err: unknown) => send({ type: 'failed', error: String(err) }),
      );
    } else if (m.type === 'counters') {
      counters.read(spec.label ?? spec.kind).then(
        (c) => send({ type: 'counters', counters: c }),
        (err: unknown) => send({ type: 'failed', error: String(err) }),
      );
    } else if (m.type === 'idle') {
      s.idle().then(
        () => send({ type: 'idled' }),
        (err: unknown) => send({ type: 'failed', error: String(err) }),
      );
    } else if (m.type === 'stop') {
      s.close().then(
        () => {
          // Exit once the answer is out.
          child.send?.({ type: 'stopped', peakRss: sampler.stop(), atPeak: sampler.atPeak, sweepMs: s.sweepMs() } satisfies FromChild, () => child.exit(0));
        },
        (err: unknown) => send({ type: 'failed', error: String(err) }),
      );
    }
  });
  send({ type: 'ready', url: s.url, startupMs: s.startupMs, rssLoaded: s.rssLoaded, rssStarted: s.rssStarted });
}
