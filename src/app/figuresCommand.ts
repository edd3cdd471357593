/**
 * The `cijfers` command (English `figures`) for aandachtsfunctionarissen, their deputies and beheerders: the
 * organisation's anonymous figures of a period (this quarter unless one is named: "cijfers vorig kwartaal",
 * "cijfers 2026-Q3", "cijfers 2026-01-01..2026-03-31") as a short text, the chart as a picture, and buttons for a
 * one-page PDF and a CSV, each a one-time download link made when the button is pressed (the file itself only
 * when the link is used: cases/lead.ts).
 */
import { figuresChartAlt, figuresChartSvg } from '../../cards/pictures/figuresChart.js';
import { computeFigures, figuresChartSpec, figuresText, parsePeriod, suppress } from '../cases/figures.js';
import { LEAD_PROMPT, type LeadService } from '../cases/lead.js';
import type { Lang } from '../domain/types.js';
import type { Prompt } from '../engine/types.js';
import type { Translator } from '../i18n/index.js';
import type { OrgSettings } from '../org/settings.js';
import type { Store } from '../store/store.js';
import type { Pictures } from './pictures.js';

/** "cijfers", "cijfers vorig kwartaal", "figures 2026-Q3": the command and the period named after it. */
export const FIGURES_COMMAND = /^(?:cijfers|figures)(?:\s+([\s\S]{0,60}))?$/i;
/** The download buttons' prompt: `lead#figures:<period label>`, so every channel routes it as a lead answer. */
export const FIGURES_PROMPT = `${LEAD_PROMPT}figures:`;
const FORMATS = ['pdf', 'csv'] as const;

export interface FiguresDeps {
  lead: LeadService;
  store: Store;
  settings: () => OrgSettings;
  translator: Translator;
  pictures: Pictures;
  clock: () => Date;
}

export class FiguresCommand {
  constructor(private readonly deps: FiguresDeps) {}

  private t(lang: Lang, key: string, params?: Record<string, unknown>): string {
    return this.deps.translator.t(lang, key, params);
  }

  /** The figures of the period named in `rest` (empty: this quarter), or why not. */
  async run(userKey: string, rest: string, lang: Lang): Promise<Prompt[]> {
    if (!this.deps.lead.maySeeFigures(userKey)) return [{ kind: 'info', tone: 'warning', text: this.t(lang, 'lead.onlyLeads') }];
    const now = this.deps.clock();
    const hours = this.deps.settings().reminders.workingHours;
    const period = parsePeriod(rest, now, hours.timeZone);
    if (!period) return [{ kind: 'info', tone: 'warning', text: this.t(lang, 'figures.command.badPeriod') }];
    const t = (l: Lang, key: string, params?: Record<string, unknown>) => this.t(l, key, params);
    const figures = suppress(await computeFigures(this.deps.store, period, { workingHours: hours }));
    const spec = figuresChartSpec(figures, lang, t);
    const text: Prompt = { kind: 'info', tone: 'normal', text: figuresText(figures, lang, t) };
    // Rendered when first fetched; where nothing serves pictures, the text alternative.
    const chart: Prompt = this.deps.pictures.served ? await this.deps.pictures.publishSvg(figuresChartSvg(spec), figuresChartAlt(spec)) : { kind: 'info', tone: 'normal', text: figuresChartAlt(spec) };
    return [
      text,
      chart,
      {
        kind: 'choice',
        promptId: `${FIGURES_PROMPT}${period.label}`,
        question: this.t(lang, 'figures.command.download'),
        options: FORMATS.map((f) => ({ value: f, label: this.t(lang, `figures.command.${f}`) })),
        nav: [],
      },
    ];
  }

  /** A download button: a one-time link to the PDF or the CSV of the period the buttons were shown for. */
  async answer(userKey: string, promptId: string, value: string | string[], lang: Lang): Promise<Prompt[]> {
    const format = FORMATS.find((f) => f === (Array.isArray(value) ? value[0] : value));
    const period = promptId.slice(FIGURES_PROMPT.length);
    if (!format || !parsePeriod(period, this.deps.clock(), this.deps.settings().reminders.workingHours.timeZone)) {
      return [{ kind: 'info', tone: 'error', text: this.t(lang, 'input.malformed') }];
    }
    const url = await this.deps.lead.figuresLink(userKey, period, format, lang);
    if (!url) return [{ kind: 'info', tone: 'warning', text: this.t(lang, 'lead.onlyLeads') }];
    return [{ kind: 'info', tone: 'normal', text: this.t(lang, 'figures.command.ready', { format: format.toUpperCase(), period, url }) }];
  }
}
