export type { CaseMeta, CaseRecord, CaseRoute, CaseStatus, Deadline, DeadlineKind, LeadState, LogEntry, LogEntryType, Urgency } from '../domain/case.js';
export { LEAD_STATES } from '../domain/case.js';
