/** Before stap 1: safety check, sector, home situation or staff member, who the client is. */
import { defineNodes } from './types.js';
import { defineFields, field, option, yesno } from './fields.js';
import { SECTOR_DEFS } from '../src/domain/sectors.js';
import { staffRouteOf } from '../src/domain/staffRoute.js';
import { readMore } from './links.js';

/** About whom the worry is: a child, an adult (partner violence, elder abuse, …), or both. */
export const VICTIMS = ['kind', 'volwassene', 'beide'] as const;

export const CONTEXT_NODES = defineNodes([
  {
    id: 'ctx.acuut',
    section: 'context',
    field: 'acuutCheck',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('ctx.acuut.question'),
      options: [
        { value: 'gevaar', label: env.t('ctx.acuut.opt.gevaar') },
        { value: 'disclosure', label: env.t('ctx.acuut.opt.disclosure') },
        { value: 'nee', label: env.t('ctx.acuut.opt.nee') },
      ],
    }),
    onAnswer: (value) => {
      if (value === 'gevaar') return { next: 'ctx.sector', actions: [{ kind: 'acute', reason: 'acuut' }] };
      if (value === 'disclosure')
        return { next: 'ctx.sector', set: { disclosure: true }, actions: [{ kind: 'acute', reason: 'disclosure' }] };
      return { next: 'ctx.sector' };
    },
  },
  {
    id: 'ctx.sector',
    section: 'context',
    field: 'sector',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('ctx.sector.question'),
      options: SECTOR_DEFS.map((s) => ({ value: s.id, label: env.text(s.text) })),
    }),
    onAnswer: (value) => ({
      next: 'ctx.betreft',
      actions: [{ kind: 'caseMeta', patch: { sector: String(value) } }],
    }),
  },
  {
    id: 'ctx.betreft',
    section: 'context',
    field: 'betreft',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('ctx.betreft.question'),
      help: env.t('ctx.betreft.help'),
      options: [
        { value: 'thuis', label: env.t('ctx.betreft.opt.thuis') },
        { value: 'medewerker', label: env.t('ctx.betreft.opt.medewerker') },
        // Sexual behaviour between children: its own route (meldcode-facts Part 2 §5, dialogs/kinderen.ts).
        { value: 'kinderen', label: env.t('ctx.betreft.opt.kinderen') },
      ],
    }),
    onAnswer: (value) => {
      if (value === 'medewerker') return { next: 'mw.route', actions: [{ kind: 'caseMeta', patch: { route: 'medewerker' } }] };
      if (value === 'kinderen') return { next: 'sk.criteria', actions: [{ kind: 'caseMeta', patch: { route: 'tussen-kinderen' } }] };
      return { next: 'ctx.slachtoffer' };
    },
  },
  {
    // The meldcode covers domestic violence against adults too (meldcode-facts Part 2 §1).
    id: 'ctx.slachtoffer',
    section: 'context',
    field: 'slachtoffer',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('ctx.slachtoffer.question'),
      help: env.t('ctx.slachtoffer.help'),
      options: VICTIMS.map((v) => ({ value: v, label: env.t(`ctx.slachtoffer.opt.${v}`) })),
    }),
    // An adult victim is the client: the kindcheck follows the forms of concern.
    onAnswer: (value, env) =>
      value === 'volwassene' ? { next: 's1.vormen', set: { client: 'volwassene' }, say: [readMore(env, 'stap1', 'stap1')] } : { next: 'ctx.client' },
  },
  {
    id: 'ctx.client',
    section: 'context',
    field: 'client',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('ctx.client.question'),
      help: env.t('ctx.client.help'),
      options: [
        { value: 'kind', label: env.t('ctx.client.opt.kind') },
        { value: 'volwassene', label: env.t('ctx.client.opt.volwassene') },
      ],
    }),
    // Stap 1's public pages before its first question (meldcode-facts Part 2 §9); with an adult client the kindcheck's too.
    onAnswer: (value, env) =>
      value === 'volwassene'
        ? { next: 'kc.kinderen', say: [readMore(env, 'kindcheck', 'stap1', 'kindcheck')] }
        : { next: 's1.leeftijd', say: [readMore(env, 'stap1', 'stap1')] },
  },
  {
    id: 'mw.route',
    section: 'medewerker',
    field: 'afInformeren',
    intro: (env) => {
      const key = `mw.route.${staffRouteOf(env.a.sector)}`;
      return [
        { kind: 'info', tone: 'warning', title: env.t('mw.route.title'), text: env.t(key) },
        { kind: 'info', tone: 'normal', text: env.t('mw.route.always') },
      ];
    },
    ask: (env) => ({ kind: 'yesno', question: env.t('mw.af.question'), help: env.t('mw.af.help'), yesLabel: env.t('common.yes'), noLabel: env.t('common.no') }),
    onAnswer: (value, env) => ({
      next: 'menu',
      record: [{ type: 'note', data: { route: 'medewerker', sector: env.a.sector ?? null } }],
      actions: [{ kind: 'finish', status: 'besluit', outcome: 'medewerker-route', post: value === 'ja' }],
    }),
  },
]);

/** The answers these questions record: label, how the value reads, summary and dossier section (dialogs/fields.ts). */
export const CONTEXT_FIELDS = defineFields([
  field('acuutCheck', 'summary.acuutCheck', 'case', 'context', option('answer.acuutCheck')),
  field('sector', 'summary.sector', 'case', 'context', { kind: 'sector' }),
  field('betreft', 'summary.betreft', 'case', 'context', option('answer.betreft')),
  field('slachtoffer', 'summary.victim', 'case', 'context', option('answer.slachtoffer')),
  field('client', 'summary.client', 'case', 'context', option('answer.client')),
  field('afInformeren', 'summary.afInformeren', 'case', 'context', yesno),
  // Set by the acute-danger check (and by a disclosure at stap 1), not asked as such.
  field('disclosure', 'summary.disclosure', 'case', 'urgent', { kind: 'flag' }),
]);
