/** What this process has open, read from /proc/self/fd (Linux): for tests of which files a store keeps open. */
import { readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** The files under `dir` this process has open now, one entry per descriptor ("… (deleted)" for one removed meanwhile). */
export function openFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(path.join('/proc/self/fd', fd));
    } catch {
      // Closed between the listing and the read (the listing's own descriptor is one).
      continue;
    }
    if (target.startsWith(`${dir}${path.sep}`)) out.push(target);
  }
  return out;
}
