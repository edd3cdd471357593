/**
 * The answer fields (each flow file's `…_FIELDS`, collected as FIELDS in dialogs/index.ts) are the one
 * description of every answer: these tests fail when a question's `field` has no entry, when a label or
 * an option's text is missing in a locale, or when the summary or the dossier would show a raw id or key.
 */
import { describe, expect, it } from '@jest/globals';
import { CASELESS_FIELDS, FIELD_BY_NAME, FIELDS, FLOWS, FREE_TEXT_FIELDS, NODES } from '../../dialogs/index.js';
import type { NodeEnv } from '../../dialogs/types.js';
import { buildDossier, dossierMarkdown } from '../../src/cases/dossier.js';
import type { CaseRecord, LogEntry } from '../../src/cases/types.js';
import { CONTACT_PARAMS } from '../../src/domain/contacts.js';
import { formById } from '../../src/domain/forms.js';
import { sectorById } from '../../src/domain/sectors.js';
import { signalText } from '../../src/domain/signals.js';
import { LANGS, type Lang } from '../../src/domain/types.js';
import { initialState } from '../../src/engine/engine.js';
import type { Ask } from '../../src/engine/flow.js';
import { fullSummary } from '../../src/engine/summary.js';
import type { Answers, CaseWork, Prompt } from '../../src/engine/types.js';
import { createTranslator, LOCALES } from '../../src/i18n/index.js';

function flatten(o: Record<string, unknown>, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(o).flatMap(([k, v]) =>
      v !== null && typeof v === 'object' ? Object.entries(flatten(v as Record<string, unknown>, `${prefix}${k}.`)) : [[`${prefix}${k}`, String(v)]],
    ),
  );
}
const KEYS: Record<Lang, Record<string, string>> = { nl: flatten(LOCALES.nl), en: flatten(LOCALES.en) };

/** Answers set by a transition rather than asked by a node of their own. */
const SET_BY_TRANSITIONS = ['disclosure', 'advies'];

/** Nodes that record an answer, with the field they record. */
const ANSWER_NODES = [...NODES.values()].filter((n): n is typeof n & { field: string } => typeof n.field === 'string');

/** Answers that make every node show its richest variant (all forms, an adult and a child). */
const RICH: Answers = {
  sector: 'kinderopvang', betreft: 'thuis', slachtoffer: 'beide', client: 'volwassene', leeftijd: '4-12',
  vormen: ['seksueel-misbruik', 'vgv', 'ouderproblemen', 'lichamelijke-mishandeling'], disclosure: true, advies: 'melden', besluit: 'melden',
};

function envOf(lang: Lang, t: (lang: Lang, key: string, p?: Record<string, unknown>) => string, a: Answers): NodeEnv {
  const work: CaseWork = { id: 'c', ref: 'MC-FIELDS', node: 'menu', history: [], answers: a, createdAt: '', updatedAt: '2026-11-22T10:00:00Z', urgent: true, step: 5, answered: [] };
  return { lang, t: (k, p) => t(lang, k, { ...CONTACT_PARAMS, ...p }), text: (l) => l[lang], a, work, state: { ...initialState(lang), cases: { c: work } }, now: '2026-11-22T10:00:00Z', timeZone: 'Europe/Amsterdam', socialMap: '' };
}

/** The values a node's question offers (a text question offers none). */
function offered(ask: Ask): string[] {
  if (ask.kind === 'choice' || ask.kind === 'multi') return ask.options.map((o) => o.value);
  if (ask.kind === 'yesno') return ['ja', 'nee'];
  return [];
}

/** One answer for every field: an offered value (all of them for a list), or words for a text. */
async function everyFieldSet(): Promise<Answers> {
  const tr = await createTranslator();
  const env = envOf('nl', tr.t, RICH);
  const a: Answers = { disclosure: true, advies: 'melden-samen-met-vt' };
  for (const node of ANSWER_NODES) {
    if (CASELESS_FIELDS.has(node.field)) continue;
    const ask = node.ask(env);
    const values = offered(ask);
    a[node.field] = ask.kind === 'multi' ? values : ask.kind === 'text' ? `vrije tekst van ${node.field}` : values[values.length - 1];
  }
  return a;
}

