/**
 * The whole journey in the local web chat, in Debian's headless Chromium: a teacher's case from the
 * menu to the summary (in view, with its dossier downloaded and read back), then the
 * aandachtsfunctionaris's side through the page's visible switch and the panel: claim, status,
 * details opened and closed, export, deletion. At 1280 and at 390 px wide, with axe-core on every
 * screen (zero violations), and the 1280 case by keyboard only. Screenshots: test-artifacts/journey-*.png.
 * Where Chromium is missing the test is reported as skipped by name, except in CI, where it fails.
 */
import { afterAll, beforeAll, describe, expect, jest } from '@jest/globals';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { available, axeViolations, browserIt, closeAndRemove, launchChromium } from '../helpers/chromium.js';

const ARTIFACTS = 'test-artifacts';

jest.setTimeout(300_000);

let dir: string;
let running: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-journey-'));
  running = await startServer(loadConfig({ DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0' }), { log: () => undefined });
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  if (!available) return;
  await closeAndRemove(dir, browser, running);
});

/** One walk through the page at one width: its page, how it acts (mouse or keyboard), what it found. */
class Walk {
  clicks = 0;
  readonly violations: string[] = [];
  constructor(
    readonly page: Page,
    readonly name: string,
    readonly keyboard: boolean,
  ) {}

  /** The card the user can act on now. */
  current(): Locator {
    return this.page.locator('.msg.card:not([inert])').last();
  }

  /** axe-core on the whole page, and the checks of a narrow screen; a screenshot of the step. */
  async screen(step: string): Promise<void> {
    const page = this.page;
    const found = await axeViolations(page);
    this.violations.push(...found.map((v) => `${this.name}/${step}: ${v}`));
    // Nothing scrolls sideways, and no button's label is cut off.
    const overflow = (await page.evaluate(
      "(() => { const cut = [...document.querySelectorAll('button')].filter((b) => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent); return { wide: document.documentElement.scrollWidth > window.innerWidth, cut }; })()",
    )) as { wide: boolean; cut: string[] };
    if (overflow.wide) this.violations.push(`${this.name}/${step}: the page scrolls sideways`);
    if (overflow.cut.length) this.violations.push(`${this.name}/${step}: cut-off buttons ${overflow.cut.join(' | ')}`);
    await page.screenshot({ path: path.join(ARTIFACTS, `journey-${this.name}-${step}.png`) });
  }

  /** The accessible name of what has the keyboard focus ('' for <body>). */
  async focused(): Promise<string> {
    return (await this.page.evaluate(
      "(() => { const el = document.activeElement; if (!el || el === document.body) return ''; const l = el.labels && el.labels[0]; return ((l && l.textContent) || el.getAttribute('aria-label') || el.textContent || '').trim(); })()",
    )) as string;
  }

  /** Tab (only forward) until `name` has the focus. */
  async tabTo(name: string): Promise<void> {
    for (let i = 0; i < 150; i++) {
      // A required input's label ends in the renderer's " *".
      if ((await this.focused()).replace(/\s*\*$/, '') === name) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`${this.name}: Tab never reached "${name}"`);
  }

  /** Waits for the reply to an action: a card beyond the ones there were. */
  private async replied(before: number): Promise<void> {
    await this.page.locator('.msg.card').nth(before).waitFor();
    await this.page.waitForFunction('document.activeElement && document.activeElement !== document.body');
  }

  async click(name: string): Promise<void> {
    const before = await this.page.locator('.msg.card').count();
    if (this.keyboard) {
      await this.tabTo(name);
      await this.page.keyboard.press('Enter');
    } else await this.current().getByRole('button', { name, exact: true }).click();
    this.clicks++;
    await this.replied(before);
  }

  async tick(...labels: string[]): Promise<void> {
    for (const l of labels) {
      if (this.keyboard) {
        await this.tabTo(l);
        await this.page.keyboard.press('Space');
      } else await this.current().getByRole('checkbox', { name: l }).check();
      this.clicks++;
    }
    await this.click('Verder');
  }

  /** A radio list: by keyboard, Tab into the group and arrow to the option (the group's own keys). */
  async choose(label: string): Promise<void> {
    if (this.keyboard) {
      for (let i = 0; i < 50 && !(await this.page.evaluate("document.activeElement?.type === 'radio'")); i++) await this.page.keyboard.press('Tab');
      for (let i = 0; i < 30 && (await this.focused()) !== label; i++) await this.page.keyboard.press('ArrowDown');
      await this.page.keyboard.press('Space');
    } else await this.current().getByRole('radio', { name: label }).check();
    this.clicks++;
    await this.click('Verder');
  }

  async type(text: string): Promise<void> {
    if (this.keyboard) {
      await this.tabTo('Jouw antwoord');
      await this.page.keyboard.insertText(text);
    } else await this.current().locator('textarea, input[type="text"]').first().fill(text);
    await this.click('Verder');
  }

  /** Whether an element is (at least partly) inside the browser's viewport. */
  async inView(locator: Locator): Promise<boolean> {
    const box = await locator.boundingBox();
    const size = this.page.viewportSize();
    return box !== null && size !== null && box.y >= 0 && box.y < size.height;
  }
}

async function pdfText(buf: Buffer): Promise<string> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) pages.push((await (await doc.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' '));
  await doc.destroy();
  return pages.join(' ').replace(/\s+/g, ' ');
}

