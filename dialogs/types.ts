/**
 * The shape of a dialogue flow as data: a node is a prompt, how each answer moves on, and what
 * it records. The engine (src/engine) interprets these; nothing here does I/O or knows a platform.
 */
import type { CaseStatus, LogEntryType } from '../src/cases/types.js';
import type { Lang, Localized } from '../src/domain/types.js';
import type { Answers, CaseWork, Command, Prompt, QuestionPrompt, UserState } from '../src/engine/types.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What a node asks: a question prompt without the parts the engine adds. */
export type Ask = DistributiveOmit<QuestionPrompt, 'promptId' | 'nav' | 'position'>;

/** Sections give the visible position ("Stap 2 van 5 — Overleg"). */
export type Section =
  | 'menu'
  | 'context'
  | 'stap1'
  | 'kindcheck'
  | 'stap2'
  | 'stap3'
  | 'stap4'
  | 'stap5'
  | 'stap0'
  | 'uitleg'
  | 'acuut'
  | 'medewerker'
  | 'followup'
  | 'melding';

/** The meldcode step a section belongs to (for the position label and the case's step reached). */
export const SECTION_STEP: Partial<Record<Section, number>> = {
  stap1: 1,
  kindcheck: 1,
  stap2: 2,
  stap3: 3,
  stap4: 4,
  stap5: 5,
  melding: 5,
};

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
  /** The organisation's social map as one text ("" when none is configured). */
  socialMap: string;
}

/** Things a transition asks the engine to do besides moving on. */
export type Action =
  | { kind: 'newCase' }
  | { kind: 'resume'; caseId: string }
  | { kind: 'setLang'; lang: Lang }
  | { kind: 'acute'; reason: 'acuut' | 'disclosure' }
  | { kind: 'caseMeta'; patch: { sector?: string; route?: 'meldcode' | 'medewerker' } }
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
export interface Transition {
  /** Next node id. */
  next: string;
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

export interface NodeDef {
  id: string;
  section: Section;
  /** Name under which the answer is kept (and logged) in the case or scratch answers. */
  field?: string;
  /** Log entry type for the answer; default 'answer'. */
  logType?: LogEntryType;
  /** Info prompts shown each time before the question. */
  intro?(env: NodeEnv): Prompt[];
  ask(env: NodeEnv): Ask;
  onAnswer(value: AnswerValue, env: NodeEnv): Transition;
  /** Navigation shown; default depends on whether a case is open. */
  nav?: Command[];
  /**
   * Another node to ask instead, given what is recorded (e.g. the afwegingskader bound by acute danger).
   * Checked each time the node is about to be asked; `undefined` = ask this node.
   */
  redirect?(env: NodeEnv): string | undefined;
}

/** Helper so flow files read as data. */
export function defineNodes(nodes: NodeDef[]): NodeDef[] {
  return nodes;
}
