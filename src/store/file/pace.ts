/**
 * Long scans of the data folder (the catalog's, the check against the anchor) run beside turns in a
 * serving process: they hand the event loop back every few milliseconds of work, so a turn that
 * arrives meanwhile waits at most about one slice, however many files there are.
 */

/** Work per slice before the event loop gets a turn (ms). */
export const SLICE_MS = 10;

export class Pace {
  #since = performance.now();

  /** Resolves on a later event-loop turn when this slice is used up; else at once. */
  async pause(): Promise<void> {
    if (performance.now() - this.#since < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.#since = performance.now();
  }
}
