/**
 * Encryption of data at rest: AES-256-GCM (node:crypto), a fresh 96-bit IV per write, the file's
 * relative path as additional authenticated data (so a file copied over another one is caught).
 * A value is a small JSON envelope: {"mc":1,"iv":…,"tag":…,"ct":…}, all base64 ("mc":2 for a line
 * of a chained journal, see journal.ts). Decryption accepts exactly that: 12-byte IVs, 16-byte
 * tags, canonical base64.
 */
import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomBytes, randomFillSync, type KeyObject } from 'node:crypto';

export const KEY_BYTES = 32;

export class DataCipher {
  /**
   * The key as a KeyObject, made once: every file and journal line is sealed or opened with it. Given
   * as a Buffer instead, Node 24 checks on each call whether it is a KeyObject by way of a caught
   * exception, about 9 µs per cipher (Node 20 does not); a turn makes a dozen or more.
   */
  readonly #secret: KeyObject;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`The data encryption key must be ${KEY_BYTES} bytes, not ${key.length}.`);
    this.#secret = createSecretKey(key);
  }

  /** A 32-byte key for another purpose (`info` names it), derived from the data key with HKDF-SHA256. */
  derive(info: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#secret, Buffer.alloc(0), info, KEY_BYTES));
  }

  encrypt(plaintext: string, aad: string): string {
    return this.seal(plaintext, aad, 1).envelope;
  }

  /** The envelope (JSON, with format marker `mc`) and its GCM tag in base64, which a journal's next line authenticates. */
  seal(plaintext: string, aad: string, mc: 1 | 2): { envelope: string; tag: string } {
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.#secret, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    // Straight to base64 (and back to text below): no intermediate buffers per file.
    const ct = cipher.update(plaintext, 'utf8', 'base64') + cipher.final('base64');
    const tag = cipher.getAuthTag().toString('base64');
    return { envelope: `{"mc":${mc},"iv":"${iv.toString('base64')}","tag":"${tag}","ct":"${ct}"}`, tag };
  }

  /**
   * Throws when the key is wrong or the file was changed or moved, and on an envelope that is not
   * exactly what {@link encrypt} writes: Node's base64 decoder skips characters it does not know
   * and GCM accepts tags as short as 4 bytes, so a lenient read would take shortened or garbled
   * tags (far easier to forge) as valid.
   */
  decrypt(envelope: { iv: string; tag: string; ct: string }, aad: string): string {
    const iv = strictBase64(envelope.iv, 'IV');
    const tag = strictBase64(envelope.tag, 'tag');
    if (iv.length !== IV_BYTES) throw new Error(`The IV must be ${IV_BYTES} bytes, not ${iv.length}.`);
    if (tag.length !== TAG_BYTES) throw new Error(`The authentication tag must be ${TAG_BYTES} bytes, not ${tag.length}.`);
    const ct = strictBase64(envelope.ct, 'ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.#secret, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return decipher.update(ct, undefined, 'utf8') + decipher.final('utf8');
  }
}

const TAG_BYTES = 16;

/**
 * `text` decoded, or a throw unless it is canonical, padded base64 (the only form
 * {@link DataCipher.encrypt} writes). Node's decoder skips what it does not know and ignores the
 * bits padding leaves over, and its encoder writes only canonical base64: so the text is canonical
 * exactly when encoding what was decoded gives it back. Native and linear, where a regular
 * expression over a large file's ciphertext cost a second per start-up at 100,000 cases.
 */
function strictBase64(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (text.length % 4 !== 0 || bytes.toString('base64') !== text) throw new Error(`The ${what} is not valid base64.`);
  return bytes;
}

/**
 * Random IVs drawn from a buffer that the system's random generator refills once every
 * {@link IV_BATCH} IVs: as random as one call each (every IV is used once), at a fraction of the
 * cost of a call per file write.
 */
const IV_BYTES = 12;
const IV_BATCH = 256;
const ivPool = Buffer.alloc(IV_BYTES * IV_BATCH);
let ivNext = ivPool.length;

function nextIv(): Buffer {
  if (ivNext >= ivPool.length) {
    randomFillSync(ivPool);
    ivNext = 0;
  }
  // A copy: the pool is overwritten at the next refill.
  const iv = Buffer.from(ivPool.subarray(ivNext, ivNext + IV_BYTES));
  ivNext += IV_BYTES;
  return iv;
}

/** `mc` 1: a value or a line of its own; 2: a line of a chained journal (journal.ts). */
export interface Envelope {
  mc: 1 | 2;
  iv: string;
  tag: string;
  ct: string;
}

export function isEnvelope(v: unknown): v is Envelope {
  if (v === null || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return (e.mc === 1 || e.mc === 2) && typeof e.iv === 'string' && typeof e.tag === 'string' && typeof e.ct === 'string';
}

/** Reads a key given as 64 hex characters or as base64 of 32 bytes. */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== KEY_BYTES) throw new Error('A data encryption key must be 32 bytes: 64 hex characters or 44 base64 characters.');
  return key;
}

export function newKey(): Buffer {
  return randomBytes(KEY_BYTES);
}
