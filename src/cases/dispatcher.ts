/**
 * Delivers outward effects from the durable outbox: case summaries to the aandachtsfunctionaris
 * channel(s). An item is acknowledged only once every channel it is owed to has it, so a crash or a
 * missing channel never loses a notice: it goes out on the next run (at start-up, after each turn,
 * when a channel is registered, or when a retry comes due). A failed post is classified
 * (delivery.ts): retried after the platform's Retry-After or a back-off, or given up on as a dead
 * letter (deadLetters.ts) that is reported to the leads by another path, never retried silently.
 */
import type { ChannelSummary, Effect } from '../engine/types.js';
import type { OrgSettings } from '../org/settings.js';
import type { OutboxItem, Store } from '../store/store.js';
import { addDeadLetter, revived, takeRestorable, type DeadLetter } from './deadLetters.js';
import { asDeliveryError, BACKOFF, retryAt, type DeliveryError } from './delivery.js';
import { claimReminder, followupDeadline } from './workflow.js';

type AfPost = Extract<Effect, { type: 'af.post' }>;
type SinkState = NonNullable<OutboxItem['sinks']>[string];

/** Somewhere a case summary can be posted (a Teams channel, the local web panel). */
export interface AfSink {
  readonly name: string;
  /** Whether this sink can deliver now (e.g. a Teams channel has been registered). */
  ready(): Promise<boolean>;
  /**
   * Posts the summary; a failure is thrown, preferably as a classified DeliveryError (delivery.ts).
   * `item` is the outbox item's id, for a sink that marks its posts with it (see `confirm`).
   */
  post(summary: ChannelSummary, reason: AfPost['reason'], item: { id: string }): Promise<void>;
  /**
   * After an ambiguous failure (the post may have been made): whether it was, looking for the item's
   * marker on the platform; found, the sink records the post as its own and true is returned. A sink
   * that cannot tell leaves this out: its ambiguous failures are reported as unsure, never re-posted.
   */
  confirm?(summary: ChannelSummary, reason: AfPost['reason'], item: { id: string }): Promise<boolean>;
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
  /** One line per event; its level comes from the event (log-codes.ts). */
  warn(event: string, fields: Record<string, unknown>): void;
}

/** What the dispatcher needs besides the store and the sinks (all optional: tests of delivery alone). */
export interface DispatcherOptions {
  /** Now (a fake clock in tests): retry times are reckoned with it. */
  clock?: () => Date;
  /** Tells the people concerned about a dead letter (their personal chat, the web panel); errors are logged, never thrown. */
  report?: (letter: DeadLetter) => Promise<void>;
  /** Tells them once that a post keeps failing for a passing reason and is still being tried (BACKOFF.reportAfter). */
  reportDelayed?: (delayed: { sink: string; payload: unknown; attempts: number }) => Promise<void>;
}

/** The longest a wake-up timer is set for (setTimeout's own limit is about 24.8 days). */
const MAX_WAKE_MS = 24 * 3_600_000;

const finished = (s: SinkState | undefined): boolean => s?.delivered === true || s?.last === 'dead';

export class Dispatcher {
  private running: Promise<void> | undefined;
  private again = false;
  private wake: { at: number; timer: NodeJS.Timeout } | undefined;
  private stopped = false;

  /**
   * `plan`: when given, a summary that reached a channel gets its claim reminder (a deadline in the
   * store, fired by the scheduler); without it (tests of delivery alone) no reminder is planned.
   */
  constructor(
    private readonly store: Store,
    private readonly sinks: readonly AfSink[],
    private readonly log: DispatcherLog = { warn: () => undefined },
    private readonly plan?: ReminderPlan,
    private readonly opts: DispatcherOptions = {},
  ) {}

  private now(): Date {
    return this.opts.clock?.() ?? this.plan?.clock() ?? new Date();
  }

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

  /** Ends the wake-up timer (at shutdown): later runs still deliver, but nothing wakes by itself. */
  stop(): void {
    this.stopped = true;
    if (this.wake) clearTimeout(this.wake.timer);
    this.wake = undefined;
  }

  /**
   * A channel was registered (again): the dead letters it can now take go back into the outbox, owed
   * to it only. Resolves with how many; the caller then runs delivery.
   */
  async restore(sinkName: string): Promise<number> {
    const letters = await takeRestorable(this.store, sinkName);
    if (letters.length === 0) return 0;
    const pending = new Map((await this.store.pending()).map((i) => [i.id, i]));
    const others = this.sinks.map((s) => s.name).filter((n) => n !== sinkName);
    for (const letter of letters) await this.store.enqueue(revived(letter, others, pending.get(letter.id)));
    this.log.warn('af.post.restored', { sink: sinkName, count: letters.length });
    return letters.length;
  }

  private async pass(): Promise<void> {
    const ready: AfSink[] = [];
    for (const s of this.sinks) if (await s.ready()) ready.push(s);
    const now = this.now();
    let wakeAt: number | undefined;
    const later = (at: number | undefined) => {
      if (at !== undefined && (wakeAt === undefined || at < wakeAt)) wakeAt = at;
    };
    // A store shared by several instances leases the items, so no other dispatcher delivers them too.
    const items = await this.store.leasePending(OUTBOX_LEASE_MS);
    for (const item of items) {
      const effect = item.payload as Effect;
      const notBefore = item.notBefore ? Date.parse(item.notBefore) : NaN;
      if (effect.type === 'af.post' && notBefore > now.getTime()) {
        // Not yet: hand it back (ending the lease) and wake when it comes due.
        await this.store.enqueue(item);
        later(notBefore);
      } else if (effect.type === 'af.post' && ready.length > 0) {
        later(await this.deliver(item, effect, ready, now));
      } else if (effect.type === 'case.urgent') {
        // Queued only by earlier versions: the urgent escalation is the urgent af.post queued with it.
        await this.store.ack(item.id);
      } else if (effect.type === 'followup.schedule') {
        // Queued only by earlier versions (the turn runner now records the follow-up as a deadline): record it so.
        await this.store.addDeadline(followupDeadline(effect, now));
        await this.store.ack(item.id);
      } else {
        // Kept (e.g. until a channel exists): hand it back at once, so whichever instance can
        // deliver it first does, rather than after the lease runs out. Enqueueing clears the lease.
        await this.store.enqueue(item);
      }
    }
    if (wakeAt !== undefined) this.wakeAt(wakeAt);
  }

