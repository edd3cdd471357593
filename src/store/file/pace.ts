/**
 * Long scans of the data folder (the catalog's, the check against the anchor) run beside turns in a
 * serving process: they hand the event loop back every few milliseconds of work, so a turn that
 * arrives meanwhile waits at most about one slice, however many files there are.
 */

import { StoreError } from '../store.js';

/** Work per slice before the event loop gets a turn (ms): small beside a Slack ack's 25 ms at the 99th percentile. */
export const SLICE_MS = 3;

export class Pace {
  #since = performance.now();
  readonly #stopped: () => boolean;

  /** `stopped`: whether the store is closing, which ends the scan (it throws `CLOSED` at its next pause). */
  constructor(stopped: () => boolean = () => false) {
    this.#stopped = stopped;
  }

  /** Resolves on a later event-loop turn when this slice is used up; else at once. Throws `CLOSED` once the store is closing. */
  async pause(): Promise<void> {
    if (this.#stopped()) throw new StoreError('CLOSED', 'The store was closed during a scan of its data folder.');
    if (performance.now() - this.#since < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.#since = performance.now();
  }
}
