/**
 * Think time: how long a simulated user waits between getting an answer and sending the next
 * turn, as a person reads a card before clicking. Times are drawn uniformly from half to one and
 * a half times the mean, from a seeded generator, so two runs (and the echo bot's run next to
 * ours) get the same sequence of pauses. A mean of 0 sends the next turn at once: a saturating
 * load, where latency measures queueing behind the other users rather than the service itself.
 */

/** The next pause in milliseconds; the first call gives the user's start, spread over one mean think time, as people do not all click at the same instant. */
export type Think = () => number;

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pauses of `meanMs` on average (0: none), reproducible for a given `seed`. */
export function thinkTimes(meanMs: number, seed: number): Think {
  if (meanMs <= 0) return () => 0;
  const next = generator(seed);
  let started = false;
  return () => {
    if (started) return meanMs * (0.5 + next());
    started = true;
    return meanMs * next();
  };
}

export function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
