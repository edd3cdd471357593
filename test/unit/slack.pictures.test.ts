/**
 * How a Slack message carries a picture (src/channels/slack/pictures.ts): by image_url only where Slack can fetch
 * it (PUBLIC_URL in HTTP mode), else as an uploaded file in its place; a refused image_url is sent as a file too,
 * and a failed upload as the text alternative. A recording stand-in for the Web API client.
 */
import { describe, expect, it } from '@jest/globals';
import type { WebClient } from '@slack/web-api';
import type { Block, SlackMessage } from '../../cards/blockkit.js';
import { postWithPictures, uploadsPictures, type SlackPictures } from '../../src/channels/slack/pictures.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } });
const image: Block = { type: 'image', image_url: 'http://127.0.0.1:3978/pictures/abc-def.png', alt_text: 'Een staafdiagram <5>' };

/** A Web API client that records its calls; postMessage refuses image blocks when `refuseImages`. */
function client(opts: { refuseImages?: boolean; uploadFails?: boolean; postFails?: boolean } = {}) {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const c = {
    chat: {
      postMessage: async (args: { channel: string; blocks: Block[] }) => {
        calls.push({ method: 'chat.postMessage', args });
        if (opts.postFails) throw Object.assign(new Error('An API error occurred: ratelimited'), { data: { ok: false, error: 'ratelimited' } });
        if (opts.refuseImages && args.blocks.some((b) => b.type === 'image')) {
          throw Object.assign(new Error('An API error occurred: invalid_blocks'), { data: { ok: false, error: 'invalid_blocks' } });
        }
        return { ok: true, channel: args.channel.startsWith('U') ? `D${args.channel}` : args.channel };
      },
    },
    conversations: {
      open: async (args: { users: string }) => {
        calls.push({ method: 'conversations.open', args });
        return { ok: true, channel: { id: `D${args.users}` } };
      },
    },
    filesUploadV2: async (args: Record<string, unknown>) => {
      calls.push({ method: 'files.uploadV2', args });
      if (opts.uploadFails) throw new Error('An API error occurred: missing_scope');
      return { ok: true };
    },
  };
  return { calls, client: c as unknown as WebClient };
}

function pictures(upload: boolean): SlackPictures & { logged: string[] } {
  const logged: string[] = [];
  return { upload, png: async (url) => (url.includes('/pictures/') ? PNG : undefined), log: (event) => void logged.push(event), logged };
}

const message = (...blocks: Block[]): SlackMessage => ({ text: 'Cijfers', blocks });

describe('pictures in Slack messages', () => {
  it('uploads by default only where Slack cannot fetch our address: no PUBLIC_URL, or Socket Mode', () => {
    expect(uploadsPictures(undefined, { signingSecret: 's' })).toBe(true);
    expect(uploadsPictures('https://meldcode.example.org', { signingSecret: 's' })).toBe(false);
    expect(uploadsPictures('https://meldcode.example.org', {})).toBe(true);
  });

  it('sends the image block as it is when Slack fetches image_url itself', async () => {
    const { calls, client: c } = client();
    await postWithPictures(c, 'U1', [message(section('a'), image)], pictures(false));
    expect(calls.map((x) => x.method)).toEqual(['chat.postMessage']);
    expect(calls[0]!.args.blocks).toEqual([section('a'), image]);
  });

  it('uploads the picture in its place, into the DM whose id the first message gave', async () => {
    const { calls, client: c } = client();
    await postWithPictures(c, 'U1', [message(section('voor'), image, section('na'))], pictures(true));
    expect(calls.map((x) => x.method)).toEqual(['chat.postMessage', 'files.uploadV2', 'chat.postMessage']);
    expect(calls[1]!.args).toMatchObject({ channel_id: 'DU1', file: PNG, alt_text: 'Een staafdiagram <5>', filename: 'meldcode.png' });
    expect(calls[2]!.args.blocks).toEqual([section('na')]);
  });

  it('opens the DM first when the picture is the first thing to post', async () => {
    const { calls, client: c } = client();
    await postWithPictures(c, 'U1', [message(image)], pictures(true));
    expect(calls.map((x) => x.method)).toEqual(['conversations.open', 'files.uploadV2']);
    expect(calls[1]!.args.channel_id).toBe('DU1');
  });

  it('sends a picture Slack refused by URL (invalid_blocks) as a file instead, and says so in the log', async () => {
    const { calls, client: c } = client({ refuseImages: true });
    const p = pictures(false);
    await postWithPictures(c, 'D9', [message(section('a'), image)], p);
    expect(calls.map((x) => x.method)).toEqual(['chat.postMessage', 'chat.postMessage', 'files.uploadV2']);
    expect(calls[2]!.args.channel_id).toBe('D9');
    expect(p.logged).toEqual(['slack.picture.refused']);
  });

  it('posts the text alternative (escaped) where the upload fails, and keeps other errors as errors', async () => {
    const failing = client({ uploadFails: true });
    const p = pictures(true);
    await postWithPictures(failing.client, 'D9', [message(image)], p);
    expect(failing.calls.map((x) => x.method)).toEqual(['files.uploadV2', 'chat.postMessage']);
    expect(failing.calls[1]!.args.blocks).toEqual([section('Een staafdiagram &lt;5&gt;')]);
    expect(p.logged).toEqual(['slack.picture.upload.failed']);

    await expect(postWithPictures(client({ postFails: true }).client, 'D9', [message(image)], pictures(false))).rejects.toThrow('ratelimited');
  });
});
