/**
 * Flows through the engine: the acute route from every node, disclosure, kindcheck, expert-first forms,
 * the staff-member route, stap 0 and the explanation.
 */
import { describe, expect, it } from '@jest/globals';
import { NODES } from '../../dialogs/index.js';
import { CONVERSATION_TIPS } from '../../src/domain/tips.js';
import { RISK_FACTORS } from '../../src/domain/factors.js';
import type { LogEntry } from '../../src/cases/types.js';
import type { CaseWork, Prompt } from '../../src/engine/types.js';
import { conversation, type Conversation } from '../helpers/conversation.js';

type Move = (c: Conversation) => unknown;
/** One turn of a path: the node the user is at, and what they do there. */
type Turn = readonly [node: string, move: Move];

const pick = (label: string): Move => (c) => c.pick(label);
const answer = (value: string | string[]): Move => (c) => c.answer(value);
const say = (text: string): Move => (c) => c.say(text);
const skip: Move = (c) => c.skip();
const click = (command: Parameters<Conversation['click']>[0]): Move => (c) => c.click(command);

const NEW_CASE: Turn[] = [
  ['menu', pick('zorgen over een kind')],
  ['ctx.acuut', pick('Nee')],
  ['ctx.sector', pick('Onderwijs')],
  ['ctx.betreft', pick('thuissituatie')],
  ['ctx.slachtoffer', pick('Een kind')],
];

/** From the child's age to afweging 1, for a child client; `forms` picks the forms of concern. */
function stap1to3(forms: string[] = ['lichamelijke-mishandeling'], bron: string[] = ['eigen']): Turn[] {
  return [
    ['s1.leeftijd', pick('4 tot 12')],
    ['s1.vormen', answer(forms)],
    ['s1.nieuwkomer', pick('Nee')],
    ['s1.signalen', answer([])],
    ['s1.feiten', say('Maandag een blauwe plek op de arm gezien.')],
    ['s1.bron', answer(bron)],
    ['s1.interpretatie', skip],
    ['s2.advies', pick('vastleggen')],
    ['s2.wie', answer(['collega'])],
    ['s2.wanneer', say('vandaag')],
    ['s2.uitkomst', say('advies: afwegen')],
    ['s3.keuze', pick('voer')],
    ['s3.gevoerd', pick('Ja')],
    ['s3.waar', pick('bij mijn organisatie')],
    ['s3.luisteren', answer('ja')],
    ['s3.oplossingen', answer('deels')],
    ['s3.met', answer(['ouders'])],
    ['s3.reactie', say('reactie')],
    ['s3.inbreng', skip],
  ];
}

const MAIN: Turn[] = [
  ...NEW_CASE,
  ['ctx.client', pick('Met het kind')],
  ...stap1to3(),
  ['afw.steun', answer(['lirik', 'collega'])],
  ['afw.q1', answer('ja')],
  ['afw.q2', answer('nee')],
  ['afw.q3', answer('ja')],
  ['afw.q4', answer('ja')],
  ['afw.q5', answer('later')],
  ['afw.besluit', answer('melden-hulp')],
  ['afw.toelichting', skip],
  ['afw.informeren', answer('nee')],
  ['afw.nietInformerenGrond', answer('contact')],
  ['afw.nietInformeren', say('Het gezin verbreekt dan het contact.')],
  ['mld.gedaan', answer('ja')],
  ['mld.wanneer', answer('eerder')],
  ['mld.datum', say('28 november')],
  ['mld.afspraken', say('Veilig Thuis informeert de ouders en doet onderzoek.')],
  ['mld.terugkoppeling', answer('ja')],
  ['mld.vt', say('Veilig Thuis zet hulp in; ik blijf het kind volgen.')],
  ['menu', pick('Uitleg')],
];

/** Stap 4 and 5 nodes that give way to the bound advice once acute danger is on record. */
const BOUND_BY_ACUTE = new Set(['afw.steun', 'afw.q1', 'afw.q2', 'afw.q3', 'afw.q4', 'afw.q5', 'afw.besluit', 'afw.afwijking']);

interface Path {
  name: string;
  turns: Turn[];
}

