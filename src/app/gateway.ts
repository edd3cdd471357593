/**
 * Where a channel sends every user input: lead actions ("open zaken", "zaak MC-…", buttons of the
 * lead's own questions), exports ("dossier MC-…"), the figures ("cijfers"), settings ("instellingen")
 * — everything else goes to the dialogue engine. The pictures a reply asks for are drawn here, so every
 * channel gets them as images. Channels stay thin: they only translate platform events and render.
 */
import type { LeadService } from '../cases/lead.js';
import { LEAD_PROMPT } from '../cases/lead.js';
import type { Lang } from '../domain/types.js';
import type { Input, Prompt } from '../engine/types.js';
import { normalise, parseTyped } from '../engine/parse.js';
import type { Translator } from '../i18n/index.js';
import { isStoreOutage, type Store } from '../store/store.js';
import { applySettingCommand, describeSettings, SETTING_COMMANDS, SettingsError } from '../org/settings.js';
import type { SettingsHolder } from '../org/stored.js';
import { FIGURES_COMMAND, FIGURES_PROMPT, FiguresCommand } from './figuresCommand.js';
import { RateLimiter } from './inbound.js';
import { Pictures } from './pictures.js';
import { isAcute, type InputMeta, type TurnProcessor, type TurnResult } from './turns.js';

const LIST = new Set(['open zaken', 'zaken', 'open cases', 'cases']);
const OPEN = /^(?:zaak|case)\s+(mc-[a-z0-9]{1,12})$/i;
const EXPORT = /^(?:dossier|export)\s+(mc-[a-z0-9]{1,12})(?:\s+(pdf|md|markdown))?$/i;
const SETTINGS = /^(?:instellingen|settings)$/i;
const SET = /^instelling\s+(\S+)\s*([\s\S]*)$/i;

/** How long a lead's open text question (the reason for an early deletion) takes typed text as its answer. */
export const LEAD_QUESTION_TTL_MS = 30 * 60_000;

/** A lead's text question awaiting a typed answer in chat; kept in the store so any instance sees it. */
interface PendingLeadQuestion {
  promptId: string;
  at: number;
}

const pendingDoc = (store: Store, userKey: string): string => `leadq-${store.names.name(userKey, 40)}`;

export class Gateway {
  constructor(
    private readonly deps: {
      turns: TurnProcessor;
      lead: LeadService;
      settings: SettingsHolder;
      translator: Translator;
      /** Where a lead's open text question is kept between turns. */
      store: Store;
      /** Whether an aandachtsfunctionaris channel can receive posts now. */
      hasChannel?: () => Promise<boolean>;
      /** Turns per user per minute (also the burst); 0 or absent = no limit. */
      ratePerMinute?: number;
      clock?: () => number;
      /** Draws and serves the pictures; absent (the terminal chat): each is shown as its text alternative. */
      pictures?: Pictures;
    },
  ) {
    this.rate = new RateLimiter(deps.ratePerMinute ?? 0, deps.clock ?? Date.now);
    const clock = () => new Date((deps.clock ?? Date.now)());
    this.pictures = deps.pictures ?? new Pictures({ store: deps.store, translator: deps.translator, clock, log: () => undefined });
    this.figures = new FiguresCommand({ lead: deps.lead, store: deps.store, settings: () => deps.settings.get(), translator: deps.translator, pictures: this.pictures, clock });
  }

  private readonly rate: RateLimiter;
  private readonly pictures: Pictures;
  private readonly figures: FiguresCommand;

  async handle(userKey: string, input: Input, locale?: Lang, meta?: InputMeta): Promise<TurnResult> {
    try {
      return await this.handleStored(userKey, input, locale, meta);
    } catch (err) {
      // Acute danger is answered even while the store cannot be used: 112 and Veilig Thuis need no stored data.
      if (isStoreOutage(err) && isAcute(input)) return this.deps.turns.acuteWithoutStore(userKey, input, locale ?? 'nl');
      throw err;
    }
  }

  private async handleStored(userKey: string, input: Input, locale?: Lang, meta?: InputMeta): Promise<TurnResult> {
    // Roles and terms as the store holds them now: another instance may have changed them.
    await this.deps.settings.refresh();
    // The acute button is never slowed down.
    if (!(input.type === 'command' && input.command === 'acute') && !this.rate.allow(userKey)) {
      const lang = await this.deps.turns.langOf(userKey, locale);
      return { prompts: [{ kind: 'info', tone: 'warning', text: this.deps.translator.t(lang, 'security.rateLimited') }], lang, queued: [] };
    }
    const routed = await this.route(userKey, input, locale);
    if (routed) return routed;
    const result = await this.deps.turns.handle(userKey, input, locale, meta);
    result.prompts = await this.dossierLinks(userKey, await this.pictures.resolve(result.prompts, result.lang), result.lang);
    // A notice for the aandachtsfunctionaris with nowhere to go yet: say so plainly (the case is saved
    // and the notice waits in the outbox).
    if (result.queued.some((q) => q.kind === 'af.post') && this.deps.hasChannel && !(await this.channelKnown(this.deps.hasChannel))) {
      result.prompts.push({ kind: 'info', tone: 'warning', text: this.deps.translator.t(result.lang, 'channel.noChannel') });
    }
    return result;
  }

  /** Whether a channel is registered; while the store cannot say (the turn itself was saved), no warning. */
  private async channelKnown(hasChannel: () => Promise<boolean>): Promise<boolean> {
    try {
      return await hasChannel();
    } catch (err) {
      if (isStoreOutage(err)) return true;
      throw err;
    }
  }

