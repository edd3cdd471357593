/**
 * Keeps costly compiled code from being thrown away between uses.
 *
 * V8 discards a regular expression's compiled code in a full garbage collection when the
 * expression did not run while that collection was marking (which, on a busy server, runs in
 * small steps over tens of milliseconds); the next use compiles it again. The PII detectors'
 * expressions (Unicode letter classes, some case-insensitive) take 10 to 40 ms of the event loop to
 * compile again, and under load full collections come every few seconds, so a free-text answer
 * after a collection held up every other user's turn for that long (the largest stalls in
 * `npm run bench`). Running the work when a full collection starts marking (and again when it
 * ends) means the expressions always ran during the marking, so their code is kept. One run costs
 * well under a millisecond.
 */
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { warmPii } from '../engine/pii-warm.js';

/** The kinds of `gc` performance entries that belong to a full collection: its incremental marking and its end. */
const FULL = new Set<number>([constants.NODE_PERFORMANCE_GC_INCREMENTAL, constants.NODE_PERFORMANCE_GC_MAJOR]);

/** Whether a `gc` performance entry reports (a step of) a full collection. */
export function isFullCollection(entry: PerformanceEntry): boolean {
  const kind = (entry as PerformanceEntry & { detail?: { kind?: number } | null }).detail?.kind;
  return kind !== undefined && FULL.has(kind);
}

/**
 * Runs `work` now and whenever a full garbage collection marks or ends (at most once per batch of
 * reports), until the returned stop is called. A failing `work` is ignored: it must never take the server down.
 */
export function onEveryFullCollection(work: () => unknown): () => void {
  const run = () => {
    try {
      work();
    } catch {
      // Only a warm-up: the next real use compiles what it needs.
    }
  };
  run();
  const observer = new PerformanceObserver((list) => {
    if (list.getEntries().some(isFullCollection)) run();
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}

/** The PII detectors' expressions, kept compiled while the server runs (see above); returns the stop. */
export function keepPiiDetectorsCompiled(): () => void {
  return onEveryFullCollection(warmPii);
}
