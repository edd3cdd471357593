/** Stap 1 — signalen in kaart brengen (meldcode-facts §3, §7a; newcomer families: §5c, Part 2 §7). */
import { defineNodes, type NodeEnv, type NodeId } from './types.js';
import { defineFields, field, option, options, text, yesno } from './fields.js';
import type { Answers } from '../src/engine/types.js';
import { ADULT_FORMS, ADULT_SIGNALS } from '../src/domain/adult.js';
import { CONCERN_FORMS, formById } from '../src/domain/forms.js';
import { SIGNALS } from '../src/domain/signals.js';
import { AGE_GROUPS, type AgeGroup, type Localized } from '../src/domain/types.js';

export const FACTS_MAX = 1000;

export function list(v: Answers[string]): string[] {
  return Array.isArray(v) ? v : [];
}

function chosenForms(a: Answers) {
  return list(a.vormen).map(formById).filter((f) => f !== undefined);
}

/** Signals for the chosen age group and forms: general ones plus those of the forms. */
export function signalsFor(age: AgeGroup | undefined, forms: string[]) {
  return SIGNALS.filter(
    (s) =>
      (age === undefined || s.ages.includes(age)) &&
      (s.forms === 'any' || s.forms.some((f) => forms.includes(f))),
  );
}

/** The worry is (also) about an adult victim (meldcode-facts Part 2 §1). */
export const aboutAdult = (a: Answers): boolean => a.slachtoffer === 'volwassene' || a.slachtoffer === 'beide';
/** The worry is only about an adult: no child's age, adult forms and signals. */
export const adultOnly = (a: Answers): boolean => a.slachtoffer === 'volwassene';

/** The forms of concern offered: a child's, an adult's (with the forms both share), or both. */
export function formsOffered(a: Answers) {
  if (adultOnly(a)) return [...ADULT_FORMS, ...CONCERN_FORMS.filter((f) => f.id === 'eergerelateerd-geweld' || f.id === 'huwelijksdwang' || f.id === 'onbekend')];
  if (aboutAdult(a)) return [...CONCERN_FORMS, ...ADULT_FORMS];
  return [...CONCERN_FORMS];
}

/** The signals offered for this case, as id and text. */
export function signalsOffered(a: Answers, age: AgeGroup | undefined): { id: string; text: Localized }[] {
  const forms = list(a.vormen);
  const adult = ADULT_SIGNALS.filter((s) => (adultOnly(a) && s.forms === 'any') || (s.forms !== 'any' && s.forms.some((f) => forms.includes(f))));
  return [...(adultOnly(a) ? [] : signalsFor(age, forms)), ...(aboutAdult(a) ? adult : [])];
}

/** Whether the kindcheck still has to be done for this case (meldcode-facts §2). */
export function needsKindcheck(a: Answers): boolean {
  return a.kcDone !== true && (a.client === 'volwassene' || chosenForms(a).some((f) => f.parentConcern));
}

/** The KNMG mantelzorgverleningscheck is offered in the zorg sector with an adult client (Part 2 §1). */
function needsMantelzorgCheck(a: Answers): boolean {
  return a.client === 'volwassene' && a.sector === 'zorg' && a.mantelzorg === undefined;
}

/** Where stap 1 goes after the forms (and after a kindcheck started from there). */
export function afterForms(a: Answers): NodeId {
  if (needsKindcheck(a)) return 'kc.kinderen';
  if (needsMantelzorgCheck(a)) return 'kc.mantelzorg';
  if (chosenForms(a).some((f) => f.expertFirst) && a.expertGezien === undefined) return 's1.expert';
  return 's1.signalen';
}

function ageOf(env: NodeEnv): AgeGroup | undefined {
  const v = env.a.leeftijd;
  return AGE_GROUPS.find((g) => g === v);
}

/** Stressors that raise the risk in newcomer families (meldcode-facts Part 2 §7, seed 000): context, not signals. */
export const NEWCOMER_STRESSORS = ['stress', 'trauma', 'verblijfsstatus', 'werkloosheid', 'discriminatie', 'netwerk'] as const;

