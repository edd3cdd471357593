/**
 * IdBuckets (src/store/file/idBuckets.ts): a folder listing held as bytes by bucket, for the catalog's scan and the
 * check against the anchor. These tests hold it to what a plain array and Set of the same ids answer.
 */
import { describe, expect, it } from '@jest/globals';
import { IdBuckets, IdLookup } from '../../src/store/file/idBuckets.js';
import { bucketOf } from '../../src/store/names.js';

/** Ids as data file names have them: hex of several lengths, and short names with - and _. */
function someIds(n: number): string[] {
  const ids: string[] = [];
  let x = 0x2545f491;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    if (kind === 0) ids.push(next().toString(16).padStart(8, '0').repeat(3));
    else if (kind === 1) ids.push(next().toString(16).padStart(8, '0').repeat(5));
    else if (kind === 2) ids.push(`profile-${next().toString(16)}`);
    else ids.push(`c_${i}-${next() % 1000}`);
  }
  return ids;
}

describe('IdBuckets', () => {
  it('hands every id back in its bucket, in the order added, past the first room for ids and bytes', () => {
    // Arrange: more ids (5,000) and bytes (~130 KB) than it first has room for.
    const ids = someIds(5000);
    const buckets = new IdBuckets(64);

    // Act
    for (const id of ids) buckets.add(id);

    // Assert
    const expected: string[][] = Array.from({ length: 64 }, () => []);
    for (const id of ids) expected[bucketOf(id, 64)]?.push(id);
    expect(buckets.size).toBe(5000);
    const wrong = expected.flatMap((want, k) => (buckets.ids(k).join('\n') === want.join('\n') ? [] : [k]));
    expect(wrong).toEqual([]);
  });

  it('holds a big folder: 30,000 ids of 40 characters, in pieces past the 21st (1 KB doubling to 64 KB)', () => {
    // Arrange
    const ids = Array.from({ length: 30_000 }, (_, i) => i.toString(16).padStart(40, '0'));
    const buckets = new IdBuckets(1024);

    // Act
    for (const id of ids) buckets.add(id);
    const back = Array.from({ length: 1024 }, (_, k) => buckets.ids(k));

    // Assert
    const all = back.flat();
    const given = new Set(ids);
    expect(all).toHaveLength(30_000);
    expect(new Set(all).size).toBe(30_000);
    expect(all.findIndex((id) => !given.has(id))).toBe(-1);
    expect(back.findIndex((b, k) => b.some((id) => bucketOf(id, 1024) !== k))).toBe(-1);
  });

  it('gives an empty bucket as no ids, and keeps an id added twice twice', () => {
    // Arrange
    const buckets = new IdBuckets(1024);
    buckets.add('abc');
    buckets.add('abc');

    // Act
    const k = bucketOf('abc', 1024);

    // Assert
    expect(buckets.ids(k)).toEqual(['abc', 'abc']);
    expect(buckets.ids((k + 1) % 1024)).toEqual([]);
    expect(new IdBuckets(8).ids(3)).toEqual([]);
  });

  it('refuses an id added after the first was read back, or one it cannot hold, instead of leaving it out', () => {
    // Arrange
    const buckets = new IdBuckets(4);
    buckets.add('a1');
    buckets.ids(0);

    // Act and assert
    expect(() => buckets.add('a2')).toThrow(/before the first is read back/);
    expect(() => new IdBuckets(4).add('x'.repeat(256))).toThrow(RangeError);
    expect(() => new IdBuckets(0x10001)).toThrow(RangeError);
  });
});

describe('IdLookup', () => {
  const ids = someIds(3000);
  const absent = someIds(6000).slice(3000).map((id) => `${id}x`);
  const lookupOf = (buckets: number) => {
    const b = new IdBuckets(buckets);
    for (const id of ids) b.add(id);
    return new IdLookup(b);
  };

  it('answers as a Set of the ids does, asked in bucket order, reading bucket by bucket', () => {
    // Arrange
    const lookup = lookupOf(128);
    const asked = [...ids, ...absent]
      .map((id) => ({ id, k: bucketOf(id, 128) }))
      .sort((a, b) => a.k - b.k)
      .map((a) => a.id);

    // Act
    const answers = asked.map((id) => lookup.has(id));

    // Assert
    const set = new Set(ids);
    expect(asked.filter((id, i) => answers[i] !== set.has(id))).toEqual([]);
    expect(answers.filter(Boolean)).toHaveLength(ids.length);
    expect(lookup.whole).toBe(false);
  });

  it('answers the same asked in any order, then holding the whole listing as one set', () => {
    // Arrange
    const lookup = lookupOf(16);
    const asked = [...ids, ...absent].reverse();

    // Act
    const answers = asked.map((id) => lookup.has(id));

    // Assert
    const set = new Set(ids);
    expect(asked.filter((id, i) => answers[i] !== set.has(id))).toEqual([]);
    expect(answers.filter(Boolean)).toHaveLength(ids.length);
    expect(lookup.whole).toBe(true);
  });
});
