/** Kindcheck, part of stap 1 (meldcode-facts §2). */
import { defineNodes, type NodeEnv, type NodeId, type Transition } from './types.js';
import { defineFields, field, option, text } from './fields.js';
import { aboutAdult, adultOnly, afterForms } from './signalen.js';
import type { Answers } from '../src/engine/types.js';
import { KINDCHECK_QUESTIONS } from '../src/domain/kindcheck.js';

/** What asking around can bring: children (or a pregnancy), none, or still unclear. */
const NAVRAGEN = ['kinderen', 'geen', 'onduidelijk'] as const;
/** A typed yes or no on its own, in either language. */
const BARE_YES_NO = /^(ja|nee|yes|no|j|n|y)[.!]?$/i;

/** Where the dialogue continues after a kindcheck that does not end the case. */
function continueAfterKindcheck(a: Answers): NodeId {
  const done = { ...a, kcDone: true };
  // An adult victim's case did its forms already; an adult client about a child's worry asks the age next.
  return a.client === 'volwassene' && !adultOnly(a) ? 's1.leeftijd' : afterForms(done);
}

/**
 * No children, or no concern about them: record it. When the worry is about a child and the client is
 * an adult, that ends the case ("close and note it in the dossier"). A worry about an adult victim goes
 * on: a negative kindcheck closes only the kindcheck (meldcode-facts Part 2 §1).
 */
function negative(env: NodeEnv, finding: string): Transition {
  const record = [{ type: 'kindcheck' as const, data: { uitkomst: 'negatief', bevinding: finding } }];
  if (aboutAdult(env.a)) {
    return {
      next: continueAfterKindcheck(env.a),
      set: { kcDone: true },
      record,
      say: [{ kind: 'info', tone: 'normal', text: env.t('kc.negatief.volwassene') }],
    };
  }
  if (env.a.client === 'volwassene') {
    return {
      next: 'menu',
      set: { kcDone: true },
      record,
      say: [{ kind: 'info', tone: 'normal', text: env.t('kc.negatief.gesloten') }],
      actions: [{ kind: 'finish', status: 'gesloten', outcome: 'kindcheck-geen-zorg', post: false }],
    };
  }
  return {
    next: continueAfterKindcheck(env.a),
    set: { kcDone: true },
    record,
    say: [{ kind: 'info', tone: 'normal', text: env.t('kc.negatief.verder') }],
  };
}

function positive(env: NodeEnv, finding: string): Transition {
  return {
    next: continueAfterKindcheck(env.a),
    set: { kcDone: true },
    record: [{ type: 'kindcheck', data: { uitkomst: 'positief', bevinding: finding } }],
    say: [{ kind: 'info', tone: 'normal', text: env.t('kc.positief') }],
  };
}

