import type { CaseMeta, LogEntry } from '../domain/case.js';

export type { CaseMeta, CaseRoute, CaseStatus, LeadState, LogEntry, LogEntryType, Urgency } from '../domain/case.js';
export { LEAD_STATES } from '../domain/case.js';

/** A case as stored: its meta plus the log. */
export interface CaseRecord {
  meta: CaseMeta;
  log: LogEntry[];
}

/** Kinds of deadline the scheduler fires (src/cases/scheduler.ts). */
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
