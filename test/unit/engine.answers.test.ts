/**
 * How some answers are recorded and read back: a consultation "vandaag" kept as the day it meant (in the
 * organisation's time zone) and read as a local date in the summary and the dossier; the kindcheck's
 * "what do you know after asking?" answered by what was found out, never by a bare "Ja"; the step the
 * summary names, "Stap 5 van 5".
 */
import { describe, expect, it } from '@jest/globals';
import { FLOWS } from '../../dialogs/index.js';
import { buildDossier, dossierMarkdown } from '../../src/cases/dossier.js';
import type { CaseMeta, CaseRecord } from '../../src/cases/types.js';
import type { Lang } from '../../src/domain/types.js';
import { step } from '../../src/engine/engine.js';
import { fullSummary } from '../../src/engine/summary.js';
import type { CaseWork, Prompt } from '../../src/engine/types.js';
import { conversation, conversationAt, translator, type Conversation } from '../helpers/conversation.js';

/** Answers the question on screen at the moment `now` (the organisation in `timeZone`). */
function answerAt(c: Conversation, value: string, now: string, timeZone = 'Europe/Amsterdam'): Conversation {
  const r = step(FLOWS, c.state, { type: 'answer', promptId: c.question().promptId, value }, { ...c.ctx(), now, timeZone });
  c.state = r.state;
  c.prompts = r.prompts;
  c.effects = r.effects;
  c.allEffects.push(...r.effects);
  return c;
}

const openWork = (c: Conversation): CaseWork => {
  const work = Object.values(c.state.cases)[0];
  if (!work) throw new Error('no open case');
  return work;
};

function recordOf(c: Conversation): CaseRecord {
  const created = c.effectsOf('case.create')[0];
  if (!created) throw new Error('no case was created');
  const meta: CaseMeta = { ...created.meta };
  for (const u of c.effectsOf('case.update')) if (u.caseId === meta.id) Object.assign(meta, u.patch);
  return { meta, log: c.effectsOf('case.log').filter((e) => e.caseId === meta.id).flatMap((e) => e.entries) };
}

async function summaryOf(work: CaseWork, lang: Lang): Promise<Extract<Prompt, { kind: 'summary' }>> {
  const tr = await translator();
  return fullSummary(work, 'hulp', (k, p) => tr.t(lang, k, p), (l) => l[lang], FLOWS.fields) as Extract<Prompt, { kind: 'summary' }>;
}

const itemsOf = (s: Extract<Prompt, { kind: 'summary' }>) => s.sections.flatMap((x) => x.items);

describe('when the consultation was: a relative day is recorded as its date', () => {
  it.each([
    ['vandaag', '2026-11-23'],
    ['Gisteren', '2026-11-22'],
    ['eergisteren.', '2026-11-21'],
  ])('keeps "%s" said at 23:30 UTC (00:30 in Amsterdam) as %s, in the answers and in the case log', async (word, day) => {
    const c = await conversationAt('s2.wanneer');
    answerAt(c, word, '2026-11-22T23:30:00.000Z');
    expect(c.node()).toBe('s2.uitkomst');
    expect(openWork(c).answers.overlegWanneer).toBe(day);
    const logged = c.effectsOf('case.log').flatMap((e) => e.entries).filter((e) => e.data.field === 'overlegWanneer');
    expect(logged.map((e) => e.data.value)).toEqual([day]);
  });

  it('reads "today" in English the same way, and keeps anything else as typed ("vorige week", a date in words)', async () => {
    const en = await conversationAt('s2.wanneer', 'en');
    answerAt(en, 'today', '2026-11-22T10:00:00.000Z');
    expect(openWork(en).answers.overlegWanneer).toBe('2026-11-22');
    for (const typed of ['vorige week', 'Dinsdag 24 november, 15:00', 'vandaag om 10 uur']) {
      const c = await conversationAt('s2.wanneer');
      answerAt(c, typed, '2026-11-22T10:00:00.000Z');
      expect(openWork(c).answers.overlegWanneer).toBe(typed);
    }
  });

  it('shows the date as a local date in the summary and the dossier, in either language', async () => {
    const c = await conversationAt('s2.wanneer');
    answerAt(c, 'vandaag', '2026-11-22T23:30:00.000Z');
    const work = openWork(c);
    expect(itemsOf(await summaryOf(work, 'nl'))).toContainEqual({ label: 'Wanneer', value: '23 november 2026' });
    expect(itemsOf(await summaryOf(work, 'en')).map((i) => i.value)).toContain('23 November 2026');
    const tr = await translator();
    const md = dossierMarkdown(buildDossier(recordOf(c), { lang: 'nl', role: 'melder', requesterId: 'test:user-1', generatedAt: '2026-11-24T12:00:00.000Z' }, tr.t.bind(tr)));
    expect(md).toContain('23 november 2026');
    expect(md).not.toMatch(/: vandaag\b/);
  });

  it('still shows a case stored with the word itself as it was typed', async () => {
    const c = await conversationAt('s2.wanneer');
    const work = { ...openWork(c), answers: { ...openWork(c).answers, overlegWanneer: 'vandaag' } };
    expect(itemsOf(await summaryOf(work, 'nl'))).toContainEqual({ label: 'Wanneer', value: 'vandaag' });
  });
});

