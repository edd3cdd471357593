import type { CardOptions } from '../../cards/adaptive.js';
import type { Lang } from '../domain/types.js';
import type { Translator } from '../i18n/index.js';

/** The translated labels the card renderer needs besides the prompts themselves. */
export function cardOptions(translator: Translator, lang: Lang): CardOptions {
  return {
    submitLabel: translator.t(lang, 'card.submit'),
    requiredError: translator.t(lang, 'card.required'),
    answerLabel: translator.t(lang, 'card.answerLabel'),
    earlierChoice: (label) => translator.t(lang, 'card.earlierChoice', { label }),
    showMore: translator.t(lang, 'card.showMore'),
    summaryActions: (summary) => {
      // The reporter's summary names its case: offer its dossier and the way back to the menu.
      const ref = /\bMC-[A-Z0-9]{4,12}\b/.exec(summary.title)?.[0];
      const menu = { type: 'Action.Submit' as const, title: translator.t(lang, 'card.toMenu'), data: { mc: 'command' as const, command: 'menu' as const }, associatedInputs: 'none' as const };
      if (!ref) return [];
      return [{ type: 'Action.Submit', title: translator.t(lang, 'card.dossierPdf'), data: { mc: 'text', text: `dossier ${ref} pdf` }, associatedInputs: 'none', style: 'positive' }, menu];
    },
  };
}
