/**
 * The lead's figures: computed from a seeded MemoryStore, suppressed so that no small count can be read or worked
 * out (checked by brute force against everything shown), and shown as text, CSV, chart and a one-page PDF that hold
 * no content, no case id and no reference.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  cellText,
  computeFigures,
  figuresReport,
  GROUP_IDS,
  GROUP_KEYS,
  MIN_CELL,
  parsePeriod,
  quarter,
  suppress,
  type Figures,
  type SuppressedFigures,
} from '../../src/cases/figures.js';
import type { CaseMeta, LogEntry } from '../../src/domain/case.js';
import { createTranslator, type Translator } from '../../src/i18n/index.js';
import { defaultSettings } from '../../src/org/settings.js';
import { workingMinutesBetween } from '../../src/org/workingTime.js';
import { MemoryStore } from '../../src/store/memory.js';
import { decodePng } from '../helpers/png.js';

const TZ = 'Europe/Amsterdam';
const WH = defaultSettings().reminders.workingHours;
const SECRET = 'Jantje de Vries kreeg een blauwe plek';
let tr: Translator;
const t: Translator['t'] = (lang, key, params) => tr.t(lang, key, params);

beforeAll(async () => {
  tr = await createTranslator({ strict: true });
});

interface Seed {
  at: string;
  route?: CaseMeta['route'];
  sector?: CaseMeta['sector'];
  step?: number;
  status?: CaseMeta['status'];
  outcome?: string;
  deviation?: boolean;
  claimedAt?: string;
  answers?: Record<string, unknown>;
  log?: Omit<LogEntry, 'at' | 'actor'>[];
}

let n = 0;
async function seed(store: MemoryStore, s: Seed): Promise<CaseMeta> {
  n += 1;
  const meta: CaseMeta = {
    id: `case${String(n).padStart(4, '0')}`,
    ref: `MC-R${String(n).padStart(5, '0')}`,
    owner: 'web:reporter',
    route: s.route ?? 'meldcode',
    step: s.step ?? 1,
    status: s.status ?? 'open',
    urgency: 'normaal',
    createdAt: s.at,
    updatedAt: s.at,
    ...(s.sector ? { sector: s.sector } : {}),
    ...(s.outcome ? { outcome: s.outcome } : {}),
    ...(s.deviation ? { deviation: true } : {}),
    ...(s.claimedAt ? { claimedAt: s.claimedAt, claimedBy: 'teams:af', claimedByName: 'Anna de Vries' } : {}),
  };
  const log: LogEntry[] = [
    { at: s.at, actor: meta.owner, type: 'opened', data: { lang: 'nl' } },
    { at: s.at, actor: meta.owner, type: 'fact', data: { field: 'feiten', value: `${SECRET} (${meta.ref})` } },
    ...Object.entries(s.answers ?? {}).map(([field, value]): LogEntry => ({ at: s.at, actor: meta.owner, type: 'answer', data: { field, value } })),
    ...(s.log ?? []).map((e): LogEntry => ({ at: s.at, actor: meta.owner, ...e })),
  ];
  await store.createCase(meta, log);
  return meta;
}

/** The sums a list of cells can make, each cell taking any of its possible values (up to `cap`). */
function sums(ranges: number[][], cap: number): Set<number> {
  let out = new Set([0]);
  for (const r of ranges) {
    const next = new Set<number>();
    for (const a of out) for (const v of r) if (a + v <= cap) next.add(a + v);
    out = next;
  }
  return out;
}

/** Values a reader could think possible for the total and each suppressed cell, by brute force over everything shown. */
function possibleValues(s: SuppressedFigures, cap: number): { total: Set<number>; cells: Map<string, Set<number>> } {
  const range = (c: SuppressedFigures['total']): number[] =>
    c.kind === 'value' ? [c.value] : c.kind === 'small' ? [1, 2, 3, 4] : Array.from({ length: cap - MIN_CELL + 1 }, (_, i) => i + MIN_CELL);
  const perGroup = GROUP_IDS.map((g) => ({ g, list: s.groups[g], ranges: s.groups[g].map((c) => range(c.cell)) }));
  const totals = new Set(range(s.total).filter((T) => perGroup.every(({ ranges }) => sums(ranges, cap).has(T))));
  const cells = new Map<string, Set<number>>();
  for (const { g, list, ranges } of perGroup) {
    list.forEach((c, i) => {
      if (c.cell.kind === 'value') return;
      const others = sums(ranges.filter((_, j) => j !== i), cap);
      cells.set(`${g}.${c.key}`, new Set(ranges[i]!.filter((v) => [...totals].some((T) => others.has(T - v)))));
    });
  }
  return { total: totals, cells };
}

