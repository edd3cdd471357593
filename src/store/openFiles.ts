/**
 * How many files this process may hold open: its soft limit of open files (RLIMIT_NOFILE), which Node
 * raises to the hard limit at start. Read from /proc/self/limits on Linux; elsewhere, or when that
 * cannot be read, the usual default of 1,024.
 */
import { readFileSync } from 'node:fs';

export const DEFAULT_OPEN_FILES_LIMIT = 1024;

/** The soft limit in the text of /proc/self/limits (Infinity when unlimited), or undefined when it is not there. */
export function parseOpenFilesLimit(limits: string): number | undefined {
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(limits);
  if (!m) return undefined;
  return m[1] === 'unlimited' ? Infinity : Number(m[1]);
}

export function openFilesLimit(read: () => string = () => readFileSync('/proc/self/limits', 'utf8')): number {
  try {
    return parseOpenFilesLimit(read()) ?? DEFAULT_OPEN_FILES_LIMIT;
  } catch {
    return DEFAULT_OPEN_FILES_LIMIT;
  }
}
