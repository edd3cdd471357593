/**
 * Stap 4 (wegen) and stap 5 (beslissen) with the afwegingskader. The branching is exactly the
 * table in meldcode-facts §1a; `nextAfweging` is the single place that encodes it.
 */
import { defineNodes, type Action, type NodeEnv, type Transition } from './types.js';
import type { Answers } from '../src/engine/types.js';
import { sectorById } from '../src/domain/sectors.js';

export type AfwegingQuestion = 'afweging1' | 'afweging2' | 'afweging3' | 'afweging4' | 'afweging5';

/**
 * The framework's advice once the branching ends (meldcode-facts §1a):
 * - `afsluiten`: 1 nee → close and record in the dossier;
 * - `melden-samen-met-vt`: 2 ja → melden; afwegingen 3–5 are walked together with Veilig Thuis;
 * - `melden`: 3 nee or 4 nee → melden bij Veilig Thuis;
 * - `hulp`: 4 ja, 5 ja → continue/complete help with agreements on following (un)safety;
 * - `hulp-volgen`: 4 ja, 5 not yet known → offer/organise help with agreements, ask 5 again later;
 * - `opnieuw-melden`: 5 nee → (re)melden bij Veilig Thuis.
 */
export type AfwegingAdvice = 'afsluiten' | 'melden-samen-met-vt' | 'melden' | 'hulp' | 'hulp-volgen' | 'opnieuw-melden';

/** Next question to ask, or the advice when the branching has ended. */
export function nextAfweging(a: Partial<Record<AfwegingQuestion, string>>): { ask: AfwegingQuestion } | { advice: AfwegingAdvice } {
  if (a.afweging1 === undefined) return { ask: 'afweging1' };
  if (a.afweging1 === 'nee') return { advice: 'afsluiten' };
  if (a.afweging2 === undefined) return { ask: 'afweging2' };
  if (a.afweging2 === 'ja') return { advice: 'melden-samen-met-vt' };
  if (a.afweging3 === undefined) return { ask: 'afweging3' };
  if (a.afweging3 === 'nee') return { advice: 'melden' };
  if (a.afweging4 === undefined) return { ask: 'afweging4' };
  if (a.afweging4 === 'nee') return { advice: 'melden' };
  if (a.afweging5 === undefined) return { ask: 'afweging5' };
  if (a.afweging5 === 'nee') return { advice: 'opnieuw-melden' };
  if (a.afweging5 === 'ja') return { advice: 'hulp' };
  return { advice: 'hulp-volgen' };
}

const QUESTIONS: readonly AfwegingQuestion[] = ['afweging1', 'afweging2', 'afweging3', 'afweging4', 'afweging5'];
const nodeOf = (q: AfwegingQuestion) => `afw.q${q.slice(-1)}`;

/** Answers of the afwegingskader only, with later questions dropped when an earlier one changed. */
function afwegingAnswers(a: Answers): Partial<Record<AfwegingQuestion, string>> {
  const out: Partial<Record<AfwegingQuestion, string>> = {};
  for (const q of QUESTIONS) {
    const v = a[q];
    if (typeof v !== 'string') break;
    out[q] = v;
    if ('advice' in nextAfweging(out)) break;
  }
  return out;
}

export function adviceFor(a: Answers): AfwegingAdvice | undefined {
  const r = nextAfweging(afwegingAnswers(a));
  return 'advice' in r ? r.advice : undefined;
}

function afterAnswer(q: AfwegingQuestion, value: string, a: Answers): Transition {
  // Questions after this one are cleared: a changed answer re-opens the branching from here.
  // The earlier advice no longer holds either.
  const cleared: Answers = { advies: undefined };
  for (const later of QUESTIONS.slice(QUESTIONS.indexOf(q) + 1)) cleared[later] = undefined;
  const r = nextAfweging(afwegingAnswers({ ...a, ...cleared, [q]: value }));
  if ('ask' in r) return { next: nodeOf(r.ask), set: cleared };
  return {
    next: 'afw.besluit',
    set: { ...cleared, advies: r.advice },
    record: [{ type: 'weighing', data: { advies: r.advice } }],
  };
}

