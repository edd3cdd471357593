/** Early and retention deletion of a case, recorded without any of its content. */
import type { Store } from '../store/store.js';
import { dropLettersOf } from './deadLetters.js';
import type { CaseMeta } from './types.js';

export const AUDIT_DELETIONS_DOC = 'audit-deletions';

/** One deletion in the audit document: reference, when, why and by which role — never content. */
export interface DeletionRecord {
  ref: string;
  at: string;
  reason: 'retention' | 'aandachtsfunctionaris';
  by: string;
  /** The aandachtsfunctionaris's stated reason for an early deletion. */
  note?: string;
}

/** Deletes a case and records that it happened, without any of its content. */
export async function deleteWithAudit(store: Store, meta: CaseMeta, reason: DeletionRecord['reason'], by: string, at: Date, note?: string): Promise<void> {
  await store.cancelDeadlines(meta.id, undefined, at.toISOString());
  await store.deleteCase(meta.id);
  await dropLettersOf(store, meta.id);
  const record: DeletionRecord = { ref: meta.ref, at: at.toISOString(), reason, by, ...(note ? { note: note.slice(0, 300) } : {}) };
  // Atomic where instances share the store: two deletions at once must both be recorded.
  await store.modifyDoc<DeletionRecord[]>(AUDIT_DELETIONS_DOC, (audit) => [...(audit ?? []), record]);
}
