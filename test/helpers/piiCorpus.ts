/** The labelled PII corpus (test/fixtures/pii-corpus*.json) and how findPii() scores on it. */
import { readFileSync } from 'node:fs';
import { findPii } from '../../src/engine/pii.js';

export interface CorpusSentence {
  text: string;
  /** true when the sentence names or identifies someone and must be re-asked */
  identifying: boolean;
  note?: string;
}

export interface CorpusScore {
  identifying: number;
  ordinary: number;
  /** identifying sentences with at least one hit */
  caught: number;
  /** ordinary sentences with at least one hit */
  flagged: number;
  recall: number;
  falsePositiveRate: number;
  misses: string[];
  falsePositives: string[];
}

/** The tuning set (written before the detector was tuned) and the held-out set (written after, never tuned on). */
export const CORPORA = {
  tuning: new URL('../fixtures/pii-corpus.json', import.meta.url),
  heldOut: new URL('../fixtures/pii-corpus-heldout.json', import.meta.url),
} as const;

/** Adversarial sentences written to find the limits (names outside the lists, numbers in words): reported, not asserted. */
export const PROBE_CORPUS = new URL('../fixtures/pii-corpus-probe.json', import.meta.url);

export function loadCorpus(file: URL): CorpusSentence[] {
  return JSON.parse(readFileSync(file, 'utf8')) as CorpusSentence[];
}

export function scoreCorpus(corpus: CorpusSentence[]): CorpusScore {
  const misses: string[] = [];
  const falsePositives: string[] = [];
  let identifying = 0;
  for (const s of corpus) {
    const hit = findPii(s.text).length > 0;
    if (s.identifying) {
      identifying++;
      if (!hit) misses.push(s.text);
    } else if (hit) {
      falsePositives.push(s.text);
    }
  }
  const ordinary = corpus.length - identifying;
  const caught = identifying - misses.length;
  return {
    identifying,
    ordinary,
    caught,
    flagged: falsePositives.length,
    recall: identifying ? caught / identifying : 1,
    falsePositiveRate: ordinary ? falsePositives.length / ordinary : 0,
    misses,
    falsePositives,
  };
}
