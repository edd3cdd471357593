/**
 * The anchor of an encrypted data folder: what it recorded of each data file, its generation, its
 * number of lines and its last line's GCM tag (records.ts), kept apart from the files and under
 * the same key. Why: a file's lines authenticate each other (a chain, see journal.ts), but a file
 * cut at a line boundary, or replaced by an older complete copy of itself, is still a valid chain.
 * Only a record kept elsewhere can tell.
 *
 * The records are spread over {@link SHARDS} shards, `anchor/<k>.json` (k from a hash of the
 * file's name), each a journal itself, read when one of its records is needed; at most
 * {@link MAX_SHARDS_HELD} are held. The root, the key-check file `keycheck.json`, holds the known
 * text that tells a wrong key, a few settings, and the record of each shard: it anchors the shards
 * as a shard anchors data files, so a shard put back from an older copy, or removed, is refused
 * like a data file. Start-up reads the root only, a few tens of kilobytes however many files the
 * folder holds.
 *
 * The records of the lines written to data files are written together a second later
 * ({@link FLUSH_DELAY_MS}; no fsync, like the data files): one short line to each shard they fall
 * in, then one to the root. A deletion is recorded at once. Data file, shard, root: each is written after
 * the one it records, so a crash leaves a file ahead of its record, which reads accept, never
 * behind it.
 *
 * Earlier versions kept every record in the root: such an anchor is read as it is (to check, or
 * to list records, as a key rotation does) and split into shards when the store opens
 * ({@link Anchor.split}).
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DataCipher } from './crypto.js';
import { DIR_MODE, Journal, KeptOpen, type DecodedJournal, type JournalAnchor } from './journal.js';
import { bucketOf, NAMES_INFO } from './names.js';
import { checkEntry, fieldsLine, isEntry, nextGen, RecordFile, type Entry } from './records.js';
import { isObject } from './shapes.js';
import { openFilesLimit } from './openFiles.js';

export const ANCHOR_FILE = 'keycheck.json';
/** Known text, encrypted with the folder's key, to tell a wrong key from damaged files. */
export const CHECK_TEXT = 'meldcode-assistent';
/** Where the shards are, in the data folder. */
export const SHARD_DIR = 'anchor';
/**
 * Shards of a folder created now (a folder records its own number): a few tens of kilobytes each
 * at 100,000 cases. A multiple of the catalog's shards (file/catalog.ts), chosen by the same hash
 * of a file's id, so the files of one catalog shard, which a scan reads together, have their
 * records in SHARDS / 256 (4) anchor shards.
 */
export const SHARDS = 1024;
/** Shards held in memory at most: those a catalog shard's files need (see {@link SHARDS}). */
export const MAX_SHARDS_HELD = 32;
/**
 * Shards let go whose file is kept open for appending, at most (least recently written closed first): the records
 * of the files a turn writes fall in shards that are mostly not held, and opening one for each line cost more than
 * the line (64 kept open were too few for 50 people in a case at once: each turn opened one or two shards again).
 * As many as a quarter of the files the process may open allows, less the root and the shards held (the store's
 * own data files, `OPEN_FILES` of file/cache.ts, and the sockets share the rest), between 64 and every shard.
 */
export const MAX_LET_GO_OPEN = letGoOpenBudget(openFilesLimit());

/** See {@link MAX_LET_GO_OPEN}. */
export function letGoOpenBudget(openFiles: number): number {
  return Math.max(64, Math.min(SHARDS - MAX_SHARDS_HELD, Math.floor(openFiles / 4) - MAX_SHARDS_HELD - 1));
}
/**
 * How long records wait before they are written (ms), unless the store sets another delay ({@link Anchor.flushDelayMs}):
 * the records of the files written by the turns of that time go out together, one line to each shard they fall in and
 * one to the root. Turns then share lines: a file changed by several turns in that time (someone answering quickly,
 * everyone under a heavy load) gets one record line, not one per turn, and the root one line a second (so it also
 * needs rewriting less often). Until then the anchor is behind its files, which reads accept (see above); a crash
 * in that second leaves lines that could afterwards be cut without notice (SECURITY.md, "Not detected").
 */
