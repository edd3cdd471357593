/** Messages to a Slack user's DM with the app, outside a turn. */
import type { WebClient } from '@slack/web-api';
import { promptsToSlack } from '../../../cards/blockkit.js';
import { escapeMrkdwn } from '../../../cards/slackProtocol.js';
import type { Lang } from '../../domain/types.js';
import type { Prompt } from '../../engine/types.js';
import type { Translator } from '../../i18n/index.js';
import type { ChannelUsers } from '../port.js';
import { SLACK, slackRenderOptions, slackUserOf } from './common.js';
import { postWithPictures, type SlackPictures } from './pictures.js';

export class SlackUserChannel implements ChannelUsers {
  readonly prefix = `${SLACK}:`;

  constructor(private readonly deps: { client: WebClient; translator: Translator; pictures: SlackPictures }) {}

  async send(userKey: string, prompts: Prompt[], lang: Lang): Promise<boolean> {
    const user = slackUserOf(userKey);
    if (!user) return false;
    await postWithPictures(this.deps.client, user, promptsToSlack(prompts, slackRenderOptions((key, params) => this.deps.translator.t(lang, key, params))), this.deps.pictures);
    return true;
  }

  async text(userKey: string, text: string): Promise<boolean> {
    const user = slackUserOf(userKey);
    if (!user) return false;
    await this.deps.client.chat.postMessage({ channel: user, text: escapeMrkdwn(text) });
    return true;
  }
}
