/**
 * The suppressed figures as the lead gets them: a short chat text, a CSV, the chart's content and a one-page PDF.
 * All of it is made from {@link SuppressedFigures} only, so nothing suppression hid can reach any of them. Each says
 * it holds the organisation's own figures, not a monitor format (meldcode-facts Part 2 §10: which indicators the
 * municipal monitor asks for is not confirmed).
 */
import { pdfFile } from '../pdfFile.js';
import type { Lang } from '../../domain/types.js';
import { SECTOR_DEFS } from '../../domain/sectors.js';
import type { Translator } from '../../i18n/index.js';
import type { ChartSpec } from '../../../cards/pictures/figuresChart.js';
import { fontFiles } from '../../../cards/pictures/render.js';
import { COUNT_IDS, GROUP_IDS, type CountId, type GroupId } from './compute.js';
import { cellText, type Cell, type SuppressedFigures } from './suppress.js';

type T = Translator['t'];

function categoryLabel(group: GroupId, key: string, lang: Lang, t: T): string {
  if (group === 'sector') {
    const s = SECTOR_DEFS.find((d) => d.id === key);
    if (s) return s.text[lang];
  }
  return t(lang, `figures.${group}.${key}`);
}

function hours(h: number, lang: Lang): string {
  const s = (Math.round(h * 10) / 10).toFixed(1);
  return lang === 'nl' ? s.replace('.', ',') : s;
}

export function figuresSubtitle(s: SuppressedFigures, lang: Lang, t: T): string {
  const p = s.period;
  return t(lang, 'figures.subtitle', { period: p.label, first: p.firstDay, last: p.lastDay, timeZone: p.timeZone });
}

function claimLine(s: SuppressedFigures, lang: Lang, t: T): string {
  const parts = [
    ...(s.claimHours.median !== undefined ? [t(lang, 'figures.claim.median', { hours: hours(s.claimHours.median, lang) })] : []),
    ...(s.claimHours.p90 !== undefined ? [t(lang, 'figures.claim.p90', { hours: hours(s.claimHours.p90, lang) })] : []),
  ];
  return `${t(lang, 'figures.claim.title')}: ${parts.length ? parts.join('; ') : t(lang, 'figures.claim.tooFew')}`;
}

const countLine = (s: SuppressedFigures, lang: Lang, t: T, ids: readonly CountId[]) =>
  ids.map((id) => `${t(lang, `figures.count.${id}`)}: ${cellText(s.counts[id])}`).join(' · ');

/** The single counts and the time to claim, as lines (shared by the text, the chart and the PDF). */
function factLines(s: SuppressedFigures, lang: Lang, t: T): string[] {
  return [
    countLine(s, lang, t, ['deviations', 'vtConsultations', 'meldingenMade']),
    countLine(s, lang, t, ['claimed', 'claimReminders', 'escalations']),
    claimLine(s, lang, t),
    countLine(s, lang, t, ['followUpJa', 'followUpNee', 'followUpLater']),
  ];
}

function groupLines(s: SuppressedFigures, lang: Lang, t: T): string[] {
  return GROUP_IDS.map((g) => `${t(lang, `figures.group.${g}`)}: ${s.groups[g].map((c) => `${categoryLabel(g, c.key, lang, t)} ${cellText(c.cell)}`).join(' · ')}`);
}

/** The short text summary for the chat (plain text, one fact per line). */
export function figuresText(s: SuppressedFigures, lang: Lang, t: T): string {
  return [
    `${t(lang, 'figures.title')} — ${figuresSubtitle(s, lang, t)}`,
    `${t(lang, 'figures.total')}: ${cellText(s.total)}`,
    ...groupLines(s, lang, t),
    ...factLines(s, lang, t),
    t(lang, 'figures.legend'),
    t(lang, 'figures.own'),
  ].join('\n');
}

/** What the chart draws (cards/pictures/figuresChart.ts): suppressed bars carry no value. */
export function figuresChartSpec(s: SuppressedFigures, lang: Lang, t: T): ChartSpec {
  const bar = (label: string, cell: Cell) => ({ label, text: cellText(cell), ...(cell.kind === 'value' ? { value: cell.value } : {}) });
  return {
    title: t(lang, 'figures.title'),
    subtitle: `${figuresSubtitle(s, lang, t)}. ${t(lang, 'figures.total')}: ${cellText(s.total)}`,
    groups: GROUP_IDS.map((g) => ({
      title: t(lang, `figures.group.${g}`),
      bars: s.groups[g].map((c) => bar(categoryLabel(g, c.key, lang, t), c.cell)),
    })),
    facts: factLines(s, lang, t),
    notes: [t(lang, 'figures.legend'), t(lang, 'figures.scope'), t(lang, 'figures.own')],
  };
}

