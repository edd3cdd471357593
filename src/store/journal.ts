/**
 * The file format of the file store: a data file is a journal of lines, each a JSON document
 * (encrypted on its own when there is a key) and each ending in a newline.
 *
 * - Line 1, the base: the file's whole value. Without a key exactly as a data file held it before
 *   journals (so a file of one line, and every plain file of an earlier version, is read as it
 *   is); with a key `{"g": generation, "v": value}`, encrypted.
 * - Lines 2 and on, changes: `{"s": value}` replaces the value, `{"f": {k: v}}` sets top-level
 *   fields, `{"a": {k: [..]}}` appends items to top-level arrays (a case's log), `{"d": [k, ..]}`
 *   removes top-level fields (an acknowledged outbox item).
 *
 * Why: replacing a file (temp file + rename) costs a few hundred microseconds of kernel time on
 * ext4, which forces the new file's blocks out at each rename over an existing file (more under
 * load), while appending a line costs a few microseconds whatever the file's size. A turn
 * therefore appends one short line per file it changes. The store rewrites a file as a single
 * base line once it has been left alone for a few seconds, when it leaves the store's cache, when
 * the store closes, and at the latest after {@link MAX_LINES} lines, so reading a file (at
 * start-up, say) never means replaying much.
 *
 * With a key every line is an envelope `{"mc":2,…}` (crypto.ts) whose authenticated data are the
 * file's path, the line's number and the previous line's GCM tag: the lines form a chain, and a
 * line changed, moved, copied from another file or another version of this one, left out or put
 * in does not decrypt. A plain line is refused (the store never writes one under a key). The
 * generation, counted up at each rewrite, and the last tag are what the data folder's anchor
 * records (anchor.ts), which catches what a chain alone cannot: a file cut at a line boundary,
 * or an older copy put back. Files of earlier versions (`{"mc":1,…}`, each line on its own) are
 * read, and rewritten in this format at start-up (file/takeover.ts) or by `npm run rotate-key`.
 *
 * Safety: a change is one `write` of the whole line, so after a crash the file ends either with
 * the complete line or with part of it. A last line without its newline is such an unfinished
 * write (never confirmed to anyone): it is skipped (the holder is told, to log it), and the next
 * write rewrites the file without it. Anything else that does not read back makes the whole file
 * corrupt, and it is left untouched.
 */
import { appendFileSync, closeSync, constants as fsConstants, fchmodSync, fstatSync, openSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isEnvelope, type DataCipher } from './crypto.js';
import { isObject } from './shapes.js';
import type { DamageReason } from './store.js';

/** How a rewrite of a file kept open opens its temp file: as 'w' does, and appending. */
const REWRITE_APPEND = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC | fsConstants.O_APPEND;

/** After this many lines a file is rewritten as its base line alone. */
export const MAX_LINES = 64;

/** Owner-only: the data are pseudonymous but sensitive. */
export const FILE_MODE = 0o600;
/** Directories hold pseudonymous but sensitive case data: owner only. */
export const DIR_MODE = 0o700;

/** One change after the base line. */
export type JournalOp = { s: unknown } | { f: Record<string, unknown> } | { a: Record<string, unknown[]> } | { d: string[] };

/** Why a journal could not be read; the store turns it into `CORRUPT_FILE` with the file's path. */
export class JournalError extends Error {
  /** What kind of damage (the integrity sweep names it): `damaged` unless the error says otherwise. */
  readonly reason: DamageReason;

  constructor(message: string, options: ErrorOptions & { reason?: DamageReason } = {}) {
    super(message, options);
    this.reason = options.reason ?? 'damaged';
  }
}

export interface DecodedJournal {
  value: unknown;
  /** Complete lines read (base included). */
  lines: number;
  /** False when the next write must rewrite the file first: an unfinished last line, a file of an earlier format. */
  clean: boolean;
  /** Text after the last newline was skipped: a write cut off by a crash. */
  cutOff: boolean;
  /**
   * With a key: the file's generation, counted up each time it is rewritten as a base line; 0 for
   * a file in the format of earlier versions (lines not chained, see {@link decodeJournal}).
   */
  gen: number;
  /** With a key: every complete line's GCM tag, as written (what the anchor compares against). */
  tags: string[];
}

/**
 * What a data folder keeps about each file (see anchor.ts): consulted when a file is read, told of
 * every line written.
 */
