/**
 * Slack's Block Kit limits this renderer keeps (platform-facts §5, from @slack/types' documentation and
 * bolt-js #2509). Texts are split or capped to fit; values that a cut would change fail loudly instead.
 */

/** Slack rejects messages with more blocks than this. */
export const MAX_MESSAGE_BLOCKS = 50;
/** App Home and modal views. */
export const MAX_VIEW_BLOCKS = 100;
export const MAX_SECTION_TEXT = 3000;
export const MAX_FIELDS = 10;
export const MAX_FIELD_TEXT = 2000;
export const MAX_HEADER_TEXT = 150;
/** An image block's `alt_text`. */
export const MAX_ALT_TEXT = 2000;
export const MAX_BUTTON_TEXT = 75;
/**
 * Characters of a button's text Slack shows: it cuts longer ones off with an ellipsis (platform-facts §5,
 * "truncates ~30"). Options with a longer label go beside a button instead of on one.
 */
export const BUTTON_TEXT_SHOWN = 30;
export const MAX_BUTTON_VALUE = 2000;
export const MAX_OPTION_TEXT = 75;
export const MAX_OPTION_VALUE = 75;
export const MAX_CHECKBOX_OPTIONS = 10;
export const MAX_ACTIONS_ELEMENTS = 25;
export const MAX_FALLBACK_TEXT = 3000;
/** Answer buttons per row: Slack cuts long button labels off when many share a row. */
export const BUTTONS_PER_ROW = 5;
/**
 * Characters of text per message. Slack has rejected payloads well under 50 blocks with
 * `msg_blocks_too_long` at about 13k characters (bolt-js #2509), so long content is spread over
 * more messages before that.
 */
export const MESSAGE_TEXT_BUDGET = 12_000;

/** What a modal's `plain_text_input` may hold at most. */
export const MAX_MODAL_INPUT = 3000;
/** Modal title, submit and close texts. */
export const MAX_MODAL_BUTTON_TEXT = 24;
export const MAX_INPUT_LABEL = 2000;
