/**
 * One-click answers on an Adaptive Card: buttons, or full-width tiles whose text wraps.
 *
 * Teams never wraps an action's title and ignores a host config asking it to (the host owns its host
 * config: MicrosoftDocs/msteams-docs#5004, microsoft/AdaptiveCards#6880), so a long option label on a
 * button is cut off mid-word, on mobile from about 35 characters. With `wrapOptionsOver` set, a question
 * with a longer label draws all its options as tiles: a `Container` with a `selectAction` that sends
 * exactly the data the button would (so turns and stale clicks are handled as before) and a wrapping
 * TextBlock with the whole label. The action's title is the whole label too, for screen readers and
 * tooltips. The web chat's renderer wraps button titles itself and keeps the buttons.
 */
import type { ChoiceOption } from '../src/engine/types.js';
import type { ActionSet, CardElement, CardOptions, Container, SubmitAction, TextBlock } from './adaptiveTypes.js';
import { escapeCardText } from './markdown.js';
import type { SubmitData } from './submit.js';
import { chosenOption } from './view.js';

/** Buttons that fit side by side: at most this many, with this many characters of titles in total. */
const ROW_MAX_BUTTONS = 4;
const ROW_MAX_CHARS = 40;
/** Marks a tile as a choice, before its label (the container's style alone may not show on every theme). */
export const TILE_MARK = '\u203A';

export const answerData = (promptId: string, value?: string): SubmitData =>
  value === undefined ? { mc: 'answer', promptId } : { mc: 'answer', promptId, value };

/**
 * The one-click answers of a question: tiles when `o.wrapOptionsOver` is set and some label is longer,
 * else buttons. The option chosen before (`chosen`) is marked (a `positive` button, an `accent` tile)
 * and, with `o.earlierChoice`, named in a line above: a client that ignores styles still shows it.
 */
export function optionElements(promptId: string, options: ChoiceOption[], chosen: string | undefined, o: CardOptions): CardElement[] {
  const actions: SubmitAction[] = options.map((opt) => ({
    type: 'Action.Submit',
    title: opt.label,
    data: answerData(promptId, opt.value),
    associatedInputs: 'none',
    ...(opt.value === chosen ? { style: 'positive' as const } : {}),
  }));
  const earlier = chosenOption(options, chosen);
  const note: TextBlock[] =
    earlier && o.earlierChoice
      ? [{ type: 'TextBlock', text: escapeCardText(o.earlierChoice(earlier.label)), wrap: true, isSubtle: true, size: 'Small', spacing: 'Medium' }]
      : [];
  const first = note.length ? 'Small' : 'Medium';
  const max = o.wrapOptionsOver;
  if (max !== undefined && options.some((x) => x.label.length > max)) {
    return [...note, ...actions.map((a, i): Container => optionTile(a, i === 0 ? first : 'Small'))];
  }
  const chars = options.reduce((n, x) => n + x.label.length, 0);
  if (actions.length <= ROW_MAX_BUTTONS && chars <= ROW_MAX_CHARS) return [...note, { type: 'ActionSet', actions, spacing: first }];
  // One button per row: side by side, clients cut titles off sooner (and a row holds at most 5 actions).
  return [...note, ...actions.map((a, i): ActionSet => ({ type: 'ActionSet', actions: [a], spacing: i === 0 ? first : 'Small' }))];
}

/** A full-width, tappable option whose label wraps; the chosen one stands out in the accent style. */
function optionTile(action: SubmitAction, spacing: 'Small' | 'Medium'): Container {
  return {
    type: 'Container',
    style: action.style === 'positive' ? 'accent' : 'emphasis',
    selectAction: action,
    items: [{ type: 'TextBlock', text: `${TILE_MARK} ${escapeCardText(action.title)}`, wrap: true }],
    spacing,
  };
}
