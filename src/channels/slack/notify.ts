/** Messages to a Slack user's DM with the app, outside a turn. */
import type { WebClient } from '@slack/web-api';
import { promptsToSlack } from '../../../cards/blockkit.js';
import type { UserChannel } from '../../cases/notify.js';
import type { Lang } from '../../domain/types.js';
import type { Prompt } from '../../engine/types.js';
import type { Translator } from '../../i18n/index.js';
import { slackRenderOptions, slackUserOf } from './app.js';

export class SlackUserChannel implements UserChannel {
  readonly prefix = 'slack:';

  constructor(private readonly deps: { client: WebClient; translator: Translator }) {}

  async send(userKey: string, prompts: Prompt[], lang: Lang): Promise<boolean> {
    const user = slackUserOf(userKey);
    if (!user) return false;
    for (const m of promptsToSlack(prompts, slackRenderOptions((key, params) => this.deps.translator.t(lang, key, params)))) {
      await this.deps.client.chat.postMessage({ channel: user, text: m.text, blocks: m.blocks as never });
    }
    return true;
  }
}
