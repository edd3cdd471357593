/**
 * The registry of named documents (Store.getDoc/putDoc/modifyDoc/pruneDoc/deleteDoc): every
 * document the app keeps, by name (or by prefix for those kept per user: the rest of the name is
 * the user's keyed name, names.ts), what it holds, and when it goes. The value types belong to the
 * modules that write them (channels, cases, org); the store knows the shapes it needs itself, such
 * as the dossier tickets, which it prunes.
 */
import { isObject } from './shapes.js';
import type { Store } from './store.js';

/** How a named document ends. */
export type DocumentEnd =
  /** Replaced, never removed by the store (settings, a registered channel, the deletion audit). */
  | 'kept'
  /** Removed by its reader once read (a web chat's notices, a pending lead question). */
  | 'read-once'
  /** Its items are pruned when used or expired, and the document is deleted once empty ({@link pruneTickets}). */
  | 'pruned';

export interface DocumentType {
  /** The name, or for a document per user, its prefix. */
  readonly name: string;
  readonly perUser: boolean;
  /** What it holds, for an operator (never content). */
  readonly holds: string;
  readonly end: DocumentEnd;
}

const doc = (name: string, holds: string, end: DocumentEnd, perUser = false): DocumentType => ({ name, holds, end, perUser });

/** Every named document, by name. */
export const DOCUMENTS = {
  'org-settings': doc('org-settings', 'the organisation settings and roles', 'kept'),
  'audit-deletions': doc('audit-deletions', 'deleted cases: reference, date, reason, role', 'kept'),
  'export-tickets': doc('export-tickets', 'open one-time dossier links, by SHA-256 of the token', 'pruned'),
  'teams-af-channel': doc('teams-af-channel', 'the registered Teams channel', 'kept'),
  'slack-af-channel': doc('slack-af-channel', 'the registered Slack channel', 'kept'),
  'web-af-feed': doc('web-af-feed', "the web panel's feed", 'kept'),
  'web-af-notices': doc('web-af-notices', "the web panel's notices about delivery and channels (no case content)", 'kept'),
  'outbox-dead': doc('outbox-dead', 'posts a channel did not take: ids, reason code, times, attempts, the queued summary', 'kept'),
  'slack-revoked': doc('slack-revoked', 'that the Slack app was uninstalled or its tokens revoked (reason, time)', 'kept'),
  'af-channel-removals': doc('af-channel-removals', 'when and why a registered channel was cleared (platform, reason, time)', 'kept'),
  'profile-': doc('profile-', 'display name and Teams conversation reference', 'kept', true),
  'inbox-': doc('inbox-', "the web chat's notices", 'read-once', true),
  'leadq-': doc('leadq-', "the lead's pending question", 'read-once', true),
} as const satisfies Record<string, DocumentType>;

export type DocumentName = keyof typeof DOCUMENTS;

/** The registered type of a stored document name, if any. */
export function documentTypeOf(name: string): DocumentType | undefined {
  return Object.values(DOCUMENTS).find((t) => (t.perUser ? name.startsWith(t.name) : name === t.name));
}

/** A one-time dossier link as the store needs to know it: when it ends, and whether it was used. */
export interface StoredTicket {
  expiresAt: string;
  /** Set when the link was used (a ticket may also be removed at once instead). */
  usedAt?: string;
}

export const EXPORT_TICKETS: DocumentName = 'export-tickets';

function isTicket(value: unknown): value is StoredTicket {
  return isObject(value) && typeof value.expiresAt === 'string' && (value.usedAt === undefined || typeof value.usedAt === 'string');
}

/** Whether a ticket can go: used, expired, or not a ticket at all (nothing could redeem it). */
export function ticketEnded(ticket: unknown, now: Date): boolean {
  if (!isTicket(ticket) || ticket.usedAt !== undefined) return true;
  const end = Date.parse(ticket.expiresAt);
  return Number.isNaN(end) || end <= now.getTime();
}

/**
 * Removes used and expired tickets from the `export-tickets` document in one step under its lock,
 * and deletes the document when none are left (so no used ticket stays behind anywhere). Resolves
 * with how many tickets were removed.
 */
export async function pruneTickets(store: Store, now: Date): Promise<number> {
  let removed = 0;
  await store.pruneDoc<Record<string, unknown>>(EXPORT_TICKETS, (tickets) => {
    const open = isObject(tickets) ? Object.entries(tickets).filter(([, t]) => !ticketEnded(t, now)) : [];
    removed = isObject(tickets) ? Object.keys(tickets).length - open.length : 0;
    if (open.length === 0) return null;
    return removed === 0 ? undefined : Object.fromEntries(open);
  });
  return removed;
}
