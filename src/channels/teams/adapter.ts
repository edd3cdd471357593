/** botbuilder's CloudAdapter with the standard Bot Framework authentication settings, and calm answers to refused requests. */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationParameters,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
// Not re-exported by botbuilder's index; the function CloudAdapter.process itself calls.
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator.js';
import type { Request, Response } from 'express';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { RefusalLog } from '../../app/channelDeps.js';
import type { TeamsConfig } from '../../config.js';
import { keptAliveAgents } from '../http.js';
import { KeptClients, ReusingConnectorFactory, appIdOf } from './clients.js';
import { requestOf } from './requestScope.js';

/** Overrides of the authentication settings (tests point the OpenID metadata at a local issuer). */
export type TeamsAuthOverrides = Partial<ConfigurationBotFrameworkAuthenticationOptions>;


/** jsonwebtoken's rejections of a token (bad signature, malformed, not yet valid, expired). */
const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/** Microsoft's OpenID metadata or signing keys could not be fetched: no token can be checked now. */
export class MetadataUnavailableError extends Error {
  readonly code = 'TEAMS_AUTH_METADATA_UNAVAILABLE';
}

function isMetadataFailure(err: unknown): boolean {
  // node-fetch's FetchError: the metadata or key endpoint unreachable, or its answer not JSON.
  if (err instanceof Error && err.name === 'FetchError') return true;
  // The SDK's own error for a non-2xx answer of those endpoints (botbuilder is frozen at 4.23, its messages with it).
  return err instanceof AuthenticationError && err.statusCode >= 500 && /^Failed to load (openID config|Keys)/.test(err.message);
}

/**
 * The SDK turns only its own AuthenticationError into 401; a token whose signature does not match
 * the published key (or that is malformed or not yet valid) fails inside jsonwebtoken and would
 * answer 500. Those are rejected tokens too: 401. A failing metadata fetch is no verdict on the
 * token at all: MetadataUnavailableError.
 *
 * A turn's connector and token clients are the ones kept from earlier turns (clients.ts); the
 * connector client posts the turn's replies directly (directSend.ts).
 */
export class ChannelAuthentication extends ConfigurationBotFrameworkAuthentication {
  readonly #connectors = new KeptClients<ConnectorClient>();
  readonly #agents = keptAliveAgents();
  readonly #tokenClients = new KeptClients<UserTokenClient>();

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.#authenticate(activity, authHeader);
    const made = result.connectorFactory;
    if (!made) return result;
    return { ...result, connectorFactory: new ReusingConnectorFactory(made, appIdOf(result.claimsIdentity), this.#connectors, this.#agents) };
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.#tokenClients.get(appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  async #authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      if (isMetadataFailure(err)) throw new MetadataUnavailableError('OpenID metadata unavailable', { cause: err });
      if (err instanceof Error && !(err instanceof AuthenticationError) && JWT_ERRORS.has(err.name)) {
        throw new AuthenticationError(`Unauthorized. ${err.message}`, StatusCodes.UNAUTHORIZED);
      }
      throw err;
    }
  }
}

/**
 * CloudAdapter.process answers a thrown error with console.error and its message (the upstream
 * error text for a failing metadata fetch, with status 500). Here every request ends in an answer
 * of our own and at most a throttled JSON log line.
 */
