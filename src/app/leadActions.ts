/**
 * What a channel does when someone acts on a case outside the dialogue, written once for every
 * channel: claiming a case from the aandachtsfunctionaris channel ("Ik pak dit op"), opening its
 * details, and the card a case shows in that channel. Each function returns data (texts already
 * translated, a card view); the channel renders and sends it. Status changes, exports and early
 * deletion are answers to the lead's own questions and go through the gateway to LeadService.
 */
import type { ChannelCardView } from '../../cards/channel.js';
import { channelView, summaryOf, type PostReason } from '../cases/channelView.js';
import type { LeadService } from '../cases/lead.js';
import type { CaseMeta } from '../cases/types.js';
import type { Lang } from '../domain/types.js';
import type { ChannelSummary, Prompt, UserState } from '../engine/types.js';
import type { Translator } from '../i18n/index.js';
import { localDate } from '../i18n/time.js';
import { loadProfile } from '../store/profiles.js';
import type { Store } from '../store/store.js';
import type { UserLanguage } from './language.js';

/** A short plain message for one person outside a turn (e.g. "your case was picked up"). */
export interface Notice {
  userKey: string;
  text: string;
}

/** A case's card in the aandachtsfunctionaris channel: what to render. */
export interface CaseCard {
  summary: ChannelSummary;
  view: ChannelCardView;
}

/** What a claim came to, for the channel to show. `message` goes to the clicker, in the channel's language. */
export type ClaimView =
  | { outcome: 'unknown'; message: string }
  | { outcome: 'forbidden'; message: string }
  /** `card`: the case's card as it is now (with who claimed it), to replace the clicked one. */
  | { outcome: 'already'; card: CaseCard; meta: CaseMeta; message: string }
  /** `notice`: for the reporter, to deliver through their own channel. */
  | { outcome: 'claimed'; card: CaseCard; meta: CaseMeta; notice: Notice };

/** A case in a person's overview (Slack's App Home). */
export interface CaseLine {
  ref: string;
  step: number;
  date: string;
}

export interface LeadActionsDeps {
  lead: LeadService;
  store: Store;
  translator: Translator;
  language: UserLanguage;
  /** The language of the aandachtsfunctionaris channel. */
  orgLang: Lang;
  log: (event: string, fields?: Record<string, unknown>) => void;
}

export class LeadActions {
  constructor(private readonly deps: LeadActionsDeps) {}

  private t(lang: Lang, key: string, params?: Record<string, unknown>): string {
    return this.deps.translator.t(lang, key, params);
  }

  /** The card of a case in the aandachtsfunctionaris channel: for a new post (with its reason) and after a claim. */
  async card(summary: ChannelSummary, reason?: PostReason, meta?: CaseMeta): Promise<CaseCard> {
    const { store, orgLang } = this.deps;
    const reporter = await loadProfile(store, summary.reporter);
    const claimed = meta ?? (await store.getCase(summary.caseId))?.meta;
    return { summary, view: channelView(summary, { lang: orgLang, t: (l, k, p) => this.t(l, k, p), reporterName: reporter.name, reason, claimed, timeZone: this.deps.lead.timeZone() }) };
  }

  /**
   * "Ik pak dit op" on a case card. `who.name` is the platform's display name, used when the
   * person has no profile with a name of their own.
   */
  async claim(caseId: string, who: { id: string; name?: string }): Promise<ClaimView> {
    const lang = this.deps.orgLang;
    const name = (await loadProfile(this.deps.store, who.id)).name ?? who.name ?? this.t(lang, 'channel.unknownName');
    const result = await this.deps.lead.claim(caseId, { id: who.id, name });
    if (result.outcome === 'unknown') return { outcome: 'unknown', message: this.t(lang, 'channel.claimUnknown') };
    if (result.outcome === 'forbidden') return { outcome: 'forbidden', message: this.t(lang, 'lead.notAllowedClaim') };
    const meta = result.meta;
    const card = await this.card(summaryOf(meta), undefined, meta);
    if (result.outcome === 'already') return { outcome: 'already', card, meta, message: this.t(lang, 'channel.alreadyClaimed', { name: meta.claimedByName ?? '' }) };
    const reporterLang = await this.deps.language.of(meta.owner);
    return { outcome: 'claimed', card, meta, notice: { userKey: meta.owner, text: this.t(reporterLang, 'channel.claimedNotice', { name, ref: meta.ref }) } };
  }

  /** "Open details" on a case card: the case log and what this person may do, in their own language. */
  async details(userKey: string, caseId: string, lang?: Lang): Promise<{ prompts: Prompt[]; lang: Lang }> {
    const l = lang ?? (await this.deps.language.of(userKey));
    return { prompts: await this.deps.lead.open(userKey, caseId, l), lang: l };
  }

  /** A person's cases for an overview: a lead sees the organisation's open cases, anyone else their own. */
  async overview(userKey: string): Promise<{ lead: boolean; cases: CaseLine[] }> {
    const { store } = this.deps;
    if (this.deps.lead.isLead(userKey)) {
      const cases = (await store.listCases({ inHand: true }))
        .filter((m) => m.closedAt === undefined)
        .map((m) => ({ ref: m.ref, step: m.step, date: localDate(m.createdAt, this.deps.lead.timeZone()) }));
      return { lead: true, cases };
    }
    const state = await store.loadUser<UserState>(userKey);
    const cases = Object.values(state?.cases ?? {})
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .map((c) => ({ ref: c.ref, step: c.step, date: localDate(c.updatedAt, this.deps.lead.timeZone()) }));
    return { lead: false, cases };
  }
}
