/**
 * The organisation settings model: who the aandachtsfunctionarissen, deputies and beheerders are, reminder and
 * retention terms, working hours and the sociale kaart; their defaults and the error invalid settings raise.
 * Nothing here holds case content. See docs/settings.md for every field, its default and range.
 */
import type { SectorId } from '../domain/types.js';

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
  /** Platform user keys (platforms.ts): "teams:<aad object id>", "slack:<team>:<user>", "web:<id>". */
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

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
