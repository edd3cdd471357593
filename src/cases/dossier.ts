/**
 * The dossier export: a case's append-only log, laid out along the record-keeping points of the
 * meldcode (meldcode-facts §7a) for the reporter's or the aandachtsfunctionaris's own file.
 *
 * `buildDossier` is pure: it turns a {@link CaseRecord} into headings and lines of plain text.
 * `dossierMarkdown` and `dossierPdf` only render; escaping for the target happens there.
 * Platform ids never leave this module: actors are shown by role ("melder", "aandachtsfunctionaris").
 */
import type PDFKitDocument from 'pdfkit';
import type { CaseRecord, LogEntry } from './types.js';
import { LEAD_STATES } from './types.js';
import { PROTECTIVE_FACTORS, RISK_FACTORS } from '../domain/factors.js';
import { formById } from '../domain/forms.js';
import { sectorById } from '../domain/sectors.js';
import { signalText } from '../domain/signals.js';
import type { Localized } from '../domain/types.js';
import type { Translator } from '../i18n/index.js';

/** Who asks for the dossier; decides what it may show (the caller checks a melder only exports their own case). */
export type DossierRole = 'melder' | 'aandachtsfunctionaris';

export interface DossierRequest {
  lang: 'nl' | 'en';
  role: DossierRole;
  /** Platform id of the person exporting: their own view/export entries stay visible to a melder. Never printed. */
  requesterId: string;
  /** ISO time the export is made; printed, and used as the PDF's creation date. */
  generatedAt: string;
}

/** A dossier as plain text: renderers escape it for their target. */
export interface Dossier {
  title: string;
  sections: { heading: string; lines: string[] }[];
  /** Language of the labels; the PDF uses it for its page numbers. */
  lang?: 'nl' | 'en';
  /** As in the request; the PDF's creation date (so the same dossier gives the same file). */
  generatedAt?: string;
}

/**
 * Labels of the dossier, until they move into the generated locale files (`dossier.*` there).
 * Values from the dialogues (options, advice, outcomes) come from the existing locale keys.
 */
