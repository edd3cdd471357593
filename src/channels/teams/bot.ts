/**
 * The Teams bot: personal chat runs the case dialogue; in a team channel the bot only answers to
 * set-up commands and to "Ik pak dit op" clicks on case cards. botbuilder stays inside this folder.
 */
import { CardFactory, MessageFactory, TeamsActivityHandler, TurnContext, type Activity, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue } from 'botbuilder';
import { promptsToCards } from '../../../cards/adaptive.js';
import { parseChannelAction, type ChannelVerb } from '../../../cards/channel.js';
import { parseSubmit } from '../../../cards/submit.js';
import { forTeams, type TeamsPictureMode } from './pictures.js';
import type { ChannelDeps } from '../../app/channelDeps.js';
import { registerAfChannel, rememberUser } from '../../app/channelDocs.js';
import { allowedBy, RecentRequests } from '../../app/inbound.js';
import { LEAD_STATES } from '../../cases/types.js';
import type { Lang } from '../../domain/types.js';
import type { Input, Prompt } from '../../engine/types.js';
import { langFromLocale } from '../../i18n/index.js';
import { notifyChannel, runTurn, tooLong } from '../port.js';
import type { TeamsCaseCards } from './caseCards.js';
import { cardActivities, teamsCardOptions } from './cards.js';
import { handleLifecycle } from './lifecycle.js';
import { TEAMS, type TeamsChannelDoc } from './sink.js';

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
  /** The case cards in the aandachtsfunctionaris channel (each viewer's version, the posted ones kept current). */
  cards: TeamsCaseCards;
  /** Pictures as a served URL or as their text (pictures.ts). */
  pictureMode: TeamsPictureMode;
}

