/** The file store's record of deadline ids (src/store/file/deadlines.ts): a 52-bit hash per id, kept in a sorted array. */
import { describe, expect, it } from '@jest/globals';
import { HashSet, idHash } from '../../src/store/file/deadlines.js';

describe('deadline id hashes', () => {
  it('gives every id a whole number below 2^52, the same each time, and different ids different numbers', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `retention-${i.toString(16).padStart(24, '0')}`);
    const hashes = ids.map(idHash);
    expect(hashes.every((h) => Number.isSafeInteger(h) && h >= 0 && h < 2 ** 52)).toBe(true);
    expect(ids.map(idHash)).toEqual(hashes);
    expect(new Set(hashes).size).toBe(ids.length);
  });

  it('answers membership like a Set, for ids gathered and ids added since, and at both ends of the array', () => {
    const gathered = Array.from({ length: 1001 }, (_, i) => idHash(`gathered-${i}`));
    const set = new HashSet(gathered);
    const sorted = [...gathered].sort((a, b) => a - b);
    for (const h of [sorted[0] as number, sorted[500] as number, sorted[1000] as number]) expect(set.has(h)).toBe(true);
    expect(gathered.every((h) => set.has(h))).toBe(true);
    const others = Array.from({ length: 1000 }, (_, i) => idHash(`other-${i}`));
    expect(others.some((h) => set.has(h))).toBe(false);
    expect(set.has(0)).toBe(false);
    expect(set.has(2 ** 52)).toBe(false);
    set.add(others[7] as number);
    set.add(gathered[3] as number);
    expect(set.has(others[7] as number)).toBe(true);
    expect(set.has(others[8] as number)).toBe(false);
    expect(set.size).toBe(1002);
    expect(new HashSet([]).has(idHash('x'))).toBe(false);
  });
});
