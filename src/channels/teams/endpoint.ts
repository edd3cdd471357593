/** POST /api/messages: which activities reach botbuilder, and how. */
import type { TurnContext } from 'botbuilder';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { RefusalLog } from '../../app/channelDeps.js';
import type { TeamsAdapter } from './adapter.js';
import type { MeldcodeTeamsBot } from './bot.js';
import { forRequest } from './requestScope.js';

export interface TeamsEndpointOptions {
  adapter: TeamsAdapter;
  bot: MeldcodeTeamsBot;
  /**
   * Only activities of the Microsoft Teams channel (with credentials). Bot Framework tokens of other
   * channels (Direct Line, Web Chat) are validly signed too, and there the sender chooses `from` and
   * `channelData` itself.
   */
  teamsOnly: boolean;
  refused: RefusalLog;
}

/** Fields a Bot Framework message activity needs before the SDK sees it. */
export function activityProblem(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'body must be a JSON activity';
  const a = body as Record<string, unknown>;
  // (An empty type would reach the SDK, which answers 400 but writes a warning outside the structured log.)
  if (typeof a.type !== 'string' || a.type === '') return 'activity.type missing';
  // Every activity needs an http(s) serviceUrl: the SDK throws on a non-string one (500), falls back to the
  // public Bot Framework endpoint for an empty one, and a message's answer could never be sent without one.
  if (typeof a.serviceUrl !== 'string' || a.serviceUrl === '') return 'activity.serviceUrl missing';
  if (!/^https?:\/\/[^\s/]/i.test(a.serviceUrl)) return 'activity.serviceUrl must be an http(s) URL';
  // The one invoke the bot handles: Universal Actions on its channel cards. Any other the SDK would answer
  // with 501 Not Implemented, and a malformed value makes it throw (500).
  if (a.type === 'invoke') {
    if (a.name !== 'adaptiveCard/action') return 'only adaptiveCard/action invokes are supported';
    const action = (a.value as { action?: unknown } | null | undefined)?.action as Record<string, unknown> | null | undefined;
    if (action === null || typeof action !== 'object' || action.type !== 'Action.Execute' || typeof action.verb !== 'string') {
      return 'invoke value.action must be an Action.Execute with a verb';
    }
  } else if (a.type !== 'message') return undefined;
  const from = a.from as Record<string, unknown> | undefined;
  const conv = a.conversation as Record<string, unknown> | undefined;
  if (!from || typeof from.id !== 'string' || from.id === '') return 'activity.from.id missing';
  if (!conv || typeof conv.id !== 'string' || conv.id === '') return 'activity.conversation.id missing';
  return undefined;
}

export function teamsEndpoint(opts: TeamsEndpointOptions): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const source = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (opts.teamsOnly && (req.body as { channelId?: unknown }).channelId !== 'msteams') {
      opts.refused('teams.channel.refused', source, { code: 'TEAMS_CHANNEL_REFUSED', status: 403, source });
      res.status(403).json({ error: 'only Microsoft Teams activities are accepted' });
      return;
    }
    await opts.adapter.handle(req, res, forRequest({ source }, (ctx: TurnContext) => opts.bot.run(ctx)));
  };
}

/** The router with the endpoint: the body parsed and checked before the SDK sees it. */
export function teamsRouter(opts: TeamsEndpointOptions): Router {
  const router = express.Router();
  const teams = teamsEndpoint(opts);
  router.post('/api/messages', express.json({ limit: '512kb' }), (req: Request, res: Response, next: NextFunction) => {
    const problem = activityProblem(req.body);
    if (problem) {
      const source = req.ip ?? 'unknown';
      opts.refused('teams.activity.rejected', source, { problem, source });
      res.status(400).json({ error: problem });
      return;
    }
    teams(req, res).catch(next);
  });
  return router;
}
