/**
 * Plays a reporter from the Adaptive Cards the server returns: finds the open question on the last
 * card (its promptId, buttons, choices and inputs) and builds the Action.Submit data a client would
 * send, along a fixed path through a whole case (the same path as `caseToDecision`). Used over the
 * web API and over Teams activities.
 */

type Json = Record<string, unknown>;

export interface CardQuestion {
  promptId: string;
  /** The dialogue node: the promptId without its "#<seq>". */
  node: string;
  /** Action.Submit data of answer buttons (one-click options, the submit and skip buttons). */
  buttons: { title: string; data: Json }[];
  /** Choices of an Input.ChoiceSet, if the question has one. */
  choices: { title: string; value: string }[];
  multi: boolean;
  /** Whether the card has an Input.Text (a free-text question). */
  text: boolean;
}

/** What to send for a question, and what the case log should then hold as `data.value`. */
export interface PlannedAnswer {
  node: string;
  promptId: string;
  /** The card submit: Action.Submit data merged with the card's inputs. */
  data: Json;
  /** The value the engine records: a string, a list for multi-select, null for a skipped text. */
  expected: string | string[] | null;
}

/** Answers (option values) along a whole case to a decision; text questions get a fresh text each time. */
export const CASE_PATH: Readonly<Record<string, string | readonly string[]>> = {
  menu: 'nieuw',
  hervat: 'verder',
  'ctx.acuut': 'nee',
  'ctx.sector': 'onderwijs',
  'ctx.betreft': 'thuis',
  'ctx.slachtoffer': 'kind',
  'ctx.client': 'kind',
  's1.leeftijd': '4-12',
  's1.vormen': ['lichamelijke-mishandeling'],
  's1.nieuwkomer': 'nee',
  's1.bron': ['eigen'],
  's1.interpretatie': '',
  's2.advies': 'gedaan',
  's2.wie': ['collega'],
  's3.keuze': 'voeren',
  's3.gevoerd': 'ja',
  's3.waar': 'organisatie',
  's3.luisteren': 'ja',
  's3.oplossingen': 'ja',
  's3.met': ['ouders'],
  's3.inbreng': '',
  'afw.steun': ['veilig-thuis'],
  'afw.q1': 'ja',
  'afw.q2': 'nee',
  'afw.q3': 'ja',
  'afw.q4': 'ja',
  'afw.q5': 'later',
  'afw.besluit': 'hulp',
  'afw.toelichting': '',
  'afw.informeren': 'ja',
};

function walk(node: unknown, visit: (n: Json) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  visit(node as Json);
  for (const v of Object.values(node as Json)) walk(v, visit);
}

/** The open question of the last card that has one (info cards carry no answer buttons). */
export function lastQuestion(cards: readonly unknown[]): CardQuestion | undefined {
  for (let i = cards.length - 1; i >= 0; i--) {
    const buttons: { title: string; data: Json }[] = [];
    const choices: { title: string; value: string }[] = [];
    let multi = false;
    let text = false;
    walk(cards[i], (n) => {
      if (n.type === 'Action.Submit') buttons.push({ title: String(n.title), data: (n.data ?? {}) as Json });
      if (n.type === 'Input.ChoiceSet') {
        choices.push(...(n.choices as { title: string; value: string }[]));
        multi = n.isMultiSelect === true;
      }
      if (n.type === 'Input.Text') text = true;
    });
    const answers = buttons.filter((b) => b.data.mc === 'answer');
    const promptId = answers[0]?.data.promptId;
    if (typeof promptId === 'string') {
      return { promptId, node: promptId.split('#')[0] ?? '', buttons: answers, choices, multi, text };
    }
  }
  return undefined;
}

/**
 * The next answer along {@link CASE_PATH}; a node not in the path gets its first option (or a
 * fresh text), so the walker keeps going wherever the dialogue leads.
 */
export function planAnswer(q: CardQuestion, freshText: () => string): PlannedAnswer {
  const want = CASE_PATH[q.node];
  const base = { node: q.node, promptId: q.promptId };
  const submit = q.buttons.find((b) => b.data.value === undefined)?.data ?? { mc: 'answer', promptId: q.promptId };
  if (q.text) {
    if (want === '') {
      const skip = q.buttons.find((b) => b.data.value === '');
      if (skip) return { ...base, data: skip.data, expected: null };
    }
    const text = freshText();
    return { ...base, data: { ...submit, answer: text }, expected: text };
  }
  if (q.choices.length > 0) {
    const values = q.choices.map((c) => c.value);
    if (q.multi) {
      const picked = Array.isArray(want) ? want.filter((v) => values.includes(v)) : [];
      const chosen = picked.length > 0 ? [...picked] : values.slice(0, 1);
      return { ...base, data: { ...submit, answer: chosen.join(',') }, expected: chosen };
    }
    const one = typeof want === 'string' && values.includes(want) ? want : (values[0] ?? '');
    return { ...base, data: { ...submit, answer: one }, expected: one };
  }
  const options = q.buttons.filter((b) => typeof b.data.value === 'string');
  const hit = typeof want === 'string' ? options.find((b) => b.data.value === want) : undefined;
  const chosen = hit ?? options[0];
  if (!chosen) throw new Error(`No way to answer ${q.promptId}`);
  return { ...base, data: chosen.data, expected: String(chosen.data.value) };
}

const WORDS = ['rood', 'blauw', 'groen', 'geel', 'paars', 'oranje', 'grijs', 'wit', 'zwart', 'roze'];

/** A fresh, unique observation text without digits or names (so the PII check does not ask again). */
export function observation(n: number, who: string): string {
  let s = '';
  let k = n;
  do {
    s += `${WORDS[k % 10] ?? ''} `;
    k = Math.floor(k / 10);
  } while (k > 0);
  return `Waarneming ${who} ${s.trim()}: een blauwe plek op de arm gezien.`;
}