export const FLUSH_DELAY_MS = 1000;
/**
 * Shards written at most per turn of the event loop when the delay is over (a second's records of many people fall in
 * a hundred shards or more), and no more after {@link SLICE_MS}: the rest follows in the next turns, the root after
 * the last, so a turn waiting for the loop waits for a few shards' lines, not for all of them. Closing, a deletion
 * and every other write at once are not sliced.
 */
export const SHARDS_PER_SLICE = 16;
/** And a slice ends after this long (ms), whatever it wrote (at least one shard): creating a new shard's file may take a millisecond. */
export const SLICE_MS = 2;
/** Names whose record is known to be written, remembered at most (one forgotten is written to its shard again, once). */
const KNOWN_NAMES = 10_000;

/**
 * The root's value: the check text, the conversion flag, the naming scheme of the folder's files
 * (absent: unkeyed names of earlier versions, see names.ts), the number of shards (absent: an
 * anchor of earlier versions, which held every record itself), and an {@link Entry} per shard by
 * its path in the folder. A shard's value holds an {@link Entry} per data file by its path, and
 * per keyed name handed out, under `~<name>`, the unkeyed name it was made from (what a key
 * rotation needs to rename the file).
 */
export type AnchorValue = Record<string, unknown> & { check: string; converting?: true; names?: string; shards?: number };

const NAME_PREFIX = '~';
/** The root's own keys; any other is a shard's record (under {@link SHARD_DIR}) or, unsplit, a file's. */
const SETTINGS = new Set(['check', 'converting', 'names', 'shards']);
const isShardKey = (key: string): boolean => key.startsWith(`${SHARD_DIR}/`);
const isFileKey = (key: string): boolean => !SETTINGS.has(key) && !isShardKey(key);

/** Whether a decrypted key-check file holds the known text (anything else: another key, or not a key check). */
export function isAnchorValue(v: unknown): v is AnchorValue {
  return isObject(v) && v.check === CHECK_TEXT;
}

/**
 * What a record's shard is chosen by: a file's id, its name without folder and `.json` (as the
 * catalog shards files, file/catalog.ts), or the keyed name of a `~<name>` record (so it falls
 * with the file of that name).
 */
function idOf(key: string): string {
  if (key.startsWith(NAME_PREFIX)) return key.slice(NAME_PREFIX.length);
  return key.slice(key.lastIndexOf('/') + 1, key.endsWith('.json') ? -5 : undefined);
}

/** The root's journal, which knows its folder (for the shards). */
class RootJournal extends Journal {
  readonly dir: string;
  readonly cipher: DataCipher | undefined;
  readonly cutOff: ((rel: string) => void) | undefined;

  constructor(dir: string, cipher: DataCipher | undefined, cutOff: ((rel: string) => void) | undefined) {
    super(path.join(dir, ANCHOR_FILE), cipher, ANCHOR_FILE, { onCutOff: () => cutOff?.(ANCHOR_FILE), keepOpen: true });
    this.dir = dir;
    this.cipher = cipher;
    this.cutOff = cutOff;
  }
}

