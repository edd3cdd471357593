/** Entry point (`npm start`): the HTTP server with the Teams endpoint and, without credentials, the local web chat. */
import { keyCreatedNotice, openData, readConfig, startFailure } from './app/boot.js';
import type { Config } from './config.js';
import { createLogger } from './log.js';
import { ListenError, startServer } from './server.js';

async function main(): Promise<void> {
  const config = readConfig();
  // The start-up shared with the terminal chat (src/app/boot.ts): key, store and settings.
  // --reseed-settings: the settings file replaces the settings in the store (see docs/settings.md).
  const log = createLogger();
  // The full check of the data runs once the server listens (its integrity sweep, src/app/sweep.ts).
  const data = await openData(config, { log, reseedSettings: process.argv.slice(2).includes('--reseed-settings'), check: 'serve' });
  if (data.keyCreated) process.stdout.write(keyCreatedNotice(data.keyCreated));
  const running = await startServer(config, { store: data.store, log }).catch(async (err: unknown) => {
    await data.store.close();
    throw err;
  });
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
  process.stderr.write(startFailure(err, [ListenError]));
  process.exit(1);
});
