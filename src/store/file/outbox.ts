/**
 * The file store's outbox: one journal for the whole queue (outbox.json), every pending item by
 * id. An item is one appended line when it is queued and one when it is acknowledged.
 */
import type { OutboxItem } from '../store.js';
import { isObject, isOutboxItemFor } from '../shapes.js';
import { byCreatedThenId, jsonText } from '../store.js';
import type { DocCache } from './cache.js';

type OutboxQueue = Record<string, OutboxItem>;
const isOutboxQueue = (v: unknown): v is OutboxQueue => isObject(v) && Object.entries(v).every(([id, item]) => isOutboxItemFor(id)(item));

export class OutboxFile {
  readonly #file: string;
  readonly #cache: DocCache;

  constructor(file: string, cache: DocCache) {
    this.#file = file;
    this.#cache = cache;
  }

  /** Stores `item` (a copy the caller made). */
  enqueue(item: OutboxItem): Promise<void> {
    return this.#change((queue) => {
      // An item handed back unchanged (see leasePending) costs no write.
      const held = queue[item.id];
      if (held !== undefined && jsonText(held) === jsonText(item)) return undefined;
      return { ...queue, [item.id]: item };
    }, { f: { [item.id]: item } });
  }

  /** Every pending item, oldest first. */
  pending(): Promise<OutboxItem[]> {
    return this.#cache.locks.run(this.#file, async () => {
      const db = await this.#cache.doc(this.#file, isOutboxQueue);
      return Object.values(db.data ?? {}).sort(byCreatedThenId);
    });
  }

  ack(id: string): Promise<void> {
    return this.#change((queue) => {
      // Already gone means already acknowledged; ack is idempotent.
      if (!Object.hasOwn(queue, id)) return undefined;
      const rest = { ...queue };
      delete rest[id];
      return rest;
    }, { d: [id] });
  }

  /** Items of an earlier version join the queue; one already in it keeps the queue's copy. */
  takeIn(items: readonly OutboxItem[]): Promise<void> {
    return this.#cache.locks.run(this.#file, async () => {
      const db = await this.#cache.doc(this.#file, isOutboxQueue);
      const joining = Object.fromEntries(items.filter((item) => !db.data || !Object.hasOwn(db.data, item.id)).map((item) => [item.id, item]));
      if (Object.keys(joining).length === 0) return;
      db.data = { ...db.data, ...joining };
      await this.#cache.write(this.#file, db, { f: joining });
    });
  }

  /** Changes the queue under its lock, written as `change` (one line); `next` returning undefined writes nothing. */
  async #change(next: (queue: OutboxQueue) => OutboxQueue | undefined, change: { f: Record<string, unknown> } | { d: string[] }): Promise<void> {
    await this.#cache.locks.run(this.#file, async () => {
      const db = await this.#cache.doc(this.#file, isOutboxQueue);
      const after = next(db.data ?? {});
      if (after === undefined) return;
      db.data = after;
      await this.#cache.write(this.#file, db, change);
    });
  }
}
