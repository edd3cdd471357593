/**
 * The PII detectors kept compiled: the warm-up sentence runs every regular expression the detectors
 * use on the labelled corpus, and the warm-up runs again after every full garbage collection.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from '@jest/globals';
import { onEveryFullCollection, isFullCollection } from '../../src/app/keepCompiled.js';
import { findPii } from '../../src/engine/pii.js';
import { PII_WARM_SAMPLE, warmPii } from '../../src/engine/pii-warm.js';
import { CORPORA, PROBE_CORPUS, loadCorpus } from '../helpers/piiCorpus.js';

/** The regular expressions (source and flags) `fn` runs: every use (test, match, replace, split, matchAll) passes exec. */
function expressionsUsedBy(fn: () => void): Set<string> {
  const used = new Set<string>();
  const exec = RegExp.prototype.exec;
  RegExp.prototype.exec = function (this: RegExp, s: string) {
    used.add(`/${this.source}/${this.flags}`);
    return exec.call(this, s);
  };
  try {
    fn();
  } finally {
    RegExp.prototype.exec = exec;
  }
  return used;
}

/** A full collection on demand: V8's gc() made available to this test alone. */
function fullCollection(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Resolves at the next full collection reported to a fresh observer (after `trigger`). The report
 * comes on a later turn of the event loop; a short timer keeps the loop turning meanwhile (an idle
 * loop would deliver it only at its next wake-up).
 */
function nextFullCollectionSeen(trigger: () => void): Promise<void> {
  return new Promise((resolve) => {
    const turning = setInterval(() => undefined, 5);
    const observer = new PerformanceObserver((list) => {
      if (list.getEntries().some(isFullCollection)) {
        clearInterval(turning);
        observer.disconnect();
        resolve();
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    trigger();
  });
}

describe('the PII warm-up', () => {
  const stops: Array<() => void> = [];
  afterAll(() => stops.forEach((stop) => stop()));

  it('runs every regular expression the detectors use on the labelled corpora', () => {
    const texts = [...Object.values(CORPORA), PROBE_CORPUS].flatMap((file) => loadCorpus(file).map((s) => s.text));

    const byCorpus = expressionsUsedBy(() => texts.forEach((t) => findPii(t)));
    const byWarmUp = expressionsUsedBy(() => warmPii());

    expect(byCorpus.size).toBeGreaterThan(20);
    expect([...byCorpus].filter((x) => !byWarmUp.has(x))).toEqual([]);
  });

  it('finds something of every kind in its sentence, so no detector stops early on it', () => {
    const kinds = new Set(findPii(PII_WARM_SAMPLE).map((h) => h.kind));

    expect([...kinds].sort()).toEqual(['bsn', 'email', 'geboortedatum', 'leerlingnummer', 'naam', 'postcode-huisnummer', 'sociale-media', 'telefoon']);
  });

  it('runs the work at once and again after every full garbage collection, until stopped', async () => {
    let runs = 0;
    const stop = onEveryFullCollection(() => {
      runs += 1;
    });
    stops.push(stop);
    expect(runs).toBe(1);

    // Both observers hear of the same collection in the same delivery.
    await nextFullCollectionSeen(fullCollection);
    expect(runs).toBe(2);
    await nextFullCollectionSeen(fullCollection);
    expect(runs).toBe(3);

    stop();
    await nextFullCollectionSeen(fullCollection);
    expect(runs).toBe(3);
  });

  it('counts a full collection\'s incremental marking and its end, not a young-generation collection', () => {
    const entry = (kind: number) => ({ entryType: 'gc', detail: { kind } }) as unknown as PerformanceEntry;

    expect(isFullCollection(entry(constants.NODE_PERFORMANCE_GC_INCREMENTAL))).toBe(true);
    expect(isFullCollection(entry(constants.NODE_PERFORMANCE_GC_MAJOR))).toBe(true);
    expect(isFullCollection(entry(constants.NODE_PERFORMANCE_GC_MINOR))).toBe(false);
    expect(isFullCollection(entry(constants.NODE_PERFORMANCE_GC_WEAKCB))).toBe(false);
  });

  it('goes on when the work throws', async () => {
    let runs = 0;
    const stop = onEveryFullCollection(() => {
      runs += 1;
      throw new Error('boom');
    });
    stops.push(stop);

    await nextFullCollectionSeen(fullCollection);
    await nextFullCollectionSeen(fullCollection);

    expect(runs).toBe(3);
  });
});
