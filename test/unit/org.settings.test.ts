/**
 * Organisation settings: parsing with defaults, strict validation that names the field, the settings file
 * (load, atomic save), the beheerder's chat commands and the summary.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applySettingCommand,
  DEFAULT_SETTINGS,
  defaultSettings,
  describeSettings,
  loadSettingsFile,
  parseSettings,
  saveSettingsFile,
  SettingsError,
  type OrgSettings,
} from '../../src/org/settings.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const AF1 = 'teams:00000000-0000-0000-0000-000000000001';
const AF2 = 'slack:T00000000:U00000002';
const BH = 'web:beheerder-1';

/** Runs `fn`, expects a SettingsError, and returns it. */
function settingsError(fn: () => unknown): SettingsError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return e as SettingsError;
  }
  throw new Error('expected a SettingsError');
}

async function settingsErrorAsync(p: Promise<unknown>): Promise<SettingsError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return e as SettingsError;
  }
  throw new Error('expected a SettingsError');
}

describe('parseSettings', () => {
  it('fills every default for an empty object', () => {
    const s = parseSettings({});
    expect(s).toEqual({
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
    expect(s).toEqual(DEFAULT_SETTINGS);
    expect(s.sector).toBeUndefined();
  });

  it('fills defaults inside partially given nested objects', () => {
    const s = parseSettings({ reminders: { nudgeDays: 3, workingHours: { start: 9 } } });
    expect(s.reminders.nudgeDays).toBe(3);
    expect(s.reminders.unclaimedWorkingHours).toBe(4);
    expect(s.reminders.workingHours).toEqual({ start: 9, end: 17, days: [1, 2, 3, 4, 5], timeZone: 'Europe/Amsterdam' });
  });

  it('keeps valid values and returns a new object', () => {
    const input = {
      sector: 'kinderopvang',
      aandachtsfunctionarissen: [AF1, AF2],
      beheerders: [BH],
      reminders: { unclaimedWorkingHours: 0.5, workingHours: { start: 0, end: 24, days: [7, 6], timeZone: 'America/New_York' } },
      retention: { daysAfterClose: 7300 },
      socialMap: [{ kind: 'cjg', label: ' CJG Noord ', url: 'https://example.org/cjg', phone: '+31 (0)20-000 0000', note: 'x' }],
    };
    const s = parseSettings(input);
    expect(s.sector).toBe('kinderopvang');
    expect(s.aandachtsfunctionarissen).toEqual([AF1, AF2]);
    expect(s.reminders.unclaimedWorkingHours).toBe(0.5);
    expect(s.reminders.workingHours.days).toEqual([6, 7]);
    expect(s.socialMap[0]).toEqual({ kind: 'cjg', label: 'CJG Noord', url: 'https://example.org/cjg', phone: '+31 (0)20-000 0000', note: 'x' });
    expect(s.aandachtsfunctionarissen).not.toBe(input.aandachtsfunctionarissen);
  });

  it('has a frozen DEFAULT_SETTINGS and hands out mutable copies', () => {
    expect(Object.isFrozen(DEFAULT_SETTINGS.beheerders)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SETTINGS.reminders.workingHours)).toBe(true);
    const copy = defaultSettings();
    copy.beheerders.push(BH);
    expect(DEFAULT_SETTINGS.beheerders).toEqual([]);
  });

  // [description, input, field the error must name]
  const BAD: Array<[string, unknown, string]> = [
    ['not an object', 'hello', ''],
    ['an array', [], ''],
    ['null', null, ''],
    ['unknown top-level key (typo)', { aandachtsfunctionarisen: [] }, 'aandachtsfunctionarisen'],
    ['unknown top-level key', { colour: 'red' }, 'colour'],
    ['sector not in SECTORS', { sector: 'politie' }, 'sector'],
    ['sector wrong type', { sector: 3 }, 'sector'],
    ['sector null', { sector: null }, 'sector'],
    ['AF list not an array', { aandachtsfunctionarissen: AF1 }, 'aandachtsfunctionarissen'],
    ['AF key without platform', { aandachtsfunctionarissen: ['00000000-0000'] }, 'aandachtsfunctionarissen[0]'],
    ['AF key of unknown platform', { aandachtsfunctionarissen: [AF1, 'mail:a@b.nl'] }, 'aandachtsfunctionarissen[1]'],
    ['AF key with space', { aandachtsfunctionarissen: ['teams:a b'] }, 'aandachtsfunctionarissen[0]'],
    ['AF key too long', { aandachtsfunctionarissen: [`web:${'a'.repeat(121)}`] }, 'aandachtsfunctionarissen[0]'],
    ['AF key empty id', { aandachtsfunctionarissen: ['web:'] }, 'aandachtsfunctionarissen[0]'],
    ['AF key not a string', { aandachtsfunctionarissen: [42] }, 'aandachtsfunctionarissen[0]'],
    ['AF key twice', { aandachtsfunctionarissen: [AF1, AF2, AF1] }, 'aandachtsfunctionarissen[2]'],
    ['deputy key bad', { deputies: ['teams:'] }, 'deputies[0]'],
    ['beheerder key bad', { beheerders: [BH, 'web:x/y'] }, 'beheerders[1]'],
    ['reminders not an object', { reminders: 4 }, 'reminders'],
    ['unknown reminders key (typo)', { reminders: { unclaimedWorkingHour: 4 } }, 'reminders.unclaimedWorkingHour'],
    ['unclaimedWorkingHours as text', { reminders: { unclaimedWorkingHours: 'x' } }, 'reminders.unclaimedWorkingHours'],
    ['unclaimedWorkingHours too small', { reminders: { unclaimedWorkingHours: 0.1 } }, 'reminders.unclaimedWorkingHours'],
    ['unclaimedWorkingHours too large', { reminders: { unclaimedWorkingHours: 169 } }, 'reminders.unclaimedWorkingHours'],
    ['unclaimedWorkingHours null', { reminders: { unclaimedWorkingHours: null } }, 'reminders.unclaimedWorkingHours'],
    ['urgentUnclaimedMinutes too small', { reminders: { urgentUnclaimedMinutes: 4 } }, 'reminders.urgentUnclaimedMinutes'],
    ['urgentUnclaimedMinutes too large', { reminders: { urgentUnclaimedMinutes: 1441 } }, 'reminders.urgentUnclaimedMinutes'],
    ['urgentUnclaimedMinutes fractional', { reminders: { urgentUnclaimedMinutes: 30.5 } }, 'reminders.urgentUnclaimedMinutes'],
    ['followUpWeeks 0', { reminders: { followUpWeeks: 0 } }, 'reminders.followUpWeeks'],
    ['followUpWeeks 53', { reminders: { followUpWeeks: 53 } }, 'reminders.followUpWeeks'],
    ['followUpWeeks as text', { reminders: { followUpWeeks: '6' } }, 'reminders.followUpWeeks'],
    ['nudgeDays 0', { reminders: { nudgeDays: 0 } }, 'reminders.nudgeDays'],
    ['nudgeDays 61', { reminders: { nudgeDays: 61 } }, 'reminders.nudgeDays'],
    ['workingHours not an object', { reminders: { workingHours: '8-17' } }, 'reminders.workingHours'],
    ['unknown workingHours key', { reminders: { workingHours: { begin: 8 } } }, 'reminders.workingHours.begin'],
    ['start negative', { reminders: { workingHours: { start: -1 } } }, 'reminders.workingHours.start'],
    ['start 24', { reminders: { workingHours: { start: 24, end: 24 } } }, 'reminders.workingHours.start'],
    ['start fractional', { reminders: { workingHours: { start: 8.5 } } }, 'reminders.workingHours.start'],
    ['end 25', { reminders: { workingHours: { end: 25 } } }, 'reminders.workingHours.end'],
    ['end 0', { reminders: { workingHours: { end: 0 } } }, 'reminders.workingHours.end'],
    ['end not after start', { reminders: { workingHours: { start: 17, end: 8 } } }, 'reminders.workingHours.end'],
    ['end equal to start', { reminders: { workingHours: { start: 9, end: 9 } } }, 'reminders.workingHours.end'],
    ['days empty', { reminders: { workingHours: { days: [] } } }, 'reminders.workingHours.days'],
    ['days not a list', { reminders: { workingHours: { days: 'ma-vr' } } }, 'reminders.workingHours.days'],
    ['day 0', { reminders: { workingHours: { days: [0, 1] } } }, 'reminders.workingHours.days[0]'],
    ['day 8', { reminders: { workingHours: { days: [1, 8] } } }, 'reminders.workingHours.days[1]'],
    ['day as text', { reminders: { workingHours: { days: [1, 'di'] } } }, 'reminders.workingHours.days[1]'],
    ['day twice', { reminders: { workingHours: { days: [1, 2, 1] } } }, 'reminders.workingHours.days[2]'],
    ['unknown time zone', { reminders: { workingHours: { timeZone: 'Europe/Amsterdamm' } } }, 'reminders.workingHours.timeZone'],
    ['empty time zone', { reminders: { workingHours: { timeZone: '' } } }, 'reminders.workingHours.timeZone'],
    ['time zone wrong type', { reminders: { workingHours: { timeZone: 1 } } }, 'reminders.workingHours.timeZone'],
    ['retention not an object', { retention: 730 }, 'retention'],
    ['unknown retention key', { retention: { days: 730 } }, 'retention.days'],
    ['daysAfterClose too small', { retention: { daysAfterClose: 29 } }, 'retention.daysAfterClose'],
    ['daysAfterClose too large', { retention: { daysAfterClose: 36501 } }, 'retention.daysAfterClose'],
    ['daysAfterClose fractional', { retention: { daysAfterClose: 730.5 } }, 'retention.daysAfterClose'],
    ['socialMap not a list', { socialMap: {} }, 'socialMap'],
    ['socialMap entry not an object', { socialMap: ['CJG'] }, 'socialMap[0]'],
    ['socialMap unknown key', { socialMap: [{ kind: 'cjg', label: 'CJG', telefoon: '010' }] }, 'socialMap[0].telefoon'],
    ['socialMap unknown kind', { socialMap: [{ kind: 'politie', label: 'Politie' }] }, 'socialMap[0].kind'],
    ['socialMap kind missing', { socialMap: [{ label: 'CJG' }] }, 'socialMap[0].kind'],
    ['socialMap label missing', { socialMap: [{ kind: 'cjg' }] }, 'socialMap[0].label'],
    ['socialMap label empty', { socialMap: [{ kind: 'cjg', label: '   ' }] }, 'socialMap[0].label'],
    ['socialMap label too long', { socialMap: [{ kind: 'cjg', label: 'x'.repeat(101) }] }, 'socialMap[0].label'],
    ['socialMap label with line break', { socialMap: [{ kind: 'cjg', label: 'CJG\nNoord' }] }, 'socialMap[0].label'],
    ['socialMap phone with letters', { socialMap: [{ kind: 'cjg', label: 'CJG', phone: '0800-CJG' }] }, 'socialMap[0].phone'],
    ['socialMap phone too short', { socialMap: [{ kind: 'cjg', label: 'CJG', phone: '12' }] }, 'socialMap[0].phone'],
    ['socialMap phone too long', { socialMap: [{ kind: 'cjg', label: 'CJG', phone: '1'.repeat(21) }] }, 'socialMap[0].phone'],
    ['socialMap phone as number', { socialMap: [{ kind: 'cjg', label: 'CJG', phone: 8002000 }] }, 'socialMap[0].phone'],
    ['socialMap url javascript:', { socialMap: [{ kind: 'cjg', label: 'CJG', url: 'javascript:alert(1)' }] }, 'socialMap[0].url'],
    ['socialMap url ftp', { socialMap: [{ kind: 'cjg', label: 'CJG', url: 'ftp://example.org' }] }, 'socialMap[0].url'],
    ['socialMap url without scheme', { socialMap: [{ kind: 'cjg', label: 'CJG', url: 'example.org' }] }, 'socialMap[0].url'],
    ['socialMap url with credentials', { socialMap: [{ kind: 'cjg', label: 'CJG', url: 'https://a:b@example.org' }] }, 'socialMap[0].url'],
    ['socialMap note too long', { socialMap: [{ kind: 'cjg', label: 'CJG', note: 'x'.repeat(301) }] }, 'socialMap[0].note'],
    [
      'socialMap duplicate label',
      { socialMap: [{ kind: 'cjg', label: 'CJG' }, { kind: 'buurtteam', label: 'cjg' }] },
      'socialMap[1].label',
    ],
  ];

  it.each(BAD)('rejects %s, naming the field', (_name, input, field) => {
    const e = settingsError(() => parseSettings(input));
    expect(e.code).toBe('SETTINGS_INVALID');
    expect(e.field).toBe(field);
    if (field !== '') expect(e.message).toContain(field);
  });

  it('words a range error as the brief asks', () => {
    const e = settingsError(() => parseSettings({ reminders: { unclaimedWorkingHours: 'x' } }));
    expect(e.message).toBe('reminders.unclaimedWorkingHours must be a number from 0.25 to 168, not "x".');
  });

  it('suggests the intended key for a typo', () => {
    expect(settingsError(() => parseSettings({ reminders: { nudgeDay: 3 } })).message).toContain('Did you mean "nudgeDays"?');
  });
});

describe('settings file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'meldcode-settings-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives a copy of the defaults when the file is missing', async () => {
    const s = await loadSettingsFile(path.join(dir, 'missing.json'));
    expect(s).toEqual(DEFAULT_SETTINGS);
    s.beheerders.push(BH);
    expect(DEFAULT_SETTINGS.beheerders).toEqual([]);
  });

  it('names the file for corrupt JSON', async () => {
    const file = path.join(dir, 'corrupt.json');
    await writeFile(file, '{ "sector": "onderwijs", ');
    const e = await settingsErrorAsync(loadSettingsFile(file));
    expect(e.message).toContain(file);
    expect(e.message).toContain('not valid JSON');
    expect(e.file).toBe(file);
    expect(e.field).toBe('');
  });

  it('names the file and the field for invalid content', async () => {
    const file = path.join(dir, 'invalid.json');
    await writeFile(file, JSON.stringify({ retention: { daysAfterClose: 5 } }));
    const e = await settingsErrorAsync(loadSettingsFile(file));
    expect(e.field).toBe('retention.daysAfterClose');
    expect(e.message).toContain(file);
    expect(e.message).toContain('retention.daysAfterClose');
  });

  it('accepts a byte-order mark', async () => {
    const file = path.join(dir, 'bom.json');
    await writeFile(file, '\uFEFF{"sector":"zorg"}');
    expect((await loadSettingsFile(file)).sector).toBe('zorg');
  });

  it('loads the example file in the repository root', async () => {
    const s = await loadSettingsFile(path.join(ROOT, 'meldcode.settings.example.json'));
    expect(s.aandachtsfunctionarissen.length).toBeGreaterThan(0);
    expect(s.beheerders.length).toBeGreaterThan(0);
    expect(s.socialMap.map((e) => e.kind).sort()).toEqual(['buurtteam', 'cjg', 'tolk', 'veilig-thuis-regio']);
    // Only the national Veilig Thuis number is filled in; local numbers are left to the organisation.
    expect(s.socialMap.filter((e) => e.phone).map((e) => e.phone)).toEqual(['0800-2000']);
    for (const e of s.socialMap.filter((x) => !x.phone)) expect(e.note?.toLowerCase()).toContain('vul het nummer van uw eigen regio in');
    // The example is complete: every field is spelled out, so parsing adds nothing.
    const raw: unknown = JSON.parse(await readFile(path.join(ROOT, 'meldcode.settings.example.json'), 'utf8'));
    expect(s).toEqual(raw);
  });

  it('saves pretty JSON with mode 0600 and round-trips', async () => {
    const file = path.join(dir, 'roundtrip.json');
    const s: OrgSettings = { ...defaultSettings(), sector: 'jgz', aandachtsfunctionarissen: [AF1], beheerders: [BH] };
    s.socialMap.push({ kind: 'tolk', label: 'Tolk', url: 'https://example.org/tolk' });
    await saveSettingsFile(file, s);
    expect(await loadSettingsFile(file)).toEqual(s);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('\n  "sector": "jgz"');
    expect(text.endsWith('}\n')).toBe(true);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('replaces the file by rename (new inode, old mode gone) and leaves no temporary file', async () => {
    const sub = await mkdtemp(path.join(dir, 'atomic-'));
    const file = path.join(sub, 'meldcode.settings.json');
    await writeFile(file, '{}', { mode: 0o644 });
    const before = await stat(file);
    await saveSettingsFile(file, { ...defaultSettings(), sector: 'zorg' });
    const after = await stat(file);
    expect(after.ino).not.toBe(before.ino);
    if (process.platform !== 'win32') expect(after.mode & 0o777).toBe(0o600);
    expect(await readdir(sub)).toEqual(['meldcode.settings.json']);
  });

  it('writes nothing when the settings are invalid', async () => {
    const sub = await mkdtemp(path.join(dir, 'invalid-'));
    const file = path.join(sub, 'meldcode.settings.json');
    await saveSettingsFile(file, { ...defaultSettings(), sector: 'zorg' });
    const bad = { ...defaultSettings(), retention: { daysAfterClose: 1 } };
    const e = await settingsErrorAsync(saveSettingsFile(file, bad));
    expect(e.field).toBe('retention.daysAfterClose');
    expect((await loadSettingsFile(file)).sector).toBe('zorg');
    expect(await readdir(sub)).toEqual(['meldcode.settings.json']);
  });

  it('leaves no temporary file when the rename fails', async () => {
    const sub = await mkdtemp(path.join(dir, 'renamefail-'));
    // A non-empty directory where the file should go: the write succeeds, the rename cannot.
    const target = path.join(sub, 'meldcode.settings.json');
    await mkdir(target);
    await writeFile(path.join(target, 'x'), '');
    await expect(saveSettingsFile(target, defaultSettings())).rejects.toThrow();
    expect(await readdir(sub)).toEqual(['meldcode.settings.json']);
  });
});

