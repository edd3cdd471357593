/** Encryption of data at rest: AES-256-GCM envelopes, a fresh random IV for every write. */
import { describe, expect, it } from '@jest/globals';
import { createCipheriv } from 'node:crypto';
import { DataCipher, isEnvelope, newKey } from '../../src/store/crypto.js';
import { hashedName } from '../../src/store/names.js';

describe('DataCipher', () => {
  it('never uses an IV twice, across many refills of its random pool', () => {
    const cipher = new DataCipher(newKey());
    const ivs = new Set<string>();
    const n = 5000;
    for (let i = 0; i < n; i++) ivs.add((JSON.parse(cipher.encrypt('x', 'a')) as { iv: string }).iv);
    expect(ivs.size).toBe(n);
    for (const iv of ivs) expect(Buffer.from(iv, 'base64')).toHaveLength(12);
  });

  it('reads envelopes written the earlier way (buffers, not streamed base64), with any text', () => {
    const key = newKey();
    const cipher = new DataCipher(key);
    for (const text of ['', 'a', 'é€😀'.repeat(999), JSON.stringify({ log: ['blauwe plek'] })]) {
      const iv = Buffer.alloc(12, 7);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from('cases/c1.json', 'utf8'));
      const ct = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      const earlier = { mc: 1 as const, iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), ct: ct.toString('base64') };
      expect(cipher.decrypt(earlier, 'cases/c1.json')).toBe(text);
      const now = JSON.parse(cipher.encrypt(text, 'cases/c1.json')) as unknown;
      expect(isEnvelope(now)).toBe(true);
      expect(cipher.decrypt(now as typeof earlier, 'cases/c1.json')).toBe(text);
    }
  });
});

describe('DataCipher.decrypt, strict about the envelope', () => {
  const cipher = new DataCipher(newKey());
  const aad = 'cases/c1.json';
  const sealed = () => JSON.parse(cipher.encrypt(JSON.stringify({ log: ['x'] }), aad)) as { mc: 1; iv: string; tag: string; ct: string };
  /** Flips the bits the padding leaves unused in the character before it: the same bytes under a lenient decoder. */
  const nonCanonical = (b64: string) => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const at = b64.replace(/=+$/, '').length - 1;
    return `${b64.slice(0, at)}${alphabet[alphabet.indexOf(b64[at] ?? 'A') ^ 1] ?? ''}${b64.slice(at + 1)}`;
  };

  it('reads back what it wrote', () => {
    expect(cipher.decrypt(sealed(), aad)).toBe('{"log":["x"]}');
  });

  it.each([
    ['a tag cut to 4 bytes', (e: ReturnType<typeof sealed>) => ({ ...e, tag: Buffer.from(e.tag, 'base64').subarray(0, 4).toString('base64') })],
    ['a tag cut to 12 bytes', (e: ReturnType<typeof sealed>) => ({ ...e, tag: Buffer.from(e.tag, 'base64').subarray(0, 12).toString('base64') })],
    ['a tag with an invalid base64 character', (e: ReturnType<typeof sealed>) => ({ ...e, tag: `${e.tag.slice(0, 5)}*${e.tag.slice(5)}` })],
    ['a tag without its padding', (e: ReturnType<typeof sealed>) => ({ ...e, tag: e.tag.replace(/=+$/, '') })],
    ['a tag with non-zero padding bits', (e: ReturnType<typeof sealed>) => ({ ...e, tag: nonCanonical(e.tag) })],
    ['an IV with whitespace in it', (e: ReturnType<typeof sealed>) => ({ ...e, iv: `${e.iv.slice(0, 4)} ${e.iv.slice(4)}` })],
    ['an IV of 16 bytes', (e: ReturnType<typeof sealed>) => ({ ...e, iv: Buffer.concat([Buffer.from(e.iv, 'base64'), Buffer.alloc(4)]).toString('base64') })],
    ['a ciphertext with an invalid base64 character', (e: ReturnType<typeof sealed>) => ({ ...e, ct: `${e.ct.slice(0, 3)}!${e.ct.slice(3)}` })],
  ])('refuses %s', (_label, change) => {
    const envelope = change(sealed());
    expect(() => cipher.decrypt(envelope, aad)).toThrow();
  });

  // Each of these decodes to the very bytes written, so GCM alone would accept it: the canonical check must refuse it.
  it.each([
    ['a ciphertext with whitespace in it', (ct: string) => `${ct.slice(0, 4)}\n${ct.slice(4)}`],
    ['a ciphertext in base64url letters', (ct: string) => ct.replace(/\+/g, '-').replace(/\//g, '_')],
    ['a ciphertext with non-zero padding bits', (ct: string) => nonCanonical(ct)],
  ])('refuses %s, although it decodes to the same bytes', (_label, change) => {
    // A ciphertext with a '+' or '/' in it (random IVs: most have one; draw again until one does).
    let envelope = sealed();
    while (!/[+/]/.test(envelope.ct)) envelope = sealed();
    const ct = change(envelope.ct);
    expect(ct).not.toBe(envelope.ct);
    expect(Buffer.from(ct, 'base64').equals(Buffer.from(envelope.ct, 'base64'))).toBe(true);
    expect(() => cipher.decrypt({ ...envelope, ct }, aad)).toThrow(/not valid base64/);
  });
});

describe('hashedName', () => {
  it('is the SHA-256 in hex, cut to the length asked, the same every time', () => {
    expect(hashedName('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashedName('abc', 40)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a3');
    expect(hashedName('abc', 40)).toBe(hashedName('abc', 40));
    expect(hashedName('abd', 40)).not.toBe(hashedName('abc', 40));
  });
});
