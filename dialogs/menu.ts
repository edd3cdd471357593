/** Start menu, resume offer, "my open cases", stop confirmation and the acute screen. */
import { defineNodes, type NodeEnv } from './types.js';
import type { CaseWork } from '../src/engine/types.js';
import { includesMelden } from '../src/domain/advice.js';

/** Open cases, most recently touched first. */
export function openCases(env: NodeEnv): CaseWork[] {
  return Object.values(env.state.cases).sort((x, y) => y.updatedAt.localeCompare(x.updatedAt));
}

/** Where an open case stands, when that is more than its step: a melding still to make or to hear back on. */
export function casePhase(c: CaseWork): 'melding-te-doen' | 'terugkoppeling' | undefined {
  if (c.answers.meldingVastgelegd === true) return 'terugkoppeling';
  if (c.answers.besluitGenomen === true && includesMelden(c.answers.besluit)) return 'melding-te-doen';
  return undefined;
}

function caseLabel(env: NodeEnv, c: CaseWork): string {
  const phase = casePhase(c);
  const label = env.t('mine.caseLabel', { ref: c.ref, step: c.step, date: c.updatedAt.slice(0, 10) });
  return phase ? `${label} — ${env.t(`mine.phase.${phase}`)}` : label;
}

export const MENU_NODES = defineNodes([
  {
    id: 'menu',
    section: 'menu',
    nav: ['acute'],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('menu.question'),
      help: env.t('menu.help'),
      options: [
        { value: 'nieuw', label: env.t('menu.opt.nieuw') },
        { value: 'stap0', label: env.t('menu.opt.stap0') },
        { value: 'uitleg', label: env.t('menu.opt.uitleg') },
        { value: 'mijn', label: env.t('menu.opt.mijn', { count: Object.keys(env.state.cases).length }) },
        { value: 'taal', label: env.t('menu.opt.taal') },
      ],
    }),
    onAnswer: (value, env) => {
      switch (value) {
        case 'nieuw':
          return { next: 'ctx.acuut', actions: [{ kind: 'newCase' }] };
        case 'stap0':
          return { next: 's0.ouder', actions: [{ kind: 'resetScratch' }] };
        case 'uitleg':
          return { next: 'uitleg' };
        case 'mijn':
          return { next: 'mijn' };
        default:
          return { next: 'menu', actions: [{ kind: 'setLang', lang: env.lang === 'nl' ? 'en' : 'nl' }] };
      }
    },
  },
  {
    id: 'hervat',
    section: 'menu',
    nav: ['acute'],
    ask: (env) => {
      const latest = openCases(env)[0];
      return {
        kind: 'choice',
        question: env.t('resume.question', { ref: latest?.ref ?? '', step: latest?.step ?? 0 }),
        options: [
          { value: 'verder', label: env.t('resume.opt.verder') },
          { value: 'mijn', label: env.t('resume.opt.mijn') },
          { value: 'menu', label: env.t('resume.opt.menu') },
        ],
      };
    },
    onAnswer: (value, env) => {
      const latest = openCases(env)[0];
      if (value === 'verder' && latest) return { next: 'menu', actions: [{ kind: 'resume', caseId: latest.id }] };
      return { next: value === 'mijn' ? 'mijn' : 'menu' };
    },
  },
  {
    id: 'mijn',
    section: 'menu',
    nav: ['acute'],
    intro: (env) =>
      openCases(env).length === 0 ? [{ kind: 'info', tone: 'normal', text: env.t('mine.none') }] : [],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('mine.question'),
      options: [
        ...openCases(env).map((c) => ({ value: c.id, label: caseLabel(env, c) })),
        { value: 'menu', label: env.t('nav.menu') },
      ],
    }),
    onAnswer: (value, env) => {
      const chosen = typeof value === 'string' ? env.state.cases[value] : undefined;
      if (chosen) return { next: 'menu', actions: [{ kind: 'resume', caseId: chosen.id }] };
      return { next: 'menu' };
    },
  },
  {
    id: 'stop.bevestig',
    section: 'menu',
    nav: ['acute'],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('stop.question', { ref: env.work?.ref ?? '' }),
      help: env.t('stop.help'),
      options: [
        { value: 'stop', label: env.t('stop.opt.stop') },
        { value: 'later', label: env.t('stop.opt.later') },
        { value: 'verder', label: env.t('stop.opt.verder') },
      ],
    }),
    // The engine handles this node's answers itself (it needs to close or keep the case).
    onAnswer: () => ({ next: 'menu' }),
  },
  {
    id: 'acuut',
    section: 'acuut',
    nav: [],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('acute.next.question'),
      options: [
        // A case opened by the acute button itself has nothing recorded yet: offer to record the concern.
        { value: 'verder', label: env.t(env.work && env.work.answered.length > 0 ? 'acute.next.verder' : 'acute.next.vastleggen') },
        { value: 'later', label: env.t('acute.next.later') },
      ],
    }),
    // Handled by the engine: it knows where the user was before the acute screen.
    onAnswer: () => ({ next: 'menu' }),
  },
  {
    // The scheduled follow-up of a help decision (afweging 5 again, meldcode-facts §1a).
    id: 'fu.q5',
    section: 'followup',
    nav: ['acute'],
    ask: (env) => ({
      kind: 'yesno',
      question: env.t(includesMelden(env.state.followUp?.summary.outcome) ? 'fu.questionMelden' : 'fu.question', { ref: env.state.followUp?.summary.ref ?? '' }),
      help: env.t('afw.q5.help'),
      yesLabel: env.t('common.yes'),
      noLabel: env.t('common.no'),
      extra: [{ value: 'later', label: env.t('afw.q5.opt.later') }],
    }),
    onAnswer: (value) => ({ next: 'menu', actions: [{ kind: 'followUpAnswer', value: value === 'ja' ? 'ja' : value === 'nee' ? 'nee' : 'later' }] }),
  },
]);
