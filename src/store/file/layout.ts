/**
 * Where the file store keeps what (see README, "Data and privacy"), and the few directory
 * operations shared by the store, its start-up takeover of earlier formats and the scripts.
 */
import type { Dir } from 'node:fs';
import { opendir, readdir, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ANCHOR_FILE, SHARD_DIR } from '../anchor.js';
import { StoreError } from '../store.js';
import { describe, errorCode } from './adapter.js';
import { IdBuckets } from './idBuckets.js';
import type { Pace } from './pace.js';

export { DIR_MODE } from '../journal.js';
/** A data file name; steno's `.<name>.tmp` files and strays don't match. */
export const DATA_FILE_NAME = /^([A-Za-z0-9_-]{1,64})\.json$/;
/** The outbox queue: every pending item by id, in one journal. */
export const QUEUE_FILE = 'outbox.json';
/** Where each case's deadlines are kept. */
export const DEADLINE_SETS_DIR = 'case-deadlines';
/** The key check, which with a key is also the folder's record of every file (anchor.ts). */
export const KEYCHECK_FILE = ANCHOR_FILE;
/** Folders of earlier versions: an outbox item per file, a deadline per file. */
export const LEGACY_OUTBOX_DIR = 'outbox';
export const LEGACY_DEADLINES_DIR = 'deadlines';
/** Folders that hold data files, this version's and earlier ones'. */
export const DATA_DIRS = ['users', 'cases', 'docs', DEADLINE_SETS_DIR, LEGACY_OUTBOX_DIR, LEGACY_DEADLINES_DIR];

/** Ids of the data files in `dir`; with `optional`, a directory that does not exist has none. */
export async function listIds(dir: string, optional = false): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if (optional && errorCode(err) === 'ENOENT') return [];
    throw new StoreError('IO', `Could not list data directory ${dir}: ${describe(err)}`, { path: dir, cause: err });
  }
  const ids: string[] = [];
  for (const name of names) {
    const id = DATA_FILE_NAME.exec(name)?.[1];
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

/**
 * The same ids as {@link listIds}, read a few hundred directory entries at a time: for scans in a
 * serving process, which must not hold the event loop while a folder of every case is listed.
 */
export async function* eachId(dir: string, optional = false): AsyncGenerator<string> {
  let entries: Dir;
  try {
    entries = await opendir(dir, { bufferSize: 256 });
  } catch (err) {
    if (optional && errorCode(err) === 'ENOENT') return;
    throw new StoreError('IO', `Could not list data directory ${dir}: ${describe(err)}`, { path: dir, cause: err });
  }
  try {
    for await (const entry of entries) {
      const id = DATA_FILE_NAME.exec(entry.name)?.[1];
      if (id !== undefined) yield id;
    }
  } catch (err) {
    throw new StoreError('IO', `Could not list data directory ${dir}: ${describe(err)}`, { path: dir, cause: err });
  }
}

/**
 * The ids of the data files in `dir` (none when it does not exist) in `buckets` buckets (idBuckets.ts),
 * gathered at `pace`: a folder may hold every case.
 */
export async function listedIds(dir: string, pace: Pace, buckets: number): Promise<IdBuckets> {
  const ids = new IdBuckets(buckets);
  for await (const id of eachId(dir, true)) {
    await pace.pause();
    ids.add(id);
  }
  return ids;
}

/** A file named after a platform id: its path in the data folder, its folder, the prefix of its name and the hex name itself. */
export interface NamedFile {
  rel: string;
  sub: string;
  prefix: string;
  name: string;
}

/** Files named after a platform id (names.ts), by folder: prefix and hex name. Documents: those the app names after a user. */
const NAMED_FILES: readonly [string, RegExp][] = [
  ['users', /^()([0-9a-f]{64})\.json$/],
  [DEADLINE_SETS_DIR, /^()([0-9a-f]{40})\.json$/],
  ['docs', /^((?:profile|inbox|leadq)-)([0-9a-f]{40})\.json$/],
];

/** Every file in the data folder `dir` that is named after a platform id. Reads only. */
export async function namedFiles(dir: string): Promise<NamedFile[]> {
  const found: NamedFile[] = [];
  for (const [sub, pattern] of NAMED_FILES) {
    let names: string[];
    try {
      names = await readdir(path.join(dir, sub));
    } catch (err) {
      if (errorCode(err) === 'ENOENT') continue;
      throw err;
    }
    for (const file of names.sort()) {
      const m = pattern.exec(file);
      if (m) found.push({ rel: path.join(sub, file), sub, prefix: m[1] ?? '', name: m[2] ?? '' });
    }
  }
  return found;
}

/** Where `file` lives under the hex name `name`. */
export function namedPath(file: NamedFile, name: string): string {
  return path.join(file.sub, `${file.prefix}${name}.json`);
}

/** Whether `dir` holds any data file (the key check and its shards included). Reads only. */
export async function dataFolderHoldsData(dir: string): Promise<boolean> {
  const names = async (d: string): Promise<string[]> => {
    try {
      return await readdir(d);
    } catch (err) {
      if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return [];
      throw err;
    }
  };
  const top = await names(dir);
  if (top.includes(KEYCHECK_FILE) || top.includes(QUEUE_FILE)) return true;
  for (const sub of [...DATA_DIRS, SHARD_DIR]) {
    if (top.includes(sub) && (await names(path.join(dir, sub))).some((name) => DATA_FILE_NAME.test(name))) return true;
  }
  return false;
}

/**
 * Removes files of earlier versions once their content has been taken in, then their folder if
 * nothing else is left in it (a stray file, say, keeps it).
 */
export async function removeTakenIn(files: readonly string[], dir: string, removing: (file: string) => void): Promise<void> {
  for (const file of files) {
    // Forgotten first: a crash in between leaves a file that is simply taken in again, not a recorded file gone missing.
    removing(file);
    try {
      await unlink(file);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw new StoreError('IO', `Could not remove data file ${file}: ${describe(err)}`, { path: file, cause: err });
    }
  }
  try {
    await rmdir(dir);
  } catch {
    // Missing, or not empty: leave it.
  }
}