/** The reporter's case, from the menu to the summary; returns the case reference. */
async function reporterCase(w: Walk): Promise<string> {
  const page = w.page;
  await page.goto(`${running.url}/`);
  await w.current().getByText('Waarmee kan ik je helpen?').waitFor();
  await w.screen('1-menu');

  await w.click('Ik maak me zorgen over een kind of een volwassene (meldcode starten)');
  await w.click('Nee');
  await w.choose('Kinderopvang');
  await w.click('De thuissituatie: geweld of verwaarlozing in een gezin of huishouden');
  await w.click('Een kind');
  await w.click('Met het kind (bijv. leerling, kind in de opvang)');
  await w.click('0 tot 4 jaar');
  await w.screen('2-stap1');
  await w.tick('Lichamelijke verwaarlozing');
  await w.click('Nee'); // s1.nieuwkomer
  await w.click('Verder'); // no signal ticked: allowed
  // The facts box: a counter, and no silent cut-off at its limit.
  const box = w.current().locator('textarea').first();
  if (w.keyboard) {
    await w.tabTo('Jouw antwoord');
    await page.keyboard.insertText('x'.repeat(1010));
  } else await box.fill('x'.repeat(1010));
  await w.current().locator('.count.over').waitFor();
  expect((await box.inputValue()).length).toBe(1010);
  await w.screen('3-long-text');
  if (w.keyboard) {
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
  } else await box.fill('');
  await w.type('Dinsdag en woensdag kwam het kind zonder jas en met natte kleren.');
  await w.tick('Eigen waarneming');
  await w.click('Overslaan');
  await w.current().getByText('Stap 2 van 5 — Overleg').waitFor();
  // The step is the first thing of the new card, in view, with its progress bar.
  expect(await w.inView(w.current().getByText('Stap 2 van 5 — Overleg'))).toBe(true);
  expect(await w.current().getByRole('progressbar').getAttribute('aria-valuenow')).toBe('2');
  await w.screen('4-stap2');
  await w.click('Ja, ik wil het overleg vastleggen');
  await w.tick('Een collega');
  await w.type('vandaag');
  await w.type('Bespreken met de ouders.');
  await w.click('Ja, ik voer het gesprek (of deed dat al)');
  await w.click('Ja');
  await w.click('Persoonlijk, bij mijn organisatie');
  await w.click('Ja'); // s3.luisteren
  await w.click('Ja'); // s3.oplossingen
  await w.tick('Ouder(s) of verzorger(s)');
  await w.type('Moeder vertelde over een kapotte wasmachine; afspraak over hulp van het wijkteam.');
  await w.click('Overslaan'); // s3.inbreng
  await w.tick('Overleg met Veilig Thuis'); // afw.steun
  for (const answer of ['Ja', 'Nee', 'Ja', 'Ja']) await w.click(answer);
  await w.click('Nog niet te zeggen');
  await w.click('Hulp bieden of organiseren');
  await w.click('Overslaan');

  // The summary is in view (not the menu under it), and the keyboard focus is not lost on <body>.
  const summary = page.getByText(/Samenvatting van zaak MC-/).first();
  await summary.waitFor();
  expect(await w.inView(summary)).toBe(true);
  expect(await w.focused()).not.toBe('');
  await w.screen('5-summary');
  const ref = /MC-[A-Z0-9]{6}/.exec(await summary.innerText())?.[0] ?? '';
  expect(ref).toMatch(/^MC-[A-Z0-9]{6}$/);
  return ref;
}

