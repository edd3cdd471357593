// Minimal ZIP writer (PKWARE APPNOTE 6.3: local headers, central directory, end record; no ZIP64, no
// data descriptors), enough for a Teams app package. Kept here rather than adding a dependency.
import zlib from 'node:zlib';

/** One file in the archive. `name` uses forward slashes; no leading slash. */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

export interface ZipOptions {
  /** Deflate entries that get smaller by it (default true); otherwise every entry is stored. */
  deflate?: boolean;
  /** Timestamp written for every entry. Fixed by default so the same input gives the same bytes. */
  date?: Date;
}

const STORED = 0;
const DEFLATED = 8;
const VERSION_NEEDED = 20; // 2.0: deflate and folders
const FLAG_UTF8 = 0x0800;
const MAX_U16 = 0xffff;
const MAX_U32 = 0xffffffff;
const DEFAULT_DATE = new Date(2020, 0, 1, 0, 0, 0);

let crcTable: Uint32Array | undefined;

function tableCrc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * CRC-32 (ISO 3309, the one ZIP and PNG use). `zlib.crc32` exists from Node 20.15 / 22.2; the table version
 * covers older runtimes.
 */
export function crc32(data: Uint8Array): number {
  const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
  return typeof native === 'function' ? native(data) >>> 0 : tableCrc32(data);
}

/** MS-DOS date and time as stored in ZIP headers (local time, 2-second resolution, years 1980–2107). */
function dosDateTime(date: Date): { time: number; day: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    day: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** Builds a ZIP archive in memory. Throws on duplicate or unsafe names and on sizes that would need ZIP64. */
export function createZip(entries: readonly ZipEntry[], options: ZipOptions = {}): Buffer {
  const { time, day } = dosDateTime(options.date ?? DEFAULT_DATE);
  const seen = new Set<string>();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;

  if (entries.length > MAX_U16) throw new Error(`Too many ZIP entries (${entries.length})`);
  for (const entry of entries) {
    if (!entry.name || entry.name.startsWith('/') || entry.name.includes('\\') || entry.name.split('/').includes('..')) {
      throw new Error(`Unsafe ZIP entry name: ${JSON.stringify(entry.name)}`);
    }
    if (seen.has(entry.name)) throw new Error(`Duplicate ZIP entry: ${entry.name}`);
    seen.add(entry.name);

    const name = Buffer.from(entry.name, 'utf8');
    const raw = entry.data;
    const crc = crc32(raw);
    let method = STORED;
    let body: Uint8Array = raw;
    if (options.deflate !== false && raw.length > 0) {
      const packed = zlib.deflateRawSync(raw, { level: 9 });
      if (packed.length < raw.length) {
        method = DEFLATED;
        body = packed;
      }
    }
    if (raw.length >= MAX_U32 || body.length >= MAX_U32 || offset >= MAX_U32) {
      throw new Error(`ZIP entry too large without ZIP64: ${entry.name}`);
    }
    const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : FLAG_UTF8;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(VERSION_NEEDED, 4); // version made by: MS-DOS, 2.0
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(day, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal and external attributes stay 0
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }

  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  if (offset + centralSize >= MAX_U32) throw new Error('ZIP archive too large without ZIP64');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8); // entries on this disk
  end.writeUInt16LE(entries.length, 10); // entries in total
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16); // central directory offset
  return Buffer.concat([...locals, ...centrals, end]);
}
