/**
 * Stap 0's picture: the ticked risk factors (draaglast) and protective factors (draagkracht) on the two pans of a
 * balance (seed 003: "Belangrijk is dat de draaglast van de ouder zijn draagkracht niet te boven gaat"). The beam
 * stays level on purpose: counting ticks is not a weighing, and protective factors do not simply cancel risks
 * (meldcode-facts §6a). It carries the same "geen gevalideerde risicotaxatie" line stap 0 shows (§6d).
 */
import { PROTECTIVE_FACTORS, RISK_FACTORS } from '../../src/domain/factors.js';
import type { Lang } from '../../src/domain/types.js';
import { altLimit, COLOURS, line, rect, svgDoc, text, wrap } from './svg.js';

type T = (lang: Lang, key: string, params?: Record<string, unknown>) => string;

/** The ids of the factors ticked (as stap 0 records them: `note` entries with `stap0: { risico, bescherming }`). */
export interface Stap0Picks {
  risks: readonly string[];
  protective: readonly string[];
}

const W = 1000;
const MAX_ITEMS = 10;
const PAN_W = 430;
const LEFT_X = 35;
const RIGHT_X = W - 35 - PAN_W;

function picked(p: Stap0Picks) {
  return {
    risks: RISK_FACTORS.filter((f) => p.risks.includes(f.id)),
    protective: PROTECTIVE_FACTORS.filter((f) => p.protective.includes(f.id)),
  };
}

function weights(x: number, y: number, items: { text: string; weighty?: boolean }[], lang: Lang, t: T, tone: 'risk' | 'protective'): { svg: string; bottom: number } {
  const fill = tone === 'risk' ? COLOURS.redLight : COLOURS.greenLight;
  const stroke = tone === 'risk' ? COLOURS.red : COLOURS.green;
  let out = '';
  let cy = y;
  if (items.length === 0) {
    out += text(x + PAN_W / 2, cy + 20, t(lang, 'picture.stap0.none'), { size: 14, anchor: 'middle', fill: COLOURS.muted });
    return { svg: out, bottom: cy + 34 };
  }
  for (const item of items.slice(0, MAX_ITEMS)) {
    const tag = item.weighty ? ` (${t(lang, 'picture.stap0.weighty')})` : '';
    const lines = wrap(`${item.text}${tag}`, PAN_W - 28, 13).slice(0, 2);
    const h = lines.length * 17 + 12;
    out += rect(x, cy, PAN_W, h, { fill, stroke, strokeWidth: item.weighty ? 3.5 : 1.2, radius: 5 });
    out += text(x + 12, cy + 19, lines, { size: 13, bold: item.weighty === true, lineHeight: 17 });
    cy += h + 6;
  }
  if (items.length > MAX_ITEMS) {
    out += text(x + 12, cy + 16, t(lang, 'picture.stap0.more', { n: items.length - MAX_ITEMS }), { size: 13, fill: COLOURS.muted });
    cy += 26;
  }
  return { svg: out, bottom: cy };
}

/** The balance as SVG (1000 px wide) in `lang`. */
export function stap0BalanceSvg(p: Stap0Picks, lang: Lang, t: T): string {
  const { risks, protective } = picked(p);
  let body = text(LEFT_X, 40, t(lang, 'picture.stap0.title'), { size: 24, bold: true });
  // Stand, beam and the pans' strings: drawn level, see the module comment.
  const beamY = 100;
  const panY = 170;
  body += `<polygon points="${W / 2 - 36},${panY + 30} ${W / 2 + 36},${panY + 30} ${W / 2},${beamY + 6}" fill="${COLOURS.muted}"/>`;
  body += rect(W / 2 - 6, beamY - 14, 12, 14, { fill: COLOURS.muted, radius: 3 });
  body += rect(LEFT_X + PAN_W / 2 - 10, beamY - 4, RIGHT_X + PAN_W / 2 - (LEFT_X + PAN_W / 2) + 20, 8, { fill: COLOURS.ink, radius: 4 });
  for (const cx of [LEFT_X + PAN_W / 2, RIGHT_X + PAN_W / 2]) {
    body += line(cx, beamY, cx - 150, panY, COLOURS.muted, 1.5) + line(cx, beamY, cx + 150, panY, COLOURS.muted, 1.5);
    body += `<path d="M${cx - 170},${panY} Q${cx},${panY + 34} ${cx + 170},${panY} Z" fill="${COLOURS.grey}" stroke="${COLOURS.muted}" stroke-width="2"/>`;
  }
  body += text(LEFT_X + PAN_W / 2, panY + 60, t(lang, 'picture.stap0.left', { n: risks.length }), { size: 16, bold: true, anchor: 'middle', fill: COLOURS.red });
  body += text(RIGHT_X + PAN_W / 2, panY + 60, t(lang, 'picture.stap0.right', { n: protective.length }), { size: 16, bold: true, anchor: 'middle', fill: COLOURS.green });
  const left = weights(LEFT_X, panY + 76, risks.map((f) => ({ text: f.text[lang], weighty: f.weighty === true })), lang, t, 'risk');
  const right = weights(RIGHT_X, panY + 76, protective.map((f) => ({ text: f.text[lang] })), lang, t, 'protective');
  body += left.svg + right.svg;
  let y = Math.max(left.bottom, right.bottom) + 24;
  for (const [key, bold] of [
    ['picture.stap0.level', false],
    ['s0.uitkomst.balance', false],
    ['s0.intro.disclaimer', true],
  ] as const) {
    const lines = wrap(t(lang, key), W - 2 * LEFT_X, 14, bold);
    body += text(LEFT_X, y, lines, { size: 14, bold, fill: bold ? COLOURS.ink : COLOURS.muted, lineHeight: 19 });
    y += lines.length * 19 + 6;
  }
  return svgDoc(W, y + 8, body);
}

/** The text alternative in `lang`: both lists in full, and the same disclaimer. */
export function stap0BalanceAlt(p: Stap0Picks, lang: Lang, t: T): string {
  const { risks, protective } = picked(p);
  const none = t(lang, 'picture.stap0.none');
  const list = (xs: { text: { nl: string; en: string }; weighty?: boolean }[]) =>
    xs.length ? xs.map((f) => `${f.text[lang]}${f.weighty ? ` (${t(lang, 'picture.stap0.weighty')})` : ''}`).join('; ') : none;
  return altLimit(
    [
      t(lang, 'picture.stap0.alt.intro'),
      t(lang, 's0.intro.disclaimer'),
      t(lang, 'picture.stap0.alt.risks', { n: risks.length, list: list(risks) }),
      t(lang, 'picture.stap0.alt.protective', { n: protective.length, list: list(protective) }),
      t(lang, 'picture.stap0.level'),
    ].join(' '),
  );
}
