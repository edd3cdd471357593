/** The name check measured on the labelled corpus: a regression in recall or precision fails the suite. */
import { describe, expect, it } from '@jest/globals';
import { CORPORA, loadCorpus, scoreCorpus } from '../helpers/piiCorpus.js';

const SETS = Object.entries(CORPORA);

describe('findPii on the labelled corpus', () => {
  it.each(SETS)('the %s set is about half identifying and half ordinary sentences', (_name, file) => {
    const corpus = loadCorpus(file);

    const identifying = corpus.filter((s) => s.identifying).length;

    expect(identifying).toBeGreaterThanOrEqual(30);
    expect(Math.abs(identifying * 2 - corpus.length)).toBeLessThanOrEqual(corpus.length / 10);
  });

  it.each(SETS)('re-asks at least 95%% of the identifying sentences of the %s set', (_name, file) => {
    const corpus = loadCorpus(file);

    const score = scoreCorpus(corpus);

    // Listing the misses beyond the allowance makes a failure say which sentences slipped through.
    const allowed = Math.floor(score.identifying * 0.05);
    expect(score.misses.slice(allowed)).toEqual([]);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
  });

  it.each(SETS)('re-asks at most 5%% of the ordinary sentences of the %s set', (_name, file) => {
    const corpus = loadCorpus(file);

    const score = scoreCorpus(corpus);

    const allowed = Math.floor(score.ordinary * 0.05);
    expect(score.falsePositives.slice(allowed)).toEqual([]);
    expect(score.falsePositiveRate).toBeLessThanOrEqual(0.05);
  });
});
