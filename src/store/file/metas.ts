/**
 * The metas of all cases, read from every case file on the first `listCases` and then kept
 * current by the store's own writes, so listing does not re-read every case file.
 */
import path from 'node:path';
import type { CaseMeta } from '../../domain/case.js';
import { isCaseFileFor } from '../shapes.js';
import { jsonCopy } from '../store.js';
import type { DocCache } from './cache.js';
import { listIds } from './layout.js';

export class MetaIndex {
  readonly #dir: string;
  readonly #cache: DocCache;
  #load: Promise<Map<string, CaseMeta>> | undefined;

  constructor(casesDir: string, cache: DocCache) {
    this.#dir = casesDir;
    this.#cache = cache;
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
   * Reads every case file once, one after the other (reads are synchronous). Reads without taking
   * file locks: a read and a write (both synchronous) never overlap, and a write that lands after
   * its file was read updates the map through {@link remember}.
   */
  async #read(): Promise<Map<string, CaseMeta>> {
    const map = new Map<string, CaseMeta>();
    for (const id of await listIds(this.#dir)) {
      const meta = (await this.#cache.readUncached(path.join(this.#dir, `${id}.json`), isCaseFileFor(id)))?.meta;
      if (meta !== undefined) map.set(meta.id, meta);
    }
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
