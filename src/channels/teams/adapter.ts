/** botbuilder's CloudAdapter with the standard Bot Framework authentication settings. */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { TeamsConfig } from '../../config.js';

/** Overrides of the authentication settings (tests point the OpenID metadata at a local issuer). */
export type TeamsAuthOverrides = Partial<ConfigurationBotFrameworkAuthenticationOptions>;

export function createTeamsAdapter(
  cfg: TeamsConfig,
  onError: (err: Error) => void,
  sayGenericError: () => string,
  authOverrides: TeamsAuthOverrides = {},
): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
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