/** Real paths that together reach every node of the flows. */
const PATHS: Path[] = [
  { name: 'main', turns: MAIN },
  {
    name: 'adult client with kindcheck',
    turns: [
      ...NEW_CASE,
      ['ctx.client', pick('volwassene')],
      ['kc.kinderen', pick('weet ik niet')],
      ['kc.navragen', pick('Er zijn kinderen')],
      ['kc.waar', skip],
      ['kc.veilig', pick('Nee, ik heb zorgen')],
      ['s1.leeftijd', pick('0 tot 4')],
    ],
  },
  {
    name: 'adult victim in health care, with the mantelzorg check',
    turns: [
      ['menu', pick('zorgen over een kind')],
      ['ctx.acuut', pick('Nee')],
      ['ctx.sector', answer('zorg')],
      ['ctx.betreft', pick('thuissituatie')],
      ['ctx.slachtoffer', pick('volwassene')],
      ['s1.vormen', answer(['partnergeweld'])],
      ['s1.nieuwkomer', pick('Nee')],
      ['kc.kinderen', pick('geen kinderen')],
      ['kc.mantelzorg', pick('Nee')],
      ['s1.signalen', answer([])],
    ],
  },
  {
    name: 'decision against the advice',
    turns: [
      ...NEW_CASE,
      ['ctx.client', pick('Met het kind')],
      ...stap1to3(),
      ['afw.steun', answer([])],
      ['afw.q1', answer('ja')],
      ['afw.q2', answer('ja')],
      ['afw.besluit', answer('afsluiten')],
      ['afw.afwijking', say('Overlegd met de aandachtsfunctionaris: de zorg bleek onterecht.')],
      ['menu', pick('Uitleg')],
    ],
  },
  {
    name: 'disclosure binds the advice, corrected as a mistake',
    turns: [
      ...NEW_CASE,
      ['ctx.client', pick('Met het kind')],
      ...stap1to3(['lichamelijke-mishandeling'], ['kind']).slice(0, 6),
      ['acuut', answer('verder')],
      ...stap1to3().slice(6),
      ['afw.gebonden', answer('correctie')],
      ['afw.correctie', say('Ik koos per ongeluk de verkeerde bron.')],
      ['afw.q1', answer('nee')],
    ],
  },
  {
    name: 'expert-first form',
    turns: [...NEW_CASE, ['ctx.client', pick('Met het kind')], ['s1.leeftijd', pick('12 tot 18')], ['s1.vormen', answer(['vgv'])], ['s1.nieuwkomer', pick('Nee')], ['s1.expert', pick('Begrepen')], ['s1.signalen', answer([])]],
  },
  {
    name: 'newcomer family: own norms, stressors as context, interpreter',
    turns: [
      ...NEW_CASE,
      ['ctx.client', pick('Met het kind')],
      ['s1.leeftijd', pick('4 tot 12')],
      ['s1.vormen', answer(['lichamelijke-verwaarlozing'])],
      ['s1.nieuwkomer', pick('Ja')],
      ['s1.signalen', answer([])],
      ['s1.feiten', say('Kwam drie keer zonder jas.')],
      ['s1.bron', answer(['eigen'])],
      ['s1.normen', answer('twijfel')],
      ['s1.stressoren', answer(['verblijfsstatus'])],
      ['s1.interpretatie', skip],
      ['s2.advies', pick('vastleggen')],
      ['s2.wie', answer(['af'])],
      ['s2.wanneer', say('vandaag')],
      ['s2.uitkomst', say('gesprek met tolk')],
      ['s3.keuze', pick('voer')],
      ['s3.gevoerd', pick('Ja')],
      ['s3.waar', pick('bij mijn organisatie')],
      ['s3.luisteren', answer('ja')],
      ['s3.oplossingen', answer('ja')],
      ['s3.tolk', answer('familie')],
      ['s3.met', answer(['ouders'])],
      ['s3.reactie', say('reactie')],
      ['s3.inbreng', say('Moeder legde uit hoe het thuis gaat.')],
      ['afw.steun', answer(['veilig-thuis'])],
      ['afw.q1', answer('ja')],
    ],
  },
  {
    name: 'conversation skipped',
    turns: [
      ...NEW_CASE,
      ['ctx.client', pick('Met het kind')],
      ...stap1to3().slice(0, 11),
      ['s3.keuze', pick('sla het gesprek')],
      ['s3.overslaan', pick('contact verbreekt')],
      ['s3.overslaanToelichting', say('Eerder brak het gezin het contact af.')],
      ['afw.steun', answer(['geen'])],
      ['afw.q1', answer('ja')],
    ],
  },
  {
    name: 'staff member',
    turns: [
      ['menu', pick('zorgen over een kind')],
      ['ctx.acuut', pick('Nee')],
      ['ctx.sector', pick('Kinderopvang')],
      ['ctx.betreft', pick('medewerker')],
      ['mw.route', pick('Ja')],
      ['menu', pick('Snelle check')],
    ],
  },
  {
    name: 'sexual behaviour between children',
    turns: [
      ['menu', pick('zorgen over een kind')],
      ['ctx.acuut', pick('Nee')],
      ['ctx.sector', pick('Kinderopvang')],
      ['ctx.betreft', pick('tussen kinderen')],
      ['sk.criteria', answer(['vrijwilligheid'])],
      ['sk.feiten', say('Twee kleuters in de speelhoek.')],
      ['sk.medewerker', pick('Nee')],
      ['sk.vervolg', pick('seksueel misbruik')],
      ['ctx.slachtoffer', pick('Een kind')],
    ],
  },
  {
    name: 'doctor consults without Veilig Thuis (KNMG)',
    turns: [
      ['menu', pick('zorgen over een kind')],
      ['ctx.acuut', pick('Nee')],
      ['ctx.sector', pick('Arts')],
      ['ctx.betreft', pick('thuissituatie')],
      ['ctx.slachtoffer', pick('Een kind')],
      ['ctx.client', pick('Met het kind')],
      ...stap1to3().slice(0, stap1to3().findIndex(([n]) => n === 's2.wie')),
      ['s2.wie', answer(['collega'])],
      ['s2.knmgReden', say('Veilig Thuis was niet bereikbaar.')],
      ['s2.wanneer', say('vandaag')],
    ],
  },
  {
    name: 'stap 0',
    turns: [
      ['menu', pick('Snelle check')],
      ['s0.ouder', answer([])],
      ['s0.kind', answer([])],
      ['s0.gezin', answer([])],
      ['s0.leef', answer([])],
      ['s0.bescherm', answer([])],
      ['s0.uitkomst', pick('Menu')],
      ['menu', pick('Uitleg')],
    ],
  },
  {
    name: 'explanation',
    turns: [
      ['menu', pick('Uitleg')],
      ['uitleg', pick('Stap 4')],
      ['uitleg', click('menu')],
      ['menu', pick('Uitleg')],
    ],
  },
  {
    name: 'resume and stop',
    turns: [
      ['menu', pick('zorgen over een kind')],
      ['ctx.acuut', pick('Nee')],
      [
        'ctx.sector',
        (c) => {
          c.click('later');
          c.say('hallo');
        },
      ],
      ['hervat', pick('andere zaak')],
      ['mijn', pick('MC-TEST1')],
      ['ctx.sector', click('stop')],
      ['stop.bevestig', pick('ga verder')],
      ['ctx.sector', pick('Onderwijs')],
    ],
  },
];

