/**
 * The lead's figures ("cijfers"): anonymous counts over the cases started in a period, read from the case metas and
 * logs through the Store interface. Everything counts the cases *started* in the period (a cohort), so every group
 * adds up to the same total; events of those cases (reminders, follow-up answers) count whenever they happened.
 * Nothing here keeps an id, a reference, a name or a word of free text: only numbers leave this module.
 */
import type { Store } from '../../store/store.js';
import type { CaseRecord, LogEntry } from '../../domain/case.js';
import { BESLUITEN } from '../../domain/advice.js';
import { SECTORS } from '../../domain/types.js';
import type { WorkingHours } from '../../org/settings.js';
import { workingMinutesBetween } from '../../org/workingTime.js';
import { inPeriod, type Period } from './period.js';

/**
 * Whom a case is about. `kind` includes "a child and an adult"; `tussen-kinderen` (sexual behaviour between
 * children) has no route of its own yet and counts when a case records it (see {@link routeOf}); `onbekend` is a
 * case stopped before the question was answered.
 */
export const ROUTE_KEYS = ['kind', 'volwassene', 'medewerker', 'tussen-kinderen', 'onbekend'] as const;
export const SECTOR_KEYS = [...SECTORS, 'onbekend'] as const;
/** The meldcode step reached: 0 is the preparation (context) before stap 1. */
export const STEP_KEYS = ['0', '1', '2', '3', '4', '5'] as const;
/** The stap-5 decisions, and `geen` for cases without one (still open, stopped, closed after the kindcheck, staff route). */
export const OUTCOME_KEYS = [...BESLUITEN, 'geen'] as const;

/** The groups that split the total: each case falls in exactly one cell of each. */
export const GROUP_KEYS = { route: ROUTE_KEYS, sector: SECTOR_KEYS, step: STEP_KEYS, outcome: OUTCOME_KEYS } as const;
export type GroupId = keyof typeof GROUP_KEYS;
export const GROUP_IDS = Object.keys(GROUP_KEYS) as GroupId[];

/** Single counts beside the groups. */
export const COUNT_IDS = [
  'deviations',
  'vtConsultations',
  'meldingenMade',
  'claimed',
  'claimReminders',
  'escalations',
  'followUpJa',
  'followUpNee',
  'followUpLater',
] as const;
export type CountId = (typeof COUNT_IDS)[number];

/** The raw figures, before suppression: never shown as they are. */
export interface Figures {
  period: Period;
  total: number;
  groups: { [G in GroupId]: Record<(typeof GROUP_KEYS)[G][number], number> };
  counts: Record<CountId, number>;
  /** Working hours from start to claim, over the claimed cases: median and the 90th percentile (the slowest tenth took longer). */
  claimHours: { n: number; median?: number; p90?: number };
}

export interface FiguresOptions {
  /** The organisation's working hours (settings.reminders.workingHours): the time to claim counts only those. */
  workingHours: WorkingHours;
}

/** Values that mark a case as being about sexual behaviour between children, once a route records it. */
const BETWEEN_CHILDREN: ReadonlySet<string> = new Set(['tussen-kinderen', 'kinderen']);

/** The last value recorded for an answer field (later entries correct earlier ones). */
function lastValue(log: readonly LogEntry[], field: string): unknown {
  for (let i = log.length - 1; i >= 0; i--) {
    const e = log[i]!;
    if (e.data.field === field) return e.data.value;
  }
  return undefined;
}

function routeOf(r: CaseRecord): (typeof ROUTE_KEYS)[number] {
  const route = String(r.meta.route);
  const betreft = lastValue(r.log, 'betreft');
  if (BETWEEN_CHILDREN.has(route) || (typeof betreft === 'string' && BETWEEN_CHILDREN.has(betreft))) return 'tussen-kinderen';
  if (route === 'medewerker' || betreft === 'medewerker') return 'medewerker';
  const slachtoffer = lastValue(r.log, 'slachtoffer');
  if (slachtoffer === 'volwassene') return 'volwassene';
  if (slachtoffer === 'kind' || slachtoffer === 'beide' || betreft === 'thuis') return 'kind';
  return 'onbekend';
}

