/**
 * The catalog of the file store's case and deadline files (`catalog/<part>-<shard>.json`, each
 * encrypted like a data file): per file what start-up and listing need of it (a case's meta, the
 * ids and pending deadlines of a case, as JSON text) with the size, modification time and inode
 * the file had when that was read.
 *
 * A full check (a tool's, or the server's integrity sweep after start-up) then reads only the files
 * that changed since (a `stat` per file instead of reading and decrypting every case); and the
 * catalog is read a shard at a time and not kept, so memory does not grow with it. The catalog is a
 * cache, never the record: an entry counts only while its file still has the size, time and inode
 * it names; every other file is read as before (and refused as before when damaged), and a
 * shard that is missing, of another version or does not decrypt (another key) is simply rebuilt.
 * So a crash costs reads, never a wrong answer. Every file is still checked against the anchor
 * whenever the store reads it for a turn.
 *
 * A shard is written again whenever a scan had to read one of its files (or found one gone), and
 * when a case is deleted (its entry goes at once).
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataCipher } from '../crypto.js';
import { decodeJournal, encodeBase, FILE_MODE } from '../journal.js';
import { bucketOf } from '../names.js';
import { isObject } from '../shapes.js';
import { StoreError } from '../store.js';
import { IdBuckets } from './idBuckets.js';
import { DIR_MODE, eachId } from './layout.js';
import { Pace } from './pace.js';

export const CATALOG_DIR = 'catalog';
/** Raised when the entries or the sharding change: a shard of another version is simply rebuilt. */
const VERSION = 2;
/**
 * Shards per part: the largest piece of the catalog in memory at once is 1/SHARDS of it, and the
 * longest a scan holds the event loop is reading or writing one (a few ms at 100,000 cases). The
 * anchor's shards are a multiple (anchor.ts), chosen by the same hash, so a scan, one shard after
 * the other, checks its files against a few anchor shards at a time.
 */
export const SHARDS = 256;

/** [size, mtimeMs, inode]: the file as its entry was read. */
type Stamp = [number, number, number];
type Entry = [Stamp, string];

const isStamp = (v: unknown): v is Stamp => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number');
const isEntry = (v: unknown): v is Entry => Array.isArray(v) && v.length === 2 && isStamp(v[0]) && typeof v[1] === 'string';
const sameStamp = (a: Stamp, b: Stamp) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

/** Which shard an id is kept in. */
function shardOf(id: string): number {
  return bucketOf(id, SHARDS);
}

/** Told of a damaged data file (its path, and the `CORRUPT_FILE` error reading it threw). */
export type Refused = (file: string, err: StoreError) => void;

/** One folder of data files in the catalog. */
export interface CatalogPart {
  dir: string;
  /** What to keep of the file `id` (JSON text), or undefined when it holds nothing; throws on a damaged file. */
  read(id: string, file: string): Promise<string | undefined>;
}

export class Catalog {
  readonly #dir: string;
  readonly #cipher: DataCipher | undefined;
  /** Scans of one part run one after the other (they write its shards). */
  readonly #queue = new Map<string, Promise<unknown>>();

  /** Set when the store closes: a scan under way ends at its next pause (`CLOSED`). */
  #stopped = false;

  constructor(dataDir: string, cipher: DataCipher | undefined) {
    this.#dir = path.join(dataDir, CATALOG_DIR);
    this.#cipher = cipher;
  }

  /**
   * Hands `visit` every file of `part` with what is kept of it, current: a file whose stamp differs
   * from its entry (or that has none) is read again. Throws what reading a damaged file throws;
   * with `refused`, a damaged file (`CORRUPT_FILE`) is handed to it instead, left out (no entry, so
   * it is read again next time) and the scan goes on.
   */
  scan(name: string, part: CatalogPart, visit: (id: string, json: string) => void, refused?: Refused): Promise<void> {
    const run = (this.#queue.get(name) ?? Promise.resolve()).then(
      () => this.#scan(name, part, visit, refused),
      () => this.#scan(name, part, visit, refused),
    );
    this.#queue.set(name, run);
    return run;
  }

