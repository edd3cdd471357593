/** The reporter's full case summary and the minimal summary for the aandachtsfunctionaris channel. */
import type { AnswerField, FieldRender, SummarySection } from './flow.js';
import type { CaseWork, ChannelSummary, Prompt } from './types.js';
import { caseRouteOf, type CaseMeta } from '../domain/case.js';
import { acuteGround, deviatesFromAdvice } from '../domain/advice.js';
import { formById } from '../domain/forms.js';
import { sectorById } from '../domain/sectors.js';
import { signalText } from '../domain/signals.js';
import type { Localized } from '../domain/types.js';
import { readableDay } from '../i18n/time.js';

type T = (key: string, params?: Record<string, unknown>) => string;

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** Minimal, pseudonymous summary: no answers, no free text. */
export function channelSummary(work: CaseWork, reporter: string, outcome?: string, status?: CaseMeta['status']): ChannelSummary {
  const sector = sectorById(String(work.answers.sector ?? ''))?.id;
  const deviation = deviatesFromAdvice(work.answers.advies, work.answers.besluit);
  return {
    caseId: work.id,
    ref: work.ref,
    sector,
    route: caseRouteOf(work.answers),
    step: work.step,
    urgency: work.urgent ? 'urgent' : 'normaal',
    outcome,
    ...(status ? { status } : {}),
    ...(deviation ? { deviation } : {}),
    reporter,
  };
}

/** Case meta as stored, derived from the work in progress. */
export function metaOf(work: CaseWork, owner: string, status: CaseMeta['status'], outcome?: string): CaseMeta {
  const s = channelSummary(work, owner, outcome);
  return {
    id: work.id,
    ref: work.ref,
    owner,
    route: s.route,
    sector: s.sector,
    step: work.step,
    status,
    urgency: s.urgency,
    outcome,
    createdAt: work.createdAt,
    updatedAt: work.updatedAt,
  };
}

/** A label by locale key; `fallback` where the key does not exist. */
export type LabelOf = (key: string, fallback: string) => string;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/**
 * An answer's value as the summary and the dossier show it (see {@link FieldRender}); `undefined`
 * when nothing was given. An id without a text is shown as recorded, so nothing recorded is hidden.
 */
export function answerText(render: FieldRender, v: unknown, label: LabelOf, text: (l: Localized) => string): string | undefined {
  const none = () => label('common.none', 'none');
  const list = (show: (id: string) => string) => (v === undefined || v === null ? undefined : asList(v).map(show).join(', ') || none());
  switch (render.kind) {
    case 'text': {
      const value = str(v);
      return value !== undefined && render.day ? text({ nl: readableDay(value, 'nl'), en: readableDay(value, 'en') }) : value;
    }
    case 'option': {
      const value = str(v);
      if (value === undefined) return undefined;
      const key = render.keys?.[value] ?? (render.prefix ? `${render.prefix}.${value}` : undefined);
      return key ? label(key, value) : value;
    }
    case 'options':
      return list((x) => label(`${render.prefix}.${x}`, x));
    case 'yesno':
      return v === 'ja' ? label('common.yes', 'ja') : v === 'nee' ? label('common.no', 'nee') : v === 'later' ? label('afw.q5.opt.later', 'later') : str(v);
    case 'flag':
      return v === true ? label('common.yes', 'ja') : undefined;
    case 'signals':
      return list((id) => { const s = signalText(id); return s ? text(s) : id; });
    case 'forms':
      return list((id) => { const f = formById(id); return f ? text(f.text) : id; });
    case 'sector': {
      const s = sectorById(str(v));
      return s ? text(s.text) : str(v);
    }
  }
}

const SUMMARY_SECTIONS: readonly SummarySection[] = ['case', 'stap1', 'kindcheck', 'stap2', 'stap3', 'stap4', 'stap5', 'melding'];

/**
 * The full summary the reporter sees at the end (and nobody else in a channel): the case, then every
 * answer field of the flows that holds a value, in their order, under their section.
 */
export function fullSummary(work: CaseWork, outcome: string, t: T, text: (l: Localized) => string, fields: readonly AnswerField[] = []): Prompt {
  const a = work.answers;
  const label: LabelOf = (key, fallback) => {
    const out = t(key);
    return out === key || out === '' ? fallback : out;
  };
  const item = (key: string, value: string | undefined) => (value === undefined || value === '' ? [] : [{ label: t(key), value }]);
  const header = [
    ...item('summary.ref', work.ref),
    ...item('summary.step', t('summary.stepValue', { count: work.step })),
    ...item('summary.urgency', t(work.urgent ? 'summary.urgent' : 'summary.normal')),
    ...item('summary.outcome', t(`outcome.${outcome}`)),
  ];
  const sections = SUMMARY_SECTIONS.map((id) => ({
    heading: t(`summary.${id}`),
    items: [
      ...(id === 'case' ? header : []),
      ...fields.filter((f) => f.summary === id).flatMap((f) => item(f.label, answerText(f.render, a[f.field], label, text))),
    ],
  })).filter((s) => s.items.length > 0);

  return { kind: 'summary', title: t('summary.title', { ref: work.ref }), sections };
}

const AFWEGING_QUESTIONS = ['afweging1', 'afweging2', 'afweging3', 'afweging4', 'afweging5'] as const;

/**
 * The afwegingskader picture of a case that reached it (an answer to one of its questions, or an advice): the
 * answers, whether acute unsafety binds the advice, and the decision. Only those fields: never free text.
 */
export function afwegingPicture(work: CaseWork): Prompt | undefined {
  const a = work.answers;
  const answers: Record<string, string> = {};
  for (const q of AFWEGING_QUESTIONS) if (typeof a[q] === 'string') answers[q] = a[q] as string;
  if (Object.keys(answers).length === 0 && typeof a.advies !== 'string') return undefined;
  return {
    kind: 'picture',
    picture: { of: 'afweging', answers, ...(acuteGround(a) ? { bound: true } : {}), ...(typeof a.besluit === 'string' ? { besluit: a.besluit } : {}) },
  };
}
