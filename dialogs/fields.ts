/**
 * The answer fields of the flows, each described once: its key in the answers, its label (a locale
 * key), how its value is shown, and where it goes in the reporter's summary and in the dossier.
 * The summary (src/engine/summary.ts, handed these through FLOWS), the dossier (src/cases/dossier/)
 * and the redaction of free text all read this list; test/unit/fields.test.ts fails when a node's
 * `field` is missing here or a label is missing in a locale.
 *
 * One list for all flows rather than one per flow file: the order is the summary's order across the
 * steps, and a question that moves between flow files keeps its entry.
 */
import type { AnswerField, FieldRender, SummarySection } from '../src/engine/flow.js';

/** Sections of the dossier (meldcode-facts §7a: facts apart from interpretations). */
export type DossierSection =
  | 'context'
  | 'signals'
  | 'facts'
  | 'interpretations'
  | 'kindcheck'
  | 'stap2'
  | 'stap3'
  | 'stap4'
  | 'stap5'
  | 'melding'
  | 'urgent'
  | 'handling'
  | 'followup'
  | 'access'
  | 'notes';

/** An answer field: what the summary needs plus its dossier section. */
export interface FieldDef extends AnswerField {
  dossier: DossierSection;
}

const text: FieldRender = { kind: 'text' };
const yesno: FieldRender = { kind: 'yesno' };
const option = (prefix: string, keys?: Record<string, string>): FieldRender => ({ kind: 'option', prefix, ...(keys ? { keys } : {}) });
const options = (prefix: string): FieldRender => ({ kind: 'options', prefix });

const f = (field: string, label: string, summary: SummarySection, dossier: DossierSection, render: FieldRender): FieldDef => ({ field, label, summary, dossier, render });

/** Every answer field of a case, in the order of the summary. */
export const FIELDS: readonly FieldDef[] = [
  f('acuutCheck', 'summary.acuutCheck', 'case', 'context', option('answer.acuutCheck')),
  f('sector', 'summary.sector', 'case', 'context', { kind: 'sector' }),
  f('betreft', 'summary.betreft', 'case', 'context', option('answer.betreft')),
  f('slachtoffer', 'summary.victim', 'case', 'context', option('answer.slachtoffer')),
  f('client', 'summary.client', 'case', 'context', option('answer.client')),
  f('afInformeren', 'summary.afInformeren', 'case', 'context', yesno),
  // Set by the acute-danger check or a disclosure at stap 1, not asked as such.
  f('disclosure', 'summary.disclosure', 'case', 'urgent', { kind: 'flag' }),
  f('acuutCorrectie', 'summary.acuteCorrected', 'case', 'urgent', text),

  f('leeftijd', 'summary.age', 'stap1', 'signals', option('age')),
  f('vormen', 'summary.forms', 'stap1', 'signals', { kind: 'forms' }),
  f('expertGezien', 'summary.expertGezien', 'stap1', 'signals', option('answer.expertGezien')),
  f('signalen', 'summary.signals', 'stap1', 'signals', { kind: 'signals' }),
  f('feiten', 'summary.facts', 'stap1', 'facts', text),
  f('bron', 'summary.source', 'stap1', 'facts', options('s1.bron.opt')),
  f('interpretatie', 'summary.interpretation', 'stap1', 'interpretations', text),

  f('mantelzorg', 'summary.mantelzorg', 'kindcheck', 'kindcheck', option('kc.mantelzorg.opt')),
  f('kcKinderen', 'summary.kcChildren', 'kindcheck', 'kindcheck', option('kc.kinderen.opt')),
  f('kcNavragen', 'summary.kcNavragen', 'kindcheck', 'kindcheck', option('kc.kinderen.opt', { onduidelijk: 'kc.navragen.opt.onduidelijk' })),
  f('kcWaar', 'summary.kcWhere', 'kindcheck', 'kindcheck', text),
  f('kcVeilig', 'summary.kcSafe', 'kindcheck', 'kindcheck', option('kc.veilig.opt')),

  f('overlegKeuze', 'summary.overlegKeuze', 'stap2', 'stap2', option('answer.overlegKeuze')),
  f('overlegMet', 'summary.consultWith', 'stap2', 'stap2', options('s2.wie.opt')),
  f('overlegWanneer', 'summary.consultWhen', 'stap2', 'stap2', text),
  f('overlegUitkomst', 'summary.consultOutcome', 'stap2', 'stap2', text),

  f('nieuwkomer', 'summary.newcomer', 'stap3', 'stap3', yesno),
  f('gesprekKeuze', 'summary.gesprekKeuze', 'stap3', 'stap3', option('answer.gesprekKeuze')),
  f('overslaanReden', 'summary.skipReason', 'stap3', 'stap3', option('s3.overslaan.opt')),
  f('overslaanToelichting', 'summary.skipExplanation', 'stap3', 'stap3', text),
  f('gesprekGevoerd', 'summary.gesprekGevoerd', 'stap3', 'stap3', { kind: 'option', keys: { ja: 'common.yes', nee: 'answer.gesprekGevoerd.nee' } }),
  f('gesprekMet', 'summary.talkedWith', 'stap3', 'stap3', options('s3.met.opt')),
  f('gesprekReactie', 'summary.reaction', 'stap3', 'stap3', text),

  ...[1, 2, 3, 4, 5].map((n) => f(`afweging${n}`, `summary.afweging${n}`, 'stap4', 'stap4', yesno)),
  f('afwegingGebonden', 'summary.afwegingGebonden', 'stap4', 'stap4', option('afw.gebonden.opt')),
  // Set by the afwegingskader's branching, not asked as such.
  f('advies', 'summary.advice', 'stap4', 'stap4', option('advice')),

  f('besluit', 'summary.decision', 'stap5', 'stap5', option('afw.besluit.opt')),
  f('afwijkingReden', 'summary.deviation', 'stap5', 'stap5', text),
  f('besluitToelichting', 'summary.decisionNote', 'stap5', 'stap5', text),

  f('ouderInformeren', 'summary.informParents', 'melding', 'melding', yesno),
  f('nietInformerenGrond', 'summary.notInformGround', 'melding', 'melding', option('afw.nietInformerenGrond.opt')),
  f('nietInformerenReden', 'summary.notInformReason', 'melding', 'melding', text),
  f('meldingWanneer', 'summary.meldingWanneer', 'melding', 'melding', option('mld.wanneer.opt')),
  f('meldingDatum', 'summary.meldingDate', 'melding', 'melding', text),
  f('meldingAfspraken', 'summary.meldingAgreements', 'melding', 'melding', text),
  f('vtTerugkoppeling', 'summary.vtFeedback', 'melding', 'melding', text),
];

export const FIELD_BY_NAME: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((d) => [d.field, d]));

/**
 * Answers kept without a case: stap 0's factor lists. They are shown in the stap-0 outcome itself
 * and reach a case only as the dossier's note, never as answer fields.
 */
export const CASELESS_FIELDS: ReadonlySet<string> = new Set(['s0.ouder', 's0.kind', 's0.gezin', 's0.leef', 's0.bescherm']);

/** Answer fields whose value is the reporter's own words: what a redaction can remove. */
export const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set(FIELDS.filter((d) => d.render.kind === 'text').map((d) => d.field));