export const KINDCHECK_NODES = defineNodes([
  {
    // KNMG mantelzorgverleningscheck (meldcode-facts Part 2 §1): like the kindcheck, for people who
    // depend on the client for care. Not a legal duty; the KNMG asks it as due care.
    id: 'kc.mantelzorg',
    section: 'kindcheck',
    field: 'mantelzorg',
    logType: 'kindcheck',
    intro: (env) => [{ kind: 'info', tone: 'normal', title: env.t('kc.mantelzorg.title'), text: env.t('kc.mantelzorg.text') }],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('kc.mantelzorg.question'),
      options: ['ja', 'nee', 'onbekend'].map((v) => ({ value: v, label: env.t(`kc.mantelzorg.opt.${v}`) })),
    }),
    onAnswer: (value, env) => ({
      next: afterForms({ ...env.a, mantelzorg: String(value) }),
      say: value === 'nee' ? [] : [{ kind: 'info', tone: 'normal', text: env.t('kc.mantelzorg.zorgen') }],
    }),
  },
  {
    id: 'kc.kinderen',
    section: 'kindcheck',
    field: 'kcKinderen',
    logType: 'kindcheck',
    intro: (env) => [
      {
        kind: 'info',
        tone: 'normal',
        title: env.t('kc.title'),
        text: env.t(env.a.client === 'volwassene' ? 'kc.intro.volwassene' : 'kc.intro.ouder'),
      },
    ],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('kc.kinderen.question'),
      options: [
        { value: 'ja', label: env.t('kc.kinderen.opt.ja') },
        { value: 'nee', label: env.t('kc.kinderen.opt.nee') },
        { value: 'onbekend', label: env.t('kc.kinderen.opt.onbekend') },
      ],
    }),
    onAnswer: (value, env) => {
      if (value === 'ja') return { next: 'kc.waar' };
      if (value === 'nee') return negative(env, 'geen-kinderen');
      return { next: 'kc.navragen' };
    },
  },
  {
    id: 'kc.navragen',
    section: 'kindcheck',
    field: 'kcNavragen',
    logType: 'kindcheck',
    intro: (env) => [
      {
        kind: 'info',
        tone: 'normal',
        title: env.t('kc.navragen.title'),
        text: KINDCHECK_QUESTIONS.map((q) => `• ${env.text(q.text)}`).join('\n'),
      },
    ],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('kc.navragen.question'),
      help: env.t('kc.navragen.help'),
      // Options that answer "what do you know now?" themselves: a bare "ja" reads as no answer in the dossier.
      options: NAVRAGEN.map((v) => ({ value: v, label: env.t(`kc.navragen.opt.${v}`) })),
    }),
    // A typed bare yes or no does not say what was found out: ask again, calmly, with what is meant.
    check: (value) => (typeof value === 'string' && BARE_YES_NO.test(value.trim()) ? 'kc.navragen.bare' : undefined),
    onAnswer: (value, env) => {
      // 'ja' and 'nee': recorded before the options said what they mean.
      if (value === 'kinderen' || value === 'ja') return { next: 'kc.waar' };
      if (value === 'geen' || value === 'nee') return negative(env, 'geen-kinderen');
      // Still unclear: follow the meldcode steps (meldcode.nu kindcheck flow, meldcode-facts §2).
      return positive(env, 'onduidelijk');
    },
  },
  {
    id: 'kc.waar',
    section: 'kindcheck',
    field: 'kcWaar',
    logType: 'kindcheck',
    ask: (env) => ({
      kind: 'text',
      question: env.t('kc.waar.question'),
      help: env.t('kc.waar.help'),
      maxLength: 500,
      optional: true,
      skipLabel: env.t('common.skip'),
    }),
    onAnswer: () => ({ next: 'kc.veilig' }),
  },
  {
    id: 'kc.veilig',
    section: 'kindcheck',
    field: 'kcVeilig',
    logType: 'kindcheck',
    ask: (env) => ({
      kind: 'choice',
      question: env.t('kc.veilig.question'),
      options: [
        { value: 'veilig', label: env.t('kc.veilig.opt.veilig') },
        { value: 'zorgen', label: env.t('kc.veilig.opt.zorgen') },
        { value: 'onbekend', label: env.t('kc.veilig.opt.onbekend') },
      ],
    }),
    onAnswer: (value, env) =>
      value === 'veilig' ? negative(env, 'geen-zorg') : positive(env, value === 'zorgen' ? 'zorgen' : 'onbekend'),
  },
]);

/** The answers these questions record: label, how the value reads, summary and dossier section (dialogs/fields.ts). */
export const KINDCHECK_FIELDS = defineFields([
  field('mantelzorg', 'summary.mantelzorg', 'kindcheck', 'kindcheck', option('kc.mantelzorg.opt')),
  field('kcKinderen', 'summary.kcChildren', 'kindcheck', 'kindcheck', option('kc.kinderen.opt')),
  field('kcNavragen', 'summary.kcNavragen', 'kindcheck', 'kindcheck', option('kc.navragen.opt', { ja: 'kc.navragen.opt.kinderen', nee: 'kc.navragen.opt.geen' })),
  field('kcWaar', 'summary.kcWhere', 'kindcheck', 'kindcheck', text),
  field('kcVeilig', 'summary.kcSafe', 'kindcheck', 'kindcheck', option('kc.veilig.opt')),
]);
