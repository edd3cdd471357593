/**
 * Stap 4 (wegen) and stap 5 (beslissen) with the afwegingskader. The branching is exactly the
 * table in meldcode-facts §1a; `nextAfweging` is the single place that encodes it. Acute danger or a
 * disclosure on record binds it (§1b, §9.2): afweging 2 counts as "ja" until the record is corrected.
 */
import { defineNodes, type Action, type DialogNode, type NodeEnv, type NodeId, type Transition } from './types.js';
import { defineFields, field, option, options, text, yesno } from './fields.js';
import type { Answers } from '../src/engine/types.js';
import { acuteGround, BESLUITEN, deviatesFromAdvice, includesMelden, type AfwegingAdvice } from '../src/domain/advice.js';
import { sectorById } from '../src/domain/sectors.js';
import { promptLinks } from './links.js';

export type { AfwegingAdvice } from '../src/domain/advice.js';

export type AfwegingQuestion = 'afweging1' | 'afweging2' | 'afweging3' | 'afweging4' | 'afweging5';

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
const NODE_OF: Record<AfwegingQuestion, NodeId> = { afweging1: 'afw.q1', afweging2: 'afw.q2', afweging3: 'afw.q3', afweging4: 'afw.q4', afweging5: 'afw.q5' };
const nodeOf = (q: AfwegingQuestion): NodeId => NODE_OF[q];

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
  if (acuteGround(a)) return 'melden-samen-met-vt';
  const r = nextAfweging(afwegingAnswers(a));
  return 'advice' in r ? r.advice : undefined;
}

/**
 * While acute danger or a disclosure is on record and its binding advice has not been shown yet, every
 * step-4/5 question gives way to that advice (also when the alarm was raised in the middle of stap 4).
 */
function boundRedirect(env: NodeEnv): NodeId | undefined {
  return acuteGround(env.a) && env.a.adviesGebonden !== true ? 'afw.gebonden' : undefined;
}

/** After the decision: a melden decision already matches the bound advice, anything else is weighed again. */
function boundRedirectUnlessMelden(env: NodeEnv): NodeId | undefined {
  return includesMelden(env.a.besluit) ? undefined : boundRedirect(env);
}

function afterAnswer(q: AfwegingQuestion, value: string, a: Answers): Transition {
  // Questions after this one are cleared: a changed answer re-opens the branching from here.
  // The earlier advice (and the decision taken on it) no longer holds either.
  const cleared: Answers = { advies: undefined, adviesReden: undefined };
  for (const later of QUESTIONS.slice(QUESTIONS.indexOf(q) + 1)) cleared[later] = undefined;
  const r = nextAfweging(afwegingAnswers({ ...a, ...cleared, [q]: value }));
  if ('ask' in r) return { next: nodeOf(r.ask), set: cleared };
  return {
    next: 'afw.besluit',
    // The question that ended the branching, so the advice can name it.
    set: { ...cleared, advies: r.advice, adviesReden: q },
    record: [{ type: 'weighing', data: { advies: r.advice, vraag: q } }],
  };
}

function question(q: AfwegingQuestion, extraLater: boolean): DialogNode {
  const n = q.slice(-1);
  return {
    id: nodeOf(q),
    section: 'stap4',
    field: q,
    logType: 'weighing',
    redirect: boundRedirect,
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
                // Stap 4's public pages (meldcode-facts Part 2 §9); doctors also the KNMG afwegingskader.
                links: promptLinks(env, 'stap4', ...(env.a.sector === 'artsen' ? (['artsen'] as const) : [])),
              },
            ];
          }
        : undefined,
    ask: (env: NodeEnv) => ({
      kind: 'yesno' as const,
      question: env.t(`afw.q${n}.question`),
      // Afweging 1's help notes that frameworks say "stap 1 t/m 3" or "t/m 4" (meldcode-facts Part 2, Corrections 3).
      // Afweging 2 also lists examples of acute unsafety: interventieacademie's guiding questions and
      // KNMG meldcode bijlage 5 (meldcode-facts §1b; https://knmg-meldcode.maglr.com/meldcode-kindermishandeling-en-huiselijk-geweld/bijlage-5-voorbeelden-van-acute-onveiligheid).
      help: n === '2' ? `${env.t('afw.q2.help')}\n\n${env.t('afw.q2.voorbeelden')}` : env.t(`afw.q${n}.help`),
      yesLabel: env.t('common.yes'),
      noLabel: env.t('common.no'),
      extra: extraLater ? [{ value: 'later', label: env.t('afw.q5.opt.later') }] : undefined,
    }),
    onAnswer: (value: unknown, env: NodeEnv) => afterAnswer(q, String(value), env.a),
  };
}

