/** Resolving the data encryption key at start-up. */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type EncryptionConfig } from '../config.js';
import { DataCipher, newKey, parseKey } from '../store/crypto.js';

export interface ResolvedKey {
  cipher: DataCipher;
  /** Set when a new key file was created now (local use): where it is. */
  created?: string;
}

export async function resolveKey(enc: EncryptionConfig): Promise<ResolvedKey> {
  if (enc.key) return { cipher: new DataCipher(parseKey(enc.key)) };
  if (existsSync(enc.keyFile)) {
    try {
      return { cipher: new DataCipher(parseKey(await readFile(enc.keyFile, 'utf8'))) };
    } catch (err) {
      throw new ConfigError(`The key file ${enc.keyFile} does not hold a valid key: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (!enc.createIfMissing) throw new ConfigError(`The key file ${enc.keyFile} does not exist.`);
  const key = newKey();
  await mkdir(path.dirname(enc.keyFile), { recursive: true });
  // 'wx': never overwrite a key that appeared meanwhile.
  await writeFile(enc.keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { cipher: new DataCipher(key), created: enc.keyFile };
}
