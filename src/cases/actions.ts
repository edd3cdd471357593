/**
 * The one place the store-side actions of the workflow (workflow.ts) are carried out: deadlines
 * added or cancelled, a case closed (its retention clock started), a reminder noted in the case log,
 * a case deleted at the end of its retention. Every action is safe to apply twice: deadline ids are
 * deterministic and the store adds an existing id once, closedAt is stamped only once.
 */
import type { OrgSettings } from '../org/settings.js';
import type { Store } from '../store/store.js';
import { deleteWithAudit } from './deletion.js';
import { retentionDeadline, type StoreAction } from './workflow.js';

/** The actor of entries and deletions the workflow makes by itself. */
export const SYSTEM = 'system';

export async function applyCaseActions(store: Store, actions: readonly StoreAction[], settings: OrgSettings, now: Date): Promise<void> {
  for (const a of actions) {
    switch (a.type) {
      case 'deadline.add':
        await store.addDeadline(a.deadline);
        break;
      case 'deadline.cancel':
        await store.cancelDeadlines(a.caseId, a.kinds, now.toISOString());
        break;
      case 'case.closed': {
        const { meta } = await store.modifyCaseMeta(a.caseId, (m) => (m.closedAt ? undefined : { closedAt: now.toISOString() }));
        await store.addDeadline(retentionDeadline(a.caseId, new Date(meta.closedAt ?? now.toISOString()), settings, now));
        break;
      }
      case 'case.note':
        await store.appendLog(a.caseId, [{ at: now.toISOString(), actor: SYSTEM, type: 'reminder', data: { kind: a.kind } }]);
        break;
      case 'case.delete':
        await deleteWithAudit(store, a.meta, a.reason, SYSTEM, now);
        break;
    }
  }
}
