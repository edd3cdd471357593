/**
 * Adaptive Card rendering of engine prompts, for Teams (schema 1.5, see platform-facts §3).
 *
 * Plain JSON only: no SDK at runtime. Buttons send {@link SubmitData} (cards/submit.ts), inputs use
 * the id {@link ANSWER_INPUT_ID}, so `parseSubmit` turns every click into the right engine input.
 * All text that goes into markdown (TextBlock, Fact) passes {@link escapeCardText}: info texts may
 * carry what the user typed, and for our own texts escaping changes nothing visible.
 */
import type { ChoiceOption, NavOption, Prompt, QuestionPrompt } from '../src/engine/types.js';
import { cardLines, escapeCardText } from './markdown.js';
import { answerData, optionElements } from './adaptiveOptions.js';
import { ANSWER_INPUT_ID, type SubmitData } from './submit.js';
import { groupPrompts, infoLinks, navGroups, yesNoOptions, type HeadPrompt, type ImagePrompt, type InfoPrompt, type SummaryPrompt } from './view.js';

export * from './adaptiveTypes.js';
import { SCHEMA_URL, type ActionSet, type AdaptiveCard, type CardElement, type CardOptions, type ChoiceSetInput, type Container, type ContainerStyle, type FactSet, type OpenUrlAction, type SubmitAction, type TextBlock, type TextInput } from './adaptiveTypes.js';

/** Up to this many options are one-click buttons; more become a radio list with a submit button. */
export const MAX_OPTION_BUTTONS = 6;
/**
 * Size a summary card is kept under. Teams documents 28 KB for webhooks and 40–100 KB for bots
 * (platform-facts §3); staying well below the smallest leaves room for the activity around it.
 */
export const CARD_BUDGET_BYTES = 24 * 1024;
const UTF8 = new TextEncoder();
const byteSize = (json: unknown): number => UTF8.encode(JSON.stringify(json)).length;

/**
 * The byte size of a JSON document as an array in it grows, without serialising it again at each step: it starts
 * at the document's size with the array empty, and each item adds its own size plus a comma after the first.
 * Exact, as JSON.stringify writes an array as its items' own texts joined by commas.
 */
class GrowingArraySize {
  #bytes: number;
  #items = 0;

  constructor(empty: number) {
    this.#bytes = empty;
  }

  /** The document's size with items of these sizes added at the end of the array. */
  with(...itemBytes: number[]): number {
    let bytes = this.#bytes;
    let items = this.#items;
    for (const b of itemBytes) bytes += b + (items++ > 0 ? 1 : 0);
    return bytes;
  }

  add(...itemBytes: number[]): void {
    this.#bytes = this.with(...itemBytes);
    this.#items += itemBytes.length;
  }
}
/** An info longer than this shows its first paragraphs and a button for the rest. */
export const LONG_TEXT_CHARS = 900;
/** How much of a long info is shown before the button, at least. */
const LONG_TEXT_HEAD = 350;
/** Text inputs with a longer limit get a multi-line box. */
const MULTILINE_FROM = 200;

/**
 * Groups cards into messages: consecutive cards share one message while together they stay under
 * {@link CARD_BUDGET_BYTES}, a card of that size alone gets its own. One message is one call to
 * the platform, and a person sees the reply arrive at once rather than card by card.
 */
