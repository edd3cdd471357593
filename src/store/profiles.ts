/** Per-user side documents (display name, where to reach the user), named without revealing the platform id. */
import type { Store } from './store.js';

export interface Profile {
  /** Display name as the platform gives it (staff member, never a child or parent). */
  name?: string;
  /** Platform-specific address for proactive messages (e.g. a Teams conversation reference). */
  address?: unknown;
}

export function profileDocName(store: Store, userKey: string): string {
  return `profile-${store.names.name(userKey, 40)}`;
}

export async function loadProfile(store: Store, userKey: string): Promise<Profile> {
  return (await store.getDoc<Profile>(profileDocName(store, userKey))) ?? {};
}

/** Saves only when something changed, so an ordinary turn does not write an extra file. */
export async function rememberProfile(store: Store, userKey: string, next: Profile): Promise<void> {
  const current = await loadProfile(store, userKey);
  if (JSON.stringify(current) !== JSON.stringify({ ...current, ...next })) {
    await store.putDoc(profileDocName(store, userKey), { ...current, ...next });
  }
}
