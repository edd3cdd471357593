/**
 * The terminal chat as a channel: a line in, text out, through the Gateway like every channel, so
 * lead commands (`open zaken`, `zaak MC-…`, `dossier MC-…`) and settings commands (`instellingen`)
 * work here for a user the settings make aandachtsfunctionaris or beheerder. src/cli.ts reads the
 * lines from the terminal; tests call {@link TerminalChat.line} directly.
 */
import { renderText } from '../../cards/text.js';
import { LEAD_PROMPT, LeadService } from '../cases/lead.js';
import type { Lang } from '../domain/types.js';
import type { Input, Prompt, QuestionPrompt } from '../engine/types.js';
import type { Translator } from '../i18n/index.js';
import { USER_KEY, type OrgSettings } from '../org/settings.js';
import type { SettingsHolder } from '../org/stored.js';
import type { Store } from '../store/store.js';
import { Gateway } from './gateway.js';
import { TurnProcessor } from './turns.js';

/** The terminal's user key when none is given: a `web:` key, as the settings accept (USER_KEY in src/org/settings.ts). */
export const TERMINAL_USER = 'web:terminal';

/** Whether `key` can be the terminal's user: a valid user key of the local kind (`web:<id>`). */
export function isTerminalUser(key: string): boolean {
  return USER_KEY.test(key) && key.startsWith('web:');
}

export interface TerminalDeps {
  store: Store;
  settings: SettingsHolder;
  translator: Translator;
  /** Who is typing: a `web:` user key ({@link TERMINAL_USER} by default). */
  userKey?: string;
  /** The language of a new user. */
  lang?: Lang;
  clock?: () => Date;
  /** Where dossier download links point (the server on the same data serves them). */
  baseUrl: string;
  log: (event: string, fields?: Record<string, unknown>) => void;
}

export class TerminalChat {
  readonly userKey: string;
  readonly gateway: Gateway;
  private readonly turns: TurnProcessor;
  /** The last lead question with options shown: a typed number answers it, as a button would. */
  private leadChoice: QuestionPrompt | undefined;

  constructor(private readonly deps: TerminalDeps) {
    this.userKey = deps.userKey ?? TERMINAL_USER;
    if (!isTerminalUser(this.userKey)) throw new Error(`The terminal chat's user must be a key like "web:<id>", not "${this.userKey}".`);
    const clock = deps.clock ?? (() => new Date());
    const settings = (): OrgSettings => deps.settings.get();
    this.turns = new TurnProcessor({ store: deps.store, translator: deps.translator, followUpDays: settings().reminders.followUpWeeks * 7, settings, clock, log: deps.log });
    const lead = new LeadService({
      store: deps.store,
      settings,
      translator: deps.translator,
      clock,
      forget: (userKey, caseId) => this.turns.forget(userKey, caseId),
      redactAnswers: (owner, caseId, text, marker) => this.turns.redactAnswers(owner, caseId, text, marker),
      baseUrl: () => deps.baseUrl,
      log: deps.log,
    });
    this.gateway = new Gateway({ turns: this.turns, lead, settings: deps.settings, store: deps.store, translator: deps.translator });
  }

  /** The first screen (the menu, or the question the user was at). */
  start(): Promise<string> {
    return this.send({ type: 'start' });
  }

  /** One typed line: "-" skips an optional text question; a number answers a lead question's options. */
  line(typed: string): Promise<string> {
    const text = typed.trim();
    return this.send(this.leadAnswer(text) ?? { type: 'text', text: text === '-' ? '' : text });
  }

  private leadAnswer(text: string): Input | undefined {
    const q = this.leadChoice;
    const n = /^\d{1,3}$/.test(text) ? Number(text) : 0;
    if (!q || n < 1 || !(q.kind === 'choice' || q.kind === 'yesno')) return undefined;
    const options = q.kind === 'choice' ? q.options : [{ value: 'ja' }, { value: 'nee' }, ...(q.extra ?? [])];
    const value = options[n - 1]?.value;
    return value === undefined ? undefined : { type: 'answer', promptId: q.promptId, value };
  }

  private async send(input: Input): Promise<string> {
    const { prompts, lang } = await this.gateway.handle(this.userKey, input, this.deps.lang);
    const lead = [...prompts].reverse().find((p): p is QuestionPrompt => 'promptId' in p);
    this.leadChoice = lead?.promptId.startsWith(LEAD_PROMPT) ? lead : undefined;
    return this.render(prompts, lang);
  }

  private render(prompts: readonly Prompt[], lang: Lang): string {
    const t = this.deps.translator;
    const labels = { earlierChoice: (label: string) => t.t(lang, 'card.earlierChoice', { label }), yourText: t.t(lang, 'card.yourText') };
    return prompts.map((p) => renderText(p, labels)).join('\n\n');
  }
}
