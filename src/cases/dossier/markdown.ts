/** The dossier as Markdown (CommonMark/GFM), escaped so whatever a user typed reads literally. */
import type { Dossier } from './writer.js';

/** Characters that could start markup anywhere in a line (links, emphasis, HTML, headings, tables, entities). */
const MD_INLINE = /[\\`*_[\]<>#|~&]/g;

/** Escapes text so it reads literally in CommonMark/GFM, whatever a user typed. */
function escapeMarkdown(text: string): string[] {
  return clean(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) =>
      l
        .replace(MD_INLINE, '\\$&')
        // Block markers only count at the start of a line: list items, setext underlines, ordered lists.
        .replace(/^([-+=])/, '\\$1')
        .replace(/^(\d+)([.)])/, '$1\\$2'),
    );
}

/** Drops control characters (keeping line breaks) and composes accents, so é is one character. */
export function clean(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\t/g, ' ');
}

/** A picture in Markdown: its label and its text alternative, as a paragraph (the PDF shows the picture). */
function pictureText(p: NonNullable<Dossier['picture']>): string[] {
  return [`*${escapeMarkdown(p.label).join(' ')}:* ${escapeMarkdown(p.alt).join(' ')}`];
}

/** The dossier as a Markdown document: `#` title, `##` per section, one list item per line. */
export function dossierMarkdown(d: Dossier): string {
  const out: string[] = [`# ${escapeMarkdown(d.title).join(' ')}`, ''];
  d.sections.forEach((s, i) => {
    out.push(`## ${escapeMarkdown(s.heading).join(' ')}`, '');
    for (const line of s.lines) {
      const parts = escapeMarkdown(line);
      if (parts.length === 0) continue;
      // Further lines of a multi-line text stay inside the item: hard break, then indented.
      out.push(`- ${parts.join('  \n  ')}`);
    }
    out.push('');
    if (d.picture?.section === i) out.push(...pictureText(d.picture), '');
  });
  return `${out.join('\n').trimEnd()}\n`;
}
