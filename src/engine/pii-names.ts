/**
 * Names in free text without a naming phrase: "Mohammed zei dat ...", "Vader (Youssef) sloeg hem", "Lisa en Sem",
 * "Roos (4)", "oma Riet", "Sanne de Vries uit groep 3". Part of findPii() (pii.ts); pure and fast: one pass over the
 * words, a Set lookup per word.
 *
 * The lists are those of src/domain/first-names.ts. A first name that is not also a word is a name anywhere when
 * capitalised, also at the start of a sentence, and in lower case too unless it is also an English word. Names that
 * are also ordinary Dutch words ("Roos", "Hoop", "Ben") and family names only the dictionary knows count in a naming
 * context: capitalised in the middle of a sentence (where Dutch does not capitalise ordinary words), after a role word
 * ("oma Riet"), next to an age or class ("Roos (4)", "Bo uit groep 2"), alone in brackets, or in a list with another
 * name. A capitalised word in no list counts after a role word or next to an age or class. A name then takes the family
 * name after it ("Sanne de Vries", "Khaled Al-Hassan").
 */
import { DICTIONARY_NAMES, FIRST_NAMES, FIRST_NAMES_ALSO_ENGLISH, FIRST_NAMES_ALSO_WORDS } from '../domain/first-names.js';

export interface NameSpan {
  start: number;
  end: number;
}

const set = (text: string): Set<string> => new Set(text.split(/\s+/).filter(Boolean));

/** Not also a word: a name in any case. */
const STRONG = set(FIRST_NAMES);
/** Also an English word: a name only when capitalised. */
const CAPITALISED_ONLY = set(FIRST_NAMES_ALSO_ENGLISH);
/** Also a Dutch word, or a family name only the dictionary knows: a name only in a naming context. */
const AMBIGUOUS = set(`${FIRST_NAMES_ALSO_WORDS} ${DICTIONARY_NAMES}`);

/** Months and days are capitalised by many writers; they are a name only next to an age or in a list of names. */
const CALENDAR = set(
  'januari februari maart april mei juni juli augustus september oktober november december maandag dinsdag ' +
    'woensdag donderdag vrijdag zaterdag zondag january february march may june july august october ' +
    'monday tuesday wednesday thursday friday saturday sunday',
);

/** Words for a person that a name may follow: "vader Ahmed", "oma Riet", "mijn leerling Ravi", "juf Anneke". */
const ROLE = set(
  'vader moeder papa mama pappa mamma pap mam oma opa tante oom broer broertje zus zusje zuster neef neefje nicht ' +
    'nichtje stiefvader stiefmoeder stiefbroer stiefzus halfbroer halfzus pleegvader pleegmoeder pleegkind pleegzoon ' +
    'pleegdochter grootvader grootmoeder buurman buurvrouw buurjongen buurmeisje zoon zoontje dochter dochtertje ' +
    'leerling leerlinge kind kindje jongen jongetje meisje baby peuter kleuter tweeling vriend vriendje vriendin ' +
    'vriendinnetje klasgenoot klasgenote juf juffrouw meester partner ex collega ' +
    'father mother dad mum mom brother sister uncle aunt grandma grandpa granny son daughter boy girl pupil',
);

/**
 * Capitalised words that are not a name even after a role word or next to an age: organisations, holidays, places
 * of work and words that start a sentence.
 */
const NOT_A_NAME = set(
  'veilig thuis politie ggd jgz cjg wijkteam huisarts jeugdzorg jeugdbescherming kinderbescherming raad school ' +
    'gemeente sinterklaas sint kerst kerstmis pasen pinksteren ramadan suikerfeest offerfeest koningsdag carnaval ' +
    'nederland nederlands engels arabisch turks pools oekraïens tigrinya somalisch syrië marokko turkije eritrea ' +
    'groep klas mentor intern begeleider ib ib-er directeur leerkracht zorgteam bso kdv opvang ' +
    'de het een en of maar ook toen dus want omdat die dat deze dit er hij zij ze ik jij je u we wij zijn haar hun ' +
    'is was heeft had komt kwam zegt zei vertelde the a an and he she it they his her i you we ' +
    'mevrouw mevr mw meneer mnr dhr heer dr dokter familie fam mr mrs ms miss ' +
    'albert heijn jumbo action lidl aldi hema kruidvat zara primark postnl ' +
    'microsoft entra google apple teams slack whatsapp instagram tiktok facebook snapchat youtube signal telegram ' +
    'zoom outlook gmail hotmail windows android iphone',
);