/** The answer to an `adaptiveCard/action` invoke: a card (replacing the clicked one for this user) or a message. */
const CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';

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
  /** Recently handled activities, to recognise a platform retry in this process. */
  private readonly recent = new RecentRequests();

  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onMessage(async (ctx, next) => {
      if (!(await this.verify(ctx))) return;
      if (ctx.activity.conversation?.conversationType === 'channel' || ctx.activity.conversation?.isGroup) {
        await this.inChannel(ctx);
      } else {
        await this.inPersonalChat(ctx);
      }
      await next();
    });
    handleLifecycle(this, { ...deps, accept: (a) => allowedBy(deps.allowedTenants, teamsTenant(a)) });
  }

  private t(lang: Lang, key: string, params?: Record<string, unknown>): string {
    return this.deps.translator.t(lang, key, params);
  }

  /** The shared inbound checks: a retry is answered once only; an account or tenant not ours is refused. */
  private async verify(ctx: TurnContext): Promise<boolean> {
    const a = ctx.activity;
    if (a.id && !this.recent.first(`${a.conversation?.id ?? ''}|${a.id}`)) {
      this.deps.log('teams.activity.duplicate', {});
      return false;
    }
    if (this.deps.requireEntraId && !a.from?.aadObjectId) {
      this.deps.log('teams.identity.missing', {});
      await ctx.sendActivity(this.t(langFromLocale(a.locale ?? undefined), 'security.noEntraId'));
      return false;
    }
    if (!allowedBy(this.deps.allowedTenants, teamsTenant(a))) {
      this.deps.log('teams.tenant.refused', {});
      await ctx.sendActivity(this.t(this.deps.orgLang, 'security.otherOrganisation'));
      return false;
    }
    return true;
  }

  // ---- personal chat: the case dialogue ------------------------------------------------

  private async inPersonalChat(ctx: TurnContext): Promise<void> {
    const activity = ctx.activity;
    const userKey = teamsUserKey(activity);
    const locale = langFromLocale(activity.locale ?? undefined);
    // The reference without the message id: it is the same every turn, so the profile is written only when it changes.
    const { activityId: _messageId, ...address } = TurnContext.getConversationReference(activity);
    await rememberUser(this.deps.store, userKey, { name: activity.from?.name, address });

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
        notes.push(tooLong(this.deps, locale, text.length, MAX_TEXT));
        input = { type: 'repeat' };
      } else input = { type: 'text', text };
    } else {
      notes.push({ kind: 'info', tone: 'error', text: this.t(locale, 'input.unsupported') });
      input = { type: 'repeat' };
    }

    // The id goes with the user's state, so a retry is recognised after a restart and on any instance.
    const id = activity.id ? `teams|${activity.conversation?.id ?? ''}|${activity.id}` : undefined;
    await runTurn(this.deps, { userKey, input, notes, locale: activity.locale ?? undefined, id }, {
      render: (prompts, lang) => cardActivities(promptsToCards(forTeams(prompts, this.deps.pictureMode), teamsCardOptions(this.deps.translator, lang))),
      send: async (activities) => void (await ctx.sendActivities(activities)),
    });
  }

  // ---- team channel: set-up and claims ------------------------------------------------

  private async inChannel(ctx: TurnContext): Promise<void> {
    const lang = this.deps.orgLang;
    const value: unknown = ctx.activity.value;
    // The status choice's Action.Submit fallback (clients without Universal Actions).
    const status = value !== undefined && value !== null ? parseChannelAction(undefined, value) : undefined;
    if (status?.verb === 'status') {
      const outcome = await this.setStatus(ctx, status.caseId, status.state);
      if (outcome !== 'ok') await ctx.sendActivity(outcome);
      return;
    }
    const parsed = value !== undefined && value !== null ? parseSubmit(value) : undefined;
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
    const teamId = (a.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    const doc: TeamsChannelDoc = {
      channelId,
      ...(teamId ? { teamId } : {}),
      serviceUrl: a.serviceUrl,
      tenantId: teamsTenant(a),
      registeredBy: `teams:${aad}`,
      registeredAt: this.deps.clock().toISOString(),
    };
    await registerAfChannel(this.deps.store, TEAMS, doc);
    this.deps.log('teams.channel.registered', { by: doc.registeredBy });
    // Posts the earlier channel did not take (it was gone) are owed to this one.
    await this.deps.dispatcher.restore(TEAMS);
    await ctx.sendActivity(this.t(lang, 'teams.registered'));
    // Notices that waited for a channel go out now.
    notifyChannel(this.deps);
  }

  private async claim(ctx: TurnContext, caseId: string): Promise<void> {
    const a = ctx.activity;
    const result = await this.deps.actions.claim(caseId, { id: teamsUserKey(a), name: a.from?.name });
    if (result.outcome === 'unknown' || result.outcome === 'forbidden') {
      await ctx.sendActivity(result.message);
      return;
    }
    // The clicked card at once (it may be older than the kept posts); every post of the case follows (LeadService.onChange).
    if (a.replyToId) {
      const shared = await this.deps.cards.render(result.card.summary, result.meta, undefined);
      const update = MessageFactory.attachment(CardFactory.adaptiveCard(shared));
      update.id = a.replyToId;
      await ctx.updateActivity(update);
    }
    if (result.outcome === 'already') await ctx.sendActivity(result.message);
    else await this.deps.tell(result.notice);
  }

  /**
   * A Universal Action (`Action.Execute`) on a channel card: `refresh` (the client shows the card and
   * asks for this user's version), `claim`, `status` and `details`. The answer is the card as this user
   * should now see it, or a short message.
   */
  protected override async onAdaptiveCardInvoke(ctx: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const lang = this.deps.orgLang;
    const message = (text: string): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: MESSAGE_RESPONSE, value: text as unknown as Record<string, unknown> });
    if (!(await this.verify(ctx))) return message(this.t(lang, 'teams.notAllowed'));
    const action = parseChannelAction(invoke.action.verb, invoke.action.data);
    if (!action || action.verb !== (invoke.action.verb as ChannelVerb)) {
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unknown action' } };
    }
    const a = ctx.activity;
    const viewer = teamsUserKey(a);
    const card = async (): Promise<AdaptiveCardInvokeResponse> => {
      const current = await this.deps.cards.forCase(action.caseId, viewer);
      return current ? { statusCode: 200, type: CARD_RESPONSE, value: current as unknown as Record<string, unknown> } : message(this.t(lang, 'channel.claimUnknown'));
    };
    switch (action.verb) {
      case 'refresh':
        return card();
      case 'claim': {
        const result = await this.deps.actions.claim(action.caseId, { id: viewer, name: a.from?.name });
        if (result.outcome === 'unknown' || result.outcome === 'forbidden') return message(result.message);
        if (result.outcome === 'claimed') await this.deps.tell(result.notice);
        return card();
      }
      case 'status': {
        const outcome = await this.setStatus(ctx, action.caseId, action.state);
        return outcome === 'ok' ? card() : message(outcome);
      }
      case 'details': {
        const userKey = teamsUserKey(a);
        const { prompts, lang: l } = await this.deps.actions.details(userKey, action.caseId, lang);
        const sent = await this.deps.reach(userKey, prompts, l);
        return message(this.t(lang, sent ? 'channel.detailsSent' : 'channel.detailsUnreachable'));
      }
    }
  }

  /** The status choice on a lead's card: only a lead moves a case along (as in LeadService.answer); the posts follow (onChange). */
  private async setStatus(ctx: TurnContext, caseId: string, state: string | undefined): Promise<'ok' | string> {
    const lang = this.deps.orgLang;
    const userKey = teamsUserKey(ctx.activity);
    if (!this.deps.lead.isLead(userKey)) return this.t(lang, 'lead.onlyLeads');
    const next = LEAD_STATES.find((s) => s === state);
    if (!next) return this.t(lang, 'err.choice');
    const meta = (await this.deps.store.getCase(caseId))?.meta;
    if (!meta) return this.t(lang, 'channel.claimUnknown');
    await this.deps.lead.setState(userKey, caseId, next);
    this.deps.log('teams.card.status', { state: next });
    return 'ok';
  }

  /** "Open details" on a channel card: the case log goes to the clicker's personal chat, never the channel. */
  private async details(ctx: TurnContext, caseId: string): Promise<void> {
    const userKey = teamsUserKey(ctx.activity);
    const { prompts, lang } = await this.deps.actions.details(userKey, caseId, this.deps.orgLang);
    const sent = await this.deps.reach(userKey, prompts, lang);
    await ctx.sendActivity(this.t(this.deps.orgLang, sent ? 'channel.detailsSent' : 'channel.detailsUnreachable'));
  }
}
