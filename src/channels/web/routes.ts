/**
 * The local web chat: the same dialogue and the same Adaptive Cards as in Teams, rendered in the
 * browser by Microsoft's `adaptivecards` package, plus a panel that plays the aandachtsfunctionaris
 * channel. Only mounted in local mode (no credentials), where the server listens on 127.0.0.1 and
 * answers only to a loopback `Host`.
 *
 * The chat has no sign-in: a client is whatever user id it sends. So a client-given id is only ever
 * a melder; the panel's endpoints act as the local aandachtsfunctionaris, an identity set here.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, type Router } from 'express';
import { promptsToCards } from '../../../cards/adaptive.js';
import { channelCard } from '../../../cards/channel.js';
import { parseSubmit } from '../../../cards/submit.js';
import { cardOptions } from '../../app/cardOptions.js';
import type { ChannelDeps } from '../../app/channelDeps.js';
import { readItems, rememberUser, takeItems } from '../../app/channelDocs.js';
import { summaryOf } from '../../cases/channelView.js';
import { LEAD_PROMPT, LOCAL_LEAD_ID } from '../../cases/lead.js';
import type { Lang } from '../../domain/types.js';
import type { Input, Prompt } from '../../engine/types.js';
import { langFromLocale } from '../../i18n/index.js';
import { runTurn, tooLong } from '../port.js';
import { FIGURES_COMMAND } from '../../app/figuresCommand.js';
import { figuresView, WEB_PERIODS } from './figures.js';
import { webNotices } from '../../app/alerts.js';
import { WEB_FEED_DOC, type WebFeedItem } from './sink.js';
import { inboxDoc } from './notify.js';

export const WEB_MAX_TEXT = 4000;
const USER_ID = /^[A-Za-z0-9-]{8,64}$/;
const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const AC_DIST = path.dirname(createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js'));
const LOCAL_LEAD = { id: LOCAL_LEAD_ID, name: 'Lokale test' };

/** Our pictures by path: the page may be open as localhost or 127.0.0.1, and its CSP allows images from itself only. */
function samePage(prompts: Prompt[]): Prompt[] {
  return prompts.map((p) => (p.kind === 'image' && /^https?:\/\//.test(p.url) ? { ...p, url: new URL(p.url).pathname } : p));
}

function bad(res: Response, message: string, code?: string): void {
  res.status(400).json({ error: message, ...(code ? { code } : {}) });
}

export function webRoutes(deps: ChannelDeps): Router {
  const router = express.Router();
  const t = (lang: Lang, key: string, params?: Record<string, unknown>) => deps.translator.t(lang, key, params);

  /** The user key for a client-given id, or undefined after answering 400: never one with a role. */
  const clientUser = (res: Response, user: unknown, lang: Lang): string | undefined => {
    if (typeof user !== 'string' || !USER_ID.test(user)) {
      bad(res, 'user must be 8-64 letters, digits or dashes');
      return undefined;
    }
    const key = `web:${user}`;
    if (key.toLowerCase() === LOCAL_LEAD_ID.toLowerCase() || deps.lead.role(key) !== 'melder') {
      bad(res, t(lang, 'web.userReserved'), 'USER_RESERVED');
      return undefined;
    }
    return key;
  };

  router.get('/', (_req, res) => {
    res.sendFile(path.join(PUBLIC_DIR, 'index.html'));
  });
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  router.use('/web/static', express.static(PUBLIC_DIR, { index: false }));
  router.get('/web/vendor/adaptivecards.min.js', (_req, res) => {
    res.sendFile(path.join(AC_DIST, 'adaptivecards.min.js'));
  });

  /** Who the page speaks as: the local aandachtsfunctionaris (local mode only: the page's visible switch), else its own melder id. */
  const speaker = (res: Response, body: Record<string, unknown> | undefined, locale: Lang): string | undefined =>
    body?.asLead === true ? LOCAL_LEAD.id : clientUser(res, body?.user, locale);

  /**
   * One turn, answered as cards, or as the figures view when it asked for the figures and got them
   * (`asked`: the period as given, '' for this quarter; undefined when the input is no figures request).
   */
  const answerTurn = async (res: Response, userKey: string, input: Input, notes: Prompt[], locale: string | undefined, asked: string | undefined): Promise<void> => {
    await rememberUser(deps.store, userKey, { name: userKey === LOCAL_LEAD.id ? LOCAL_LEAD.name : t(langFromLocale(locale), 'web.localUser') });
    await runTurn(deps, { userKey, input, notes, locale }, {
      render: (prompts, lang) => ({ lang, prompts }),
      send: async ({ lang, prompts }) => {
        const figures = asked === undefined ? undefined : await figuresView(deps, userKey, asked, prompts, lang);
        if (figures) return void res.json({ lang, cards: [], figures });
        res.json({ lang, cards: promptsToCards(samePage(prompts), cardOptions(deps.translator, lang)) });
      },
      // The page shows `error` as it is; the text stays in the box to send again.
      unavailable: async (text, lang) => void res.status(503).setHeader('Retry-After', '5').json({ error: text, code: 'STORE_UNAVAILABLE', lang }),
      // Deliver before answering, so the panel shows the post as soon as the reporter sees the summary.
      deliverFirst: true,
    });
  };

  router.post('/web/api/turn', async (req: Request, res: Response) => {
    const body = req.body as Record<string, unknown> | undefined;
    const locale = langFromLocale(typeof body?.locale === 'string' ? body.locale : undefined);
    // Local mode only (this router is): the page's visible switch lets a newcomer try the lead's side.
    const userKey = speaker(res, body, locale);
    if (!userKey) return;
    const notes: Prompt[] = [];
    let input: Input;
    if (body?.start === true) input = { type: 'start' };
    else if (body?.value !== undefined) {
      const parsed = parseSubmit(body.value);
      if ('input' in parsed) input = parsed.input;
      else {
        notes.push({ kind: 'info', tone: 'error', text: t(locale, 'input.malformed') });
        input = { type: 'repeat' };
      }
    } else if (typeof body?.text === 'string') {
      if (body.text.length > WEB_MAX_TEXT) {
        notes.push(tooLong(deps, locale, body.text.length, WEB_MAX_TEXT));
        input = { type: 'repeat' };
      } else input = { type: 'text', text: body.text };
    } else return bad(res, 'send one of: start, value, text');

    const asked = input.type === 'text' ? FIGURES_COMMAND.exec(input.text.trim()) : null;
    await answerTurn(res, userKey, input, notes, typeof body?.locale === 'string' ? body.locale : undefined, asked ? (asked[1] ?? '').trim() : undefined);
  });

  // The panel's "Cijfers" button and its choice of period: the same as typing `cijfers <period>` in the chat.
  router.post('/web/api/figures', async (req: Request, res: Response) => {
    const body = req.body as Record<string, unknown> | undefined;
    const locale = langFromLocale(typeof body?.locale === 'string' ? body.locale : undefined);
    const period = body?.period ?? '';
    if (period !== '' && !WEB_PERIODS.includes(period as (typeof WEB_PERIODS)[number])) return bad(res, `period must be one of: ${WEB_PERIODS.join(', ')}`);
    const userKey = speaker(res, body, locale);
    if (!userKey) return;
    await answerTurn(res, userKey, { type: 'text', text: `cijfers ${String(period)}`.trim() }, [], typeof body?.locale === 'string' ? body.locale : undefined, String(period));
  });

  router.get('/web/api/inbox', async (req: Request, res: Response) => {
    const userKey = clientUser(res, req.query.user, deps.orgLang);
    if (!userKey) return;
    res.json({ cards: await takeItems(deps.store, inboxDoc(deps.store, userKey)) });
  });

  // One card per case, as the case is now (status, claim, urgency): later posts update it in place.
  router.get('/web/api/af', async (_req: Request, res: Response) => {
    const feed = await readItems<WebFeedItem>(deps.store, WEB_FEED_DOC);
    const latest = new Map<string, WebFeedItem>();
    // Newest first: the first item of a case is its latest post (its reason heads the card).
    for (const item of feed) if (!latest.has(item.summary.caseId)) latest.set(item.summary.caseId, item);
    const items = await Promise.all(
      [...latest.values()].map(async (item) => {
        const meta = (await deps.store.getCase(item.summary.caseId))?.meta;
        if (!meta) return undefined; // deleted
        const card = await deps.actions.card({ ...summaryOf(meta), reporter: item.summary.reporter }, item.reason, meta);
        return { id: item.id, at: item.at, caseId: item.summary.caseId, card: channelCard(card.summary, card.view) };
      }),
    );
    // Notices about delivery (a channel removed, a post not delivered): text without case content.
    const notices = (await webNotices(deps.store)).slice(0, 10).map(({ id, at, text }) => ({ id, at, text }));
    res.json({ items: items.filter((i) => i !== undefined), notices });
  });

  // The panel's "Open details": the local aandachtsfunctionaris sees the case log in the panel.
  router.post('/web/api/af/details', async (req: Request, res: Response) => {
    const parsed = parseSubmit((req.body as Record<string, unknown> | undefined)?.value);
    if (!('details' in parsed)) return bad(res, 'value must be a details request');
    const { prompts, lang } = await deps.actions.details(LOCAL_LEAD.id, parsed.details, deps.orgLang);
    res.json({ cards: promptsToCards(prompts, cardOptions(deps.translator, lang)) });
  });

  // The lead's buttons under the panel's details (state, export, delete, back to the list).
  router.post('/web/api/af/act', async (req: Request, res: Response) => {
    const parsed = parseSubmit((req.body as Record<string, unknown> | undefined)?.value);
    if (!('input' in parsed) || parsed.input.type !== 'answer' || !parsed.input.promptId.startsWith(LEAD_PROMPT)) {
      return bad(res, 'value must be an answer to an aandachtsfunctionaris question');
    }
    const result = await deps.turns.handle(LOCAL_LEAD.id, parsed.input, deps.orgLang);
    res.json({ cards: promptsToCards(result.prompts, cardOptions(deps.translator, result.lang)) });
  });

  router.post('/web/api/af/claim', async (req: Request, res: Response) => {
    const parsed = parseSubmit((req.body as Record<string, unknown> | undefined)?.value);
    if (!('claim' in parsed)) return bad(res, 'value must be a claim');
    const result = await deps.actions.claim(parsed.claim, LOCAL_LEAD);
    if (result.outcome === 'unknown') return res.status(404).json({ error: result.message });
    if (result.outcome === 'forbidden') return res.status(403).json({ error: result.message });
    if (result.outcome === 'already') return res.status(409).json({ error: result.message });
    await deps.tell(result.notice);
    res.json({ ok: true });
  });

  return router;
}
