/**
 * The HTTP server: Teams endpoint (`POST /api/messages`), health check, and in local mode the web
 * chat. Wires the store, the turn processor, the outbox dispatcher and the channels together.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { deadlineActions } from './app/deadlines.js';
import { Gateway } from './app/gateway.js';
import { resolveKey } from './app/keys.js';
import { ThrottledLog } from './app/throttledLog.js';
import { TurnProcessor } from './app/turns.js';
import { LeadService } from './cases/lead.js';
import { Notifier } from './cases/notify.js';
import { Scheduler } from './cases/scheduler.js';
import { TeamsUserChannel } from './channels/teams/notify.js';
import { SlackUserChannel } from './channels/slack/notify.js';
import { WebUserChannel } from './channels/web/notify.js';
import { loadSettingsFile, type OrgSettings } from './org/settings.js';
import { SETTINGS_MAX_AGE_MS, StoredSettings, type SettingsHolder } from './org/stored.js';
import { Dispatcher, type AfSink } from './cases/dispatcher.js';
import { createTeamsAdapter, type TeamsAuthOverrides } from './channels/teams/adapter.js';
import { MeldcodeTeamsBot } from './channels/teams/bot.js';
import { teamsEndpoint } from './channels/teams/endpoint.js';
import { TeamsChannelSink } from './channels/teams/sink.js';
import { createSlackApp, type SlackRunning } from './channels/slack/app.js';
import { SlackChannelSink } from './channels/slack/sink.js';
import { WebPanelSink } from './channels/web/sink.js';
import { webRoutes } from './channels/web/routes.js';
import type { Config } from './config.js';
import type { Lang } from './domain/types.js';
import { createTranslator, type Translator } from './i18n/index.js';
import { openStore, storedDataAt } from './store/index.js';
import type { Store } from './store/store.js';

export type Log = (event: string, fields?: Record<string, unknown>) => void;

/** Structured log lines with ids and events only: never free text or answers. */
export const jsonLog: Log = (event, fields = {}) => {
  process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), event, ...fields })}\n`);
};

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
  /** The Slack app, when configured. */
  slack?: SlackRunning;
  scheduler: Scheduler;
  lead: LeadService;
  gateway: Gateway;
  settings: SettingsHolder;
  close(): Promise<void>;
}

export interface ServerOptions {
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
  /** Mount the local web chat and its panel; default: in local mode only. Never without local mode. */
  webChat?: boolean;
  /** For tests of the JWT validation path (OpenID metadata of a local issuer). */
  authOverrides?: TeamsAuthOverrides;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // The Adaptive Cards renderer sets inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The page that a dossier link opens: the download happens only on the person's own click (a POST). */
const EXPORT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

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

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function exportPage(lang: Lang, t: (key: string) => string): string {
  const e = (key: string) => escapeHtml(t(key));
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${e('lead.export.pageTitle')}</title></head>` +
    `<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem">` +
    `<h1>${e('lead.export.pageTitle')}</h1><p>${e('lead.export.pageText')}</p>` +
    `<form method="post"><button type="submit">${e('lead.export.pageButton')}</button></form></body></html>`
  );
}

/** Fields a Bot Framework message activity needs before the SDK sees it. */
function activityProblem(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'body must be a JSON activity';
  const a = body as Record<string, unknown>;
  // (An empty type would reach the SDK, which answers 400 but writes a warning outside the structured log.)
  if (typeof a.type !== 'string' || a.type === '') return 'activity.type missing';
  // Every activity needs an http(s) serviceUrl: the SDK throws on a non-string one (500), falls back to the
  // public Bot Framework endpoint for an empty one, and a message's answer could never be sent without one.
  if (typeof a.serviceUrl !== 'string' || a.serviceUrl === '') return 'activity.serviceUrl missing';
  if (!/^https?:\/\/[^\s/]/i.test(a.serviceUrl)) return 'activity.serviceUrl must be an http(s) URL';
  // The bot has no invoke handlers (its cards use Action.Submit); the SDK would answer 501 Not Implemented.
  if (a.type === 'invoke') return 'invoke activities are not supported';
  if (a.type !== 'message') return undefined;
  const from = a.from as Record<string, unknown> | undefined;
  const conv = a.conversation as Record<string, unknown> | undefined;
  if (!from || typeof from.id !== 'string' || from.id === '') return 'activity.from.id missing';
  if (!conv || typeof conv.id !== 'string' || conv.id === '') return 'activity.conversation.id missing';
  return undefined;
}