/** The reporter's own dossier from the summary's button: a real link, downloaded once, read back; then refused politely. */
async function reporterDossier(w: Walk, ref: string): Promise<void> {
  const page = w.page;
  const button = 'Dossier als PDF downloaden';
  const summaryCard = page.locator('.msg.card').filter({ hasText: `Samenvatting van zaak ${ref}` }).last();
  if (w.keyboard) {
    await w.tabTo(button);
    const before = await page.locator('.msg.card').count();
    await page.keyboard.press('Enter');
    await page.locator('.msg.card').nth(before).waitFor();
  } else {
    const before = await page.locator('.msg.card').count();
    await summaryCard.getByRole('button', { name: button }).click();
    await page.locator('.msg.card').nth(before).waitFor();
  }
  const link = page.locator('.msg.card a[href*="/export/"]').last();
  await link.waitFor();
  const url = (await link.getAttribute('href')) ?? '';
  await w.screen('6-dossier-link');

  const download = await page.context().newPage();
  await download.goto(url);
  const [file] = await Promise.all([download.waitForEvent('download'), download.getByRole('button', { name: 'Downloaden' }).click()]);
  const saved = path.join(dir, `${w.name}.pdf`);
  await file.saveAs(saved);
  const text = await pdfText(await readFile(saved));
  expect(text).toContain(ref);
  expect(text).toContain('Europe/Amsterdam');
  expect(text).not.toContain('UTC');

  // Used once: the same link now answers with a page in the user's language, not raw JSON.
  const again = await download.goto(url);
  expect(again?.status()).toBe(404);
  expect(await download.locator('body').innerText()).toContain('Deze link is verlopen of al gebruikt');
  await download.close();
}

/** The aandachtsfunctionaris through the page's switch and the panel: claim, status, details, export, delete. */
async function leadSide(w: Walk, ref: string): Promise<void> {
  const page = w.page;
  const start = await page.locator('.msg.card').count();
  await page.getByRole('checkbox', { name: 'Bekijk als aandachtsfunctionaris' }).check();
  await page.locator('#role-note').waitFor();
  await page.locator('.msg.card').nth(start).waitFor();
  await w.current().getByText('Waarmee kan ik je helpen?').waitFor();
  const before = await page.locator('.msg.card').count();
  await page.locator('#text').fill('open zaken');
  await page.locator('#composer button').click();
  await page.locator('.msg.card').nth(before).waitFor();
  await w.current().getByText(ref).first().waitFor();
  expect(await page.locator('#messages').innerText()).not.toContain('Alleen aandachtsfunctionarissen');
  await w.screen('7-lead-list');

  // One card for the case in the panel, claimed in place.
  const item = page.locator(`#feed .item`).filter({ hasText: ref });
  await item.first().waitFor();
  expect(await item.count()).toBe(1);
  await item.getByRole('button', { name: 'Ik pak dit op' }).click();
  await item.getByText(/Opgepakt door Lokale test op \d{4}-\d\d-\d\d \d\d:\d\d/).waitFor();
  expect(await item.count()).toBe(1);
  await w.screen('8-claimed');

  // Details open once, the lead's buttons work, and they close again.
  await item.getByRole('button', { name: 'Open details' }).click();
  const details = item.locator('.details');
  await details.getByText(/Dinsdag en woensdag/).first().waitFor();
  await item.getByRole('button', { name: 'Open details' }).click();
  await details.waitFor({ state: 'detached' });
  await item.getByRole('button', { name: 'Open details' }).click();
  await details.getByText(/Dinsdag en woensdag/).first().waitFor();
  expect(await item.locator('.details').count()).toBe(1);
  await w.screen('9-details');
  await details.getByRole('radio', { name: 'Status: in overleg' }).check();
  await details.getByRole('button', { name: 'Verder' }).click();
  await details.getByText(`Zaak ${ref} staat nu op: in overleg.`).waitFor();
  await item.getByText('in overleg', { exact: true }).waitFor();
  expect((await running.store.listCases()).find((m) => m.ref === ref)?.lead).toBe('in-overleg');
  await details.getByRole('button', { name: 'Details sluiten' }).click();
  await details.waitFor({ state: 'detached' });

  // Export from the panel: a real link.
  await item.getByRole('button', { name: 'Open details' }).click();
  await details.getByRole('radio', { name: 'Dossier als PDF' }).check();
  await details.getByRole('button', { name: 'Verder' }).click();
  await details.locator('a[href*="/export/"]').waitFor();
  await w.screen('10-export');

  // Deletion with a reason: the card leaves the panel.
  await item.getByRole('button', { name: 'Open details' }).click();
  await details.waitFor({ state: 'detached' });
  await item.getByRole('button', { name: 'Open details' }).click();
  await details.getByRole('radio', { name: 'Zaak nu verwijderen (met reden)' }).check();
  await details.getByRole('button', { name: 'Verder' }).click();
  await details.locator('textarea, input[type="text"]').first().fill('Testzaak, aangemaakt om het product te proberen.');
  await details.getByRole('button', { name: 'Verder' }).click();
  await page.locator('#panel-status').getByText(`Zaak ${ref} is verwijderd.`, { exact: false }).waitFor();
  await item.waitFor({ state: 'detached' });
  expect((await running.store.listCases()).find((m) => m.ref === ref)).toBeUndefined();
  await w.screen('11-deleted');
  await page.getByRole('checkbox', { name: 'Bekijk als aandachtsfunctionaris' }).uncheck();
}

