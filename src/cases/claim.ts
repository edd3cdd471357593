/** "Ik pak dit op": an aandachtsfunctionaris claims a case. The first claim wins; later ones change nothing. */
import type { CaseMeta } from './types.js';
import type { Store } from '../store/store.js';
import { StoreError } from '../store/store.js';

export type ClaimResult =
  | { outcome: 'claimed'; meta: CaseMeta }
  | { outcome: 'already'; meta: CaseMeta }
  | { outcome: 'unknown' };

export interface Claimer {
  /** Platform id ("teams:…", "web:…"). */
  id: string;
  /** Display name as the platform gives it. */
  name: string;
}

export async function claimCase(store: Store, caseId: string, who: Claimer, now: Date): Promise<ClaimResult> {
  let result: { meta: CaseMeta; changed: boolean };
  try {
    result = await store.modifyCaseMeta(caseId, (meta) =>
      meta.claimedBy === undefined
        ? {
            claimedBy: who.id,
            claimedByName: who.name,
            claimedAt: now.toISOString(),
            updatedAt: now.toISOString(),
            // A claim moves a new case to "opgepakt"; a state the lead already set stays.
            lead: meta.lead === undefined || meta.lead === 'nieuw' ? 'opgepakt' : meta.lead,
          }
        : undefined,
    );
  } catch (err) {
    if (err instanceof StoreError && (err.code === 'NOT_FOUND' || err.code === 'INVALID_ID')) return { outcome: 'unknown' };
    throw err;
  }
  if (!result.changed) return { outcome: 'already', meta: result.meta };
  await store.appendLog(caseId, [{ at: now.toISOString(), actor: who.id, type: 'claim', data: { by: who.id } }]);
  return { outcome: 'claimed', meta: result.meta };
}