/** What the decision means for the case's status and outcome (a melding is followed through first). */
export function decisionActions(besluit: string, a: Answers): Action[] {
  const hulp = besluit === 'hulp' || besluit === 'melden-hulp';
  const actions: Action[] = [];
  // Help needs following: afweging 5 ("leidt de hulp tot duurzame veiligheid?") is asked again later.
  if (hulp && a.afweging5 !== 'ja' && a.afweging5 !== 'nee') actions.push({ kind: 'followUp' });
  // finish ends the turn, so it comes last.
  actions.push({ kind: 'finish', status: besluit === 'afsluiten' ? 'gesloten' : 'besluit', outcome: besluit, post: true });
  return actions;
}

/** After the decision (and its reason when it departs from the advice): the melding route or the end. */
function afterDecision(env: NodeEnv): Transition {
  const besluit = String(env.a.besluit);
  if (includesMelden(besluit)) return { next: 'afw.informeren', actions: [{ kind: 'decide', outcome: besluit }] };
  return { next: 'menu', actions: decisionActions(besluit, env.a) };
}

/** The advice as shown: the framework's text plus the question (or the record) that led there. */
function adviceText(env: NodeEnv): string {
  const advies = String(env.a.advies);
  const reden = typeof env.a.adviesReden === 'string' ? env.a.adviesReden : undefined;
  const why = reden && (advies === 'melden' || advies === 'melden-samen-met-vt') ? env.t(`afw.adviesReden.${reden}`) : '';
  return [env.t(`afw.advies.${advies}`), why, env.t('afw.advies.professional')].filter(Boolean).join('\n\n');
}

/** What can support the weighing (Part 2 §8): the instruments the sheet names, a consultation, or nothing. */
export const WEGING_STEUN = ['lirik', 'arij', 'care-nl', 'ander-instrument', 'veilig-thuis', 'collega', 'geen'] as const;

