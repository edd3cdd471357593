/**
 * How the flows describe their answer fields, each once: its key in the answers, its label (a locale
 * key), how its value is shown, and where it goes in the reporter's summary and in the dossier.
 * Each flow file lists the fields of its own questions next to them (`…_FIELDS`), so a new question
 * is one flow file plus its texts in the locales; dialogs/index.ts collects them in summary order as
 * FIELDS. The summary (src/engine/summary.ts, handed them through FLOWS), the dossier
 * (src/cases/dossier/) and the redaction of free text all derive from that list;
 * test/unit/fields.test.ts fails when a node's `field` has no entry or a text is missing in a locale.
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

/** The reporter's own words, as typed (what a redaction can remove). */
export const text: FieldRender = { kind: 'text' };
/** The reporter's own words, where a day named by a word ("vandaag") is kept as its date. */
export const textWithDay: FieldRender = { kind: 'text', day: true };
/** ja / nee (/ later). */
export const yesno: FieldRender = { kind: 'yesno' };
/** One option's label: the locale key `${prefix}.${value}`, or `keys[value]` where given. */
export const option = (prefix: string, keys?: Record<string, string>): FieldRender => ({ kind: 'option', prefix, ...(keys ? { keys } : {}) });
/** A list of option labels, the same way. */
export const options = (prefix: string): FieldRender => ({ kind: 'options', prefix });

/** One answer field: its key in the answers, its label key, its summary section, its dossier section, how it reads. */
export const field = (name: string, label: string, summary: SummarySection, dossier: DossierSection, render: FieldRender): FieldDef => ({ field: name, label, summary, dossier, render });

/** Helper so the flow files' field lists read as data (and are checked as such). */
export function defineFields(fields: FieldDef[]): FieldDef[] {
  return fields;
}
