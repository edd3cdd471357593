/** Plain-text rendering of engine prompts: for the terminal chat and for readable test transcripts. */
import type { Prompt } from '../src/engine/types.js';

export function renderText(p: Prompt): string {
  const lines: string[] = [];
  if (p.position) lines.push(`[${p.position.label}]`);
  switch (p.kind) {
    case 'info': {
      const mark = p.tone === 'urgent' ? '!!! ' : p.tone === 'warning' ? '! ' : p.tone === 'error' ? '× ' : '';
      if (p.title) lines.push(`${mark}${p.title}`);
      lines.push(p.title ? p.text : `${mark}${p.text}`);
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
      if (p.kind === 'choice' || p.kind === 'multi') p.options.forEach((o, i) => lines.push(`   ${i + 1}. ${o.label}`));
      if (p.kind === 'yesno') {
        lines.push(`   1. ${p.yesLabel}`, `   2. ${p.noLabel}`);
        (p.extra ?? []).forEach((o, i) => lines.push(`   ${i + 3}. ${o.label}`));
      }
      if (p.kind === 'text') lines.push(`   (max. ${p.maxLength}${p.optional && p.skipLabel ? ` · ${p.skipLabel}: -` : ''})`);
      if (p.nav.length) lines.push(`   » ${p.nav.map((n) => n.label.toLowerCase()).join(' · ')}`);
    }
  }
  return lines.join('\n');
}