/** Starts a conversation and plays `turns[0..count)`, checking the node before each turn. */
async function replay(turns: readonly Turn[], count: number): Promise<Conversation> {
  const c = await conversation('nl');
  c.say('hallo');
  for (const [node, move] of turns.slice(0, count)) {
    expect(c.node()).toBe(node);
    move(c);
  }
  const next = turns[count];
  if (next) expect(c.node()).toBe(next[0]);
  return c;
}

/** Nodes outside a case: pressing "acute" there opens a new case that continues at ctx.sector. */
const NO_CASE = new Set(['menu', 'hervat', 'mijn', 'uitleg', 's0.ouder', 's0.kind', 's0.gezin', 's0.leef', 's0.bescherm', 's0.uitkomst']);

interface AcutePoint {
  node: string;
  path: Path;
  index: number;
  returnTo: string;
}

/** Every distinct node on the paths, with where "Verder" after the acute screen must lead. */
const ACUTE_POINTS: AcutePoint[] = [];
for (const path of PATHS) {
  path.turns.forEach(([node], index) => {
    // The acute screen itself is where the button leads.
    if (node === 'acuut' || ACUTE_POINTS.some((p) => p.node === node)) return;
    const before = path.turns[index - 1]?.[0] ?? 'menu';
    const returnTo = NO_CASE.has(node) ? 'ctx.sector' : node === 'stop.bevestig' ? before : BOUND_BY_ACUTE.has(node) ? 'afw.gebonden' : node;
    ACUTE_POINTS.push({ node, path, index, returnTo });
  });
}

function logged(c: Conversation): LogEntry[] {
  return c.effectsOf('case.log').flatMap((e) => e.entries);
}

function onlyCase(c: Conversation): CaseWork {
  const all = Object.values(c.state.cases);
  if (all.length !== 1) throw new Error(`expected one open case, got ${all.length}`);
  return all[0] as CaseWork;
}

const infoText = (c: Conversation): string => c.infos().map((p) => `${p.title ?? ''}\n${p.text}`).join('\n');

