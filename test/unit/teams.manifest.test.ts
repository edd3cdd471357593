/**
 * Teams app package: manifest.json against the shipped v1.25 schema (offline), the icons' size and colours, and
 * the zip that scripts/teams-package.ts builds. Everything is read from this repository; nothing is fetched.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { parseTyped } from '../../src/engine/parse.js';
import {
  buildTeamsPackage,
  PACKAGE_FILE_NAME,
  TeamsPackageError,
  validateTeamsManifest,
} from '../../scripts/teams-package.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEAMS_DIR = path.join(ROOT, 'manifest', 'teams');
const PACKAGE_SCRIPT = path.join(ROOT, 'scripts', 'teams-package.ts');
const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';

interface Command {
  title: string;
  description: string;
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  accentColor: string;
  name: { short: string; full: string };
  description: { short: string; full: string };
  developer: Record<string, string>;
  icons: { color: string; outline: string };
  localizationInfo?: { defaultLanguageTag: string; defaultLanguageFile?: string; additionalLanguages?: { file: string }[] };
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: Command[] }[] }[];
}

const manifest = JSON.parse(readFileSync(path.join(TEAMS_DIR, 'manifest.json'), 'utf8')) as Manifest;
const clone = (): Manifest => JSON.parse(JSON.stringify(manifest)) as Manifest;

// ---- PNG reading (independent of scripts/png.ts) -------------------------------------------------------------

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  channels: number;
  pixels: Buffer;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes 8-bit, non-interlaced RGB/RGBA PNGs (all five filter types), checking every chunk CRC. */
