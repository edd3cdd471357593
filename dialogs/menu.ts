/** Start menu, resume offer, "my cases" (open and finished), stop confirmation and the acute screen. */
import { defineNodes, type Ask, type NodeEnv } from './types.js';
import type { CaseWork, FinishedCase, Prompt } from '../src/engine/types.js';
import { localDate } from '../src/i18n/time.js';
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
  const label = env.t('mine.caseLabel', { ref: c.ref, step: c.step, date: localDate(c.updatedAt, env.timeZone) });
  return phase ? `${label} — ${env.t(`mine.phase.${phase}`)}` : label;
}

/** How many finished cases "my cases" offers, newest first: enough to find this week's, short enough to read. */
export const MINE_DONE_SHOWN = 5;
/** Option values of a finished case's dossier in "my cases". */
const DOSSIER_PREFIX = 'dossier:';

/** The user's finished cases "my cases" shows, newest first. */
export function finishedCases(env: NodeEnv): FinishedCase[] {
  return [...(env.state.done ?? [])].sort((x, y) => y.closedAt.localeCompare(x.closedAt)).slice(0, MINE_DONE_SHOWN);
}

/** "My cases": the open ones to go on with, then the finished ones' dossiers; with none at all, what one can do. */
function mineAsk(env: NodeEnv): Ask {
  const open = openCases(env);
  const done = finishedCases(env);
  const question = open.length > 0 ? 'mine.question' : done.length > 0 ? 'mine.doneQuestion' : 'mine.noneQuestion';
  return {
    kind: 'choice',
    question: env.t(question),
    options: [
      ...open.map((c) => ({ value: c.id, label: caseLabel(env, c) })),
      ...done.map((d) => ({ value: `${DOSSIER_PREFIX}${d.id}`, label: env.t('mine.doneLabel', { ref: d.ref, date: localDate(d.closedAt, env.timeZone) }) })),
      ...(open.length === 0 ? [{ value: 'nieuw', label: env.t('mine.nieuw') }] : []),
      { value: 'menu', label: env.t('nav.menu') },
    ],
  };
}

function mineIntro(env: NodeEnv): Prompt[] {
  const none: Prompt[] = openCases(env).length === 0 ? [{ kind: 'info', tone: 'normal', text: env.t(finishedCases(env).length > 0 ? 'mine.noneOpen' : 'mine.none') }] : [];
  const done: Prompt[] = finishedCases(env).length > 0 ? [{ kind: 'info', tone: 'normal', title: env.t('mine.doneTitle'), text: env.t('mine.doneText', { count: MINE_DONE_SHOWN }) }] : [];
  return [...none, ...done];
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
    intro: mineIntro,
    ask: mineAsk,
    onAnswer: (value, env) => {
      const chosen = typeof value === 'string' ? env.state.cases[value] : undefined;
      if (chosen) return { next: 'menu', actions: [{ kind: 'resume', caseId: chosen.id }] };
      if (value === 'nieuw') return { next: 'ctx.acuut', actions: [{ kind: 'newCase' }] };
      const finished = typeof value === 'string' && value.startsWith(DOSSIER_PREFIX) ? env.state.done?.find((d) => `${DOSSIER_PREFIX}${d.id}` === value) : undefined;
      // The link is made by the app layer (and checks the case is this user's); the list stays on screen above it.
      if (finished) return { next: 'menu', say: [{ kind: 'dossier', ref: finished.ref, format: 'pdf' }] };
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
