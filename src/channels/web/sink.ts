/** The local web chat's aandachtsfunctionaris panel: posted summaries are kept in a small feed document. */
import { pushItems } from '../../app/channelDocs.js';
import type { PostReason } from '../../cases/channelView.js';
import type { AfSink } from '../../cases/dispatcher.js';
import type { ChannelSummary } from '../../engine/types.js';
import type { Store } from '../../store/store.js';

export const WEB_FEED_DOC = 'web-af-feed';
/** The panel shows the most recent posts; older ones stay in the case files. */
const FEED_MAX = 200;

export interface WebFeedItem {
  id: string;
  at: string;
  reason: PostReason;
  summary: ChannelSummary;
}

export class WebPanelSink implements AfSink {
  readonly name = 'web';
  private seq = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async ready(): Promise<boolean> {
    return true;
  }

  async post(summary: ChannelSummary, reason: PostReason): Promise<void> {
    const at = this.clock().toISOString();
    const item: WebFeedItem = { id: `${Date.parse(at).toString(36)}-${(this.seq++).toString(36)}`, at, reason, summary };
    await pushItems(this.store, WEB_FEED_DOC, [item], FEED_MAX, true);
  }
}
