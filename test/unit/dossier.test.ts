/**
 * The dossier export: a case played through the engine, plus the aandachtsfunctionaris's own entries,
 * laid out per meldcode step (meldcode-facts §7a) as Markdown and as a PDF read back with pdfjs.
 */
import { describe, expect, it } from '@jest/globals';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildDossier, dossierMarkdown, dossierPdf, dossierText, type Dossier, type DossierRequest } from '../../src/cases/dossier.js';
import type { CaseMeta, CaseRecord, LogEntry } from '../../src/cases/types.js';
import type { Lang } from '../../src/domain/types.js';
import { conversation, conversationAt, translator, type Conversation } from '../helpers/conversation.js';

const OWNER = 'test:user-1';
const AF = 'teams:af-7';
const AF_NAME = 'Anna de Vries';
const FIRST_FACT = 'Er is één blauwe plek gezien.';
const FACT = 'Er is één blauwe plek gezien, ook op dinsdag.';
const HOSTILE = '# Kop\n[link](http://x) <script>alert(1)</script> *vet*\n1. lijst\n- punt';
const CONSULT_WHEN = 'Dinsdag 24 november, 15:00';
const CONSULT_WHAT = 'Met een collega besproken: de zorg is terecht; Veilig Thuis adviseert te melden.';
const INBRENG = 'Moeder vertelde hoe zij de ochtenden ervaart.';
const REACTION = 'Moeder schrok en wil meewerken; afgesproken: volgende week opnieuw spreken.';
const DECISION_NOTE = 'Melden, want hulp bieden lukt ons niet binnen de school.';
const NOT_INFORM = 'Moeder dreigde het kind van school te halen.';
const CORRECTION = 'Ik vinkte per ongeluk aan dat het kind het vertelde; het was de buurvrouw.';
const MELDING_AGREED = 'Veilig Thuis belt de ouders; ik houd het kind in de klas in de gaten.';
const VT_FEEDBACK = 'Veilig Thuis doet onderzoek en zet hulp in.';

/** Fails with the node we are really at, so a changed flow is easy to spot. */
function at(c: Conversation, node: string): Conversation {
  if (c.node() !== node) throw new Error(`expected to be at ${node}, but at ${c.node()}`);
  return c;
}

/** The case as the store would hold it: the created meta with every update applied, and the whole log. */
function recordOf(c: Conversation): CaseRecord {
  const created = c.effectsOf('case.create')[0];
  if (!created) throw new Error('no case was created');
  const meta: CaseMeta = { ...created.meta };
  for (const u of c.effectsOf('case.update')) if (u.caseId === meta.id) Object.assign(meta, u.patch);
  const log = c.effectsOf('case.log').filter((e) => e.caseId === meta.id).flatMap((e) => e.entries);
  return { meta, log };
}

/**
 * A whole meldcode case: signals, a fact corrected after "back", a disclosure, a hostile interpretation,
 * consultation, a conversation, the afwegingskader with a changed answer, and a decision to report.
 */
function playedCase(lang: Lang = 'nl'): Promise<CaseRecord> {
  // Played once per language: the dossier never changes a record, so tests can share it.
  played[lang] ??= playCase(lang);
  return played[lang];
}
const played: Partial<Record<Lang, Promise<CaseRecord>>> = {};

