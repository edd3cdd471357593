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
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { SECTORS, type SectorId } from '../domain/types.js';
import { SETTINGS_SCHEMA } from './schema.js';

export type SocialMapKind = 'buurtteam' | 'cjg' | 'veilig-thuis-regio' | 'tolk' | 'anders';
export const SOCIAL_MAP_KINDS: readonly SocialMapKind[] = ['buurtteam', 'cjg', 'veilig-thuis-regio', 'tolk', 'anders'];

/** A local contact the assistant can point to (sociale kaart). */
export interface SocialMapEntry {
  kind: SocialMapKind;
  /** Unique within the map (case-insensitive): `kaart-verwijderen` finds entries by label. */
  label: string;
  phone?: string;
  url?: string;
  note?: string;
}

/** Working time, in local time of `timeZone`: hours [start, end) on the listed days. */
export interface WorkingHours {
  /** First working hour, 0–23. */
  start: number;
  /** Hour at which work stops, 1–24, greater than start. */
  end: number;
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** IANA time zone, e.g. 'Europe/Amsterdam'. */
  timeZone: string;
}

export interface ReminderSettings {
  /** Working hours an ordinary case may stay unclaimed before the aandachtsfunctionarissen are reminded. */
  unclaimedWorkingHours: number;
  /** Clock minutes an urgent case may stay unclaimed before escalation (urgent cases do not wait for working hours). */
  urgentUnclaimedMinutes: number;
  /** Weeks after a help decision until afweging 5 is asked again. */
  followUpWeeks: number;
  /** Days without progress on an open case before a nudge. */
  nudgeDays: number;
  workingHours: WorkingHours;
}

export interface OrgSettings {
  sector?: SectorId;
  /** Platform user keys: "teams:<aad object id>", "slack:<team>:<user>", "web:<id>". */
  aandachtsfunctionarissen: string[];
  deputies: string[];
  beheerders: string[];
  reminders: ReminderSettings;
  retention: {
    /** Days after a case is closed until the assistant deletes its copy. A placeholder default, not advice. */
    daysAfterClose: number;
  };
  socialMap: SocialMapEntry[];
}

/** Defaults for every field. Deep-frozen: use {@link defaultSettings} for a copy you may change. */
export const DEFAULT_SETTINGS: OrgSettings = deepFreeze({
  aandachtsfunctionarissen: [],
  deputies: [],
  beheerders: [],
  reminders: {
    unclaimedWorkingHours: 4,
    urgentUnclaimedMinutes: 30,
    followUpWeeks: 6,
    nudgeDays: 7,
    workingHours: { start: 8, end: 17, days: [1, 2, 3, 4, 5], timeZone: 'Europe/Amsterdam' },
  },
  retention: { daysAfterClose: 730 },
  socialMap: [],
});

/** A fresh, mutable copy of {@link DEFAULT_SETTINGS}. */
export function defaultSettings(): OrgSettings {
  return structuredClone(DEFAULT_SETTINGS) as OrgSettings;
}

/**
 * Invalid settings. `field` is the path of the offending value ("reminders.workingHours.days[2]",
 * "socialMap[0].phone"); '' for the document as a whole. `file` is set when the settings came from a file.
 */
export class SettingsError extends Error {
  readonly code = 'SETTINGS_INVALID';
  readonly field: string;
  readonly file?: string;

  constructor(field: string, message: string, file?: string) {
    super(message);
    this.name = 'SettingsError';
    this.field = field;
    if (file !== undefined) this.file = file;
  }
}

// ---- parsing -------------------------------------------------------------------------------

export const USER_KEY = /^(teams|slack|web):[A-Za-z0-9:._-]{1,120}$/;

