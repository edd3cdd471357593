/**
 * The afwegingskader (stap 4/5) against meldcode-facts §1a, written out here independently of
 * dialogs/afwegingskader.ts, and driven end to end through the engine.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { adviceFor, decisionActions, nextAfweging, type AfwegingQuestion } from '../../dialogs/afwegingskader.js';
import { CONTACT_PARAMS } from '../../src/domain/contacts.js';
import type { LogEntry } from '../../src/cases/types.js';
import type { Answers, CaseWork } from '../../src/engine/types.js';
import { conversation, translator, type Conversation } from '../helpers/conversation.js';
import type { Translator } from '../../src/i18n/index.js';

// ---- meldcode-facts §1a, as a table ------------------------------------------------------

type Advice = 'afsluiten' | 'melden-samen-met-vt' | 'melden' | 'hulp' | 'hulp-volgen' | 'opnieuw-melden';
type Branch = { goTo: number } | { advice: Advice };

/** Row n = afweging n; columns = the answer. Straight from the table in §1a. */
const TABLE: Record<number, Record<string, Branch>> = {
  1: { nee: { advice: 'afsluiten' }, ja: { goTo: 2 } },
  2: { nee: { goTo: 3 }, ja: { advice: 'melden-samen-met-vt' } },
  3: { nee: { advice: 'melden' }, ja: { goTo: 4 } },
  4: { nee: { advice: 'melden' }, ja: { goTo: 5 } },
  // "Later" = not yet known whether the help leads to lasting safety: help with agreements, ask 5 again.
  5: { nee: { advice: 'opnieuw-melden' }, ja: { advice: 'hulp' }, later: { advice: 'hulp-volgen' } },
};

type Given = Partial<Record<AfwegingQuestion, string>>;

/** What §1a says should happen next for these answers. */
function expectedNext(given: Given): { ask: AfwegingQuestion } | { advice: Advice } {
  let q = 1;
  for (;;) {
    const key = `afweging${q}` as AfwegingQuestion;
    const answer = given[key];
    if (answer === undefined) return { ask: key };
    const branch = TABLE[q]?.[answer];
    if (!branch) throw new Error(`No branch for ${key}=${answer}`);
    if ('advice' in branch) return { advice: branch.advice };
    q = branch.goTo;
  }
}

/** Every combination: each of q1..q4 unanswered/ja/nee, q5 unanswered/ja/nee/later (holes included). */
function allCombinations(): Given[] {
  const options: Record<AfwegingQuestion, (string | undefined)[]> = {
    afweging1: [undefined, 'ja', 'nee'],
    afweging2: [undefined, 'ja', 'nee'],
    afweging3: [undefined, 'ja', 'nee'],
    afweging4: [undefined, 'ja', 'nee'],
    afweging5: [undefined, 'ja', 'nee', 'later'],
  };
  let out: Given[] = [{}];
  for (const q of Object.keys(options) as AfwegingQuestion[]) {
    out = out.flatMap((g) => options[q].map((v) => (v === undefined ? { ...g } : { ...g, [q]: v })));
  }
  return out;
}

/** Answer sequences in question order (partial ones too): what a user can actually click through. */
function allSequences(): string[][] {
  const out: string[][] = [[]];
  const grow = (seq: string[]) => {
    if (seq.length === 5) return;
    const values = seq.length === 4 ? ['ja', 'nee', 'later'] : ['ja', 'nee'];
    for (const v of values) {
      const next = [...seq, v];
      out.push(next);
      grow(next);
    }
  };
  grow([]);
  return out;
}

const toGiven = (seq: string[]): Given => Object.fromEntries(seq.map((v, i) => [`afweging${i + 1}`, v]));

