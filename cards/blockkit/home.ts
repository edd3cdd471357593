/** The App Home tab (`views.publish`): start buttons and the user's open cases. */
import type * as Slack from '@slack/types';
import { MAX_BUTTON_TEXT, MAX_HEADER_TEXT, MAX_SECTION_TEXT, MAX_VIEW_BLOCKS } from './limits.js';
import { bold, contextLine, esc, mrkdwn, pack, plain, sections, truncate } from './text.js';
import type { Block, ButtonElement, SectionBlock } from './types.js';

/** An App Home tab, as passed to `views.publish` (`{ user_id, view: homeView(…) }`). */
export interface HomeView extends Slack.HomeView {
  type: 'home';
  blocks: Block[];
}

/**
 * One of the user's open cases as listed on the App Home. A type alias rather than an interface, so it
 * can be passed as interpolation parameters (`Record<string, unknown>`) to a translator.
 */
export type HomeCase = {
  ref: string;
  /** Highest meldcode step reached. */
  step: number;
  /** Already formatted for the user's language. */
  date: string;
};

/** Everything the App Home shows, localised by the caller. */
export interface HomeViewInput {
  title: string;
  /** Optional text under the title. */
  intro?: string;
  /** Labels of the start buttons (`mc_home_nieuw`, `mc_home_stap0`, `mc_home_uitleg`, `mc_home_mijn`). */
  buttons: { nieuw: string; stap0: string; uitleg: string; mijn: string };
  /** Heading above the list of open cases. */
  casesTitle: string;
  /** Shown instead of the list when there are no open cases. */
  noCases: string;
  /** One line for a case, e.g. "MC-7F3A2B — stap 2 — 2026-11-22". Escaped. */
  caseLabel: (c: HomeCase) => string;
  /** The user's open cases, in the order to show them. */
  cases: readonly HomeCase[];
}

/**
 * The App Home: header, start buttons, and the user's open cases (one line each, packed into as few
 * sections as the limits allow). The list is capped to stay within {@link MAX_VIEW_BLOCKS}, ending in
 * "…": the home tab is an overview, and the full list is one click away ("mijn").
 */
export function homeView(input: HomeViewInput): HomeView {
  const blocks: Block[] = [{ type: 'header', text: plain(input.title, MAX_HEADER_TEXT) }];
  if (input.intro) blocks.push(...sections(esc(input.intro)));
  const start = (choice: keyof HomeViewInput['buttons'], primary = false): ButtonElement => ({
    type: 'button',
    action_id: `mc_home_${choice}`,
    text: plain(input.buttons[choice], MAX_BUTTON_TEXT),
    value: choice,
    ...(primary ? { style: 'primary' as const } : {}),
  });
  blocks.push({ type: 'actions', block_id: 'mc_home', elements: [start('nieuw', true), start('stap0'), start('uitleg'), start('mijn')] });
  blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwn(truncate(bold(esc(input.casesTitle)), MAX_SECTION_TEXT)) });
  if (input.cases.length === 0) {
    blocks.push(contextLine(esc(input.noCases)));
    return { type: 'home', blocks };
  }
  const lines = input.cases.map((c) => `• ${esc(input.caseLabel(c))}`);
  const list = pack(lines, '\n', MAX_SECTION_TEXT).map((t): SectionBlock => ({ type: 'section', text: mrkdwn(t) }));
  const room = MAX_VIEW_BLOCKS - blocks.length;
  if (list.length > room) {
    const last = list[room - 1] as SectionBlock;
    list.splice(room - 1, list.length, { ...last, text: mrkdwn(truncate(`${last.text?.text ?? ''}\n…`, MAX_SECTION_TEXT)) });
  }
  blocks.push(...list);
  return { type: 'home', blocks };
}