  async #scan(name: string, part: CatalogPart, visit: (id: string, json: string) => void, refused: Refused | undefined): Promise<void> {
    // A scan in a running server (the integrity sweep, a first listing) never blocks it for long.
    const pace = new Pace(() => this.#stopped);
    // Held as bytes, not strings (idBuckets.ts): a listing of every case, kept for the whole scan.
    const byShard = new IdBuckets(SHARDS);
    for await (const id of eachId(part.dir)) byShard.add(id);
    for (let k = 0; k < SHARDS; k++) {
      const ids = byShard.ids(k);
      const file = path.join(this.#dir, `${name}-${k}.json`);
      await pace.pause();
      const known = this.#load(file);
      const next = new Map<string, Entry>();
      let changed = known.size !== ids.length;
      for (const id of ids) {
        await pace.pause();
        const dataFile = path.join(part.dir, `${id}.json`);
        let stamp: Stamp;
        try {
          const s = statSync(dataFile);
          stamp = [s.size, s.mtimeMs, s.ino];
        } catch {
          changed = true;
          continue;
        }
        const entry = known.get(id);
        if (entry !== undefined && sameStamp(entry[0], stamp)) {
          next.set(id, entry);
          continue;
        }
        changed = true;
        // Stamped as before the read: a write in between makes the next scan read it again.
        let json: string | undefined;
        try {
          json = await part.read(id, dataFile);
        } catch (err) {
          if (refused === undefined || !(err instanceof StoreError && err.code === 'CORRUPT_FILE')) throw err;
          refused(dataFile, err);
          continue;
        }
        if (json !== undefined) next.set(id, [stamp, json]);
      }
      if (changed) this.#save(file, next);
      for (const [id, [, json]] of next) {
        await pace.pause();
        visit(id, json);
      }
    }
  }

  /** Ends every scan under way at its next pause (the store is closing): a server's close need not wait for its integrity sweep. */
  stop(): void {
    this.#stopped = true;
  }

  /** Takes the entry of a removed file out of its shard at once (a deleted case's meta is not kept). */
  forget(name: string, id: string): Promise<void> {
    const run = (this.#queue.get(name) ?? Promise.resolve()).then(
      () => this.#forget(name, id),
      () => this.#forget(name, id),
    );
    this.#queue.set(name, run);
    return run;
  }

  #forget(name: string, id: string): void {
    const file = path.join(this.#dir, `${name}-${shardOf(id)}.json`);
    const entries = this.#load(file);
    if (entries.delete(id)) this.#save(file, entries);
  }

  /**
   * Writes the catalog of `part` for files just written by someone who knows what to keep of each
   * (`kept`: id to JSON text, as `part.read` would make it), stamped as they are now. For tools
   * that fill a data folder (the benchmark's stored cases); entries still count only while their
   * files keep those stamps.
   */
  write(name: string, part: Pick<CatalogPart, 'dir'>, kept: Map<string, string>): void {
    const byShard = Array.from({ length: SHARDS }, () => new Map<string, Entry>());
    for (const [id, json] of kept) {
      const s = statSync(path.join(part.dir, `${id}.json`));
      byShard[shardOf(id)]?.set(id, [[s.size, s.mtimeMs, s.ino], json]);
    }
    byShard.forEach((entries, k) => this.#save(path.join(this.#dir, `${name}-${k}.json`), entries));
  }

  /** A shard as last written; empty when missing, unreadable or of another version. */
  #load(file: string): Map<string, Entry> {
    const map = new Map<string, Entry>();
    let value: unknown;
    try {
      value = decodeJournal(readFileSync(file, 'utf8'), this.#cipher, path.basename(file)).value;
    } catch {
      return map;
    }
    if (!isObject(value) || value.v !== VERSION || !isObject(value.files)) return map;
    for (const [id, e] of Object.entries(value.files)) if (isEntry(e)) map.set(id, e);
    return map;
  }

  /** Writes a shard (temp file + rename); a failure only costs reads at the next scan. */
  #save(file: string, entries: Map<string, Entry>): void {
    const tmp = `${file}.tmp`;
    try {
      mkdirSync(this.#dir, { recursive: true, mode: DIR_MODE });
      writeFileSync(tmp, encodeBase({ v: VERSION, files: Object.fromEntries(entries) }, this.#cipher, path.basename(file), 1).line, { mode: FILE_MODE });
      renameSync(tmp, file);
    } catch {
      // Not fatal: the data files are the record.
    }
  }
}