export const DOSSIER_LABELS: Record<'nl' | 'en', Record<string, string>> = {
  nl: {
    title: 'Dossier zaak {{ref}} — Meldcode-assistent',
    'section.case': 'Zaak',
    'section.context': 'Begin van de zaak',
    'section.signals': 'Stap 1 — Signalen in kaart',
    'section.facts': 'Stap 1 — Feiten (zelf gezien of gehoord, met bron)',
    'section.interpretations': 'Interpretaties en meningen van anderen (geen feiten)',
    'section.kindcheck': 'Kindcheck',
    'section.stap2': 'Stap 2 — Overleg: met wie, wat en wanneer',
    'section.stap3': 'Stap 3 — Gesprek',
    'section.stap4': 'Stap 4 — Weging met het afwegingskader',
    'section.stap5': 'Stap 5 — Besluit',
    'section.urgent': 'Urgentie en escalaties',
    'section.handling': 'Oppakken en status',
    'section.followup': 'Herinneringen en opvolging',
    'section.access': 'Inzage en export',
    'section.notes': 'Overige aantekeningen',
    'header.route': 'Route',
    'header.reporterStatus': 'Status bij de melder',
    'header.lead': 'Status bij de aandachtsfunctionaris',
    'header.created': 'Aangemaakt',
    'header.closed': 'Gesloten',
    'header.claimed': 'Opgepakt',
    'header.claimedBy': 'Opgepakt door {{name}} (aandachtsfunctionaris) op {{at}}',
    'header.claimedAnon': 'Ja, door een aandachtsfunctionaris op {{at}}',
    'header.notClaimed': 'Nog niet',
    'header.generated': 'Dossier gemaakt op',
    'header.for': 'Gemaakt voor',
    'header.pseudonymous':
      'Pseudoniem dossier: een zaaknummer in plaats van namen van kind, ouders of melder. Bewaar het in het dossier van je organisatie en deel het alleen met wie er recht op heeft.',
    'header.appendOnly': 'Niets is weggelaten of overschreven: een correctie staat als nieuwe regel, met reden, onder de eerdere invoer. Alleen vrije tekst die bijvoorbeeld een naam bevatte kan zijn verwijderd; dat staat dan op de plek van de tekst, en wie, wanneer en waarom staat erbij.',
    'header.times': 'Alle tijden in UTC.',
    'route.meldcode': 'Meldcode (thuissituatie)',
    'route.medewerker': 'Zorg over een medewerker (houder/bestuur)',
    'caseStatus.open': 'Nog bezig',
    'caseStatus.besluit': 'Besluit genomen',
    'caseStatus.gesloten': 'Gesloten',
    'caseStatus.gestopt': 'Gestopt door de melder',
    'lead.nieuw': 'Nieuw',
    'lead.opgepakt': 'Opgepakt',
    'lead.in-overleg': 'In overleg',
    'lead.gemeld': 'Gemeld bij Veilig Thuis',
    'lead.hulp-georganiseerd': 'Hulp georganiseerd',
    'lead.afgesloten-zonder-zorg': 'Afgesloten zonder zorg',
    'lead.gesloten': 'Gesloten',
    'actor.melder': 'melder',
    'actor.aandachtsfunctionaris': 'aandachtsfunctionaris',
    'actor.systeem': 'systeem',
    'actor.collega': 'collega',
    correction: 'correctie: {{reason}}',
    'reason.changed-after-back': 'antwoord aangepast na teruggaan',
    'reason.none': 'geen reden opgegeven',
    empty: '(leeg gelaten)',
    'field.acuutCheck': 'Direct gevaar of disclosure bij de start',
    'field.betreft': 'Zorg gaat over',
    'field.client': 'Je werkt met',
    'field.expertGezien': 'Eerst een deskundige raadplegen (eergerelateerd geweld, VGV, huwelijksdwang)',
    'field.kcNavragen': 'Na navragen: kinderen of zwangerschap',
    'field.overlegKeuze': 'Overleg',
    'field.overlegMet': 'Met wie',
    'field.overlegWanneer': 'Wanneer',
    'field.overlegUitkomst': 'Wat is besproken en de uitkomst',
    'field.gesprekKeuze': 'Gesprek',
    'field.gesprekGevoerd': 'Gesprek gevoerd',
    'field.afInformeren': 'Aandachtsfunctionaris kort informeren',
    'value.acuutCheck.gevaar': 'direct gevaar',
    'value.acuutCheck.disclosure': 'een kind heeft het zelf verteld',
    'value.acuutCheck.nee': 'nee',
    'value.betreft.thuis': 'de thuissituatie van een kind',
    'value.betreft.medewerker': 'een medewerker, vrijwilliger of stagiair',
    'value.client.kind': 'het kind',
    'value.client.volwassene': 'een volwassene (bijv. een ouder als cliënt)',
    'value.expertGezien': 'gelezen',
    'value.overlegKeuze.gedaan': 'de melder legt het overleg vast',
    'value.overlegKeuze.af': 'de aandachtsfunctionaris is om overleg gevraagd',
    'value.gesprekKeuze.voeren': 'het gesprek wordt (of is) gevoerd',
    'value.gesprekKeuze.overslaan': 'het gesprek wordt (nu) overgeslagen',
    'value.gesprekGevoerd.nee': 'nog niet',
    'kc.outcome': 'Uitkomst kindcheck',
    'kc.outcome.negatief': 'geen zorg over kinderen (negatief)',
    'kc.outcome.positief': 'zorg of onduidelijk: de stappen van de meldcode volgen (positief)',
    'kc.finding.geen-kinderen': 'geen kinderen en geen zwangerschap',
    'kc.finding.geen-zorg': 'geen zorgen over de kinderen',
    'kc.finding.zorgen': 'zorgen over de kinderen',
    'kc.finding.onbekend': 'niet bekend of de kinderen veilig zijn',
    'kc.finding.onduidelijk': 'blijft onduidelijk of er kinderen zijn',
    'urgent.acuut': 'Direct gevaar gemeld; de zaak is urgent en de aandachtsfunctionaris is gewaarschuwd',
    'urgent.disclosure': 'Een kind of een volwassen slachtoffer heeft het zelf verteld (disclosure); de zaak is urgent en de aandachtsfunctionaris is gewaarschuwd',
    'urgent.other': 'Urgentie of escalatie',
    opened: 'Zaak geopend',
    status: 'Status bij de melder: {{status}}',
    'status.outcome': 'uitkomst: {{outcome}}',
    claim: 'Zaak opgepakt door {{who}}',
    claimNamed: 'Zaak opgepakt door {{name}} (aandachtsfunctionaris)',
    lead: 'Status bij de aandachtsfunctionaris: {{state}}',
    'lead.from': 'was: {{state}}',
    'lead.unknown': 'Status bij de aandachtsfunctionaris gewijzigd',
    view: 'Dossier ingezien',
    export: 'Dossier geëxporteerd',
    'export.format': 'Dossier geëxporteerd als {{format}}',
    reminder: 'Herinnering verstuurd',
    'reminder.unclaimed': 'Herinnering: de zaak is nog niet opgepakt',
    'reminder.kind': 'Herinnering ({{kind}})',
    followup: 'Opvolging',
    'followup.afweging5': 'Opvolging: vraag 5 opnieuw stellen (leidt de hulp tot duurzame veiligheid?)',
    due: 'gepland voor {{at}}',
    note: 'Aantekening',
    'note.stap0': 'Snelle check (stap 0) — risicofactoren: {{risks}}; beschermende factoren: {{protective}}',
    'note.medewerker': 'Route zorg over een medewerker gevolgd',
    'section.melding': 'Stap 5 — Melding bij Veilig Thuis en terugkoppeling',
    'header.deviation': 'Afwijking van het advies van het afwegingskader',
    'header.deviationYes': 'ja — de reden staat bij stap 5',
    'caseStatus.melding-gedaan': 'Melding bij Veilig Thuis gedaan',
    'field.slachtoffer': 'Zorg gaat over',
    'value.slachtoffer.kind': 'een kind',
    'value.slachtoffer.volwassene': 'een volwassene',
    'value.slachtoffer.beide': 'een kind en een volwassene',
    'field.mantelzorg': 'Mantelzorgverleningscheck: zijn er mensen afhankelijk van de zorg van de cliënt',
    'field.afwijkingReden': 'Afwijking van het advies — reden',
    'field.nietInformerenGrond': 'Grond om niet vooraf te informeren',
    'field.meldingWanneer': 'Melding gedaan',
    'field.meldingDatum': 'Melding gedaan op',
    'field.meldingAfspraken': 'Afspraken met Veilig Thuis',
    'field.vtTerugkoppeling': 'Terugkoppeling van Veilig Thuis',
    'field.acuutCorrectie': 'Direct gevaar of disclosure per vergissing vastgelegd — reden van de correctie',
    'field.afwegingGebonden': 'Advies bij direct gevaar of disclosure',
    'weighing.grond.acuut': 'vraag 1 en 2: ja, omdat direct gevaar is vastgelegd (acute onveiligheid)',
    'weighing.grond.disclosure': 'vraag 1 en 2: ja, omdat een onthulling (disclosure) is vastgelegd (acute onveiligheid)',
    'weighing.vraag': 'na vraag {{n}}',
    'correction.acuut': 'Vastlegging van direct gevaar gecorrigeerd als vergissing; de gewone afweging geldt weer',
    'correction.disclosure': 'Vastlegging van een disclosure gecorrigeerd als vergissing; de gewone afweging geldt weer',
    'pdf.page': 'Pagina {{n}} van {{total}}',
    'redacted.naam': '[tekst verwijderd: bevat een naam]',
    'redacted.herleidbaar': '[tekst verwijderd: bevat andere herleidbare gegevens]',
    'redacted.anders': '[tekst verwijderd]',
    'redaction': 'Tekst verwijderd uit een eerder antwoord ({{field}}), reden: {{reason}}',
    'redaction.note': 'toelichting: {{note}}',
    'redaction.reason.naam': 'bevat een naam',
    'redaction.reason.herleidbaar': 'bevat andere herleidbare gegevens',
    'redaction.reason.anders': 'anders',
  },
  en: {
    title: 'Case file {{ref}} — Meldcode assistant',
    'section.case': 'Case',
    'section.context': 'Start of the case',
    'section.signals': 'Step 1 — Mapping the signals',
    'section.facts': 'Step 1 — Facts (seen or heard yourself, with source)',
    'section.interpretations': 'Interpretations and opinions of others (not facts)',
    'section.kindcheck': 'Child check',
    'section.stap2': 'Step 2 — Consultation: with whom, what and when',
    'section.stap3': 'Step 3 — Conversation',
    'section.stap4': 'Step 4 — Weighing with the afwegingskader',
    'section.stap5': 'Step 5 — Decision',
    'section.urgent': 'Urgency and escalations',
    'section.handling': 'Pick-up and status',
    'section.followup': 'Reminders and follow-up',
    'section.access': 'Access and exports',
    'section.notes': 'Other notes',
    'header.route': 'Route',
    'header.reporterStatus': 'Status for the reporter',
    'header.lead': 'Status for the aandachtsfunctionaris',
    'header.created': 'Created',
    'header.closed': 'Closed',
    'header.claimed': 'Picked up',
    'header.claimedBy': 'Picked up by {{name}} (aandachtsfunctionaris) on {{at}}',
    'header.claimedAnon': 'Yes, by an aandachtsfunctionaris on {{at}}',
    'header.notClaimed': 'Not yet',
    'header.generated': 'File made on',
    'header.for': 'Made for',
    'header.pseudonymous':
      'Pseudonymous file: a case number instead of the names of child, parents or reporter. Keep it in your organisation’s own records and share it only with those entitled to it.',
    'header.appendOnly': 'Nothing has been left out or overwritten: a correction is a new line, with its reason, below the earlier entry. Only free text that held, for example, a name may have been removed; the place of the text then says so, and who, when and why is recorded.',
    'header.times': 'All times in UTC.',
    'route.meldcode': 'Meldcode (home situation)',
    'route.medewerker': 'Concern about a staff member (employer/board)',
    'caseStatus.open': 'In progress',
    'caseStatus.besluit': 'Decision taken',
    'caseStatus.gesloten': 'Closed',
    'caseStatus.gestopt': 'Stopped by the reporter',
    'lead.nieuw': 'New',
    'lead.opgepakt': 'Picked up',
    'lead.in-overleg': 'In consultation',
    'lead.gemeld': 'Reported to Veilig Thuis',
    'lead.hulp-georganiseerd': 'Help organised',
    'lead.afgesloten-zonder-zorg': 'Closed without concern',
    'lead.gesloten': 'Closed',
    'actor.melder': 'reporter',
    'actor.aandachtsfunctionaris': 'aandachtsfunctionaris',
    'actor.systeem': 'system',
    'actor.collega': 'colleague',
    correction: 'correction: {{reason}}',
    'reason.changed-after-back': 'answer changed after going back',
    'reason.none': 'no reason given',
    empty: '(left empty)',
    'field.acuutCheck': 'Immediate danger or disclosure at the start',
    'field.betreft': 'Concern is about',
    'field.client': 'You work with',
    'field.expertGezien': 'Consult an expert first (honour-based violence, FGM, forced marriage)',
    'field.kcNavragen': 'After asking: children or pregnancy',
    'field.overlegKeuze': 'Consultation',
    'field.overlegMet': 'With whom',
    'field.overlegWanneer': 'When',
    'field.overlegUitkomst': 'What was discussed and the outcome',
    'field.gesprekKeuze': 'Conversation',
    'field.gesprekGevoerd': 'Conversation held',
    'field.afInformeren': 'Briefly inform the aandachtsfunctionaris',
    'value.acuutCheck.gevaar': 'immediate danger',
    'value.acuutCheck.disclosure': 'a child told them',
    'value.acuutCheck.nee': 'no',
    'value.betreft.thuis': 'a child’s home situation',
    'value.betreft.medewerker': 'a staff member, volunteer or intern',
    'value.client.kind': 'the child',
    'value.client.volwassene': 'an adult (e.g. a parent as client)',
    'value.expertGezien': 'read',
    'value.overlegKeuze.gedaan': 'the reporter records the consultation',
    'value.overlegKeuze.af': 'the aandachtsfunctionaris was asked for a consultation',
    'value.gesprekKeuze.voeren': 'the conversation is (or was) held',
    'value.gesprekKeuze.overslaan': 'the conversation is skipped (for now)',
    'value.gesprekGevoerd.nee': 'not yet',
    'kc.outcome': 'Child check outcome',
    'kc.outcome.negatief': 'no concern about children (negative)',
    'kc.outcome.positief': 'concern or unclear: follow the meldcode steps (positive)',
    'kc.finding.geen-kinderen': 'no children and no pregnancy',
    'kc.finding.geen-zorg': 'no concerns about the children',
    'kc.finding.zorgen': 'concerns about the children',
    'kc.finding.onbekend': 'not known whether the children are safe',
    'kc.finding.onduidelijk': 'still unclear whether there are children',
    'urgent.acuut': 'Immediate danger reported; the case is urgent and the aandachtsfunctionaris was alerted',
    'urgent.disclosure': 'A child or an adult victim told about it themselves (disclosure); the case is urgent and the aandachtsfunctionaris was alerted',
    'urgent.other': 'Urgency or escalation',
    opened: 'Case opened',
    status: 'Status for the reporter: {{status}}',
    'status.outcome': 'outcome: {{outcome}}',
    claim: 'Case picked up by {{who}}',
    claimNamed: 'Case picked up by {{name}} (aandachtsfunctionaris)',
    lead: 'Status for the aandachtsfunctionaris: {{state}}',
    'lead.from': 'was: {{state}}',
    'lead.unknown': 'Status for the aandachtsfunctionaris changed',
    view: 'File viewed',
    export: 'File exported',
    'export.format': 'File exported as {{format}}',
    reminder: 'Reminder sent',
    'reminder.unclaimed': 'Reminder: the case has not been picked up yet',
    'reminder.kind': 'Reminder ({{kind}})',
    followup: 'Follow-up',
    'followup.afweging5': 'Follow-up: ask question 5 again (does the help lead to lasting safety?)',
    due: 'due {{at}}',
    note: 'Note',
    'note.stap0': 'Quick check (step 0) — risk factors: {{risks}}; protective factors: {{protective}}',
    'note.medewerker': 'Route for a concern about a staff member followed',
    'section.melding': 'Step 5 — Report to Veilig Thuis and feedback',
    'header.deviation': "Departure from the afwegingskader's advice",
    'header.deviationYes': 'yes — the reason is under step 5',
    'caseStatus.melding-gedaan': 'Report to Veilig Thuis made',
    'field.slachtoffer': 'The worry is about',
    'value.slachtoffer.kind': 'a child',
    'value.slachtoffer.volwassene': 'an adult',
    'value.slachtoffer.beide': 'a child and an adult',
    'field.mantelzorg': "Carer check: do people depend on the client's care",
    'field.afwijkingReden': 'Departure from the advice — reason',
    'field.nietInformerenGrond': 'Ground for not informing beforehand',
    'field.meldingWanneer': 'Report made',
    'field.meldingDatum': 'Report made on',
    'field.meldingAfspraken': 'Agreements with Veilig Thuis',
    'field.vtTerugkoppeling': 'Feedback from Veilig Thuis',
    'field.acuutCorrectie': 'Acute danger or disclosure recorded by mistake — reason for the correction',
    'field.afwegingGebonden': 'Advice with acute danger or a disclosure',
    'weighing.grond.acuut': 'questions 1 and 2: yes, because acute danger is on record (acute unsafety)',
    'weighing.grond.disclosure': 'questions 1 and 2: yes, because a disclosure is on record (acute unsafety)',
    'weighing.vraag': 'after question {{n}}',
    'correction.acuut': 'Record of acute danger corrected as a mistake; the ordinary weighing applies again',
    'correction.disclosure': 'Record of a disclosure corrected as a mistake; the ordinary weighing applies again',
    'pdf.page': 'Page {{n}} of {{total}}',
    'redacted.naam': '[text removed: contained a name]',
    'redacted.herleidbaar': '[text removed: contained other identifying data]',
    'redacted.anders': '[text removed]',
    'redaction': 'Text removed from an earlier answer ({{field}}), reason: {{reason}}',
    'redaction.note': 'note: {{note}}',
    'redaction.reason.naam': 'contained a name',
    'redaction.reason.herleidbaar': 'contained other identifying data',
    'redaction.reason.anders': 'other',
  },
};

