/**
 * Waits until creating a file costs what it normally does on this machine, before anything is measured.
 *
 * When ext4 allocates an inode it passes over those freed in roughly the last half minute (the kernel's
 * `recently_deleted` check, seen with perf under `__ext4_new_inode`), so right after many files were removed (a
 * test run, an earlier bench run's data folder) each new file costs up to a millisecond of system time instead of
 * some 25 µs, for a minute or more. The file store creates files for every new user and case, the echo bot none:
 * measured in that window, our side of every ratio would carry the removals of whatever ran before. The files the
 * server itself replaces during a run (a file is rewritten through a new one) count as they should.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

export interface SettleOptions {
  /** Creating a file is taken as normal at or below this (µs). */
  normalUs?: number;
  /** Longest wait in all (ms). */
  maxWaitMs?: number;
  /** Pause between probes (ms). */
  everyMs?: number;
  /** Creates `n` new files and gives the mean time per file (µs); the files are kept, as removing them would start the wait again. */
  probe?: (n: number) => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

export interface Settled {
  /** Mean time to create a file at the last probe (µs). */
  createUs: number;
  /** How long the bench waited for it (ms). */
  waitedMs: number;
  /** Whether it was normal when the wait ended (else the wait ran out). */
  normal: boolean;
}

/** Creates `n` empty files in a new folder under `dir` (kept), timing them. */
export function fileCreationProbe(dir: string): (n: number) => number {
  let round = 0;
  return (n) => {
    const folder = path.join(dir, `probe-${++round}`);
    mkdirSync(folder, { recursive: true });
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) closeSync(openSync(path.join(folder, `f${i}`), 'wx', 0o600));
    return Number(process.hrtime.bigint() - start) / 1000 / n;
  };
}

export async function settleFileCreation(dir: string, opts: SettleOptions = {}): Promise<Settled> {
  const normalUs = opts.normalUs ?? 150;
  const maxWaitMs = opts.maxWaitMs ?? 180_000;
  const everyMs = opts.everyMs ?? 10_000;
  const probe = opts.probe ?? fileCreationProbe(dir);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let waitedMs = 0;
  let createUs = probe(100);
  while (createUs > normalUs && waitedMs < maxWaitMs) {
    opts.log?.(`creating a file takes ${Math.round(createUs)} µs (files removed shortly before); waiting for it to be normal again`);
    const pause = Math.min(everyMs, maxWaitMs - waitedMs);
    await sleep(pause);
    waitedMs += pause;
    createUs = probe(100);
  }
  return { createUs: Math.round(createUs), waitedMs, normal: createUs <= normalUs };
}
