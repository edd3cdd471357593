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
import { CONTACTS } from '../domain/contacts.js';
import { findListedNames, isListedFirstName } from './pii-names.js';

export type PiiKind =
  | 'naam'
  | 'bsn'
  | 'telefoon'
  | 'email'
  | 'geboortedatum'
  | 'postcode-huisnummer'
  | 'sociale-media'
  | 'leerlingnummer';

export interface PiiHit {
  kind: PiiKind;
  /** the matched text, for telling the user what was found */
  match: string;
}

interface Span {
  kind: PiiKind;
  start: number;
  end: number;
}

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

/** Numbers the assistant itself gives out (its sourced contacts: 112, Veilig Thuis, the vertrouwensinspecteurs): never a hit. */
const OWN_NUMBERS: ReadonlySet<string> = new Set(Object.values(CONTACTS).map((c) => c.phone.replace(/\D/g, '')));

// ---------------------------------------------------------------------------------------------
// Building blocks (all used with the `u` flag)

/** A capitalised name word: "Fatima", "Özlem", "Çelik", "O'Brien", "Jean-Pierre", "McDonald". */
const CAP = String.raw`\p{Lu}(?:[\p{L}\p{M}]|['’\-](?=\p{L}))*`;
/** Tussenvoegsels and similar lower-case name particles. */
const TV_WORDS = ['van', 'von', 'de', 'der', 'den', 'ter', 'ten', 'te', "'t", '’t', 'el', 'al', 'bin', 'ben', 'da', 'dos', 'du', 'la', 'le'];
const TV = `(?:${TV_WORDS.join('|')})`;
const INITIALS = String.raw`(?:\p{Lu}\.[ \t]?){1,4}`;
/** A full name: optional initials, tussenvoegsels, up to five capitalised words on one line. */
const NAME = String.raw`(?:${INITIALS}[ \t]*)?(?:${TV}[ \t]+){0,3}${CAP}(?:[ \t]+(?:${TV}[ \t]+){0,3}${CAP}){0,4}`;
/** After a title a surname is short: "mevrouw Jansen", "dhr. J.P. van der Berg", "mw. Yilmaz-Demir". */
const SURNAME = String.raw`(?:${INITIALS}[ \t]*)?(?:${TV}[ \t]+){0,3}${CAP}(?:[ \t]+(?:${TV}[ \t]+){0,3}${CAP}){0,2}`;

/** Capitalised words after a naming phrase that are not names (sentence starts, services, family words). */
const NOT_A_NAME = new Set(
  [
    // days (months are left out: April, May, June and Mei are also first names)
    'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
    // pronouns, articles, conjunctions, answers
    'ik', 'jij', 'je', 'u', 'hij', 'zij', 'ze', 'wij', 'we', 'jullie', 'het', 'een', 'die', 'dat', 'deze', 'dit',
    'er', 'mijn', 'haar', 'zijn', 'hun', 'ons', 'onze', 'en', 'of', 'maar', 'toen', 'dus', 'want', 'omdat', 'ook',
    'i', 'you', 'he', 'she', 'it', 'they', 'the', 'a', 'an', 'his', 'her', 'my', 'their', 'our', 'this', 'that',
    'and', 'or', 'but', 'then', 'so', 'because', 'ja', 'nee', 'yes', 'no', 'ok', 'oké', 'okay',
    // services and roles the user may have phoned or mentioned ("I called Veilig Thuis")
    'veilig', 'thuis', 'politie', 'police', 'ggd', 'jeugdzorg', 'kindertelefoon', 'wijkteam', 'huisarts',
    'cjg', 'raad', 'school', 'gemeente', 'zorg', 'ambulance', 'spoedeisende', 'seh', 'groep', 'klas', 'sociaal',
    'jeugd', 'jgz', 'leerplicht', 'kinderbescherming', 'team', 'intern', 'ib', 'ib-er', 'mentor',
    // family words often written capitalised
    'mama', 'papa', 'mam', 'pap', 'oma', 'opa', 'mum', 'mom', 'dad', 'daddy', 'mummy', 'mommy',
    'moeder', 'vader', 'mother', 'father', 'juf', 'meester', 'tante', 'oom', 'grandma', 'grandpa', 'granny',
    'nan', 'nana', 'aunt', 'auntie', 'uncle',
    // English services
    'childline', 'nspcc', 'social', 'children’s', "children's",
  ],
);

// ---------------------------------------------------------------------------------------------
// Names

