/** The file store's journal format: a base line and change lines, unfinished and damaged lines, encryption per line. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataCipher, newKey } from '../../src/store/crypto.js';
import { decodeJournal, encodeBase, Journal, JournalError, MAX_LINES } from '../../src/store/journal.js';

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
    expect(decodeJournal(lines({ state: 1 }), undefined, 'users/a.json')).toEqual({ value: { state: 1 }, lines: 1, clean: true });
    // Written by earlier versions: indented, no final newline. Readable, and rewritten at the next change.
    expect(decodeJournal(JSON.stringify({ state: 1 }, null, 2), undefined, 'users/a.json')).toEqual({ value: { state: 1 }, lines: 1, clean: false });
  });

  it('applies the change lines in order: replace, set fields, append to lists', () => {
    const text = lines({ meta: { v: 1 }, log: [1] }, { a: { log: [2, 3] } }, { f: { meta: { v: 2 } } }, { a: { log: [4] } });
    expect(decodeJournal(text, undefined, 'cases/c.json')).toEqual({ value: { meta: { v: 2 }, log: [1, 2, 3, 4] }, lines: 4, clean: true });
    expect(decodeJournal(lines({ state: 1 }, { s: { state: 2 } }, { s: { state: 3 } }), undefined, 'u').value).toEqual({ state: 3 });
    expect(decodeJournal(lines({ a: 1 }, { f: { b: 2, c: 3 } }, { d: ['a', 'c'] }), undefined, 'outbox.json').value).toEqual({ b: 2 });
  });

  it('skips an unfinished last line (a write cut off by a crash) and asks for a rewrite', () => {
    const text = `${lines({ meta: { v: 1 }, log: [1] }, { a: { log: [2] } })}{"a":{"log":[`;
    expect(decodeJournal(text, undefined, 'cases/c.json')).toEqual({ value: { meta: { v: 1 }, log: [1, 2] }, lines: 2, clean: false });
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
  /** A journal as the store writes it: each line encrypted with its own position. */
  function journal(...bodies: unknown[]): string[] {
    return bodies.map((b, i) => `${cipher.encrypt(JSON.stringify(b), i === 0 ? rel : `${rel}#${i}`)}\n`);
  }

  it('reads every line back and keeps the base line readable as a whole file', () => {
    const parts = journal({ log: [] }, { a: { log: ['x'] } }, { a: { log: ['y'] } });
    expect(decodeJournal(parts.join(''), cipher, rel).value).toEqual({ log: ['x', 'y'] });
    expect(decodeJournal(encodeBase({ log: ['x', 'y'] }, cipher, rel), cipher, rel)).toEqual({ value: { log: ['x', 'y'] }, lines: 1, clean: true });
  });

  it('refuses lines swapped, copied from another file, or read with another key', () => {
    const [base, one, two] = journal({ log: [] }, { a: { log: ['x'] } }, { a: { log: ['y'] } });
    expect(errorOf(() => decodeJournal(`${base}${two}${one}`, cipher, rel)).message).toMatch(/cannot be decrypted \(line 2\)/);
    expect(errorOf(() => decodeJournal(`${base}${one}`, cipher, 'cases/c2.json')).message).toMatch(/cannot be decrypted/);
    expect(errorOf(() => decodeJournal(`${base}${one}`, new DataCipher(newKey()), rel)).message).toMatch(/cannot be decrypted/);
    expect(errorOf(() => decodeJournal(`${base}${one}`, undefined, rel)).message).toMatch(/no data encryption key/);
  });

  it('reads plain lines under a key (data from before encryption), except when asked to be strict', () => {
    const plain = lines({ log: [] }, { a: { log: ['x'] } });
    expect(decodeJournal(plain, cipher, rel).value).toEqual({ log: ['x'] });
    expect(errorOf(() => decodeJournal(plain, cipher, rel, true)).message).toMatch(/not encrypted/);
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

  it('rewrites a file whose last line was cut off before appending to it, so the cut-off part is gone', async () => {
    const file = path.join(dir, 'c.json');
    await writeFile(file, `${lines({ log: [1] })}{"a":{"lo`);
    const j = new Journal(file, undefined, 'c.json');
    expect(j.read()).toEqual({ log: [1] });
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
