// A walk through the Microsoft 365 Agents Playground (Microsoft's local Teams emulator, from the npm
// registry; not a dependency of this project) in headless Chromium, with a screenshot of each step:
// register the aandachtsfunctionaris channel, start a case in the personal chat and report a disclosure,
// see the urgent post in the channel, open its details (Action.Execute), pick the case up from the lead's
// chat and see the channel card redrawn in place. See docs/playground.md for how to start both sides.
// Run: npx tsx scripts/playground-walk.ts [--url http://localhost:56150] [--out test-artifacts/playground]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:56150/' },
    out: { type: 'string', default: 'test-artifacts/playground' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});
const OUT = path.resolve(values.out);
mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({ executablePath: values.chromium, args: ['--no-sandbox', '--disable-gpu'] });
const page: Page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
let step = 0;
/** The Playground answers asynchronously: give it a moment, then keep what the screen shows. */
async function shot(name: string): Promise<void> {
  await page.waitForTimeout(2000);
  const file = path.join(OUT, `${String(++step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  console.log(file);
}

try {
  // The Playground keeps its conversations in the page: one session for the whole walk.
  await page.goto(values.url, { waitUntil: 'networkidle' });
  const composer = page.locator('[data-lexical-editor=true]');

  // 1. In the team's General channel: @mention the bot with "registreer".
  await page.getByText('General').click();
  await composer.click();
  await page.keyboard.type('@Test');
  await page.getByText('Test Bot', { exact: true }).last().click();
  await page.keyboard.type(' registreer');
  await page.getByRole('button', { name: 'Post' }).click();
  await shot('channel-registered');

  // 2. In the personal chat (the Playground's user asks in English): the menu, then a disclosure.
  await page.getByText('Personal Chat').click();
  await composer.click();
  await page.keyboard.type('hallo');
  await page.keyboard.press('Enter');
  await shot('menu');
  await page.getByText(/worried about a child|zorgen over een kind/).last().click();
  await shot('first-question');
  await page.getByText(/told me themselves|zelf verteld/).last().click();
  await shot('disclosure');

  // 3. The urgent post in the channel, and its details (an adaptiveCard/action invoke).
  await page.getByText('General').click();
  await shot('channel-post');
  await page.getByRole('button', { name: 'Open details' }).last().click();
  await shot('details-sent');

  // 4. The lead (the Playground's user is also the aandachtsfunctionaris here) picks the case up.
  await page.getByText('Personal Chat').click();
  await shot('lead-actions');
  await page.getByText('Ik pak dit op', { exact: true }).last().click();
  await page.getByRole('button', { name: 'Verder' }).last().click();
  await shot('picked-up');
  await page.getByText('General').click();
  await shot('channel-post-redrawn');
} finally {
  await browser.close();
}