function question(q: AfwegingQuestion, extraLater: boolean) {
  const n = q.slice(-1);
  return {
    id: nodeOf(q),
    section: 'stap4' as const,
    field: q,
    logType: 'weighing' as const,
    intro:
      n === '1'
        ? (env: NodeEnv) => {
            const sector = sectorById(String(env.a.sector ?? ''));
            return [
              {
                kind: 'info' as const,
                tone: 'normal' as const,
                title: env.t('afw.intro.title'),
                text: [env.t('afw.intro.text'), sector ? env.text(sector.afwegingNote) : ''].filter(Boolean).join('\n\n'),
              },
            ];
          }
        : undefined,
    ask: (env: NodeEnv) => ({
      kind: 'yesno' as const,
      question: env.t(`afw.q${n}.question`),
      help: env.t(n === '2' && env.a.disclosure === true ? 'afw.q2.helpDisclosure' : `afw.q${n}.help`),
      yesLabel: env.t('common.yes'),
      noLabel: env.t('common.no'),
      extra: extraLater ? [{ value: 'later', label: env.t('afw.q5.opt.later') }] : undefined,
    }),
    onAnswer: (value: unknown, env: NodeEnv) => afterAnswer(q, String(value), env.a),
  };
}

/** What the decision means for the case's status and outcome. */
export function decisionActions(besluit: string, a: Answers): Action[] {
  const hulp = besluit === 'hulp' || besluit === 'melden-hulp';
  const actions: Action[] = [];
  // Help needs following: afweging 5 ("leidt de hulp tot duurzame veiligheid?") is asked again later.
  if (hulp && a.afweging5 !== 'ja' && a.afweging5 !== 'nee') actions.push({ kind: 'followUp' });
  // finish ends the turn, so it comes last.
  actions.push({ kind: 'finish', status: besluit === 'afsluiten' ? 'gesloten' : 'besluit', outcome: besluit, post: true });
  return actions;
}

export const AFWEGING_NODES = defineNodes([
  question('afweging1', false),
  question('afweging2', false),
  question('afweging3', false),
  question('afweging4', false),
  question('afweging5', true),
  {
    id: 'afw.besluit',
    section: 'stap5',
    field: 'besluit',
    logType: 'decision',
    intro: (env) => [
      {
        kind: 'info',
        tone: 'normal',
        title: env.t('afw.advies.title'),
        text: `${env.t(`afw.advies.${String(env.a.advies)}`)}\n\n${env.t('afw.advies.professional')}`,
      },
      ...(env.socialMap ? [{ kind: 'info' as const, tone: 'normal' as const, title: env.t('socialMap.title'), text: env.socialMap }] : []),
    ],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('afw.besluit.question'),
      help: env.t('afw.besluit.help'),
      options: ['melden', 'hulp', 'melden-hulp', 'afsluiten'].map((v) => ({ value: v, label: env.t(`afw.besluit.opt.${v}`) })),
    }),
    onAnswer: () => ({ next: 'afw.toelichting' }),
  },
  {
    id: 'afw.toelichting',
    section: 'stap5',
    field: 'besluitToelichting',
    logType: 'decision',
    ask: (env) => ({
      kind: 'text',
      question: env.t('afw.toelichting.question'),
      help: env.t('afw.toelichting.help'),
      maxLength: 1000,
      optional: true,
      skipLabel: env.t('common.skip'),
    }),
    onAnswer: (_value, env) => {
      const besluit = String(env.a.besluit);
      if (besluit === 'melden' || besluit === 'melden-hulp') return { next: 'afw.informeren' };
      return { next: 'menu', actions: decisionActions(besluit, env.a) };
    },
  },
  {
    id: 'afw.informeren',
    section: 'stap5',
    field: 'ouderInformeren',
    logType: 'decision',
    intro: (env) => [{ kind: 'info', tone: 'normal', title: env.t('afw.informeren.title'), text: env.t('afw.informeren.text') }],
    ask: (env) => ({
      kind: 'yesno',
      question: env.t('afw.informeren.question'),
      yesLabel: env.t('common.yes'),
      noLabel: env.t('common.no'),
    }),
    onAnswer: (value, env) =>
      value === 'nee' ? { next: 'afw.nietInformeren' } : { next: 'menu', actions: decisionActions(String(env.a.besluit), env.a) },
  },
  {
    id: 'afw.nietInformeren',
    section: 'stap5',
    field: 'nietInformerenReden',
    logType: 'decision',
    ask: (env) => ({
      kind: 'text',
      question: env.t('afw.nietInformeren.question'),
      help: env.t('afw.nietInformeren.help'),
      maxLength: 1000,
      optional: false,
    }),
    onAnswer: (_value, env) => ({ next: 'menu', actions: decisionActions(String(env.a.besluit), env.a) }),
  },
]);
