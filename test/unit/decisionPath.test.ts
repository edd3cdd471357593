/**
 * Safe guidance at every fork: acute danger or a disclosure binds the advice (from every entry point),
 * the adult-victim route walks the five steps, and the lead's card (Teams and web: Adaptive Card;
 * Slack: Block Kit) shows a deviation, the melding's progress, 112 for urgent cases and a staff route's
 * own contact — never the reason or any free text.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { channelMessage } from '../../cards/blockkit.js';
import { channelCard } from '../../cards/channel.js';
import { channelView } from '../../src/cases/channelView.js';
import type { Lang } from '../../src/domain/types.js';
import type { ChannelSummary } from '../../src/engine/types.js';
import type { Translator } from '../../src/i18n/index.js';
import { conversation, PLAN_TO_STAP4, translator, type Conversation, type Plan } from '../helpers/conversation.js';

let tr: Translator;
beforeAll(async () => {
  tr = await translator();
});

/** A whole child case without anything alarming. */
const CHILD: Plan = {
  ...PLAN_TO_STAP4,
  // Every afwegingsvraag answered "nee" where it is asked: without a binding this ends in "afsluiten".
  'afw.q1': 'nee',
  'afw.q2': 'nee',
  'afw.q3': 'nee',
  'afw.q4': 'nee',
  'afw.q5': 'nee',
  'afw.gebonden': 'verder',
};

/** Plays answers by node until `stop` is asked (or no answer is planned); returns the nodes passed. */
function play(c: Conversation, plan: Plan, stop: string, pressAcuteAt?: string): string[] {
  const passed: string[] = [];
  for (let turn = 0; turn < 80; turn++) {
    const node = c.node();
    if (turn > 0 && node === stop) break;
    passed.push(node);
    if (node === pressAcuteAt) {
      c.click('acute');
      pressAcuteAt = undefined;
      continue;
    }
    const value = plan[node];
    if (value === undefined) throw new Error(`no answer planned for ${node}`);
    c.answer(value);
  }
  return passed;
}

const NOT_NEEDED = /niet aan de orde|not indicated/;

