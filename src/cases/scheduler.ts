/**
 * Reminders, escalation, follow-ups, nudges and retention, as deadlines in the store. A deadline is
 * fired by marking it in the store first (compare-and-set), so each fires exactly once, also when
 * several fell due while the process was down. Whether it still matters (claimed? closed?) is
 * checked when it fires, so a claimed or closed case simply stops producing reminders.
 */
import type { Lang } from '../domain/types.js';
import type { ChannelSummary, Effect, Input, Prompt } from '../engine/types.js';
import type { Translator } from '../i18n/index.js';
import type { Logger } from '../log.js';
import type { OrgSettings, WorkingHours } from '../org/settings.js';
import { addWorkingMinutes } from '../org/workingTime.js';
import { includesMelden } from '../domain/advice.js';
import type { OutboxItem, Store } from '../store/store.js';
import { summaryOf } from './channelView.js';
import { deleteWithAudit } from './deletion.js';
import type { Deadline, DeadlineKind, CaseMeta } from './types.js';
import type { Notifier } from './notify.js';

export interface SchedulerDeps {
  store: Store;
  settings: () => OrgSettings;
  clock: () => Date;
  /** Runs a turn for a user (the follow-up question); the app's turn runner. */
  turns: { handle(userKey: string, input: Input): Promise<{ prompts: Prompt[]; lang: Lang }> };
  notifier: Notifier;
  translator: Translator;
  orgLang: Lang;
  /** Queues a channel post (reminder) and delivers it. */
  post(summary: ChannelSummary, reason: 'herinnering'): Promise<void>;
  log: Logger;
}

const SYSTEM = 'system';
const MINUTE = 60_000;

/** The length of one working day in minutes, from the organisation's working hours. */
function workingDayMinutes(wh: WorkingHours): number {
  return (wh.end - wh.start) * 60;
}