type SectionId =
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

const SECTION_ORDER: readonly SectionId[] = [
  'context',
  'signals',
  'facts',
  'interpretations',
  'kindcheck',
  'stap2',
  'stap3',
  'stap4',
  'stap5',
  'melding',
  'urgent',
  'handling',
  'followup',
  'access',
  'notes',
];

type ActorRole = 'melder' | 'aandachtsfunctionaris' | 'systeem' | 'collega';

/** Everything a line needs to be written: language, labels, and who is who. */
class Writer {
  private readonly roles = new Map<string, ActorRole>();

  constructor(
    readonly record: CaseRecord,
    readonly req: DossierRequest,
    private readonly translate: Translator['t'],
  ) {
    const { meta, log } = record;
    const af = new Set<string>();
    if (meta.claimedBy) af.add(meta.claimedBy);
    for (const e of log) if (e.type === 'claim' || e.type === 'lead') af.add(e.actor);
    for (const id of af) this.roles.set(id, 'aandachtsfunctionaris');
    this.roles.set('system', 'systeem');
    // The owner wins: a reporter who is also an aandachtsfunctionaris is the melder of their own case.
    this.roles.set(meta.owner, 'melder');
  }

  /** A dossier label. */
  d(key: string, params: Record<string, string> = {}): string {
    const template = DOSSIER_LABELS[this.req.lang][key] ?? DOSSIER_LABELS.nl[key] ?? key;
    return template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => params[name] ?? '');
  }

  /** An existing locale key, or `fallback` when it does not exist (a strict translator throws on missing keys). */
  ui(key: string, fallback: string, params?: Record<string, unknown>): string {
    try {
      const out = this.translate(this.req.lang, key, params);
      return out === key || out === '' ? fallback : out;
    } catch {
      return fallback;
    }
  }

  text(l: Localized): string {
    return l[this.req.lang];
  }

  actor(id: string): string {
    return this.d(`actor.${this.roles.get(id) ?? 'collega'}`);
  }

  /** Every platform id this dossier could meet; none of them may be printed. */
  knownIds(): string[] {
    const ids = new Set<string>([this.record.meta.owner, this.req.requesterId, ...this.roles.keys()]);
    for (const e of this.record.log) {
      ids.add(e.actor);
      if (typeof e.data.by === 'string') ids.add(e.data.by);
    }
    ids.delete('system');
    return [...ids].filter((id) => id.length >= 3);
  }

  role(id: string): ActorRole {
    return this.roles.get(id) ?? 'collega';
  }
}

