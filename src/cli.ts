/**
 * Terminal chat (npm run chat): a local chat in the terminal, on the lowdb store (or PostgreSQL when
 * DATABASE_URL is set), with no accounts needed.
 * (The Teams bot, Slack app and browser chat mount on the same TurnProcessor.)
 */
import { existsSync } from 'node:fs';
import readline from 'node:readline';
import { renderText } from '../cards/text.js';
import { resolveKey } from './app/keys.js';
import { TurnProcessor } from './app/turns.js';
import { ConfigError, loadConfig } from './config.js';
import type { Input } from './engine/types.js';
import { createTranslator } from './i18n/index.js';
import { createLogger } from './log.js';
import { loadSettingsFile, SettingsError } from './org/settings.js';
import { StoredSettings } from './org/stored.js';
import { openStore, storedDataAt } from './store/index.js';
import { StoreError } from './store/store.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const key = await resolveKey(config.encryption, () => storedDataAt(config));
  if (key.created) process.stdout.write(`Nieuwe sleutel voor versleuteling van de gegevens: ${key.created}\n`);
  // Store warnings go to stderr as JSON lines, apart from the conversation on stdout.
  const log = createLogger({ fd: 2 });
  const store = await openStore(config, key.cipher, { log });
  // The same settings as the server's: the store's, seeded from the file on a first start.
  const settings = await StoredSettings.open(store, { seed: await loadSettingsFile(config.settingsFile), log });
  const translator = await createTranslator();
  const turns = new TurnProcessor({ store, translator, followUpDays: settings.get().reminders.followUpWeeks * 7, settings: () => settings.get() });
  const user = 'cli:local';

  process.stdout.write(`Meldcode-assistent (lokaal). Gegevens: ${config.databaseUrl ? `PostgreSQL (schema ${config.databaseSchema})` : config.dataDir}\nTyp 'help' voor hulp, Ctrl+D om te stoppen.\n\n`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  const send = async (input: Input): Promise<void> => {
    try {
      await settings.refresh();
      const { prompts, lang } = await turns.handle(user, input, config.defaultLang);
      const labels = { earlierChoice: (label: string) => translator.t(lang, 'card.earlierChoice', { label }), yourText: translator.t(lang, 'card.yourText') };
      process.stdout.write(`\n${prompts.map((p) => renderText(p, labels)).join('\n\n')}\n\n`);
    } catch (err) {
      // The user sees a calm message; the detail goes to stderr for whoever runs the process.
      process.stdout.write('\nEr ging iets mis bij het opslaan. Je laatste antwoord is niet verwerkt; probeer het opnieuw.\n\n');
      process.stderr.write(`${err instanceof StoreError ? `[${err.code}] ${err.message}` : String(err)}\n`);
    }
    rl.prompt();
  };
  // Take the iterator before the first await so that piped-in lines are buffered, not dropped.
  const lines = rl[Symbol.asyncIterator]();
  await send({ type: 'start' });
  for await (const line of { [Symbol.asyncIterator]: () => lines }) {
    const text = line.trim();
    // "-" skips an optional text question.
    await send(text === '-' ? { type: 'text', text: '' } : { type: 'text', text });
  }
  await store.close();
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof StoreError || err instanceof SettingsError;
  process.stderr.write(`Meldcode-assistent kon niet starten: ${known ? err.message : String(err)}\n`);
  process.exit(1);
});
