import { describe, it, expect } from '@jest/globals';
import { KeyedMutex } from '../../src/store/locks.js';

/** A promise plus the function that resolves it, to control when an operation finishes. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('KeyedMutex', () => {
  it('runs operations on the same key one at a time, in call order', async () => {
    // Arrange
    const mutex = new KeyedMutex();
    const events: string[] = [];
    const gate = deferred();

    // Act
    const first = mutex.run('k', async () => {
      events.push('first:start');
      await gate.promise;
      events.push('first:end');
    });
    const second = mutex.run('k', async () => {
      events.push('second');
    });
    await Promise.resolve();
    const beforeGate = [...events];
    gate.resolve();
    await Promise.all([first, second]);

    // Assert
    expect(beforeGate).toEqual(['first:start']);
    expect(events).toEqual(['first:start', 'first:end', 'second']);
  });

  it('runs operations on different keys in parallel', async () => {
    // Arrange
    const mutex = new KeyedMutex();
    const gate = deferred();
    let otherRan = false;

    // Act
    const blocked = mutex.run('a', () => gate.promise);
    await mutex.run('b', async () => {
      otherRan = true;
    });
    gate.resolve();
    await blocked;

    // Assert
    expect(otherRan).toBe(true);
  });

  it('passes a failure to its caller and still runs the next operation', async () => {
    // Arrange
    const mutex = new KeyedMutex();

    // Act
    const failing = mutex.run('k', async () => {
      throw new Error('boom');
    });
    const next = mutex.run('k', async () => 'ok');

    // Assert
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });

  it('forgets keys once they are idle, so the map does not grow', async () => {
    // Arrange
    const mutex = new KeyedMutex();

    // Act
    await Promise.all(Array.from({ length: 100 }, (_, i) => mutex.run(`k${i}`, async () => i)));
    await mutex.idle();

    // Assert
    expect(mutex.size).toBe(0);
  });

  it('idle() waits for operations queued while it waits', async () => {
    // Arrange
    const mutex = new KeyedMutex();
    const done: number[] = [];
    void mutex.run('k', async () => {
      done.push(1);
      void mutex.run('other', async () => {
        done.push(2);
      });
    });

    // Act
    await mutex.idle();

    // Assert
    expect(done).toEqual([1, 2]);
  });
});