/** `YYYY-MM-DD HH:MM UTC`; an unreadable time is shown as it was stored. */
function when(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** How one answer field is shown: which section, its label, its value. `undefined` = nothing was given. */
interface FieldSpec {
  section: SectionId;
  label(w: Writer): string;
  value(v: unknown, w: Writer): string | undefined;
}

const none = (w: Writer) => w.ui('common.none', w.req.lang === 'nl' ? 'geen' : 'none');
const choice = (prefix: string) => (v: unknown, w: Writer) => (str(v) === undefined ? undefined : w.ui(`${prefix}.${String(v)}`, String(v)));
const dchoice = (prefix: string) => (v: unknown, w: Writer) => (str(v) === undefined ? undefined : w.d(`${prefix}.${String(v)}`));
const choices = (prefix: string) => (v: unknown, w: Writer) =>
  v === undefined || v === null ? undefined : asList(v).map((x) => w.ui(`${prefix}.${x}`, x)).join(', ') || none(w);
const freeText = (v: unknown) => str(v);
const yesNo = (v: unknown, w: Writer) =>
  v === 'ja' ? w.ui('common.yes', 'ja') : v === 'nee' ? w.ui('common.no', 'nee') : v === 'later' ? w.ui('afw.q5.opt.later', 'later') : str(v);
const uiLabel = (key: string) => (w: Writer) => w.ui(key, key);
const dLabel = (key: string) => (w: Writer) => w.d(key);

const FIELDS: Record<string, FieldSpec> = {
  acuutCheck: { section: 'context', label: dLabel('field.acuutCheck'), value: dchoice('value.acuutCheck') },
  sector: { section: 'context', label: uiLabel('summary.sector'), value: (v, w) => { const s = sectorById(str(v)); return s ? w.text(s.text) : str(v); } },
  betreft: { section: 'context', label: dLabel('field.betreft'), value: dchoice('value.betreft') },
  client: { section: 'context', label: dLabel('field.client'), value: dchoice('value.client') },
  slachtoffer: { section: 'context', label: dLabel('field.slachtoffer'), value: dchoice('value.slachtoffer') },
  afInformeren: { section: 'context', label: dLabel('field.afInformeren'), value: yesNo },

  leeftijd: { section: 'signals', label: uiLabel('summary.age'), value: choice('age') },
  vormen: {
    section: 'signals',
    label: uiLabel('summary.forms'),
    value: (v, w) => asList(v).map((id) => { const f = formById(id); return f ? w.text(f.text) : id; }).join(', ') || none(w),
  },
  expertGezien: { section: 'signals', label: dLabel('field.expertGezien'), value: (v, w) => (str(v) ? w.d('value.expertGezien') : undefined) },
  signalen: {
    section: 'signals',
    label: uiLabel('summary.signals'),
    value: (v, w) => asList(v).map((id) => { const s = signalText(id); return s ? w.text(s) : id; }).join(', ') || none(w),
  },

  feiten: { section: 'facts', label: uiLabel('summary.facts'), value: freeText },
  bron: { section: 'facts', label: uiLabel('summary.source'), value: choices('s1.bron.opt') },
  interpretatie: { section: 'interpretations', label: uiLabel('summary.interpretation'), value: freeText },

  kcKinderen: { section: 'kindcheck', label: uiLabel('summary.kcChildren'), value: choice('kc.kinderen.opt') },
  kcNavragen: {
    section: 'kindcheck',
    label: dLabel('field.kcNavragen'),
    value: (v, w) => (v === 'onduidelijk' ? w.ui('kc.navragen.opt.onduidelijk', 'onduidelijk') : choice('kc.kinderen.opt')(v, w)),
  },
  kcWaar: { section: 'kindcheck', label: uiLabel('summary.kcWhere'), value: freeText },
  kcVeilig: { section: 'kindcheck', label: uiLabel('summary.kcSafe'), value: choice('kc.veilig.opt') },
  mantelzorg: { section: 'kindcheck', label: dLabel('field.mantelzorg'), value: choice('kc.mantelzorg.opt') },

  overlegKeuze: { section: 'stap2', label: dLabel('field.overlegKeuze'), value: dchoice('value.overlegKeuze') },
  overlegMet: { section: 'stap2', label: dLabel('field.overlegMet'), value: choices('s2.wie.opt') },
  overlegWanneer: { section: 'stap2', label: dLabel('field.overlegWanneer'), value: freeText },
  overlegUitkomst: { section: 'stap2', label: dLabel('field.overlegUitkomst'), value: freeText },

  nieuwkomer: { section: 'stap3', label: uiLabel('summary.newcomer'), value: yesNo },
  gesprekKeuze: { section: 'stap3', label: dLabel('field.gesprekKeuze'), value: dchoice('value.gesprekKeuze') },
  overslaanReden: { section: 'stap3', label: uiLabel('summary.skipReason'), value: choice('s3.overslaan.opt') },
  overslaanToelichting: { section: 'stap3', label: uiLabel('summary.skipExplanation'), value: freeText },
  gesprekGevoerd: {
    section: 'stap3',
    label: dLabel('field.gesprekGevoerd'),
    value: (v, w) => (v === 'nee' ? w.d('value.gesprekGevoerd.nee') : yesNo(v, w)),
  },
  gesprekMet: { section: 'stap3', label: uiLabel('summary.talkedWith'), value: choices('s3.met.opt') },
  gesprekReactie: { section: 'stap3', label: uiLabel('summary.reaction'), value: freeText },

  ...Object.fromEntries(
    [1, 2, 3, 4, 5].map((n): [string, FieldSpec] => [`afweging${n}`, { section: 'stap4', label: uiLabel(`summary.afweging${n}`), value: yesNo }]),
  ),

  afwegingGebonden: { section: 'stap4', label: dLabel('field.afwegingGebonden'), value: choice('afw.gebonden.opt') },
  acuutCorrectie: { section: 'urgent', label: dLabel('field.acuutCorrectie'), value: freeText },

  besluit: { section: 'stap5', label: uiLabel('summary.decision'), value: choice('afw.besluit.opt') },
  afwijkingReden: { section: 'stap5', label: dLabel('field.afwijkingReden'), value: freeText },
  besluitToelichting: { section: 'stap5', label: uiLabel('summary.decisionNote'), value: freeText },

  ouderInformeren: { section: 'melding', label: uiLabel('summary.informParents'), value: yesNo },
  nietInformerenGrond: { section: 'melding', label: dLabel('field.nietInformerenGrond'), value: choice('afw.nietInformerenGrond.opt') },
  nietInformerenReden: { section: 'melding', label: uiLabel('summary.notInformReason'), value: freeText },
  meldingWanneer: { section: 'melding', label: dLabel('field.meldingWanneer'), value: choice('mld.wanneer.opt') },
  meldingDatum: { section: 'melding', label: dLabel('field.meldingDatum'), value: freeText },
  meldingAfspraken: { section: 'melding', label: dLabel('field.meldingAfspraken'), value: freeText },
  vtTerugkoppeling: { section: 'melding', label: dLabel('field.vtTerugkoppeling'), value: freeText },
};

/** Answer fields whose value is the reporter's own words: what a redaction can remove. */
export const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set(Object.entries(FIELDS).filter(([, spec]) => spec.value === freeText).map(([field]) => field));

/** Why free text was removed (see {@link Store.redactLog}). */
export type RedactionReason = 'naam' | 'herleidbaar' | 'anders';
export const REDACTION_REASONS: readonly RedactionReason[] = ['naam', 'herleidbaar', 'anders'];

/** What stands in a dossier (and in the reporter's open case) where removed text was. */
export function redactionMarker(lang: DossierRequest['lang'], reason: unknown): string {
  const labels = DOSSIER_LABELS[lang] ?? DOSSIER_LABELS.nl;
  return labels[`redacted.${String(reason)}`] ?? labels['redacted.anders'] ?? '[—]';
}

/** The label of an answer field as the dossier shows it (e.g. "Feiten"), for a list of texts to choose from. */
export function fieldLabel(record: CaseRecord, req: DossierRequest, t: Translator['t'], field: string): string {
  const spec = FIELDS[field];
  return spec ? spec.label(new Writer(record, req, t)) : field;
}

/** Section of an entry without a known field, by its type. */
const TYPE_SECTION: Partial<Record<LogEntry['type'], SectionId>> = {
  fact: 'facts',
  interpretation: 'interpretations',
  kindcheck: 'kindcheck',
  consultation: 'stap2',
  conversation: 'stap3',
  weighing: 'stap4',
  decision: 'stap5',
  deviation: 'stap5',
  melding: 'melding',
  correction: 'urgent',
  urgent: 'urgent',
  opened: 'handling',
  status: 'handling',
  claim: 'handling',
  lead: 'handling',
  reminder: 'followup',
  followup: 'followup',
  view: 'access',
  export: 'access',
};

/** Keys in unknown data that may hold a person's id or name: never printed. */
const PERSONAL_KEYS = /^(by|actor|user|userid|owner|claimedby|claimedbyname|name|displayname|requester|requesterid|email|id)$/i;
/** Keys shown through their own line already. */
const HANDLED_KEYS = new Set(['vraag', 'grond', 'gecorrigeerd', 'field', 'value', 'reden', 'status', 'outcome', 'uitkomst', 'bevinding', 'advies', 'lead', 'state', 'to', 'from', 'format', 'kind', 'dueAt', 'due', 'stap0', 'route', 'sector']);

/** Remaining plain values of an entry we have no dedicated wording for, so nothing recorded is hidden. */
function extraData(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (HANDLED_KEYS.has(k) || PERSONAL_KEYS.test(k)) continue;
    if (typeof v === 'string' && v.trim() !== '') out.push(`${k}: ${v}`);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(`${k}: ${String(v)}`);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) out.push(`${k}: ${v.join(', ')}`);
  }
  return out;
}

