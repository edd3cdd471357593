/** Percentiles, throughput and a resident-set-size sampler. */

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
function rank(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function summarise(samples: number[]): LatencySummary {
  const s = [...samples].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    count: s.length,
    p50: r2(rank(s, 50)),
    p95: r2(rank(s, 95)),
    p99: r2(rank(s, 99)),
    max: r2(s[s.length - 1] ?? NaN),
    mean: r2(s.length ? sum / s.length : NaN),
  };
}

/** How much the peak RSS grows before the full memory breakdown is taken again (bytes). */
const BREAKDOWN_STEP = 1024 * 1024;

/** Samples the resident set size (process.memoryUsage().rss) every `everyMs` and keeps the peak. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peak = 0;
  /** The rest of process.memoryUsage() at the moment RSS peaked (to within {@link BREAKDOWN_STEP}). */
  atPeak: NodeJS.MemoryUsage | undefined;
  /** The RSS at which {@link atPeak} was taken. */
  #breakdownAt = -Infinity;

  start(everyMs = 20): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    return this;
  }

  sample(): void {
    // process.memoryUsage().rss, read the cheap way; the full breakdown (which walks the heap's spaces) only when
    // the peak has grown by a mebibyte since it was last taken: a server whose RSS creeps up would otherwise pay
    // for it at nearly every sample, and the figures would count the sampler's work as the server's.
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) {
      this.peak = rss;
      if (rss >= this.#breakdownAt + BREAKDOWN_STEP) {
        this.atPeak = process.memoryUsage();
        this.#breakdownAt = rss;
      }
    }
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
