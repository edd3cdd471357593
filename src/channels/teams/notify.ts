/** Proactive messages to a Teams user's personal chat, via the conversation reference stored at their last message. */
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { promptsToCards } from '../../../cards/adaptive.js';
import { userAddress } from '../../app/channelDocs.js';
import type { Lang } from '../../domain/types.js';
import type { Prompt } from '../../engine/types.js';
import type { Translator } from '../../i18n/index.js';
import type { Store } from '../../store/store.js';
import type { ChannelUsers } from '../port.js';
import { cardActivities, teamsCardOptions } from './cards.js';
import { forTeams, type TeamsPictureMode } from './pictures.js';

export class TeamsUserChannel implements ChannelUsers {
  readonly prefix = 'teams:';

  constructor(private readonly deps: { adapter: CloudAdapter; appId: string; store: Store; translator: Translator; pictureMode: TeamsPictureMode }) {}

  async send(userKey: string, prompts: Prompt[], lang: Lang): Promise<boolean> {
    const cards = promptsToCards(forTeams(prompts, this.deps.pictureMode), teamsCardOptions(this.deps.translator, lang));
    return this.inPersonalChat(userKey, async (ctx) => void (await ctx.sendActivities(cardActivities(cards))));
  }

  async text(userKey: string, text: string): Promise<boolean> {
    return this.inPersonalChat(userKey, async (ctx) => void (await ctx.sendActivity(text)));
  }

  private async inPersonalChat(userKey: string, logic: (ctx: TurnContext) => Promise<void>): Promise<boolean> {
    const ref = (await userAddress(this.deps.store, userKey)) as Partial<ConversationReference> | undefined;
    if (!ref?.conversation) return false;
    await this.deps.adapter.continueConversationAsync(this.deps.appId, ref, logic);
    return true;
  }
}
