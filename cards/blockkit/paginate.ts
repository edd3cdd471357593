/**
 * Spreading content over messages: Slack takes at most 50 blocks a message, and rejects payloads with
 * much text well before that (see {@link MESSAGE_TEXT_BUDGET}).
 */
import { MAX_MESSAGE_BLOCKS, MESSAGE_TEXT_BUDGET } from './limits.js';
import type { Block, SlackMessage } from './types.js';

/** Characters of text in a block, for {@link MESSAGE_TEXT_BUDGET}. */
function textLength(block: Block): number {
  switch (block.type) {
    case 'header':
      return block.text.text.length;
    case 'section':
      return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((n, f) => n + f.text.length, 0);
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'alert':
      return block.text.text.length;
    case 'divider':
      return 0;
    case 'image':
      return block.alt_text.length + block.image_url.length + (block.title?.text.length ?? 0);
    case 'actions':
      return block.elements.reduce(
        (n, e) =>
          n +
          (e.type === 'button'
            ? e.text.text.length + e.value.length
            : [...e.options, ...(e.initial_options ?? [])].reduce((m, o) => m + o.text.text.length + o.value.length, 0)),
        0,
      );
  }
}

/**
 * Spreads units (blocks that must stay in one message, like checkbox groups and their submit button,
 * whose ticks Slack only reports for the message the button is in) over as many messages as needed.
 * Each message keeps one block free, so `answeredMessage` can always add its line. `repeat` is
 * put at the top of every continuation (a summary's title).
 */
export function paginate(units: Block[][], text: string, repeat: Block[] = []): SlackMessage[] {
  const limit = MAX_MESSAGE_BLOCKS - 1;
  const repeatChars = repeat.reduce((n, b) => n + textLength(b), 0);
  const messages: SlackMessage[] = [];
  let blocks: Block[] = [...repeat];
  let chars = repeatChars;
  const newPage = () => {
    messages.push({ text, blocks });
    blocks = [...repeat];
    chars = repeatChars;
  };
  for (const unit of units) {
    const size = unit.reduce((n, b) => n + textLength(b), 0);
    const started = blocks.length > repeat.length;
    if (started && (blocks.length + unit.length > limit || chars + size > MESSAGE_TEXT_BUDGET)) newPage();
    // A unit bigger than a whole message (hundreds of options) still has to be split: better a
    // multi-select over two messages than a message Slack rejects.
    for (const block of unit) {
      if (blocks.length >= limit) newPage();
      blocks.push(block);
      chars += textLength(block);
    }
  }
  if (blocks.length > repeat.length || messages.length === 0) messages.push({ text, blocks });
  return messages;
}
