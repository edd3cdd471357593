/**
 * Debian's Chromium for the browser tests: where it is, whether it is there (CI must have it), and how it is
 * started (headless flags that keep it off the network this machine does not have).
 */
import { it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
