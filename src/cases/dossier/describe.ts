/** One log entry as a line of the dossier: its section and its text, in the reader's language. */
import type { LogEntry } from '../types.js';
import { LEAD_STATES } from '../types.js';
import { FIELD_BY_NAME } from '../../../dialogs/index.js';
import { PROTECTIVE_FACTORS, RISK_FACTORS } from '../../domain/factors.js';
import { answerText } from '../../engine/summary.js';
import { asList, dossierText, none, str, when, type DossierRequest, type SectionId, type Writer } from './writer.js';

/** The label of an answer field in the reader's language; an unknown field by its name. */
export function fieldName(field: string, w: Writer): string {
  const spec = FIELD_BY_NAME.get(field);
  return spec ? w.ui(spec.label, field) : field;
}

/** What stands in a dossier (and in the reporter's open case) where removed text was. */
export function redactionMarker(lang: DossierRequest['lang'], reason: unknown): string {
  const key = `redacted.${String(reason)}`;
  const text = dossierText(lang, key);
  return text !== key ? text : dossierText(lang, 'redacted.anders');
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
export function describe(e: LogEntry, w: Writer): { section: SectionId; text: string } | undefined {
  const data = e.data ?? {};
  const field = typeof data.field === 'string' ? data.field : undefined;
  const spec = field ? FIELD_BY_NAME.get(field) : undefined;
  const extras = extraData(data);
  const withExtras = (s: string) => (extras.length ? `${s} (${extras.join('; ')})` : s);

  if (e.type === 'redaction') {
    const veld = str(data.veld);
    const reason = w.d(`redaction.reason.${str(data.reden) ?? 'anders'}`);
    const note = str(data.toelichting);
    const text = w.d('redaction.text', { field: veld ? fieldName(veld, w) : '?', reason }) + (note ? `; ${w.d('redaction.note', { note })}` : '');
    return { section: 'handling', text };
  }
  if (field !== undefined && data.redacted === true) {
    const text = `${fieldName(field, w)}: ${redactionMarker(w.req.lang, data.redactedReason)}`;
    return { section: e.type === 'followup' ? 'followup' : (spec?.dossier ?? TYPE_SECTION[e.type] ?? 'notes'), text };
  }
  if (field !== undefined) {
    const v = data.value;
    if (spec) {
      const shown = answerText(spec.render, v, (key, fallback) => w.ui(key, fallback), (l) => w.text(l));
      // An optional question left empty is only worth a line when it changes an earlier answer.
      if (shown === undefined && !e.correction) return undefined;
      const text = `${fieldName(field, w)}: ${shown ?? w.d('empty')}`;
      if (e.type === 'followup') return { section: 'followup', text: withExtras(followUpAnswer(field, v, text, w)) };
      return { section: spec.dossier, text: withExtras(text) };
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
        return { section: 'kindcheck', text: withExtras(`${w.d('kc.outcome.text')}: ${w.d(`kc.outcome.${uitkomst}`)}${finding}`) };
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
      const base = w.d('status.text', { status: status ? w.d(`caseStatus.${status}`) : '?' });
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
      const text = to ? w.d('lead.text', { state: w.d(`lead.${to}`) }) + (from ? ` (${w.d('lead.from', { state: w.d(`lead.${from}`) })})` : '') : w.d('lead.unknown');
      return { section: 'handling', text: withExtras(text) };
    }
    case 'view':
    case 'export': {
      // A melder sees only their own visits; who else looked is for the aandachtsfunctionaris.
      if (w.req.role === 'melder' && e.actor !== w.req.requesterId) return undefined;
      const format = str(data.format);
      const text = e.type === 'view' ? w.d('view') : format ? w.d('export.format', { format }) : w.d('export.text');
      return { section: 'access', text: withExtras(text) };
    }
    case 'reminder': {
      const kind = str(data.kind);
      const text = kind === 'unclaimed' ? w.d('reminder.unclaimed') : kind ? w.d('reminder.kind', { kind }) : w.d('reminder.text');
      return { section: 'followup', text: withExtras(withDue(text, data, w)) };
    }
    case 'followup': {
      const kind = str(data.kind);
      const text = kind === 'afweging5' ? w.d('followup.afweging5') : kind ? `${w.d('followup.text')}: ${kind}` : w.d('followup.text');
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
  return { section: TYPE_SECTION[e.type] ?? 'notes', text: extras.length ? `${w.d('note.text')}: ${extras.join('; ')}` : w.d('note.text') };
}

/** Afweging 5 asked again after a help decision: the answer and what the framework advises then (meldcode-facts §1a). */
function followUpAnswer(field: string, v: unknown, text: string, w: Writer): string {
  const advice = field === 'afweging5' ? ({ nee: 'opnieuw-melden', ja: 'hulp', later: 'hulp-volgen' } as Record<string, string>)[String(v)] : undefined;
  const tail = advice ? `; ${w.ui('summary.advice', 'Advies')}: ${w.ui(`advice.${advice}`, advice)}` : '';
  return `${w.d('followup.text')} — ${text}${tail}`;
}

function withDue(text: string, data: Record<string, unknown>, w: Writer): string {
  const due = str(data.dueAt) ?? str(data.due);
  return due ? `${text}, ${w.d('due', { at: when(due, w.req.timeZone) })}` : text;
}

export function correctionMark(e: LogEntry, w: Writer): string {
  if (!e.correction) return '';
  const reason = e.reason ? w.d(`reason.${e.reason}`) : w.d('reason.none');
  // An unknown reason is someone's own words: shown as given.
  const shown = e.reason && reason === `reason.${e.reason}` ? e.reason : reason;
  return ` (${w.d('correction.text', { reason: shown })})`;
}
