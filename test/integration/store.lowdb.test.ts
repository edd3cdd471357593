import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CaseMeta, LogEntry } from '../../src/cases/types.js';
import { decodeJournal, MAX_LINES } from '../../src/store/journal.js';
import { DataCipher, LowdbStore, newKey, openStore, StoreError, type DamagedFile, type OutboxItem, type Store } from '../../src/store/index.js';
import { describeStoreContract, makeEntry, makeMeta, makeOutboxItem, storeErrorOf } from '../unit/store.contract.js';
import { OPEN_FILES } from '../../src/store/file/cache.js';
import { FLUSH_DELAY_MS } from '../../src/store/anchor.js';
import { openFilesUnder } from '../helpers/openFiles.js';

async function makeTempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'store-lowdb-'));
}

/** Every file under `dir`, relative path → identity of its current content. */
async function snapshot(dir: string): Promise<Map<string, { mtimeMs: number; size: number; ino: number }>> {
  const result = new Map<string, { mtimeMs: number; size: number; ino: number }>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const s = await stat(full);
    result.set(path.relative(dir, full), { mtimeMs: s.mtimeMs, size: s.size, ino: s.ino });
  }
  return result;
}

function userFileName(userKey: string): string {
  return `${createHash('sha256').update(userKey).digest('hex')}.json`;
}

let contractDir: string | undefined;
describeStoreContract('LowdbStore', {
  open: async () => {
    contractDir = await makeTempDir();
    return LowdbStore.open(contractDir);
  },
  cleanup: async () => {
    if (contractDir !== undefined) await rm(contractDir, { recursive: true, force: true });
  },
});

let keyedContractDir: string | undefined;
const contractCipher = new DataCipher(newKey());
describeStoreContract('LowdbStore (encrypted)', {
  open: async () => {
    keyedContractDir = await makeTempDir();
    return LowdbStore.open(keyedContractDir, { cipher: contractCipher });
  },
  cleanup: async () => {
    if (keyedContractDir !== undefined) await rm(keyedContractDir, { recursive: true, force: true });
  },
});

