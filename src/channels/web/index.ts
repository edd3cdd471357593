/**
 * The local web chat channel: the page, its API and the aandachtsfunctionaris panel. Only in local
 * mode (no credentials, loopback only), and not when the start-up options turn it off.
 */
import express from 'express';
import type { Channel, ChannelContext } from '../port.js';
import { WebUserChannel } from './notify.js';
import { webRoutes } from './routes.js';
import { WebPanelSink } from './sink.js';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // The Adaptive Cards renderer sets inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function webChannel(ctx: ChannelContext): Channel | undefined {
  if (!ctx.config.localMode || ctx.options.webChat === false) return undefined;
  const router = express.Router();
  // The last channel mounted: these headers and checks apply to every request that reaches it.
  router.use((req, res, next) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // The web API accepts requests only from its own page.
    const origin = req.headers.origin;
    if (req.method !== 'GET' && origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
      res.status(403).json({ error: 'cross-origin request refused' });
      return;
    }
    next();
  });
  router.use(express.json({ limit: '64kb' }));
  router.use(webRoutes(ctx));
  return {
    name: 'web',
    router,
    sink: new WebPanelSink(ctx.store, ctx.clock),
    users: new WebUserChannel({ store: ctx.store, translator: ctx.translator, orgLang: ctx.orgLang }),
  };
}