  /** One timer for the earliest retry due; a run it starts sets the next. Unref'd: it never keeps the process alive. */
  private wakeAt(at: number): void {
    if (this.stopped || (this.wake && this.wake.at <= at)) return;
    if (this.wake) clearTimeout(this.wake.timer);
    const delay = Math.min(MAX_WAKE_MS, Math.max(0, at - this.now().getTime()));
    const timer = setTimeout(() => {
      this.wake = undefined;
      this.run().catch((err: unknown) => this.log.warn('dispatch.failed', { error: err instanceof Error ? err.name : typeof err }));
    }, delay);
    timer.unref();
    this.wake = { at, timer };
  }

  /** A summary reached the aandachtsfunctionaris: if nobody claims it in time, remind (once per case: the id is the case's). */
  private async posted(summary: ChannelSummary): Promise<void> {
    if (this.plan) await this.store.addDeadline(claimReminder(summary, this.plan.settings(), this.plan.clock()));
  }

  /**
   * Posts the item to each ready sink that does not have it yet. Acknowledges it once no sink is owed
   * it any more (each has it, or gave it up as a dead letter); else keeps it with each sink's state and
   * the time of the next attempt, which it returns.
   */
  private async deliver(item: OutboxItem, effect: AfPost, ready: AfSink[], now: Date): Promise<number | undefined> {
    const state: Record<string, SinkState> = { ...item.sinks };
    let next: number | undefined;
    let failed = false;
    let reached = false;
    for (const sink of ready.filter((s) => !finished(state[s.name]))) {
      const before = state[sink.name] ?? { attempts: 0 };
      // After an ambiguous failure the sink looks for the earlier post first, until it has looked once.
      const look = before.last === 'ambiguous' ? sink.confirm?.bind(sink) : undefined;
      const checking = look !== undefined;
      try {
        const confirmed = look ? await look(effect.summary, effect.reason, { id: item.id }) : false;
        if (confirmed) this.log.warn('af.post.confirmed', { sink: sink.name, item: item.id, attempts: before.attempts });
        else await sink.post(effect.summary, effect.reason, { id: item.id });
        state[sink.name] = { delivered: true, attempts: before.attempts };
        reached = true;
      } catch (err) {
        failed = true;
        const failure = asDeliveryError(err);
        const attempts = before.attempts + 1;
        // An ambiguous failure where the sink cannot look for its post: posting again could show the card twice.
        if (failure.kind === 'permanent' || (failure.kind === 'ambiguous' && !sink.confirm)) {
          state[sink.name] = { attempts, last: 'dead' };
          await this.giveUp(item, sink.name, failure, attempts, now);
        } else {
          const at = retryAt(failure, attempts, now).getTime();
          // A failure while looking for the earlier post (or while posting after a failed look) leaves it unsure: look again next time.
          state[sink.name] = { attempts, last: checking ? 'ambiguous' : failure.kind };
          if (next === undefined || at < next) next = at;
          this.log.warn('af.post.retry', { ...this.fields(item, sink.name, failure, attempts), ms: at - now.getTime() });
          if (attempts === BACKOFF.reportAfter) await this.tell(() => this.opts.reportDelayed?.({ sink: sink.name, payload: item.payload, attempts }), sink.name, item.id);
        }
      }
    }
    if (reached) await this.posted(effect.summary);
    const owed = this.sinks.some((s) => state[s.name] !== undefined && !finished(state[s.name]));
    if (!owed) {
      await this.store.ack(item.id);
      return undefined;
    }
    const { notBefore: _done, ...rest } = item;
    await this.store.enqueue({ ...rest, attempts: item.attempts + (failed ? 1 : 0), sinks: state, ...(next !== undefined ? { notBefore: new Date(next).toISOString() } : {}) });
    return next;
  }

  private fields(item: OutboxItem, sink: string, failure: DeliveryError, attempts: number): Record<string, unknown> {
    return { sink, item: item.id, reason: failure.reason, kind: failure.kind, status: failure.status, code: failure.platformCode, attempts };
  }

  private async giveUp(item: OutboxItem, sink: string, failure: DeliveryError, attempts: number, now: Date): Promise<void> {
    const letter: DeadLetter = {
      id: item.id,
      kind: item.kind,
      sink,
      reason: failure.reason,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
      attempts,
      createdAt: item.createdAt,
      deadAt: now.toISOString(),
      payload: item.payload,
    };
    await addDeadLetter(this.store, letter);
    this.log.warn('af.post.dead', this.fields(item, sink, failure, attempts));
    await this.tell(() => this.opts.report?.(letter), sink, item.id);
  }

  /** A report to the people concerned: its failure is logged, and never stops delivery. */
  private async tell(report: () => Promise<void> | undefined, sink: string, item: string): Promise<void> {
    try {
      await report();
    } catch (err) {
      this.log.warn('af.post.reportFailed', { sink, item, error: err instanceof Error ? err.name : typeof err });
    }
  }
}