  private async route(userKey: string, input: Input, locale?: Lang): Promise<TurnResult | undefined> {
    const { lead } = this.deps;
    const reply = async (pending: Promise<Prompt[]> | Prompt[], lang: Lang): Promise<TurnResult> => {
      const prompts = await pending;
      await this.awaitTyped(userKey, prompts);
      return { prompts, lang, queued: [] };
    };
    if (input.type === 'answer' && input.promptId.startsWith(FIGURES_PROMPT)) {
      const lang = await this.deps.turns.langOf(userKey, locale);
      return reply(this.figures.answer(userKey, input.promptId, input.value, lang), lang);
    }
    if (input.type === 'answer' && input.promptId.startsWith(LEAD_PROMPT)) {
      const lang = await this.deps.turns.langOf(userKey, locale);
      return reply(lead.answer(userKey, input.promptId, input.value, lang), lang);
    }
    if (input.type !== 'text') return undefined;
    const text = input.text.trim();
    const n = normalise(text);
    if (LIST.has(n)) {
      const lang = await this.deps.turns.langOf(userKey, locale);
      return reply(lead.list(userKey, lang), lang);
    }
    const open = OPEN.exec(text);
    if (open?.[1]) {
      const lang = await this.deps.turns.langOf(userKey, locale);
      return reply(lead.open(userKey, open[1], lang), lang);
    }
    const exp = EXPORT.exec(text);
    if (exp?.[1]) {
      const lang = await this.deps.turns.langOf(userKey, locale);
      return reply(lead.exportLink(userKey, exp[1], exp[2]?.toLowerCase() === 'pdf' ? 'pdf' : 'md', lang), lang);
    }
    const figures = FIGURES_COMMAND.exec(text);
    if (figures) {
      const lang = await this.deps.turns.langOf(userKey, locale);
      return reply(this.figures.run(userKey, figures[1] ?? '', lang), lang);
    }
    if (SETTINGS.test(text) || SET.test(text)) {
      const lang = await this.deps.turns.langOf(userKey, locale);
      return reply(this.settings(userKey, text, lang), lang);
    }
    const question = await this.pendingQuestion(userKey, text);
    if (question) {
      const lang = await this.deps.turns.langOf(userKey, locale);
      return reply(lead.answer(userKey, question, text, lang), lang);
    }
    return undefined;
  }

  /**
   * The dossier links a reply asks for ("my cases": a finished case's dossier), made here: one-time links
   * as `dossier MC-…` gives them, with the same check that the case is the user's own (or a lead's).
   */
  private async dossierLinks(userKey: string, prompts: Prompt[], lang: Lang): Promise<Prompt[]> {
    if (!prompts.some((p) => p.kind === 'dossier')) return prompts;
    const out: Prompt[] = [];
    for (const p of prompts) out.push(...(p.kind === 'dossier' ? await this.deps.lead.exportLink(userKey, p.ref, p.format, lang) : [p]));
    return out;
  }

  /**
   * Remembers a lead's text question just shown (or forgets an earlier one), so the answer can be
   * typed in the chat as well as in the card's field.
   */
  private async awaitTyped(userKey: string, prompts: readonly Prompt[]): Promise<void> {
    if (!this.deps.lead.isLead(userKey)) return;
    const q = prompts.find((p) => p.kind === 'text' && p.promptId.startsWith(LEAD_PROMPT));
    const doc = pendingDoc(this.deps.store, userKey);
    if (q && 'promptId' in q) await this.deps.store.putDoc<PendingLeadQuestion>(doc, { promptId: q.promptId, at: (this.deps.clock ?? Date.now)() });
    else await this.deps.store.deleteDoc(doc);
  }

  /**
   * The lead question typed text answers, if one is waiting. A typed command word ("menu", "stop",
   * "gevaar") is not an answer: it cancels the question and goes to the dialogue.
   */
  private async pendingQuestion(userKey: string, text: string): Promise<string | undefined> {
    if (!this.deps.lead.isLead(userKey)) return undefined;
    const doc = pendingDoc(this.deps.store, userKey);
    const pending = await this.deps.store.getDoc<PendingLeadQuestion | null>(doc);
    if (!pending) return undefined;
    await this.deps.store.deleteDoc(doc);
    const fresh = (this.deps.clock ?? Date.now)() - pending.at <= LEAD_QUESTION_TTL_MS;
    return fresh && parseTyped(text) === undefined ? pending.promptId : undefined;
  }

  private async settings(userKey: string, text: string, lang: Lang): Promise<Prompt[]> {
    const t = (key: string, params?: Record<string, unknown>) => this.deps.translator.t(lang, key, params);
    if (this.deps.lead.role(userKey) !== 'beheerder') return [{ kind: 'info', tone: 'warning', text: t('lead.settings.only') }];
    const holder = this.deps.settings;
    const set = SET.exec(text);
    if (!set?.[1]) {
      return [
        { kind: 'info', tone: 'normal', text: describeSettings(holder.get(), lang) },
        { kind: 'info', tone: 'normal', text: t('lead.settings.usage', { names: SETTING_COMMANDS.join(', ') }) },
      ];
    }
    try {
      const key = set[1];
      // Applied to the settings in the store at the moment of writing, so a change on another instance is kept.
      await holder.update((current) => applySettingCommand(current, key, (set[2] ?? '').trim()));
      return [{ kind: 'info', tone: 'normal', text: t('lead.settings.saved') }];
    } catch (err) {
      if (err instanceof SettingsError) return [{ kind: 'info', tone: 'error', text: t('lead.settings.invalid', { message: err.message }) }];
      throw err;
    }
  }
}
