/**
 * The figures and the pictures, wired: `cijfers` through the gateway for a lead and a beheerder (text, chart
 * served as a PNG, one-time PDF and CSV links) and refused for a melder; the afwegingskader after the summary;
 * stap 0's balance at its end; the dossier with the picture (PDF) and its text (Markdown). The real server in
 * local mode, on real files.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { loadConfig } from '../../src/config.js';
import type { Prompt } from '../../src/engine/types.js';
import { defaultSettings, type OrgSettings } from '../../src/org/settings.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { caseToDecision, GatewayUser } from '../helpers/gatewayUser.js';
import { decodePng } from '../helpers/png.js';

let dir: string;
let running: RunningServer;

const AF = 'web:af-anne';
const BEHEERDER = 'web:beheer-bea';
const MELDER = 'web:melder-mia';

function settings(): OrgSettings {
  const s = defaultSettings();
  s.aandachtsfunctionarissen = [AF];
  s.beheerders = [BEHEERDER];
  return s;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-figures-'));
  running = await startServer(loadConfig({ DATA_DIR: dir, PORT: '0', SETTINGS_FILE: path.join(dir, 'settings.json') }), {
    log: () => undefined,
    settings: settings(),
    schedulerIntervalMs: 0,
  });
  // One finished case, so the figures and the dossier have something to show.
  await caseToDecision(new GatewayUser(() => running.gateway, MELDER));
});
afterAll(async () => {
  await running.close();
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.key`, { force: true });
});

const user = (key: string, lang: 'nl' | 'en' = 'nl') => new GatewayUser(() => running.gateway, key, lang);
type Image = Extract<Prompt, { kind: 'image' }>;
const images = (prompts: Prompt[]): Image[] => prompts.filter((p): p is Image => p.kind === 'image');

/** Fetches an image URL: a PNG with the right content type that decodes to the size the prompt names. */
async function expectPng(img: Image): Promise<void> {
  expect(img.url.startsWith(`${running.url}/pictures/`)).toBe(true);
  const res = await fetch(img.url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  const png = decodePng(Buffer.from(await res.arrayBuffer()));
  expect([png.width, png.height]).toEqual([img.width, img.height]);
  expect(png.width).toBeLessThanOrEqual(1024);
  expect(img.alt.length).toBeGreaterThan(20);
}

/** The one-time link in a reply's text. */
const linkIn = (prompts: Prompt[]): string => {
  const m = /(http:\/\/\S+\/export\/[0-9a-f]{48})/.exec(JSON.stringify(prompts));
  if (!m?.[1]) throw new Error(`No link in ${JSON.stringify(prompts).slice(0, 400)}`);
  return m[1];
};

describe('cijfers through the gateway', () => {
  it('gives a lead the text, the chart as a served PNG, and PDF and CSV links that work once', async () => {
    const af = await user(AF).say('cijfers');
    const [text, chart, choice] = af.prompts;
    expect(text).toMatchObject({ kind: 'info' });
    expect(JSON.stringify(text)).toContain('Cijfers van de organisatie');
    expect(chart?.kind).toBe('image');
    await expectPng(chart as Image);
    expect(choice).toMatchObject({ kind: 'choice', promptId: expect.stringMatching(/^lead#figures:\d{4}-Q[1-4]$/) });

    await af.pick('PDF');
    const pdfUrl = linkIn(af.prompts);
    expect((await fetch(pdfUrl)).status).toBe(200); // the page only: nothing spent
    const pdf = await fetch(pdfUrl, { method: 'POST' });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await fetch(pdfUrl, { method: 'POST' })).status).toBe(404);

    await af.send({ type: 'answer', promptId: (choice as { promptId: string }).promptId, value: 'csv' });
    const csvUrl = linkIn(af.prompts);
    const csv = await fetch(csvUrl, { method: 'POST' });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('Eigen cijfers van de organisatie');
    expect((await fetch(csvUrl, { method: 'POST' })).status).toBe(404);
  });

  it('takes a period, in English too, and a beheerder may see the figures', async () => {
    const en = await user(BEHEERDER, 'en').say('figures last quarter');
    expect(JSON.stringify(en.prompts[0])).toContain("The organisation's figures");
    expect(images(en.prompts)).toHaveLength(1);
    const q3 = await user(AF).say('cijfers 2026-Q3');
    expect(q3.question().promptId).toBe('lead#figures:2026-Q3');
    expect(JSON.stringify((await user(AF).say('cijfers gisteren')).prompts)).toContain('Die periode ken ik niet');
  });

  it('refuses a melder, as the other lead commands do, and gives no links for a forged button', async () => {
    const m = await user(MELDER).say('cijfers');
    expect(m.prompts).toEqual([{ kind: 'info', tone: 'warning', text: expect.stringContaining('Alleen aandachtsfunctionarissen') }]);
    await m.send({ type: 'answer', promptId: 'lead#figures:2026-Q3', value: 'pdf' });
    expect(m.text()).not.toContain('/export/');
  });

  it('answers an unknown or expired picture with 404', async () => {
    expect((await fetch(`${running.url}/pictures/zzzzzz-${'0'.repeat(48)}.png`)).status).toBe(404);
    expect((await fetch(`${running.url}/pictures/1-${'0'.repeat(48)}.png`)).status).toBe(404);
  });
});

describe('the pictures in the dialogue and the dossier', () => {
  it('shows the afwegingskader as an image right after the reporter summary', async () => {
    const u = user('web:melder-max');
    await caseToDecision(u);
    // The decision's reply (or the one before the melding question): summary, then the picture.
    const all = u.prompts;
    const at = all.findIndex((p) => p.kind === 'summary');
    expect(at).toBeGreaterThanOrEqual(0);
    const pic = all[at + 1] as Image;
    expect(pic.kind).toBe('image');
    expect(pic.alt).toContain('afwegingskader');
    await expectPng(pic);
  });

  it('ends stap 0 with the balance and its text alternative', async () => {
    const u = user('web:melder-sem');
    await u.say('hallo');
    if (u.node() === 'hervat') await u.pick('Naar het menu');
    await u.pick('Snelle check');
    for (let i = 0; i < 4; i++) await u.empty();
    await u.empty();
    const pic = images(u.prompts)[0];
    expect(pic).toBeDefined();
    expect(pic!.alt).toMatch(/gevalideerde risicotaxatie/);
    await expectPng(pic!);
  });

  it('draws the afwegingskader in the dossier PDF and gives its text in the Markdown', async () => {
    const meta = (await running.store.listCases({ owner: MELDER }))[0]!;
    const link = async (format: 'md' | 'pdf') => linkIn(await running.lead.exportLink(AF, meta.ref, format, 'nl'));
    const md = await (await fetch(await link('md'), { method: 'POST' })).text();
    expect(md).toMatch(/\*Afbeelding van het afwegingskader:\* .*afwegingskader/);
    const pdf = Buffer.from(await (await fetch(await link('pdf'), { method: 'POST' })).arrayBuffer());
    const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
    let painted = 0;
    for (let i = 1; i <= doc.numPages; i++) {
      const ops = await (await doc.getPage(i)).getOperatorList();
      painted += ops.fnArray.filter((f) => f === pdfjs.OPS.paintImageXObject).length;
    }
    expect(painted).toBe(1);
  });
});
