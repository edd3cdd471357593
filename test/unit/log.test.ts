/** The structured log: what reaches a line is decided by its shape, never by the caller's care. */
import { describe, expect, it } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, ERROR_LIKE, UNLISTED_CODE, WARN_EVENTS } from '../../src/log-codes.js';
import { createLogger, REDACTED } from '../../src/log.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function capture() {
  let out = '';
  const log = createLogger({ destination: { write: (s: string) => void (out += s) }, clock: () => new Date('2026-11-30T09:00:00Z') });
  const lines = () => out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, raw: () => out, lines };
}

const STORY = 'Maandag zag ik blauwe plekken op haar armen, ze zei dat papa boos was';
const NAME = 'Fatima';
const SURNAME = 'El Amrani';
const BSN = '111222333';

describe('a log line', () => {
  it('is one JSON object per line with the level, the time and the event', () => {
    const { log, raw, lines } = capture();
    log('turn', { platform: 'teams', input: 'text' });
    log('case.claimed', { role: 'af' });
    expect(raw().split('\n').filter((l) => l !== '')).toHaveLength(2);
    expect(lines()[0]).toEqual({ level: 'info', t: '2026-11-30T09:00:00.000Z', event: 'turn', platform: 'teams', input: 'text' });
  });

  it('keeps ids, counts, enums, status codes and durations', () => {
    const { log, lines } = capture();
    log('turn', { platform: 'slack', node: 'afw.q1', caseId: 'case-7f3a', cases: ['case-7f3a'], effects: ['case.log', 'af.post'], status: 201, ms: 12.5, reseed: false, entries: 3, by: 'teams:aad-anna', file: 'cases/c1.json', source: '::ffff:127.0.0.1' });
    expect(lines()[0]).toMatchObject({ platform: 'slack', node: 'afw.q1', caseId: 'case-7f3a', cases: ['case-7f3a'], effects: ['case.log', 'af.post'], status: 201, ms: 12.5, reseed: false, entries: 3, by: 'teams:aad-anna', file: 'cases/c1.json', source: '::ffff:127.0.0.1' });
  });

  it('never holds free text, an answer or a name, whatever key or shape it is passed under', () => {
    // Arrange
    const { log, raw } = capture();
    // Act: the ways a careless call could pass what a user typed.
    log('turn', { text: STORY, answer: STORY, value: STORY, name: NAME, who: NAME, summary: { naam: `${NAME} ${SURNAME}` } });
    log('turn', { node: STORY, caseId: `${NAME} ${SURNAME}`, platform: NAME, reason: STORY, kind: `${NAME}!`, input: BSN });
    log('dispatch.failed', { error: `Cannot post for ${NAME} ${SURNAME}: ${STORY}`, code: STORY, cause: NAME });
    log('slack.bolt', { level: 'warn', message: `${NAME} said ${STORY}` });
    log('turn', { cases: [NAME, STORY], effects: [NAME.toLowerCase() + ' ' + SURNAME] });
    log('turn', { [STORY]: 1, [NAME]: 'x' } as Record<string, unknown>);
    log(STORY, { caseId: 'case-1' });
    // Assert
    const out = raw();
    for (const secret of [STORY, NAME, SURNAME, BSN, 'blauwe', 'papa']) expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    expect(out).toContain('"event":"log.event.invalid"');
  });

  it('writes a field named like the line\'s own keys beside them, and leaves out keys it does not know', () => {
    const { log, lines } = capture();
    log('slack.bolt', { level: 'warn', event: 'x', t: 3, story: 'x' });
    expect(lines()[0]).toEqual({ level: 'info', t: '2026-11-30T09:00:00.000Z', event: 'slack.bolt', level_: 'warn', redactedKeys: 3 });
  });
});

describe('error lines', () => {
  it.each(Object.entries(ERROR_CODES))('%s is an error with the code %s', (event, code) => {
    const { log, lines } = capture();
    log(event, { error: 'TypeError' });
    expect(lines()[0]).toMatchObject({ level: 'error', event, code, error: 'TypeError' });
  });

  it('keep a code the caller gave that differs from the listed one as the cause', () => {
    const { log, lines } = capture();
    log('user.state.unreadable', { platform: 'teams', code: 'CORRUPT' });
    expect(lines()[0]).toMatchObject({ level: 'error', code: 'E_USER_STATE', cause: 'CORRUPT' });
  });

  it('of an unlisted error-like event still carry a code', () => {
    const { log, lines } = capture();
    log('something.failed', {});
    expect(lines()[0]).toMatchObject({ level: 'error', code: UNLISTED_CODE });
  });

  it('are listed for every error-like event name the code base writes', async () => {
    // Arrange: every quoted event-like literal in src/.
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.name.endsWith('.ts')) files.push(p);
      }
    };
    await walk(path.join(ROOT, 'src'));
    const events = new Set<string>();
    for (const f of files) {
      const text = await readFile(f, 'utf8');
      for (const m of text.matchAll(/'([a-z]+(?:\.[a-zA-Z_-]+)+)'/g)) if (ERROR_LIKE.test(m[1]!)) events.add(m[1]!);
    }
    // Act / Assert: i18n keys that look like events ("err.…", "error.generic") are not log events.
    const unlisted = [...events].filter((e) => !(e in ERROR_CODES) && !WARN_EVENTS.has(e) && !/^(?:err|error|lead|fu|pii)\./.test(e));
    expect(unlisted).toEqual([]);
  });
});
