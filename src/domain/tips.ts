import type { AgeGroup, Localized, Sourced } from './types.js';

/** Features of a case that decide which conversation tips (stap 3) apply. */
export interface CaseFeatures {
  age?: AgeGroup;
  newcomer: boolean;
  sexual: boolean;
  expertFirst: boolean;
  /** The worry is only about an adult victim: conversation tips for an adult, none for talking with a child. */
  adult?: boolean;
}

/** When a tip applies. Declarative so the content stays auditable. */
export type TipCondition = 'always' | 'partnership' | 'newcomer' | 'sexual' | 'expertFirst' | 'child' | 'youngChild' | 'adult';

export interface ConversationTip extends Sourced {
  id: string;
  when: TipCondition;
  text: Localized;
}

/** Conversation-preparation tips for stap 3 (meldcode-facts §5, §9). In our own words. */
export const CONVERSATION_TIPS: readonly ConversationTip[] = [
  // Safety-related tips first: they change whether and with whom you talk.
  {
    id: 'expert-eerst',
    when: 'expertFirst',
    text: {
      nl: 'Praat niet zomaar met de familie. Overleg eerst met een deskundige (Veilig Thuis, het Landelijk Knooppunt Huwelijksdwang en Achterlating of het Landelijk Expertisecentrum Eergerelateerd Geweld) of en wanneer een gesprek veilig kan.',
      en: 'Do not simply talk to the family. First ask an expert (Veilig Thuis, the national centre on forced marriage and abandonment, or the national centre on honour-based violence) whether and when a conversation is safe.',
    },
    source: 'meldcode-facts §3g, §3i, §5c, §9.7; https://veiligthuisgm.nl/let-op-signalen-mogelijk-jongeren-tijdens-vakantie-besneden-achtergelaten-gedwongen-gehuwd',
  },
  {
    id: 'zeden-geen-gesprek-incident',
    when: 'sexual',
    text: {
      nl: 'Bij een vermoeden van seksueel misbruik: praat met het kind niet over het voorval zelf voordat de politie erbij betrokken is. Een verhoor kan anders geschaad worden. Vraag Veilig Thuis om advies.',
      en: 'With suspected sexual abuse: do not talk with the child about the incident itself before the police are involved, as it could harm a police interview. Ask Veilig Thuis for advice.',
    },
    source: 'meldcode-facts §5b, §9.6; https://www.kindermishandelingonderwijskinderopvang.nl/tips-voor-het-gesprek/',
  },
  {
    id: 'zeden-geen-suggestieve-vragen',
    when: 'sexual',
    text: {
      nl: 'Stel geen gesloten of suggestieve vragen en leg het kind geen woorden in de mond. Bewijzen is niet jouw taak.',
      en: 'Do not ask closed or leading questions and do not put words in the child\u2019s mouth. Proving abuse is not your task.',
    },
    source: 'meldcode-facts §5b; https://www.kindermishandelingonderwijskinderopvang.nl/tips-voor-het-gesprek/',
  },
  // Conditions for keeping the partnership with parents (Check je Gesprek): every conversation, shown under their own heading.
  {
    id: 'partnerschap-eerst-luisteren',
    when: 'partnership',
    text: {
      nl: 'Luister eerst en vraag door, voordat je iets anders doet. Begrip en doorvragen maken het beeld concreet en laten merken dat je hen serieus neemt.',
      en: 'Listen first and ask follow-up questions before anything else. Understanding and follow-up questions make the picture concrete and show that you take them seriously.',
    },
    source: 'meldcode-facts Part 2 §6 (Check je Gesprek); seed 001_2ebd9d3e7e15a20c.txt',
  },
  {
    id: 'partnerschap-veilige-plek',
    when: 'partnership',
    text: {
      nl: 'Kies een veilige plek en praat het liefst persoonlijk, niet via de telefoon. Ervaringsdeskundigen vonden bijvoorbeeld het kantoor van de professional veiliger dan thuis.',
      en: 'Choose a safe place and preferably talk face to face, not by phone. People with lived experience found, for example, the professional\u2019s office safer than home.',
    },
    source: 'meldcode-facts Part 2 §6 (Check je Gesprek); seed 001_2ebd9d3e7e15a20c.txt',
  },
  {
    id: 'partnerschap-geen-oplossingen',
    when: 'partnership',
    text: {
      nl: 'Kom niet met oplossingen zolang jullie de onveiligheid bespreken. Kant-en-klare oplossingen voelden voor ervaringsdeskundigen als een te grote stap; sommigen haakten af.',
      en: 'Do not offer solutions while you are discussing the unsafety. To people with lived experience, ready-made solutions felt like too big a step; some dropped out of help.',
    },
    source: 'meldcode-facts Part 2 §6 (Check je Gesprek); seed 001_2ebd9d3e7e15a20c.txt',
  },
  {
    id: 'partnerschap-samen',
    when: 'partnership',
    text: {
      nl: 'Beslis samen met de ouders (of de cliënt), hoor beide kanten (hoor en wederhoor) en wees open over signalen die je zelf zag of van anderen hoorde. Vraag hun wat zij van elk signaal vinden.',
      en: 'Decide together with the parents (or the client), hear both sides and be open about signals you saw yourself or heard from others. Ask them what they think of each signal.',
    },
    source: 'meldcode-facts Part 2 §6 (Check je Gesprek); seed 001_2ebd9d3e7e15a20c.txt',
  },
  // Preparation for every conversation with parents.
  {
    id: 'wie-waar-doel',
    when: 'always',
    text: {
      nl: 'Bepaal vooraf wie het gesprek voert (iemand met een vertrouwensband, eventueel samen met een collega), waar en wanneer, en wat je met het gesprek wilt bereiken.',
      en: 'Decide beforehand who holds the conversation (someone the family trusts, possibly with a colleague), where and when, and what you want it to achieve.',
    },
    source: 'meldcode-facts §5a; https://handelingsprotocol.nl/utrecht-amw-stap-3-gesprek-3',
  },
  {
    id: 'concreet-en-wat-goed-gaat',
    when: 'always',
    text: {
      nl: 'Zet op een rij wat je weet: je zorgen \u00e9n wat goed gaat. Maak zorgen concreet ("drie keer deze week geen eten mee") en houd feiten en meningen uit elkaar.',
      en: 'List what you know: your worries and what is going well. Make worries concrete ("no food brought three times this week") and keep facts apart from opinions.',
    },
    source: 'meldcode-facts §5a; https://www.nji.nl/nl/Kennis/Dossier/Kindermishandeling/Zorgen-bespreken/Inhoudelijke-voorbereiding',
  },
  {
    id: 'direct-en-zonder-oordeel',
    when: 'always',
    text: {
      nl: 'Begin direct met je zorg. Vertel wat je zelf zag of hoorde en wanneer, zonder oordeel of beschuldiging. Geef pas na hun reactie zo nodig je interpretatie.',
      en: 'Start straight away with your worry. Say what you saw or heard yourself and when, without judging or accusing. Only after their reaction give your interpretation, if needed.',
    },
    source: 'meldcode-facts §5a, §7a; https://www.meldcodehaaglanden.nl/deskundigheidsbevordering/zorgen-bespreekbaar-maken/ ; https://signalenkaart.nl/meldcode/',
  },
  {
    id: 'luisteren-open-vragen',
    when: 'always',
    text: {
      nl: 'Wees nieuwsgierig naar hun kijk. Stel open vragen, luister actief en erken emoties, zonder in discussie te gaan.',
      en: 'Be curious about their view. Ask open questions, listen actively and acknowledge emotions without arguing.',
    },
    source: 'meldcode-facts §5a; https://www.meldcodehaaglanden.nl/deskundigheidsbevordering/zorgen-bespreekbaar-maken/ ; https://www.augeo.nl/nl-nl/kinderopvang/watdoejij/10-tips-voor-een-goed-gesprek-met-ouders/',
  },
  {
    id: 'melden-als-feit',
    when: 'always',
    text: {
      nl: 'Ben je van plan te melden? Breng dat als besluit, niet als vraag om toestemming: je informeert, je vraagt niet.',
      en: 'Do you intend to report? Present it as a decision, not as a request for permission: you inform, you do not ask.',
    },
    source: 'meldcode-facts §5a, §9.5; https://handelingsprotocol.nl/utrecht-jgz-stap-5-hulp-of-melden-2/ouders-van-melding-op-de-hoogte-brengen',
  },
  {
    id: 'afspraken-vastleggen',
    when: 'always',
    text: {
      nl: 'Vat samen, vertel wat er nu gebeurt, maak concrete afspraken (wie, wat, wanneer) en leg het gesprek en de afspraken vast.',
      en: 'Summarise, explain what happens next, make concrete agreements (who, what, when) and record the conversation and the agreements.',
    },
    source: 'meldcode-facts §5a, §7a; https://www.meldcodehaaglanden.nl/deskundigheidsbevordering/zorgen-bespreekbaar-maken/',
  },
  // Talking with the child.
  {
    id: 'volwassene-eerst-deskundige',
    when: 'adult',
    text: {
      nl: 'Voer het gesprek nog niet, maar overleg eerst met een deskundige (zoals Veilig Thuis), als er signalen zijn van dwingende controle, van eergerelateerd geweld, huwelijksdwang of achterlating, of van seksueel geweld, of als je verwacht dat het gesprek de situatie onveiliger maakt.',
      en: 'Do not hold the conversation yet, but first consult an expert (such as Veilig Thuis) if there are signals of coercive control, of honour-based violence, forced marriage or abandonment, or of sexual violence, or if you expect the conversation to make things less safe.',
    },
    source: 'meldcode-facts Part 2 §1 (Conversation with an adult client); https://www.lkah.nl/stap-3-ga-in-gesprek-met-betrokkenenn',
  },
  {
    id: 'volwassene-vragen',
    when: 'adult',
    text: {
      nl: 'Vragen die helpen: hoe bedreigend is de situatie, en moet er nu iets gebeuren? Wat voor geweld is het, en wat lokt het uit? Hoe lang speelt het al? Hoe gaat het met de kinderen? Wat verwacht de cliënt van het gesprek, en wat wil die voor de relatie? Met wie in het netwerk kan de cliënt praten? Welke hulp is er al? Wat kan de cliënt doen als het geweld weer oplaait?',
      en: 'Questions that help: how threatening is the situation, and does something need to happen now? What kind of violence is it, and what triggers it? How long has it been going on? How are the children? What does the client expect from the conversation, and what do they want for the relationship? Who in their network can they talk to? What help is already in place? What can the client do if the violence flares up again?',
    },
    source: 'meldcode-facts Part 2 §1 (Conversation with an adult client); https://www.veiligthuisgv.nl/professionals/tips-voor-professionals/',
  },
  {
    id: 'volwassene-vertellen',
    when: 'adult',
    text: {
      nl: 'Vertel de cliënt dat geweld nooit gerechtvaardigd is en tegen de wet ingaat, dat die niet de enige is, en dat het niet vanzelf stopt maar dat er goede hulp bestaat.',
      en: 'Tell the client that violence is never justified and is against the law, that they are not the only one, and that it will not stop by itself but good help exists.',
    },
    source: 'meldcode-facts Part 2 §1 (Conversation with an adult client); https://www.veiligthuisgv.nl/professionals/tips-voor-professionals/',
  },
  {
    id: 'kind-geen-geheim',
    when: 'child',
    text: {
      nl: 'Beloof een kind nooit geheimhouding. Leg uit dat je anderen nodig hebt om te helpen.',
      en: 'Never promise a child secrecy. Explain that you need others to help.',
    },
    source: 'meldcode-facts §5b, §9.6; https://www.kindermishandelingonderwijskinderopvang.nl/tips-voor-het-gesprek/',
  },
  {
    id: 'kind-geen-waarom',
    when: 'child',
    text: {
      nl: 'Vermijd suggestieve vragen en "waarom"-vragen; die voelen beschuldigend. Een open uitnodiging om te vertellen werkt beter.',
      en: 'Avoid leading questions and "why" questions; they feel accusing. An open invitation to tell works better.',
    },
    source: 'meldcode-facts §5b; https://www.augeomagazine.nl/hoe_praat_je_met_een_kind_-_augeo_magazine_10/hoe-praat-je-met-een-kind',
  },
  {
    id: 'kind-rustige-plek',
    when: 'child',
    text: {
      nl: 'Kies een rustige, veilige plek, neem de tijd en pas woorden en lengte aan aan leeftijd en ontwikkeling. Bedenk vooraf wie het kind daarna kan steunen.',
      en: 'Choose a quiet, safe place, take your time and fit words and length to the child\u2019s age and development. Decide beforehand who can support the child afterwards.',
    },
    source: 'meldcode-facts §5b; https://www.nji.nl/kindermishandeling/hoe-praat-ik-met-een-kind-over-vermoedens',
  },
  {
    id: 'kind-onder-16',
    when: 'child',
    text: {
      nl: 'Voor een gericht gesprek over je zorgen met een kind onder de 16 noemt het NJi eerst toestemming van de ouders. Volg het beleid van je organisatie. Luisteren naar een kind dat zelf vertelt mag altijd.',
      en: 'For a targeted conversation about your worries with a child under 16, the NJi says to ask the parents\u2019 permission first. Follow your organisation\u2019s policy. Listening to a child who tells you something is always fine.',
    },
    source: 'meldcode-facts §5b; https://www.nji.nl/kindermishandeling/hoe-praat-ik-met-een-kind-over-vermoedens',
  },
  {
    id: 'jong-kind-broer-zus',
    when: 'youngChild',
    text: {
      nl: 'Een jong kind wil soms een oudere broer of zus erbij hebben.',
      en: 'A young child sometimes wants an older brother or sister present.',
    },
    source: 'meldcode-facts §5b; https://nji.nl/nl/Kennis/Dossier/Kindermishandeling/Zorgen-bespreken/In-gesprek-met-kind-en-ouders',
  },
  // Newcomer families.
  {
    id: 'nieuwkomer-tolk',
    when: 'newcomer',
    text: {
      nl: 'Gebruik een professionele tolk als dat nodig is. Laat nooit een kind tolken voor de ouders.',
      en: 'Use a professional interpreter when needed. Never let a child interpret for the parents.',
    },
    source: 'meldcode-facts §5c, §9.8; https://www.rd.nl/a/921966-jeugdartsen-en-psychiaters-laat-kind-nooit-tolken-in-spreekkamer',
  },
  {
    id: 'nieuwkomer-systeem',
    when: 'newcomer',
    text: {
      nl: 'Leg uit hoe hulp en zorg voor kinderen in Nederland werken, wat de meldcode is en dat je met je zorg hulp zoekt voor het kind en het gezin. Sommige ouders zijn eerst bang dat hun kind wordt weggehaald. Beelden en voorbeelden werken vaak beter dan stellige uitspraken.',
      en: 'Explain how help and care for children work in the Netherlands, what the meldcode is, and that with your worry you are looking for help for the child and the family. Some parents first fear that their child will be taken away. Pictures and examples often work better than blunt statements.',
    },
    source: 'meldcode-facts §5c, Part 2 §7; seed 000_644523177988c086.txt; https://www.kindermishandelingonderwijskinderopvang.nl/gesprek-met-gezinnen-met-een-migranten-achtergrond/',
  },
  {
    id: 'nieuwkomer-gewoonten',
    when: 'newcomer',
    text: {
      nl: 'Vraag naar hun gewoonten, geef ruimte aan hun eigen verhaal, zoek samen een aanpak in kleine stappen en neem de tijd. Een voorlichter eigen taal en cultuur (VETC) of de JGZ kan helpen.',
      en: 'Ask about their habits, give room to their own story, look for a shared approach in small steps and take your time. A community health educator (VETC) or youth health care can help.',
    },
    source: 'meldcode-facts §5c; https://www.kindermishandelingonderwijskinderopvang.nl/gesprek-met-gezinnen-met-een-migranten-achtergrond/',
  },
  {
    id: 'nieuwkomer-sleutelpersonen',
    when: 'newcomer',
    text: {
      nl: 'Een sleutelpersoon kan helpen als brug naar het gezin: iemand met een vluchtelingenachtergrond die de eigen gemeenschap voorlicht en professionals adviseert.',
      en: 'A key person (sleutelpersoon) can help as a bridge to the family: someone with a refugee background who informs their own community and advises professionals.',
    },
    source: 'meldcode-facts §5c, Part 2 §7; https://www.pharos.nl/nl/kenniscentrum/gezondheid-statushouders/inzet-van-sleutelpersonen',
  },
  {
    id: 'nieuwkomer-tijd',
    when: 'newcomer',
    text: {
      nl: 'Trek extra tijd uit: vertrouwen opbouwen kost tijd, zeker als er nog geen band is of als je elkaars taal niet spreekt.',
      en: 'Set aside extra time: building trust takes time, especially when there is no relationship yet or you do not share a language.',
    },
    source: 'meldcode-facts §5c, Part 2 §7; seed 000_644523177988c086.txt; https://www.huiselijkgeweld.nl/publicaties/rapporten/2023/03/23/onderzoek-naar-de-toepassing-van-de-meldcode-bij-nieuwkomersgezinnen',
  },
];

/** The tips that apply to a case, safety tips first (order of the catalogue). */
export function tipsFor(f: CaseFeatures): ConversationTip[] {
  return CONVERSATION_TIPS.filter((tip) => {
    switch (tip.when) {
      case 'always':
      case 'partnership':
        return true;
      case 'newcomer':
        return f.newcomer;
      case 'sexual':
        return f.sexual;
      case 'expertFirst':
        return f.expertFirst;
      case 'child':
        // Babies and toddlers are not interviewed; from primary-school age a conversation can happen.
        return f.adult !== true && f.age !== '0-4';
      case 'adult':
        return f.adult === true;
      case 'youngChild':
        return f.age === '4-12';
    }
  });
}
