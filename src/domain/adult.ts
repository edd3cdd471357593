/**
 * The meldcode for adult victims (meldcode-facts Part 2 §1): the same five steps and the same
 * afwegingskader, with the kindcheck kept. Forms of domestic violence against adults and their signals
 * (Part 1 §3e, §3g, §3i; Part 2 §1), each in our own words with its source.
 *
 * Left out on purpose: any decision or consent rule special to capable adults (Part 2 §1 marks it
 * NOT FOUND), and the ouderenmishandeling prevalence figures (primary source not checked).
 */
import type { ConcernForm, Localized, Sourced } from './types.js';

const VT_GM_HG = 'https://veiligthuisgm.nl/veilig-thuis-gelderland-midden-voor-professionals/signalen-van-huiselijk-geweld-of';
const HART_VOOR_ZORG = 'https://hartvoorzorg.nl/nieuws/__trashed-3/';
const VT_GM_EGG = 'https://veiligthuisgm.nl/signalen-eergerelateerd-geweld-soms-lastig-te-zien';
const FEMMES_FOR_FREEDOM = 'https://www.femmesforfreedom.com/ik-wil-helpen/geweld-tegen-vrouwen/eergerelateerd-geweld';
const FJC_MB = 'http://fjc-mb.nl/?page=eergerelateerdgeweld.html';
const VT_GV_KIND_OUDER = 'https://www.veiligthuisgv.nl/hulp-nodig/ik-ben-ouder-dan-18-jaar/oudermishandeling-door-kind/';
const VT_GM_VAKANTIE =
  'https://veiligthuisgm.nl/let-op-signalen-mogelijk-jongeren-tijdens-vakantie-besneden-achtergelaten-gedwongen-gehuwd';
const RIJKSOVERHEID_MELDCODE = 'https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/meldcode';
const VT_OOST_BRABANT = 'https://www.veiligthuisoostbrabant.nl/ik-ben-professional-en-maak-me-zorgen-dit-kan-ik-doen/';

/** Forms of concern about an adult victim. Eergerelateerd geweld and huwelijksdwang are shared with the child list. */
export const ADULT_FORMS: readonly ConcernForm[] = [
  {
    id: 'partnergeweld',
    text: { nl: '(Ex-)partnergeweld', en: '(Ex-)partner violence' },
    source: `meldcode-facts §3e, Part 2 §1; ${VT_GM_HG}; ${HART_VOOR_ZORG}`,
  },
  {
    id: 'ouderenmishandeling',
    text: { nl: 'Ouderenmishandeling of ontspoorde mantelzorg', en: 'Elder abuse or care that has derailed' },
    source: `meldcode-facts §3e, Part 2 §1 (Ouderenmishandeling); ${VT_GM_HG}; https://www.handelingsprotocol.nl/component/content/article/130`,
  },
  {
    id: 'kind-oudergeweld',
    text: { nl: 'Geweld van een kind of jongere tegen een ouder', en: 'Violence by a child or young person against a parent' },
    source: `meldcode-facts Part 2 §1 (Kind-oudergeweld); ${VT_GV_KIND_OUDER}`,
  },
  {
    id: 'seksueel-geweld',
    text: { nl: 'Seksueel geweld', en: 'Sexual violence' },
    sexual: true,
    source: `meldcode-facts Part 2 §1 (scope); ${VT_OOST_BRABANT}; https://veiligthuishollandsmidden.nl/professionals/digitale-meldcode/`,
  },
];

/** A signal of domestic violence against an adult, shown for the listed forms. */
export interface AdultSignal extends Sourced {
  id: string;
  forms: readonly ConcernForm['id'][] | 'any';
  text: Localized;
}

