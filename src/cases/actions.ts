/**
 * The one place the store-side actions of the workflow (workflow.ts) are carried out: deadlines
 * added or cancelled, a case closed (its retention clock started), a reminder noted in the case log,
 * a case deleted at the end of its retention. Every action is safe to apply twice: deadline ids are
 * deterministic and the store adds an existing id once, closedAt is stamped only once.
 */
import type { OrgSettings } from '../org/settings.js';
import type { Store, TurnWriteOptions } from '../store/store.js';
import { deleteWithAudit } from './deletion.js';
import { retentionDeadline, type StoreAction } from './workflow.js';

/** The actor of entries and deletions the workflow makes by itself. */
export const SYSTEM = 'system';

/** `options`: a turn's actions, before its user's state is saved, pass `beforeUserSave` (see TurnWriteOptions). */
export async function applyCaseActions(store: Store, actions: readonly StoreAction[], settings: OrgSettings, now: Date, options: TurnWriteOptions = {}): Promise<void> {
  for (const a of actions) {
    switch (a.type) {
      case 'deadline.add':
        await store.addDeadline(a.deadline, options);
        break;
      case 'deadline.cancel':
        await store.cancelDeadlines(a.caseId, a.kinds, now.toISOString(), options);
        break;
      case 'case.closed': {
        const { meta } = await store.modifyCaseMeta(a.caseId, (m) => (m.closedAt ? undefined : { closedAt: now.toISOString() }), options);
        await store.addDeadline(retentionDeadline(a.caseId, new Date(meta.closedAt ?? now.toISOString()), settings, now), options);
        break;
      }
      case 'case.note':
        await store.appendLog(a.caseId, [{ at: now.toISOString(), actor: SYSTEM, type: 'reminder', data: { kind: a.kind } }], options);
        break;
      case 'case.delete':
        await deleteWithAudit(store, a.meta, a.reason, SYSTEM, now);
        break;
    }
  }
}
