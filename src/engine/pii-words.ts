/**
 * PII finders over words: names (after a naming phrase, a title, or from the first-name list),
 * e-mail addresses (also obfuscated) and social-media handles. Used by findPii() in pii.ts.
 */
import { findListedNames, isListedFirstName } from './pii-names.js';
import type { Span } from './pii-span.js';

// ---------------------------------------------------------------------------------------------
// Building blocks (all used with the `u` flag)

/** A capitalised name word: "Fatima", "Özlem", "Çelik", "O'Brien", "Jean-Pierre", "McDonald". */
const CAP = String.raw`\p{Lu}(?:[\p{L}\p{M}]|['’\-](?=\p{L}))*`;
/** Tussenvoegsels and similar lower-case name particles. */
const TV_WORDS = ['van', 'von', 'de', 'der', 'den', 'ter', 'ten', 'te', "'t", '’t', 'el', 'al', 'bin', 'ben', 'da', 'dos', 'du', 'la', 'le'];
export const TV = `(?:${TV_WORDS.join('|')})`;
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

export function findNames(text: string, spans: Span[]): void {
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

export function findEmails(text: string, spans: Span[]): void {
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

export function findSocialMedia(text: string, spans: Span[]): void {
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