describe('nextAfweging follows the §1a table', () => {
  it('agrees with the table for every combination of answers, unanswered questions included', () => {
    // Arrange
    const combos = allCombinations();
    // Act
    const wrong = combos.filter((g) => JSON.stringify(nextAfweging(g)) !== JSON.stringify(expectedNext(g)));
    // Assert
    expect(combos).toHaveLength(3 * 3 * 3 * 3 * 4);
    expect(wrong).toEqual([]);
  });

  it('agrees with the table for every answer sequence in question order, partial ones included', () => {
    const sequences = allSequences();
    const wrong = sequences.filter((s) => JSON.stringify(nextAfweging(toGiven(s))) !== JSON.stringify(expectedNext(toGiven(s))));
    expect(sequences).toHaveLength(1 + 2 + 4 + 8 + 16 + 48);
    expect(wrong).toEqual([]);
  });

  it.each<[string, Advice, string[]]>([
    ['1 nee', 'afsluiten', ['nee']],
    ['2 ja', 'melden-samen-met-vt', ['ja', 'ja']],
    ['3 nee', 'melden', ['ja', 'nee', 'nee']],
    ['4 nee', 'melden', ['ja', 'nee', 'ja', 'nee']],
    ['5 nee', 'opnieuw-melden', ['ja', 'nee', 'ja', 'ja', 'nee']],
    ['5 ja', 'hulp', ['ja', 'nee', 'ja', 'ja', 'ja']],
    ['5 later', 'hulp-volgen', ['ja', 'nee', 'ja', 'ja', 'later']],
  ])('ends after %s with advice %s', (_name, advice, seq) => {
    expect(nextAfweging(toGiven(seq))).toEqual({ advice });
  });

  it('asks the next question of the table while the branching has not ended', () => {
    expect(nextAfweging({})).toEqual({ ask: 'afweging1' });
    expect(nextAfweging({ afweging1: 'ja' })).toEqual({ ask: 'afweging2' });
    expect(nextAfweging({ afweging1: 'ja', afweging2: 'nee' })).toEqual({ ask: 'afweging3' });
    expect(nextAfweging({ afweging1: 'ja', afweging2: 'nee', afweging3: 'ja' })).toEqual({ ask: 'afweging4' });
    expect(nextAfweging({ afweging1: 'ja', afweging2: 'nee', afweging3: 'ja', afweging4: 'ja' })).toEqual({ ask: 'afweging5' });
  });

  it('ignores answers to questions after the branching has ended', () => {
    expect(nextAfweging({ afweging1: 'nee', afweging2: 'ja', afweging3: 'nee' })).toEqual({ advice: 'afsluiten' });
    expect(nextAfweging({ afweging1: 'ja', afweging2: 'ja', afweging3: 'nee', afweging5: 'ja' })).toEqual({ advice: 'melden-samen-met-vt' });
  });
});

describe('adviceFor', () => {
  it('gives the table advice for every combination, and nothing while a question is still open', () => {
    const wrong = allCombinations().filter((g) => {
      const e = expectedNext(g);
      return adviceFor(g as Answers) !== ('advice' in e ? e.advice : undefined);
    });
    expect(wrong).toEqual([]);
  });

  it('looks only at the afweging answers, not at other fields or non-text values', () => {
    expect(adviceFor({ sector: 'onderwijs', advies: 'hulp', afweging1: 'ja' })).toBeUndefined();
    expect(adviceFor({ afweging1: ['nee'] })).toBeUndefined();
    expect(adviceFor({ afweging1: 'ja', afweging2: undefined, afweging3: 'nee' })).toBeUndefined();
  });
});

describe('decisionActions', () => {
  const DECISIONS = ['melden', 'hulp', 'melden-hulp', 'afsluiten'] as const;
  const Q5 = [undefined, 'ja', 'nee', 'later'] as const;
  const cases = DECISIONS.flatMap((besluit) => Q5.map((q5) => [besluit, q5] as const));

  it.each(cases)('for decision %s with afweging 5 = %s schedules a follow-up only for help with 5 still open', (besluit, q5) => {
    // Arrange
    const helps = besluit === 'hulp' || besluit === 'melden-hulp';
    const open = q5 !== 'ja' && q5 !== 'nee';
    // Act
    const actions = decisionActions(besluit, { afweging5: q5 });
    // Assert
    expect(actions.filter((a) => a.kind === 'followUp')).toHaveLength(helps && open ? 1 : 0);
    expect(actions[actions.length - 1]).toEqual({
      kind: 'finish',
      status: besluit === 'afsluiten' ? 'gesloten' : 'besluit',
      outcome: besluit,
      post: true,
    });
  });
});

// ---- through the engine ---------------------------------------------------------------------

const PATH_TO_STAP4 = [
  'menu',
  'ctx.acuut',
  'ctx.sector',
  'ctx.betreft',
  'ctx.slachtoffer',
  'ctx.client',
  's1.leeftijd',
  's1.vormen',
  's1.nieuwkomer',
  's1.signalen',
  's1.feiten',
  's1.bron',
  's1.interpretatie',
  's2.advies',
  's2.wie',
  's2.wanneer',
  's2.uitkomst',
  's3.keuze',
  's3.gevoerd',
  's3.waar',
  's3.luisteren',
  's3.oplossingen',
  's3.met',
  's3.reactie',
  's3.inbreng',
  'afw.steun',
  'afw.q1',
];

interface Stap4Options {
  sector?: string;
  forms?: string[];
}

