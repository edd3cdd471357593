/**
 * Stap 1 signal catalogue (meldcode-facts §3). Every item is written in our own words and points to the
 * section of `shared/domain/meldcode-facts.md` and the public page(s) it was read on.
 *
 * Signals are observations, not proof: most can have other causes, and some children show none
 * (meldcode-facts §3, general caveats). The source lists for 0–4 and 4–12 are ordered by kind of signal
 * (physical, behaviour, contact), not by form of abuse; the `forms` tags below are our grouping so the
 * UI can show the most relevant items for a chosen form. General signals (`forms: 'any'`) are always shown.
 *
 * Left out on purpose: everything marked [UNCONFIRMED] in the facts file (e.g. the adolescent list
 * "weglopen, zelfbeschadiging, suïcidale gedachten, riskant seksueel gedrag, oudere vriend", and the
 * witness list "hypervigilantie, concentratieproblemen, zorgen voor ouder/broertjes"), except the items
 * the file backs with a page of their own (verkeringsgeweld and loverboys: VO protocol; spijbelen,
 * politiecontact and drugsgebruik: Verwijsindex).
 */
import { ADULT_SIGNALS } from './adult.js';
import type { Localized, Signal } from './types.js';

// Pages named in meldcode-facts §3.
const NJI_0_4 = 'https://www.kindermishandelingonderwijskinderopvang.nl/signalenlijst-0-4-jaar/';
const KADERA = 'http://kadera.nl/signalenkaart.php';
const MELDCODE_NU = 'https://www.meldcode.nu/signalen-kindermishandeling/';
const WILDE_KASTANJE = 'https://www.wildekastanje.nl/trainingen/meldcode/extra-info/signalenlijst/';
const ZWIJNDRECHT =
  'https://www.handelingsprotocol.nl/zwijndrecht-gm2-stap-1-signaleren/zwijndrecht-gm2-signalen-kindermishandeling';
const VO_PROTOCOL = 'https://adoc.pub/download/protocol-voor-het-voortgezet-onderwijs-en-het-beroepsonderwi.html';
const HANDELINGSPROTOCOL_INFO = 'https://handelingsprotocol.nl/informatie';
const VT_GM_HG = 'https://veiligthuisgm.nl/veilig-thuis-gelderland-midden-voor-professionals/signalen-van-huiselijk-geweld-of';
const HART_VOOR_ZORG = 'https://hartvoorzorg.nl/nieuws/__trashed-3/';
const VT_GM_EGG = 'https://veiligthuisgm.nl/signalen-eergerelateerd-geweld-soms-lastig-te-zien';
const FEMMES_FOR_FREEDOM = 'https://www.femmesforfreedom.com/ik-wil-helpen/geweld-tegen-vrouwen/eergerelateerd-geweld';
const FJC_MB = 'http://fjc-mb.nl/?page=eergerelateerdgeweld.html';
const RIJKSOVERHEID_EGG = 'https://www.rijksoverheid.nl/onderwerpen/eergerelateerd-geweld/eergerelateerd-geweld-voorkomen';
const LKAH_VGV = 'https://www.lkah.nl/signalen-meisjesbesnijdenis';
const HG_NL_VGV = 'https://www.huiselijkgeweld.nl/vrouwelijke-genitale-verminking/factsheet';
const GGD_AMSTERDAM_VGV = 'https://www.ggd.amsterdam.nl/nieuws/wees-alert-signalen-meisjesbesnijdenis/';
const VT_GM_VAKANTIE =
  'https://veiligthuisgm.nl/let-op-signalen-mogelijk-jongeren-tijdens-vakantie-besneden-achtergelaten-gedwongen-gehuwd';

/** "meldcode-facts §3b; https://…; https://…" */
function src(section: string, ...urls: string[]): string {
  return [`meldcode-facts ${section}`, ...urls].join('; ');
}

// Signals about a parent who may be a victim of partner violence (§3e). Relevant both when a parent
// has problems and when a child may witness domestic violence (§3f: witnessing partner violence counts
// as child abuse).
const PARTNER_VIOLENCE_FORMS = ['ouderproblemen', 'getuige-huiselijk-geweld'] as const;

