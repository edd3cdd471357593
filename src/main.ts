/** Entry point (`npm start`): the HTTP server with the Teams endpoint and, without credentials, the local web chat. */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from './config.js';
import { ListenError, startServer } from './server.js';
import { StoreError } from './store/store.js';
import { SettingsError } from './org/settings.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  // --reseed-settings: the settings file replaces the settings in the store (see docs/settings.md).
  const running = await startServer(config, { reseedSettings: process.argv.slice(2).includes('--reseed-settings') });
  if (running.keyCreated) {
    process.stdout.write(`Nieuwe sleutel voor versleuteling van de gegevens aangemaakt: ${running.keyCreated} (bewaar hem buiten de gegevensmap; zonder sleutel zijn de gegevens onleesbaar).\n`);
  }
  if (config.localMode) {
    process.stdout.write(
      `Meldcode-assistent draait lokaal op ${running.url}/ (lokale modus: geen Microsoft-inloggegevens, dus alleen bereikbaar ` +
        `vanaf deze computer en zonder authenticatie op /api/messages). Gegevens: ${config.databaseUrl ? `PostgreSQL (schema ${config.databaseSchema})` : config.dataDir}\n`,
    );
  } else {
    process.stdout.write(`Meldcode-assistent luistert op ${running.url} (${served(config).join('; ')}).\n`);
  }
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** What this server serves with credentials: only those endpoints are named at start-up. */
function served(config: Config): string[] {
  const parts: string[] = [];
  if (config.teamsEnabled) parts.push('Teams-endpoint /api/messages met authenticatie');
  if (config.slack) parts.push(config.slack.signingSecret ? 'Slack-endpoint /slack/events met ondertekende verzoeken' : 'Slack via Socket Mode, zonder openbaar endpoint');
  return parts;
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof StoreError || err instanceof SettingsError || err instanceof ListenError;
  process.stderr.write(`Meldcode-assistent kon niet starten: ${known ? err.message : String(err)}\n`);
  process.exit(1);
});