export async function startServer(config: Config, opts: ServerOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? jsonLog;
  const clock = opts.clock ?? (() => new Date());
  // An invalid settings file refuses start-up with a message naming the field (SettingsError), even when the
  // store holds settings already: a broken file is a mistake to fix, not something to ignore.
  const seed = opts.settings ?? (await loadSettingsFile(config.settingsFile));
  let keyCreated: string | undefined;
  let store = opts.store;
  if (!store) {
    const key = await resolveKey(config.encryption, () => storedDataAt(config));
    keyCreated = key.created;
    // PostgreSQL when DATABASE_URL is set (schema migrated here, idempotent), else the data files.
    store = await openStore(config, key.cipher, { log });
  }
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

  // Refused requests are the outsider's choice: one log line per source a minute, with a count.
  const refusals = new ThrottledLog(log, clock);
  const refused = (event: string, key: string, fields: Record<string, unknown>) => refusals.write(event, key, fields);
  const adapter = createTeamsAdapter(
    config.teams,
    {
      // The SDK's message can quote activity content: log only what kind of error it was.
      onTurnError: (err) => log('teams.turn.error', { error: err.name }),
      sayGenericError: () => translator.t(orgLang, 'error.generic'),
      refused,
    },
    opts.authOverrides,
  );
  const sinks: AfSink[] = [];
  if (config.teamsEnabled) sinks.push(new TeamsChannelSink({ adapter, appId: config.teams.appId, store, translator, orgLang }));
  const webChat = config.localMode && (opts.webChat ?? true);
  if (webChat) sinks.push(new WebPanelSink(store, opts.clock));
  const dispatcher = new Dispatcher(store, sinks, { warn: (event, fields) => log(event, fields) }, { settings, clock });

  const notifier = new Notifier();
  const webInbox = new WebUserChannel({ store, translator });
  const teamsPersonal = new TeamsUserChannel({ adapter, appId: config.teams.appId, store, translator });
  if (config.teamsEnabled) notifier.add(teamsPersonal);
  if (webChat) notifier.add(webInbox);
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
  const gateway = new Gateway({
    turns,
    lead,
    settings: settingsHolder,
    store,
    translator,
    hasChannel: () => dispatcher.hasChannel(),
    ratePerMinute: config.rateLimitPerMinute,
  });

  let slack: SlackRunning | undefined;
  if (config.slack) {
    slack = createSlackApp(config.slack, { turns: gateway, lead, store, translator, dispatcher, orgLang, clock: opts.clock, log });
    sinks.push(new SlackChannelSink({ client: slack.app.client, store, translator, orgLang, configuredChannel: config.slack.afChannel }));
    notifier.add(new SlackUserChannel({ client: slack.app.client, translator }));
  }
  const bot = new MeldcodeTeamsBot({
    turns: gateway,
    lead,
    store,
    translator,
    dispatcher,
    adminIds: config.adminIds,
    allowedTenants: config.allowedTenants,
    requireEntraId: !config.localMode,
    orgLang,
    clock: opts.clock,
    log,
    personal: (userKey, prompts, lang) => teamsPersonal.send(userKey, prompts, lang),
    notify: (reference, text) =>
      adapter.continueConversationAsync(config.teams.appId, reference, async (ctx) => {
        await ctx.sendActivity(text);
      }),
  });

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
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // One-time dossier downloads (the link is the credential: random, single use, 10 minutes).
  // GET (and so HEAD) only shows a page with a button: link scanners, Safe Links and chat previews
  // fetch the link, and must not use it up. The download is the button's POST.
  const gone = (res: Response) => {
    res.status(404).setHeader('Cache-Control', 'no-store');
    res.type('text/plain; charset=utf-8').send(translator.t(orgLang, 'lead.export.gone'));
  };
  app.get('/export/:token', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const pending = await lead.exportPending(String(req.params.token));
      if (!pending) return gone(res);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Security-Policy', EXPORT_PAGE_CSP);
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.type('text/html; charset=utf-8').send(exportPage(pending.lang, (key) => translator.t(pending.lang, key)));
    } catch (err) {
      next(err);
    }
  });
  app.post('/export/:token', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const file = await lead.download(String(req.params.token));
      if (!file) return gone(res);
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(file.body);
    } catch (err) {
      next(err);
    }
  });
  if (config.teamsEnabled) {
    // Local mode serves the Emulator ("emulator") and the Agents Playground ("msteams") without authentication:
    // there a channel check would protect nothing. With credentials only Teams itself is served.
    const teams = teamsEndpoint({ adapter, bot, teamsOnly: !config.localMode, refused });
    app.post('/api/messages', express.json({ limit: '512kb' }), (req: Request, res: Response, next: NextFunction) => {
      const problem = activityProblem(req.body);
      if (problem) {
        const source = req.ip ?? 'unknown';
        refused('teams.activity.rejected', source, { problem, source });
        res.status(400).json({ error: problem });
        return;
      }
      teams(req, res).catch(next);
    });
  }
  // Slack verifies signatures over the raw body, so its router comes before any JSON parser.
  if (slack?.router) app.use(slack.router);
  if (webChat) {
    app.use((req, res, next) => {
      res.setHeader('Content-Security-Policy', CSP);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      // The web API accepts requests only from its own page.
      const origin = req.headers.origin;
      if (req.method !== 'GET' && origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
        res.status(403).json({ error: 'cross-origin request refused' });
        return;
      }
      next();
    });
    app.use(express.json({ limit: '64kb' }));
    app.use(webRoutes({ turns: gateway, lead, store, translator, dispatcher, orgLang, inbox: webInbox }));
  }
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  // Errors (bad JSON, a failing store) end as a short JSON answer: never a stack trace.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    // A parse error's message can quote the request body: log only its kind for client errors.
    const kind = (err as { type?: unknown }).type;
    log('http.error', status < 500 ? { status, kind: typeof kind === 'string' ? kind : 'client' } : { status, error: err instanceof Error ? err.message : String(err) });
    if (!res.headersSent) res.status(status).json({ error: status < 500 ? 'bad request' : 'internal error' });
  });

  // Not app.listen: Express 5 calls its callback on an error too, and the server would go on without an address.
  const server = createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    if (!opts.store) await store.close();
    throw listenError(err as NodeJS.ErrnoException, config.port, config.host);
  }
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Must outlast the keep-alive timeout, or an idle connection's next request could be cut off.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  await slack?.start();
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  baseUrl ||= url;
  if (opts.schedulerIntervalMs !== 0) {
    scheduler.start(opts.schedulerIntervalMs ?? 60_000);
    // Reminders and button presses do not pass through a turn's refresh: they see a change within this time.
    settingsHolder.start(Math.max(1_000, opts.settingsMaxAgeMs ?? SETTINGS_MAX_AGE_MS));
  }
  const exportSweep =
    opts.schedulerIntervalMs === 0
      ? undefined
      : setInterval(() => {
          lead.pruneExports().catch((err: unknown) => log('export.sweep.failed', { error: err instanceof Error ? err.message : String(err) }));
        }, EXPORT_SWEEP_MS);
  // Deliver what was waiting in the outbox when we last stopped.
  void dispatcher.run().catch((err: unknown) => log('dispatch.failed', { error: err instanceof Error ? err.message : String(err) }));
  return {
    url,
    server,
    store,
    dispatcher,
    translator,
    keyCreated,
    slack,
    scheduler,
    lead,
    gateway,
    settings: settingsHolder,
    close: async () => {
      clearInterval(exportSweep);
      settingsHolder.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold the close open; requests in flight get a moment to finish.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      await slack?.stop();
      await scheduler.stop();
      await dispatcher.run();
      await store.close();
    },
  };
}
