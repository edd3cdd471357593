/**
 * Key rotation (`npm run rotate-key`, with the server stopped): re-encrypts every data file with a
 * new key. The new key comes from NEW_DATA_ENCRYPTION_KEY, or is generated and written to the key
 * file (the old one is kept as <key file>.previous). Safe to run again after an interruption: each
 * file is read with the new key first, then the old one, and replaced atomically by a single line
 * (a journal's changes are folded into it).
 */
import { existsSync } from 'node:fs';
import { chmod, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { DataCipher, newKey, parseKey } from '../src/store/crypto.js';
import { decodeJournal, encodeBase } from '../src/store/journal.js';

const DIRS = ['users', 'cases', 'outbox', 'docs', 'deadlines', 'case-deadlines'];

/** Re-encrypts all files under `dataDir` from `oldKey` to `newKey`; returns how many files were rewritten. */
export async function rotateKey(dataDir: string, oldKey: Buffer, nextKey: Buffer): Promise<number> {
  const oldCipher = new DataCipher(oldKey);
  const newCipher = new DataCipher(nextKey);
  const files = ['keycheck.json'];
  if (existsSync(path.join(dataDir, 'outbox.json'))) files.push('outbox.json');
  for (const d of DIRS) {
    if (!existsSync(path.join(dataDir, d))) continue;
    for (const name of await readdir(path.join(dataDir, d))) if (/^[A-Za-z0-9_-]{1,64}\.json$/.test(name)) files.push(path.join(d, name));
  }
  let n = 0;
  // The key check goes last, so an interrupted run still opens with the old key until it is done.
  for (const rel of [...files.slice(1), files[0] as string]) {
    const file = path.join(dataDir, rel);
    if (!existsSync(file)) continue;
    const text = await readFile(file, 'utf8');
    let value: unknown;
    try {
      decodeJournal(text, newCipher, rel, true);
      continue; // already rotated
    } catch {
      // Not yet rotated: read with the old key (throws if neither key fits); the journal becomes one line.
      value = decodeJournal(text, oldCipher, rel).value;
    }
    const tmp = `${file}.rotate.tmp`;
    await writeFile(tmp, encodeBase(value, newCipher, rel), { mode: 0o600 });
    await rename(tmp, file);
    await chmod(file, 0o600);
    n += 1;
  }
  return n;
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const enc = config.encryption;
  const oldKey = enc.key ? parseKey(enc.key) : parseKey(await readFile(enc.keyFile, 'utf8'));
  const given = process.env.NEW_DATA_ENCRYPTION_KEY?.trim();
  const nextKey = given ? parseKey(given) : newKey();
  const count = await rotateKey(config.dataDir, oldKey, nextKey);
  if (given) {
    process.stdout.write(`Re-encrypted ${count} files. Now set DATA_ENCRYPTION_KEY to the new key before starting the server.\n`);
  } else if (enc.key) {
    process.stdout.write(`Re-encrypted ${count} files. New key (set it as DATA_ENCRYPTION_KEY, keep it secret):\n${nextKey.toString('base64')}\n`);
  } else {
    await writeFile(`${enc.keyFile}.previous`, await readFile(enc.keyFile), { mode: 0o600 });
    await writeFile(enc.keyFile, `${nextKey.toString('base64')}\n`, { mode: 0o600 });
    process.stdout.write(`Re-encrypted ${count} files; the new key is in ${enc.keyFile} (old key kept in ${enc.keyFile}.previous: delete it once you have checked).\n`);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`Key rotation failed, nothing more was changed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
