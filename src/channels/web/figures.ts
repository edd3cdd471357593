/**
 * The organisation's figures in the local web chat and its panel: the `cijfers` reply (app/figuresCommand.ts,
 * through the gateway like every other input, so roles, the rate limit and the period's parsing are the same as
 * in Teams and Slack) turned into a view the page draws itself: the chart with its text alternative, the short
 * summary, a choice of period, and the PDF and CSV as links straight away (each a one-time link, as everywhere:
 * the page behind it asks before it downloads). A reply that is not the figures (a refusal, an unknown period)
 * is left as it is: the caller shows it as cards.
 */
import { FIGURES_PROMPT } from '../../app/figuresCommand.js';
import type { ChannelDeps } from '../../app/channelDeps.js';
import { parsePeriod } from '../../cases/figures.js';
import type { Lang } from '../../domain/types.js';
import type { Prompt } from '../../engine/types.js';

/** The periods the page offers, by the words `cijfers` takes after it (nl; the command reads en too). */
export const WEB_PERIODS = ['dit kwartaal', 'vorig kwartaal', 'dit jaar'] as const;
const PERIOD_KEY: Record<(typeof WEB_PERIODS)[number], string> = { 'dit kwartaal': 'thisQuarter', 'vorig kwartaal': 'lastQuarter', 'dit jaar': 'thisYear' };

/** What the page draws; every text comes translated, links and the picture as paths of this server. */
export interface WebFiguresView {
  title: string;
  /** The period as the command names it ("2026-Q3", "2026-01-01..2026-12-31"). */
  period: string;
  periodLabel: string;
  /** The label of the choice of period. */
  periodTitle: string;
  /** The choice of period; the value is what to send back (`period`). */
  periods: { value: string; label: string; selected: boolean }[];
  summaryTitle: string;
  summary: string;
  image?: { src: string; alt: string; width: number; height: number };
  /** Without a picture (nothing serves them): its text alternative. */
  chartText?: string;
  downloadsTitle: string;
  links: { format: 'pdf' | 'csv'; href: string; label: string }[];
}

/** Our own address as a path: the page may be open as localhost or as 127.0.0.1. */
const pathOf = (url: string): string => (/^https?:\/\//.test(url) ? new URL(url).pathname : url);

/**
 * The view of a `cijfers` reply, or undefined when `prompts` are not one (a refusal, an unknown period).
 * `asked` is the period as the user gave it ('' for this quarter).
 */
export async function figuresView(deps: Pick<ChannelDeps, 'lead' | 'translator' | 'clock'>, userKey: string, asked: string, prompts: Prompt[], lang: Lang): Promise<WebFiguresView | undefined> {
  const choice = prompts.find((p) => 'promptId' in p && p.promptId.startsWith(FIGURES_PROMPT));
  if (!choice || !('promptId' in choice)) return undefined;
  const period = choice.promptId.slice(FIGURES_PROMPT.length);
  const t = (key: string, params?: Record<string, unknown>) => deps.translator.t(lang, key, params);
  const summary = prompts.find((p) => p.kind === 'info');
  const image = prompts.find((p) => p.kind === 'image');
  const chartText = prompts.filter((p) => p.kind === 'info')[1];
  const links: WebFiguresView['links'] = [];
  for (const format of ['pdf', 'csv'] as const) {
    const url = await deps.lead.figuresLink(userKey, period, format, lang);
    if (url) links.push({ format, href: pathOf(url), label: t(`figures.web.${format}`) });
  }
  const now = deps.clock();
  const zone = deps.lead.timeZone();
  const periods: WebFiguresView['periods'] = WEB_PERIODS.map((value) => {
    const p = parsePeriod(value, now, zone);
    return { value, label: t(`figures.web.${PERIOD_KEY[value]}`, { label: p?.label ?? '', year: p?.firstDay.slice(0, 4) ?? '' }), selected: p?.label === period };
  });
  // A period typed in the chat that is none of these (e.g. "cijfers 2026-Q1") stays chosen as itself.
  if (!periods.some((p) => p.selected)) periods.push({ value: asked, label: t('figures.web.named', { label: period }), selected: true });
  return {
    title: t('figures.title'),
    period,
    periodLabel: periods.find((p) => p.selected)?.label ?? period,
    periodTitle: t('figures.web.period'),
    periods,
    summaryTitle: t('figures.web.summary'),
    summary: summary?.kind === 'info' ? summary.text : '',
    ...(image?.kind === 'image' ? { image: { src: pathOf(image.url), alt: image.alt, width: image.width, height: image.height } } : {}),
    ...(chartText?.kind === 'info' && image === undefined ? { chartText: chartText.text } : {}),
    downloadsTitle: t('figures.web.downloads'),
    links,
  };
}
