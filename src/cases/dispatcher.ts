/**
 * Delivers outward effects from the durable outbox: case summaries to the aandachtsfunctionaris
 * channel(s). An item is acknowledged only after delivery, so a crash or a missing channel never
 * loses a notice: it goes out on the next run (at start-up, after each turn, or when a channel is
 * registered).
 */
import type { ChannelSummary, Effect } from '../engine/types.js';
import type { OrgSettings } from '../org/settings.js';
import type { OutboxItem, Store } from '../store/store.js';
import { claimReminder, followupDeadline } from './workflow.js';

/** Somewhere a case summary can be posted (a Teams channel, the local web panel). */
export interface AfSink {
  readonly name: string;
  /** Whether this sink can deliver now (e.g. a Teams channel has been registered). */
  ready(): Promise<boolean>;
  post(summary: ChannelSummary, reason: Extract<Effect, { type: 'af.post' }>['reason']): Promise<void>;
}

/** What the dispatcher needs to plan the claim reminder of a delivered summary (workflow.ts). */
export interface ReminderPlan {
  settings: () => OrgSettings;
  clock: () => Date;
}

/**
 * How long a leased outbox item is reserved for the dispatcher that took it ({@link Store.leasePending}).
 * Longer than any delivery takes; if the instance dies meanwhile, another one delivers it after this.
 */
export const OUTBOX_LEASE_MS = 5 * 60_000;

export interface DispatcherLog {
  warn(event: string, fields: Record<string, unknown>): void;
}

export class Dispatcher {
  private running: Promise<void> | undefined;
  private again = false;

  /**
   * `plan`: when given, a summary that reached a channel gets its claim reminder (a deadline in the
   * store, fired by the scheduler); without it (tests of delivery alone) no reminder is planned.
   */
  constructor(
    private readonly store: Store,
    private readonly sinks: readonly AfSink[],
    private readonly log: DispatcherLog = { warn: () => undefined },
    private readonly plan?: ReminderPlan,
  ) {}

  /** Whether at least one aandachtsfunctionaris channel can receive posts now. */
  async hasChannel(): Promise<boolean> {
    for (const s of this.sinks) if (await s.ready()) return true;
    return false;
  }

  /**
   * Runs delivery once the current turn of the event loop is done: a chat turn that queued a
   * notice calls this, so its own answer goes out before the delivery work starts.
   */
  soon(onError: (err: unknown) => void): void {
    setImmediate(() => {
      this.run().catch(onError);
    });
  }

  /** Runs delivery; concurrent calls coalesce into one extra pass. Resolves when the outbox is processed. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const ready: AfSink[] = [];
    for (const s of this.sinks) if (await s.ready()) ready.push(s);
    // A store shared by several instances leases the items, so no other dispatcher delivers them too.
    const items = await this.store.leasePending(OUTBOX_LEASE_MS);
    for (const item of items) {
      const effect = item.payload as Effect;
      if (effect.type === 'af.post' && ready.length > 0) {
        const ok = await this.deliver(item, effect, ready);
        if (ok) {
          await this.store.ack(item.id);
          await this.posted(effect.summary);
        }
      } else if (effect.type === 'case.urgent') {
        // Queued only by earlier versions: the urgent escalation is the urgent af.post queued with it.
        await this.store.ack(item.id);
      } else if (effect.type === 'followup.schedule') {
        // Queued only by earlier versions (the turn runner now records the follow-up as a deadline): record it so.
        await this.store.addDeadline(followupDeadline(effect, this.plan?.clock() ?? new Date()));
        await this.store.ack(item.id);
      } else {
        // Kept (e.g. until a channel exists): hand it back at once, so whichever instance can
        // deliver it first does, rather than after the lease runs out. Enqueueing clears the lease.
        await this.store.enqueue(item);
      }
    }
  }

  /** A summary reached the aandachtsfunctionaris: if nobody claims it in time, remind (once per case: the id is the case's). */
  private async posted(summary: ChannelSummary): Promise<void> {
    if (this.plan) await this.store.addDeadline(claimReminder(summary, this.plan.settings(), this.plan.clock()));
  }

  private async deliver(item: OutboxItem, effect: Extract<Effect, { type: 'af.post' }>, sinks: AfSink[]): Promise<boolean> {
    let delivered = false;
    for (const sink of sinks) {
      try {
        await sink.post(effect.summary, effect.reason);
        delivered = true;
      } catch (err) {
        this.log.warn('af.post.failed', { sink: sink.name, item: item.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    if (!delivered) await this.store.enqueue({ ...item, attempts: item.attempts + 1 });
    return delivered;
  }
}
