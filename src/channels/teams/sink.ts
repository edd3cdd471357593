/** Posting case summaries to the registered Teams channel, as a new thread per notice. */
import { CardFactory, MessageFactory, type Activity, type CloudAdapter } from 'botbuilder';
import { channelCard } from '../../../cards/channel.js';
import { loadProfile } from '../../store/profiles.js';
import { channelView, type PostReason } from '../../cases/channelView.js';
import type { AfSink } from '../../cases/dispatcher.js';
import type { Lang } from '../../domain/types.js';
import type { ChannelSummary } from '../../engine/types.js';
import type { Translator } from '../../i18n/index.js';
import type { Store } from '../../store/store.js';

export const TEAMS_CHANNEL_DOC = 'teams-af-channel';

/** What we keep about the registered channel: enough to start a thread there later. */
export interface TeamsChannelDoc {
  channelId: string;
  serviceUrl: string;
  tenantId?: string;
  registeredBy: string;
  registeredAt: string;
}

export class TeamsChannelSink implements AfSink {
  readonly name = 'teams';

  constructor(
    private readonly deps: { adapter: CloudAdapter; appId: string; store: Store; translator: Translator; orgLang: Lang },
  ) {}

  async ready(): Promise<boolean> {
    return (await this.deps.store.getDoc<TeamsChannelDoc>(TEAMS_CHANNEL_DOC)) !== undefined;
  }

  async post(summary: ChannelSummary, reason: PostReason): Promise<void> {
    const { store, translator, orgLang, adapter, appId } = this.deps;
    const channel = await store.getDoc<TeamsChannelDoc>(TEAMS_CHANNEL_DOC);
    if (!channel) throw new Error('No Teams channel registered');
    const reporter = await loadProfile(store, summary.reporter);
    const meta = (await store.getCase(summary.caseId))?.meta;
    const card = channelCard(summary, channelView(summary, { lang: orgLang, t: (l, k, p) => translator.t(l, k, p), reporterName: reporter.name, reason, claimed: meta }));
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
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
