import { describe, expect, it } from '@jest/globals';
import { CONTACTS } from '../../src/domain/contacts.js';
import { ADULT_FORMS, ADULT_SIGNALS } from '../../src/domain/adult.js';
import { CONCERN_FORMS } from '../../src/domain/forms.js';
import { STAFF_ROUTES } from '../../src/domain/staffRoute.js';
import { SECTOR_DEFS } from '../../src/domain/sectors.js';
import { CONVERSATION_TIPS, tipsFor } from '../../src/domain/tips.js';
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
];

describe('content traces to its sources', () => {
  it('gives every form, adult signal, sector (and its stap-2 rule), tip, contact, staff route and link a source in meldcode-facts with a public page', () => {
    for (const item of sourced) {
      expect([item.id, item.source]).toEqual([item.id, expect.stringMatching(/meldcode-facts (Part 2 )?§\d/)]);
      expect([item.id, item.source]).toEqual([item.id, expect.stringContaining('http')]);
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

  it('puts safety tips first and leaves child-conversation tips out for babies and toddlers', () => {
    const tips = tipsFor({ newcomer: false, sexual: true, expertFirst: true, age: '0-4' }).map((t) => t.id);
    expect(tips.slice(0, 3)).toEqual(['expert-eerst', 'zeden-geen-gesprek-incident', 'zeden-geen-suggestieve-vragen']);
    expect(tips).not.toContain('kind-geen-geheim');
  });
});
