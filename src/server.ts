/**
 * The HTTP server: builds the shared services (store, settings, turns, outbox, scheduler, lead
 * side) and mounts every listed channel (src/channels/index.ts) with the health check and the
 * dossier downloads. It knows no channel by name.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Alerts } from './app/alerts.js';
import type { ChannelDeps } from './app/channelDeps.js';
import { deadlineActions } from './app/deadlines.js';
import { Gateway } from './app/gateway.js';
import { resolveKey } from './app/keys.js';
import { UserLanguage } from './app/language.js';
import { LeadActions } from './app/leadActions.js';
import { IntegritySweep } from './app/sweep.js';
import { keepPiiDetectorsCompiled } from './app/keepCompiled.js';
import { exportRoutes } from './app/exportRoutes.js';
import { Pictures } from './app/pictures.js';
import { ThrottledLog } from './app/throttledLog.js';
import { TurnProcessor } from './app/turns.js';
import { LeadService } from './cases/lead.js';
import { Notifier } from './cases/notify.js';
import { Scheduler } from './cases/scheduler.js';
import { Dispatcher, type AfSink } from './cases/dispatcher.js';
import { CHANNELS, type Channel, type ChannelFactory, type ChannelOptions } from './channels/index.js';
import type { ChannelUsers } from './channels/port.js';
import { loadSettingsFile, type OrgSettings } from './org/settings.js';
import { SETTINGS_MAX_AGE_MS, StoredSettings, type SettingsHolder } from './org/stored.js';
import type { Config } from './config.js';
import type { Lang } from './domain/types.js';
import { createTranslator, type Translator } from './i18n/index.js';
import { openStore, storedDataAt } from './store/index.js';
import { isStoreOutage, type Store } from './store/store.js';
import { createLogger, type Logger } from './log.js';
import { readinessHandler } from './readiness.js';

/** Structured log lines with ids and events only, redacted by construction (log.ts). */
export type Log = Logger;

/** The HTTP port cannot be used (taken, or not allowed): start-up stops with this. */
export class ListenError extends Error {
  constructor(
    message: string,
    readonly code: 'PORT_IN_USE' | 'PORT_NOT_ALLOWED' | 'LISTEN_FAILED',
  ) {
    super(message);
  }
}

function listenError(err: NodeJS.ErrnoException, port: number, host: string): ListenError {
  if (err.code === 'EADDRINUSE') {
    return new ListenError(
      `Port ${port} on ${host} is already in use (by another program, or the assistant is already running). Stop that program, or choose another port with PORT (e.g. PORT=${port === 3979 ? 3980 : 3979}).`,
      'PORT_IN_USE',
    );
  }
  if (err.code === 'EACCES') return new ListenError(`Not allowed to listen on port ${port} on ${host}. Choose a port above 1023 with PORT.`, 'PORT_NOT_ALLOWED');
  return new ListenError(`Cannot listen on port ${port} on ${host} (${err.code ?? err.message}). Check HOST and PORT.`, 'LISTEN_FAILED');
}

export interface RunningServer {
  url: string;
  server: Server;
  store: Store;
  dispatcher: Dispatcher;
  translator: Translator;
  /** Set when a data encryption key file was created at this start (local use): its path. */
  keyCreated?: string;
  /** The channels mounted, in the order of the channel list. */
  channels: readonly Channel[];
  /** Resolves when no channel has work still running after an acknowledgement. */
  idle(): Promise<void>;
  scheduler: Scheduler;
  lead: LeadService;
  gateway: Gateway;
  pictures: Pictures;
  settings: SettingsHolder;
  /** The integrity sweep started once the server listened (app/sweep.ts): `finished` resolves when it is done. */
  sweep: IntegritySweep;
  close(): Promise<void>;
}

