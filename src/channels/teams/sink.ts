/** Posting case summaries to the registered Teams channel, as a new thread per notice. */
import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { registeredAfChannel } from '../../app/channelDocs.js';
import type { PostReason } from '../../cases/channelView.js';
import type { AfSink } from '../../cases/dispatcher.js';
import type { ChannelSummary } from '../../engine/types.js';
import type { Store } from '../../store/store.js';
import type { TeamsAdapter } from './adapter.js';
import type { TeamsCaseCards } from './caseCards.js';

/** The platform's name: the prefix of its user keys and of its registered channel's document. */
export const TEAMS = 'teams';

/** What we keep about the registered channel: enough to start a thread there later. */
export interface TeamsChannelDoc {
  channelId: string;
  serviceUrl: string;
  tenantId?: string;
  registeredBy: string;
  registeredAt: string;
}

export class TeamsChannelSink implements AfSink {
  readonly name = TEAMS;

  constructor(private readonly deps: { adapter: TeamsAdapter; appId: string; store: Store; cards: TeamsCaseCards }) {}

  async ready(): Promise<boolean> {
    return (await registeredAfChannel<TeamsChannelDoc>(this.deps.store, TEAMS)) !== undefined;
  }

  async post(summary: ChannelSummary, reason: PostReason): Promise<void> {
    const { store, cards, adapter, appId } = this.deps;
    const channel = await registeredAfChannel<TeamsChannelDoc>(store, TEAMS);
    if (!channel) throw new Error('No Teams channel registered');
    const meta = (await store.getCase(summary.caseId))?.meta;
    // The shared version: the leads' clients fetch their own with the actions (refresh.userIds).
    const card = await cards.render(summary, meta, undefined, reason);
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    const thread = await adapter.createThread(appId, channel.serviceUrl, {
      isGroup: true,
      bot: { id: appId, name: 'Meldcode-assistent' },
      channelData: { channel: { id: channel.channelId } },
      // MessageFactory builds a Partial<Activity>; the connector fills in the rest.
      activity: activity as Activity,
      ...(channel.tenantId ? { tenantId: channel.tenantId } : {}),
    });
    // A new post of a case that was posted before (its status moved on): the earlier posts show it too.
    const earlier = await cards.hasPosts(summary.caseId);
    if (thread.activityId) {
      await cards.remember({ caseId: summary.caseId, conversationId: thread.conversationId, activityId: thread.activityId, serviceUrl: channel.serviceUrl, reason });
    }
    if (earlier) cards.schedule(summary.caseId);
  }
}
