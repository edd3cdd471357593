/**
 * The metas of all cases, gathered on the first `listCases` (through the catalog, catalog.ts:
 * only case files changed since it was written are read) and then kept current by the store's
 * own writes, so listing does not re-read every case file. A damaged case file is left out of the
 * listing (the integrity sweep reports it; reading or changing that case still fails).
 */
import type { CaseMeta } from '../../domain/case.js';
import { isCaseFileFor } from '../shapes.js';
import { jsonCopy } from '../store.js';
import type { DocCache } from './cache.js';
import type { Catalog, CatalogPart, Refused } from './catalog.js';

export class MetaIndex {
  readonly #cache: DocCache;
  readonly #catalog: Catalog;
  readonly #part: CatalogPart;
  #load: Promise<Map<string, CaseMeta>> | undefined;

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

  all(): Promise<Map<string, CaseMeta>> {
    this.#load ??= this.#read().catch((err: unknown) => {
      // Forget the failed load so the next listCases tries again.
      this.#load = undefined;
      throw err;
    });
    return this.#load;
  }

  /**
   * Every case's meta, from the catalog and the case files changed since, one after the other
   * (reads are synchronous). Reads without taking file locks: a read and a write (both
   * synchronous) never overlap, and a write that lands after its file was read updates the map
   * through {@link remember}.
   */
  async #read(): Promise<Map<string, CaseMeta>> {
    const map = new Map<string, CaseMeta>();
    await this.#catalog.scan(
      'cases',
      this.#part,
      (_id, json) => {
        const meta = JSON.parse(json) as CaseMeta;
        map.set(meta.id, meta);
      },
      // Left out, so one damaged case does not stop every listing; the integrity sweep reports it (and reading it still fails).
      () => undefined,
    );
    return map;
  }

  /** Keeps the index current after a successful write (of a meta, or a removal). Runs under the case's lock. */
  async remember(caseId: string, meta: CaseMeta | undefined): Promise<void> {
    // Read the field only now, after the write: a load that starts later sees the new file.
    const load = this.#load;
    if (load === undefined) return;
    // A failed load was discarded and its caller got the error; any later load starts after
    // this write and reads it from disk, so there is nothing to update then.
    const metas = await load.then(
      (loaded) => loaded,
      () => undefined,
    );
    if (meta === undefined) metas?.delete(caseId);
    else metas?.set(caseId, jsonCopy(meta));
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