describe('the answer-field registry', () => {
  it('describes every answer a node records, with a summary section, a dossier section and a rendering', () => {
    const missing: string[] = [];
    for (const node of ANSWER_NODES) {
      if (node.section === 'stap0') {
        // Stap 0 runs without a case: its answers never reach a summary or a dossier as fields.
        if (!CASELESS_FIELDS.has(node.field)) missing.push(`${node.id}: ${node.field} (stap 0, not in CASELESS_FIELDS)`);
        continue;
      }
      const def = FIELD_BY_NAME.get(node.field);
      if (!def || !def.summary || !def.dossier || !def.render || !def.label) missing.push(`${node.id}: ${node.field}`);
    }
    expect(missing).toEqual([]);
  });

  it('lists only answers the flows record, each once, and hands them all to the engine', () => {
    const recorded = new Set([...ANSWER_NODES.map((n) => n.field), ...SET_BY_TRANSITIONS]);
    expect(FIELDS.map((d) => d.field).filter((f) => !recorded.has(f))).toEqual([]);
    expect(new Set(FIELDS.map((d) => d.field)).size).toBe(FIELDS.length);
    expect(FLOWS.fields).toBe(FIELDS);
  });

  it('has every label in both locales', () => {
    for (const lang of LANGS) {
      expect(FIELDS.map((d) => d.label).filter((key) => KEYS[lang][key] === undefined)).toEqual([]);
    }
  });

  it('has a text in both locales for every value a question offers', async () => {
    const tr = await createTranslator();
    const problems: string[] = [];
    for (const lang of LANGS) {
      const env = envOf(lang, tr.t, RICH);
      for (const node of ANSWER_NODES) {
        const def = FIELD_BY_NAME.get(node.field);
        if (!def) continue;
        const { render } = def;
        for (const v of offered(node.ask(env))) {
          const key =
            render.kind === 'option' ? (render.keys?.[v] ?? (render.prefix ? `${render.prefix}.${v}` : undefined)) : render.kind === 'options' ? `${render.prefix}.${v}` : undefined;
          const known =
            render.kind === 'option' || render.kind === 'options'
              ? key !== undefined && KEYS[lang][key] !== undefined
              : render.kind === 'yesno'
                ? ['ja', 'nee', 'later'].includes(v)
                : render.kind === 'signals'
                  ? signalText(v) !== undefined
                  : render.kind === 'forms'
                    ? formById(v) !== undefined
                    : render.kind === 'sector'
                      ? sectorById(v) !== undefined
                      : false;
          if (!known) problems.push(`${lang}: ${node.id} offers "${v}", shown as ${render.kind}${key ? ` ${key}` : ''}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('counts as free text exactly the answers typed into a text question', async () => {
    const tr = await createTranslator();
    const env = envOf('nl', tr.t, RICH);
    const typed = ANSWER_NODES.filter((n) => n.ask(env).kind === 'text').map((n) => n.field);
    expect([...FREE_TEXT_FIELDS].sort()).toEqual([...new Set(typed)].sort());
  });
});

/** What a value should read as, worked out from the locale files and the content lists directly. */
function expectedText(field: string, v: unknown, lang: Lang): string | undefined {
  const def = FIELD_BY_NAME.get(field);
  if (!def) return undefined;
  const r = def.render;
  const one = (id: string): string | undefined => {
    switch (r.kind) {
      case 'option':
        return KEYS[lang][r.keys?.[id] ?? `${r.prefix}.${id}`];
      case 'options':
        return KEYS[lang][`${r.prefix}.${id}`];
      case 'yesno':
        return KEYS[lang][{ ja: 'common.yes', nee: 'common.no', later: 'afw.q5.opt.later' }[id] ?? ''];
      case 'signals':
        return signalText(id)?.[lang];
      case 'forms':
        return formById(id)?.text[lang];
      case 'sector':
        return sectorById(id)?.text[lang];
      default:
        return id;
    }
  };
  if (r.kind === 'flag') return v === true ? KEYS[lang]['common.yes'] : undefined;
  if (r.kind === 'text') return typeof v === 'string' ? v : undefined;
  if (Array.isArray(v)) return v.map((id) => one(String(id))).join(', ') || KEYS[lang]['common.none'];
  return typeof v === 'string' ? one(v) : undefined;
}

/** Anything that looks like a locale key ("s3.met.opt.ouders") or a field name followed by a colon. */
const RAW_KEY = /\b[a-z][\w-]+(\.[\w-]{2,})+\b/;

describe('a case with every field answered', () => {
  it('shows every field in the summary by its label and value, never a raw id or key (nl and en)', async () => {
    const a = await everyFieldSet();
    const tr = await createTranslator({ strict: true });
    for (const lang of LANGS) {
      const work: CaseWork = { id: 'c', ref: 'MC-FIELDS', node: 'menu', history: [], answers: a, createdAt: '', updatedAt: '', urgent: true, step: 5, answered: [] };
      const summary = fullSummary(work, 'melden', (k, p) => tr.t(lang, k, p), (l) => l[lang], FLOWS.fields) as Extract<Prompt, { kind: 'summary' }>;
      const items = summary.sections.flatMap((s) => s.items);
      const labels = new Set(items.map((i) => i.label));
      expect(FIELDS.filter((d) => !labels.has(tr.t(lang, d.label))).map((d) => d.field)).toEqual([]);
      for (const item of items) {
        expect([item.label, RAW_KEY.test(item.value) && !item.value.startsWith('vrije tekst')]).toEqual([item.label, false]);
        expect([item.label, RAW_KEY.test(item.label)]).toEqual([item.label, false]);
      }
      // A choice is shown by its text, never by the id it was stored as.
      for (const d of FIELDS) {
        const section = summary.sections.find((x) => x.heading === tr.t(lang, `summary.${d.summary}`));
        const shown = section?.items.find((i) => i.label === tr.t(lang, d.label))?.value;
        expect([d.field, shown]).toEqual([d.field, expectedText(d.field, a[d.field], lang)]);
      }
    }
    expect(tr.missing.size).toBe(0);
  });

  it('shows every field in the dossier by its label and value, never a raw id or key (nl and en)', async () => {
    const a = await everyFieldSet();
    const tr = await createTranslator({ strict: true });
    const log: LogEntry[] = Object.entries(a).map(([field, value], i) => ({
      id: `e${i}`,
      at: `2026-11-22T10:${String(i).padStart(2, '0')}:00Z`,
      actor: 'web:owner',
      type: 'answer',
      data: { field, value },
    })) as LogEntry[];
    const record = {
      meta: { id: 'c', ref: 'MC-FIELDS', owner: 'web:owner', route: 'meldcode', sector: 'kinderopvang', step: 5, status: 'besluit', urgency: 'urgent', outcome: 'melden', createdAt: '2026-11-22T09:00:00Z', updatedAt: '2026-11-22T11:00:00Z' },
      log,
    } as CaseRecord;
    for (const lang of LANGS) {
      const md = dossierMarkdown(buildDossier(record, { lang, role: 'aandachtsfunctionaris', requesterId: 'web:lead', generatedAt: '2026-11-24T12:00:00Z' }, tr.t));
      const lines = md.split('\n').filter((l) => l.startsWith('- '));
      for (const d of FIELDS) {
        const label = tr.t(lang, d.label).replace(/[\\`*_[\]<>#|~&]/g, '\\$&');
        const line = lines.find((l) => l.includes(` · ${label}: `));
        expect([d.field, line !== undefined]).toEqual([d.field, true]);
        if (d.render.kind === 'text' || !line) continue;
        const shown = line.slice(line.indexOf(`${label}: `) + label.length + 2);
        expect([d.field, RAW_KEY.test(shown)]).toEqual([d.field, false]);
        expect([d.field, shown]).toEqual([d.field, expectedText(d.field, a[d.field], lang)?.replace(/[\\`*_[\]<>#|~&]/g, '\\$&')]);
      }
      // An answer without an entry would be printed by its field name.
      for (const name of Object.keys(a)) expect([name, md.includes(` · ${name}: `)]).toEqual([name, false]);
      expect(md).not.toMatch(/\b(dossier|answer|summary)\.[\w.-]+/);
    }
  });
});
