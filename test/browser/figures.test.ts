/**
 * The organisation's figures in the local web chat, in Debian's headless Chromium: as a melder `cijfers` is
 * refused calmly and there is no Cijfers button; after the visible "Bekijk als aandachtsfunctionaris" switch the
 * panel's Cijfers button (reached by keyboard) shows the chart (loaded, with its text alternative), the summary
 * with small counts shown as "< 5", a choice of period, and one-time PDF and CSV links that download; typing
 * `cijfers` in the chat shows the same. At 1280 px in Dutch and at 390 px in English, axe-core on each screen
 * (zero violations). Screenshots: test-artifacts/figures-*.png.
 * Where Chromium is missing the test is reported as skipped by name, except in CI, where it fails.
 */
import { afterAll, beforeAll, describe, expect, jest } from '@jest/globals';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { available, axeViolations, browserIt, closeAndRemove, launchChromium } from '../helpers/chromium.js';
import { caseToDecision, GatewayUser } from '../helpers/gatewayUser.js';

const ARTIFACTS = 'test-artifacts';

jest.setTimeout(180_000);

let dir: string;
let running: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-figures-web-'));
  running = await startServer(loadConfig({ DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0' }), { log: () => undefined, schedulerIntervalMs: 0 });
  // Two cases this quarter: every count is below 5, so the figures show "< 5", never the number.
  await caseToDecision(new GatewayUser(() => running.gateway, 'web:melder-mia'));
  await caseToDecision(new GatewayUser(() => running.gateway, 'web:melder-max'));
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
}, 150_000);

afterAll(async () => {
  if (!available) return;
  await closeAndRemove(dir, browser, running);
});

async function open(locale: string, width: number): Promise<Page> {
  const page = await (await browser.newContext({ locale, viewport: { width, height: 900 } })).newPage();
  await page.goto(`${running.url}/`);
  await page.locator('.msg.card').first().waitFor();
  return page;
}

/** axe-core on the whole page (zero violations), nothing scrolling sideways, and a screenshot. */
async function screen(page: Page, name: string): Promise<void> {
  const found = await axeViolations(page);
  expect(found).toEqual([]);
  expect(await page.evaluate('document.documentElement.scrollWidth > window.innerWidth')).toBe(false);
  await page.screenshot({ path: path.join(ARTIFACTS, `figures-${name}.png`), fullPage: true });
}

async function say(page: Page, text: string): Promise<Locator> {
  const before = await page.locator('.msg.card').count();
  await page.locator('#text').fill(text);
  await page.locator('#composer button').click();
  const reply = page.locator('.msg.card').nth(before);
  await reply.waitFor();
  return reply;
}

async function switchToLead(page: Page): Promise<void> {
  const before = await page.locator('.msg.card').count();
  await page.locator('#as-lead').check();
  await page.locator('.msg.card').nth(before).waitFor();
}

/** The figures view: the chart loaded with its text alternative, the summary with "< 5" and no number of cases. */
async function expectFigures(view: Locator): Promise<void> {
  const img = view.locator('img');
  await img.waitFor();
  await expect(img.evaluate((el) => new Promise((resolve) => ((el as unknown as { complete: boolean }).complete ? resolve(true) : el.addEventListener('load', () => resolve(true)))))).resolves.toBe(true);
  expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  expect((await img.getAttribute('alt'))?.length ?? 0).toBeGreaterThan(40);
  const summary = await view.locator('.summary').innerText();
  expect(summary).toContain('< 5');
  // Two cases: the total is shown as "< 5", never as 2.
  expect(summary).not.toMatch(/: 2\b/);
}

/** The case ids and references in the store: none may appear in an export. */
async function caseMarks(): Promise<string[]> {
  return (await running.store.listCases()).flatMap((c) => [c.id, c.ref]);
}

describe('the figures in the local web chat', () => {
  browserIt('refuses a melder, then shows a lead the chart, the summary, the periods and working PDF and CSV links (panel and chat)', async () => {
    const page = await open('nl-NL', 1280);

    // A melder: no button, and `cijfers` is refused as the other lead commands are.
    expect(await page.locator('#figures-button').isVisible()).toBe(false);
    const refusal = await say(page, 'cijfers');
    expect(await refusal.innerText()).toContain('Alleen aandachtsfunctionarissen');
    expect(await page.locator('.figures').count()).toBe(0);

    // The lead, through the visible switch; the panel's button reached by keyboard.
    await switchToLead(page);
    const button = page.locator('#figures-button');
    await button.waitFor();
    await button.focus();
    await page.keyboard.press('Enter');
    const panelView = page.locator('#figures-panel .figures');
    await expectFigures(panelView);
    expect(await panelView.locator('h3').first().innerText()).toMatch(/^Cijfers van de organisatie — Dit kwartaal \(\d{4}-Q[1-4]\)$/);
    expect(await panelView.getByLabel('Periode').locator('option').allInnerTexts()).toEqual([
      expect.stringMatching(/^Dit kwartaal/),
      expect.stringMatching(/^Vorig kwartaal/),
      expect.stringMatching(/^Dit jaar \(\d{4}\)$/),
    ]);
    await screen(page, 'panel-1280');

    // Both links download: status 200, the right type; the CSV is the organisation's own figures without case ids.
    const pdfHref = (await panelView.locator('a[data-format="pdf"]').getAttribute('href')) ?? '';
    const csvHref = (await panelView.locator('a[data-format="csv"]').getAttribute('href')) ?? '';
    expect(await panelView.getByRole('link', { name: 'CSV: eigen cijfers van de organisatie' }).count()).toBe(1);
    const pdf = await page.request.post(`${running.url}${pdfHref}`);
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const csv = await page.request.post(`${running.url}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const csvText = await csv.text();
    expect(csvText).toContain('Eigen cijfers van de organisatie');
    expect(csvText).toContain('< 5');
    for (const mark of await caseMarks()) expect(csvText).not.toContain(mark);

    // Another period redraws the view in place with new links; the PDF link downloads from its page by a click.
    await panelView.getByLabel('Periode').selectOption('dit jaar');
    await page.locator('#figures-panel .figures h3').filter({ hasText: /Dit jaar \(\d{4}\)/ }).waitFor();
    const yearView = page.locator('#figures-panel .figures');
    await expectFigures(yearView);
    expect(await yearView.locator('a[data-format="pdf"]').getAttribute('href')).not.toBe(pdfHref);
    const [popup] = await Promise.all([page.waitForEvent('popup'), yearView.getByRole('link', { name: 'PDF, één pagina' }).click()]);
    const [file] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Downloaden' }).click()]);
    const saved = path.join(dir, 'cijfers.pdf');
    await file.saveAs(saved);
    expect((await readFile(saved)).subarray(0, 5).toString()).toBe('%PDF-');
    await popup.close();

    // Typed in the chat as the lead: the same view.
    const reply = await say(page, 'cijfers');
    const chatView = reply.locator('.figures');
    await expectFigures(chatView);
    expect(await chatView.locator('h2').first().innerText()).toMatch(/Dit kwartaal/);
    expect(await chatView.locator('a[href*="/export/"]').count()).toBe(2);
    await screen(page, 'chat-1280');
  });

  browserIt('works at 390 px wide in English, by keyboard, with no axe violations', async () => {
    const page = await open('en-GB', 390);
    await switchToLead(page);
    // The panel's lead spoke Dutch in the test before: its language is a choice kept with the user.
    await say(page, 'english');
    const button = page.getByRole('button', { name: 'Figures', exact: true });
    await button.focus();
    await page.keyboard.press('Enter');
    const view = page.locator('#figures-panel .figures');
    await view.locator('img').waitFor();
    expect(await view.locator('h3').first().innerText()).toMatch(/^The organisation's figures — This quarter/);
    expect(await view.getByRole('link', { name: "CSV: the organisation's own figures" }).count()).toBe(1);
    const box = await view.locator('img').boundingBox();
    expect(box?.width ?? 999).toBeLessThanOrEqual(390);
    await screen(page, 'panel-390-en');
  });
});
