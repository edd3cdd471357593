/**
 * A per-key async mutex. Operations that share a key run one after another, in call order;
 * operations on different keys run in parallel.
 *
 * lowdb gives no isolation between concurrent async handlers (its `update()` does not even
 * await an async callback), so every read-modify-write of one data file must be queued here,
 * otherwise two appends to the same case would both read the old log and one would be lost.
 */
export class KeyedMutex {
  /**
   * Tail of each key's queue. The stored promise never rejects, so a failed operation does not
   * poison the queue for the operations behind it. Keys are deleted as soon as their queue
   * drains, so the map only holds keys that are busy right now.
   */
  readonly #tails = new Map<string, Promise<void>>();

  /**
   * Runs `fn` once every earlier operation on `key` has settled, and resolves or rejects with
   * its outcome. The queue position is taken synchronously, so calls on one key run in exactly
   * the order `run` was called.
   */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(() => fn());
    // The caller observes the rejection through `result`; the tail only marks "done".
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      // Only the last operation in the queue may remove the key; a later `run` replaced it.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Number of keys with queued or running operations. */
  get size(): number {
    return this.#tails.size;
  }

  /** Resolves once no key has queued or running operations (including ones queued meanwhile). */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) {
      await Promise.all(this.#tails.values());
    }
  }
}
