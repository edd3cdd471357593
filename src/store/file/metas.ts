/**
 * The case metas the file store keeps in memory: those of the cases still in hand (store.ts
 * `isInHand`: what the aandachtsfunctionaris's lists show), gathered on the first listing of them
 * (through the catalog, catalog.ts: only case files changed since it was written are read) and then
 * kept current by the store's own writes. Closed cases, nearly all of them once a folder is years
 * old, are not kept: a listing of every case (the figures, a case looked up by reference) reads the
 * catalog again, a shard at a time, keeping only what matches. A damaged case file is left out of
 * every listing (the integrity sweep reports it; reading or changing that case still fails).
 */
import type { CaseMeta } from '../../domain/case.js';
import { isCaseFileFor } from '../shapes.js';
import { isInHand, jsonCopy, matchesFilter, type CaseFilter } from '../store.js';
import type { DocCache } from './cache.js';
import type { Catalog, CatalogPart, Refused } from './catalog.js';

export class MetaIndex {
  readonly #cache: DocCache;
  readonly #catalog: Catalog;
  readonly #part: CatalogPart;
  /** The metas of the cases in hand, once gathered. */
  #load: Promise<Map<string, CaseMeta>> | undefined;
  /** Per read of the catalog under way, the metas written meanwhile (undefined: deleted); they win over what was read. */
  readonly #meanwhile = new Set<Map<string, CaseMeta | undefined>>();

  constructor(casesDir: string, cache: DocCache, catalog: Catalog) {
    this.#cache = cache;
    this.#catalog = catalog;
    this.#part = {
      dir: casesDir,
      read: async (id, file) => {
        const meta = (await this.#cache.readUncached(file, isCaseFileFor(id)))?.meta;
        return meta === undefined ? undefined : JSON.stringify(meta);
      },
    };
  }

  /**
   * Reads every case file changed since the catalog was written, keeping nothing: a damaged one
   * throws, or with `refused` is handed to it and the check goes on.
   */
  check(refused?: Refused): Promise<void> {
    return this.#catalog.scan('cases', this.#part, () => undefined, refused);
  }

  /** The metas passing `filter`, in no particular order: from memory when only cases in hand are asked for. */
  async list(filter: CaseFilter | undefined): Promise<CaseMeta[]> {
    if (filter?.inHand === true) return [...(await this.#inHand()).values()].filter((meta) => matchesFilter(meta, filter));
    const found = new Map<string, CaseMeta>();
    await this.#read(
      (meta) => {
        if (matchesFilter(meta, filter)) found.set(meta.id, meta);
      },
      (id, meta) => {
        if (meta !== undefined && matchesFilter(meta, filter)) found.set(id, meta);
        else found.delete(id);
      },
    );
    return [...found.values()];
  }

  #inHand(): Promise<Map<string, CaseMeta>> {
    this.#load ??= (async () => {
      const map = new Map<string, CaseMeta>();
      const keep = (id: string, meta: CaseMeta | undefined) => {
        if (meta !== undefined && isInHand(meta)) map.set(id, meta);
        else map.delete(id);
      };
      await this.#read((meta) => keep(meta.id, meta), keep);
      return map;
    })().catch((err: unknown) => {
      // Forget the failed load so the next listing tries again.
      this.#load = undefined;
      throw err;
    });
    return this.#load;
  }

  /**
   * Hands `visit` every case's meta, from the catalog and the case files changed since, then
   * `changed` each meta written meanwhile. Reads without taking file locks: a read and a write (both
   * synchronous) never overlap, and a write that lands after its file was read is handed on after.
   */
  async #read(visit: (meta: CaseMeta) => void, changed: (id: string, meta: CaseMeta | undefined) => void): Promise<void> {
    const meanwhile = new Map<string, CaseMeta | undefined>();
    this.#meanwhile.add(meanwhile);
    try {
      // Left out, so one damaged case does not stop every listing.
      await this.#catalog.scan('cases', this.#part, (_id, json) => visit(JSON.parse(json) as CaseMeta), () => undefined);
    } finally {
      this.#meanwhile.delete(meanwhile);
    }
    for (const [id, meta] of meanwhile) changed(id, meta);
  }

  /** Keeps the index current after a successful write (of a meta, or a removal). Runs under the case's lock. */
  async remember(caseId: string, meta: CaseMeta | undefined): Promise<void> {
    const copy = meta === undefined ? undefined : jsonCopy(meta);
    for (const meanwhile of this.#meanwhile) meanwhile.set(caseId, copy);
    // Read the field only now, after the write: a load that starts later sees the new file.
    const load = this.#load;
    if (load === undefined) return;
    // A failed load was discarded and its caller got the error; any later load starts after
    // this write and reads it from disk, so there is nothing to update then.
    const metas = await load.then(
      (loaded) => loaded,
      () => undefined,
    );
    if (copy !== undefined && isInHand(copy)) metas?.set(caseId, copy);
    else metas?.delete(caseId);
  }

  /** Waits for a running load to settle (its failure was reported to its caller). */
  async settle(): Promise<void> {
    await this.#load?.then(
      () => undefined,
      () => undefined,
    );
    this.#load = undefined;
  }
}