describe('acute danger or a disclosure binds the advice', () => {
  const ENTRY_POINTS = ['ctx.sector', 'ctx.betreft', 'ctx.slachtoffer', 'ctx.client', 's1.leeftijd', 's1.vormen', 's1.nieuwkomer', 's1.signalen', 's1.feiten', 's1.bron', 's1.interpretatie', 's2.advies', 's2.wie', 's2.wanneer', 's2.uitkomst', 's3.keuze', 's3.gevoerd', 's3.waar', 's3.luisteren', 's3.oplossingen', 's3.met', 's3.reactie', 's3.inbreng', 'afw.steun'];

  it.each(ENTRY_POINTS)('after the acute button at %s the advice is melden, with the reason, whatever is answered', async (node) => {
    // Arrange
    const c = await conversation('nl');
    c.start();
    // Act
    play(c, CHILD, 'afw.besluit', node);
    // Assert
    const advice = c.infos().find((p) => p.title === tr.t('nl', 'afw.advies.title'));
    expect(advice?.text).toContain('Melden bij Veilig Thuis: ja');
    expect(advice?.text).toContain('direct gevaar');
    expect(advice?.text).not.toMatch(NOT_NEEDED);
    const work = Object.values(c.state.cases)[0];
    expect(work?.answers).toMatchObject({ advies: 'melden-samen-met-vt', afweging1: 'ja', afweging2: 'ja', adviesReden: 'acuut' });
  });

  it.each(['afw.q1', 'afw.q2', 'afw.q3', 'afw.q4', 'afw.q5'])('after the acute button at %s the weighing gives way to the bound advice', async (node) => {
    // Arrange: a path that reaches every question (1 ja, 2 nee, 3 ja, 4 ja) before the button is pressed
    const c = await conversation('nl');
    c.start();
    play(c, { ...CHILD, 'afw.q1': 'ja', 'afw.q2': 'nee', 'afw.q3': 'ja', 'afw.q4': 'ja' }, node);
    // Act
    c.click('acute').answer('verder');
    // Assert
    expect(c.node()).toBe('afw.gebonden');
    c.answer('verder');
    expect(c.node()).toBe('afw.besluit');
    expect(c.infos().find((p) => p.title === tr.t('nl', 'afw.advies.title'))?.text).not.toMatch(NOT_NEEDED);
  });

  it.each([
    ['the safety question', { ...CHILD, 'ctx.acuut': 'disclosure' }],
    ['the source question of stap 1', { ...CHILD, 's1.bron': ['eigen', 'kind'] }],
  ])('a disclosure at %s binds the advice to melden', async (_where, plan) => {
    const c = await conversation('en');
    c.start();
    play(c, plan, 'afw.besluit');
    const advice = c.infos().find((p) => p.title === tr.t('en', 'afw.advies.title'));
    expect(advice?.text).toContain('Report to Veilig Thuis: yes');
    expect(advice?.text).toContain('a disclosure');
    expect(advice?.text).not.toMatch(NOT_NEEDED);
  });

  it('a record made by mistake is corrected explicitly, with a required reason, as a new log entry; then the ordinary branching applies', async () => {
    // Arrange
    const c = await conversation('nl');
    c.start();
    play(c, { ...CHILD, 'ctx.acuut': 'gevaar' }, 'afw.gebonden');
    // Act
    c.answer('correctie');
    c.answer('');
    const refused = c.node();
    c.say('Ik drukte per ongeluk op de knop.');
    // Assert
    expect(refused).toBe('afw.correctie');
    expect(c.node()).toBe('afw.q1');
    const entries = c.effectsOf('case.log').flatMap((e) => e.entries);
    expect(entries).toContainEqual(expect.objectContaining({ type: 'correction', data: { field: 'acuutCorrectie', value: 'Ik drukte per ongeluk op de knop.' } }));
    expect(entries).toContainEqual(expect.objectContaining({ type: 'correction', data: { gecorrigeerd: 'acuut' } }));
    c.answer('nee');
    expect(c.node()).toBe('afw.besluit');
    expect(Object.values(c.state.cases)[0]?.answers.advies).toBe('afsluiten');
    // Pressing the button again binds the advice again.
    c.click('acute').answer('verder');
    expect(c.node()).toBe('afw.gebonden');
  });
});

