/**
 * The Slack channel (Bolt): slash command, DMs, App Home, buttons, the text modal and the claim
 * button on channel posts; the channel sink and DMs outside a turn. Bolt stays inside this folder.
 */
import type { Channel, ChannelContext } from '../port.js';
import { createBoltApp } from './bolt.js';
import { SLACK } from './common.js';
import { SlackDm } from './dm.js';
import { handleCommand, handleHome, handleMessages } from './handlers.js';
import { handleActions, handleTextModal } from './interactions.js';
import { handleLifecycle } from './lifecycle.js';
import { SlackUserChannel } from './notify.js';
import { uploadsPictures } from './pictures.js';
import { SlackChannelSink } from './sink.js';

export function slackChannel(ctx: ChannelContext): Channel | undefined {
  const cfg = ctx.config.slack;
  if (!cfg) return undefined;
  const { app, router, delivery } = createBoltApp(cfg, ctx);
  // Slack fetches an image block's URL itself: only PUBLIC_URL in HTTP mode is such a URL; else pictures go as files.
  const pictures = { upload: uploadsPictures(ctx.config.publicUrl, cfg), png: (url: string) => ctx.pictures.pngAt(url), log: ctx.log };
  const dm = new SlackDm(ctx, pictures);
  handleCommand(app, dm, cfg);
  handleMessages(app, dm);
  handleHome(app, dm);
  handleActions(app, dm);
  handleTextModal(app, dm);
  handleLifecycle(app, ctx);
  const sink = new SlackChannelSink({ ...ctx, client: app.client, delivery, configuredChannel: cfg.afChannel });
  // Every claim and status change, from any channel or the lead's chat, redraws the case's posts.
  ctx.lead.onChange(async (caseId) => sink.schedule(caseId));
  return {
    name: SLACK,
    // Slack verifies signatures over the raw body: its router parses nothing before Bolt.
    router,
    sink,
    users: new SlackUserChannel({ client: app.client, translator: ctx.translator, pictures }),
    // Socket Mode connects by itself; in HTTP mode the shared server serves the router.
    start: async () => {
      if (!router) await app.start();
    },
    idle: async () => {
      await dm.idle();
      await sink.idle();
    },
    stop: async () => {
      await dm.idle();
      await sink.idle();
      if (!router) await app.stop();
    },
  };
}
