/**
 * What every renderer derives from the engine's prompts before it draws anything: how one reply is
 * grouped into cards or messages, the position line of each group, a yes/no question's options, the
 * order of the navigation buttons, and the fact lines of the aandachtsfunctionaris post. Platform-neutral:
 * cards/adaptive.ts, cards/channel.ts and cards/blockkit/ draw these the way their platform wants.
 */
import type { ChannelSummary, ChoiceOption, NavOption, Prompt, PromptLink, QuestionPrompt } from '../src/engine/types.js';
import { CONTACTS, telUrl } from '../src/domain/contacts.js';

export type InfoPrompt = Extract<Prompt, { kind: 'info' }>;
export type SummaryPrompt = Extract<Prompt, { kind: 'summary' }>;
export type ImagePrompt = Extract<Prompt, { kind: 'image' }>;
/** What may stand above a question or on its own: infos and images, in their order. */
export type HeadPrompt = InfoPrompt | ImagePrompt;

/** The infos among head prompts (tone, title and text are theirs). */
export const onlyInfos = (heads: readonly HeadPrompt[]): InfoPrompt[] => heads.filter((h): h is InfoPrompt => h.kind === 'info');

/**
 * One card or message's worth of a reply: a question with the infos that precede it, infos on their
 * own (after the last question, or a reply without one), or a summary. `position` is the "Stap 2 van 5"
 * line to show on top: the question's own, else that of the first info carrying one.
 */
export type PromptGroup =
  | { kind: 'question'; question: QuestionPrompt; infos: HeadPrompt[]; position?: string }
  | { kind: 'infos'; infos: [HeadPrompt, ...HeadPrompt[]]; position?: string }
  | { kind: 'summary'; summary: SummaryPrompt };

const infoPosition = (infos: HeadPrompt[]): string | undefined => onlyInfos(infos).find((i) => i.position)?.position?.label;

const withPosition = <T extends object>(group: T, position: string | undefined): T & { position?: string } =>
  position !== undefined && position !== '' ? { ...group, position } : group;

/**
 * Groups one engine reply, in order: one question per group with the infos (and images) that precede it;
 * infos after the last question (or without one) and each summary get a group of their own.
 */
export function groupPrompts(prompts: Prompt[]): PromptGroup[] {
  const groups: PromptGroup[] = [];
  let infos: HeadPrompt[] = [];
  const flush = () => {
    const [first, ...rest] = infos;
    if (first) groups.push(withPosition({ kind: 'infos' as const, infos: [first, ...rest] as [HeadPrompt, ...HeadPrompt[]] }, infoPosition(infos)));
    infos = [];
  };
  for (const p of prompts) {
    if (p.kind === 'info' || p.kind === 'image') infos.push(p);
    // A picture not drawn or a dossier link not made (the app layer makes them all): nothing to show.
    else if (p.kind === 'picture' || p.kind === 'dossier') continue;
    else if (p.kind === 'summary') {
      flush();
      groups.push({ kind: 'summary', summary: p });
    } else {
      groups.push(withPosition({ kind: 'question' as const, question: p, infos }, p.position?.label ?? infoPosition(infos)));
      infos = [];
    }
  }
  flush();
  return groups;
}

/** A number as a word of its own: not part of a longer number (112 in 0112, or 111 in 0900-111 3 111). */
const numberPattern = (phone: string): RegExp => new RegExp(`(?<![\\d-])${phone.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}(?![\\d-])`);

/**
 * Tap-to-call links for the contact numbers (src/domain/contacts.ts) an info mentions, in the order of
 * CONTACTS: 112, Veilig Thuis, the vertrouwensinspecteurs. Only these sourced numbers, never any other.
 */
export function callLinks(text: string): PromptLink[] {
  return Object.values(CONTACTS)
    .filter((c) => numberPattern(c.phone).test(text))
    .map((c) => ({ label: `\u260E ${c.phone}`, url: telUrl(c.phone) }));
}

/** Only https pages and tel: numbers become links; anything else is dropped, never shown as a link. */
const SAFE_URL = /^(https:\/\/[^\s<>|"]+|tel:\d+)$/;

/** The links an info offers: its "lees meer" pages, then call links for the numbers in its text. */
export function infoLinks(p: InfoPrompt): PromptLink[] {
  return [...(p.links ?? []), ...callLinks(`${p.title ?? ''}\n${p.text}`)].filter((l) => SAFE_URL.test(l.url));
}

/** A yes/no question's one-click answers: yes, no, then its extra options ("weet ik niet"). */
export const yesNoOptions = (q: Extract<QuestionPrompt, { kind: 'yesno' }>): ChoiceOption[] => [
  { value: 'ja', label: q.yesLabel },
  { value: 'nee', label: q.noLabel },
  ...(q.extra ?? []),
];

/** The option chosen before, if it is one of `options`: renderers mark it, buttons have no "selected" state. */
export const chosenOption = (options: ChoiceOption[], chosen: string | undefined): ChoiceOption | undefined =>
  chosen === undefined ? undefined : options.find((opt) => opt.value === chosen);

/** Navigation split so "acute danger" comes first and stands out: it must be the easiest button to find. */
export function navGroups(nav: NavOption[]): { acute: NavOption[]; rest: NavOption[] } {
  return { acute: nav.filter((n) => n.command === 'acute'), rest: nav.filter((n) => n.command !== 'acute') };
}

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
  /** The case's route when it is not the ordinary meldcode (staff member, between children). */
  routeLabel?: string;
  routeValue?: string;
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
  /** The lead's life-cycle state once it moved on from "nieuw" ("in overleg", "gesloten"). */
  leadStateLabel?: string;
  leadStateValue?: string;
  /** A closed case: no urgent banner, no claim button. */
  closed?: true;
}

/**
 * The urgent banner's text when the post shows one: an urgent case that is not closed. The one rule for the
 * Teams and web card and the Slack message; a closed case keeps its urgency as a fact line only.
 */
export function urgentBanner(s: ChannelSummary, view: ChannelCardView): string | undefined {
  return s.urgency === 'urgent' && !view.closed ? (view.urgentBanner ?? view.urgencyValue) : undefined;
}

/** Whether the post offers "Ik pak dit op": nobody claimed the case yet and it is not closed. */
export const offersClaim = (view: ChannelCardView): boolean => view.claimedText === undefined && !view.closed;

/** One fact line of the channel post, unescaped: each renderer escapes for its own markup. */
export interface ChannelFact {
  label: string;
  value: string;
}

/**
 * The facts of the channel post, in the order shown: reference, sector, step, urgency, the route (when not the meldcode), the outcome and
 * the status when set, who asked, the alarm number and the route's contact when set. Nothing else of
 * the case: the post is minimal and pseudonymous.
 */
export function channelFacts(s: ChannelSummary, view: ChannelCardView): ChannelFact[] {
  const optional = (label: string | undefined, value: string | undefined): ChannelFact[] =>
    label !== undefined && value !== undefined ? [{ label, value }] : [];
  return [
    { label: view.refLabel, value: s.ref },
    { label: view.sectorLabel, value: view.sectorValue },
    { label: view.stepLabel, value: view.stepValue },
    { label: view.urgencyLabel, value: view.urgencyValue },
    ...optional(view.routeLabel, view.routeValue),
    ...optional(view.outcomeLabel, view.outcomeValue),
    ...optional(view.statusLabel, view.statusValue),
    ...optional(view.leadStateLabel, view.leadStateValue),
    { label: view.reporterLabel, value: view.reporterName },
    ...optional(view.alarmLabel, view.alarmValue),
    ...optional(view.contactLabel, view.contactValue),
  ];
}
