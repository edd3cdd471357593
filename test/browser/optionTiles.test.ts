/**
 * The option tiles Teams gets (long one-click options as a Container with a selectAction), rendered in
 * Debian's headless Chromium by the adaptivecards library the web chat serves: each tile is a button with
 * the whole label as its accessible name, reached with Tab and chosen with Enter or Space, sending exactly
 * the option's data; axe-core finds no violations. Where Chromium is missing the test is reported as
 * skipped by name, except in CI, where it fails.
 */
import { afterAll, beforeAll, describe, expect, jest } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { promptsToCards, type AdaptiveCard } from '../../cards/adaptive.js';
import { teamsCardOptions } from '../../src/channels/teams/cards.js';
import { loadConfig } from '../../src/config.js';
import type { ChoiceOption } from '../../src/engine/types.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { available, axeViolations, browserIt, closeAndRemove, launchChromium } from '../helpers/chromium.js';
import { conversationAt, translator } from '../helpers/conversation.js';


jest.setTimeout(150_000);

let dir: string;
let running: RunningServer;
let browser: Browser;
let page: Page;
let card: AdaptiveCard;
let options: ChoiceOption[];
let promptId: string;

beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-tiles-'));
  running = await startServer(loadConfig({ DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0' }), { log: () => undefined, schedulerIntervalMs: 0 });
  // The menu: options longer than a Teams button shows.
  const c = await conversationAt('menu');
  const q = c.prompts.find((p) => p.kind === 'choice');
  if (q?.kind !== 'choice') throw new Error('menu is not a choice');
  options = q.options;
  promptId = q.promptId;
  card = promptsToCards(c.prompts, teamsCardOptions(await translator(), 'nl')).at(-1) as AdaptiveCard;
  browser = await launchChromium();
  page = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 390, height: 900 } })).newPage();
  await page.setContent('<!doctype html><html lang="nl"><head><title>Teams-kaart</title></head><body><main id="root"><h1>Teams-kaart</h1></main></body></html>');
  await page.addScriptTag({ url: `${running.url}/web/vendor/adaptivecards.min.js` });
  // In the page (no DOM types here): parse, render, and record what each action sends.
  await page.evaluate(
    `window.sent = [];
    const c = new AdaptiveCards.AdaptiveCard();
    c.parse(${JSON.stringify(card)});
    c.onExecuteAction = (a) => window.sent.push(a.data);
    document.getElementById('root').appendChild(c.render());`,
  );
}, 150_000);

afterAll(async () => {
  if (!available) return;
  await closeAndRemove(dir, browser, running);
});

const sent = (): Promise<unknown[]> => page.evaluate('window.sent') as Promise<unknown[]>;
/** The accessible name (aria-label) of the focused element. */
const focusedName = (): Promise<unknown> => page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')");

describe('option tiles in the adaptivecards renderer', () => {
  browserIt('are buttons named by the whole label, reached by Tab and chosen by Enter or Space, with no axe violations', async () => {
    // Each option: one button, its accessible name the whole label.
    expect(options.some((o) => o.label.length > 30)).toBe(true);
    for (const o of options) await expect(page.getByRole('button', { name: o.label, exact: true }).count()).resolves.toBe(1);
    await expect(page.locator('.ac-selectable').count()).resolves.toBeGreaterThanOrEqual(options.length);

    // Keyboard only: Tab reaches the card (the renderer makes it focusable), then the first option; Enter sends its data.
    await page.keyboard.press('Tab');
    expect(await page.evaluate("document.activeElement.classList.contains('ac-adaptiveCard')")).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focusedName()).toBe(options[0]?.label);
    await page.keyboard.press('Enter');
    expect(await sent()).toEqual([{ mc: 'answer', promptId, value: options[0]?.value }]);
    // The next Tab the second option; Space chooses it.
    await page.keyboard.press('Tab');
    expect(await focusedName()).toBe(options[1]?.label);
    await page.keyboard.press('Space');
    expect((await sent()).at(-1)).toEqual({ mc: 'answer', promptId, value: options[1]?.value });

    // Nothing scrolls sideways at 390 px; axe-core finds nothing in the tiles (the rest of the card's colours
    // are the host's: Teams' own, or the web chat's, checked by its browser tests).
    expect(await page.evaluate('document.documentElement.scrollWidth > window.innerWidth')).toBe(false);
    const found = await axeViolations(page, '.ac-selectable');
    expect(found).toEqual([]);
  });
});
