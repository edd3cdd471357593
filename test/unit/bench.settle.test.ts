/** The bench waits for file creation to be normal before it measures (bench/lib/settle.ts). */
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileCreationProbe, settleFileCreation } from '../../bench/lib/settle.js';

/** A probe that answers the given costs in turn, and a clock that only moves when slept. */
function scripted(costs: number[]) {
  const slept: number[] = [];
  let i = 0;
  return {
    slept,
    probe: () => costs[Math.min(i++, costs.length - 1)] ?? 0,
    sleep: async (ms: number) => void slept.push(ms),
  };
}

describe('waiting for file creation to be normal', () => {
  it('does not wait when creating a file is normal already', async () => {
    const s = scripted([30]);
    await expect(settleFileCreation('unused', { probe: s.probe, sleep: s.sleep })).resolves.toEqual({ createUs: 30, waitedMs: 0, normal: true });
    expect(s.slept).toEqual([]);
  });

  it('probes again every pause until it is normal, and says how long it waited', async () => {
    const s = scripted([900, 600, 400, 40]);
    const lines: string[] = [];
    const settled = await settleFileCreation('unused', { probe: s.probe, sleep: s.sleep, everyMs: 10_000, normalUs: 150, log: (l) => lines.push(l) });
    expect(settled).toEqual({ createUs: 40, waitedMs: 30_000, normal: true });
    expect(s.slept).toEqual([10_000, 10_000, 10_000]);
    expect(lines[0]).toMatch(/900 µs/);
  });

  it('gives up after the longest wait and says creation was still slow', async () => {
    const s = scripted([900]);
    const settled = await settleFileCreation('unused', { probe: s.probe, sleep: s.sleep, everyMs: 10_000, maxWaitMs: 25_000 });
    expect(settled).toEqual({ createUs: 900, waitedMs: 25_000, normal: false });
    expect(s.slept).toEqual([10_000, 10_000, 5_000]);
  });

  it('probes by creating new files, which it keeps (removing them would start the wait again)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'settle-'));
    try {
      const probe = fileCreationProbe(dir);
      const first = probe(20);
      const second = probe(5);
      expect(first).toBeGreaterThan(0);
      expect(second).toBeGreaterThan(0);
      expect(readdirSync(path.join(dir, 'probe-1'))).toHaveLength(20);
      expect(readdirSync(path.join(dir, 'probe-2'))).toHaveLength(5);
      expect(existsSync(path.join(dir, 'probe-3'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
