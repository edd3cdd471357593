// Builds the Teams app package (the zip you upload in Teams admin centre or Developer Portal):
// manifest/teams/manifest.json with the bot's Microsoft App ID filled in, plus the files it names (icons,
// localisation files), all at the zip root.
//
// Run: MicrosoftAppId=<guid> npx tsx scripts/teams-package.ts   ->  dist/teams/meldcode-assistent.zip
// Exit codes: 0 written; 1 other failure (invalid manifest, missing icon); 2 MicrosoftAppId missing or not a GUID.
//
// The developer URLs in manifest.json (https://example.org/meldcode-assistent/...) are placeholders: the
// organisation that deploys the assistant replaces them with its own website, privacy statement and terms of use.
// The script warns while they are still there.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import AjvDraft04, { type ValidateFunction } from 'ajv-draft-04';
import { zipSync, type Zippable } from 'fflate';

/** File name of the package inside the output folder. */
export const PACKAGE_FILE_NAME = 'meldcode-assistent.zip';
const PACKAGE_DATE = new Date(2020, 0, 1, 0, 0, 0);

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MANIFEST_DIR = path.join(ROOT, 'manifest', 'teams');
export const SCHEMA_DIR = path.join(ROOT, 'manifest', 'schemas');
const DEFAULT_OUT_DIR = path.join(ROOT, 'dist', 'teams');

/** The id manifest.json carries in the repository; never valid in a package. */
export const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const PLACEHOLDER_URL = 'https://example.org/';

export type TeamsPackageErrorCode = 'INVALID_APP_ID' | 'INVALID_MANIFEST';

/** A refusal with a stable `code`, so callers (the CLI, tests) can tell a bad app id from a bad manifest. */
export class TeamsPackageError extends Error {
  constructor(
    readonly code: TeamsPackageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TeamsPackageError';
  }
}

