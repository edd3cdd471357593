/**
 * The anchor in shards (anchor.ts): a single-file anchor of earlier versions is split when the
 * store opens, also after a split that was interrupted; a shard put back from an older copy, or
 * removed, is refused like a data file; at most a few shards are held however many files are used.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { rotateKey } from '../../scripts/rotate-key.js';
import { Anchor, ANCHOR_FILE, CHECK_TEXT, FLUSH_DELAY_MS, letGoOpenBudget, MAX_LET_GO_OPEN, MAX_SHARDS_HELD, SHARD_DIR, SHARDS, SHARDS_PER_SLICE, type AnchorValue } from '../../src/store/anchor.js';
import { openFilesLimit } from '../../src/store/openFiles.js';
import { decodeJournal } from '../../src/store/journal.js';
import { NAMES_INFO } from '../../src/store/names.js';
import { DataCipher, LowdbStore, newKey } from '../../src/store/index.js';
import { makeEntry, makeMeta, storeErrorOf } from '../unit/store.contract.js';
import { openFilesUnder } from '../helpers/openFiles.js';

const CASES = 40;
const ROOT_SETTINGS = ['check', 'converting', 'names', 'shards'];

describe('the anchor in shards', () => {
  let dir: string;
  let key: Buffer;
  let cipher: DataCipher;
  let events: { event: string; fields: Record<string, unknown> }[];
  let stores: LowdbStore[];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mc-anchor-'));
    key = newKey();
    cipher = new DataCipher(key);
    events = [];
    stores = [];
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  const caseFile = (id: string) => path.join(dir, 'cases', `${id}.json`);
  const shardDir = () => path.join(dir, SHARD_DIR);

  async function open(withKey = cipher): Promise<LowdbStore> {
    const store = await LowdbStore.open(dir, { cipher: withKey, compactAfterMs: 0, log: (event, fields) => events.push({ event, fields }) });
    stores.push(store);
    return store;
  }

  /** Start-up as the server does it: open, then check every file against the anchor. */
  async function startUp(withKey = cipher): Promise<LowdbStore> {
    const store = await open(withKey);
    await store.verify();
    return store;
  }

  /** Cases (each with a deadline), users and a document; resolves with an older copy of case c1's file. */
  async function fill(store: LowdbStore): Promise<Buffer> {
    let older = Buffer.alloc(0);
    for (let i = 0; i < CASES; i++) {
      await store.createCase(makeMeta(`c${i}`), [makeEntry(0)]);
      if (i === 1) older = await readFile(caseFile('c1'));
      await store.appendLog(`c${i}`, [makeEntry(1)]);
      await store.saveUser(`web:user-${i}`, { n: i });
      await store.addDeadline({ id: `claim-reminder-c${i}`, caseId: `c${i}`, kind: 'claim-reminder', dueAt: '2030-01-01T09:00:00.000Z', createdAt: '2025-01-01T10:00:00.000Z' });
    }
    await store.putDoc('web-feed', []);
    return older;
  }

  /** Everything {@link fill} wrote, as read through `store`. */
  async function readBack(store: LowdbStore): Promise<unknown[]> {
    const found: unknown[] = [];
    for (let i = 0; i < CASES; i++) found.push([(await store.getCase(`c${i}`))?.log.length, await store.loadUser(`web:user-${i}`)]);
    return found;
  }
  const EXPECTED = Array.from({ length: CASES }, (_, i) => [2, { n: i }]);

  /** The root as it is on disk. */
  const rootValue = (withKey = cipher) => decodeJournal(readFileSync(path.join(dir, ANCHOR_FILE), 'utf8'), withKey, ANCHOR_FILE).value as Record<string, unknown>;
  /** Keys of the root that are records of data files or names (the single-file format), not of shards. */
  const fileRecordsInRoot = (withKey = cipher) => Object.keys(rootValue(withKey)).filter((k) => !ROOT_SETTINGS.includes(k) && !k.startsWith(`${SHARD_DIR}/`));

  /**
   * Rewrites the folder's anchor as earlier versions kept it: every record of a file and every
   * name in keycheck.json itself (one line, as their compaction wrote it), and no shards.
   */
  function toSingleFile(): number {
    const journal = Anchor.journal(dir, cipher);
    const anchor = Anchor.opened(journal, journal.read() as AnchorValue);
    const value: Record<string, unknown> = { check: CHECK_TEXT, names: NAMES_INFO };
    for (const [rel, entry] of anchor.entries()) value[rel] = entry;
    for (const [name, unkeyed] of anchor.names()) value[`~${name}`] = unkeyed;
    journal.compact(value);
    journal.close();
    rmSync(shardDir(), { recursive: true, force: true });
    return Object.keys(value).length - 2;
  }

  it('splits a single-file anchor of an earlier version when the store opens: every file still checked, the root without file records', async () => {
    // Arrange
    const older = await fill(await open());
    await stores.pop()?.close();
    const records = toSingleFile();
    expect(fileRecordsInRoot()).toHaveLength(records);

    // Act
    const store = await startUp();

    // Assert
    expect(events.filter((e) => e.event === 'store.anchor_split').map((e) => e.fields.records)).toEqual([records]);
    expect(fileRecordsInRoot()).toEqual([]);
    expect(rootValue().shards).toBe(SHARDS);
    expect((await readdir(shardDir())).length).toBeGreaterThan(CASES);
    expect(await readBack(store)).toEqual(EXPECTED);
    await store.close();
    await writeFile(caseFile('c1'), older);
    expect((await storeErrorOf(startUp())).message).toMatch(/c1\.json.*is an older copy/);
  });

  it('does an interrupted split again: shards written, the root still with every record, a stray shard file', async () => {
    // Arrange: the split ran, then its end is undone: the root as before it, half of the shards it wrote, one of no account.
    const older = await fill(await open());
    await stores.pop()?.close();
    const records = toSingleFile();
    const singleFile = await readFile(path.join(dir, ANCHOR_FILE));
    await (await open()).close();
    await writeFile(path.join(dir, ANCHOR_FILE), singleFile);
    const written = (await readdir(shardDir())).sort();
    for (const name of written.filter((_, i) => i % 2 === 0)) await rm(path.join(shardDir(), name));
    const stray = ['000', '001', '002'].map((k) => `${k}.json`).find((name) => !written.includes(name)) ?? 'fff.json';
    await writeFile(path.join(shardDir(), stray), 'no shard\n');

    // Act
    const store = await startUp();

    // Assert
    expect(events.filter((e) => e.event === 'store.anchor_split').map((e) => e.fields.records)).toEqual([records, records]);
    expect(fileRecordsInRoot()).toEqual([]);
    expect((await readdir(shardDir())).sort()).toEqual(written);
    expect(await readBack(store)).toEqual(EXPECTED);
    await store.close();
    await writeFile(caseFile('c1'), older);
    expect((await storeErrorOf(startUp())).message).toMatch(/c1\.json.*is an older copy/);
  });

  it('refuses a shard put back from an older copy, naming it, at start-up and when a file it records is read', async () => {
    // Arrange
    await fill(await open());
    await stores.pop()?.close();
    const before = new Map<string, Buffer>();
    for (const name of await readdir(shardDir())) before.set(name, await readFile(path.join(shardDir(), name)));
    const store = await startUp();
    await store.appendLog('c1', [makeEntry(2)]);
    await store.close();

    // Act
    for (const [name, content] of before) await writeFile(path.join(shardDir(), name), content);
    const atStartUp = await storeErrorOf(startUp());
    const reading = await storeErrorOf((await open()).getCase('c1'));

    // Assert
    for (const err of [atStartUp, reading]) {
      expect(err.code).toBe('CORRUPT_FILE');
      expect(err.message).toMatch(new RegExp(`Anchor file ${dir}/${SHARD_DIR}/[0-9a-f]{3}\\.json.*(was cut|is an older copy)`));
    }
  });

  it('refuses a shard that was removed, naming it', async () => {
    // Arrange
    await fill(await open());
    await stores.pop()?.close();
    const [removed] = await readdir(shardDir());

    // Act
    await rm(path.join(shardDir(), removed ?? ''));
    const err = await storeErrorOf(startUp());

    // Assert
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toContain(`Anchor file ${path.join(shardDir(), removed ?? '')}`);
    expect(err.message).toMatch(/is missing, but this data folder recorded it/);
  });

  it(`holds at most ${MAX_SHARDS_HELD} shards while records of thousands of files are written, written again and checked`, () => {
    // Arrange
    const files = Array.from({ length: 3000 }, (_, i) => `cases/k${i}.json`);
    const anchor = Anchor.create(Anchor.journal(dir, cipher));
    let most = 0;

    // Act
    for (const rel of files) {
      anchor.record(rel, 1, 1, `tag-${rel}`);
      most = Math.max(most, anchor.shardsHeld);
    }
    anchor.flush();
    // Again, each file one line on: most shards were let go, and are appended to as they are.
    for (const rel of files) anchor.record(rel, 1, 2, `tag-2-${rel}`);
    anchor.flush();
    most = Math.max(most, anchor.shardsHeld);
    anchor.close();
    const journal = Anchor.journal(dir, cipher);
    const reopened = Anchor.opened(journal, journal.read() as AnchorValue);
    const heldAtStart = reopened.shardsHeld;
    const gens = files.map((rel) => {
      const gen = reopened.firstGen(rel);
      most = Math.max(most, reopened.shardsHeld);
      return gen;
    });
    const present = [...reopened.present()];

    // Assert
    expect(heldAtStart).toBe(0);
    expect(most).toBe(MAX_SHARDS_HELD);
    expect(reopened.shardsHeld).toBeLessThanOrEqual(MAX_SHARDS_HELD);
    expect(new Set(gens)).toEqual(new Set([2]));
    expect(present.map(([rel]) => rel).sort()).toEqual([...files].sort());
    expect(new Set(present.map(([, lines]) => lines))).toEqual(new Set([2]));
    expect(() => reopened.check(files[0] ?? '', { value: {}, lines: 1, clean: true, cutOff: false, gen: 1, tags: ['tag-1'] })).toThrow(/was cut: it has 1 lines, where this data folder recorded 2/);
    expect(Object.keys(rootValue()).filter((k) => k.startsWith(`${SHARD_DIR}/`)).length).toBeGreaterThan(10 * MAX_SHARDS_HELD);
  });

  it(`keeps the files of up to ${MAX_LET_GO_OPEN} shards it let go open for the next line, and closes every file when closed`, () => {
    const openAnchorFiles = (): string[] => openFilesUnder(dir);
    const files = Array.from({ length: 3000 }, (_, i) => `cases/k${i}.json`);
    const anchor = Anchor.create(Anchor.journal(dir, cipher));
    for (const rel of files) anchor.record(rel, 1, 1, `tag-${rel}`);
    anchor.flush();

    // Act: every file one line on, a flush at a time as turns do; most shards are let go and appended to.
    for (const rel of files) {
      anchor.record(rel, 1, 2, `tag-2-${rel}`);
      anchor.flush();
    }
    const open = openAnchorFiles();
    anchor.close();

    // Assert: the root, the shards held and the let-go shards kept open, each file once.
    expect(new Set(open).size).toBe(open.length);
    expect(open).toContain(path.join(dir, ANCHOR_FILE));
    const shardFiles = readdirSync(shardDir()).filter((f) => f.endsWith('.json')).length;
    expect(shardFiles).toBeGreaterThan(10 * MAX_SHARDS_HELD);
    expect(open.length).toBe(1 + Math.min(shardFiles, MAX_SHARDS_HELD + MAX_LET_GO_OPEN));
    expect(openAnchorFiles()).toEqual([]);
    const journal = Anchor.journal(dir, cipher);
    const reopened = Anchor.opened(journal, journal.read() as AnchorValue);
    expect(new Set([...reopened.present()].map(([, lines]) => lines))).toEqual(new Set([2]));
    reopened.close();
  });

  it('keeps as many shard files open as a quarter of the open-file limit allows, between 64 and every shard', () => {
    expect(letGoOpenBudget(1024)).toBe(256 - MAX_SHARDS_HELD - 1);
    expect(letGoOpenBudget(20_000)).toBe(SHARDS - MAX_SHARDS_HELD);
    expect(letGoOpenBudget(Infinity)).toBe(SHARDS - MAX_SHARDS_HELD);
    expect(letGoOpenBudget(256)).toBe(64);
    expect(MAX_LET_GO_OPEN).toBe(letGoOpenBudget(openFilesLimit()));
  });

  describe('with a clock of its own', () => {
    // Only setTimeout is the test's: the anchor's writes are synchronous, so nothing else needs to wait.
    beforeEach(() => {
      jest.useFakeTimers({ doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval'] });
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    const rootLines = () => readFileSync(path.join(dir, ANCHOR_FILE), 'utf8').split('\n').filter(Boolean).length;
    const reopen = () => {
      const journal = Anchor.journal(dir, cipher);
      return Anchor.opened(journal, journal.read() as AnchorValue);
    };
    /** Lets the event loop turn once: a slice the anchor scheduled (setImmediate, not faked) runs before this resolves. */
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    /**
     * Lets the event loop turn until the root has more lines than `before` (the last slice of a delayed write writes
     * it; a slice also ends after SLICE_MS, so how many turns that takes depends on the machine), at most 200 turns.
     */
    const rootWritten = async (before: number) => {
      for (let k = 0; k < 200 && rootLines() === before; k++) await nextTurn();
      return rootLines();
    };

    it(`writes the records of ${FLUSH_DELAY_MS} ms together: one root line for the lines of many turns`, async () => {
      // Arrange
      const anchor = Anchor.create(Anchor.journal(dir, cipher));
      const before = rootLines();

      // Act: lines of ten files, as ten turns write them, then the delay passes.
      for (let i = 0; i < 10; i++) anchor.record(`cases/t${i}.json`, 1, 1, `tag-${i}`);
      const atOnce = rootLines();
      jest.advanceTimersByTime(FLUSH_DELAY_MS - 1);
      const justBefore = rootLines();
      jest.advanceTimersByTime(1);
      const after = await rootWritten(before);
      jest.advanceTimersByTime(FLUSH_DELAY_MS * 10);
      for (let k = 0; k < 10; k++) await nextTurn();
      const later = rootLines();
      const again = reopen();
      const found = Object.fromEntries(again.entries());
      again.close();
      anchor.close();

      // Assert: nothing written until the delay was over, then one root line for all ten; every record there.
      expect([atOnce, justBefore]).toEqual([before, before]);
      expect(after).toBe(before + 1);
      expect(later).toBe(after);
      for (let i = 0; i < 10; i++) expect(found[`cases/t${i}.json`]).toEqual([1, 1, `tag-${i}`]);
    });

    it('gives a file changed by several turns within the delay one record line in its shard, holding the last of them', () => {
      // Arrange: the file's shard exists (the first flush created it).
      const anchor = Anchor.create(Anchor.journal(dir, cipher));
      anchor.record('cases/busy.json', 1, 1, 'tag-1');
      jest.advanceTimersByTime(FLUSH_DELAY_MS);
      const [shard] = readdirSync(shardDir());
      const shardLines = () => readFileSync(path.join(shardDir(), shard as string), 'utf8').split('\n').filter(Boolean).length;
      const [shardBefore, rootBefore] = [shardLines(), rootLines()];

      // Act: five more lines of the file, as five turns within the delay write them.
      for (let k = 2; k <= 6; k++) anchor.record('cases/busy.json', 1, k, `tag-${k}`);
      jest.advanceTimersByTime(FLUSH_DELAY_MS);
      const [shardAfter, rootAfter] = [shardLines(), rootLines()];
      const again = reopen();
      const found = Object.fromEntries(again.entries());
      again.close();
      anchor.close();

      // Assert
      expect(shardAfter).toBe(shardBefore + 1);
      expect(rootAfter).toBe(rootBefore + 1);
      expect(found['cases/busy.json']).toEqual([1, 6, 'tag-6']);
    });

    it(`writes a second's records of many shards, at most ${SHARDS_PER_SLICE} shards per turn of the event loop, the root after the last, and knows the records not yet written`, async () => {
      // Arrange: records of 100 files, which fall in many shards
      const anchor = Anchor.create(Anchor.journal(dir, cipher));
      const before = rootLines();
      for (let i = 0; i < 100; i++) anchor.record(`cases/s${i}.json`, 1, 1, `tag-${i}`);

      // Act: the delay passes, then the loop turns until the root is written
      jest.advanceTimersByTime(FLUSH_DELAY_MS);
      const firstSlice = readdirSync(shardDir()).length;
      const rootAfterFirst = rootLines();
      const gensMeanwhile = Array.from({ length: 100 }, (_, i) => anchor.firstGen(`cases/s${i}.json`));
      let turns = 0;
      while (rootLines() === before && turns < 100) {
        await nextTurn();
        turns += 1;
      }
      const shards = readdirSync(shardDir()).length;
      const rootAtEnd = rootLines();
      const again = reopen();
      const found = Object.fromEntries(again.entries());
      again.close();
      anchor.close();

      // Assert: a slice at a time (fewer shards when one took longer than SLICE_MS); every record written in the end, and known all along
      expect(firstSlice).toBeGreaterThanOrEqual(1);
      expect(firstSlice).toBeLessThanOrEqual(SHARDS_PER_SLICE);
      expect(rootAfterFirst).toBe(before);
      expect(shards).toBeGreaterThan(2 * SHARDS_PER_SLICE);
      expect(turns).toBeGreaterThanOrEqual(Math.ceil(shards / SHARDS_PER_SLICE) - 1);
      expect(turns).toBeLessThanOrEqual(shards - 1);
      expect(rootAtEnd).toBe(before + 1);
      expect(gensMeanwhile).toEqual(Array.from({ length: 100 }, () => 2));
      for (let i = 0; i < 100; i++) expect(found[`cases/s${i}.json`]).toEqual([1, 1, `tag-${i}`]);
    });

    it('writes the rest of a round in slices at once when it closes in the middle of one, and nothing after', async () => {
      // Arrange
      const anchor = Anchor.create(Anchor.journal(dir, cipher));
      for (let i = 0; i < 100; i++) anchor.record(`cases/s${i}.json`, 1, 1, `tag-${i}`);
      jest.advanceTimersByTime(FLUSH_DELAY_MS);
      const written = () => readdirSync(shardDir()).length;
      const root = () => readFileSync(path.join(dir, ANCHOR_FILE), 'utf8');
      const beforeClose = written();

      // Act
      anchor.close();
      const [atClose, rootAtClose] = [written(), root()];
      for (let k = 0; k < 10; k++) await nextTurn();
      const [later, rootLater] = [written(), root()];
      const again = reopen();
      const found = Object.fromEntries(again.entries());
      again.close();

      // Assert: one slice written before, the rest at close, nothing after
      expect(beforeClose).toBeLessThanOrEqual(SHARDS_PER_SLICE);
      expect(atClose).toBeGreaterThan(beforeClose);
      expect([later, rootLater]).toEqual([atClose, rootAtClose]);
      for (let i = 0; i < 100; i++) expect(found[`cases/s${i}.json`]).toEqual([1, 1, `tag-${i}`]);
    });

    it('waits the delay its store gives it, and a second when the store gives none', async () => {
      // Arrange
      const quick = await LowdbStore.open(dir, { cipher, compactAfterMs: 0, anchorFlushMs: 40 });
      stores.push(quick);
      const before = rootLines();

      // Act: a new user's file, written by one store with a delay of 40 ms, then by one with the default.
      await quick.saveUser('web:user-1', { n: 1 });
      const quickAtOnce = rootLines();
      jest.advanceTimersByTime(39);
      const quickJustBefore = rootLines();
      jest.advanceTimersByTime(1);
      const quickAfter = await rootWritten(before);
      await quick.close();
      const store = await open();
      const reopened = rootLines();
      await store.saveUser('web:user-2', { n: 2 });
      jest.advanceTimersByTime(FLUSH_DELAY_MS - 1);
      const justBefore = rootLines();
      jest.advanceTimersByTime(1);
      const after = await rootWritten(reopened);

      // Assert
      expect(FLUSH_DELAY_MS).toBe(1000);
      expect([quickAtOnce, quickJustBefore]).toEqual([before, before]);
      expect(quickAfter).toBe(before + 1);
      expect(justBefore).toBe(reopened);
      expect(after).toBe(reopened + 1);
    });

    it('writes pending records when it closes, and when a deletion is recorded, without waiting for the delay', () => {
      // Arrange
      const anchor = Anchor.create(Anchor.journal(dir, cipher));
      anchor.record('cases/a.json', 1, 3, 'tag-a');
      anchor.record('cases/b.json', 1, 2, 'tag-b');

      // Act
      anchor.deleted('cases/b.json', 1);
      const afterDelete = reopen();
      const seenAtDelete = Object.fromEntries(afterDelete.entries());
      afterDelete.close();
      anchor.record('cases/c.json', 1, 1, 'tag-c');
      anchor.close();
      const afterClose = reopen();
      const seenAtClose = Object.fromEntries(afterClose.entries());
      afterClose.close();

      // Assert
      expect(seenAtDelete['cases/a.json']).toEqual([1, 3, 'tag-a']);
      expect(seenAtDelete['cases/b.json']).toEqual([1, 0, '']);
      expect(seenAtClose['cases/c.json']).toEqual([1, 1, 'tag-c']);
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  it('rotates the key of a folder whose anchor is still in the single-file format, after which the store opens it with the new key', async () => {
    // Arrange
    await fill(await open());
    await stores.pop()?.close();
    toSingleFile();
    const nextKey = newKey();
    const next = new DataCipher(nextKey);

    // Act
    const rewritten = await rotateKey(dir, key, nextKey);
    const again = await rotateKey(dir, key, nextKey);
    const store = await startUp(next);

    // Assert
    expect(rewritten).toBeGreaterThan(3 * CASES);
    expect(again).toBe(0);
    expect(await readBack(store)).toEqual(EXPECTED);
    expect(fileRecordsInRoot(next)).toEqual([]);
  });
});
