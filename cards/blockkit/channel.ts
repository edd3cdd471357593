/** The aandachtsfunctionaris channel post on Slack: the counterpart of cards/channel.ts's Adaptive Card. */
import type { ChannelSummary } from '../../src/engine/types.js';
import { CLAIM_ACTION, DETAILS_ACTION } from '../slackProtocol.js';
import { channelFacts, offersClaim, urgentBanner, type ChannelCardView } from '../view.js';
import { MAX_BUTTON_TEXT, MAX_FIELD_TEXT, MAX_FIELDS, MAX_SECTION_TEXT } from './limits.js';
import { bold, contextLine, esc, fallback, mrkdwn, plain, truncate } from './text.js';
import type { Block, ButtonElement, SectionBlock, SlackMessage } from './types.js';

/** A section with one line of escaped mrkdwn, capped. */
const line = (escaped: string): SectionBlock => ({ type: 'section', text: mrkdwn(truncate(escaped, MAX_SECTION_TEXT)) });

/**
 * The post in the aandachtsfunctionaris channel: pseudonymous, only the facts in `view` (reference,
 * sector, step, urgency, outcome when set, who asked) and a claim button, or the "claimed by" line once
 * someone picked it up. Urgent cases that are not closed get a banner on top, by the same rule as on Teams
 * ({@link urgentBanner}). Everything is escaped: the reporter's display name is user-controlled.
 */
export function channelMessage(s: ChannelSummary, view: ChannelCardView, leadStatus?: { label: string; value: string }): SlackMessage {
  const banner = urgentBanner(s, view);
  const blocks: Block[] = [];
  // Slack's alert block at level "error": the red notice for an urgent case (docs.slack.dev/reference/block-kit/blocks/alert).
  if (banner !== undefined) blocks.push({ type: 'alert', level: 'error', text: mrkdwn(truncate(`:rotating_light: ${bold(esc(banner))}`, MAX_SECTION_TEXT)) });
  blocks.push(line(bold(esc(view.title))));
  const fields = channelFacts(s, view).map((f) => mrkdwn(truncate(`${bold(esc(f.label))}\n${esc(f.value)}`, MAX_FIELD_TEXT)));
  blocks.push({ type: 'section', fields: fields.slice(0, MAX_FIELDS) });
  if (view.deviationText !== undefined) blocks.push(line(`:warning: ${bold(esc(view.deviationText))}`));
  // The lead's status of the case ("Stand van zaken: in overleg"), kept current with chat.update; left out
  // once the facts show it ("Behandeling: opgepakt"), so it is never said twice.
  if (leadStatus && view.leadStateValue === undefined) blocks.push(contextLine(`${bold(esc(leadStatus.label))}: ${esc(leadStatus.value)}`));
  const buttons: ButtonElement[] = [];
  if (view.claimedText !== undefined) {
    blocks.push(contextLine(esc(view.claimedText)));
  } else if (offersClaim(view)) {
    buttons.push({ type: 'button', action_id: CLAIM_ACTION, text: plain(view.claimButton, MAX_BUTTON_TEXT), value: s.caseId, style: 'primary' });
  }
  if (view.detailsButton !== undefined) {
    buttons.push({ type: 'button', action_id: DETAILS_ACTION, text: plain(view.detailsButton, MAX_BUTTON_TEXT), value: s.caseId });
  }
  if (buttons.length) blocks.push({ type: 'actions', block_id: 'mc_channel', elements: buttons });
  return { text: fallback(banner, view.title, s.ref), blocks };
}
