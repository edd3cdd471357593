/**
 * What a beheerder does with the settings in chat: the whitelist of setting commands ("herinnering 4",
 * "af-toevoegen teams:…") and a readable summary of the settings.
 */
import type { SectorId } from '../domain/types.js';
import { SettingsError, type OrgSettings, type SocialMapKind } from './model.js';
import { parseSettings, shown } from './parse.js';

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