const leadState = (v: unknown): string | undefined => (typeof v === 'string' && (LEAD_STATES as readonly string[]).includes(v) ? v : undefined);

/** The section and text of one log entry, or `undefined` when it is not for this reader. */
function describe(e: LogEntry, w: Writer): { section: SectionId; text: string } | undefined {
  const data = e.data ?? {};
  const field = typeof data.field === 'string' ? data.field : undefined;
  const spec = field ? FIELDS[field] : undefined;
  const extras = extraData(data);
  const withExtras = (s: string) => (extras.length ? `${s} (${extras.join('; ')})` : s);

  if (e.type === 'redaction') {
    const veld = str(data.veld);
    const reason = w.d(`redaction.reason.${str(data.reden) ?? 'anders'}`);
    const note = str(data.toelichting);
    const text = w.d('redaction', { field: veld ? (FIELDS[veld]?.label(w) ?? veld) : '?', reason }) + (note ? `; ${w.d('redaction.note', { note })}` : '');
    return { section: 'handling', text };
  }
  if (field !== undefined && data.redacted === true) {
    const text = `${spec ? spec.label(w) : field}: ${redactionMarker(w.req.lang, data.redactedReason)}`;
    return { section: e.type === 'followup' ? 'followup' : (spec?.section ?? TYPE_SECTION[e.type] ?? 'notes'), text };
  }
  if (field !== undefined) {
    const v = data.value;
    if (spec) {
      const shown = spec.value(v, w);
      // An optional question left empty is only worth a line when it changes an earlier answer.
      if (shown === undefined && !e.correction) return undefined;
      const text = `${spec.label(w)}: ${shown ?? w.d('empty')}`;
      if (e.type === 'followup') return { section: 'followup', text: withExtras(followUpAnswer(field, v, text, w)) };
      return { section: spec.section, text: withExtras(text) };
    }
    const raw = Array.isArray(v) ? v.map(String).join(', ') : str(v);
    if (raw === undefined && !e.correction) return undefined;
    return { section: TYPE_SECTION[e.type] ?? 'notes', text: withExtras(`${field}: ${raw ?? w.d('empty')}`) };
  }

  switch (e.type) {
    case 'kindcheck': {
      const uitkomst = str(data.uitkomst);
      if (uitkomst) {
        const bevinding = str(data.bevinding);
        const finding = bevinding ? ` — ${w.d(`kc.finding.${bevinding}`)}` : '';
        return { section: 'kindcheck', text: withExtras(`${w.d('kc.outcome')}: ${w.d(`kc.outcome.${uitkomst}`)}${finding}`) };
      }
      break;
    }
    case 'weighing': {
      const advies = str(data.advies);
      if (advies) {
        const grond = str(data.grond);
        const vraag = /^afweging([1-5])$/.exec(str(data.vraag) ?? '')?.[1];
        const why = grond === 'acuut' || grond === 'disclosure' ? w.d(`weighing.grond.${grond}`) : vraag ? w.d('weighing.vraag', { n: vraag }) : undefined;
        return { section: 'stap4', text: withExtras(`${w.ui('summary.advice', 'Advies')}: ${w.ui(`advice.${advies}`, advies)}${why ? ` (${why})` : ''}`) };
      }
      break;
    }
    case 'correction': {
      const was = str(data.gecorrigeerd);
      if (was === 'acuut' || was === 'disclosure') return { section: 'urgent', text: withExtras(w.d(`correction.${was}`)) };
      break;
    }
    case 'urgent': {
      const reden = str(data.reden);
      const text = reden === 'acuut' || reden === 'disclosure' ? w.d(`urgent.${reden}`) : reden ? `${w.d('urgent.other')}: ${reden}` : w.d('urgent.other');
      return { section: 'urgent', text: withExtras(text) };
    }
    case 'opened':
      return { section: 'handling', text: w.d('opened') };
    case 'status': {
      const status = str(data.status);
      const outcome = str(data.outcome);
      const base = w.d('status', { status: status ? w.d(`caseStatus.${status}`) : '?' });
      return { section: 'handling', text: withExtras(outcome ? `${base}; ${w.d('status.outcome', { outcome: w.ui(`outcome.${outcome}`, outcome) })}` : base) };
    }
    case 'claim': {
      const { meta } = w.record;
      const named = w.req.role === 'aandachtsfunctionaris' && e.actor === meta.claimedBy && str(meta.claimedByName);
      const text = named ? w.d('claimNamed', { name: named }) : w.d('claim', { who: w.actor(e.actor) });
      return { section: 'handling', text: withExtras(text) };
    }
    case 'lead': {
      const to = leadState(data.lead) ?? leadState(data.state) ?? leadState(data.to);
      const from = leadState(data.from);
      const text = to ? w.d('lead', { state: w.d(`lead.${to}`) }) + (from ? ` (${w.d('lead.from', { state: w.d(`lead.${from}`) })})` : '') : w.d('lead.unknown');
      return { section: 'handling', text: withExtras(text) };
    }
    case 'view':
    case 'export': {
      // A melder sees only their own visits; who else looked is for the aandachtsfunctionaris.
      if (w.req.role === 'melder' && e.actor !== w.req.requesterId) return undefined;
      const format = str(data.format);
      const text = e.type === 'view' ? w.d('view') : format ? w.d('export.format', { format }) : w.d('export');
      return { section: 'access', text: withExtras(text) };
    }
    case 'reminder': {
      const kind = str(data.kind);
      const text = kind === 'unclaimed' ? w.d('reminder.unclaimed') : kind ? w.d('reminder.kind', { kind }) : w.d('reminder');
      return { section: 'followup', text: withExtras(withDue(text, data, w)) };
    }
    case 'followup': {
      const kind = str(data.kind);
      const text = kind === 'afweging5' ? w.d('followup.afweging5') : kind ? `${w.d('followup')}: ${kind}` : w.d('followup');
      return { section: 'followup', text: withExtras(withDue(text, data, w)) };
    }
    case 'note': {
      const stap0 = data.stap0;
      if (stap0 && typeof stap0 === 'object') {
        const s = stap0 as Record<string, unknown>;
        const risks = asList(s.risico).map((id) => { const f = RISK_FACTORS.find((x) => x.id === id); return f ? w.text(f.text) : id; });
        const protective = asList(s.bescherming).map((id) => { const f = PROTECTIVE_FACTORS.find((x) => x.id === id); return f ? w.text(f.text) : id; });
        return { section: 'notes', text: withExtras(w.d('note.stap0', { risks: risks.join(', ') || none(w), protective: protective.join(', ') || none(w) })) };
      }
      if (data.route === 'medewerker') return { section: 'context', text: withExtras(w.d('note.medewerker')) };
      break;
    }
    default:
      break;
  }
  return { section: TYPE_SECTION[e.type] ?? 'notes', text: extras.length ? `${w.d('note')}: ${extras.join('; ')}` : w.d('note') };
}