export const SIGNALS: readonly Signal[] = [
  // ───────────── All ages ─────────────
  {
    id: 'salle-plotselinge-verandering',
    ages: ['0-4', '4-12', '12-18'],
    forms: 'any',
    text: {
      nl: 'Gedrag of uiterlijk verandert opvallend',
      en: 'Behaviour or appearance changes noticeably',
    },
    source: src('§3d', ZWIJNDRECHT),
  },
  {
    id: 'salle-eten-slapen',
    ages: ['0-4', '4-12', '12-18'],
    forms: 'any',
    text: {
      nl: 'Heeft eet- of slaapproblemen, of valt sterk af of aan',
      en: 'Has eating or sleeping problems, or loses or gains much weight',
    },
    source: src('§3b, §3c, §3d', NJI_0_4, KADERA, WILDE_KASTANJE, MELDCODE_NU),
  },
  {
    id: 'salle-ontwikkeling',
    ages: ['0-4', '4-12', '12-18'],
    forms: 'any',
    text: {
      nl: 'Loopt achter in ontwikkeling of kan niet meer meekomen',
      en: 'Is behind in development or can no longer keep up',
    },
    source: src('§3b, §3c, §3d', NJI_0_4, KADERA, WILDE_KASTANJE, MELDCODE_NU),
  },
  {
    id: 'salle-letsel-onverklaard',
    ages: ['0-4', '4-12', '12-18'],
    forms: ['lichamelijke-mishandeling'],
    text: {
      nl: 'Letsel op ongebruikelijke plekken, zonder verklaring',
      en: 'Injuries in unusual places, without an explanation',
    },
    source: src('§3d', MELDCODE_NU),
  },
  {
    id: 'salle-negatief-zelfbeeld',
    ages: ['0-4', '4-12', '12-18'],
    forms: ['emotionele-mishandeling', 'emotionele-verwaarlozing'],
    text: {
      nl: 'Heeft een negatief zelfbeeld of weinig zelfvertrouwen',
      en: 'Has a negative self-image or little self-confidence',
    },
    source: src('§3b, §3d', NJI_0_4, MELDCODE_NU),
  },
  {
    id: 'salle-lichamelijk-contact',
    ages: ['0-4', '4-12', '12-18'],
    forms: ['seksueel-misbruik'],
    text: {
      nl: 'Is bang voor lichamelijk contact, of juist sterk erop gericht',
      en: 'Is afraid of physical contact, or strongly focused on it',
    },
    source: src('§3b, §3c, §3d', KADERA, WILDE_KASTANJE, MELDCODE_NU),
  },
  {
    id: 'salle-negatief-lichaamsbeeld',
    ages: ['0-4', '4-12', '12-18'],
    forms: ['seksueel-misbruik'],
    text: {
      nl: 'Heeft een negatief beeld van het eigen lichaam',
      en: 'Has a negative view of their own body',
    },
    source: src('§3b, §3d', NJI_0_4, MELDCODE_NU),
  },
  // Parent signals: possible victim of partner violence (§3e).
  {
    id: 'salle-ouder-letsel',
    ages: ['0-4', '4-12', '12-18'],
    forms: PARTNER_VIOLENCE_FORMS,
    text: {
      nl: 'Ouder heeft (verborgen) verwondingen',
      en: 'Parent has (hidden) injuries',
    },
    source: src('§3e', VT_GM_HG),
  },
  {
    id: 'salle-ouder-klachten',
    ages: ['0-4', '4-12', '12-18'],
    forms: PARTNER_VIOLENCE_FORMS,
    text: {
      nl: 'Ouder is moe, angstig of somber, of heeft veel lichamelijke klachten',
      en: 'Parent is tired, anxious or low, or has many physical complaints',
    },
    source: src('§3e', VT_GM_HG),
  },
  {
    id: 'salle-ouder-afspraken',
    ages: ['0-4', '4-12', '12-18'],
    forms: PARTNER_VIOLENCE_FORMS,
    text: {
      nl: 'Ouder zegt afspraken vaak op het laatste moment af',
      en: 'Parent often cancels appointments at the last minute',
    },
    source: src('§3e', VT_GM_HG),
  },
  {
    id: 'salle-ouder-partner-controle',
    ages: ['0-4', '4-12', '12-18'],
    forms: PARTNER_VIOLENCE_FORMS,
    text: {
      nl: 'Partner vernedert of controleert de ouder, of beheert het geld',
      en: 'Partner humiliates or controls the parent, or controls the money',
    },
    source: src('§3e', VT_GM_HG, HART_VOOR_ZORG),
  },

  // ───────────── 0–4 years ─────────────
  // General
  {
    id: 's04-moe-ziek',
    ages: ['0-4'],
    forms: 'any',
    text: {
      nl: 'Is oververmoeid, vaak ziek of herstelt traag',
      en: 'Is overtired, often ill or slow to recover',
    },
    source: src('§3b', NJI_0_4, KADERA),
  },
  {
    id: 's04-passief',
    ages: ['0-4'],
    forms: 'any',
    text: {
      nl: 'Is passief of lusteloos, heeft weinig interesse in spel',
      en: 'Is passive or listless, shows little interest in play',
    },
    source: src('§3b', NJI_0_4),
  },
  {
    id: 's04-teruggetrokken-druk',
    ages: ['0-4'],
    forms: 'any',
    text: {
      nl: 'Is erg teruggetrokken of juist hyperactief',
      en: 'Is very withdrawn or, on the contrary, hyperactive',
    },
    source: src('§3b', NJI_0_4, KADERA),
  },
  {
    id: 's04-agressief',
    ages: ['0-4'],
    forms: 'any',
    text: {
      nl: 'Is agressief naar kinderen of dieren, of vernielt dingen',
      en: 'Is aggressive towards children or animals, or destroys things',
    },
    source: src('§3b', NJI_0_4, KADERA),
  },
  {
    id: 's04-anders-bij-ouder',
    ages: ['0-4'],
    forms: 'any',
    text: {
      nl: 'Gedraagt zich anders als de ouder erbij is',
      en: 'Behaves differently when the parent is present',
    },
    source: src('§3b', NJI_0_4, KADERA),
  },
  // Lichamelijke mishandeling
  {
    id: 's04-blauwe-plekken',
    ages: ['0-4'],
    forms: ['lichamelijke-mishandeling'],
    text: { nl: 'Heeft blauwe plekken', en: 'Has bruises' },
    source: src('§3b', NJI_0_4, KADERA),
  },
  {
    id: 's04-brand-snij-bijtwonden',
    ages: ['0-4'],
    forms: ['lichamelijke-mishandeling'],
    text: {
      nl: 'Heeft brandwonden, snij-, krab- of bijtwonden',
      en: 'Has burns, cuts, scratches or bite wounds',
    },
    source: src('§3b', NJI_0_4),
  },
  {
    id: 's04-botbreuk',
    ages: ['0-4'],
    forms: ['lichamelijke-mishandeling'],
    text: { nl: 'Heeft een botbreuk', en: 'Has a broken bone' },
    source: src('§3b', NJI_0_4),
  },
  {
    id: 's04-oude-littekens',
    ages: ['0-4'],
    forms: ['lichamelijke-mishandeling'],
    text: { nl: 'Heeft oude littekens', en: 'Has old scars' },
    source: src('§3b', KADERA),
  },
  {
    id: 's04-rode-puntjes-ogen',
    ages: ['0-4'],
    forms: ['lichamelijke-mishandeling'],
    text: {
      nl: 'Baby heeft rode puntjes rond de ogen',
      en: 'Baby has small red spots around the eyes',
    },
    source: src('§3b', MELDCODE_NU),
  },
  // Lichamelijke verwaarlozing
  {
    id: 's04-vuil-ruikt',
    ages: ['0-4'],
    forms: ['lichamelijke-verwaarlozing'],
    text: {
      nl: 'Ruikt onfris of draagt vaak vuile kleding',
      en: 'Smells unwashed or often wears dirty clothes',
    },
    source: src('§3b', NJI_0_4),
  },
  {
    id: 's04-luier',
    ages: ['0-4'],
    forms: ['lichamelijke-verwaarlozing'],
    text: {
      nl: 'Heeft ernstige luieruitslag of wordt niet verschoond',
      en: 'Has severe nappy rash or nappies are not changed',
    },
    source: src('§3b', NJI_0_4, KADERA),
  },
  {
    id: 's04-gebit',
    ages: ['0-4'],
    forms: ['lichamelijke-verwaarlozing'],
    text: { nl: 'Heeft een slecht verzorgd gebit', en: 'Has poorly cared-for teeth' },
    source: src('§3b', NJI_0_4, KADERA),
  },
  {
    id: 's04-honger',
    ages: ['0-4'],
    forms: ['lichamelijke-verwaarlozing'],
    text: { nl: 'Heeft vaak honger', en: 'Is often hungry' },
    source: src('§3b', NJI_0_4),
  },
  {
    id: 's04-groeiachterstand',
    ages: ['0-4'],
    forms: ['lichamelijke-verwaarlozing'],
    text: { nl: 'Groeit onvoldoende (groeiachterstand)', en: 'Is not growing enough (growth delay)' },
    source: src('§3b', NJI_0_4),
  },
  {
    id: 's04-kleine-schoenen',
    ages: ['0-4'],
    forms: ['lichamelijke-verwaarlozing'],
    text: { nl: 'Draagt te kleine schoenen', en: 'Wears shoes that are too small' },
    source: src('§3b', KADERA),
  },
  // Emotionele mishandeling / verwaarlozing
  {
    id: 's04-angstig-bij-ouder',
    ages: ['0-4'],
    forms: ['emotionele-mishandeling'],
    text: {
      nl: 'Is angstig of schrikt snel in het bijzijn van de ouder',
      en: 'Is anxious or startles easily when the parent is around',
    },
    source: src('§3b', NJI_0_4),
  },
  {
    id: 's04-waakzaam-volgzaam',
    ages: ['0-4'],
    forms: ['emotionele-mishandeling'],
    text: {
      nl: 'Is erg waakzaam of opvallend volgzaam naar de ouder',
      en: 'Is very watchful or strikingly compliant towards the parent',
    },
    source: src('§3b', NJI_0_4),
  },
  {
    id: 's04-faalangst',
    ages: ['0-4'],
    forms: ['emotionele-mishandeling'],
    text: { nl: 'Is bang om te falen', en: 'Is afraid of failing' },
    source: src('§3b', NJI_0_4),
  },
  {
    id: 's04-labiel-nerveus',
    ages: ['0-4'],
    forms: ['emotionele-mishandeling'],
    text: {
      nl: 'Is emotioneel wisselvallig of erg nerveus',
      en: 'Is emotionally unstable or very nervous',
    },
    source: src('§3b', NJI_0_4),
  },
  {
    id: 's04-toont-geen-gevoel',
    ages: ['0-4'],
    forms: ['emotionele-mishandeling', 'emotionele-verwaarlozing'],
    text: {
      nl: 'Laat geen gevoelens of pijn zien, is apathisch',
      en: 'Shows no feelings or pain, is apathetic',
    },
    source: src('§3b', NJI_0_4),
  },
  {
    id: 's04-weinig-contact',
    ages: ['0-4'],
    forms: ['emotionele-verwaarlozing'],
    text: {
      nl: 'Maakt weinig of vreemd contact, speelt weinig met anderen',
      en: 'Makes little or odd contact, plays little with others',
    },
    source: src('§3b', KADERA, NJI_0_4),
  },
  {
    id: 's04-bang-alleen',
    ages: ['0-4'],
    forms: ['emotionele-verwaarlozing'],
    text: { nl: 'Is bang om alleen te zijn', en: 'Is afraid of being alone' },
    source: src('§3b', KADERA),
  },
  {
    id: 's04-veeleisend',
    ages: ['0-4'],
    forms: ['emotionele-verwaarlozing'],
    text: { nl: 'Is erg veeleisend', en: 'Is very demanding' },
    source: src('§3b', KADERA),
  },
  {
    id: 's04-fantasiewereld',
    ages: ['0-4'],
    forms: ['emotionele-verwaarlozing'],
    text: { nl: 'Leeft in een fantasiewereld', en: 'Lives in a fantasy world' },
    source: src('§3b', NJI_0_4),
  },
  // Seksueel misbruik
  {
    id: 's04-bang-uitkleden',
    ages: ['0-4'],
    forms: ['seksueel-misbruik'],
    text: { nl: 'Is bang om zich uit te kleden', en: 'Is afraid of undressing' },
    source: src('§3b', NJI_0_4),
  },
  {
    id: 's04-bang-onderzoek-verschonen',
    ages: ['0-4'],
    forms: ['seksueel-misbruik'],
    text: {
      nl: 'Is bang voor lichamelijk onderzoek of verschonen',
      en: 'Is afraid of a physical examination or nappy change',
    },
    source: src('§3b', NJI_0_4, KADERA),
  },
  {
    id: 's04-billen-samenknijpen',
    ages: ['0-4'],
    forms: ['seksueel-misbruik'],
    text: {
      nl: 'Knijpt de billen samen bij optillen of verschonen',
      en: 'Clenches buttocks when lifted or changed',
    },
    source: src('§3b', KADERA),
  },
  // Getuige van huiselijk geweld (only the Kadera items confirmed in §3f)
  {
    id: 's04-speelt-geweld-na',
    ages: ['0-4'],
    forms: ['getuige-huiselijk-geweld'],
    text: { nl: 'Speelt geweldssituaties na', en: 'Re-enacts violent situations in play' },
    source: src('§3b, §3f', KADERA),
  },
  {
    id: 's04-extreme-schrikreacties',
    ages: ['0-4'],
    forms: ['getuige-huiselijk-geweld'],
    text: { nl: 'Heeft extreme schrikreacties', en: 'Has extreme startle reactions' },
    source: src('§3b, §3f', KADERA),
  },
  // Ouderproblemen: signals in the parent (Kadera 0–4, 'pleger/ouder')
  {
    id: 's04-ouder-vage-uitleg',
    ages: ['0-4'],
    forms: ['ouderproblemen'],
    text: {
      nl: 'Ouder geeft vage uitleg over letsel of verwaarlozing',
      en: 'Parent gives vague explanations for injuries or neglect',
    },
    source: src('§3b', KADERA),
  },
  {
    id: 's04-ouder-onverschillig',
    ages: ['0-4'],
    forms: ['ouderproblemen'],
    text: { nl: 'Ouder is onverschillig naar het kind', en: 'Parent is indifferent to the child' },
    source: src('§3b', KADERA),
  },
  {
    id: 's04-ouder-verwachtingen',
    ages: ['0-4'],
    forms: ['ouderproblemen'],
    text: {
      nl: 'Ouder verwacht dingen die niet bij de leeftijd passen',
      en: "Parent expects things that don't fit the child's age",
    },
    source: src('§3b', KADERA),
  },
  {
    id: 's04-ouder-klaagt',
    ages: ['0-4'],
    forms: ['ouderproblemen'],
    text: {
      nl: 'Ouder klaagt veel over het kind of zegt het niet aan te kunnen',
      en: "Parent complains a lot about the child or says they can't cope",
    },
    source: src('§3b', KADERA),
  },

  // ───────────── 4–12 years ─────────────
  // General
  {
    id: 's412-moe-ziek-klachten',
    ages: ['4-12'],
    forms: 'any',
    text: {
      nl: 'Is vaak moe of ziek, of heeft vaak buik- of hoofdpijn',
      en: 'Is often tired or ill, or often has stomach aches or headaches',
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-afgeleid-druk-stil',
    ages: ['4-12'],
    forms: 'any',
    text: {
      nl: 'Is snel afgeleid, overdreven druk of juist heel stil',
      en: 'Is easily distracted, overly busy or, on the contrary, very quiet',
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-vaak-te-laat',
    ages: ['4-12'],
    forms: 'any',
    text: {
      nl: 'Komt vaak te laat of is vaak afwezig op school',
      en: 'Is often late or often absent from school',
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-agressief',
    ages: ['4-12'],
    forms: 'any',
    text: {
      nl: 'Wordt snel boos, slaat, schopt of bijt',
      en: 'Gets angry quickly, hits, kicks or bites',
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-regels-stelen',
    ages: ['4-12'],
    forms: 'any',
    text: {
      nl: 'Gaat vaak tegen regels in, steelt of vernielt dingen',
      en: 'Often breaks rules, steals or destroys things',
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-alcohol-drugs',
    ages: ['4-12'],
    forms: 'any',
    text: { nl: 'Gebruikt alcohol of drugs', en: 'Uses alcohol or drugs' },
    source: src('§3c', WILDE_KASTANJE),
  },
  // Lichamelijke mishandeling
  {
    id: 's412-verwondingen',
    ages: ['4-12'],
    forms: ['lichamelijke-mishandeling'],
    text: {
      nl: 'Heeft blauwe plekken, wonden of littekens',
      en: 'Has bruises, wounds or scars',
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-bang-plekken-personen',
    ages: ['4-12'],
    forms: ['lichamelijke-mishandeling', 'emotionele-mishandeling', 'seksueel-misbruik'],
    text: {
      nl: 'Is bang voor bepaalde plekken of personen',
      en: 'Is afraid of certain places or people',
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  // Lichamelijke verwaarlozing
  {
    id: 's412-kleding',
    ages: ['4-12'],
    forms: ['lichamelijke-verwaarlozing'],
    text: {
      nl: 'Heeft vuile of kapotte kleding of schoenen',
      en: 'Has dirty or torn clothes or shoes',
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-haar-gebit',
    ages: ['4-12'],
    forms: ['lichamelijke-verwaarlozing'],
    text: { nl: 'Heeft vuil haar of een slecht gebit', en: 'Has dirty hair or bad teeth' },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-honger',
    ages: ['4-12'],
    forms: ['lichamelijke-verwaarlozing'],
    text: {
      nl: 'Heeft honger, heeft niet ontbeten of geen lunch bij zich',
      en: 'Is hungry, had no breakfast or has no lunch with them',
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-vroeg-laat-op-school',
    ages: ['4-12'],
    forms: ['lichamelijke-verwaarlozing', 'emotionele-verwaarlozing'],
    text: {
      nl: 'Is heel vroeg op school of blijft lang na',
      en: 'Arrives at school very early or stays on long afterwards',
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  // Emotionele mishandeling / verwaarlozing
  {
    id: 's412-negatieve-uitspraken',
    ages: ['4-12'],
    forms: ['emotionele-mishandeling'],
    text: {
      nl: 'Is negatief over zichzelf, anderen of de wereld',
      en: 'Is negative about themselves, others or the world',
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-geen-oogcontact',
    ages: ['4-12'],
    forms: ['emotionele-mishandeling'],
    text: { nl: 'Vermijdt oogcontact', en: 'Avoids eye contact' },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-aandacht-alleen',
    ages: ['4-12'],
    forms: ['emotionele-verwaarlozing'],
    text: {
      nl: 'Zoekt veel aandacht of is bang om alleen te zijn',
      en: 'Seeks a lot of attention or is afraid of being alone',
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-vaak-alleen',
    ages: ['4-12'],
    forms: ['emotionele-verwaarlozing'],
    text: {
      nl: 'Is vaak alleen, neemt geen vriendjes mee naar huis',
      en: "Is often alone, doesn't bring friends home",
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-eigen-wereld',
    ages: ['4-12'],
    forms: ['emotionele-verwaarlozing'],
    text: { nl: 'Leeft in een eigen wereld', en: 'Lives in a world of their own' },
    source: src('§3c', WILDE_KASTANJE),
  },
  {
    id: 's412-taken-niet-bij-leeftijd',
    ages: ['4-12'],
    forms: ['emotionele-verwaarlozing'],
    text: {
      nl: 'Doet taken thuis die niet bij de leeftijd passen',
      en: "Does tasks at home that don't fit their age",
    },
    source: src('§3c', WILDE_KASTANJE),
  },
  // Seksueel misbruik
  {
    id: 's412-speelt-seksueel-na',
    ages: ['4-12'],
    forms: ['seksueel-misbruik'],
    text: { nl: 'Speelt seksuele situaties na', en: 'Re-enacts sexual situations' },
    source: src('§3c', WILDE_KASTANJE),
  },
  // Getuige van huiselijk geweld
  {
    id: 's412-speelt-geweld-na',
    ages: ['4-12'],
    forms: ['getuige-huiselijk-geweld'],
    text: { nl: 'Speelt geweldssituaties na', en: 'Re-enacts violent situations' },
    source: src('§3c, §3f', WILDE_KASTANJE, KADERA),
  },

  // ───────────── 12–18 years ─────────────
  // General
  {
    id: 's1218-spijbelen',
    ages: ['12-18'],
    forms: 'any',
    text: { nl: 'Spijbelt', en: 'Skips school (truancy)' },
    source: src('§3d', HANDELINGSPROTOCOL_INFO),
  },
  {
    id: 's1218-drugs',
    ages: ['12-18'],
    forms: 'any',
    text: { nl: 'Gebruikt drugs', en: 'Uses drugs' },
    source: src('§3d', HANDELINGSPROTOCOL_INFO),
  },
  {
    id: 's1218-politiecontact',
    ages: ['12-18'],
    forms: 'any',
    text: { nl: 'Is in aanraking gekomen met de politie', en: 'Has come into contact with the police' },
    source: src('§3d', HANDELINGSPROTOCOL_INFO),
  },
  {
    id: 's1218-niet-passend-gedrag',
    ages: ['12-18'],
    forms: 'any',
    text: {
      nl: 'Gedraagt zich niet passend bij de leeftijd',
      en: 'Behaves in a way that does not fit their age',
    },
    source: src('§3d', ZWIJNDRECHT),
  },
  {
    id: 's1218-extreem-gedrag',
    ages: ['12-18'],
    forms: 'any',
    text: {
      nl: 'Vertoont extreem of grensoverschrijdend gedrag',
      en: 'Shows extreme or boundary-crossing behaviour',
    },
    source: src('§3d', ZWIJNDRECHT),
  },
  {
    id: 's1218-verkeringsgeweld',
    ages: ['12-18'],
    forms: 'any',
    text: {
      nl: 'Er zijn aanwijzingen voor geweld in een verkering',
      en: 'There are indications of violence in a dating relationship',
    },
    source: src('§3d', VO_PROTOCOL),
  },
  // Seksueel misbruik
  {
    id: 's1218-loverboy',
    ages: ['12-18'],
    forms: ['seksueel-misbruik'],
    text: {
      nl: 'Er zijn aanwijzingen voor een loverboy',
      en: "There are indications of a 'loverboy' (lover-pimp)",
    },
    source: src('§3d', VO_PROTOCOL),
  },

  // ───────────── Eergerelateerd geweld (§3g; mainly 12–18) ─────────────
  {
    id: 's418-egg-gebracht-gehaald',
    ages: ['4-12', '12-18'],
    forms: ['eergerelateerd-geweld'],
    text: {
      nl: 'Wordt ineens door familie of kennissen gebracht en gehaald',
      en: 'Is suddenly taken and collected by relatives or acquaintances',
    },
    source: src('§3g', VT_GM_EGG),
  },
  {
    id: 's418-egg-angst',
    ages: ['4-12', '12-18'],
    forms: ['eergerelateerd-geweld'],
    text: { nl: 'Is opvallend angstig', en: 'Is noticeably fearful' },
    source: src('§3g', FJC_MB),
  },
  {
    id: 's418-egg-controle',
    ages: ['4-12', '12-18'],
    forms: ['eergerelateerd-geweld'],
    text: {
      nl: 'Wordt sterk gecontroleerd door familie, mag weinig',
      en: 'Is closely controlled by relatives, has little freedom',
    },
    source: src('§3g', FEMMES_FOR_FREEDOM),
  },
  {
    id: 's1218-egg-kleding',
    ages: ['12-18'],
    forms: ['eergerelateerd-geweld'],
    text: { nl: 'Kleedt zich ineens anders', en: 'Suddenly dresses differently' },
    source: src('§3g', VT_GM_EGG),
  },
  {
    id: 's1218-egg-druk-dreiging',
    ages: ['12-18'],
    forms: ['eergerelateerd-geweld'],
    text: {
      nl: 'Ervaart toenemende druk of dreiging, bijv. met verstoting',
      en: 'Faces growing pressure or threats, e.g. of being disowned',
    },
    source: src('§3g', FEMMES_FOR_FREEDOM),
  },
  {
    id: 's1218-egg-terug-herkomstland',
    ages: ['12-18'],
    forms: ['eergerelateerd-geweld'],
    text: {
      nl: 'Moet mogelijk (terug) naar het land van herkomst',
      en: 'May have to move (back) to the country of origin',
    },
    source: src('§3g', FEMMES_FOR_FREEDOM),
  },
  {
    id: 's1218-verloofd-onbekende',
    ages: ['12-18'],
    forms: ['eergerelateerd-geweld', 'huwelijksdwang'],
    text: {
      nl: 'Is ineens verloofd met iemand die hij/zij niet kent',
      en: 'Is suddenly engaged to someone they do not know',
    },
    source: src('§3g', RIJKSOVERHEID_EGG),
  },

  // ───────────── VGV (§3h; risk group roughly 4–20 years) ─────────────
  {
    id: 's418-vgv-bang-reis',
    ages: ['4-12', '12-18'],
    forms: ['vgv'],
    text: {
      nl: 'Is bang voor een komende vakantie of familiebezoek',
      en: 'Is afraid of an upcoming holiday or family visit',
    },
    source: src('§3h', LKAH_VGV),
  },
  {
    id: 's418-vgv-hint-ingreep',
    ages: ['4-12', '12-18'],
    forms: ['vgv'],
    text: {
      nl: "Hint op een ingreep of iets 'bijzonders' dat gaat gebeuren",
      en: "Hints at a procedure or at 'something special' to come",
    },
    source: src('§3h', LKAH_VGV, GGD_AMSTERDAM_VGV),
  },
  {
    id: 's418-vgv-reis-gepland',
    ages: ['4-12', '12-18'],
    forms: ['vgv'],
    text: {
      nl: 'Gezin plant een reis naar het land van herkomst, reden vaag',
      en: 'Family plans a trip to the country of origin, reason unclear',
    },
    source: src('§3h', LKAH_VGV, GGD_AMSTERDAM_VGV),
  },
  {
    id: 's418-vgv-familie-besneden',
    ages: ['4-12', '12-18'],
    forms: ['vgv'],
    text: {
      nl: 'Moeder, zussen of andere vrouwen in de familie zijn besneden',
      en: 'Mother, sisters or other women in the family have been cut',
    },
    source: src('§3h', LKAH_VGV, GGD_AMSTERDAM_VGV),
  },
  {
    id: 's418-vgv-reisdatum-dichtbij',
    ages: ['4-12', '12-18'],
    forms: ['vgv'],
    text: {
      nl: 'De reisdatum staat vast en is dichtbij',
      en: 'The travel date is fixed and close',
    },
    source: src('§3h', LKAH_VGV),
  },
  {
    id: 's418-vgv-ziek-afwezig-na-vakantie',
    ages: ['4-12', '12-18'],
    forms: ['vgv'],
    text: {
      nl: 'Was ziek tijdens de vakantie of is daarna ineens afwezig',
      en: 'Was ill during the holiday or is suddenly absent afterwards',
    },
    source: src('§3h', LKAH_VGV),
  },
  {
    id: 's418-vgv-lopen-plassen',
    ages: ['4-12', '12-18'],
    forms: ['vgv'],
    text: {
      nl: 'Loopt of zit moeizaam, of plast lang, vaak of met pijn',
      en: 'Has trouble walking or sitting, or urinating is slow or painful',
    },
    source: src('§3h', LKAH_VGV, HG_NL_VGV),
  },

  // ───────────── Huwelijksdwang en achterlating (§3i; 12–18) ─────────────
  {
    id: 's1218-hd-niet-terug-na-zomer',
    ages: ['12-18'],
    forms: ['huwelijksdwang'],
    text: {
      nl: 'Komt na de zomervakantie niet terug op school',
      en: 'Does not return to school after the summer holiday',
    },
    source: src('§3i', HANDELINGSPROTOCOL_INFO),
  },
  {
    id: 's1218-hd-wegloop-voor-zomer',
    ages: ['12-18'],
    forms: ['huwelijksdwang'],
    text: {
      nl: 'Loopt vlak voor de zomer weg van huis',
      en: 'Runs away from home just before the summer',
    },
    source: src('§3i', HANDELINGSPROTOCOL_INFO),
  },
  {
    id: 's1218-hd-geruchten',
    ages: ['12-18'],
    forms: ['huwelijksdwang'],
    text: {
      nl: 'Er gaan geruchten over een komend huwelijk of geheime relatie',
      en: 'There are rumours of an upcoming marriage or secret relationship',
    },
    source: src('§3i', VT_GM_VAKANTIE),
  },
  {
    id: 's1218-hd-vakantie-buitenland',
    ages: ['12-18'],
    forms: ['huwelijksdwang'],
    text: {
      nl: 'Er is een vakantie naar het buitenland gepland',
      en: 'A holiday abroad has been planned',
    },
    source: src('§3i', VT_GM_VAKANTIE),
  },
  {
    id: 's1218-hd-toespelingen',
    ages: ['12-18'],
    forms: ['huwelijksdwang'],
    text: {
      nl: 'Doet toespelingen op een huwelijk of op niet terugkomen',
      en: 'Hints at a marriage or at not coming back',
    },
    source: src('§3i', VT_GM_VAKANTIE),
  },
];

/** The text of a child or adult signal by id. */
export function signalText(id: string): Localized | undefined {
  return (SIGNALS.find((s) => s.id === id) ?? ADULT_SIGNALS.find((s) => s.id === id))?.text;
}