function decodePng(file: Buffer): Png {
  expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let ihdr: Buffer | undefined;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    expect(file.readUInt32BE(offset + 8 + length)).toBe(zlib.crc32(file.subarray(offset + 4, offset + 8 + length)));
    types.push(type);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  expect(types[0]).toBe('IHDR');
  expect(types.at(-1)).toBe('IEND');
  if (!ihdr) throw new Error('no IHDR');
  const png = {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr[8] as number,
    colorType: ihdr[9] as number,
    interlace: ihdr[12] as number,
  };
  expect(png.bitDepth).toBe(8);
  expect(png.interlace).toBe(0);
  expect([2, 6]).toContain(png.colorType);
  const channels = png.colorType === 6 ? 4 : 3;
  const stride = png.width * channels;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((stride + 1) * png.height);
  const pixels = Buffer.alloc(stride * png.height);
  for (let y = 0; y < png.height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x] as number;
      const a = x >= channels ? (pixels[y * stride + x - channels] as number) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] as number) : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`);
      pixels[y * stride + x] = (byte + predictor) & 0xff;
    }
  }
  return { ...png, channels, pixels };
}

function pixel(png: Png, x: number, y: number): number[] {
  const i = (y * png.width + x) * png.channels;
  return [...png.pixels.subarray(i, i + png.channels)];
}

// ---- ZIP reading (independent of scripts/zip.ts) -------------------------------------------------------------

/** Reads every entry via the central directory and checks it against its local header, size and CRC. */
function readZip(zip: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = zip.length - 22; i >= 0; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  expect(eocd).toBeGreaterThanOrEqual(0);
  const count = zip.readUInt16LE(eocd + 10);
  const centralSize = zip.readUInt32LE(eocd + 12);
  let p = zip.readUInt32LE(eocd + 16);
  expect(p + centralSize).toBe(eocd);
  const files = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    expect(zip.readUInt32LE(p)).toBe(0x02014b50);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const packedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);

    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    expect(zip.readUInt16LE(local + 8)).toBe(method);
    expect(zip.readUInt32LE(local + 14)).toBe(crc);
    expect(zip.readUInt32LE(local + 18)).toBe(packedSize);
    expect(zip.readUInt32LE(local + 22)).toBe(size);
    const localNameLength = zip.readUInt16LE(local + 26);
    expect(zip.toString('utf8', local + 30, local + 30 + localNameLength)).toBe(name);
    const start = local + 30 + localNameLength + zip.readUInt16LE(local + 28);
    const packed = zip.subarray(start, start + packedSize);
    expect([0, 8]).toContain(method);
    const data = method === 8 ? zlib.inflateRawSync(packed) : Buffer.from(packed);
    expect(data.length).toBe(size);
    expect(zlib.crc32(data)).toBe(crc);
    expect(files.has(name)).toBe(false);
    files.set(name, data);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

// ---- tests ---------------------------------------------------------------------------------------------------

describe('Teams manifest', () => {
  it('is valid against the shipped v1.25 schema', async () => {
    expect(manifest.manifestVersion).toBe('1.25');
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.25/MicrosoftTeams.schema.json');
    expect(existsSync(path.join(ROOT, 'manifest', 'schemas', 'LICENSE-teams-manifest-schema.txt'))).toBe(true);
    expect(await validateTeamsManifest(manifest)).toEqual([]);
  });

  it('lets the aandachtsfunctionaris channel be a private channel, and the schema checks that property', async () => {
    // v1.25 already has supportedChannelTypes: no newer schema needed. Without it a team app is offered
    // only in standard channels.
    expect((manifest as unknown as { supportedChannelTypes?: string[] }).supportedChannelTypes).toEqual(['privateChannels']);
    expect(manifest.version).toBe('0.2.0');
    expect(await validateTeamsManifest(manifest)).toEqual([]);
    expect(await validateTeamsManifest({ ...clone(), supportedChannelTypes: ['secretChannels'] })).not.toEqual([]);
  });

  it('is checked for real by the validator: broken manifests are rejected', async () => {
    const longName = clone();
    longName.name.short = 'Meldcode-assistent voor iedereen'; // 32 > 30
    const badVersion = clone();
    badVersion.manifestVersion = '1.24';
    const badScope = clone();
    badScope.bots[0]!.scopes = ['personal', 'channel'];
    const badBotId = clone();
    badBotId.bots[0]!.botId = 'not-a-guid';
    const httpUrl = clone();
    httpUrl.developer['privacyUrl'] = 'example.org/privacy';
    const extra = { ...clone(), unknownField: true };

    expect(await validateTeamsManifest(longName)).toEqual([expect.stringContaining('/name/short')]);
    // There is no v1.24 schema in manifest/schemas, and the v1.25 one pins manifestVersion with "const".
    expect(await validateTeamsManifest(badVersion)).not.toEqual([]);
    expect(await validateTeamsManifest({ ...clone(), manifestVersion: '1.25', version: 1 })).not.toEqual([]);
    expect(await validateTeamsManifest(badScope)).not.toEqual([]);
    expect(await validateTeamsManifest(badBotId)).not.toEqual([]);
    expect(await validateTeamsManifest(httpUrl)).not.toEqual([]);
    expect(await validateTeamsManifest(extra)).not.toEqual([]);
  });

  it('keeps names and descriptions within the Teams limits', () => {
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.description.full).toContain('112');
    expect(manifest.description.full).toContain('0800-2000');
    expect(manifest.description.full).toContain('aandachtsfunctionaris');
  });

  it('carries the placeholder id in the repository, in id and botId alike', () => {
    expect(manifest.id).toBe(PLACEHOLDER_ID);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0]!.botId).toBe(PLACEHOLDER_ID);
  });

  it('offers one conversational bot for personal chats and teams, with at most 10 commands per list', () => {
    const bot = manifest.bots[0]!;
    expect([...bot.scopes].sort()).toEqual(['personal', 'team']);
    expect(bot).toMatchObject({ supportsFiles: false, isNotificationOnly: false });
    for (const list of bot.commandLists) expect(list.commands.length).toBeLessThanOrEqual(10);
    const titles = (scope: string) =>
      bot.commandLists.filter((l) => l.scopes.includes(scope)).flatMap((l) => l.commands.map((c) => c.title));
    expect(titles('personal')).toEqual(['hallo', 'menu', 'help', 'gevaar']);
    expect(titles('team')).toEqual(['registreer', 'help']);
  });

  it('lists in personal chat only words the engine understands when typed', () => {
    const personal = manifest.bots[0]!.commandLists.find((l) => l.scopes.includes('personal'))!;
    for (const { title } of personal.commands) expect(parseTyped(title)).toBeDefined();
    expect(parseTyped('gevaar')).toEqual({ command: 'acute' });
    expect(parseTyped('hallo')).toEqual({ start: true });
  });

  it('names only files that exist next to it', () => {
    const files = [manifest.icons.color, manifest.icons.outline];
    if (manifest.localizationInfo?.defaultLanguageFile) files.push(manifest.localizationInfo.defaultLanguageFile);
    for (const language of manifest.localizationInfo?.additionalLanguages ?? []) files.push(language.file);
    for (const file of files) expect(existsSync(path.join(TEAMS_DIR, file))).toBe(true);
  });
});

describe('Teams icons', () => {
  it('color.png is a 192x192 opaque full-colour PNG on the accent colour, with a white symbol', () => {
    const png = decodePng(readFileSync(path.join(TEAMS_DIR, manifest.icons.color)));
    expect([png.width, png.height]).toEqual([192, 192]);
    expect([2, 6]).toContain(png.colorType);
    const accent = [1, 3, 5].map((i) => parseInt(manifest.accentColor.slice(i, i + 2), 16));
    let white = 0;
    let translucent = 0;
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const [r, g, b, a = 255] = pixel(png, x, y);
        if (a !== 255) translucent++;
        if (r === 255 && g === 255 && b === 255) white++;
      }
    }
    expect(translucent).toBe(0);
    for (const [x, y] of [[0, 0], [191, 0], [0, 191], [191, 191], [96, 8]] as const) {
      expect(pixel(png, x, y).slice(0, 3)).toEqual(accent);
    }
    expect(white).toBeGreaterThan(192 * 192 * 0.1);
  });

  it('outline.png is a 32x32 RGBA PNG with only white and transparent pixels', () => {
    const png = decodePng(readFileSync(path.join(TEAMS_DIR, manifest.icons.outline)));
    expect([png.width, png.height]).toEqual([32, 32]);
    expect(png.colorType).toBe(6);
    let opaque = 0;
    let transparent = 0;
    const coloured: [number, number][] = [];
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = pixel(png, x, y);
        if (a === 0) transparent++;
        else if (r !== 255 || g !== 255 || b !== 255) coloured.push([x, y]);
        if (a === 255) opaque++;
      }
    }
    expect(coloured).toEqual([]);
    for (const [x, y] of [[0, 0], [31, 0], [0, 31], [31, 31], [16, 18]] as const) expect(pixel(png, x, y)[3]).toBe(0);
    expect(opaque).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
  });
});

describe('Teams app package', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'teams-package-'));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('zips manifest.json with the app id filled in, and the icons, at the root', async () => {
    const file = await buildTeamsPackage(APP_ID, outDir);
    expect(file).toBe(path.join(outDir, PACKAGE_FILE_NAME));

    const files = readZip(await readFile(file));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const packed = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
    expect(packed.id).toBe(APP_ID);
    expect(packed.bots[0]!.botId).toBe(APP_ID);
    expect(JSON.stringify(packed)).not.toContain(PLACEHOLDER_ID);
    expect({ ...packed, id: PLACEHOLDER_ID, bots: [{ ...packed.bots[0], botId: PLACEHOLDER_ID }] }).toEqual(manifest);
    expect(await validateTeamsManifest(packed)).toEqual([]);
    expect(files.get('color.png')).toEqual(await readFile(path.join(TEAMS_DIR, 'color.png')));
    expect(files.get('outline.png')).toEqual(await readFile(path.join(TEAMS_DIR, 'outline.png')));
  });

  it('builds the same bytes twice (fixed timestamps)', async () => {
    const first = await readFile(await buildTeamsPackage(APP_ID, outDir));
    const second = await readFile(await buildTeamsPackage(APP_ID, outDir));
    expect(second.equals(first)).toBe(true);
  });

  it.each([['not-a-guid'], [''], [`${APP_ID}x`], [PLACEHOLDER_ID]])('refuses app id %j', async (appId) => {
    const dir = path.join(outDir, 'refused');
    const attempt = buildTeamsPackage(appId, dir);
    await expect(attempt).rejects.toBeInstanceOf(TeamsPackageError);
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_APP_ID' });
    expect(existsSync(dir)).toBe(false);
  });

  it('exits with code 2 and says why when MicrosoftAppId is missing or not a GUID', () => {
    const run = (appId: string | undefined) => {
      const env = { ...process.env };
      delete env['MicrosoftAppId'];
      if (appId !== undefined) env['MicrosoftAppId'] = appId;
      return spawnSync(process.execPath, ['--import', 'tsx', PACKAGE_SCRIPT], { cwd: ROOT, env, encoding: 'utf8' });
    };
    const missing = run(undefined);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('MicrosoftAppId is not set');
    const invalid = run('meldcode-bot');
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('is not a GUID');
  });
});
