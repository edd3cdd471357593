/** Posting case summaries to the registered Teams channel, as a new thread per notice. */
import { CardFactory, MessageFactory, type Activity, type CloudAdapter } from 'botbuilder';
import { channelCard } from '../../../cards/channel.js';
import { registeredAfChannel } from '../../app/channelDocs.js';
import type { LeadActions } from '../../app/leadActions.js';
import type { PostReason } from '../../cases/channelView.js';
import type { AfSink } from '../../cases/dispatcher.js';
import type { ChannelSummary } from '../../engine/types.js';
import type { Store } from '../../store/store.js';

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

  constructor(private readonly deps: { adapter: CloudAdapter; appId: string; store: Store; actions: LeadActions }) {}

  async ready(): Promise<boolean> {
    return (await registeredAfChannel<TeamsChannelDoc>(this.deps.store, TEAMS)) !== undefined;
  }

  async post(summary: ChannelSummary, reason: PostReason): Promise<void> {
    const { store, actions, adapter, appId } = this.deps;
    const channel = await registeredAfChannel<TeamsChannelDoc>(store, TEAMS);
    if (!channel) throw new Error('No Teams channel registered');
    const card = await actions.card(summary, reason);
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(channelCard(card.summary, card.view)));
    await adapter.createConversationAsync(
      appId,
      'msteams',
      channel.serviceUrl,
      // Audience: the default Bot Framework scope applies when empty.
      '',
      {
        isGroup: true,
        bot: { id: appId, name: 'Meldcode-assistent' },
        channelData: { channel: { id: channel.channelId } },
        // MessageFactory builds a Partial<Activity>; the connector fills in the rest.
        activity: activity as Activity,
        ...(channel.tenantId ? { tenantId: channel.tenantId } : {}),
      },
      async () => undefined,
    );
  }
}