export const AFWEGING_NODES = defineNodes([
  question('afweging1', false),
  question('afweging2', false),
  question('afweging3', false),
  question('afweging4', false),
  question('afweging5', true),
  {
    // Acute danger or a disclosure is on record: afweging 1 and 2 are "ja", the advice is melden.
    id: 'afw.gebonden',
    section: 'stap4',
    field: 'afwegingGebonden',
    logType: 'weighing',
    redirect: (env) => (acuteGround(env.a) ? undefined : 'afw.q1'),
    intro: (env) => [
      {
        kind: 'info',
        tone: 'warning',
        title: env.t('afw.gebonden.title'),
        text: env.t(`afw.gebonden.text.${acuteGround(env.a) ?? 'acuut'}`),
      },
    ],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('afw.gebonden.question'),
      options: [
        { value: 'verder', label: env.t('afw.gebonden.opt.verder') },
        { value: 'correctie', label: env.t('afw.gebonden.opt.correctie') },
      ],
    }),
    onAnswer: (value, env) => {
      if (value === 'correctie') return { next: 'afw.correctie' };
      const grond = acuteGround(env.a) ?? 'acuut';
      return {
        next: 'afw.besluit',
        set: {
          afweging1: 'ja',
          afweging2: 'ja',
          afweging3: undefined,
          afweging4: undefined,
          afweging5: undefined,
          advies: 'melden-samen-met-vt',
          adviesReden: grond,
          adviesGebonden: true,
        },
        record: [{ type: 'weighing', data: { advies: 'melden-samen-met-vt', grond } }],
      };
    },
  },
  {
    // Recorded by mistake: corrected explicitly, with a reason, as a new log entry; then the ordinary branching.
    id: 'afw.correctie',
    section: 'stap4',
    field: 'acuutCorrectie',
    logType: 'correction',
    ask: (env) => ({
      kind: 'text',
      question: env.t('afw.correctie.question'),
      help: env.t('afw.correctie.help'),
      maxLength: 1000,
      optional: false,
    }),
    onAnswer: (_value, env) => ({
      next: 'afw.q1',
      set: {
        acuutGecorrigeerd: true,
        disclosure: undefined,
        adviesGebonden: undefined,
        advies: undefined,
        adviesReden: undefined,
        afweging1: undefined,
        afweging2: undefined,
      },
      record: [{ type: 'correction', data: { gecorrigeerd: acuteGround(env.a) ?? 'acuut' } }],
    }),
  },
  {
    // Opens stap 4: what supports the weighing, if anything: a risk instrument the sheet names or a consultation.
    // Support only, never the decision (meldcode-facts §1a, §6d, Part 2 §8; https://www.1gezin1plan1regisseur.nl/stap-4-en-5-weeg-en-beslis/ ;
    // https://www.nji.nl/nl/Methodieken/Licht-Instrument-Risicotaxatie-Kindveiligheid-(LIRIK)/Doel-en-voor-wie.html).
    id: 'afw.steun',
    section: 'stap4',
    field: 'wegingSteun',
    logType: 'weighing',
    redirect: boundRedirect,
    ask: (env) => ({
      kind: 'multi',
      question: env.t('afw.steun.question'),
      help: env.t('afw.steun.help'),
      minSelected: 0,
      options: WEGING_STEUN.map((v) => ({ value: v, label: env.t(`afw.steun.opt.${v}`) })),
    }),
    onAnswer: () => ({ next: 'afw.q1' }),
  },
  {
    id: 'afw.besluit',
    section: 'stap5',
    field: 'besluit',
    logType: 'decision',
    redirect: boundRedirect,
    intro: (env) => [
      { kind: 'info', tone: 'normal', title: env.t('afw.advies.title'), text: adviceText(env) },
      // Melden is a right, not a duty (Wmo 2015 art. 5.2.6), and the five questions for speaking without
      // consent: meldcode-facts Part 2 §3 (5dok.net; meldcodekmko.nl/fc5-scherm-1-faq), §7c.
      {
        kind: 'info',
        tone: 'normal',
        title: env.t('afw.meldrecht.title'),
        text: env.t('afw.meldrecht.text'),
        links: promptLinks(env, 'stap5', 'meldrecht', ...(env.a.sector === 'artsen' ? (['artsen'] as const) : [])),
      },
      ...(env.socialMap ? [{ kind: 'info' as const, tone: 'normal' as const, title: env.t('socialMap.title'), text: env.socialMap }] : []),
    ],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('afw.besluit.question'),
      help: env.t('afw.besluit.help'),
      options: BESLUITEN.map((v) => ({ value: v, label: env.t(`afw.besluit.opt.${v}`) })),
    }),
    onAnswer: (value, env) => {
      const deviation = deviatesFromAdvice(env.a.advies, value);
      return { next: deviation ? 'afw.afwijking' : 'afw.toelichting', set: { afwijkingReden: undefined } };
    },
  },
  {
    // The professional decides; a choice that departs from the advice needs a reason (never blocked).
    id: 'afw.afwijking',
    section: 'stap5',
    field: 'afwijkingReden',
    logType: 'deviation',
    redirect: boundRedirectUnlessMelden,
    intro: (env) => [
      {
        kind: 'info',
        tone: 'warning',
        title: env.t('afw.afwijking.title'),
        text: env.t('afw.afwijking.text', {
          advies: typeof env.a.advies === 'string' ? env.t(`advice.${env.a.advies}`) : env.t('common.none'),
          besluit: typeof env.a.besluit === 'string' ? env.t(`afw.besluit.opt.${env.a.besluit}`) : env.t('common.none'),
        }),
      },
    ],
    ask: (env) => ({ kind: 'text', question: env.t('afw.afwijking.question'), help: env.t('afw.afwijking.help'), maxLength: 1000, optional: false }),
    onAnswer: (_value, env) => afterDecision(env),
  },
  {
    id: 'afw.toelichting',
    section: 'stap5',
    field: 'besluitToelichting',
    logType: 'decision',
    redirect: boundRedirectUnlessMelden,
    ask: (env) => ({
      kind: 'text',
      question: env.t('afw.toelichting.question'),
      help: env.t('afw.toelichting.help'),
      maxLength: 1000,
      optional: true,
      skipLabel: env.t('common.skip'),
    }),
    onAnswer: (_value, env) => afterDecision(env),
  },
  {
    id: 'afw.informeren',
    section: 'melding',
    field: 'ouderInformeren',
    logType: 'decision',
    intro: (env) => [
      // VT scripts for announcing a melding (meldcode-facts Part 2 §9, "Step 3 – telling the client").
      { kind: 'info', tone: 'normal', title: env.t('mld.voorbereiden.title'), text: env.t('mld.voorbereiden.text'), links: promptLinks(env, 'melding') },
      {
        kind: 'info',
        tone: 'normal',
        title: env.t('afw.informeren.title'),
        text: env.t(env.a.slachtoffer === 'volwassene' ? 'afw.informeren.textVolwassene' : 'afw.informeren.text'),
      },
    ],
    ask: (env) => ({
      kind: 'yesno',
      question: env.t(env.a.slachtoffer === 'volwassene' ? 'afw.informeren.questionVolwassene' : 'afw.informeren.question'),
      yesLabel: env.t('common.yes'),
      noLabel: env.t('common.no'),
    }),
    onAnswer: (value) => (value === 'nee' ? { next: 'afw.nietInformerenGrond' } : { next: 'mld.gedaan' }),
  },
  {
    id: 'afw.nietInformerenGrond',
    section: 'melding',
    field: 'nietInformerenGrond',
    logType: 'decision',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('afw.nietInformerenGrond.question'),
      help: env.t('afw.nietInformerenGrond.help'),
      options: ['veiligheid-kind', 'veiligheid-ouder', 'veiligheid-zelf', 'veiligheid-ander', 'contact'].map((v) => ({
        value: v,
        label: env.t(`afw.nietInformerenGrond.opt.${v}`),
      })),
    }),
    onAnswer: () => ({ next: 'afw.nietInformeren' }),
  },
  {
    id: 'afw.nietInformeren',
    section: 'melding',
    field: 'nietInformerenReden',
    logType: 'decision',
    ask: (env) => ({
      kind: 'text',
      question: env.t('afw.nietInformeren.question'),
      help: env.t('afw.nietInformeren.help'),
      maxLength: 1000,
      optional: false,
    }),
    onAnswer: () => ({ next: 'mld.gedaan' }),
  },
]);

