/**
 * The small documents channels keep: the registered aandachtsfunctionaris channel per platform,
 * what a person's platform says about them (profile), the local panel's feed and the web chat's
 * inbox. Channels read and write them only through these functions, never the store's documents.
 */
import { loadProfile, rememberProfile, type Profile } from '../store/profiles.js';
import { isStoreOutage, type Store } from '../store/store.js';

/** The aandachtsfunctionaris channel a platform registered ("registreer", "/meldcode kanaal"). */
const afChannelDoc = (platform: string) => `${platform}-af-channel`;

export async function registeredAfChannel<T>(store: Store, platform: string): Promise<T | undefined> {
  return store.getDoc<T>(afChannelDoc(platform));
}

export async function registerAfChannel<T>(store: Store, platform: string, doc: T): Promise<void> {
  await store.putDoc(afChannelDoc(platform), doc);
}

/** Why and when a registered channel was cleared: kept (platform, reason, time; no ids of people). */
export interface ChannelRemoval {
  platform: string;
  reason: string;
  at: string;
}
const REMOVALS_DOC = 'af-channel-removals';

/**
 * Clears a platform's registered channel (the app was removed, the channel deleted), recording when and
 * why. Resolves false when none was registered (nothing to clear). Posts then wait in the outbox.
 */
export async function clearAfChannel(store: Store, platform: string, reason: string, at: Date): Promise<boolean> {
  if ((await store.getDoc(afChannelDoc(platform))) === undefined) return false;
  await store.deleteDoc(afChannelDoc(platform));
  await pushItems<ChannelRemoval>(store, REMOVALS_DOC, [{ platform, reason, at: at.toISOString() }], 50);
  return true;
}

export function channelRemovals(store: Store): Promise<ChannelRemoval[]> {
  return readItems<ChannelRemoval>(store, REMOVALS_DOC);
}

/**
 * What the platform says about the person (name, where to reach them); written only when it changed.
 * Not while the store cannot be used: the turn that follows meets the same outage and answers it (the
 * acute-danger answer needs no store), and the profile is written at a later turn.
 */
export async function rememberUser(store: Store, userKey: string, profile: Profile): Promise<void> {
  try {
    await rememberProfile(store, userKey, profile);
  } catch (err) {
    if (!isStoreOutage(err)) throw err;
  }
}

/** Where the person's platform reaches them (e.g. a Teams conversation reference), as remembered. */
export async function userAddress(store: Store, userKey: string): Promise<unknown> {
  return (await loadProfile(store, userKey)).address;
}

/** A list document that keeps only its newest `max` items (the panel's feed, a web user's inbox). */
export async function pushItems<T>(store: Store, doc: string, items: T[], max: number, atStart = false): Promise<void> {
  await store.modifyDoc<T[]>(doc, (current) => {
    const list = current ?? [];
    return atStart ? [...items, ...list].slice(0, max) : [...list, ...items].slice(-max);
  });
}

export async function readItems<T>(store: Store, doc: string): Promise<T[]> {
  return (await store.getDoc<T[]>(doc)) ?? [];
}

/** The items of a list document, removing the document: an inbox is emptied once fetched. */
export async function takeItems<T>(store: Store, doc: string): Promise<T[]> {
  const items = await readItems<T>(store, doc);
  if (items.length) await store.deleteDoc(doc);
  return items;
}
