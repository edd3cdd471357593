/**
 * The card posted to the aandachtsfunctionaris channel: minimal and pseudonymous. It shows only the
 * facts passed in (reference, sector, step, urgency, outcome, who asked) and a claim button; never
 * answers or free text of the case.
 */
import type { ChannelSummary } from '../src/engine/types.js';
import { makeCard, type AdaptiveCard, type CardElement, type SubmitAction } from './adaptive.js';
import { escapeCardText } from './markdown.js';
import type { SubmitData } from './submit.js';

/** Localised texts for the channel card, prepared by the caller. */
export interface ChannelCardView {
  title: string;
  refLabel: string;
  sectorLabel: string;
  sectorValue: string;
  stepLabel: string;
  stepValue: string;
  urgencyLabel: string;
  urgencyValue: string;
  /** Shown only when both are set (a finished case). */
  outcomeLabel?: string;
  outcomeValue?: string;
  reporterLabel: string;
  /** Display name of the reporter: user-controlled, always escaped. */
  reporterName: string;
  /** Banner text for urgent cases; falls back to `urgencyValue`. */
  urgentBanner?: string;
  claimButton: string;
  /** Set once someone picked the case up ("Opgepakt door …"): replaces the claim button. Escaped. */
  claimedText?: string;
  /** "Open details": the case log, shown only in the clicker's personal chat (never in the channel). */
  detailsButton?: string;
  /** The route's own contact as a fact line (Veilig Thuis's number, or the staff route's), so the lead can act at once. */
  contactLabel?: string;
  contactValue?: string;
  /** Where the case stands when that matters to the lead (e.g. "Besluit: melden; melding nog niet gedaan"). */
  statusLabel?: string;
  statusValue?: string;
  /** Urgent cases: the alarm number as a fact line. */
  alarmLabel?: string;
  alarmValue?: string;
  /** The decision departs from the framework's advice; the card says so, the reason stays in the dossier. */
  deviationText?: string;
}

/** The channel card for one case. Urgent cases get an attention banner at the top. */
export function channelCard(s: ChannelSummary, view: ChannelCardView): AdaptiveCard {
  const body: CardElement[] = [];
  if (s.urgency === 'urgent') {
    body.push({
      type: 'Container',
      style: 'attention',
      bleed: true,
      items: [{ type: 'TextBlock', text: escapeCardText(view.urgentBanner ?? view.urgencyValue), wrap: true, weight: 'Bolder', color: 'Attention' }],
    });
  }
  body.push({ type: 'TextBlock', text: escapeCardText(view.title), wrap: true, weight: 'Bolder', size: 'Medium', spacing: 'Medium' });
  const fact = (title: string, value: string) => ({ title: escapeCardText(title), value: escapeCardText(value) });
  body.push({
    type: 'FactSet',
    facts: [
      fact(view.refLabel, s.ref),
      fact(view.sectorLabel, view.sectorValue),
      fact(view.stepLabel, view.stepValue),
      fact(view.urgencyLabel, view.urgencyValue),
      ...(view.outcomeLabel !== undefined && view.outcomeValue !== undefined ? [fact(view.outcomeLabel, view.outcomeValue)] : []),
      ...(view.statusLabel !== undefined && view.statusValue !== undefined ? [fact(view.statusLabel, view.statusValue)] : []),
      fact(view.reporterLabel, view.reporterName),
      ...(view.alarmLabel !== undefined && view.alarmValue !== undefined ? [fact(view.alarmLabel, view.alarmValue)] : []),
      ...(view.contactLabel !== undefined && view.contactValue !== undefined ? [fact(view.contactLabel, view.contactValue)] : []),
    ],
  });
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
  } else {
    const data: SubmitData = { mc: 'claim', caseId: s.caseId };
    actions.push({ type: 'Action.Submit', title: view.claimButton, data });
  }
  if (view.detailsButton !== undefined) {
    const details: SubmitData = { mc: 'details', caseId: s.caseId };
    actions.push({ type: 'Action.Submit', title: view.detailsButton, data: details });
  }
  return actions.length ? makeCard(body, actions) : makeCard(body);
}
