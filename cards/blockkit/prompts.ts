/**
 * Engine prompts as Slack messages, and a question message as it looks once answered.
 *
 * Safety rules (platform-facts §5):
 * - Every string that ends up in mrkdwn passes `escapeMrkdwn`, our own texts too: info texts and
 *   summaries carry what users typed, and `&`, `<`, `>` are Slack's only control characters. The one
 *   `<` we emit opens our own links (`<https://…|label>` from src/domain/links.ts, `<tel:digits|number>`
 *   for the sourced contact numbers), whose address passed view.ts's allow-list and whose label is
 *   escaped: no `<!channel>`, `<@U…>`, `<#C…>` or disguised link can come from a text.
 * - mrkdwn objects are `verbatim: true`, so Slack does not auto-parse a typed `@channel` or `#channel`.
 * - `plain_text` objects (buttons, checkbox options, headers) carry only our own labels and are capped.
 * - Limits are kept by splitting, never by dropping prompt content: long texts go over several
 *   sections, many blocks over several messages.
 */
import type { AnyBlock } from '@slack/types';
import type { Prompt, QuestionPrompt } from '../../src/engine/types.js';
import { groupPrompts, infoLinks, onlyInfos, type HeadPrompt, type ImagePrompt, type InfoPrompt, type SummaryPrompt } from '../view.js';
import { answerBlocks, OPTION_BLOCK, TYPE_HINT_BLOCK, YOUR_TEXT_BLOCK } from './answers.js';
import { MAX_ALT_TEXT, MAX_HEADER_TEXT, MAX_MESSAGE_BLOCKS, MAX_SECTION_TEXT } from './limits.js';
import { paginate } from './paginate.js';
import { bold, contextLine, contexts, esc, fallback, mrkdwn, pack, plain, sections } from './text.js';
import type { Block, ContextBlock, HeaderBlock, ImageBlock, SectionBlock, SlackMessage, SlackRenderOptions } from './types.js';

/**
 * Renders one engine reply as Slack messages: one question per message, with the infos that precede
 * it above the question; infos after the last question (or without one) and each summary get messages
 * of their own. Content too big for one message continues in the next, the buttons in the last one.
 */
export function promptsToSlack(prompts: Prompt[], opts: SlackRenderOptions): SlackMessage[] {
  return groupPrompts(prompts).flatMap((g) => {
    switch (g.kind) {
      case 'infos':
        return infoMessages(g.infos, g.position);
      case 'summary':
        return summaryMessages(g.summary);
      case 'question':
        return questionMessages(g.question, g.infos, g.position, opts);
    }
  });
}

const positionBlock = (label: string): ContextBlock => contextLine(esc(label));

const TONE_EMOJI: Record<InfoPrompt['tone'], string | undefined> = {
  normal: undefined,
  warning: ':warning:',
  error: ':x:',
  urgent: ':rotating_light:',
};

/** An info as sections: the tone's emoji and the bold title on the first line, then the text. */
function infoBlocks(p: InfoPrompt): SectionBlock[] {
  const emoji = TONE_EMOJI[p.tone];
  const title = p.title ? bold(esc(p.title)) : undefined;
  const head = [emoji, title].filter(Boolean).join(' ');
  // "Lees meer" pages and tap-to-call numbers as mrkdwn links, one per line under the text.
  const links = infoLinks(p).map((l) => `\u2022 <${l.url}|${esc(l.label)}>`);
  const body = [esc(p.text), ...links].join('\n');
  return sections(title ? `${head}\n${body}` : `${head}${head ? ' ' : ''}${body}`);
}

/** A picture as an image block; Slack fetches `image_url` itself, so it must be reachable from Slack. */
function imageBlock(p: ImagePrompt): ImageBlock {
  return { type: 'image', image_url: p.url, alt_text: [...p.alt].slice(0, MAX_ALT_TEXT).join(''), ...(p.title ? { title: plain(p.title, MAX_HEADER_TEXT) } : {}) };
}

