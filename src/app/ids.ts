import { createHash, randomBytes } from 'node:crypto';

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

/**
 * Case ids derived from `seed` (a turn id): the same seed gives the same case, so a turn processed
 * again after a crash finds the case it created instead of opening a second one.
 */
export function caseIdsFrom(seed: string): { id: string; ref: string } {
  const digest = createHash('sha256').update(`case\n${seed}`).digest();
  let ref = 'MC-';
  for (const b of digest.subarray(12, 18)) ref += REF_ALPHABET[b % REF_ALPHABET.length];
  return { id: digest.subarray(0, 12).toString('hex'), ref };
}
