/**
 * The lead's workflow as data: which deadlines a turn's effects start or end, what a delivered
 * channel post starts, and what a due deadline asks for (reminders, escalation to the deputy, the
 * follow-up question, nudges, retention). Pure: no store, no clock of its own, no sending. The turn
 * runner (src/app/turns.ts) and the deadline actions (src/app/deadlines.ts) carry out what these
 * functions return; applyCaseActions (actions.ts) is the one place the store-side actions are done.
 */
import type { ChannelSummary, Effect } from '../engine/types.js';
import type { OrgSettings, WorkingHours } from '../org/settings.js';
import { addWorkingMinutes } from '../org/workingTime.js';
import { includesMelden } from '../domain/advice.js';
import { summaryOf } from './channelView.js';
import type { CaseMeta, Deadline, DeadlineKind } from './types.js';

/** Something the workflow asks for; done in order. */
export type CaseAction =
  | { type: 'deadline.add'; deadline: Deadline }
  | { type: 'deadline.cancel'; caseId: string; kinds: DeadlineKind[] }
  /** The case is closed now: stamp closedAt (once) and start the retention clock from it. */
  | { type: 'case.closed'; caseId: string }
  /** A system entry in the case log that a reminder of this kind went out. */
  | { type: 'case.note'; caseId: string; kind: DeadlineKind }
  /** Delete the case, recorded in the deletion audit without its content. */
  | { type: 'case.delete'; meta: CaseMeta; reason: 'retention' }
  /** A reminder post to the aandachtsfunctionaris channel(s), through the outbox. */
  | { type: 'channel.post'; summary: ChannelSummary; reason: 'herinnering' }
  /**
   * A message to one person outside a turn. `lang: 'user'` = the person's own language as stored
   * (else the organisation's); `paramKeys` = parameters given as text keys, translated in that language;
   * `unreachable` = the log event when it could not be delivered.
   */
  | { type: 'user.tell'; caseId: string; to: string; lang: 'org' | 'user'; tone: 'normal' | 'warning'; key: string; params: Record<string, unknown>; paramKeys?: Record<string, string>; unreachable?: string }
  /** Run the follow-up turn (afweging 5 again) for the case's reporter and send them its question. */
  | { type: 'user.followup'; to: string; summary: ChannelSummary }
  | { type: 'log'; event: string; fields: Record<string, unknown> };

/** Store-side actions: what the turn runner and the lead's side apply directly. */
export type StoreAction = Extract<CaseAction, { type: 'deadline.add' | 'deadline.cancel' | 'case.closed' | 'case.note' | 'case.delete' }>;

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/** The length of one working day in minutes, from the organisation's working hours. */
function workingDayMinutes(wh: WorkingHours): number {
  return (wh.end - wh.start) * 60;
}

/** A deadline of `kind` for a case; the id is deterministic, so planning it twice adds it once. */
export function deadline(kind: DeadlineKind, caseId: string, dueAt: Date, now: Date, suffix = ''): Deadline {
  return { id: `${kind}-${caseId}${suffix}`.slice(0, 64), caseId, kind, dueAt: dueAt.toISOString(), createdAt: now.toISOString() };
}

/** The follow-up the engine asked for (afweging 5 again), as a deadline. */
export function followupDeadline(e: Extract<Effect, { type: 'followup.schedule' }>, now: Date): Deadline {
  return deadline('followup', e.caseId, new Date(e.dueAt), now, `-${Date.parse(e.dueAt).toString(36)}`);
}

/** When a closed case is deleted. `suffix` names a retention deadline planned again (the term was lengthened). */
export function retentionDeadline(caseId: string, closedAt: Date, s: OrgSettings, now: Date, suffix = ''): Deadline {
  return deadline('retention', caseId, new Date(closedAt.getTime() + s.retention.daysAfterClose * DAY), now, suffix);
}

/** A summary reached the aandachtsfunctionaris: if nobody claims it in time, remind. */
export function claimReminder(summary: ChannelSummary, s: OrgSettings, now: Date): Deadline {
  const r = s.reminders;
  const due = summary.urgency === 'urgent' ? new Date(now.getTime() + r.urgentUnclaimedMinutes * MINUTE) : addWorkingMinutes(now, r.unclaimedWorkingHours * 60, r.workingHours);
  return deadline('claim-reminder', summary.caseId, due, now);
}

/**
 * What a turn's effects mean for the workflow: a new case gets a nudge, a closed one its retention
 * date, a decision to meld a reminder should the melding not follow within a working day (cancelled
 * once it is made), and the engine's follow-up its deadline.
 */
