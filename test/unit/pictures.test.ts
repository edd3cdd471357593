/**
 * The pictures: the afwegingskader tree, stap 0's balance and the figures chart, as SVG built here and rendered to
 * PNG by resvg with the embedded font; the PNGs are decoded again to check size and ink, and written to
 * test-artifacts/ for a look.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { nextAfweging, type AfwegingQuestion } from '../../dialogs/afwegingskader.js';
import { AFWEGING_CONTINUE, AFWEGING_EXITS, afwegingPathFromAnswers, afwegingRoute, afwegingTreeAlt, afwegingTreeSvg, type AfwegingPath } from '../../cards/pictures/afwegingTree.js';
import { figuresChartAlt, figuresChartSvg, type ChartSpec } from '../../cards/pictures/figuresChart.js';
import { MAX_BYTES, MAX_SIDE, renderPng, type Picture } from '../../cards/pictures/render.js';
import { stap0BalanceAlt, stap0BalanceSvg } from '../../cards/pictures/stap0Balance.js';
import { esc } from '../../cards/pictures/svg.js';
import { DRAWN_KEPT, Pictures } from '../../src/app/pictures.js';
import { deviatesFromAdvice } from '../../src/domain/advice.js';
import { PROTECTIVE_FACTORS, RISK_FACTORS } from '../../src/domain/factors.js';
import type { Lang } from '../../src/domain/types.js';
import type { Prompt } from '../../src/engine/types.js';
import { createTranslator, type Translator } from '../../src/i18n/index.js';
import { MemoryStore } from '../../src/store/index.js';
import { decodePng, inkStats } from '../helpers/png.js';

const QUESTIONS: AfwegingQuestion[] = ['afweging1', 'afweging2', 'afweging3', 'afweging4', 'afweging5'];
let tr: Translator;
const t = (lang: Lang, key: string, params?: Record<string, unknown>) => tr.t(lang, key, params);

beforeAll(async () => {
  tr = await createTranslator({ strict: true });
});

/** Renders, decodes and checks a picture against the card-image limits; writes it to test-artifacts/ when named. */
async function checkedPng(svg: string, alt: string, artifact?: string): Promise<Picture> {
  const pic = await renderPng(svg, alt);
  const png = decodePng(pic.png);
  expect([png.width, png.height]).toEqual([pic.width, pic.height]);
  expect(png.width).toBeLessThanOrEqual(MAX_SIDE);
  expect(png.height).toBeLessThanOrEqual(MAX_SIDE);
  expect(pic.png.length).toBeLessThan(MAX_BYTES);
  const stats = inkStats(png);
  // Text and lines, not a blank page: at least 1% ink and several colours.
  expect(stats.ink).toBeGreaterThan(png.width * png.height * 0.01);
  expect(stats.colours).toBeGreaterThan(8);
  expect(pic.alt.length).toBeGreaterThan(20);
  expect([...pic.alt].length).toBeLessThanOrEqual(2000);
  if (artifact) {
    await mkdir('test-artifacts', { recursive: true });
    await writeFile(path.join('test-artifacts', artifact), pic.png);
  }
  return pic;
}