async function playCase(lang: Lang): Promise<CaseRecord> {
  const c = await conversation(lang);
  c.start();
  at(c, 'menu').answer('nieuw');
  at(c, 'ctx.acuut').answer('nee');
  at(c, 'ctx.sector').answer('onderwijs');
  at(c, 'ctx.betreft').answer('thuis');
  at(c, 'ctx.slachtoffer').answer('kind');
  at(c, 'ctx.client').answer('kind');
  at(c, 's1.leeftijd').answer('4-12');
  at(c, 's1.vormen').answer(['lichamelijke-mishandeling']);
  at(c, 's1.nieuwkomer').answer('ja');
  const q = at(c, 's1.signalen').question();
  c.answer(q.kind === 'multi' ? q.options.slice(0, 2).map((o) => o.value) : []);
  at(c, 's1.feiten').say(FIRST_FACT);
  at(c, 's1.bron').click('back');
  at(c, 's1.feiten').say(FACT);
  // "The child told me" is a disclosure: the acute screen comes first.
  at(c, 's1.bron').answer(['eigen', 'kind']);
  at(c, 'acuut').answer('verder');
  at(c, 's1.normen').answer('twijfel');
  at(c, 's1.stressoren').answer(['verblijfsstatus', 'netwerk']);
  at(c, 's1.interpretatie').say(HOSTILE);
  at(c, 's2.advies').answer('gedaan');
  at(c, 's2.wie').answer(['collega', 'vt']);
  at(c, 's2.wanneer').say(CONSULT_WHEN);
  at(c, 's2.uitkomst').say(CONSULT_WHAT);
  at(c, 's3.keuze').answer('voeren');
  at(c, 's3.gevoerd').answer('ja');
  at(c, 's3.waar').answer('organisatie');
  at(c, 's3.luisteren').answer('ja');
  at(c, 's3.oplossingen').answer('deels');
  at(c, 's3.tolk').answer('professioneel');
  at(c, 's3.met').answer(['ouders']);
  at(c, 's3.reactie').say(REACTION);
  at(c, 's3.inbreng').say(INBRENG);
  // The disclosure binds the advice; here it is corrected as a mistake, so the five questions follow.
  at(c, 'afw.gebonden').answer('correctie');
  at(c, 'afw.correctie').say(CORRECTION);
  at(c, 'afw.q1').answer('ja');
  at(c, 'afw.q2').answer('nee');
  at(c, 'afw.q3').answer('ja');
  at(c, 'afw.q4').click('back');
  at(c, 'afw.q3').answer('nee');
  at(c, 'afw.besluit').answer('melden');
  at(c, 'afw.toelichting').say(DECISION_NOTE);
  at(c, 'afw.informeren').answer('nee');
  at(c, 'afw.nietInformerenGrond').answer('contact');
  at(c, 'afw.nietInformeren').say(NOT_INFORM);
  at(c, 'mld.gedaan').answer('ja');
  at(c, 'mld.wanneer').answer('vandaag');
  at(c, 'mld.afspraken').say(MELDING_AGREED);
  at(c, 'mld.terugkoppeling').answer('ja');
  at(c, 'mld.vt').say(VT_FEEDBACK);
  at(c, 'menu');
  return recordOf(c);
}

/** The aandachtsfunctionaris claims the case, moves its lead state, looks at and exports it; a reminder went out. */
function withLeadEntries(r: CaseRecord): CaseRecord {
  const extra: LogEntry[] = [
    { at: '2026-11-22T09:40:00.000Z', actor: 'system', type: 'reminder', data: { kind: 'unclaimed' } },
    { at: '2026-11-22T10:00:00.000Z', actor: AF, type: 'claim', data: { by: AF } },
    { at: '2026-11-22T10:05:00.000Z', actor: AF, type: 'lead', data: { lead: 'in-overleg', from: 'opgepakt' } },
    { at: '2026-11-22T10:06:00.000Z', actor: AF, type: 'view', data: {} },
    { at: '2026-11-22T10:07:00.000Z', actor: AF, type: 'export', data: { format: 'pdf' } },
    { at: '2026-11-22T10:30:00.000Z', actor: OWNER, type: 'view', data: {} },
    { at: '2026-11-23T08:00:00.000Z', actor: AF, type: 'lead', data: { lead: 'gemeld', from: 'in-overleg' } },
    // Afweging 5 asked again later, as the engine logs it on the closed case.
    { at: '2027-01-03T09:00:00.000Z', actor: OWNER, type: 'followup', data: { field: 'afweging5', value: 'nee' } },
  ];
  return {
    meta: { ...r.meta, claimedBy: AF, claimedByName: AF_NAME, claimedAt: '2026-11-22T10:00:00.000Z', lead: 'gemeld' },
    log: [...r.log, ...extra],
  };
}

async function dossierOf(r: CaseRecord, role: DossierRequest['role'], lang: Lang = 'nl'): Promise<Dossier> {
  const tr = await translator();
  const requesterId = role === 'melder' ? r.meta.owner : AF;
  return buildDossier(r, { lang, role, requesterId, generatedAt: '2026-11-24T12:00:00.000Z' }, tr.t.bind(tr));
}

