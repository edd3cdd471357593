/**
 * Every reply the engine can give, found by driving it breadth-first from a fresh start. Shared by the
 * renderer tests (Adaptive Cards, Block Kit) so that each renderer is checked over the same corpus:
 * every node, every prompt kind and tone, error replies, and the long "my open cases" list.
 */
import type { Lang } from '../../src/domain/types.js';
import type { EngineContext, Input, Prompt, QuestionPrompt, UserState } from '../../src/engine/types.js';
import type { Translator } from '../../src/i18n/index.js';
import { Conversation, PLAN_TO_STAP4, translator, type Plan } from './conversation.js';

/** Markdown and mention attacks a Teams user could type. */
export const HOSTILE: readonly string[] = [
  '**bold**',
  '[click](http://evil)',
  '<at>Everyone</at>',
  '![img](http://x/y.png)',
  '- item',
  '1. x',
  '`code`',
  '<script>alert(1)</script>',
  '_italic_ ~~strike~~',
  '\\*still bold\\*',
  '&lt;at&gt;Team&lt;/at&gt;',
  '> quote',
  '# heading',
  '2) second',
  '[x]: http://evil',
  'a\r\n* star item\n+ plus item',
];

/** Slack mrkdwn attacks: broadcasts, mentions, channel links, disguised links, pre-escaped entities. */
export const SLACK_HOSTILE: readonly string[] = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123>',
  '<!subteam^S123>',
  '<#C123>',
  '<http://evil.example|Klik hier>',
  '&lt;!channel&gt;',
  '*bold* _x_ ~s~',
  '@channel',
];

/**
 * What the explorer types into free-text questions (cut to the question's maxLength). The Teams attacks
 * come first, so that even the shortest field (100 characters) carries some of them back.
 */
export const HOSTILE_TEXT = [...HOSTILE, ...SLACK_HOSTILE].join(' ');

/** One reply of the engine, with how it was reached and the state it left. */
export interface CorpusReply {
  lang: Lang;
  /** What was done to get this reply, for failure messages. */
  via: string;
  prompts: Prompt[];
  /** State after the reply: where a click on one of its buttons lands. */
  state: UserState;
}

let caseSeq = 0;
/** A Conversation whose case ids stay unique across branches cloned from each other. */
class Explorer extends Conversation {
  override ctx(): EngineContext {
    return {
      ...super.ctx(),
      newCase: () => {
        caseSeq += 1;
        return { id: `x${caseSeq}`, ref: `MC-X${caseSeq}` };
      },
    };
  }
}

/** A conversation continuing from `state` (the engine never mutates the state it is given). */
export function fork(tr: Translator, state: UserState): Conversation {
  const c = new Explorer(tr, state.lang);
  c.state = state;
  return c;
}

/** The question a reply ends with: the one its buttons answer. */
export const currentQuestion = (prompts: Prompt[]): QuestionPrompt | undefined =>
  [...prompts].reverse().find((p): p is QuestionPrompt => 'promptId' in p);

type Move = { via: string; input: Input };

/**
 * What a user can do at `q`: every option, a normal and a hostile text, every nav button. With
 * `mistakes`, also what goes wrong: typed garbage, an empty or too long text, a stale click, help.
 */
function movesAt(q: QuestionPrompt | undefined, mistakes: boolean): Move[] {
  if (!q) return [{ via: 'start', input: { type: 'start' } }];
  const answer = (value: string | string[]): Input => ({ type: 'answer', promptId: q.promptId, value });
  const moves: Move[] = [];
  switch (q.kind) {
    case 'choice':
      q.options.forEach((o) => moves.push({ via: `pick ${o.value}`, input: answer(o.value) }));
      break;
    case 'yesno':
      ['ja', 'nee', ...(q.extra ?? []).map((o) => o.value)].forEach((v) => moves.push({ via: `pick ${v}`, input: answer(v) }));
      break;
    case 'multi':
      moves.push({ via: 'none', input: answer([]) }, { via: 'all', input: answer(q.options.map((o) => o.value)) });
      q.options.forEach((o) => moves.push({ via: `tick ${o.value}`, input: answer([o.value]) }));
      break;
    case 'text':
      moves.push({ via: 'hostile text', input: answer(HOSTILE_TEXT.slice(0, q.maxLength)) });
      if (mistakes) moves.push({ via: 'empty', input: answer('') }, { via: 'tooLong', input: answer('x'.repeat(q.maxLength + 1)) });
      break;
  }
  q.nav.forEach((n) => moves.push({ via: `nav ${n.command}`, input: { type: 'command', command: n.command, promptId: q.promptId } }));
  if (mistakes) {
    if (q.kind !== 'text') moves.push({ via: 'typed garbage', input: { type: 'text', text: 'xyzzy' } });
    moves.push(
      { via: 'help', input: { type: 'command', command: 'help' } },
      { via: 'stale', input: { type: 'answer', promptId: 'menu#0', value: 'nieuw' } },
    );
  }
  return moves;
}

/**
 * Breadth-first over the engine from a fresh start in `lang`: every move at every node, explored from
 * the first state that reaches the node (with and without open cases). Mistakes are tried once per
 * kind of question: their replies differ only in the question re-asked, which other moves cover.
 */
