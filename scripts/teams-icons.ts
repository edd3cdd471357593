// Draws the two Teams app icons and writes them next to manifest.json:
//   color.png   192x192 RGB, the manifest's accentColor as background, a white speech bubble with three dots;
//   outline.png  32x32 RGBA, the same bubble as a white outline on transparency (Teams tints it itself).
// Shapes are polygons rendered with 4x4 supersampling, so edges are anti-aliased without a graphics library;
// pngjs writes the files.
// Run: npx tsx scripts/teams-icons.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';

type Point = readonly [number, number];
type Rgb = readonly [number, number, number];

/** A raw image: `pixels` holds `height` rows of `width` pixels, 3 (RGB, colour type 2) or 4 (RGBA, 6) bytes each. */
export interface RawImage {
  width: number;
  height: number;
  colorType: 2 | 6;
  pixels: Uint8Array;
}

/** Encodes `image` as an 8-bit, non-interlaced PNG of its own colour type (pngjs). */
export function encodePng(image: RawImage): Buffer {
  const { width, height, colorType, pixels } = image;
  const png = new PNG({ width, height });
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: colorType === 6, bitDepth: 8, deflateLevel: 9 });
}

const MANIFEST_DIR = fileURLToPath(new URL('../manifest/teams/', import.meta.url));
const SAMPLES = 4;

interface BubbleShape {
  left: number;
  top: number;
  right: number;
  bottom: number;
  radius: number;
  /** Where the tail leaves the bottom edge (x from left to right) and the point it ends in. */
  tail: { left: number; right: number; tip: Point };
}

function arc(cx: number, cy: number, r: number, fromDeg: number, toDeg: number, steps = 12): Point[] {
  const points: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const a = ((fromDeg + ((toDeg - fromDeg) * i) / steps) * Math.PI) / 180;
    points.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return points;
}

/** Outline of a rounded rectangle with a tail at the bottom left, clockwise on screen (y down). */
function bubblePolygon(s: BubbleShape): Point[] {
  const { left: l, top: t, right: r, bottom: b, radius: rad, tail } = s;
  return [
    ...arc(r - rad, t + rad, rad, -90, 0),
    ...arc(r - rad, b - rad, rad, 0, 90),
    [tail.right, b],
    tail.tip,
    [tail.left, b],
    ...arc(l + rad, b - rad, rad, 90, 180),
    ...arc(l + rad, t + rad, rad, 180, 270),
  ];
}

function insidePolygon(poly: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i] as Point;
    const [xj, yj] = poly[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distanceToPolygon(poly: readonly Point[], x: number, y: number): number {
  let best = Infinity;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [ax, ay] = poly[j] as Point;
    const [bx, by] = poly[i] as Point;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    best = Math.min(best, Math.hypot(x - (ax + u * dx), y - (ay + u * dy)));
  }
  return best;
}

/** Fraction (0..1) of each pixel for which `covered` holds, sampled on a SAMPLES x SAMPLES grid. */
function coverage(size: number, covered: (x: number, y: number) => boolean): Float64Array {
  const out = new Float64Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (covered(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)) hits++;
        }
      }
      out[py * size + px] = hits / (SAMPLES * SAMPLES);
    }
  }
  return out;
}

function inDots(dots: readonly Point[], radius: number, x: number, y: number): boolean {
  return dots.some(([cx, cy]) => Math.hypot(x - cx, y - cy) <= radius);
}

export function parseHexColor(hex: string): Rgb {
  const m = /^#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})$/.exec(hex);
  if (!m) throw new Error(`Not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1] as string, 16), parseInt(m[2] as string, 16), parseInt(m[3] as string, 16)];
}

/** 192x192 opaque RGB: white bubble with three dots in `accent`, on `accent`. */
export function renderColorIcon(accent: Rgb): RawImage {
  const size = 192;
  // Symbol about 104x96 px, centred, leaving the padding Teams expects around a full-bleed background.
  const bubble = bubblePolygon({
    left: 44, top: 50, right: 148, bottom: 124, radius: 20,
    tail: { left: 60, right: 84, tip: [50, 146] },
  });
  const dots: Point[] = [[72, 87], [96, 87], [120, 87]];
  const white = coverage(size, (x, y) => insidePolygon(bubble, x, y) && !inDots(dots, 8, x, y));
  const pixels = new Uint8Array(size * size * 3);
  white.forEach((w, i) => {
    for (let c = 0; c < 3; c++) pixels[i * 3 + c] = Math.round(255 * w + (accent[c] as number) * (1 - w));
  });
  return { width: size, height: size, colorType: 2, pixels };
}

/** 32x32 RGBA: white 2 px outline of the bubble and three white dots; everything else fully transparent. */
export function renderOutlineIcon(): RawImage {
  const size = 32;
  const stroke = 2;
  const bubble = bubblePolygon({
    left: 3.5, top: 5, right: 28.5, bottom: 22, radius: 5,
    tail: { left: 8, right: 13, tip: [6, 28] },
  });
  const dots: Point[] = [[10, 13.5], [16, 13.5], [22, 13.5]];
  const alpha = coverage(
    size,
    (x, y) => distanceToPolygon(bubble, x, y) <= stroke / 2 || inDots(dots, 1.75, x, y),
  );
  const pixels = new Uint8Array(size * size * 4);
  alpha.forEach((a, i) => {
    // Every pixel is white; only alpha varies, so no other colour can show through anti-aliased edges.
    pixels.set([255, 255, 255, Math.round(255 * a)], i * 4);
  });
  return { width: size, height: size, colorType: 6, pixels };
}

/** Writes color.png and outline.png into `dir` (default manifest/teams/), in the manifest's accent colour. */
export function writeTeamsIcons(dir: string = MANIFEST_DIR): string[] {
  const manifest = JSON.parse(readFileSync(`${MANIFEST_DIR}manifest.json`, 'utf8')) as { accentColor: string };
  const base = dir.endsWith('/') ? dir : `${dir}/`;
  const written = [`${base}color.png`, `${base}outline.png`];
  writeFileSync(written[0] as string, encodePng(renderColorIcon(parseHexColor(manifest.accentColor))));
  writeFileSync(written[1] as string, encodePng(renderOutlineIcon()));
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const file of writeTeamsIcons()) process.stdout.write(`wrote ${file}\n`);
}
