/** The file store's journal format: a base line and change lines, unfinished and damaged lines, encryption per line. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataCipher, newKey } from '../../src/store/crypto.js';
import { decodeJournal, encodeBase, Journal, JournalError, MAX_LINES, type JournalOp } from '../../src/store/journal.js';
import { openFilesUnder } from '../helpers/openFiles.js';

const lines = (...docs: unknown[]) => docs.map((d) => `${JSON.stringify(d)}\n`).join('');
const errorOf = (fn: () => unknown): JournalError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(JournalError);
    return err as JournalError;
  }
  throw new Error('expected a JournalError');
};

describe('decodeJournal (plain)', () => {
  it('reads a file of one line, and a file in the older single-document format', () => {
    expect(decodeJournal(lines({ state: 1 }), undefined, 'users/a.json')).toMatchObject({ value: { state: 1 }, lines: 1, clean: true });
    // Written by earlier versions: indented, no final newline. Readable, and rewritten at the next change.
    expect(decodeJournal(JSON.stringify({ state: 1 }, null, 2), undefined, 'users/a.json')).toMatchObject({ value: { state: 1 }, lines: 1, clean: false });
  });

  it('applies the change lines in order: replace, set fields, append to lists', () => {
    const text = lines({ meta: { v: 1 }, log: [1] }, { a: { log: [2, 3] } }, { f: { meta: { v: 2 } } }, { a: { log: [4] } });
    expect(decodeJournal(text, undefined, 'cases/c.json')).toMatchObject({ value: { meta: { v: 2 }, log: [1, 2, 3, 4] }, lines: 4, clean: true });
    expect(decodeJournal(lines({ state: 1 }, { s: { state: 2 } }, { s: { state: 3 } }), undefined, 'u').value).toEqual({ state: 3 });
    expect(decodeJournal(lines({ a: 1 }, { f: { b: 2, c: 3 } }, { d: ['a', 'c'] }), undefined, 'outbox.json').value).toEqual({ b: 2 });
  });

  it('skips an unfinished last line (a write cut off by a crash) and asks for a rewrite', () => {
    const text = `${lines({ meta: { v: 1 }, log: [1] }, { a: { log: [2] } })}{"a":{"log":[`;
    expect(decodeJournal(text, undefined, 'cases/c.json')).toMatchObject({ value: { meta: { v: 1 }, log: [1, 2] }, lines: 2, clean: false, cutOff: true });
  });

  it.each([
    ['an empty file', ''],
    ['half a first line', '{"meta":'],
    ['a damaged line in the middle', `${lines({ log: [] })}{"a":\n${lines({ a: { log: [1] } })}`],
    ['a change of an unknown kind', lines({ log: [] }, { x: 1 })],
    ['two kinds of change in one line', lines({ log: [] }, { s: 1, f: {} })],
    ['an append to something that is not a list', lines({ log: 1 }, { a: { log: [1] } })],
    ['a removal that is not a list of names', lines({ a: 1 }, { d: 'a' })],
  ])('refuses %s', (_label, text) => {
    expect(errorOf(() => decodeJournal(text, undefined, 'cases/c.json')).message.length).toBeGreaterThan(0);
  });
});

describe('decodeJournal (encrypted)', () => {
  const cipher = new DataCipher(newKey());
  const rel = 'cases/c1.json';
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'journal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A journal as the store writes it (a base line, then a line per change), split into its lines. */
  async function written(base: unknown, ...ops: JournalOp[]): Promise<string[]> {
    const file = path.join(dir, 'c1.json');
    const j = new Journal(file, cipher, rel);
    j.read();
    j.commit(base, { s: base });
    for (const op of ops) j.commit(undefined, op);
    return (await readFile(file, 'utf8')).split(/(?<=\n)/);
  }
  /** A journal in the format of earlier versions: each line encrypted on its own, with its number only. */
  const earlier = (...bodies: unknown[]) => bodies.map((b, i) => `${cipher.encrypt(JSON.stringify(b), i === 0 ? rel : `${rel}#${i}`)}\n`);

  it('reads every line back, each chained to the one before it', async () => {
    const parts = await written({ log: [] }, { a: { log: ['x'] } }, { a: { log: ['y'] } });
    const decoded = decodeJournal(parts.join(''), cipher, rel);
    expect(decoded).toMatchObject({ value: { log: ['x', 'y'] }, lines: 3, clean: true, cutOff: false, gen: 1 });
    expect(decoded.tags).toHaveLength(3);
    const base = encodeBase({ log: ['x', 'y'] }, cipher, rel, 2).line;
    expect(decodeJournal(base, cipher, rel)).toMatchObject({ value: { log: ['x', 'y'] }, lines: 1, clean: true, gen: 2 });
  });

  it('refuses lines swapped, a line left out, lines copied from another file, or read with another key', async () => {
    const [base, one, two] = await written({ log: [] }, { a: { log: ['x'] } }, { a: { log: ['y'] } });
    expect(errorOf(() => decodeJournal(`${base}${two}${one}`, cipher, rel)).message).toMatch(/cannot be decrypted \(line 2\)/);
    expect(errorOf(() => decodeJournal(`${base}${two}`, cipher, rel)).message).toMatch(/cannot be decrypted \(line 2\)/);
    expect(errorOf(() => decodeJournal(`${base}${one}`, cipher, 'cases/c2.json')).message).toMatch(/cannot be decrypted/);
    expect(errorOf(() => decodeJournal(`${base}${one}`, new DataCipher(newKey()), rel)).message).toMatch(/cannot be decrypted/);
    expect(errorOf(() => decodeJournal(`${base}${one}`, undefined, rel)).message).toMatch(/no data encryption key/);
  });

  it('refuses a plain line appended to an encrypted journal, and a plain file, when there is a key', async () => {
    const parts = await written({ meta: { status: 'besluit' }, log: [] }, { a: { log: ['x'] } });
    const forged = `${parts.join('')}${JSON.stringify({ f: { meta: { status: 'open' } } })}\n`;
    expect(errorOf(() => decodeJournal(forged, cipher, rel)).message).toMatch(/line 3\) is not encrypted|not encrypted \(line 3\)/);
    expect(errorOf(() => decodeJournal(lines({ log: [] }, { a: { log: ['x'] } }), cipher, rel)).message).toMatch(/not encrypted.*rotate-key/);
    expect(errorOf(() => decodeJournal(`${JSON.stringify({ log: ['x'] })}\n`, cipher, rel)).message).toMatch(/not encrypted/);
  });

  it('reads a journal in the unchained format of earlier versions, to be rewritten at its next change, but not mixed with the current one', async () => {
    const old = earlier({ log: [] }, { a: { log: ['x'] } });
    expect(decodeJournal(old.join(''), cipher, rel)).toMatchObject({ value: { log: ['x'] }, lines: 2, clean: false, gen: 0 });
    const [base] = await written({ log: [] });
    expect(errorOf(() => decodeJournal(`${base}${old[1] ?? ''}`, cipher, rel)).message).toMatch(/mixes two formats/);
  });
});

