/**
 * Key rotation (`npm run rotate-key`, with the server stopped): re-encrypts every data file with a
 * new key. The new key comes from NEW_DATA_ENCRYPTION_KEY, or is generated and written to the key
 * file (the old one is kept as <key file>.previous). Safe to run again after an interruption: each
 * file is read with the new key first, then the old one, and replaced atomically by a single line
 * (a journal's changes are folded into it); the key check, which records every file (anchor.ts),
 * goes last, holding every record itself (the store splits it into shards again when it opens).
 *
 * A data folder without a key check was written without a key: the same command encrypts it, with
 * the configured key (DATA_ENCRYPTION_KEY or the key file), NEW_DATA_ENCRYPTION_KEY, or a new key
 * written to the key file. In a folder that has a key check a file without encryption is refused
 * (it was not written by the store), unless `--encrypt-plain` is given: then it is encrypted and
 * named in the output. Files are checked against the folder's record (anchor.ts); after restoring
 * a single file from a backup, `--accept-current` takes the files as they are.
 *
 * Files named after a platform id carry keyed names (names.ts), which change with the key: each is
 * written under its new name, the anchor records the old name as deleted, and the old file is
 * removed once the anchor is written (a run interrupted after that removes it on the next run).
 * The unkeyed names the keyed ones were made from are in the anchor; a folder whose files still
 * carry unkeyed names (written without a key, or by an earlier version) is renamed from those.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { Anchor, ANCHOR_FILE, CHECK_TEXT, isAnchorValue, SHARD_DIR, type AnchorValue } from '../src/store/anchor.js';
import { DataCipher, newKey, parseKey } from '../src/store/crypto.js';
import { decodeJournal, encodeBase, type DecodedJournal } from '../src/store/journal.js';
import { namedFiles, namedPath } from '../src/store/lowdb.js';
import { NAMES_INFO, Namer } from '../src/store/names.js';

const DIRS = ['users', 'cases', 'outbox', 'docs', 'deadlines', 'case-deadlines'];

export interface RotateOptions {
  /** In a folder that has a key check: encrypt files found without encryption instead of refusing them. */
  encryptPlain?: boolean;
  /** Told of every file that was found without encryption and encrypted now (path within the folder). */
  plainFile?: (rel: string) => void;
  /**
   * Takes every file as it is now instead of checking it against what the folder recorded (a file
   * deliberately restored from a backup, or a folder refused after a power cut): each must still
   * decrypt and read back whole. The new record then starts from these files.
   */
  acceptCurrent?: boolean;
}

