import { describe, expect, it } from '@jest/globals';
import { FLOWS, NODES } from '../../dialogs/index.js';
import type { NodeEnv } from '../../dialogs/types.js';
import { CONTACT_PARAMS } from '../../src/domain/contacts.js';
import { LANGS, type Lang } from '../../src/domain/types.js';
import { initialState } from '../../src/engine/engine.js';
import { fullSummary } from '../../src/engine/summary.js';
import type { Answers, CaseWork } from '../../src/engine/types.js';
import { createTranslator, langFromLocale, LOCALES } from '../../src/i18n/index.js';

function flatten(o: Record<string, unknown>, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(o).flatMap(([k, v]) =>
      v !== null && typeof v === 'object' ? Object.entries(flatten(v as Record<string, unknown>, `${prefix}${k}.`)) : [[`${prefix}${k}`, String(v)]],
    ),
  );
}
const nl = flatten(LOCALES.nl);
const en = flatten(LOCALES.en);
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

/** Answers that make every node show its richest variant. */
const RICH: Answers[] = [
  {
    sector: 'kinderopvang', betreft: 'thuis', client: 'volwassene', leeftijd: '0-4', vormen: ['seksueel-misbruik', 'vgv', 'ouderproblemen'],
    signalen: ['s04-blauwe-plekken'], feiten: 'f', bron: ['eigen', 'kind', 'derden'], interpretatie: 'i', disclosure: true,
    kcKinderen: 'onbekend', kcNavragen: 'onduidelijk', kcWaar: 'w', kcVeilig: 'zorgen', overlegMet: ['af', 'vt'], overlegWanneer: 'x', overlegUitkomst: 'y',
    nieuwkomer: 'ja', overslaanReden: 'politie', overslaanToelichting: 'z', gesprekMet: ['ouders'], gesprekReactie: 'r',
    afweging1: 'ja', afweging2: 'nee', afweging3: 'ja', afweging4: 'ja', afweging5: 'later', advies: 'hulp-volgen', besluit: 'melden-hulp',
    besluitToelichting: 't', ouderInformeren: 'nee', nietInformerenReden: 'n', 's0.ouder': ['r-ouder-psychiatrisch'], 's0.bescherm': [],
  },
  { sector: 'zorg', client: 'kind', leeftijd: '12-18', advies: 'afsluiten', betreft: 'medewerker' },
  { sector: 'onderwijs', advies: 'melden-samen-met-vt' },
  { advies: 'melden' },
  { advies: 'hulp' },
  { advies: 'opnieuw-melden' },
];

describe('translations', () => {
  it('has exactly the same keys in Dutch and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  });

  it('uses the same placeholders in both languages for every key', () => {
    for (const key of Object.keys(nl)) expect([key, placeholders(en[key] ?? '')]).toEqual([key, placeholders(nl[key] ?? '')]);
  });

  it('never hard-codes a phone number in a text: numbers come from the sourced contacts', () => {
    const numbers = Object.values(CONTACT_PARAMS);
    for (const [key, value] of [...Object.entries(nl), ...Object.entries(en)]) {
      for (const n of numbers) expect([key, value.includes(n)]).toEqual([key, false]);
    }
  });

  it('has no empty text', () => {
    for (const [key, value] of [...Object.entries(nl), ...Object.entries(en)]) expect([key, value.trim().length > 0]).toEqual([key, true]);
  });

  it('renders every dialogue node and the summary in both languages without a missing key', async () => {
    const tr = await createTranslator({ strict: true });
    for (const lang of LANGS) {
      for (const a of RICH) {
        const work: CaseWork = { id: 'c', ref: 'MC-X', node: 'menu', history: [], answers: a, createdAt: '', updatedAt: '2026-11-22T10:00:00Z', urgent: true, step: 5, answered: [] };
        const state = { ...initialState(lang), cases: { c: work } };
        const env: NodeEnv = { lang, t: (k, p) => tr.t(lang, k, { ...CONTACT_PARAMS, ...p }), text: (l) => l[lang], a, work, state, now: '2026-11-22T10:00:00Z', timeZone: 'Europe/Amsterdam', socialMap: '• Buurtteam Noord · 020-0000000' };
        for (const node of NODES.values()) {
          expect(() => {
            node.intro?.(env);
            node.ask(env);
          }).not.toThrow();
        }
        for (const outcome of ['melden', 'hulp', 'melden-hulp', 'afsluiten', 'kindcheck-geen-zorg', 'medewerker-route']) {
          expect(() => fullSummary(work, outcome, env.t, env.text, FLOWS.fields)).not.toThrow();
        }
      }
    }
    expect(tr.missing.size).toBe(0);
  });

  it('reports a key that does not exist instead of showing it silently', async () => {
    const tr = await createTranslator({ strict: true });
    expect(() => tr.t('nl', 'does.not.exist')).toThrow('Missing translation nl:does.not.exist');
    const lenient = await createTranslator();
    lenient.t('en', 'does.not.exist');
    expect(lenient.missing.has('en:does.not.exist')).toBe(true);
  });

  it('keeps languages apart per call, without a shared current language', async () => {
    const tr = await createTranslator({ strict: true });
    const results = await Promise.all((['nl', 'en', 'nl', 'en'] as Lang[]).map(async (l) => tr.t(l, 'menu.question')));
    expect(results).toEqual(['Waarmee kan ik je helpen?', 'How can I help you?', 'Waarmee kan ik je helpen?', 'How can I help you?']);
  });

  it('gives the right text for every set of parameters when the same key is asked again and again', async () => {
    const tr = await createTranslator({ strict: true });
    const ask = () => [1, 2, 3, 2, 1].map((step) => tr.t('nl', 'position.step', { step, total: 5, title: step === 2 ? 'Overleg' : 'Signalen' }));
    const expected = ['Stap 1 van 5 — Signalen', 'Stap 2 van 5 — Overleg', 'Stap 3 van 5 — Signalen', 'Stap 2 van 5 — Overleg', 'Stap 1 van 5 — Signalen'];
    expect(ask()).toEqual(expected);
    expect(ask()).toEqual(expected);
    // The same number as a string is another value, and other languages stay apart.
    expect(tr.t('en', 'position.step', { step: '2', total: 5, title: 'x' })).toBe('Step 2 of 5 — x');
    // Texts that quote what someone typed are translated each time, with what was typed this time.
    expect(tr.t('nl', 'pii.found', { kinds: 'een naam', matches: 'Jan' })).toContain('een naam: Jan');
    expect(tr.t('nl', 'pii.found', { kinds: 'een naam', matches: 'Piet' })).toContain('een naam: Piet');
  });

  it('picks English only for English locales and Dutch otherwise', () => {
    expect(langFromLocale('en-US')).toBe('en');
    expect(langFromLocale('nl-NL')).toBe('nl');
    expect(langFromLocale('de-DE')).toBe('nl');
    expect(langFromLocale(undefined)).toBe('nl');
  });
});
