/**
 * The Slack app uninstalled (`app_uninstalled`) or its tokens revoked (`tokens_revoked`): Slack can no
 * longer be reached at all. The registered channel is cleared and the app marked revoked (the sink then
 * reports not ready, so posts wait in the outbox); an error line goes to the log and, since no Slack
 * message can reach anyone now, the notice goes to the leads on other platforms and the web panel. A
 * channel registered again (after a new installation) lifts the mark and gets the waiting posts.
 */
import type { App } from '@slack/bolt';
import type { RemovalReason } from '../../app/alerts.js';
import type { ChannelDeps } from '../../app/channelDeps.js';
import { clearAfChannel } from '../../app/channelDocs.js';
import type { Store } from '../../store/store.js';
import { SLACK } from './common.js';

/** Set while the app has no access (uninstalled, tokens revoked); removed when a channel is registered again. */
const REVOKED_DOC = 'slack-revoked';

interface Revoked {
  reason: RemovalReason;
  at: string;
}

export async function isRevoked(store: Store): Promise<boolean> {
  return (await store.getDoc<Revoked>(REVOKED_DOC)) !== undefined;
}

/** A new registration: the app is installed and usable again. */
export async function clearRevoked(store: Store): Promise<void> {
  await store.deleteDoc(REVOKED_DOC);
}

type LifecycleDeps = Pick<ChannelDeps, 'store' | 'alerts' | 'clock' | 'log'>;

async function revoked(deps: LifecycleDeps, reason: RemovalReason): Promise<void> {
  // Slack sends tokens_revoked and app_uninstalled together on an uninstall: tell once.
  const { changed } = await deps.store.modifyDoc<Revoked>(REVOKED_DOC, (current) => current ?? { reason, at: deps.clock().toISOString() });
  await clearAfChannel(deps.store, SLACK, reason, deps.clock());
  if (!changed) return;
  deps.log('slack.app.revoked', { reason });
  await deps.alerts.channelRemoved(SLACK, reason);
}

export function handleLifecycle(app: App, deps: LifecycleDeps): void {
  app.event('app_uninstalled', async () => revoked(deps, 'app-uninstalled'));
  // Only the bot's own token matters here: a user's revoked token (user OAuth) does not stop the posts.
  app.event('tokens_revoked', async ({ event }) => {
    if ((event.tokens.bot ?? []).length > 0) await revoked(deps, 'tokens-revoked');
  });
}
