/** Navigation: back, stop, later and resume, my open cases, language and the position label. */
import { describe, expect, it } from '@jest/globals';
import type { LogEntry } from '../../src/cases/types.js';
import type { CaseWork } from '../../src/engine/types.js';
import type { Lang } from '../../src/domain/types.js';
import { conversation, conversationAt, PATH_TO_STAP2, type Conversation } from '../helpers/conversation.js';

/** Answers by value, so the same path works in both languages. Node asked before each answer. */
/** New conversation, played until `node` is asked. */
const at = (node: string, lang: Lang = 'nl'): Promise<Conversation> => conversationAt(node, lang);

function onlyCase(c: Conversation): CaseWork {
  const all = Object.values(c.state.cases);
  if (all.length !== 1) throw new Error(`expected one open case, got ${all.length}`);
  return all[0] as CaseWork;
}

const logged = (c: Conversation): LogEntry[] => c.effectsOf('case.log').flatMap((e) => e.entries);
const navOf = (c: Conversation): string[] => c.question().nav.map((n) => n.command);
const infoText = (c: Conversation): string => c.infos().map((p) => p.text).join('\n');

describe('back', () => {
  it('returns to the previous question, with its earlier answer kept', async () => {
    // Arrange
    const c = await at('ctx.client');
    // Act
    c.click('back');
    // Assert
    expect(c.node()).toBe('ctx.slachtoffer');
    expect(onlyCase(c).answers.slachtoffer).toBe('kind');
    c.click('back');
    expect(c.node()).toBe('ctx.betreft');
    expect(onlyCase(c).answers.betreft).toBe('thuis');
  });

  it('is not offered on the first question of a case, and is offered from the second on', async () => {
    const c = await at('ctx.acuut');
    expect(navOf(c)).not.toContain('back');
    expect(navOf(c)).toEqual(expect.arrayContaining(['later', 'stop', 'acute']));
    c.answer('nee');
    expect(navOf(c)).toContain('back');
  });

  it('on the first question says so and stays there', async () => {
    const c = await at('ctx.acuut');
    const promptId = c.question().promptId;
    c.say('terug');
    expect(infoText(c)).toContain('Dit is de eerste vraag');
    expect(c.node()).toBe('ctx.acuut');
    expect(c.question().promptId).toBe(promptId);
  });

  it('then a different answer is stored and logged as a correction', async () => {
    // Arrange
    const c = await at('ctx.betreft');
    c.click('back');
    // Act
    c.answer('kinderopvang');
    // Assert
    expect(c.node()).toBe('ctx.betreft');
    expect(onlyCase(c).answers.sector).toBe('kinderopvang');
    const sectorEntries = logged(c).filter((e) => e.node === 'ctx.sector');
    expect(sectorEntries).toEqual([
      expect.objectContaining({ data: { field: 'sector', value: 'onderwijs' } }),
      expect.objectContaining({ data: { field: 'sector', value: 'kinderopvang' }, correction: true, reason: 'changed-after-back' }),
    ]);
    expect(sectorEntries[0]?.correction).toBeUndefined();
  });
});

describe('back shows the earlier answer', () => {
  it('pre-fills the text answered before', async () => {
    // Arrange
    const c = await at('s1.bron');
    // Act
    c.click('back');
    // Assert
    const q = c.question();
    expect(c.node()).toBe('s1.feiten');
    expect(q.kind === 'text' ? q.value : undefined).toBe('Maandag een blauwe plek op de arm gezien.');
    expect(q.kind === 'text' ? q.marks : undefined).toBeUndefined();
  });

  it('pre-selects the choice made before', async () => {
    const c = await at('s1.vormen');
    c.click('back');
    const q = c.question();
    expect(c.node()).toBe('s1.leeftijd');
    expect(q.kind === 'choice' ? q.value : undefined).toBe('4-12');
  });

  it('pre-selects every option ticked before in a multi-select', async () => {
    // Arrange
    const c = await at('s1.vormen');
    c.answer(['lichamelijke-mishandeling', 'emotionele-verwaarlozing']);
    // Act
    c.click('back');
    // Assert
    const q = c.question();
    expect(c.node()).toBe('s1.vormen');
    expect(q.kind === 'multi' ? q.value : undefined).toEqual(['lichamelijke-mishandeling', 'emotionele-verwaarlozing']);
  });

  it('keeps the earlier answer shown when the question is re-asked after a mistake', async () => {
    const c = await at('s1.vormen');
    c.click('back');
    c.say('xyzzy');
    const q = c.question();
    expect(c.node()).toBe('s1.leeftijd');
    expect(q.kind === 'choice' ? q.value : undefined).toBe('4-12');
  });

  it('does not pre-fill a question asked going forward, even one answered before', async () => {
    // Arrange
    const c = await at('s1.vormen');
    c.click('back');
    // Act
    c.answer('4-12');
    // Assert
    const q = c.question();
    expect(c.node()).toBe('s1.vormen');
    expect(q.kind === 'multi' ? q.value : 'not multi').toBeUndefined();
  });

  it('still logs a changed answer as a correction', async () => {
    const c = await at('s1.vormen');
    c.click('back');
    c.answer('0-4');
    const entries = logged(c).filter((e) => e.node === 's1.leeftijd');
    expect(entries.at(-1)).toEqual(expect.objectContaining({ data: { field: 'leeftijd', value: '0-4' }, correction: true }));
  });
});