export function cardMessages(cards: AdaptiveCard[]): AdaptiveCard[][] {
  // The usual reply: one card, under the budget by construction (nothing to measure).
  if (cards.length <= 1) return cards.length === 1 ? [cards] : [];
  const messages: AdaptiveCard[][] = [];
  let current: AdaptiveCard[] = [];
  let bytes = 0;
  for (const c of cards) {
    const size = byteSize(c);
    if (current.length > 0 && bytes + size > CARD_BUDGET_BYTES) {
      messages.push(current);
      current = [];
      bytes = 0;
    }
    current.push(c);
    bytes += size;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}

// ---- rendering ------------------------------------------------------------------------------

/**
 * Renders one engine reply as Teams cards: one question per card, with the infos that precede it
 * above the question; infos after the last question (or without one) and each summary get a card
 * of their own. Order of the cards follows the prompts.
 */
export function promptsToCards(prompts: Prompt[], options: CardOptions): AdaptiveCard[] {
  return groupPrompts(prompts).flatMap((g) => {
    switch (g.kind) {
      case 'infos':
        return [card(headBody(g.infos, g.position, options))];
      case 'summary':
        return summaryCards(g.summary, options);
      case 'question':
        return [card(questionBody(g.question, g.infos, g.position, options))];
    }
  });
}

function card(body: CardElement[], actions?: SubmitAction[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: SCHEMA_URL,
    version: '1.5',
    body,
    ...(actions && actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

/** Wraps a body (and optional card-level actions) as a 1.5 full-width card; for other card builders. */
export function makeCard(body: CardElement[], actions?: SubmitAction[]): AdaptiveCard {
  return card(body, actions);
}

/** "Stap 2 van 5 — Overleg": where the person is, the first thing on the card. */
function positionBlock(label: string): TextBlock {
  return { type: 'TextBlock', text: escapeCardText(label), wrap: true, weight: 'Bolder', color: 'Accent', spacing: 'None' };
}

/** One TextBlock per line of `text` (escaped), with paragraph spacing after an empty line. */
function lines(text: string, style: Partial<Pick<TextBlock, 'isSubtle' | 'weight' | 'size'>> = {}): TextBlock[] {
  return cardLines(text).map((l, i) => ({
    type: 'TextBlock',
    text: l.text,
    wrap: true,
    ...style,
    ...(i === 0 ? {} : { spacing: l.paragraph ? 'Medium' : 'None' }),
  }));
}

const TONE_STYLE: Record<InfoPrompt['tone'], ContainerStyle | undefined> = {
  normal: undefined,
  warning: 'warning',
  error: 'attention',
  urgent: 'attention',
};

/**
 * A long text as its first paragraphs and the rest behind a toggle: the card then opens with its
 * heading in view, and the rest is one click away. `id` must be unique within the card.
 */
function foldedLines(text: string, id: string, showMore: string | undefined): CardElement[] {
  const all = lines(text);
  if (showMore === undefined || text.length <= LONG_TEXT_CHARS || all.length < 2) return all;
  let shown = 0;
  let chars = 0;
  while (shown < all.length - 1 && chars < LONG_TEXT_HEAD) chars += (all[shown++] as TextBlock).text.length;
  const rest = all.slice(shown).map((b, i) => (i === 0 ? { ...b, spacing: 'None' as const } : b));
  return [
    ...all.slice(0, shown),
    { type: 'Container', id, isVisible: false, items: rest, spacing: 'Small' },
    { type: 'ActionSet', actions: [{ type: 'Action.ToggleVisibility', title: showMore, targetElements: [id] }], spacing: 'Small' },
  ];
}

function infoContainer(p: InfoPrompt, index = 0, showMore?: string): Container {
  const items: CardElement[] = [];
  if (p.title) {
    items.push({
      type: 'TextBlock',
      text: escapeCardText(p.title),
      wrap: true,
      weight: 'Bolder',
      ...(p.tone === 'urgent' ? { size: 'Medium' as const, color: 'Attention' as const } : {}),
    });
  }
  items.push(...foldedLines(p.text, `more-${index}`, p.tone === 'normal' ? showMore : undefined));
  // "Lees meer" pages and tap-to-call numbers as Action.OpenUrl buttons: a real link in Teams and in the
  // web chat (whose markdown renders no links); the number itself stays readable in the text above.
  const links = infoLinks(p);
  if (links.length > 0) {
    items.push({ type: 'ActionSet', actions: links.map((l): OpenUrlAction => ({ type: 'Action.OpenUrl', title: l.label, url: l.url })), spacing: 'Small' });
  }
  const style = TONE_STYLE[p.tone];
  return { type: 'Container', items, ...(style ? { style, bleed: true as const } : {}), spacing: 'Medium' };
}

/** A picture, under its title when it has one; the text alternative goes with it. */
function imageContainer(p: ImagePrompt): Container {
  const items: CardElement[] = [];
  if (p.title) items.push({ type: 'TextBlock', text: escapeCardText(p.title), wrap: true, weight: 'Bolder' });
  items.push({ type: 'Image', url: p.url, altText: p.alt, size: 'Stretch', spacing: 'Small' });
  return { type: 'Container', items, spacing: 'Medium' };
}

/** The position line and the infos (and images): a card of their own, or the top of a question's card. */
function headBody(infos: HeadPrompt[], position: string | undefined, o?: CardOptions): CardElement[] {
  return [...(position ? [positionBlock(position)] : []), ...infos.map((h, i) => (h.kind === 'image' ? imageContainer(h) : infoContainer(h, i, o?.showMore)))];
}

/**
 * The reporter's summary: a heading and a FactSet per section. Values carry what the user typed, so
 * a long summary is split over several cards (title repeated) to stay under {@link CARD_BUDGET_BYTES}.
 */
function summaryCards(p: SummaryPrompt, o: CardOptions): AdaptiveCard[] {
  const head: CardElement[] = [];
  if (p.position) head.push(positionBlock(p.position.label));
  head.push({ type: 'TextBlock', text: escapeCardText(p.title), wrap: true, weight: 'Bolder', size: 'Medium' });
  const blocks: CardElement[][] = [];
  for (const s of p.sections) {
    const heading: TextBlock = { type: 'TextBlock', text: escapeCardText(s.heading), wrap: true, weight: 'Bolder', spacing: 'Large' };
    // Sizes are counted as lines and parts are added: each is serialised once, not again with every one after it.
    const emptySection = byteSize([heading, { type: 'FactSet', facts: [] }]);
    let facts: FactSet['facts'] = [];
    let size = new GrowingArraySize(emptySection);
    const flush = () => {
      if (facts.length > 0) blocks.push([heading, { type: 'FactSet', facts, spacing: 'Small' }]);
      facts = [];
      size = new GrowingArraySize(emptySection);
    };
    for (const i of s.items) {
      const fact = { title: escapeCardText(i.label), value: escapeCardText(i.value) };
      const factBytes = byteSize(fact);
      // A section too big for one card continues on the next, under its heading again.
      if (facts.length > 0 && size.with(factBytes) > CARD_BUDGET_BYTES / 2) flush();
      facts.push(fact);
      size.add(factBytes);
    }
    flush();
  }
  const cards: AdaptiveCard[] = [];
  const emptyCard = byteSize(card([]));
  const headBytes = head.map(byteSize);
  const started = () => {
    const size = new GrowingArraySize(emptyCard);
    size.add(...headBytes);
    return size;
  };
  let body = [...head];
  let size = started();
  for (const block of blocks) {
    const blockBytes = block.map(byteSize);
    if (body.length > head.length && size.with(...blockBytes) > CARD_BUDGET_BYTES) {
      cards.push(card(body));
      body = [...head];
      size = started();
    }
    body.push(...block);
    size.add(...blockBytes);
  }
  const next = o.summaryActions?.(p) ?? [];
  if (next.length > 0) body.push({ type: 'ActionSet', actions: next, spacing: 'Large', separator: true });
  cards.push(card(body));
  return cards;
}

function questionBody(q: QuestionPrompt, infos: HeadPrompt[], position: string | undefined, o: CardOptions): CardElement[] {
  const body = headBody(infos, position, o);
  body.push(...lines(q.question, { weight: 'Bolder' }).map((b, i) => (i === 0 ? { ...b, spacing: 'Medium' as const } : b)));
  if (q.help) body.push(...lines(q.help, { isSubtle: true }).map((b, i) => (i === 0 ? { ...b, spacing: 'Small' as const } : b)));
  body.push(...answerElements(q, o));
  body.push(...navElements(q.nav, q.promptId));
  return body;
}

function submitButton(q: QuestionPrompt, o: CardOptions): ActionSet {
  // The primary action of the card: styled so it is not mistaken for the navigation under it.
  return { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: o.submitLabel, data: answerData(q.promptId), style: 'positive' }] };
}

/**
 * Radio buttons (or, `multi`, checkboxes) for `q`'s options with the submit button under them.
 * `selected` is the pre-selected value; several are comma-separated.
 */
function choiceList(q: Extract<QuestionPrompt, { kind: 'choice' | 'multi' }>, selected: string | undefined, required: boolean, o: CardOptions): CardElement[] {
  return [
    {
      type: 'Input.ChoiceSet',
      id: ANSWER_INPUT_ID,
      label: o.answerLabel ?? q.question,
      style: 'expanded',
      ...(q.kind === 'multi' ? { isMultiSelect: true as const } : {}),
      wrap: true,
      choices: q.options.map((c) => ({ title: c.label, value: c.value })),
      ...(selected !== undefined ? { value: selected } : {}),
      ...(required ? { isRequired: true, errorMessage: o.requiredError } : {}),
      spacing: 'Medium',
    },
    submitButton(q, o),
  ];
}

function answerElements(q: QuestionPrompt, o: CardOptions): CardElement[] {
  switch (q.kind) {
    case 'choice':
      if (q.options.length <= MAX_OPTION_BUTTONS) return optionElements(q.promptId, q.options, q.value, o);
      return choiceList(q, q.value, true, o);
    case 'yesno':
      return optionElements(q.promptId, yesNoOptions(q), q.value, o);
    case 'multi':
      return choiceList(q, q.value && q.value.length > 0 ? q.value.join(',') : undefined, q.minSelected > 0, o);
    case 'text': {
      const input: TextInput = {
        type: 'Input.Text',
        id: ANSWER_INPUT_ID,
        label: o.answerLabel ?? q.question,
        maxLength: q.maxLength,
        ...(q.maxLength > MULTILINE_FROM ? { isMultiline: true as const } : {}),
        ...(q.value !== undefined && q.value !== '' ? { value: q.value } : {}),
        ...(q.optional ? {} : { isRequired: true, errorMessage: o.requiredError }),
        spacing: 'Medium',
      };
      const buttons = submitButton(q, o);
      if (q.optional && q.skipLabel) {
        buttons.actions.push({ type: 'Action.Submit', title: q.skipLabel, data: answerData(q.promptId, ''), associatedInputs: 'none' });
      }
      return [input, buttons];
    }
  }
}

/**
 * Navigation at the bottom. "Acute danger" comes first, on its own in an attention-styled strip:
 * Teams ignores button styles, so the container makes it stand out; `destructive` is only a hint.
 */
function navElements(nav: NavOption[], promptId: string): CardElement[] {
  if (nav.length === 0) return [];
  const button = (n: NavOption, style?: 'destructive'): SubmitAction => ({
    type: 'Action.Submit',
    title: n.label,
    data: { mc: 'command', command: n.command, promptId },
    associatedInputs: 'none',
    ...(style ? { style } : {}),
  });
  const { acute, rest } = navGroups(nav);
  const items: CardElement[] = [];
  if (acute.length > 0) {
    items.push({
      type: 'Container',
      style: 'attention',
      items: [{ type: 'ActionSet', actions: acute.map((n) => button(n, 'destructive')) }],
    });
  }
  if (rest.length > 0) items.push({ type: 'ActionSet', actions: rest.map((n) => button(n)), spacing: 'Small' });
  return [{ type: 'Container', items, separator: true, spacing: 'Large' }];
}