async function replaceFile(file: string, text: string): Promise<void> {
  const tmp = `${file}.rotate.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, file);
  await chmod(file, 0o600);
}

/**
 * Re-encrypts all files under `dataDir` from `oldKey` to `nextKey` (`oldKey` undefined: a folder
 * written without a key); returns how many files were rewritten. Files are checked against the
 * folder's record of them first, so a file cut short or put back from an older copy stops the
 * rotation like any other damage.
 */
export async function rotateKey(dataDir: string, oldKey: Buffer | undefined, nextKey: Buffer, options: RotateOptions = {}): Promise<number> {
  const newCipher = new DataCipher(nextKey);
  const oldCipher = oldKey ? new DataCipher(oldKey) : undefined;
  const files: string[] = [];
  if (existsSync(path.join(dataDir, 'outbox.json'))) files.push('outbox.json');
  for (const d of DIRS) {
    if (!existsSync(path.join(dataDir, d))) continue;
    for (const name of await readdir(path.join(dataDir, d))) if (/^[A-Za-z0-9_-]{1,64}\.json$/.test(name)) files.push(path.join(d, name));
  }

  const checkFile = path.join(dataDir, ANCHOR_FILE);
  const plainFolder = !existsSync(checkFile);
  let checkGen = 0;
  let doneBefore = false;
  /** With the rotation already completed: the files it renamed, which may still be there. */
  const leftOver = new Set<string>();
  let oldAnchor: Anchor | undefined;
  if (!plainFolder) {
    const text = await readFile(checkFile, 'utf8');
    let done: DecodedJournal | undefined;
    try {
      done = decodeJournal(text, newCipher, ANCHOR_FILE);
    } catch {
      // Not yet rotated.
    }
    if (done && isAnchorValue(done.value) && done.gen > 0) {
      doneBefore = true;
      checkGen = done.gen;
      // Split into shards since if the store has opened the folder: read as an anchor, changing nothing.
      const journal = Anchor.journal(dataDir, newCipher);
      const doneAnchor = Anchor.opened(journal, journal.read() as AnchorValue);
      for (const [rel, entry] of doneAnchor.entries()) if (entry[1] === 0) leftOver.add(rel);
    } else {
      if (!oldCipher) throw new Error(`${checkFile} exists, so the data are encrypted: the old key is needed.`);
      const journal = Anchor.journal(dataDir, oldCipher);
      const value = journal.read();
      if (!isAnchorValue(value)) throw new Error(`${checkFile} does not hold a key check.`);
      oldAnchor = Anchor.opened(journal, value);
      checkGen = journal.gen;
    }
  }

  /** A file as it is now: already under the new key (its record), or its value to encrypt with it. */
  const load = async (rel: string, writing: boolean): Promise<{ done: [number, number, string] } | { decoded: DecodedJournal }> => {
    const file = path.join(dataDir, rel);
    const text = await readFile(file, 'utf8');
    try {
      const done = decodeJournal(text, newCipher, rel);
      if (done.gen > 0) return { done: [done.gen, done.lines, done.tags[done.tags.length - 1] ?? ''] };
    } catch {
      // Not yet rotated.
    }
    if (doneBefore) throw new Error(`${file} cannot be read with the new key, although the rotation to it was completed: it was changed or put there since.`);
    if (plainFolder) return { decoded: decodeJournal(text, undefined, rel) };
    try {
      const decoded = decodeJournal(text, oldCipher, rel);
      if (!options.acceptCurrent) oldAnchor?.check(rel, decoded);
      return { decoded };
    } catch (err) {
      const plain = options.encryptPlain && err instanceof Error && /not encrypted/.test(err.message);
      if (!plain) {
        const hint = err instanceof Error && /not encrypted/.test(err.message) ? ' If this file is genuinely from before encryption, run again with --encrypt-plain and check the files it lists.' : '';
        throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}.${hint}`, { cause: err });
      }
      if (writing) options.plainFile?.(rel);
      return { decoded: decodeJournal(text, undefined, rel) };
    }
  };

  // Files renamed by a completed rotation whose removal was interrupted: the anchor has them as deleted.
  const named = await namedFiles(dataDir);
  const stale = named.map((f) => f.rel).filter((rel) => leftOver.has(rel));
  for (const rel of stale) await rm(path.join(dataDir, rel), { force: true });
  const left = files.filter((rel) => !stale.includes(rel));
  // In the order of the anchor's shards: each is read once per pass, not once per file.
  const current = oldAnchor?.inShardOrder(left) ?? left;

  // The unkeyed name behind each keyed name: recorded in a keyed folder; else the files' names are unkeyed.
  const newNames = Namer.of(newCipher);
  const unkeyedOf = new Map<string, string>();
  const keyedBefore = oldAnchor?.keyedNames === true;
  if (keyedBefore) for (const [name, unkeyed] of oldAnchor?.names() ?? []) unkeyedOf.set(name, unkeyed);
  const renameTo = new Map<string, { rel: string; unkeyed: string }>();
  // After a completed rotation every file carries its name under the new key already.
  if (!doneBefore) {
    for (const f of named) {
      const unkeyed = keyedBefore ? unkeyedOf.get(f.name) : f.name;
      if (unkeyed !== undefined) renameTo.set(f.rel, { rel: namedPath(f, newNames.fromUnkeyed(unkeyed)), unkeyed });
    }
  }

  // Every file is read before any is written: a damaged one stops the rotation with nothing changed.
  for (const rel of current) await load(rel, false);
  const entries: Record<string, [number, number, string]> = {};
  const renamed: string[] = [];
  let n = 0;
  for (const rel of current) {
    const found = await load(rel, true);
    if ('done' in found) {
      entries[rel] ??= found.done;
      continue;
    }
    const gen = found.decoded.gen + 1;
    const rename = renameTo.get(rel);
    const target = rename?.rel ?? rel;
    const { line, tag } = encodeBase(found.decoded.value, newCipher, target, gen);
    await replaceFile(path.join(dataDir, target), line);
    entries[target] = [gen, 1, tag];
    if (target !== rel) {
      // Recorded as deleted, so a copy under the old name is refused; removed once the anchor is written.
      entries[rel] = [found.decoded.gen, 0, ''];
      renamed.push(rel);
      if (rename && !keyedBefore) unkeyedOf.set(rename.unkeyed, rename.unkeyed);
    }
    n += 1;
  }

  if (doneBefore && n === 0) return stale.length;
  // Deleted files stay recorded, so a copy put back is still refused; a recorded file that is gone is damage.
  for (const [rel, entry] of oldAnchor?.entries() ?? []) {
    if (options.acceptCurrent) continue;
    if (entry[1] === 0) entries[rel] ??= entry;
    else if (!Object.hasOwn(entries, rel)) throw new Error(`${path.join(dataDir, rel)} is missing, but the data folder recorded it; restore it from a backup first.`);
  }
  const names: Record<string, string> = {};
  for (const unkeyed of unkeyedOf.values()) names[`~${newNames.fromUnkeyed(unkeyed)}`] = unkeyed;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Every record in the key check, as earlier versions kept them: the store splits it into shards
  // when it opens the folder. The shards there were go once it is written (it records none).
  await replaceFile(checkFile, encodeBase({ check: CHECK_TEXT, names: NAMES_INFO, ...names, ...entries }, newCipher, ANCHOR_FILE, checkGen + 1).line);
  await rm(path.join(dataDir, SHARD_DIR), { recursive: true, force: true });
  for (const rel of renamed) await rm(path.join(dataDir, rel), { force: true });
  return n + 1;
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const enc = config.encryption;
  const configured = enc.key ?? (existsSync(enc.keyFile) ? await readFile(enc.keyFile, 'utf8') : undefined);
  const given = process.env.NEW_DATA_ENCRYPTION_KEY?.trim();
  const plainFiles: string[] = [];
  const options: RotateOptions = {
    encryptPlain: process.argv.includes('--encrypt-plain'),
    acceptCurrent: process.argv.includes('--accept-current'),
    plainFile: (rel) => plainFiles.push(rel),
  };
  const listPlain = () => (plainFiles.length > 0 ? `Found without encryption and encrypted now (check them): ${plainFiles.join(', ')}\n` : '');

  if (!existsSync(path.join(config.dataDir, ANCHOR_FILE))) {
    // Written without a key: encrypt with the key to be used from now on.
    let key: Buffer;
    let where: string;
    if (given) {
      key = parseKey(given);
      where = 'the key in NEW_DATA_ENCRYPTION_KEY (set it as DATA_ENCRYPTION_KEY before starting the server)';
    } else if (configured) {
      key = parseKey(configured);
      where = enc.key ? 'the key in DATA_ENCRYPTION_KEY' : `the key in ${enc.keyFile}`;
    } else {
      key = newKey();
      await mkdir(path.dirname(enc.keyFile), { recursive: true });
      // Written before any data file: an interrupted run continues with the same key.
      await writeFile(enc.keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      where = `a new key, in ${enc.keyFile} (back it up separately from the data)`;
    }
    const count = await rotateKey(config.dataDir, undefined, key, options);
    process.stdout.write(`Encrypted the data in ${config.dataDir} (${count} files) with ${where}.\n`);
    return;
  }
  if (!configured) throw new Error(`No key to read the data with: the key file ${enc.keyFile} (DATA_KEY_FILE) does not exist and DATA_ENCRYPTION_KEY is not set.`);
  const oldKey = parseKey(configured);
  const nextKey = given ? parseKey(given) : newKey();
  const count = await rotateKey(config.dataDir, oldKey, nextKey, options);
  if (given) {
    process.stdout.write(`Re-encrypted ${count} files. Now set DATA_ENCRYPTION_KEY to the new key before starting the server.\n${listPlain()}`);
  } else if (enc.key) {
    process.stdout.write(`Re-encrypted ${count} files. New key (set it as DATA_ENCRYPTION_KEY, keep it secret):\n${nextKey.toString('base64')}\n${listPlain()}`);
  } else {
    await writeFile(`${enc.keyFile}.previous`, await readFile(enc.keyFile), { mode: 0o600 });
    await writeFile(enc.keyFile, `${nextKey.toString('base64')}\n`, { mode: 0o600 });
    process.stdout.write(`Re-encrypted ${count} files; the new key is in ${enc.keyFile} (old key kept in ${enc.keyFile}.previous: delete it once you have checked).\n${listPlain()}`);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`Key rotation failed, nothing more was changed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
