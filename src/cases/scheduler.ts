/**
 * Fires deadlines. Deadlines live in the store (reminders, escalation, follow-ups, nudges,
 * retention: planned by the workflow in workflow.ts, recorded by whoever applies it). A deadline is
 * fired by marking it in the store first (compare-and-set), so each fires exactly once, also when
 * several fell due while the process was down; then the `due` function given at construction acts
 * on it (the app's deadline actions). The scheduler itself decides nothing about cases.
 */
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { Deadline } from './types.js';

export interface SchedulerDeps {
  store: Store;
  clock: () => Date;
  /** Acts on a deadline that is due (already marked fired). A failure is logged; the deadline stays fired. */
  due(deadline: Deadline, now: Date): Promise<void>;
  log: Logger;
}

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(private readonly deps: SchedulerDeps) {}

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
    const now = this.deps.clock();
    for (const d of await this.deps.store.pendingDeadlines(now.toISOString())) {
      if (Date.parse(d.dueAt) > now.getTime()) break;
      // Marked first: a crash after this point skips the reminder rather than sending it twice.
      if (!(await this.deps.store.fireDeadline(d.id, now.toISOString()))) continue;
      try {
        await this.deps.due(d, now);
      } catch (err) {
        this.deps.log('deadline.failed', { kind: d.kind, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
}
