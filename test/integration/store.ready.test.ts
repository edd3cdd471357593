/** Store.ready on the file store: the data folder must take a synced write; the probe leaves nothing behind. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LowdbStore } from '../../src/store/lowdb.js';

let dir: string;
let store: LowdbStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-ready-'));
  store = await LowdbStore.open(path.join(dir, 'data'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the file store’s readiness', () => {
  it('is ready when the data folder takes a write, and leaves no probe file behind', async () => {
    // Act
    const results = await Promise.all([store.ready(), store.ready(), store.ready()]);

    // Assert
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect((await readdir(path.join(dir, 'data'))).filter((f) => f.endsWith('.probe'))).toEqual([]);
  });

  it('is not ready (not_writable) when the data folder is gone, and says so without throwing', async () => {
    // Arrange
    await rm(path.join(dir, 'data'), { recursive: true, force: true });

    // Act
    const result = await store.ready();

    // Assert
    expect(result).toEqual({ ok: false, reason: 'not_writable' });
  });
});
