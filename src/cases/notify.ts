/** Reaching a person outside a turn (reminders, follow-ups, claim notices), on whichever platform they use. */
import type { Lang } from '../domain/types.js';
import type { Prompt } from '../engine/types.js';

/** One platform's way to send prompts to a user it knows by user key. */
export interface UserChannel {
  /** User-key prefix this channel serves: "teams:", "slack:" or "web:". */
  readonly prefix: string;
  /** Sends the prompts; false when the user cannot be reached (e.g. never wrote to the bot in Teams). */
  send(userKey: string, prompts: Prompt[], lang: Lang): Promise<boolean>;
}

export class Notifier {
  private readonly channels: UserChannel[] = [];

  add(channel: UserChannel): void {
    this.channels.push(channel);
  }

  async send(userKey: string, prompts: Prompt[], lang: Lang): Promise<boolean> {
    const channel = this.channels.find((c) => userKey.startsWith(c.prefix));
    return channel ? channel.send(userKey, prompts, lang) : false;
  }
}