/** Every text node of an SVG, unescaped. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
}

describe('the afwegingskader tree', () => {
  it('draws exactly the branching of nextAfweging: every exit and every way on', () => {
    QUESTIONS.forEach((q, i) => {
      const before = Object.fromEntries(QUESTIONS.slice(0, i).map((p) => [p, AFWEGING_CONTINUE[p]!]));
      for (const exit of AFWEGING_EXITS[q]) expect(nextAfweging({ ...before, [q]: exit.answer })).toEqual({ advice: exit.advice });
      const cont = AFWEGING_CONTINUE[q];
      if (cont) expect(nextAfweging({ ...before, [q]: cont })).toEqual({ ask: QUESTIONS[i + 1] });
      else expect(i).toBe(4);
    });
  });

  it('highlights the route of every possible set of answers and the advice it ends in', () => {
    const answers: Partial<Record<AfwegingQuestion, string>>[] = [{}];
    for (const q of QUESTIONS) {
      for (const a of [...answers]) {
        if ('advice' in nextAfweging(a) || Object.keys(a).length !== QUESTIONS.indexOf(q)) continue;
        for (const v of q === 'afweging5' ? ['ja', 'nee', 'later'] : ['ja', 'nee']) answers.push({ ...a, [q]: v });
      }
    }
    expect(answers.length).toBeGreaterThan(8);
    for (const a of answers) {
      const r = nextAfweging(a);
      const route = afwegingRoute({ answers: a });
      expect(route.advice).toBe('advice' in r ? r.advice : undefined);
      const svg = afwegingTreeSvg({ answers: a }, 'nl', t);
      const marks = svgTexts(svg).filter((s) => s === t('nl', 'picture.afweging.adviceHere'));
      expect(marks).toHaveLength('advice' in r ? 1 : 0);
      expect(svgTexts(svg).filter((s) => s.startsWith('antwoord: '))).toHaveLength(Object.keys(a).length);
    }
  });

  it('marks a decision that departs from the advice, in nl and en', () => {
    const p: AfwegingPath = { answers: { afweging1: 'ja', afweging2: 'nee', afweging3: 'nee' }, besluit: 'hulp' };
    expect(deviatesFromAdvice('melden', 'hulp')).toBe(true);
    for (const lang of ['nl', 'en'] as const) {
      const texts = svgTexts(afwegingTreeSvg(p, lang, t));
      expect(texts).toContain(`⚠ ${t(lang, 'picture.afweging.deviation')}`);
      expect(texts).toContain(t(lang, 'picture.afweging.decision', { besluit: t(lang, 'afw.besluit.opt.hulp') }));
      expect(afwegingTreeAlt(p, lang, t)).toContain(t(lang, 'picture.afweging.alt.deviation'));
    }
    const agreeing = svgTexts(afwegingTreeSvg({ ...p, besluit: 'melden' }, 'nl', t));
    expect(agreeing.some((s) => s.includes(t('nl', 'picture.afweging.deviation')))).toBe(false);
  });

  it('shows a recorded acute danger binding questions 1 and 2 and the advice to report', () => {
    const p = afwegingPathFromAnswers({ acuutCheck: 'gevaar', afweging1: 'ja', afweging2: 'ja', besluit: 'afsluiten' });
    expect(p.bound).toBe(true);
    expect(afwegingRoute(p).advice).toBe('melden-samen-met-vt');
    const alt = afwegingTreeAlt(p, 'en', t);
    expect(alt).toContain(t('en', 'picture.afweging.bound'));
    expect(alt).toContain(t('en', 'picture.afweging.alt.deviation'));
  });

  it('renders to a PNG within the card-image limits', async () => {
    const p: AfwegingPath = { answers: { afweging1: 'ja', afweging2: 'nee', afweging3: 'ja', afweging4: 'ja', afweging5: 'later' }, besluit: 'afsluiten' };
    await checkedPng(afwegingTreeSvg(p, 'nl', t), afwegingTreeAlt(p, 'nl', t), 'afweging.png');
    await checkedPng(afwegingTreeSvg(p, 'en', t), afwegingTreeAlt(p, 'en', t));
  });

  it('draws off the event loop: other work goes on while pictures render', async () => {
    const first: AfwegingPath = { answers: { afweging1: 'ja', afweging2: 'nee' }, besluit: 'afsluiten' };
    await renderPng(afwegingTreeSvg(first, 'nl', t), ''); // the native module loaded
    // Two pictures not drawn before, drawn one after the other. A render on the event loop would finish both
    // before any of these ran; on the thread pool the loop turns at least when the first is done and the
    // second has just begun.
    const svgs = [
      afwegingTreeSvg({ answers: { afweging1: 'nee', afweging2: 'ja', afweging3: 'nee' }, besluit: 'afsluiten' }, 'nl', t),
      afwegingTreeSvg({ answers: { afweging1: 'nee', afweging2: 'ja', afweging3: 'ja' }, besluit: 'afsluiten' }, 'en', t),
    ];
    let turns = 0;
    let done = false;
    const spin = () => {
      if (done) return;
      turns += 1;
      setImmediate(spin);
    };
    setImmediate(spin);
    const rendering = Promise.all(svgs.map((svg) => renderPng(svg, ''))).finally(() => {
      done = true;
    });
    const turnsWhenCalled = turns;
    const pictures = await rendering;
    expect(turnsWhenCalled).toBe(0);
    expect(turns).toBeGreaterThan(0);
    expect(pictures[0]!.png).not.toBe(pictures[1]!.png);
  });

  it('draws a picture once: the same SVG again gets the PNG drawn before, with its own alt text', async () => {
    const p: AfwegingPath = { answers: { afweging1: 'ja', afweging2: 'ja', afweging3: 'nee' }, besluit: 'afsluiten' };
    const svg = afwegingTreeSvg(p, 'en', t);
    const [a, b] = await Promise.all([renderPng(svg, 'first'), renderPng(svg, 'second')]);
    const c = await renderPng(svg, 'third');
    expect(b.png).toBe(a.png);
    expect(c.png).toBe(a.png);
    expect([a.alt, b.alt, c.alt]).toEqual(['first', 'second', 'third']);
    // A different picture is drawn anew, and several asked for at once all arrive, in full.
    const others = await Promise.all(['nl', 'en'].map((lang) => renderPng(afwegingTreeSvg({ answers: { afweging1: 'nee' }, besluit: 'afsluiten' }, lang as Lang, t), lang)));
    expect(others[0]!.png).not.toBe(others[1]!.png);
    for (const o of others) expect(decodePng(o.png).width).toBe(o.width);
  });

  it('refuses a picture over the limits each time it is asked for, and draws the next one', async () => {
    const huge = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000">${Array.from({ length: 400 }, (_, i) => `<circle cx="${(i * 37) % 1000}" cy="${(i * 91) % 1000}" r="${20 + (i % 50)}" fill="#${((i * 2654435761) >>> 8).toString(16).padStart(6, '0').slice(0, 6)}"/>`).join('')}<filter id="n"><feTurbulence baseFrequency="0.9" numOctaves="4"/></filter><rect width="1000" height="1000" filter="url(#n)"/></svg>`;
    for (let i = 0; i < 2; i++) await expect(renderPng(huge, '')).rejects.toMatchObject({ code: 'TOO_LARGE' });
    const p: AfwegingPath = { answers: { afweging1: 'ja', afweging2: 'nee', afweging3: 'nee' }, besluit: 'afsluiten' };
    const ok = await renderPng(afwegingTreeSvg(p, 'nl', t), '');
    expect(ok.png.length).toBeLessThan(MAX_BYTES);
  });
});

describe('pictures in replies', () => {
  /** A translator that counts what it is asked: a picture drawn anew asks for its texts, one kept asks for none. */
  const counting = () => {
    const counter = { calls: 0, translator: undefined as unknown as Translator };
    counter.translator = { missing: tr.missing, t: (lang, key, params) => (counter.calls++, tr.t(lang, key, params)) };
    return counter;
  };
  const picture = (answers: Record<string, string>, besluit?: string, bound?: boolean): Prompt => ({ kind: 'picture', picture: { of: 'afweging', answers, ...(besluit ? { besluit } : {}), ...(bound ? { bound } : {}) } });
  const served = (store: MemoryStore, translator: Translator) => new Pictures({ store, translator, clock: () => new Date('2026-12-02T10:00:00Z'), baseUrl: () => 'https://bot.example', log: () => undefined });
  const svgOf = async (store: MemoryStore, pictures: Pictures, prompt: Prompt, lang: Lang) => {
    const [image] = await pictures.resolve([prompt], lang);
    const token = /\/pictures\/([^/]+)\.png$/.exec((image as { url: string }).url)?.[1] ?? '';
    const name = (await store.docNames('picture-')).find((n) => n.endsWith(createHash('sha256').update(token.split('-')[1] ?? '').digest('hex').slice(0, 40)));
    return { image: image as Extract<Prompt, { kind: 'image' }>, svg: ((await store.getDoc<{ svg: string }>(name ?? '')) ?? { svg: '' }).svg };
  };

  it('draws a route once and shows it again from what was drawn, each time under a URL of its own', async () => {
    const store = new MemoryStore();
    const counter = counting();
    const pictures = served(store, counter.translator);
    const answers = { afweging1: 'ja', afweging2: 'nee', afweging3: 'ja', afweging4: 'ja', afweging5: 'ja', vrijeTekst: 'iets wat iemand typte' };

    const first = await svgOf(store, pictures, picture(answers, 'hulp'), 'nl');
    const drawnWith = counter.calls;
    const again = await svgOf(store, pictures, picture({ ...answers, vrijeTekst: 'iets anders' }, 'hulp'), 'nl');

    expect(drawnWith).toBeGreaterThan(0);
    expect(counter.calls).toBe(drawnWith);
    expect(again.svg).toBe(first.svg);
    expect(again.image.alt).toBe(first.image.alt);
    expect(again.image.url).not.toBe(first.image.url);
    expect(first.svg).toBe(afwegingTreeSvg(afwegingPathFromAnswers({ ...answers, besluit: 'hulp' }), 'nl', t));
  });

  it('draws anew what differs in language, answers, decision or acute danger', async () => {
    const store = new MemoryStore();
    const pictures = served(store, tr);
    const base = { afweging1: 'ja', afweging2: 'nee', afweging3: 'ja', afweging4: 'ja', afweging5: 'ja' };
    const variants: [Prompt, Lang, AfwegingPath][] = [
      [picture(base, 'hulp'), 'nl', { answers: base, besluit: 'hulp' }],
      [picture(base, 'hulp'), 'en', { answers: base, besluit: 'hulp' }],
      [picture({ ...base, afweging5: 'nee' }, 'hulp'), 'nl', { answers: { ...base, afweging5: 'nee' }, besluit: 'hulp' }],
      [picture(base, 'melden'), 'nl', { answers: base, besluit: 'melden' }],
      [picture(base, 'hulp', true), 'nl', { answers: base, besluit: 'hulp', bound: true }],
    ];
    const svgs: string[] = [];
    for (const [prompt, lang, path] of variants) {
      const { svg } = await svgOf(store, pictures, prompt, lang);
      expect(svg).toBe(afwegingTreeSvg(path, lang, t));
      svgs.push(svg);
    }
    expect(new Set(svgs).size).toBe(variants.length);
  });

  it('keeps the PNG with the picture for a URL fetched, and not for one a channel uploads itself', async () => {
    const store = new MemoryStore();
    const pictures = served(store, tr);
    const stored = async (image: Extract<Prompt, { kind: 'image' }>) => {
      const secret = /-([0-9a-f]{48})\.png$/.exec(image.url)?.[1] ?? '';
      const name = (await store.docNames('picture-')).find((n) => n.endsWith(createHash('sha256').update(secret).digest('hex').slice(0, 40)));
      return store.getDoc<{ svg?: string; png?: string }>(name ?? '');
    };
    const route = { afweging1: 'ja', afweging2: 'nee', afweging3: 'nee' };

    // Uploaded (Slack without a reachable URL): drawn, handed over, and the store still holds only the SVG.
    const { image: uploaded } = await svgOf(store, pictures, picture(route, 'melden'), 'nl');
    const first = await pictures.pngAt(uploaded.url);
    const again = await pictures.pngAt(uploaded.url);
    expect(first).toBeDefined();
    expect(decodePng(first as Buffer).width).toBe(uploaded.width);
    expect(again?.equals(first as Buffer)).toBe(true);
    expect(await stored(uploaded)).toEqual({ svg: expect.any(String), expiresAt: expect.any(String) });

    // Fetched by URL (a card's image): the PNG is kept with it, for the next fetch on any instance.
    const { image: fetched } = await svgOf(store, pictures, picture(route, 'melden'), 'nl');
    const token = /\/pictures\/([^/]+)\.png$/.exec(fetched.url)?.[1] ?? '';
    const png = await pictures.png(token);
    expect((await stored(fetched))?.png).toBe(png?.toString('base64'));
  });

  it(`keeps at most ${DRAWN_KEPT} pictures, those shown last`, async () => {
    const store = new MemoryStore();
    const counter = counting();
    const pictures = served(store, counter.translator);
    // Stap 0 balances with different factors ticked: as many different pictures as wanted.
    const balance = (n: number): Prompt => ({ kind: 'picture', picture: { of: 'stap0', risks: RISK_FACTORS.filter((_, i) => (n >> i) & 1).map((f) => f.id), protective: [] } });
    const drawsFor = async (n: number) => {
      const before = counter.calls;
      await pictures.resolve([balance(n)], 'nl');
      return counter.calls - before;
    };
    expect(RISK_FACTORS.length).toBeGreaterThanOrEqual(7);
    for (let n = 0; n <= DRAWN_KEPT; n++) expect(await drawsFor(n)).toBeGreaterThan(0);
    // The first was let go to keep the limit; the last is still there, and so is the second until it is let go in turn.
    expect(await drawsFor(DRAWN_KEPT)).toBe(0);
    expect(await drawsFor(0)).toBeGreaterThan(0);
    expect(await drawsFor(2)).toBe(0);
  });
});

