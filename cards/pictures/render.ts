/**
 * SVG to PNG on the server, with resvg (Rust, no browser, no network) and one embedded font from the
 * dejavu-fonts-ttf package, so a picture looks the same on every machine: system fonts are never loaded.
 * The result stays inside Teams' card-image limits (at most 1024×1024 px, under 1 MB).
 *
 * Drawing happens on libuv's thread pool, one picture at a time (two or more at once would take both cores of
 * a small server from the requests waiting on the event loop), and the last pictures drawn are kept by their
 * SVG: many cases give the same picture (the afwegingskader has few routes), which is then drawn once. A
 * picture holds no personal data (labels and ticked factors only), so keeping it in memory discloses nothing.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FONT } from './svg.js';

export const MAX_SIDE = 1024;
export const MAX_BYTES = 1_000_000;

const require = createRequire(import.meta.url);

/** The TrueType files the pictures (and the figures PDF) use: regular and bold DejaVu Sans. */
export function fontFiles(): { regular: string; bold: string } {
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return { regular: path.join(dir, 'DejaVuSans.ttf'), bold: path.join(dir, 'DejaVuSans-Bold.ttf') };
}

export interface Picture {
  png: Buffer;
  width: number;
  height: number;
  /** The text alternative, ≤ 2000 characters (Slack's image alt_text limit). */
  alt: string;
}

/** Thrown when a picture cannot be made within the platform limits; `code` is stable. */
export class PictureError extends Error {
  readonly code: 'TOO_LARGE';
  constructor(message: string) {
    super(message);
    this.name = 'PictureError';
    this.code = 'TOO_LARGE';
  }
}

/** Pictures kept by the SHA-256 of their SVG: at most this many, and at most {@link KEPT_BYTES} of PNG together. */
const KEPT = 64;
const KEPT_BYTES = 8_000_000;
type Drawn = Omit<Picture, 'alt'>;
/** A picture drawn or being drawn; `bytes` once drawn (0 before). */
interface Kept {
  drawn: Promise<Drawn>;
  bytes: number;
}
/** Least recently used first. */
const kept = new Map<string, Kept>();
let keptBytes = 0;
/** The render before the next one: renders run one after another. */
let drawing: Promise<unknown> = Promise.resolve();

/**
 * Renders an SVG to PNG, scaled down (never up) so that neither side exceeds {@link MAX_SIDE}. Rejects a result of
 * {@link MAX_BYTES} or more with a {@link PictureError} rather than handing a platform an image it refuses.
 */
export async function renderPng(svg: string, alt: string): Promise<Picture> {
  const key = createHash('sha256').update(svg).digest('base64');
  let entry = kept.get(key);
  if (entry) kept.delete(key);
  else {
    const drawn = drawing.then(() => draw(svg));
    drawing = drawn.catch(() => undefined);
    const fresh: Kept = (entry = { drawn, bytes: 0 });
    drawn.then(
      (d) => keep(key, fresh, d.png.length),
      () => kept.get(key) === fresh && kept.delete(key),
    );
  }
  kept.set(key, entry);
  const { png, width, height } = await entry.drawn;
  return { png, width, height, alt };
}

/** Counts a drawn picture's bytes and lets the least recently used go beyond the limits. */
function keep(key: string, entry: Kept, bytes: number): void {
  if (kept.get(key) !== entry) return;
  entry.bytes = bytes;
  keptBytes += bytes;
  for (const [old, e] of kept) {
    if (kept.size <= KEPT && keptBytes <= KEPT_BYTES) break;
    if (old === key) continue;
    kept.delete(old);
    keptBytes -= e.bytes;
  }
}

async function draw(svg: string): Promise<Drawn> {
  // Loaded on first use: most turns never draw a picture, so the native module stays out of memory until then.
  const { renderAsync } = await import('@resvg/resvg-js');
  const size = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  const w = Number(size?.[1] ?? MAX_SIDE);
  const h = Number(size?.[2] ?? MAX_SIDE);
  const fitTo = w >= h ? { mode: 'width' as const, value: Math.min(MAX_SIDE, Math.round(w)) } : { mode: 'height' as const, value: Math.min(MAX_SIDE, Math.round(h)) };
  const { regular, bold } = fontFiles();
  // On the thread pool, not the event loop: loading the font and drawing take a twentieth of a second or more,
  // which would otherwise hold every request behind them (Slack's acknowledgements among them).
  const image = await renderAsync(svg, {
    fitTo,
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles: [regular, bold], defaultFontFamily: FONT, sansSerifFamily: FONT },
  });
  const png = image.asPng();
  if (image.width > MAX_SIDE || image.height > MAX_SIDE || png.length >= MAX_BYTES) {
    throw new PictureError(`Picture of ${image.width}×${image.height} px and ${png.length} bytes is over the card-image limits.`);
  }
  return { png, width: image.width, height: image.height };
}