export interface ServerOptions extends ChannelOptions {
  store?: Store;
  log?: Log;
  clock?: () => Date;
  ids?: () => { id: string; ref: string };
  /** Organisation settings to use instead of the settings file (tests): written to the store at start, over what it holds. */
  settings?: OrgSettings;
  /** Write the settings file to the store even when it holds settings already (`--reseed-settings`). */
  reseedSettings?: boolean;
  /** How long one read of the stored settings is reused (default SETTINGS_MAX_AGE_MS); 0 = every turn reads them. */
  settingsMaxAgeMs?: number;
  /** How often the scheduler looks for due deadlines; 0 = never by itself (tests call scheduler.tick()). */
  schedulerIntervalMs?: number;
  /** The channels to mount (default: the channel list); tests add one of their own. */
  channels?: readonly ChannelFactory[];
}

/**
 * Idle keep-alive connections are kept longer than clients and proxies in front keep theirs (60 s is
 * common for load balancers; Node's clients stop reusing a socket a second before the `Keep-Alive`
 * hint), so the server is never the side that closes a connection just as a request is sent on it.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** How often expired dossier links are removed from the store, when the scheduler runs by itself. */
const EXPORT_SWEEP_MS = 60_000;

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Whether a `Host` header names this machine's loopback on the port the request came in on. In
 * local mode every other name is refused: a page on a domain that resolves to 127.0.0.1 (DNS
 * rebinding) would otherwise be "same origin" with the web chat and could read every case.
 */
export function isLoopbackHost(host: string | undefined, port: number | undefined): boolean {
  if (!host || port === undefined) return false;
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.some((name) => h === `${name}:${port}` || (port === 80 && h === name));
}

/** The HTTP routes: loopback check (local mode), health check, dossier downloads, then each channel's routes. */
function httpApp(config: Config, deps: { log: Log; translator: Translator; orgLang: Lang; lead: LeadService; pictures: Pictures; channels: readonly Channel[]; store: Store; sweep: IntegritySweep }): express.Express {
  const { log, translator, orgLang, lead, pictures, channels } = deps;
  const app = express();
  app.disable('x-powered-by');
  if (config.localMode) {
    // Before every route, the health check and the Teams endpoint included (see isLoopbackHost).
    app.use((req, res, next) => {
      const port = req.socket.localPort;
      if (isLoopbackHost(req.headers.host, port)) return next();
      log('http.host.refused', { method: req.method });
      res.status(403).type('text/plain; charset=utf-8').send(translator.t(orgLang, 'web.hostRefused', { url: `http://127.0.0.1:${port ?? config.port}/` }));
    });
  }
  // Liveness only: the process serves HTTP. Whether the store answers is /readyz (readiness.ts).
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', readinessHandler(deps.store, log, () => deps.sweep.damaged.length > 0));
  app.use(exportRoutes(lead, pictures, translator, orgLang));
  // In the order of the channel list (a channel that verifies the raw body parses it itself).
  for (const c of channels) if (c.router) app.use(c.router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  // Errors (bad JSON, a failing store) end as a short JSON answer: never a stack trace.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // A store outage outside a turn (the panel, a download) is 503: try again shortly, nothing is wrong with the request.
    const status = isStoreOutage(err) ? 503 : typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    // A parse error's message can quote the request body: log only its kind for client errors.
    const kind = (err as { type?: unknown }).type;
    log('http.error', status < 500 ? { status, kind: typeof kind === 'string' ? kind : 'client' } : { status, error: err instanceof Error ? err.message : String(err) });
    if (!res.headersSent) res.status(status).json({ error: status < 500 ? 'bad request' : status === 503 ? 'unavailable' : 'internal error' });
  });

  return app;
}

