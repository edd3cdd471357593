/** Stap 3 — gesprek met de ouders/cliënt/het kind (meldcode-facts §5). */
import { defineNodes, type NodeEnv } from './types.js';
import { defineFields, field, option, options, text, yesno } from './fields.js';
import { adultOnly, list } from './signalen.js';
import { formById } from '../src/domain/forms.js';
import { tipsFor } from '../src/domain/tips.js';
import { AGE_GROUPS } from '../src/domain/types.js';

/** The conversation tips that apply to this case, as one text. */
export function caseTips(env: NodeEnv): string {
  const forms = list(env.a.vormen).map(formById);
  const tips = tipsFor({
    age: AGE_GROUPS.find((g) => g === env.a.leeftijd),
    newcomer: env.a.nieuwkomer === 'ja',
    sexual: forms.some((f) => f?.sexual === true),
    expertFirst: forms.some((f) => f?.expertFirst === true),
    adult: adultOnly(env.a),
  });
  return tips.map((tip) => `• ${env.text(tip.text)}`).join('\n');
}

export const GESPREK_NODES = defineNodes([
  {
    id: 's3.nieuwkomer',
    section: 'stap3',
    field: 'nieuwkomer',
    ask: (env) => ({
      kind: 'yesno',
      question: env.t('s3.nieuwkomer.question'),
      help: env.t('s3.nieuwkomer.help'),
      yesLabel: env.t('common.yes'),
      noLabel: env.t('common.no'),
    }),
    onAnswer: () => ({ next: 's3.keuze' }),
  },
  {
    id: 's3.keuze',
    section: 'stap3',
    field: 'gesprekKeuze',
    logType: 'conversation',
    intro: (env) => [{ kind: 'info', tone: 'normal', title: env.t('s3.tips.title'), text: caseTips(env) }],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('s3.keuze.question'),
      options: [
        { value: 'voeren', label: env.t('s3.keuze.opt.voeren') },
        { value: 'overslaan', label: env.t('s3.keuze.opt.overslaan') },
      ],
    }),
    onAnswer: (value) => ({ next: value === 'overslaan' ? 's3.overslaan' : 's3.gevoerd' }),
  },
  {
    id: 's3.overslaan',
    section: 'stap3',
    field: 'overslaanReden',
    logType: 'conversation',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('s3.overslaan.question'),
      help: env.t('s3.overslaan.help'),
      options: ['veiligheid-kind', 'veiligheid-ouder', 'veiligheid-anderen', 'contact', 'politie', 'deskundige'].map((v) => ({
        value: v,
        label: env.t(`s3.overslaan.opt.${v}`),
      })),
    }),
    onAnswer: () => ({ next: 's3.overslaanToelichting' }),
  },
  {
    id: 's3.overslaanToelichting',
    section: 'stap3',
    field: 'overslaanToelichting',
    logType: 'conversation',
    ask: (env) => ({ kind: 'text', question: env.t('s3.overslaanToelichting.question'), maxLength: 1000, optional: false }),
    onAnswer: () => ({ next: 'afw.q1' }),
  },
  {
    id: 's3.gevoerd',
    section: 'stap3',
    field: 'gesprekGevoerd',
    logType: 'conversation',
    ask: (env) => ({
      kind: 'yesno',
      question: env.t('s3.gevoerd.question'),
      yesLabel: env.t('common.yes'),
      noLabel: env.t('s3.gevoerd.opt.nogNiet'),
    }),
    onAnswer: (value, env) =>
      value === 'ja'
        ? { next: 's3.waar' }
        : { next: 's3.gevoerd', say: [{ kind: 'info', tone: 'normal', text: env.t('s3.gevoerd.nogNiet') }] },
  },
  {
    // Where and how it took place: a safe place, preferably face to face; people with lived experience
    // found the professional's office safer than home, and felt not taken seriously by phone
    // (meldcode-facts Part 2 §6, "Check je Gesprek", seed 001).
    id: 's3.waar',
    section: 'stap3',
    field: 'gesprekPlek',
    logType: 'conversation',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('s3.waar.question'),
      help: env.t('s3.waar.help'),
      options: ['organisatie', 'elders', 'video', 'telefoon'].map((v) => ({ value: v, label: env.t(`s3.waar.opt.${v}`) })),
    }),
    onAnswer: () => ({ next: 's3.met' }),
  },
  {
    id: 's3.met',
    section: 'stap3',
    field: 'gesprekMet',
    logType: 'conversation',
    ask: (env) => ({
      kind: 'multi',
      question: env.t('s3.met.question'),
      minSelected: 1,
      options: ['ouders', 'kind', 'client', 'anders'].map((v) => ({ value: v, label: env.t(`s3.met.opt.${v}`) })),
    }),
    onAnswer: () => ({ next: 's3.reactie' }),
  },
  {
    id: 's3.reactie',
    section: 'stap3',
    field: 'gesprekReactie',
    logType: 'conversation',
    ask: (env) => ({ kind: 'text', question: env.t('s3.reactie.question'), help: env.t('s3.reactie.help'), maxLength: 1000, optional: false }),
    onAnswer: () => ({ next: 'afw.q1' }),
  },
]);

/** The answers these questions record: label, how the value reads, summary and dossier section (dialogs/fields.ts). */
export const GESPREK_FIELDS = defineFields([
  field('nieuwkomer', 'summary.newcomer', 'stap3', 'stap3', yesno),
  field('gesprekKeuze', 'summary.gesprekKeuze', 'stap3', 'stap3', option('answer.gesprekKeuze')),
  field('overslaanReden', 'summary.skipReason', 'stap3', 'stap3', option('s3.overslaan.opt')),
  field('overslaanToelichting', 'summary.skipExplanation', 'stap3', 'stap3', text),
  field('gesprekGevoerd', 'summary.gesprekGevoerd', 'stap3', 'stap3', { kind: 'option', keys: { ja: 'common.yes', nee: 'answer.gesprekGevoerd.nee' } }),
  field('gesprekPlek', 'summary.gesprekPlek', 'stap3', 'stap3', option('s3.waar.opt')),
  field('gesprekMet', 'summary.talkedWith', 'stap3', 'stap3', options('s3.met.opt')),
  field('gesprekReactie', 'summary.reaction', 'stap3', 'stap3', text),
]);