/** The answers these questions record: label, how the value reads, summary and dossier section (dialogs/fields.ts). */
export const AFWEGING_FIELDS = defineFields([
  field('acuutCorrectie', 'summary.acuteCorrected', 'case', 'urgent', text),
  ...[1, 2, 3, 4, 5].map((n) => field(`afweging${n}`, `summary.afweging${n}`, 'stap4', 'stap4', yesno)),
  field('afwegingGebonden', 'summary.afwegingGebonden', 'stap4', 'stap4', option('afw.gebonden.opt')),
  // Set by the afwegingskader's branching, not asked as such.
  field('advies', 'summary.advice', 'stap4', 'stap4', option('advice')),
  field('wegingSteun', 'summary.wegingSteun', 'stap4', 'stap4', options('afw.steun.opt')),
  field('besluit', 'summary.decision', 'stap5', 'stap5', option('afw.besluit.opt')),
  field('afwijkingReden', 'summary.deviation', 'stap5', 'stap5', text),
  field('besluitToelichting', 'summary.decisionNote', 'stap5', 'stap5', text),
  field('ouderInformeren', 'summary.informParents', 'melding', 'melding', yesno),
  field('nietInformerenGrond', 'summary.notInformGround', 'melding', 'melding', option('afw.nietInformerenGrond.opt')),
  field('nietInformerenReden', 'summary.notInformReason', 'melding', 'melding', text),
]);