export const ADULT_SIGNALS: readonly AdultSignal[] = [
  {
    id: 'vw-letsel',
    forms: 'any',
    text: { nl: 'Heeft (verborgen) verwondingen: blauwe plekken, bijt- of brandwonden', en: 'Has (hidden) injuries, such as bruises, bite marks or burns' },
    source: `meldcode-facts §3e; ${VT_GM_HG}`,
  },
  {
    id: 'vw-klachten',
    forms: 'any',
    text: { nl: 'Is moe, angstig of somber, of heeft veel lichamelijke klachten', en: 'Is tired, anxious or low, or has many physical complaints' },
    source: `meldcode-facts §3e; ${VT_GM_HG}`,
  },
  {
    id: 'vw-schichtig',
    forms: 'any',
    text: { nl: 'Is schichtig en maakt weinig oogcontact', en: 'Is jumpy and makes little eye contact' },
    source: `meldcode-facts §3e; ${VT_GM_HG}`,
  },
  {
    id: 'vw-afspraken',
    forms: 'any',
    text: { nl: 'Zegt afspraken vaak op het laatste moment af', en: 'Often cancels appointments at the last minute' },
    source: `meldcode-facts §3e; ${VT_GM_HG}`,
  },
  {
    id: 'vw-weinig-contact',
    forms: ['partnergeweld', 'ouderenmishandeling', 'eergerelateerd-geweld'],
    text: { nl: 'Heeft weinig vrienden of contacten buiten het huis', en: 'Has few friends or contacts outside the home' },
    source: `meldcode-facts §3e; ${VT_GM_HG}`,
  },
  {
    id: 'vw-tegenstrijdig',
    forms: ['partnergeweld', 'ouderenmishandeling', 'eergerelateerd-geweld', 'kind-oudergeweld'],
    text: { nl: 'Vertelt tegenstrijdige verhalen over de partner of de familie', en: 'Tells contradictory stories about the partner or the family' },
    source: `meldcode-facts §3e; ${VT_GM_HG}`,
  },
  {
    id: 'vw-partner-vernedert',
    forms: ['partnergeweld'],
    text: { nl: 'De partner maakt vernederende opmerkingen', en: 'The partner makes humiliating remarks' },
    source: `meldcode-facts §3e; ${VT_GM_HG}`,
  },
  {
    id: 'vw-partner-controle',
    forms: ['partnergeweld'],
    text: { nl: 'Partner verbiedt veel, beheert het geld, is jaloers of controlerend', en: 'Partner forbids a lot, controls the money, is jealous or controlling' },
    source: `meldcode-facts §3e; ${VT_GM_HG}; ${HART_VOOR_ZORG}`,
  },
  {
    id: 'vw-onderdanig',
    forms: ['partnergeweld'],
    text: { nl: 'Is onderdanig, zonder eigen mening, of altijd samen met de partner', en: 'Is submissive, has no opinion of their own, or is always with partner' },
    source: `meldcode-facts §3e; ${HART_VOOR_ZORG}`,
  },
  {
    id: 'vw-oudere-letsel-onlogisch',
    forms: ['ouderenmishandeling'],
    text: { nl: 'Verwondingen op onlogische plekken, met een uitleg die niet klopt', en: 'Injuries in odd places, with an explanation that does not add up' },
    source: `meldcode-facts §3e; ${VT_GM_HG}`,
  },
  {
    id: 'vw-oudere-verzorger-agressief',
    forms: ['ouderenmishandeling'],
    text: { nl: 'De verzorger of mantelzorger is agressief', en: 'The carer is aggressive' },
    source: `meldcode-facts §3e; ${VT_GM_HG}`,
  },
  {
    id: 'vw-oudere-verwaarloosd',
    forms: ['ouderenmishandeling'],
    text: { nl: 'De oudere ziet er onverzorgd uit of heeft honger', en: 'The older person looks unkempt or is hungry' },
    source: `meldcode-facts §3e; ${VT_GM_HG}`,
  },
  {
    id: 'vw-kind-ouder-goedpraten',
    forms: ['kind-oudergeweld'],
    text: {
      nl: 'Ouder praat het gedrag van het kind goed of houdt zich in uit angst',
      en: "Parent excuses the child's behaviour or holds back out of fear",
    },
    source: `meldcode-facts Part 2 §1 (Kind-oudergeweld); ${VT_GV_KIND_OUDER}`,
  },
  {
    id: 'vw-egg-angst',
    forms: ['eergerelateerd-geweld', 'huwelijksdwang'],
    text: { nl: 'Is angstig (bij eergerelateerd geweld vaak het belangrijkste signaal)', en: 'Is afraid (with honour-based violence often the main signal)' },
    source: `meldcode-facts §3g; ${FJC_MB}`,
  },
  {
    id: 'vw-egg-controle-familie',
    forms: ['eergerelateerd-geweld', 'huwelijksdwang'],
    text: { nl: 'Wordt sterk gecontroleerd door familie of mag weinig alleen', en: 'Is heavily controlled by relatives or is seldom allowed out alone' },
    source: `meldcode-facts §3g; ${FEMMES_FOR_FREEDOM}`,
  },
  {
    id: 'vw-egg-gebracht',
    forms: ['eergerelateerd-geweld', 'huwelijksdwang'],
    text: { nl: 'Wordt opeens gebracht en gehaald door familie, of is vaak afwezig', en: 'Is suddenly brought and collected by relatives, or is often absent' },
    source: `meldcode-facts §3g; ${VT_GM_EGG}`,
  },
  {
    id: 'vw-egg-verstoting',
    forms: ['eergerelateerd-geweld'],
    text: { nl: 'Wordt bedreigd met verstoting of met het afpakken van de kinderen', en: 'Is threatened with being disowned or with losing the children' },
    source: `meldcode-facts §3g; ${FEMMES_FOR_FREEDOM}`,
  },
  {
    id: 'vw-huwelijk-geruchten',
    forms: ['huwelijksdwang'],
    text: { nl: 'Geruchten over een komend huwelijk, of een geplande buitenlandse reis', en: 'Rumours of an upcoming marriage, or a planned trip abroad' },
    source: `meldcode-facts §3i; ${VT_GM_VAKANTIE}`,
  },
];

/**
 * The KNMG mantelzorgverleningscheck (Part 2 §1): like the kindcheck, but for people who depend on the
 * client for care. Not a legal duty; the KNMG asks it as due care. Offered in the zorg sector.
 */
export const MANTELZORG_CHECK_SOURCE =
  'meldcode-facts Part 2 §1; https://knmg-meldcode.maglr.com/meldcode-kindermishandeling-en-huiselijk-geweld/definities-bij-knmg-meldcode-kindermishandeling-en-huiselijk-geweld-2';

/** Where the adult route's scope comes from (Part 2 §1): the same meldcode and five steps for adults. */
export const ADULT_ROUTE_SOURCE = `meldcode-facts Part 2 §1; ${RIJKSOVERHEID_MELDCODE}; ${VT_OOST_BRABANT}`;