/** The value as it appears in an error message: JSON, shortened. */
function shown(v: unknown): string {
  if (v === undefined) return 'undefined';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    // Only reachable for values that cannot come from JSON (cycles, BigInt); the type is enough then.
    s = typeof v;
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

/** Edit distance, for "did you mean" on unknown keys. Keys are short, so the quadratic table is fine. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

/** Whether Intl knows the time zone. */
export function isValidTimeZone(tz: string): boolean {
  if (tz.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    // RangeError: Intl does not know the zone; that is the answer, not a failure.
    return false;
  }
}

// useDefaults fills missing fields from the schema's `default`s; verbose gives each error its value and schema,
// which the messages below need.
const validate: ValidateFunction = new Ajv({ useDefaults: true, verbose: true, allErrors: false, strict: true }).compile(SETTINGS_SCHEMA);

const USER_KEY_TEXT = 'a user key like "teams:<object id>", "slack:<team>:<user>" or "web:<id>"';
const TIME_ZONE_TEXT = 'an IANA time zone such as "Europe/Amsterdam"';
const URL_TEXT = 'an http:// or https:// address';

/** What a field must be, as the second half of "<field> must be …"; list positions are written "[]". */
const MUST: Record<string, string> = {
  sector: `one of ${SECTORS.join(', ')}`,
  aandachtsfunctionarissen: 'a list of user keys',
  'aandachtsfunctionarissen[]': USER_KEY_TEXT,
  deputies: 'a list of user keys',
  'deputies[]': USER_KEY_TEXT,
  beheerders: 'a list of user keys',
  'beheerders[]': USER_KEY_TEXT,
  'reminders.workingHours.days': 'a non-empty list of weekdays 1 (Monday) to 7 (Sunday)',
  'reminders.workingHours.timeZone': TIME_ZONE_TEXT,
  socialMap: 'a list of entries',
  'socialMap[].kind': `one of ${SOCIAL_MAP_KINDS.join(', ')}`,
  'socialMap[].label': '1 to 100 characters of text without line breaks or control characters',
  'socialMap[].note': 'at most 300 characters of text without line breaks or control characters',
  'socialMap[].phone': 'a phone number of 3 to 20 digits, spaces, +, ( ) or -',
  'socialMap[].url': URL_TEXT,
};

/** "/reminders/workingHours/days/1" → "reminders.workingHours.days[1]". */
function fieldOf(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = /^\d+$/.test(part) ? `${out}[${part}]` : join(out, part);
  }
  return out;
}

/** Turns the schema's first complaint into a {@link SettingsError} that names the field and says what it must be. */
function schemaError(err: ErrorObject): SettingsError {
  const field = fieldOf(err.instancePath);
  const parent = (err.parentSchema ?? {}) as { type?: string; minimum?: number; maximum?: number; maxItems?: number; properties?: Record<string, unknown> };
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = (err.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(parent.properties ?? {});
      const near = known.find((k) => distance(k, key) <= 3);
      const hint = near ? ` Did you mean "${near}"?` : ` Known: ${known.join(', ')}.`;
      return new SettingsError(join(field, key), `${join(field, key)} is not a known setting.${hint}`);
    }
    case 'uniqueItems': {
      const list = err.data as unknown[];
      const seen = list.map((x) => JSON.stringify(x));
      const dup = seen.findIndex((x, i) => seen.indexOf(x) !== i);
      return new SettingsError(`${field}[${dup}]`, `${field}[${dup}] ${shown(list[dup])} is listed twice.`);
    }
    case 'maxItems':
      return new SettingsError(field, `${field} may hold at most ${parent.maxItems} ${field === 'socialMap' ? 'entries' : 'user keys'}, not ${(err.data as unknown[]).length}.`);
    default:
      break;
  }
  const missing = err.keyword === 'required' ? (err.params as { missingProperty: string }).missingProperty : undefined;
  const f = missing === undefined ? field : join(field, missing);
  const value = missing === undefined ? err.data : undefined;
  let must: string;
  if (parent.type === 'number' || parent.type === 'integer') {
    must = `${parent.type === 'integer' ? 'a whole number' : 'a number'} from ${parent.minimum} to ${parent.maximum}`;
  } else {
    must = MUST[f.replace(/\[\d+\]/g, '[]')] ?? 'a JSON object';
  }
  return new SettingsError(f, `${f === '' ? 'The settings' : f} must be ${must}, not ${shown(value)}.`);
}

/**
 * Validates settings (from JSON, or from another module) and fills defaults for missing fields: first against
 * the published JSON Schema ({@link SETTINGS_SCHEMA}), then the few rules a schema cannot state. Unknown keys,
 * wrong types and out-of-range values throw a {@link SettingsError} naming the field. Returns a new object.
 */
export function parseSettings(json: unknown): OrgSettings {
  // A copy: filling defaults must not change the caller's object.
  const data: unknown = json === undefined ? undefined : JSON.parse(JSON.stringify(json));
  if (!validate(data)) throw schemaError(validate.errors![0]!);
  const s = data as OrgSettings;
  const wh = s.reminders.workingHours;
  const f = 'reminders.workingHours';
  if (wh.end <= wh.start) throw new SettingsError(`${f}.end`, `${f}.end must be later than ${f}.start (${wh.start}), not ${wh.end}.`);
  if (!isValidTimeZone(wh.timeZone)) throw new SettingsError(`${f}.timeZone`, `${f}.timeZone must be ${TIME_ZONE_TEXT}, not ${shown(wh.timeZone)}.`);
  wh.days.sort((a, b) => a - b);
  const labels = new Set<string>();
  s.socialMap.forEach((e, i) => {
    const at = `socialMap[${i}]`;
    e.label = e.label.trim();
    const key = e.label.toLowerCase();
    if (labels.has(key)) throw new SettingsError(`${at}.label`, `${at}.label "${e.label}" is used twice.`);
    labels.add(key);
    if (e.phone !== undefined) e.phone = e.phone.trim();
    if (e.note !== undefined) e.note = e.note.trim();
    if (e.url !== undefined) {
      e.url = e.url.trim();
      if (!plainWebAddress(e.url)) throw new SettingsError(`${at}.url`, `${at}.url must be ${URL_TEXT}, not ${shown(e.url)}.`);
    }
  });
  return s;
}

