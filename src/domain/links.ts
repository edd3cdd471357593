import type { Localized, Sourced } from './types.js';

/**
 * "Lees meer": stable public pages per meldcode step and topic. Only addresses listed in
 * meldcode-facts Part 2 §9 (test/unit/links.test.ts checks each appears there verbatim); each link is
 * shown as a real link by every renderer (Teams/web chat: Action.OpenUrl; Slack: <url|text>).
 */
export type LinkTopic =
  | 'stap1'
  | 'kindcheck'
  | 'stap2'
  | 'stap3'
  | 'stap4'
  | 'stap5'
  | 'melding'
  | 'meldrecht'
  | 'vt-vraagt'
  | 'tussen-kinderen'
  | 'kinderopvang'
  | 'artsen';

export interface PublicLink extends Sourced {
  id: string;
  url: string;
  /** Who publishes the page, as the facts sheet names it. */
  owner: string;
  title: Localized;
  /** Where the link is offered. */
  steps: readonly LinkTopic[];
}

export const LINKS: readonly PublicLink[] = [
  {
    id: 'rijksoverheid-meldcode',
    url: 'https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/meldcode',
    owner: 'Rijksoverheid',
    title: { nl: 'Rijksoverheid: de vijf stappen van de meldcode', en: 'Dutch government: the five steps of the meldcode' },
    steps: ['stap1', 'stap2', 'stap3', 'stap4', 'stap5'],
    source: 'meldcode-facts Part 2 §9 (Overview, all steps); https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/meldcode',
  },
  {
    id: 'augeo-kindcheck',
    url: 'https://www.augeo.nl/nl-nl/kindcheck/stappenplan/',
    owner: 'Augeo',
    title: { nl: 'Augeo: stappenplan kindcheck', en: 'Augeo: the child check step by step (Dutch)' },
    steps: ['stap1', 'kindcheck'],
    source: 'meldcode-facts Part 2 §9 (Step 1 – kindcheck); https://www.augeo.nl/nl-nl/kindcheck/stappenplan/',
  },
  {
    id: 'augeo-veilig-thuis',
    url: 'https://www.augeo.nl/nl-nl/themas/meldcode/veilig-thuis/',
    owner: 'Augeo',
    title: { nl: 'Augeo: wanneer schakel je Veilig Thuis in?', en: 'Augeo: when to involve Veilig Thuis (Dutch)' },
    steps: ['stap2'],
    source: 'meldcode-facts Part 2 §9 (Step 2 – VT role); https://www.augeo.nl/nl-nl/themas/meldcode/veilig-thuis/',
  },
  {
    id: 'vt-hollands-midden-vertellen',
    url: 'https://veiligthuishollandsmidden.nl/hoe-vertel-ik-dat-ik-ga-melden-bij-veilig-thuis/',
    owner: 'Veilig Thuis Hollands Midden',
    title: { nl: 'Veilig Thuis Hollands Midden: hoe vertel ik dat ik ga melden?', en: 'Veilig Thuis Hollands Midden: how to say you are going to report (Dutch)' },
    steps: ['stap3', 'melding'],
    source: 'meldcode-facts Part 2 §9 (Step 3 – telling the client); https://veiligthuishollandsmidden.nl/hoe-vertel-ik-dat-ik-ga-melden-bij-veilig-thuis/',
  },
  {
    id: 'vt-noord-oost-gelderland-zinnen',
    url: 'https://www.veiligthuisnoordoostgelderland.nl/voorbeeldzinnen/',
    owner: 'Veilig Thuis Noord-Oost Gelderland',
    title: { nl: 'Veilig Thuis Noord-Oost Gelderland: voorbeeldzinnen', en: 'Veilig Thuis Noord-Oost Gelderland: example sentences (Dutch)' },
    steps: ['stap3', 'melding'],
    source: 'meldcode-facts Part 2 §9 (Step 3 – telling the client); https://www.veiligthuisnoordoostgelderland.nl/voorbeeldzinnen/',
  },
  {
    id: 'pharos-sleutelpersonen',
    url: 'https://www.pharos.nl/nl/kenniscentrum/gezondheid-statushouders/inzet-van-sleutelpersonen',
    owner: 'Pharos',
    title: { nl: 'Pharos: sleutelpersonen bij nieuwkomers', en: 'Pharos: key persons with newcomer families (Dutch)' },
    steps: ['stap3'],
    source: 'meldcode-facts Part 2 §9 (Newcomer families); https://www.pharos.nl/nl/kenniscentrum/gezondheid-statushouders/inzet-van-sleutelpersonen',
  },
  {
    id: 'nji-afwegingskader',
    url: 'https://www.nji.nl/kindermishandeling/afwegingskader-meldcode',
    owner: 'NJi',
    title: { nl: 'NJi: het afwegingskader van de meldcode', en: 'NJi: the meldcode afwegingskader (Dutch)' },
    steps: ['stap4', 'stap5'],
    source: 'meldcode-facts Part 2 §9 (Steps 4–5 – model afwegingskader); https://www.nji.nl/kindermishandeling/afwegingskader-meldcode',
  },
  {
    id: 'knmg-afwegingskader',
    url: 'https://knmg-meldcode.maglr.com/meldcode-kindermishandeling-en-huiselijk-geweld/stap-5-beslissen-over-melden-via-afwegingskader',
    owner: 'KNMG',
    title: { nl: 'KNMG-meldcode: beslissen met het afwegingskader', en: 'KNMG meldcode: deciding with the afwegingskader (Dutch)' },
    steps: ['artsen'],
    source: 'meldcode-facts Part 2 §9 (Steps 4–5 – doctors); https://knmg-meldcode.maglr.com/meldcode-kindermishandeling-en-huiselijk-geweld/stap-5-beslissen-over-melden-via-afwegingskader',
  },
  {
    id: 'vt-utrecht-informatie',
    url: 'https://www.veiligthuisutrecht.nl/veilig-thuis-voor-professionals/advies-melden/informatie-uitwisselen/',
    owner: 'Veilig Thuis Utrecht',
    title: { nl: 'Veilig Thuis Utrecht: informatie uitwisselen', en: 'Veilig Thuis Utrecht: exchanging information (Dutch)' },
    steps: ['meldrecht', 'vt-vraagt'],
    source: 'meldcode-facts Part 2 §3, §9 (VT information requests); https://www.veiligthuisutrecht.nl/veilig-thuis-voor-professionals/advies-melden/informatie-uitwisselen/',
  },
  {
    id: 'knmg-informatieverzoek',
    url: 'https://knmg-meldcode.maglr.com/meldcode-kindermishandeling-en-huiselijk-geweld/onderdeel-ii-stappenplan-informatieverstrekking-op-verzoek-van-veilig-thuis-raad-voor-de-kinderbescherming-of-gecertificeerde-instelling',
    owner: 'KNMG',
    title: { nl: 'KNMG-meldcode: informatie op verzoek van Veilig Thuis, RvdK of GI', en: 'KNMG meldcode: information requested by Veilig Thuis, RvdK or GI (Dutch)' },
    steps: ['vt-vraagt', 'artsen'],
    source: 'meldcode-facts Part 2 §3, §9 (Doctors – information requests); https://knmg-meldcode.maglr.com/meldcode-kindermishandeling-en-huiselijk-geweld/onderdeel-ii-stappenplan-informatieverstrekking-op-verzoek-van-veilig-thuis-raad-voor-de-kinderbescherming-of-gecertificeerde-instelling',
  },
  {
    id: 'vlaggensysteem',
    url: 'https://vlaggensysteem.nl/',
    owner: 'Vlaggensysteem (Sensoa/Movisie)',
    title: { nl: 'Het Vlaggensysteem: criteria en vlaggen', en: 'The Flag System: criteria and flags (Dutch)' },
    steps: ['tussen-kinderen'],
    source: 'meldcode-facts Part 2 §5, §9 (Sexual behaviour between children); https://vlaggensysteem.nl/',
  },
  {
    id: 'nji-seksueel-grensoverschrijdend',
    url: 'https://www.nji.nl/seksueel-grensoverschrijdend-gedrag/seksueel-grensoverschrijdend-gedrag-herkennen',
    owner: 'NJi',
    title: { nl: 'NJi: seksueel grensoverschrijdend gedrag herkennen', en: 'NJi: recognising sexually transgressive behaviour (Dutch)' },
    steps: ['tussen-kinderen'],
    source: 'meldcode-facts Part 2 §5, §9 (Sexual behaviour between children); https://www.nji.nl/seksueel-grensoverschrijdend-gedrag/seksueel-grensoverschrijdend-gedrag-herkennen',
  },
  {
    id: 'boink-protocol',
    url: 'https://www.boink.info/meldcode-kindermishandeling',
    owner: 'BOinK',
    title: { nl: 'BOinK: meldcode en protocol voor de kinderopvang (3 routes)', en: 'BOinK: meldcode and childcare protocol (3 routes, Dutch)' },
    steps: ['kinderopvang'],
    source: 'meldcode-facts Part 2 §5, §9 (Kinderopvang, all 3 routes); https://www.boink.info/meldcode-kindermishandeling',
  },
];

/** The links offered for a topic, in the order above. */
export function linksFor(topic: LinkTopic): PublicLink[] {
  return LINKS.filter((l) => l.steps.includes(topic));
}

/** Every https address the links use; for the renderers' and the tests' allow-list. */
export const LINK_URLS: ReadonlySet<string> = new Set(LINKS.map((l) => l.url));