/** Plays the turns of `turns` from the current node until `target` is asked. */
function walkTo(c: Conversation, turns: readonly Turn[], target: string): Conversation {
  let i = turns.findIndex(([node]) => node === c.node());
  if (i < 0) throw new Error(`path does not pass ${c.node()}`);
  while (c.node() !== target) {
    const turn = turns[i];
    if (!turn) throw new Error(`path does not reach ${target}`);
    expect(c.node()).toBe(turn[0]);
    turn[1](c);
    i += 1;
  }
  return c;
}

// ---- acute route from every node ---------------------------------------------------------

describe('the acute route', () => {
  it('is tested from every node of the flows, as reached by the real paths', async () => {
    // Arrange
    const reached = new Set<string>();
    // Act
    for (const path of PATHS) {
      const c = await conversation('nl');
      c.say('hallo');
      for (const [node, move] of path.turns) {
        expect(c.node()).toBe(node);
        reached.add(c.node());
        move(c);
      }
    }
    // Assert: only the acute screen itself and the scheduled follow-up (engine.followup.test.ts) are reached another way
    // s3.nieuwkomer only asks a case stored before stap 1 asked it (tested in the transcripts).
    const all = [...NODES.keys()].filter((id) => id !== 'acuut' && id !== 'fu.q5' && id !== 's3.nieuwkomer').sort();
    expect([...reached].filter((id) => id !== 'acuut').sort()).toEqual(all);
    expect(ACUTE_POINTS.map((p) => p.node).sort()).toEqual(all);
  });

  it.each(ACUTE_POINTS.map((p) => [p.node, p.returnTo, p] as const))(
    'from %s shows 112 and Veilig Thuis first, alerts once, asks "acuut" and "Verder" leads to %s',
    async (node, returnTo, point) => {
      // Arrange
      const c = await replay(point.path.turns, point.index);
      const casesBefore = Object.keys(c.state.cases);
      const caseBefore = c.state.cursor?.caseId;
      // A case that is urgent already (a disclosure earlier on the path) alerts only once.
      const alreadyUrgent = caseBefore !== undefined && c.state.cases[caseBefore]?.urgent === true;
      // Act
      c.click('acute');
      // Assert
      const first = c.prompts[0] as Prompt;
      expect(first.kind).toBe('info');
      if (first.kind !== 'info') return;
      expect(first.tone).toBe('urgent');
      expect(first.text).toContain('112');
      expect(first.text).toContain('0800-2000');
      const urgent = c.effects.filter((e) => e.type === 'case.urgent');
      const posts = c.effects.filter((e) => e.type === 'af.post');
      const caseId = c.state.cursor?.caseId;
      if (alreadyUrgent) {
        expect(urgent).toEqual([]);
        expect(posts).toEqual([]);
      } else {
        expect(urgent).toEqual([expect.objectContaining({ reason: 'acuut' })]);
        expect(posts).toEqual([expect.objectContaining({ reason: 'acuut', summary: expect.objectContaining({ urgency: 'urgent' }) })]);
        expect(urgent[0]).toMatchObject({ caseId });
        expect(c.effects).toContainEqual({ type: 'case.update', caseId, patch: expect.objectContaining({ urgency: 'urgent' }) });
      }
      if (NO_CASE.has(node)) {
        expect(c.effects.filter((e) => e.type === 'case.create')).toHaveLength(1);
        expect(casesBefore).not.toContain(caseId);
      } else {
        expect(caseId).toBe(caseBefore);
        expect(c.effects.filter((e) => e.type === 'case.create')).toHaveLength(0);
      }
      expect(c.node()).toBe('acuut');
      expect(c.question().nav).toEqual([]);

      c.answer('verder');
      expect(c.node()).toBe(returnTo);
      expect(c.state.cursor?.caseId).toBe(caseId);
    },
  );

  it('shows the information again on a second press but alerts the aandachtsfunctionaris only once per case', async () => {
    // Arrange
    const c = await replay(MAIN, MAIN.findIndex(([n]) => n === 's1.feiten'));
    c.click('acute').answer('verder');
    // Act
    c.click('acute');
    // Assert
    const first = c.prompts[0];
    expect(first).toMatchObject({ kind: 'info', tone: 'urgent' });
    expect(c.effects.filter((e) => e.type === 'af.post' || e.type === 'case.urgent')).toEqual([]);
    expect(c.effectsOf('af.post').filter((e) => e.reason === 'acuut')).toHaveLength(1);
    expect(c.effectsOf('case.urgent')).toHaveLength(1);
    expect(c.effects).toContainEqual(
      expect.objectContaining({ type: 'case.log', entries: [expect.objectContaining({ type: 'urgent', data: { reden: 'acuut' } })] }),
    );
    c.answer('verder');
    expect(c.node()).toBe('s1.feiten');
  });

  it('keeps the way back when the acute button is pressed twice in a row', async () => {
    const c = await replay(MAIN, MAIN.findIndex(([n]) => n === 's2.wie'));
    c.click('acute').click('acute').answer('verder');
    expect(c.node()).toBe('s2.wie');
  });

  it('answering "Ja, er is nu direct gevaar" escalates and continues at the sector question', async () => {
    const c = await replay(MAIN, 1);
    c.pick('nu direct gevaar');
    expect(c.prompts[0]).toMatchObject({ kind: 'info', tone: 'urgent' });
    expect(c.effectsOf('case.urgent')).toEqual([expect.objectContaining({ reason: 'acuut' })]);
    expect(c.node()).toBe('acuut');
    c.answer('verder');
    expect(c.node()).toBe('ctx.sector');
  });

  it('"Later verder" on the acute screen after an alarming answer resumes after that answer, not at it', async () => {
    // Arrange
    const c = await replay(MAIN, 1);
    c.pick('nu direct gevaar');
    // Act
    c.pick('Later verder');
    c.say('hallo').pick('Ja, ga verder');
    // Assert
    expect(c.node()).toBe('ctx.sector');
    expect(onlyCase(c).answers.acuutCheck).toBe('gevaar');
  });
});