describe('stop', () => {
  it('asks for confirmation, naming the case', async () => {
    const c = await at('s1.feiten');
    c.click('stop');
    expect(c.node()).toBe('stop.bevestig');
    expect(c.question().question).toContain('MC-TEST1');
    expect(c.effects).toEqual([]);
  });

  it('"stop" marks the case stopped, keeps its log and removes it from the open cases', async () => {
    // Arrange
    const c = await at('s1.feiten');
    const caseId = onlyCase(c).id;
    c.click('stop');
    // Act
    c.pick('Ja, stop');
    // Assert
    expect(c.effects).toContainEqual({ type: 'case.update', caseId, patch: expect.objectContaining({ status: 'gestopt' }) });
    expect(c.effects).toContainEqual({ type: 'case.log', caseId, entries: [expect.objectContaining({ type: 'status', data: { status: 'gestopt' } })] });
    expect(c.effects.map((e) => e.type)).toEqual(['case.log', 'case.update']);
    expect(c.state.cases).toEqual({});
    expect(infoText(c)).toContain('Zaak MC-TEST1 is gestopt');
    expect(c.node()).toBe('menu');
  });

  it('"verder" returns to the same question without changing anything', async () => {
    const c = await at('s1.feiten');
    const before = structuredClone(onlyCase(c));
    c.click('stop').pick('ga verder');
    expect(c.node()).toBe('s1.feiten');
    expect(onlyCase(c)).toEqual(before);
    expect(c.effectsOf('case.update').filter((e) => e.patch.status !== undefined)).toEqual([]);
  });

  it('typing "terug" on the confirmation returns to the question where stop was pressed', async () => {
    const c = await at('s1.feiten');
    const history = [...onlyCase(c).history];
    c.click('stop').say('terug');
    expect(c.node()).toBe('s1.feiten');
    expect(onlyCase(c).history).toEqual(history);
  });

  it('"bewaar" keeps the case for later, like the later button', async () => {
    const c = await at('s1.feiten');
    c.click('stop').pick('bewaar');
    expect(infoText(c)).toContain('MC-TEST1 is bewaard');
    expect(c.prompts.some((p) => 'promptId' in p)).toBe(false);
    expect(onlyCase(c).node).toBe('s1.feiten');
    c.say('hallo').pick('Ja, ga verder');
    expect(c.node()).toBe('s1.feiten');
  });
});

