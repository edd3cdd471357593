/** Posting case summaries to the Slack aandachtsfunctionaris channel. */
import type { WebClient } from '@slack/web-api';
import { channelMessage } from '../../../cards/blockkit.js';
import { loadProfile } from '../../store/profiles.js';
import { channelView, type PostReason } from '../../cases/channelView.js';
import type { AfSink } from '../../cases/dispatcher.js';
import type { Lang } from '../../domain/types.js';
import type { ChannelSummary } from '../../engine/types.js';
import type { Translator } from '../../i18n/index.js';
import type { Store } from '../../store/store.js';

export const SLACK_CHANNEL_DOC = 'slack-af-channel';

export interface SlackChannelDoc {
  channel: string;
  registeredBy: string;
  registeredAt: string;
}

export class SlackChannelSink implements AfSink {
  readonly name = 'slack';

  constructor(
    private readonly deps: { client: WebClient; store: Store; translator: Translator; orgLang: Lang; configuredChannel?: string },
  ) {}

  private async channel(): Promise<string | undefined> {
    // A channel registered with /meldcode kanaal wins over the configured default.
    return (await this.deps.store.getDoc<SlackChannelDoc>(SLACK_CHANNEL_DOC))?.channel ?? this.deps.configuredChannel;
  }

  async ready(): Promise<boolean> {
    return (await this.channel()) !== undefined;
  }

  async post(summary: ChannelSummary, reason: PostReason): Promise<void> {
    const channel = await this.channel();
    if (!channel) throw new Error('No Slack channel configured');
    const { store, translator, orgLang } = this.deps;
    const reporter = await loadProfile(store, summary.reporter);
    const meta = (await store.getCase(summary.caseId))?.meta;
    const m = channelMessage(summary, channelView(summary, { lang: orgLang, t: (l, k, p) => translator.t(l, k, p), reporterName: reporter.name, reason, claimed: meta }));
    await this.deps.client.chat.postMessage({ channel, text: m.text, blocks: m.blocks as never });
  }
}