// ---- disclosure ------------------------------------------------------------------------------

describe('a disclosure', () => {
  it('at the safety question shows the disclosure text, escalates, and binds the afwegingskader', async () => {
    // Arrange
    const c = await replay(MAIN, 1);
    // Act
    c.pick('heeft het mij zelf verteld');
    // Assert
    const first = c.prompts[0];
    expect(first).toMatchObject({ kind: 'info', tone: 'urgent' });
    expect(first && 'text' in first ? first.text : '').toContain('disclosure');
    expect(first && 'text' in first ? first.text : '').toContain('112');
    expect(c.effectsOf('case.urgent')).toEqual([expect.objectContaining({ reason: 'disclosure' })]);
    expect(c.effectsOf('af.post')).toEqual([expect.objectContaining({ reason: 'acuut', summary: expect.objectContaining({ urgency: 'urgent' }) })]);
    expect(onlyCase(c).answers.disclosure).toBe(true);

    c.answer('verder');
    expect(c.node()).toBe('ctx.sector');
    walkTo(c, MAIN, 's3.reactie');
    c.say('reactie').skip();
    expect(c.node()).toBe('afw.gebonden');
    expect(infoText(c)).toContain('disclosure');
    expect(c.effectsOf('case.urgent')).toHaveLength(1);
  });

  it.each([[['kind']], [['kind', 'derden']]])('in the sources (%j) shows the disclosure text first and escalates', async (bron) => {
    // Arrange
    const turns: Turn[] = [...NEW_CASE, ['ctx.client', pick('Met het kind')], ...stap1to3(['lichamelijke-mishandeling'], bron)];
    const c = await replay(turns, turns.findIndex(([n]) => n === 's1.bron'));
    // Act
    c.answer(bron);
    // Assert
    const first = c.prompts[0];
    expect(first).toMatchObject({ kind: 'info', tone: 'urgent' });
    expect(first && 'text' in first ? first.text : '').toContain('Iemand heeft je zelf verteld');
    expect(first && 'text' in first ? first.text : '').toContain('voor advies of een melding');
    expect(c.effectsOf('case.urgent')).toEqual([expect.objectContaining({ reason: 'disclosure' })]);
    expect(c.effectsOf('af.post')).toEqual([expect.objectContaining({ reason: 'acuut' })]);
    c.answer('verder');
    expect(c.node()).toBe('s1.interpretatie');
    walkTo(c, turns, 's3.reactie');
    c.say('reactie').skip();
    expect(c.node()).toBe('afw.gebonden');
  });

  it('does not bind the afwegingskader when nobody told', async () => {
    const c = await replay(MAIN, MAIN.findIndex(([n]) => n === 'afw.q2'));
    expect(c.node()).toBe('afw.q2');
    expect(c.effectsOf('case.urgent')).toEqual([]);
  });
});

// ---- kindcheck -------------------------------------------------------------------------------

