/** Messages for a local web chat user outside a turn: kept in their inbox until the page fetches them. */
import { promptsToCards, type AdaptiveCard } from '../../../cards/adaptive.js';
import { cardOptions } from '../../app/cardOptions.js';
import { pushItems } from '../../app/channelDocs.js';
import type { Lang } from '../../domain/types.js';
import type { Prompt } from '../../engine/types.js';
import type { Translator } from '../../i18n/index.js';
import type { Store } from '../../store/store.js';
import type { ChannelUsers } from '../port.js';

/** A small cap: the page polls every few seconds, so the inbox never needs to hold much. */
const INBOX_MAX = 50;

export const inboxDoc = (store: Store, userKey: string) => `inbox-${store.names.name(userKey, 40)}`;

export class WebUserChannel implements ChannelUsers {
  readonly prefix = 'web:';

  constructor(private readonly deps: { store: Store; translator: Translator; orgLang: Lang }) {}

  async send(userKey: string, prompts: Prompt[], lang: Lang): Promise<boolean> {
    const cards: AdaptiveCard[] = promptsToCards(prompts, cardOptions(this.deps.translator, lang));
    await pushItems(this.deps.store, inboxDoc(this.deps.store, userKey), cards, INBOX_MAX);
    return true;
  }

  async text(userKey: string, text: string): Promise<boolean> {
    return this.send(userKey, [{ kind: 'info', tone: 'normal', text }], this.deps.orgLang);
  }
}