/** Drives a new conversation to afweging 1; returns the node asked after every turn. */
function toStap4(c: Conversation, opts: Stap4Options = {}): string[] {
  const seen: string[] = [];
  const moves: ((c: Conversation) => unknown)[] = [
    (x) => x.say('hallo'),
    (x) => x.pick('zorgen over een kind'),
    (x) => x.pick('Nee'),
    (x) => x.pick(opts.sector ?? 'Onderwijs'),
    (x) => x.pick('thuissituatie'),
    (x) => x.pick('Een kind'),
    (x) => x.pick('Met het kind'),
    (x) => x.pick('4 tot 12'),
    (x) => x.answer(opts.forms ?? ['lichamelijke-mishandeling']),
    (x) => x.pick('Nee'),
    (x) => x.answer([]),
    (x) => x.say('Maandag 9 november een blauwe plek op de bovenarm gezien.'),
    (x) => x.answer(['eigen']),
    (x) => x.skip(),
    (x) => x.pick('vastleggen'),
    (x) => x.answer(['collega']),
    (x) => x.say('vandaag'),
    (x) => x.say('advies: afwegen'),
    (x) => x.pick('voer'),
    (x) => x.pick('Ja'),
    (x) => x.pick('bij mijn organisatie'),
    (x) => x.answer('ja'),
    (x) => x.answer('ja'),
    (x) => x.answer(['ouders']),
    (x) => x.say('reactie'),
    (x) => x.skip(),
    (x) => x.answer([]),
  ];
  for (const move of moves) {
    move(c);
    seen.push(c.node());
  }
  return seen;
}

function onlyCase(c: Conversation): CaseWork {
  const all = Object.values(c.state.cases);
  if (all.length !== 1) throw new Error(`expected one open case, got ${all.length}`);
  return all[0] as CaseWork;
}

function logged(c: Conversation): LogEntry[] {
  return c.effectsOf('case.log').flatMap((e) => e.entries);
}

interface EndPath {
  advice: Advice;
  answers: string[];
  asked: string[];
}

const END_PATHS: EndPath[] = [
  { advice: 'afsluiten', answers: ['nee'], asked: ['afw.q1'] },
  { advice: 'melden-samen-met-vt', answers: ['ja', 'ja'], asked: ['afw.q1', 'afw.q2'] },
  { advice: 'melden', answers: ['ja', 'nee', 'nee'], asked: ['afw.q1', 'afw.q2', 'afw.q3'] },
  { advice: 'melden', answers: ['ja', 'nee', 'ja', 'nee'], asked: ['afw.q1', 'afw.q2', 'afw.q3', 'afw.q4'] },
  { advice: 'opnieuw-melden', answers: ['ja', 'nee', 'ja', 'ja', 'nee'], asked: ['afw.q1', 'afw.q2', 'afw.q3', 'afw.q4', 'afw.q5'] },
  { advice: 'hulp', answers: ['ja', 'nee', 'ja', 'ja', 'ja'], asked: ['afw.q1', 'afw.q2', 'afw.q3', 'afw.q4', 'afw.q5'] },
  { advice: 'hulp-volgen', answers: ['ja', 'nee', 'ja', 'ja', 'later'], asked: ['afw.q1', 'afw.q2', 'afw.q3', 'afw.q4', 'afw.q5'] },
];

const ALL_ADVICE: Advice[] = ['afsluiten', 'melden-samen-met-vt', 'melden', 'hulp', 'hulp-volgen', 'opnieuw-melden'];

/** Answers the afweging questions; returns the node asked before each answer. */
function weigh(c: Conversation, answers: string[]): string[] {
  const asked: string[] = [];
  for (const a of answers) {
    asked.push(c.node());
    c.answer(a);
  }
  return asked;
}

let tr: Translator;
beforeAll(async () => {
  tr = await translator();
});

describe('the toStap4 helper', () => {
  it('walks context, stap 1, 2 and 3 and arrives at afweging 1', async () => {
    // Arrange
    const c = await conversation('nl');
    // Act
    const seen = toStap4(c);
    // Assert
    expect(seen).toEqual(PATH_TO_STAP4);
    expect(onlyCase(c).answers).toMatchObject({
      acuutCheck: 'nee',
      sector: 'onderwijs',
      betreft: 'thuis',
      client: 'kind',
      leeftijd: '4-12',
      vormen: ['lichamelijke-mishandeling'],
      bron: ['eigen'],
      overlegKeuze: 'gedaan',
      gesprekGevoerd: 'ja',
      gesprekReactie: 'reactie',
    });
  });

  it('shows the afwegingskader introduction with the sector note at afweging 1', async () => {
    const c = await conversation('nl');
    toStap4(c);
    const intro = c.infos().find((p) => p.title === 'Het afwegingskader');
    expect(intro?.text).toContain('vijf vragen');
    expect(intro?.text).toContain('afwegingskader voor het onderwijs');
    expect(c.question().position?.label).toBe('Stap 4 van 5 — Wegen');
  });
});

