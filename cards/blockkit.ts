/**
 * Slack Block Kit rendering of engine prompts, the aandachtsfunctionaris channel post, the App Home and
 * the text modal: the Slack counterpart of cards/adaptive.ts and cards/channel.ts, built from the same
 * prompts (and the same view model, cards/view.ts). This file only gathers what the rest of the code
 * imports; the parts live in cards/blockkit/:
 *
 * - types.ts    the Block Kit subset we emit, each type narrowing its @slack/types counterpart, so the
 *               output goes to @slack/web-api (`chat.postMessage`, `chat.update`, `views.*`) as it is;
 * - limits.ts   Slack's limits (platform-facts §5);
 * - text.ts     escaping, cutting and packing text; paginate.ts spreads blocks over messages;
 * - prompts.ts  prompts as messages and the answered version of a question; answers.ts its buttons;
 * - channel.ts  the channel post; home.ts the App Home; modal.ts the modal for a typed answer.
 *
 * Plain JSON only: no SDK at runtime (@slack/types is types only). Action ids, values and block ids
 * follow cards/slackProtocol.ts, so `parseSlackAction` turns every click into the right engine input.
 */
export type {
  ActionsBlock,
  Block,
  ButtonElement,
  CheckboxOption,
  CheckboxesElement,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  ImageBlock,
  MrkdwnText,
  PlainText,
  SectionBlock,
  SlackMessage,
  SlackRenderOptions,
} from './blockkit/types.js';
export * from './blockkit/limits.js';
export { answeredMessage, promptsToSlack } from './blockkit/prompts.js';
export { optionLabel } from './blockkit/answers.js';
export { channelMessage } from './blockkit/channel.js';
export { homeView, type HomeCase, type HomeView, type HomeViewInput } from './blockkit/home.js';
export { textModal, type TextModal, type TextModalBlock, type TextModalInput } from './blockkit/modal.js';
