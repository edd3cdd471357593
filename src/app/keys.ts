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

/**
 * The configured key. Only for a new installation (no key file yet and `holdsData` false) is a key
 * file created, and only where that is allowed (not in production): a key file that went missing
 * while its data are still there must be put back, since a new key cannot read them.
 */
export async function resolveKey(enc: EncryptionConfig, holdsData: () => Promise<string | undefined> = async () => undefined): Promise<ResolvedKey> {
  if (enc.key) return { cipher: new DataCipher(parseKey(enc.key)) };
  if (existsSync(enc.keyFile)) {
    try {
      return { cipher: new DataCipher(parseKey(await readFile(enc.keyFile, 'utf8'))) };
    } catch (err) {
      throw new ConfigError(`The key file ${enc.keyFile} does not hold a valid key: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const data = await holdsData();
  if (data !== undefined) {
    throw new ConfigError(
      `The key file ${enc.keyFile} (DATA_KEY_FILE) does not exist, but ${data} already holds data, and only their key can read them. ` +
        'Nothing was created or changed. Put the key file back, or set DATA_ENCRYPTION_KEY to that key.',
    );
  }
  if (!enc.createIfMissing) throw new ConfigError(`The key file ${enc.keyFile} (DATA_KEY_FILE) does not exist, and DATA_ENCRYPTION_KEY is not set.`);
  const key = newKey();
  await mkdir(path.dirname(enc.keyFile), { recursive: true });
  // 'wx': never overwrite a key that appeared meanwhile.
  await writeFile(enc.keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { cipher: new DataCipher(key), created: enc.keyFile };
}
