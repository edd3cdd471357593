/** The shared case types: what a case is, its status, and its append-only log entries. */
import type { SectorId } from './types.js';

/** Where a case stands in its life cycle. */
export type CaseStatus =
  /** The reporter is still working through the steps. */
  | 'open'
  /** Stap 5 reached: a decision was recorded (with melden: the melding is not yet recorded as made). */
  | 'besluit'
  /** A melden decision whose melding at Veilig Thuis is recorded as made (meldcode-facts Part 2 §2). */
  | 'melding-gedaan'
  /** Closed with a record (kindcheck without concern, afweging 1 "nee"). */
  | 'gesloten'
  /** The reporter stopped the case before the end; everything recorded so far is kept. */
  | 'gestopt';

export type Urgency = 'normaal' | 'urgent';

/**
 * Where a case stands for the aandachtsfunctionaris: nieuw → opgepakt → in overleg → besluit genomen
 * (gemeld / hulp georganiseerd / afgesloten zonder zorg) → gesloten.
 */
export type LeadState = 'nieuw' | 'opgepakt' | 'in-overleg' | 'gemeld' | 'hulp-georganiseerd' | 'afgesloten-zonder-zorg' | 'gesloten';
export const LEAD_STATES: readonly LeadState[] = ['nieuw', 'opgepakt', 'in-overleg', 'gemeld', 'hulp-georganiseerd', 'afgesloten-zonder-zorg', 'gesloten'];

/**
 * Which route a case follows: the meldcode (the home situation), the separate staff-member route, or
 * sexual behaviour between children (meldcode-facts Part 2 §5; the kinderopvang protocol's route 3).
 */
export type CaseRoute = 'meldcode' | 'medewerker' | 'tussen-kinderen';
export const CASE_ROUTES: readonly CaseRoute[] = ['meldcode', 'medewerker', 'tussen-kinderen'];

/**
 * The route of a case from its answers: a staff member involved always means the staff route
 * (also when the concern started as behaviour between children).
 */
export function caseRouteOf(answers: { betreft?: unknown; skMedewerker?: unknown }): CaseRoute {
  if (answers.betreft === 'medewerker' || answers.skMedewerker === 'ja') return 'medewerker';
  if (answers.betreft === 'kinderen') return 'tussen-kinderen';
  return 'meldcode';
}

/**
 * The small, pseudonymous description of a case: what the aandachtsfunctionaris channel and
 * case lists may show. Never holds free text, names or answers.
 */
export interface CaseMeta {
  id: string;
  /** Pseudonymous reference shown to people, e.g. "MC-7KQ3PX". */
  ref: string;
  /** Platform-scoped id of the reporter (e.g. "web:abc", "teams:29:…"). */
  owner: string;
  route: CaseRoute;
  sector?: SectorId;
  /** 0 = context, 1–5 = meldcode step reached. */
  step: number;
  status: CaseStatus;
  urgency: Urgency;
  /** Short machine-readable outcome once decided, e.g. "melden", "hulp", "melden-hulp", "afsluiten". */
  outcome?: string;
  /** The decision departs from the afwegingskader's advice (the reason is in the log, never on a card). */
  deviation?: boolean;
  createdAt: string;
  updatedAt: string;
  /** Platform id of the aandachtsfunctionaris who claimed the case ("Ik pak dit op"). */
  claimedBy?: string;
  /** Display name of the claimer, as the platform gave it; shown on the channel card. */
  claimedByName?: string;
  claimedAt?: string;
  /** The aandachtsfunctionaris's view of the case; absent means 'nieuw'. */
  lead?: LeadState;
  /** When the case was closed (lead state 'gesloten', or closed by the reporter): the retention clock starts here. */
  closedAt?: string;
}

/** Kinds of entry in the append-only case log. */
export type LogEntryType =
  | 'opened'
  | 'answer'
  | 'fact'
  | 'interpretation'
  | 'kindcheck'
  | 'consultation'
  | 'conversation'
  | 'weighing'
  | 'decision'
  | 'urgent'
  | 'status'
  | 'claim'
  | 'lead'
  | 'view'
  | 'export'
  | 'reminder'
  | 'followup'
  | 'note'
  /** A decision that departs from the framework's advice, with the required reason. */
  | 'deviation'
  /** The melding at Veilig Thuis: made when, what was agreed, and VT's feedback. */
  | 'melding'
  /** An explicit correction of an earlier record (e.g. acute danger recorded by mistake), with a reason. */
  | 'correction'
  /** Free text of earlier entries removed (e.g. it held a name): who, when and why, never the text itself. */
  | 'redaction';

/**
 * One entry in a case's append-only log. Corrections are new entries with `correction`
 * set and a `reason`. The one change ever made to an entry is a redaction (Store.redactLog): its
 * free text is replaced by `value: null` with `redacted` set, and a `redaction` entry is appended.
 */
export interface LogEntry {
  at: string;
  actor: string;
  type: LogEntryType;
  /** Dialogue node that produced it, if any. */
  node?: string;
  step?: number;
  /** Structured content: choice ids, free text, flags. */
  data: Record<string, unknown>;
  correction?: boolean;
  reason?: string;
  /**
   * The dialogue turn that wrote it (src/app/turns.ts). The same input processed again after a crash
   * gets the same turn id, and the store's `appendLog` skips entries of a turn the log already has.
   */
  turn?: string;
}

/** A case as stored: its meta plus the log. */
export interface CaseRecord {
  meta: CaseMeta;
  log: LogEntry[];
}

/** Kinds of deadline the scheduler fires (fired by the scheduler in src/cases/). */
export type DeadlineKind = 'claim-reminder' | 'deputy-escalation' | 'followup' | 'nudge' | 'retention' | 'melding-reminder';

/** A moment something must happen for a case. Lives in the store so it survives restarts; fired at most once. */
export interface Deadline {
  /** Deterministic where a deadline must exist once per case (e.g. "claim-reminder-<caseId>"). */
  id: string;
  caseId: string;
  kind: DeadlineKind;
  dueAt: string;
  createdAt: string;
  firedAt?: string;
  cancelledAt?: string;
}
