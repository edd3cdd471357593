/**
 * The checks every channel makes on what comes in, before a turn runs: is this a retry or replay of
 * a request already handled, is the sender's organisation on the allow-list, and is the sender
 * within their rate. Channels apply them where they apply; the platform-specific part (which field
 * holds the tenant, which id a retry repeats) stays with the channel.
 */

/**
 * Recently handled request ids (bounded), to recognise a platform retry or a replayed request in
 * this process. Dialogue turns are also recognised across restarts and instances, by the id the
 * turn keeps with the user's state.
 */
export class RecentRequests {
  private readonly seen = new Set<string>();

  constructor(private readonly max = 10_000) {}

  /** True the first time an id is offered; false for a repeat. An undefined id is always new. */
  first(id: string | undefined): boolean {
    if (id === undefined) return true;
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.max) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}

/** An allow-list of organisations (tenants, workspaces): empty allows any; otherwise only those listed. */
export function allowedBy(list: ReadonlySet<string>, id: string | undefined): boolean {
  return list.size === 0 || (id !== undefined && list.has(id));
}

/**
 * Turns per user per minute (also the burst), as a token bucket refilled continuously; 0 = no limit.
 * A flood gets a friendly message instead of a turn.
 */
export class RateLimiter {
  /** Per user: tokens left and when they were counted. */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  allow(userKey: string): boolean {
    if (this.perMinute === 0) return true;
    const now = this.clock();
    const b = this.buckets.get(userKey) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + ((now - b.at) / 60_000) * this.perMinute);
    b.at = now;
    this.buckets.set(userKey, b);
    if (this.buckets.size > 50_000) this.buckets.delete(this.buckets.keys().next().value as string);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
