/**
 * Terminal chat (`npm run chat`): the assistant in the terminal, on the same data and start-up as the
 * server (src/app/boot.ts), through the same Gateway as every channel (src/app/terminal.ts). Who is
 * typing: `--user web:<id>` (default web:terminal); lead and settings commands work for a key the
 * settings name as aandachtsfunctionaris or beheerder.
 */
import readline from 'node:readline';
import { openData, readConfig, startFailure } from './app/boot.js';
import { isTerminalUser, TerminalChat, TERMINAL_USER } from './app/terminal.js';
import { ConfigError } from './config.js';
import { createTranslator } from './i18n/index.js';
import { createLogger } from './log.js';
import { StoreError } from './store/store.js';

/** The value of `--user <key>` (or `--user=<key>`) among the arguments. */
function userArg(args: readonly string[]): string | undefined {
  const at = args.findIndex((a) => a === '--user' || a.startsWith('--user='));
  if (at < 0) return undefined;
  const arg = args[at] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[at + 1] ?? '');
}

async function main(): Promise<void> {
  const config = readConfig();
  const userKey = userArg(process.argv.slice(2)) ?? TERMINAL_USER;
  if (!isTerminalUser(userKey)) throw new ConfigError(`--user must be a user key like "web:<id>" (letters, digits, ":._-"), not "${userKey}".`);
  // Store warnings go to stderr as JSON lines, apart from the conversation on stdout.
  // Warnings go to stderr as JSON lines (redacted like the server's), apart from the conversation on stdout.
  const log = createLogger({ fd: 2 });
  const data = await openData(config, { log });
  if (data.keyCreated) process.stdout.write(`Nieuwe sleutel voor versleuteling van de gegevens: ${data.keyCreated}\n`);
  const chat = new TerminalChat({
    store: data.store,
    settings: data.settings,
    translator: await createTranslator(),
    userKey,
    lang: config.defaultLang,
    baseUrl: config.publicUrl ?? `http://${config.host}:${config.port}`,
    // Not the line every turn writes: it would run through the conversation on the screen.
    log: (event, fields) => (event === 'turn' ? undefined : log(event, fields)),
  });

  process.stdout.write(
    `Meldcode-assistent (lokaal, als ${userKey}). Gegevens: ${config.databaseUrl ? `PostgreSQL (schema ${config.databaseSchema})` : config.dataDir}\nTyp 'help' voor hulp, Ctrl+D om te stoppen.\n\n`,
  );
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  const show = async (turn: () => Promise<string>): Promise<void> => {
    try {
      process.stdout.write(`\n${await turn()}\n\n`);
    } catch (err) {
      // The user sees a calm message; the detail goes to stderr for whoever runs the process.
      process.stdout.write('\nEr ging iets mis bij het opslaan. Je laatste antwoord is niet verwerkt; probeer het opnieuw.\n\n');
      process.stderr.write(`${err instanceof StoreError ? `[${err.code}] ${err.message}` : String(err)}\n`);
    }
    rl.prompt();
  };
  // Take the iterator before the first await so that piped-in lines are buffered, not dropped.
  const lines = rl[Symbol.asyncIterator]();
  await show(() => chat.start());
  for await (const line of { [Symbol.asyncIterator]: () => lines }) await show(() => chat.line(line));
  await data.store.close();
}

main().catch((err: unknown) => {
  process.stderr.write(startFailure(err));
  process.exit(1);
});
