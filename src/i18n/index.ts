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
  // Texts without parameters are the same every time: translate them once.
  const plain = new Map<string, string>();
  return {
    missing,
    t(lang, key, params) {
      const simple = params === undefined || Object.keys(params).length === 0;
      const cacheKey = `${lang}\u0000${key}`;
      if (simple) {
        const hit = plain.get(cacheKey);
        if (hit !== undefined) return hit;
      }
      const before = missing.size;
      // The sourced phone numbers are always available as {{alarm}}, {{vt}}, {{vi}}.
      const out = fixed[lang](key, { ...CONTACT_PARAMS, ...params });
      if (options.strict && missing.size > before) throw new Error(`Missing translation ${lang}:${key}`);
      if (simple && missing.size === before) plain.set(cacheKey, String(out));
      return String(out);
    },
  };
}

/** Picks the user's language from a platform locale such as "en-US" or "nl-NL"; Dutch by default. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'nl';
}
