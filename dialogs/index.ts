/** All dialogue nodes, by id, and the flows as the engine is handed them. */
import type { Flows } from '../src/engine/flow.js';
import { ALL_NODE_IDS, type NodeId } from './ids.js';
import { SECTION_STEP, type DialogNode } from './types.js';
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
import { FIELDS } from './fields.js';

export const ALL_NODES: readonly DialogNode[] = [
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

export const NODES: ReadonlyMap<string, DialogNode> = new Map(ALL_NODES.map((n) => [n.id, n]));

// Every listed id has exactly one node: a transition typed as a NodeId can then never lead nowhere.
const missing = ALL_NODE_IDS.filter((id) => !NODES.has(id));
if (missing.length > 0 || NODES.size !== ALL_NODES.length || NODES.size !== ALL_NODE_IDS.length) {
  throw new Error(`dialogs: node ids and nodes differ (missing: ${missing.join(', ') || 'none'}; nodes ${ALL_NODES.length}, ids ${ALL_NODE_IDS.length})`);
}

/** The flows of the Meldcode-assistent, as the engine is handed them. */
export const FLOWS: Flows<NodeId> = {
  version: 1,
  nodes: NODES,
  roles: {
    menu: 'menu',
    resume: 'hervat',
    mine: 'mijn',
    stopConfirm: 'stop.bevestig',
    acute: 'acuut',
    caseStart: 'ctx.acuut',
    acuteResume: 'ctx.sector',
    followUp: 'fu.q5',
  },
  renamed: {},
  steps: SECTION_STEP,
  totalSteps: 5,
  fields: FIELDS,
};

export type { DialogNode as NodeDef, NodeEnv, Transition, Action, Section, NodeId } from './types.js';
export { SECTION_STEP } from './types.js';
export { FIELDS, FIELD_BY_NAME, FREE_TEXT_FIELDS, CASELESS_FIELDS, type FieldDef, type DossierSection } from './fields.js';
