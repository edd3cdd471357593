/**
 * Debian's Chromium for the browser tests: where it is, whether it is there (CI must have it), and how it is
 * started (headless flags that keep it off the network this machine does not have).
 */
import { it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run must install Debian's chromium.`);
/** A browser test: reported as skipped by name where Chromium is missing outside CI. */
export const browserIt = available ? it : it.skip;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

let axeSource: string | undefined;

/**
 * axe-core's violations on the page (or in the elements `selector` picks), one line each: rule, impact and up
 * to three of the nodes. Loads axe into the page the first time.
 */
export async function axeViolations(page: Page, selector?: string): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axeSource);
  const context = selector === undefined ? 'document' : `document.querySelectorAll(${JSON.stringify(selector)})`;
  return (await page.evaluate(
    `axe.run(${context}, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`,
  )) as string[];
}

/** A browser test's end: closes what it opened (the browser, the server…), in order, then removes its data folder and the folder's key file. */
export async function closeAndRemove(dir: string, ...opened: { close(): Promise<void> }[]): Promise<void> {
  for (const o of opened) await o.close();
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.key`, { force: true });
}
