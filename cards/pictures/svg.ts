/**
 * Small pure helpers for the pictures' SVG: escaping, text (one font, DejaVu Sans, embedded by render.ts) and a
 * width estimate for wrapping. Every piece of text goes through {@link esc}, so nothing a translation or a label
 * holds can break out of the markup.
 */

export const FONT = 'DejaVu Sans';

/** Escapes text for SVG content and attribute values. */
export function esc(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Average advance of DejaVu Sans, a wide face, in em for mixed Dutch text (measured on the locale texts, rounded up). */
const EM = { regular: 0.57, bold: 0.64 };

/** Estimated width of `text` at `size` px, for wrapping only. */
export function textWidth(text: string, size: number, bold = false): number {
  return [...text].length * size * (bold ? EM.bold : EM.regular);
}

/** Splits `text` into lines no wider than `width` px (a word longer than a line is cut). */
export function wrap(text: string, width: number, size: number, bold = false): string[] {
  const perLine = Math.max(4, Math.floor(width / (size * (bold ? EM.bold : EM.regular))));
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let w = word;
      while ([...w].length > perLine) {
        if (line) lines.push(line);
        lines.push([...w].slice(0, perLine).join(''));
        w = [...w].slice(perLine).join('');
        line = '';
      }
      const next = line ? `${line} ${w}` : w;
      if ([...next].length > perLine) {
        lines.push(line);
        line = w;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}

export interface TextOptions {
  size?: number;
  bold?: boolean;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
  lineHeight?: number;
}

/** One or more lines of text starting at (x, y) (the first baseline). */
export function text(x: number, y: number, lines: string | string[], o: TextOptions = {}): string {
  const size = o.size ?? 14;
  const lh = o.lineHeight ?? Math.round(size * 1.3);
  const list = Array.isArray(lines) ? lines : [lines];
  const attrs = `font-family="${FONT}" font-size="${size}"${o.bold ? ' font-weight="bold"' : ''} fill="${o.fill ?? '#1a1a1a'}"${o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : ''}`;
  return list.map((l, i) => `<text x="${r(x)}" y="${r(y + i * lh)}" ${attrs}>${esc(l)}</text>`).join('');
}

export interface BoxOptions {
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
  dash?: boolean;
  radius?: number;
}

export function rect(x: number, y: number, w: number, h: number, o: BoxOptions = {}): string {
  return `<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}" rx="${o.radius ?? 0}" fill="${o.fill ?? 'none'}" stroke="${o.stroke ?? 'none'}" stroke-width="${o.strokeWidth ?? 1}"${o.dash ? ' stroke-dasharray="5 3"' : ''}/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 2, arrow = false): string {
  return `<line x1="${r(x1)}" y1="${r(y1)}" x2="${r(x2)}" y2="${r(y2)}" stroke="${stroke}" stroke-width="${width}"${arrow ? ` marker-end="url(#arrow-${stroke.replace('#', '')})"` : ''}/>`;
}

/** Arrow-head markers for the given colours (referenced by {@link line} with `arrow`). */
export function arrowDefs(colours: string[]): string {
  return `<defs>${colours
    .map((c) => `<marker id="arrow-${c.replace('#', '')}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="14" markerHeight="14" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`)
    .join('')}</defs>`;
}

/** A whole SVG document on a white background. */
export function svgDoc(width: number, height: number, body: string): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="${w}" height="${h}" fill="#ffffff"/>${body}</svg>`;
}

/** Cuts an alt text to Slack's image alt_text limit (2000 characters). */
export function altLimit(text: string, max = 2000): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Colours used by every picture: dark enough on white for text (WCAG AA), and never the only carrier of meaning. */
export const COLOURS = {
  ink: '#1a1a1a',
  muted: '#595959',
  line: '#8c8c8c',
  blue: '#0b5cad',
  blueLight: '#dbe9f7',
  green: '#1b6e3a',
  greenLight: '#dcefe2',
  red: '#a4262c',
  redLight: '#f8dcdd',
  amber: '#8a5300',
  amberLight: '#fbecd0',
  grey: '#f0f0f0',
} as const;
