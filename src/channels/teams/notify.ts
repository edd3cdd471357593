/** Proactive messages to a Teams user's personal chat, via the conversation reference stored at their last message. */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import { promptsToCards } from '../../../cards/adaptive.js';
import { cardActivities } from './cards.js';
import { cardOptions } from '../../app/cardOptions.js';
import { loadProfile } from '../../store/profiles.js';
import type { UserChannel } from '../../cases/notify.js';
import type { Lang } from '../../domain/types.js';
import type { Prompt } from '../../engine/types.js';
import type { Translator } from '../../i18n/index.js';
import type { Store } from '../../store/store.js';

export class TeamsUserChannel implements UserChannel {
  readonly prefix = 'teams:';

  constructor(private readonly deps: { adapter: CloudAdapter; appId: string; store: Store; translator: Translator }) {}

  async send(userKey: string, prompts: Prompt[], lang: Lang): Promise<boolean> {
    const ref = (await loadProfile(this.deps.store, userKey)).address as Partial<ConversationReference> | undefined;
    if (!ref?.conversation) return false;
    const cards = promptsToCards(prompts, cardOptions(this.deps.translator, lang));
    await this.deps.adapter.continueConversationAsync(this.deps.appId, ref, async (ctx) => {
      await ctx.sendActivities(cardActivities(cards));
    });
    return true;
  }
}
