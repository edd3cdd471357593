/** Stap 3 — gesprek met de ouders/cliënt/het kind (meldcode-facts §5; Part 2 §6 Check je Gesprek, §7 nieuwkomers). */
import { defineNodes, type NodeEnv } from './types.js';
import { defineFields, field, option, options, text } from './fields.js';
import { adultOnly, list } from './signalen.js';
import { formById } from '../src/domain/forms.js';
import { tipsFor, type ConversationTip } from '../src/domain/tips.js';
import { AGE_GROUPS } from '../src/domain/types.js';

const isNewcomer = (env: NodeEnv): boolean => env.a.nieuwkomer === 'ja';

function tipsOfCase(env: NodeEnv): ConversationTip[] {
  const forms = list(env.a.vormen).map(formById);
  return tipsFor({
    age: AGE_GROUPS.find((g) => g === env.a.leeftijd),
    newcomer: isNewcomer(env),
    sexual: forms.some((f) => f?.sexual === true),
    expertFirst: forms.some((f) => f?.expertFirst === true),
    adult: adultOnly(env.a),
  });
}

const bullets = (env: NodeEnv, tips: ConversationTip[]): string => tips.map((tip) => `• ${env.text(tip.text)}`).join('\n');

/** The conversation tips that apply to this case, as one text (the partnership and newcomer tips have their own heading). */
export function caseTips(env: NodeEnv): string {
  return bullets(env, tipsOfCase(env).filter((tip) => tip.when !== 'partnership' && tip.when !== 'newcomer'));
}

/**
 * Before the conversation: the partnership conditions (Check je Gesprek, Part 2 §6), the tips of this
 * case, and for a newcomer family their own tips with the interpreters on the organisation's social map.
 */
function preparation(env: NodeEnv) {
  const all = tipsOfCase(env);
  const tolk = env.socialMapKind?.('tolk') ?? '';
  const newcomer = all.filter((tip) => tip.when === 'newcomer');
  return [
    { kind: 'info' as const, tone: 'normal' as const, title: env.t('s3.partnerschap.title'), text: bullets(env, all.filter((tip) => tip.when === 'partnership')) },
    { kind: 'info' as const, tone: 'normal' as const, title: env.t('s3.tips.title'), text: caseTips(env) },
    ...(newcomer.length > 0
      ? [
          {
            kind: 'info' as const,
            tone: 'normal' as const,
            title: env.t('s3.nieuwkomerTips.title'),
            text: [bullets(env, newcomer), tolk ? `${env.t('s3.nieuwkomerTips.tolken')}\n${tolk}` : ''].filter(Boolean).join('\n\n'),
          },
        ]
      : []),
  ];
}

/** Ja / deels / nee, for the short look back after the conversation. */
const JA_DEELS_NEE = ['ja', 'deels', 'nee'] as const;

export const GESPREK_NODES = defineNodes([
  {
    // Asked in stap 1 (s1.nieuwkomer); only a case that passed stap 1 before it asked this is asked here.
    id: 's3.nieuwkomer',
    section: 'stap3',
    field: 'nieuwkomer',
    redirect: (env) => (env.a.nieuwkomer === undefined ? undefined : 's3.keuze'),
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
    intro: preparation,
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
    onAnswer: () => ({ next: 'afw.steun' }),
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
    onAnswer: () => ({ next: 's3.luisteren' }),
  },
  // A short look back in the spirit of Check je Gesprek (Part 2 §6): listened first, held back solutions,
  // what the parents or client brought in, and for a newcomer family whether an interpreter was there (§5c, Part 2 §7).
  {
    id: 's3.luisteren',
    section: 'stap3',
    field: 'gesprekLuisteren',
    logType: 'conversation',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('s3.luisteren.question'),
      help: env.t('s3.luisteren.help'),
      options: JA_DEELS_NEE.map((v) => ({ value: v, label: env.t(`s3.terugblik.opt.${v}`) })),
    }),
    onAnswer: () => ({ next: 's3.oplossingen' }),
  },
  {
    id: 's3.oplossingen',
    section: 'stap3',
    field: 'gesprekOplossingen',
    logType: 'conversation',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('s3.oplossingen.question'),
      help: env.t('s3.oplossingen.help'),
      options: JA_DEELS_NEE.map((v) => ({ value: v, label: env.t(`s3.terugblik.opt.${v}`) })),
    }),
    onAnswer: (_value, env) => ({ next: isNewcomer(env) ? 's3.tolk' : 's3.met' }),
  },
  {
    id: 's3.tolk',
    section: 'stap3',
    field: 'gesprekTolk',
    logType: 'conversation',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('s3.tolk.question'),
      options: ['professioneel', 'niet-nodig', 'familie', 'geen'].map((v) => ({ value: v, label: env.t(`s3.tolk.opt.${v}`) })),
    }),
    onAnswer: (value, env) => ({
      next: 's3.met',
      say: value === 'familie' || value === 'geen' ? [{ kind: 'info', tone: 'warning', text: env.t('s3.tolk.tip') }] : [],
    }),
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
    onAnswer: () => ({ next: 's3.inbreng' }),
  },
  {
    id: 's3.inbreng',
    section: 'stap3',
    field: 'gesprekInbreng',
    logType: 'conversation',
    ask: (env) => ({
      kind: 'text',
      question: env.t('s3.inbreng.question'),
      help: env.t('s3.inbreng.help'),
      maxLength: 1000,
      optional: true,
      skipLabel: env.t('common.skip'),
    }),
    onAnswer: () => ({ next: 'afw.steun' }),
  },
]);

/** The answers these questions record: label, how the value reads, summary and dossier section (dialogs/fields.ts). */
export const GESPREK_FIELDS = defineFields([
  field('gesprekKeuze', 'summary.gesprekKeuze', 'stap3', 'stap3', option('answer.gesprekKeuze')),
  field('overslaanReden', 'summary.skipReason', 'stap3', 'stap3', option('s3.overslaan.opt')),
  field('overslaanToelichting', 'summary.skipExplanation', 'stap3', 'stap3', text),
  field('gesprekGevoerd', 'summary.gesprekGevoerd', 'stap3', 'stap3', { kind: 'option', keys: { ja: 'common.yes', nee: 'answer.gesprekGevoerd.nee' } }),
  field('gesprekPlek', 'summary.gesprekPlek', 'stap3', 'stap3', option('s3.waar.opt')),
  field('gesprekLuisteren', 'summary.gesprekLuisteren', 'stap3', 'stap3', option('s3.terugblik.opt')),
  field('gesprekOplossingen', 'summary.gesprekOplossingen', 'stap3', 'stap3', option('s3.terugblik.opt')),
  field('gesprekTolk', 'summary.gesprekTolk', 'stap3', 'stap3', option('s3.tolk.opt')),
  field('gesprekMet', 'summary.talkedWith', 'stap3', 'stap3', options('s3.met.opt')),
  field('gesprekReactie', 'summary.reaction', 'stap3', 'stap3', text),
  field('gesprekInbreng', 'summary.gesprekInbreng', 'stap3', 'stap3', text),
]);