describe('applySettingCommand', () => {
  const base = (): OrgSettings => ({ ...defaultSettings(), aandachtsfunctionarissen: [AF1], beheerders: [BH] });

  it.each([
    ['herinnering', '2', (s: OrgSettings) => s.reminders.unclaimedWorkingHours, 2],
    ['herinnering', '0,5', (s: OrgSettings) => s.reminders.unclaimedWorkingHours, 0.5],
    ['herinnering', '1.5', (s: OrgSettings) => s.reminders.unclaimedWorkingHours, 1.5],
    ['urgent', '15', (s: OrgSettings) => s.reminders.urgentUnclaimedMinutes, 15],
    ['followup', '8', (s: OrgSettings) => s.reminders.followUpWeeks, 8],
    ['nudge', '14', (s: OrgSettings) => s.reminders.nudgeDays, 14],
    ['bewaartermijn', '7300', (s: OrgSettings) => s.retention.daysAfterClose, 7300],
    ['sector', 'kinderopvang', (s: OrgSettings) => s.sector, 'kinderopvang'],
    ['Sector', ' zorg ', (s: OrgSettings) => s.sector, 'zorg'],
  ] as const)('%s %s', (key, value, get, expected) => {
    const s = base();
    const next = applySettingCommand(s, key, value);
    expect(get(next)).toBe(expected);
    expect(s).toEqual(base()); // the input is not changed
  });

  it('clears the sector with "geen"', () => {
    expect(applySettingCommand({ ...base(), sector: 'zorg' }, 'sector', 'geen').sector).toBeUndefined();
  });

  it.each([
    ['herinnering', 'x', 'reminders.unclaimedWorkingHours'],
    ['herinnering', '0', 'reminders.unclaimedWorkingHours'],
    ['herinnering', '200', 'reminders.unclaimedWorkingHours'],
    ['herinnering', '-1', 'reminders.unclaimedWorkingHours'],
    ['urgent', '2', 'reminders.urgentUnclaimedMinutes'],
    ['urgent', '10,5', 'reminders.urgentUnclaimedMinutes'],
    ['followup', '0', 'reminders.followUpWeeks'],
    ['followup', 'zes', 'reminders.followUpWeeks'],
    ['nudge', '61', 'reminders.nudgeDays'],
    ['bewaartermijn', '10', 'retention.daysAfterClose'],
    ['bewaartermijn', '', 'retention.daysAfterClose'],
    ['sector', 'politie', 'sector'],
    ['af-toevoegen', 'jan@school.nl', 'aandachtsfunctionarissen[1]'],
    ['af-toevoegen', AF1, 'aandachtsfunctionarissen'],
    ['af-verwijderen', AF2, 'aandachtsfunctionarissen'],
    ['plaatsvervanger-toevoegen', 'teams:', 'deputies[0]'],
    ['plaatsvervanger-verwijderen', AF2, 'deputies'],
    ['beheerder-toevoegen', 'slack:bad key', 'beheerders[1]'],
    ['beheerder-toevoegen', BH, 'beheerders'],
    ['beheerder-verwijderen', AF2, 'beheerders'],
    ['kaart-toevoegen', 'politie|Wijkagent', 'socialMap[0].kind'],
    ['kaart-toevoegen', 'cjg|', 'socialMap[0].label'],
    ['kaart-toevoegen', 'cjg|CJG|bel ons', 'socialMap[0].phone'],
    ['kaart-toevoegen', 'cjg', 'socialMap'],
    ['kaart-toevoegen', 'cjg|CJG|010|extra', 'socialMap'],
    ['kaart-verwijderen', 'Onbekend', 'socialMap'],
    ['wachtwoord', 'geheim', 'wachtwoord'],
  ])('%s %j is refused, naming %s', (key, value, field) => {
    const e = settingsError(() => applySettingCommand(base(), key, value));
    expect(e.code).toBe('SETTINGS_INVALID');
    expect(e.field).toBe(field);
  });

  it('adds and removes aandachtsfunctionarissen, deputies and beheerders', () => {
    let s = base();
    s = applySettingCommand(s, 'af-toevoegen', AF2);
    expect(s.aandachtsfunctionarissen).toEqual([AF1, AF2]);
    s = applySettingCommand(s, 'af-verwijderen', AF1);
    expect(s.aandachtsfunctionarissen).toEqual([AF2]);
    s = applySettingCommand(s, 'plaatsvervanger-toevoegen', AF1);
    expect(s.deputies).toEqual([AF1]);
    s = applySettingCommand(s, 'plaatsvervanger-verwijderen', AF1);
    expect(s.deputies).toEqual([]);
    s = applySettingCommand(s, 'beheerder-toevoegen', AF1);
    expect(s.beheerders).toEqual([BH, AF1]);
    s = applySettingCommand(s, 'beheerder-verwijderen', BH);
    expect(s.beheerders).toEqual([AF1]);
  });

  it('refuses to remove the last beheerder', () => {
    const e = settingsError(() => applySettingCommand(base(), 'beheerder-verwijderen', BH));
    expect(e.field).toBe('beheerders');
    expect(e.message).toContain('would leave no beheerder');
  });

  it('adds and removes social map entries', () => {
    let s = applySettingCommand(base(), 'kaart-toevoegen', 'veilig-thuis-regio|Veilig Thuis|0800-2000');
    s = applySettingCommand(s, 'kaart-toevoegen', ' buurtteam | Buurtteam Oost ');
    expect(s.socialMap).toEqual([
      { kind: 'veilig-thuis-regio', label: 'Veilig Thuis', phone: '0800-2000' },
      { kind: 'buurtteam', label: 'Buurtteam Oost' },
    ]);
    expect(settingsError(() => applySettingCommand(s, 'kaart-toevoegen', 'cjg|buurtteam oost')).field).toBe('socialMap[2].label');
    s = applySettingCommand(s, 'kaart-verwijderen', 'veilig thuis');
    expect(s.socialMap.map((e) => e.label)).toEqual(['Buurtteam Oost']);
  });
});

