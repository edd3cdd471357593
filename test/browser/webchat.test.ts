/**
 * The local web chat in a real headless Chromium (Debian's package, installed by .ci/run):
 * a whole case by clicking the rendered Adaptive Cards, then the claim in the aandachtsfunctionaris panel.
 * Where Chromium is missing the test is reported as skipped by name, except in CI, where it fails.
 */
import { afterAll, beforeAll, describe, expect, jest } from '@jest/globals';
import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { LowdbStore } from '../../src/store/lowdb.js';
import { available, browserIt, closeAndRemove, launchChromium } from '../helpers/chromium.js';
import { switchableStore } from '../helpers/outageStore.js';


jest.setTimeout(90_000);

let dir: string;
let running: RunningServer;
let browser: Browser;
let page: Page;
/** While true every store call fails as in an outage (a database gone, a full disk). */
let storeDown = false;

beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-web-'));
  running = await startServer(loadConfig({ DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0' }), {
    store: switchableStore(await LowdbStore.open(dir), () => storeDown, 'disk full'),
    log: () => undefined,
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 1000 } })).newPage();
});

afterAll(async () => {
  if (!available) return;
  await closeAndRemove(dir, browser, running, running.store);
});

/** The card the user can act on now. */
const current = (): Locator => page.locator('.msg.card:not([inert])').last();

async function click(name: string): Promise<void> {
  const before = await page.locator('.msg.card').count();
  await current().getByRole('button', { name, exact: true }).click();
  // The reply has arrived when a card beyond the ones we had is there.
  await page.locator('.msg.card').nth(before).waitFor();
}

async function tick(...labels: string[]): Promise<void> {
  for (const l of labels) await current().getByRole('checkbox', { name: l }).check();
  await click('Verder');
}

/** A question with more options than buttons fit offers them as a list to pick one from. */
async function choose(label: string): Promise<void> {
  await current().getByRole('radio', { name: label }).check();
  await click('Verder');
}

async function type(text: string): Promise<void> {
  await current().locator('textarea, input[type="text"]').first().fill(text);
  await click('Verder');
}