/** Organisations and shops whose words would otherwise read as a name ("Albert Heijn"). */
const NOT_A_NAME_PHRASE =
  /(?<![\p{L}])(?:Albert[ \t]+Heijn|Veilig[ \t]+Thuis|Leger[ \t]+des[ \t]+Heils|Sint[ \t]+Maarten|Sint[ \t]+Nicolaas)(?![\p{L}])/giu;

const PARTICLES = set("van von de der den ter ten te 't ’t el al bin ben da dos du la le abu ibn");
const ARTICLES = set("de het een 't ’t the a an");

const LIST_LINK = /^(?:[ \t]*,[ \t]*|[ \t]+(?:en|and|&)[ \t]+)$/u;
const SPACES = /^[ \t]+$/u;
const TOKEN = /[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*/gu;
const POSSESSIVE = /['’]s$/u;
const UPPER = /^\p{Lu}/u;
const ACRONYM = /^\p{Lu}[\p{Lu}\p{N}]+$/u;
/** What ends a sentence, so that the next word may be capitalised without being a name. */
const SENTENCE_BREAK = /[.!?:;"“”«»\n]|['‘’](?=\s*$)|^\s*['‘’]/u;
/** After a word: an age or class that marks it as a person: "(7)", "(7 jaar)", "(groep 4)", "uit groep 3", "uit 3B", ", 5 jaar". */
const CLASS = String.raw`(?:groep[ \t]*\d{1,2}\p{L}?|klas[ \t]*\d\p{L}?)`;
const AGE_OR_CLASS = new RegExp(
  String.raw`^(?:` +
    [
      String.raw`[ \t]*\([ \t]*(?:\d{1,2}(?:[ \t]*(?:jaar|jr\.?|j\.?|maanden|mnd))?|${CLASS}|\d\p{Lu})[ \t]*\)`,
      String.raw`[ \t]+(?:uit|van|in|zit[ \t]+in)[ \t]+(?:${CLASS}|\d[A-Za-z](?![\p{L}]))`,
      String.raw`[ \t]*,[ \t]*\d{1,2}[ \t]*(?:jaar|jr)`,
    ].join('|') +
    ')',
  'u',
);

interface Token {
  text: string;
  /** lower case, without a possessive 's */
  key: string;
  start: number;
  end: number;
  cap: boolean;
  /** first word of a sentence (or of the text, or after a colon or quote) */
  initial: boolean;
}

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let prevEnd = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index ?? 0;
    const raw = m[0];
    const between = text.slice(prevEnd, start);
    const initial = tokens.length === 0 || SENTENCE_BREAK.test(between);
    tokens.push({
      text: raw,
      key: raw.toLowerCase().replace(POSSESSIVE, ''),
      start,
      end: start + raw.length,
      cap: UPPER.test(raw) && !ACRONYM.test(raw),
      initial,
    });
    prevEnd = start + raw.length;
  }
  return tokens;
}

type Strength = 'strong' | 'capitalised' | 'ambiguous' | 'none';

function strengthOf(key: string): Strength {
  if (STRONG.has(key)) return 'strong';
  if (CAPITALISED_ONLY.has(key)) return 'capitalised';
  if (AMBIGUOUS.has(key)) return 'ambiguous';
  // "Anna-Sophie", "Pieter-Jan", "Al-Hassan": a name when one part is and the rest are capitalised
  if (key.includes('-')) {
    const parts = key.split('-');
    if (parts.some((p) => STRONG.has(p) || CAPITALISED_ONLY.has(p))) return 'strong';
  }
  return 'none';
}

/** Whether a lower-case word is in one of the name lists (for a word right after "heet" or "genaamd"). */
export function isListedFirstName(word: string): boolean {
  const key = word.toLowerCase();
  return !NOT_A_NAME.has(key) && !CALENDAR.has(key) && strengthOf(key) !== 'none';
}

/** Is this token, judged by itself and its neighbours, a person's name? */
function isName(tokens: Token[], i: number, text: string, blocked: (t: Token) => boolean): boolean {
  const t = tokens[i]!;
  if (blocked(t) || NOT_A_NAME.has(t.key)) return false;
  const strength = strengthOf(t.key);
  const prev = tokens[i - 1];
  const gapBefore = prev ? text.slice(prev.end, t.start) : '';
  // "de Zara", "het Suikerfeest": a first name takes no article (a family name's particle is handled by the caller)
  if (prev && ARTICLES.has(prev.key) && SPACES.test(gapBefore) && !t.initial) return false;
  const afterRole = prev !== undefined && ROLE.has(prev.key) && /^[ \t]*[,(]?[ \t]*$/.test(gapBefore);
  const marked = AGE_OR_CLASS.test(text.slice(t.end, t.end + 24));
  const inBrackets = /\([ \t]*$/.test(gapBefore) && /^[ \t]*\)/.test(text.slice(t.end, t.end + 4));

  if (!t.cap) {
    if (strength === 'strong') return !CALENDAR.has(t.key) && (t.key.length >= 4 || afterRole || marked);
    return false;
  }
  if (CALENDAR.has(t.key)) return marked;
  switch (strength) {
    case 'strong':
    case 'capitalised':
      return true;
    case 'ambiguous':
      return !t.initial || afterRole || marked || inBrackets;
    default:
      return afterRole || marked;
  }
}

/** Spans of names in `text`: a first name with the family name after it, or a name after a role word. */
export function findListedNames(text: string): NameSpan[] {
  const tokens = tokenise(text);
  const notNames: Array<[number, number]> = [];
  for (const m of text.matchAll(NOT_A_NAME_PHRASE)) notNames.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  const blocked = (t: Token): boolean => notNames.some(([s, e]) => t.start < e && s < t.end);

  const named = tokens.map((_, i) => isName(tokens, i, text, blocked));
  // A list continues a name: "Lisa en Roos", "Semhar, Filmon en Yonas" (capitalised words only, not at a sentence
  // start). Two passes let a list grow from a name at either end.
  const link = (a: Token, b: Token): boolean => LIST_LINK.test(text.slice(a.end, b.start));
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < tokens.length; i++) {
      if (named[i]) continue;
      const t = tokens[i]!;
      if (!t.cap || t.initial || blocked(t) || NOT_A_NAME.has(t.key) || CALENDAR.has(t.key) || ROLE.has(t.key)) continue;
      const prev = tokens[i - 1];
      const next = tokens[i + 1];
      if ((prev && named[i - 1] && link(prev, t)) || (next && named[i + 1] && link(t, next))) named[i] = true;
    }
  }

  const spans: NameSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!named[i]) continue;
    const first = tokens[i]!;
    let end = first.end;
    // The family name: particles, then capitalised words ("de Vries", "van der Meer", "El Amrani", "Bouzid").
    let j = i + 1;
    while (j < tokens.length) {
      const spaced = (k: number): boolean => SPACES.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start));
      let k = j;
      while (k < tokens.length && PARTICLES.has(tokens[k]!.key) && !tokens[k]!.cap && spaced(k)) k++;
      const w = tokens[k];
      if (!w || !spaced(k)) break;
      const familyName = (w.cap || (!first.cap && strengthOf(w.key) === 'none' && k > j)) && !w.initial;
      if (!familyName || NOT_A_NAME.has(w.key) || CALENDAR.has(w.key) || ROLE.has(w.key) || blocked(w)) break;
      end = w.end;
      named[k] = false;
      j = k + 1;
    }
    spans.push({ start: first.start, end: first.text.match(POSSESSIVE) && end === first.end ? first.end - 2 : end });
  }
  return spans;
}
