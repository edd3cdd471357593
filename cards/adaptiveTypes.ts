/**
 * The Adaptive Card types we emit (the subset of schema 1.5) and the texts a card needs from its caller:
 * apart from the renderer (adaptive.ts) so that its helpers (adaptiveOptions.ts) can use them without
 * importing the renderer back.
 */
import type { SubmitData } from './submit.js';
import type { SummaryPrompt } from './view.js';

/** An Adaptive Card as sent to Teams (plain JSON). */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: '1.5';
  $schema?: string;
  body: unknown[];
  actions?: unknown[];
  msteams?: { width: 'Full' };
}

/** Texts the engine does not provide; callers pass them translated. */
export interface CardOptions {
  /** Title of the button that submits a typed or selected answer ("Verder" / "Continue"). */
  submitLabel: string;
  /** Shown by the client when a required input is empty. */
  requiredError: string;
  /**
   * Accessible label of the answer input. The question is shown in bold right above the input, so a
   * short label ("Jouw antwoord") avoids reading it twice; without one the question is the label.
   */
  answerLabel?: string;
  /** Line above one-click answers naming the option chosen before ("Eerder gekozen: …"); absent = no line. */
  earlierChoice?: (label: string) => string;
  /** Title of the button that shows the rest of a long text ("Lees verder"); absent = long texts shown whole. */
  showMore?: string;
  /** Buttons under a summary (e.g. the dossier as PDF, back to the menu): what the person needs next. */
  summaryActions?: (summary: SummaryPrompt) => SubmitAction[];
  /**
   * One-click options of a question with a label longer than this are all drawn as full-width tiles
   * whose text wraps, instead of buttons (cards/adaptiveOptions.ts): for clients that cut button titles
   * off (Teams). Absent = buttons, for clients that wrap them (the web chat).
   */
  wrapOptionsOver?: number;
}

export const SCHEMA_URL = 'http://adaptivecards.io/schemas/adaptive-card.json';

// ---- element types (the subset of schema 1.5 we emit) ----------------------------------------

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Small' | 'Default' | 'Medium' | 'Large';
  weight?: 'Bolder';
  isSubtle?: true;
  color?: 'Attention' | 'Warning' | 'Accent';
  spacing?: Spacing;
}

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: SubmitData;
  /** 'none': the button neither validates nor sends the card's inputs (navigation, one-click answers). */
  associatedInputs?: 'auto' | 'none';
  style?: 'default' | 'positive' | 'destructive';
}

/** Opens a page (https) or, where the client allows, dials a number (tel:): only our own sourced addresses. */
export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

/** Shows or hides elements of the same card, in the client: for the rest of a long text. */
export interface ToggleVisibilityAction {
  type: 'Action.ToggleVisibility';
  title: string;
  targetElements: string[];
}

export interface ActionSet {
  type: 'ActionSet';
  actions: (SubmitAction | OpenUrlAction | ToggleVisibilityAction)[];
  spacing?: Spacing;
  separator?: true;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  id?: string;
  isVisible?: false;
  style?: ContainerStyle;
  bleed?: true;
  spacing?: Spacing;
  separator?: true;
  /** Makes the whole container one tappable (and focusable) action: the option tiles. */
  selectAction?: SubmitAction;
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
  spacing?: Spacing;
}

interface InputBase {
  id: string;
  label: string;
  isRequired?: boolean;
  errorMessage?: string;
  spacing?: Spacing;
}

export interface ChoiceSetInput extends InputBase {
  type: 'Input.ChoiceSet';
  choices: { title: string; value: string }[];
  style: 'expanded';
  isMultiSelect?: true;
  wrap: true;
  /** Pre-selected value(s); several are comma-separated. */
  value?: string;
}

export interface TextInput extends InputBase {
  type: 'Input.Text';
  maxLength: number;
  isMultiline?: true;
  /** Pre-filled text. */
  value?: string;
}

/** A picture fetched by the client from our server (Teams loads card images by URL: PNG, ≤ 1024×1024, < 1 MB). */
export interface ImageElement {
  type: 'Image';
  url: string;
  altText: string;
  size: 'Stretch';
  spacing?: Spacing;
}

export type CardElement = TextBlock | ActionSet | Container | FactSet | ChoiceSetInput | TextInput | ImageElement;
