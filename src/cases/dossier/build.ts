/**
 * The dossier export: a case's append-only log, laid out along the record-keeping points of the
 * meldcode (meldcode-facts §7a) for the reporter's or the aandachtsfunctionaris's own file.
 * `buildDossier` is pure: it turns a {@link CaseRecord} into headings and lines of plain text; the
 * renderers (markdown.ts, pdf.ts) escape it for their target.
 */
import type { CaseRecord } from '../types.js';
import { sectorById } from '../../domain/sectors.js';
import type { Translator } from '../../i18n/index.js';
import { DEFAULT_TIME_ZONE } from '../../i18n/time.js';
import { correctionMark, describe, fieldName } from './describe.js';
import { afwegingPicture } from './picture.js';
import { none, SECTION_ORDER, str, when, Writer, type Dossier, type DossierRequest, type SectionId } from './writer.js';

/** Why free text was removed (see {@link Store.redactLog}). */
export type RedactionReason = 'naam' | 'herleidbaar' | 'anders';
export const REDACTION_REASONS: readonly RedactionReason[] = ['naam', 'herleidbaar', 'anders'];

/** The label of an answer field as the dossier shows it (e.g. "Feiten"), for a list of texts to choose from. */
export function fieldLabel(record: CaseRecord, req: DossierRequest, t: Translator['t'], field: string): string {
  return fieldName(field, new Writer(record, req, t));
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
  const tz = req.timeZone ?? DEFAULT_TIME_ZONE;

  const header: string[] = [
    `${w.ui('summary.ref', 'Zaaknummer')}: ${meta.ref}`,
    `${w.ui('summary.sector', 'Sector')}: ${sector ? w.text(sector.text) : none(w)}`,
    `${w.d('header.route')}: ${w.d(`route.${meta.route}`)}`,
    `${w.ui('summary.step', 'Stap')}: ${w.ui('summary.stepValue', `${meta.step}`, { count: meta.step })}`,
    `${w.d('header.reporterStatus')}: ${w.d(`caseStatus.${meta.status}`)}${meta.outcome ? ` — ${w.ui(`outcome.${meta.outcome}`, meta.outcome)}` : ''}`,
    `${w.d('header.lead')}: ${w.d(`lead.${lead}`)}`,
    `${w.ui('summary.urgency', 'Urgentie')}: ${w.ui(meta.urgency === 'urgent' ? 'summary.urgent' : 'summary.normal', meta.urgency)}`,
    ...(meta.deviation ? [`${w.d('header.deviation')}: ${w.d('header.deviationYes')}`] : []),
    `${w.d('header.created')}: ${when(meta.createdAt, tz)}`,
    ...(meta.closedAt ? [`${w.d('header.closed')}: ${when(meta.closedAt, tz)}`] : []),
    `${w.d('header.claimed')}: ${claimedLine(w)}`,
    `${w.d('header.generated')}: ${when(req.generatedAt, tz)}`,
    `${w.d('header.for')}: ${w.d(`actor.${req.role}`)}`,
    w.d('header.pseudonymous'),
    w.d('header.appendOnly'),
    w.d('header.times', { zone: tz }),
  ];

  const bySection = new Map<SectionId, string[]>();
  for (const e of record.log) {
    const d = describe(e, w);
    if (!d) continue;
    const line = `${when(e.at, tz)} · ${w.actor(e.actor)} · ${d.text}${correctionMark(e, w)}`;
    const lines = bySection.get(d.section) ?? [];
    lines.push(line);
    bySection.set(d.section, lines);
  }

  const shown = [
    { id: 'case', heading: w.d('section.case'), lines: header },
    ...SECTION_ORDER.map((id) => ({ id, heading: w.d(`section.${id}`), lines: bySection.get(id) ?? [] })),
  ].filter((s) => s.lines.length > 0);
  const sections = shown.map((s) => ({ heading: s.heading, lines: s.lines.map((l) => scrub(l, w)) }));
  const picture = afwegingPicture(record, req.lang, t, shown.findIndex((s) => s.id === 'stap4'));

  return { title: scrub(w.d('title', { ref: meta.ref }), w), sections, lang: req.lang, generatedAt: req.generatedAt, ...(picture ? { picture } : {}) };
}

function claimedLine(w: Writer): string {
  const { meta } = w.record;
  if (!meta.claimedBy && !meta.claimedAt) return w.d('header.notClaimed');
  const at = meta.claimedAt ? when(meta.claimedAt, w.req.timeZone) : '?';
  const name = str(meta.claimedByName);
  return w.req.role === 'aandachtsfunctionaris' && name ? w.d('header.claimedBy', { name, at }) : w.d('header.claimedAnon', { at });
}
