import { randomBytes } from 'node:crypto';

/** Letters and digits that cannot be mistaken for each other when read aloud or copied. */
const REF_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A fresh case id (store key) and a pseudonymous reference for people ("MC-7KQ3PX"). */
export function newCaseIds(): { id: string; ref: string } {
  const id = randomBytes(12).toString('hex');
  const bytes = randomBytes(6);
  let ref = 'MC-';
  for (const b of bytes) ref += REF_ALPHABET[b % REF_ALPHABET.length];
  return { id, ref };
}