/** An http(s) address with a host and without credentials (a URL parser's view, which a pattern cannot give). */
function plainWebAddress(u: string): boolean {
  try {
    const parsed = new URL(u);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
  } catch {
    // TypeError from URL: not a URL.
    return false;
  }
}

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

// ---- chat commands -------------------------------------------------------------------------

type PeopleField = 'aandachtsfunctionarissen' | 'deputies' | 'beheerders';

/** Chat commands a beheerder can use, in the order help lists them. */
export const SETTING_COMMANDS = [
  'sector',
  'herinnering',
  'urgent',
  'followup',
  'nudge',
  'bewaartermijn',
  'af-toevoegen',
  'af-verwijderen',
  'plaatsvervanger-toevoegen',
  'plaatsvervanger-verwijderen',
  'beheerder-toevoegen',
  'beheerder-verwijderen',
  'kaart-toevoegen',
  'kaart-verwijderen',
] as const;
export type SettingCommand = (typeof SETTING_COMMANDS)[number];

const PEOPLE: Record<string, { field: PeopleField; add: boolean }> = {
  'af-toevoegen': { field: 'aandachtsfunctionarissen', add: true },
  'af-verwijderen': { field: 'aandachtsfunctionarissen', add: false },
  'plaatsvervanger-toevoegen': { field: 'deputies', add: true },
  'plaatsvervanger-verwijderen': { field: 'deputies', add: false },
  'beheerder-toevoegen': { field: 'beheerders', add: true },
  'beheerder-verwijderen': { field: 'beheerders', add: false },
};

/** "4", "0,5" or "1.5" as a number; anything else stays text, so validation reports it as typed. */
function numeric(value: string): number | string {
  return /^\d+([.,]\d+)?$/.test(value) ? Number(value.replace(',', '.')) : value;
}

/**
 * Applies one chat command ("herinnering 4", "af-toevoegen teams:…", "kaart-toevoegen cjg|CJG Noord|")
 * and returns a new, validated settings object; `s` is not changed. Throws a {@link SettingsError} for an
 * unknown command or a bad value, naming the field it would have changed.
 */
export function applySettingCommand(s: OrgSettings, key: string, value: string): OrgSettings {
  const cmd = key.trim().toLowerCase();
  const v = value.trim();
  const next = structuredClone(s) as OrgSettings;
  const people = PEOPLE[cmd];
  if (people) {
    const { field, add } = people;
    const list = [...(next[field] ?? [])];
    if (add) {
      if (list.includes(v)) throw new SettingsError(field, `${field} already holds "${v}".`);
      list.push(v);
    } else {
      const i = list.indexOf(v);
      if (i < 0) throw new SettingsError(field, `${field} does not hold ${shown(v)}.`);
      list.splice(i, 1);
      if (field === 'beheerders' && list.length === 0) {
        throw new SettingsError(field, `Removing "${v}" would leave no beheerder; add another beheerder first.`);
      }
    }
    next[field] = list;
    return parseSettings(next);
  }
  switch (cmd) {
    case 'sector':
      if (v.toLowerCase() === 'geen') delete next.sector;
      else next.sector = v as SectorId;
      return parseSettings(next);
    case 'herinnering':
      return parseSettings({ ...next, reminders: { ...next.reminders, unclaimedWorkingHours: numeric(v) } });
    case 'urgent':
      return parseSettings({ ...next, reminders: { ...next.reminders, urgentUnclaimedMinutes: numeric(v) } });
    case 'followup':
      return parseSettings({ ...next, reminders: { ...next.reminders, followUpWeeks: numeric(v) } });
    case 'nudge':
      return parseSettings({ ...next, reminders: { ...next.reminders, nudgeDays: numeric(v) } });
    case 'bewaartermijn':
      return parseSettings({ ...next, retention: { ...next.retention, daysAfterClose: numeric(v) } });
    case 'kaart-toevoegen': {
      const parts = v.split('|').map((p) => p.trim());
      if (parts.length < 2 || parts.length > 3) {
        throw new SettingsError('socialMap', 'kaart-toevoegen needs "<soort>|<naam>" or "<soort>|<naam>|<telefoon>".');
      }
      const [kind, label, phone] = parts as [string, string, string | undefined];
      const entry: Record<string, unknown> = { kind, label };
      if (phone) entry.phone = phone;
      return parseSettings({ ...next, socialMap: [...next.socialMap, entry] });
    }
    case 'kaart-verwijderen': {
      const i = next.socialMap.findIndex((e) => e.label.toLowerCase() === v.toLowerCase());
      if (i < 0) throw new SettingsError('socialMap', `socialMap has no entry labelled ${shown(v)}.`);
      next.socialMap.splice(i, 1);
      return parseSettings(next);
    }
    default:
      throw new SettingsError(cmd, `Unknown setting command ${shown(key)}. Known: ${SETTING_COMMANDS.join(', ')}.`);
  }
}

