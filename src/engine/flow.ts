/**
 * The shape of the flows the engine interprets: nodes as data (a prompt, how each answer moves on,
 * what it records), the few roles the engine itself needs, and what a stored state needs to follow
 * when the flows change. The flows themselves live in dialogs/; the engine is handed them.
 */
import type { CaseRoute, CaseStatus, LogEntryType } from '../domain/case.js';
import type { Lang, Localized } from '../domain/types.js';
import type { Answers, CaseWork, Command, Prompt, QuestionPrompt, UserState } from './types.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What a node asks: a question prompt without the parts the engine adds. */
export type Ask = DistributiveOmit<QuestionPrompt, 'promptId' | 'nav' | 'position'>;

/** Read-only view a node gets to build its prompt or decide where to go. */
export interface NodeEnv {
  lang: Lang;
  /** Translate a UI key in the user's language; phone numbers are available as {{vt}}, {{alarm}}, {{vi}}. */
  t(key: string, params?: Record<string, unknown>): string;
  /** Pick the user's language from a content item. */
  text(l: Localized): string;
  /** Answers of the current case, or of the flow without a case (stap 0). */
  a: Answers;
  work?: CaseWork;
  state: Readonly<UserState>;
  now: string;
  /** The organisation's time zone (an IANA name): what "today" means for a date an answer names. */
  timeZone: string;
  /** The organisation's social map as one text ("" when none is configured). */
  socialMap: string;
  /** Only the social map's entries of one kind (e.g. 'tolk'), the same way ("" when there are none). */
  socialMapKind?(kind: string): string;
}

/** Things a transition asks the engine to do besides moving on. */
export type Action =
  | { kind: 'newCase' }
  /** Continue an open case where it stands; the transition's `next` is not used. */
  | { kind: 'resume'; caseId: string }
  | { kind: 'setLang'; lang: Lang }
  | { kind: 'acute'; reason: 'acuut' | 'disclosure' }
  | { kind: 'caseMeta'; patch: { sector?: string; route?: CaseRoute } }
  | { kind: 'post'; reason: 'overleg' | 'medewerker' }
  | { kind: 'finish'; status: Extract<CaseStatus, 'besluit' | 'gesloten' | 'melding-gedaan'>; outcome: string; post: boolean }
  /** Record a melden decision and tell the lead, but keep the case open until the melding is recorded. */
  | { kind: 'decide'; outcome: string }
  /** The melding at Veilig Thuis was made: status, the lead's card, and the follow-up question later. */
  | { kind: 'meldingGedaan' }
  /** Keep the case open and stop here ("Later verder"). */
  | { kind: 'later' }
  | { kind: 'followUp' }
  | { kind: 'followUpAnswer'; value: 'ja' | 'nee' | 'later' }
  | { kind: 'resetScratch' };

/** Where an answer leads. */
export interface Transition<Id extends string = string> {
  /** Next node id. */
  next: Id;
  /** Extra answers to remember (the node's own `field` is set by the engine). */
  set?: Answers;
  /** Extra case-log entries (the answer itself is logged by the engine when the node has a `field`). */
  record?: { type: LogEntryType; data: Record<string, unknown> }[];
  /** Info or summary prompts shown before the next question. */
  say?: Prompt[];
  actions?: Action[];
}

/** A value as the engine hands it to a node: validated against the prompt. `null` = optional text skipped. */
export type AnswerValue = string | string[] | null;