export function afterStep(effects: readonly Effect[], s: OrgSettings, now: Date): StoreAction[] {
  const out: StoreAction[] = [];
  for (const e of effects) {
    if (e.type === 'case.create') {
      out.push({ type: 'deadline.add', deadline: deadline('nudge', e.meta.id, new Date(now.getTime() + s.reminders.nudgeDays * DAY), now, '-1') });
    } else if (e.type === 'case.update' && (e.patch.status === 'gesloten' || e.patch.status === 'gestopt')) {
      out.push({ type: 'case.closed', caseId: e.caseId });
    } else if (e.type === 'case.update' && e.patch.status === 'besluit' && includesMelden(e.patch.outcome)) {
      // A melding should follow the decision within a working day (meldcode-facts Part 2 §2 follow-through).
      const wh = s.reminders.workingHours;
      out.push({ type: 'deadline.add', deadline: deadline('melding-reminder', e.caseId, addWorkingMinutes(now, workingDayMinutes(wh), wh), now) });
    } else if (e.type === 'case.update' && e.patch.status === 'melding-gedaan') {
      out.push({ type: 'deadline.cancel', caseId: e.caseId, kinds: ['melding-reminder'] });
    } else if (e.type === 'followup.schedule') {
      out.push({ type: 'deadline.add', deadline: followupDeadline(e, now) });
    }
  }
  return out;
}

/**
 * What a due deadline asks for, given the case as it is now. Whether it still matters (claimed?
 * closed? melding made?) is decided here, so a claimed or closed case simply stops producing reminders.
 */
export function onDue(d: Deadline, meta: CaseMeta, s: OrgSettings, now: Date): CaseAction[] {
  const note: CaseAction = { type: 'case.note', caseId: meta.id, kind: d.kind };
  const stillUnclaimed = meta.claimedBy === undefined && (meta.lead ?? 'nieuw') === 'nieuw' && meta.closedAt === undefined;
  const r = s.reminders;
  const unclaimedTerm = (): Date => (meta.urgency === 'urgent' ? new Date(now.getTime() + r.urgentUnclaimedMinutes * MINUTE) : addWorkingMinutes(now, r.unclaimedWorkingHours * 60, r.workingHours));
  switch (d.kind) {
    case 'claim-reminder':
      if (!stillUnclaimed) return [];
      return [note, { type: 'channel.post', summary: summaryOf(meta), reason: 'herinnering' }, { type: 'deadline.add', deadline: deadline('deputy-escalation', meta.id, unclaimedTerm(), now) }];
    case 'deputy-escalation': {
      if (!stillUnclaimed) return [];
      const params = { ref: meta.ref };
      const paramKeys = { urgency: meta.urgency === 'urgent' ? 'summary.urgent' : 'summary.normal' };
      return [
        note,
        ...(s.deputies.length === 0 ? [{ type: 'log', event: 'reminder.no-deputy', fields: { caseId: meta.id } } as const] : []),
        ...s.deputies.map((to): CaseAction => ({ type: 'user.tell', caseId: meta.id, to, lang: 'org', tone: 'warning', key: 'reminder.deputy', params, paramKeys, unreachable: 'reminder.deputy.unreachable' })),
      ];
    }
    case 'followup':
      if (meta.closedAt !== undefined) return [];
      return [note, { type: 'user.followup', to: meta.owner, summary: summaryOf(meta) }];
    case 'melding-reminder':
      if (meta.status !== 'besluit' || !includesMelden(meta.outcome) || meta.closedAt !== undefined) return [];
      return [note, { type: 'user.tell', caseId: meta.id, to: meta.owner, lang: 'user', tone: 'warning', key: 'reminder.melding', params: { ref: meta.ref }, unreachable: 'reminder.melding.unreachable' }];
    case 'nudge': {
      if (meta.status !== 'open') return [];
      const n = Number(/-(\d+)$/.exec(d.id)?.[1] ?? '1') + 1;
      return [
        note,
        { type: 'user.tell', caseId: meta.id, to: meta.owner, lang: 'user', tone: 'normal', key: 'reminder.nudge', params: { ref: meta.ref, step: meta.step } },
        { type: 'deadline.add', deadline: deadline('nudge', meta.id, new Date(now.getTime() + r.nudgeDays * DAY), now, `-${n}`) },
      ];
    }
    case 'retention': {
      if (meta.closedAt === undefined) return [];
      const closedAt = new Date(Date.parse(meta.closedAt));
      // The term was lengthened since: wait for the new date.
      if (closedAt.getTime() + s.retention.daysAfterClose * DAY > now.getTime()) return [{ type: 'deadline.add', deadline: retentionDeadline(meta.id, closedAt, s, now, `-${now.getTime().toString(36)}`) }];
      return [
        { type: 'case.delete', meta, reason: 'retention' },
        { type: 'log', event: 'case.deleted', fields: { reason: 'retention' } },
      ];
    }
  }
}
