/** Teams messages from Adaptive Cards: cards that fit together go out as one message, stacked. */
import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { cardMessages, type AdaptiveCard } from '../../../cards/adaptive.js';

export function cardActivities(cards: AdaptiveCard[]): Partial<Activity>[] {
  return cardMessages(cards).map((group) => MessageFactory.list(group.map((c) => CardFactory.adaptiveCard(c))));
}
