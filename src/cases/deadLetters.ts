/**
 * Outbox items that a channel will not take (the channel is gone, the app lost its access, the platform
 * refused it) or that may have arrived and must not be posted twice (`unsure`): kept in the `outbox-dead`
 * document, never retried by themselves. A channel registered again takes back the ones it can now deliver.
 * A letter holds ids, the reason code, times, the attempt count and the payload the outbox already held.
 */
import type { OutboxItem, Store } from '../store/store.js';
import { RESTORABLE, type FailureReason } from './delivery.js';

export const DEAD_LETTERS_DOC = 'outbox-dead';
/** Older letters beyond this go (they were reported when they came in). */
const MAX_LETTERS = 1_000;

export interface DeadLetter {
  /** The outbox item's id. */
  id: string;
  kind: string;
  /** The sink (a channel's name) that did not take it. */
  sink: string;
  reason: FailureReason;
  /** The platform's HTTP status, when there was one. */
  status?: number;
  attempts: number;
  /** When the item was queued. */
  createdAt: string;
  /** When it was given up on. */
  deadAt: string;
  payload: unknown;
}

export async function addDeadLetter(store: Store, letter: DeadLetter): Promise<void> {
  await store.modifyDoc<DeadLetter[]>(DEAD_LETTERS_DOC, (current) => [...(current ?? []).filter((l) => !(l.id === letter.id && l.sink === letter.sink)), letter].slice(-MAX_LETTERS));
}

export async function deadLetters(store: Store): Promise<DeadLetter[]> {
  return (await store.getDoc<DeadLetter[]>(DEAD_LETTERS_DOC)) ?? [];
}

/** Removes and returns the letters of `sink` that a newly registered channel can deliver (see {@link RESTORABLE}). */
export async function takeRestorable(store: Store, sink: string): Promise<DeadLetter[]> {
  let taken: DeadLetter[] = [];
  await store.pruneDoc<DeadLetter[]>(DEAD_LETTERS_DOC, (current) => {
    const list = Array.isArray(current) ? current : [];
    taken = list.filter((l) => l.sink === sink && RESTORABLE.has(l.reason));
    if (taken.length === 0) return undefined;
    const rest = list.filter((l) => !taken.includes(l));
    return rest.length ? rest : null;
  });
  return taken;
}

/** The case a letter's post is about. */
const caseOf = (l: DeadLetter): unknown => (l.payload as { summary?: { caseId?: unknown } } | undefined)?.summary?.caseId;

/** Removes the letters of a deleted case (they hold its reference and who asked). */
export async function dropLettersOf(store: Store, caseId: string): Promise<void> {
  await store.pruneDoc<DeadLetter[]>(DEAD_LETTERS_DOC, (current) => {
    const list = Array.isArray(current) ? current : [];
    const rest = list.filter((l) => caseOf(l) !== caseId);
    if (rest.length === list.length) return undefined;
    return rest.length ? rest : null;
  });
}

/** The outbox item a letter came from, owed again to its sink only (the other sinks had it already). */
export function revived(letter: DeadLetter, otherSinks: readonly string[], existing?: OutboxItem): OutboxItem {
  if (existing) return { ...existing, sinks: { ...existing.sinks, [letter.sink]: { attempts: 0 } } };
  const sinks: NonNullable<OutboxItem['sinks']> = Object.fromEntries(otherSinks.map((s) => [s, { delivered: true, attempts: 0 }]));
  sinks[letter.sink] = { attempts: 0 };
  return { id: letter.id, kind: letter.kind, createdAt: letter.createdAt, payload: letter.payload, attempts: 0, sinks };
}