describe('later and resume', () => {
  it('saves the case and leaves no question open', async () => {
    // Arrange
    const c = await at('s1.bron');
    // Act
    c.click('later');
    // Assert
    expect(infoText(c)).toContain('Je zaak MC-TEST1 is bewaard');
    expect(c.prompts.some((p) => 'promptId' in p)).toBe(false);
    expect(c.state.promptId).toBeUndefined();
    expect(c.state.cursor).toBeUndefined();
    expect(onlyCase(c).node).toBe('s1.bron');
  });

  it('the next "hallo" offers to resume the case, and resuming continues at the same question with the answers intact', async () => {
    // Arrange
    const c = await at('s1.bron');
    const answers = structuredClone(onlyCase(c).answers);
    c.click('later');
    // Act
    c.say('hallo');
    // Assert
    expect(c.node()).toBe('hervat');
    expect(c.question().question).toContain('MC-TEST1');
    c.pick('Ja, ga verder');
    expect(c.node()).toBe('s1.bron');
    expect(infoText(c)).toContain('We gaan verder met zaak MC-TEST1');
    expect(onlyCase(c).answers).toEqual(answers);
    expect(onlyCase(c).answers.feiten).toBe('Maandag een blauwe plek op de arm gezien.');
    c.answer(['eigen']);
    expect(c.node()).toBe('s1.interpretatie');
    c.click('back');
    expect(c.node()).toBe('s1.bron');
  });

  it('"my open cases" lists every open case and resumes the chosen one', async () => {
    // Arrange: case 1 paused at s1.feiten, case 2 paused at ctx.betreft
    const c = await at('s1.feiten');
    c.click('later');
    c.say('hallo').pick('Naar het menu').pick('zorgen over een kind').answer('nee').answer('zorg');
    expect(c.node()).toBe('ctx.betreft');
    c.click('later');
    // Act
    c.say('hallo');
    expect(c.question().question).toContain('MC-TEST2');
    c.pick('andere zaak');
    // Assert
    expect(c.node()).toBe('mijn');
    const q = c.question();
    const labels = q.kind === 'choice' ? q.options.map((o) => o.label) : [];
    expect(labels).toHaveLength(3);
    expect(labels[0]).toContain('MC-TEST2');
    expect(labels[1]).toContain('MC-TEST1');
    c.pick('MC-TEST1');
    expect(c.node()).toBe('s1.feiten');
    expect(c.state.cursor?.caseId).toBe('case1');
    expect(c.state.cases.case2?.node).toBe('ctx.betreft');
  });

  it('"my open cases" from the menu counts the cases', async () => {
    const c = await at('s1.feiten');
    c.click('later');
    c.say('hallo').pick('Naar het menu');
    c.pick('Mijn open zaken (1)');
    expect(c.node()).toBe('mijn');
  });
});

describe('language', () => {
  it('switches to English from the menu and back to Dutch', async () => {
    // Arrange
    const c = await conversation('nl');
    c.say('hallo');
    expect(c.question().question).toBe('Waarmee kan ik je helpen?');
    // Act
    c.pick('English');
    // Assert
    expect(c.state.lang).toBe('en');
    expect(c.node()).toBe('menu');
    expect(c.question().question).toBe('How can I help you?');
    expect(c.question().nav.map((n) => n.label)).toEqual(['There is danger right now']);
    c.pick('Nederlands');
    expect(c.state.lang).toBe('nl');
    expect(c.question().question).toBe('Waarmee kan ik je helpen?');
  });

  it('typing "english" in a case re-asks the current question in English', async () => {
    const c = await at('ctx.sector');
    const promptId = c.question().promptId;
    c.say('english');
    expect(c.node()).toBe('ctx.sector');
    expect(c.question().promptId).toBe(promptId);
    expect(c.question().question).toBe('Which sector do you work in?');
  });

  it('two users in different languages do not affect each other', async () => {
    // Arrange
    const nl = await conversation('nl');
    const en = await conversation('en');
    // Act: interleave turns, and let the Dutch user switch to English and back
    nl.say('hallo');
    en.say('hello');
    nl.pick('English');
    en.pick('worried about a child');
    nl.pick('Nederlands');
    en.answer('nee');
    nl.pick('zorgen over een kind');
    // Assert
    expect(en.state.lang).toBe('en');
    expect(en.question().question).toBe('Which sector do you work in?');
    expect(nl.state.lang).toBe('nl');
    expect(nl.question().question).toContain('direct gevaar');
  });
});

describe('the position label', () => {
  it.each([
    ['nl', 'Stap 2 van 5 — Overleg'],
    ['en', 'Step 2 of 5 — Consultation'],
  ] as const)('in %s reads "%s" on every stap 2 question and its introduction', async (lang, label) => {
    // Arrange
    const c = await at('s2.advies', lang);
    const seen: string[] = [];
    // Act
    for (const node of ['s2.advies', 's2.wie', 's2.wanneer', 's2.uitkomst']) {
      expect(c.node()).toBe(node);
      expect(c.question().position).toEqual({ step: 2, total: 5, label });
      seen.push(...c.infos().map((p) => p.position?.label ?? 'none'));
      const value = PATH_TO_STAP2.find(([n]) => n === node)?.[1] ?? '';
      c.answer(value);
    }
    // Assert
    // Every info of stap 2 carries the label (how many infos there are is content, not navigation).
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual(seen.map(() => label));
    expect(c.node()).toBe('s3.keuze');
    expect(c.question().position?.label).toBe(lang === 'nl' ? 'Stap 3 van 5 — Gesprek' : 'Step 3 of 5 — Conversation');
  });

  it('has no step number outside the steps', async () => {
    const c = await at('ctx.sector');
    expect(c.question().position).toEqual({ label: 'Voorbereiding' });
  });
});