export const SIGNAL_NODES = defineNodes([
  {
    id: 's1.leeftijd',
    section: 'stap1',
    field: 'leeftijd',
    ask: (env) => ({
      kind: 'choice',
      question: env.t(env.a.client === 'volwassene' ? 's1.leeftijd.questionJongste' : 's1.leeftijd.question'),
      options: AGE_GROUPS.map((g) => ({ value: g, label: env.t(`age.${g}`) })),
    }),
    onAnswer: () => ({ next: 's1.vormen' }),
  },
  {
    id: 's1.vormen',
    section: 'stap1',
    field: 'vormen',
    ask: (env) => ({
      kind: 'multi',
      question: env.t(adultOnly(env.a) ? 's1.vormen.questionVolwassene' : 's1.vormen.question'),
      help: env.t('s1.vormen.help'),
      minSelected: 1,
      options: formsOffered(env.a).map((f) => ({ value: f.id, label: env.text(f.text) })),
    }),
    onAnswer: () => ({ next: 's1.nieuwkomer' }),
  },
  {
    // Asked early, so stap 1 can check for bias before the interpretation and stap 3 can give the
    // newcomer tips without asking again (meldcode-facts §5c, Part 2 §7).
    id: 's1.nieuwkomer',
    section: 'stap1',
    field: 'nieuwkomer',
    ask: (env) => ({
      kind: 'yesno',
      question: env.t('s1.nieuwkomer.question'),
      help: env.t('s1.nieuwkomer.help'),
      yesLabel: env.t('common.yes'),
      noLabel: env.t('common.no'),
    }),
    onAnswer: (_value, env) => ({ next: afterForms(env.a) }),
  },
  {
    id: 's1.expert',
    section: 'stap1',
    field: 'expertGezien',
    logType: 'note',
    intro: (env) => [{ kind: 'info', tone: 'warning', title: env.t('s1.expert.title'), text: env.t('s1.expert.text') }],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('s1.expert.question'),
      options: [{ value: 'begrepen', label: env.t('s1.expert.opt.begrepen') }],
    }),
    onAnswer: () => ({ next: 's1.signalen' }),
  },
  {
    id: 's1.signalen',
    section: 'stap1',
    field: 'signalen',
    ask: (env) => ({
      kind: 'multi',
      question: env.t('s1.signalen.question'),
      help: env.t('s1.signalen.help'),
      minSelected: 0,
      options: signalsOffered(env.a, ageOf(env)).map((s) => ({ value: s.id, label: env.text(s.text) })),
    }),
    onAnswer: () => ({ next: 's1.feiten' }),
  },
  {
    id: 's1.feiten',
    section: 'stap1',
    field: 'feiten',
    logType: 'fact',
    ask: (env) => ({
      kind: 'text',
      question: env.t('s1.feiten.question'),
      help: env.t('s1.feiten.help'),
      maxLength: FACTS_MAX,
      optional: false,
    }),
    onAnswer: () => ({ next: 's1.bron' }),
  },
  {
    id: 's1.bron',
    section: 'stap1',
    field: 'bron',
    logType: 'fact',
    ask: (env) => ({
      kind: 'multi',
      question: env.t('s1.bron.question'),
      minSelected: 1,
      options: [
        { value: 'eigen', label: env.t('s1.bron.opt.eigen') },
        ...(adultOnly(env.a) ? [] : [{ value: 'kind', label: env.t('s1.bron.opt.kind') }]),
        ...(aboutAdult(env.a) ? [{ value: 'betrokkene', label: env.t('s1.bron.opt.betrokkene') }] : []),
        { value: 'derden', label: env.t('s1.bron.opt.derden') },
      ],
    }),
    onAnswer: (value, env) => {
      const sources = Array.isArray(value) ? value : [];
      const say = sources.includes('derden')
        ? [{ kind: 'info' as const, tone: 'normal' as const, text: env.t('s1.bron.derdenTip') }]
        : [];
      // A child, or an adult victim, telling about the violence is a disclosure: treated as acute
      // unsafety (meldcode-facts §1b, §9.2; Augeo: also when a victim tells about unsafety at home).
      const next: NodeId = env.a.nieuwkomer === 'ja' ? 's1.normen' : 's1.interpretatie';
      if ((sources.includes('kind') || sources.includes('betrokkene')) && env.a.disclosure !== true) {
        return { next, say, set: { disclosure: true }, actions: [{ kind: 'acute', reason: 'disclosure' }] };
      }
      return { next, say };
    },
  },
  {
    // "Onbekend maakt onbemind": with a newcomer family, first ask whether it is a signal or mainly
    // unfamiliar, and talk it through with the aandachtsfunctionaris (Part 2 §7, Pharos/seed 000; NJi).
    id: 's1.normen',
    section: 'stap1',
    field: 'normenCheck',
    logType: 'interpretation',
    intro: (env) => [{ kind: 'info', tone: 'normal', title: env.t('s1.normen.title'), text: env.t('s1.normen.text') }],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('s1.normen.question'),
      options: ['signaal', 'twijfel', 'onbekend'].map((v) => ({ value: v, label: env.t(`s1.normen.opt.${v}`) })),
    }),
    onAnswer: () => ({ next: 's1.stressoren' }),
  },
  {
    // Stressors the Pharos study names for newcomer families: context for the weighing, never a signal by themselves.
    id: 's1.stressoren',
    section: 'stap1',
    field: 'stressoren',
    logType: 'note',
    ask: (env) => ({
      kind: 'multi',
      question: env.t('s1.stressoren.question'),
      help: env.t('s1.stressoren.help'),
      minSelected: 0,
      options: NEWCOMER_STRESSORS.map((v) => ({ value: v, label: env.t(`s1.stressoren.opt.${v}`) })),
    }),
    onAnswer: () => ({ next: 's1.interpretatie' }),
  },
  {
    id: 's1.interpretatie',
    section: 'stap1',
    field: 'interpretatie',
    logType: 'interpretation',
    ask: (env) => ({
      kind: 'text',
      question: env.t('s1.interpretatie.question'),
      help: env.t('s1.interpretatie.help'),
      maxLength: FACTS_MAX,
      optional: true,
      skipLabel: env.t('common.skip'),
    }),
    onAnswer: () => ({ next: 's2.advies' }),
  },
]);

/** The answers these questions record: label, how the value reads, summary and dossier section (dialogs/fields.ts). */
export const SIGNAL_FIELDS = defineFields([
  field('leeftijd', 'summary.age', 'stap1', 'signals', option('age')),
  field('vormen', 'summary.forms', 'stap1', 'signals', { kind: 'forms' }),
  field('nieuwkomer', 'summary.newcomer', 'stap1', 'context', yesno),
  field('stressoren', 'summary.stressoren', 'stap1', 'context', options('s1.stressoren.opt')),
  field('expertGezien', 'summary.expertGezien', 'stap1', 'signals', option('answer.expertGezien')),
  field('signalen', 'summary.signals', 'stap1', 'signals', { kind: 'signals' }),
  field('feiten', 'summary.facts', 'stap1', 'facts', text),
  field('bron', 'summary.source', 'stap1', 'facts', options('s1.bron.opt')),
  field('normenCheck', 'summary.normenCheck', 'stap1', 'interpretations', option('s1.normen.opt')),
  field('interpretatie', 'summary.interpretation', 'stap1', 'interpretations', text),
]);
