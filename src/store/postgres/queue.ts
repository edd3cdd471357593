/**
 * The PostgreSQL store's deadlines (plain columns: no content) and outbox (encrypted items with a
 * lease for several dispatchers), as queries on {@link Db}.
 */
import type { Deadline, DeadlineKind } from '../../domain/case.js';
import { isOutboxItemFor } from '../shapes.js';
import { byCreatedThenId, byDue, dueBefore, type OutboxItem } from '../store.js';
import { DEFER_FLUSH, rowOf, type Db } from './db.js';

interface DeadlineRow {
  id: string;
  case_id: string;
  kind: string;
  due_at: string;
  created_at: string;
  fired_at: string | null;
  cancelled_at: string | null;
}

function deadlineOf(row: DeadlineRow): Deadline {
  const d: Deadline = { id: row.id, caseId: row.case_id, kind: row.kind as DeadlineKind, dueAt: row.due_at, createdAt: row.created_at };
  if (row.fired_at !== null) d.firedAt = row.fired_at;
  if (row.cancelled_at !== null) d.cancelledAt = row.cancelled_at;
  return d;
}


export async function addDeadline(db: Db, x: Deadline, deferFlush = false): Promise<boolean> {
    const r = await db.query(
      'add a deadline',
      `INSERT INTO ${db.t.deadlines} (id, case_id, kind, due_at, created_at, fired_at, cancelled_at) ${rowOf('$1, $2, $3, $4, $5, $6, $7', deferFlush)} ON CONFLICT (id) DO NOTHING`,
      [x.id, x.caseId, x.kind, x.dueAt, x.createdAt, x.firedAt ?? null, x.cancelledAt ?? null],
    );
    return r.rowCount === 1;
}

export async function pendingDeadlines(db: Db, dueBy?: string): Promise<Deadline[]> {
    const rows = (
      await db.query<DeadlineRow>(
        'list deadlines',
        `SELECT id, case_id, kind, due_at, created_at, fired_at, cancelled_at FROM ${db.t.deadlines}
          WHERE fired_at IS NULL AND cancelled_at IS NULL AND ($1::text IS NULL OR due_at <= $1) ORDER BY due_at, id`,
        [dueBy ?? null],
      )
    ).rows;
    return rows.map(deadlineOf).filter((d) => dueBefore(d, dueBy)).sort(byDue);
}

export async function fireDeadline(db: Db, id: string, at: string): Promise<boolean> {
    // One conditional statement: of any number of processes trying at once, one changes the row.
    const r = await db.query('fire a deadline', `UPDATE ${db.t.deadlines} SET fired_at = $2 WHERE id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`, [id, String(at)]);
    return r.rowCount === 1;
}

export async function cancelDeadlines(db: Db, caseId: string, kinds: readonly DeadlineKind[] | undefined, at: string, deferFlush = false): Promise<number> {
    const r = await db.query(
      'cancel deadlines',
      `UPDATE ${db.t.deadlines} SET cancelled_at = $3${deferFlush ? ` FROM ${DEFER_FLUSH}` : ''}
        WHERE case_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL AND ($2::text[] IS NULL OR kind = ANY($2::text[]))`,
      [String(caseId), kinds === undefined ? null : [...kinds], String(at)],
    );
    return r.rowCount ?? 0;
}

export async function enqueue(db: Db, next: OutboxItem, deferFlush = false): Promise<void> {
    // Replacing an item also ends its lease: a failed attempt (or an item handed back) is free for the next pass.
    await db.query(
      'queue an outbox item',
      `INSERT INTO ${db.t.outbox} (id, created_at, lease_until, payload) ${rowOf('$1, $2, NULL::timestamptz, $3', deferFlush)}
       ON CONFLICT (id) DO UPDATE SET created_at = EXCLUDED.created_at, payload = EXCLUDED.payload, lease_until = NULL`,
      [next.id, String(next.createdAt), db.encode('outbox', next.id, next)],
    );
}

export async function pending(db: Db): Promise<OutboxItem[]> {
    const rows = (await db.query<{ id: string; payload: string }>('read the outbox', `SELECT id, payload FROM ${db.t.outbox} ORDER BY created_at, id`)).rows;
    return rows.map((r) => db.decode('outbox', r.id, r.payload, isOutboxItemFor(r.id))).sort(byCreatedThenId);
}

export async function leasePending(db: Db, ms: number): Promise<OutboxItem[]> {
    // SKIP LOCKED: a second dispatcher passes over rows the first is leasing right now; once that
    // commits, lease_until is in the future and the rows no longer qualify.
    const rows = (
      await db.query<{ id: string; payload: string }>(
        'lease outbox items',
        `UPDATE ${db.t.outbox} SET lease_until = now() + make_interval(secs => $1::double precision / 1000)
          WHERE id IN (
            SELECT id FROM ${db.t.outbox}
             WHERE lease_until IS NULL OR lease_until < now()
             ORDER BY created_at, id
             FOR UPDATE SKIP LOCKED)
          RETURNING id, payload`,
        [ms],
      )
    ).rows;
    return rows.map((r) => db.decode('outbox', r.id, r.payload, isOutboxItemFor(r.id))).sort(byCreatedThenId);
}

export async function ack(db: Db, id: string): Promise<void> {
    await db.query('acknowledge an outbox item', `DELETE FROM ${db.t.outbox} WHERE id = $1`, [id]);
}