describe('stap 4 through the engine', () => {
  it.each(END_PATHS.map((p) => [p.advice, p.answers.join(' → '), p] as const))(
    'advice %s (answers %s): asks the right questions, shows the advice and says the decision is the professional’s',
    async (advice, _answers, path) => {
      // Arrange
      const c = await conversation('nl');
      toStap4(c);
      // Act
      const asked = weigh(c, path.answers);
      // Assert
      expect(asked).toEqual(path.asked);
      expect(c.node()).toBe('afw.besluit');
      const shown = c.infos().find((p) => p.title === tr.t('nl', 'afw.advies.title'));
      expect(shown).toBeDefined();
      expect(shown?.text).toContain(tr.t('nl', `afw.advies.${advice}`, { ...CONTACT_PARAMS }));
      for (const other of ALL_ADVICE.filter((a) => a !== advice)) {
        expect(shown?.text).not.toContain(tr.t('nl', `afw.advies.${other}`, { ...CONTACT_PARAMS }));
      }
      expect(shown?.text).toContain('Het besluit neem jij, als professional');
      expect(onlyCase(c).answers.advies).toBe(advice);
      expect(logged(c).filter((e) => e.type === 'weighing' && e.data.advies !== undefined)).toEqual([
        expect.objectContaining({ type: 'weighing', data: { advies: advice, vraag: `afweging${path.answers.length}` }, step: 4 }),
      ]);
      // A melden advice names the question that led there.
      if (advice === 'melden' || advice === 'melden-samen-met-vt') {
        expect(shown?.text).toContain(tr.t('nl', `afw.adviesReden.afweging${path.answers.length}`));
      }
      if (advice === 'opnieuw-melden') expect(shown?.text).toContain('hulp kan daarnaast doorgaan');
      expect(c.question().position?.label).toBe('Stap 5 van 5 — Beslissen');
    },
  );

  const DECISIONS = ['melden', 'hulp', 'melden-hulp', 'afsluiten'] as const;
  const combos = END_PATHS.flatMap((p) => DECISIONS.map((d) => [p.advice, p.answers.length, d, p] as const));

  /** Independently of the code: a decision departs when it gives less than the advice (§1a; melden never departs). */
  const departs = (advice: Advice, besluit: string): boolean =>
    ['melden-samen-met-vt', 'melden', 'opnieuw-melden'].includes(advice) ? besluit === 'hulp' || besluit === 'afsluiten' : ['hulp', 'hulp-volgen'].includes(advice) && besluit === 'afsluiten';

  it.each(combos)('after advice %s (%i answers), decision %s records the right status, post, deviation and follow-up', async (advice, _n, besluit, path) => {
    // Arrange
    const c = await conversation('nl');
    toStap4(c);
    weigh(c, path.answers);
    const caseId = onlyCase(c).id;
    const q5 = path.answers[4];
    const melden = besluit === 'melden' || besluit === 'melden-hulp';
    const deviation = departs(advice, besluit);
    const expectFollowUp = !melden && besluit === 'hulp' && q5 !== 'ja' && q5 !== 'nee';
    // Act
    c.answer(besluit);
    if (deviation) {
      // A reason is required: an empty answer is refused and the question stays.
      expect(c.node()).toBe('afw.afwijking');
      c.answer('');
      expect(c.node()).toBe('afw.afwijking');
      expect(c.infos().some((p) => p.tone === 'error')).toBe(true);
      c.say('Besproken met de aandachtsfunctionaris.');
    } else {
      expect(c.node()).toBe('afw.toelichting');
      c.skip();
    }
    // Assert
    const status = besluit === 'afsluiten' ? 'gesloten' : 'besluit';
    expect(c.effects).toContainEqual({
      type: 'case.update',
      caseId,
      patch: expect.objectContaining({ status, outcome: besluit, ...(deviation ? { deviation: true } : {}) }),
    });
    if (!deviation) expect(c.effectsOf('case.update').some((e) => e.patch.deviation === true)).toBe(false);
    const posts = c.effectsOf('af.post');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ summary: { caseId, outcome: besluit, route: 'meldcode' } });
    expect(posts[0]?.summary.deviation === true).toBe(deviation);
    expect(logged(c).filter((e) => e.type === 'deviation')).toHaveLength(deviation ? 1 : 0);
    expect(c.prompts.some((p) => p.kind === 'summary')).toBe(true);
    expect(logged(c)).toContainEqual(expect.objectContaining({ type: 'status', data: { status, outcome: besluit } }));
    if (melden) {
      // The melding is followed through: the case stays open, the lead hears "melding nog niet gedaan".
      expect(posts[0]).toMatchObject({ reason: 'besluit-melden', summary: { status: 'besluit' } });
      expect(c.node()).toBe('afw.informeren');
      expect(c.state.cases[caseId]).toBeDefined();
      expect(c.effectsOf('followup.schedule')).toHaveLength(0);
      c.pick('Ja');
      expect(c.node()).toBe('mld.gedaan');
      return;
    }
    expect(posts[0]).toMatchObject({ reason: 'afronding' });
    const followUps = c.effectsOf('followup.schedule');
    expect(followUps).toHaveLength(expectFollowUp ? 1 : 0);
    if (expectFollowUp) {
      const due = new Date(Date.parse(c.ctx().now) + 42 * 86_400_000).toISOString();
      expect(followUps[0]).toEqual({ type: 'followup.schedule', caseId, kind: 'afweging5', dueAt: due });
    }
    expect(c.state.cases[caseId]).toBeUndefined();
    expect(c.node()).toBe('menu');
  });

  it('asks why the parents are not informed before a report, and records it', async () => {
    const c = await conversation('nl');
    toStap4(c);
    weigh(c, ['ja', 'ja']);
    c.answer('melden').skip();
    c.pick('Nee');
    expect(c.node()).toBe('afw.nietInformerenGrond');
    c.answer('contact');
    expect(c.node()).toBe('afw.nietInformeren');
    c.say('Het gezin verbreekt dan het contact.');
    expect(c.node()).toBe('mld.gedaan');
    expect(logged(c)).toContainEqual(expect.objectContaining({ type: 'decision', data: { field: 'nietInformerenGrond', value: 'contact' } }));
    expect(logged(c)).toContainEqual(
      expect.objectContaining({ type: 'decision', data: { field: 'nietInformerenReden', value: 'Het gezin verbreekt dan het contact.' } }),
    );
    expect(c.effectsOf('af.post')).toHaveLength(1);
  });

  it('forgets the earlier advice when a changed answer re-opens the questions', async () => {
    const c = await conversation('nl');
    toStap4(c);
    weigh(c, ['nee']);
    expect(onlyCase(c).answers.advies).toBe('afsluiten');
    c.click('back');
    c.pick('Ja');
    expect(c.node()).toBe('afw.q2');
    expect(onlyCase(c).answers.advies).toBeUndefined();
  });

  it('clears later afweging answers when an earlier one is changed after going back', async () => {
    // Arrange: q1 ja, q2 nee, q3 ja → at q4
    const c = await conversation('nl');
    toStap4(c);
    weigh(c, ['ja', 'nee', 'ja']);
    expect(c.node()).toBe('afw.q4');
    expect(onlyCase(c).answers.afweging3).toBe('ja');
    // Act: back to q3, back to q2, now answer ja
    c.click('back');
    expect(c.node()).toBe('afw.q3');
    c.click('back');
    expect(c.node()).toBe('afw.q2');
    c.pick('Ja');
    // Assert
    const a = onlyCase(c).answers;
    expect(c.node()).toBe('afw.besluit');
    expect(a.afweging2).toBe('ja');
    expect(a.afweging3).toBeUndefined();
    expect(a.afweging4).toBeUndefined();
    expect(a.advies).toBe('melden-samen-met-vt');
    expect(c.infos().map((p) => p.text).join('\n')).toContain(tr.t('nl', 'afw.advies.melden-samen-met-vt'));
    expect(c.effects).toContainEqual(
      expect.objectContaining({
        type: 'case.log',
        entries: expect.arrayContaining([
          expect.objectContaining({ node: 'afw.q2', correction: true, data: { field: 'afweging2', value: 'ja' } }),
        ]),
      }),
    );
  });

  it('re-opens the branching when a changed answer no longer ends it', async () => {
    // q1 nee ends at once; going back and answering ja must ask q2 again, not keep "afsluiten".
    const c = await conversation('nl');
    toStap4(c);
    weigh(c, ['nee']);
    expect(onlyCase(c).answers.advies).toBe('afsluiten');
    c.click('back');
    c.pick('Ja');
    expect(c.node()).toBe('afw.q2');
  });
});
