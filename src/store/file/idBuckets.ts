/**
 * The ids of a folder listing, held as bytes for the scans of the data folder (catalog.ts, present.ts),
 * which list folders of every case while the server serves turns.
 *
 * Held as strings, each id costs about 70 bytes of heap: a string for the name the listing gave,
 * and the id sliced out of it, which keeps the name alive. For 100,000 cases and their deadline sets,
 * the sweep held some 16 MB of them for seconds, long enough to be moved into the old generation and
 * to grow the heap, and so the process's peak memory. Here an id costs its length plus 11 bytes,
 * outside the heap (its bytes; where it starts, its length, its bucket, its place in bucket order),
 * and the ids are handed out again as strings one bucket (a few hundred) at a time.
 *
 * Buckets are chosen by {@link bucketOf}, the hash the catalog's and the anchor's shards use: with as
 * many buckets as shards, a scan that goes one shard after the other needs each bucket once.
 */
import { bucketOf } from '../names.js';

/** Ids per piece of the per-id arrays. */
const IDS_PER_PIECE = 4096;
/** The ids' bytes go in pieces of 1 KB, doubling up to 64 KB (an offset in one fits 16 bits). */
const FIRST_BYTES = 1024;
const MAX_BYTES = 64 * 1024;

export class IdBuckets {
  readonly buckets: number;
  /**
   * Everything is kept in pieces that are never copied as they fill, so listing a big folder leaves no
   * outgrown buffers behind for the collector: the ids' bytes, and per id where it starts (piece << 16 |
   * offset), its length and its bucket.
   */
  readonly #bytes: Buffer[] = [];
  #free = 0;
  readonly #starts: Uint32Array[] = [];
  readonly #lengths: Uint8Array[] = [];
  #bucketOfId: Uint16Array[] | undefined = [];
  #size = 0;
  /** Once sorted: the ids' numbers by bucket, and where each bucket starts in that order. */
  #order: Uint32Array | undefined;
  #firsts: Uint32Array | undefined;

  /** `buckets`: at most 65,536. */
  constructor(buckets: number) {
    if (!Number.isInteger(buckets) || buckets < 1 || buckets > 0x10000) throw new RangeError('IdBuckets: 1 to 65,536 buckets.');
    this.buckets = buckets;
  }

  /** How many ids were added (an id added twice counts twice). */
  get size(): number {
    return this.#size;
  }

  /** Which bucket `id` belongs in. */
  bucketOf(id: string): number {
    return bucketOf(id, this.buckets);
  }

  /** Adds `id`: ASCII and at most 255 characters, as data file names are. Not once {@link ids} was asked for. */
  add(id: string): void {
    const bucketOfId = this.#bucketOfId;
    if (bucketOfId === undefined) throw new Error('IdBuckets: every id is added before the first is read back.');
    if (id.length > 0xff) throw new RangeError('IdBuckets: an id is at most 255 characters.');
    if (this.#free < id.length || this.#bytes.length === 0) {
      this.#bytes.push(Buffer.allocUnsafeSlow(FIRST_BYTES * 2 ** Math.min(this.#bytes.length, Math.log2(MAX_BYTES / FIRST_BYTES))));
      this.#free = (this.#bytes[this.#bytes.length - 1] as Buffer).length;
    }
    const piece = this.#bytes.length - 1;
    const bytes = this.#bytes[piece] as Buffer;
    const offset = bytes.length - this.#free;
    bytes.write(id, offset, 'latin1');
    this.#free -= id.length;
    const n = this.#size;
    const j = n % IDS_PER_PIECE;
    if (j === 0) {
      this.#starts.push(new Uint32Array(IDS_PER_PIECE));
      this.#lengths.push(new Uint8Array(IDS_PER_PIECE));
      bucketOfId.push(new Uint16Array(IDS_PER_PIECE));
    }
    const p = (n - j) / IDS_PER_PIECE;
    (this.#starts[p] as Uint32Array)[j] = ((piece << 16) | offset) >>> 0;
    (this.#lengths[p] as Uint8Array)[j] = id.length;
    (bucketOfId[p] as Uint16Array)[j] = this.bucketOf(id);
    this.#size = n + 1;
  }

  /** The ids of bucket `k`, in the order they were added. */
  ids(k: number): string[] {
    const { order, firsts } = this.#sort();
    const out: string[] = [];
    for (let j = firsts[k] ?? 0, stop = firsts[k + 1] ?? 0; j < stop; j++) out.push(this.#id(order[j] as number));
    return out;
  }

  /** The id added as number `i`. */
  #id(i: number): string {
    const j = i % IDS_PER_PIECE;
    const p = (i - j) / IDS_PER_PIECE;
    const start = (this.#starts[p] as Uint32Array)[j] as number;
    const offset = start & 0xffff;
    return (this.#bytes[start >>> 16] as Buffer).toString('latin1', offset, offset + ((this.#lengths[p] as Uint8Array)[j] as number));
  }

  /** The ids' numbers in bucket order (a counting sort, once): each bucket's ids are then read without a search. */
  #sort(): { order: Uint32Array; firsts: Uint32Array } {
    if (this.#order !== undefined && this.#firsts !== undefined) return { order: this.#order, firsts: this.#firsts };
    const pieces = this.#bucketOfId ?? [];
    const bucketAt = (i: number) => (pieces[Math.floor(i / IDS_PER_PIECE)] as Uint16Array)[i % IDS_PER_PIECE] as number;
    const firsts = new Uint32Array(this.buckets + 1);
    for (let i = 0; i < this.#size; i++) {
      const k = bucketAt(i) + 1;
      firsts[k] = (firsts[k] as number) + 1;
    }
    for (let k = 0; k < this.buckets; k++) firsts[k + 1] = (firsts[k + 1] as number) + (firsts[k] as number);
    const next = firsts.slice(0, this.buckets);
    const order = new Uint32Array(this.#size);
    for (let i = 0; i < this.#size; i++) {
      const k = bucketAt(i);
      order[next[k] as number] = i;
      next[k] = (next[k] as number) + 1;
    }
    this.#order = order;
    this.#firsts = firsts;
    this.#bucketOfId = undefined;
    return { order, firsts };
  }
}

/**
 * Whether an id is among those of an {@link IdBuckets}: the bucket last asked about is kept as a set,
 * so lookups that come bucket by bucket (a scan in shard order) read each bucket once. Lookups in
 * another order (an anchor of an earlier version, not split into shards) would read a bucket for
 * nearly every id: after twice as many bucket reads as there are buckets, every id is read into one
 * set instead, as much work as a set of the whole listing from the start.
 */
export class IdLookup {
  readonly #ids: IdBuckets;
  #bucket = -1;
  #set = new Set<string>();
  #reads = 0;
  #whole = false;

  constructor(ids: IdBuckets) {
    this.#ids = ids;
  }

  has(id: string): boolean {
    if (this.#whole) return this.#set.has(id);
    const k = this.#ids.bucketOf(id);
    if (k !== this.#bucket) {
      this.#reads += 1;
      if (this.#reads > 2 * this.#ids.buckets) {
        this.#whole = true;
        this.#set = new Set(Array.from({ length: this.#ids.buckets }, (_, b) => this.#ids.ids(b)).flat());
        return this.#set.has(id);
      }
      this.#set = new Set(this.#ids.ids(k));
      this.#bucket = k;
    }
    return this.#set.has(id);
  }

  /** Whether the lookups came in another order than the buckets', and the whole listing is held as one set. */
  get whole(): boolean {
    return this.#whole;
  }
}
