/**
 * Meldcode knowledge as typed data. Every item carries a `source`: a pointer into
 * `shared/domain/meldcode-facts.md` (section number) and/or the public page it was read on.
 * Text is written in our own words; nothing here may be stated beyond what its source says.
 */

/** The two languages the assistant speaks. Dutch is the default. */
export type Lang = 'nl' | 'en';
export const LANGS: readonly Lang[] = ['nl', 'en'];

/** A text in both languages. */
export interface Localized {
  nl: string;
  en: string;
}

/** Where a piece of content comes from: "meldcode-facts §3b; https://…". */
export interface Sourced {
  source: string;
}

/** Age groups used by the signal lists (meldcode-facts §3b–3d). */
export type AgeGroup = '0-4' | '4-12' | '12-18';
export const AGE_GROUPS: readonly AgeGroup[] = ['0-4', '4-12', '12-18'];

/** Forms of concern a professional can pick in stap 1 (meldcode-facts §3a, §3e–3i, §2). */
export type ConcernFormId =
  | 'lichamelijke-mishandeling'
  | 'emotionele-mishandeling'
  | 'lichamelijke-verwaarlozing'
  | 'emotionele-verwaarlozing'
  | 'seksueel-misbruik'
  | 'getuige-huiselijk-geweld'
  | 'eergerelateerd-geweld'
  | 'vgv'
  | 'huwelijksdwang'
  | 'ouderproblemen'
  | 'onbekend'
  // Adult victims (meldcode-facts Part 2 §1, §3e, §3g).
  | 'partnergeweld'
  | 'ouderenmishandeling'
  | 'kind-oudergeweld'
  | 'seksueel-geweld';

/** A form of concern the reporter can pick in stap 1. */
export interface ConcernForm extends Sourced {
  id: ConcernFormId;
  text: Localized;
  /** Consult an expert before talking to the family (meldcode-facts §3g–3i, §9.7). */
  expertFirst?: boolean;
  /** A concern about a parent/carer: calls for the kindcheck (meldcode-facts §2). */
  parentConcern?: boolean;
  /** Possible sexual offence: no talk with the child about the incident before police involvement (§5b). */
  sexual?: boolean;
}

/** A signal from the catalogue: shown for the listed age groups and forms. */
export interface Signal extends Sourced {
  id: string;
  ages: readonly AgeGroup[];
  /** `'any'`: a general signal shown whatever forms were picked. */
  forms: readonly ConcernFormId[] | 'any';
  text: Localized;
}

/** Groups of stap 0 risk factors (meldcode-facts §6b). */
export type RiskGroup = 'ouder' | 'kind' | 'gezin' | 'leefomstandigheden';
/** Groups of stap 0 protective factors (meldcode-facts §6c). */
export type ProtectiveGroup = 'kind' | 'ouder' | 'omgeving';

export interface RiskFactor extends Sourced {
  id: string;
  group: RiskGroup;
  /** Named by the source as among the most important predictors (meldcode-facts §6a). */
  weighty?: boolean;
  text: Localized;
}

export interface ProtectiveFactor extends Sourced {
  id: string;
  group: ProtectiveGroup;
  text: Localized;
}

/** A conversation-preparation tip (meldcode-facts §5) with the case features that make it apply. */
export interface Tip extends Sourced {
  id: string;
  text: Localized;
}

/** Sectors a user can work in (issue #2; meldcode-facts §0). */
export type SectorId = 'onderwijs' | 'kinderopvang' | 'jgz' | 'jeugdhulp' | 'sociaal-werk' | 'artsen' | 'zorg' | 'sport' | 'anders';
export const SECTORS: readonly SectorId[] = ['onderwijs', 'kinderopvang', 'jgz', 'jeugdhulp', 'sociaal-werk', 'artsen', 'zorg', 'sport', 'anders'];
