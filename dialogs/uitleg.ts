/** Explain the meldcode steps without starting a case (meldcode-facts §0, §1a, §2; Part 2 §3, §5, §9). */
import { defineNodes } from './types.js';
import type { LinkTopic } from '../src/domain/links.js';
import { promptLinks } from './links.js';

const TOPICS = ['stap1', 'kindcheck', 'stap2', 'stap3', 'stap4', 'stap5', 'acuut', 'medewerker', 'meldrecht', 'vt-vraagt', 'kinderen'] as const;
type Topic = (typeof TOPICS)[number];

/** The public pages each topic offers ("lees meer", meldcode-facts Part 2 §9). */
const TOPIC_LINKS: Record<Topic, readonly LinkTopic[]> = {
  stap1: ['stap1'],
  kindcheck: ['kindcheck'],
  stap2: ['stap2'],
  stap3: ['stap3'],
  stap4: ['stap4'],
  stap5: ['stap5'],
  acuut: [],
  medewerker: [],
  // Meldrecht (Part 2 §3: Wmo 2015 art. 5.2.6, the five questions) and VT's information requests (VT Utrecht, KNMG).
  meldrecht: ['meldrecht'],
  'vt-vraagt': ['vt-vraagt'],
  // Sexual behaviour between children (Part 2 §5).
  kinderen: ['tussen-kinderen', 'kinderopvang'],
};

const isTopic = (v: unknown): v is Topic => (TOPICS as readonly unknown[]).includes(v);

export const UITLEG_NODES = defineNodes([
  {
    id: 'uitleg',
    section: 'uitleg',
    // The way back is the menu button of the navigation: one click, also where the topics are a list to pick from.
    nav: ['menu', 'acute'],
    intro: (env) => (env.a.uitlegGezien ? [] : [{ kind: 'info', tone: 'normal', title: env.t('uitleg.title'), text: env.t('uitleg.overview') }]),
    ask: (env) => ({
      kind: 'choice',
      question: env.t('uitleg.question'),
      options: TOPICS.map((v) => ({ value: v, label: env.t(`uitleg.opt.${v}`) })),
    }),
    onAnswer: (value, env) => {
      if (!isTopic(value)) return { next: 'menu' };
      const links = promptLinks(env, ...TOPIC_LINKS[value]);
      return {
        next: 'uitleg',
        set: { uitlegGezien: true },
        say: [{ kind: 'info', tone: 'normal', title: env.t(`uitleg.opt.${value}`), text: env.t(`uitleg.text.${value}`), ...(links.length ? { links } : {}) }],
      };
    },
  },
]);
