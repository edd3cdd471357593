/**
 * Kindcheck (part of stap 1; meldcode-facts §2): for professionals who work with adult (or adolescent)
 * clients whose problems may harm children in their care. Positive kindcheck → follow the meldcode
 * steps; no reason for concern → close and note it in the dossier.
 */
import type { Localized } from './types.js';

const AUGEO_KINDCHECK = 'https://www.augeo.nl/nl-nl/kindcheck';
const MELDCODE_NU_KINDCHECK = 'https://www.meldcode.nu/kindcheck/';

/** "meldcode-facts §2; https://…; https://…" */
function src(...urls: string[]): string {
  return ['meldcode-facts §2', ...urls].join('; ');
}

/** Example questions a professional can ask an adult client (meldcode.nu / Augeo list). */
export const KINDCHECK_QUESTIONS: readonly { id: string; source: string; text: Localized }[] = [
  {
    id: 'kc-kinderen-thuis',
    text: {
      nl: 'Wonen er minderjarige kinderen bij u, de hele week?',
      en: 'Do minor children live with you, the whole week?',
    },
    source: src(MELDCODE_NU_KINDCHECK),
  },
  {
    id: 'kc-zorg-verdeeld',
    text: {
      nl: 'Zorgt u samen met een andere volwassene voor de kinderen?',
      en: 'Do you care for the children together with another adult?',
    },
    source: src(MELDCODE_NU_KINDCHECK),
  },
  {
    id: 'kc-overdag',
    text: {
      nl: 'Waar zijn de kinderen overdag?',
      en: 'Where are the children during the day?',
    },
    source: src(MELDCODE_NU_KINDCHECK),
  },
  {
    id: 'kc-kinderen-partner',
    text: {
      nl: 'Heeft u een (ex-)partner van wie u de kinderen vaak ziet?',
      en: 'Do you have an (ex-)partner whose children you see often?',
    },
    source: src(MELDCODE_NU_KINDCHECK),
  },
  {
    id: 'kc-kinderen-elders',
    text: {
      nl: 'Hoe vaak ziet u kinderen die niet bij u wonen? Ook alleen?',
      en: "How often do you see children who don't live with you? Alone too?",
    },
    source: src(MELDCODE_NU_KINDCHECK),
  },
  {
    id: 'kc-zwanger',
    text: { nl: 'Zou u zwanger kunnen zijn?', en: 'Could you be pregnant?' },
    source: src(AUGEO_KINDCHECK, MELDCODE_NU_KINDCHECK),
  },
  {
    id: 'kc-broers-zussen',
    text: {
      nl: 'Wonen er minderjarige broers of zussen bij u in huis?',
      en: 'Do minor brothers or sisters live in the same house as you?',
    },
    source: src(AUGEO_KINDCHECK),
  },
  {
    id: 'kc-zorg-veiligheid',
    text: {
      nl: 'Lukt het u om de kinderen genoeg zorg en veiligheid te geven?',
      en: 'Are you able to give the children enough care and safety?',
    },
    source: src(MELDCODE_NU_KINDCHECK),
  },
  {
    id: 'kc-hulp-steun',
    text: {
      nl: 'Heeft u hulp bij de zorg voor de kinderen? Wilt u steun?',
      en: 'Do you have help caring for the children? Would you like support?',
    },
    source: src(MELDCODE_NU_KINDCHECK),
  },
];

/** Client/parent problems that call for a kindcheck (Augeo examples; meldcode.nu decision flow). */
export const KINDCHECK_PARENT_PROBLEMS: readonly { id: string; source: string; text: Localized }[] = [
  {
    id: 'kp-psychiatrisch',
    text: { nl: 'Ernstige psychiatrische problemen', en: 'Serious psychiatric problems' },
    source: src(AUGEO_KINDCHECK, MELDCODE_NU_KINDCHECK),
  },
  {
    id: 'kp-verslaving',
    text: { nl: 'Verslaving aan drugs of alcohol', en: 'Addiction to drugs or alcohol' },
    source: src(AUGEO_KINDCHECK, MELDCODE_NU_KINDCHECK),
  },
  {
    id: 'kp-huiselijk-geweld',
    text: {
      nl: 'Gewelddadige partner of huiselijk geweld',
      en: 'Violent partner or domestic violence',
    },
    source: src(AUGEO_KINDCHECK, MELDCODE_NU_KINDCHECK),
  },
  {
    id: 'kp-verstandelijke-beperking',
    text: { nl: 'Verstandelijke beperking', en: 'Intellectual disability' },
    source: src(MELDCODE_NU_KINDCHECK),
  },
];