/** What a notification should say first: an urgent info's title, so "direct gevaar" is seen at once. */
function alarm(heads: HeadPrompt[]): string | undefined {
  const urgent = onlyInfos(heads).find((i) => i.tone === 'urgent');
  return urgent ? (urgent.title ?? urgent.text) : undefined;
}

/** The position line and the infos (and images), each section a unit of its own (they may go over several messages). */
function headUnits(infos: HeadPrompt[], position: string | undefined): Block[][] {
  const units: Block[][] = position ? [[positionBlock(position)]] : [];
  for (const i of infos) {
    if (i.kind === 'image') units.push([imageBlock(i)]);
    else units.push(...infoBlocks(i).map((b) => [b]));
  }
  return units;
}

function infoMessages(infos: [HeadPrompt, ...HeadPrompt[]], position: string | undefined): SlackMessage[] {
  const [first] = infos;
  const head = first.kind === 'image' ? (first.title ?? first.alt) : (first.title ?? first.text);
  return paginate(headUnits(infos, position), fallback(alarm(infos) ?? head));
}

/**
 * The reporter's summary: the title as header, then per section a bold heading and its items
 * (`*label*` above the value), packed into as few sections as the limits allow. Values carry what the
 * user typed, so a long summary continues in further messages, each under the title again.
 */
function summaryMessages(p: SummaryPrompt): SlackMessage[] {
  const header: HeaderBlock = { type: 'header', text: plain(p.title, MAX_HEADER_TEXT) };
  const units: Block[][] = [];
  if (p.position) units.push([positionBlock(p.position.label)]);
  p.sections.forEach((s, i) => {
    if (i > 0) units.push([{ type: 'divider' }]);
    const items = s.items.map((item) => `${bold(esc(item.label))}\n${esc(item.value)}`);
    const chunks = pack([bold(esc(s.heading)), ...items], '\n\n', MAX_SECTION_TEXT);
    units.push(...chunks.map((t): Block[] => [{ type: 'section', text: mrkdwn(t) }]));
  });
  return paginate(units, fallback(p.title), [header]);
}

function questionMessages(q: QuestionPrompt, infos: HeadPrompt[], position: string | undefined, o: SlackRenderOptions): SlackMessage[] {
  const units = headUnits(infos, position);
  units.push(...sections(bold(esc(q.question))).map((b) => [b]));
  if (q.help) units.push(...contexts(esc(q.help)).map((b) => [b]));
  units.push(answerBlocks(q, o));
  return paginate(units, fallback(alarm(infos), q.question));
}

/**
 * The question message as it should look once answered (for `chat.update`): the same content without
 * any buttons or checkboxes (nor the options shown beside their buttons), so an old question cannot be answered twice, and without the stale
 * "type your answer" hint; instead a context line `answeredPrefix answerLabel` (both escaped; the label
 * may be what the user typed, capped at 3000 characters). Empty parts are left out.
 *
 * `original` may be one of our messages or the blocks Slack sends back with a click (any Block Kit):
 * only the blocks' `type` and `block_id` are read. The result goes straight to `chat.update`.
 */
export function answeredMessage<B extends AnyBlock>(
  original: { text: string; blocks: readonly B[] },
  answerLabel: string,
  answeredPrefix: string,
): { text: string; blocks: (B | ContextBlock)[] } {
  const kept = original.blocks.filter(
    (b) =>
      b.type !== 'actions' &&
      !(b.type === 'section' && (b.block_id === TYPE_HINT_BLOCK || b.block_id?.startsWith(OPTION_BLOCK))) &&
      !(b.type === 'context' && b.block_id?.startsWith(YOUR_TEXT_BLOCK)),
  );
  const text = [answeredPrefix, answerLabel].filter((t) => t.trim() !== '').map(esc).join(' ');
  // Slack rejects an empty text: with neither prefix nor label there is nothing to add.
  if (text === '') return { text: original.text, blocks: kept };
  // Our pages keep one block free for this line; a message from elsewhere at the limit loses its last
  // block rather than the update failing.
  return { text: original.text, blocks: [...kept.slice(0, MAX_MESSAGE_BLOCKS - 1), contextLine(text)] };
}