describe('describeSettings', () => {
  const s: OrgSettings = {
    ...defaultSettings(),
    sector: 'onderwijs',
    aandachtsfunctionarissen: [AF1, AF2],
    beheerders: [BH],
    socialMap: [{ kind: 'veilig-thuis-regio', label: 'Veilig Thuis', phone: '0800-2000' }],
  };

  it('summarises in Dutch with the AF count', () => {
    const text = describeSettings(s, 'nl');
    expect(text).toContain('Aandachtsfunctionarissen: 2');
    expect(text).toContain('Plaatsvervangers: 0');
    expect(text).toContain('Sector: onderwijs');
    expect(text).toContain('ma–vr 8:00–17:00 (Europe/Amsterdam)');
    expect(text).toContain('730 dagen');
    expect(text).toContain('0800-2000');
  });

  it('summarises in English with the AF count', () => {
    const text = describeSettings(s, 'en');
    expect(text).toContain('Aandachtsfunctionarissen (designated leads): 2');
    expect(text).toContain('Mon–Fri 8:00–17:00');
    expect(text).toContain('730 days');
  });

  it('says when nothing is set', () => {
    const text = describeSettings(defaultSettings(), 'nl');
    expect(text).toContain('Sector: niet ingesteld');
    expect(text).toContain('Aandachtsfunctionarissen: 0 — nog niemand');
  });
});
