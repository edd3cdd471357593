import { describe, it, expect } from '@jest/globals';
import { MemoryStore } from '../../src/store/index.js';
import { describeStoreContract, makeMeta } from './store.contract.js';

describeStoreContract('MemoryStore', { open: async () => new MemoryStore() });

describe('MemoryStore', () => {
  it('keeps nothing between instances', async () => {
    // Arrange
    const first = new MemoryStore();
    await first.createCase(makeMeta('c1'));
    await first.close();

    // Act
    const second = new MemoryStore();

    // Assert
    expect(await second.listCases()).toEqual([]);
  });
});
