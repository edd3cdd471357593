import { describe, it, expect } from '@jest/globals';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { DataCipher, newKey } from '../../src/store/crypto.js';
import { NAMES_INFO, Namer } from '../../src/store/names.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('Namer', () => {
  it('gives the same name for the same id under the same key', () => {
    // Arrange
    const key = newKey();

    // Act
    const first = Namer.of(new DataCipher(key)).name('teams:aad-anna');
    const second = Namer.of(new DataCipher(Buffer.from(key))).name('teams:aad-anna');

    // Assert
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
  });

  it('gives another name for the same id under another key', () => {
    // Arrange
    const one = Namer.of(new DataCipher(newKey()));
    const other = Namer.of(new DataCipher(newKey()));

    // Act / Assert
    expect(one.name('teams:aad-anna')).not.toBe(other.name('teams:aad-anna'));
    expect(one.name('teams:aad-anna', 40)).not.toBe(other.name('teams:aad-anna', 40));
  });

  it('never gives the plain SHA-256 of the id, nor any prefix of it', () => {
    // Arrange
    const namer = Namer.of(new DataCipher(newKey()));
    const plain = sha256('slack:T1:U123');

    // Act
    const names = [namer.name('slack:T1:U123'), namer.name('slack:T1:U123', 40), namer.digest('slack:T1:U123', 32)];

    // Assert
    for (const name of names) expect(plain.startsWith(name.slice(0, 12))).toBe(false);
  });

  it('is the HMAC-SHA256, under the HKDF of the data key with the documented info, of the unkeyed name', () => {
    // Arrange
    const key = newKey();
    const namesKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'meldcode names v1', 32));
    const hmac = (text: string) => createHmac('sha256', namesKey).update(text).digest('hex');

    // Act
    const namer = Namer.of(new DataCipher(key));

    // Assert
    expect(NAMES_INFO).toBe('meldcode names v1');
    expect(namer.name('web:mia')).toBe(hmac(sha256('web:mia')));
    expect(namer.name('web:mia', 40)).toBe(hmac(sha256('web:mia').slice(0, 40)).slice(0, 40));
    expect(namer.fromUnkeyed(sha256('web:mia'))).toBe(namer.name('web:mia'));
  });

  it('tells its listener of each name with the unkeyed name it was made from, but not of a digest', () => {
    // Arrange
    const namer = Namer.of(new DataCipher(newKey()));
    const told: [string, string][] = [];
    namer.listen((name, unkeyed) => told.push([name, unkeyed]));

    // Act
    const name = namer.name('web:mia', 40);
    namer.digest('web:mia\n3\n{}', 32);

    // Assert
    expect(told).toEqual([[name, sha256('web:mia').slice(0, 40)]]);
  });

  it('without a data key gives the plain SHA-256 (data written without a key are readable anyway)', () => {
    expect(Namer.unkeyed().name('abc')).toBe(sha256('abc'));
    expect(Namer.of(undefined).name('abc', 40)).toBe(sha256('abc').slice(0, 40));
  });
});