function expectProtected(raw: Figures, s: SuppressedFigures): void {
  const cap = raw.total + 12;
  const { total, cells } = possibleValues(s, cap);
  expect(total.has(raw.total)).toBe(true);
  if (s.total.kind !== 'value') expect(total.size).toBeGreaterThan(1);
  for (const g of GROUP_IDS) {
    s.groups[g].forEach((c) => {
      const v = (raw.groups[g] as Record<string, number>)[c.key]!;
      if (c.cell.kind === 'value') {
        expect(c.cell.value).toBe(v);
        expect(v === 0 || v >= MIN_CELL).toBe(true);
        return;
      }
      const seen = cells.get(`${g}.${c.key}`)!;
      expect(seen.has(v)).toBe(true);
      // The real value is one of several that fit everything shown.
      expect(seen.size).toBeGreaterThan(1);
    });
  }
}

/** Figures with the given group counts (the rest zero), all adding up to `total`. */
function figuresOf(total: number, groups: Partial<Record<(typeof GROUP_IDS)[number], Record<string, number>>>, counts: Partial<Figures['counts']> = {}): Figures {
  const zeros = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0]));
  const g = Object.fromEntries(GROUP_IDS.map((id) => [id, { ...zeros(GROUP_KEYS[id]), ...(groups[id] ?? {}) }])) as Figures['groups'];
  for (const id of GROUP_IDS) if (!groups[id]) (g[id] as Record<string, number>)[GROUP_KEYS[id][GROUP_KEYS[id].length - 1]!] = total;
  const c = { deviations: 0, vtConsultations: 0, meldingenMade: 0, claimed: 0, claimReminders: 0, escalations: 0, followUpJa: 0, followUpNee: 0, followUpLater: 0, ...counts };
  return { period: quarter(2026, 3, TZ), total, groups: g, counts: c, claimHours: { n: 0 } };
}

describe('the period', () => {
  const now = new Date('2026-05-10T10:00:00Z');

  it('is this quarter by default, in Amsterdam time', () => {
    for (const text of [undefined, '', 'dit kwartaal', 'This Quarter']) {
      const p = parsePeriod(text, now, TZ)!;
      expect(p.label).toBe('2026-Q2');
      // 1 April 00:00 in Amsterdam is 22:00 UTC the day before (summer time began on 29 March).
      expect(p.from).toBe('2026-03-31T22:00:00.000Z');
      expect(p.to).toBe('2026-06-30T22:00:00.000Z');
    }
  });

  it('reads the previous quarter (across a year), a named quarter and a range of days', () => {
    expect(parsePeriod('vorig kwartaal', now, TZ)!.label).toBe('2026-Q1');
    const q4 = parsePeriod('last quarter', new Date('2026-02-01T12:00:00Z'), TZ)!;
    expect([q4.label, q4.from, q4.to]).toEqual(['2025-Q4', '2025-09-30T22:00:00.000Z', '2025-12-31T23:00:00.000Z']);
    expect(parsePeriod('2026-Q3', now, TZ)!.firstDay).toBe('2026-07-01');
    expect(parsePeriod('q1 2026', now, TZ)!.lastDay).toBe('2026-03-31');
    const r = parsePeriod('2026-01-01..2026-03-31', now, TZ)!;
    expect([r.from, r.to, r.label]).toEqual(['2025-12-31T23:00:00.000Z', '2026-03-31T22:00:00.000Z', '2026-01-01..2026-03-31']);
  });

  it('reads this year as the whole calendar year, local midnight to local midnight', () => {
    for (const text of ['dit jaar', 'This year']) {
      const y = parsePeriod(text, now, TZ)!;
      expect([y.label, y.from, y.to]).toEqual(['2026-01-01..2026-12-31', '2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z']);
    }
    // New Year's Eve at 23:30 in Amsterdam is already the next year there.
    expect(parsePeriod('dit jaar', new Date('2026-12-31T23:30:00Z'), TZ)!.label).toBe('2027-01-01..2027-12-31');
  });

  it('refuses what it does not know', () => {
    for (const bad of ['volgend jaar', '2026-Q5', '2026-02-30..2026-03-01', '2026-03-01..2026-01-01', '1999-Q1', '2020-01-01..2026-01-01']) {
      expect(parsePeriod(bad, now, TZ)).toBeUndefined();
    }
  });
});