describe("stap 0's balance", () => {
  const picks = {
    risks: ['r-ouder-psychiatrisch', ...RISK_FACTORS.filter((f) => !f.weighty).slice(0, 3).map((f) => f.id), 'not-a-factor'],
    protective: PROTECTIVE_FACTORS.slice(0, 2).map((f) => f.id),
  };

  it('lists the ticked factors on both sides with the weighty ones marked, and the same disclaimer as stap 0', () => {
    for (const lang of ['nl', 'en'] as const) {
      const texts = svgTexts(stap0BalanceSvg(picks, lang, t)).join(' ');
      expect(texts).toContain(t(lang, 'picture.stap0.left', { n: 4 }));
      expect(texts).toContain(t(lang, 'picture.stap0.right', { n: 2 }));
      expect(texts).toContain(t(lang, 'picture.stap0.weighty'));
      const alt = stap0BalanceAlt(picks, lang, t);
      expect(alt).toContain(t(lang, 's0.intro.disclaimer'));
      expect(alt).toContain(PROTECTIVE_FACTORS[0]!.text[lang]);
    }
    // The disclaimer line is drawn as a whole (wrapped), word for word.
    const drawn = svgTexts(stap0BalanceSvg(picks, 'nl', t)).join(' ');
    expect(drawn).toContain(t('nl', 's0.intro.disclaimer'));
    expect(t('nl', 's0.intro.disclaimer')).toContain('geen gevalideerde risicotaxatie');
  });

  it('keeps a long list within the picture and says how many more there are', async () => {
    const all = { risks: RISK_FACTORS.map((f) => f.id), protective: PROTECTIVE_FACTORS.map((f) => f.id) };
    const svg = stap0BalanceSvg(all, 'nl', t);
    expect(svgTexts(svg)).toContain(t('nl', 'picture.stap0.more', { n: RISK_FACTORS.length - 10 }));
    await checkedPng(svg, stap0BalanceAlt(all, 'nl', t));
  });

  it('renders to a PNG, also with nothing ticked', async () => {
    await checkedPng(stap0BalanceSvg(picks, 'nl', t), stap0BalanceAlt(picks, 'nl', t), 'stap0.png');
    const empty = svgTexts(stap0BalanceSvg({ risks: [], protective: [] }, 'en', t));
    expect(empty.filter((s) => s === t('en', 'picture.stap0.none'))).toHaveLength(2);
  });
});

