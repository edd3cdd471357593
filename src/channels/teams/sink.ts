/**
 * Posting case summaries to the registered Teams channel, as a new thread per notice. A failure is
 * classified (cases/delivery.ts) from the Bot Connector's answer; the connector client does not retry by
 * itself (adapter.ts), so each failure is seen here. A bot cannot read a channel's history, so an
 * ambiguous failure cannot be checked: the sink has no `confirm`, and the dispatcher reports it as unsure.
 */
import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { registeredAfChannel } from '../../app/channelDocs.js';
import type { PostReason } from '../../cases/channelView.js';
import { asDeliveryError, classifyStatus, parseRetryAfter, type DeliveryError } from '../../cases/delivery.js';
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
  /** The team the channel is in (registrations from before it was kept lack it). */
  teamId?: string;
  serviceUrl: string;
  tenantId?: string;
  registeredBy: string;
  registeredAt: string;
}

export class TeamsChannelSink implements AfSink {
  readonly name = TEAMS;

  constructor(private readonly deps: { adapter: TeamsAdapter; appId: string; store: Store; cards: TeamsCaseCards; log?: (event: string, fields?: Record<string, unknown>) => void }) {}

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
    let thread: { conversationId: string; activityId?: string };
    try {
      thread = await adapter.createThread(appId, channel.serviceUrl, {
        isGroup: true,
        bot: { id: appId, name: 'Meldcode-assistent' },
        channelData: { channel: { id: channel.channelId } },
        // MessageFactory builds a Partial<Activity>; the connector fills in the rest.
        activity: activity as Activity,
        ...(channel.tenantId ? { tenantId: channel.tenantId } : {}),
      });
    } catch (err) {
      throw teamsFailure(err);
    }
    // Posted: what follows is our own bookkeeping, and its failure must not make the post count as failed (and be made twice).
    try {
      // A new post of a case that was posted before (its status moved on): the earlier posts show it too.
      const earlier = await cards.hasPosts(summary.caseId);
      if (thread.activityId) {
        await cards.remember({ caseId: summary.caseId, conversationId: thread.conversationId, activityId: thread.activityId, serviceUrl: channel.serviceUrl, reason });
      }
      if (earlier) cards.schedule(summary.caseId);
    } catch (err) {
      this.deps.log?.('teams.card.updateFailed', { error: err instanceof Error ? err.name : typeof err });
    }
  }
}

/** A header of the failed HTTP answer, whichever shape the connector's error carries it in. */
function header(err: unknown, name: string): string | undefined {
  const headers = (err as { response?: { headers?: unknown } } | undefined)?.response?.headers;
  if (!headers || typeof headers !== 'object') return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') return (get as (n: string) => string | undefined).call(headers, name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The Bot Connector's answer as a classified failure: 429 with Retry-After, 403 (the bot removed from the
 * team, blocked by the user) and 404 (conversation or channel not found) permanent, 5xx ambiguous; a
 * network error by its code.
 */
export function teamsFailure(err: unknown): DeliveryError {
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400) return classifyStatus(status, parseRetryAfter(header(err, 'retry-after')), err);
  return asDeliveryError(err);
}
