/**
 * A channel that exists only in the tests: a plain-text chat at /fake/*, built the way every channel
 * is (one ChannelFactory through the port), to show that a new channel needs no change to the server.
 */
import express from 'express';
import { renderText } from '../../cards/text.js';
import type { Channel, ChannelContext, ChannelFactory } from '../../src/channels/port.js';
import { runTurn } from '../../src/channels/port.js';
import type { Input } from '../../src/engine/types.js';
import type { ChannelSummary } from '../../src/engine/types.js';

export interface FakeChannelRecord {
  /** What the channel's sink received: reason and case reference. */
  posts: string[];
  /** Messages to people outside a turn: user key and text. */
  told: { userKey: string; text: string }[];
  summaries: ChannelSummary[];
}

export function fakeChannel(record: FakeChannelRecord): ChannelFactory {
  return (ctx: ChannelContext): Channel => {
    const router = express.Router();
    router.use('/fake', express.json());
    router.post('/fake/turn', async (req, res) => {
      const body = req.body as { user: string; text?: string; acute?: boolean; locale?: string };
      const input: Input = body.acute ? { type: 'command', command: 'acute' } : { type: 'text', text: body.text ?? '' };
      await runTurn(ctx, { userKey: `fake:${body.user}`, input, locale: body.locale }, {
        render: (prompts, lang) => ({ lang, text: prompts.map((p) => renderText(p)).join('\n\n') }),
        send: async (answer) => void res.json(answer),
      });
    });
    router.post('/fake/claim', async (req, res) => {
      const body = req.body as { user: string; caseId: string };
      const result = await ctx.actions.claim(body.caseId, { id: `fake:${body.user}`, name: body.user });
      if (result.outcome === 'claimed') await ctx.tell(result.notice);
      res.json({ outcome: result.outcome, ...('message' in result ? { message: result.message } : { claimed: result.card.view.claimedText }) });
    });
    return {
      name: 'fake',
      router,
      sink: {
        name: 'fake',
        ready: async () => true,
        post: async (summary, reason) => {
          record.posts.push(`${reason}:${summary.ref}`);
          record.summaries.push(summary);
        },
      },
      users: {
        prefix: 'fake:',
        send: async (userKey, prompts) => {
          record.told.push({ userKey, text: prompts.map((p) => renderText(p)).join('\n') });
          return true;
        },
        text: async (userKey, text) => {
          record.told.push({ userKey, text });
          return true;
        },
      },
    };
  };
}
