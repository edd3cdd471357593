/**
 * Platform-neutral types of the dialogue engine. Nothing here knows about Teams, Slack or
 * the web: channels turn their events into an {@link Input} and render {@link Prompt}s.
 */
import type { CaseMeta, LogEntry, Urgency } from '../domain/case.js';
import type { Answers } from '../domain/answers.js';
import type { Lang } from '../domain/types.js';

export type { Answers };

/** Commands available as navigation everywhere (buttons or typed words). */
export type Command = 'menu' | 'back' | 'stop' | 'later' | 'acute' | 'help';

/** What the user did this turn. */
export type Input =
  /** The conversation was opened or the user greeted ("hallo"). */
  | { type: 'start' }
  /** Free text typed in the chat. */
  | { type: 'text'; text: string }
  /** A button or card submission: the answer to prompt `promptId`. */
  | { type: 'answer'; promptId: string; value: string | string[] }
  /** A start button outside the dialogue (slash sub-command, App Home): as if chosen in the menu. */
  | { type: 'menu'; choice: 'nieuw' | 'stap0' | 'uitleg' | 'mijn' }
  /** The scheduled follow-up of a help decision: ask afweging 5 again about a closed case. */
  | { type: 'followup'; summary: ChannelSummary }
  /** Show the current question again (after input the channel could not read). */
  | { type: 'repeat' }
  /** A navigation button. `promptId` is the prompt it was shown with, if any. */
  | { type: 'command'; command: Command; promptId?: string };

/** "Stap 2 van 5 — Overleg": where the user is. */
export interface Position {
  /** 1–5 for the meldcode steps; absent for the menu, stap 0 and the like. */
  step?: number;
  total?: number;
  /** Localised, ready-to-show label, e.g. "Stap 2 van 5 — Overleg". */
  label: string;
}

/** A navigation button offered with a prompt. */
export interface NavOption {
  command: Command;
  label: string;
}

/** A link offered with an info: its localised label and its https address. */
export interface PromptLink {
  label: string;
  url: string;
}

export interface ChoiceOption {
  value: string;
  label: string;
}

interface QuestionBase {
  /** Must come back with the answer; an answer with another id is stale. */
  promptId: string;
  question: string;
  help?: string;
  position?: Position;
  nav: NavOption[];
}

/**
 * What a picture shows, as data: drawn (cards/pictures) and served by the app layer, never by the engine.
 * `afweging`: the five questions' answers on the case's route, whether acute unsafety binds the advice, the decision.
 * `stap0`: the ids of the risk and protective factors ticked.
 */
export type PictureRequest =
  | { of: 'afweging'; answers: Record<string, string>; bound?: boolean; besluit?: string }
  | { of: 'stap0'; risks: string[]; protective: string[] };

/** A platform-neutral prompt. Texts are already localised; renderers only lay them out. */
export type Prompt =
  | {
      kind: 'info';
      title?: string;
      text: string;
      tone: 'normal' | 'warning' | 'error' | 'urgent';
      position?: Position;
      /** "Lees meer" links to public pages (https only, from src/domain/links.ts); renderers make them real links. */
      links?: PromptLink[];
    }
  | (QuestionBase & {
      kind: 'choice';
      options: ChoiceOption[];
      /** The option chosen before, shown as such (the question is asked again after "back"). */
      value?: string;
    })
  | (QuestionBase & {
      kind: 'multi';
      options: ChoiceOption[];
      minSelected: number;
      /** The options ticked before, ticked again (after "back"). */
      value?: string[];
    })
  | (QuestionBase & {
      kind: 'text';
      maxLength: number;
      optional: boolean;
      skipLabel?: string;
      /**
       * Text to put in the answer field: the answer given before (after "back"), or the text just sent
       * when it is asked to be checked for identifying data. Shown to the user only, never stored by the engine.
       */
      value?: string;
      /** Parts of `value` that look like they identify someone, for the renderer to point out. */
      marks?: string[];
    })
  | (QuestionBase & {
      kind: 'yesno';
      yesLabel: string;
      noLabel: string;
      extra?: ChoiceOption[];
      /** The answer given before (`ja`, `nee` or an extra option's value), after "back". */
      value?: string;
    })
  /** A picture to draw: the app layer replaces it with an `image` (or its text) before a channel renders. */
  | { kind: 'picture'; picture: PictureRequest }
  /**
   * A one-time download link to the dossier of one of the user's own cases: the app layer replaces it with
   * the link (or a message why not) before a channel renders, as it does for a picture.
   */
  | { kind: 'dossier'; ref: string; format: 'pdf' | 'md' }
  /** A PNG served by URL (short-lived, unguessable), always with its text alternative. */
  | { kind: 'image'; url: string; alt: string; width: number; height: number; title?: string }
  | {
      kind: 'summary';
      title: string;
      sections: { heading: string; items: { label: string; value: string }[] }[];
      position?: Position;
    };

export type QuestionPrompt = Extract<Prompt, { promptId: string }>;