export interface JournalAnchor {
  /** Throws {@link JournalError} when the file as read (undefined: missing) is not what was last recorded of it. */
  check(aad: string, found: DecodedJournal | undefined): void;
  /** The generation a file that is created now starts at (above that of a file deleted at this path). */
  firstGen(aad: string): number;
  /** Notes that the file now has `lines` lines, the last with `tag`, at generation `gen`. */
  record(aad: string, gen: number, lines: number, tag: string): void;
}

/** Additional authenticated data of line `index` in the unchained format of earlier versions (0 = the base: the plain path). */
function legacyAad(aad: string, index: number): string {
  return index === 0 ? aad : `${aad}#${index}`;
}

/**
 * Additional authenticated data of a chained line: its number and the tag of the line before it,
 * so a line authenticates the whole file up to it (lines cannot be dropped, swapped or mixed
 * with another version of the file without a decryption failing).
 */
function chainAad(aad: string, index: number, previousTag: string): string {
  return index === 0 ? `${aad}#0` : `${aad}#${index}#${previousTag}`;
}

function parseLine(text: string, index: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new JournalError(index === 0 ? 'invalid JSON' : `invalid JSON in line ${index + 1}`, { cause: err });
  }
}

const where = (index: number) => (index === 0 ? '' : ` (line ${index + 1})`);

/** Applies one change line to the value so far (a fresh parse, changed in place); throws on a change that does not fit it. */
function apply(value: unknown, op: unknown, index: number): unknown {
  const bad = (why: string) => new JournalError(`unexpected change in line ${index + 1}: ${why}`);
  if (!isObject(op)) throw bad('not an object');
  const keys = Object.keys(op);
  if (keys.length !== 1) throw bad('not exactly one kind of change');
  if (Object.hasOwn(op, 's')) return op.s;
  if (!isObject(value)) throw bad('the value is not an object');
  if (Object.hasOwn(op, 'f')) {
    if (!isObject(op.f)) throw bad('fields are not an object');
    Object.assign(value, op.f);
    return value;
  }
  if (Object.hasOwn(op, 'd')) {
    if (!Array.isArray(op.d) || !op.d.every((k) => typeof k === 'string')) throw bad('removals are not a list of names');
    for (const key of op.d as string[]) delete value[key];
    return value;
  }
  if (Object.hasOwn(op, 'a')) {
    if (!isObject(op.a)) throw bad('appends are not an object');
    for (const [key, items] of Object.entries(op.a)) {
      const current = value[key];
      if (!Array.isArray(items) || !Array.isArray(current)) throw bad(`"${key}" is not a list`);
      for (const item of items as unknown[]) current.push(item);
    }
    return value;
  }
  throw bad(`unknown kind "${keys[0] ?? ''}"`);
}

/** Reads the lines of a file written without a key; an encrypted line means the key is missing. */
function decodePlain(docs: unknown[]): unknown {
  let value: unknown;
  docs.forEach((doc, i) => {
    if (isEnvelope(doc)) throw new JournalError('is encrypted, but no data encryption key is configured');
    value = i === 0 ? doc : apply(value, doc, i);
  });
  return value;
}

const PLAIN_HINT = ' (a data folder written without a key is encrypted with `npm run rotate-key`, see SECURITY.md)';

/**
 * Reads the lines of an encrypted file. Every line must be encrypted, in one format: a plain line
 * under a key was not written by the store (a forged entry), and is refused like any damage.
 */
function decodeEncrypted(docs: unknown[], cipher: DataCipher, aad: string): { value: unknown; gen: number; tags: string[] } {
  const tags: string[] = [];
  const first = docs[0];
  if (!isEnvelope(first)) throw new JournalError(`is not encrypted, although a data encryption key is configured${PLAIN_HINT}`);
  const mc = first.mc;
  let value: unknown;
  let gen = 0;
  docs.forEach((doc, i) => {
    if (!isEnvelope(doc)) throw new JournalError(`is not encrypted${where(i)}, although a data encryption key is configured${i === 0 ? PLAIN_HINT : ''}`);
    if (doc.mc !== mc) throw new JournalError(`mixes two formats${where(i)}`);
    let text: string;
    try {
      text = cipher.decrypt(doc, mc === 2 ? chainAad(aad, i, tags[i - 1] ?? '') : legacyAad(aad, i));
    } catch (err) {
      throw new JournalError(`cannot be decrypted${where(i)}: wrong key, or the file was changed or moved`, { cause: err, reason: 'undecryptable' });
    }
    tags.push(doc.tag);
    const body = parseLine(text, i);
    if (i > 0) {
      value = apply(value, body, i);
    } else if (mc === 1) {
      value = body;
    } else {
      if (!isObject(body) || !Number.isSafeInteger(body.g) || (body.g as number) < 1 || !Object.hasOwn(body, 'v')) throw new JournalError('unexpected base line');
      gen = body.g as number;
      value = body.v;
    }
  });
  return { value, gen, tags };
}