/** The scheduler's rounds, the settings' refresh and the sweep of expired dossier links (not when the tests drive them); returns their stop. */
function startTimers(opts: ServerOptions, t: { scheduler: Scheduler; settings: StoredSettings; lead: LeadService; pictures: Pictures; log: Log }): () => void {
  if (opts.schedulerIntervalMs === 0) return () => t.settings.stop();
  t.scheduler.start(opts.schedulerIntervalMs ?? 60_000);
  // Reminders and button presses do not pass through a turn's refresh: they see a change within this time.
  t.settings.start(Math.max(1_000, opts.settingsMaxAgeMs ?? SETTINGS_MAX_AGE_MS));
  const sweep = setInterval(() => {
    t.lead.pruneExports().catch((err: unknown) => t.log('export.sweep.failed', { error: err instanceof Error ? err.message : String(err) }));
    t.pictures.prune().catch((err: unknown) => t.log('picture.sweep.failed', { error: err instanceof Error ? err.message : String(err) }));
  }, EXPORT_SWEEP_MS);
  return () => {
    clearInterval(sweep);
    t.settings.stop();
  };
}

/** Not app.listen: Express 5 calls its callback on an error too, and the server would go on without an address. */
function listen(server: Server, config: Config): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The store the options give, or the one the configuration names (its key resolved, created in local use). */
async function openData(config: Config, opts: ServerOptions, log: Log): Promise<{ store: Store; keyCreated?: string }> {
  if (opts.store) return { store: opts.store };
  const key = await resolveKey(config.encryption, () => storedDataAt(config));
  // PostgreSQL when DATABASE_URL is set (schema migrated here, idempotent), else the data files;
  // what a turn does not need at once is checked by the integrity sweep once the server listens.
  return { store: await openStore(config, key.cipher, { log, check: 'serve' }), keyCreated: key.created };
}

interface Services {
  gateway: Gateway;
  pictures: Pictures;
  lead: LeadService;
  store: Store;
  translator: Translator;
  dispatcher: Dispatcher;
  notifier: Notifier;
  alerts: Alerts;
  orgLang: Lang;
  clock: () => Date;
  log: Log;
}

/** What every channel is given; `tell` finds the channel serving a person by their user key among `users`. */
function sharedDeps(s: Services, users: readonly ChannelUsers[]): ChannelDeps {
  const { store, translator, orgLang, log } = s;
  const language = new UserLanguage({ store, orgLang });
  // Refused requests are the outsider's choice: one log line per source a minute, with a count.
  const refusals = new ThrottledLog(log, s.clock);
  return {
    turns: s.gateway,
    lead: s.lead,
    actions: new LeadActions({ lead: s.lead, store, translator, language, orgLang, log }),
    language,
    store,
    translator,
    dispatcher: s.dispatcher,
    pictures: s.pictures,
    alerts: s.alerts,
    orgLang,
    clock: s.clock,
    log,
    refused: (event, key, fields) => refusals.write(event, key, fields),
    tell: async ({ userKey, text }) => {
      try {
        return (await users.find((u) => userKey.startsWith(u.prefix))?.text(userKey, text)) ?? false;
      } catch (err) {
        log('notify.failed', { platform: userKey.split(':')[0], error: err instanceof Error ? err.message : String(err) });
        return false;
      }
    },
    reach: (userKey, prompts, lang) => s.notifier.send(userKey, prompts, lang),
  };
}

/** Asks each listed channel to mount itself; those the configuration does not ask for stay out. */
function mountChannels(factories: readonly ChannelFactory[], ctx: Parameters<ChannelFactory>[0]): Channel[] {
  return factories.map((make) => make(ctx)).filter((c): c is Channel => c !== undefined);
}