describe('computing the figures', () => {
  it('counts a case started just before the quarter in the quarter before, and one just after in this one', async () => {
    const store = new MemoryStore();
    await seed(store, { at: '2026-03-31T21:59:59.000Z' }); // 23:59:59 on 31 March in Amsterdam
    await seed(store, { at: '2026-03-31T22:00:00.000Z' }); // 00:00 on 1 April
    const q1 = await computeFigures(store, quarter(2026, 1, TZ), { workingHours: WH });
    const q2 = await computeFigures(store, quarter(2026, 2, TZ), { workingHours: WH });
    expect([q1.total, q2.total]).toEqual([1, 1]);
  });

  it('counts routes, sectors, steps, decisions and the single figures from metas and logs', async () => {
    const store = new MemoryStore();
    const at = '2026-07-06T08:00:00.000Z'; // Monday 10:00 in Amsterdam
    await seed(store, { at, sector: 'onderwijs', answers: { betreft: 'thuis', slachtoffer: 'kind' }, step: 5, status: 'melding-gedaan', outcome: 'melden', log: [{ type: 'status', data: { status: 'besluit', outcome: 'melden' } }, { type: 'status', data: { status: 'melding-gedaan', outcome: 'melden' } }] });
    await seed(store, { at, sector: 'zorg', answers: { betreft: 'thuis', slachtoffer: 'volwassene' }, step: 5, status: 'besluit', deviation: true, outcome: 'opnieuw-melden', log: [{ type: 'status', data: { status: 'besluit', outcome: 'hulp' } }, { type: 'followup', data: { field: 'afweging5', value: 'nee' } }] });
    await seed(store, { at, route: 'medewerker', sector: 'sport', answers: { betreft: 'medewerker' }, step: 0, status: 'besluit', outcome: 'medewerker-route' });
    await seed(store, { at, sector: 'kinderopvang', answers: { betreft: 'tussen-kinderen' } });
    await seed(store, { at, step: 2, log: [{ type: 'consultation', data: { field: 'overlegMet', value: ['collega', 'vt'] } }] });
    // Claimed on Monday 12:30: 2.5 working hours; reminded and escalated before that.
    await seed(store, { at, claimedAt: '2026-07-06T10:30:00.000Z', log: [{ type: 'reminder', data: { kind: 'claim-reminder' } }, { type: 'reminder', data: { kind: 'deputy-escalation' } }] });
    const f = await computeFigures(store, quarter(2026, 3, TZ), { workingHours: WH });
    expect(f.total).toBe(6);
    expect(f.groups.route).toEqual({ kind: 1, volwassene: 1, medewerker: 1, 'tussen-kinderen': 1, onbekend: 2 });
    expect(f.groups.sector).toMatchObject({ onderwijs: 1, zorg: 1, sport: 1, kinderopvang: 1, onbekend: 2 });
    expect(f.groups.step).toEqual({ 0: 1, 1: 2, 2: 1, 3: 0, 4: 0, 5: 2 });
    // A follow-up "nee" changes the meta's outcome to opnieuw-melden; the decision counted stays hulp.
    expect(f.groups.outcome).toEqual({ melden: 1, hulp: 1, 'melden-hulp': 0, afsluiten: 0, geen: 4 });
    expect(f.counts).toMatchObject({ deviations: 1, vtConsultations: 1, meldingenMade: 1, claimed: 1, claimReminders: 1, escalations: 1, followUpNee: 1 });
    expect(f.claimHours).toEqual({ n: 1, median: 2.5, p90: 2.5 });
  });

  it('counts the time to claim in working hours only', () => {
    // Friday 16:00 → Monday 09:00 in Amsterdam: one hour on Friday and one on Monday.
    expect(workingMinutesBetween(new Date('2026-07-10T14:00:00Z'), new Date('2026-07-13T07:00:00Z'), WH)).toBe(120);
    expect(workingMinutesBetween(new Date('2026-07-13T07:00:00Z'), new Date('2026-07-10T14:00:00Z'), WH)).toBe(0);
  });
});

