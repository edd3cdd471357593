/**
 * What the file store does once, when it opens a data folder: checks the key (the key check is
 * also the anchor, anchor.ts), and takes over data an earlier version left: files not chained
 * (converted), files named by the plain hash of a platform id (renamed to keyed names), outbox
 * items and deadlines of a file each (taken into the outbox queue and the case's deadline file).
 * Nothing of this runs per read or write; `npm run migrate` opens the store to do it beforehand.
 */
import { existsSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { Anchor, isAnchorValue, type AnchorValue } from '../anchor.js';
import type { DataCipher } from '../crypto.js';
import { Journal, JournalError } from '../journal.js';
import type { Namer } from '../names.js';
import { isDeadlineFor, isOutboxItemFor } from '../shapes.js';
import { StoreError, type OutboxItem } from '../store.js';
import type { Deadline } from '../../domain/case.js';
import { describe, journalReadError } from './adapter.js';
import type { DocCache } from './cache.js';
import { DATA_DIRS, dataFolderHoldsData, KEYCHECK_FILE, LEGACY_DEADLINES_DIR, LEGACY_OUTBOX_DIR, listIds, namedFiles, namedPath, QUEUE_FILE, removeTakenIn } from './layout.js';

export interface TakeoverContext {
  dir: string;
  cipher: DataCipher | undefined;
  cache: DocCache;
  log: (event: string, fields: Record<string, unknown>) => void;
}

/**
 * With a key: the key-check file must decrypt (a wrong key stops here, before anything is
 * written); it is created for a new data folder, never for one that holds data. It is also the
 * root of the anchor, split into shards here if an earlier version kept every record in it.
 * Without a key, an existing key-check file means the data are encrypted and cannot be read.
 */
export async function checkKey(ctx: TakeoverContext): Promise<Anchor | undefined> {
  const { dir, cipher } = ctx;
  const file = path.join(dir, KEYCHECK_FILE);
  const journal = Anchor.journal(dir, cipher, (rel) => ctx.cache.cutOff(path.join(dir, rel))());
  let value: AnchorValue | undefined;
  try {
    const read = journal.read();
    if (read !== undefined && !isAnchorValue(read)) throw new JournalError('not a key check');
    value = read;
  } catch (err) {
    if (!(err instanceof JournalError)) throw journalReadError(file, err);
    throw new StoreError(
      'CORRUPT_FILE',
      cipher
        ? `The data in ${dir} were encrypted with another key than the one configured (DATA_ENCRYPTION_KEY / DATA_KEY_FILE), or ${file} is damaged (${err.message}). Nothing was changed. Configure the right key.`
        : `The data in ${dir} are encrypted, but no key is configured (DATA_ENCRYPTION_KEY / DATA_KEY_FILE). Nothing was changed.`,
      { path: file, cause: err },
    );
  }
  if (!cipher) return undefined;
  if (value !== undefined) {
    const anchor = Anchor.opened(journal, value);
    if (anchor.unsplit) splitAnchor(ctx, anchor);
    return anchor;
  }
  // A key check made now for existing data would vouch for a key they were never written with.
  if (await dataFolderHoldsData(dir)) {
    throw new StoreError(
      'CORRUPT_FILE',
      `The key check ${file} is missing, but ${dir} holds data. Nothing was created or changed. ` +
        'Put keycheck.json back from a backup; if these data were written without a key (plain files), encrypt them with `npm run rotate-key` first.',
      { path: file },
    );
  }
  try {
    return Anchor.create(journal);
  } catch (err) {
    throw new StoreError('IO', `Could not write the key check ${file}: ${describe(err)}`, { path: file, cause: err });
  }
}

/**
 * Splits the anchor of an earlier version, which held every record itself, into shards
 * (anchor.ts): the shards are written first, then the root without the records. Interrupted, the
 * root still holds them, and the split is done again at the next start.
 */
export function splitAnchor(ctx: TakeoverContext, anchor: Anchor): void {
  const t0 = performance.now();
  let records: number;
  try {
    records = anchor.split();
  } catch (err) {
    throw new StoreError('IO', `Could not split the record of the data files in ${ctx.dir} into shards: ${describe(err)}; start again to continue.`, { path: ctx.dir, cause: err });
  }
  ctx.log('store.anchor_split', { records, ms: Math.round(performance.now() - t0) });
}

function opener(ctx: TakeoverContext, anchor: Anchor): (rel: string) => Journal {
  return (rel) => new Journal(path.join(ctx.dir, rel), ctx.cipher, rel, { anchor, onCutOff: ctx.cache.cutOff(path.join(ctx.dir, rel)) });
}

/** Reads every file first, so that nothing is changed unless all of them read back. */
function readAll(ctx: TakeoverContext, open: (rel: string) => Journal, rels: readonly string[]): void {
  for (const rel of rels) {
    try {
      open(rel).read();
    } catch (err) {
      throw journalReadError(path.join(ctx.dir, rel), err);
    }
  }
}

/**
 * Converts a data folder written by an earlier version (lines not chained, no record of the
 * files): every file is read first, and only when all read back is each rewritten as one chained
 * line and recorded. Interrupted, it simply continues at the next start.
 */
export async function convertFormat(ctx: TakeoverContext, anchor: Anchor): Promise<void> {
  const rels: string[] = [];
  if (existsSync(path.join(ctx.dir, QUEUE_FILE))) rels.push(QUEUE_FILE);
  for (const sub of DATA_DIRS) {
    for (const id of await listIds(path.join(ctx.dir, sub), true)) rels.push(path.join(sub, `${id}.json`));
  }
  const open = opener(ctx, anchor);
  readAll(ctx, open, rels);
  let converted = 0;
  try {
    anchor.compact();
    for (const rel of rels) {
      const journal = open(rel);
      const value = journal.read();
      if (value !== undefined && journal.gen === 0) {
        journal.compact(value);
        converted += 1;
      }
    }
    anchor.finishConverting();
  } catch (err) {
    throw new StoreError('IO', `Could not convert the data files in ${ctx.dir} to the current format: ${describe(err)}; start again to continue.`, { path: ctx.dir, cause: err });
  }
  ctx.log('store.converted', { files: converted });
}

/**
 * Renames the files of a folder that carry unkeyed names (earlier versions) to their keyed names
 * (names.ts): every file is read first, then each is written under its new name (encrypted for
 * that path) and recorded, and only then is the old one forgotten and removed. Interrupted, it
 * continues at the next start (a file found under both names is written again).
 */
export async function renameToKeyed(ctx: TakeoverContext, anchor: Anchor, names: Namer): Promise<void> {
  const files = await namedFiles(ctx.dir);
  const open = opener(ctx, anchor);
  readAll(ctx, open, files.map((f) => f.rel));
  try {
    for (const f of files) {
      const value = open(f.rel).read();
      const name = names.fromUnkeyed(f.name);
      if (value !== undefined) open(namedPath(f, name)).compact(value);
      anchor.named(name, f.name);
      anchor.forget(f.rel);
      await unlink(path.join(ctx.dir, f.rel));
    }
    anchor.finishNaming();
  } catch (err) {
    throw new StoreError('IO', `Could not rename the data files in ${ctx.dir} to keyed names: ${describe(err)}; start again to continue.`, { path: ctx.dir, cause: err });
  }
  ctx.log('store.renamed', { files: files.length });
}

/** Outbox items an earlier version left as files of their own (`outbox/<id>.json`), with their files. */
export async function legacyOutbox(ctx: TakeoverContext): Promise<{ items: OutboxItem[]; files: string[] }> {
  const dir = path.join(ctx.dir, LEGACY_OUTBOX_DIR);
  const items: OutboxItem[] = [];
  const files: string[] = [];
  for (const id of await listIds(dir, true)) {
    const file = path.join(dir, `${id}.json`);
    const item = await ctx.cache.readUncached(file, isOutboxItemFor(id));
    if (item) items.push(item);
    files.push(file);
  }
  return { items, files };
}

/** Deadlines an earlier version left as files of their own (`deadlines/<id>.json`), with their files. */
export async function legacyDeadlines(ctx: TakeoverContext): Promise<{ deadlines: Deadline[]; files: string[] }> {
  const dir = path.join(ctx.dir, LEGACY_DEADLINES_DIR);
  const deadlines: Deadline[] = [];
  const files: string[] = [];
  for (const id of await listIds(dir, true)) {
    const file = path.join(dir, `${id}.json`);
    const d = await ctx.cache.readUncached(file, isDeadlineFor(id));
    if (d !== null) deadlines.push(d);
    files.push(file);
  }
  return { deadlines, files };
}

/** Removes files of an earlier version once taken in (forgotten by the anchor first), then their folder. */
export function removeLegacy(ctx: TakeoverContext, anchor: Anchor | undefined, files: readonly string[], sub: string): Promise<void> {
  return removeTakenIn(files, path.join(ctx.dir, sub), (file) => anchor?.forget(path.relative(ctx.dir, file)));
}
