/** The outbox dispatcher: delivery after a chat turn starts only once that turn's own work is done. */
import { describe, expect, it } from '@jest/globals';
import { Dispatcher, type AfSink } from '../../src/cases/dispatcher.js';
import type { ChannelSummary } from '../../src/engine/types.js';
import { MemoryStore } from '../../src/store/memory.js';

const summary = { caseId: 'c1', ref: 'MC-1', reporter: 'web:a', urgency: 'normal' } as unknown as ChannelSummary;

describe('Dispatcher.soon', () => {
  it('delivers after the current turn of the event loop, not during it, and reports a failure', async () => {
    // Arrange
    const store = new MemoryStore();
    await store.enqueue({ id: 'n1', kind: 'af.post', createdAt: '2026-01-01T00:00:00.000Z', payload: { type: 'af.post', reason: 'new', summary }, attempts: 0 });
    const events: string[] = [];
    const sink: AfSink = { name: 'test', ready: async () => true, post: async () => void events.push('posted') };
    const dispatcher = new Dispatcher(store, [sink]);

    // Act: work that follows in the same turn (microtasks included) still comes first.
    dispatcher.soon(() => events.push('failed'));
    await Promise.resolve();
    await store.pending();
    events.push('turn done');
    await new Promise((resolve) => setImmediate(resolve));
    await dispatcher.run();

    // Assert
    expect(events).toEqual(['turn done', 'posted']);
    expect(await store.pending()).toEqual([]);
  });

  it('hands a failed run to the given handler instead of leaving it unhandled', async () => {
    const store = new MemoryStore();
    const broken = Object.assign(Object.create(store) as MemoryStore, { pending: () => Promise.reject(new Error('disk gone')) });
    const failures: unknown[] = [];
    new Dispatcher(broken, []).soon((err) => failures.push(err));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toHaveLength(1);
    expect((failures[0] as Error).message).toBe('disk gone');
  });
});
