/**
 * Keyed pseudonyms: the names under which data about a platform id (a user key, a case id) are
 * stored, as file names, document names and PostgreSQL key columns.
 *
 * A name is the HMAC-SHA256, under a key derived from the data key (HKDF, info
 * {@link NAMES_INFO}), of the id's plain SHA-256 cut to the name's length, again cut to that
 * length. Stable for one key, different under another, and not computable without the key: the
 * platform ids of a whole organisation are known to every member, so a plain hash of them could
 * be looked up by anyone holding a backup. The plain SHA-256 is kept inside the HMAC because it is
 * what earlier versions used as the name: a folder or schema of an earlier version is converted
 * from its names alone, without the ids (which user files do not hold).
 *
 * Without a data key (tests, development) a name is the plain SHA-256: the data are readable then anyway.
 */
import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { DataCipher } from './crypto.js';

/** The HKDF info string of the names key. A new scheme gets a new string. */
export const NAMES_INFO = 'meldcode names v1';

const MEMO_ENTRIES = 20_000;
const memo = new Map<string, string>();

/**
 * The unkeyed name: the SHA-256 of `text` in hex, cut to `length` characters. What earlier versions
 * stored, and the input of a keyed name. Remembered (a bounded map): a turn asks for the same few
 * names several times, and on a mostly idle server each hash costs tens of microseconds of cold code.
 */
export function hashedName(text: string, length = 64): string {
  const key = `${length}\u0000${text}`;
  let name = memo.get(key);
  if (name === undefined) {
    name = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(key, name);
  }
  return name;
}

/** Told of every keyed name handed out with the unkeyed name it was made from (so a key rotation can rename it). */
export type NameListener = (name: string, unkeyed: string) => void;

/** Makes the names of one store; see the module comment. */
export class Namer {
  /** A KeyObject, made once (see DataCipher: a Buffer costs Node 24 about 9 µs more per HMAC). */
  readonly #key: KeyObject | undefined;
  readonly #memo = new Map<string, string>();
  #listener: NameListener | undefined;

  private constructor(key: Buffer | undefined) {
    this.#key = key === undefined ? undefined : createSecretKey(key);
  }

  /** Names under the key derived from `cipher`'s data key; without a cipher, unkeyed names. */
  static of(cipher: DataCipher | undefined): Namer {
    return new Namer(cipher?.derive(NAMES_INFO));
  }

  /** Unkeyed names (plain SHA-256): a store without a data key, and the names of earlier versions. */
  static unkeyed(): Namer {
    return new Namer(undefined);
  }

  /** Whether names are keyed (a data key was given). */
  get keyed(): boolean {
    return this.#key !== undefined;
  }

  /** Sets who is told of each name handed out (one listener: the store that owns this namer). */
  listen(listener: NameListener): void {
    this.#listener = listener;
  }

  /** The name of `text` (a user key, a case id): `length` hex characters (at most 64). */
  name(text: string, length = 64): string {
    const unkeyed = hashedName(text, length);
    const name = this.fromUnkeyed(unkeyed);
    this.#listener?.(name, unkeyed);
    return name;
  }

  /** The keyed name that replaces the unkeyed name `unkeyed` (of the same length). */
  fromUnkeyed(unkeyed: string): string {
    const key = this.#key;
    if (key === undefined) return unkeyed;
    let name = this.#memo.get(unkeyed);
    if (name === undefined) {
      name = hmac(key, unkeyed);
      if (this.#memo.size >= MEMO_ENTRIES) this.#memo.clear();
      this.#memo.set(unkeyed, name);
    }
    return name;
  }

  /**
   * A keyed digest of `text`, made like a name, for an id derived from it (a turn id). Not a stored
   * name: no listener is told, and nothing is remembered (each is asked for once).
   */
  digest(text: string, length = 64): string {
    const unkeyed = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
    return this.#key === undefined ? unkeyed : hmac(this.#key, unkeyed);
  }
}

/**
 * Which of `buckets` a file's id or name falls in, for spreading records over shards (the
 * catalog's, the anchor's): FNV-1a, cheap, as the ids and names are random already. The same id
 * falls in bucket `b % n` of `n` buckets when it falls in bucket `b` of a multiple of `n`.
 */
export function bucketOf(id: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % buckets;
}

/** The HMAC-SHA256 of `unkeyed` in hex, cut to its length. */
function hmac(key: KeyObject, unkeyed: string): string {
  return createHmac('sha256', key).update(unkeyed, 'utf8').digest('hex').slice(0, unkeyed.length);
}