/** Phrases after which a name follows. Matched case-insensitively; the name itself must be capitalised. */
const NAME_TRIGGER = new RegExp(
  String.raw`(?<![\p{L}])(?:` +
    [
      String.raw`heet|heten|heette|heetten|genaamd|noemt[ \t]+(?:zich|zichzelf)|noemen[ \t]+(?:hem|haar)`,
      String.raw`(?:voor|achter|roep|meisjes|bij)?naam(?:[ \t]+van[ \t]+(?:de|het|haar|zijn|mijn|hun)[ \t]+\p{L}+)?(?:[ \t]*:|[ \t]+(?:is|was|luidt))`,
      String.raw`(?:first[ \t]|last[ \t]|given[ \t]|family[ \t]|full[ \t]|sur|nick)?name(?:[ \t]*:|'s|’s|[ \t]+(?:is|was))`,
      String.raw`called|named|goes[ \t]+by`,
    ].join('|') +
    String.raw`)(?![\p{L}])`,
  'giu',
);
/** At the end of a naming phrase: a few filler words ("heet ze eigenlijk"), an optional quote, the name. */
const NAME_AFTER_TRIGGER = new RegExp(
  String.raw`(?:[ \t]+(?:ze|zij|hij|ook|eigenlijk|dus|trouwens|officieel)){0,2}?[ \t]*["“‘']?[ \t]*(${NAME})`,
  'yu',
);
/** A further name in a list: "heten Sam en Lisa", "named Tom, Anna and Bo". */
const NEXT_NAME = new RegExp(String.raw`(?:[ \t]*,[ \t]*|[ \t]+(?:en|and|&)[ \t]+)(${NAME})`, 'yu');

/** Dutch titles, case-insensitive: "mevrouw Jansen", "meneer de Vries", "dhr. Bakker", "mw. Yilmaz". */
const TITLE_NL = new RegExp(
  String.raw`(?<![\p{L}])(?:mevrouw|mevr\.?|mw\.?|meneer|mnr\.?|dhr\.?|de[ \t]+heer|mr\.|dr\.?|dokter|juffrouw|juf|meester|familie|fam\.|gezin)(?![\p{L}])`,
  'giu',
);
/** English titles, exact case only ("ms" would also be the illness MS, "miss" the verb). */
const TITLE_EN = /(?<![\p{L}])(?:Mrs|Mr|Ms|Mx|Miss)\.?(?![\p{L}])/gu;
const SURNAME_AFTER_TITLE = new RegExp(String.raw`[ \t]*(${SURNAME})`, 'yu');

const WORD = /\S+/gu;
const IS_INITIALS = /^(?:\p{Lu}\.)+$/u;
const TV_SET = new Set(TV_WORDS);

/**
 * The longest acceptable prefix of a captured name: stops at a word that is not a name
 * ("Anna Maandag" → "Anna") and drops dangling tussenvoegsels or initials. Returns its length, 0 if none.
 */
function nameLength(name: string): number {
  let end = 0;
  for (const w of name.matchAll(WORD)) {
    const word = w[0];
    if (TV_SET.has(word.toLowerCase()) || IS_INITIALS.test(word)) continue;
    if (NOT_A_NAME.has(word.toLowerCase())) break;
    end = (w.index ?? 0) + word.length;
  }
  return end;
}

/** Pushes the name captured by a sticky regex (group 1 at the end of the match); returns the end of the match or -1. */
function captureName(text: string, re: RegExp, at: number, spans: Span[], from?: number): number {
  re.lastIndex = at;
  const m = re.exec(text);
  const name = m?.[1];
  if (!m || name === undefined) return -1;
  const nameStart = m.index + m[0].length - name.length;
  const len = nameLength(name);
  if (len === 0) return -1;
  spans.push({ kind: 'naam', start: from ?? nameStart, end: nameStart + len });
  // A list continues only when the whole name was kept ("Anna, Maandag ..." stops at Maandag anyway).
  return len === name.length ? m.index + m[0].length : -1;
}

