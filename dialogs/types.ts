/**
 * The flows' own vocabulary on top of the engine's node shape (src/engine/flow.ts): their sections
 * and node ids. Nothing here does I/O or knows a platform.
 */
import type { NodeDef, Transition as FlowTransition } from '../src/engine/flow.js';
import type { NodeId } from './ids.js';

export type { Action, AnswerValue, Ask, NodeEnv } from '../src/engine/flow.js';
export type { NodeId } from './ids.js';

/** Sections give the visible position ("Stap 2 van 5 — Overleg"). */
export type Section =
  | 'menu'
  | 'context'
  | 'stap1'
  | 'kindcheck'
  | 'stap2'
  | 'stap3'
  | 'stap4'
  | 'stap5'
  | 'stap0'
  | 'uitleg'
  | 'acuut'
  | 'medewerker'
  | 'kinderen'
  | 'followup'
  | 'melding';

/** The meldcode step a section belongs to (for the position label and the case's step reached). */
export const SECTION_STEP: Partial<Record<Section, number>> = {
  stap1: 1,
  kindcheck: 1,
  stap2: 2,
  stap3: 3,
  stap4: 4,
  stap5: 5,
  melding: 5,
};

/** A node of these flows: its id, its transitions and redirects name only nodes that exist. */
export type DialogNode = NodeDef<NodeId> & { section: Section };

/** Where an answer leads, within these flows. */
export type Transition = FlowTransition<NodeId>;

/** Helper so flow files read as data (and are checked as such). */
export function defineNodes(nodes: DialogNode[]): DialogNode[] {
  return nodes;
}