describe('local web chat in Chromium', () => {
  browserIt('completes a case by clicking the cards and the summary appears in the aandachtsfunctionaris panel', async () => {
    await page.goto(`${running.url}/`);
    await current().getByText('Waarmee kan ik je helpen?').waitFor();

    await click('Ik maak me zorgen over een kind of een volwassene (meldcode starten)');
    await click('Nee');
    await choose('Kinderopvang');
    await click('De thuissituatie: geweld of verwaarlozing in een gezin of huishouden');
    await click('Een kind');
    await click('Met het kind (bijv. leerling, kind in de opvang)');
    await click('0 tot 4 jaar');
    await tick('Lichamelijke verwaarlozing');
    await click('Nee'); // s1.nieuwkomer
    await click('Verder'); // no signal ticked: allowed
    await type('Dinsdag en woensdag kwam het kind zonder jas en met natte kleren.');
    await tick('Eigen waarneming');
    await click('Overslaan');
    await current().getByText('Stap 2 van 5 — Overleg').waitFor();
    await click('Ja, ik wil het overleg vastleggen');
    await tick('Een collega');
    await type('vandaag');
    await type('Bespreken met de ouders.');
    await click('Ja, ik voer het gesprek (of deed dat al)');
    await click('Ja');
    await click('Persoonlijk, bij mijn organisatie');
    await click('Ja'); // s3.luisteren
    await click('Ja'); // s3.oplossingen
    await tick('Ouder(s) of verzorger(s)');
    await type('Moeder vertelde over een kapotte wasmachine; afspraak over hulp van het wijkteam.');
    await click('Overslaan'); // s3.inbreng
    await tick('Overleg met Veilig Thuis'); // afw.steun
    for (const answer of ['Ja', 'Nee', 'Ja', 'Ja']) await click(answer);
    await click('Nog niet te zeggen');
    await click('Hulp bieden of organiseren');
    await click('Overslaan');

    await page.getByText(/Samenvatting van zaak MC-/).waitFor();
    const ref = (await running.store.listCases())[0]?.ref ?? '';
    expect(ref).toMatch(/^MC-[A-Z0-9]{6}$/);

    // The aandachtsfunctionaris panel shows the pseudonymous summary and can claim it.
    const item = page.locator('#feed .item').filter({ hasText: ref }).first();
    await item.waitFor({ timeout: 10_000 });
    expect(await page.locator('#feed').innerText()).not.toContain('wasmachine');
    await item.getByRole('button', { name: 'Ik pak dit op' }).click();
    await page.locator('#feed .item').filter({ hasText: ref }).filter({ hasText: 'Opgepakt door' }).first().waitFor({ timeout: 10_000 });
    await page.locator('.msg.note').filter({ hasText: `Zaak ${ref} is opgepakt door` }).waitFor({ timeout: 10_000 });

    // Details and the lead's buttons under them work in the panel, as the panel's aandachtsfunctionaris.
    const claimed = page.locator('#feed .item').filter({ hasText: ref }).first();
    await claimed.getByRole('button', { name: 'Open details' }).click();
    const details = claimed.locator('.details');
    await details.getByText(/Dinsdag en woensdag/).first().waitFor({ timeout: 10_000 });
    await details.getByRole('radio', { name: 'Status: in overleg' }).check();
    await details.getByRole('button', { name: 'Verder' }).click();
    await page.locator('#feed .details').filter({ hasText: `Zaak ${ref} staat nu op: in overleg.` }).first().waitFor({ timeout: 10_000 });
    expect((await running.store.listCases())[0]?.lead).toBe('in-overleg');

    await mkdir('test-artifacts', { recursive: true });
    await page.screenshot({ path: path.join('test-artifacts', 'webchat.png'), fullPage: true });
    expect((await running.store.listCases())[0]?.claimedBy).toBe('web:aandachtsfunctionaris');
  });

  browserIt('gives a chat whose stored id is the reserved lead id a melder’s id of its own', async () => {
    // Arrange: the id that used to make the chat act as the aandachtsfunctionaris.
    const ref = (await running.store.listCases())[0]?.ref ?? 'MC-';
    // (A string expression: the tests are compiled without the DOM types.)
    await page.evaluate("localStorage.setItem('meldcode-user', 'aandachtsfunctionaris')");

    // Act
    await page.goto(`${running.url}/`);
    await current().getByText('Waarmee kan ik je helpen?').waitFor();
    await page.locator('#text').fill('zaken');
    await page.locator('#composer button').click();
    await page.locator('.msg.card').filter({ hasText: 'Alleen aandachtsfunctionarissen' }).first().waitFor({ timeout: 10_000 });

    // Assert
    expect(await page.evaluate("localStorage.getItem('meldcode-user')")).not.toBe('aandachtsfunctionaris');
    expect(await page.locator('#messages').innerText()).not.toContain(ref);
  });

  browserIt('keeps a text with a name in the answer box when the name check asks again, and "Terug" fills the box with the earlier answer', async () => {
    // Arrange: a new user (own browser context), at the facts question
    page = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 1000 } })).newPage();
    await page.goto(`${running.url}/`);
    await current().getByText('Waarmee kan ik je helpen?').waitFor();
    await click('Ik maak me zorgen over een kind of een volwassene (meldcode starten)');
    await click('Nee');
    await choose('Kinderopvang');
    await click('De thuissituatie: geweld of verwaarlozing in een gezin of huishouden');
    await click('Een kind');
    await click('Met het kind (bijv. leerling, kind in de opvang)');
    await click('0 tot 4 jaar');
    await tick('Lichamelijke verwaarlozing');
    await click('Nee'); // s1.nieuwkomer
    await click('Verder');

    // Act
    await type('Mohammed zei dat zijn vader hem sloeg.');

    // Assert: the warning names what was found, and the box still holds the text
    await current().getByText(/Mohammed/).first().waitFor();
    await expect(current().locator('textarea').first().inputValue()).resolves.toBe('Mohammed zei dat zijn vader hem sloeg.');

    // Sent unchanged, it is kept; "Terug" then shows it in the box again.
    await click('Verder');
    await current().getByText('Stap 1 van 5 — Signalen in kaart').first().waitFor();
    await click('Terug');
    await expect(current().locator('textarea').first().inputValue()).resolves.toBe('Mohammed zei dat zijn vader hem sloeg.');
  });

  browserIt('shows the calm "probeer het zo opnieuw" when the store is down, and the same button works once it is back', async () => {
    // Arrange: a new user at the first question of a case
    page = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 1000 } })).newPage();
    await page.goto(`${running.url}/`);
    await current().getByText('Waarmee kan ik je helpen?').waitFor();
    await click('Ik maak me zorgen over een kind of een volwassene (meldcode starten)');
    const question = current();
    await question.getByRole('button', { name: 'Nee', exact: true }).waitFor();

    // Act: the store goes down and the user answers
    storeDown = true;
    try {
      await question.getByRole('button', { name: 'Nee', exact: true }).click();
      await page.locator('.msg.error').getByText(/Probeer het zo opnieuw/).waitFor();
    } finally {
      storeDown = false;
    }

    // Assert: the question can be answered again, and then the case goes on
    await expect(page.locator('.msg.card:not([inert])').count()).resolves.toBeGreaterThan(0);
    await click('Nee');
    await current().getByRole('radio', { name: 'Kinderopvang' }).waitFor();
  });

  browserIt('opens a "lees meer" page and the tap-to-call numbers from the cards', async () => {
    // Arrange: a new user whose window.open is recorded instead of opening anything
    page = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 1000 } })).newPage();
    await page.addInitScript("window.__opened = []; window.open = function (u) { window.__opened.push(String(u)); return null; };");
    await page.goto(`${running.url}/`);
    await current().getByText('Waarmee kan ik je helpen?').waitFor();
    await click('Uitleg: wat zijn de stappen van de meldcode?');

    // Act: the explanation of the meldrecht links to Veilig Thuis Utrecht's page; the acute screen offers 112 and Veilig Thuis to tap
    await choose('Meldrecht en beroepsgeheim');
    await page.locator('.msg.card').getByRole('link', { name: 'Veilig Thuis Utrecht: informatie uitwisselen' }).last().click();
    await click('Menu');
    await click('Ik maak me zorgen over een kind of een volwassene (meldcode starten)');
    await click('Ja, er is nu direct gevaar');
    await page.locator('.msg.card').getByRole('link', { name: '\u260E 112' }).last().click();
    await page.locator('.msg.card').getByRole('link', { name: '\u260E 0800-2000' }).last().click();

    // Assert
    await expect(page.evaluate('window.__opened')).resolves.toEqual([
      'https://www.veiligthuisutrecht.nl/veilig-thuis-voor-professionals/advies-melden/informatie-uitwisselen/',
      'tel:112',
      'tel:08002000',
    ]);
  });
});
