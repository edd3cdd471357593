/**
 * The lead's figures ("cijfers"): compute over a period, suppress small cells, and show them as text, chart, CSV or
 * PDF. The parts live in figures/; this is the one import for the gateway, the summary card and the dossier.
 */
import type { Lang } from '../domain/types.js';
import type { Translator } from '../i18n/index.js';
import type { WorkingHours } from '../org/settings.js';
import type { Store } from '../store/store.js';
import { figuresChartAlt, figuresChartSvg } from '../../cards/pictures/figuresChart.js';
import { renderPng, type Picture } from '../../cards/pictures/render.js';
import { computeFigures } from './figures/compute.js';
import type { Period } from './figures/period.js';
import { figuresChartSpec, figuresCsv, figuresPdf, figuresText } from './figures/report.js';
import { suppress, type SuppressedFigures } from './figures/suppress.js';

export { computeFigures, COUNT_IDS, GROUP_IDS, GROUP_KEYS, type CountId, type Figures, type FiguresOptions, type GroupId } from './figures/compute.js';
export { inPeriod, parsePeriod, quarter, quarterOf, type Period } from './figures/period.js';
export { figuresChartSpec, figuresCsv, figuresPdf, figuresSubtitle, figuresText, type FiguresPdfOptions } from './figures/report.js';
export { cellText, feasibleRanges, MIN_CELL, suppress, type Cell, type SuppressedFigures } from './figures/suppress.js';

/** Everything the `cijfers` command shows, made once from the suppressed figures. */
export interface FiguresReport {
  figures: SuppressedFigures;
  text: string;
  chart: Picture;
  csv: string;
  pdf: Buffer;
}

/** Computes, suppresses and renders the figures of `period` in `lang` (the chart as PNG with its alt text). */
export async function figuresReport(
  store: Store,
  period: Period,
  workingHours: WorkingHours,
  lang: Lang,
  t: Translator['t'],
  generatedAt?: Date,
): Promise<FiguresReport> {
  const figures = suppress(await computeFigures(store, period, { workingHours }));
  const spec = figuresChartSpec(figures, lang, t);
  const chart = await renderPng(figuresChartSvg(spec), figuresChartAlt(spec));
  const pdf = await figuresPdf(figures, lang, t, { chartPng: chart.png, ...(generatedAt ? { generatedAt } : {}) });
  return { figures, text: figuresText(figures, lang, t), chart, csv: figuresCsv(figures, lang, t), pdf };
}
