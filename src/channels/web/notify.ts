/** Messages for a local web chat user outside a turn: kept in their inbox until the page fetches them. */
import { promptsToCards, type AdaptiveCard } from '../../../cards/adaptive.js';
import { cardOptions } from '../../app/cardOptions.js';
import type { UserChannel } from '../../cases/notify.js';
import type { Lang } from '../../domain/types.js';
import type { Prompt } from '../../engine/types.js';
import type { Translator } from '../../i18n/index.js';
import type { Store } from '../../store/store.js';

/** A small cap: the page polls every few seconds, so the inbox never needs to hold much. */
const INBOX_MAX = 50;

export const inboxDoc = (store: Store, userKey: string) => `inbox-${store.names.name(userKey, 40)}`;

export class WebUserChannel implements UserChannel {
  readonly prefix = 'web:';

  constructor(private readonly deps: { store: Store; translator: Translator }) {}

  async send(userKey: string, prompts: Prompt[], lang: Lang): Promise<boolean> {
    const doc = inboxDoc(this.deps.store, userKey);
    const inbox = (await this.deps.store.getDoc<AdaptiveCard[]>(doc)) ?? [];
    inbox.push(...promptsToCards(prompts, cardOptions(this.deps.translator, lang)));
    await this.deps.store.putDoc(doc, inbox.slice(-INBOX_MAX));
    return true;
  }
}