/** Afweging 5 asked again after a help decision: the answer and what the framework advises then (meldcode-facts §1a). */
function followUpAnswer(field: string, v: unknown, text: string, w: Writer): string {
  const advice = field === 'afweging5' ? ({ nee: 'opnieuw-melden', ja: 'hulp', later: 'hulp-volgen' } as Record<string, string>)[String(v)] : undefined;
  const tail = advice ? `; ${w.ui('summary.advice', 'Advies')}: ${w.ui(`advice.${advice}`, advice)}` : '';
  return `${w.d('followup')} — ${text}${tail}`;
}

function withDue(text: string, data: Record<string, unknown>, w: Writer): string {
  const due = str(data.dueAt) ?? str(data.due);
  return due ? `${text}, ${w.d('due', { at: when(due) })}` : text;
}

function correctionMark(e: LogEntry, w: Writer): string {
  if (!e.correction) return '';
  const reason = e.reason ? w.d(`reason.${e.reason}`) : w.d('reason.none');
  // An unknown reason is someone's own words: shown as given.
  const shown = e.reason && reason === `reason.${e.reason}` ? e.reason : reason;
  return ` (${w.d('correction', { reason: shown })})`;
}

/** `needle` as a whole word (not inside a longer word or id), for {@link scrub}. */
function wordPattern(needle: string): RegExp {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}:_-])${escaped}(?![\\p{L}\\p{N}_-])`, 'gu');
}

/**
 * Replaces every known platform id that slipped into a text (someone typing their own id, a
 * future entry type) with its role, and for a melder also the claimer's name.
 */
function scrub(text: string, w: Writer): string {
  let out = text;
  const ids = w.knownIds().filter((id) => id.includes(':') || id.length >= 8);
  for (const id of ids.sort((a, b) => b.length - a.length)) out = out.replace(wordPattern(id), w.actor(id));
  const name = w.record.meta.claimedByName?.trim();
  if (w.req.role === 'melder' && name && name.length >= 3) out = out.replace(wordPattern(name), w.d('actor.aandachtsfunctionaris'));
  return out;
}

/** The whole dossier, in the request's language and with what the requester's role may see. */
export function buildDossier(record: CaseRecord, req: DossierRequest, t: Translator['t']): Dossier {
  const w = new Writer(record, req, t);
  const { meta } = record;
  const sector = sectorById(meta.sector);
  const lead = meta.lead ?? 'nieuw';

  const header: string[] = [
    `${w.ui('summary.ref', 'Zaaknummer')}: ${meta.ref}`,
    `${w.ui('summary.sector', 'Sector')}: ${sector ? w.text(sector.text) : none(w)}`,
    `${w.d('header.route')}: ${w.d(`route.${meta.route}`)}`,
    `${w.ui('summary.step', 'Stap')}: ${w.ui('channel.stepValue', `${meta.step}`, { step: meta.step })}`,
    `${w.d('header.reporterStatus')}: ${w.d(`caseStatus.${meta.status}`)}${meta.outcome ? ` — ${w.ui(`outcome.${meta.outcome}`, meta.outcome)}` : ''}`,
    `${w.d('header.lead')}: ${w.d(`lead.${lead}`)}`,
    `${w.ui('summary.urgency', 'Urgentie')}: ${w.ui(meta.urgency === 'urgent' ? 'summary.urgent' : 'summary.normal', meta.urgency)}`,
    ...(meta.deviation ? [`${w.d('header.deviation')}: ${w.d('header.deviationYes')}`] : []),
    `${w.d('header.created')}: ${when(meta.createdAt)}`,
    ...(meta.closedAt ? [`${w.d('header.closed')}: ${when(meta.closedAt)}`] : []),
    `${w.d('header.claimed')}: ${claimedLine(w)}`,
    `${w.d('header.generated')}: ${when(req.generatedAt)}`,
    `${w.d('header.for')}: ${w.d(`actor.${req.role}`)}`,
    w.d('header.pseudonymous'),
    w.d('header.appendOnly'),
    w.d('header.times'),
  ];

  const bySection = new Map<SectionId, string[]>();
  for (const e of record.log) {
    const d = describe(e, w);
    if (!d) continue;
    const line = `${when(e.at)} · ${w.actor(e.actor)} · ${d.text}${correctionMark(e, w)}`;
    const lines = bySection.get(d.section) ?? [];
    lines.push(line);
    bySection.set(d.section, lines);
  }

  const sections = [
    { heading: w.d('section.case'), lines: header },
    ...SECTION_ORDER.map((id) => ({ heading: w.d(`section.${id}`), lines: bySection.get(id) ?? [] })),
  ]
    .filter((s) => s.lines.length > 0)
    .map((s) => ({ heading: s.heading, lines: s.lines.map((l) => scrub(l, w)) }));

  return { title: scrub(w.d('title', { ref: meta.ref }), w), sections, lang: req.lang, generatedAt: req.generatedAt };
}

function claimedLine(w: Writer): string {
  const { meta } = w.record;
  if (!meta.claimedBy && !meta.claimedAt) return w.d('header.notClaimed');
  const at = meta.claimedAt ? when(meta.claimedAt) : '?';
  const name = str(meta.claimedByName);
  return w.req.role === 'aandachtsfunctionaris' && name ? w.d('header.claimedBy', { name, at }) : w.d('header.claimedAnon', { at });
}

// ---- Markdown -------------------------------------------------------------------------------

/** Characters that could start markup anywhere in a line (links, emphasis, HTML, headings, tables, entities). */
const MD_INLINE = /[\\`*_[\]<>#|~&]/g;

