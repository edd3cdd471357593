/**
 * The afwegingskader drawn as a tree: the five questions, each exit with its advice exactly as `nextAfweging`
 * branches (meldcode-facts §1a), the route this case took and its advice highlighted, and the decision with a mark
 * when it departs from the advice. Colour is never the only carrier: the route also carries the answers in words.
 */
import { nextAfweging, type AfwegingAdvice, type AfwegingQuestion } from '../../dialogs/afwegingskader.js';
import { acuteGround, deviatesFromAdvice, type Besluit, BESLUITEN } from '../../src/domain/advice.js';
import type { Lang } from '../../src/domain/types.js';
import type { Answers } from '../../src/engine/types.js';
import { altLimit, arrowDefs, COLOURS, line, rect, svgDoc, text, wrap } from './svg.js';

type T = (lang: Lang, key: string, params?: Record<string, unknown>) => string;

/** What the picture needs of a case: the answers to the five questions, whether acute unsafety binds, the decision. */
export interface AfwegingPath {
  answers: Partial<Record<AfwegingQuestion, string>>;
  /** Acute danger or a disclosure on record: questions 1 and 2 count as "ja" and the advice is melden (§1b). */
  bound?: boolean;
  besluit?: Besluit;
}

const QUESTIONS: readonly AfwegingQuestion[] = ['afweging1', 'afweging2', 'afweging3', 'afweging4', 'afweging5'];

/** The path of a case from its answers (the dialogue's own fields). */
export function afwegingPathFromAnswers(a: Answers): AfwegingPath {
  const answers: AfwegingPath['answers'] = {};
  for (const q of QUESTIONS) if (typeof a[q] === 'string') answers[q] = a[q] as string;
  const besluit = (BESLUITEN as readonly unknown[]).includes(a.besluit) ? (a.besluit as Besluit) : undefined;
  return { answers, ...(acuteGround(a) ? { bound: true } : {}), ...(besluit ? { besluit } : {}) };
}

/** The answers on the route (the bound ones when acute unsafety binds) and the advice, if the branching ended. */
export function afwegingRoute(p: AfwegingPath): { taken: Partial<Record<AfwegingQuestion, string>>; advice?: AfwegingAdvice } {
  if (p.bound) return { taken: { afweging1: 'ja', afweging2: 'ja' }, advice: 'melden-samen-met-vt' };
  const taken: Partial<Record<AfwegingQuestion, string>> = {};
  for (const q of QUESTIONS) {
    const v = p.answers[q];
    if (v === undefined) break;
    taken[q] = v;
    const r = nextAfweging(taken);
    if ('advice' in r) return { taken, advice: r.advice };
  }
  return { taken };
}

/** The exits of each question: the answer that leaves the column and the advice it leads to (§1a). */
export const AFWEGING_EXITS: Readonly<Record<AfwegingQuestion, readonly { answer: string; advice: AfwegingAdvice }[]>> = {
  afweging1: [{ answer: 'nee', advice: 'afsluiten' }],
  afweging2: [{ answer: 'ja', advice: 'melden-samen-met-vt' }],
  afweging3: [{ answer: 'nee', advice: 'melden' }],
  afweging4: [{ answer: 'nee', advice: 'melden' }],
  afweging5: [
    { answer: 'nee', advice: 'opnieuw-melden' },
    { answer: 'ja', advice: 'hulp' },
    { answer: 'later', advice: 'hulp-volgen' },
  ],
};
export const AFWEGING_CONTINUE: Readonly<Partial<Record<AfwegingQuestion, string>>> = { afweging1: 'ja', afweging2: 'nee', afweging3: 'ja', afweging4: 'ja' };

const W = 1000;
const QX = 30;
const QW = 470;
const QH = 74;
const AX = 600;
const AW = 370;
const AH = 56;
const ROW = 112;

function box(x: number, y: number, w: number, h: number, label: string, on: boolean, sub?: string, tone: 'blue' | 'red' = 'blue'): string {
  const stroke = on ? (tone === 'red' ? COLOURS.red : COLOURS.blue) : COLOURS.line;
  const fill = on ? (tone === 'red' ? COLOURS.redLight : COLOURS.blueLight) : '#ffffff';
  let out = rect(x, y, w, h, { fill, stroke, strokeWidth: on ? 4 : 1.5, radius: 8 });
  out += text(x + 12, y + 22, wrap(label, w - 24, 15, on).slice(0, 2), { size: 15, bold: on, lineHeight: 19 });
  if (sub) out += text(x + 12, y + h - 10, sub, { size: 13, bold: true, fill: tone === 'red' ? COLOURS.red : COLOURS.blue });
  return out;
}

function edge(x1: number, y1: number, x2: number, y2: number, label: string, on: boolean, lx: number, ly: number): string {
  return line(x1, y1, x2, y2, on ? COLOURS.blue : COLOURS.line, on ? 5 : 1.5, true) + text(lx, ly, label, { size: 13, bold: on, fill: on ? COLOURS.blue : COLOURS.muted });
}

function answerWord(v: string, lang: Lang, t: T): string {
  return t(lang, `picture.afweging.${v === 'ja' || v === 'nee' || v === 'later' ? v : 'notAnswered'}`);
}

