import type { Localized, SectorId, Sourced } from './types.js';

/** A sector with its own afwegingskader note (meldcode-facts §0, §1d, §8). */
export interface Sector extends Sourced {
  id: SectorId;
  text: Localized;
  /** Sector-specific hint shown with the afwegingskader (stap 4). */
  afwegingNote: Localized;
  /** Whether the statutory staff-member route (houder/bestuur → vertrouwensinspecteur) applies (meldcode-facts §1e). */
  staffRouteByLaw: boolean;
  /** The sector's own rule for stap 2 (consultation), shown there; with its own source. */
  stap2Note?: Localized & Sourced;
}

export const SECTOR_DEFS: readonly Sector[] = [
  {
    id: 'onderwijs',
    text: { nl: 'Onderwijs', en: 'Education' },
    afwegingNote: {
      nl: 'Scholen moeten volgens de onderwijswetten een meldcode hebben. Gebruik het afwegingskader voor het onderwijs dat jouw school heeft vastgesteld.',
      en: 'Under the education acts, schools must have a meldcode. Use the education afwegingskader your school has adopted.',
    },
    staffRouteByLaw: true,
    source: 'meldcode-facts §0, §1d; https://www.onderwijsgeschillen.nl/thema/informatieverstrekking-aan-veilig-thuis',
  },
  {
    id: 'kinderopvang',
    text: { nl: 'Kinderopvang', en: 'Childcare' },
    afwegingNote: {
      nl: 'De kinderopvang heeft een eigen afwegingskader. Daarin geldt: bij acute of structurele onveiligheid meld je altijd bij Veilig Thuis.',
      en: 'Childcare has its own afwegingskader. It says: with acute or structural unsafety you always report to Veilig Thuis.',
    },
    staffRouteByLaw: true,
    source: 'meldcode-facts §0, §1d; https://www.kinderopvangtotaal.nl/tag/afwegingskader/',
  },
  {
    id: 'jgz',
    text: { nl: 'Jeugdgezondheidszorg', en: 'Youth health care (JGZ)' },
    afwegingNote: {
      nl: 'Voor de JGZ is er de JGZ-richtlijn Kindermishandeling. Gebruik het afwegingskader van jouw beroepsgroep.',
      en: 'Youth health care has the JGZ guideline on child abuse. Use your professional group\u2019s afwegingskader.',
    },
    staffRouteByLaw: false,
    source: 'meldcode-facts §1d, §6d; http://docplayer.nl/31479897-Jgz-richtlijn-kindermishandeling.html',
  },
  {
    id: 'jeugdhulp',
    text: { nl: 'Jeugdhulp', en: 'Youth care (jeugdhulp)' },
    afwegingNote: {
      nl: 'Jeugdhulp is een van de sectoren die een meldcode moeten hebben. Gebruik het afwegingskader van jouw beroepsgroep of organisatie.',
      en: 'Youth care is one of the sectors that must have a meldcode. Use the afwegingskader of your professional group or organisation.',
    },
    staffRouteByLaw: false,
    source: 'meldcode-facts §0, §1d; https://www.scherpenzeel.nl/mishandeling-of-huiselijk-geweld',
  },
  {
    id: 'sociaal-werk',
    text: { nl: 'Sociaal werk / wijkteam', en: 'Social work / neighbourhood team' },
    afwegingNote: {
      nl: 'Sociaal werkers en jeugd- en gezinsprofessionals hebben een eigen versie van het afwegingskader. Gebruik die van jouw organisatie.',
      en: 'Social workers and youth and family professionals have their own version of the afwegingskader. Use your organisation\u2019s.',
    },
    staffRouteByLaw: false,
    source: 'meldcode-facts §1d, §8; https://www.schoolformaat.nl/nieuws/meldcode-app-is-bijgewerkt',
  },
  {
    id: 'artsen',
    text: { nl: 'Arts (KNMG-meldcode)', en: 'Doctor (KNMG meldcode)' },
    afwegingNote: {
      nl: 'Artsen werken met de KNMG-meldcode (herzien in november 2023). Die heeft een eigen afwegingskader, met wat je vastlegt en hoe je de patiënt informeert.',
      en: 'Doctors use the KNMG meldcode (revised in November 2023). It has its own afwegingskader, with what to record and how to inform the patient.',
    },
    staffRouteByLaw: false,
    stap2Note: {
      nl: 'KNMG-meldcode (sinds de herziening van 2023): in stap 2 overleg je met een of meer collega\u2019s én vraag je Veilig Thuis om (anoniem) advies. Doe je een van beide niet, leg dan vast waarom.',
      en: 'KNMG meldcode (since the 2023 revision): in step 2 you consult one or more colleagues and you ask Veilig Thuis for (anonymous) advice. If you do not do one of these, record why.',
      source:
        'meldcode-facts Part 2 §3 (KNMG guidance), Corrections 8; https://www.holla.nl/nieuws/vernieuwde-knmg-meldcode-kindermishandeling-en-huiselijk-geweld ; https://www.handelingsprotocol.nl/utrecht-jgz-stap-2-consultatie-3',
    },
    source:
      'meldcode-facts Part 2 §3, §9, Corrections 8; https://knmg-meldcode.maglr.com/meldcode-kindermishandeling-en-huiselijk-geweld/stap-5-beslissen-over-melden-via-afwegingskader',
  },
  {
    id: 'zorg',
    text: { nl: 'Zorg (bijv. huisarts, ziekenhuis, GGZ)', en: 'Health care (e.g. GP, hospital, mental health)' },
    afwegingNote: {
      nl: 'Artsen werken met de KNMG-meldcode; bijlage 5 daarvan geeft voorbeelden van acute onveiligheid. Andere zorgberoepen hebben een eigen afwegingskader.',
      en: 'Doctors use the KNMG meldcode; its appendix 5 gives examples of acute unsafety. Other care professions have their own afwegingskader.',
    },
    staffRouteByLaw: false,
    source:
      'meldcode-facts §1b, §1d, §8; https://knmg-meldcode.maglr.com/meldcode-kindermishandeling-en-huiselijk-geweld/bijlage-5-voorbeelden-van-acute-onveiligheid',
  },
  {
    id: 'sport',
    text: { nl: 'Sport (vereniging of bond)', en: 'Sport (club or federation)' },
    afwegingNote: {
      nl: 'Sport valt niet onder de Wet verplichte meldcode; een vereniging mag wel vrijwillig een stappenplan gebruiken. Bij een vermoeden van geweld thuis kun je altijd advies vragen aan Veilig Thuis.',
      en: 'Sport is not covered by the statutory meldcode; a club may still use a step plan voluntarily. With a suspicion of violence at home you can always ask Veilig Thuis for advice.',
    },
    staffRouteByLaw: false,
    source: 'meldcode-facts Part 2 §4 (Sport), Corrections 2; https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/inhoud/meldcode',
  },
  {
    id: 'anders',
    text: { nl: 'Anders', en: 'Other' },
    afwegingNote: {
      nl: 'Elke beroepsgroep heeft een eigen afwegingskader, met eigen voorbeelden en tips. Gebruik het afwegingskader van jouw organisatie.',
      en: 'Each professional group has its own afwegingskader, with its own examples and tips. Use your organisation\u2019s.',
    },
    staffRouteByLaw: false,
    source: 'meldcode-facts §0, §1d; https://zorgoog.nl/jeugd-en-gezin/hulp-organiseren-melden/',
  },
];

export function sectorById(id: string | undefined): Sector | undefined {
  return SECTOR_DEFS.find((s) => s.id === id);
}
