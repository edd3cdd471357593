/**
 * Posting case summaries to the Slack aandachtsfunctionaris channel, and keeping every post of a case
 * current: after each claim and status change (LeadService.onChange) its posts are redrawn with
 * `chat.update`, as the Teams card is.
 *
 * Posts go through a client that neither retries nor waits out a rate limit by itself (bolt.ts): each
 * failure is classified here (slackFailure) and the outbox decides. Every post carries the outbox item's
 * id in its message metadata, so after an ambiguous failure `confirm` can look in the channel's recent
 * history for it instead of posting the card a second time.
 */
import type { WebClient } from '@slack/web-api';
import { channelMessage, type SlackMessage } from '../../../cards/blockkit.js';
import { pushItems, readItems, registeredAfChannel } from '../../app/channelDocs.js';
import type { ChannelDeps } from '../../app/channelDeps.js';
import { summaryOf, type PostReason } from '../../cases/channelView.js';
import { slackFailure } from './failures.js';
import type { AfSink } from '../../cases/dispatcher.js';
import type { CaseMeta } from '../../cases/types.js';
import type { ChannelSummary } from '../../engine/types.js';
import { knownBlocks, SLACK } from './common.js';
import { isRevoked } from './lifecycle.js';

export interface SlackChannelDoc {
  channel: string;
  registeredBy: string;
  registeredAt: string;
}

/** The metadata event type that marks a channel post with its outbox item. */
export const POST_MARKER = 'meldcode_post';
/** How far back `confirm` looks for a marked post (the newest messages of the channel). */
const HISTORY_LIMIT = 200;

/** The channel posts of cases (newest last), to update them later. Not personal: ids and a reason. */
export const SLACK_POSTS_DOC = 'slack-af-posts';
const MAX_POSTS = 500;

interface SlackPost {
  caseId: string;
  channel: string;
  ts: string;
  reason?: PostReason;
}

type CaseMessageDeps = Pick<ChannelDeps, 'actions' | 'translator' | 'orgLang'>;

/** A case's channel post as it is now: the facts, the lead's status ("Stand van zaken"), the buttons. */
export async function caseMessage(deps: CaseMessageDeps, summary: ChannelSummary, meta: CaseMeta | undefined, reason?: PostReason): Promise<SlackMessage> {
  const card = await deps.actions.card(summary, reason, meta);
  const t = (key: string) => deps.translator.t(deps.orgLang, key);
  return channelMessage(card.summary, card.view, { label: t('channel.leadStatus'), value: t(`lead.state.${meta?.lead ?? 'nieuw'}`) });
}

export class SlackChannelSink implements AfSink {
  readonly name = SLACK;
  /** The update of each case's posts still running, chained so that a later change is drawn last. */
  private readonly running = new Map<string, Promise<void>>();

  /**
   * `client`: Bolt's, for redrawing posts. `delivery`: one without retries of its own, for posting and for
   * looking a post up (defaults to `client`).
   */
  constructor(private readonly deps: CaseMessageDeps & Pick<ChannelDeps, 'store' | 'log'> & { client: WebClient; delivery?: WebClient; configuredChannel?: string }) {}

  private get delivery(): WebClient {
    return this.deps.delivery ?? this.deps.client;
  }

  private async channel(): Promise<string | undefined> {
    // The app was uninstalled or its tokens revoked (lifecycle.ts): no channel until it is installed and registered again.
    if (await isRevoked(this.deps.store)) return undefined;
    // A channel registered with /meldcode kanaal wins over the configured default.
    return (await registeredAfChannel<SlackChannelDoc>(this.deps.store, SLACK))?.channel ?? this.deps.configuredChannel;
  }

  async ready(): Promise<boolean> {
    return (await this.channel()) !== undefined;
  }

  async post(summary: ChannelSummary, reason: PostReason, item?: { id: string }): Promise<void> {
    const channel = await this.channel();
    if (!channel) throw new Error('No Slack channel configured');
    const meta = (await this.deps.store.getCase(summary.caseId))?.meta;
    const m = await caseMessage(this.deps, summary, meta, reason);
    let posted: { ts?: string; channel?: string };
    try {
      posted = await this.delivery.chat.postMessage({
        channel,
        text: m.text,
        blocks: knownBlocks(m.blocks),
        ...(item ? { metadata: { event_type: POST_MARKER, event_payload: { item: item.id } } } : {}),
      });
    } catch (err) {
      throw slackFailure(err);
    }
    await this.recorded(summary.caseId, posted.channel ?? channel, posted.ts, reason);
  }

  /** After an ambiguous failure: whether the item's post is in the channel after all (then it is kept as posted). */
  async confirm(summary: ChannelSummary, reason: PostReason, item: { id: string }): Promise<boolean> {
    const channel = await this.channel();
    if (!channel) return false;
    let messages: { ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }[];
    try {
      const history = await this.delivery.conversations.history({ channel, limit: HISTORY_LIMIT, include_all_metadata: true });
      messages = (history.messages ?? []) as typeof messages;
    } catch (err) {
      throw slackFailure(err);
    }
    const found = messages.find((msg) => msg.metadata?.event_type === POST_MARKER && msg.metadata.event_payload?.item === item.id);
    if (!found?.ts) return false;
    await this.recorded(summary.caseId, channel, found.ts, reason);
    return true;
  }

  /** A post made: kept to redraw it later. Our own bookkeeping: a failure here must not make the post count as failed (and be made twice). */
  private async recorded(caseId: string, channel: string, ts: string | undefined, reason: PostReason): Promise<void> {
    try {
      // A new post of a case that was posted before (its status moved on): the earlier posts show it too.
      const earlier = (await this.posts()).some((p) => p.caseId === caseId);
      if (typeof ts === 'string') await pushItems<SlackPost>(this.deps.store, SLACK_POSTS_DOC, [{ caseId, channel, ts, reason }], MAX_POSTS);
      if (earlier) this.schedule(caseId);
    } catch (err) {
      this.deps.log('slack.post.updateFailed', { error: err instanceof Error ? err.name : typeof err });
    }
  }

  /** Redraws the case's posts in the background: the turn that changed the case does not wait for Slack. */
  schedule(caseId: string): void {
    const next = (this.running.get(caseId) ?? Promise.resolve())
      .then(() => this.updatePosted(caseId))
      .catch((err: unknown) => this.deps.log('slack.post.updateFailed', { error: err instanceof Error ? err.name : typeof err }));
    this.running.set(caseId, next);
    void next.finally(() => {
      if (this.running.get(caseId) === next) this.running.delete(caseId);
    });
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** Whether a message is one of the kept posts (then a change redraws it anyway). */
  async isPosted(channel: string, ts: string): Promise<boolean> {
    return (await this.posts()).some((p) => p.channel === channel && p.ts === ts);
  }

  private posts(): Promise<SlackPost[]> {
    return readItems<SlackPost>(this.deps.store, SLACK_POSTS_DOC);
  }

  private async updatePosted(caseId: string): Promise<void> {
    const meta = (await this.deps.store.getCase(caseId))?.meta;
    if (!meta) return;
    for (const post of (await this.posts()).filter((p) => p.caseId === caseId)) {
      const m = await caseMessage(this.deps, summaryOf(meta), meta, post.reason);
      try {
        await this.deps.client.chat.update({ channel: post.channel, ts: post.ts, text: m.text, blocks: knownBlocks(m.blocks) });
      } catch (err) {
        // The post may have been deleted in Slack; the other posts still count.
        this.deps.log('slack.post.updateFailed', { error: err instanceof Error ? err.name : typeof err });
      }
    }
  }
}
