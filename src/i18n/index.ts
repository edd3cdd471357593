/**
 * i18next set-up. Every call names its language (`getFixedT`), so two users in different
 * languages never share state: there is no global `changeLanguage` anywhere.
 */
import { readFileSync } from 'node:fs';
import i18next, { type i18n, type TFunction } from 'i18next';
import { CONTACT_PARAMS } from '../domain/contacts.js';
import type { Lang } from '../domain/types.js';

type Resource = Record<string, unknown>;

function load(lang: Lang): Resource {
  return JSON.parse(readFileSync(new URL(`./locales/${lang}.json`, import.meta.url), 'utf8')) as Resource;
}

export const LOCALES: Readonly<Record<Lang, Resource>> = { nl: load('nl'), en: load('en') };

/** A translator: `t(lang, key, params)`. `missing` lists keys that were asked for but not found. */
export interface Translator {
  t(lang: Lang, key: string, params?: Record<string, unknown>): string;
  readonly missing: ReadonlySet<string>;
}

export interface TranslatorOptions {
  /** Throw on a missing key instead of showing the key (tests use this). */
  strict?: boolean;
}

export async function createTranslator(options: TranslatorOptions = {}): Promise<Translator> {
  const missing = new Set<string>();
  const instance: i18n = i18next.createInstance();
  await instance.init({
    resources: { nl: { ui: LOCALES.nl }, en: { ui: LOCALES.en } },
    lng: 'nl',
    fallbackLng: false,
    supportedLngs: ['nl', 'en'],
    ns: ['ui'],
    defaultNS: 'ui',
    // Renderers escape for their own target (Slack mrkdwn, card markdown); HTML entities would show literally.
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (lngs, _ns, key) => {
      missing.add(`${lngs.join(',')}:${key}`);
    },
  });
  const fixed: Record<Lang, TFunction> = { nl: instance.getFixedT('nl'), en: instance.getFixedT('en') };
  // The same key with the same parameters gives the same text: translate it once. Most calls
  // repeat (a question's text, "Stap 2 van 5 — Overleg"), and i18next's interpolation is the
  // larger part of a turn's own work. Only texts whose parameters are all of a few known kinds
  // are remembered, so nothing a user typed (say, what the privacy check found) is kept here.
  const done = new Map<string, string>();
  return {
    missing,
    t(lang, key, params) {
      const cacheKey = memoKey(lang, key, params);
      if (cacheKey !== undefined) {
        const hit = done.get(cacheKey);
        if (hit !== undefined) return hit;
      }
      const before = missing.size;
      // The sourced phone numbers are always available as {{alarm}}, {{vt}}, {{vi}}.
      const out = String(fixed[lang](key, { ...CONTACT_PARAMS, ...params }));
      if (options.strict && missing.size > before) throw new Error(`Missing translation ${lang}:${key}`);
      if (cacheKey !== undefined && missing.size === before) {
        if (done.size >= MEMO_ENTRIES) done.clear();
        done.set(cacheKey, out);
      }
      return out;
    },
  };
}

/** How many translated texts are remembered at most (then the memory starts afresh). */
const MEMO_ENTRIES = 2000;
/** Parameters that never carry what a user typed: positions, counts, our own titles, case references. */
const MEMO_PARAMS: ReadonlySet<string> = new Set(['step', 'total', 'title', 'count', 'max', 'ref']);
/** Longer parameter values are not remembered. */
const MEMO_PARAM_CHARS = 120;

/** The memo key of a call, or undefined when it is not to be remembered. */
function memoKey(lang: Lang, key: string, params: Record<string, unknown> | undefined): string | undefined {
  let k = `${lang}\u0000${key}`;
  if (params === undefined) return k;
  for (const name of Object.keys(params).sort()) {
    const v = params[name];
    if (!MEMO_PARAMS.has(name)) return undefined;
    if (typeof v === 'string') {
      if (v.length > MEMO_PARAM_CHARS) return undefined;
    } else if (typeof v !== 'number') return undefined;
    k += `\u0000${name}\u0001${typeof v}\u0001${v}`;
  }
  return k;
}

/** Picks the user's language from a platform locale such as "en-US" or "nl-NL"; Dutch by default. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'nl';
}
