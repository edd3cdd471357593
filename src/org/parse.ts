/**
 * Parsing and validating organisation settings: the published JSON Schema first, then the few rules a schema
 * cannot state, each failure a {@link SettingsError} that names the field and says what it must be.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { SECTORS } from '../domain/types.js';
import { SettingsError, SOCIAL_MAP_KINDS, type OrgSettings } from './model.js';
import { userKeyExamples } from './platforms.js';
import { SETTINGS_SCHEMA } from './schema.js';

// ---- parsing -------------------------------------------------------------------------------

/** The value as it appears in an error message: JSON, shortened. */
export function shown(v: unknown): string {
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

const USER_KEY_TEXT = `a user key like ${userKeyExamples()}`;
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
