/** The Teams channel: botbuilder's CloudAdapter at POST /api/messages, the channel sink and proactive messages. */
import { langFromLocale } from '../../i18n/index.js';
import { isStoreOutage } from '../../store/store.js';
import type { Channel, ChannelContext } from '../port.js';
import { createTeamsAdapter, type TeamsAuthOverrides } from './adapter.js';
import { MeldcodeTeamsBot } from './bot.js';
import { TeamsCaseCards } from './caseCards.js';
import { teamsRouter } from './endpoint.js';
import { TeamsUserChannel } from './notify.js';
import { teamsPictureMode } from './pictures.js';
import { TEAMS, TeamsChannelSink } from './sink.js';

export function teamsChannel(ctx: ChannelContext): Channel | undefined {
  const { config, translator, orgLang, log, refused } = ctx;
  if (!config.teamsEnabled) return undefined;
  const appId = config.teams.appId;
  const adapter = createTeamsAdapter(
    config.teams,
    {
      // The SDK's message can quote activity content: log only what kind of error it was.
      onTurnError: (err) => log('teams.turn.error', { error: err.name }),
      sayGenericError: (err, locale) => translator.t(locale ? langFromLocale(locale) : orgLang, isStoreOutage(err) ? 'error.storeUnavailable' : 'error.generic'),
      refused,
    },
    ctx.options.authOverrides as TeamsAuthOverrides | undefined,
  );
  const cards = new TeamsCaseCards({ adapter, appId, store: ctx.store, actions: ctx.actions, lead: ctx.lead, translator, orgLang, log });
  // Every claim and status change, from any channel or the lead's chat, redraws the case's posts.
  ctx.lead.onChange(async (caseId) => cards.schedule(caseId));
  // Card images by our served URL where a Teams client can load it, else as their text (pictures.ts).
  const pictureMode = teamsPictureMode(config);
  const bot = new MeldcodeTeamsBot({ ...ctx, adminIds: config.adminIds, allowedTenants: config.allowedTenants, requireEntraId: !config.localMode, cards, pictureMode });
  return {
    name: TEAMS,
    // Local mode serves the Emulator ("emulator") and the Agents Playground ("msteams") without authentication:
    // there a channel check would protect nothing. With credentials only Teams itself is served.
    router: teamsRouter({ adapter, bot, teamsOnly: !config.localMode, refused }),
    sink: new TeamsChannelSink({ adapter, appId, store: ctx.store, cards, log }),
    users: new TeamsUserChannel({ adapter, appId, store: ctx.store, translator, pictureMode }),
    idle: () => cards.idle(),
  };
}