function csvField(v: string): string {
  // Labels are our own texts; a leading = + - @ would still make a spreadsheet read a formula.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The figures as CSV (RFC 4180, comma-separated, CRLF), with the suppression applied and labelled as the organisation's own. */
export function figuresCsv(s: SuppressedFigures, lang: Lang, t: T): string {
  const rows: string[][] = [
    [t(lang, 'figures.own')],
    [t(lang, 'figures.csv.period'), s.period.label, s.period.firstDay, s.period.lastDay, s.period.timeZone],
    [t(lang, 'figures.legend')],
    [],
    [t(lang, 'figures.csv.group'), t(lang, 'figures.csv.category'), t(lang, 'figures.csv.count')],
    [t(lang, 'figures.total'), '', cellText(s.total)],
  ];
  for (const g of GROUP_IDS) for (const c of s.groups[g]) rows.push([t(lang, `figures.group.${g}`), categoryLabel(g, c.key, lang, t), cellText(c.cell)]);
  for (const id of COUNT_IDS) rows.push([t(lang, `figures.count.${id}`), '', cellText(s.counts[id])]);
  const notShown = t(lang, 'figures.csv.notShown');
  rows.push([t(lang, 'figures.csv.claim'), t(lang, 'figures.csv.median'), s.claimHours.median !== undefined ? s.claimHours.median.toFixed(1) : notShown]);
  rows.push([t(lang, 'figures.csv.claim'), t(lang, 'figures.csv.p90'), s.claimHours.p90 !== undefined ? s.claimHours.p90.toFixed(1) : notShown]);
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export interface FiguresPdfOptions {
  /** The chart as PNG (cards/pictures), placed under the heading; the PDF is complete without it. */
  chartPng?: Buffer;
  /** Creation date written in the PDF and its footer (a fixed one keeps the output reproducible). */
  generatedAt?: Date;
}

const MARGIN = 48;

/** A one-page A4 PDF: heading, chart, the text summary and the notes, in DejaVu Sans. */
export async function figuresPdf(s: SuppressedFigures, lang: Lang, t: T, options: FiguresPdfOptions = {}): Promise<Buffer> {
  const created = options.generatedAt ?? new Date(0);
  const fonts = fontFiles();
  return pdfFile({ lang, title: t(lang, 'figures.title'), created, margin: MARGIN }, (doc) => {
    doc.registerFont('body', fonts.regular);
    doc.registerFont('bold', fonts.bold);
    const width = doc.page.width - MARGIN * 2;
    doc.font('bold').fontSize(16).text(t(lang, 'figures.title'), MARGIN, MARGIN, { width });
    doc.font('body').fontSize(9).fillColor('#333333').text(figuresSubtitle(s, lang, t), { width });
    doc.text(t(lang, 'figures.own'), { width });
    doc.moveDown(0.5);
    const lines = [`${t(lang, 'figures.total')}: ${cellText(s.total)}`, ...groupLines(s, lang, t), ...factLines(s, lang, t)];
    const notes = [t(lang, 'figures.legend'), t(lang, 'figures.scope'), t(lang, 'figures.pdf.generated', { date: created.toISOString().slice(0, 10) })];
    doc.font('body').fontSize(8);
    const textHeight = [...lines, ...notes].reduce((h, l) => h + doc.heightOfString(l, { width }) + 2, 0) + 24;
    if (options.chartPng) {
      const room = doc.page.height - MARGIN - doc.y - textHeight;
      if (room > 80) {
        const y = doc.y;
        doc.image(options.chartPng, MARGIN, y, { fit: [width, room], align: 'center' });
        // A PNG's size is in its IHDR chunk: width at byte 16, height at byte 20.
        const [w, h] = [options.chartPng.readUInt32BE(16), options.chartPng.readUInt32BE(20)];
        doc.y = y + Math.min(room, (h * width) / w) + 8;
      }
    }
    doc.fillColor('#000000').font('body').fontSize(8);
    for (const l of lines) doc.text(l, MARGIN, doc.y, { width, paragraphGap: 2 });
    doc.moveDown(0.5);
    doc.fillColor('#444444');
    for (const n of notes) doc.text(n, MARGIN, doc.y, { width, paragraphGap: 2 });
  });
}
