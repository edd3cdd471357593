/**
 * Child entry for tests of what the server writes with credentials: the real server (its own JSON
 * log on stdout), its channel metadata at the local issuer TEST_ISSUER_URL, the log's clock fixed at
 * TEST_CLOCK. Prints {"event":"test.listening","url":…} once it listens.
 */
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { localAuthOverrides } from './fakeIssuer.js';

const issuerUrl = process.env.TEST_ISSUER_URL ?? '';
const fixed = new Date(process.env.TEST_CLOCK ?? '2026-11-30T09:00:00Z');
const running = await startServer(loadConfig(process.env), {
  webChat: false,
  schedulerIntervalMs: 0,
  clock: () => fixed,
  authOverrides: localAuthOverrides(issuerUrl),
});
process.stdout.write(`${JSON.stringify({ event: 'test.listening', url: running.url })}\n`);