export async function startServer(config: Config, opts: ServerOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger();
  const clock = opts.clock ?? (() => new Date());
  // An invalid settings file refuses start-up with a message naming the field (SettingsError), even when the
  // store holds settings already: a broken file is a mistake to fix, not something to ignore.
  const seed = opts.settings ?? (await loadSettingsFile(config.settingsFile));
  const { store, keyCreated } = await openData(config, opts, log);
  let settingsHolder: StoredSettings;
  try {
    settingsHolder = await StoredSettings.open(store, { seed, reseed: opts.reseedSettings === true || opts.settings !== undefined, maxAgeMs: opts.settingsMaxAgeMs, clock, log });
  } catch (err) {
    if (!opts.store) await store.close();
    throw err;
  }
  const settings = (): OrgSettings => settingsHolder.get();
  const translator = await createTranslator();
  const orgLang = config.defaultLang;
  const turns = new TurnProcessor({
    store,
    translator,
    followUpDays: settings().reminders.followUpWeeks * 7,
    settings,
    clock: opts.clock,
    ids: opts.ids,
    log,
  });

  const notifier = new Notifier();
  const sinks: AfSink[] = [];
  // Failed deliveries are told to the leads and beheerders by another path (their personal chat, the web panel).
  const alerts = new Alerts({ store, settings, notifier, translator, orgLang, clock, log, webPanel: () => sinks.some((s) => s.name === 'web') });
  const dispatcher = new Dispatcher(store, sinks, { warn: (event, fields) => log(event, fields) }, { settings, clock }, {
    clock,
    report: (letter) => alerts.deadLetter(letter),
    reportDelayed: (delayed) => alerts.delayed(delayed),
  });
  const scheduler = new Scheduler({ store, clock, log, due: deadlineActions({ store, settings, turns, notifier, translator, orgLang, dispatcher, log }) });

  let baseUrl = config.publicUrl ?? '';
  const lead = new LeadService({
    store,
    settings,
    translator,
    clock,
    forget: (userKey, caseId) => turns.forget(userKey, caseId),
    redactAnswers: (owner, caseId, text, marker) => turns.redactAnswers(owner, caseId, text, marker),
    baseUrl: () => baseUrl,
    log,
  });
  const pictures = new Pictures({ store, translator, clock, baseUrl: () => baseUrl, log });
  const gateway = new Gateway({
    turns,
    lead,
    pictures,
    settings: settingsHolder,
    store,
    translator,
    hasChannel: () => dispatcher.hasChannel(),
    ratePerMinute: config.rateLimitPerMinute,
  });
  const users: ChannelUsers[] = [];
  const deps = sharedDeps({ gateway, pictures, lead, store, translator, dispatcher, notifier, alerts, orgLang, clock, log }, users);
  const channels = mountChannels(opts.channels ?? CHANNELS, { config, options: opts, ...deps });
  for (const c of channels) {
    if (c.sink) sinks.push(c.sink);
    if (c.users) {
      users.push(c.users);
      notifier.add(c.users);
    }
  }

  const sweep = new IntegritySweep({ store, alerts, log });
  const app = httpApp(config, { log, translator, orgLang, lead, pictures, channels, store, sweep });

  const server = createServer(app);
  try {
    await listen(server, config);
  } catch (err) {
    if (!opts.store) await store.close();
    throw listenError(err as NodeJS.ErrnoException, config.port, config.host);
  }
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Must outlast the keep-alive timeout, or an idle connection's next request could be cut off.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  for (const c of channels) await c.start?.();
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  baseUrl ||= url;
  const stopTimers = startTimers(opts, { scheduler, settings: settingsHolder, lead, pictures, log });
  const stopWarm = keepPiiDetectorsCompiled();
  const idle = async () => {
    for (const c of channels) await c.idle?.();
  };
  // Deliver what was waiting in the outbox when we last stopped.
  void dispatcher.run().catch((err: unknown) => log('dispatch.failed', { error: err instanceof Error ? err.message : String(err) }));
  // The full check of the data, beside the turns (it never rejects).
  void sweep.start();
  return {
    url,
    server,
    store,
    dispatcher,
    translator,
    keyCreated,
    channels,
    idle,
    scheduler,
    lead,
    gateway,
    pictures,
    settings: settingsHolder,
    sweep,
    close: async () => {
      stopTimers();
      stopWarm();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold the close open; requests in flight get a moment to finish.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      for (const c of channels) await c.stop?.();
      await scheduler.stop();
      await dispatcher.run();
      dispatcher.stop();
      // Closing the store ends a sweep still under way at its next pause (a few ms), instead of waiting for it.
      await store.close();
      await sweep.finished;
    },
  };
}