describe('the kindcheck', () => {
  const ADULT: Turn[] = [...NEW_CASE, ['ctx.client', pick('Met een volwassene')]];

  function expectClosedNegative(c: Conversation, caseId: string): void {
    expect(c.effects).toContainEqual({
      type: 'case.update',
      caseId,
      patch: expect.objectContaining({ status: 'gesloten', outcome: 'kindcheck-geen-zorg' }),
    });
    expect(logged(c)).toContainEqual(expect.objectContaining({ type: 'kindcheck', data: expect.objectContaining({ uitkomst: 'negatief' }) }));
    expect(c.state.cases[caseId]).toBeUndefined();
    expect(c.prompts.some((p) => p.kind === 'summary')).toBe(true);
    expect(infoText(c)).toContain('de zaak is gesloten');
    expect(c.node()).toBe('menu');
    expect(c.effectsOf('af.post')).toEqual([]);
  }

  it('comes first for an adult client', async () => {
    const c = await replay(ADULT, ADULT.length - 1);
    c.pick('Met een volwassene');
    expect(c.node()).toBe('kc.kinderen');
    expect(c.question().position?.label).toBe('Stap 1 van 5 — Kindcheck');
    expect(infoText(c)).toContain('Je werkt met een volwassene');
  });

  it('"no children" closes the case with a negative kindcheck in the log', async () => {
    // Arrange
    const c = await replay(ADULT, ADULT.length);
    const caseId = onlyCase(c).id;
    // Act
    c.pick('Nee, geen kinderen');
    // Assert
    expectClosedNegative(c, caseId);
  });

  it('"no worries about the children" closes the case the same way', async () => {
    const c = await replay(ADULT, ADULT.length);
    const caseId = onlyCase(c).id;
    c.pick('Ja').skip();
    expect(c.node()).toBe('kc.veilig');
    c.pick('geen zorgen');
    expectClosedNegative(c, caseId);
  });

  it('"worries" is positive and continues with stap 1', async () => {
    const c = await replay(ADULT, ADULT.length);
    c.pick('Ja').skip().pick('Nee, ik heb zorgen');
    expect(c.node()).toBe('s1.leeftijd');
    expect(c.question().question).toContain('jongste');
    expect(logged(c)).toContainEqual(expect.objectContaining({ type: 'kindcheck', data: expect.objectContaining({ uitkomst: 'positief' }) }));
    expect(onlyCase(c).answers.kcDone).toBe(true);
    expect(c.effectsOf('case.update').some((e) => e.patch.status !== undefined)).toBe(false);
  });

  it('for a child client with worries about a parent comes after the forms; negative is recorded and the case goes on', async () => {
    // Arrange
    const turns: Turn[] = [...NEW_CASE, ['ctx.client', pick('Met het kind')], ['s1.leeftijd', pick('4 tot 12')]];
    const c = await replay(turns, turns.length);
    // Act
    c.answer(['ouderproblemen']).pick('Nee');
    expect(c.node()).toBe('kc.kinderen');
    expect(infoText(c)).toContain('Je noemt zorgen over een ouder');
    c.pick('Nee, geen kinderen');
    // Assert
    expect(c.node()).toBe('s1.signalen');
    expect(logged(c)).toContainEqual(expect.objectContaining({ type: 'kindcheck', data: expect.objectContaining({ uitkomst: 'negatief' }) }));
    expect(onlyCase(c).answers.kcDone).toBe(true);
    expect(c.effectsOf('case.update').some((e) => e.patch.status !== undefined)).toBe(false);
    expect(infoText(c)).toContain('We gaan verder met je zorg over dit kind');
  });
});

// ---- expert-first forms, tips ----------------------------------------------------------------

