/** Teams messages from Adaptive Cards: cards that fit together go out as one message, stacked. */
import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { cardMessages, type AdaptiveCard, type CardOptions } from '../../../cards/adaptive.js';
import { cardOptions } from '../../app/cardOptions.js';
import type { Lang } from '../../domain/types.js';
import type { Translator } from '../../i18n/index.js';

/**
 * Longest option label Teams gets as a button. Teams does not wrap button titles (desktop cuts them
 * off near 36 characters, mobile sooner), so a question with a longer option gets wrapping tiles.
 */
export const TEAMS_BUTTON_TITLE_MAX = 30;

/** The card options for Teams: the app's labels, and long one-click options as wrapping tiles. */
export function teamsCardOptions(translator: Translator, lang: Lang): CardOptions {
  return { ...cardOptions(translator, lang), wrapOptionsOver: TEAMS_BUTTON_TITLE_MAX };
}

export function cardActivities(cards: AdaptiveCard[]): Partial<Activity>[] {
  return cardMessages(cards).map((group) => MessageFactory.list(group.map((c) => CardFactory.adaptiveCard(c))));
}
