/**
 * Organisation settings: who the aandachtsfunctionarissen, deputies and beheerders are, reminder and retention
 * terms, working hours and the sociale kaart. Kept in one JSON file per installation (meldcode.settings.json),
 * validated strictly on load, and editable in chat by a beheerder through a small whitelist of commands.
 *
 * Nothing here holds case content. See docs/settings.md for every field, its default and range.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { defaultSettings, SettingsError, type OrgSettings } from './model.js';
import { parseSettings } from './parse.js';

// The settings module's public face: the model (model.ts), parsing (parse.ts), the chat commands and summary
// (commands.ts), the platforms a user key names (platforms.ts); the file itself is read and written here.
export * from './model.js';
export { isValidTimeZone, parseSettings } from './parse.js';
export { applySettingCommand, describeSettings, SETTING_COMMANDS, type SettingCommand } from './commands.js';
export { PLATFORMS, USER_KEY, type Platform } from './platforms.js';

// ---- file ----------------------------------------------------------------------------------

/**
 * Reads and validates a settings file. A missing file gives a copy of the defaults (a fresh installation);
 * anything else that is wrong throws a {@link SettingsError} that names the file, so start-up stops with a
 * message the beheerder can act on rather than running with settings nobody chose.
 */
export async function loadSettingsFile(file: string): Promise<OrgSettings> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return defaultSettings();
    throw e;
  }
  let json: unknown;
  try {
    // Editors on Windows may save a byte-order mark; JSON.parse would reject it.
    json = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new SettingsError('', `Settings file ${file} is not valid JSON: ${(e as Error).message}`, file);
  }
  try {
    return parseSettings(json);
  } catch (e) {
    if (e instanceof SettingsError) throw new SettingsError(e.field, `Settings file ${file}: ${e.message}`, file);
    throw e;
  }
}

/**
 * Validates and writes settings atomically: a temporary file in the same folder (same file system, so the
 * rename is atomic), flushed to disk, mode 0600, then renamed over the target. A crash leaves either the old
 * or the new file, never half of one. Invalid settings throw before anything is written.
 */
export async function saveSettingsFile(file: string, s: OrgSettings): Promise<void> {
  const body = `${JSON.stringify(parseSettings(s), null, 2)}\n`;
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    try {
      // The mode given to open() is reduced by the umask; set it explicitly.
      await fh.chmod(0o600);
      await fh.writeFile(body, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (e) {
    // The original error is the one worth reporting; a temporary file that is already gone is fine.
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await syncDir(dir);
}

/** Flushes the rename itself; best effort, as some file systems (and Windows) refuse fsync on a folder. */
async function syncDir(dir: string): Promise<void> {
  try {
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // The file is already renamed into place; a folder fsync that is not supported only weakens durability.
  }
}