describe('forms of concern', () => {
  const EXPERT_TIP = CONVERSATION_TIPS.find((t) => t.id === 'expert-eerst')?.text.nl ?? 'missing tip';

  function toTips(forms: string[]): Promise<Conversation> {
    const turns: Turn[] = [...NEW_CASE, ['ctx.client', pick('Met het kind')], ...stap1to3(forms)];
    return replay(turns, turns.findIndex(([n]) => n === 's1.vormen'));
  }

  function tipsShown(c: Conversation): string {
    return c.infos().find((p) => p.title === 'Tips voor het gesprek')?.text ?? '';
  }

  it.each(['eergerelateerd-geweld', 'vgv', 'huwelijksdwang'])(
    '%s asks to consult an expert first, with a warning, before the signals, and puts that tip first in stap 3',
    async (form) => {
      // Arrange
      const c = await toTips([form]);
      // Act
      c.answer([form]).pick('Nee');
      // Assert
      expect(c.node()).toBe('s1.expert');
      expect(c.infos()).toContainEqual(expect.objectContaining({ tone: 'warning', title: 'Eerst een deskundige raadplegen' }));
      c.pick('Begrepen');
      expect(c.node()).toBe('s1.signalen');
      c.answer([]).say('feit').answer(['eigen']).skip().pick('vastleggen').answer(['af']).say('vandaag').say('uitkomst');
      expect(c.node()).toBe('s3.keuze');
      expect(tipsShown(c).split('\n')[0]).toBe(`• ${EXPERT_TIP}`);
    },
  );

  it('without an expert-first form goes straight to the signals and gives no expert tip', async () => {
    const c = await toTips(['lichamelijke-mishandeling']);
    c.answer(['lichamelijke-mishandeling']).pick('Nee');
    expect(c.node()).toBe('s1.signalen');
    c.answer([]).say('feit').answer(['eigen']).skip().pick('vastleggen').answer(['af']).say('vandaag').say('uitkomst');
    expect(tipsShown(c)).not.toContain(EXPERT_TIP);
    expect(tipsShown(c)).not.toContain('politie');
  });

  it('sexual abuse gives stap 3 tips that mention the police', async () => {
    const c = await toTips(['seksueel-misbruik']);
    c.answer(['seksueel-misbruik']).pick('Nee').answer([]).say('feit').answer(['eigen']).skip().pick('vastleggen').answer(['af']).say('vandaag').say('uitkomst');
    expect(c.node()).toBe('s3.keuze');
    expect(tipsShown(c)).toContain('politie');
  });
});

// ---- staff member ----------------------------------------------------------------------------

describe('concern about a staff member', () => {
  function toRoute(sector: string): Promise<Conversation> {
    const turns: Turn[] = [
      ['menu', pick('zorgen over een kind')],
      ['ctx.acuut', pick('Nee')],
      ['ctx.sector', pick(sector)],
      ['ctx.betreft', pick('medewerker')],
      ['mw.route', pick('Ja')],
    ];
    return replay(turns, 4);
  }

  it('in childcare shows the statutory route via the houder and the vertrouwensinspecteur', async () => {
    const c = await toRoute('Kinderopvang');
    expect(c.node()).toBe('mw.route');
    const warning = c.infos().find((p) => p.tone === 'warning');
    expect(warning?.text).toContain('0900-111 3 111');
    expect(warning?.text).toContain('houder');
    expect(warning?.text).toContain('aangifte');
    expect(c.question().position?.label).toBe('Route: zorg over een medewerker');
  });

  it('in health care shows the care providers duty to report to the IGJ, not the childcare duty', async () => {
    const c = await toRoute('huisarts');
    const warning = c.infos().find((p) => p.tone === 'warning');
    expect(warning?.text).toContain('protocol van je organisatie');
    expect(warning?.text).toContain('Inspectie Gezondheidszorg en Jeugd');
    expect(warning?.text).not.toContain('0900-111 3 111');
    expect(warning?.text).not.toContain('houder');
    expect(warning?.text).not.toContain('In de kinderopvang geldt');
  });

  it('"yes" posts to the aandachtsfunctionaris as a staff-member route and records the decision', async () => {
    // Arrange
    const c = await toRoute('Kinderopvang');
    const caseId = onlyCase(c).id;
    // Act
    c.pick('Ja');
    // Assert
    expect(c.effectsOf('af.post')).toEqual([
      expect.objectContaining({ reason: 'medewerker', summary: expect.objectContaining({ caseId, route: 'medewerker', sector: 'kinderopvang' }) }),
    ]);
    expect(c.effects).toContainEqual({ type: 'case.update', caseId, patch: expect.objectContaining({ status: 'besluit', outcome: 'medewerker-route' }) });
    expect(c.effectsOf('case.update').some((e) => e.patch.route === 'medewerker')).toBe(true);
    expect(c.state.cases[caseId]).toBeUndefined();
    expect(c.node()).toBe('menu');
  });

  it('"no" records the decision without posting anything', async () => {
    const c = await toRoute('huisarts');
    const caseId = onlyCase(c).id;
    c.pick('Nee');
    expect(c.effectsOf('af.post')).toEqual([]);
    expect(c.effects).toContainEqual({ type: 'case.update', caseId, patch: expect.objectContaining({ status: 'besluit', outcome: 'medewerker-route' }) });
    expect(c.node()).toBe('menu');
  });
});

// ---- stap 0 ------------------------------------------------------------------------------------