/** The parts of the manifest this script reads or writes; everything else is passed through untouched. */
interface TeamsManifest {
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string; color32x32?: string };
  bots?: Array<{ botId: string }>;
  webApplicationInfo?: { id?: string };
  localizationInfo?: {
    defaultLanguageFile?: string;
    additionalLanguages?: Array<{ file: string }>;
  };
  developer: { websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Checks a Bot Framework / Entra app id; throws INVALID_APP_ID with a message meant for a person. */
export function assertAppId(appId: string | undefined): asserts appId is string {
  if (appId === undefined || appId.trim() === '') {
    throw new TeamsPackageError(
      'INVALID_APP_ID',
      'MicrosoftAppId is not set. Set it to the Application (client) ID of the bot\'s Azure Bot / Entra app ' +
        'registration, e.g. MicrosoftAppId=12345678-abcd-4abc-8abc-123456789abc npm run teams:package',
    );
  }
  if (!isGuid(appId)) {
    throw new TeamsPackageError(
      'INVALID_APP_ID',
      `MicrosoftAppId ${JSON.stringify(appId)} is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, hex digits).`,
    );
  }
  if (appId === PLACEHOLDER_ID) {
    throw new TeamsPackageError('INVALID_APP_ID', `MicrosoftAppId ${PLACEHOLDER_ID} is the placeholder, not a real app id.`);
  }
}

/**
 * Validates a manifest offline against the schema for its `manifestVersion` in manifest/schemas/ (JSON Schema
 * draft-04). Returns readable error lines; empty means valid.
 */
export async function validateTeamsManifest(manifest: unknown): Promise<string[]> {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string' || !/^\d+\.\d+$/.test(version)) return ['manifestVersion is missing or malformed'];
  let validate: ValidateFunction;
  try {
    validate = await schemaValidator(version);
  } catch (err) {
    return [`no usable schema for manifestVersion ${version} in ${SCHEMA_DIR}: ${(err as Error).message}`];
  }
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

const validators = new Map<string, Promise<ValidateFunction>>();

/** Compiling the 116 kB schema takes a few hundred ms, so each version is compiled once per process. */
function schemaValidator(version: string): Promise<ValidateFunction> {
  let validator = validators.get(version);
  if (!validator) {
    validator = compileSchema(path.join(SCHEMA_DIR, `teams-manifest-v${version}.schema.json`));
    validators.set(version, validator);
    validator.catch(() => validators.delete(version));
  }
  return validator;
}

async function compileSchema(file: string): Promise<ValidateFunction> {
  const schema = JSON.parse(await readFile(file, 'utf8')) as object;
  // ajv-draft-04 is CommonJS with `module.exports = Ajv` and `Ajv.default = Ajv`; under NodeNext typing the default
  // import is the module object, so take `.default`, which is the class both for tsc and at run time.
  const Ajv = AjvDraft04.default;
  // strict: false because the Microsoft schema uses keywords/annotations Ajv's strict mode rejects.
  // unicodeRegExp: false because one pattern in it (the Office add-in ".xll" one, with `\a`) is a syntax error
  // under the `u` flag; without the flag JavaScript reads `\a` as a literal "a".
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  // "uri" is the only format the schema uses; no ajv-formats dependency for one check.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  return ajv.compile(schema);
}

/** A manifest-relative file that must go into the zip; refuses anything that could escape the folder. */
function packagedFile(relative: string): string {
  const normal = path.posix.normalize(relative.replace(/^\.\//, ''));
  if (normal.startsWith('../') || normal === '..' || path.posix.isAbsolute(normal) || normal.includes('\\')) {
    throw new TeamsPackageError('INVALID_MANIFEST', `manifest refers to a file outside manifest/teams: ${relative}`);
  }
  return normal;
}

/**
 * Writes `<outDir>/meldcode-assistent.zip` with manifest.json (id, bots[].botId and webApplicationInfo.id set to
 * `appId`) and every file it refers to. Returns the absolute path of the zip.
 */
export async function buildTeamsPackage(appId: string, outDir: string): Promise<string> {
  assertAppId(appId);
  const manifest = JSON.parse(await readFile(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as TeamsManifest;

  manifest.id = appId;
  for (const bot of manifest.bots ?? []) bot.botId = appId;
  if (manifest.webApplicationInfo) manifest.webApplicationInfo.id = appId;

  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (text.includes(PLACEHOLDER_ID)) {
    throw new TeamsPackageError('INVALID_MANIFEST', `manifest.json still contains the placeholder id ${PLACEHOLDER_ID}`);
  }
  const errors = await validateTeamsManifest(manifest);
  if (errors.length > 0) {
    throw new TeamsPackageError('INVALID_MANIFEST', `manifest.json does not match its schema:\n  ${errors.join('\n  ')}`);
  }

  const files = new Set<string>([manifest.icons.color, manifest.icons.outline]);
  if (manifest.icons.color32x32) files.add(manifest.icons.color32x32);
  const l10n = manifest.localizationInfo;
  if (l10n?.defaultLanguageFile) files.add(l10n.defaultLanguageFile);
  for (const language of l10n?.additionalLanguages ?? []) files.add(language.file);

  const entries: Zippable = { 'manifest.json': Buffer.from(text, 'utf8') };
  for (const file of files) {
    const name = packagedFile(file);
    const data = await readFile(path.join(MANIFEST_DIR, name));
    // A PNG is compressed already: stored as it is.
    entries[name] = name.endsWith('.png') ? [data, { level: 0 }] : data;
  }

  const target = path.resolve(outDir, PACKAGE_FILE_NAME);
  await mkdir(path.dirname(target), { recursive: true });
  // A fixed time on every entry: the same manifest gives the same bytes.
  await writeFile(target, zipSync(entries, { level: 9, mtime: PACKAGE_DATE }));
  return target;
}

/** Developer URLs still pointing at the example.org placeholders. */
export async function placeholderUrls(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as TeamsManifest;
  const { websiteUrl, privacyUrl, termsOfUseUrl } = manifest.developer;
  return [websiteUrl, privacyUrl, termsOfUseUrl].filter((url) => url.startsWith(PLACEHOLDER_URL));
}

async function main(): Promise<number> {
  const appId = process.env['MicrosoftAppId']?.trim();
  try {
    assertAppId(appId);
    const file = await buildTeamsPackage(appId, DEFAULT_OUT_DIR);
    const placeholders = await placeholderUrls();
    if (placeholders.length > 0) {
      process.stderr.write(
        `warning: developer URLs are still placeholders (${placeholders.join(', ')}); replace them in ` +
          'manifest/teams/manifest.json with your organisation\'s pages before publishing.\n',
      );
    }
    process.stdout.write(`Teams app package written: ${path.relative(process.cwd(), file)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof TeamsPackageError) {
      process.stderr.write(`teams-package: ${err.message}\n`);
      return err.code === 'INVALID_APP_ID' ? 2 : 1;
    }
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
