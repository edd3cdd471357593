import { describe, expect, it } from '@jest/globals';
import { ADULT_SIGNALS } from '../../src/domain/adult.js';
import { SIGNALS } from '../../src/domain/signals.js';
import { PROTECTIVE_FACTORS, RISK_FACTORS } from '../../src/domain/factors.js';
import { KINDCHECK_PARENT_PROBLEMS, KINDCHECK_QUESTIONS } from '../../src/domain/kindcheck.js';
import { AGE_GROUPS, LANGS } from '../../src/domain/types.js';
import type { ConcernFormId, Localized, ProtectiveGroup, RiskGroup } from '../../src/domain/types.js';

interface Item {
  id: string;
  source: string;
  text: Localized;
}

const MAX_TEXT = 70;

const CATALOGUES: ReadonlyArray<[string, readonly Item[]]> = [
  ['SIGNALS', SIGNALS],
  ['ADULT_SIGNALS', ADULT_SIGNALS],
  ['RISK_FACTORS', RISK_FACTORS],
  ['PROTECTIVE_FACTORS', PROTECTIVE_FACTORS],
  ['KINDCHECK_QUESTIONS', KINDCHECK_QUESTIONS],
  ['KINDCHECK_PARENT_PROBLEMS', KINDCHECK_PARENT_PROBLEMS],
];

const FORMS: readonly Exclude<ConcernFormId, 'onbekend'>[] = [
  'lichamelijke-mishandeling',
  'emotionele-mishandeling',
  'lichamelijke-verwaarlozing',
  'emotionele-verwaarlozing',
  'seksueel-misbruik',
  'getuige-huiselijk-geweld',
  'eergerelateerd-geweld',
  'vgv',
  'huwelijksdwang',
  'ouderproblemen',
];

describe.each(CATALOGUES)('%s', (_name, items) => {
  it('is not empty', () => {
    expect(items.length).toBeGreaterThan(0);
  });

  it('has unique, kebab-case ids', () => {
    const ids = items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has non-empty nl and en texts of at most 70 characters', () => {
    for (const item of items) {
      for (const lang of LANGS) {
        const text = item.text[lang];
        expect(typeof text).toBe('string');
        expect(text.trim().length).toBeGreaterThan(0);
        if (text.length > MAX_TEXT) throw new Error(`${item.id} (${lang}) is ${text.length} chars: ${text}`);
      }
    }
  });

  it('has no unconfirmed markers or phone-number-like digit runs in its texts', () => {
    for (const item of items) {
      for (const lang of LANGS) {
        const text = item.text[lang];
        expect(text).not.toContain('[UNCONFIRMED');
        expect(text).not.toMatch(/\d{3,}/);
      }
    }
  });

  it('traces every item to a section of meldcode-facts and a public page', () => {
    for (const item of items) {
      expect(item.source).toMatch(/meldcode-facts (Part 2 )?§/);
      expect(item.source).toContain('http');
    }
  });
});

describe('SIGNALS', () => {
  const isGeneral = (s: (typeof SIGNALS)[number]) => s.forms === 'any';

  it('uses known ages and forms, never "onbekend" as a form', () => {
    for (const s of SIGNALS) {
      expect(s.ages.length).toBeGreaterThan(0);
      for (const a of s.ages) expect(AGE_GROUPS).toContain(a);
      if (s.forms !== 'any') {
        expect(s.forms.length).toBeGreaterThan(0);
        for (const f of s.forms) expect(FORMS).toContain(f);
      }
    }
  });

  it.each(AGE_GROUPS)('has 6–10 general signals for age %s', (age) => {
    const n = SIGNALS.filter((s) => isGeneral(s) && s.ages.includes(age)).length;
    expect(n).toBeGreaterThanOrEqual(6);
    expect(n).toBeLessThanOrEqual(10);
  });

  it('keeps general + specific at most 16 for every (age, form) pair', () => {
    for (const age of AGE_GROUPS) {
      const general = SIGNALS.filter((s) => isGeneral(s) && s.ages.includes(age)).length;
      for (const form of FORMS) {
        const specific = SIGNALS.filter(
          (s) => s.forms !== 'any' && s.ages.includes(age) && s.forms.includes(form),
        ).length;
        if (general + specific > 16) throw new Error(`${age} / ${form}: ${general} + ${specific} > 16`);
      }
    }
  });

  it('has no VGV, honour-based violence or forced-marriage signals for 0-4', () => {
    const young = SIGNALS.filter(
      (s) =>
        s.ages.includes('0-4') &&
        s.forms !== 'any' &&
        s.forms.some((f) => f === 'vgv' || f === 'eergerelateerd-geweld' || f === 'huwelijksdwang'),
    );
    expect(young).toEqual([]);
  });
});

describe('RISK_FACTORS and PROTECTIVE_FACTORS', () => {
  it.each<RiskGroup>(['ouder', 'kind', 'gezin', 'leefomstandigheden'])('risk group %s has ≥ 6 factors', (g) => {
    expect(RISK_FACTORS.filter((f) => f.group === g).length).toBeGreaterThanOrEqual(6);
  });

  it.each<ProtectiveGroup>(['kind', 'ouder', 'omgeving'])('protective group %s has ≥ 4 factors', (g) => {
    expect(PROTECTIVE_FACTORS.filter((f) => f.group === g).length).toBeGreaterThanOrEqual(4);
  });

  it('marks only the §6a key factors as weighty', () => {
    const weighty = RISK_FACTORS.filter((f) => f.weighty === true).map((f) => f.id);
    expect(weighty.length).toBeGreaterThanOrEqual(3);
    expect(weighty.length).toBeLessThanOrEqual(5);
    expect([...weighty].sort()).toEqual(
      ['r-gezin-partnergeweld', 'r-ouder-lvb', 'r-ouder-psychiatrisch', 'r-ouder-verslaving'].sort(),
    );
  });

  it('uses the id prefix of its group', () => {
    const riskPrefix: Record<RiskGroup, string> = {
      ouder: 'r-ouder-',
      kind: 'r-kind-',
      gezin: 'r-gezin-',
      leefomstandigheden: 'r-leef-',
    };
    const protPrefix: Record<ProtectiveGroup, string> = { kind: 'b-kind-', ouder: 'b-ouder-', omgeving: 'b-omg-' };
    for (const f of RISK_FACTORS) expect(f.id.startsWith(riskPrefix[f.group])).toBe(true);
    for (const f of PROTECTIVE_FACTORS) expect(f.id.startsWith(protPrefix[f.group])).toBe(true);
  });
});

describe('KINDCHECK', () => {
  it('has 6–9 example questions, phrased as questions', () => {
    expect(KINDCHECK_QUESTIONS.length).toBeGreaterThanOrEqual(6);
    expect(KINDCHECK_QUESTIONS.length).toBeLessThanOrEqual(9);
    for (const q of KINDCHECK_QUESTIONS) {
      expect(q.text.nl.trim().endsWith('?')).toBe(true);
      expect(q.text.en.trim().endsWith('?')).toBe(true);
    }
  });

  it('has 4 parent problems', () => {
    expect(KINDCHECK_PARENT_PROBLEMS).toHaveLength(4);
  });
});
