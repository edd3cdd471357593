/**
 * Likely identifying data (PII) in free text, Dutch and English phrasing.
 *
 * Professionals type facts about a worry ("Maandag zag ik een blauwe plek op de arm"); the
 * assistant never needs names or numbers that identify a person. When findPii() returns hits the
 * dialogue engine asks the user to rephrase or to confirm. Pure: no I/O, no state, no SDKs.
 *
 * Precision matters as much as recall: facts need dates, ages, counts and times, so those must not
 * trip the detector. Names are recognised after a naming phrase ("heet", "genaamd", "her name is", ...)
 * or a title ("mevrouw", "dhr.", ...), and anywhere else by a list of first names with context rules
 * (pii-names.ts); dates only next to a birth word ("geboren", "DOB", ...), and numbers only when their
 * shape (and for a BSN the 11-proef) fits or a label names them ("leerlingnummer").
 */
import { findAddresses, findBirthDates, findBsns, findLabelledNumbers, findPhones } from './pii-numbers.js';
import type { PiiKind, PiiHit, Span } from './pii-span.js';
import { findEmails, findNames, findSocialMedia } from './pii-words.js';

export type { PiiHit, PiiKind } from './pii-span.js';
export { passesElfproef } from './pii-numbers.js';

/** Lower wins when two candidates overlap (an e-mail address beats a name inside it, a phone number beats a BSN-shaped part of it). */
const PRIORITY: Record<PiiKind, number> = {
  email: 0,
  'sociale-media': 1,
  telefoon: 2,
  bsn: 3,
  leerlingnummer: 4,
  geboortedatum: 5,
  'postcode-huisnummer': 6,
  naam: 7,
};

// ---------------------------------------------------------------------------------------------

/**
 * Likely identifying data in `text`, in order of appearance: names after a naming phrase or a title,
 * BSNs passing the 11-proef, phone numbers (not the assistant's own contacts, domain/contacts.ts), e-mail addresses,
 * dates next to a birth word, and postcodes or street names with a house number. Each distinct
 * (kind, match) is reported once. An empty array means nothing likely identifying was found.
 */
export function findPii(text: string): PiiHit[] {
  const spans: Span[] = [];
  findEmails(text, spans);
  findSocialMedia(text, spans);
  findLabelledNumbers(text, spans);
  findPhones(text, spans);
  findBsns(text, spans);
  findBirthDates(text, spans);
  findAddresses(text, spans);
  findNames(text, spans);

  // Resolve overlaps: stronger kinds first, then earlier and longer.
  spans.sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const s of spans) {
    if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
  }
  kept.sort((a, b) => a.start - b.start);

  // "Dorpsstraat 12, 1234 AB" is one address.
  const merged: Span[] = [];
  for (const s of kept) {
    const prev = merged[merged.length - 1];
    if (prev && prev.kind === 'postcode-huisnummer' && s.kind === prev.kind && /^[ \t,]*$/.test(text.slice(prev.end, s.start))) {
      prev.end = s.end;
    } else {
      merged.push({ ...s });
    }
  }

  const seen = new Set<string>();
  const hits: PiiHit[] = [];
  for (const s of merged) {
    const match = text.slice(s.start, s.end);
    const key = `${s.kind}\u0000${match}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push({ kind: s.kind, match });
  }
  return hits;
}
