/**
 * Shape checks on stored data, shared by the file store and the PostgreSQL store: just enough to be
 * sure the store's own code will not trip over what it reads back.
 */
import type { CaseMeta, CaseRecord, Deadline } from '../domain/case.js';
import { jsonCopy, type OutboxItem } from './store.js';

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a stored named document holds. Wrapped so that a stored `null` is still valid. */
export interface DocFile {
  value: unknown;
}

export function isDocFile(value: unknown): value is DocFile {
  return isObject(value) && Object.hasOwn(value, 'value');
}

/** What a stored user state holds. Wrapped so that a stored `null` is still valid. */
export interface UserFile {
  state: unknown;
}

export function isUserFile(value: unknown): value is UserFile {
  return isObject(value) && Object.hasOwn(value, 'state');
}

export function isCaseMeta(value: unknown): value is CaseMeta {
  if (!isObject(value)) return false;
  const strings = ['id', 'ref', 'owner', 'route', 'status', 'urgency', 'createdAt', 'updatedAt'];
  return strings.every((key) => typeof value[key] === 'string') && typeof value.step === 'number';
}

/** A case's meta must carry its own id, so data copied to another id is caught. */
export function isCaseMetaFor(caseId: string): (value: unknown) => value is CaseMeta {
  return (value: unknown): value is CaseMeta => isCaseMeta(value) && value.id === caseId;
}

/** A case file must also carry its own id, so a file copied to another name is caught. */
export function isCaseFileFor(caseId: string): (value: unknown) => value is CaseRecord {
  return (value: unknown): value is CaseRecord =>
    isObject(value) &&
    isCaseMeta(value.meta) &&
    value.meta.id === caseId &&
    Array.isArray(value.log) &&
    value.log.every(isObject);
}

export function isDeadlineFor(id: string): (value: unknown) => value is Deadline {
  return (value: unknown): value is Deadline =>
    isObject(value) && value.id === id && typeof value.caseId === 'string' && typeof value.kind === 'string' && typeof value.dueAt === 'string';
}

export function isOutboxItemFor(id: string): (value: unknown) => value is OutboxItem {
  return (value: unknown): value is OutboxItem =>
    isObject(value) &&
    value.id === id &&
    typeof value.kind === 'string' &&
    typeof value.createdAt === 'string' &&
    typeof value.attempts === 'number';
}

/**
 * Like jsonCopy, but keeps `undefined` values: in a meta patch they mean "remove this optional
 * field", and JSON would drop them.
 */
export function jsonCopyPatch(patch: Partial<CaseMeta>): Partial<CaseMeta> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) copy[key] = value === undefined ? undefined : jsonCopy(value);
  return copy as Partial<CaseMeta>;
}
