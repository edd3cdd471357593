/**
 * The card posted to the aandachtsfunctionaris channel: minimal and pseudonymous. It shows only the
 * facts passed in (reference, sector, step, urgency, outcome, who asked) and a claim button; never
 * answers or free text of the case.
 */
import type { ChannelSummary } from '../src/engine/types.js';
import { makeCard, type AdaptiveCard, type CardElement, type SubmitAction } from './adaptive.js';
import { escapeCardText } from './markdown.js';
import type { SubmitData } from './submit.js';
import { channelFacts, type ChannelCardView } from './view.js';

export type { ChannelCardView } from './view.js';

/** The channel card for one case. Urgent cases get an attention banner at the top. */
export function channelCard(s: ChannelSummary, view: ChannelCardView): AdaptiveCard {
  const body: CardElement[] = [];
  if (s.urgency === 'urgent' && !view.closed) {
    body.push({
      type: 'Container',
      style: 'attention',
      bleed: true,
      items: [{ type: 'TextBlock', text: escapeCardText(view.urgentBanner ?? view.urgencyValue), wrap: true, weight: 'Bolder', color: 'Attention' }],
    });
  }
  body.push({ type: 'TextBlock', text: escapeCardText(view.title), wrap: true, weight: 'Bolder', size: 'Medium', spacing: 'Medium' });
  body.push({ type: 'FactSet', facts: channelFacts(s, view).map((f) => ({ title: escapeCardText(f.label), value: escapeCardText(f.value) })) });
  if (view.deviationText !== undefined) {
    body.push({
      type: 'Container',
      style: 'warning',
      items: [{ type: 'TextBlock', text: escapeCardText(view.deviationText), wrap: true, weight: 'Bolder' }],
    });
  }
  const actions: SubmitAction[] = [];
  if (view.claimedText !== undefined) {
    body.push({ type: 'TextBlock', text: escapeCardText(view.claimedText), wrap: true, isSubtle: true, spacing: 'Medium' });
  } else if (!view.closed) {
    const data: SubmitData = { mc: 'claim', caseId: s.caseId };
    actions.push({ type: 'Action.Submit', title: view.claimButton, data });
  }
  if (view.detailsButton !== undefined) {
    const details: SubmitData = { mc: 'details', caseId: s.caseId };
    actions.push({ type: 'Action.Submit', title: view.detailsButton, data: details });
  }
  return actions.length ? makeCard(body, actions) : makeCard(body);
}