/**
 * Reads a journal's text (see the module comment). Throws {@link JournalError} when it does not
 * read back; the caller checks the shape of the value.
 */
export function decodeJournal(text: string, cipher: DataCipher | undefined, aad: string): DecodedJournal {
  // One document: a compacted file, or a file of the older format (plain ones were indented).
  let whole: unknown;
  let isWhole = true;
  try {
    whole = JSON.parse(text);
  } catch {
    isWhole = false;
  }
  let docs: unknown[];
  let clean: boolean;
  let cutOff = false;
  if (isWhole) {
    docs = [whole];
    clean = text.endsWith('\n') && text.indexOf('\n') === text.length - 1;
  } else {
    const parts = text.split('\n');
    // The text after the last newline: '' when the file ends properly, else an unfinished write.
    const tail = parts.pop() ?? '';
    if (parts.length === 0) throw new JournalError(text === '' ? 'empty file' : 'invalid JSON');
    docs = parts.map((part, i) => parseLine(part, i));
    cutOff = tail !== '';
    clean = !cutOff;
  }
  if (!cipher) return { value: decodePlain(docs), lines: docs.length, clean, cutOff, gen: 0, tags: [] };
  const { value, gen, tags } = decodeEncrypted(docs, cipher, aad);
  // A file of an earlier format is rewritten (chained) at its next change.
  return { value, lines: docs.length, clean: clean && gen > 0, cutOff, gen, tags };
}

function encodeLine(body: string, cipher: DataCipher | undefined, aad: string, index: number, previousTag: string): { line: string; tag: string } {
  if (!cipher) return { line: `${body}\n`, tag: '' };
  const { envelope, tag } = cipher.seal(body, chainAad(aad, index, previousTag), 2);
  return { line: `${envelope}\n`, tag };
}

/** The file as one base line, at generation `gen` (with a key; without one, the value alone). */
export function encodeBase(value: unknown, cipher: DataCipher | undefined, aad: string, gen: number): { line: string; tag: string } {
  const json = JSON.stringify(value);
  return encodeLine(cipher ? `{"g":${gen},"v":${json}}` : json, cipher, aad, 0, '');
}

/** Files up to this size are read through one buffer kept for the purpose. */
const SHARED_READ_BYTES = 1024 * 1024;
let readBuffer = Buffer.alloc(64 * 1024);

/**
 * A data file's text, with the inode and size it was read at, read synchronously through a buffer
 * that is reused: reading every case at start-up otherwise leaves a fresh buffer per file for the
 * allocator to hold on to.
 */
function readText(file: string): { text: string; ino: number; size: number } | undefined {
  // A file not there (yet) is common: a new user's, case's or anchor shard's. Asked first, as a failed open
  // throws, and making that exception costs about ten times the question (8 µs against 0.8).
  if (statSync(file, { throwIfNoEntry: false }) === undefined) return undefined;
  const fd = openSync(file, 'r');
  try {
    const { ino, size } = fstatSync(fd);
    let buffer = readBuffer;
    if (size + 1 > buffer.length) {
      buffer = Buffer.alloc(size + 1);
      if (buffer.length <= SHARED_READ_BYTES) readBuffer = buffer;
    }
    let n = 0;
    // Until end of file (one more byte than the size: the file may have grown meanwhile).
    for (;;) {
      if (n === buffer.length) {
        const bigger = Buffer.alloc(buffer.length * 2);
        buffer.copy(bigger, 0, 0, n);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, n, buffer.length - n, n);
      if (read === 0) break;
      n += read;
    }
    return { text: buffer.toString('utf8', 0, n), ino, size: n };
  } finally {
    closeSync(fd);
  }
}

