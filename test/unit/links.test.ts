/**
 * Every address the assistant shows is one the fact sheet lists: the "lees meer" links
 * (src/domain/links.ts), any http(s) address in the locales and in the flows, and the tap-to-call
 * numbers (only the three sourced contacts). The fact sheet lives next to the checkout
 * (../shared/domain/meldcode-facts.md, README "Content"); MELDCODE_FACTS may point elsewhere.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LINKS, linksFor, type LinkTopic } from '../../src/domain/links.js';
import { CONTACTS, telUrl } from '../../src/domain/contacts.js';
import { callLinks, infoLinks } from '../../cards/view.js';
import { promptsToCards } from '../../cards/adaptive.js';
import { promptsToSlack } from '../../cards/blockkit.js';
import { renderText } from '../../cards/text.js';
import type { Prompt } from '../../src/engine/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The fact sheet, where the checkout has it beside it (undefined in a clean clone, e.g. CI). */
function factsSheet(): string | undefined {
  const candidates = [
    process.env.MELDCODE_FACTS,
    path.join(ROOT, '..', 'shared', 'domain', 'meldcode-facts.md'),
    path.join(ROOT, '..', '..', 'shared', 'domain', 'meldcode-facts.md'),
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  const found = candidates.find((p) => existsSync(p));
  return found === undefined ? undefined : readFileSync(found, 'utf8');
}

/** An address as written in text: up to whitespace, a quote, a backtick or a closing bracket. */
const URL_IN_TEXT = /https?:\/\/[^\s"'`<>)\]]+/g;
/** Trailing punctuation that ends a sentence, not the address. */
const trim = (u: string): string => u.replace(/[.,;:]+$/, '');
const SHEET = factsSheet();
/** The sheet's addresses as committed (test/fixtures/fact-sheet-urls.json), for a checkout without the sheet. */
const SHEET_COPY = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/fact-sheet-urls.json'), 'utf8')) as { urls: string[]; phones: string[] };
const SHEET_URLS = SHEET_COPY.urls;
/** What the addresses are checked against: the sheet itself, or else the committed list of its addresses. */
const FACTS = SHEET ?? [...SHEET_URLS, ...SHEET_COPY.phones].join('\n');

const sourceFiles = (dir: string, ext: string): string[] =>
  readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith(ext))
    .map((f) => path.join(ROOT, dir, f));

describe('the public pages the assistant links to', () => {
  it('are checked against an exact copy of the fact sheet\'s addresses', () => {
    if (SHEET === undefined) {
      // A clean clone has no sheet beside it: the committed list is what the other tests use.
      process.stdout.write('links: meldcode-facts.md is not beside this checkout; checked against test/fixtures/fact-sheet-urls.json\n');
      expect(SHEET_URLS.length).toBeGreaterThan(50);
      return;
    }
    const inSheet = [...new Set((SHEET.match(URL_IN_TEXT) ?? []).map(trim))].sort();
    expect(SHEET_URLS).toEqual(inSheet);
    for (const phone of SHEET_COPY.phones) expect([phone, SHEET.includes(phone)]).toEqual([phone, true]);
  });

  it('are all listed, verbatim, in meldcode-facts.md', () => {
    for (const l of LINKS) expect([l.id, FACTS.includes(l.url)]).toEqual([l.id, true]);
  });

  it('are https, unique, sourced to the sheet with their own address, and titled in both languages', () => {
    expect(new Set(LINKS.map((l) => l.id)).size).toBe(LINKS.length);
    expect(new Set(LINKS.map((l) => l.url)).size).toBe(LINKS.length);
    for (const l of LINKS) {
      expect([l.id, l.url]).toEqual([l.id, expect.stringMatching(/^https:\/\/[^\s|<>"]+$/)]);
      expect([l.id, l.source]).toEqual([l.id, expect.stringMatching(/meldcode-facts (Part 2 )?§\d/)]);
      expect([l.id, l.source.includes(l.url)]).toEqual([l.id, true]);
      expect([l.id, l.title.nl.length > 0 && l.title.en.length > 0, l.owner.length > 0]).toEqual([l.id, true, true]);
    }
  });

  it('offer each step, the explanation topics and the route between children at least one page', () => {
    const topics: LinkTopic[] = ['stap1', 'kindcheck', 'stap2', 'stap3', 'stap4', 'stap5', 'melding', 'meldrecht', 'vt-vraagt', 'tussen-kinderen', 'kinderopvang', 'artsen'];
    for (const t of topics) expect([t, linksFor(t).length > 0]).toEqual([t, true]);
    // The ones the task names: Rijksoverheid, Augeo kindcheck, NJi afwegingskader, KNMG, VT scripts, Pharos, Vlaggensysteem.
    expect(LINKS.map((l) => l.owner)).toEqual(expect.arrayContaining(['Rijksoverheid', 'Augeo', 'NJi', 'KNMG', 'Pharos', 'Veilig Thuis Hollands Midden']));
    expect(linksFor('tussen-kinderen').map((l) => l.url)).toContain('https://vlaggensysteem.nl/');
  });

  it('and every http(s) address in the locales and the flows, are in meldcode-facts.md', () => {
    const files = [...sourceFiles('src/i18n/locales', '.json'), ...sourceFiles('dialogs', '.ts'), path.join(ROOT, 'src/domain/links.ts')];
    const missing: string[] = [];
    for (const f of files) {
      for (const u of readFileSync(f, 'utf8').match(URL_IN_TEXT) ?? []) if (!FACTS.includes(trim(u))) missing.push(`${path.relative(ROOT, f)}: ${u}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('tap-to-call numbers', () => {
  it('exist for exactly the three sourced numbers, each as the sheet gives it', () => {
    expect(Object.values(CONTACTS).map((c) => [c.phone, telUrl(c.phone)])).toEqual([
      ['112', 'tel:112'],
      ['0800-2000', 'tel:08002000'],
      ['0900-111 3 111', 'tel:09001113111'],
    ]);
    for (const c of Object.values(CONTACTS)) expect(FACTS.includes(c.phone)).toBe(true);
  });

  it('are found in a text only as whole numbers, never inside a longer one', () => {
    expect(callLinks('Bel 112 of Veilig Thuis: 0800-2000.').map((l) => l.url)).toEqual(['tel:112', 'tel:08002000']);
    expect(callLinks('Vertrouwensinspecteurs: 0900-111 3 111 (kantooruren)').map((l) => l.url)).toEqual(['tel:09001113111']);
    expect(callLinks('kamer 1120, 0112 of 0800-20001')).toEqual([]);
  });

  it('are offered with an info next to its pages, and an unsafe address is never offered', () => {
    const links = infoLinks({
      kind: 'info',
      tone: 'urgent',
      text: 'Bel {{alarm}}'.replace('{{alarm}}', '112'),
      links: [
        { label: 'ok', url: 'https://vlaggensysteem.nl/' },
        { label: 'script', url: 'javascript:alert(1)' },
        { label: 'disguised', url: 'https://example.org/|<!channel>' },
      ],
    });
    expect(links).toEqual([
      { label: 'ok', url: 'https://vlaggensysteem.nl/' },
      { label: '\u260E 112', url: 'tel:112' },
    ]);
  });
});

describe('links as each platform shows them', () => {
  const info: Prompt = {
    kind: 'info',
    tone: 'normal',
    title: 'Lees meer',
    text: 'Veilig Thuis: 0800-2000.',
    links: [{ label: 'Vlaggen & <criteria>', url: 'https://vlaggensysteem.nl/' }],
  };

  it('Teams and the web chat: Action.OpenUrl buttons with the page and the number, titles as plain text', () => {
    const json = JSON.stringify(promptsToCards([info], { submitLabel: 'Verder', requiredError: 'Kies.' }));
    expect(json).toContain('{"type":"Action.OpenUrl","title":"Vlaggen & <criteria>","url":"https://vlaggensysteem.nl/"}');
    expect(json).toContain('{"type":"Action.OpenUrl","title":"\u260E 0800-2000","url":"tel:08002000"}');
  });

  it('Slack: mrkdwn links with an escaped label', () => {
    const json = JSON.stringify(promptsToSlack([info], { submitLabel: 'Verder', typeAnswerLabel: 'Typen', typeHint: 'Typ' }));
    expect(json).toContain('<https://vlaggensysteem.nl/|Vlaggen &amp; &lt;criteria&gt;>');
    expect(json).toContain('<tel:08002000|\u260E 0800-2000>');
  });

  it('the terminal: the page with its address, the number as text', () => {
    const text = renderText(info);
    expect(text).toContain('Vlaggen & <criteria>: https://vlaggensysteem.nl/');
    expect(text).toContain('0800-2000');
    expect(text).not.toContain('tel:');
  });
});
