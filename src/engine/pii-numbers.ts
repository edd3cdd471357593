/**
 * PII finders over numbers: labelled numbers (leerlingnummer), phone numbers, BSNs (11-proef), dates
 * next to a birth word, and addresses (postcode, street and house number). Used by findPii() in pii.ts.
 */
import { CONTACTS } from '../domain/contacts.js';
import type { Span } from './pii-span.js';
import { TV } from './pii-words.js';

/** The numbers the assistant itself gives out (domain/contacts.ts, the only place they live): never a hit. */
const OWN_NUMBERS: ReadonlySet<string> = new Set(Object.values(CONTACTS).map((c) => c.phone.replace(/\D/g, '')));

// ---------------------------------------------------------------------------------------------
// Student and client numbers, when a label names them

const LABELLED_NUMBER = /(?<![\p{L}])(?:leerling(?:nummer|nr\.?|[ \t]*id)|leerling[ \t]+nummer|studentnummer|studentnr\.?|onderwijsnummer|pgn|persoonsgebonden[ \t]+nummer|cli[eë]ntnummer|cli[eë]ntnr\.?|student[ \t]+(?:number|id)|pupil[ \t]+number)(?:[ \t]*(?:is|was|:|#))*[ \t]*(\d[\d \-.]{2,14}\d)(?![\p{N}])/giu;

export function findLabelledNumbers(text: string, spans: Span[]): void {
  for (const m of text.matchAll(LABELLED_NUMBER)) {
    const number = m[1] ?? '';
    const end = (m.index ?? 0) + m[0].length;
    spans.push({ kind: 'leerlingnummer', start: end - number.length, end });
  }
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

/** Up to two separator characters between digits: "06-12345678", "020 123 45 67", "(010) 1234567". */
const SEP = String.raw`[ \t.\-–()]{0,2}`;
/** National: a 0 and nine more digits (10 in all), e.g. 06-12345678, 010-1234567, 0513 123456. */
const PHONE_NL = new RegExp(String.raw`(?<![\p{L}\p{N}+])\(?0(?:${SEP}\d){9}(?!\p{N})`, 'gu');
/** +31 / 0031 and nine digits, optionally with "(0)": +31 6 12345678, +31 (0)20 123 4567, 0031612345678. */
const PHONE_31 = new RegExp(
  String.raw`(?<![\p{L}\p{N}+])(?:\+|00)[ \t]?31[ \t.\-–]?(?:\(0\)[ \t.\-–]?)?(?:${SEP}\d){9}(?!\p{N})`,
  'gu',
);
/** Other international numbers: + and 8 to 14 digits. */
const PHONE_INTL = new RegExp(String.raw`(?<![\p{L}\p{N}+])\+(?!31)[1-9](?:${SEP}\d){7,13}(?!\p{N})`, 'gu');
/** Service and premium-rate prefixes: not a person's number. */
const SERVICE_PREFIX = /^0(?:800|90[0-9])/;
/** "06-12-2015 10 ..." is a date followed by a number, not a phone number. */
const DATE_START = /^\(?(\d{1,2})([\-./])(\d{1,2})\2(?:19|20)\d{2}/;
/** A first group shorter than an area code is only a prefix for mobiles (06); "01-12 02-12 03-12" is a list of dates. */
const tooShortPrefix = (raw: string): boolean => {
  const first = /^\(?(\d+)/.exec(raw)?.[1] ?? '';
  return first.length < 3 && first !== '06';
};

const digitsOf = (s: string): string => s.replace(/\D/g, '');

function isPhone(raw: string, kind: 'nl' | '31' | 'intl'): boolean {
  const digits = digitsOf(raw.replace('(0)', ''));
  if (OWN_NUMBERS.has(digits)) return false;
  if (kind === 'nl') {
    if (digits[1] === '0' || SERVICE_PREFIX.test(digits)) return false;
    return !DATE_START.test(raw) && !tooShortPrefix(raw);
  }
  if (kind === '31') {
    const national = digits.replace(/^(?:00)?31/, '');
    return national.length === 9 && national[0] !== '0' && !SERVICE_PREFIX.test(`0${national}`);
  }
  return true;
}

export function findPhones(text: string, spans: Span[]): void {
  const kinds: Array<[RegExp, 'nl' | '31' | 'intl']> = [
    [PHONE_NL, 'nl'],
    [PHONE_31, '31'],
    [PHONE_INTL, 'intl'],
  ];
  for (const [re, kind] of kinds) {
    for (const m of text.matchAll(re)) {
      const raw = m[0];
      const start = m.index ?? 0;
      if (isPhone(raw, kind)) spans.push({ kind: 'telefoon', start, end: start + raw.length });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// BSN

/** 9 digits plain or grouped 3-3-3 / 4-2-3 / 2-2-2-3 with spaces, dots or hyphens; 8 digits plain (a leading 0 dropped). */
const BSN = /(?<![\p{L}\p{N}€$]|\p{N}[.,\-])(?:\d{9}|\d{3}([ .\-])\d{3}\1\d{3}|\d{4}([ .\-])\d{2}\2\d{3}|\d{2}([ .\-])\d{2}\3\d{2}\3\d{3}|\d{8})(?![\p{L}\p{N}]|[.,\-]\p{N})/gu;

/**
 * The Dutch 11-proef for a BSN: digits × 9, 8, …, 2 and the last digit × −1; the sum must be
 * positive and divisible by 11. Eight-digit numbers get a leading 0. Non-digits are ignored.
 */
export function passesElfproef(bsn: string): boolean {
  let digits = digitsOf(bsn);
  if (digits.length === 8) digits = `0${digits}`;
  if (digits.length !== 9) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (i === 8 ? -1 : 9 - i);
  return sum > 0 && sum % 11 === 0;
}

const validDay = (d: number, m: number): boolean => d >= 1 && d <= 31 && m >= 1 && m <= 12;
const validYear = (y: number): boolean => y >= 1900 && y <= 2099;

/** ddmmyyyy or yyyymmdd: an 8-digit date, not a BSN. */
function isCompactDate(d: string): boolean {
  const n = (a: number, b: number) => Number(d.slice(a, b));
  return (validDay(n(0, 2), n(2, 4)) && validYear(n(4, 8))) || (validYear(n(0, 4)) && validDay(n(6, 8), n(4, 6)));
}

export function findBsns(text: string, spans: Span[]): void {
  for (const m of text.matchAll(BSN)) {
    const digits = digitsOf(m[0]);
    if (digits.length === 8 && isCompactDate(digits)) continue;
    if (OWN_NUMBERS.has(digits) || !passesElfproef(digits)) continue;
    const start = m.index ?? 0;
    spans.push({ kind: 'bsn', start, end: start + m[0].length });
  }
}

// ---------------------------------------------------------------------------------------------
// Dates of birth

const MONTH = String.raw`(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october|jan|febr|feb|mrt|mar|apr|jun|jul|aug|sept|sep|okt|oct|nov|dec)\.?(?![\p{L}])`;
const YEAR = String.raw`(?:19|20)\d{2}`;
/** ISO, "12 maart 2015", "12th of March 2015", "March 12, 2015", "12-03-2015", "12/3/15", "12-03". */
const DATE = String.raw`(?:${YEAR}[\-/.]\d{1,2}[\-/.]\d{1,2}|\d{1,2}(?:ste|de|e|st|nd|rd|th)?[ \t]+(?:of[ \t]+)?${MONTH}(?:,?[ \t]+${YEAR})?|${MONTH}[ \t]+\d{1,2}(?:st|nd|rd|th)?(?:,?[ \t]+${YEAR})?|\d{1,2}[\-/.]\d{1,2}(?:[\-/.](?:${YEAR}|\d{2}))?)(?!\p{N})`;
const BIRTH_WORD = String.raw`(?:geboren|geboortedatum|geboorte[ \t]datum|geb\.?|born|date[ \t]+of[ \t]+birth|birth[ \t]?date|d\.?o\.?b\.?)`;
/** Words that may stand between the birth word and the date: "geboortedatum van het kind is 12-03-2015". */
const BIRTH_FILLER = String.raw`(?:op|on|in|is|was|de|het|the|van|of|kind|kindje|child|baby|zoon|dochter|jongen|meisje|leerling|moeder|vader|mother|father|her|his|haar|zijn|d\.d\.|dd)`;
/** "geboren op 12 maart 2015", "geb. 12-03-2015", "DOB: 2015-03-12", "born on March 12, 2015". */
const DOB_AFTER = new RegExp(
  String.raw`(?<![\p{L}])${BIRTH_WORD}(?![\p{L}])[ \t]*[:=(\-–]?[ \t]*(?:${BIRTH_FILLER}(?![\p{L}])[ \t]*:?[ \t]*){0,4}?(${DATE})`,
  'giu',
);
/** "Ze is op 12-03-2015 geboren." */
const DOB_BEFORE = new RegExp(
  String.raw`(?<![\p{N}])(${DATE})[ \t]*(?:(?:is|was|werd|ze|zij|hij|het|kind|de|baby|jongen|meisje)[ \t]+){0,2}geboren(?![\p{L}])`,
  'giu',
);

/** Rejects numeric "dates" that cannot be one ("geboren 3.75 kilo" would still pass; 45-13 does not). */
function plausibleDate(s: string): boolean {
  const parts = s.match(/^(\d{1,4})[\-/.](\d{1,2})(?:[\-/.](\d{1,4}))?$/);
  if (!parts) return true; // written-out month
  const [a, b, c] = [Number(parts[1]), Number(parts[2]), Number(parts[3] ?? 0)];
  if (parts[1]!.length === 4) return validDay(c, b);
  return validDay(a, b) || validDay(b, a);
}

export function findBirthDates(text: string, spans: Span[]): void {
  for (const m of text.matchAll(DOB_AFTER)) {
    const date = m[1] ?? '';
    if (!plausibleDate(date)) continue;
    const end = (m.index ?? 0) + m[0].length;
    spans.push({ kind: 'geboortedatum', start: end - date.length, end });
  }
  for (const m of text.matchAll(DOB_BEFORE)) {
    const date = m[1] ?? '';
    if (!plausibleDate(date)) continue;
    const start = m.index ?? 0;
    spans.push({ kind: 'geboortedatum', start, end: start + date.length });
  }
}

// ---------------------------------------------------------------------------------------------
// Postcode and house number, street and house number

/** House number with addition: 12, 3a, 12 A, 12-2. Not a time (12:30), a count (3 keer) or a bare year (2025). */
const HOUSE_NR = String.raw`(?!(?:19|20)\d{2}(?![\p{N}\-]|[ \t]?[a-zA-Z](?![\p{L}])))\d{1,4}(?:[ \t]?[a-zA-Z](?![\p{L}\p{N}])|-\d{1,3}(?!\p{N}))?(?![\p{N}]|[:.,]\p{N})(?![ \t]*(?:x|keer|jaar|jr|uur|u|min|minuten|dag|dagen|week|weken|maand|maanden|kind|kinderen|km|m|meter|cm|kg|%)(?![\p{L}]))`;
/** 1234 AB or 1234AB (1234ab only when written together); SA, SD and SS are never used. */
const POSTCODE = new RegExp(
  String.raw`(?<![\p{L}\p{N}\-.])[1-9]\d{3}(?:[ \t]?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})(?![\p{L}\p{N}])(?:[ \t]*,?[ \t]*(?:nr\.?|nummer|huisnummer)?[ \t]*${HOUSE_NR})?`,
  'gu',
);

const STREET_SUFFIX = 'straatweg|straat|weg|laan|plein|singel|gracht|kade|dijk|hof|pad|steeg|dreef|park|markt|plantsoen|boulevard';
/** Only these are also recognised when typed in lower case ("dorpsstraat 12"); "schoolplein 2" is too common. */
const STREET_SUFFIX_LOWER = 'straat|laan|gracht|singel|dreef|steeg|kade';
const STREET_PREFIX = String.raw`(?:(?:Oude|Nieuwe|Lange|Korte|Hoge|Lage|Grote|Kleine|Burgemeester|Burg\.|Dokter|Dr\.|Prins|Prinses|Koning|Koningin|Graaf|Sint|St\.|Van|Eerste|Tweede|Derde)[ \t]+(?:${TV}[ \t]+){0,3}){0,3}`;
const STREET = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:` +
    [
      // Dorpsstraat, Oude Kerkweg, Burgemeester de Withstraat, Jan-van-Galenstraat
      String.raw`${STREET_PREFIX}\p{Lu}[\p{L}\p{M}'’\-]*(?:${STREET_SUFFIX})`,
      // Laan van Meerdervoort, Plein van de Verenigde Naties
      String.raw`(?:Laan|Plein|Weg|Kade|Singel|Dreef|Park|Hof|Dijk|Gracht)(?:[ \t]+(?:van|der|de|den|het|op|ten|ter|te|'t|’t|naar|in)){1,3}(?:[ \t]+\p{Lu}[\p{L}\p{M}'’\-]*){1,3}`,
      // dorpsstraat (typed in lower case)
      String.raw`\p{Ll}[\p{L}\p{M}'’\-]*(?:${STREET_SUFFIX_LOWER})`,
    ].join('|') +
    String.raw`)[ \t]+(?:(?:nr\.?|nummer)[ \t]*)?${HOUSE_NR}`,
  'gu',
);
/** Compound words with a street suffix that are places, not addresses ("Op het Schoolplein 2 kinderen..."). */
const NOT_A_STREET = new Set([
  'onderweg', 'schoolplein', 'speelplein', 'kerkhof', 'fietspad', 'voetpad', 'zebrapad', 'wandelpad', 'bospad',
  'pretpark', 'speelpark', 'attractiepark', 'dierenpark', 'vakantiepark', 'gerechtshof', 'snelweg', 'zijweg',
  'binnenhof', 'kerstmarkt', 'jaarmarkt', 'weekmarkt', 'rommelmarkt', 'vlooienmarkt',
]);

/** A street by its name alone, capitalised: "Kerkstraat", "Van Heemskerckstraat", "Oude Molenweg". */
const STREET_NAME = String.raw`${STREET_PREFIX}\p{Lu}[\p{L}\p{M}'’\-]{2,}(?:straatweg|straat|weg|laan|plein|singel|gracht|burgwal|kade|dijk|hof|steeg|dreef|plantsoen)`;
const NUMBER_WORD = String.raw`(?:(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n)?(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|honderd)`;
/**
 * An address in words: a street after "woont"/"adres"/"verhuisd" or after "in/op/aan de", or a street with its
 * number written out ("Molenweg twaalf").
 */
const STREET_IN_WORDS = new RegExp(
  String.raw`(?:(?<![\p{L}])(?:[Ww]oont|[Ww]onen|[Ww]oonde|[Ww]oonden|[Ww]oonachtig|[Ww]onend|[Ww]onende|[Aa]dres|[Vv]erhuisd|[Vv]erhuizen|[Vv]erhuist|[Ll]ives|[Ll]iving)(?![\p{L}])[^.!?\n]{0,40}?(?<![\p{L}])|(?<![\p{L}])(?:[Ii]n|[Oo]p|[Aa]an)[ \t]+(?:de|het)[ \t]+)?` +
    String.raw`(${STREET_NAME})((?:[ \t]+(?:(?:nummer|nr\.?)[ \t]*)?${NUMBER_WORD})?)(?![\p{L}])`,
  'gu',
);

export function findAddresses(text: string, spans: Span[]): void {
  for (const m of text.matchAll(STREET_IN_WORDS)) {
    const street = m[1] ?? '';
    const number = m[2] ?? '';
    // Without a context word or a written-out number, a street name is left to the house-number rule below.
    if (m[0].length === street.length + number.length && number === '') continue;
    const words = street.toLowerCase().match(/[\p{L}'’\-]+/gu) ?? [];
    if (words.some((w) => NOT_A_STREET.has(w))) continue;
    const end = (m.index ?? 0) + m[0].length;
    spans.push({ kind: 'postcode-huisnummer', start: end - number.length - street.length, end });
  }
  for (const m of text.matchAll(POSTCODE)) {
    const start = m.index ?? 0;
    spans.push({ kind: 'postcode-huisnummer', start, end: start + m[0].length });
  }
  for (const m of text.matchAll(STREET)) {
    const words = m[0].toLowerCase().match(/[\p{L}'’\-]+/gu) ?? [];
    if (words.some((w) => NOT_A_STREET.has(w))) continue;
    const start = m.index ?? 0;
    spans.push({ kind: 'postcode-huisnummer', start, end: start + m[0].length });
  }
}