/** Escapes text so it reads literally in CommonMark/GFM, whatever a user typed. */
function escapeMarkdown(text: string): string[] {
  return clean(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) =>
      l
        .replace(MD_INLINE, '\\$&')
        // Block markers only count at the start of a line: list items, setext underlines, ordered lists.
        .replace(/^([-+=])/, '\\$1')
        .replace(/^(\d+)([.)])/, '$1\\$2'),
    );
}

/** Drops control characters (keeping line breaks) and composes accents, so é is one character. */
function clean(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\t/g, ' ');
}

/** The dossier as a Markdown document: `#` title, `##` per section, one list item per line. */
export function dossierMarkdown(d: Dossier): string {
  const out: string[] = [`# ${escapeMarkdown(d.title).join(' ')}`, ''];
  for (const s of d.sections) {
    out.push(`## ${escapeMarkdown(s.heading).join(' ')}`, '');
    for (const line of s.lines) {
      const parts = escapeMarkdown(line);
      if (parts.length === 0) continue;
      // Further lines of a multi-line text stay inside the item: hard break, then indented.
      out.push(`- ${parts.join('  \n  ')}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

// ---- PDF ------------------------------------------------------------------------------------

/** Characters beyond Latin-1 that the standard fonts' WinAnsi encoding has. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const winAnsiOk = (ch: string) => {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch) || ch === '\n';
};

/**
 * Text the standard Helvetica can show: Dutch letters (é, ë, ï, ĳ as ij) stay; other letters lose
 * their accent (ő → o); anything else becomes "?" rather than a broken glyph.
 */
function forPdf(text: string): string {
  let out = '';
  for (const ch of clean(text)) {
    if (winAnsiOk(ch)) {
      out += ch;
      continue;
    }
    const base = [...ch.normalize('NFKD')].filter((c) => winAnsiOk(c)).join('');
    out += base !== '' ? base : '?';
  }
  return out;
}

const MARGIN = 56;

/** The dossier as an A4 PDF in Helvetica, with page numbers. */
export async function dossierPdf(d: Dossier): Promise<Buffer> {
  // pdfkit is loaded on the first export only: most turns never need it, so it stays out of memory.
  const PDFDocument: typeof PDFKitDocument = (await import('pdfkit')).default;
  return new Promise<Buffer>((resolve, reject) => {
    const created = d.generatedAt && !Number.isNaN(Date.parse(d.generatedAt)) ? new Date(d.generatedAt) : new Date(0);
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      bufferPages: true,
      font: 'Helvetica',
      lang: d.lang === 'en' ? 'en-GB' : 'nl-NL',
      info: { Title: forPdf(d.title), Creator: 'Meldcode-assistent', Producer: 'Meldcode-assistent', CreationDate: created, ModDate: created },
    } as PDFKit.PDFDocumentOptions);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    try {
      const width = doc.page.width - MARGIN * 2;
      const bottom = () => doc.page.height - doc.page.margins.bottom;

      doc.font('Helvetica-Bold').fontSize(16).text(forPdf(d.title), MARGIN, MARGIN, { width });
      doc.moveDown(0.5);

      for (const s of d.sections) {
        doc.font('Helvetica-Bold').fontSize(12);
        // Keep a heading together with at least its first line.
        if (doc.y + doc.currentLineHeight(true) * 3 > bottom()) doc.addPage();
        doc.moveDown(0.6);
        doc.text(forPdf(s.heading), MARGIN, doc.y, { width });
        doc.moveDown(0.2);
        doc.font('Helvetica').fontSize(10);
        for (const line of s.lines) {
          const text = forPdf(line);
          if (doc.y + doc.currentLineHeight(true) > bottom()) doc.addPage();
          const y = doc.y;
          doc.text('•', MARGIN, y, { width: 10, lineBreak: false });
          doc.text(text, MARGIN + 12, y, { width: width - 12, paragraphGap: 3 });
        }
      }

      const range = doc.bufferedPageRange();
      const total = range.count;
      const template = (DOSSIER_LABELS[d.lang ?? 'nl'] ?? DOSSIER_LABELS.nl)['pdf.page'] ?? 'Pagina {{n}} van {{total}}';
      for (let i = range.start; i < range.start + total; i++) {
        doc.switchToPage(i);
        // The footer sits in the bottom margin: without this, pdfkit would start a new page for it.
        const margin = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc
          .font('Helvetica')
          .fontSize(8)
          .text(template.replace('{{n}}', String(i - range.start + 1)).replace('{{total}}', String(total)), MARGIN, doc.page.height - MARGIN / 2 - 4, {
            width,
            align: 'center',
            lineBreak: false,
          });
        doc.page.margins.bottom = margin;
      }
      doc.end();
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
