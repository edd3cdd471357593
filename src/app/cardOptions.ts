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
  };
}
