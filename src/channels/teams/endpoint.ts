/** POST /api/messages after the body is parsed and checked: which activities reach botbuilder, and how. */
import type { CloudAdapter } from 'botbuilder';
import type { Request, Response } from 'express';
import type { RefusalLog } from './adapter.js';
import type { MeldcodeTeamsBot } from './bot.js';
import { inRequestScope, outsideRequestScope } from './requestScope.js';

export interface TeamsEndpointOptions {
  adapter: CloudAdapter;
  bot: MeldcodeTeamsBot;
  /**
   * Only activities of the Microsoft Teams channel (with credentials). Bot Framework tokens of other
   * channels (Direct Line, Web Chat) are validly signed too, and there the sender chooses `from` and
   * `channelData` itself.
   */
  teamsOnly: boolean;
  refused: RefusalLog;
}

export function teamsEndpoint(opts: TeamsEndpointOptions): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const source = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (opts.teamsOnly && (req.body as { channelId?: unknown }).channelId !== 'msteams') {
      opts.refused('teams.channel.refused', source, { code: 'TEAMS_CHANNEL_REFUSED', status: 403, source });
      res.status(403).json({ error: 'only Microsoft Teams activities are accepted' });
      return;
    }
    await inRequestScope({ source }, () => opts.adapter.process(req, res, (ctx) => outsideRequestScope(() => opts.bot.run(ctx))));
  };
}