export class Anchor implements JournalAnchor {
  readonly #root: RecordFile;
  readonly #dir: string;
  readonly #cipher: DataCipher | undefined;
  readonly #cutOff: ((rel: string) => void) | undefined;
  readonly #shards: number;
  /** Whether the root still holds the records of the files (an anchor of earlier versions): read-only until {@link split}. */
  #unsplit: boolean;
  /** Shards held, by path, least recently used first; none has changes not yet written. */
  readonly #held = new Map<string, RecordFile>();
  /**
   * The journals of shards let go, which know the file's last line (a few numbers each): a flush
   * appends to such a shard without reading it again, until it is due to be rewritten whole.
   */
  readonly #letGo = new Map<string, { journal: Journal; maxLines: number }>();
  /** The journals of shards let go that may hold their file open (see {@link MAX_LET_GO_OPEN}). */
  readonly #letGoOpen = new KeptOpen<Journal>(MAX_LET_GO_OPEN);
  /** Records changed since the last flush, by key: newer than their shard's. */
  readonly #pending = new Map<string, Entry | string>();
  /** `~<name>` keys whose record is written or pending. */
  readonly #known = new Set<string>();
  /** The timer of the next write of pending records, if one is due. */
  #flushTimer: NodeJS.Timeout | undefined;
  /**
   * Records taken from {@link #pending} for the write under way in slices ({@link SHARDS_PER_SLICE}), by shard and
   * key; older than a pending record of the same key. Empty between writes.
   */
  readonly #round = new Map<string, Map<string, Entry | string>>();
  /** The next slice of the write under way, if one is due. */
  #slice: NodeJS.Immediate | undefined;
  /** How long records wait before they are written (ms, {@link FLUSH_DELAY_MS} unless the store says otherwise). */
  flushDelayMs = FLUSH_DELAY_MS;
  /** What the shards' journals are checked against: the root's records. */
  readonly #rootRecords: JournalAnchor;
  #dirReady = false;

  private constructor(journal: RootJournal, value: AnchorValue) {
    const root = new RecordFile(journal, value);
    this.#root = root;
    this.#dir = journal.dir;
    this.#cipher = journal.cipher;
    this.#cutOff = journal.cutOff;
    this.#unsplit = Object.keys(value).some(isFileKey);
    this.#shards = Number.isSafeInteger(value.shards) && (value.shards as number) > 0 ? (value.shards as number) : SHARDS;
    // Written with the root's next change, before any shard it counts.
    if (value.shards !== this.#shards && !this.#unsplit) root.put('shards', this.#shards);
    this.#rootRecords = {
      check: (aad, found) => checkEntry(root.value[aad], found, false),
      firstGen: (aad) => nextGen(root.value[aad]),
      record: (aad, gen, lines, tag) => root.put(aad, [gen, lines, tag]),
    };
  }

  /**
   * The root journal of the folder `dir` (not read yet); `cutOff` is told the path in the folder
   * of an anchor file whose last line, cut off by a crash, was skipped.
   */
  static journal(dir: string, cipher: DataCipher | undefined, cutOff?: (rel: string) => void): Journal {
    return new RootJournal(dir, cipher, cutOff);
  }

  /** A new anchor for a folder without data: written now. */
  static create(journal: Journal): Anchor {
    const value: AnchorValue = { check: CHECK_TEXT, names: NAMES_INFO, shards: SHARDS };
    journal.compact(value);
    return new Anchor(rootJournal(journal), value);
  }

  /**
   * The anchor as read by `journal`. A key check of an earlier version (which records no files) is
   * marked as converting, and so written at its first change (see {@link compact}): until
   * {@link finishConverting}, files of the earlier format that have no record yet are accepted.
   */
  static opened(journal: Journal, value: AnchorValue): Anchor {
    if (journal.gen === 0) value.converting = true;
    return new Anchor(rootJournal(journal), value);
  }

  /** Whether files of the earlier format may still be in the folder (they are converted at start-up). */
  get converting(): boolean {
    return this.#root.value.converting === true;
  }

  finishConverting(): void {
    if (!this.converting) return;
    this.flush();
    this.#root.remove('converting');
  }

  /** Whether the folder's files carry keyed names (else they are renamed at start-up, file/takeover.ts). */
  get keyedNames(): boolean {
    return this.#root.value.names === NAMES_INFO;
  }

  /** Records that the folder's files now carry keyed names. */
  finishNaming(): void {
    if (this.keyedNames) return;
    this.flush();
    this.#root.put('names', NAMES_INFO);
    this.#root.flush();
  }

