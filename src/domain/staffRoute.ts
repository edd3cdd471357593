/**
 * Violence or a sexual offence by a staff member is not the ordinary meldcode: each sector has its own
 * route (meldcode-facts §1e, Part 2 §4). Which route a sector follows, and the contact the lead's card
 * shows for it. Texts live in the locales (`mw.route.<route>`); numbers only in contacts.ts.
 */
import type { Sourced } from './types.js';

export type StaffRoute = 'kinderopvang' | 'onderwijs' | 'jeugdhulp' | 'zorg' | 'sport' | 'anders';

export interface StaffRouteDef extends Sourced {
  id: StaffRoute;
  /**
   * The route's own contact for the lead's card: a phone contact from contacts.ts, or the name of the
   * body to report to (a locale key under `channel.routeContact`) when no number is confirmed.
   */
  contact: { phone: 'vertrouwensinspecteur' } | { body: 'igj' | 'cvsn' | 'protocol' };
}

export const STAFF_ROUTES: Readonly<Record<StaffRoute, StaffRouteDef>> = {
  kinderopvang: {
    id: 'kinderopvang',
    contact: { phone: 'vertrouwensinspecteur' },
    source:
      'meldcode-facts §1e, Part 2 §4 (Kinderopvang); https://www.kennisnetwerkgastouderopvang.nl/facsheet-meldingen-vertouwensinspecteur/ ; https://www.boink.info/meldcode-kindermishandeling',
  },
  onderwijs: {
    id: 'onderwijs',
    contact: { phone: 'vertrouwensinspecteur' },
    source:
      'meldcode-facts Part 2 §4 (Onderwijs); https://www.rijksoverheid.nl/onderwerpen/voortgezet-onderwijs/vraag-en-antwoord/moet-de-school-seksueel-misbruik-melden-en-aangeven ; https://gastouderbureaubob.cms.socialschools.nl/over-ons/meldcode-kindermishandeling',
  },
  jeugdhulp: {
    id: 'jeugdhulp',
    contact: { body: 'igj' },
    source: 'meldcode-facts Part 2 §4 (Jeugdhulp), Corrections 7; https://www.igj.nl/zorgsectoren/jeugd/meldingen/melden-voor-instellingen',
  },
  zorg: {
    id: 'zorg',
    contact: { body: 'igj' },
    source: 'meldcode-facts Part 2 §4 (Zorg), Corrections 7; https://www.igj.nl/onderwerpen/geweld-in-de-zorgrelatie',
  },
  sport: {
    id: 'sport',
    contact: { body: 'cvsn' },
    source: 'meldcode-facts Part 2 §4 (Sport), Corrections 2; https://centrumveiligesport.nl/een-melding-maken/waar-kan-ik-terecht',
  },
  anders: {
    id: 'anders',
    contact: { body: 'protocol' },
    source:
      'meldcode-facts §1e, Part 2 §4, Corrections 7; https://www.kennisnetwerkgastouderopvang.nl/facsheet-meldingen-vertouwensinspecteur/ ; https://www.igj.nl/onderwerpen/geweld-in-de-zorgrelatie',
  },
};

/** The staff route of a sector; sectors without a route of their own follow the organisation's protocol. */
export function staffRouteOf(sector: unknown): StaffRoute {
  switch (sector) {
    case 'kinderopvang':
    case 'onderwijs':
    case 'jeugdhulp':
    case 'zorg':
    case 'sport':
      return sector;
    default:
      return 'anders';
  }
}