/** One node of a flow. `Id` is the flows' node id type, so a transition cannot name a node that does not exist. */
export interface NodeDef<Id extends string = string> {
  id: Id;
  /** Gives the visible position; see {@link Flows.steps}. */
  section: string;
  /** Name under which the answer is kept (and logged) in the case or scratch answers. */
  field?: string;
  /** Log entry type for the answer; default 'answer'. */
  logType?: LogEntryType;
  /** Info prompts shown each time before the question. */
  intro?(env: NodeEnv): Prompt[];
  ask(env: NodeEnv): Ask;
  onAnswer(value: AnswerValue, env: NodeEnv): Transition<Id>;
  /**
   * A valid answer that still does not answer the question (a bare "ja" to an open question): the key of a
   * calm hint. The question is asked again with the text left in the field to edit; nothing is recorded.
   */
  check?(value: AnswerValue, env: NodeEnv): string | undefined;
  /** The answer as it is recorded and handed on, when that differs from what was typed (a relative day as its date). */
  store?(value: AnswerValue, env: NodeEnv): AnswerValue;
  /** Navigation shown; default depends on whether a case is open. */
  nav?: Command[];
  /**
   * Another node to ask instead, given what is recorded (e.g. the afwegingskader bound by acute danger).
   * Checked each time the node is about to be asked; `undefined` = ask this node.
   */
  redirect?(env: NodeEnv): Id | undefined;
}

/** The nodes the engine itself has to find. Their answers (acute, stop) or their place (menu) are its business. */
export interface Roles<Id extends string = string> {
  /** The start menu. */
  menu: Id;
  /** "Continue your open case?", asked at the start when there are open cases. */
  resume: Id;
  /** "My open cases". */
  mine: Id;
  /** "Stop this case?": its answers (stop, later, go on) are handled by the engine. */
  stopConfirm: Id;
  /** The acute-danger screen shown after 112 / Veilig Thuis: its answers are handled by the engine. */
  acute: Id;
  /** The first node of a new case. */
  caseStart: Id;
  /** Where a case opened by the acute button resumes (its start question counts as answered). */
  acuteResume: Id;
  /** The scheduled follow-up question about a closed case. */
  followUp: Id;
}

/** Everything the engine is handed: the nodes, their roles, and how stored states follow changes. */
export interface Flows<Id extends string = string> {
  /**
   * Version of the node ids. Raise it when a node id is renamed or removed; a stored state of an older
   * version is passed through {@link Flows.renamed} on load.
   */
  version: number;
  nodes: ReadonlyMap<string, NodeDef<Id>>;
  roles: Roles<Id>;
  /** The migration table: any node id of an earlier version that was renamed, with its current id. */
  renamed: Readonly<Record<string, Id>>;
  /** The meldcode step a section belongs to (the position label and the case's step reached). */
  steps: Readonly<Partial<Record<string, number>>>;
  /** How many steps the position label counts ("Stap 2 van 5"). */
  totalSteps: number;
  /** The answer fields, in the order the reporter's summary shows them (see {@link AnswerField}). */
  fields?: readonly AnswerField[];
}

/**
 * How an answer's value is shown, the same way in the summary and the dossier:
 * - `text`: the reporter's own words, as typed (what a redaction can remove);
 * - `option`: one option's label, the locale key `${prefix}.${value}` (or `keys[value]`);
 * - `options`: a list of option labels the same way, "none" when the list is empty;
 * - `yesno`: ja / nee / later; `flag`: `true` is "yes";
 * - `signals`, `forms`, `sector`: content ids, shown by their text.
 */
export type FieldRender =
  /** Free text; `day`: a day it names was stored as `YYYY-MM-DD` and reads as a local date ("2 december 2026"). */
  | { kind: 'text'; day?: true }
  | { kind: 'option'; prefix?: string; keys?: Readonly<Record<string, string>> }
  | { kind: 'options'; prefix: string }
  | { kind: 'yesno' }
  | { kind: 'flag' }
  | { kind: 'signals' }
  | { kind: 'forms' }
  | { kind: 'sector' };

/** Sections of the reporter's summary; the heading is `summary.<section>`. */
export type SummarySection = 'case' | 'stap1' | 'kindcheck' | 'stap2' | 'stap3' | 'stap4' | 'stap5' | 'melding';

/** One answer field as the summary shows it: its key in the answers, its label (a locale key), its section. */
export interface AnswerField {
  field: string;
  label: string;
  summary: SummarySection;
  render: FieldRender;
}
