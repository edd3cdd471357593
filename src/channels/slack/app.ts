/**
 * The Slack app (Bolt): slash command, DMs, App Home, buttons, the text modal and the claim button
 * on channel posts. Every handler acknowledges first and works after; the dialogue runs only in the
 * user's DM with the app. Bolt stays inside this folder.
 */
import { App, AuthorizationError, ExpressReceiver, HTTPModuleFunctions, LogLevel, type BlockAction, type SlackCommandMiddlewareArgs, type ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import express, { type Router } from 'express';
import { answeredMessage, channelMessage, homeView, promptsToSlack, textModal, type SlackMessage, type SlackRenderOptions } from '../../../cards/blockkit.js';
import { escapeMrkdwn, parseSlackAction, TEXT_BLOCK, TEXT_INPUT_ACTION, TEXT_MODAL_CALLBACK, type StateValues } from '../../../cards/slackProtocol.js';
import { loadProfile, rememberProfile } from '../../store/profiles.js';
import type { ChannelDeps } from '../../app/channelDeps.js';
import { channelView, summaryOf } from '../../cases/channelView.js';
import type { SlackConfig } from '../../config.js';
import type { Lang } from '../../domain/types.js';
import type { Input, Prompt, QuestionPrompt, UserState } from '../../engine/types.js';
import { langFromLocale } from '../../i18n/index.js';
import { SLACK_CHANNEL_DOC, type SlackChannelDoc } from './sink.js';

export const SLACK_MAX_TEXT = 4000;
/** How far a request's signed timestamp may lie in the future (Bolt refuses only those older than this). */
export const SLACK_MAX_SKEW_S = 5 * 60;

export interface SlackDeps extends ChannelDeps {
  clock?: () => Date;
  log: (event: string, fields?: Record<string, unknown>) => void;
}

export interface SlackRunning {
  app: App;
  /** Express router serving /slack/events (HTTP mode); undefined in Socket Mode. */
  router?: Router;
  /** Resolves when no handler is still working after its ack. */
  idle(): Promise<void>;
  /** Starts Socket Mode (no-op in HTTP mode, where the shared server serves the router). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The translated labels the Block Kit renderer needs, for one language. */
export function slackRenderOptions(t: (key: string, params?: Record<string, unknown>) => string): SlackRenderOptions {
  return {
    submitLabel: t('card.submit'),
    typeAnswerLabel: t('slack.typeAnswer'),
    typeHint: t('slack.typeHint'),
    earlierChoice: (label) => t('card.earlierChoice', { label }),
    yourText: t('card.yourText'),
  };
}

export const slackUserKey = (team: string | undefined, user: string) => `slack:${team ?? '-'}:${user}`;
/** The Slack user id back from a user key, to reach a reporter in their DM. */
export const slackUserOf = (userKey: string): string | undefined => (userKey.startsWith('slack:') ? userKey.split(':')[2] : undefined);

/**
 * What identifies one request from Slack, to recognise it when it comes again: the event id of an
 * event; for a slash command, block action or modal submission (which have no event id) the
 * trigger id, which Slack makes anew for every interaction, with the user and the action's time.
 */
export function requestId(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as { event_id?: unknown; trigger_id?: unknown; user_id?: unknown; user?: { id?: unknown }; actions?: { action_ts?: unknown }[] };
  if (typeof b.event_id === 'string') return `event|${b.event_id}`;
  if (typeof b.trigger_id !== 'string') return undefined;
  const user = typeof b.user_id === 'string' ? b.user_id : typeof b.user?.id === 'string' ? b.user.id : '';
  const at = Array.isArray(b.actions) && typeof b.actions[0]?.action_ts === 'string' ? b.actions[0].action_ts : '';
  return `trigger|${user}|${b.trigger_id}|${at}`;
}

const lastQuestion = (prompts: Prompt[]): QuestionPrompt | undefined =>
  [...prompts].reverse().find((p): p is QuestionPrompt => 'promptId' in p);

export function createSlackApp(cfg: SlackConfig, deps: SlackDeps): SlackRunning {
  const t = (lang: Lang, key: string, params?: Record<string, unknown>) => deps.translator.t(lang, key, params);
  const clientOptions = { ...(cfg.apiUrl ? { slackApiUrl: cfg.apiUrl } : {}) };
  // Bolt's own warnings (e.g. a rejected signature) go to our structured log instead of the console.
  const toLog = (level: string) => (...msg: unknown[]) => deps.log('slack.bolt', { level, message: msg.map(String).join(' ').slice(0, 300) });
  const logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: toLog('warn'),
    error: toLog('error'),
    setLevel: () => undefined,
    getLevel: () => LogLevel.WARN,
    setName: () => undefined,
  };
  const common = {
    token: cfg.botToken,
    clientOptions,
    logger,
    // Our own error handling answers the user; Bolt's default would only log.
    extendedErrorHandler: false,
  } as const;

  let app: App;
  let router: Router | undefined;
  if (cfg.signingSecret) {
    router = express.Router();
    // Before Bolt sees the request: a signed timestamp far ahead would let a captured request be
    // replayed for longer than the five minutes Bolt allows in the past.
    router.use('/slack/events', (req, res, next) => {
      const ts = Number(req.headers['x-slack-request-timestamp']);
      const now = Math.floor((deps.clock ?? (() => new Date()))().getTime() / 1000);
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
    app = new App({ ...common, receiver });
  } else {
    app = new App({ ...common, socketMode: true, appToken: cfg.appToken });
  }

  // Before any handler: only the configured workspaces, and each event or interaction once (Slack
  // retries events when slow; a captured request may be replayed). Dialogue turns are also recognised
  // across restarts and instances, by the id `turn` passes on with the user's state.
  const seenEvents = new Set<string>();
  app.use(async (args) => {
    const { context, body, next } = args;
    const team = context.teamId;
    if (cfg.allowedTeams.size > 0 && !(team && cfg.allowedTeams.has(team))) {
      deps.log('slack.team.refused', {});
      if ('ack' in args && typeof args.ack === 'function') {
        const ack = args.ack as (m?: { response_type: 'ephemeral'; text: string }) => Promise<void>;
        // A slash command's ack can carry the answer itself.
        if ('command' in body) await ack({ response_type: 'ephemeral', text: t(deps.orgLang, 'security.otherOrganisation') });
        else await ack();
      }
      return;
    }
    const eventId = requestId(body);
    if (eventId !== undefined) {
      if (seenEvents.has(eventId)) {
        deps.log('slack.event.duplicate', {});
        // An interaction is still acknowledged (events are acknowledged by Bolt itself), or Slack shows an error.
        if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
        return;
      }
      seenEvents.add(eventId);
      if (seenEvents.size > 10_000) seenEvents.delete(seenEvents.values().next().value as string);
    }
    await next();
  });

  app.error(async (err) => {
    deps.log('slack.error', { error: err.message, code: (err as { code?: string }).code });
  });

  // ---- helpers ---------------------------------------------------------------------------

  /** The user's language: from Slack once (users.info with include_locale), then from the profile. */
  async function langOf(client: WebClient, userKey: string, user: string): Promise<Lang> {
    const profile = await loadProfile(deps.store, userKey);
    const known = (profile.address as { locale?: string } | undefined)?.locale;
    if (known) return langFromLocale(known);
    try {
      const info = await client.users.info({ user, include_locale: true });
      const locale = info.user?.locale ?? '';
      const name = info.user?.profile?.display_name || info.user?.real_name || info.user?.name;
      await rememberProfile(deps.store, userKey, { name, address: { locale: locale || deps.orgLang } });
      return langFromLocale(locale || undefined);
    } catch (err) {
      deps.log('slack.users.info.failed', { error: err instanceof Error ? err.message : String(err) });
      return deps.orgLang;
    }
  }

  async function post(client: WebClient, channel: string, messages: SlackMessage[]): Promise<void> {
    for (const m of messages) await client.chat.postMessage({ channel, text: m.text, blocks: m.blocks as never });
  }

  /**
   * One dialogue turn in the user's DM (channel = the user id: Slack delivers it in the app's DM).
   * `id` identifies the request (see {@link requestId}): a request handled before is not applied again.
   */
  async function turn(client: WebClient, team: string | undefined, user: string, input: Input, notes: Prompt[] = [], id?: string) {
    const userKey = slackUserKey(team, user);
    const lang = await langOf(client, userKey, user);
    const result = await deps.turns.handle(userKey, input, lang, { id });
    if (result.duplicate) return result;
    const prompts = [...notes, ...result.prompts];
    await post(client, user, promptsToSlack(prompts, messageOptions(result.lang)));
    if (result.queued.length) kick();
    return result;
  }

  function messageOptions(lang: Lang): SlackRenderOptions {
    return slackRenderOptions((key, params) => t(lang, key, params));
  }

  function kick(): void {
    deps.dispatcher.soon((err: unknown) => deps.log('dispatch.failed', { error: err instanceof Error ? err.message : String(err) }));
  }

  /** Replaces a question message once answered (or found stale), so its buttons cannot be clicked again. */
  async function closeQuestion(client: WebClient, channel: string | undefined, ts: string | undefined, original: SlackMessage, label: string): Promise<void> {
    if (!channel || !ts) return;
    const m = answeredMessage(original, label, '');
    await client.chat.update({ channel, ts, text: m.text, blocks: m.blocks as never });
  }

  /** A message the app posted in a conversation, read back (needs `im:history` for the DM); undefined if it cannot be read. */
  async function postedMessage(client: WebClient, channel: string, ts: string): Promise<SlackMessage | undefined> {
    try {
      const r = await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
      const m = r.messages?.[0];
      if (!m || m.ts !== ts) return undefined;
      return { text: m.text ?? '', blocks: (m.blocks ?? []) as SlackMessage['blocks'] };
    } catch (err) {
      deps.log('slack.history.failed', { error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  }

  /** Work still running after its ack; `idle()` waits for it (graceful stop, tests). */
  const inflight = new Set<Promise<void>>();

  function safely(what: string, fn: () => Promise<void>, client?: WebClient, user?: string): Promise<void> {
    const p = guarded(what, fn, client, user).finally(() => inflight.delete(p));
    inflight.add(p);
    return p;
  }

  async function guarded(what: string, fn: () => Promise<void>, client?: WebClient, user?: string): Promise<void> {
    try {
      // The work after an ack waits for the event loop's next turn: requests that arrived
      // meanwhile are read and acknowledged first, so a busy moment never holds up an ack
      // (Slack retries after 3 s) behind other users' turns.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await fn();
    } catch (err) {
      deps.log('slack.handler.failed', { handler: what, error: err instanceof Error ? err.message : String(err) });
      if (client && user) {
        await client.chat
          .postMessage({ channel: user, text: escapeMrkdwn(t(deps.orgLang, 'error.generic')) })
          .catch(() => undefined);
      }
    }
  }

  // ---- slash command ---------------------------------------------------------------------

  app.command('/meldcode', async ({ ack, command, client, respond }: SlackCommandMiddlewareArgs & { client: WebClient }) => {
    await ack();
    const sub = command.text.trim().toLowerCase();
    const inChannel = !command.channel_id.startsWith('D');
    await safely(
      'command',
      async () => {
        const lang = await langOf(client, slackUserKey(command.team_id, command.user_id), command.user_id);
        if (sub === 'kanaal' || sub === 'channel') {
          if (!inChannel) return void (await respond({ response_type: 'ephemeral', text: t(lang, 'slack.channelNeedsChannel') }));
          if (!cfg.adminIds.has(command.user_id)) return void (await respond({ response_type: 'ephemeral', text: t(lang, 'slack.channelNotAllowed') }));
          const doc: SlackChannelDoc = { channel: command.channel_id, registeredBy: slackUserKey(command.team_id, command.user_id), registeredAt: new Date().toISOString() };
          await deps.store.putDoc(SLACK_CHANNEL_DOC, doc);
          deps.log('slack.channel.registered', { by: doc.registeredBy });
          await respond({ response_type: 'ephemeral', text: t(lang, 'slack.channelRegistered') });
          return kick();
        }
        if (sub === 'help') return void (await respond({ response_type: 'ephemeral', text: escapeMrkdwn(t(lang, 'slack.help')) }));
        const choice = ({ '': undefined, start: undefined, stap0: 'stap0', uitleg: 'uitleg', mijn: 'mijn' } as const)[sub as '' | 'start' | 'stap0' | 'uitleg' | 'mijn'];
        if (choice === undefined && sub !== '' && sub !== 'start') {
          return void (await respond({ response_type: 'ephemeral', text: t(lang, 'slack.unknownCommand') }));
        }
        if (inChannel) await respond({ response_type: 'ephemeral', text: t(lang, 'slack.moveToDm') });
        await turn(client, command.team_id, command.user_id, choice ? { type: 'menu', choice } : { type: 'start' }, [], requestId(command));
      },
      client,
      command.user_id,
    );
  });

  // ---- direct messages -------------------------------------------------------------------

  app.message(async ({ message, client, context, body }) => {
    // Only people typing in the app's DM; edits, joins and bot messages are not dialogue input.
    if (message.channel_type !== 'im' || message.subtype !== undefined || !('user' in message) || !message.user) return;
    const user = message.user;
    const text = message.text ?? '';
    await safely(
      'message',
      async () => {
        if (text.length > SLACK_MAX_TEXT) {
          const lang = await langOf(client, slackUserKey(context.teamId, user), user);
          await turn(client, context.teamId, user, { type: 'repeat' }, [
            { kind: 'info', tone: 'error', text: t(lang, 'input.tooLong', { length: text.length, max: SLACK_MAX_TEXT }) },
          ]);
          return;
        }
        await turn(client, context.teamId, user, text.trim() === '' ? { type: 'repeat' } : { type: 'text', text }, [], requestId(body));
      },
      client,
      user,
    );
  });

  // ---- App Home --------------------------------------------------------------------------

  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    await safely('home', async () => {
      const userKey = slackUserKey(context.teamId, event.user);
      const lang = await langOf(client, userKey, event.user);
      const state = await deps.store.loadUser<UserState>(userKey);
      const own = Object.values(state?.cases ?? {})
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        .map((c) => ({ ref: c.ref, step: c.step, date: c.updatedAt.slice(0, 10) }));
      // An aandachtsfunctionaris sees the organisation's open cases here ("open zaken").
      const lead = deps.lead.isLead(userKey);
      const cases = lead
        ? (await deps.store.listCases())
            .filter((m) => m.closedAt === undefined && (m.lead ?? 'nieuw') !== 'gesloten')
            .map((m) => ({ ref: m.ref, step: m.step, date: m.createdAt.slice(0, 10) }))
        : own;
      await client.views.publish({
        user_id: event.user,
        view: homeView({
          title: t(lang, 'slack.home.title'),
          intro: t(lang, 'slack.home.intro'),
          buttons: {
            nieuw: t(lang, 'menu.opt.nieuw'),
            stap0: t(lang, 'menu.opt.stap0'),
            uitleg: t(lang, 'menu.opt.uitleg'),
            mijn: t(lang, 'menu.opt.mijn', { count: cases.length }),
          },
          casesTitle: lead ? t(lang, 'lead.list.title', { count: cases.length }) : t(lang, 'slack.home.cases'),
          noCases: t(lang, 'slack.home.none'),
          caseLabel: (c) => t(lang, 'slack.home.case', c),
          cases,
        }) as never,
      });
    });
  });

  // ---- buttons and checkboxes ------------------------------------------------------------

  app.action(/^mc_/, async ({ ack, body, client, context }) => {
    await ack();
    const b = body as BlockAction;
    const action = b.actions[0];
    if (!action) return;
    const user = b.user.id;
    await safely(
      'action',
      async () => {
        const value = 'value' in action ? action.value : undefined;
        // Checkbox ticks also arrive as actions; only the submit button under them counts.
        if (action.type === 'checkboxes') return;
        const parsed = parseSlackAction(action.action_id, value, b.state?.values as StateValues | undefined);
        const lang = await langOf(client, slackUserKey(context.teamId, user), user);
        if ('claim' in parsed) return await claim(client, b, parsed.claim);
        if ('details' in parsed) {
          // Details go to the clicker's DM only, and only if they may see the case.
          const userKey = slackUserKey(context.teamId, user);
          const prompts = await deps.lead.open(userKey, parsed.details, lang);
          await post(client, user, promptsToSlack(prompts, messageOptions(lang)));
          return;
        }
        if ('home' in parsed) return void (await turn(client, context.teamId, user, { type: 'menu', choice: parsed.home }, [], requestId(b)));
        if ('openText' in parsed) {
          await client.views.open({
            trigger_id: b.trigger_id,
            view: textModal(parsed.openText, JSON.stringify({ p: parsed.openText.promptId, c: b.channel?.id, ts: b.message?.ts }), {
              title: t(lang, 'slack.modalTitle'),
              submit: t(lang, 'slack.modalSubmit'),
              close: t(lang, 'slack.modalClose'),
              input: t(lang, 'card.answerLabel'),
            }),
          });
          return;
        }
        if ('error' in parsed) {
          await turn(client, context.teamId, user, { type: 'repeat' }, [{ kind: 'info', tone: 'error', text: t(lang, 'input.malformed') }]);
          return;
        }
        const input = parsed.input;
        const result = await turn(client, context.teamId, user, input, [], requestId(b));
        if (result.duplicate) return;
        const clicked = 'promptId' in input ? input.promptId : undefined;
        const original = { text: b.message?.text ?? '', blocks: (b.message?.blocks ?? []) as SlackMessage['blocks'] };
        if (clicked !== undefined && clicked !== result.before) {
          await closeQuestion(client, b.channel?.id, b.message?.ts, original, t(result.lang, 'slack.stale'));
        } else if (lastQuestion(result.prompts)?.promptId !== clicked) {
          await closeQuestion(client, b.channel?.id, b.message?.ts, original, `${t(result.lang, 'slack.answered')} ${answerLabel(b)}`);
        }
      },
      client,
      user,
    );
  });

  /** What the user chose, as shown on the answered message. */
  function answerLabel(b: BlockAction): string {
    const action = b.actions[0];
    if (action && 'text' in action && action.text && typeof action.text === 'object' && 'text' in action.text) {
      if (action.action_id !== 'mc_submit') return String(action.text.text);
    }
    const ticked: string[] = [];
    for (const block of Object.values((b.state?.values ?? {}) as StateValues)) {
      for (const el of Object.values(block)) {
        for (const o of el.selected_options ?? []) {
          const text = (o as { text?: { text?: string } }).text?.text;
          if (text) ticked.push(text);
        }
      }
    }
    return ticked.length ? ticked.join(', ') : '—';
  }

  // ---- the text modal --------------------------------------------------------------------

  app.view(TEXT_MODAL_CALLBACK, async ({ ack, body, view, client, context }) => {
    await ack();
    const v = body as ViewSubmitAction;
    const user = v.user.id;
    await safely(
      'view',
      async () => {
        let meta: { p?: unknown; c?: unknown; ts?: unknown } = {};
        try {
          meta = JSON.parse(view.private_metadata || '{}') as typeof meta;
        } catch {
          // Forged metadata: treated as an unreadable answer below.
        }
        const text = view.state.values[TEXT_BLOCK]?.[TEXT_INPUT_ACTION]?.value ?? '';
        if (typeof meta.p !== 'string') {
          await turn(client, context.teamId, user, { type: 'repeat' }, [{ kind: 'info', tone: 'error', text: t(deps.orgLang, 'input.malformed') }]);
          return;
        }
        const result = await turn(client, context.teamId, user, { type: 'answer', promptId: meta.p, value: text }, [], requestId(v));
        if (result.duplicate) return;
        const channel = typeof meta.c === 'string' ? meta.c : undefined;
        const ts = typeof meta.ts === 'string' ? meta.ts : undefined;
        if (lastQuestion(result.prompts)?.promptId !== meta.p && channel && ts) {
          const short = text.length > 200 ? `${text.slice(0, 200)}…` : text;
          const label = meta.p !== result.before ? t(result.lang, 'slack.stale') : `${t(result.lang, 'slack.answered')} ${short}`;
          // The submission does not carry the question message: read it back, so it is closed like a button answer.
          const original = (await postedMessage(client, channel, ts)) ?? { text: '', blocks: [] };
          await closeQuestion(client, channel, ts, original, label);
        }
      },
      client,
      user,
    );
  });

  // ---- claims in the aandachtsfunctionaris channel ----------------------------------------

  async function claim(client: WebClient, b: BlockAction, caseId: string): Promise<void> {
    const lang = deps.orgLang;
    const profileName = (await loadProfile(deps.store, slackUserKey(b.team?.id, b.user.id))).name;
    const who = { id: slackUserKey(b.team?.id, b.user.id), name: profileName ?? b.user.name ?? b.user.username ?? t(lang, 'channel.unknownName') };
    const result = await deps.lead.claim(caseId, who);
    const channel = b.channel?.id;
    if (result.outcome === 'unknown' || result.outcome === 'forbidden') {
      const key = result.outcome === 'unknown' ? 'channel.claimUnknown' : 'lead.notAllowedClaim';
      if (channel) await client.chat.postEphemeral({ channel, user: b.user.id, text: t(lang, key) });
      return;
    }
    const meta = result.meta;
    const summary = summaryOf(meta);
    const reporter = await loadProfile(deps.store, meta.owner);
    const m = channelMessage(summary, channelView(summary, { lang, t, reporterName: reporter.name, claimed: meta }));
    if (channel && b.message?.ts) await client.chat.update({ channel, ts: b.message.ts, text: m.text, blocks: m.blocks as never });
    if (result.outcome === 'already') {
      if (channel) await client.chat.postEphemeral({ channel, user: b.user.id, text: escapeMrkdwn(t(lang, 'channel.alreadyClaimed', { name: meta.claimedByName ?? '' })) });
      return;
    }
    const reporterUser = slackUserOf(meta.owner);
    if (reporterUser) {
      const reporterLang = langFromLocale((reporter.address as { locale?: string } | undefined)?.locale);
      await client.chat.postMessage({ channel: reporterUser, text: escapeMrkdwn(t(reporterLang, 'channel.claimedNotice', { name: who.name, ref: meta.ref })) });
    }
  }

  const idle = async (): Promise<void> => {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  };

  return {
    app,
    router,
    idle,
    start: async () => {
      if (!router) await app.start();
    },
    stop: async () => {
      await idle();
      if (!router) await app.stop();
    },
  };
}