function sectorOf(r: CaseRecord): (typeof SECTOR_KEYS)[number] {
  const s = r.meta.sector;
  return s !== undefined && (SECTORS as readonly string[]).includes(s) ? s : 'onbekend';
}

function stepOf(r: CaseRecord): (typeof STEP_KEYS)[number] {
  const n = Math.max(0, Math.min(5, Math.floor(Number(r.meta.step) || 0)));
  return String(n) as (typeof STEP_KEYS)[number];
}

/** The stap-5 decision: the last status entry that records one (a follow-up "nee" later changes only the meta). */
function outcomeOf(r: CaseRecord): (typeof OUTCOME_KEYS)[number] {
  const decided = (v: unknown): v is (typeof BESLUITEN)[number] => typeof v === 'string' && (BESLUITEN as readonly string[]).includes(v);
  for (let i = r.log.length - 1; i >= 0; i--) {
    const e = r.log[i]!;
    if (e.type === 'status' && decided(e.data.outcome)) return e.data.outcome;
  }
  return decided(r.meta.outcome) ? r.meta.outcome : 'geen';
}

function consultedVt(r: CaseRecord): boolean {
  const v = lastValue(r.log, 'overlegMet');
  return Array.isArray(v) ? v.includes('vt') : v === 'vt';
}

function meldingMade(r: CaseRecord): boolean {
  return r.meta.status === 'melding-gedaan' || r.log.some((e) => e.type === 'status' && e.data.status === 'melding-gedaan');
}

/** Median (the mean of the middle two for an even count) and the nearest-rank 90th percentile, to 0.1 hour. */
function spread(hours: number[]): { median: number; p90: number } | undefined {
  if (hours.length === 0) return undefined;
  const s = [...hours].sort((a, b) => a - b);
  const mid = s.length / 2;
  const median = s.length % 2 === 1 ? s[Math.floor(mid)]! : (s[mid - 1]! + s[mid]!) / 2;
  const p90 = s[Math.ceil(0.9 * s.length) - 1]!;
  const round = (h: number) => Math.round(h * 10) / 10;
  return { median: round(median), p90: round(p90) };
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** Counts the cases started in `period` (see the module comment). Reads every case once; writes nothing. */
export async function computeFigures(store: Store, period: Period, options: FiguresOptions): Promise<Figures> {
  const groups = {
    route: zeros(ROUTE_KEYS),
    sector: zeros(SECTOR_KEYS),
    step: zeros(STEP_KEYS),
    outcome: zeros(OUTCOME_KEYS),
  };
  const counts = zeros(COUNT_IDS);
  const hours: number[] = [];
  let total = 0;
  for (const meta of await store.listCases()) {
    if (!inPeriod(meta.createdAt, period)) continue;
    const r = await store.getCase(meta.id);
    if (!r) continue; // deleted meanwhile
    total += 1;
    groups.route[routeOf(r)] += 1;
    groups.sector[sectorOf(r)] += 1;
    groups.step[stepOf(r)] += 1;
    groups.outcome[outcomeOf(r)] += 1;
    if (r.meta.deviation === true) counts.deviations += 1;
    if (consultedVt(r)) counts.vtConsultations += 1;
    if (meldingMade(r)) counts.meldingenMade += 1;
    if (r.meta.claimedAt !== undefined && !Number.isNaN(Date.parse(r.meta.claimedAt))) {
      counts.claimed += 1;
      hours.push(workingMinutesBetween(new Date(r.meta.createdAt), new Date(r.meta.claimedAt), options.workingHours) / 60);
    }
    for (const e of r.log) {
      if (e.type === 'reminder' && e.data.kind === 'claim-reminder') counts.claimReminders += 1;
      if (e.type === 'reminder' && e.data.kind === 'deputy-escalation') counts.escalations += 1;
      if (e.type === 'followup' && e.data.value === 'ja') counts.followUpJa += 1;
      if (e.type === 'followup' && e.data.value === 'nee') counts.followUpNee += 1;
      if (e.type === 'followup' && e.data.value === 'later') counts.followUpLater += 1;
    }
  }
  const s = spread(hours);
  return { period, total, groups, counts, claimHours: { n: hours.length, ...(s ? { median: s.median, p90: s.p90 } : {}) } };
}
