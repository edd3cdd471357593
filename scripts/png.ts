// Tiny PNG encoder: 8-bit truecolour (RGB) or truecolour with alpha (RGBA), non-interlaced, one IDAT chunk and
// filter type 0 (None) on every row, so a reader needs nothing beyond inflate to get the pixels back.
import zlib from 'node:zlib';
import { crc32 } from './zip.js';

/** PNG colour types this encoder writes: 2 = RGB, 6 = RGBA. */
export type PngColorType = 2 | 6;

/** A raw image: `pixels` holds `height` rows of `width` pixels, 3 (RGB) or 4 (RGBA) bytes each, no padding. */
export interface RawImage {
  width: number;
  height: number;
  colorType: PngColorType;
  pixels: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function bytesPerPixel(colorType: PngColorType): number {
  return colorType === 6 ? 4 : 3;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  // The CRC covers the chunk type and data, not the length.
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes `image` as a PNG file. */
export function encodePng(image: RawImage): Buffer {
  const { width, height, colorType, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`Invalid PNG size ${width}x${height}`);
  }
  const stride = width * bytesPerPixel(colorType);
  if (pixels.length !== stride * height) {
    throw new Error(`Expected ${stride * height} pixel bytes for ${width}x${height}, got ${pixels.length}`);
  }

  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colorType;
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0 (adaptive, five filter types)
  ihdr[12] = 0; // no interlace

  const filtered = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    filtered[y * (stride + 1)] = 0; // filter type None
    filtered.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }

  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(filtered, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