/** A new case about an adult client who does not know yet whether there are children: at "after asking". */
async function atNavragen(lang: Lang = 'nl'): Promise<Conversation> {
  const c = await conversation(lang);
  c.start();
  for (const [node, value] of [['menu', 'nieuw'], ['ctx.acuut', 'nee'], ['ctx.sector', 'onderwijs'], ['ctx.betreft', 'thuis'], ['ctx.slachtoffer', 'kind'], ['ctx.client', 'volwassene'], ['kc.kinderen', 'onbekend']] as const) {
    expect(c.node()).toBe(node);
    c.answer(value);
  }
  expect(c.node()).toBe('kc.navragen');
  return c;
}

describe('what the reporter knows after asking about children (kindcheck)', () => {
  it('offers answers that say what was found out, in both languages, not a bare yes or no', async () => {
    for (const lang of ['nl', 'en'] as const) {
      const q = (await atNavragen(lang)).question();
      const labels = q.kind === 'choice' ? q.options.map((o) => o.label) : [];
      expect(labels).toHaveLength(3);
      for (const l of labels) expect(l.split(' ').length).toBeGreaterThan(2);
    }
  });

  it('asks again calmly, with what is meant, when the reporter just types "ja"; nothing is recorded', async () => {
    const c = await atNavragen();
    const before = c.question().promptId;
    c.say('Ja');
    expect(c.infos()).toEqual([expect.objectContaining({ tone: 'normal', text: expect.stringContaining('Wat heb je gehoord?') })]);
    expect(c.question().promptId).toBe(before);
    expect(c.effects.filter((e) => e.type === 'case.log')).toEqual([]);
    c.say('no');
    expect(c.infos()[0]?.tone).toBe('normal');
    expect(c.node()).toBe('kc.navragen');
  });

  it('records the chosen finding and reads it back in the summary; an answer stored as "ja" earlier reads the same', async () => {
    const c = await atNavragen();
    c.pick('Er zijn kinderen');
    expect(c.node()).toBe('kc.waar');
    expect(openWork(c).answers.kcNavragen).toBe('kinderen');
    const shown = (v: string) => async () => itemsOf(await summaryOf({ ...openWork(c), answers: { ...openWork(c).answers, kcNavragen: v } }, 'nl')).find((i) => i.label === 'Na navragen: kinderen of zwangerschap')?.value;
    expect(await shown('kinderen')()).toBe('Er zijn kinderen of er is een zwangerschap');
    expect(await shown('ja')()).toBe('Er zijn kinderen of er is een zwangerschap');
    expect(await shown('nee')()).toBe('Er zijn geen kinderen en er is geen zwangerschap');
  });
});

describe('the step in the summary', () => {
  it.each([
    ['nl', 'Stap', '5 van 5'],
    ['en', 'Step', '5 of 5'],
  ] as const)('reads "%s" with "%s %s", never "Stap bereikt 5"', async (lang, label, value) => {
    const c = await conversationAt('s2.wanneer', lang);
    const s = await summaryOf({ ...openWork(c), step: 5 }, lang);
    expect(itemsOf(s)).toContainEqual({ label, value });
    expect(JSON.stringify(s)).not.toMatch(/bereikt|reached/);
  });
});
