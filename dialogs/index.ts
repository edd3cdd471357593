/** All dialogue nodes, by id, and the flows as the engine is handed them. */
import type { Flows } from '../src/engine/flow.js';
import { ALL_NODE_IDS, type NodeId } from './ids.js';
import { SECTION_STEP, type DialogNode } from './types.js';
import type { FieldDef } from './fields.js';
import { MENU_NODES } from './menu.js';
import { CONTEXT_FIELDS, CONTEXT_NODES } from './context.js';
import { SIGNAL_FIELDS, SIGNAL_NODES } from './signalen.js';
import { KINDCHECK_FIELDS, KINDCHECK_NODES } from './kindcheck.js';
import { OVERLEG_FIELDS, OVERLEG_NODES } from './overleg.js';
import { GESPREK_FIELDS, GESPREK_NODES } from './gesprek.js';
import { AFWEGING_FIELDS, AFWEGING_NODES } from './afwegingskader.js';
import { MELDING_FIELDS, MELDING_NODES } from './melding.js';
import { STAP0_CASELESS_FIELDS, STAP0_NODES } from './stap0.js';
import { UITLEG_NODES } from './uitleg.js';
import { KINDEREN_FIELDS, KINDEREN_NODES } from './kinderen.js';

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
  ...KINDEREN_NODES,
];

export const NODES: ReadonlyMap<string, DialogNode> = new Map(ALL_NODES.map((n) => [n.id, n]));

// Every listed id has exactly one node: a transition typed as a NodeId can then never lead nowhere.
const missing = ALL_NODE_IDS.filter((id) => !NODES.has(id));
if (missing.length > 0 || NODES.size !== ALL_NODES.length || NODES.size !== ALL_NODE_IDS.length) {
  throw new Error(`dialogs: node ids and nodes differ (missing: ${missing.join(', ') || 'none'}; nodes ${ALL_NODES.length}, ids ${ALL_NODE_IDS.length})`);
}

/** Every answer field of a case, in the order of the summary (each flow file lists its own). */
export const FIELDS: readonly FieldDef[] = [
  ...CONTEXT_FIELDS,
  ...KINDEREN_FIELDS,
  ...SIGNAL_FIELDS,
  ...KINDCHECK_FIELDS,
  ...OVERLEG_FIELDS,
  ...GESPREK_FIELDS,
  ...AFWEGING_FIELDS,
  ...MELDING_FIELDS,
];

export const FIELD_BY_NAME: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((d) => [d.field, d]));

/** Answer fields whose value is the reporter's own words: what a redaction can remove. */
export const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set(FIELDS.filter((d) => d.render.kind === 'text').map((d) => d.field));

/** Answers kept without a case (stap 0): never a summary's or a dossier's answer field. */
export const CASELESS_FIELDS: ReadonlySet<string> = new Set(STAP0_CASELESS_FIELDS);

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
export type { FieldDef, DossierSection } from './fields.js';
