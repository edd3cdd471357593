/** Explain the meldcode steps without starting a case (meldcode-facts §0, §1a, §2). */
import { defineNodes } from './types.js';

const TOPICS = ['stap1', 'kindcheck', 'stap2', 'stap3', 'stap4', 'stap5', 'acuut', 'medewerker'] as const;

export const UITLEG_NODES = defineNodes([
  {
    id: 'uitleg',
    section: 'uitleg',
    nav: ['menu', 'acute'],
    intro: (env) => (env.a.uitlegGezien ? [] : [{ kind: 'info', tone: 'normal', title: env.t('uitleg.title'), text: env.t('uitleg.overview') }]),
    ask: (env) => ({
      kind: 'choice',
      question: env.t('uitleg.question'),
      options: [...TOPICS.map((v) => ({ value: v, label: env.t(`uitleg.opt.${v}`) })), { value: 'menu', label: env.t('nav.menu') }],
    }),
    onAnswer: (value, env) =>
      value === 'menu'
        ? { next: 'menu' }
        : {
            next: 'uitleg',
            set: { uitlegGezien: true },
            say: [{ kind: 'info', tone: 'normal', title: env.t(`uitleg.opt.${String(value)}`), text: env.t(`uitleg.text.${String(value)}`) }],
          },
  },
]);
