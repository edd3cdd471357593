/** Drives the pure engine turn by turn, like a user would, for unit and transcript tests. */
import { FLOWS } from '../../dialogs/index.js';
import { step, initialState } from '../../src/engine/engine.js';
import type { Command, Effect, EngineContext, Input, Prompt, QuestionPrompt, UserState } from '../../src/engine/types.js';
import { createTranslator, type Translator } from '../../src/i18n/index.js';
import type { Lang } from '../../src/domain/types.js';

let shared: Translator | undefined;
export async function translator(): Promise<Translator> {
  shared ??= await createTranslator({ strict: true });
  return shared;
}

export class Conversation {
  state: UserState;
  prompts: Prompt[] = [];
  effects: Effect[] = [];
  /** Every effect of every turn, in order. */
  allEffects: Effect[] = [];
  private clock = Date.parse('2026-11-22T09:00:00Z');
  private caseNo = 0;

  constructor(
    private readonly tr: Translator,
    lang: Lang = 'nl',
    readonly userId = 'test:user-1',
  ) {
    this.state = initialState(lang, FLOWS.version);
  }

  ctx(): EngineContext {
    return {
      now: new Date(this.clock).toISOString(),
      userId: this.userId,
      newCase: () => {
        this.caseNo += 1;
        return { id: `case${this.caseNo}`, ref: `MC-TEST${this.caseNo}` };
      },
      t: (lang, key, params) => this.tr.t(lang, key, params),
      followUpDays: 42,
    };
  }

  send(input: Input): this {
    this.clock += 60_000;
    const r = step(FLOWS, this.state, input, this.ctx());
    this.state = r.state;
    this.prompts = r.prompts;
    this.effects = r.effects;
    this.allEffects.push(...r.effects);
    return this;
  }

  start(): this {
    return this.send({ type: 'start' });
  }
  say(text: string): this {
    return this.send({ type: 'text', text });
  }
  /** Answers the question currently on screen. */
  answer(value: string | string[]): this {
    return this.send({ type: 'answer', promptId: this.question().promptId, value });
  }
  /** Picks the option whose label contains `label` (case-insensitive). */
  pick(label: string): this {
    const q = this.question();
    if (q.kind === 'yesno') {
      const v = [{ value: 'ja', label: q.yesLabel }, { value: 'nee', label: q.noLabel }, ...(q.extra ?? [])].find((o) =>
        o.label.toLowerCase().includes(label.toLowerCase()),
      );
      if (!v) throw new Error(`No option "${label}" in ${q.promptId}`);
      return this.answer(v.value);
    }
    if (q.kind !== 'choice' && q.kind !== 'multi') throw new Error(`Not a choice: ${q.promptId}`);
    const o = q.options.find((x) => x.label.toLowerCase().includes(label.toLowerCase()));
    if (!o) throw new Error(`No option "${label}" in ${q.promptId}: ${q.options.map((x) => x.label).join(' | ')}`);
    return this.answer(q.kind === 'multi' ? [o.value] : o.value);
  }
  /** Skips an optional text question. */
  skip(): this {
    return this.answer('');
  }
  click(command: Command): this {
    return this.send({ type: 'command', command, promptId: this.state.promptId });
  }

  /** The question at the end of the last reply. */
  question(): QuestionPrompt {
    const q = [...this.prompts].reverse().find((p): p is QuestionPrompt => 'promptId' in p);
    if (!q) throw new Error(`No question in last reply: ${JSON.stringify(this.prompts)}`);
    return q;
  }
  node(): string {
    return this.question().promptId.split('#')[0] ?? '';
  }
  /** All text of the last reply, for assertions on content. */
  text(): string {
    return JSON.stringify(this.prompts);
  }
  infos(): Extract<Prompt, { kind: 'info' }>[] {
    return this.prompts.filter((p): p is Extract<Prompt, { kind: 'info' }> => p.kind === 'info');
  }
  effectsOf<T extends Effect['type']>(type: T): Extract<Effect, { type: T }>[] {
    return this.allEffects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
  }
}

export async function conversation(lang: Lang = 'nl'): Promise<Conversation> {
  return new Conversation(await translator(), lang);
}

/** Answers along the usual path from the menu to stap 2, by node: [node asked, answer]. */
export const PATH_TO_STAP2: readonly [string, string | string[]][] = [
  ['menu', 'nieuw'],
  ['ctx.acuut', 'nee'],
  ['ctx.sector', 'onderwijs'],
  ['ctx.betreft', 'thuis'],
  ['ctx.slachtoffer', 'kind'],
  ['ctx.client', 'kind'],
  ['s1.leeftijd', '4-12'],
  ['s1.vormen', ['lichamelijke-mishandeling']],
  ['s1.nieuwkomer', 'nee'],
  ['s1.signalen', []],
  ['s1.feiten', 'Maandag een blauwe plek op de arm gezien.'],
  ['s1.bron', ['eigen']],
  ['s1.interpretatie', ''],
  ['s2.advies', 'gedaan'],
  ['s2.wie', ['collega']],
  ['s2.wanneer', 'vandaag'],
  ['s2.uitkomst', 'afwegen'],
];

/** A new conversation (Dutch unless `lang`), played along {@link PATH_TO_STAP2} until `node` is asked. */
export async function conversationAt(node: string, lang: Lang = 'nl'): Promise<Conversation> {
  const c = await conversation(lang);
  c.start();
  for (const [expected, value] of PATH_TO_STAP2) {
    if (c.node() === node) return c;
    if (c.node() !== expected) throw new Error(`expected ${expected} on the way to ${node}, got ${c.node()}`);
    c.answer(value);
  }
  if (c.node() !== node) throw new Error(`did not reach ${node}`);
  return c;
}

/** Answers by node: what a user answers at each question a whole case passes. */
export type Plan = Record<string, string | string[]>;

/** A child case without anything alarming, from the menu to afweging 1 (context, stap 1, 2 and 3). */
export const PLAN_TO_STAP4: Readonly<Plan> = {
  menu: 'nieuw',
  'ctx.acuut': 'nee',
  'ctx.sector': 'onderwijs',
  'ctx.betreft': 'thuis',
  'ctx.slachtoffer': 'kind',
  'ctx.client': 'kind',
  's1.leeftijd': '4-12',
  's1.vormen': ['lichamelijke-mishandeling'],
  's1.nieuwkomer': 'nee',
  's1.signalen': [],
  's1.feiten': 'Een blauwe plek op de arm gezien.',
  's1.bron': ['eigen'],
  's1.interpretatie': '',
  's2.advies': 'gedaan',
  's2.wie': ['collega'],
  's2.wanneer': 'dinsdag',
  's2.uitkomst': 'afwegen',
  's3.keuze': 'voeren',
  's3.gevoerd': 'ja',
  's3.waar': 'organisatie',
  's3.luisteren': 'ja',
  's3.oplossingen': 'ja',
  's3.met': ['ouders'],
  's3.reactie': 'reactie',
  's3.inbreng': '',
  'afw.steun': [],
  acuut: 'verder',
};
