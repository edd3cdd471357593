/**
 * One run of every PII detector over a fixed, made-up sentence, so that each of their regular
 * expressions runs (see keepCompiled.ts in src/app for why that matters). Nothing here is stored
 * or shown; the sentence invents every name and number in it.
 */
import { findPii } from './pii.js';

/**
 * Reaches every regular expression findPii() uses on the labelled corpus (test/unit/pii.warm.test.ts
 * checks that): a title with a surname, a labelled number, a naming phrase (capitalised and not), an
 * address, a birth date, Dutch and foreign phone numbers, a BSN shape, plain and spelled-out e-mail,
 * a handle and a profile link, and a first name in a list.
 */
export const PII_WARM_SAMPLE =
  'Mevrouw Jansen (leerlingnummer 123456) heet Anna en woont op Dorpsstraat 12, 1234 AB Utrecht; geboren 01-02-2015, ' +
  'tel 0612345678, +32 470 12 34 56, bsn 111222333, mail anna@example.nl of anna at example dot nl, @anna_k, ' +
  'instagram.com/annak. Zijn zus heet fatima. Ze speelt met Lisa, Zorbaq; Mr. Smith said his name is john.';

/** Runs the detectors once over {@link PII_WARM_SAMPLE}; returns how many hits they found (never zero). */
export function warmPii(): number {
  return findPii(PII_WARM_SAMPLE).length;
}
