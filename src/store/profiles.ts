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

/**
 * How long a profile this process found or wrote is taken as still stored, for the same platform data: a turn
 * then neither reads nor writes it (on PostgreSQL, a round trip a turn). Afterwards it is checked again, so
 * what another instance wrote meanwhile is seen within this time.
 */
export const PROFILE_CONFIRMED_MS = 10 * 60_000;
/** Users whose profile is remembered as confirmed, per store, at most. */
const CONFIRMED_MAX = 10_000;
const confirmed = new WeakMap<Store, Map<string, { json: string; at: number }>>();

/** Saves only when something changed, so an ordinary turn does not write an extra file (nor read one, see {@link PROFILE_CONFIRMED_MS}). */
export async function rememberProfile(store: Store, userKey: string, next: Profile, now = Date.now()): Promise<void> {
  const json = JSON.stringify(next);
  let seen = confirmed.get(store);
  const last = seen?.get(userKey);
  if (last && last.json === json && now - last.at < PROFILE_CONFIRMED_MS) return;
  const current = await loadProfile(store, userKey);
  if (JSON.stringify(current) !== JSON.stringify({ ...current, ...next })) {
    await store.putDoc(profileDocName(store, userKey), { ...current, ...next });
  }
  if (!seen) confirmed.set(store, (seen = new Map()));
  seen.delete(userKey);
  if (seen.size >= CONFIRMED_MAX) seen.delete(seen.keys().next().value as string);
  seen.set(userKey, { json, at: now });
}
