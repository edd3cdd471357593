/**
 * The queue of work after Slack acks (src/channels/slack/workQueue.ts): jobs waiting on the network do not hold
 * up the others below the bound, never more than the bound run at once, a job never starts inside the call that
 * queues it (the request's ack goes out first), and a job's result or error reaches its caller. And the turns of
 * the event loop that jobs go on in: one piece of work a turn.
 */
import { describe, expect, it } from '@jest/globals';
import { LoopTurns, WORK_CONCURRENCY, WorkQueue } from '../../src/channels/slack/workQueue.js';

/** A job that waits until released, as a turn waits for Slack's answer to a post. */
function waitingJob(started: number[], i: number): { job: () => Promise<number>; release: () => void } {
  let release!: () => void;
  const answered = new Promise<void>((resolve) => (release = resolve));
  return {
    job: async () => {
      started.push(i);
      await answered;
      return i;
    },
    release: () => release(),
  };
}

/** Lets the event loop run a few turns (the queue starts jobs on later turns). */
async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('WorkQueue', () => {
  it('runs 16 turns at once while they wait on Slack (not 4: ten turns a second at most), no more, and starts the next when one ends', async () => {
    const queue = new WorkQueue();
    expect(WORK_CONCURRENCY).toBe(16);
    const started: number[] = [];
    const jobs = Array.from({ length: 19 }, (_, i) => waitingJob(started, i));
    const results = jobs.map((j) => queue.run(j.job));
    await settle(25);
    expect(started).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(queue.size).toBe(19);
    jobs[2]!.release();
    await expect(results[2]).resolves.toBe(2);
    await settle();
    expect(started).toHaveLength(WORK_CONCURRENCY + 1);
    expect(started[WORK_CONCURRENCY]).toBe(WORK_CONCURRENCY);
    for (const j of jobs) j.release();
    await expect(Promise.all(results)).resolves.toEqual(jobs.map((_, i) => i));
    expect(queue.size).toBe(0);
  });

  it('starts a job only after the call that queued it has returned (its ack is sent first)', async () => {
    const queue = new WorkQueue(1);
    const order: string[] = [];
    const done = queue.run(async () => {
      order.push('job');
    });
    order.push('ack');
    await done;
    expect(order).toEqual(['ack', 'job']);
  });

  it('passes a failing job on to its caller and goes on with the next', async () => {
    const queue = new WorkQueue(1);
    const failed = queue.run(async () => {
      throw new Error('Slack said no');
    });
    const next = queue.run(async () => 'next');
    await expect(failed).rejects.toThrow('Slack said no');
    await expect(next).resolves.toBe('next');
  });
});

/** Counts the loop's check phases from now on; armed before what it measures, so it runs first in each phase. */
function countLoopTurns(): { readonly turn: number; stop: () => void } {
  let turn = 0;
  let counting = true;
  const count = (): void => {
    turn += 1;
    if (counting) setImmediate(count);
  };
  setImmediate(count);
  return {
    get turn() {
      return turn;
    },
    stop: () => {
      counting = false;
    },
  };
}

describe('LoopTurns', () => {
  it('lets those waiting go on one per turn of the event loop, in the order they asked, never in the call that asks', async () => {
    const turns = new LoopTurns();
    const loop = countLoopTurns();
    const resumed: [number, number][] = [];
    const passes = [0, 1, 2, 3].map((i) => turns.pass().then(() => resumed.push([i, loop.turn])));
    expect(resumed).toEqual([]);
    await Promise.all(passes);
    loop.stop();
    expect(resumed.map(([i]) => i)).toEqual([0, 1, 2, 3]);
    const at = resumed.map(([, t]) => t);
    expect(new Set(at).size).toBe(4);
    for (let k = 1; k < at.length; k++) expect(at[k]).toBe((at[k - 1] as number) + 1);
  });

  it('starts the jobs of one burst in turns of their own', async () => {
    const turns = new LoopTurns();
    const queue = new WorkQueue(4, turns);
    const loop = countLoopTurns();
    const startedAt: number[] = [];
    await Promise.all([0, 1, 2, 3].map(() => queue.run(async () => void startedAt.push(loop.turn))));
    loop.stop();
    expect(new Set(startedAt).size).toBe(4);
  });
});