/** An urgent case: the acute screen and the panel's urgent banner pass axe; closing the case takes the banner away. */
async function urgentCase(w: Walk): Promise<void> {
  const page = w.page;
  const before = await page.locator('.msg.card').count();
  await page.locator('#text').fill('menu');
  await page.locator('#composer button').click();
  await page.locator('.msg.card').nth(before).waitFor();
  await w.current().getByText('Waarmee kan ik je helpen?').waitFor();
  await w.click('Ik maak me zorgen over een kind of een volwassene (meldcode starten)');
  await w.click('Nee');
  await w.choose('Kinderopvang');
  await w.click('Er is nu direct gevaar');
  // (A string filter ignores case and would match the urgency fact; the banner is upper case.)
  const item = page.locator('#feed .item').filter({ hasText: /URGENT:/ });
  await item.first().waitFor();
  expect(await item.count()).toBe(1);
  await w.screen('12-urgent');
  await item.getByRole('button', { name: 'Open details' }).click();
  await item.locator('.details').getByRole('radio', { name: 'Status: gesloten' }).check();
  await item.locator('.details').getByRole('button', { name: 'Verder' }).click();
  await item.waitFor({ state: 'detached' });
  await page.locator('#feed .item').filter({ hasText: 'gesloten' }).first().waitFor();
  expect(await page.locator('#feed .item').filter({ hasText: /URGENT:/ }).count()).toBe(0);
  await w.screen('13-urgent-closed');
}

async function walk(name: string, width: number, keyboard: boolean): Promise<Walk> {
  const context = await browser.newContext({ locale: 'nl-NL', viewport: { width, height: width < 500 ? 844 : 900 }, acceptDownloads: true });
  const w = new Walk(await context.newPage(), name, keyboard);
  const ref = await reporterCase(w);
  const clicks = w.clicks;
  await reporterDossier(w, ref);
  await leadSide(w, ref);
  await urgentCase(w);
  await context.close();
  w.clicks = clicks;
  return w;
}

describe('the whole journey in the local web chat', () => {
  browserIt('walks the reporter and the aandachtsfunctionaris end to end at 1280 px by keyboard only, with no axe violations', async () => {
    const w = await walk('1280', 1280, true);
    console.log(`journey 1280 (keyboard): ${w.clicks} presses from the menu to the summary`);
    expect(w.violations).toEqual([]);
  });

  browserIt('walks the same journey at 390 px wide by clicking, with no axe violations, nothing cut off and no sideways scrolling', async () => {
    const w = await walk('390', 390, false);
    console.log(`journey 390 (mouse): ${w.clicks} clicks from the menu to the summary`);
    expect(w.violations).toEqual([]);
  });

  browserIt('speaks English on the whole page when the conversation is in English, with no axe violations', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 844 } });
    const w = new Walk(await context.newPage(), '390-en', false);
    await w.page.goto(`${running.url}/`);
    await w.current().getByText('How can I help you?').waitFor();
    expect(await w.page.getAttribute('html', 'lang')).toBe('en');
    expect(await w.page.locator('#text').getAttribute('placeholder')).toBe('Type a message, e.g. hello');
    await w.page.getByRole('checkbox', { name: 'View as aandachtsfunctionaris' }).waitFor();
    await w.screen('1-menu');
    expect(w.violations).toEqual([]);
    await context.close();
  });
});
