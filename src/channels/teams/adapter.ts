/** botbuilder's CloudAdapter with the standard Bot Framework authentication settings. */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, StatusCodes, type Activity, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { TeamsConfig } from '../../config.js';

/** Overrides of the authentication settings (tests point the OpenID metadata at a local issuer). */
export type TeamsAuthOverrides = Partial<ConfigurationBotFrameworkAuthenticationOptions>;

/** jsonwebtoken's rejections of a token (bad signature, malformed, not yet valid, expired). */
const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * The SDK turns only its own AuthenticationError into 401; a token whose signature does not match
 * the published key (or that is malformed or not yet valid) fails inside jsonwebtoken and would
 * answer 500. Those are rejected tokens too: 401.
 */
class ChannelAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      if (err instanceof Error && !(err instanceof AuthenticationError) && JWT_ERRORS.has(err.name)) {
        throw new AuthenticationError(`Unauthorized. ${err.message}`, StatusCodes.UNAUTHORIZED);
      }
      throw err;
    }
  }
}

export function createTeamsAdapter(
  cfg: TeamsConfig,
  onError: (err: Error) => void,
  sayGenericError: () => string,
  authOverrides: TeamsAuthOverrides = {},
): CloudAdapter {
  const auth = new ChannelAuthentication({
    MicrosoftAppId: cfg.appId,
    MicrosoftAppPassword: cfg.appPassword,
    MicrosoftAppType: cfg.appType,
    MicrosoftAppTenantId: cfg.tenantId,
    ...authOverrides,
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (ctx, err) => {
    // The detail goes to the log; the user gets a calm message and never a stack trace.
    onError(err);
    try {
      await ctx.sendActivity(sayGenericError());
    } catch (sendErr) {
      onError(sendErr instanceof Error ? sendErr : new Error(String(sendErr)));
    }
  };
  return adapter;
}
