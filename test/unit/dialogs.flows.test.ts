/** The flows as the engine is handed them: typed node ids, every id a node, every role a node. */
import { describe, expect, it } from '@jest/globals';
import { FLOWS, NODES } from '../../dialogs/index.js';
import { ALL_NODE_IDS, type NodeId } from '../../dialogs/ids.js';
import type { Transition } from '../../dialogs/types.js';

describe('the flows in dialogs/', () => {
  it('have exactly one node for every node id, and no node without an id in the list', () => {
    expect([...NODES.keys()].sort()).toEqual([...ALL_NODE_IDS].sort());
  });

  it('give every role the engine needs a node that exists', () => {
    for (const id of Object.values(FLOWS.roles)) expect(FLOWS.nodes.has(id)).toBe(true);
  });

  it('rename old node ids only to ids that exist', () => {
    for (const id of Object.values(FLOWS.renamed)) expect(FLOWS.nodes.has(id)).toBe(true);
  });

  it('make a misspelt node id a compile error (checked by tsc in npm test)', () => {
    // @ts-expect-error 'ctx.sectr' is not a node id
    const misspelt: Transition = { next: 'ctx.sectr' };
    // @ts-expect-error a role must name a node
    const role: NodeId = 'hervatten';
    const fine: Transition = { next: 'ctx.sector' };
    expect([misspelt.next, role, fine.next]).toHaveLength(3);
  });
});