describe('stap 0, the quick check', () => {
  const GROUP_NODES = [
    ['s0.ouder', 'ouder'],
    ['s0.kind', 'kind'],
    ['s0.gezin', 'gezin'],
    ['s0.leef', 'leefomstandigheden'],
  ] as const;

  /** Goes through stap 0 ticking `risks` (factor ids) and `protective` ids; stops at the overview. */
  async function quickCheck(risks: string[], protective: string[]): Promise<Conversation> {
    const c = await conversation('nl');
    c.say('hallo').pick('Snelle check');
    for (const [node, group] of GROUP_NODES) {
      expect(c.node()).toBe(node);
      c.answer(risks.filter((id) => RISK_FACTORS.find((f) => f.id === id)?.group === group));
    }
    expect(c.node()).toBe('s0.bescherm');
    c.answer(protective);
    expect(c.node()).toBe('s0.uitkomst');
    return c;
  }

  const overview = (c: Conversation): string => c.infos().find((p) => p.title?.startsWith('Overzicht'))?.text ?? '';
  const WEIGHTY = RISK_FACTORS.filter((f) => f.weighty);
  const LIGHT = RISK_FACTORS.filter((f) => !f.weighty);

  it('starts from the menu and says it is not a validated risk assessment', async () => {
    const c = await conversation('nl');
    c.say('hallo').pick('Snelle check');
    expect(c.node()).toBe('s0.ouder');
    expect(c.infos()).toContainEqual(expect.objectContaining({ tone: 'warning', text: expect.stringContaining('geen gevalideerde risicotaxatie') }));
    expect(c.question().position?.label).toBe('Snelle check (stap 0)');
  });

  it.each(WEIGHTY.map((f) => [f.id, f] as const))('ticking the weighty factor %s shows the counts and the weighty note', async (_id, factor) => {
    // Arrange / Act
    const c = await quickCheck([factor.id], ['b-kind-sociaal']);
    // Assert
    expect(overview(c)).toContain('Aangevinkt: 1 risicofactor en 1 beschermende factor.');
    expect(overview(c)).toContain(factor.text.nl);
    expect(overview(c)).toContain('zwaar weegt');
  });

  it('ticking every non-weighty risk factor shows the counts but no weighty note', async () => {
    const c = await quickCheck(LIGHT.map((f) => f.id), []);
    expect(overview(c)).toContain(`Aangevinkt: ${LIGHT.length} risicofactoren en 0 beschermende factoren.`);
    expect(overview(c)).not.toContain('zwaar weegt');
    expect(infoText(c)).toContain('geen gevalideerde risicotaxatie');
  });

  it('creates no case while checking', async () => {
    const c = await quickCheck([WEIGHTY[0]?.id ?? ''], []);
    expect(c.effectsOf('case.create')).toEqual([]);
    expect(c.effectsOf('case.log')).toEqual([]);
    expect(c.state.cases).toEqual({});
  });

  it('"Start de meldcode" opens a case whose log notes the factors of the quick check', async () => {
    // Arrange
    const risk = WEIGHTY[0]?.id ?? '';
    const c = await quickCheck([risk], ['b-kind-sociaal']);
    // Act
    c.pick('Start de meldcode');
    // Assert
    expect(c.effectsOf('case.create')).toHaveLength(1);
    expect(c.node()).toBe('ctx.acuut');
    const caseId = onlyCase(c).id;
    const log = c.effectsOf('case.log').filter((e) => e.caseId === caseId).flatMap((e) => e.entries);
    expect(log).toContainEqual(expect.objectContaining({ type: 'note', data: { stap0: { risico: [risk], bescherming: ['b-kind-sociaal'] } } }));
  });

  it('"Menu" goes back to the menu and forgets the answers', async () => {
    const c = await quickCheck([WEIGHTY[0]?.id ?? ''], []);
    c.pick('Menu');
    expect(c.node()).toBe('menu');
    expect(c.state.scratch).toEqual({});
    expect(c.effectsOf('case.create')).toEqual([]);
  });
});

// ---- explanation --------------------------------------------------------------------------------

describe('the explanation', () => {
  it('explains a step without creating a case', async () => {
    // Arrange
    const c = await conversation('nl');
    c.say('hallo').pick('Uitleg');
    expect(c.node()).toBe('uitleg');
    expect(infoText(c)).toContain('vijf stappen');
    // Act
    c.pick('Stap 4');
    // Assert
    expect(c.node()).toBe('uitleg');
    expect(infoText(c)).toContain('afwegingskader verplicht');
    expect(infoText(c)).not.toContain('De meldcode in vijf stappen');
    expect(c.effectsOf('case.create')).toEqual([]);
    expect(c.state.cases).toEqual({});
    c.click('menu');
    expect(c.node()).toBe('menu');
  });
});
