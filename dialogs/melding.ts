/**
 * A melding at Veilig Thuis, followed through (meldcode-facts Part 2 §2): after the decision the case
 * stays open until the reporter records that the melding was made (when, and what was agreed with
 * Veilig Thuis); later Veilig Thuis's feedback can be recorded. The professional stays responsible for
 * the help they offer themselves, so the follow-up question still comes.
 */
import { defineNodes } from './types.js';
import { defineFields, field, option, text, textWithDay } from './fields.js';
import { localDateBefore } from '../src/i18n/time.js';

export const MELDING_NODES = defineNodes([
  {
    // No field: "not yet" is asked again on resume, and a later "yes" must not read as a correction.
    id: 'mld.gedaan',
    section: 'melding',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('mld.gedaan.question'),
      help: env.t('mld.gedaan.help'),
      options: [
        { value: 'ja', label: env.t('mld.gedaan.opt.ja') },
        { value: 'nog-niet', label: env.t('mld.gedaan.opt.nogNiet') },
      ],
    }),
    onAnswer: (value, env) =>
      value === 'ja'
        ? { next: 'mld.wanneer' }
        : {
            next: 'mld.gedaan',
            say: [{ kind: 'info', tone: 'normal', text: env.t('mld.gedaan.nogNiet', { ref: env.work?.ref ?? '' }) }],
            actions: [{ kind: 'later' }],
          },
  },
  {
    id: 'mld.wanneer',
    section: 'melding',
    field: 'meldingWanneer',
    logType: 'melding',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('mld.wanneer.question'),
      options: ['vandaag', 'gisteren', 'eerder'].map((v) => ({ value: v, label: env.t(`mld.wanneer.opt.${v}`) })),
    }),
    onAnswer: (value, env) => {
      if (value === 'eerder') return { next: 'mld.datum' };
      const datum = localDateBefore(env.now, value === 'gisteren' ? 1 : 0, env.timeZone);
      return { next: 'mld.afspraken', set: { meldingDatum: datum }, record: [{ type: 'melding', data: { field: 'meldingDatum', value: datum } }] };
    },
  },
  {
    id: 'mld.datum',
    section: 'melding',
    field: 'meldingDatum',
    logType: 'melding',
    ask: (env) => ({ kind: 'text', question: env.t('mld.datum.question'), help: env.t('mld.datum.help'), maxLength: 60, optional: false }),
    onAnswer: () => ({ next: 'mld.afspraken' }),
  },
  {
    id: 'mld.afspraken',
    section: 'melding',
    field: 'meldingAfspraken',
    logType: 'melding',
    ask: (env) => ({ kind: 'text', question: env.t('mld.afspraken.question'), help: env.t('mld.afspraken.help'), maxLength: 1000, optional: false }),
    onAnswer: (_value, env) => ({
      next: 'mld.terugkoppeling',
      say: [{ kind: 'info', tone: 'normal', text: env.t('mld.gedaan.vastgelegd', { ref: env.work?.ref ?? '' }) }],
      actions: [{ kind: 'meldingGedaan' }],
    }),
  },
  {
    id: 'mld.terugkoppeling',
    section: 'melding',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('mld.terugkoppeling.question'),
      help: env.t('mld.terugkoppeling.help'),
      options: ['ja', 'later', 'afronden'].map((v) => ({ value: v, label: env.t(`mld.terugkoppeling.opt.${v}`) })),
    }),
    onAnswer: (value, env) => {
      if (value === 'ja') return { next: 'mld.vt' };
      if (value === 'later') {
        return {
          next: 'mld.terugkoppeling',
          say: [{ kind: 'info', tone: 'normal', text: env.t('mld.terugkoppeling.later', { ref: env.work?.ref ?? '' }) }],
          actions: [{ kind: 'later' }],
        };
      }
      return { next: 'menu', actions: [{ kind: 'finish', status: 'melding-gedaan', outcome: String(env.a.besluit), post: false }] };
    },
  },
  {
    id: 'mld.vt',
    section: 'melding',
    field: 'vtTerugkoppeling',
    logType: 'melding',
    ask: (env) => ({ kind: 'text', question: env.t('mld.vt.question'), help: env.t('mld.vt.help'), maxLength: 1000, optional: false }),
    onAnswer: (_value, env) => ({
      next: 'menu',
      actions: [{ kind: 'finish', status: 'melding-gedaan', outcome: String(env.a.besluit), post: false }],
    }),
  },
]);

/** The answers these questions record: label, how the value reads, summary and dossier section (dialogs/fields.ts). */
export const MELDING_FIELDS = defineFields([
  field('meldingWanneer', 'summary.meldingWanneer', 'melding', 'melding', option('mld.wanneer.opt')),
  field('meldingDatum', 'summary.meldingDate', 'melding', 'melding', textWithDay),
  field('meldingAfspraken', 'summary.meldingAgreements', 'melding', 'melding', text),
  field('vtTerugkoppeling', 'summary.vtFeedback', 'melding', 'melding', text),
]);