describe('suppression', () => {
  it('shows a count under 5 as "< 5" and a zero as 0', () => {
    const s = suppress(figuresOf(20, { route: { kind: 12, volwassene: 4, medewerker: 4, 'tussen-kinderen': 0, onbekend: 0 } }, { deviations: 3 }));
    const route = Object.fromEntries(s.groups.route.map((c) => [c.key, cellText(c.cell)]));
    expect(route).toMatchObject({ volwassene: '< 5', medewerker: '< 5', 'tussen-kinderen': '0' });
    expect(cellText(s.counts.deviations)).toBe('< 5');
  });

  it('hides a second cell when one small cell could be worked out from the total', () => {
    const raw = figuresOf(30, { outcome: { melden: 3, hulp: 12, 'melden-hulp': 15, afsluiten: 0, geen: 0 } });
    const s = suppress(raw);
    expect(s.total).toEqual({ kind: 'value', value: 30 });
    expect(s.groups.outcome.map((c) => cellText(c.cell))).toEqual(['< 5', 'x', '15', '0', '0']);
    expectProtected(raw, s);
  });

  it('also when two small cells add up to a value only they can make', () => {
    // 4 + 4 = 8 with both "< 5" would give both away.
    const raw = figuresOf(28, { step: { 0: 4, 1: 4, 2: 20, 3: 0, 4: 0, 5: 0 } });
    const s = suppress(raw);
    expect(s.groups.step.filter((c) => c.cell.kind === 'hidden')).toHaveLength(1);
    expectProtected(raw, s);
  });

  it('hides the total when a group has no other cell to hide, and keeps every group from giving it away', () => {
    const raw = figuresOf(8, { route: { kind: 4, volwassene: 4, medewerker: 0, 'tussen-kinderen': 0, onbekend: 0 }, sector: { onderwijs: 8 } });
    const s = suppress(raw);
    expect(s.total.kind).not.toBe('value');
    expectProtected(raw, s);
  });

  it('hides a count that would narrow a hidden cell down (a melding made that exceeds what is shown)', () => {
    const raw = figuresOf(30, { outcome: { melden: 4, hulp: 0, 'melden-hulp': 5, afsluiten: 21, geen: 0 } }, { meldingenMade: 9 });
    const s = suppress(raw);
    expect(s.counts.meldingenMade.kind).toBe('hidden');
    expectProtected(raw, s);
  });

  it('never leaves a small cell recoverable, over many random tables', () => {
    let seedValue = 42;
    const rand = (k: number) => {
      seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31;
      return seedValue % k;
    };
    for (let round = 0; round < 300; round++) {
      const total = 1 + rand(26);
      const groups = Object.fromEntries(
        GROUP_IDS.map((g) => {
          const keys = GROUP_KEYS[g];
          const cells: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
          // A few busy cells so that small ones are common.
          const busy = keys.filter(() => rand(3) === 0);
          for (let i = 0; i < total; i++) {
            const k = busy.length && rand(4) ? busy[rand(busy.length)]! : keys[rand(keys.length)]!;
            cells[k] = (cells[k] ?? 0) + 1;
          }
          return [g, cells];
        }),
      );
      const raw = figuresOf(total, groups);
      expectProtected(raw, suppress(raw));
    }
  });

  it('shows the time to claim only over enough claimed cases', () => {
    const base = figuresOf(40, {}, { claimed: 6 });
    expect(suppress({ ...base, claimHours: { n: 6, median: 1.5, p90: 7 } }).claimHours).toEqual({ median: 1.5 });
    expect(suppress({ ...base, counts: { ...base.counts, claimed: 12 }, claimHours: { n: 12, median: 1.5, p90: 7 } }).claimHours).toEqual({ median: 1.5, p90: 7 });
    expect(suppress({ ...base, counts: { ...base.counts, claimed: 3 }, claimHours: { n: 3, median: 1.5, p90: 7 } }).claimHours).toEqual({});
  });
});

async function pdfText(buf: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    parts.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text: parts.join(' ').replace(/\s+/g, ' ') };
}

