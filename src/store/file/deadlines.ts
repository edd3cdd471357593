/**
 * The file store's deadlines: one file per case (`case-deadlines/<keyed name of the case id>.json`)
 * with every deadline ever added for it: fired and cancelled ones stay, as an id is used only once.
 * A case's first deadline creates the file and the others are a line each.
 *
 * What is kept in memory does not grow with the number of stored cases (every closed case keeps a
 * retention deadline for years):
 * - the deadlines due within a window (those due by the scheduler's next passes, `near`), gathered
 *   through the catalog (catalog.ts: per file its case, its ids and its pending deadlines; only files
 *   changed since it was written are read) and gathered again, in the background, before the window
 *   runs out;
 * - a 52-bit hash of every id ever added (a number per id, not the id and its case), so a new id is
 *   known to be new without reading. A hash already seen is settled by reading: the ids being added
 *   now, the case's own file, and only then (a deadline added twice for another case, or two ids
 *   with the same hash) every file through the catalog.
 * Asked for every pending deadline, or for one further away than the window, the catalog is read.
 * A damaged file is left out (its deadlines do not fire, and a change to them is refused as every
 * read of the file is) and reported by {@link DeadlineFiles.check}.
 */
import path from 'node:path';
import type { Deadline, DeadlineKind } from '../../domain/case.js';
import type { Namer } from '../names.js';
import { isDeadlineFor, isObject } from '../shapes.js';
import { byDue, dueBefore, isPending, jsonCopy, StoreError } from '../store.js';
import type { DocCache } from './cache.js';
import type { Catalog, CatalogPart, Refused } from './catalog.js';

/** Every deadline of one case, by id. */
export interface DeadlineSet {
  caseId: string;
  deadlines: Record<string, Deadline>;
}

const isDeadlineSet = (v: unknown): v is DeadlineSet =>
  isObject(v) &&
  typeof v.caseId === 'string' &&
  isObject(v.deadlines) &&
  Object.entries(v.deadlines).every(([id, d]) => isDeadlineFor(id)(d) && d.caseId === v.caseId);

/** What the catalog keeps of a case's deadline file: its case, every id in it, the pending ones. */
interface Kept {
  c: string;
  i: string[];
  p: Deadline[];
}

/** What the catalog keeps of a case's deadline file (JSON text). */
export function keptOf(set: DeadlineSet): string {
  const all = Object.values(set.deadlines);
  return JSON.stringify({ c: set.caseId, i: all.map((d) => d.id), p: all.filter(isPending) } satisfies Kept);
}

const DAY = 86_400_000;
/** How far past the time asked for the deadlines in memory reach. */
export const NEAR_WINDOW_MS = 3 * DAY;
/** How long before the window runs out it is gathered again (in the background). */
const REFRESH_BEFORE_MS = DAY;

/** A 52-bit hash of a deadline id (two FNV-1a passes), exact as a JavaScript number. */
export function idHash(id: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}

/**
 * A set of id hashes in little memory: those gathered, sorted in one Float64Array (8 bytes each, where
 * a Set of numbers takes about 40), and those added since in a small Set.
 */
export class HashSet {
  readonly #sorted: Float64Array;
  readonly #added = new Set<number>();

  constructor(gathered: readonly number[]) {
    this.#sorted = Float64Array.from(gathered).sort();
  }