describe('Journal', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'journal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a file as one owner-only line, then appends each change without replacing the file', async () => {
    const file = path.join(dir, 'c.json');
    const j = new Journal(file, undefined, 'c.json');
    j.read();
    j.commit({ log: [] }, { s: { log: [] } });
    const created = await stat(file);
    expect(created.mode & 0o777).toBe(0o600);
    j.commit({ log: [1] }, { a: { log: [1] } });
    j.commit({ log: [1, 2] }, { a: { log: [2] } });
    const after = await stat(file);
    expect(after.ino).toBe(created.ino);
    expect(await readFile(file, 'utf8')).toBe(lines({ log: [] }, { a: { log: [1] } }, { a: { log: [2] } }));
    expect(j.journaled).toBe(true);
    expect(j.current()).toBe(true);
  });

  it(`rewrites the file as one line at the ${MAX_LINES}th change`, async () => {
    const file = path.join(dir, 'u.json');
    const j = new Journal(file, undefined, 'u.json');
    j.read();
    for (let n = 0; n <= MAX_LINES; n++) j.commit({ state: n }, { s: { state: n } });
    expect(await readFile(file, 'utf8')).toBe(lines({ state: MAX_LINES }));
    expect(j.journaled).toBe(false);
  });

  it('goes on appending through the rewritten file it keeps open, and keeps none open after a rewrite of its own', async () => {
    const openHere = (): string[] => openFilesUnder(dir);
    const file = path.join(dir, 'u.json');
    const j = new Journal(file, undefined, 'u.json', { keepOpen: true });
    j.read();

    // Act: new (a rewrite), appended to, rewritten at the limit (the last commit), appended to again.
    j.commit({ state: 0 }, { s: { state: 0 } });
    const afterNew = openHere();
    for (let n = 1; n <= MAX_LINES; n++) j.commit({ state: n }, { s: { state: n } });
    const afterLimit = openHere();
    const rewritten = await readFile(file, 'utf8');
    j.compact({ state: 'compacted' });
    const afterCompact = openHere();
    j.commit({ state: 'next' }, { s: { state: 'next' } });
    const afterAppend = openHere();
    j.close();

    // Assert: one descriptor, the file's (not the temp file's, not a replaced one), and every line in the file.
    expect(afterNew).toEqual([file]);
    expect(afterLimit).toEqual([file]);
    expect(rewritten).toBe(lines({ state: MAX_LINES }));
    expect(afterCompact).toEqual([]);
    expect(afterAppend).toEqual([file]);
    expect(openHere()).toEqual([]);
    expect(decodeJournal(await readFile(file, 'utf8'), undefined, 'u.json')).toMatchObject({ value: { state: 'next' }, lines: 2, clean: true });
  });

  it('rewrites a file whose last line was cut off before appending to it, so the cut-off part is gone', async () => {
    const file = path.join(dir, 'c.json');
    await writeFile(file, `${lines({ log: [1] })}{"a":{"lo`);
    let skipped = 0;
    const j = new Journal(file, undefined, 'c.json', { onCutOff: () => (skipped += 1) });
    expect(j.read()).toEqual({ log: [1] });
    expect(skipped).toBe(1);
    j.commit({ log: [1, 2] }, { a: { log: [2] } });
    expect(await readFile(file, 'utf8')).toBe(lines({ log: [1, 2] }));
  });

  it('tells when the file was changed by someone else since it was read', async () => {
    const file = path.join(dir, 'c.json');
    await writeFile(file, lines({ log: [1] }, { a: { log: [2] } }));
    const j = new Journal(file, undefined, 'c.json');
    j.read();
    expect(j.current()).toBe(true);
    await writeFile(file, lines({ log: [1] }, { a: { log: [2] } }, { a: { log: [3] } }));
    expect(j.current()).toBe(false);
  });
});
