/**
 * Stap 0 quick check: risk factors and protective factors (meldcode-facts §6).
 *
 * A risk factor is not a signal and not proof; abuse usually follows from an accumulation of risk
 * factors and stressors, and protective factors do not by definition compensate them (§6a). This list
 * is a reflection aid, not a validated risk taxation (§6d: instruments are for trained professionals).
 *
 * `weighty` marks only what §6a names as the most important: parental psychiatric problems, addiction,
 * intellectual disability, and partner violence between parents/carers.
 */
import type { ProtectiveFactor, RiskFactor } from './types.js';

const NJI_RISK = 'https://www.nji.nl/kindermishandeling/ken-de-risicofactoren';
const RICHTLIJN_OVERZICHT =
  'https://richtlijnenjeugdhulp.nl/kindermishandeling/risicofactoren-voor-kindermishandeling/overzicht-van-risicofactoren-voor-kindermishandeling/';
const RICHTLIJN_MEER =
  'https://richtlijnenjeugdhulp.nl/kindermishandeling/risicofactoren-voor-kindermishandeling/meer-risicofactoren-voor-kindermishandeling/';
const RICHTLIJN_VERWAARLOZING =
  'https://richtlijnenjeugdhulp.nl/kindermishandeling/risicofactoren-voor-kindermishandeling/specifieke-risicofactoren-voor-verwaarlozing/';
const ZWIJNDRECHT =
  'https://www.handelingsprotocol.nl/zwijndrecht-gm2-stap-1-signaleren/zwijndrecht-gm2-signalen-kindermishandeling';
/** Pharos study on the meldcode with newcomer families (seed 000; its report page). */
const PHAROS_NIEUWKOMERS =
  'seed 000_644523177988c086.txt; https://www.huiselijkgeweld.nl/publicaties/rapporten/2023/03/23/onderzoek-naar-de-toepassing-van-de-meldcode-bij-nieuwkomersgezinnen';
const PHAROS_BESCHERMEND =
  'https://www.pharos.nl/nl/kenniscentrum/gezond-opgroeien/kindermishandeling/kennisdossier-kindermishandeling/algemene-beschermende-factoren';
const RICHTLIJN_BESCHERMEND =
  'https://richtlijnenjeugdhulp.nl/kindermishandeling/beschermende-factoren-voor-kindermishandeling/beschermende-factoren/';

/** "meldcode-facts §6b; https://…; https://…" */
function src(section: string, ...urls: string[]): string {
  return [`meldcode-facts ${section}`, ...urls].join('; ');
}

