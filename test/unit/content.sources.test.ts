import { describe, expect, it } from '@jest/globals';
import { CONTACTS } from '../../src/domain/contacts.js';
import { ADULT_FORMS, ADULT_SIGNALS } from '../../src/domain/adult.js';
import { CONCERN_FORMS } from '../../src/domain/forms.js';
import { STAFF_ROUTES } from '../../src/domain/staffRoute.js';
import { SECTOR_DEFS } from '../../src/domain/sectors.js';
import { CONVERSATION_TIPS, tipsFor } from '../../src/domain/tips.js';
import { PROTECTIVE_FACTORS, RISK_FACTORS } from '../../src/domain/factors.js';
import { SECTORS } from '../../src/domain/types.js';
import { LINKS } from '../../src/domain/links.js';

const sourced = [
  ...CONCERN_FORMS,
  ...ADULT_FORMS,
  ...ADULT_SIGNALS,
  ...SECTOR_DEFS,
  ...CONVERSATION_TIPS,
  ...Object.values(CONTACTS),
  ...Object.values(STAFF_ROUTES),
  ...LINKS,
  // A sector's own stap-2 rule carries its own source (e.g. the KNMG 2023 rule for doctors).
  ...SECTOR_DEFS.flatMap((s) => (s.stap2Note ? [{ id: `${s.id}.stap2Note`, source: s.stap2Note.source }] : [])),
  ...RISK_FACTORS,
  ...PROTECTIVE_FACTORS,
];

describe('content traces to its sources', () => {
  it('gives every form, adult signal, sector (and its stap-2 rule), tip, contact, staff route and link a source in meldcode-facts with a public page', () => {
    for (const item of sourced) {
      expect([item.id, item.source]).toEqual([item.id, expect.stringMatching(/meldcode-facts (Part 2 )?§\d/)]);
      // A public page, or the seed document the fact sheet read it in (Check je Gesprek has no public page: Part 2 §6).
      expect([item.id, item.source]).toEqual([item.id, expect.stringMatching(/http|seed \d{3}_[0-9a-f]+\.txt/)]);
    }
  });

  it('has only the three sourced phone numbers, exactly as the facts give them', () => {
    expect(Object.values(CONTACTS).map((c) => c.phone).sort()).toEqual(['0800-2000', '0900-111 3 111', '112']);
  });

  it('covers every sector, and only the childcare and education sectors carry the statutory staff route', () => {
    expect(SECTOR_DEFS.map((s) => s.id)).toEqual([...SECTORS]);
    expect(SECTOR_DEFS.filter((s) => s.staffRouteByLaw).map((s) => s.id).sort()).toEqual(['kinderopvang', 'onderwijs']);
  });

  it('gives doctors (KNMG) their 2023 stap-2 rule: colleagues and Veilig Thuis, and record why not', () => {
    const artsen = SECTOR_DEFS.find((s) => s.id === 'artsen');
    expect(artsen?.stap2Note?.source).toContain('Part 2 §3');
    expect(artsen?.stap2Note?.nl).toMatch(/collega.*Veilig Thuis.*waarom/s);
    expect(artsen?.stap2Note?.en).toMatch(/colleagues.*Veilig Thuis.*record why/s);
    expect(SECTOR_DEFS.filter((s) => s.stap2Note).map((s) => s.id)).toEqual(['artsen']);
  });

  it('marks exactly honour-based violence, FGM and forced marriage as "expert first"', () => {
    expect(CONCERN_FORMS.filter((f) => f.expertFirst).map((f) => f.id).sort()).toEqual(['eergerelateerd-geweld', 'huwelijksdwang', 'vgv']);
  });

  it('gives newcomer families the interpreter tip, never a child as interpreter', () => {
    const none = tipsFor({ newcomer: false, sexual: false, expertFirst: false, age: '4-12' }).map((t) => t.id);
    const newcomer = tipsFor({ newcomer: true, sexual: false, expertFirst: false, age: '4-12' }).map((t) => t.id);
    expect(none).not.toContain('nieuwkomer-tolk');
    expect(newcomer).toContain('nieuwkomer-tolk');
    expect(CONVERSATION_TIPS.find((t) => t.id === 'nieuwkomer-tolk')?.text.nl).toContain('nooit een kind');
  });

  it('gives every conversation the three partnership conditions of Check je Gesprek, sourced from seed 001', () => {
    const ids = tipsFor({ newcomer: false, sexual: false, expertFirst: false, age: '0-4' }).filter((t) => t.when === 'partnership').map((t) => t.id);
    expect(ids).toEqual(['partnerschap-eerst-luisteren', 'partnerschap-veilige-plek', 'partnerschap-geen-oplossingen', 'partnerschap-samen']);
    for (const id of ids) expect(CONVERSATION_TIPS.find((t) => t.id === id)?.source).toContain('Part 2 §6');
    expect(tipsFor({ newcomer: false, sexual: false, expertFirst: false, adult: true }).some((t) => t.when === 'partnership')).toBe(true);
  });

  it('gives newcomer families the key-person and time tips, and takes their stress factors only from Part 2 §7', () => {
    const newcomer = tipsFor({ newcomer: true, sexual: false, expertFirst: false, age: '4-12' }).map((t) => t.id);
    expect(newcomer).toEqual(expect.arrayContaining(['nieuwkomer-tolk', 'nieuwkomer-systeem', 'nieuwkomer-sleutelpersonen', 'nieuwkomer-tijd']));
    for (const id of ['r-ouder-laag-opgeleid', 'r-ouder-trauma', 'r-leef-verblijfsstatus', 'r-leef-discriminatie']) {
      expect(RISK_FACTORS.find((f) => f.id === id)?.source).toMatch(/^meldcode-facts Part 2 §7; seed 000_/);
    }
  });

  it('puts safety tips first and leaves child-conversation tips out for babies and toddlers', () => {
    const tips = tipsFor({ newcomer: false, sexual: true, expertFirst: true, age: '0-4' }).map((t) => t.id);
    expect(tips.slice(0, 3)).toEqual(['expert-eerst', 'zeden-geen-gesprek-incident', 'zeden-geen-suggestieve-vragen']);
    expect(tips).not.toContain('kind-geen-geheim');
  });
});
