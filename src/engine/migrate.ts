/**
 * Stored state meets changed flows. A state saved under an older version of the flows has its node ids
 * renamed through the flows' migration table; a node id that still names nothing resumes at the
 * nearest point that exists, never silently at the menu:
 * - a case resumes at the last node in its history that exists (as "back" would: its earlier answer is
 *   shown), else at the last node it answered that exists, else at the case's first node. The case and
 *   its answers are kept whatever happens.
 * - a flow without a case (stap 0, the explanation) goes back in its own history, else to the menu.
 * Either way the user is told, because the question on screen is no longer the one being asked.
 */
import type { Flows } from './flow.js';
import type { CaseWork, Cursor, UserState } from './types.js';

/** The cursor stood on a node that no longer exists and was moved: to an earlier question, or to the menu. */
export interface Moved {
  atMenu: boolean;
}

/** Brings `s` (a copy the caller owns) to the flows' version; says whether the cursor had to move. */
export function upgrade(flows: Flows, s: UserState): Moved | undefined {
  const from = s.flow ?? 1;
  const rename = from < flows.version ? (id: string): string => flows.renamed[id] ?? id : (id: string): string => id;
  const known = (id: string): boolean => flows.nodes.has(id);
  for (const work of Object.values(s.cases)) upgradeCase(flows, work, rename, known);
  const moved = s.cursor ? upgradeCursor(flows, s, s.cursor, rename, known) : undefined;
  s.flow = flows.version;
  return moved;
}

function upgradeCase(flows: Flows, work: CaseWork, rename: (id: string) => string, known: (id: string) => boolean): void {
  work.node = rename(work.node);
  work.history = work.history.map(rename).filter(known);
  work.answered = work.answered.map(rename);
  if (known(work.node)) return;
  work.node = work.history.pop() ?? work.answered.filter(known).at(-1) ?? flows.roles.caseStart;
}

function upgradeCursor(
  flows: Flows,
  s: UserState,
  cursor: Cursor,
  rename: (id: string) => string,
  known: (id: string) => boolean,
): Moved | undefined {
  cursor.node = rename(cursor.node);
  cursor.history = cursor.history.map(rename).filter(known);
  if (cursor.returnTo !== undefined) {
    cursor.returnTo = rename(cursor.returnTo);
    if (!known(cursor.returnTo)) cursor.returnTo = undefined;
  }
  if (known(cursor.node)) return undefined;
  const work = cursor.caseId !== undefined ? s.cases[cursor.caseId] : undefined;
  if (work) {
    s.cursor = { node: work.node, caseId: work.id, history: [] };
    return { atMenu: false };
  }
  const back = cursor.history.pop();
  s.cursor = back !== undefined ? { node: back, history: cursor.history } : { node: flows.roles.menu, history: [] };
  return { atMenu: back === undefined };
}