/** Markdown split at its `##` headings: heading -> body. */
function sectionsOf(md: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of md.split(/^## /m).slice(1)) {
    const [heading = '', ...body] = part.split('\n');
    out.set(heading, body.join('\n'));
  }
  return out;
}

function section(md: string, heading: string): string {
  const body = sectionsOf(md).get(heading);
  if (body === undefined) throw new Error(`no section "${heading}" in:\n${md}`);
  return body;
}

/** The dossier's own texts (`dossier.*` in the locales), by key. */
const labels = (lang: 'nl' | 'en') => new Proxy({}, { get: (_o, key) => dossierText(lang, String(key)) }) as Record<string, string | undefined>;
const nl = labels('nl');

async function pdfText(buf: Buffer): Promise<{ pages: number; text: string; perPage: string[] }> {
  // verbosity 0: no warnings about the standard fonts, which pdfjs only needs for drawing, not for text.
  const doc = await pdfjs.getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const perPage: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    perPage.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return { pages: perPage.length, text: perPage.join(' '), perPage };
}

describe('the dossier of a whole case', () => {
  it('keeps the facts and the interpretations of others in separate sections', async () => {
    const md = dossierMarkdown(await dossierOf(withLeadEntries(await playedCase()), 'aandachtsfunctionaris'));
    const facts = section(md, nl['section.facts'] ?? '');
    const interpretations = section(md, nl['section.interpretations'] ?? '');

    expect(facts).toContain(FACT);
    expect(facts).toContain('Bron: Eigen waarneming, Het kind heeft het mij verteld');
    expect(facts).not.toContain('Kop');
    expect(interpretations).toContain('Interpretatie (apart van de feiten)');
    expect(interpretations).toContain('Kop');
    expect(interpretations).not.toContain('blauwe plek');
    expect(md.indexOf(`## ${nl['section.facts']}`)).toBeLessThan(md.indexOf(`## ${nl['section.interpretations']}`));
  });

  it('shows the signals, forms and age of stap 1', async () => {
    const md = dossierMarkdown(await dossierOf(await playedCase(), 'melder'));
    const signals = section(md, nl['section.signals'] ?? '');
    expect(signals).toContain('Leeftijd: 4 tot 12 jaar');
    expect(signals).toMatch(/Zorgen over: Lichamelijke mishandeling/i);
    expect(signals).toMatch(/Signalen: [^\n]+, [^\n]+/);
  });

  it('marks a correction and keeps the earlier answer visible above it', async () => {
    const md = dossierMarkdown(await dossierOf(await playedCase(), 'melder'));
    const facts = section(md, nl['section.facts'] ?? '');
    const lines = facts.split('\n').filter((l) => l.includes('blauwe plek'));

    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(FIRST_FACT);
    expect(lines[0]).not.toContain('correctie');
    expect(lines[1]).toContain(FACT);
    expect(lines[1]).toContain('(correctie: antwoord aangepast na teruggaan');
  });

  it('records the consultation: with whom, what and when', async () => {
    const md = dossierMarkdown(await dossierOf(await playedCase(), 'melder'));
    const stap2 = section(md, nl['section.stap2'] ?? '');
    expect(stap2).toContain('Met wie: Een collega, Veilig Thuis (advies)');
    expect(stap2).toContain(`Wanneer: ${CONSULT_WHEN}`);
    expect(stap2).toContain(`Wat is besproken en de uitkomst: ${CONSULT_WHAT}`);
  });

  it('records the conversation with whom, the reaction and the agreements', async () => {
    const md = dossierMarkdown(await dossierOf(await playedCase(), 'melder'));
    const stap3 = section(md, nl['section.stap3'] ?? '');
    expect(stap3).toContain('Gesproken met: Ouder(s) of verzorger(s)');
    expect(stap3).toContain(REACTION);
  });

  it('records the look back on the conversation in the conversation section', async () => {
    const md = dossierMarkdown(await dossierOf(await playedCase(), 'melder'));
    const stap3 = section(md, nl['section.stap3'] ?? '');
    expect(stap3).toContain('Eerst geluisterd en doorgevraagd: Ja');
    expect(stap3).toContain('Oplossingen achtergehouden bij bespreken onveiligheid: Deels');
    expect(stap3).toContain('Tolk: Ja, een professionele tolk');
    expect(stap3).toContain(`Inbreng ouders of cliënt: ${INBRENG}`);
  });

  it('records a newcomer family in the case context, the stressors as context and the norms check as an interpretation', async () => {
    const md = dossierMarkdown(await dossierOf(await playedCase(), 'melder'));
    const context = section(md, nl['section.context'] ?? '');
    expect(context).toContain('Nieuwkomersgezin: Ja');
    expect(context).toContain('Omstandigheden (context, geen signaal): Onzekerheid over de verblijfsstatus, Geen steunend netwerk');
    expect(section(md, nl['section.signals'] ?? '')).not.toContain('verblijfsstatus');
    expect(section(md, nl['section.interpretations'] ?? '')).toContain('Eigen normen: signaal of onbekend?: Ik twijfel: ik bespreek het met de aandachtsfunctionaris');
  });

  it('lists each weighing answer with its time, the changed one as a correction, and the advice', async () => {
    const md = dossierMarkdown(await dossierOf(await playedCase(), 'melder'));
    const stap4 = section(md, nl['section.stap4'] ?? '');
    expect(stap4).toMatch(/- \d{4}-\d\d-\d\d \d\d:\d\d · melder · Vraag 1 \(vermoeden\): Ja/);
    expect(stap4).toContain('Vraag 2 (acuut/structureel onveilig): Nee');
    expect(stap4).toMatch(/Vraag 3 \(hulp mogelijk\): Ja\n[^\n]*Vraag 3 \(hulp mogelijk\): Nee \(correctie: /);
    expect(stap4).toContain('Advies afwegingskader: Melden bij Veilig Thuis');
  });

  it('records the decision, its explanation and why the parents were not informed', async () => {
    const md = dossierMarkdown(await dossierOf(await playedCase(), 'melder'));
    const stap5 = section(md, nl['section.stap5'] ?? '');
    expect(stap5).toContain('Besluit: Melden bij Veilig Thuis');
    expect(stap5).toContain(DECISION_NOTE);
    const melding = section(md, nl['section.melding'] ?? '');
    expect(melding).toContain('Ouders vooraf geïnformeerd: Nee');
    expect(melding).toContain('Grond om niet vooraf te informeren: Ik verwacht dat het contact dan verbroken wordt');
    expect(melding).toContain(`Reden om niet vooraf te informeren: ${NOT_INFORM}`);
  });

  it('records the melding: when it was made, what was agreed with Veilig Thuis, and its feedback', async () => {
    const md = dossierMarkdown(await dossierOf(await playedCase(), 'melder'));
    const melding = section(md, nl['section.melding'] ?? '');
    // "vandaag" at the melding: the day itself, as a local date.
    expect(melding).toContain('Melding gedaan op: 22 november 2026');
    expect(melding).toContain(`Afspraken met Veilig Thuis: ${MELDING_AGREED}`);
    expect(melding).toContain(`Terugkoppeling van Veilig Thuis: ${VT_FEEDBACK}`);
    expect(section(md, nl['section.handling'] ?? '')).toContain('Status bij de melder: Melding bij Veilig Thuis gedaan');
  });

  it('shows a disclosure corrected as a mistake as a correction under the urgent record, and the bound advice otherwise', async () => {
    const md = dossierMarkdown(await dossierOf(await playedCase(), 'melder'));
    const urgent = section(md, nl['section.urgent'] ?? '');
    expect(urgent).toContain('disclosure');
    expect(urgent).toContain(`reden van de correctie: ${CORRECTION}`);
    expect(urgent).toContain('Vastlegging van een disclosure gecorrigeerd als vergissing');
  });

  it('shows the disclosure as an urgent escalation and the case header', async () => {
    const md = dossierMarkdown(await dossierOf(withLeadEntries(await playedCase()), 'aandachtsfunctionaris'));
    expect(section(md, nl['section.urgent'] ?? '')).toContain('disclosure');
    const head = section(md, nl['section.case'] ?? '');
    expect(head).toContain('Zaaknummer: MC-TEST1');
    expect(head).toContain('Sector: Onderwijs');
    expect(head).toContain('Route: Meldcode (thuissituatie)');
    expect(head).toContain('Stap: 5 van 5');
    expect(head).toContain('Status bij de melder: Melding bij Veilig Thuis gedaan — Melden bij Veilig Thuis');
    expect(head).toContain('Status bij de aandachtsfunctionaris: Gemeld bij Veilig Thuis');
    expect(head).toContain('Urgentie: Urgent');
    expect(head).toContain('Dossier gemaakt op: 2026-11-24 13:00');
    expect(head).toContain('Alle tijden in tijdzone Europe/Amsterdam.');
    expect(head).toContain('Pseudoniem dossier');
  });

  it('never shows platform ids, only roles', async () => {
    for (const role of ['melder', 'aandachtsfunctionaris'] as const) {
      const md = dossierMarkdown(await dossierOf(withLeadEntries(await playedCase()), role));
      expect(md).not.toContain(OWNER);
      expect(md).not.toContain(AF);
      expect(md).toContain('· melder ·');
      expect(md).toContain('· systeem ·');
    }
  });

  it('shows the claimer by name, and every view and export, to the aandachtsfunctionaris', async () => {
    const md = dossierMarkdown(await dossierOf(withLeadEntries(await playedCase()), 'aandachtsfunctionaris'));
    expect(section(md, nl['section.case'] ?? '')).toContain(`Opgepakt: door ${AF_NAME} (aandachtsfunctionaris), op 2026-11-22 11:00`);
    const handling = section(md, nl['section.handling'] ?? '');
    expect(handling).toContain(`Zaak opgepakt door ${AF_NAME}`);
    expect(handling).toContain('Status bij de aandachtsfunctionaris: In overleg (was: Opgepakt)');
    const access = section(md, nl['section.access'] ?? '');
    expect(access).toContain('2026-11-22 11:06 · aandachtsfunctionaris · Dossier ingezien');
    expect(access).toContain('2026-11-22 11:07 · aandachtsfunctionaris · Dossier geëxporteerd als pdf');
    expect(access).toContain('2026-11-22 11:30 · melder · Dossier ingezien');
    const followup = section(md, nl['section.followup'] ?? '');
    expect(followup).toContain('2026-11-22 10:40 · systeem · Herinnering: de zaak is nog niet opgepakt');
    expect(followup).toContain(
      '2027-01-03 10:00 · melder · Opvolging — Vraag 5 (duurzaam veilig): Nee; Advies afwegingskader: (Opnieuw) melden bij Veilig Thuis',
    );
    expect(section(md, nl['section.stap4'] ?? '')).not.toContain('Vraag 5');
  });

  it('gives a melder that it was claimed and when, but not by whom, nor who else looked at it', async () => {
    const md = dossierMarkdown(await dossierOf(withLeadEntries(await playedCase()), 'melder'));
    expect(md).not.toContain(AF_NAME);
    expect(md).not.toContain('Anna');
    expect(section(md, nl['section.case'] ?? '')).toContain('Opgepakt: Ja, door een aandachtsfunctionaris op 2026-11-22 11:00');
    expect(section(md, nl['section.handling'] ?? '')).toContain('2026-11-22 11:00 · aandachtsfunctionaris · Zaak opgepakt door aandachtsfunctionaris');
    const access = section(md, nl['section.access'] ?? '');
    expect(access).toContain('2026-11-22 11:30 · melder · Dossier ingezien');
    expect(access).not.toContain('aandachtsfunctionaris');
    expect(md).not.toContain('geëxporteerd');
  });

  it('escapes what a user typed, so it cannot restructure the Markdown', async () => {
    const md = dossierMarkdown(await dossierOf(await playedCase(), 'melder'));
    expect(md).toContain('\\# Kop');
    expect(md).toContain('\\[link\\](http://x)');
    expect(md).toContain('\\<script\\>');
    expect(md).toContain('\\*vet\\*');
    expect(md).toContain('1\\. lijst');
    expect(md).toContain('\\- punt');
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/(^|[^\\])\[link\]/);
    // The only headings are the title and the section headings.
    const headings = md.split('\n').filter((l) => /^\s{0,3}#/.test(l));
    expect(headings[0]).toMatch(/^# Dossier zaak MC-TEST1/);
    expect(headings.slice(1).every((h) => h.startsWith('## '))).toBe(true);
    expect(headings.some((h) => h.includes('Kop'))).toBe(false);
  });

  it('speaks English when asked', async () => {
    const md = dossierMarkdown(await dossierOf(withLeadEntries(await playedCase('en')), 'aandachtsfunctionaris', 'en'));
    const en = labels('en');
    expect(section(md, en['section.facts'] ?? '')).toContain(FACT);
    expect(section(md, en['section.stap5'] ?? '')).toContain('Decision: Report to Veilig Thuis');
    expect(md).toContain('· reporter ·');
    expect(md).not.toContain('Stap 1');
  });
});

describe('the dossier of shorter cases', () => {
  it('records a kindcheck without concern, and that it closed the case', async () => {
    const c = await conversation('nl');
    c.start();
    at(c, 'menu').answer('nieuw');
    at(c, 'ctx.acuut').answer('nee');
    at(c, 'ctx.sector').answer('zorg');
    at(c, 'ctx.betreft').answer('thuis');
    at(c, 'ctx.slachtoffer').answer('kind');
    at(c, 'ctx.client').answer('volwassene');
    at(c, 'kc.kinderen').answer('ja');
    at(c, 'kc.waar').say('Twee kinderen wonen bij de cliënt.');
    at(c, 'kc.veilig').answer('veilig');
    const md = dossierMarkdown(await dossierOf(recordOf(c), 'melder'));
    const kc = section(md, nl['section.kindcheck'] ?? '');
    expect(kc).toContain('Kinderen of zwangerschap: Ja');
    expect(kc).toContain('Waar en bij wie: Twee kinderen wonen bij de cliënt.');
    expect(kc).toContain('Veilig?: Ja, ik heb geen zorgen over hen');
    expect(kc).toContain('Uitkomst kindcheck: geen zorg over kinderen (negatief) — geen zorgen over de kinderen');
    expect(section(md, nl['section.case'] ?? '')).toContain('Status bij de melder: Gesloten — Kindcheck zonder zorg, gesloten');
    expect(md).not.toContain(`## ${nl['section.stap2']}`);
  });

  it('records a skipped conversation with its reason and explanation', async () => {
    const c = await conversationAt('s3.keuze');
    at(c, 's3.keuze').answer('overslaan');
    at(c, 's3.overslaan').answer('politie');
    at(c, 's3.overslaanToelichting').say('Eerst overleg met de zedenpolitie.');
    at(c, 'afw.steun');
    const md = dossierMarkdown(await dossierOf(recordOf(c), 'melder'));
    const stap3 = section(md, nl['section.stap3'] ?? '');
    expect(section(md, nl['section.context'] ?? '')).toContain('Nieuwkomersgezin: Nee');
    expect(stap3).toContain('Gesprek: het gesprek wordt (nu) overgeslagen');
    expect(stap3).toContain('Gesprek overgeslagen, reden: Mogelijk zedendelict: eerst de politie');
    expect(stap3).toContain('Toelichting: Eerst overleg met de zedenpolitie.');
    expect(md).not.toContain(`## ${nl['section.stap4']}`);
    expect(section(md, nl['section.case'] ?? '')).toContain('Status bij de aandachtsfunctionaris: Nieuw');
  });
});

describe('a decision against the advice', () => {
  const REASON = 'Besproken met de aandachtsfunctionaris: de blauwe plek had een andere oorzaak.';

  async function deviationCase(): Promise<CaseRecord> {
    const c = await conversationAt('s2.advies');
    for (const [node, value] of [
      ['s2.advies', 'gedaan'], ['s2.wie', ['collega']], ['s2.wanneer', 'dinsdag'], ['s2.uitkomst', 'afwegen'],
      ['s3.keuze', 'voeren'], ['s3.gevoerd', 'ja'], ['s3.waar', 'organisatie'], ['s3.luisteren', 'ja'], ['s3.oplossingen', 'ja'], ['s3.met', ['ouders']], ['s3.reactie', 'reactie'], ['s3.inbreng', ''], ['afw.steun', ['lirik', 'veilig-thuis']], ['afw.q1', 'ja'], ['afw.q2', 'ja'], ['afw.besluit', 'afsluiten'],
    ] as const) at(c, node).answer(value as string | string[]);
    at(c, 'afw.afwijking').say(REASON);
    at(c, 'menu');
    return recordOf(c);
  }

  it('is flagged in the header and recorded with its reason at stap 5, in Markdown and PDF', async () => {
    const r = await deviationCase();
    expect(r.meta.deviation).toBe(true);
    const d = await dossierOf(r, 'aandachtsfunctionaris');
    const md = dossierMarkdown(d);
    expect(section(md, nl['section.case'] ?? '')).toContain('Afwijking van het advies van het afwegingskader: ja');
    expect(section(md, nl['section.stap5'] ?? '')).toContain(`Afwijking van het advies — reden: ${REASON}`);
    expect(section(md, nl['section.stap4'] ?? '')).toContain('Ondersteuning bij de weging: LIRIK, Overleg met Veilig Thuis');
    const { text } = await pdfText(await dossierPdf(d));
    expect(text).toContain('Afwijking van het advies van het afwegingskader: ja');
    expect(text).toContain(REASON);
  });
});

describe('the dossier as PDF', () => {
  it('holds the case reference, the headings, Dutch letters and the decision', async () => {
    const d = await dossierOf(withLeadEntries(await playedCase()), 'aandachtsfunctionaris');
    const buf = await dossierPdf(d);
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text } = await pdfText(buf);
    expect(text).toContain('MC-TEST1');
    expect(text).toContain(nl['section.facts']);
    expect(text).toContain(FACT);
    expect(text).toContain('Besluit: Melden bij Veilig Thuis');
    expect(text).toContain('Ouders vooraf geïnformeerd');
    expect(text).toContain('Pagina 1 van');
  });

  it('is the same file for the same dossier', async () => {
    const d = await dossierOf(await playedCase(), 'melder');
    const [a, b] = await Promise.all([dossierPdf(d), dossierPdf(d)]);
    expect(a.equals(b)).toBe(true);
  });

  it('spreads a long case over several numbered pages', async () => {
    const r = await playedCase();
    const more: LogEntry[] = Array.from({ length: 60 }, (_, i) => ({
      at: `2026-11-2${5 + Math.floor(i / 30)}T${String(8 + (i % 10)).padStart(2, '0')}:00:00.000Z`,
      actor: OWNER,
      type: 'fact',
      node: 's1.feiten',
      step: 1,
      data: { field: 'feiten', value: `Aanvulling ${i + 1}: het kind kwam opnieuw te laat en vertelde over ruzie thuis; één keer zei het kind dat het bang was om naar huis te gaan.` },
      correction: true,
      reason: 'changed-after-back',
    }));
    const { pages, perPage } = await pdfText(await dossierPdf(await dossierOf({ meta: r.meta, log: [...r.log, ...more] }, 'melder')));
    expect(pages).toBeGreaterThan(1);
    expect(perPage[1]).toContain(`Pagina 2 van ${pages}`);
    expect(perPage.join(' ')).toContain('Aanvulling 60');
  });

  it('shows letters beyond WinAnsi as typed in its embedded font, and only what the font lacks as "?"', async () => {
    const d: Dossier = { title: 'Dossier Łódź', lang: 'en', generatedAt: '2026-11-24T12:00:00Z', sections: [{ heading: 'Test', lines: ['Őrs → café ĳs Ωmega Жанна 漢'] }] };
    const buf = await dossierPdf(d);
    const { text } = await pdfText(buf);
    expect(text).toContain('Őrs → café ĳs Ωmega Жанна ?');
    expect(text).toContain('Dossier Łódź');
    expect(text).toContain('Page 1 of 1');
    // An embedded TrueType font (a subset of DejaVu Sans), none of the standard 14.
    const raw = buf.toString('latin1');
    expect(raw).toMatch(/\/FontFile2 /);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
  });
});

describe('the dossier PDF for a screen reader', () => {
  type Node = { role?: string; type?: string; children?: Node[]; lang?: string };
  const roles = (n: Node | null | undefined, out: string[] = []): string[] => {
    if (!n) return out;
    if (n.role) out.push(n.role);
    for (const c of n.children ?? []) roles(c, out);
    return out;
  };

  it('is tagged (MarkInfo, a structure tree with H1, H2 and list items), names its language and title, and reads in order', async () => {
    // Arrange
    const d: Dossier = {
      title: 'Dossier MC-TAG01',
      lang: 'nl',
      generatedAt: '2026-11-24T12:00:00Z',
      sections: [
        { heading: 'Stap 1: signalen', lines: ['Eerste regel', 'Tweede regel'] },
        { heading: 'Stap 2: overleg', lines: ['Derde regel'] },
      ],
    };

    // Act
    const buf = await dossierPdf(d);
    const doc = await pdfjs.getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
    const markInfo = (await doc.getMarkInfo()) as { Marked?: boolean } | null;
    const meta = await doc.getMetadata();
    const page = await doc.getPage(1);
    const tree = (await page.getStructTree()) as Node;
    const content = await page.getTextContent({ includeMarkedContent: false });
    const text = content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' ');
    await doc.destroy();

    // Assert
    expect(markInfo?.Marked).toBe(true);
    expect(buf.toString('latin1')).toContain('/StructTreeRoot');
    expect(buf.toString('latin1')).toMatch(/\/Lang \(nl-NL\)/);
    expect(buf.toString('latin1')).toMatch(/\/DisplayDocTitle true/);
    expect((meta.info as { Title?: string }).Title).toBe('Dossier MC-TAG01');
    const r = roles(tree);
    expect(r.filter((x) => x === 'H1')).toHaveLength(1);
    expect(r.filter((x) => x === 'H2')).toHaveLength(2);
    expect(r.filter((x) => x === 'LI')).toHaveLength(3);
    expect(r.indexOf('H1')).toBeLessThan(r.indexOf('H2'));
    // Reading order: title, first heading and its lines, then the next; the page number last.
    const order = ['Dossier MC-TAG01', 'Stap 1: signalen', 'Eerste regel', 'Tweede regel', 'Stap 2: overleg', 'Derde regel', 'Pagina 1 van 1'].map((x) => text.indexOf(x));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('names English as the language of an English dossier', async () => {
    const buf = await dossierPdf({ title: 'Dossier', lang: 'en', generatedAt: '2026-11-24T12:00:00Z', sections: [{ heading: 'Step 1', lines: ['A line'] }] });
    expect(buf.toString('latin1')).toMatch(/\/Lang \(en-GB\)/);
  });
});

describe('a redacted text', () => {
  const meta: CaseMeta = { id: 'c1', ref: 'MC-RDCT01', owner: OWNER, route: 'meldcode', step: 1, status: 'open', urgency: 'normaal', createdAt: '2026-11-23T09:00:00.000Z', updatedAt: '2026-11-23T09:00:00.000Z' };
  const record: CaseRecord = {
    meta,
    log: [
      { at: '2026-11-23T09:01:00.000Z', actor: OWNER, type: 'fact', node: 's1.feiten', data: { field: 'feiten', value: null, redacted: true, redactedReason: 'naam' } },
      { at: '2026-11-23T09:02:00.000Z', actor: OWNER, type: 'interpretation', node: 's1.interpretatie', data: { field: 'interpretatie', value: 'Het kind leek bang.' } },
      { at: '2026-11-24T10:00:00.000Z', actor: AF, type: 'redaction', data: { veld: 'feiten', reden: 'naam' } },
    ],
  };

  it('shows the marker where the text was and who removed it why, in Dutch and English', async () => {
    // Act
    const nlMd = dossierMarkdown(await dossierOf(record, 'aandachtsfunctionaris', 'nl'));
    const enMd = dossierMarkdown(await dossierOf(record, 'aandachtsfunctionaris', 'en'));

    // Assert
    expect(nlMd).toContain('Feiten (gezien of gehoord, wanneer): \\[tekst verwijderd: bevat een naam\\]');
    expect(nlMd).toContain('Tekst verwijderd uit een eerder antwoord (Feiten (gezien of gehoord, wanneer)), reden: bevat een naam');
    expect(nlMd).toContain('Het kind leek bang.');
    expect(nlMd).not.toContain('redacted');
    expect(enMd).toContain('\\[text removed: contained a name\\]');
    expect(enMd).toContain('Text removed from an earlier answer');
  });
});
