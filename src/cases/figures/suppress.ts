/**
 * Small-cell suppression of the lead's figures, so that no count under {@link MIN_CELL} can be read or worked out.
 *
 * - Primary: a count of 1 to 4 shows as "< 5" (`small`). A zero shows as 0: it says nothing about a person.
 * - Complementary: every group (route, sector, step, outcome) adds up to the same total. When a small cell could be
 *   worked out from the total and the cells shown (one small cell, or small cells whose sum leaves one value), the
 *   smallest cell still shown in that group is hidden as well (`hidden`, shown as "x": a count of 5 or more). Only when
 *   a group has no cell left to hide is the total hidden, and then every group is checked against the unknown total.
 *   The check is exact: for each hidden cell it computes the values that fit everything shown (each group's sum, the
 *   bounds "< 5" = 1–4 and "x" = 5 or more) and hides more until no hidden cell has just one possible value.
 * - Single counts that are part of a group (melding made ⊆ melden decisions, deviations ⊆ hulp/afsluiten, Veilig Thuis
 *   consulted ⊆ stap 2 or later, claimed and reminded ⊆ all cases) are hidden when they would raise the lower bound of
 *   hidden cells, i.e. when they exceed the sum of the shown cells they are part of.
 * - The time to claim is shown only over at least 5 claimed cases (median) and 10 (the slowest tenth).
 */
import { COUNT_IDS, GROUP_IDS, GROUP_KEYS, type CountId, type Figures, type GroupId } from './compute.js';
import type { Period } from './period.js';

export const MIN_CELL = 5;
/** Claimed cases needed before the median, and the 90th percentile, of the time to claim are shown. */
export const MIN_FOR_MEDIAN = 5;
export const MIN_FOR_P90 = 10;

/** A figure as shown: its value, "< 5" (`small`), or hidden to protect a small one ("x", `hidden`). */
export type Cell = { kind: 'value'; value: number } | { kind: 'small' } | { kind: 'hidden' };

export interface SuppressedFigures {
  period: Period;
  total: Cell;
  groups: Record<GroupId, { key: string; cell: Cell }[]>;
  counts: Record<CountId, Cell>;
  /** Working hours; absent when too few cases were claimed (or their number is hidden). */
  claimHours: { median?: number; p90?: number };
}

type Mark = 'value' | 'small' | 'hidden';
const BIG = 1e9;

/** What a reader may assume about a cell from how it is shown. */
function bounds(mark: Mark, value: number): [number, number] {
  if (mark === 'value') return [value, value];
  if (mark === 'small') return [1, MIN_CELL - 1];
  return [MIN_CELL, BIG];
}

interface Table {
  total: number;
  totalMark: Mark;
  groups: { id: GroupId; values: number[]; marks: Mark[] }[];
}

/**
 * The values a reader could still think possible, for the total and every cell: exact for sums with bounds, since
 * the groups only share the total.
 */
export function feasibleRanges(t: Table): { total: [number, number]; cells: [number, number][][] } {
  let [tMin, tMax] = bounds(t.totalMark, t.total);
  const sums = t.groups.map((g) => {
    let shown = 0;
    let lo = 0;
    let hi = 0;
    g.values.forEach((v, i) => {
      const [a, b] = bounds(g.marks[i]!, v);
      if (g.marks[i] === 'value') shown += v;
      else {
        lo += a;
        hi += b;
      }
    });
    tMin = Math.max(tMin, shown + lo);
    tMax = Math.min(tMax, shown + hi);
    return { shown, lo, hi };
  });
  const cells = t.groups.map((g, gi) => {
    const { shown, lo, hi } = sums[gi]!;
    return g.values.map((v, i): [number, number] => {
      const [a, b] = bounds(g.marks[i]!, v);
      if (g.marks[i] === 'value') return [v, v];
      return [Math.max(a, tMin - shown - (hi - b)), Math.min(b, tMax - shown - (lo - a))];
    });
  });
  return { total: [tMin, tMax], cells };
}

/** Hides the smallest nonzero cell still shown in group `g`; false when there is none. */
function hideOneMore(g: Table['groups'][number]): boolean {
  let best = -1;
  g.values.forEach((v, i) => {
    if (g.marks[i] === 'value' && v > 0 && (best < 0 || v < g.values[best]!)) best = i;
  });
  if (best < 0) return false;
  g.marks[best] = 'hidden';
  return true;
}

