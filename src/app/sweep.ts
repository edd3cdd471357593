/**
 * The integrity sweep: the full check of the data (Store.sweep: with the file store every case and
 * deadline file, and that every file the data folder recorded is there) runs in the background once
 * the server listens, instead of before it, so start-up does not grow with the number of stored
 * cases. Until a file is reached it is still checked whenever a turn reads it, so nothing damaged is
 * ever accepted or overwritten in the meantime.
 *
 * A damaged, undecryptable, rolled back or missing file is loud: an error line per file
 * (`store.damaged`, with its path in the data folder and the reason code, never its content), and
 * when the sweep is done one notice naming them to every aandachtsfunctionaris, deputy and beheerder
 * (alerts.ts). Each file is reported once per process; the file is left as it is, and everything
 * else keeps working (a turn that needs it gets the store's clear message).
 */
import type { Logger } from '../log.js';
import type { DamagedFile, Store } from '../store/store.js';
import type { Alerts } from './alerts.js';

/** An error as a code for the log: the store's code (`IO`, `CLOSED`), else the error's class. */
const errorCode = (err: unknown): string => (err instanceof Error ? ((err as { code?: unknown }).code === undefined ? err.name : String((err as { code?: unknown }).code)) : typeof err);

export interface SweepDeps {
  store: Store;
  alerts: Pick<Alerts, 'damagedFiles'>;
  log: Logger;
}

export class IntegritySweep {
  readonly #deps: SweepDeps;
  readonly #found = new Map<string, DamagedFile>();
  #finished: Promise<void> | undefined;

  constructor(deps: SweepDeps) {
    this.#deps = deps;
  }

  /** Starts the sweep (once; later calls return the same run). Never rejects: a failure is logged. */
  start(): Promise<void> {
    this.#finished ??= this.#run();
    return this.#finished;
  }

  /** Resolves when the sweep and its notice are done (at once when it was never started). */
  get finished(): Promise<void> {
    return this.#finished ?? Promise.resolve();
  }

  /** The files found damaged so far, each once. */
  get damaged(): readonly DamagedFile[] {
    return [...this.#found.values()];
  }

  async #run(): Promise<void> {
    const { store, alerts, log } = this.#deps;
    const t0 = performance.now();
    const fresh: DamagedFile[] = [];
    try {
      await store.sweep((damage) => {
        if (this.#found.has(damage.file)) return;
        this.#found.set(damage.file, damage);
        fresh.push(damage);
        log('store.damaged', { file: damage.file, reason: damage.reason });
      });
      log('store.sweep.done', { files: this.#found.size, ms: Math.round(performance.now() - t0) });
    } catch (err) {
      // The store was closed under it (the server is stopping): not a failure; the next start sweeps again.
      if (errorCode(err) === 'CLOSED') {
        log('store.sweep.stopped', { files: this.#found.size, ms: Math.round(performance.now() - t0) });
        return;
      }
      log('store.sweep.failed', { error: errorCode(err) });
    }
    if (fresh.length === 0) return;
    try {
      await alerts.damagedFiles(fresh);
    } catch (err) {
      log('store.damage.reportFailed', { error: errorCode(err) });
    }
  }
}
