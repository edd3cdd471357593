/** Posting case summaries to the Slack aandachtsfunctionaris channel. */
import type { WebClient } from '@slack/web-api';
import { channelMessage } from '../../../cards/blockkit.js';
import { registeredAfChannel } from '../../app/channelDocs.js';
import type { LeadActions } from '../../app/leadActions.js';
import type { PostReason } from '../../cases/channelView.js';
import type { AfSink } from '../../cases/dispatcher.js';
import type { ChannelSummary } from '../../engine/types.js';
import type { Store } from '../../store/store.js';
import { knownBlocks, SLACK } from './common.js';

export interface SlackChannelDoc {
  channel: string;
  registeredBy: string;
  registeredAt: string;
}

export class SlackChannelSink implements AfSink {
  readonly name = SLACK;

  constructor(private readonly deps: { client: WebClient; store: Store; actions: LeadActions; configuredChannel?: string }) {}

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
    const card = await this.deps.actions.card(summary, reason);
    const m = channelMessage(card.summary, card.view);
    await this.deps.client.chat.postMessage({ channel, text: m.text, blocks: knownBlocks(m.blocks) });
  }
}
