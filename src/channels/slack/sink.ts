/**
 * Posting case summaries to the Slack aandachtsfunctionaris channel, and keeping every post of a case
 * current: after each claim and status change (LeadService.onChange) its posts are redrawn with
 * `chat.update`, as the Teams card is.
 */
import type { WebClient } from '@slack/web-api';
import { channelMessage, type SlackMessage } from '../../../cards/blockkit.js';
import { pushItems, readItems, registeredAfChannel } from '../../app/channelDocs.js';
import type { ChannelDeps } from '../../app/channelDeps.js';
import { summaryOf, type PostReason } from '../../cases/channelView.js';
import type { AfSink } from '../../cases/dispatcher.js';
import type { CaseMeta } from '../../cases/types.js';
import type { ChannelSummary } from '../../engine/types.js';
import { knownBlocks, SLACK } from './common.js';

export interface SlackChannelDoc {
  channel: string;
  registeredBy: string;
  registeredAt: string;
}

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

  constructor(private readonly deps: CaseMessageDeps & Pick<ChannelDeps, 'store' | 'log'> & { client: WebClient; configuredChannel?: string }) {}

  private async channel(): Promise<string | undefined> {
    // A channel registered with /meldcode kanaal wins over the configured default.
    return (await registeredAfChannel<SlackChannelDoc>(this.deps.store, SLACK))?.channel ?? this.deps.configuredChannel;
  }

  async ready(): Promise<boolean> {
    return (await this.channel()) !== undefined;
  }

  async post(summary: ChannelSummary, reason: PostReason): Promise<void> {
    const channel = await this.channel();
    if (!channel) throw new Error('No Slack channel configured');
    const meta = (await this.deps.store.getCase(summary.caseId))?.meta;
    const m = await caseMessage(this.deps, summary, meta, reason);
    const posted = await this.deps.client.chat.postMessage({ channel, text: m.text, blocks: knownBlocks(m.blocks) });
    // A new post of a case that was posted before (its status moved on): the earlier posts show it too.
    const earlier = (await this.posts()).some((p) => p.caseId === summary.caseId);
    if (typeof posted.ts === 'string') {
      await pushItems<SlackPost>(this.deps.store, SLACK_POSTS_DOC, [{ caseId: summary.caseId, channel: posted.channel ?? channel, ts: posted.ts, reason }], MAX_POSTS);
    }
    if (earlier) this.schedule(summary.caseId);
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
