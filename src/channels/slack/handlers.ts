/**
 * The slash command, direct messages and the App Home. Every handler acknowledges first and works
 * after; the dialogue runs only in the user's DM with the app.
 */
import type { App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { homeView } from '../../../cards/blockkit.js';
import { escapeMrkdwn } from '../../../cards/slackProtocol.js';
import { registerAfChannel } from '../../app/channelDocs.js';
import type { SlackConfig } from '../../config.js';
import type { Lang } from '../../domain/types.js';
import { notifyChannel, tooLong } from '../port.js';
import { requestId, SLACK, SLACK_MAX_TEXT, slackUserKey } from './common.js';
import type { SlackDm } from './dm.js';
import { clearRevoked } from './lifecycle.js';
import type { SlackChannelDoc } from './sink.js';

const SUBCOMMANDS = { '': undefined, start: undefined, stap0: 'stap0', uitleg: 'uitleg', mijn: 'mijn' } as const;

export function handleCommand(app: App, dm: SlackDm, cfg: SlackConfig): void {
  const { deps } = dm;
  app.command('/meldcode', async ({ ack, command, client, respond }: SlackCommandMiddlewareArgs & { client: WebClient }) => {
    await ack();
    const sub = command.text.trim().toLowerCase();
    const inChannel = !command.channel_id.startsWith('D');
    const say = async (lang: Lang, key: string) => void (await respond({ response_type: 'ephemeral', text: dm.t(lang, key) }));
    await safelyFor(dm, 'command', client, command.user_id, async () => {
      const lang = await dm.lang(client, command.team_id, command.user_id);
      if (sub === 'kanaal' || sub === 'channel') {
        if (!inChannel) return say(lang, 'slack.channelNeedsChannel');
        if (!cfg.adminIds.has(command.user_id)) return say(lang, 'slack.channelNotAllowed');
        const doc: SlackChannelDoc = { channel: command.channel_id, registeredBy: slackUserKey(command.team_id, command.user_id), registeredAt: deps.clock().toISOString() };
        await registerAfChannel(deps.store, SLACK, doc);
        // Registered again after an uninstall or revoked tokens: the app works again.
        await clearRevoked(deps.store);
        deps.log('slack.channel.registered', { by: doc.registeredBy });
        // Posts the earlier channel did not take (it was gone, or the app had lost its access) are owed to this one.
        await deps.dispatcher.restore(SLACK);
        await say(lang, 'slack.channelRegistered');
        return notifyChannel(deps);
      }
      if (sub === 'help') return void (await respond({ response_type: 'ephemeral', text: escapeMrkdwn(dm.t(lang, 'slack.help')) }));
      if (!Object.hasOwn(SUBCOMMANDS, sub)) return say(lang, 'slack.unknownCommand');
      const choice = SUBCOMMANDS[sub as keyof typeof SUBCOMMANDS];
      if (inChannel) await say(lang, 'slack.moveToDm');
      await dm.turn(client, command.team_id, command.user_id, choice ? { type: 'menu', choice } : { type: 'start' }, [], requestId(command));
    });
  });
}

export function handleMessages(app: App, dm: SlackDm): void {
  app.message(async ({ message, client, context, body }) => {
    // Only people typing in the app's DM; edits, joins and bot messages are not dialogue input.
    if (message.channel_type !== 'im' || message.subtype !== undefined || !('user' in message) || !message.user) return;
    const user = message.user;
    const text = message.text ?? '';
    await safelyFor(dm, 'message', client, user, async () => {
      if (text.length > SLACK_MAX_TEXT) {
        const lang = await dm.lang(client, context.teamId, user);
        await dm.turn(client, context.teamId, user, { type: 'repeat' }, [tooLong(dm.deps, lang, text.length, SLACK_MAX_TEXT)]);
        return;
      }
      await dm.turn(client, context.teamId, user, text.trim() === '' ? { type: 'repeat' } : { type: 'text', text }, [], requestId(body));
    });
  });
}

export function handleHome(app: App, dm: SlackDm): void {
  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    await dm.safely('home', async () => {
      const lang = await dm.lang(client, context.teamId, event.user);
      const t = (key: string, params?: Record<string, unknown>) => dm.t(lang, key, params);
      // An aandachtsfunctionaris sees the organisation's open cases here ("open zaken").
      const { lead, cases } = await dm.deps.actions.overview(slackUserKey(context.teamId, event.user));
      await client.views.publish({
        user_id: event.user,
        view: homeView({
          title: t('slack.home.title'),
          intro: t('slack.home.intro'),
          buttons: { nieuw: t('menu.opt.nieuw'), stap0: t('menu.opt.stap0'), uitleg: t('menu.opt.uitleg'), mijn: t('menu.opt.mijn', { count: cases.length }) },
          casesTitle: lead ? t('lead.list.title', { count: cases.length }) : t('slack.home.cases'),
          noCases: t('slack.home.none'),
          caseLabel: (c) => t('slack.home.case', c),
          cases,
        }),
      });
    });
  });
}

/** The work after an ack, for a user who hears it when it fails. */
export function safelyFor(dm: SlackDm, what: string, client: WebClient, user: string, fn: () => Promise<void>): Promise<void> {
  return dm.safely(what, fn, client, user);
}
