/**
 * The Bolt app itself: HTTP mode (an Express router under /slack/events, signatures checked by
 * Bolt) or Socket Mode, Bolt's log in our structured log, and the shared inbound checks before
 * any handler: only the configured workspaces, and each event or interaction once.
 */
import { App, AuthorizationError, ExpressReceiver, HTTPModuleFunctions, LogLevel, webApi, type Logger } from '@slack/bolt';
import express, { type Router } from 'express';
import type { ChannelDeps } from '../../app/channelDeps.js';
import { allowedBy, RecentRequests } from '../../app/inbound.js';
import type { SlackConfig } from '../../config.js';
import { keptAliveAgents, proxyConfigured } from '../http.js';
import { requestId, SLACK_MAX_SKEW_S } from './common.js';
import { slackFetch } from './fetch.js';

const { WebClient } = webApi;
type WebClient = InstanceType<typeof WebClient>;

export interface BoltApp {
  app: App;
  /**
   * A client for channel posts that neither retries nor waits out a rate limit by itself (Bolt's own
   * client does both, for up to half an hour): the outbox sees each failure and decides (cases/delivery.ts).
   */
  delivery: WebClient;
  /** Express router serving /slack/events (HTTP mode); undefined in Socket Mode. */
  router?: Router;
}

type BoltDeps = Pick<ChannelDeps, 'log' | 'clock' | 'translator' | 'orgLang'>;

/** Bolt's own warnings (e.g. a rejected signature) go to our structured log instead of the console. */
function boltLogger(deps: BoltDeps): Logger {
  const toLog = (level: string) => (...msg: unknown[]) => deps.log('slack.bolt', { level, message: msg.map(String).join(' ').slice(0, 300) });
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: toLog('warn'),
    error: toLog('error'),
    setLevel: () => undefined,
    getLevel: () => LogLevel.WARN,
    setName: () => undefined,
  };
}

function httpReceiver(cfg: SlackConfig & { signingSecret: string }, deps: BoltDeps, logger: Logger): { receiver: ExpressReceiver; router: Router } {
  const router = express.Router();
  // Before Bolt sees the request: a signed timestamp far ahead would let a captured request be
  // replayed for longer than the five minutes Bolt allows in the past.
  router.use('/slack/events', (req, res, next) => {
    const ts = Number(req.headers['x-slack-request-timestamp']);
    const now = Math.floor(deps.clock().getTime() / 1000);
    if (Number.isFinite(ts) && ts > now + SLACK_MAX_SKEW_S) {
      deps.log('slack.request.future', {});
      res.status(401).end();
      return;
    }
    next();
  });
  const receiver = new ExpressReceiver({
    signingSecret: cfg.signingSecret,
    logger,
    endpoints: '/slack/events',
    router,
    // ack() answers the HTTP request; slow work goes on after it.
    processBeforeResponse: false,
    // A signed payload Bolt cannot read (e.g. `payload=null`) fails before any listener acks, and Bolt would
    // answer 500, which Slack retries: it is a bad request. Authorization failures keep Bolt's own answer.
    processEventErrorHandler: async (args) => {
      if (args.response.headersSent || args.error instanceof AuthorizationError) return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
      deps.log('slack.payload.unreadable', { error: args.error instanceof Error ? args.error.message.slice(0, 200) : 'unknown' });
      args.response.writeHead(400);
      args.response.end();
      return true;
    },
  });
  return { receiver, router };
}

/**
 * What every Web API client of the app is made with: the API's address (tests, regional endpoints), and
 * calls posted directly (fetch.ts), or with a proxy configured for the process, through the global fetch.
 */
export function slackClientOptions(cfg: Pick<SlackConfig, 'apiUrl'>, env: NodeJS.ProcessEnv = process.env): { slackApiUrl?: string; fetch?: typeof fetch } {
  return { ...(cfg.apiUrl ? { slackApiUrl: cfg.apiUrl } : {}), ...(proxyConfigured(env) ? {} : { fetch: slackFetch(keptAliveAgents()) }) };
}

export function createBoltApp(cfg: SlackConfig, deps: BoltDeps): BoltApp {
  const logger = boltLogger(deps);
  const common = {
    token: cfg.botToken,
    clientOptions: slackClientOptions(cfg),
    logger,
    // Our own error handling answers the user; Bolt's default would only log.
    extendedErrorHandler: false,
    // Bolt's in-memory conversation store is not used (the store keeps every user's state): without it no
    // middleware looks up each request's conversation before the listener acks (a rejected lookup, with an
    // Error and its stack, for every request).
    convoStore: false,
  } as const;
  const delivery = new WebClient(cfg.botToken, { ...common.clientOptions, logger, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  let bolt: BoltApp;
  if (cfg.signingSecret) {
    const { receiver, router } = httpReceiver({ ...cfg, signingSecret: cfg.signingSecret }, deps, logger);
    bolt = { app: new App({ ...common, receiver }), router, delivery };
  } else {
    bolt = { app: new App({ ...common, socketMode: true, appToken: cfg.appToken }), delivery };
  }
  verifyInbound(bolt.app, cfg, deps);
  bolt.app.error(async (err) => {
    deps.log('slack.error', { error: err.message, code: (err as { code?: string }).code });
  });
  return bolt;
}

/**
 * Before any handler: only the configured workspaces, and each event or interaction once (Slack
 * retries events when slow; a captured request may be replayed). Dialogue turns are also
 * recognised across restarts and instances, by the id the turn keeps with the user's state.
 */
function verifyInbound(app: App, cfg: SlackConfig, deps: BoltDeps): void {
  const recent = new RecentRequests();
  app.use(async (args) => {
    const { context, body, next } = args;
    const ack = 'ack' in args && typeof args.ack === 'function' ? (args.ack as (m?: { response_type: 'ephemeral'; text: string }) => Promise<void>) : undefined;
    if (!allowedBy(cfg.allowedTeams, context.teamId)) {
      deps.log('slack.team.refused', {});
      // A slash command's ack can carry the answer itself.
      if ('command' in body) await ack?.({ response_type: 'ephemeral', text: deps.translator.t(deps.orgLang, 'security.otherOrganisation') });
      else await ack?.();
      return;
    }
    if (!recent.first(requestId(body))) {
      deps.log('slack.event.duplicate', {});
      // An interaction is still acknowledged (events are acknowledged by Bolt itself), or Slack shows an error.
      await ack?.();
      return;
    }
    await next();
  });
}