/** The tree as SVG (1000 px wide) in `lang`. */
export function afwegingTreeSvg(p: AfwegingPath, lang: Lang, t: T): string {
  const { taken, advice } = afwegingRoute(p);
  const answerText = (v: string) => answerWord(v, lang, t);
  let body = arrowDefs([COLOURS.blue, COLOURS.line]);
  body += text(QX, 38, t(lang, 'picture.afweging.title'), { size: 24, bold: true });
  let y0 = 62;
  if (p.bound) {
    const lines = wrap(t(lang, 'picture.afweging.bound'), W - 2 * QX - 24, 14);
    body += rect(QX, y0, W - 2 * QX, lines.length * 19 + 16, { fill: COLOURS.amberLight, stroke: COLOURS.amber, strokeWidth: 2, radius: 6 });
    body += text(QX + 12, y0 + 22, lines, { size: 14, fill: COLOURS.ink, lineHeight: 19 });
    y0 += lines.length * 19 + 30;
  }
  QUESTIONS.forEach((q, i) => {
    const y = y0 + i * ROW;
    const answer = taken[q];
    const on = answer !== undefined;
    body += box(QX, y, QW, QH, t(lang, `picture.afweging.q${i + 1}`), on, on ? t(lang, 'picture.afweging.answered', { answer: answerText(answer) }) : undefined);
    const cont = AFWEGING_CONTINUE[q];
    if (cont) {
      const onCont = on && answer === cont;
      body += edge(QX + 60, y + QH, QX + 60, y + ROW - 4, answerText(cont), onCont, QX + 72, y + QH + 24);
    }
    const exits = AFWEGING_EXITS[q];
    exits.forEach((ex, k) => {
      const onExit = on && answer === ex.answer;
      const adviceOn = onExit && advice === ex.advice;
      const label = t(lang, `advice.${ex.advice}`);
      const sub = adviceOn ? t(lang, 'picture.afweging.adviceHere') : undefined;
      if (k === 0) {
        body += edge(QX + QW, y + QH / 2, AX - 4, y + QH / 2, answerText(ex.answer), onExit, QX + QW + 14, y + QH / 2 - 8);
        body += box(AX, y + (QH - AH) / 2 - 6, AW, AH + 12, label, adviceOn, sub);
      } else {
        // Question 5's "ja" and "nog niet te zeggen" exits sit under it, side by side, across the whole width.
        const half = (W - 2 * QX - 30) / 2;
        const bx = QX + (k - 1) * (half + 30);
        const by = y + ROW + 26;
        const sx = k === 1 ? QX + 60 : QX + QW - 60;
        body += edge(sx, y + QH, bx + 60, by - 4, answerText(ex.answer), onExit, Math.max(sx, bx + 60) + 12, y + QH + 26);
        body += box(bx, by, half, AH + 12, label, adviceOn, sub);
      }
    });
  });
  let y = y0 + 4 * ROW + ROW + 26 + AH + 12 + 30;
  const deviation = advice !== undefined && p.besluit !== undefined && deviatesFromAdvice(advice, p.besluit);
  const decision = p.besluit ? t(lang, 'picture.afweging.decision', { besluit: t(lang, `afw.besluit.opt.${p.besluit}`) }) : t(lang, 'picture.afweging.noDecision');
  const decisionLines = [decision, ...(deviation ? [`⚠ ${t(lang, 'picture.afweging.deviation')}`] : [])];
  body += rect(QX, y, W - 2 * QX, decisionLines.length * 22 + 18, {
    fill: deviation ? COLOURS.redLight : COLOURS.grey,
    stroke: deviation ? COLOURS.red : COLOURS.line,
    strokeWidth: deviation ? 4 : 1.5,
    radius: 8,
  });
  body += text(QX + 14, y + 26, decisionLines, { size: 16, bold: true, fill: deviation ? COLOURS.red : COLOURS.ink, lineHeight: 22 });
  y += decisionLines.length * 22 + 18 + 26;
  const legend = wrap(t(lang, 'picture.afweging.legend'), W - 2 * QX, 13);
  body += text(QX, y, legend, { size: 13, fill: COLOURS.muted });
  return svgDoc(W, y + legend.length * 17 + 10, body);
}

/** The text alternative in `lang`: answers on the route, the advice, the decision and any deviation. */
export function afwegingTreeAlt(p: AfwegingPath, lang: Lang, t: T): string {
  const { taken, advice } = afwegingRoute(p);
  const parts = [t(lang, 'picture.afweging.alt.intro')];
  if (p.bound) parts.push(t(lang, 'picture.afweging.bound'));
  QUESTIONS.forEach((q, i) => {
    const v = taken[q];
    if (v !== undefined) parts.push(t(lang, 'picture.afweging.alt.answer', { n: i + 1, answer: answerWord(v, lang, t) }));
  });
  parts.push(advice ? t(lang, 'picture.afweging.alt.advice', { advice: t(lang, `advice.${advice}`) }) : t(lang, 'picture.afweging.alt.noAdvice'));
  if (p.besluit) parts.push(t(lang, 'picture.afweging.alt.decision', { besluit: t(lang, `afw.besluit.opt.${p.besluit}`) }));
  if (advice && p.besluit && deviatesFromAdvice(advice, p.besluit)) parts.push(t(lang, 'picture.afweging.alt.deviation'));
  return altLimit(parts.join(' '));
}
