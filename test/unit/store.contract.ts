/**
 * Behaviour every {@link Store} must show, run against MemoryStore (unit) and LowdbStore
 * (integration) so the in-memory double cannot drift from the real thing.
 */
import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import type { CaseMeta, LogEntry } from '../../src/cases/types.js';
import { StoreError, type OutboxItem, type Store } from '../../src/store/index.js';
import { EXPORT_TICKETS, pruneTickets } from '../../src/store/documents.js';

/** How a test file provides fresh stores to the contract. */
export interface StoreHarness {
  /** A new, empty store. */
  open(): Promise<Store>;
  /** Called after each test (after the store was closed), e.g. to remove a temp dir. */
  cleanup?(): Promise<void>;
}

export function makeMeta(id: string, overrides: Partial<CaseMeta> = {}): CaseMeta {
  return {
    id,
    ref: `MC-${id.toUpperCase().slice(0, 6)}`,
    owner: 'web:alice',
    route: 'meldcode',
    step: 0,
    status: 'open',
    urgency: 'normaal',
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}

export function makeEntry(n: number, overrides: Partial<LogEntry> = {}): LogEntry {
  return { at: `2025-01-01T10:00:${String(n % 60).padStart(2, '0')}.000Z`, actor: 'web:alice', type: 'answer', data: { n }, ...overrides };
}

export function makeOutboxItem(id: string, overrides: Partial<OutboxItem> = {}): OutboxItem {
  return { id, kind: 'notify', createdAt: '2025-01-01T10:00:00.000Z', payload: { caseId: 'c1' }, attempts: 0, ...overrides };
}

/** Resolves with the StoreError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function storeErrorOf(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

export function describeStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name} (Store contract)`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await harness.open();
    });

    afterEach(async () => {
      await store.close();
      await harness.cleanup?.();
    });

    describe('users', () => {
      it('returns undefined for a user that was never saved', async () => {
        // Act
        const state = await store.loadUser('web:nobody');

        // Assert
        expect(state).toBeUndefined();
      });

      it('returns the saved state as a copy the caller cannot use to change stored data', async () => {
        // Arrange
        const state = { node: 'stap1', answers: { a: 1 } };
        await store.saveUser('web:alice', state);

        // Act
        state.answers.a = 99;
        const first = await store.loadUser<typeof state>('web:alice');
        first!.answers.a = 42;
        const second = await store.loadUser<typeof state>('web:alice');

        // Assert
        expect(second).toEqual({ node: 'stap1', answers: { a: 1 } });
      });

      it('replaces the previous state on save and keeps users apart', async () => {
        // Arrange
        await store.saveUser('web:alice', { v: 1 });
        await store.saveUser('web:bob', { v: 'bob' });

        // Act
        await store.saveUser('web:alice', { v: 2 });

        // Assert
        expect(await store.loadUser('web:alice')).toEqual({ v: 2 });
        expect(await store.loadUser('web:bob')).toEqual({ v: 'bob' });
      });

      it('stores values the way JSON does, so a Date comes back as an ISO string', async () => {
        // Arrange
        const at = new Date('2025-02-03T04:05:06.000Z');

        // Act
        await store.saveUser('web:alice', { at, gone: undefined });

        // Assert
        expect(await store.loadUser('web:alice')).toEqual({ at: '2025-02-03T04:05:06.000Z' });
      });
    });

    describe('cases', () => {
      it('creates a case and reads it back with its first entries', async () => {
        // Arrange
        const meta = makeMeta('case1');

        // Act
        await store.createCase(meta, [makeEntry(1, { type: 'opened' })]);
        const record = await store.getCase('case1');

        // Assert
        expect(record).toEqual({ meta, log: [makeEntry(1, { type: 'opened' })] });
      });

      it('creates a case with an empty log when no first entries are given', async () => {
        // Act
        await store.createCase(makeMeta('case1'));

        // Assert
        expect((await store.getCase('case1'))?.log).toEqual([]);
      });

      it('returns undefined for a case that does not exist', async () => {
        // Act
        const record = await store.getCase('nope');

        // Assert
        expect(record).toBeUndefined();
      });

      it('rejects creating a case whose id is taken and keeps the existing case', async () => {
        // Arrange
        await store.createCase(makeMeta('case1'), [makeEntry(1)]);

        // Act
        const error = await storeErrorOf(store.createCase(makeMeta('case1', { owner: 'web:mallory' }), []));

        // Assert
        expect(error.code).toBe('ALREADY_EXISTS');
        expect(await store.getCase('case1')).toEqual({ meta: makeMeta('case1'), log: [makeEntry(1)] });
      });

      it('appends log entries at the end, in order, keeping the earlier ones', async () => {
        // Arrange
        await store.createCase(makeMeta('case1'), [makeEntry(0)]);

        // Act
        await store.appendLog('case1', [makeEntry(1), makeEntry(2)]);
        await store.appendLog('case1', [makeEntry(3, { correction: true, reason: 'typo' })]);
        await store.appendLog('case1', []);

        // Assert
        const record = await store.getCase('case1');
        expect(record?.log).toEqual([makeEntry(0), makeEntry(1), makeEntry(2), makeEntry(3, { correction: true, reason: 'typo' })]);
      });

      it('leaves out entries of a turn the log already has, also after entries of others, and keeps entries without a turn', async () => {
        // Arrange
        await store.createCase(makeMeta('case1'));
        await store.appendLog('case1', [makeEntry(1, { turn: 't1' }), makeEntry(2, { turn: 't1' })]);
        await store.appendLog('case1', [makeEntry(3)]);

        // Act: the same turn again (a replay after a crash), then a new turn and an entry without one
        await store.appendLog('case1', [makeEntry(1, { turn: 't1' }), makeEntry(2, { turn: 't1' })]);
        await store.appendLog('case1', [makeEntry(4, { turn: 't2' })]);
        await store.appendLog('case1', [makeEntry(3)]);

        // Assert
        const log = (await store.getCase('case1'))?.log ?? [];
        expect(log.map((e) => [e.data.n, e.turn])).toEqual([
          [1, 't1'],
          [2, 't1'],
          [3, undefined],
          [4, 't2'],
          [3, undefined],
        ]);
      });

      it('recognises a replayed turn however many turns came after it, also after a redaction', async () => {
        // Arrange: five turns of two entries each
        await store.createCase(makeMeta('case1'));
        for (let k = 1; k <= 5; k++) await store.appendLog('case1', [makeEntry(k, { turn: `t${k}` }), makeEntry(k, { turn: `t${k}` })]);

        // Act: the last turn and an earlier one again, a redaction, another earlier one again, then a new turn
        await store.appendLog('case1', [makeEntry(5, { turn: 't5' }), makeEntry(5, { turn: 't5' })]);
        await store.appendLog('case1', [makeEntry(2, { turn: 't2' })]);
        await store.redactLog('case1', (e) => e.turn === 't3', (e) => ({ ...e, data: { n: 'weg' } }), makeEntry(9));
        await store.appendLog('case1', [makeEntry(4, { turn: 't4' })]);
        await store.appendLog('case1', [makeEntry(6, { turn: 't6' })]);

        // Assert
        const log = (await store.getCase('case1'))?.log ?? [];
        expect(log.map((e) => [e.data.n, e.turn])).toEqual([
          [1, 't1'],
          [1, 't1'],
          [2, 't2'],
          [2, 't2'],
          ['weg', 't3'],
          ['weg', 't3'],
          [4, 't4'],
          [4, 't4'],
          [5, 't5'],
          [5, 't5'],
          [9, undefined],
          [6, 't6'],
        ]);
      });

      it('does not let a caller change the stored log by mutating what it passed in or got back', async () => {
        // Arrange
        const entry = makeEntry(1);
        await store.createCase(makeMeta('case1'));
        await store.appendLog('case1', [entry]);

        // Act
        entry.data.n = 'changed';
        const record = await store.getCase('case1');
        record!.log.pop();
        record!.meta.status = 'gestopt';

        // Assert
        expect(await store.getCase('case1')).toEqual({ meta: makeMeta('case1'), log: [makeEntry(1)] });
      });

      it('rejects appending to a case that does not exist with NOT_FOUND', async () => {
        // Act
        const error = await storeErrorOf(store.appendLog('nope', [makeEntry(1)]));

        // Assert
        expect(error.code).toBe('NOT_FOUND');
      });

      it('lands all of 50 concurrent appends to one case, in call order', async () => {
        // Arrange
        await store.createCase(makeMeta('case1'));

        // Act
        await Promise.all(Array.from({ length: 50 }, (_, n) => store.appendLog('case1', [makeEntry(n)])));

        // Assert
        const log = (await store.getCase('case1'))?.log ?? [];
        expect(log.map((e) => e.data.n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
      });

      it('merges a meta patch but never changes id, ref, owner or createdAt', async () => {
        // Arrange
        await store.createCase(makeMeta('case1'));

        // Act
        const updated = await store.updateCaseMeta('case1', {
          id: 'other',
          ref: 'MC-HIJACK',
          owner: 'web:mallory',
          createdAt: '1999-01-01T00:00:00.000Z',
          status: 'besluit',
          step: 5,
          outcome: 'melden',
          updatedAt: '2025-01-02T00:00:00.000Z',
        });

        // Assert
        const expected = makeMeta('case1', { status: 'besluit', step: 5, outcome: 'melden', updatedAt: '2025-01-02T00:00:00.000Z' });
        expect(updated).toEqual(expected);
        expect((await store.getCase('case1'))?.meta).toEqual(expected);
        expect(await store.getCase('other')).toBeUndefined();
      });

      it('keeps updatedAt when the patch has none, ignores undefined required fields and removes undefined optional ones', async () => {
        // Arrange
        await store.createCase(makeMeta('case1', { outcome: 'hulp', sector: 'onderwijs' }));

        // Act
        const updated = await store.updateCaseMeta('case1', { step: 2, status: undefined, outcome: undefined });

        // Assert
        expect(updated).toEqual(makeMeta('case1', { step: 2, sector: 'onderwijs' }));
        expect(updated).not.toHaveProperty('outcome');
      });

      it('rejects updating a case that does not exist with NOT_FOUND', async () => {
        // Act
        const error = await storeErrorOf(store.updateCaseMeta('nope', { step: 1 }));

        // Assert
        expect(error.code).toBe('NOT_FOUND');
      });

      it('lists case metas without logs, sorted by createdAt, filtered by owner and status', async () => {
        // Arrange
        await store.createCase(makeMeta('c3', { createdAt: '2025-01-03T00:00:00.000Z', owner: 'web:bob' }), [makeEntry(1)]);
        await store.createCase(makeMeta('c1', { createdAt: '2025-01-01T00:00:00.000Z' }), [makeEntry(1)]);
        await store.createCase(makeMeta('c2', { createdAt: '2025-01-02T00:00:00.000Z', status: 'gesloten' }));

        // Act
        const all = await store.listCases();
        const alices = await store.listCases({ owner: 'web:alice' });
        const openOrDecided = await store.listCases({ status: ['open', 'besluit'] });
        const alicesClosed = await store.listCases({ owner: 'web:alice', status: ['gesloten'] });
        const none = await store.listCases({ status: [] });

        // Assert
        expect(all.map((m) => m.id)).toEqual(['c1', 'c2', 'c3']);
        expect(all[0]).toEqual(makeMeta('c1', { createdAt: '2025-01-01T00:00:00.000Z' }));
        expect(alices.map((m) => m.id)).toEqual(['c1', 'c2']);
        expect(openOrDecided.map((m) => m.id)).toEqual(['c1', 'c3']);
        expect(alicesClosed.map((m) => m.id)).toEqual(['c2']);
        expect(none).toEqual([]);
      });

      it('lists the cases still in hand: open, or closed against the advice, and not closed by a lead', async () => {
        // Arrange
        const closed = { status: 'besluit' as const, closedAt: '2025-01-05T00:00:00.000Z' };
        await store.createCase(makeMeta('open', { owner: 'web:bob' }));
        await store.createCase(makeMeta('closed', closed));
        await store.createCase(makeMeta('deviating', { ...closed, deviation: true }));
        await store.createCase(makeMeta('leadClosed', { lead: 'gesloten' }));

        // Act and assert
        expect((await store.listCases({ inHand: true })).map((m) => m.id)).toEqual(['deviating', 'open']);
        expect((await store.listCases({ inHand: true, owner: 'web:bob' })).map((m) => m.id)).toEqual(['open']);
        await store.updateCaseMeta('deviating', { lead: 'gesloten' });
        await store.updateCaseMeta('closed', { deviation: true });
        expect((await store.listCases({ inHand: true })).map((m) => m.id)).toEqual(['closed', 'open']);
        await store.deleteCase('open');
        expect((await store.listCases({ inHand: true })).map((m) => m.id)).toEqual(['closed']);
      });

      it('reflects creations and meta updates in later listings', async () => {
        // Arrange
        await store.createCase(makeMeta('c1'));
        await store.listCases();

        // Act
        await store.createCase(makeMeta('c2'));
        await store.updateCaseMeta('c1', { status: 'gestopt' });
        const listed = await store.listCases();

        // Assert
        expect(listed.map((m) => [m.id, m.status])).toEqual([
          ['c1', 'gestopt'],
          ['c2', 'open'],
        ]);
      });

      it.each(['../x', '', 'a/b', '.hidden', 'x'.repeat(65), 'é'])('rejects the invalid case id %j with INVALID_ID', async (badId) => {
        // Act
        const errors = await Promise.all([
          storeErrorOf(store.createCase(makeMeta(badId))),
          storeErrorOf(store.getCase(badId)),
          storeErrorOf(store.appendLog(badId, [makeEntry(1)])),
          storeErrorOf(store.updateCaseMeta(badId, { step: 1 })),
        ]);

        // Assert
        expect(errors.map((e) => e.code)).toEqual(['INVALID_ID', 'INVALID_ID', 'INVALID_ID', 'INVALID_ID']);
      });
    });

    describe('conditional meta update', () => {
      it('applies the patch only when the decision says so, and reports whether it changed', async () => {
        await store.createCase(makeMeta('c1'));
        const claim = (who: string) => (m: CaseMeta) => (m.claimedBy === undefined ? { claimedBy: who } : undefined);
        const first = await store.modifyCaseMeta('c1', claim('lead-a'));
        const second = await store.modifyCaseMeta('c1', claim('lead-b'));
        expect(first).toMatchObject({ changed: true, meta: { claimedBy: 'lead-a' } });
        expect(second).toMatchObject({ changed: false, meta: { claimedBy: 'lead-a' } });
        expect((await store.getCase('c1'))?.meta.claimedBy).toBe('lead-a');
      });

      it('lets exactly one of many simultaneous claims win', async () => {
        await store.createCase(makeMeta('c1'));
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.modifyCaseMeta('c1', (m) => (m.claimedBy === undefined ? { claimedBy: `lead-${i}` } : undefined)),
          ),
        );
        expect(results.filter((r) => r.changed)).toHaveLength(1);
        expect(new Set(results.map((r) => r.meta.claimedBy)).size).toBe(1);
      });
    });

    describe('deadlines', () => {
      const deadline = (id: string, dueAt: string, caseId = 'c1') => ({ id, caseId, kind: 'claim-reminder' as const, dueAt, createdAt: '2026-01-01T00:00:00.000Z' });

      it('keeps pending deadlines earliest first and adds each id only once', async () => {
        expect(await store.addDeadline(deadline('d2', '2026-01-02T00:00:00.000Z'))).toBe(true);
        expect(await store.addDeadline(deadline('d1', '2026-01-01T09:00:00.000Z'))).toBe(true);
        expect(await store.addDeadline(deadline('d1', '2030-01-01T00:00:00.000Z'))).toBe(false);
        expect((await store.pendingDeadlines()).map((d) => [d.id, d.dueAt])).toEqual([
          ['d1', '2026-01-01T09:00:00.000Z'],
          ['d2', '2026-01-02T00:00:00.000Z'],
        ]);
      });

      it('fires a deadline exactly once, even when many try at the same moment', async () => {
        await store.addDeadline(deadline('d1', '2026-01-01T09:00:00.000Z'));
        const results = await Promise.all(Array.from({ length: 10 }, () => store.fireDeadline('d1', '2026-01-01T10:00:00.000Z')));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.pendingDeadlines()).toEqual([]);
        expect(await store.fireDeadline('nope', '2026-01-01T10:00:00.000Z')).toBe(false);
      });

      it('never takes an id twice: not after it fired, not for another case, not from calls at the same moment', async () => {
        await store.addDeadline(deadline('d1', '2026-01-01T09:00:00.000Z', 'c1'));
        await store.fireDeadline('d1', '2026-01-01T10:00:00.000Z');
        expect(await store.addDeadline(deadline('d1', '2026-02-01T09:00:00.000Z', 'c1'))).toBe(false);
        expect(await store.addDeadline(deadline('d1', '2026-02-01T09:00:00.000Z', 'c2'))).toBe(false);
        const racing = await Promise.all(['c1', 'c2', 'c3'].map((c) => store.addDeadline(deadline('d2', '2026-03-01T09:00:00.000Z', c))));
        expect(racing.filter(Boolean)).toHaveLength(1);
        expect((await store.pendingDeadlines()).map((d) => d.id)).toEqual(['d2']);
      });

      it('gives only the deadlines due by a time when asked so, earliest first', async () => {
        await store.addDeadline(deadline('late', '2031-06-01T00:00:00.000Z'));
        await store.addDeadline(deadline('soon', '2026-01-02T00:00:00.000Z', 'c2'));
        await store.addDeadline(deadline('first', '2026-01-01T00:00:00.000Z'));
        await store.addDeadline(deadline('at', '2026-01-03T00:00:00.000Z'));
        expect((await store.pendingDeadlines('2026-01-03T00:00:00.000Z')).map((d) => d.id)).toEqual(['first', 'soon', 'at']);
        expect((await store.pendingDeadlines('2026-01-02T23:59:59.999Z')).map((d) => d.id)).toEqual(['first', 'soon']);
        expect(await store.fireDeadline('soon', '2026-01-02T00:00:01.000Z')).toBe(true);
        // Further away than anything held: still found, and a far deadline fires like a near one.
        expect((await store.pendingDeadlines('2031-06-01T00:00:00.000Z')).map((d) => d.id)).toEqual(['first', 'at', 'late']);
        expect(await store.fireDeadline('late', '2031-06-01T00:00:01.000Z')).toBe(true);
        expect(await store.fireDeadline('late', '2031-06-01T00:00:02.000Z')).toBe(false);
        expect((await store.pendingDeadlines()).map((d) => d.id)).toEqual(['first', 'at']);
        await expect(store.pendingDeadlines('morgen')).rejects.toThrow(/dueBy/);
      });

      it('cancels a case\u2019s pending deadlines of the given kinds only', async () => {
        await store.addDeadline(deadline('a', '2026-01-01T09:00:00.000Z', 'c1'));
        await store.addDeadline({ ...deadline('b', '2026-01-01T09:00:00.000Z', 'c1'), kind: 'nudge' });
        await store.addDeadline(deadline('c', '2026-01-01T09:00:00.000Z', 'c2'));
        expect(await store.cancelDeadlines('c1', ['claim-reminder'], '2026-01-01T08:00:00.000Z')).toBe(1);
        expect((await store.pendingDeadlines()).map((d) => d.id)).toEqual(['b', 'c']);
        expect(await store.fireDeadline('a', '2026-01-01T10:00:00.000Z')).toBe(false);
      });
    });

    describe('redacting log entries', () => {
      const redacted = (e: LogEntry): LogEntry => ({ ...e, data: { ...e.data, value: null, redacted: true } });
      const redaction: LogEntry = { at: '2025-01-02T10:00:00.000Z', actor: 'web:alice', type: 'redaction', data: { reden: 'naam' } };

      it('replaces the matching entries, appends the redaction entry and keeps the rest of the log', async () => {
        // Arrange
        await store.createCase(makeMeta('c1'), [makeEntry(1, { data: { field: 'feiten', value: 'Jan Jansen sloeg' } }), makeEntry(2)]);
        await store.appendLog('c1', [makeEntry(3, { data: { field: 'interpretatie', value: 'Jan Jansen sloeg' } }), makeEntry(4)]);

        // Act
        const n = await store.redactLog('c1', (e) => e.data.value === 'Jan Jansen sloeg', redacted, redaction);

        // Assert
        expect(n).toBe(2);
        const record = await store.getCase('c1');
        expect(record?.log).toEqual([
          makeEntry(1, { data: { field: 'feiten', value: null, redacted: true } }),
          makeEntry(2),
          makeEntry(3, { data: { field: 'interpretatie', value: null, redacted: true } }),
          makeEntry(4),
          redaction,
        ]);
        expect(JSON.stringify(record)).not.toContain('Jan Jansen');
      });

      it('passes each entry with its position in the log to match', async () => {
        // Arrange
        await store.createCase(makeMeta('c1'), [makeEntry(1, { data: { value: 'a' } }), makeEntry(2, { data: { value: 'a' } })]);

        // Act
        const n = await store.redactLog('c1', (_e, index) => index === 1, redacted, redaction);

        // Assert
        expect(n).toBe(1);
        expect((await store.getCase('c1'))?.log.map((e) => e.data.value)).toEqual(['a', null, undefined]);
      });

      it('writes nothing when no entry matches', async () => {
        // Arrange
        await store.createCase(makeMeta('c1'), [makeEntry(1)]);

        // Act
        const n = await store.redactLog('c1', () => false, redacted, redaction);

        // Assert
        expect(n).toBe(0);
        expect((await store.getCase('c1'))?.log).toEqual([makeEntry(1)]);
      });

      it('keeps redacted entries redacted after more entries are appended', async () => {
        // Arrange
        await store.createCase(makeMeta('c1'), [makeEntry(1, { data: { value: 'geheim' } })]);
        await store.redactLog('c1', (e) => e.data.value === 'geheim', redacted, redaction);

        // Act
        await store.appendLog('c1', [makeEntry(5)]);

        // Assert
        const log = (await store.getCase('c1'))?.log ?? [];
        expect(log).toHaveLength(3);
        expect(JSON.stringify(log)).not.toContain('geheim');
      });

      it('rejects a case that does not exist with NOT_FOUND', async () => {
        // Act
        const error = await storeErrorOf(store.redactLog('nope', () => true, redacted, redaction));

        // Assert
        expect(error.code).toBe('NOT_FOUND');
      });
    });

    describe('deleting a case', () => {
      it('removes the case and its listing; deleting twice is harmless', async () => {
        await store.createCase(makeMeta('c1'));
        await store.createCase(makeMeta('c2'));
        await store.listCases();
        await store.deleteCase('c1');
        await store.deleteCase('c1');
        expect(await store.getCase('c1')).toBeUndefined();
        expect((await store.listCases()).map((m) => m.id)).toEqual(['c2']);
      });
    });

    describe('named documents', () => {
      it('stores, replaces and returns a document; unknown names give undefined', async () => {
        expect(await store.getDoc('teams-af-channel')).toBeUndefined();
        await store.putDoc('teams-af-channel', { conversationId: 'a' });
        await store.putDoc('teams-af-channel', { conversationId: 'b' });
        expect(await store.getDoc('teams-af-channel')).toEqual({ conversationId: 'b' });
      });

      it('rejects a name that could escape the folder', async () => {
        const err = await storeErrorOf(store.putDoc('../x', {}));
        expect(err.code).toBe('INVALID_ID');
      });

      it('deletes a document so that it reads as never written, and ignores deleting an unknown one', async () => {
        // Arrange
        await store.putDoc('export-a', { caseId: 'c1' });
        await store.putDoc('export-b', null);

        // Act
        await store.deleteDoc('export-a');
        await store.deleteDoc('export-a');
        await store.deleteDoc('never-written');

        // Assert
        expect(await store.getDoc('export-a')).toBeUndefined();
        expect(await store.getDoc('export-b')).toBeNull();
        await store.putDoc('export-a', { caseId: 'c2' });
        expect(await store.getDoc('export-a')).toEqual({ caseId: 'c2' });
      });

      it('lists the names of stored documents that start with a prefix, without deleted ones', async () => {
        // Arrange
        await store.putDoc('export-b', null);
        await store.putDoc('export-a', { caseId: 'c1' });
        await store.putDoc('export-c', null);
        await store.putDoc('exports', null);
        await store.putDoc('settings', {});
        await store.deleteDoc('export-c');

        // Act
        const names = await store.docNames('export-');

        // Assert
        expect(names).toEqual(['export-a', 'export-b']);
      });

      it('rejects deleting a document by a name that could escape the folder', async () => {
        const err = await storeErrorOf(store.deleteDoc('../x'));
        expect(err.code).toBe('INVALID_ID');
      });

      it('changes a document in one step: every one of many simultaneous changes lands', async () => {
        // Act
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.modifyDoc<number[]>('audit-x', (cur) => [...(cur ?? []), i])));

        // Assert
        expect([...((await store.getDoc<number[]>('audit-x')) ?? [])].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
        expect(results.every((r) => r.changed)).toBe(true);
      });

      it('leaves a document as it is when the change returns undefined, and says so', async () => {
        // Arrange
        await store.putDoc('settings', { a: 1 });

        // Act
        const kept = await store.modifyDoc<{ a: number }>('settings', () => undefined);
        const absent = await store.modifyDoc<{ a: number }>('absent', () => undefined);

        // Assert
        expect(kept).toEqual({ value: { a: 1 }, changed: false });
        expect(absent).toEqual({ value: undefined, changed: false });
        expect(await store.getDoc('absent')).toBeUndefined();
      });

      it('prunes a document in one step: keeps, changes or deletes it, and never creates one', async () => {
        // Arrange
        await store.putDoc('queue-a', [1, 2, 3]);

        // Act
        const kept = await store.pruneDoc<number[]>('queue-a', () => undefined);
        const changed = await store.pruneDoc<number[]>('queue-a', (cur) => cur.filter((n) => n > 1));
        const deleted = await store.pruneDoc<number[]>('queue-a', () => null);
        const absent = await store.pruneDoc<number[]>('queue-b', () => [9]);

        // Assert
        expect(kept).toEqual({ value: [1, 2, 3], changed: false });
        expect(changed).toEqual({ value: [2, 3], changed: true });
        expect(deleted).toEqual({ value: undefined, changed: true });
        expect(absent).toEqual({ value: undefined, changed: false });
        expect(await store.getDoc('queue-a')).toBeUndefined();
        expect(await store.docNames('queue-')).toEqual([]);
      });

      it('removes used and expired dossier tickets, and the ticket document once none are left', async () => {
        // Arrange
        const now = new Date('2026-01-01T12:00:00.000Z');
        await store.putDoc(EXPORT_TICKETS, {
          open: { caseId: 'c1', expiresAt: '2026-01-01T12:10:00.000Z' },
          used: { caseId: 'c1', expiresAt: '2026-01-01T12:10:00.000Z', usedAt: '2026-01-01T11:59:00.000Z' },
          expired: { caseId: 'c2', expiresAt: '2026-01-01T11:00:00.000Z' },
        });

        // Act
        const first = await pruneTickets(store, now);
        const afterFirst = await store.getDoc<Record<string, unknown>>(EXPORT_TICKETS);
        const second = await pruneTickets(store, new Date('2026-01-01T13:00:00.000Z'));

        // Assert
        expect(first).toBe(2);
        expect(Object.keys(afterFirst ?? {})).toEqual(['open']);
        expect(second).toBe(1);
        expect(await store.getDoc(EXPORT_TICKETS)).toBeUndefined();
        expect(await store.docNames('export-')).toEqual([]);
        expect(await pruneTickets(store, now)).toBe(0);
      });
    });

    describe('user lock', () => {
      it('runs the function under the lock and passes on its result and its error', async () => {
        // Act
        const result = await store.withUserLock('web:a', async () => 42);
        const failed = await store.withUserLock('web:a', async () => {
          throw new Error('boom');
        }).then(
          () => undefined,
          (err: unknown) => err,
        );

        // Assert
        expect(result).toBe(42);
        expect(failed).toEqual(new Error('boom'));
      });
    });

    describe('outbox', () => {
      it('leases the pending items oldest first, and an acknowledged item is not leased again', async () => {
        // Arrange
        await store.enqueue(makeOutboxItem('b', { createdAt: '2025-01-02T00:00:00.000Z' }));
        await store.enqueue(makeOutboxItem('a', { createdAt: '2025-01-01T00:00:00.000Z' }));

        // Act
        const first = await store.leasePending(60_000);
        await store.ack('a');
        await store.enqueue(first[1] as OutboxItem);
        const second = await store.leasePending(60_000);

        // Assert
        expect(first.map((i) => i.id)).toEqual(['a', 'b']);
        expect(second.map((i) => i.id)).toEqual(['b']);
      });

      it('returns pending items oldest first and removes acknowledged ones', async () => {
        // Arrange
        await store.enqueue(makeOutboxItem('b', { createdAt: '2025-01-02T00:00:00.000Z' }));
        await store.enqueue(makeOutboxItem('a', { createdAt: '2025-01-03T00:00:00.000Z' }));
        await store.enqueue(makeOutboxItem('c', { createdAt: '2025-01-01T00:00:00.000Z' }));

        // Act
        const before = await store.pending();
        await store.ack('b');
        await store.ack('unknown');
        const after = await store.pending();

        // Assert
        expect(before.map((i) => i.id)).toEqual(['c', 'b', 'a']);
        expect(before[0]).toEqual(makeOutboxItem('c', { createdAt: '2025-01-01T00:00:00.000Z' }));
        expect(after.map((i) => i.id)).toEqual(['c', 'a']);
      });

      it('replaces an item enqueued again with the same id, e.g. to count an attempt', async () => {
        // Arrange
        await store.enqueue(makeOutboxItem('a'));

        // Act
        await store.enqueue(makeOutboxItem('a', { attempts: 1 }));

        // Assert
        expect(await store.pending()).toEqual([makeOutboxItem('a', { attempts: 1 })]);
      });

      it('rejects an invalid outbox id with INVALID_ID', async () => {
        // Act
        const errors = await Promise.all([storeErrorOf(store.enqueue(makeOutboxItem('../x'))), storeErrorOf(store.ack('../x'))]);

        // Assert
        expect(errors.map((e) => e.code)).toEqual(['INVALID_ID', 'INVALID_ID']);
      });
    });

    it('says it is ready while open, and not ready (closed) once closed, without rejecting', async () => {
      // Act
      const open = await store.ready();
      await store.close();
      const closed = await store.ready();

      // Assert
      expect(open).toEqual({ ok: true });
      expect(closed).toEqual({ ok: false, reason: 'closed' });
    });

    it('rejects every call after close with CLOSED', async () => {
      // Arrange
      await store.close();

      // Act
      const errors = await Promise.all([
        storeErrorOf(store.loadUser('web:alice')),
        storeErrorOf(store.saveUser('web:alice', {})),
        storeErrorOf(store.createCase(makeMeta('c1'))),
        storeErrorOf(store.listCases()),
        storeErrorOf(store.pending()),
      ]);

      // Assert
      expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['CLOSED']));
    });
  });
}