// ---- summary -------------------------------------------------------------------------------

const DAY_NAMES = {
  nl: ['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
} as const;

const KIND_NAMES: Record<'nl' | 'en', Record<SocialMapKind, string>> = {
  nl: { buurtteam: 'buurtteam', cjg: 'CJG', 'veilig-thuis-regio': 'Veilig Thuis (regio)', tolk: 'tolk', anders: 'anders' },
  en: { buurtteam: 'neighbourhood team', cjg: 'CJG', 'veilig-thuis-regio': 'Veilig Thuis (region)', tolk: 'interpreter', anders: 'other' },
};

/** "ma–vr" for a run of consecutive days, "ma, wo, vr" otherwise. */
function describeDays(days: readonly number[], lang: 'nl' | 'en'): string {
  const names = DAY_NAMES[lang];
  const sorted = [...days].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first !== undefined && last !== undefined && sorted.length > 2 && last - first === sorted.length - 1) {
    return `${names[first - 1]}–${names[last - 1]}`;
  }
  return sorted.map((d) => names[d - 1]).join(', ');
}

function people(label: string, keys: readonly string[], none: string): string {
  return `${label}: ${keys.length}${keys.length > 0 ? ` (${keys.join(', ')})` : ` — ${none}`}`;
}

/** A readable summary for a beheerder in chat. Settings hold no case content, so all of it may be shown. */
export function describeSettings(s: OrgSettings, lang: 'nl' | 'en'): string {
  const r = s.reminders;
  const wh = r.workingHours;
  const hours = `${describeDays(wh.days, lang)} ${wh.start}:00–${wh.end}:00 (${wh.timeZone})`;
  const map = s.socialMap.map((e) => `  - ${KIND_NAMES[lang][e.kind]}: ${e.label}${e.phone ? `, ${e.phone}` : ''}${e.url ? `, ${e.url}` : ''}`);
  if (lang === 'nl') {
    return [
      'Instellingen van de organisatie',
      `Sector: ${s.sector ?? 'niet ingesteld'}`,
      people('Aandachtsfunctionarissen', s.aandachtsfunctionarissen, 'nog niemand'),
      people('Plaatsvervangers', s.deputies, 'nog niemand'),
      people('Beheerders', s.beheerders, 'nog niemand'),
      `Herinnering als niemand een casus oppakt: na ${r.unclaimedWorkingHours} werkuur/-uren; urgent: na ${r.urgentUnclaimedMinutes} minuten`,
      `Vervolgvraag (afweging 5): na ${r.followUpWeeks} weken; geheugensteun bij stilstand: na ${r.nudgeDays} dagen`,
      `Werktijden: ${hours}`,
      `Bewaartermijn na afsluiten: ${s.retention.daysAfterClose} dagen`,
      `Sociale kaart: ${s.socialMap.length} ${s.socialMap.length === 1 ? 'ingang' : 'ingangen'}`,
      ...map,
    ].join('\n');
  }
  return [
    'Organisation settings',
    `Sector: ${s.sector ?? 'not set'}`,
    people('Aandachtsfunctionarissen (designated leads)', s.aandachtsfunctionarissen, 'none yet'),
    people('Deputies', s.deputies, 'none yet'),
    people('Administrators (beheerders)', s.beheerders, 'none yet'),
    `Reminder when nobody claims a case: after ${r.unclaimedWorkingHours} working hour(s); urgent: after ${r.urgentUnclaimedMinutes} minutes`,
    `Follow-up question (afweging 5): after ${r.followUpWeeks} weeks; nudge when a case stalls: after ${r.nudgeDays} days`,
    `Working hours: ${hours}`,
    `Retention after closing: ${s.retention.daysAfterClose} days`,
    `Social map: ${s.socialMap.length} ${s.socialMap.length === 1 ? 'entry' : 'entries'}`,
    ...map,
  ].join('\n');
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
