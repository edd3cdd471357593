/** Plain-text rendering of engine prompts: for the terminal chat and for readable test transcripts. */
import type { Prompt } from '../src/engine/types.js';

/** Translated labels for earlier answers; without them only the ✓ marks and the text itself are shown. */
export interface TextLabels {
  /** "Eerder gekozen: …" */
  earlierChoice?: (label: string) => string;
  /** "Je tekst:" above a pre-filled text. */
  yourText?: string;
}

/**
 * The text on a line of its own, unindented so it can be copied exactly, each line followed by a line
 * of `^` under the marked parts.
 */
function markedLines(text: string, marks: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    out.push(line);
    const under = Array.from({ length: line.length }, () => ' ');
    for (const m of marks) {
      if (m === '') continue;
      for (let at = line.indexOf(m); at >= 0; at = line.indexOf(m, at + m.length)) under.fill('^', at, at + m.length);
    }
    const carets = under.join('').trimEnd();
    if (carets !== '') out.push(carets);
  }
  return out;
}

export function renderText(p: Prompt, labels: TextLabels = {}): string {
  // A picture shows as its text alternative; one not drawn yet shows nothing.
  if (p.kind === 'image') return p.title ? `${p.title}\n${p.alt}` : p.alt;
  if (p.kind === 'picture' || p.kind === 'dossier') return '';
  const lines: string[] = [];
  if (p.position) lines.push(`[${p.position.label}]`);
  switch (p.kind) {
    case 'info': {
      const mark = p.tone === 'urgent' ? '!!! ' : p.tone === 'warning' ? '! ' : p.tone === 'error' ? '× ' : '';
      if (p.title) lines.push(`${mark}${p.title}`);
      lines.push(p.title ? p.text : `${mark}${p.text}`);
      // Pages as their address (a terminal shows it; many make it clickable); numbers are already in the text.
      for (const l of p.links ?? []) lines.push(`   \u2192 ${l.label}: ${l.url}`);
      break;
    }
    case 'summary':
      lines.push(`== ${p.title} ==`);
      for (const s of p.sections) {
        lines.push(`-- ${s.heading}`);
        for (const i of s.items) lines.push(`   ${i.label}: ${i.value}`);
      }
      break;
    default: {
      lines.push(p.question);
      if (p.help) lines.push(`   (${p.help})`);
      const chosen = p.kind === 'multi' ? (p.value ?? []) : p.kind === 'text' || p.value === undefined ? [] : [p.value];
      const option = (n: number, o: { value: string; label: string }) => `   ${n}. ${o.label}${chosen.includes(o.value) ? ' ✓' : ''}`;
      const options =
        p.kind === 'choice' || p.kind === 'multi'
          ? p.options
          : p.kind === 'yesno'
            ? [{ value: 'ja', label: p.yesLabel }, { value: 'nee', label: p.noLabel }, ...(p.extra ?? [])]
            : [];
      options.forEach((o, i) => lines.push(option(i + 1, o)));
      const earlier = options.filter((o) => chosen.includes(o.value)).map((o) => o.label);
      if (earlier.length > 0 && labels.earlierChoice) lines.push(`   ${labels.earlierChoice(earlier.join(', '))}`);
      if (p.kind === 'text') {
        if (p.value !== undefined && p.value !== '') {
          if (labels.yourText) lines.push(`   ${labels.yourText}`);
          lines.push(...markedLines(p.value, p.marks ?? []));
        }
        lines.push(`   (max. ${p.maxLength}${p.optional && p.skipLabel ? ` · ${p.skipLabel}: -` : ''})`);
      }
      if (p.nav.length) lines.push(`   » ${p.nav.map((n) => n.label.toLowerCase()).join(' · ')}`);
    }
  }
  return lines.join('\n');
}