export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(private readonly deps: SchedulerDeps) {}

  private now(): Date {
    return this.deps.clock();
  }

  private async add(kind: DeadlineKind, caseId: string, dueAt: Date, suffix = ''): Promise<void> {
    const id = `${kind}-${caseId}${suffix}`.slice(0, 64);
    await this.deps.store.addDeadline({ id, caseId, kind, dueAt: dueAt.toISOString(), createdAt: this.now().toISOString() });
  }

  /** After each turn: new cases get a nudge, closed ones their retention date. */
  async afterTurn(effects: readonly Effect[]): Promise<void> {
    const s = this.deps.settings();
    for (const e of effects) {
      if (e.type === 'case.create') {
        await this.add('nudge', e.meta.id, new Date(this.now().getTime() + s.reminders.nudgeDays * 1440 * MINUTE), '-1');
      } else if (e.type === 'case.update' && (e.patch.status === 'gesloten' || e.patch.status === 'gestopt')) {
        await this.closed(e.caseId);
      } else if (e.type === 'case.update' && e.patch.status === 'besluit' && includesMelden(e.patch.outcome)) {
        // A melding should follow the decision within a working day (meldcode-facts Part 2 §2 follow-through).
        await this.add('melding-reminder', e.caseId, addWorkingMinutes(this.now(), workingDayMinutes(s.reminders.workingHours), s.reminders.workingHours));
      } else if (e.type === 'case.update' && e.patch.status === 'melding-gedaan') {
        await this.deps.store.cancelDeadlines(e.caseId, ['melding-reminder'], this.now().toISOString());
      }
    }
  }

  /** Outward effects from the outbox that concern the scheduler. */
  async onOutbox(item: OutboxItem): Promise<void> {
    const e = item.payload as Effect;
    if (e.type === 'followup.schedule') await this.add('followup', e.caseId, new Date(e.dueAt), `-${Date.parse(e.dueAt).toString(36)}`);
  }

  /** A summary reached the aandachtsfunctionaris: if nobody claims it in time, remind. */
  async posted(summary: ChannelSummary): Promise<void> {
    const r = this.deps.settings().reminders;
    const due =
      summary.urgency === 'urgent'
        ? new Date(this.now().getTime() + r.urgentUnclaimedMinutes * MINUTE)
        : addWorkingMinutes(this.now(), r.unclaimedWorkingHours * 60, r.workingHours);
    await this.add('claim-reminder', summary.caseId, due);
  }

  /** The case is closed now: mark it and start the retention clock. */
  async closed(caseId: string): Promise<void> {
    const at = this.now();
    const { meta } = await this.deps.store.modifyCaseMeta(caseId, (m) => (m.closedAt ? undefined : { closedAt: at.toISOString() }));
    const closedAt = new Date(meta.closedAt ?? at.toISOString());
    await this.add('retention', caseId, new Date(closedAt.getTime() + this.deps.settings().retention.daysAfterClose * 1440 * MINUTE));
  }

  /** Fires every deadline that is due. Concurrent calls share one pass. */
  tick(): Promise<void> {
    this.ticking ??= this.pass().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  start(intervalMs = 60_000): void {
    this.timer = setInterval(() => {
      this.tick().catch((err: unknown) => this.deps.log('scheduler.failed', { error: err instanceof Error ? err.message : String(err) }));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
  }

  private async pass(): Promise<void> {
    const now = this.now();
    for (const d of await this.deps.store.pendingDeadlines()) {
      if (Date.parse(d.dueAt) > now.getTime()) break;
      // Marked first: a crash after this point skips the reminder rather than sending it twice.
      if (!(await this.deps.store.fireDeadline(d.id, now.toISOString()))) continue;
      try {
        await this.fire(d, now);
      } catch (err) {
        this.deps.log('deadline.failed', { kind: d.kind, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  private async fire(d: Deadline, now: Date): Promise<void> {
    const { store } = this.deps;
    const meta = (await store.getCase(d.caseId))?.meta;
    if (!meta) return; // deleted meanwhile
    const s = this.deps.settings();
    const t = (lang: Lang, key: string, params?: Record<string, unknown>) => this.deps.translator.t(lang, key, params);
    const note = async (kind: string) => store.appendLog(meta.id, [{ at: now.toISOString(), actor: SYSTEM, type: 'reminder', data: { kind } }]);
    const stillUnclaimed = meta.claimedBy === undefined && (meta.lead ?? 'nieuw') === 'nieuw' && meta.closedAt === undefined;

    switch (d.kind) {
      case 'claim-reminder': {
        if (!stillUnclaimed) return;
        await note('claim-reminder');
        await this.deps.post(summaryOf(meta), 'herinnering');
        const r = s.reminders;
        const next = meta.urgency === 'urgent' ? new Date(now.getTime() + r.urgentUnclaimedMinutes * MINUTE) : addWorkingMinutes(now, r.unclaimedWorkingHours * 60, r.workingHours);
        await this.add('deputy-escalation', meta.id, next);
        return;
      }
      case 'deputy-escalation': {
        if (!stillUnclaimed) return;
        await note('deputy-escalation');
        const urgency = t(this.deps.orgLang, meta.urgency === 'urgent' ? 'summary.urgent' : 'summary.normal');
        if (s.deputies.length === 0) this.deps.log('reminder.no-deputy', { caseId: meta.id });
        for (const deputy of s.deputies) {
          const ok = await this.deps.notifier.send(deputy, [{ kind: 'info', tone: 'warning', text: t(this.deps.orgLang, 'reminder.deputy', { ref: meta.ref, urgency }) }], this.deps.orgLang);
          if (!ok) this.deps.log('reminder.deputy.unreachable', { caseId: meta.id });
        }
        return;
      }
      case 'followup': {
        if (meta.closedAt !== undefined) return;
        await note('followup');
        const result = await this.deps.turns.handle(meta.owner, { type: 'followup', summary: summaryOf(meta) });
        await this.deps.notifier.send(meta.owner, result.prompts, result.lang);
        return;
      }
      case 'melding-reminder': {
        if (meta.status !== 'besluit' || !includesMelden(meta.outcome) || meta.closedAt !== undefined) return;
        await note('melding-reminder');
        const lang = (await store.loadUser<{ lang?: Lang }>(meta.owner))?.lang ?? this.deps.orgLang;
        const ok = await this.deps.notifier.send(meta.owner, [{ kind: 'info', tone: 'warning', text: t(lang, 'reminder.melding', { ref: meta.ref }) }], lang);
        if (!ok) this.deps.log('reminder.melding.unreachable', { caseId: meta.id });
        return;
      }
      case 'nudge': {
        if (meta.status !== 'open') return;
        await note('nudge');
        const lang = (await store.loadUser<{ lang?: Lang }>(meta.owner))?.lang ?? this.deps.orgLang;
        await this.deps.notifier.send(meta.owner, [{ kind: 'info', tone: 'normal', text: t(lang, 'reminder.nudge', { ref: meta.ref, step: meta.step }) }], lang);
        const n = Number(/-(\d+)$/.exec(d.id)?.[1] ?? '1') + 1;
        await this.add('nudge', meta.id, new Date(now.getTime() + s.reminders.nudgeDays * 1440 * MINUTE), `-${n}`);
        return;
      }
      case 'retention': {
        if (meta.closedAt === undefined) return;
        if (Date.parse(meta.closedAt) + s.retention.daysAfterClose * 1440 * MINUTE > now.getTime()) {
          // The term was lengthened since: wait for the new date.
          return void (await this.add('retention', meta.id, new Date(Date.parse(meta.closedAt) + s.retention.daysAfterClose * 1440 * MINUTE), `-${now.getTime().toString(36)}`));
        }
        await deleteWithAudit(store, meta, 'retention', SYSTEM, now);
        this.deps.log('case.deleted', { reason: 'retention' });
        return;
      }
    }
  }
}
