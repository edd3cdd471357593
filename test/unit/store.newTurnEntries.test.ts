/**
 * newTurnEntries (store.ts): which entries of a turn a log already has. It keeps the turn ids of a log it has seen
 * and reads only what was added since; these tests hold it to the answer of reading the whole log every time.
 */
import { describe, expect, it } from '@jest/globals';
import type { LogEntry } from '../../src/domain/case.js';
import { newTurnEntries } from '../../src/store/store.js';

const entry = (n: number, turn?: string): LogEntry => ({ at: '2025-01-01T10:00:00.000Z', actor: 'web:alice', type: 'answer', data: { n }, ...(turn === undefined ? {} : { turn }) });

describe('newTurnEntries', () => {
  it('finds a turn added to the log since it last looked, by whatever code added it', () => {
    // Arrange
    const log: LogEntry[] = [entry(1, 't1')];
    newTurnEntries(log, [entry(2, 't2')]);

    // Act: t2 pushed straight onto the log, then offered again; t3 is new
    log.push(entry(2, 't2'));
    const replay = newTurnEntries(log, [entry(2, 't2'), entry(3)]);
    const fresh = newTurnEntries(log, [entry(3, 't3')]);

    // Assert
    expect(replay).toEqual([entry(3)]);
    expect(fresh).toEqual([entry(3, 't3')]);
  });

  it('reads a log again when it became shorter than what it had read (replaced in place)', () => {
    // Arrange
    const log: LogEntry[] = [entry(1, 't1'), entry(2, 't2')];
    expect(newTurnEntries(log, [entry(1, 't1')])).toEqual([]);

    // Act: the log emptied and filled with other turns
    log.length = 0;
    log.push(entry(5, 't5'));
    const offered = newTurnEntries(log, [entry(1, 't1'), entry(5, 't5')]);

    // Assert: t1 is no longer in it, t5 is
    expect(offered).toEqual([entry(1, 't1')]);
  });

  it('keeps every entry without a turn, and leaves the entries alone when none has one', () => {
    // Arrange
    const log: LogEntry[] = [entry(1, 't1')];
    const plain = [entry(2), entry(3)];

    // Act
    const same = newTurnEntries(log, plain);
    const mixed = newTurnEntries(log, [entry(1, 't1'), entry(4)]);

    // Assert
    expect(same).toBe(plain);
    expect(mixed).toEqual([entry(4)]);
  });
});
