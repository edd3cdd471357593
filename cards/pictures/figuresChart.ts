/**
 * The lead's figures as a bar chart: one panel per group, then the single counts and the notes. It draws what it is
 * handed and nothing more: suppression happened before (src/cases/figures). A suppressed bar is a fixed-size dashed
 * stub, the same for "< 5" and "x", so its length never gives a value away.
 */
import { altLimit, COLOURS, rect, svgDoc, text, wrap } from './svg.js';

export interface ChartBar {
  label: string;
  /** The count, or undefined when it is suppressed. */
  value?: number;
  /** How the count reads: "12", "< 5", "x". */
  text: string;
}

export interface ChartSpec {
  title: string;
  subtitle: string;
  groups: { title: string; bars: ChartBar[] }[];
  /** Lines under the panels: single counts, time to claim. */
  facts: string[];
  /** Notes at the bottom: legend, "the organisation's own figures". */
  notes: string[];
}

const WIDTH = 1000;
const PAD = 24;
const COL_W = (WIDTH - PAD * 3) / 2;
const LABEL_W = 250;
const BAR_MAX = COL_W - LABEL_W - 70;
const BAR_H = 20;
const ROW_H = 28;
const STUB_W = 26;

function panel(x: number, y: number, g: ChartSpec['groups'][number]): { svg: string; height: number } {
  const max = Math.max(1, ...g.bars.map((b) => b.value ?? 0));
  let out = text(x, y + 18, g.title, { size: 17, bold: true });
  let cy = y + 32;
  for (const b of g.bars) {
    const lines = wrap(b.label, LABEL_W - 12, 13);
    const label = lines.length > 1 ? `${lines[0]}…` : (lines[0] ?? '');
    out += text(x, cy + 15, label, { size: 13 });
    const bx = x + LABEL_W;
    if (b.value === undefined) {
      out += rect(bx, cy, STUB_W, BAR_H, { fill: COLOURS.grey, stroke: COLOURS.muted, dash: true });
      out += text(bx + STUB_W + 8, cy + 15, b.text, { size: 13, bold: true, fill: COLOURS.muted });
    } else {
      const w = b.value === 0 ? 0 : Math.max(2, (b.value / max) * BAR_MAX);
      if (w > 0) out += rect(bx, cy, w, BAR_H, { fill: COLOURS.blue });
      out += text(bx + w + 8, cy + 15, b.text, { size: 13, bold: true });
    }
    cy += ROW_H;
  }
  return { svg: out, height: cy - y + 12 };
}

/** The chart as SVG, 1000 px wide. */
export function figuresChartSvg(spec: ChartSpec): string {
  let body = text(PAD, PAD + 22, spec.title, { size: 24, bold: true });
  const sub = wrap(spec.subtitle, WIDTH - PAD * 2, 15);
  body += text(PAD, PAD + 48, sub, { size: 15, fill: COLOURS.muted });
  const top = PAD + 48 + sub.length * 20 + 4;
  // Two columns; each group goes to the shorter one, in order.
  const colY = [top, top];
  for (const g of spec.groups) {
    const col = colY[0]! <= colY[1]! ? 0 : 1;
    const p = panel(PAD + col * (COL_W + PAD), colY[col]!, g);
    body += p.svg;
    colY[col] = colY[col]! + p.height;
  }
  let y = Math.max(...colY) + 8;
  body += rect(PAD, y, WIDTH - PAD * 2, 1, { fill: COLOURS.line });
  y += 26;
  for (const f of spec.facts) {
    const lines = wrap(f, WIDTH - PAD * 2, 14);
    body += text(PAD, y, lines, { size: 14 });
    y += lines.length * 19;
  }
  y += 8;
  for (const n of spec.notes) {
    const lines = wrap(n, WIDTH - PAD * 2, 12);
    body += text(PAD, y, lines, { size: 12, fill: COLOURS.muted });
    y += lines.length * 16;
  }
  return svgDoc(WIDTH, y + PAD - 10, body);
}

/** The text alternative: the same content in words, within Slack's 2000 characters. */
export function figuresChartAlt(spec: ChartSpec): string {
  const groups = spec.groups.map((g) => `${g.title}: ${g.bars.map((b) => `${b.label} ${b.text}`).join('; ')}.`);
  return altLimit([`${spec.title}. ${spec.subtitle}`, ...groups, ...spec.facts, ...spec.notes].join('\n'));
}