describe('an adult victim', () => {
  const ADULT: Plan = {
    ...CHILD,
    'ctx.sector': 'sociaal-werk',
    'ctx.slachtoffer': 'volwassene',
    's1.vormen': ['partnergeweld'],
    'kc.kinderen': 'nee',
    's3.met': ['client'],
    'afw.q1': 'ja',
    'afw.q2': 'nee',
    'afw.q3': 'ja',
    'afw.q4': 'ja',
    'afw.q5': 'later',
    'afw.besluit': 'hulp',
    'afw.toelichting': '',
  };

  it.each<[Lang, string, string]>([
    ['nl', 'partner maakt vernederende', 'verder met je zorg over de volwassene'],
    ['en', 'partner makes humiliating', 'go on with your concern about the adult'],
  ])('walks all five steps to a decision in %s, with adult signals, a kindcheck that closes only itself, and help followed up', async (lang, signal, kcText) => {
    // Arrange
    const c = await conversation(lang);
    c.start();
    // Act
    const passed = play(c, ADULT, 'menu');
    // Assert
    expect(passed).toEqual(expect.arrayContaining(['ctx.slachtoffer', 's1.vormen', 'kc.kinderen', 's1.signalen', 's2.advies', 's3.keuze', 'afw.q5', 'afw.besluit']));
    expect(passed).not.toContain('s1.leeftijd');
    expect(passed).not.toContain('ctx.client');
    const log = c.effectsOf('case.log').flatMap((e) => e.entries);
    expect(log).toContainEqual(expect.objectContaining({ type: 'kindcheck', data: expect.objectContaining({ uitkomst: 'negatief' }) }));
    const updates = c.effectsOf('case.update').map((e) => e.patch);
    expect(updates).toContainEqual(expect.objectContaining({ status: 'besluit', outcome: 'hulp' }));
    expect(updates.some((p) => p.outcome === 'kindcheck-geen-zorg')).toBe(false);
    expect(c.effectsOf('followup.schedule')).toHaveLength(1);
    expect(c.prompts.some((p) => p.kind === 'summary')).toBe(true);
    // The signal list offered adult signals, and the negative kindcheck said the case goes on.
    const c2 = await conversation(lang);
    c2.start();
    play(c2, ADULT, 's1.signalen');
    expect(JSON.stringify(c2.question())).toContain(signal);
    expect(JSON.stringify(c2.prompts).toLowerCase()).toContain(kcText.toLowerCase());
  });

  it('in health care offers the mantelzorgverleningscheck after the kindcheck', async () => {
    const c = await conversation('nl');
    c.start();
    play(c, { ...ADULT, 'ctx.sector': 'zorg' }, 'kc.mantelzorg');
    expect(c.infos().map((p) => p.text).join('\n')).toContain('KNMG');
    c.answer('ja');
    expect(c.node()).toBe('s1.signalen');
  });

  it('is informed before a melding with the adult wording: reaction, consent where possible, objections weighed', async () => {
    const c = await conversation('nl');
    c.start();
    play(c, { ...ADULT, 'afw.q2': 'ja', 'afw.besluit': 'melden' }, 'afw.informeren');
    const text = c.infos().map((p) => p.text).join('\n');
    expect(text).toContain('waar het kan om toestemming');
    expect(text).toContain('bezwaren');
    expect(c.question().question).toContain('de betrokkene');
  });
});

describe("the lead's card", () => {
  const BASE: ChannelSummary = { caseId: 'c1', ref: 'MC-AB12CD', sector: 'onderwijs', route: 'meldcode', step: 5, urgency: 'normaal', outcome: 'hulp', reporter: 'web:x' };
  const t = (lang: Lang, key: string, params?: Record<string, unknown>) => tr.t(lang, key, params);
  const rendered = (s: ChannelSummary): string[] => {
    const view = channelView(s, { lang: 'nl', t, reporterName: 'Mia' });
    return [JSON.stringify(channelCard(s, view)), JSON.stringify(channelMessage(s, view))];
  };

  it('flags a deviation from the advice in Teams, the web panel and Slack, without the reason', () => {
    for (const card of rendered({ ...BASE, deviation: true })) {
      expect(card).toContain('Afwijking van het advies: de reden staat in het dossier');
    }
    for (const card of rendered(BASE)) expect(card).not.toContain('Afwijking');
  });

  it('shows whether the melding was made yet', () => {
    for (const card of rendered({ ...BASE, outcome: 'melden', status: 'besluit' })) expect(card).toContain('besluit melden; melding nog niet gedaan');
    for (const card of rendered({ ...BASE, outcome: 'melden', status: 'melding-gedaan' })) expect(card).toContain('melding bij Veilig Thuis gedaan');
  });

  it('shows 112 as well as Veilig Thuis on an urgent case', () => {
    for (const card of rendered({ ...BASE, urgency: 'urgent' })) {
      expect(card).toContain('Bel 112');
      expect(card).toContain('0800-2000');
    }
    for (const card of rendered(BASE)) expect(card).not.toContain('112');
  });

  it("shows a staff route's own contact instead of Veilig Thuis", () => {
    for (const card of rendered({ ...BASE, route: 'medewerker', sector: 'kinderopvang', outcome: 'medewerker-route' })) {
      expect(card).toContain('0900-111 3 111');
      expect(card).not.toContain('0800-2000');
    }
    for (const card of rendered({ ...BASE, route: 'medewerker', sector: 'zorg', outcome: 'medewerker-route' })) {
      expect(card).toContain('Inspectie Gezondheidszorg en Jeugd');
      expect(card).not.toContain('0800-2000');
    }
  });
});
