/**
 * The afwegingskader as the dossier shows it: drawn from the case log (the five questions' answers, acute
 * unsafety on record, the decision) on the stap 4 section; in the PDF as a picture, in Markdown as its text
 * alternative.
 */
import { afwegingPathFromAnswers, afwegingTreeAlt, afwegingTreeSvg } from '../../../cards/pictures/afwegingTree.js';
import { renderPng, type Picture } from '../../../cards/pictures/render.js';
import type { Answers } from '../../engine/types.js';
import type { Translator } from '../../i18n/index.js';
import type { CaseRecord } from '../types.js';

const QUESTIONS = new Set(['afweging1', 'afweging2', 'afweging3', 'afweging4', 'afweging5']);

/** What the dossier draws under a section: the picture's SVG and its text alternative. */
export interface DossierPicture {
  /** Index of the section it belongs under. */
  section: number;
  label: string;
  svg: string;
  alt: string;
}

/** The answers the picture needs, as the log holds them now (later entries correct earlier ones). */
function answersOf(record: CaseRecord): Answers | undefined {
  const a: Answers = {};
  let weighed = false;
  for (const e of record.log) {
    const data = e.data ?? {};
    if (e.type === 'weighing') weighed = true;
    if (e.type === 'urgent' && typeof data.reden === 'string') {
      a.acuut = data.reden;
      a.acuutGecorrigeerd = undefined;
    }
    if (e.type === 'correction' && data.gecorrigeerd !== undefined) a.acuutGecorrigeerd = true;
    const field = typeof data.field === 'string' ? data.field : undefined;
    if (!field || data.redacted === true || typeof data.value !== 'string') continue;
    if (QUESTIONS.has(field) || field === 'besluit' || field === 'acuutCheck') a[field] = data.value;
    if (QUESTIONS.has(field)) weighed = true;
  }
  return weighed ? a : undefined;
}

/** The afwegingskader of the case, for the section at `section`; undefined when the case never reached it. */
export function afwegingPicture(record: CaseRecord, lang: 'nl' | 'en', t: Translator['t'], section: number): DossierPicture | undefined {
  const a = answersOf(record);
  if (!a || section < 0) return undefined;
  const path = afwegingPathFromAnswers(a);
  return { section, label: t(lang, 'dossier.picture.afweging'), svg: afwegingTreeSvg(path, lang, t), alt: afwegingTreeAlt(path, lang, t) };
}

/** The picture as PNG for the PDF; undefined (the PDF goes without) if it cannot be drawn. */
export async function picturePng(p: DossierPicture | undefined): Promise<Picture | undefined> {
  if (!p) return undefined;
  try {
    return await renderPng(p.svg, p.alt);
  } catch {
    return undefined;
  }
}