/** A lower-case name after a naming phrase: "het kind heet noor", "vader heet mehmet yilmaz". */
const LOWER_NAME_AFTER_TRIGGER = /[ \t]+["“‘']?(\p{Ll}[\p{L}\p{M}'’\-]*)/uy;

function findNames(text: string, spans: Span[]): void {
  for (const t of text.matchAll(NAME_TRIGGER)) {
    const after = (t.index ?? 0) + t[0].length;
    let end = captureName(text, NAME_AFTER_TRIGGER, after, spans);
    if (end < 0 && /^(?:heet|heten|heette|heetten|genaamd)$/iu.test(t[0])) {
      LOWER_NAME_AFTER_TRIGGER.lastIndex = after;
      const m = LOWER_NAME_AFTER_TRIGGER.exec(text);
      const word = m?.[1];
      if (m && word && isListedFirstName(word)) {
        const start = m.index + m[0].length - word.length;
        spans.push({ kind: 'naam', start, end: start + word.length });
      }
    }
    while (end >= 0) end = captureName(text, NEXT_NAME, end, spans);
  }
  for (const n of findListedNames(text)) spans.push({ kind: 'naam', start: n.start, end: n.end });
  for (const re of [TITLE_NL, TITLE_EN]) {
    for (const t of text.matchAll(re)) {
      const start = t.index ?? 0;
      captureName(text, SURNAME_AFTER_TITLE, start + t[0].length, spans, start);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// E-mail

const EMAIL = /(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu;

/** "[at]", "(at)", "{at}", " at ", " apenstaartje ", and "[dot]", "(punt)", " dot ", " punt " or a plain dot. */
const OBF_AT = String.raw`(?:[ \t]*[\[({][ \t]*(?:at|@|apenstaartje)[ \t]*[\])}][ \t]*|[ \t]+(?:at|apenstaartje)[ \t]+)`;
const OBF_DOT = String.raw`(?:[ \t]*[\[({][ \t]*(?:dot|punt|\.)[ \t]*[\])}][ \t]*|[ \t]+(?:dot|punt)[ \t]+|\.)`;
/** Top-level domains that follow an obfuscated address; a closed list keeps "at school dot ..." prose out. */
const TLD = '(?:nl|com|net|org|be|eu|de|fr|uk|info|io|me|tr|pl|ua|ma|live|online)';
const EMAIL_OBFUSCATED = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]+${OBF_AT}[\p{L}\p{N}\-]+(?:${OBF_DOT}[\p{L}\p{N}\-]+)*?${OBF_DOT}${TLD}(?![\p{L}\p{N}])`,
  'giu',
);

function findEmails(text: string, spans: Span[]): void {
  for (const re of [EMAIL, EMAIL_OBFUSCATED]) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      spans.push({ kind: 'email', start, end: start + m[0].length });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Social media

/**
 * A handle: "@sem_2015" (not the @ of an e-mail address), or a profile link on a known platform. Slack's own mention
 * syntax ("<@U123>") and broadcasts ("@channel", "@here", "@everyone") are not handles.
 */
const HANDLE =
  /(?<![\p{L}\p{N}._%+\-@<])@(?!(?:channel|here|everyone)(?![A-Za-z0-9_.]))[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\p{L}\p{N}@])/gu;
const PROFILE_LINK = /(?<![\p{L}\p{N}])(?:https?:\/\/)?(?:www\.|m\.|vm\.)?(?:instagram\.com|tiktok\.com|facebook\.com|fb\.com|snapchat\.com(?:\/add)?|x\.com|twitter\.com|youtube\.com|threads\.net|linkedin\.com\/in)\/@?[A-Za-z0-9_.\-]{2,}/giu;
const PLATFORM = String.raw`(?<![\p{L}])(?:snapchat|snap|instagram|insta|tiktok|facebook|twitter|discord|telegram|roblox|fortnite)`;
const PLATFORM_IS = String.raw`(?:[ \t]*:[ \t]*|[ \t]+(?:is|was|heet)[ \t]+)`;
/**
 * A user name after a platform word: "snapchat is lina_2013", "insta: mila.bakker" (a name with a digit, "_" or "."),
 * or any word after a label: "instagramnaam is milab", "TikTok-account: dylanbxl". "Zijn snapchat is weg" stays out.
 */
const PLATFORM_NAME = new RegExp(
  String.raw`${PLATFORM}(?:${PLATFORM_IS}([A-Za-z0-9_.\-]*[_.0-9][A-Za-z0-9_.\-]*[A-Za-z0-9_])|[ \t\-]*(?:naam|account|name|handle|id)${PLATFORM_IS}([A-Za-z0-9_.\-]{3,}[A-Za-z0-9_]))(?![\p{L}\p{N}])`,
  'giu',
);

function findSocialMedia(text: string, spans: Span[]): void {
  for (const re of [HANDLE, PROFILE_LINK]) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      spans.push({ kind: 'sociale-media', start, end: start + m[0].length - (m[0].endsWith('.') ? 1 : 0) });
    }
  }
  for (const m of text.matchAll(PLATFORM_NAME)) {
    const handle = m[1] ?? m[2] ?? '';
    const end = (m.index ?? 0) + m[0].length;
    spans.push({ kind: 'sociale-media', start: end - handle.length, end });
  }
}

// ---------------------------------------------------------------------------------------------
// Student and client numbers, when a label names them

const LABELLED_NUMBER = /(?<![\p{L}])(?:leerling(?:nummer|nr\.?|[ \t]*id)|leerling[ \t]+nummer|studentnummer|studentnr\.?|onderwijsnummer|pgn|persoonsgebonden[ \t]+nummer|cli[eë]ntnummer|cli[eë]ntnr\.?|student[ \t]+(?:number|id)|pupil[ \t]+number)(?:[ \t]*(?:is|was|:|#))*[ \t]*(\d[\d \-.]{2,14}\d)(?![\p{N}])/giu;

function findLabelledNumbers(text: string, spans: Span[]): void {
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

function findPhones(text: string, spans: Span[]): void {
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

function findBsns(text: string, spans: Span[]): void {
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

function findBirthDates(text: string, spans: Span[]): void {
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

function findAddresses(text: string, spans: Span[]): void {
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

// ---------------------------------------------------------------------------------------------

/**
 * Likely identifying data in `text`, in order of appearance: names after a naming phrase or a title,
 * BSNs passing the 11-proef, phone numbers (not 112, 0800-2000 or 0900-111 3 111), e-mail addresses,
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