export const RISK_FACTORS: readonly RiskFactor[] = [
  // ── Ouder ──
  {
    id: 'r-ouder-psychiatrisch',
    group: 'ouder',
    weighty: true,
    text: { nl: 'Ouder heeft psychiatrische problemen', en: 'Parent has psychiatric problems' },
    source: src('§6a, §6b', NJI_RISK, RICHTLIJN_OVERZICHT),
  },
  {
    id: 'r-ouder-verslaving',
    group: 'ouder',
    weighty: true,
    text: {
      nl: 'Ouder heeft een verslaving (bijv. alcohol of drugs)',
      en: 'Parent has an addiction (e.g. alcohol or drugs)',
    },
    source: src('§6a, §6b', NJI_RISK, RICHTLIJN_MEER),
  },
  {
    id: 'r-ouder-lvb',
    group: 'ouder',
    weighty: true,
    text: {
      nl: 'Ouder heeft een (licht) verstandelijke beperking',
      en: 'Parent has a (mild) intellectual disability',
    },
    source: src('§6a, §6b', NJI_RISK),
  },
  {
    id: 'r-ouder-opvoedvaardigheden',
    group: 'ouder',
    text: {
      nl: 'Ouder heeft weinig kennis of vaardigheden om op te voeden',
      en: 'Parent has little parenting knowledge or skills',
    },
    source: src('§6b', NJI_RISK, RICHTLIJN_MEER),
  },
  {
    id: 'r-ouder-negatief-naar-kind',
    group: 'ouder',
    text: {
      nl: 'Ouder is negatief naar het kind, toont weinig warmte',
      en: 'Parent is negative towards the child, shows little warmth',
    },
    source: src('§6b', NJI_RISK, RICHTLIJN_MEER),
  },
  {
    id: 'r-ouder-beschikbaarheid',
    group: 'ouder',
    text: {
      nl: 'Ouder is lichamelijk of emotioneel weinig beschikbaar',
      en: 'Parent is physically or emotionally hardly available',
    },
    source: src('§6b', NJI_RISK),
  },
  {
    id: 'r-ouder-eerder-geweld',
    group: 'ouder',
    text: {
      nl: 'Ouder heeft eerder geweld gebruikt of een kind mishandeld',
      en: 'Parent has used violence before or abused a child before',
    },
    source: src('§6b', NJI_RISK),
  },
  {
    id: 'r-ouder-zelf-mishandeld',
    group: 'ouder',
    text: { nl: 'Ouder is zelf als kind mishandeld', en: 'Parent was abused as a child' },
    source: src('§6b', NJI_RISK, RICHTLIJN_OVERZICHT),
  },
  {
    id: 'r-ouder-jong',
    group: 'ouder',
    text: {
      nl: 'Ouder werd op jonge leeftijd ouder (jonger dan 18)',
      en: 'Parent became a parent at a young age (under 18)',
    },
    source: src('§6b', NJI_RISK, RICHTLIJN_MEER),
  },
  {
    id: 'r-ouder-suicidepoging',
    group: 'ouder',
    text: { nl: 'Ouder heeft een suïcidepoging gedaan', en: 'Parent has attempted suicide' },
    source: src('§6b', RICHTLIJN_MEER),
  },
  {
    id: 'r-ouder-laag-opgeleid',
    group: 'ouder',
    text: { nl: 'Ouders met een laag opleidingsniveau', en: 'Parents with a low level of education' },
    source: src('Part 2 §7', PHAROS_NIEUWKOMERS),
  },
  {
    // Named as a stressor in newcomer families (Part 2 §7); a stressor, not proof (§6a).
    id: 'r-ouder-trauma',
    group: 'ouder',
    text: { nl: 'Trauma bij een ouder (bijv. in een nieuwkomersgezin)', en: 'Trauma in a parent (e.g. in a newcomer family)' },
    source: src('Part 2 §7', PHAROS_NIEUWKOMERS),
  },

  // ── Kind ──
  {
    id: 'r-kind-jonger-dan-5',
    group: 'kind',
    text: { nl: 'Kind is jonger dan 5 jaar', en: 'Child is younger than 5' },
    source: src('§6b', NJI_RISK),
  },
  {
    id: 'r-kind-vroeggeboorte',
    group: 'kind',
    text: {
      nl: 'Kind is te vroeg of met een laag gewicht geboren',
      en: 'Child was born premature or with a low birth weight',
    },
    source: src('§6b', NJI_RISK),
  },
  {
    id: 'r-kind-geboortecomplicaties',
    group: 'kind',
    text: { nl: 'Er waren complicaties bij de geboorte', en: 'There were complications at birth' },
    source: src('§6b', RICHTLIJN_MEER),
  },
  {
    id: 'r-kind-ziekte-beperking',
    group: 'kind',
    text: {
      nl: 'Kind heeft een (ernstige) ziekte of beperking',
      en: 'Child has a (serious) illness or disability',
    },
    source: src('§6a, §6b', NJI_RISK),
  },
  {
    id: 'r-kind-gedrag-ontwikkeling',
    group: 'kind',
    text: {
      nl: 'Kind heeft gedrags- of ontwikkelingsproblemen',
      en: 'Child has behavioural or developmental problems',
    },
    source: src('§6a, §6b', NJI_RISK),
  },
  {
    id: 'r-kind-temperament',
    group: 'kind',
    text: { nl: 'Kind heeft een moeilijk temperament', en: 'Child has a difficult temperament' },
    source: src('§6b', NJI_RISK, RICHTLIJN_OVERZICHT),
  },
  {
    id: 'r-kind-ongewenst',
    group: 'kind',
    text: { nl: 'Kind was niet gewenst', en: 'Child was unwanted' },
    source: src('§6b', NJI_RISK),
  },
  {
    id: 'r-kind-lvb',
    group: 'kind',
    text: {
      nl: 'Kind heeft een lage intelligentie of een LVB',
      en: 'Child has below-average intelligence or a mild intellectual disability',
    },
    source: src('§6b', RICHTLIJN_MEER),
  },

  // ── Gezin ──
  {
    id: 'r-gezin-partnergeweld',
    group: 'gezin',
    weighty: true,
    text: {
      nl: 'Er is partnergeweld tussen de ouders/verzorgers',
      en: 'There is partner violence between the parents/carers',
    },
    source: src('§6a, §6b', NJI_RISK, RICHTLIJN_OVERZICHT),
  },
  {
    id: 'r-gezin-conflicten',
    group: 'gezin',
    text: {
      nl: 'Veel conflicten in het gezin of tussen de ouders',
      en: 'Many conflicts in the family or between the parents',
    },
    source: src('§6b', NJI_RISK, RICHTLIJN_MEER),
  },
  {
    id: 'r-gezin-scheiding',
    group: 'gezin',
    text: {
      nl: '(Vecht)scheiding of een nieuwe relatie van een ouder',
      en: "(High-conflict) divorce or a parent's new relationship",
    },
    source: src('§6b', RICHTLIJN_MEER, RICHTLIJN_OVERZICHT),
  },
  {
    id: 'r-gezin-samenstelling',
    group: 'gezin',
    text: {
      nl: 'Eenoudergezin, stiefgezin of groot gezin',
      en: 'Single-parent, step or large family',
    },
    source: src('§6b', NJI_RISK, RICHTLIJN_VERWAARLOZING),
  },
  {
    id: 'r-gezin-eerder-jeugdbescherming',
    group: 'gezin',
    text: {
      nl: 'Eerder een OTS, of Veilig Thuis of de Raad was betrokken',
      en: 'Earlier supervision order, or Veilig Thuis or the Raad involved',
    },
    source: src('§6b', RICHTLIJN_MEER),
  },
  {
    id: 'r-gezin-weinig-netwerk',
    group: 'gezin',
    text: {
      nl: 'Weinig of geen steunend sociaal netwerk',
      en: 'Little or no supportive social network',
    },
    source: src('§6b', RICHTLIJN_MEER),
  },
  {
    id: 'r-gezin-stress',
    group: 'gezin',
    text: { nl: 'Veel stress of instabiliteit in het gezin', en: 'Much stress or instability in the family' },
    source: src('§6b', RICHTLIJN_MEER),
  },
  {
    id: 'r-gezin-ouder-detentie',
    group: 'gezin',
    text: { nl: 'Een ouder zit in detentie', en: 'A parent is in detention' },
    source: src('§6b', RICHTLIJN_MEER),
  },
  {
    id: 'r-gezin-geen-toezicht',
    group: 'gezin',
    text: {
      nl: 'Vaak geen volwassene aanwezig, geen toezicht op het kind',
      en: 'Often no adult present, no supervision of the child',
    },
    source: src('§6b', RICHTLIJN_MEER),
  },

  // ── Leefomstandigheden ──
  {
    id: 'r-leef-huisvesting',
    group: 'leefomstandigheden',
    text: { nl: 'Problemen met de huisvesting', en: 'Housing problems' },
    source: src('§6b', ZWIJNDRECHT),
  },
  {
    id: 'r-leef-materieel',
    group: 'leefomstandigheden',
    text: {
      nl: 'Onvoldoende materiële verzorging',
      en: 'Insufficient material care',
    },
    source: src('§6b', ZWIJNDRECHT),
  },
  {
    id: 'r-leef-financien',
    group: 'leefomstandigheden',
    text: {
      nl: 'Geldproblemen of afhankelijk van een uitkering',
      en: 'Money problems or dependent on benefits',
    },
    source: src('§6b', ZWIJNDRECHT),
  },
  {
    id: 'r-leef-werkloosheid',
    group: 'leefomstandigheden',
    text: {
      nl: 'Werkloosheid of een lage sociaaleconomische status',
      en: 'Unemployment or low socio-economic status',
    },
    source: src('§6b', RICHTLIJN_VERWAARLOZING),
  },
  {
    id: 'r-leef-buurt',
    group: 'leefomstandigheden',
    text: {
      nl: 'Onveilige of ongeschikte woonomgeving',
      en: 'Unsafe or unsuitable neighbourhood',
    },
    source: src('§6b', ZWIJNDRECHT),
  },
  {
    id: 'r-leef-criminaliteit',
    group: 'leefomstandigheden',
    text: { nl: 'Veel criminaliteit in de buurt', en: 'Much crime in the neighbourhood' },
    source: src('§6b', RICHTLIJN_MEER),
  },
  {
    id: 'r-leef-sociale-samenhang',
    group: 'leefomstandigheden',
    text: {
      nl: 'Weinig sociale samenhang of sociale controle in de buurt',
      en: 'Little social cohesion or social control in the neighbourhood',
    },
    source: src('§6b', RICHTLIJN_MEER),
  },
  {
    id: 'r-leef-verhuizingen',
    group: 'leefomstandigheden',
    text: {
      nl: 'Geen vast adres of vaak verhuizen',
      en: 'No fixed address or frequent moves',
    },
    source: src('§6b', ZWIJNDRECHT),
  },
  // Stressors named for newcomer families (Part 2 §7); context, not signals.
  {
    id: 'r-leef-verblijfsstatus',
    group: 'leefomstandigheden',
    text: { nl: 'Onzekerheid over de verblijfsstatus', en: 'Uncertainty about residence status' },
    source: src('Part 2 §7', PHAROS_NIEUWKOMERS),
  },
  {
    id: 'r-leef-discriminatie',
    group: 'leefomstandigheden',
    text: { nl: 'Het gezin krijgt te maken met discriminatie', en: 'The family faces discrimination' },
    source: src('Part 2 §7', PHAROS_NIEUWKOMERS),
  },
];

