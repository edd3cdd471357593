import { describe, expect, it } from '@jest/globals';
import { ThrottledLog } from '../../src/app/throttledLog.js';

describe('ThrottledLog', () => {
  const setUp = (maxKeys = 10) => {
    let now = 0;
    const lines: { event: string; fields?: Record<string, unknown> }[] = [];
    const log = new ThrottledLog((event, fields) => lines.push({ event, fields }), () => new Date(now), 60_000, maxKeys);
    return { log, lines, advance: (ms: number) => (now += ms) };
  };

  it('writes one line per event and key per minute and counts the rest on the next line', () => {
    const { log, lines, advance } = setUp();
    log.write('refused', 'a', { source: 'a' });
    log.write('refused', 'a', { source: 'a' });
    log.write('refused', 'b', { source: 'b' });
    log.write('other', 'a');
    advance(59_999);
    log.write('refused', 'a', { source: 'a' });
    advance(1);
    log.write('refused', 'a', { source: 'a' });
    expect(lines).toEqual([
      { event: 'refused', fields: { source: 'a' } },
      { event: 'refused', fields: { source: 'b' } },
      { event: 'other', fields: {} },
      { event: 'refused', fields: { source: 'a', suppressed: 2 } },
    ]);
  });

  it('holds at most maxKeys windows: with more sources the oldest is forgotten and logs again', () => {
    const { log, lines } = setUp(2);
    for (const key of ['a', 'b', 'c', 'a']) log.write('refused', key);
    expect(lines.map((l) => l.event)).toHaveLength(4);
  });
});
