/** All dialogue nodes, by id. */
import type { NodeDef } from './types.js';
import { MENU_NODES } from './menu.js';
import { CONTEXT_NODES } from './context.js';
import { SIGNAL_NODES } from './signalen.js';
import { KINDCHECK_NODES } from './kindcheck.js';
import { OVERLEG_NODES } from './overleg.js';
import { GESPREK_NODES } from './gesprek.js';
import { AFWEGING_NODES } from './afwegingskader.js';
import { MELDING_NODES } from './melding.js';
import { STAP0_NODES } from './stap0.js';
import { UITLEG_NODES } from './uitleg.js';

export const ALL_NODES: readonly NodeDef[] = [
  ...MENU_NODES,
  ...CONTEXT_NODES,
  ...SIGNAL_NODES,
  ...KINDCHECK_NODES,
  ...OVERLEG_NODES,
  ...GESPREK_NODES,
  ...AFWEGING_NODES,
  ...MELDING_NODES,
  ...STAP0_NODES,
  ...UITLEG_NODES,
];

export const NODES: ReadonlyMap<string, NodeDef> = new Map(ALL_NODES.map((n) => [n.id, n]));

export type { NodeDef, NodeEnv, Transition, Action, Section } from './types.js';
export { SECTION_STEP } from './types.js';
