/**
 * The file store's deadlines: one file per case (`case-deadlines/<keyed name of the case id>.json`)
 * with every deadline ever added for it: fired and cancelled ones stay, as an id is used only once.
 * A case's first deadline creates the file and the others are a line each. Pending deadlines and
 * where every id lives are kept in memory (the index), gathered once through the catalog
 * (catalog.ts: per file its case, its ids and its pending deadlines; only files changed since it
 * was written are read). A damaged file is left out of the index and reported by {@link DeadlineFiles.check}.
 */
import path from 'node:path';
import type { Deadline, DeadlineKind } from '../../domain/case.js';
import type { Namer } from '../names.js';
import { isDeadlineFor, isObject } from '../shapes.js';
import { byDue, isPending, jsonCopy, StoreError } from '../store.js';
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

/** Pending deadlines, the case of every deadline id ever added, and the files found damaged (left out), by path. */
interface DeadlineIndex {
  pending: Map<string, Deadline>;
  home: Map<string, string>;
  damaged: Map<string, StoreError>;
}

export class DeadlineFiles {
  readonly #dir: string;
  readonly #cache: DocCache;
  readonly #names: Namer;
  readonly #catalog: Catalog;
  readonly #part: CatalogPart;
  #load: Promise<DeadlineIndex> | undefined;

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
    const { pending, home } = await this.#index();
    if (home.has(d.id)) return false;
    // Taken before any await, so a second call with this id (for whatever case) sees it at once.
    home.set(d.id, d.caseId);
    try {
      await this.#change(d.caseId, (deadlines) => {
        deadlines[d.id] = d;
      });
    } catch (err) {
      home.delete(d.id);
      throw err;
    }
    if (isPending(d)) pending.set(d.id, jsonCopy(d));
    return true;
  }

  /**
   * Gathers the index if that was not done yet; then a deadline file found damaged throws (the full
   * check of tools), or with `refused` each is handed to it. A damaged file is left out of the
   * index, so one case's damaged file does not stop every other case's deadlines: its deadlines do
   * not fire, and a change to them is refused as every read of the file is.
   */
  async check(refused?: Refused): Promise<void> {
    for (const [file, err] of (await this.#index()).damaged) {
      if (refused === undefined) throw err;
      refused(file, err);
    }
  }

  async pending(): Promise<Deadline[]> {
    return [...(await this.#index()).pending.values()].filter(isPending).sort(byDue);
  }

  fire(id: string, at: string): Promise<boolean> {
    return this.#set(id, (d) => (isPending(d) ? { ...d, firedAt: at } : undefined));
  }

  async cancel(caseId: string, kinds: readonly DeadlineKind[] | undefined, at: string): Promise<number> {
    const targets = [...(await this.#index()).pending.values()].filter((d) => d.caseId === caseId && (!kinds || kinds.includes(d.kind)));
    let n = 0;
    for (const d of targets) if (await this.#set(d.id, (cur) => (isPending(cur) ? { ...cur, cancelledAt: at } : undefined))) n += 1;
    return n;
  }

  /** Compare-and-set on one deadline, under its case file's lock. */
  async #set(id: string, change: (d: Deadline) => Deadline | undefined): Promise<boolean> {
    const { pending, home } = await this.#index();
    const caseId = home.get(id);
    if (caseId === undefined) return false;
    let next: Deadline | undefined;
    await this.#change(caseId, (deadlines) => {
      const current = deadlines[id];
      next = current && change(current);
      if (next === undefined) return false;
      deadlines[id] = next;
    });
    if (next === undefined) return false;
    if (isPending(next)) pending.set(id, jsonCopy(next));
    else pending.delete(id);
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

  #path(caseId: string): string {
    return path.join(this.#dir, `${this.#names.name(caseId, 40)}.json`);
  }

  /** Gathers every case's deadlines once (through the catalog). */
  #index(): Promise<DeadlineIndex> {
    this.#load ??= (async () => {
      const index: DeadlineIndex = { pending: new Map(), home: new Map(), damaged: new Map() };
      await this.#catalog.scan(
        'deadlines',
        this.#part,
        (_name, json) => {
          const kept = JSON.parse(json) as Kept;
          for (const id of kept.i) index.home.set(id, kept.c);
          for (const d of kept.p) index.pending.set(d.id, d);
        },
        (file, err) => index.damaged.set(file, err),
      );
      return index;
    })().catch((err: unknown) => {
      this.#load = undefined;
      throw err;
    });
    return this.#load;
  }
}