/** Options of a {@link Journal}. */
export interface JournalOptions {
  /** With a key: what the data folder recorded of each file (anchor.ts). */
  anchor?: JournalAnchor;
  /** Told when a cut-off last line (a write a crash interrupted) was skipped. */
  onCutOff?: () => void;
  /** Keeps the file open for appending between changes (for a file appended to all the time: saves an open and a close each). Needs {@link Journal.close}. */
  keepOpen?: boolean;
}

/**
 * One data file's journal on disk, for one holder (the store keeps one per cached file and runs
 * every use of a file under that file's lock). It knows how many lines the file has, so it can
 * number the next change and decide when to rewrite the file.
 */
export class Journal {
  readonly #file: string;
  readonly #temp: string;
  readonly #cipher: DataCipher | undefined;
  readonly #aad: string;
  readonly #anchor: JournalAnchor | undefined;
  readonly #onCutOff: (() => void) | undefined;
  readonly #keepOpen: boolean;
  /** The file opened for appending, with `keepOpen`. */
  #fd: number | undefined;
  /** Lines in the file as this holder knows it; 0: no file. */
  #lines = 0;
  #clean = true;
  /** Generation of the file and tag of its last line (with a key), which the next line chains to. */
  #gen = 0;
  #lastTag = '';
  /** When this holder last wrote the file (performance.now()); 0 if it has not. */
  changedAt = 0;
  /** The file as this holder last saw it: every change appends (size) or replaces the file (inode). */
  #ino = -1;
  #size = -1;

  constructor(file: string, cipher: DataCipher | undefined, aad: string, options: JournalOptions = {}) {
    this.#file = file;
    // The temp name lowdb's writer (steno) used, so strays of either are recognised and skipped alike.
    this.#temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
    this.#cipher = cipher;
    this.#aad = aad;
    this.#anchor = cipher ? options.anchor : undefined;
    this.#onCutOff = options.onCutOff;
    this.#keepOpen = options.keepOpen === true;
  }

