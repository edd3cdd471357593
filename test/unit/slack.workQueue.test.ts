/**
 * The queue of work after Slack acks (src/channels/slack/workQueue.ts): jobs waiting on the network do not hold
 * up the others below the bound, never more than the bound run at once, a job never starts inside the call that
 * queues it (the request's ack goes out first), and a job's result or error reaches its caller.
 */
import { describe, expect, it } from '@jest/globals';
import { WORK_CONCURRENCY, WorkQueue } from '../../src/channels/slack/workQueue.js';

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