describe('LowdbStore with a key: every line encrypted, lines bound to each other and to the data folder', () => {
  let dir: string;
  let cipher: DataCipher;
  let events: { event: string; fields: Record<string, unknown> }[];
  /** Stores left open on purpose: a store that is not closed leaves its journals as a crash would. */
  let abandoned: Store[];

  beforeEach(async () => {
    dir = await makeTempDir();
    cipher = new DataCipher(newKey());
    events = [];
    abandoned = [];
  });
  afterEach(async () => {
    await Promise.all(abandoned.map((s) => s.close().catch(() => undefined)));
    await rm(dir, { recursive: true, force: true });
  });

  /** The anchor's delay in {@link crashed}'s store: short, so the tests need not wait a second each. */
  const CRASH_FLUSH_MS = 5;
  const caseFile = (id: string) => path.join(dir, 'cases', `${id}.json`);
  const log = (event: string, fields: Record<string, unknown>) => events.push({ event, fields });
  /** A store whose files stay as they are when the test is done with it (like a process that crashed). */
  /**
   * A store that stops without closing after `run`, once the anchor has written the records of its
   * last lines (it starts writing them {@link CRASH_FLUSH_MS} after the lines here, {@link FLUSH_DELAY_MS}
   * by default, a few shards per turn of the event loop; a crash before that leaves files ahead of
   * their records, which reads accept). The wait's timer is due after the anchor's (timers run in the
   * order they are due); then each turn of the loop waited for follows one slice of the anchor's (an
   * immediate queued during a turn runs in the next), and every slice writes at least one shard, more
   * than these tests' files touch. Left open: it writes nothing more.
   */
  async function crashed(run: (store: Store) => Promise<void>): Promise<void> {
    const store = await LowdbStore.open(dir, { cipher, compactAfterMs: 0, anchorFlushMs: CRASH_FLUSH_MS, log });
    await run(store);
    await new Promise((resolve) => setTimeout(resolve, CRASH_FLUSH_MS * 2));
    for (let k = 0; k < 100; k++) await new Promise((resolve) => setImmediate(resolve));
    abandoned.push(store);
  }
  /** The full check tools run (`openStore`'s default): open, then read every case, outbox item and deadline. */
  const startUp = () => openStore(dir, cipher, { log });
  const cut = async (file: string, keep: number) => {
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.split(/(?<=\n)/).slice(0, keep).join(''));
  };

  /** Every value each file in the data folder held along its journal: line 1, lines 1–2, … (so every line's content). */
  async function everyVersionOfEveryFile(): Promise<{ files: string[]; versions: string[] }> {
    const files: string[] = [];
    const versions: string[] = [];
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      const rel = path.relative(dir, full);
      files.push(rel);
      const lines = (await readFile(full, 'utf8')).split(/(?<=\n)/);
      for (let k = 1; k <= lines.length; k++) versions.push(JSON.stringify(decodeJournal(lines.slice(0, k).join(''), cipher, rel).value));
    }
    return { files, versions };
  }

  it('leaves no line of any file holding redacted text, keeps the rest of the case, and still starts', async () => {
    // Arrange
    const NAME = 'Karel Appelboom';
    const redacted = (e: LogEntry): LogEntry => ({ ...e, data: { ...e.data, value: null, redacted: true } });
    await crashed(async (store) => {
      await store.createCase(makeMeta('c1'), [makeEntry(1, { data: { field: 'feiten', value: `${NAME} sloeg het kind` } })]);
      for (let n = 2; n < 8; n++) await store.appendLog('c1', [makeEntry(n, { data: { field: 'bron', value: `eigen-${n}` } })]);
      await store.createCase(makeMeta('c2'), [makeEntry(1, { data: { field: 'feiten', value: 'ander verhaal' } })]);
      expect((await everyVersionOfEveryFile()).versions.some((v) => v.includes(NAME))).toBe(true);

      // Act
      await store.redactLog('c1', (e) => e.data.field === 'feiten', redacted, { at: '2025-01-02T00:00:00.000Z', actor: 'web:alice', type: 'redaction', data: { reden: 'naam' } });
    });

    // Assert
    const { files, versions } = await everyVersionOfEveryFile();
    expect(versions.filter((v) => v.includes(NAME))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await readFile(caseFile('c1'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
    const fresh = await startUp();
    const record = await fresh.getCase('c1');
    expect(record?.log.map((e) => e.data.value)).toEqual([null, 'eigen-2', 'eigen-3', 'eigen-4', 'eigen-5', 'eigen-6', 'eigen-7', undefined]);
    expect((await fresh.getCase('c2'))?.log[0]?.data.value).toBe('ander verhaal');
    await fresh.close();
  });

  it('refuses a case file cut at a line boundary (37 lines to 10), naming it, and leaves it as it was', async () => {
    // Arrange
    await crashed(async (store) => {
      await store.createCase(makeMeta('c1'));
      for (let n = 0; n < 30; n++) await store.appendLog('c1', [makeEntry(n)]);
      for (let n = 0; n < 6; n++) await store.updateCaseMeta('c1', { status: n === 5 ? 'besluit' : 'open' } as Partial<CaseMeta>);
    });
    expect((await readFile(caseFile('c1'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(37);
    await cut(caseFile('c1'), 10);
    const before = await readFile(caseFile('c1'));

    // Act
    const err = await storeErrorOf(startUp());

    // Assert
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toContain(caseFile('c1'));
    expect(err.message).toMatch(/was cut: it has 10 lines, where this data folder recorded 37/);
    expect(await readFile(caseFile('c1'))).toEqual(before);
  });

  it('refuses an older complete copy of a case file put back, before and after the file was rewritten', async () => {
    // Arrange
    let older = Buffer.alloc(0);
    await crashed(async (store) => {
      await store.createCase(makeMeta('c1'));
      for (let n = 0; n < 9; n++) await store.appendLog('c1', [makeEntry(n)]);
      older = await readFile(caseFile('c1'));
      for (let n = 9; n < 12; n++) await store.appendLog('c1', [makeEntry(n)]);
    });
    const current = await readFile(caseFile('c1'));

    // Act
    await writeFile(caseFile('c1'), older);
    const sameVersion = await storeErrorOf(startUp());
    await writeFile(caseFile('c1'), current);
    const next = await startUp();
    await next.appendLog('c1', [makeEntry(12)]);
    // Closing rewrites the file it changed as one line.
    await next.close();
    await writeFile(caseFile('c1'), older);
    const afterRewrite = await storeErrorOf(startUp());

    // Assert
    expect(sameVersion.message).toMatch(/c1\.json.*was cut/);
    expect(afterRewrite.message).toMatch(/c1\.json.*is an older copy/);
  });

  it('refuses a deleted case put back, and a recorded case file that was removed', async () => {
    // Arrange
    let copy = Buffer.alloc(0);
    await crashed(async (store) => {
      await store.createCase(makeMeta('c1'), [makeEntry(0)]);
      await store.createCase(makeMeta('c2'), [makeEntry(0)]);
      copy = await readFile(caseFile('c1'));
      await store.deleteCase('c1');
    });

    // Act
    await writeFile(caseFile('c1'), copy);
    const putBack = await storeErrorOf(startUp());
    await rm(caseFile('c1'));
    await rm(caseFile('c2'));
    const removedAtStartUp = await storeErrorOf(startUp());
    const store = await LowdbStore.open(dir, { cipher, log });
    abandoned.push(store);
    const removed = await storeErrorOf(store.getCase('c2'));

    // Assert
    expect(putBack.message).toMatch(/c1\.json.*was deleted/);
    expect(removedAtStartUp.message).toMatch(/c2\.json is missing/);
    expect(await store.getCase('c1')).toBeUndefined();
    expect(removed.message).toMatch(/c2\.json.*is missing/);
  });

  it('starts after a document was deleted, and refuses the deleted document put back', async () => {
    // Arrange
    const docFile = path.join(dir, 'docs', 'export-x.json');
    let copy = Buffer.alloc(0);
    await crashed(async (store) => {
      await store.putDoc('export-x', null);
      copy = await readFile(docFile);
      await store.deleteDoc('export-x');
    });

    // Act
    const reopened = await startUp();
    abandoned.push(reopened);
    const gone = await reopened.getDoc('export-x');
    await writeFile(docFile, copy);
    const next = await startUp();
    abandoned.push(next);
    const putBack = await storeErrorOf(next.getDoc('export-x'));

    // Assert
    expect(gone).toBeUndefined();
    expect(putBack.message).toMatch(/export-x\.json.*was deleted/);
  });

  it('refuses a plain line appended to an encrypted case file, and leaves the file as it was', async () => {
    // Arrange
    await crashed(async (store) => {
      await store.createCase(makeMeta('c1', { owner: 'web:alice' }), [makeEntry(0)]);
      await store.appendLog('c1', [makeEntry(1)]);
    });
    await appendFile(caseFile('c1'), `${JSON.stringify({ f: { meta: makeMeta('c1', { owner: 'web:mallory' }) } })}\n`);
    const before = await readFile(caseFile('c1'));

    // Act
    const err = await storeErrorOf(startUp());

    // Assert
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toMatch(/c1\.json.*not encrypted \(line 3\)/);
    expect(await readFile(caseFile('c1'))).toEqual(before);
  });

  it('skips a cut-off last line with a warning that names the file and holds none of its content', async () => {
    // Arrange
    await crashed(async (store) => {
      await store.createCase(makeMeta('c1'), [makeEntry(0, { data: { text: 'blauwe plek' } })]);
    });
    await appendFile(caseFile('c1'), '{"mc":2,"iv":"blauwe plek');

    // Act
    const store = await startUp();
    abandoned.push(store);

    // Assert
    expect((await store.getCase('c1'))?.log).toHaveLength(1);
    expect(events.filter((e) => e.event === 'store.line_skipped').map((e) => e.fields)).toContainEqual({ file: path.join('cases', 'c1.json'), reason: 'cut-off last line' });
    expect(JSON.stringify(events)).not.toContain('blauwe');
  });

  it('converts a data folder of the earlier format at start-up, after which an old copy put back is refused', async () => {
    // Arrange: files as earlier versions wrote them (each line encrypted on its own, not chained, no record of the files).
    const rel = path.join('cases', 'c1.json');
    await mkdir(path.join(dir, 'cases'), { recursive: true });
    await writeFile(path.join(dir, 'keycheck.json'), `${cipher.encrypt(JSON.stringify({ check: 'meldcode-assistent' }), 'keycheck.json')}\n`);
    const earlier = `${cipher.encrypt(JSON.stringify({ meta: makeMeta('c1'), log: [makeEntry(0)] }), rel)}\n${cipher.encrypt(JSON.stringify({ a: { log: [makeEntry(1)] } }), `${rel}#1`)}\n`;
    await writeFile(caseFile('c1'), earlier);

    // Act
    const store = await startUp();
    const read = await store.getCase('c1');
    await store.close();
    await writeFile(caseFile('c1'), earlier);
    const putBack = await storeErrorOf(startUp());

    // Assert
    expect(read?.log).toEqual([makeEntry(0), makeEntry(1)]);
    expect(events).toContainEqual({ event: 'store.converted', fields: { files: 1 } });
    expect(putBack.message).toMatch(/c1\.json.*format of an earlier version/);
  });

  describe('the integrity sweep (what a server leaves out of its start-up)', () => {
    const deadline = (id: string, caseId: string) => ({ id, caseId, kind: 'claim-reminder' as const, dueAt: '2026-01-01T09:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z' });
    const byFile = (a: DamagedFile, b: DamagedFile) => a.file.localeCompare(b.file);

    it('opens for a server over damaged files, then names every one by its path and reason, goes on past each, and changes none', async () => {
      // Arrange: six cases; then one damaged, one tampered, one put back as an older copy, one removed, and one case's deadline file damaged.
      let older = Buffer.alloc(0);
      let deadlines5 = '';
      await crashed(async (store) => {
        for (const id of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']) await store.createCase(makeMeta(id), [makeEntry(0)]);
        await store.addDeadline(deadline('d5', 'c5'));
        await store.addDeadline(deadline('d6', 'c6'));
        deadlines5 = path.join('case-deadlines', `${store.names.name('c5', 40)}.json`);
        older = await readFile(caseFile('c3'));
        await store.appendLog('c3', [makeEntry(1)]);
      });
      await writeFile(caseFile('c1'), 'not json\n');
      const envelope = JSON.parse(await readFile(caseFile('c2'), 'utf8')) as { ct: string };
      envelope.ct = Buffer.from('not what was written').toString('base64');
      await writeFile(caseFile('c2'), `${JSON.stringify(envelope)}\n`);
      await writeFile(caseFile('c3'), older);
      await rm(caseFile('c4'));
      await writeFile(path.join(dir, deadlines5), '{"mc":2,"iv":"x"}\n');
      const damaged = ['c1', 'c2', 'c3'].map((id) => path.join('cases', `${id}.json`)).concat(deadlines5);
      const before = await Promise.all(damaged.map((rel) => readFile(path.join(dir, rel))));

      // Act
      const store = await openStore(dir, cipher, { log, check: 'serve' });
      abandoned.push(store);
      const found: DamagedFile[] = [];
      await store.sweep((d) => found.push(d));

      // Assert
      const expected: DamagedFile[] = [
        { file: deadlines5, reason: 'damaged' },
        { file: path.join('cases', 'c1.json'), reason: 'damaged' },
        { file: path.join('cases', 'c2.json'), reason: 'undecryptable' },
        { file: path.join('cases', 'c3.json'), reason: 'rolled_back' },
        { file: path.join('cases', 'c4.json'), reason: 'missing' },
      ];
      expect(found.sort(byFile)).toEqual(expected.sort(byFile));
      expect(await Promise.all(damaged.map((rel) => readFile(path.join(dir, rel))))).toEqual(before);
      expect(existsSync(caseFile('c4'))).toBe(false);
      // The rest works: the sound cases, their listing and deadlines; the damaged ones keep failing, and are never written.
      expect((await store.getCase('c6'))?.log).toEqual([makeEntry(0)]);
      expect((await store.listCases()).map((m) => m.id)).toEqual(['c5', 'c6']);
      expect((await store.pendingDeadlines()).map((d) => d.id)).toEqual(['d6']);
      for (const id of ['c1', 'c2', 'c3', 'c4']) expect([id, (await storeErrorOf(store.getCase(id))).code]).toEqual([id, 'CORRUPT_FILE']);
      expect((await storeErrorOf(store.addDeadline(deadline('d5b', 'c5')))).code).toBe('CORRUPT_FILE');
      expect((await storeErrorOf(store.appendLog('c3', [makeEntry(2)]))).code).toBe('CORRUPT_FILE');
      expect(await Promise.all(damaged.map((rel) => readFile(path.join(dir, rel))))).toEqual(before);
    });

    it('ends at its next pause when the store closes under it, with CLOSED, instead of keeping the close waiting', async () => {
      // Arrange: a few hundred cases, so the sweep has work left when the close comes.
      await crashed(async (store) => {
        for (let i = 0; i < 300; i++) await store.createCase(makeMeta(`c${i}`), [makeEntry(0)]);
      });
      const store = await openStore(dir, cipher, { log, check: 'serve' });
      const found: DamagedFile[] = [];

      // Act: the close is asked for in the same event-loop turn as the sweep.
      const swept = store.sweep((d) => found.push(d)).catch((err: unknown) => err);
      await store.close();

      // Assert
      expect((await swept as StoreError).code).toBe('CLOSED');
      expect(found).toEqual([]);
      // Nothing was harmed: a full check afterwards finds every case.
      const again = await startUp();
      abandoned.push(again);
      expect(await again.listCases()).toHaveLength(300);
    });

    it('still refuses, at a server\u2019s start-up, a damaged outbox (the dispatcher reads it at once), naming it', async () => {
      // Arrange
      await crashed(async (store) => {
        await store.enqueue(makeOutboxItem('n1'));
      });
      const outbox = path.join(dir, 'outbox.json');
      await writeFile(outbox, 'null\n');

      // Act
      const err = await storeErrorOf(openStore(dir, cipher, { log, check: 'serve' }));

      // Assert
      expect(err.code).toBe('CORRUPT_FILE');
      expect(err.message).toContain(outbox);
      expect(await readFile(outbox, 'utf8')).toBe('null\n');
    });

    it('leaves the full check of tools (verify) refusing each such file, naming it', async () => {
      // Arrange
      let deadlines1 = '';
      await crashed(async (store) => {
        await store.createCase(makeMeta('c1'), [makeEntry(0)]);
        await store.createCase(makeMeta('c2'), [makeEntry(0)]);
        await store.addDeadline(deadline('d1', 'c1'));
        deadlines1 = path.join(dir, 'case-deadlines', `${store.names.name('c1', 40)}.json`);
      });
      const sound = await startUp();
      await sound.close();
      const store = await openStore(dir, cipher, { log, check: 'serve' });
      abandoned.push(store);

      // Act: a damaged deadline file, then a removed case file.
      await writeFile(deadlines1, 'null\n');
      const damagedDeadlines = await storeErrorOf(startUp());
      await rm(deadlines1);
      await rm(caseFile('c2'));
      const missing = await storeErrorOf(startUp());

      // Assert
      expect(damagedDeadlines.message).toContain(deadlines1);
      // Both removed files are missing; the anchor's shards give no order, so either is named first.
      expect([`${caseFile('c2')} is missing`, `${deadlines1} is missing`].some((text) => missing.message.includes(text))).toBe(true);
    });
  });
});

describe('LowdbStore', () => {
  let dir: string;
  /** Stores opened by a test; all are closed afterwards (closing twice is harmless). */
  let opened: Store[];

  async function open(): Promise<LowdbStore> {
    // Without openStore's start-up check, so each operation's own handling of a bad file is tested.
    const store = await LowdbStore.open(dir);
    opened.push(store);
    return store;
  }

  async function reopen(store: Store): Promise<LowdbStore> {
    await store.close();
    return open();
  }

  beforeEach(async () => {
    dir = await makeTempDir();
    opened = [];
  });

  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  describe('persistence', () => {
    it('keeps user state and a case with its log across a restart', async () => {
      // Arrange
      const first = await open();
      await first.saveUser('teams:29:abc', { node: 'stap2', lang: 'nl' });
      await first.createCase(makeMeta('case1'), [makeEntry(0, { type: 'opened' })]);
      await first.appendLog('case1', [makeEntry(1), makeEntry(2)]);
      await first.updateCaseMeta('case1', { step: 2, updatedAt: '2025-01-05T00:00:00.000Z' });

      // Act
      const second = await reopen(first);

      // Assert
      expect(await second.loadUser('teams:29:abc')).toEqual({ node: 'stap2', lang: 'nl' });
      expect(await second.getCase('case1')).toEqual({
        meta: makeMeta('case1', { step: 2, updatedAt: '2025-01-05T00:00:00.000Z' }),
        log: [makeEntry(0, { type: 'opened' }), makeEntry(1), makeEntry(2)],
      });
      expect((await second.listCases()).map((m) => m.id)).toEqual(['case1']);
    });

    it('keeps pending deadlines across a restart and fires each once', async () => {
      const first = await open();
      for (const id of ['r1', 'r2']) {
        await first.addDeadline({ id, caseId: 'c1', kind: 'claim-reminder', dueAt: '2026-01-01T09:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z' });
      }
      await first.fireDeadline('r1', '2026-01-01T10:00:00.000Z');
      const second = await reopen(first);
      expect((await second.pendingDeadlines()).map((d) => d.id)).toEqual(['r2']);
      expect(await second.fireDeadline('r1', '2026-01-02T10:00:00.000Z')).toBe(false);
      expect(await second.fireDeadline('r2', '2026-01-02T10:00:00.000Z')).toBe(true);
      const third = await reopen(second);
      expect(await third.pendingDeadlines()).toEqual([]);
    });

    it('keeps only deadlines due within a few days in memory, and still finds, fires and refuses far ones after a restart', async () => {
      const first = await open();
      const now = Date.now();
      const at = (days: number) => new Date(now + days * 86_400_000).toISOString();
      // Twenty closed cases, each with a retention deadline years away and a follow-up tomorrow for one of them.
      for (let i = 0; i < 20; i++) {
        await first.addDeadline({ id: `retention-c${i}`, caseId: `c${i}`, kind: 'retention', dueAt: at(1800 + i), createdAt: at(0) });
      }
      await first.addDeadline({ id: 'followup-c0', caseId: 'c0', kind: 'followup', dueAt: at(1), createdAt: at(0) });
      const second = await reopen(first);
      expect((await second.pendingDeadlines(at(0))).map((d) => d.id)).toEqual([]);
      expect(second.deadlinesHeld()).toEqual({ deadlines: 1, ids: 21 });
      // An id of another case is still refused, and one far away still fires, once.
      expect(await second.addDeadline({ id: 'retention-c3', caseId: 'c7', kind: 'retention', dueAt: at(2), createdAt: at(0) })).toBe(false);
      expect(await second.addDeadline({ id: 'retention-c3', caseId: 'c3', kind: 'retention', dueAt: at(2), createdAt: at(0) })).toBe(false);
      expect(await second.fireDeadline('retention-c5', at(0))).toBe(true);
      expect(await second.fireDeadline('retention-c5', at(0))).toBe(false);
      expect(await second.fireDeadline('retention-c99', at(0))).toBe(false);
      // Asked about later times, the window moves: what falls due then is found, what fired is not.
      expect((await second.pendingDeadlines(at(2))).map((d) => d.id)).toEqual(['followup-c0']);
      expect((await second.pendingDeadlines(at(1806))).map((d) => d.id)).toEqual(['followup-c0', 'retention-c0', 'retention-c1', 'retention-c2', 'retention-c3', 'retention-c4', 'retention-c6']);
      expect(second.deadlinesHeld().deadlines).toBeLessThanOrEqual(21);
      expect((await second.pendingDeadlines()).length).toBe(20);
      await second.cancelDeadlines('c0', undefined, at(0));
      expect((await second.pendingDeadlines(at(1806))).map((d) => d.id)).toEqual(['retention-c1', 'retention-c2', 'retention-c3', 'retention-c4', 'retention-c6']);
      const third = await reopen(second);
      expect((await third.pendingDeadlines()).map((d) => d.id)).not.toContain('retention-c0');
      expect((await third.pendingDeadlines()).length).toBe(18);
    });

    it('loses no deadline written while the window is gathered', async () => {
      const first = await open();
      const soon = new Date(Date.now() + 3_600_000).toISOString();
      for (let i = 0; i < 30; i++) await first.addDeadline({ id: `n${i}`, caseId: `c${i}`, kind: 'nudge', dueAt: soon, createdAt: soon });
      const second = await reopen(first);
      // The first question gathers the window; adds, fires and cancels are issued before it has finished.
      const asked = second.pendingDeadlines(soon);
      const writes = Promise.all([
        second.addDeadline({ id: 'new', caseId: 'c40', kind: 'nudge', dueAt: soon, createdAt: soon }),
        second.fireDeadline('n1', soon),
        second.cancelDeadlines('c2', undefined, soon),
      ]);
      await asked;
      expect(await writes).toEqual([true, true, 1]);
      const ids = (await second.pendingDeadlines(soon)).map((d) => d.id);
      expect(ids).toContain('new');
      expect(ids).not.toContain('n1');
      expect(ids).not.toContain('n2');
      expect(ids).toHaveLength(29);
    });

    it('keeps named documents across a restart', async () => {
      const first = await open();
      await first.putDoc('teams-af-channel', { conversationId: '19:abc', serviceUrl: 'http://x' });
      const second = await reopen(first);
      expect(await second.getDoc('teams-af-channel')).toEqual({ conversationId: '19:abc', serviceUrl: 'http://x' });
    });

    it('keeps the outbox across a restart until items are acknowledged', async () => {
      // Arrange
      const first = await open();
      await first.enqueue(makeOutboxItem('n1', { createdAt: '2025-01-01T00:00:00.000Z' }));
      await first.enqueue(makeOutboxItem('n2', { createdAt: '2025-01-02T00:00:00.000Z' }));

      // Act
      const second = await reopen(first);
      const afterRestart = await second.pending();
      await second.ack('n1');
      const third = await reopen(second);

      // Assert
      expect(afterRestart.map((i) => i.id)).toEqual(['n1', 'n2']);
      expect(await third.pending()).toEqual([makeOutboxItem('n2', { createdAt: '2025-01-02T00:00:00.000Z' })]);
    });

    it('lands 50 concurrent user saves and 50 concurrent appends to one case', async () => {
      // Arrange
      const seed = await open();
      await seed.createCase(makeMeta('busy'));
      // A fresh store has nothing cached yet, so every append must also load the file: the
      // case where unserialised read-modify-writes lose entries.
      const first = await reopen(seed);
      const users = Array.from({ length: 50 }, (_, n) => `web:user-${n}`);

      // Act
      await Promise.all([
        ...users.map((key, n) => first.saveUser(key, { n })),
        ...Array.from({ length: 50 }, (_, n) => first.appendLog('busy', [makeEntry(n)])),
      ]);
      const second = await reopen(first);

      // Assert
      const states = await Promise.all(users.map((key) => second.loadUser(key)));
      expect(states).toEqual(users.map((_, n) => ({ n })));
      const log = (await second.getCase('busy'))?.log ?? [];
      expect(log.map((e) => e.data.n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    });

    it('waits for in-flight writes on close', async () => {
      // Arrange
      const store = await open();
      await store.createCase(makeMeta('case1'));

      // Act
      const writes = [store.saveUser('web:alice', { v: 1 }), store.appendLog('case1', [makeEntry(1)])];
      await store.close();

      // Assert
      const userFile = path.join(dir, 'users', userFileName('web:alice'));
      expect(JSON.parse(await readFile(userFile, 'utf8'))).toEqual({ state: { v: 1 } });
      const caseFile = JSON.parse(await readFile(path.join(dir, 'cases', 'case1.json'), 'utf8')) as { log: unknown[] };
      expect(caseFile.log).toHaveLength(1);
      await Promise.all(writes);
    });
  });

  describe('journal files', () => {
    const linesOf = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '').length;
    const caseFile = (id: string) => path.join(dir, 'cases', `${id}.json`);

    it('appends each change to the same file, and a store opened after a crash reads it back the same', async () => {
      // Arrange: a store that is never closed, as after a crash.
      const crashed = await LowdbStore.open(dir, { compactAfterMs: 0 });
      await crashed.createCase(makeMeta('case1'));
      const created = await stat(caseFile('case1'));
      await crashed.appendLog('case1', [makeEntry(1)]);
      await crashed.updateCaseMeta('case1', { step: 2 });
      await crashed.appendLog('case1', [makeEntry(2), makeEntry(3)]);
      await crashed.saveUser('web:alice', { v: 1 });
      await crashed.saveUser('web:alice', { v: 2 });

      // Act
      const after = await open();

      // Assert
      expect((await stat(caseFile('case1'))).ino).toBe(created.ino);
      expect(await linesOf(caseFile('case1'))).toBe(4);
      expect(await after.getCase('case1')).toEqual({ meta: makeMeta('case1', { step: 2 }), log: [makeEntry(1), makeEntry(2), makeEntry(3)] });
      expect(await after.loadUser('web:alice')).toEqual({ v: 2 });
      expect((await after.listCases()).map((m) => [m.id, m.step])).toEqual([['case1', 2]]);
    });

    it('leaves every file it changed as one line when it closes', async () => {
      const store = await open();
      await store.createCase(makeMeta('case1'));
      for (let n = 0; n < 5; n++) await store.appendLog('case1', [makeEntry(n)]);
      await store.saveUser('web:alice', { v: 1 });
      await store.saveUser('web:alice', { v: 2 });
      await store.close();
      expect(await linesOf(caseFile('case1'))).toBe(1);
      expect(await linesOf(path.join(dir, 'users', userFileName('web:alice')))).toBe(1);
      expect((await (await open()).getCase('case1'))?.log).toHaveLength(5);
    });

    it("rewrites a user's file as the last state saved, when the file is full and when the store closes", async () => {
      const store = await LowdbStore.open(dir, { compactAfterMs: 0 });
      const userFile = path.join(dir, 'users', userFileName('web:alice'));
      // One more save than the file holds lines: the last one rewrites it as its value.
      for (let n = 0; n <= MAX_LINES; n++) await store.saveUser('web:alice', { n, cases: { c1: { fact: `feit ${n}` } } });
      const full = await readFile(userFile, 'utf8');
      await store.saveUser('web:alice', { n: 'last' });
      await store.close();

      expect(decodeJournal(full, undefined, 'users')).toMatchObject({ value: { state: { n: MAX_LINES, cases: { c1: { fact: `feit ${MAX_LINES}` } } } }, lines: 1 });
      expect(await linesOf(userFile)).toBe(1);
      expect(await (await open()).loadUser('web:alice')).toEqual({ n: 'last' });
    });

    it('rewrites files left alone as one line in the background, without losing a change made meanwhile', async () => {
      const store = await LowdbStore.open(dir, { compactAfterMs: 0 });
      opened.push(store);
      await store.createCase(makeMeta('case1'));
      await store.appendLog('case1', [makeEntry(1)]);
      await store.appendLog('case1', [makeEntry(2)]);
      const rounds = store.compactIdle(0);
      // Queued behind the rewrite's lock or before it: either way it must survive.
      const late = store.appendLog('case1', [makeEntry(3)]);
      expect(await rounds).toBeGreaterThanOrEqual(0);
      await late;
      await store.compactIdle(0);
      expect(await linesOf(caseFile('case1'))).toBe(1);
      expect((await (await reopen(store)).getCase('case1'))?.log).toEqual([makeEntry(1), makeEntry(2), makeEntry(3)]);
    });

    it('rewrites files that leave a one-file cache, and loses nothing while files come and go', async () => {
      // Arrange
      const store = await LowdbStore.open(dir, { compactAfterMs: 0, maxCachedFiles: 1 });
      opened.push(store);
      const ids = ['c1', 'c2', 'c3'];
      for (const id of ids) await store.createCase(makeMeta(id));

      // Act: every append reads its file again and pushes the previous one out of the cache.
      await Promise.all(ids.flatMap((id) => Array.from({ length: 10 }, (_, n) => store.appendLog(id, [makeEntry(n)]))));
      for (let n = 10; n < 15; n++) for (const id of ids) await store.appendLog(id, [makeEntry(n)]);
      await store.compactIdle(0);

      // Assert
      const reopened = await reopen(store);
      for (const id of ids) {
        expect({ id, log: (await reopened.getCase(id))?.log.map((e) => e.data.n) }).toEqual({ id, log: Array.from({ length: 15 }, (_, n) => n) });
      }
      const lineCounts = await Promise.all(ids.map((id) => linesOf(caseFile(id))));
      expect(lineCounts).toEqual([1, 1, 1]);
    });

    it('never rewrites a file from a copy that left the cache if the file was changed again since', async () => {
      // Arrange: case1 has a journal and is pushed out of a one-file cache by another file.
      const store = await LowdbStore.open(dir, { compactAfterMs: 0, maxCachedFiles: 1 });
      opened.push(store);
      await store.createCase(makeMeta('case1'));
      await store.appendLog('case1', [makeEntry(1)]);
      await store.saveUser('web:alice', { v: 1 });

      // Act: read again and changed before the queued rewrite of the old copy runs.
      await store.appendLog('case1', [makeEntry(2)]);
      await store.compactIdle(0);

      // Assert: what is on disk now (closing would rewrite the file once more, from the current copy).
      expect((await (await open()).getCase('case1'))?.log).toEqual([makeEntry(1), makeEntry(2)]);
    });

    it('keeps the outbox in one file, a line per item queued or acknowledged, and takes in the item files of earlier versions', async () => {
      // Arrange: an item file as earlier versions wrote it, and the queue of this version.
      const legacy = path.join(dir, 'outbox', 'old1.json');
      const first = await LowdbStore.open(dir, { compactAfterMs: 0 });
      await first.enqueue(makeOutboxItem('n1', { createdAt: '2025-01-02T00:00:00.000Z' }));
      await first.enqueue(makeOutboxItem('n2', { createdAt: '2025-01-03T00:00:00.000Z' }));
      await first.ack('n1');
      const queue = path.join(dir, 'outbox.json');
      const lineCount = await linesOf(queue);
      await first.close();
      await mkdir(path.dirname(legacy), { recursive: true });
      await writeFile(legacy, JSON.stringify(makeOutboxItem('old1', { createdAt: '2025-01-01T00:00:00.000Z' }), null, 2));

      // Act
      const second = await open();
      const pending = await second.pending();

      // Assert
      // Created with the first item, then a line for the second and one for the acknowledgement.
      expect(lineCount).toBe(3);
      expect(pending.map((i) => i.id)).toEqual(['old1', 'n2']);
      expect(existsSync(path.join(dir, 'outbox'))).toBe(false);
      await second.ack('old1');
      expect((await (await reopen(second)).pending()).map((i) => i.id)).toEqual(['n2']);
    });

    it('keeps a case\u2019s deadlines in one file and takes in the deadline files of earlier versions', async () => {
      // Arrange: three deadlines of one case, then a pending and a fired deadline as files of their own (earlier versions).
      const first = await open();
      const d = (id: string, caseId: string, extra: Record<string, string> = {}) => ({ id, caseId, kind: 'claim-reminder' as const, dueAt: '2026-01-01T09:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z', ...extra });
      for (const id of ['a', 'b', 'c']) await first.addDeadline(d(id, 'case1'));
      await first.close();
      const sets = await readdir(path.join(dir, 'case-deadlines'));
      await mkdir(path.join(dir, 'deadlines'));
      await writeFile(path.join(dir, 'deadlines', 'old-pending.json'), JSON.stringify(d('old-pending', 'case2')));
      await writeFile(path.join(dir, 'deadlines', 'old-fired.json'), JSON.stringify(d('old-fired', 'case1', { firedAt: '2026-01-01T09:01:00.000Z' })));

      // Act
      const second = await open();
      const pending = (await second.pendingDeadlines()).map((x) => x.id);

      // Assert
      expect(sets).toHaveLength(1);
      expect(pending).toEqual(['a', 'b', 'c', 'old-pending']);
      expect(existsSync(path.join(dir, 'deadlines'))).toBe(false);
      expect(await readdir(path.join(dir, 'case-deadlines'))).toHaveLength(2);
      expect(await second.addDeadline(d('old-fired', 'case1'))).toBe(false);
      expect(await second.fireDeadline('old-pending', '2026-01-01T10:00:00.000Z')).toBe(true);
      expect((await (await reopen(second)).pendingDeadlines()).map((x) => x.id)).toEqual(['a', 'b', 'c']);
    });

    it('leaves no earlier version of a user\u2019s state on disk after an erasing save', async () => {
      const store = await LowdbStore.open(dir, { compactAfterMs: 0 });
      opened.push(store);
      const file = path.join(dir, 'users', userFileName('web:alice'));
      await store.saveUser('web:alice', { cases: { c1: { fact: 'blauwe plek op de arm' } } });
      await store.saveUser('web:alice', { cases: { c1: { fact: 'blauwe plek op de arm' }, c2: {} } });
      await store.saveUser('web:alice', { cases: { c2: {} } });
      expect(await readFile(file, 'utf8')).toContain('blauwe plek');
      await store.saveUser('web:alice', { cases: { c2: {} } }, { erase: true });
      expect(await readFile(file, 'utf8')).not.toContain('blauwe plek');
      expect(await linesOf(file)).toBe(1);
      expect(await store.loadUser('web:alice')).toEqual({ cases: { c2: {} } });
    });

    it('skips a change cut off by a crash and writes the file whole again at the next change', async () => {
      // Arrange
      const seed = await open();
      await seed.createCase(makeMeta('case1'), [makeEntry(0)]);
      await seed.close();
      const before = await readFile(caseFile('case1'), 'utf8');
      await writeFile(caseFile('case1'), `${before}{"a":{"log":[{"at":"2025-`);
      const store = await open();

      // Act
      const read = await store.getCase('case1');
      await store.appendLog('case1', [makeEntry(1)]);

      // Assert
      expect(read?.log).toEqual([makeEntry(0)]);
      expect(await linesOf(caseFile('case1'))).toBe(1);
      expect((await (await reopen(store)).getCase('case1'))?.log).toEqual([makeEntry(0), makeEntry(1)]);
    });
  });

  describe('write cost', () => {
    it('writes only the touched file when saving a user or appending, with 300 other cases stored', async () => {
      // Arrange
      const seeding = await open();
      await Promise.all(Array.from({ length: 300 }, (_, n) => seeding.createCase(makeMeta(`other-${n}`), [makeEntry(n)])));
      await seeding.createCase(makeMeta('mine'));
      await seeding.saveUser('web:alice', { v: 0 });
      const store = await reopen(seeding);
      await store.listCases();
      const before = await snapshot(dir);

      // Act
      await store.saveUser('web:alice', { v: 1 });
      await store.appendLog('mine', [makeEntry(1)]);
      await store.saveUser('web:new', { v: 1 });
      const after = await snapshot(dir);

      // Assert
      const touched = [path.join('users', userFileName('web:alice')), path.join('cases', 'mine.json')];
      const created = path.join('users', userFileName('web:new'));
      expect([...after.keys()].sort()).toEqual([...before.keys(), created].sort());
      for (const [file, identity] of before) {
        if (touched.includes(file)) {
          expect(after.get(file)).not.toEqual(identity);
        } else {
          expect({ file, identity: after.get(file) }).toEqual({ file, identity });
        }
      }
    });

    it('keeps a file it appends to open (at most OPEN_FILES at once), closes it when the case is deleted, and closes all when closed', async () => {
      const openFiles = async (): Promise<string[]> => openFilesUnder(dir);
      const store = await open();
      await store.createCase(makeMeta('mine'), [makeEntry(0)]);
      await store.appendLog('mine', [makeEntry(1)]);
      await store.appendLog('mine', [makeEntry(2)]);
      const mine = path.join(dir, 'cases', 'mine.json');
      expect(await openFiles()).toEqual([mine]);

      // More files written than are kept open: the least recently written are closed.
      const cases = OPEN_FILES + 16;
      for (let n = 0; n < cases; n++) {
        await store.createCase(makeMeta(`c${n}`), [makeEntry(0)]);
        await store.appendLog(`c${n}`, [makeEntry(1)]);
      }
      const many = await openFiles();
      expect(many.length).toBe(OPEN_FILES);
      expect(many).not.toContain(mine);
      await store.appendLog('mine', [makeEntry(3)]);
      expect(await openFiles()).toContain(mine);

      // A deleted case leaves nothing open behind it (its content would stay on disk while it was).
      await store.deleteCase('mine');
      expect((await openFiles()).filter((f) => f.startsWith(mine))).toEqual([]);
      expect((await store.getCase(`c${cases - 1}`))?.log).toHaveLength(2);

      await store.close();
      expect(await openFiles()).toEqual([]);
    });

    it('writes nothing when an outbox item is handed back unchanged, and records a changed one', async () => {
      // Arrange
      const store = await open();
      await store.enqueue(makeOutboxItem('o1'));
      const [leased] = await store.leasePending(60_000);
      const before = await snapshot(dir);

      // Act
      await store.enqueue(leased as OutboxItem);
      const afterSame = await snapshot(dir);
      await store.enqueue({ ...(leased as OutboxItem), attempts: 1 });
      const afterChange = await snapshot(dir);

      // Assert
      expect(afterSame).toEqual(before);
      expect(afterChange).not.toEqual(before);
      expect(await store.pending()).toEqual([makeOutboxItem('o1', { attempts: 1 })]);
    });
  });

  describe('privacy and safety', () => {
    it('names user files by a hash, never by the user key', async () => {
      // Arrange
      const store = await open();

      // Act
      await store.saveUser('teams:29:1AbCdEf', { v: 1 });
      await store.saveUser('slack:U123', { v: 1 });
      const names = await readdir(path.join(dir, 'users'));

      // Assert
      expect(names.sort()).toEqual([userFileName('slack:U123'), userFileName('teams:29:1AbCdEf')].sort());
      for (const name of names) {
        expect(name).toMatch(/^[0-9a-f]{64}\.json$/);
        expect(name).not.toContain('1AbCdEf');
        expect(name).not.toContain('U123');
      }
    });

    it('creates directories 0700 and data files 0600', async () => {
      // Arrange
      const nested = path.join(dir, 'nested', 'data');
      const store = await LowdbStore.open(nested);
      opened.push(store);

      // Act
      await store.saveUser('web:alice', { v: 1 });
      await store.saveUser('web:alice', { v: 2 });
      await store.createCase(makeMeta('case1'));
      await store.appendLog('case1', [makeEntry(1)]);
      await store.enqueue(makeOutboxItem('n1'));

      // Assert
      for (const d of [nested, ...['users', 'cases', 'docs', 'case-deadlines'].map((sub) => path.join(nested, sub))]) {
        expect({ d, mode: (await stat(d)).mode & 0o777 }).toEqual({ d, mode: 0o700 });
      }
      const files = [...(await snapshot(nested)).keys()];
      expect(files).toHaveLength(3);
      for (const f of files) {
        expect({ f, mode: (await stat(path.join(nested, f))).mode & 0o777 }).toEqual({ f, mode: 0o600 });
      }
    });

    it('rejects a path-traversal case id and writes nothing outside the data directory', async () => {
      // Arrange
      const store = await open();

      // Act
      const error = await storeErrorOf(store.createCase(makeMeta('../x')));

      // Assert
      expect(error.code).toBe('INVALID_ID');
      expect(await readdir(path.dirname(dir))).not.toContain('x.json');
      expect(await readdir(path.join(dir, 'cases'))).toEqual([]);
    });
  });

  describe('corrupt files', () => {
    it.each([
      ['invalid JSON', '{"meta": {"id": "case1", '],
      ['JSON null', 'null'],
      ['an empty file', ''],
      ['the wrong shape', '{"meta": 1, "log": []}'],
      ['another case id', JSON.stringify({ meta: makeMeta('case2'), log: [] })],
    ])('refuses, in the full check of tools (openStore), a case file holding %s, naming the file and leaving it as it was', async (_label, content) => {
      const file = path.join(dir, 'cases', 'case1.json');
      const seed = await open();
      await seed.createCase(makeMeta('case1'));
      await seed.close();
      await writeFile(file, content);
      const error = await storeErrorOf(openStore(dir));
      expect(error.code).toBe('CORRUPT_FILE');
      expect(error.message).toContain(file);
      expect(await readFile(file, 'utf8')).toBe(content);
    });

    it.each([
      ['invalid JSON', '{"meta": '],
      ['JSON null', 'null'],
      ['an empty file', ''],
      ['the wrong shape', '{"meta": 1, "log": []}'],
      ['another case id', JSON.stringify({ meta: makeMeta('case2'), log: [] })],
    ])('rejects a case file holding %s with CORRUPT_FILE, leaves it out of the listing, and never changes it', async (_label, content) => {
      // Arrange
      const file = path.join(dir, 'cases', 'case1.json');
      const seed = await open();
      await seed.createCase(makeMeta('case0'));
      await seed.createCase(makeMeta('case1'));
      await seed.close();
      await writeFile(file, content);
      const store = await open();

      // Act
      const errors = [
        await storeErrorOf(store.getCase('case1')),
        await storeErrorOf(store.appendLog('case1', [makeEntry(1)])),
        await storeErrorOf(store.updateCaseMeta('case1', { step: 3 })),
        await storeErrorOf(store.createCase(makeMeta('case1'))),
      ];
      // Left out of the listing (the integrity sweep reports it), so the other cases are still listed.
      const listed = await store.listCases();

      // Assert
      for (const error of errors) {
        expect(error.code).toBe('CORRUPT_FILE');
        expect(error.path).toBe(file);
        expect(error.message).toContain(`Data file ${file} is corrupt or unreadable`);
        expect(error.message).toContain('it was left untouched. Restore it from a backup or move it aside.');
      }
      expect(listed.map((m) => m.id)).toEqual(['case0']);
      expect(await readFile(file, 'utf8')).toBe(content);
      expect((await readdir(path.join(dir, 'cases'))).sort()).toEqual(['case0.json', 'case1.json']);
    });

    it('rejects a corrupt user file with CORRUPT_FILE on load and save and never changes it', async () => {
      // Arrange
      const file = path.join(dir, 'users', userFileName('web:alice'));
      const seed = await open();
      await seed.saveUser('web:alice', { v: 1 });
      await seed.close();
      const garbage = Buffer.from([0x7b, 0x22, 0x73, 0xff, 0x00, 0x0a]);
      await writeFile(file, garbage);
      const store = await open();

      // Act
      const loadError = await storeErrorOf(store.loadUser('web:alice'));
      const saveError = await storeErrorOf(store.saveUser('web:alice', { v: 2 }));

      // Assert
      for (const error of [loadError, saveError]) {
        expect(error.code).toBe('CORRUPT_FILE');
        expect(error.message).toContain(file);
        expect(error.message).not.toContain('web:alice');
      }
      expect(await readFile(file)).toEqual(garbage);
    });

    it('works again once a corrupt file has been restored, without a restart', async () => {
      // Arrange
      const file = path.join(dir, 'cases', 'case1.json');
      const store = await open();
      await writeFile(file, 'not json');
      await storeErrorOf(store.getCase('case1'));

      // Act
      await writeFile(file, JSON.stringify({ meta: makeMeta('case1'), log: [] }));
      await store.appendLog('case1', [makeEntry(1)]);

      // Assert
      expect((await store.getCase('case1'))?.log).toEqual([makeEntry(1)]);
    });

    it('refuses to open with a corrupt outbox file of an earlier version, and leaves it alone', async () => {
      // Arrange
      const file = path.join(dir, 'outbox', 'n1.json');
      await (await open()).close();
      await mkdir(path.dirname(file));
      await writeFile(file, '[]');

      // Act: earlier versions' files are taken over when the store opens, never on a later read.
      const error = await storeErrorOf(open());

      // Assert
      expect(error.code).toBe('CORRUPT_FILE');
      expect(await readFile(file, 'utf8')).toBe('[]');
    });
  });

  describe('case listing', () => {
    it('answers repeated listings of the cases in hand from memory instead of re-reading every case file', async () => {
      // Arrange
      const seed = await open();
      await seed.createCase(makeMeta('c1'));
      await seed.createCase(makeMeta('c2'));
      const store = await reopen(seed);
      await store.listCases({ inHand: true });
      // Damaging a file on disk is only noticed by an operation that reads it.
      await writeFile(path.join(dir, 'cases', 'c2.json'), 'garbage');

      // Act
      await store.updateCaseMeta('c1', { status: 'besluit' });
      const listed = await store.listCases({ inHand: true });

      // Assert
      expect(listed.map((m) => [m.id, m.status])).toEqual([
        ['c1', 'besluit'],
        ['c2', 'open'],
      ]);
    });

    it('keeps only the cases in hand in memory; a listing of every case reads the folder again', async () => {
      // Arrange: open, closed, closed against the advice (still on the lead's list), closed by the lead.
      const seed = await open();
      await seed.createCase(makeMeta('open'));
      await seed.createCase(makeMeta('closed', { status: 'besluit', closedAt: '2025-01-03T00:00:00.000Z' }));
      await seed.createCase(makeMeta('deviating', { status: 'besluit', closedAt: '2025-01-03T00:00:00.000Z', deviation: true }));
      await seed.createCase(makeMeta('done', { lead: 'gesloten' }));
      const store = await reopen(seed);

      // Act and assert
      expect((await store.listCases({ inHand: true })).map((m) => m.id)).toEqual(['deviating', 'open']);
      expect((await store.listCases()).map((m) => m.id)).toEqual(['closed', 'deviating', 'done', 'open']);
      await store.updateCaseMeta('open', { closedAt: '2025-01-04T00:00:00.000Z' });
      await store.updateCaseMeta('done', { lead: 'opgepakt' });
      expect((await store.listCases({ inHand: true })).map((m) => m.id)).toEqual(['deviating', 'done']);
      expect((await store.listCases({ status: ['besluit'] })).map((m) => m.id)).toEqual(['closed', 'deviating']);
      // A closed case is not held: the next full listing reads its file again (and leaves it out, now damaged).
      await writeFile(path.join(dir, 'cases', 'closed.json'), 'garbage');
      expect((await store.listCases({ inHand: true })).map((m) => m.id)).toEqual(['deviating', 'done']);
      expect((await store.listCases()).map((m) => m.id)).toEqual(['deviating', 'done', 'open']);
    });

    it('ignores leftover temp files and strays in the cases directory', async () => {
      // Arrange
      const store = await open();
      await store.createCase(makeMeta('c1'));
      await writeFile(path.join(dir, 'cases', '.c9.json.tmp'), '{');
      await writeFile(path.join(dir, 'cases', 'README.txt'), 'hello');

      // Act
      const restarted = await reopen(store);
      const listed = await restarted.listCases();

      // Assert
      expect(listed.map((m) => m.id)).toEqual(['c1']);
    });
  });
});