  /**
   * Reads and decodes the file, taking note of its lines and identity; undefined when it does not
   * exist (yet). Throws {@link JournalError} when it does not read back, or does not match what the
   * anchor recorded of it.
   */
  read(): unknown {
    let read: ReturnType<typeof readText>;
    try {
      read = readText(this.#file);
    } catch (err) {
      // Removed between the question and the open.
      if ((err as { code?: unknown } | null)?.code !== 'ENOENT') throw err;
      read = undefined;
    }
    if (read === undefined) {
      this.#checkAnchor(undefined);
      this.#lines = 0;
      this.#clean = true;
      this.#gen = 0;
      this.#lastTag = '';
      this.#ino = -1;
      this.#size = -1;
      return undefined;
    }
    const decoded = decodeJournal(read.text, this.#cipher, this.#aad);
    this.#checkAnchor(decoded);
    if (decoded.cutOff) this.#onCutOff?.();
    this.#lines = decoded.lines;
    this.#clean = decoded.clean;
    this.#gen = decoded.gen;
    this.#lastTag = decoded.tags[decoded.tags.length - 1] ?? '';
    this.#ino = read.ino;
    this.#size = read.size;
    return decoded.value;
  }

  /** What the anchor refuses is a file gone missing, or one that is not the version it recorded (rolled back). */
  #checkAnchor(found: DecodedJournal | undefined): void {
    try {
      this.#anchor?.check(this.#aad, found);
    } catch (err) {
      if (!(err instanceof JournalError)) throw err;
      throw new JournalError(err.message, { cause: err.cause, reason: found === undefined ? 'missing' : 'rolled_back' });
    }
  }

  /** Whether the file on disk is still the one this holder last read or wrote. */
  current(): boolean {
    try {
      const st = statSync(this.#file);
      return st.ino === this.#ino && st.size === this.#size;
    } catch {
      return false;
    }
  }

  /** Whether the file holds more than its base line (or needs rewriting): what `compact` would change. */
  get journaled(): boolean {
    return this.#lines > 1 || !this.#clean;
  }

  /** Whether the next {@link commit} would rewrite the file as its value (new, unfinished or long) rather than append. */
  rewrites(maxLines = MAX_LINES): boolean {
    return this.#lines === 0 || !this.#clean || this.#lines >= maxLines;
  }

  /** The file's generation as this holder knows it (0: none yet, or a file of an earlier format). */
  get gen(): number {
    return this.#gen;
  }

  /**
   * Records a change: `value` is the whole value after it, `op` the change itself (or its JSON,
   * when the caller has it already). Appends `op` as a line, or rewrites the file as the base line
   * `value` when it is new, unfinished or long.
   */
  commit(value: unknown, op: JournalOp | { json: string }, maxLines = MAX_LINES): void {
    this.changedAt = performance.now();
    if (this.rewrites(maxLines)) {
      this.compact(value, true);
      return;
    }
    const { line, tag } = encodeLine('json' in op ? op.json : JSON.stringify(op), this.#cipher, this.#aad, this.#lines, this.#lastTag);
    try {
      if (this.#keepOpen) {
        this.#fd ??= openSync(this.#file, 'a', FILE_MODE);
        writeFileSync(this.#fd, line, 'utf8');
      } else {
        appendFileSync(this.#file, line, { mode: FILE_MODE });
      }
    } catch (err) {
      // Part of the line may have reached the file: the next write rewrites it whole.
      this.#clean = false;
      this.#size = -1;
      this.close();
      throw err;
    }
    this.#lines += 1;
    this.#lastTag = tag;
    this.#size += Buffer.byteLength(line, 'utf8');
    this.#anchor?.record(this.#aad, this.#gen, this.#lines, tag);
  }

  /**
   * Replaces the file with the base line `value`, atomically: the temp file is created owner-only
   * (and set so, should a stray one from a crash exist with other rights), written, closed and
   * renamed over the file. Synchronous: a few system calls on a small file, cheaper than the
   * thread-pool round trips of the asynchronous calls. `stayOpen` (a rewrite in place of an append,
   * see {@link commit}): a journal that keeps its file open keeps the temp file's descriptor, which
   * is the file's after the rename, instead of closing it and opening the file again for the next line.
   */
  compact(value: unknown, stayOpen = false): void {
    // An open descriptor would go on appending to the file being replaced.
    this.close();
    const keep = stayOpen && this.#keepOpen;
    const gen = this.#lines === 0 && this.#anchor ? this.#anchor.firstGen(this.#aad) : this.#gen + 1;
    const { line, tag } = encodeBase(value, this.#cipher, this.#aad, gen);
    // Opened for appending (as 'w' otherwise): a file kept open goes on with this descriptor after the rename.
    const fd = openSync(this.#temp, keep ? REWRITE_APPEND : 'w', FILE_MODE);
    let ino: number;
    let size: number;
    try {
      fchmodSync(fd, FILE_MODE);
      writeFileSync(fd, line, 'utf8');
      ({ ino, size } = fstatSync(fd));
      renameSync(this.#temp, this.#file);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    if (keep) this.#fd = fd;
    else closeSync(fd);
    this.#lines = 1;
    this.#clean = true;
    this.#gen = gen;
    this.#lastTag = tag;
    this.#ino = ino;
    this.#size = size;
    this.#anchor?.record(this.#aad, gen, 1, tag);
  }

  /** Closes the file kept open for appending, if any. */
  close(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    closeSync(fd);
  }
}

/**
 * The holders that may keep a file open for appending, by key, least recently written first: at most `max`, the
 * least recently written beyond that closed. Every holder that opened a file is noted here by the write that
 * opened it (a failed write closes its file itself), so closing through this list closes every open file.
 */
export class KeptOpen<H extends { close(): void }> {
  readonly #open = new Map<string, H>();

  constructor(private readonly max: number) {}

  /** Notes that `holder` wrote `key` now; closes another holder's copy of the same file. */
  wrote(key: string, holder: H): void {
    const before = this.#open.get(key);
    if (before !== holder) before?.close();
    this.#open.delete(key);
    this.#open.set(key, holder);
    for (const [old, h] of this.#open) {
      if (this.#open.size <= this.max) break;
      h.close();
      this.#open.delete(old);
    }
  }

  /** Closes the file of `key`, if it is open. */
  close(key: string): void {
    this.#open.get(key)?.close();
    this.#open.delete(key);
  }

  /** Closes the files whose holder `idle` says were left alone. */
  closeIf(idle: (holder: H) => boolean): void {
    for (const [key, h] of this.#open) {
      if (!idle(h)) continue;
      h.close();
      this.#open.delete(key);
    }
  }

  closeAll(): void {
    for (const h of this.#open.values()) h.close();
    this.#open.clear();
  }
}
