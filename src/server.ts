/**
 * The HTTP server: Teams endpoint (`POST /api/messages`), health check, and in local mode the web
 * chat. Wires the store, the turn processor, the outbox dispatcher and the channels together.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { TurnProcessor } from './app/turns.js';
import { Dispatcher, type AfSink } from './cases/dispatcher.js';
import { createTeamsAdapter, type TeamsAuthOverrides } from './channels/teams/adapter.js';
import { MeldcodeTeamsBot } from './channels/teams/bot.js';
import { TeamsChannelSink } from './channels/teams/sink.js';
import { createSlackApp, type SlackRunning } from './channels/slack/app.js';
import { SlackChannelSink } from './channels/slack/sink.js';
import { WebPanelSink } from './channels/web/sink.js';
import { webRoutes } from './channels/web/routes.js';
import type { Config } from './config.js';
import { createTranslator, type Translator } from './i18n/index.js';
import { openStore } from './store/index.js';
import type { Store } from './store/store.js';

export type Log = (event: string, fields?: Record<string, unknown>) => void;

/** Structured log lines with ids and events only: never free text or answers. */
export const jsonLog: Log = (event, fields = {}) => {
  process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), event, ...fields })}\n`);
};

export interface RunningServer {
  url: string;
  server: Server;
  store: Store;
  dispatcher: Dispatcher;
  translator: Translator;
  /** The Slack app, when configured. */
  slack?: SlackRunning;
  close(): Promise<void>;
}

export interface ServerOptions {
  store?: Store;
  log?: Log;
  clock?: () => Date;
  ids?: () => { id: string; ref: string };
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

/** Fields a Bot Framework message activity needs before the SDK sees it. */
function activityProblem(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'body must be a JSON activity';
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string') return 'activity.type missing';
  if (a.type !== 'message') return undefined;
  const from = a.from as Record<string, unknown> | undefined;
  const conv = a.conversation as Record<string, unknown> | undefined;
  if (!from || typeof from.id !== 'string' || from.id === '') return 'activity.from.id missing';
  if (!conv || typeof conv.id !== 'string' || conv.id === '') return 'activity.conversation.id missing';
  if (typeof a.serviceUrl !== 'string' || a.serviceUrl === '') return 'activity.serviceUrl missing';
  return undefined;
}

export async function startServer(config: Config, opts: ServerOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? jsonLog;
  const store = opts.store ?? (await openStore(config.dataDir));
  const translator = await createTranslator();
  const orgLang = config.defaultLang;
  const turns = new TurnProcessor({ store, translator, followUpDays: config.followUpDays, clock: opts.clock, ids: opts.ids });

  const adapter = createTeamsAdapter(
    config.teams,
    (err) => log('teams.turn.error', { error: err.message }),
    () => translator.t(orgLang, 'error.generic', { alarm: '112', vt: '0800-2000' }),
    opts.authOverrides,
  );
  const sinks: AfSink[] = [];
  if (config.teamsEnabled) sinks.push(new TeamsChannelSink({ adapter, appId: config.teams.appId, store, translator, orgLang }));
  const webChat = config.localMode && (opts.webChat ?? true);
  if (webChat) sinks.push(new WebPanelSink(store, opts.clock));
  const dispatcher = new Dispatcher(store, sinks, { warn: (event, fields) => log(event, fields) });
  let slack: SlackRunning | undefined;
  if (config.slack) {
    slack = createSlackApp(config.slack, { turns, store, translator, dispatcher, orgLang, clock: opts.clock, log });
    sinks.push(new SlackChannelSink({ client: slack.app.client, store, translator, orgLang, configuredChannel: config.slack.afChannel }));
  }
  const bot = new MeldcodeTeamsBot({
    turns,
    store,
    translator,
    dispatcher,
    adminIds: config.adminIds,
    orgLang,
    clock: opts.clock,
    log,
    notify: (reference, text) =>
      adapter.continueConversationAsync(config.teams.appId, reference, async (ctx) => {
        await ctx.sendActivity(text);
      }),
  });

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  if (config.teamsEnabled) {
    app.post('/api/messages', express.json({ limit: '512kb' }), (req: Request, res: Response, next: NextFunction) => {
      const problem = activityProblem(req.body);
      if (problem) {
        log('teams.activity.rejected', { problem });
        res.status(400).json({ error: problem });
        return;
      }
      adapter.process(req, res, (ctx) => bot.run(ctx)).catch(next);
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
    app.use(webRoutes({ turns, store, translator, dispatcher, orgLang, clock: opts.clock }));
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

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.on('error', reject);
  });
  await slack?.start();
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  // Deliver what was waiting in the outbox when we last stopped.
  void dispatcher.run().catch((err: unknown) => log('dispatch.failed', { error: err instanceof Error ? err.message : String(err) }));
  return {
    url,
    server,
    store,
    dispatcher,
    translator,
    slack,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold the close open; requests in flight get a moment to finish.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      await slack?.stop();
      await dispatcher.run();
      await store.close();
    },
  };
}
