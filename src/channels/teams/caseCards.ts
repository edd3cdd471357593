/**
 * The case cards in the Teams aandachtsfunctionaris channel with Universal Actions: which version of a
 * case's card a viewer gets (a lead: the actions; anyone else: the status only), which users' clients
 * ask for their own version (`refresh.userIds`), and keeping the posted activities current after every
 * claim and status change, wherever it was made (LeadService.onChange), so that whoever has no version
 * of their own sees the status as it is.
 */
import { CardFactory, MessageFactory, type Activity, type ConversationReference } from 'botbuilder';
import { universalChannelCard, type UniversalCard } from '../../../cards/channel.js';
import { pushItems, readItems, userAddress } from '../../app/channelDocs.js';
import type { LeadActions } from '../../app/leadActions.js';
import { summaryOf, type PostReason } from '../../cases/channelView.js';
import type { LeadService } from '../../cases/lead.js';
import { LEAD_STATES, type CaseMeta, type LeadState } from '../../cases/types.js';
import type { Lang } from '../../domain/types.js';
import type { ChannelSummary } from '../../engine/types.js';
import type { Translator } from '../../i18n/index.js';
import type { Store } from '../../store/store.js';
import type { TeamsAdapter } from './adapter.js';

/** The channel posts of cases (newest last): where each card went, to update it later. Not personal: ids and a reason. */
export const TEAMS_POSTS_DOC = 'teams-af-posts';
const MAX_POSTS = 500;

export interface PostedCard {
  caseId: string;
  conversationId: string;
  activityId: string;
  serviceUrl: string;
  reason?: PostReason;
}

export interface CaseCardsDeps {
  adapter: TeamsAdapter;
  appId: string;
  store: Store;
  actions: LeadActions;
  lead: LeadService;
  translator: Translator;
  orgLang: Lang;
  log: (event: string, fields?: Record<string, unknown>) => void;
}

export class TeamsCaseCards {
  /** The update of each case's posts still running, chained so that a later change is drawn last. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly deps: CaseCardsDeps) {}

  /**
   * Updates the case's posts after a claim or status change, in the background: the answer of the
   * turn that made the change does not wait for Teams. {@link idle} waits for it.
   */
  schedule(caseId: string): void {
    const next = (this.running.get(caseId) ?? Promise.resolve())
      .then(() => this.updatePosted(caseId))
      .catch((err: unknown) => this.deps.log('teams.card.updateFailed', { error: err instanceof Error ? err.name : typeof err }));
    this.running.set(caseId, next);
    void next.finally(() => {
      if (this.running.get(caseId) === next) this.running.delete(caseId);
    });
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  private t(key: string, params?: Record<string, unknown>): string {
    return this.deps.translator.t(this.deps.orgLang, key, params);
  }

  /** Whether this person may claim a case from its card: a lead, or anyone while no aandachtsfunctionaris is configured (LeadService.claim). */
  canClaim(userKey: string | undefined): boolean {
    const { configured } = this.deps.lead.leads();
    return !configured || (userKey !== undefined && this.deps.lead.isLead(userKey));
  }

  /**
   * The Teams user ids (MRIs) of the leads, from the conversation references of their personal chats
   * with the bot: a lead who never wrote to the bot has none and sees the shared version until then.
   */
  async leadUserIds(): Promise<string[]> {
    const ids: string[] = [];
    for (const key of this.deps.lead.leads().keys) {
      if (!key.startsWith('teams:')) continue;
      const ref = (await userAddress(this.deps.store, key)) as Partial<ConversationReference> | undefined;
      const id = ref?.user?.id;
      if (typeof id === 'string' && id !== '' && !ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  /** A case's card for one viewer (undefined: the shared version in the posted activity). */
  async render(summary: ChannelSummary, meta: CaseMeta | undefined, viewer: string | undefined, reason?: PostReason): Promise<UniversalCard> {
    const card = await this.deps.actions.card(summary, reason, meta);
    const current: LeadState = meta?.lead ?? 'nieuw';
    const lead = viewer !== undefined && this.deps.lead.isLead(viewer);
    return universalChannelCard(card.summary, card.view, {
      canClaim: this.canClaim(viewer),
      leadStatus: { label: this.t('channel.leadStatus'), value: this.t(`lead.state.${current}`) },
      ...(lead
        ? {
            statusChoice: {
              label: this.t('teams.card.statusChoice'),
              button: this.t('teams.card.statusButton'),
              current,
              choices: LEAD_STATES.map((s) => ({ title: this.t(`lead.state.${s}`), value: s })),
            },
          }
        : {}),
      refreshUserIds: await this.leadUserIds(),
      refreshTitle: this.t('teams.card.refresh'),
    });
  }

  /** The card of a stored case for a viewer, with the reason of its latest post; undefined if the case is gone. */
  async forCase(caseId: string, viewer: string | undefined): Promise<UniversalCard | undefined> {
    const meta = (await this.deps.store.getCase(caseId))?.meta;
    if (!meta) return undefined;
    const posts = (await this.posts()).filter((p) => p.caseId === caseId);
    return this.render(summaryOf(meta), meta, viewer, posts[posts.length - 1]?.reason);
  }

  async remember(post: PostedCard): Promise<void> {
    await pushItems(this.deps.store, TEAMS_POSTS_DOC, [post], MAX_POSTS);
  }

  async hasPosts(caseId: string): Promise<boolean> {
    return (await this.posts()).some((p) => p.caseId === caseId);
  }

  private posts(): Promise<PostedCard[]> {
    return readItems<PostedCard>(this.deps.store, TEAMS_POSTS_DOC);
  }

  /** Replaces every posted card of the case with its shared version as it is now (after a claim or status change). */
  async updatePosted(caseId: string): Promise<void> {
    const meta = (await this.deps.store.getCase(caseId))?.meta;
    if (!meta) return;
    for (const post of (await this.posts()).filter((p) => p.caseId === caseId)) {
      const card = await this.render(summaryOf(meta), meta, undefined, post.reason);
      const update: Partial<Activity> = { ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id: post.activityId };
      const ref: Partial<ConversationReference> = {
        channelId: 'msteams',
        serviceUrl: post.serviceUrl,
        conversation: { id: post.conversationId, isGroup: true, conversationType: 'channel', name: '' },
        bot: { id: this.deps.appId, name: 'Meldcode-assistent' },
      };
      try {
        await this.deps.adapter.continueConversationAsync(this.deps.appId, ref, async (ctx) => void (await ctx.updateActivity(update)));
      } catch (err) {
        // The post may have been deleted in Teams; the other posts and the action itself still count.
        this.deps.log('teams.card.updateFailed', { error: err instanceof Error ? err.name : typeof err });
      }
    }
  }
}
