/** The open-file limit the anchor sizes its kept-open shard files by (src/store/openFiles.ts). */
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_OPEN_FILES_LIMIT, openFilesLimit, parseOpenFilesLimit } from '../../src/store/openFiles.js';

const LIMITS = (soft: string, hard: string) =>
  [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max cpu time              unlimited            unlimited            seconds   ',
    `Max open files            ${soft.padEnd(21)}${hard.padEnd(21)}files     `,
    'Max locked memory         8388608              8388608              bytes     ',
  ].join('\n');

describe('the open-file limit', () => {
  it('is the soft limit of /proc/self/limits, not the hard one', () => {
    expect(parseOpenFilesLimit(LIMITS('4096', '524288'))).toBe(4096);
    expect(openFilesLimit(() => LIMITS('20000', '20000'))).toBe(20000);
  });

  it('is unbounded when unlimited', () => {
    expect(openFilesLimit(() => LIMITS('unlimited', 'unlimited'))).toBe(Infinity);
  });

  it('is the usual 1,024 when the line is missing or the file cannot be read', () => {
    expect(parseOpenFilesLimit('Max cpu time unlimited unlimited seconds')).toBeUndefined();
    expect(openFilesLimit(() => 'nothing here')).toBe(DEFAULT_OPEN_FILES_LIMIT);
    expect(
      openFilesLimit(() => {
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      }),
    ).toBe(1024);
  });
});
