/**
 * `npm run pii:measure`: how well findPii() re-asks identifying sentences and leaves ordinary ones alone, on the
 * labelled corpus (tuning set, held-out set and the adversarial probe set), with the misses and false positives listed,
 * and the time per call.
 */
import { performance } from 'node:perf_hooks';
import { findPii } from '../src/engine/pii.js';
import { CORPORA, PROBE_CORPUS, loadCorpus, scoreCorpus } from '../test/helpers/piiCorpus.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

for (const [name, file] of [...Object.entries(CORPORA), ['probe (not asserted)', PROBE_CORPUS] as const]) {
  const corpus = loadCorpus(file);
  const s = scoreCorpus(corpus);
  console.log(`${name}: ${corpus.length} sentences`);
  console.log(`  recall (identifying re-asked): ${s.caught}/${s.identifying} = ${pct(s.recall)}`);
  console.log(`  false positives (ordinary re-asked): ${s.flagged}/${s.ordinary} = ${pct(s.falsePositiveRate)}`);
  for (const m of s.misses) console.log(`  miss: ${m}`);
  for (const f of s.falsePositives) {
    const hits = findPii(f).map((h) => `${h.kind} "${h.match}"`).join(', ');
    console.log(`  false positive: ${f}  [${hits}]`);
  }
}

const texts = [...loadCorpus(CORPORA.tuning), ...loadCorpus(CORPORA.heldOut)].map((s) => s.text);
// Warm up (JIT, the name sets are built at import), then time whole passes over the corpus.
for (let i = 0; i < 20; i++) for (const t of texts) findPii(t);
const passes = 200;
const started = performance.now();
for (let i = 0; i < passes; i++) for (const t of texts) findPii(t);
const perCall = (performance.now() - started) / (passes * texts.length);
const long = texts.join(' ');
const longStarted = performance.now();
for (let i = 0; i < 20; i++) findPii(long);
const longPerCall = (performance.now() - longStarted) / 20;
console.log(`time per call: ${(perCall * 1000).toFixed(1)} µs (mean over ${passes * texts.length} calls on corpus sentences)`);
console.log(`time per call on one ${long.length}-character text: ${longPerCall.toFixed(2)} ms`);
