/**
 * The card posted to the aandachtsfunctionaris channel: minimal and pseudonymous. It shows only the
 * facts passed in (reference, sector, step, urgency, outcome, who asked) and a claim button; never
 * answers or free text of the case.
 */
import type { ChannelSummary } from '../src/engine/types.js';
import { makeCard, type AdaptiveCard, type CardElement, type SubmitAction } from './adaptive.js';
import { escapeCardText } from './markdown.js';
import type { SubmitData } from './submit.js';
import { channelFacts, offersClaim, urgentBanner, type ChannelCardView } from './view.js';

export type { ChannelCardView } from './view.js';

/** The channel card for one case. Urgent cases get an attention banner at the top. */
export function channelCard(s: ChannelSummary, view: ChannelCardView): AdaptiveCard {
  const body: CardElement[] = [];
  const banner = urgentBanner(s, view);
  if (banner !== undefined) {
    body.push({
      type: 'Container',
      style: 'attention',
      bleed: true,
      items: [{ type: 'TextBlock', text: escapeCardText(banner), wrap: true, weight: 'Bolder', color: 'Attention' }],
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
  } else if (offersClaim(view)) {
    const data: SubmitData = { mc: 'claim', caseId: s.caseId };
    actions.push({ type: 'Action.Submit', title: view.claimButton, data });
  }
  if (view.detailsButton !== undefined) {
    const details: SubmitData = { mc: 'details', caseId: s.caseId };
    actions.push({ type: 'Action.Submit', title: view.detailsButton, data: details });
  }
  return actions.length ? makeCard(body, actions) : makeCard(body);
}

// ---- Teams: Universal Actions ------------------------------------------------------------

/** What a Teams channel card's Action.Execute carries; the Action.Submit fallback carries the same. */
export type ChannelActionData =
  | { mc: 'claim'; caseId: string }
  | { mc: 'details'; caseId: string }
  | { mc: 'status'; caseId: string }
  | { mc: 'refresh'; caseId: string };

/** The verbs of the channel card's Universal Actions (`Action.Execute`). */
export const CHANNEL_VERBS = ['refresh', 'claim', 'status', 'details'] as const;
export type ChannelVerb = (typeof CHANNEL_VERBS)[number];

/** Id of the status choice on a lead's card: its value arrives in the action's data under this key. */
export const STATUS_INPUT_ID = 'state';

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: ChannelVerb;
  data: ChannelActionData;
  associatedInputs?: 'auto' | 'none';
  style?: 'positive';
  /** For clients without Universal Actions: the same data as an Action.Submit (a message activity). */
  fallback: SubmitAction | { type: 'Action.Submit'; title: string; data: ChannelActionData; associatedInputs?: 'auto' | 'none' };
}

/** A card that refreshes itself: on view, the users in `userIds` get their own version from the bot. */
export type UniversalCard = AdaptiveCard & {
  refresh?: { action: { type: 'Action.Execute'; title: string; verb: 'refresh'; data: ChannelActionData }; userIds: string[] };
};

/** Who looks at the card and what they may do (Teams). */
export interface UniversalCardOptions {
  /** The viewer may claim the case ("Ik pak dit op") while nobody has. */
  canClaim: boolean;
  /** The lead's status of the case, shown to everyone ("Status: in overleg"). */
  leadStatus?: { label: string; value: string };
  /** The status choice on a lead's card (absent for anyone else): the states, the current one and the button's title. */
  statusChoice?: { label: string; button: string; current: string; choices: { title: string; value: string }[] };
  /** Teams user ids (MRIs) whose clients fetch their own version of the card (at most 60 count). */
  refreshUserIds: string[];
  /** The refresh action's title (shown by clients that offer a manual refresh). */
  refreshTitle: string;
}

/** Teams allows at most this many ids in `refresh.userIds`. */
export const MAX_REFRESH_USERS = 60;

const execute = (title: string, verb: ChannelVerb, data: ChannelActionData, extra: { associatedInputs?: 'none'; style?: 'positive' } = {}): ExecuteAction => ({
  type: 'Action.Execute',
  title,
  verb,
  data,
  ...extra,
  fallback: { type: 'Action.Submit', title, data, ...(extra.associatedInputs ? { associatedInputs: extra.associatedInputs } : {}) },
});

/**
 * The channel card for Teams with Universal Actions: the same facts as {@link channelCard}, the lead's
 * status for everyone, the claim button for whoever may claim, the status choice for a lead only, and
 * "Open details"; all as `Action.Execute` buttons that fall back to `Action.Submit` on clients without
 * Universal Actions. `refresh` makes the clients of
 * the listed users ask the bot for their own version of the card when they show it.
 */
export function universalChannelCard(s: ChannelSummary, view: ChannelCardView, opts: UniversalCardOptions): UniversalCard {
  const body = [...(channelCard(s, view).body as CardElement[])];
  // Once the facts show how far the lead is ("Behandeling: opgepakt"), a second line saying the same is left out.
  if (opts.leadStatus && view.leadStateValue === undefined) {
    body.push({ type: 'FactSet', facts: [{ title: escapeCardText(opts.leadStatus.label), value: escapeCardText(opts.leadStatus.value) }] });
  }
  const actions: ExecuteAction[] = [];
  if (opts.canClaim && offersClaim(view)) {
    actions.push(execute(view.claimButton, 'claim', { mc: 'claim', caseId: s.caseId }, { associatedInputs: 'none', style: 'positive' }));
  }
  if (opts.statusChoice) {
    const c = opts.statusChoice;
    body.push({
      type: 'Input.ChoiceSet',
      id: STATUS_INPUT_ID,
      label: escapeCardText(c.label),
      choices: c.choices.map((x) => ({ title: x.title, value: x.value })),
      style: 'expanded',
      wrap: true,
      value: c.current,
      spacing: 'Medium',
    });
    actions.push(execute(c.button, 'status', { mc: 'status', caseId: s.caseId }));
  }
  // "Open details" sends the case log to the clicker's personal chat, and only to a lead: harmless for anyone.
  if (view.detailsButton !== undefined) actions.push(execute(view.detailsButton, 'details', { mc: 'details', caseId: s.caseId }, { associatedInputs: 'none' }));
  const card: UniversalCard = { ...makeCard(body), ...(actions.length ? { actions } : {}) };
  const userIds = opts.refreshUserIds.slice(0, MAX_REFRESH_USERS);
  if (userIds.length > 0) {
    card.refresh = { action: { type: 'Action.Execute', title: opts.refreshTitle, verb: 'refresh', data: { mc: 'refresh', caseId: s.caseId } }, userIds };
  }
  return card;
}

/** A channel card action back from Teams (an invoke's `action`, or a fallback submit's value), checked. */
export function parseChannelAction(verb: unknown, data: unknown): { verb: ChannelVerb; caseId: string; state?: string } | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const d = data as Record<string, unknown>;
  const v = CHANNEL_VERBS.find((x) => x === (verb ?? d.mc));
  if (!v || (d.mc !== undefined && d.mc !== v)) return undefined;
  if (typeof d.caseId !== 'string' || d.caseId === '' || d.caseId.length > 100) return undefined;
  const state = d[STATUS_INPUT_ID];
  if (state !== undefined && (typeof state !== 'string' || state.length > 50)) return undefined;
  return { verb: v, caseId: d.caseId, ...(typeof state === 'string' ? { state } : {}) };
}
