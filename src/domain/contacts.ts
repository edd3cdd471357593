import type { Localized, Sourced } from './types.js';

/** A phone contact. Numbers appear only here, each with its source. */
export interface Contact extends Sourced {
  id: 'alarm' | 'veilig-thuis' | 'vertrouwensinspecteur';
  /** Number as a person dials it. */
  phone: string;
  name: Localized;
  /** When the number can be reached, as the source says. */
  hours: Localized;
}

export const CONTACTS: Readonly<Record<Contact['id'], Contact>> = {
  alarm: {
    id: 'alarm',
    phone: '112',
    name: { nl: 'Alarmnummer', en: 'Emergency number' },
    hours: { nl: 'bij levensbedreigend gevaar', en: 'for life-threatening danger' },
    source: 'meldcode-facts §4, §9.1; https://www.veiligthuisnoordoostgelderland.nl/anoniem-melden/',
  },
  'veilig-thuis': {
    id: 'veilig-thuis',
    phone: '0800-2000',
    name: { nl: 'Veilig Thuis', en: 'Veilig Thuis (Safe at Home)' },
    hours: { nl: 'gratis, dag en nacht, ook in het weekend', en: 'free, day and night, weekends too' },
    source:
      'meldcode-facts §4; https://www.augeo.nl/nl-nl/themas/meldcode/veilig-thuis/ ; https://zorgoog.nl/jeugd-en-gezin/hulp-organiseren-melden/',
  },
  vertrouwensinspecteur: {
    id: 'vertrouwensinspecteur',
    phone: '0900-111 3 111',
    name: { nl: 'Vertrouwensinspecteurs (Inspectie van het Onderwijs)', en: 'Confidential inspectors (Dutch Inspectorate of Education)' },
    hours: { nl: 'tijdens kantooruren', en: 'during office hours' },
    source: 'meldcode-facts §1e; https://www.kinderdagverblijfevy.com/?page_id=365',
  },
};

/** The tap-to-call address of a number as a person dials it: `tel:` and its digits ("0800-2000" → "tel:08002000"). */
export function telUrl(phone: string): string {
  return `tel:${phone.replace(/\D/g, '')}`;
}

/** Values interpolated into texts as {{alarm}}, {{vt}}, {{vi}}. */
export const CONTACT_PARAMS = {
  alarm: CONTACTS.alarm.phone,
  vt: CONTACTS['veilig-thuis'].phone,
  vi: CONTACTS.vertrouwensinspecteur.phone,
} as const;
