/**
 * The Teams bot: personal chat runs the case dialogue; in a team channel the bot only answers to
 * set-up commands and to "Ik pak dit op" clicks on case cards. botbuilder stays inside this folder.
 */
import { CardFactory, MessageFactory, TeamsActivityHandler, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { promptsToCards } from '../../../cards/adaptive.js';
import { cardActivities } from './cards.js';
import { channelCard } from '../../../cards/channel.js';
import { parseSubmit } from '../../../cards/submit.js';
import { cardOptions } from '../../app/cardOptions.js';
import type { ChannelDeps } from '../../app/channelDeps.js';
import { loadProfile, rememberProfile } from '../../store/profiles.js';
import { channelView, summaryOf } from '../../cases/channelView.js';
import type { Lang } from '../../domain/types.js';
import type { Input, Prompt } from '../../engine/types.js';
import { langFromLocale } from '../../i18n/index.js';
import { TEAMS_CHANNEL_DOC, type TeamsChannelDoc } from './sink.js';

/** Longest message we accept; Teams allows far more, but nobody types a case story that long at once. */
export const MAX_TEXT = 4000;

export interface TeamsBotDeps extends ChannelDeps {
  /** AAD object ids allowed to register the aandachtsfunctionaris channel. */
  adminIds: ReadonlySet<string>;
  /** Tenants whose members may use the bot; empty = any. */
  allowedTenants: ReadonlySet<string>;
  /**
   * Messages without `from.aadObjectId` are refused (with credentials): the Entra object id is what
   * ties a Teams account to a person of the organisation. Local tools (the Emulator) send none.
   */
  requireEntraId: boolean;
  /** Sends prompts to a user's personal chat outside the turn; false when they never wrote to the bot. */
  personal(userKey: string, prompts: Prompt[], lang: Lang): Promise<boolean>;
  /** Sends a proactive message to a stored conversation (the reporter's personal chat). */
  notify(reference: Partial<ConversationReference>, text: string): Promise<void>;
  clock?: () => Date;
  log?: (event: string, fields: Record<string, unknown>) => void;
}

/**
 * The tenant as Teams sets it: `channelData.tenant.id` (the field botbuilder's teamsGetTenant and
 * TeamsInfo read). `conversation.tenantId` is not consulted, so the two cannot be played off
 * against each other.
 */
export function teamsTenant(activity: Partial<Activity>): string | undefined {
  const data: unknown = activity.channelData;
  const tenant = data !== null && typeof data === 'object' ? (data as { tenant?: unknown }).tenant : undefined;
  const id = tenant !== null && typeof tenant === 'object' ? (tenant as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function teamsUserKey(activity: Partial<Activity>): string {
  return `teams:${activity.from?.aadObjectId ?? activity.from?.id ?? ''}`;
}

export class MeldcodeTeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onMessage(async (ctx, next) => {
      // A platform retry of an activity this process already handled is answered once only (dialogue
      // turns are also recognised across restarts and instances: see inPersonalChat).
      const id = `${ctx.activity.conversation?.id ?? ''}|${ctx.activity.id ?? ''}`;
      if (ctx.activity.id && this.seen.has(id)) {
        this.deps.log?.('teams.activity.duplicate', {});
        return;
      }
      if (ctx.activity.id) this.remember(id);
      if (this.deps.requireEntraId && !ctx.activity.from?.aadObjectId) {
        this.deps.log?.('teams.identity.missing', {});
        await ctx.sendActivity(this.t(langFromLocale(ctx.activity.locale ?? undefined), 'security.noEntraId'));
        return;
      }
      const tenant = teamsTenant(ctx.activity);
      if (this.deps.allowedTenants.size > 0 && !(tenant && this.deps.allowedTenants.has(tenant))) {
        this.deps.log?.('teams.tenant.refused', {});
        await ctx.sendActivity(this.t(this.deps.orgLang, 'security.otherOrganisation'));
        return;
      }
      if (ctx.activity.conversation?.conversationType === 'channel' || ctx.activity.conversation?.isGroup) {
        await this.inChannel(ctx);
      } else {
        await this.inPersonalChat(ctx);
      }
      await next();
    });
  }

  /** Recently handled activities (bounded), to recognise a retry. */
  private readonly seen = new Set<string>();

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > 10_000) this.seen.delete(this.seen.values().next().value as string);
  }

  private t(lang: Lang, key: string, params?: Record<string, unknown>): string {
    return this.deps.translator.t(lang, key, params);
  }

  // ---- personal chat: the case dialogue ------------------------------------------------

  private async inPersonalChat(ctx: TurnContext): Promise<void> {
    const activity = ctx.activity;
    const userKey = teamsUserKey(activity);
    const locale = langFromLocale(activity.locale ?? undefined);
    // The reference without the message id: it is the same every turn, so the profile is written only when it changes.
    const { activityId: _messageId, ...address } = TurnContext.getConversationReference(activity);
    await rememberProfile(this.deps.store, userKey, { name: activity.from?.name, address });

    const notes: Prompt[] = [];
    let input: Input;
    if (activity.value !== undefined && activity.value !== null) {
      const parsed = parseSubmit(activity.value);
      if ('input' in parsed) input = parsed.input;
      else {
        notes.push({ kind: 'info', tone: 'error', text: this.t(locale, 'input.malformed') });
        input = { type: 'repeat' };
      }
    } else if (typeof activity.text === 'string' && activity.text.trim() !== '') {
      const text = TurnContext.removeRecipientMention(activity) ?? activity.text;
      if (text.length > MAX_TEXT) {
        notes.push({ kind: 'info', tone: 'error', text: this.t(locale, 'input.tooLong', { length: text.length, max: MAX_TEXT }) });
        input = { type: 'repeat' };
      } else input = { type: 'text', text };
    } else {
      notes.push({ kind: 'info', tone: 'error', text: this.t(locale, 'input.unsupported') });
      input = { type: 'repeat' };
    }

    // The id goes with the user's state, so a retry is recognised after a restart and on any instance.
    const id = activity.id ? `teams|${activity.conversation?.id ?? ''}|${activity.id}` : undefined;
    const result = await this.deps.turns.handle(userKey, input, locale, { id });
    if (result.duplicate) return;
    const prompts = [...notes, ...result.prompts];
    const cards = promptsToCards(prompts, cardOptions(this.deps.translator, result.lang));
    await ctx.sendActivities(cardActivities(cards));
    if (result.queued.length) this.kick();
  }

  // ---- team channel: set-up and claims ------------------------------------------------

  private async inChannel(ctx: TurnContext): Promise<void> {
    const lang = this.deps.orgLang;
    const parsed = ctx.activity.value !== undefined && ctx.activity.value !== null ? parseSubmit(ctx.activity.value) : undefined;
    if (parsed && 'claim' in parsed) return this.claim(ctx, parsed.claim);
    if (parsed && 'details' in parsed) return this.details(ctx, parsed.details);
    // Teams sends the @mention as "<at>Name</at>" text plus an entity; strip any left without one.
    const text = (TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? '')
      .replace(/<at>[^<]*<\/at>/gi, '')
      .trim()
      .toLowerCase();
    if (text === 'registreer' || text === 'register') return this.register(ctx);
    await ctx.sendActivity(this.t(lang, 'teams.channelOnly'));
  }

  private async register(ctx: TurnContext): Promise<void> {
    const lang = this.deps.orgLang;
    const a = ctx.activity;
    const aad = a.from?.aadObjectId;
    if (!aad || !this.deps.adminIds.has(aad)) {
      await ctx.sendActivity(this.t(lang, 'teams.notAllowed'));
      return;
    }
    const channelId = (a.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
    if (!channelId || !a.serviceUrl) {
      await ctx.sendActivity(this.t(lang, 'teams.privateChannel'));
      return;
    }
    const doc: TeamsChannelDoc = {
      channelId,
      serviceUrl: a.serviceUrl,
      tenantId: teamsTenant(a),
      registeredBy: `teams:${aad}`,
      registeredAt: (this.deps.clock ?? (() => new Date()))().toISOString(),
    };
    await this.deps.store.putDoc(TEAMS_CHANNEL_DOC, doc);
    this.deps.log?.('teams.channel.registered', { by: doc.registeredBy });
    await ctx.sendActivity(this.t(lang, 'teams.registered'));
    // Notices that waited for a channel go out now.
    this.kick();
  }

  private async claim(ctx: TurnContext, caseId: string): Promise<void> {
    const lang = this.deps.orgLang;
    const a = ctx.activity;
    const who = { id: teamsUserKey(a), name: a.from?.name ?? this.t(lang, 'channel.unknownName') };
    const result = await this.deps.lead.claim(caseId, who);
    if (result.outcome === 'unknown') {
      await ctx.sendActivity(this.t(lang, 'channel.claimUnknown'));
      return;
    }
    if (result.outcome === 'forbidden') {
      await ctx.sendActivity(this.t(lang, 'lead.notAllowedClaim'));
      return;
    }
    const meta = result.meta;
    const reporter = await loadProfile(this.deps.store, meta.owner);
    const summary = summaryOf(meta);
    const card = channelCard(summary, channelView(summary, { lang, t: (l, k, p) => this.t(l, k, p), reporterName: reporter.name, claimed: meta }));
    if (a.replyToId) {
      const update = MessageFactory.attachment(CardFactory.adaptiveCard(card));
      update.id = a.replyToId;
      await ctx.updateActivity(update);
    }
    if (result.outcome === 'already') {
      await ctx.sendActivity(this.t(lang, 'channel.alreadyClaimed', { name: meta.claimedByName ?? '' }));
      return;
    }
    if (reporter.address) {
      const reporterLang = langFromLocale((reporter.address as { locale?: string }).locale);
      await this.deps
        .notify(reporter.address as Partial<ConversationReference>, this.t(reporterLang, 'channel.claimedNotice', { name: who.name, ref: meta.ref }))
        .catch((err: unknown) => this.deps.log?.('teams.notify.failed', { error: err instanceof Error ? err.message : String(err) }));
    }
  }

  /** "Open details" on a channel card: the case log goes to the clicker's personal chat, never the channel. */
  private async details(ctx: TurnContext, caseId: string): Promise<void> {
    const userKey = teamsUserKey(ctx.activity);
    const lang = this.deps.orgLang;
    const prompts = await this.deps.lead.open(userKey, caseId, lang);
    const sent = await this.deps.personal(userKey, prompts, lang);
    await ctx.sendActivity(this.t(lang, sent ? 'channel.detailsSent' : 'channel.detailsUnreachable'));
  }

  private kick(): void {
    this.deps.dispatcher.soon((err: unknown) => this.deps.log?.('dispatch.failed', { error: err instanceof Error ? err.message : String(err) }));
  }
}