export class TeamsAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    private readonly refused: RefusalLog,
  ) {
    super(auth);
  }

  /**
   * What CloudAdapter.process does for a POST whose body is parsed, without its checks through zod
   * schemas that it builds anew for every request (a noticeable share of a turn's CPU): the router
   * has checked the activity already (endpoint.ts); the SDK's own plain check (no zod) turns its
   * timestamps into dates. The answer is the turn's invoke response, or 200.
   */
  async handle(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = validateAndFixActivity(req.body as Activity);
    const answer = await this.processActivity(req.headers.authorization ?? '', activity, logic);
    res.status(answer?.status ?? StatusCodes.OK);
    if (answer?.body) res.send(answer.body);
    res.end();
  }

  protected override async processActivity(
    auth: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    try {
      return typeof auth === 'string' ? await super.processActivity(auth, activity, logic) : await super.processActivity(auth, activity, logic);
    } catch (err) {
      return this.answer(err, requestOf(logic)?.source ?? 'unknown');
    }
  }

  /**
   * A new thread in a channel, like `createConversationAsync`, but returning the id of the posted
   * activity too (the SDK's callback only learns the conversation's id), so the post can be updated later.
   */
  async createThread(appId: string, serviceUrl: string, params: ConversationParameters): Promise<{ conversationId: string; activityId?: string }> {
    const identity = this.createClaimsIdentity(appId);
    identity.claims.push({ type: AuthenticationConstants.ServiceUrlClaim, value: serviceUrl });
    const client = await this.botFrameworkAuthentication.createConnectorFactory(identity).create(serviceUrl, '');
    withoutRetries(client);
    const created = await client.conversations.createConversation(params);
    return { conversationId: created.id, ...(created.activityId ? { activityId: created.activityId } : {}) };
  }

  private answer(err: unknown, source: string): InvokeResponse {
    if (err instanceof MetadataUnavailableError) {
      // One line a minute in all: the cause is upstream, not the sender.
      this.refused('teams.auth.unavailable', 'metadata', { code: err.code, status: 503 });
      return { status: 503, body: { error: 'authentication is temporarily unavailable, try again later' } };
    }
    if (err instanceof AuthenticationError) {
      this.refused('teams.auth.refused', source, { code: 'TEAMS_AUTH_REFUSED', status: StatusCodes.UNAUTHORIZED, source });
      // The SDK's reason (no header, bad signature, expired, other audience) helps whoever sets the bot up; it quotes nothing of the activity.
      return { status: StatusCodes.UNAUTHORIZED, body: err.message };
    }
    this.refused('teams.request.failed', source, { code: 'TEAMS_REQUEST_FAILED', status: 500, source, error: err instanceof Error ? err.name : typeof err });
    return { status: StatusCodes.INTERNAL_SERVER_ERROR, body: { error: 'internal error' } };
  }
}

/**
 * The connector client retries failed requests by itself (the Azure pipeline's retry policy: 5xx and
 * timeouts up to three times, 429 after its Retry-After), which would post a channel card twice after an
 * ambiguous 5xx and hide each failure from the outbox. botbuilder's compat layer ignores the client
 * option `noRetryPolicy`, so the policies of the pipeline's Retry phase are taken out here; the outbox
 * (cases/delivery.ts) decides about every retry.
 */
function withoutRetries(client: unknown): void {
  const pipeline = (client as { client?: { pipeline?: { removePolicy?: (o: { phase: 'Retry' }) => unknown } } }).client?.pipeline;
  pipeline?.removePolicy?.({ phase: 'Retry' });
}

export interface TeamsAdapterHooks {
  /** An error inside a turn (the detail for the log). */
  onTurnError(err: Error): void;
  /** The calm message the user gets after such an error (in the platform's locale, when it says one). */
  sayGenericError(err: Error, locale?: string): string;
  refused: RefusalLog;
}

export function createTeamsAdapter(cfg: TeamsConfig, hooks: TeamsAdapterHooks, authOverrides: TeamsAuthOverrides = {}): TeamsAdapter {
  const auth = new ChannelAuthentication({
    MicrosoftAppId: cfg.appId,
    MicrosoftAppPassword: cfg.appPassword,
    MicrosoftAppType: cfg.appType,
    MicrosoftAppTenantId: cfg.tenantId,
    ...authOverrides,
  });
  const adapter = new TeamsAdapter(auth, hooks.refused);
  adapter.onTurnError = async (ctx, err) => {
    // The detail goes to the log; the user gets a calm message and never a stack trace.
    hooks.onTurnError(err);
    try {
      await ctx.sendActivity(hooks.sayGenericError(err, ctx.activity.locale ?? undefined));
    } catch (sendErr) {
      hooks.onTurnError(sendErr instanceof Error ? sendErr : new Error(String(sendErr)));
    }
  };
  return adapter;
}
