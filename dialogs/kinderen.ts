/**
 * Sexual behaviour between children (grensoverschrijdend seksueel gedrag): the Vlaggensysteem's six
 * criteria to weigh the behaviour, the NJi tips on what to do, and the kinderopvang protocol's route 3.
 * Sources: meldcode-facts Part 2 §5 and §9, Corrections 4 (the Vlaggensysteem is Sensoa's with Movisie).
 * Part 2 §5 found NO source for when Veilig Thuis or the police must be involved: the texts say only
 * "consult Veilig Thuis / follow your protocol", never a threshold. A staff member involved → mw.route.
 */
import { defineNodes, type NodeEnv } from './types.js';
import { defineFields, field, option, options, text, yesno } from './fields.js';
import { promptLinks } from './links.js';

/** The six criteria of the Vlaggensysteem, as Part 2 §5 lists them (vlaggensysteem.nl; movisie.nl). */
export const VLAG_CRITERIA = ['toestemming', 'vrijwilligheid', 'gelijkwaardigheid', 'leeftijd', 'context', 'zelfrespect'] as const;

/** What the professional does next (NJi tips, Part 2 §5). */
export const SK_VERVOLG = ['meldcode', 'overleg', 'pedagogisch'] as const;

export const KINDEREN_NODES = defineNodes([
  {
    // Vlaggensysteem: 6 criteria, 4 flags; the flag is no sum of scores (Part 2 §5; sensoa.be; vlaggensysteem.nl).
    id: 'sk.criteria',
    section: 'kinderen',
    field: 'skCriteria',
    logType: 'weighing',
    intro: (env) => [
      { kind: 'info', tone: 'normal', title: env.t('sk.intro.title'), text: env.t('sk.intro.text'), links: promptLinks(env, 'tussen-kinderen') },
    ],
    ask: (env) => ({
      kind: 'multi',
      question: env.t('sk.criteria.question'),
      // NJi asks per criterion, e.g. how a child knew the other wanted it; manipulation, pressure or a reward.
      help: env.t('sk.criteria.help'),
      minSelected: 1,
      options: [...VLAG_CRITERIA, 'geen'].map((v) => ({ value: v, label: env.t(`sk.criteria.opt.${v}`) })),
    }),
    onAnswer: () => ({ next: 'sk.feiten' }),
  },
  {
    // Facts apart from interpretations (meldcode-facts §7a), as in stap 1.
    id: 'sk.feiten',
    section: 'kinderen',
    field: 'skFeiten',
    logType: 'fact',
    ask: (env) => ({ kind: 'text', question: env.t('sk.feiten.question'), help: env.t('sk.feiten.help'), maxLength: 1000, optional: false }),
    onAnswer: () => ({ next: 'sk.medewerker' }),
  },
  {
    // A staff member involved: the staff route, not this one (Part 2 §5: "if a staff member is involved, follow route 2").
    id: 'sk.medewerker',
    section: 'kinderen',
    field: 'skMedewerker',
    ask: (env) => ({ kind: 'yesno', question: env.t('sk.medewerker.question'), help: env.t('sk.medewerker.help'), yesLabel: env.t('common.yes'), noLabel: env.t('common.no') }),
    onAnswer: (value) =>
      value === 'ja' ? { next: 'mw.route', actions: [{ kind: 'caseMeta', patch: { route: 'medewerker' } }] } : { next: 'sk.vervolg' },
  },
  {
    // NJi tips (Part 2 §5); kinderopvang: route 3 of the sector protocol (BOinK; version discrepancy 5 vs 6 steps).
    id: 'sk.vervolg',
    section: 'kinderen',
    field: 'skVervolg',
    logType: 'decision',
    intro: (env) => [
      { kind: 'info', tone: 'normal', title: env.t('sk.tips.title'), text: env.t('sk.tips.text') },
      ...(env.a.sector === 'kinderopvang'
        ? [{ kind: 'info' as const, tone: 'normal' as const, title: env.t('sk.kinderopvang.title'), text: env.t('sk.kinderopvang.text'), links: promptLinks(env, 'kinderopvang') }]
        : []),
      { kind: 'info', tone: 'warning', title: env.t('sk.vtPolitie.title'), text: env.t('sk.vtPolitie.text') },
    ],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('sk.vervolg.question'),
      options: SK_VERVOLG.map((v) => ({ value: v, label: env.t(`sk.vervolg.opt.${v}`) })),
    }),
    onAnswer: (value, env) => {
      // Suspected sexual abuse: the meldcode steps (NJi tip); the case keeps its route for the figures.
      if (value === 'meldcode') return { next: 'ctx.slachtoffer', say: [{ kind: 'info', tone: 'normal', text: env.t('sk.vervolg.meldcodeVerder') }] };
      const outcome = value === 'overleg' ? 'tussen-kinderen-overleg' : 'tussen-kinderen-pedagogisch';
      return {
        next: 'menu',
        actions: [{ kind: 'finish', status: 'besluit', outcome, post: true }],
      };
    },
  },
]);

/** The answers these questions record: label, how the value reads, summary and dossier section (dialogs/fields.ts). */
export const KINDEREN_FIELDS = defineFields([
  field('skCriteria', 'summary.skCriteria', 'stap1', 'signals', options('sk.criteria.opt')),
  field('skFeiten', 'summary.skFeiten', 'stap1', 'facts', text),
  field('skMedewerker', 'summary.skMedewerker', 'case', 'context', yesno),
  field('skVervolg', 'summary.skVervolg', 'stap5', 'stap5', option('sk.vervolg.opt')),
]);