/** The pseudonymous summary the aandachtsfunctionaris channel may show. */
export interface ChannelSummary {
  caseId: string;
  ref: string;
  sector?: CaseMeta['sector'];
  route: CaseMeta['route'];
  step: number;
  urgency: Urgency;
  outcome?: string;
  /** Where the case stands for its reporter (e.g. a melden decision before and after the melding was made). */
  status?: CaseMeta['status'];
  /** The decision departs from the framework's advice; the reason is in the dossier only. */
  deviation?: boolean;
  /** Platform id of the reporter, so the channel can show who asked. */
  reporter: string;
}

/** What the outside world must do after a turn. Applied in order by the runner. */
export type Effect =
  | { type: 'case.create'; meta: CaseMeta }
  | { type: 'case.log'; caseId: string; entries: LogEntry[] }
  | { type: 'case.update'; caseId: string; patch: Partial<CaseMeta> }
  /** Post (or re-post) the pseudonymous summary to the aandachtsfunctionaris channel. */
  | {
      type: 'af.post';
      reason: 'afronding' | 'acuut' | 'overleg' | 'medewerker' | 'followup' | 'herinnering' | 'besluit-melden' | 'melding-gedaan';
      summary: ChannelSummary;
    }
  /** Escalate now: acute danger or a disclosure. */
  | { type: 'case.urgent'; caseId: string; reason: 'acuut' | 'disclosure' }
  /** Ask the reporter again later (e.g. afweging 5: does the help lead to lasting safety?). */
  | { type: 'followup.schedule'; caseId: string; kind: 'afweging5'; dueAt: string };

/** Everything the engine needs from outside, so that `step` stays pure and deterministic. */
export interface EngineContext {
  /** The clock, as an ISO string. */
  now: string;
  /** Platform-scoped id of the user, recorded as actor. */
  userId: string;
  /** Fresh ids for a new case (caller supplies randomness; tests pass fixed values). */
  newCase(): { id: string; ref: string };
  /** Translation for one language; `key` is an i18n key, params are interpolated. */
  t(lang: Lang, key: string, params?: Record<string, unknown>): string;
  /** Days after which afweging 5 is asked again (default 42 = 6 weeks, organisation setting). */
  followUpDays: number;
  /** The organisation's time zone (default Europe/Amsterdam): the day "vandaag" in an answer means. */
  timeZone?: string;
  /** The organisation's own contacts (buurtteam, CJG, regional Veilig Thuis, interpreters), shown in stap 2 and 5. */
  socialMap?: readonly { kind?: string; label: string; phone?: string; url?: string; note?: string }[];
}

/** The result of one engine step. */
export interface StepResult {
  state: UserState;
  prompts: Prompt[];
  effects: Effect[];
}


/** Dialogue progress of one of the user's open cases. */
export interface CaseWork {
  id: string;
  ref: string;
  node: string;
  /** Node ids visited, for "back". */
  history: string[];
  answers: Answers;
  createdAt: string;
  updatedAt: string;
  urgent: boolean;
  /** Highest meldcode step reached. */
  step: number;
  /** Nodes answered at least once: a second answer is logged as a correction. */
  answered: string[];
}

/** How many finished cases a user's state remembers for "my cases". */
export const MAX_DONE = 10;

/** One of the user's finished cases, as "my cases" lists it: no answers, no text. */
export interface FinishedCase {
  id: string;
  ref: string;
  step: number;
  status: CaseMeta['status'];
  outcome?: string;
  closedAt: string;
}

/** Where the user is right now. */
export interface Cursor {
  node: string;
  /** Set while working on a case. */
  caseId?: string;
  /** History for flows without a case (stap 0, explanation). */
  history: string[];
  /** Node to return to after an interruption (acute screen, stop confirmation). */
  returnTo?: string;
}

/** All conversation state of one user. Serialisable; stored per user. */
export interface UserState {
  v: 1;
  /**
   * Version of the flows whose node ids this state holds (absent: saved before versions, i.e. 1).
   * On load the engine brings it to the current flows (src/engine/migrate.ts).
   */
  flow?: number;
  lang: Lang;
  /** Counter for prompt ids, so every prompt shown has a new id. */
  seq: number;
  /** Id of the question currently awaiting an answer. */
  promptId?: string;
  cursor?: Cursor;
  /** Open cases of this user, by id. Closed cases live only in the case store. */
  cases: Record<string, CaseWork>;
  /**
   * The user's most recently finished cases, newest first (at most {@link MAX_DONE}): only what "my cases"
   * lists so their dossier stays one click away. Their content lives in the case store.
   */
  done?: FinishedCase[];
  /** Answers of a flow without a case (stap 0). */
  scratch: Answers;
  /** A follow-up question about a closed case that is waiting for an answer. */
  followUp?: { summary: ChannelSummary };
  /**
   * A free-text answer that looked like it held identifying data, awaiting confirmation by sending
   * the same text again. Only a hash is kept, never the text.
   */
  piiPending?: { promptId: string; hash: string };
  /** Id of a question asked again by "back": it is shown with the answer given before. */
  revisit?: string;
}