describe('the figures chart', () => {
  const spec: ChartSpec = {
    title: 'Cijfers <script>&"',
    subtitle: 'Zaken gestart in 2026-Q3',
    groups: [
      { title: 'Over wie', bars: [{ label: 'Kind', value: 12, text: '12' }, { label: 'Volwassene', text: '< 5' }, { label: 'Medewerker', text: 'x' }, { label: 'Tussen kinderen', value: 0, text: '0' }] },
      { title: 'Besluit', bars: [{ label: 'Melden', value: 7, text: '7' }, { label: 'Hulp', text: 'x' }] },
    ],
    facts: ['Overleg met Veilig Thuis: 9'],
    notes: ['Eigen cijfers van de organisatie'],
  };

  it('escapes every text and draws suppressed bars as stubs of one size', () => {
    const svg = figuresChartSvg(spec);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain(esc('Cijfers <script>&"'));
    const stubs = [...svg.matchAll(/<rect [^>]*stroke-dasharray[^>]*>/g)].map((m) => /width="([\d.]+)"/.exec(m[0])![1]);
    expect(stubs).toHaveLength(3);
    expect(new Set(stubs).size).toBe(1);
  });

  it('has an alt text with every bar in words, cut to 2000 characters', () => {
    expect(figuresChartAlt(spec)).toContain('Volwassene < 5');
    const long = { ...spec, notes: ['x'.repeat(3000)] };
    expect([...figuresChartAlt(long)].length).toBe(2000);
  });

  it('renders to a PNG', async () => {
    await checkedPng(figuresChartSvg(spec), figuresChartAlt(spec));
  });
});
