/** Stap 2 — overleg met een collega, de aandachtsfunctionaris en/of Veilig Thuis (meldcode-facts §4, §7a, §9.4, §9.11). */
import { defineNodes, type AnswerValue, type NodeEnv } from './types.js';
import { defineFields, field, option, options, text, textWithDay } from './fields.js';
import { normalise } from '../src/engine/parse.js';
import { localDateBefore } from '../src/i18n/time.js';
import { adultOnly, list } from './signalen.js';
import { formById } from '../src/domain/forms.js';
import { sectorById } from '../src/domain/sectors.js';
import { signalText } from '../src/domain/signals.js';
import { promptLinks, readMore } from './links.js';

/** Words for a day relative to today, and how many days back they are. "Vorige week" names no day: it stays text. */
const RELATIVE_DAYS: ReadonlyMap<string, number> = new Map([
  ['vandaag', 0],
  ['gisteren', 1],
  ['eergisteren', 2],
  ['today', 0],
  ['yesterday', 1],
  ['day before yesterday', 2],
]);

/** Who was consulted (multi); `anoniem` records that the consultation was about anonymous data (Part 2 §3). */
const CONSULTED = ['af', 'collega', 'vt', 'anders', 'anoniem'] as const;

/**
 * The KNMG meldcode (2023) asks doctors in stap 2 to consult one or more colleagues and to ask Veilig
 * Thuis's advice, and to record why if they did not (meldcode-facts Part 2 §3, Corrections 8).
 */
function knmgReasonNeeded(env: NodeEnv, met: AnswerValue): boolean {
  if (env.a.sector !== 'artsen') return false;
  const chosen = list(met ?? undefined);
  return !(chosen.includes('collega') && chosen.includes('vt'));
}

/** The consultation question, prepared from what was recorded in stap 1 — without names. */
export function consultationQuestion(env: NodeEnv): string {
  const a = env.a;
  const none = env.t('common.none');
  const join = (xs: string[]) => (xs.length ? xs.join(', ') : none);
  const forms = list(a.vormen).map((id) => formById(id)).filter((f) => f !== undefined).map((f) => env.text(f.text));
  const signals = list(a.signalen)
    .map(signalText)
    .filter((s) => s !== undefined)
    .map((s) => env.text(s));
  const sources = list(a.bron).map((b) => env.t(`s1.bron.opt.${b}`));
  const sector = sectorById(String(a.sector ?? ''));
  return env.t(adultOnly(a) ? 's2.vraagVolwassene' : 's2.vraag', {
    sector: sector ? env.text(sector.text) : none,
    age: typeof a.leeftijd === 'string' ? env.t(`age.${a.leeftijd}`) : none,
    forms: join(forms),
    signals: join(signals),
    facts: typeof a.feiten === 'string' ? a.feiten : none,
    sources: join(sources),
  });
}

