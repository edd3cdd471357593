/**
 * The bot taken out of the aandachtsfunctionaris channel: the app uninstalled from its team
 * (`installationUpdate` remove), the bot removed from the team (`conversationUpdate` with the bot in
 * membersRemoved), the channel deleted (`channelDeleted`) or the whole team (`teamDeleted`,
 * `teamHardDeleted`). The registration is cleared (with when and why), the leads and beheerders are told
 * in their personal chat, and posts wait in the outbox until a channel is registered again, which also
 * gives back the dead letters of the gone channel.
 */
import type { Activity, TeamsActivityHandler, TurnContext } from 'botbuilder';
import type { RemovalReason } from '../../app/alerts.js';
import type { ChannelDeps } from '../../app/channelDeps.js';
import { clearAfChannel, registeredAfChannel } from '../../app/channelDocs.js';
import { TEAMS, type TeamsChannelDoc } from './sink.js';

type LifecycleDeps = Pick<ChannelDeps, 'store' | 'alerts' | 'clock' | 'log'> & {
  /** Whether the activity comes from a tenant the bot serves (the same check as for messages). */
  accept(activity: Partial<Activity>): boolean;
};

function teamOf(a: Partial<Activity>): string | undefined {
  const team = (a.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
  return typeof team === 'string' && team !== '' ? team : undefined;
}

/** Whether the activity concerns the team of the registered channel. */
function inRegisteredTeam(doc: TeamsChannelDoc, a: Partial<Activity>): boolean {
  const team = teamOf(a);
  if (team === undefined) return false;
  // A registration from before the team was kept: a team's id is the id of its General channel.
  return doc.teamId !== undefined ? team === doc.teamId : team === doc.channelId;
}

async function cleared(deps: LifecycleDeps, ctx: TurnContext, reason: RemovalReason, concerns: (doc: TeamsChannelDoc) => boolean): Promise<void> {
  if (!deps.accept(ctx.activity)) return;
  const doc = await registeredAfChannel<TeamsChannelDoc>(deps.store, TEAMS);
  if (!doc || !concerns(doc)) return;
  // Only the instance that clears it tells (Teams may send more than one of these events for one removal).
  if (!(await clearAfChannel(deps.store, TEAMS, reason, deps.clock()))) return;
  deps.log('teams.channel.removed', { reason });
  await deps.alerts.channelRemoved(TEAMS, reason);
}

export function handleLifecycle(bot: TeamsActivityHandler, deps: LifecycleDeps): void {
  bot.onInstallationUpdateRemove(async (ctx, next) => {
    await cleared(deps, ctx, 'app-removed', (doc) => inRegisteredTeam(doc, ctx.activity));
    await next();
  });
  bot.onMembersRemoved(async (ctx, next) => {
    const botId = ctx.activity.recipient?.id;
    const botRemoved = botId !== undefined && (ctx.activity.membersRemoved ?? []).some((m) => m.id === botId);
    if (botRemoved) await cleared(deps, ctx, 'bot-removed', (doc) => inRegisteredTeam(doc, ctx.activity));
    await next();
  });
  bot.onTeamsChannelDeletedEvent(async (channel, _team, ctx, next) => {
    await cleared(deps, ctx, 'channel-deleted', (doc) => channel.id === doc.channelId);
    await next();
  });
  // The whole team deleted: its channels go with it.
  const teamDeleted = async (ctx: TurnContext, next: () => Promise<void>) => {
    await cleared(deps, ctx, 'team-deleted', (doc) => inRegisteredTeam(doc, ctx.activity));
    await next();
  };
  bot.onTeamsTeamDeletedEvent(async (_team, ctx, next) => teamDeleted(ctx, next));
  bot.onTeamsTeamHardDeletedEvent(async (_team, ctx, next) => teamDeleted(ctx, next));
}
