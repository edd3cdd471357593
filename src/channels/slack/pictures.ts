/**
 * Pictures in Slack messages (the figures' chart, the afwegingskader, stap 0's balance). An image block's
 * `image_url` is fetched by Slack's own servers, so it only works when PUBLIC_URL names an address Slack can
 * reach: in HTTP mode Slack already reaches this server there (its events URL), so the block goes as it is.
 * Without PUBLIC_URL the picture would be our local address, and in Socket Mode (chosen for hosts Slack cannot
 * reach) PUBLIC_URL is at best an address for the users' browsers; Slack refuses a message whose image it cannot
 * download (`invalid_blocks`). So there the PNG itself is uploaded into the conversation, in its place between the
 * message's other parts: files.getUploadURLExternal, the bytes, then files.completeUploadExternal with the channel
 * (the Web API client's `filesUploadV2`; needs the `files:write` scope). A message with an image_url Slack still
 * refuses is sent that way too; where an upload fails, the picture's text alternative is posted: nothing is lost.
 */
import type { WebClient } from '@slack/web-api';
import type { Block, ImageBlock, SlackMessage } from '../../../cards/blockkit.js';
import { escapeMrkdwn } from '../../../cards/slackProtocol.js';
import type { ChannelDeps } from '../../app/channelDeps.js';
import { knownBlocks } from './common.js';

/** How a channel's messages carry pictures: by URL (PUBLIC_URL set) or uploaded as files. */
export interface SlackPictures {
  /** True: upload each picture as a file; false: Slack fetches `image_url` from PUBLIC_URL. */
  upload: boolean;
  png: ChannelDeps['pictures']['pngAt'];
  log: ChannelDeps['log'];
}

const isImage = (b: Block): b is ImageBlock => b.type === 'image';

/** Whether pictures go as files: no PUBLIC_URL, or Socket Mode (no signing secret: Slack does not call us). */
export function uploadsPictures(publicUrl: string | undefined, slack: { signingSecret?: string }): boolean {
  return publicUrl === undefined || !slack.signingSecret;
}

/** Slack's answer when it cannot use a block, e.g. an image it could not download. */
const refusedBlocks = (err: unknown): boolean => (err as { data?: { error?: unknown } }).data?.error === 'invalid_blocks';
/** Slack's limit for a file's title is not documented; a picture's title is short, its alt text need not be. */
const TITLE_MAX = 200;

/** A picture's text alternative as a section, under its title when it has one. */
function altSection(b: ImageBlock): Block {
  const title = b.title?.text;
  return { type: 'section', text: { type: 'mrkdwn', verbatim: true, text: `${title ? `*${escapeMrkdwn(title)}*\n` : ''}${escapeMrkdwn(b.alt_text)}` } };
}

/**
 * Posts `messages` to `channel` (a user id for their DM, or a conversation id). With `pictures.upload`, every
 * image block is uploaded as a file in its place, or where that fails, posted as its text alternative.
 */
export async function postWithPictures(client: WebClient, channel: string, messages: SlackMessage[], pictures: SlackPictures): Promise<void> {
  // Files are shared into a conversation by its id: a DM's id comes back with the first message posted to it.
  let conversation = /^[CDG]/.test(channel) ? channel : undefined;
  const post = async (text: string, blocks: Block[]) => {
    const r = await client.chat.postMessage({ channel, text, blocks: knownBlocks(blocks) });
    conversation ??= typeof r.channel === 'string' ? r.channel : undefined;
  };
  for (const m of messages) {
    if (!m.blocks.some(isImage)) {
      await post(m.text, m.blocks);
      continue;
    }
    if (!pictures.upload) {
      try {
        await post(m.text, m.blocks);
        continue;
      } catch (err) {
        if (!refusedBlocks(err)) throw err;
        pictures.log('slack.picture.refused', {});
      }
    }
    let run: Block[] = [];
    for (const b of m.blocks) {
      if (!isImage(b)) {
        run.push(b);
        continue;
      }
      if (run.length) await post(m.text, run);
      run = [];
      conversation ??= (await client.conversations.open({ users: channel })).channel?.id;
      if (!(await upload(client, conversation, b, pictures))) run.push(altSection(b));
    }
    if (run.length) await post(m.text, run);
  }
}

/** Uploads one picture into the conversation; false (logged) when it cannot be. */
async function upload(client: WebClient, conversation: string | undefined, b: ImageBlock, pictures: SlackPictures): Promise<boolean> {
  try {
    const png = await pictures.png(b.image_url);
    if (!png || !conversation) {
      pictures.log('slack.picture.missing', {});
      return false;
    }
    const title = [...(b.title?.text ?? b.alt_text)].slice(0, TITLE_MAX).join('');
    await client.filesUploadV2({ channel_id: conversation, file: png, filename: 'meldcode.png', title, alt_text: b.alt_text });
    return true;
  } catch (err) {
    pictures.log('slack.picture.upload.failed', { error: err instanceof Error ? err.message : String(err) });
    return false;
  }
}