export const OVERLEG_NODES = defineNodes([
  {
    id: 's2.advies',
    section: 'stap2',
    field: 'overlegKeuze',
    intro: (env) => {
      const note = sectorById(String(env.a.sector ?? ''))?.stap2Note;
      return [
        {
          kind: 'info',
          tone: 'normal',
          title: env.t('s2.advies.title'),
          text: env.t('s2.advies.text'),
          links: promptLinks(env, 'stap2', ...(env.a.sector === 'artsen' ? (['artsen'] as const) : [])),
        },
        // Source: meldcode-facts Part 2 §3 (sector note; KNMG 2023 for doctors).
        ...(note ? [{ kind: 'info' as const, tone: 'warning' as const, title: env.t('s2.sectorRegel.title'), text: env.text(note) }] : []),
        // Anonymous consultation is no breach of confidentiality (Part 2 §3; handelingsprotocol.nl utrecht-jgz-stap-2-consultatie-3).
        { kind: 'info', tone: 'normal', title: env.t('s2.anoniem.title'), text: env.t('s2.anoniem.text') },
        { kind: 'info', tone: 'normal', title: env.t('s2.vraagTitle'), text: consultationQuestion(env) },
        ...(env.socialMap ? [{ kind: 'info' as const, tone: 'normal' as const, title: env.t('socialMap.title'), text: env.socialMap }] : []),
      ];
    },
    ask: (env) => ({
      kind: 'choice',
      question: env.t('s2.advies.question'),
      options: [
        { value: 'gedaan', label: env.t('s2.advies.opt.gedaan') },
        { value: 'af', label: env.t('s2.advies.opt.af') },
      ],
    }),
    onAnswer: (value, env) =>
      value === 'af'
        ? {
            next: 's2.wie',
            actions: [{ kind: 'post', reason: 'overleg' }],
            say: [{ kind: 'info', tone: 'normal', text: env.t('s2.advies.afGevraagd') }],
          }
        : { next: 's2.wie' },
  },
  {
    id: 's2.wie',
    section: 'stap2',
    field: 'overlegMet',
    logType: 'consultation',
    ask: (env) => ({
      kind: 'multi',
      question: env.t('s2.wie.question'),
      minSelected: 1,
      options: CONSULTED.map((v) => ({ value: v, label: env.t(`s2.wie.opt.${v}`) })),
    }),
    onAnswer: (value, env) => ({ next: knmgReasonNeeded(env, value) ? 's2.knmgReden' : 's2.wanneer' }),
  },
  {
    // Doctors: why not both colleagues and Veilig Thuis (KNMG 2023; meldcode-facts Part 2 §3).
    id: 's2.knmgReden',
    section: 'stap2',
    field: 'knmgReden',
    logType: 'consultation',
    ask: (env) => ({ kind: 'text', question: env.t('s2.knmgReden.question'), help: env.t('s2.knmgReden.help'), maxLength: 1000, optional: false }),
    onAnswer: () => ({ next: 's2.wanneer' }),
  },
  {
    id: 's2.wanneer',
    section: 'stap2',
    field: 'overlegWanneer',
    logType: 'consultation',
    ask: (env) => ({ kind: 'text', question: env.t('s2.wanneer.question'), help: env.t('s2.wanneer.help'), maxLength: 100, optional: false }),
    // "vandaag" is recorded as the day it meant (in the organisation's time zone), so it still reads right later.
    store: (value, env) => {
      const back = typeof value === 'string' ? RELATIVE_DAYS.get(normalise(value)) : undefined;
      return back === undefined ? value : localDateBefore(env.now, back, env.timeZone);
    },
    onAnswer: () => ({ next: 's2.uitkomst' }),
  },
  {
    id: 's2.uitkomst',
    section: 'stap2',
    field: 'overlegUitkomst',
    logType: 'consultation',
    ask: (env) => ({ kind: 'text', question: env.t('s2.uitkomst.question'), help: env.t('s2.uitkomst.help'), maxLength: 1000, optional: false }),
    // Stap 3's public pages before its first question (meldcode-facts Part 2 §9).
    onAnswer: (_value, env) => ({ next: 's3.nieuwkomer', say: [readMore(env, 'stap3', 'stap3')] }),
  },
]);

/** The answers these questions record: label, how the value reads, summary and dossier section (dialogs/fields.ts). */
export const OVERLEG_FIELDS = defineFields([
  field('overlegKeuze', 'summary.overlegKeuze', 'stap2', 'stap2', option('answer.overlegKeuze')),
  field('overlegMet', 'summary.consultWith', 'stap2', 'stap2', options('s2.wie.opt')),
  field('knmgReden', 'summary.knmgReden', 'stap2', 'stap2', text),
  field('overlegWanneer', 'summary.consultWhen', 'stap2', 'stap2', textWithDay),
  field('overlegUitkomst', 'summary.consultOutcome', 'stap2', 'stap2', text),
]);