  /** Whether the root still holds every record, as earlier versions kept them: {@link split} before any change. */
  get unsplit(): boolean {
    return this.#unsplit;
  }

  /** How many shards the records are kept in: {@link present} hands them out one shard after the other. */
  get shards(): number {
    return this.#shards;
  }

  /** Shards held in memory now. */
  get shardsHeld(): number {
    return this.#held.size;
  }

  /** Notes the unkeyed name a keyed name was made from (written with the next flush). */
  named(name: string, unkeyed: string): void {
    const key = `${NAME_PREFIX}${name}`;
    if (this.#known.has(key)) return;
    // Compared with its shard's record when written (a name is handed out on every turn: no read here).
    this.#pending.set(key, unkeyed);
    this.#flushSoon();
    if (this.#known.size >= KNOWN_NAMES) this.#known.clear();
    this.#known.add(key);
  }

  check(aad: string, found: DecodedJournal | undefined): void {
    checkEntry(this.#lookup(aad), found, this.converting);
  }

  firstGen(aad: string): number {
    return nextGen(this.#lookup(aad));
  }

  record(aad: string, gen: number, lines: number, tag: string): void {
    this.#pending.set(aad, [gen, lines, tag]);
    this.#flushSoon();
  }

  /**
   * Before a file is deleted (`gen`: its generation, if known), written at once: a crash between
   * this and the removal leaves a file that start-up refuses as put back, never a removed file
   * that the anchor still expects; a copy put back later is refused.
   */
  deleted(aad: string, gen: number): void {
    const entry = this.#lookup(aad);
    this.#pending.set(aad, [Math.max(gen, isEntry(entry) ? entry[0] : 0), 0, '']);
    this.flush();
  }

  /** After a file of an earlier version was taken into another one and removed: nothing to record any more. */
  forget(aad: string): void {
    this.flush();
    this.#shard(this.#shardOf(aad)).remove(aad);
    this.#root.flush();
  }

  /**
   * Writes the records changed since the last write, at once: one line to each shard they fall in, then one to the
   * root with those shards' records. Records a shard could not take stay pending.
   */
  flush(): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    clearImmediate(this.#slice);
    this.#slice = undefined;
    this.#takePending();
    const failed = this.#writeShards(Infinity);
    this.#root.flush();
    if (failed !== undefined) throw failed;
  }

  /** Moves the pending records into {@link #round}, by shard (a pending record is newer than one of the round). */
  #takePending(): void {
    if (this.#pending.size === 0) return;
    if (this.#unsplit) throw new Error('An anchor of an earlier version is split into shards before it is changed.');
    for (const [key, v] of this.#pending) {
      const rel = this.#shardOf(key);
      let records = this.#round.get(rel);
      if (!records) this.#round.set(rel, (records = new Map()));
      records.set(key, v);
    }
    this.#pending.clear();
  }

  /**
   * Writes the records of at most `max` shards of {@link #round}, a line to each, and no more once `until`
   * (performance.now()) has passed; records a shard could not take go back to pending (behind any newer one).
   * Returns the first failure.
   */
  #writeShards(max: number, until = Infinity): unknown {
    let failed: unknown;
    let written = 0;
    for (const [rel, records] of this.#round) {
      if (written >= max || (written > 0 && performance.now() >= until)) break;
      written += 1;
      this.#round.delete(rel);
      try {
        const letGo = this.#held.has(rel) ? undefined : this.#letGo.get(rel);
        if (letGo && !letGo.journal.rewrites(letGo.maxLines)) {
          // Only appended to (the value is needed to rewrite it): a name already recorded is written again, once.
          letGo.journal.commit(undefined, fieldsLine([...records]), letGo.maxLines);
          this.#letGoOpen.wrote(rel, letGo.journal);
          continue;
        }
        const shard = this.#shard(rel);
        for (const [key, v] of records) if (typeof v !== 'string' || shard.value[key] !== v) shard.put(key, v);
        shard.flush();
      } catch (err) {
        // Read again when next needed: the file may hold part of the line, or not be readable.
        this.#drop(rel, false);
        for (const [key, v] of records) if (!this.#pending.has(key)) this.#pending.set(key, v);
        failed ??= err;
      }
    }
    return failed;
  }

  /**
   * One slice of the write that the delay started: a few shards now, the next slice in the next turn of the event
   * loop, the root once every shard of the round is written. A failure leaves its records pending, written with
   * the next write (until then the anchor is behind, which reads accept).
   */
  #writeSlice(): void {
    this.#slice = undefined;
    try {
      this.#writeShards(SHARDS_PER_SLICE, performance.now() + SLICE_MS);
      if (this.#round.size > 0) {
        this.#slice = setImmediate(() => this.#writeSlice());
        this.#slice.unref();
        return;
      }
      this.#root.flush();
    } catch {
      // Left pending (or in the root's changes): written with the next write.
    }
  }

  /** Every file recorded as present (not deleted), by path, with its number of lines; one shard read at a time. */
  *present(): Generator<[string, number]> {
    for (const [rel, entry] of this.entries()) if (entry[1] > 0) yield [rel, entry[1]];
  }

  /** Every file recorded, by path: [generation, lines (0: deleted), last tag]; one shard read at a time. */
  *entries(): Generator<[string, Entry]> {
    for (const [key, v] of this.#records()) if (!key.startsWith(NAME_PREFIX) && isEntry(v)) yield [key, v];
  }

  /** Every keyed name noted, with the unkeyed name it was made from; one shard read at a time. */
  *names(): Generator<[string, string]> {
    for (const [key, v] of this.#records()) if (key.startsWith(NAME_PREFIX) && typeof v === 'string') yield [key.slice(NAME_PREFIX.length), v];
  }

  /** `rels`, paths of data files, in the order of their shards: checked in this order, each shard is read once. */
  inShardOrder(rels: readonly string[]): string[] {
    return rels
      .map((rel) => [this.#shardOf(rel), rel] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([, rel]) => rel);
  }

  /**
   * Moves the records of an anchor of earlier versions into shards: every shard is written (each
   * as one line, recorded in the root's value) before the root is rewritten without the records.
   * Interrupted, the root still holds them and the split is simply done again, over any shards
   * written before. Returns the number of records moved.
   */
  split(): number {
    if (!this.#unsplit) return 0;
    const value = this.#root.value;
    const shards = new Map<string, Record<string, unknown>>();
    let moved = 0;
    for (const key of Object.keys(value)) {
      if (SETTINGS.has(key)) continue;
      const record = value[key];
      delete value[key];
      if (isShardKey(key)) continue;
      const rel = this.#shardOf(key);
      let shard = shards.get(rel);
      if (!shard) shards.set(rel, (shard = {}));
      shard[key] = record;
      moved += 1;
    }
    // Shards left by an interrupted split or a key rotation are of no account: the root records none.
    this.#letGo.clear();
    this.#letGoOpen.closeAll();
    rmSync(path.join(this.#dir, SHARD_DIR), { recursive: true, force: true });
    this.#dirReady = false;
    this.#ensureDir();
    for (const [rel, records] of shards) {
      const journal = this.#shardJournal(rel);
      journal.compact(records);
      journal.close();
      shards.delete(rel);
    }
    value.shards = this.#shards;
    this.#root.compact(true);
    this.#unsplit = false;
    return moved;
  }

  /** Writes what is pending and the root as one line, if it holds more. */
  compact(): void {
    this.flush();
    this.#root.compact();
  }

  /** Writes what is pending and closes the anchor's files. */
  close(): void {
    try {
      if (!this.#unsplit) this.compact();
    } finally {
      for (const rel of [...this.#held.keys()]) this.#drop(rel, false);
      this.#letGo.clear();
      this.#letGoOpen.closeAll();
      this.#root.journal.close();
    }
  }

  /** The record under `key`: pending, taken for the write under way, or in its shard (read if need be). */
  #lookup(key: string): unknown {
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending;
    if (this.#unsplit) return this.#root.value[key];
    const rel = this.#shardOf(key);
    return this.#round.get(rel)?.get(key) ?? this.#shard(rel).value[key];
  }

  /** The records of the root of an unsplit anchor, then each shard's: as they are when it is reached. */
  *#records(): Generator<[string, unknown]> {
    if (!this.#unsplit) this.flush();
    const value = this.#root.value;
    const keys = Object.keys(value);
    for (const key of keys) if (isFileKey(key)) yield [key, value[key]];
    for (const rel of keys.filter(isShardKey).sort()) {
      // A shard not held is read for this and let go: listing them all holds one at a time.
      yield* Object.entries((this.#held.get(rel) ?? this.#read(rel)).value);
    }
  }

  #shardOf(key: string): string {
    return `${SHARD_DIR}/${bucketOf(idOf(key), this.#shards).toString(16).padStart(3, '0')}.json`;
  }

  /** The shard at `rel`, held (read now if it was not). */
  #shard(rel: string): RecordFile {
    let shard = this.#held.get(rel);
    if (shard) {
      this.#held.delete(rel);
    } else {
      shard = this.#read(rel);
      this.#forget(rel);
      for (const old of this.#held.keys()) {
        if (this.#held.size < MAX_SHARDS_HELD) break;
        this.#drop(old, true);
      }
    }
    this.#held.set(rel, shard);
    return shard;
  }

  /** Lets the shard at `rel` go; `keepJournal`: its file is as the journal knows it, to append to later. */
  #drop(rel: string, keepJournal: boolean): void {
    const shard = this.#held.get(rel);
    this.#held.delete(rel);
    this.#forget(rel);
    if (!shard) return;
    if (!keepJournal) {
      shard.journal.close();
      return;
    }
    this.#letGo.set(rel, { journal: shard.journal, maxLines: shard.maxLines });
    this.#letGoOpen.wrote(rel, shard.journal);
  }

  /** Lets go of the journal kept for a shard let go (closing its file): it is read anew, or the anchor closes. */
  #forget(rel: string): void {
    this.#letGo.delete(rel);
    this.#letGoOpen.close(rel);
  }

  #shardJournal(rel: string): Journal {
    return new Journal(path.join(this.#dir, rel), this.#cipher, rel, { anchor: this.#rootRecords, onCutOff: () => this.#cutOff?.(rel), keepOpen: true });
  }

  /** Reads the shard at `rel` (none yet: empty), checked against the root's record of it. */
  #read(rel: string): RecordFile {
    const shard = RecordFile.read(this.#shardJournal(rel), path.join(this.#dir, rel));
    if (shard.journal.gen === 0) this.#ensureDir();
    return shard;
  }

  #ensureDir(): void {
    if (this.#dirReady) return;
    mkdirSync(path.join(this.#dir, SHARD_DIR), { recursive: true, mode: DIR_MODE });
    this.#dirReady = true;
  }

  #flushSoon(): void {
    if (this.#flushTimer !== undefined) return;
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = undefined;
      try {
        this.#takePending();
      } catch {
        // Left pending: written with the next write. Until then the anchor is behind, which reads accept.
        return;
      }
      // A write already under way in slices takes these records with it.
      if (this.#slice === undefined) this.#writeSlice();
    }, this.flushDelayMs);
    // Closing the anchor writes what is pending: the timer need not keep the process alive.
    this.#flushTimer.unref();
  }
}

function rootJournal(journal: Journal): RootJournal {
  if (!(journal instanceof RootJournal)) throw new TypeError('Not an anchor journal: open it with Anchor.journal()');
  return journal;
}