/** Applies primary and complementary suppression to the groups and the total (see the module comment). */
function suppressTable(f: Figures): Table {
  const small = (v: number) => v > 0 && v < MIN_CELL;
  const t: Table = {
    total: f.total,
    totalMark: small(f.total) ? 'small' : 'value',
    groups: GROUP_IDS.map((id) => {
      const values = GROUP_KEYS[id].map((k) => (f.groups[id] as Record<string, number>)[k] ?? 0);
      return { id, values, marks: values.map((v): Mark => (small(v) ? 'small' : 'value')) };
    }),
  };
  for (let round = 0; round < 200; round++) {
    const r = feasibleRanges(t);
    let changed = false;
    const totalPinned = t.totalMark !== 'value' && r.total[0] >= r.total[1];
    t.groups.forEach((g, gi) => {
      const pinned = r.cells[gi]!.some(([a, b], i) => g.marks[i] !== 'value' && a >= b);
      // A group whose cells are all shown gives the hidden total away.
      const givesTotal = totalPinned && g.marks.every((m) => m === 'value');
      if (!pinned && !givesTotal) return;
      if (hideOneMore(g)) changed = true;
      else if (t.totalMark === 'value') {
        t.totalMark = 'hidden';
        changed = true;
      }
    });
    if (!changed) {
      if (!t.groups.some((g, gi) => r.cells[gi]!.some(([a, b], i) => g.marks[i] !== 'value' && a >= b)) && !totalPinned) return t;
      // Nothing left to hide that would help: hide every nonzero cell (never reached with groups that partition one total).
      for (const g of t.groups) g.values.forEach((v, i) => v > 0 && g.marks[i] === 'value' && (g.marks[i] = 'hidden'));
      if (t.totalMark === 'value') t.totalMark = 'hidden';
      return t;
    }
  }
  return t;
}

/** Single counts that are part of group cells (or of the total): see the module comment. */
const PART_OF: Partial<Record<CountId, { group: GroupId; keys: string[] } | 'total'>> = {
  meldingenMade: { group: 'outcome', keys: ['melden', 'melden-hulp'] },
  deviations: { group: 'outcome', keys: ['hulp', 'afsluiten'] },
  vtConsultations: { group: 'step', keys: ['2', '3', '4', '5'] },
  claimed: 'total',
  claimReminders: 'total',
  escalations: 'total',
};

function cellOf(mark: Mark, value: number): Cell {
  return mark === 'value' ? { kind: 'value', value } : { kind: mark };
}

/** The figures as they may be shown: nothing under {@link MIN_CELL} readable or derivable. */
export function suppress(f: Figures): SuppressedFigures {
  const t = suppressTable(f);
  const groups = Object.fromEntries(
    t.groups.map((g) => [g.id, GROUP_KEYS[g.id].map((key, i) => ({ key, cell: cellOf(g.marks[i]!, g.values[i]!) }))]),
  ) as SuppressedFigures['groups'];
  const counts = {} as Record<CountId, Cell>;
  for (const id of COUNT_IDS) {
    const v = f.counts[id];
    if (v > 0 && v < MIN_CELL) {
      counts[id] = { kind: 'small' };
      continue;
    }
    const part = PART_OF[id];
    let shownSum = Infinity;
    if (part === 'total') shownSum = t.totalMark === 'value' ? t.total : 0;
    else if (part) {
      const g = t.groups.find((x) => x.id === part.group)!;
      const idx = part.keys.map((k) => (GROUP_KEYS[part.group] as readonly string[]).indexOf(k));
      const anyHidden = idx.some((i) => g.marks[i] !== 'value');
      shownSum = anyHidden ? idx.reduce((s, i) => s + (g.marks[i] === 'value' ? g.values[i]! : 0), 0) : Infinity;
    }
    counts[id] = v > shownSum ? { kind: 'hidden' } : { kind: 'value', value: v };
  }
  const claimedShown = counts.claimed.kind === 'value';
  const n = f.claimHours.n;
  const claimHours = {
    ...(claimedShown && n >= MIN_FOR_MEDIAN && f.claimHours.median !== undefined ? { median: f.claimHours.median } : {}),
    ...(claimedShown && n >= MIN_FOR_P90 && f.claimHours.p90 !== undefined ? { p90: f.claimHours.p90 } : {}),
  };
  return { period: f.period, total: cellOf(t.totalMark, t.total), groups, counts, claimHours };
}

/** How a cell reads: the number, "< 5", or "x". */
export function cellText(c: Cell): string {
  if (c.kind === 'value') return String(c.value);
  return c.kind === 'small' ? `< ${MIN_CELL}` : 'x';
}