describe('the report', () => {
  async function seededStore(): Promise<{ store: MemoryStore; metas: CaseMeta[] }> {
    const store = new MemoryStore();
    const metas: CaseMeta[] = [];
    const sectors = ['onderwijs', 'kinderopvang', 'jgz', 'zorg'] as const;
    for (let i = 0; i < 23; i++) {
      const day = 1 + (i % 28);
      const at = `2026-08-${String(day).padStart(2, '0')}T07:${String(10 + i).padStart(2, '0')}:00.000Z`;
      const decided = i % 3 === 0;
      metas.push(
        await seed(store, {
          at,
          sector: sectors[i % 4],
          answers: { betreft: 'thuis', slachtoffer: i % 5 === 0 ? 'volwassene' : 'kind', overlegMet: i % 2 ? ['vt'] : ['collega'] },
          step: decided ? 5 : 1 + (i % 4),
          ...(decided ? { status: 'besluit' as const, outcome: 'melden', log: [{ type: 'status' as const, data: { status: 'besluit', outcome: 'melden' } }] } : {}),
          claimedAt: new Date(Date.parse(at) + (1 + (i % 7)) * 3_600_000).toISOString(),
        }),
      );
    }
    return { store, metas };
  }

  it('holds no content, no case id and no reference, in text, CSV, chart and PDF, in nl and en', async () => {
    const { store, metas } = await seededStore();
    for (const lang of ['nl', 'en'] as const) {
      const r = await figuresReport(store, quarter(2026, 3, TZ), WH, lang, t, new Date('2026-10-01T08:00:00Z'));
      const pdf = await pdfText(r.pdf);
      expect(pdf.pages).toBe(1);
      for (const out of [r.text, r.csv, r.chart.alt, pdf.text]) {
        expect(out).not.toMatch(/MC-/);
        expect(out).not.toContain('Jantje');
        expect(out).not.toContain('blauwe plek');
        expect(out).not.toContain('Anna');
        for (const m of metas) expect(out).not.toContain(m.id);
        expect(out).toContain(t(lang, 'figures.own').slice(0, 30));
      }
      expect(pdf.text).toContain('< 5');
      expect(pdf.text).toContain(t(lang, 'figures.title'));
      expect(r.text).toContain(`${t(lang, 'figures.total')}: 23`);
      expect(r.text).toContain(`${t(lang, 'figures.route.tussen-kinderen')} 0`);
      const png = decodePng(r.chart.png);
      expect(png.width).toBeLessThanOrEqual(1024);
      expect(png.height).toBeLessThanOrEqual(1024);
      if (lang === 'nl') {
        await mkdir('test-artifacts', { recursive: true });
        await writeFile(path.join('test-artifacts', 'figures.png'), r.chart.png);
        await writeFile(path.join('test-artifacts', 'figures.pdf'), r.pdf);
      }
    }
  });

  it('writes a CSV labelled as the organisation\'s own figures with the suppression applied', async () => {
    const { store } = await seededStore();
    const r = await figuresReport(store, quarter(2026, 3, TZ), WH, 'nl', t);
    const rows = r.csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe(`"${t('nl', 'figures.own')}"`);
    expect(rows[0]).toContain('geen monitorformat');
    expect(rows[1]).toBe('"periode","2026-Q3","2026-07-01","2026-09-30","Europe/Amsterdam"');
    for (const g of GROUP_IDS) {
      for (const c of r.figures.groups[g]) {
        const shown = rows.filter((row) => row.startsWith(`"${t('nl', `figures.group.${g}`)}",`));
        expect(shown.some((row) => row.endsWith(`,"${cellText(c.cell)}"`))).toBe(true);
      }
    }
    // Every count in the CSV is a number of 0 or at least 5, "< 5" or "x".
    for (const row of rows.slice(5)) {
      const last = /"([^"]*)"$/.exec(row)![1]!;
      if (/^\d+$/.test(last)) expect(Number(last) === 0 || Number(last) >= MIN_CELL).toBe(true);
    }
  });

  it('gives the same chart for two stores whose figures suppress to the same thing', async () => {
    // 3 or 4 volwassene cases (and 4 or 3 not chosen yet) all show as "< 5": nothing in the picture may tell them apart.
    const make = (adults: number) => figuresOf(27, { route: { kind: 20, volwassene: adults, medewerker: 0, 'tussen-kinderen': 0, onbekend: 7 - adults } });
    const { figuresChartSpec } = await import('../../src/cases/figures.js');
    const { figuresChartSvg } = await import('../../cards/pictures/figuresChart.js');
    const [a, b] = [suppress(make(3)), suppress(make(4))];
    expect(figuresChartSvg(figuresChartSpec(a, 'nl', t))).toBe(figuresChartSvg(figuresChartSpec(b, 'nl', t)));
  });
});
