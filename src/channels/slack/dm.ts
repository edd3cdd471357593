/**
 * The Slack side of one request: who and in which language (normalise), a dialogue turn in the
 * user's DM (render and send through the port), closing an answered question, and the work that
 * runs after an ack (`safely`, `idle`).
 */
import type { WebClient } from '@slack/web-api';
import { answeredMessage, promptsToSlack, type SlackMessage } from '../../../cards/blockkit.js';
import { escapeMrkdwn } from '../../../cards/slackProtocol.js';
import type { ChannelDeps } from '../../app/channelDeps.js';
import { rememberUser } from '../../app/channelDocs.js';
import type { TurnResult } from '../../app/turns.js';
import type { Lang } from '../../domain/types.js';
import type { Input, Prompt } from '../../engine/types.js';
import { runTurn } from '../port.js';
import { knownBlocks, ourBlocks, slackRenderOptions, slackUserKey } from './common.js';
import { postWithPictures, type SlackPictures } from './pictures.js';
import { WorkQueue } from './workQueue.js';

export class SlackDm {
  /** Work still running after its ack; `idle()` waits for it (graceful stop, tests). */
  private readonly inflight = new Set<Promise<void>>();
  /** The work after acks, at most WORK_CONCURRENCY jobs at a time, each started after the pending acks (workQueue.ts). */
  private readonly work = new WorkQueue();

  constructor(
    readonly deps: ChannelDeps,
    private readonly pictures: SlackPictures,
  ) {}

  t(lang: Lang, key: string, params?: Record<string, unknown>): string {
    return this.deps.translator.t(lang, key, params);
  }

  /** The user's language; Slack's locale is asked once (users.info with include_locale) and kept in the profile. */
  async lang(client: WebClient, team: string | undefined, user: string): Promise<Lang> {
    await this.askLocale(client, team, user);
    return this.deps.language.of(slackUserKey(team, user));
  }

  /** Asks Slack for the user's locale (users.info with include_locale) unless their profile has it. */
  private async askLocale(client: WebClient, team: string | undefined, user: string): Promise<void> {
    const userKey = slackUserKey(team, user);
    const { language, store, orgLang, log } = this.deps;
    if (!(await language.knowsLocale(userKey))) {
      try {
        const info = await client.users.info({ user, include_locale: true });
        const name = info.user?.profile?.display_name || info.user?.real_name || info.user?.name;
        await rememberUser(store, userKey, { name, address: { locale: info.user?.locale || orgLang } });
      } catch (err) {
        log('slack.users.info.failed', { error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  async post(client: WebClient, channel: string, prompts: Prompt[], lang: Lang): Promise<void> {
    await postWithPictures(client, channel, promptsToSlack(prompts, slackRenderOptions((key, params) => this.t(lang, key, params))), this.pictures);
  }

  /**
   * One dialogue turn in the user's DM (channel = the user id: Slack delivers it in the app's DM).
   * `id` identifies the request (see requestId): a request handled before is not applied again.
   */
  async turn(client: WebClient, team: string | undefined, user: string, input: Input, notes: Prompt[] = [], id?: string): Promise<TurnResult> {
    await this.askLocale(client, team, user);
    return runTurn(this.deps, { userKey: slackUserKey(team, user), input, notes, id }, {
      render: (prompts, lang) => ({ prompts, lang }),
      send: ({ prompts, lang }) => this.post(client, user, prompts, lang),
    });
  }

  /** Replaces a question message once answered (or found stale), so its buttons cannot be clicked again. */
  async closeQuestion(client: WebClient, channel: string | undefined, ts: string | undefined, original: SlackMessage, label: string): Promise<void> {
    if (!channel || !ts) return;
    const m = answeredMessage(original, label, '');
    await client.chat.update({ channel, ts, text: m.text, blocks: knownBlocks(m.blocks) });
  }

  /** A message the app posted in a conversation, read back (needs `im:history` for the DM); undefined if it cannot be read. */
  async postedMessage(client: WebClient, channel: string, ts: string): Promise<SlackMessage | undefined> {
    try {
      const r = await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
      const m = r.messages?.[0];
      if (!m || m.ts !== ts) return undefined;
      return { text: m.text ?? '', blocks: ourBlocks(m.blocks) };
    } catch (err) {
      this.deps.log('slack.history.failed', { error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  }

  /** Runs the work after an ack; a failure is logged and the user (if given) hears that something went wrong. */
  safely(what: string, fn: () => Promise<void>, client?: WebClient, user?: string): Promise<void> {
    const p = this.guarded(what, fn, client, user).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
    return p;
  }

  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private async guarded(what: string, fn: () => Promise<void>, client?: WebClient, user?: string): Promise<void> {
    try {
      // The work after an ack is queued: requests that arrive meanwhile are read and acknowledged
      // first, and only a few turns run at once, so a busy moment never holds up an ack (Slack
      // retries after 3 s) behind other users' turns.
      await this.work.run(fn);
    } catch (err) {
      this.deps.log('slack.handler.failed', { handler: what, error: err instanceof Error ? err.message : String(err) });
      if (client && user) {
        await client.chat.postMessage({ channel: user, text: escapeMrkdwn(this.t(this.deps.orgLang, 'error.generic')) }).catch(() => undefined);
      }
    }
  }
}