function explore(tr: Translator, lang: Lang): CorpusReply[] {
  const replies: CorpusReply[] = [];
  const start = new Explorer(tr, lang).start();
  replies.push({ lang, via: 'start', prompts: start.prompts, state: start.state });
  const queue: CorpusReply[] = [replies[0] as CorpusReply];
  const visited = new Set<string>();
  const mistaken = new Set<string>();
  while (queue.length > 0) {
    const { state, prompts } = queue.shift() as CorpusReply;
    const q = state.promptId ? currentQuestion(prompts) : undefined;
    const kind = `${state.lang}:${q?.kind}:${q?.kind === 'text' && q.optional}`;
    for (const move of movesAt(q, !mistaken.has(kind))) {
      const c = fork(tr, state).send(move.input);
      const reply: CorpusReply = { lang, via: `${q?.promptId ?? 'idle'} → ${move.via}`, prompts: c.prompts, state: c.state };
      replies.push(reply);
      // The adult route passes the same nodes with other options: explored apart from the child route.
      const work = c.state.cursor?.caseId ? c.state.cases[c.state.cursor.caseId] : undefined;
      const adult = work?.answers.slachtoffer === 'volwassene';
      const key = `${c.state.lang}:${c.state.cursor?.node ?? 'idle'}:${Object.keys(c.state.cases).length > 0}:${adult}`;
      if (!visited.has(key)) {
        visited.add(key);
        queue.push(reply);
      }
    }
    mistaken.add(kind);
  }
  return replies;
}

/** A user who saved seven cases for later and opens "my open cases": a choice with more than six options. */
function manyOpenCases(tr: Translator, lang: Lang): CorpusReply {
  const c = new Explorer(tr, lang).start();
  for (let i = 0; i < 7; i++) {
    if (c.node() === 'hervat') c.answer('menu');
    c.answer('nieuw').click('later').start();
  }
  if (c.node() !== 'hervat') throw new Error(`expected the resume question after saving cases, got ${c.node()}`);
  c.answer('mijn');
  return { lang, via: 'seven open cases → mijn', prompts: c.prompts, state: c.state };
}

/** The scheduled follow-up of a help decision (reached from the scheduler, not by clicking) and its answers. */
function followUps(tr: Translator, lang: Lang): CorpusReply[] {
  const summary = { caseId: 'c-followup', ref: 'MC-FU0001', sector: 'zorg' as const, route: 'meldcode' as const, step: 5, urgency: 'normaal' as const, outcome: 'hulp', reporter: 'test:user-1' };
  const out: CorpusReply[] = [];
  for (const value of ['ja', 'nee', 'later']) {
    const c = new Explorer(tr, lang);
    c.send({ type: 'followup', summary });
    out.push({ lang, via: 'follow-up', prompts: c.prompts, state: c.state });
    c.answer(value);
    out.push({ lang, via: `follow-up → ${value}`, prompts: c.prompts, state: c.state });
  }
  return out;
}

/** Answers by node for {@link routeReplies}: a whole case with the choices each route needs. */
const BASE_PLAN: Plan = {
  ...PLAN_TO_STAP4,
  'afw.q1': 'ja',
  'afw.q2': 'ja',
  'afw.besluit': 'afsluiten',
  'afw.afwijking': 'Besproken met de aandachtsfunctionaris.',
  'kc.kinderen': 'nee',
  'kc.mantelzorg': 'ja',
  'afw.gebonden': 'correctie',
  'afw.correctie': 'Per ongeluk gekozen.',
};

/**
 * Nodes the breadth-first search reaches only along one particular route (a deviation from the advice,
 * the bound advice after a disclosure, the adult route in health care): played to the end, every reply kept.
 */
function routeReplies(tr: Translator, lang: Lang): CorpusReply[] {
  const routes: { via: string; plan: Plan }[] = [
    { via: 'deviation', plan: BASE_PLAN },
    { via: 'disclosure bound', plan: { ...BASE_PLAN, 's1.bron': ['kind'] } },
    { via: 'adult in health care', plan: { ...BASE_PLAN, 'ctx.sector': 'zorg', 'ctx.slachtoffer': 'volwassene', 's1.vormen': ['partnergeweld'] } },
    // Doctors who did not consult both a colleague and Veilig Thuis are asked why (KNMG 2023).
    { via: 'doctor without both consultations', plan: { ...BASE_PLAN, 'ctx.sector': 'artsen', 's2.wie': ['af'], 's2.knmgReden': 'Veilig Thuis was niet bereikbaar.' } },
  ];
  const out: CorpusReply[] = [];
  for (const { via, plan } of routes) {
    const c = new Explorer(tr, lang).start();
    for (let turn = 0; turn < 60 && c.state.promptId; turn++) {
      const value = plan[c.node()];
      if (value === undefined) break;
      c.answer(value);
      out.push({ lang, via: `${via} → ${c.node()}`, prompts: c.prompts, state: c.state });
    }
  }
  return out;
}

const cache = new Map<Lang, CorpusReply[]>();

/**
 * Every reply the engine can produce in `lang`, in the order found: the exploration (including error
 * replies to stale clicks, too long or empty texts and typed garbage) plus the seven-open-cases list.
 * Computed once per language per test file; callers must not mutate the replies.
 */
export async function collectReplies(lang: Lang): Promise<CorpusReply[]> {
  const cached = cache.get(lang);
  if (cached) return cached;
  const tr = await translator();
  const replies = [...explore(tr, lang), manyOpenCases(tr, lang), ...followUps(tr, lang), ...routeReplies(tr, lang)];
  cache.set(lang, replies);
  return replies;
}