export const PROTECTIVE_FACTORS: readonly ProtectiveFactor[] = [
  // ── Kind ──
  {
    id: 'b-kind-zelfvertrouwen',
    group: 'kind',
    text: {
      nl: 'Kind heeft gevoel van eigenwaarde en zelfvertrouwen',
      en: 'Child has self-esteem and self-confidence',
    },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-kind-veerkracht',
    group: 'kind',
    text: { nl: 'Kind is veerkrachtig', en: 'Child is resilient' },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-kind-sociaal',
    group: 'kind',
    text: {
      nl: 'Kind is sociaal vaardig, heeft goede band met leeftijdgenoten',
      en: 'Child has good social skills and good relations with peers',
    },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-kind-band-school',
    group: 'kind',
    text: { nl: 'Kind heeft een sterke band met school', en: 'Child has a strong bond with school' },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-kind-temperament',
    group: 'kind',
    text: { nl: 'Kind heeft een makkelijk temperament', en: 'Child has an easy temperament' },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-kind-eigen-invloed',
    group: 'kind',
    text: {
      nl: 'Kind ervaart dat het zelf invloed heeft op wat er gebeurt',
      en: 'Child feels it has influence on what happens',
    },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-kind-intelligentie',
    group: 'kind',
    text: {
      nl: 'Kind heeft een bovengemiddelde intelligentie',
      en: 'Child has above-average intelligence',
    },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-kind-steun-andere-ouder',
    group: 'kind',
    text: {
      nl: 'Kind krijgt steun van de ouder die niet mishandelt',
      en: 'Child gets support from the non-abusing parent',
    },
    source: src('§6c', PHAROS_BESCHERMEND),
  },

  // ── Ouder ──
  {
    id: 'b-ouder-harmonieuze-relatie',
    group: 'ouder',
    text: {
      nl: 'Ouders hebben een harmonieuze relatie',
      en: 'Parents have a harmonious relationship',
    },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-ouder-steun-netwerk',
    group: 'ouder',
    text: {
      nl: 'Ouder krijgt praktische en emotionele steun uit het netwerk',
      en: 'Parent gets practical and emotional support from their network',
    },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-ouder-warmte-eigen-ouders',
    group: 'ouder',
    text: {
      nl: 'Ouder kreeg zelf warmte en genegenheid van de eigen ouders',
      en: 'Parent received warmth and affection from their own parents',
    },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-ouder-bewust-eigen-jeugd',
    group: 'ouder',
    text: {
      nl: 'Ouder is zich bewust van de invloed van eigen nare jeugd',
      en: 'Parent is aware of how their own bad childhood affects them',
    },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-ouder-opvoedkennis',
    group: 'ouder',
    text: { nl: 'Ouder heeft kennis over opvoeden', en: 'Parent has knowledge of parenting' },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-ouder-open-voor-hulp',
    group: 'ouder',
    text: { nl: 'Ouder is bereid hulp te aanvaarden', en: 'Parent is willing to accept help' },
    source: src('§6c', PHAROS_BESCHERMEND),
  },

  // ── Omgeving ──
  {
    id: 'b-omg-relaties-gezin',
    group: 'omgeving',
    text: { nl: 'Positieve relaties binnen het gezin', en: 'Positive relationships within the family' },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-omg-conflicten-oplossen',
    group: 'omgeving',
    text: {
      nl: 'Het gezin kan conflicten goed oplossen',
      en: 'The family is able to resolve conflicts',
    },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-omg-samenhang-gezin',
    group: 'omgeving',
    text: { nl: 'Sterke samenhang binnen het gezin', en: 'Strong cohesion within the family' },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-omg-band-gemeenschap',
    group: 'omgeving',
    text: {
      nl: 'Sterke band met buurt, kerk, school of andere gemeenschap',
      en: 'Strong ties with neighbourhood, church, school or other community',
    },
    source: src('§6c', PHAROS_BESCHERMEND),
  },
  {
    id: 'b-omg-familielid-opvang',
    group: 'omgeving',
    text: {
      nl: 'Er is familie waar het kind terecht kan, bijv. in het weekend',
      en: 'There is a relative the child can stay with, e.g. at weekends',
    },
    source: src('§6a', RICHTLIJN_BESCHERMEND),
  },
];