  has(hash: number): boolean {
    if (this.#added.has(hash)) return true;
    const sorted = this.#sorted;
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = sorted[mid] as number;
      if (v === hash) return true;
      if (v < hash) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  add(hash: number): void {
    if (!this.has(hash)) this.#added.add(hash);
  }

  get size(): number {
    return this.#sorted.length + this.#added.size;
  }
}

export class DeadlineFiles {
  readonly #dir: string;
  readonly #cache: DocCache;
  readonly #names: Namer;
  readonly #catalog: Catalog;
  readonly #part: CatalogPart;
  /** Hashes of every id ever added, once gathered. */
  #ids: Promise<HashSet> | undefined;
  #idSet: HashSet | undefined;
  /** Deadlines due by {@link #horizon} that were pending when gathered, kept current; fired and cancelled ones stay until the next gathering. */
  #near = new Map<string, Deadline>();
  /** The window's end (ms); -Infinity until first gathered. */
  #horizon = Number.NEGATIVE_INFINITY;
  /** A gathering of the window under way. */
  #gathering: Promise<void> | undefined;
  /** Per read of the catalog under way, what changed meanwhile (applied over what it read). */
  readonly #meanwhile = new Set<Map<string, Deadline>>();
  /** The files the last read of every file found damaged (left out), by path. */
  #damaged = new Map<string, StoreError>();
  /** Ids being added right now, with their case (a second add of one of them waits for nothing: it is taken). */
  readonly #adding = new Map<string, string>();

  constructor(dir: string, cache: DocCache, names: Namer, catalog: Catalog) {
    this.#dir = dir;
    this.#cache = cache;
    this.#names = names;
    this.#catalog = catalog;
    this.#part = {
      dir,
      read: async (_name, file) => {
        const set = await this.#cache.readUncached(file, isDeadlineSet);
        if (set === null) return undefined;
        if (this.#path(set.caseId) !== file) {
          throw new StoreError('CORRUPT_FILE', `Data file ${file} is corrupt or unreadable (it belongs to another case); it was left untouched. Restore it from a backup or move it aside.`, { path: file });
        }
        return keptOf(set);
      },
    };
  }

  /** Adds `d` (a copy the caller made); false when its id was used already. */
  async add(d: Deadline): Promise<boolean> {
    const ids = await this.#idHashes();
    const hash = idHash(d.id);
    if (this.#adding.has(d.id) || (ids.has(hash) && (await this.#taken(d)))) return false;
    // Looked again: another add of this id may have started while #taken read.
    if (this.#adding.has(d.id)) return false;
    // Taken before the write's first await, so a second call with this id (for whatever case) sees it at once.
    this.#adding.set(d.id, d.caseId);
    try {
      await this.#change(d.caseId, (deadlines) => {
        deadlines[d.id] = d;
      });
      ids.add(hash);
    } finally {
      this.#adding.delete(d.id);
    }
    this.#noteChange(jsonCopy(d));
    return true;
  }

  /**
   * Reads every deadline file if that was not done yet; then a file the last read found damaged
   * throws (the full check of tools), or with `refused` each is handed to it.
   */
  async check(refused?: Refused): Promise<void> {
    await this.#idHashes();
    for (const [file, err] of this.#damaged) {
      if (refused === undefined) throw err;
      refused(file, err);
    }
  }

  /** How many deadlines are held in memory (those due within the window), and how many id hashes. */
  held(): { deadlines: number; ids: number } {
    return { deadlines: this.#near.size, ids: this.#idSet?.size ?? 0 };
  }

  /** Pending deadlines, earliest first; with `dueBy` only those due by then (from memory when within the window). */
  async pending(dueBy?: string): Promise<Deadline[]> {
    if (dueBy === undefined) return this.#gatherAll();
    await this.#idHashes();
    const by = Date.parse(dueBy);
    if (!(by <= this.#horizon)) await this.#gather(by);
    else if (by > this.#horizon - REFRESH_BEFORE_MS) void this.#gather(by).catch(() => undefined);
    return [...this.#near.values()].filter((d) => isPending(d) && dueBefore(d, dueBy)).sort(byDue);
  }

  async fire(id: string, at: string): Promise<boolean> {
    const caseId = this.#near.get(id)?.caseId ?? this.#adding.get(id) ?? (await this.#homeOf(id));
    if (caseId === undefined) return false;
    return this.#set(caseId, id, (d) => (isPending(d) ? { ...d, firedAt: at } : undefined));
  }

  async cancel(caseId: string, kinds: readonly DeadlineKind[] | undefined, at: string): Promise<number> {
    const changed: Deadline[] = [];
    await this.#change(caseId, (deadlines) => {
      for (const [id, d] of Object.entries(deadlines)) {
        if (!isPending(d) || (kinds && !kinds.includes(d.kind))) continue;
        deadlines[id] = { ...d, cancelledAt: at };
        changed.push(deadlines[id] as Deadline);
      }
      return changed.length > 0;
    });
    for (const d of changed) this.#noteChange(jsonCopy(d));
    return changed.length;
  }

  /** Compare-and-set on one deadline, under its case file's lock. */
  async #set(caseId: string, id: string, change: (d: Deadline) => Deadline | undefined): Promise<boolean> {
    let next: Deadline | undefined;
    await this.#change(caseId, (deadlines) => {
      const current = deadlines[id];
      next = current && change(current);
      if (next === undefined) return false;
      deadlines[id] = next;
    });
    if (next === undefined) return false;
    this.#noteChange(jsonCopy(next));
    return true;
  }

  /** Changes one case's deadlines under its file's lock; `change` returning false writes nothing. */
  async #change(caseId: string, change: (deadlines: Record<string, Deadline>) => boolean | void): Promise<void> {
    const file = this.#path(caseId);
    await this.#cache.locks.run(file, async () => {
      const db = await this.#cache.doc(file, isDeadlineSet);
      const deadlines = { ...db.data?.deadlines };
      if (change(deadlines) === false) return;
      db.data = { caseId, deadlines };
      await this.#cache.write(file, db);
    });
  }

  /** Keeps the window current after a write (and tells a gathering under way). */
  #noteChange(d: Deadline): void {
    for (const changed of this.#meanwhile) changed.set(d.id, d);
    if (Date.parse(d.dueAt) <= this.#horizon) this.#near.set(d.id, d);
    else this.#near.delete(d.id);
  }

  /** Whether an id whose hash was seen is really taken: by an add under way, in its case's own file, or anywhere. */
  async #taken(d: Deadline): Promise<boolean> {
    if (this.#adding.has(d.id)) return true;
    const file = this.#path(d.caseId);
    const own = await this.#cache.locks.run(file, async () => (await this.#cache.doc(file, isDeadlineSet)).data);
    if (own && Object.hasOwn(own.deadlines, d.id)) return true;
    return (await this.#homeOf(d.id)) !== undefined;
  }

  /** The case a deadline id was added for, read through the catalog (only when its hash was seen). */
  async #homeOf(id: string): Promise<string | undefined> {
    if (!(await this.#idHashes()).has(idHash(id))) return undefined;
    let home = this.#adding.get(id);
    await this.#read(
      (kept) => {
        if (home === undefined && kept.i.includes(id)) home = kept.c;
      },
      (d) => {
        if (d.id === id) home = d.caseId;
      },
    );
    return home;
  }

  #path(caseId: string): string {
    return path.join(this.#dir, `${this.#names.name(caseId, 40)}.json`);
  }

  /** The hashes of every id, gathered once (with the first window). */
  #idHashes(): Promise<HashSet> {
    this.#ids ??= (async () => {
      const gathered: number[] = [];
      await this.#gather(Date.now(), gathered);
      const ids = new HashSet(gathered);
      this.#idSet = ids;
      return ids;
    })().catch((err: unknown) => {
      this.#ids = undefined;
      throw err;
    });
    return this.#ids;
  }

  /**
   * Gathers the deadlines due by `by` plus the window (and, the first time, every id's hash) through
   * the catalog. One gathering at a time; one asked for during another waits for it and then runs
   * when that one did not reach far enough.
   */
  async #gather(by: number, ids?: number[]): Promise<void> {
    while (this.#gathering) {
      await this.#gathering.catch(() => undefined);
      if (ids === undefined && by <= this.#horizon - REFRESH_BEFORE_MS) return;
    }
    const horizon = Math.max(by, Date.now()) + NEAR_WINDOW_MS;
    const run = (async () => {
      const near = new Map<string, Deadline>();
      await this.#read((kept) => {
        if (ids) for (const id of kept.i) ids.push(idHash(id));
        for (const d of kept.p) if (Date.parse(d.dueAt) <= horizon) near.set(d.id, d);
      }, (d) => {
        if (Date.parse(d.dueAt) <= horizon) near.set(d.id, d);
        else near.delete(d.id);
      });
      this.#near = near;
      this.#horizon = horizon;
    })();
    this.#gathering = run;
    try {
      await run;
    } finally {
      this.#gathering = undefined;
    }
  }

  /**
   * Reads every deadline file through the catalog, handing `visit` what is kept of each; then hands
   * `changed` each deadline written while they were read (what was written wins over what was read).
   */
  async #read(visit: (kept: Kept) => void, changed: (d: Deadline) => void): Promise<void> {
    const meanwhile = new Map<string, Deadline>();
    const damaged = new Map<string, StoreError>();
    this.#meanwhile.add(meanwhile);
    try {
      // A damaged file is left out, so one case's damaged file does not stop every other case's deadlines.
      await this.#catalog.scan('deadlines', this.#part, (_name, json) => visit(JSON.parse(json) as Kept), (file, err) => damaged.set(file, err));
    } finally {
      this.#meanwhile.delete(meanwhile);
    }
    this.#damaged = damaged;
    for (const d of meanwhile.values()) changed(d);
  }

  /** Every pending deadline, read through the catalog and not kept. */
  async #gatherAll(): Promise<Deadline[]> {
    const all = new Map<string, Deadline>();
    await this.#read(
      (kept) => {
        for (const d of kept.p) all.set(d.id, d);
      },
      (d) => all.set(d.id, d),
    );
    return [...all.values()].filter(isPending).sort(byDue);
  }
}
