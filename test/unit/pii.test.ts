/** findPii(): likely identifying data in free text, and no hits on ordinary facts about a worry. */
import { describe, expect, it } from '@jest/globals';
import { CONTACTS } from '../../src/domain/contacts.js';
import { findPii, passesElfproef, type PiiHit, type PiiKind } from '../../src/engine/pii.js';

const hit = (kind: PiiKind, match: string): PiiHit => ({ kind, match });

/** Each sentence yields exactly one hit of this kind with this matched text. */
const SINGLE: Array<[string, PiiKind, string]> = [
  // names after a naming phrase (Dutch)
  ['De moeder heet Fatima El Amrani', 'naam', 'Fatima El Amrani'],
  ['De vader heet Jan van der Berg.', 'naam', 'Jan van der Berg'],
  ['Het kind heet Noa, zit in groep 5.', 'naam', 'Noa'],
  ['Ze heet Özlem Çelik en is 8 jaar.', 'naam', 'Özlem Çelik'],
  ['Hij heet Mehmet Yıldız.', 'naam', 'Mehmet Yıldız'],
  ['Haar naam is Chloë Dubois.', 'naam', 'Chloë Dubois'],
  ['Zijn naam is Ahmed, hij is 7.', 'naam', 'Ahmed'],
  ['Er is een jongen genaamd Daan die vaak alleen is.', 'naam', 'Daan'],
  ['Volgens mij heet ze eigenlijk Sophie', 'naam', 'Sophie'],
  ['Naam: Kevin de Jong', 'naam', 'Kevin de Jong'],
  ['Zijn achternaam is Bakker', 'naam', 'Bakker'],
  ["Het meisje heet 'Emma'.", 'naam', 'Emma'],
  ['Ze heet Anna Maandag zag ik haar weer', 'naam', 'Anna'],
  // names after a naming phrase (English)
  ['Her name is Sophie.', 'naam', 'Sophie'],
  ['His name is Tom Smith and he is 9.', 'naam', 'Tom Smith'],
  ['There is a boy called Jayden in year 4.', 'naam', 'Jayden'],
  ['A girl named Zoë told me.', 'naam', 'Zoë'],
  ['Her surname is Nguyen.', 'naam', 'Nguyen'],
  // title + surname, with tussenvoegsels and initials
  ['Gesprek gehad met mevrouw Jansen.', 'naam', 'mevrouw Jansen'],
  ['meneer de Vries was erg boos', 'naam', 'meneer de Vries'],
  ['dhr. Bakker belde om 9 uur', 'naam', 'dhr. Bakker'],
  ['mw. Yilmaz kwam niet opdagen', 'naam', 'mw. Yilmaz'],
  ['Mevrouw van den Heuvel zei dat het goed ging', 'naam', 'Mevrouw van den Heuvel'],
  ['De buurvrouw, mevr. El Idrissi, belde', 'naam', 'mevr. El Idrissi'],
  ['Vader is dhr. J.P. ter Horst', 'naam', 'dhr. J.P. ter Horst'],
  ['Mr. Brown came to the school', 'naam', 'Mr. Brown'],
  ['De familie Şahin woont er sinds kort', 'naam', 'familie Şahin'],
  // BSN (all pass the 11-proef, checked in the block below)
  ['BSN 111222333', 'bsn', '111222333'],
  ['bsn: 123 456 782', 'bsn', '123 456 782'],
  ['Haar BSN is 123.456.782.', 'bsn', '123.456.782'],
  ['burgerservicenummer 1112.22.333', 'bsn', '1112.22.333'],
  ['Zijn nummer is 987654305', 'bsn', '987654305'],
  ['Oud BSN van 8 cijfers: 12345672', 'bsn', '12345672'],
  // phone numbers
  ['Bel moeder op 06-12345678.', 'telefoon', '06-12345678'],
  ['Vader: 06 1234 5678', 'telefoon', '06 1234 5678'],
  ['tel 0612345678', 'telefoon', '0612345678'],
  ['Mobiel +31 6 12345678', 'telefoon', '+31 6 12345678'],
  ['Nummer 0031612345678 gaf ze op', 'telefoon', '0031612345678'],
  ['Oma: 010-1234567', 'telefoon', '010-1234567'],
  ['Thuis 020 123 4567', 'telefoon', '020 123 4567'],
  ['Werk (020) 123 45 67', 'telefoon', '(020) 123 45 67'],
  ['Belgisch nummer +32 470 12 34 56', 'telefoon', '+32 470 12 34 56'],
  ['Via +31 (0)20 123 4567 bereikbaar', 'telefoon', '+31 (0)20 123 4567'],
  ['In Friesland: 0513-123456', 'telefoon', '0513-123456'],
  // e-mail
  ['Mail van moeder: anna.devries@gmail.com.', 'email', 'anna.devries@gmail.com'],
  ['stuur naar j.yilmaz+school@outlook.nl', 'email', 'j.yilmaz+school@outlook.nl'],
  ['Her email is tom_smith@school.co.uk', 'email', 'tom_smith@school.co.uk'],
  // dates of birth
  ['geboren 12-03-2015', 'geboortedatum', '12-03-2015'],
  ['Het kind (geb. 12 maart 2015) zit in groep 4', 'geboortedatum', '12 maart 2015'],
  ['geboortedatum: 2015-03-12', 'geboortedatum', '2015-03-12'],
  ['De geboortedatum van het kind is 12-03-2015', 'geboortedatum', '12-03-2015'],
  ['Ze is op 12-03-2015 geboren.', 'geboortedatum', '12-03-2015'],
  ['Hij is geboren op 3 mei 2016', 'geboortedatum', '3 mei 2016'],
  ['born on March 12, 2015', 'geboortedatum', 'March 12, 2015'],
  ['She was born 12th of March 2015', 'geboortedatum', '12th of March 2015'],
  ['DOB 12/03/2015', 'geboortedatum', '12/03/2015'],
  ['Date of birth: 3 May 2016', 'geboortedatum', '3 May 2016'],
  ['d.o.b. 01/02/2014', 'geboortedatum', '01/02/2014'],
  // postcode and house number, street and house number
  ['Postcode 1234 AB', 'postcode-huisnummer', '1234 AB'],
  ['ze woont in 1234AB 12', 'postcode-huisnummer', '1234AB 12'],
  ['Postcode 1012AB, huisnummer 7', 'postcode-huisnummer', '1012AB, huisnummer 7'],
  ['Adres: Dorpsstraat 12, 1234 AB Utrecht', 'postcode-huisnummer', 'Dorpsstraat 12, 1234 AB'],
  ['Ze wonen op Kerkweg 3a', 'postcode-huisnummer', 'Kerkweg 3a'],
  ['Laan van Meerdervoort 120 in Den Haag', 'postcode-huisnummer', 'Laan van Meerdervoort 120'],
  ['ze woont op de dorpsstraat 12', 'postcode-huisnummer', 'dorpsstraat 12'],
  ['Hij woont aan het Stationsplein 4', 'postcode-huisnummer', 'Stationsplein 4'],
  ['Oude Kerkstraat 5 is het adres', 'postcode-huisnummer', 'Oude Kerkstraat 5'],
  ['Zeedijk 14-2, bovenwoning', 'postcode-huisnummer', 'Zeedijk 14-2'],
];

describe('findPii: one hit per kind', () => {
  it.each(SINGLE)('%s', (text, kind, match) => {
    expect(findPii(text)).toEqual([hit(kind, match)]);
  });

  it('covers every kind with several examples', () => {
    const kinds: PiiKind[] = ['naam', 'bsn', 'telefoon', 'email', 'geboortedatum', 'postcode-huisnummer'];
    for (const kind of kinds) expect(SINGLE.filter(([, k]) => k === kind).length).toBeGreaterThanOrEqual(3);
  });
});

describe('findPii: several hits', () => {
  const CASES: Array<[string, PiiHit[]]> = [
    ['De kinderen heten Sam en Lisa', [hit('naam', 'Sam'), hit('naam', 'Lisa')]],
    [
      'Vader: dhr. J.P. van der Berg, tel. +31 6-1234 5678, mail jp@vdberg.nl',
      [hit('naam', 'dhr. J.P. van der Berg'), hit('telefoon', '+31 6-1234 5678'), hit('email', 'jp@vdberg.nl')],
    ],
    [
      'familie Yilmaz woont op Kerkweg 3a, 2511 CV Den Haag',
      [hit('naam', 'familie Yilmaz'), hit('postcode-huisnummer', 'Kerkweg 3a, 2511 CV')],
    ],
    [
      'Noa (geb. 01-02-2016, BSN 111222333) is van mevrouw Jansen',
      [hit('naam', 'Noa'), hit('geboortedatum', '01-02-2016'), hit('bsn', '111222333'), hit('naam', 'mevrouw Jansen')],
    ],
    // the same finding twice is reported once
    ['Bel 06-12345678, echt 06-12345678', [hit('telefoon', '06-12345678')]],
  ];
  it.each(CASES)('%s', (text, hits) => {
    expect(findPii(text)).toEqual(hits);
  });
});

describe('BSN: the 11-proef', () => {
  // 1·9+1·8+1·7+2·6+2·5+2·4+3·3+3·2−3 = 66 = 6·11; for 123456789 the sum is 147, not a multiple of 11.
  it.each([
    ['111222333', true],
    ['123456782', true],
    ['987654305', true],
    ['999999990', true],
    ['12345672', true], // 8 digits: 012345672
    ['123456789', false],
    ['111222334', false],
    ['12345678', false],
    ['000000000', false], // sum 0 is not a BSN
    ['12345', false],
  ])('%s → %s', (bsn, valid) => {
    expect(passesElfproef(bsn)).toBe(valid);
  });

  it.each(['123456789', 'BSN 123456789', '123 456 789', '111222334', '999999999', 'Zijn BSN is 12345678'])(
    '%s fails the 11-proef: no hit',
    (text) => {
      expect(findPii(text)).toEqual([]);
    },
  );

  it('does not read an 8-digit date as a BSN', () => {
    expect(findPii('Hij kwam 20251112 niet opdagen.')).toEqual([]);
  });
});

describe('our own numbers and ordinary numbers are not flagged', () => {
  it.each([
    'Bel 112',
    'Bel 112 bij direct gevaar',
    'Veilig Thuis 0800-2000 gebeld',
    'Veilig Thuis: 0800 2000',
    'Ik heb 08002000 gebeld',
    'Advieslijn 0900-111 3 111',
    'De Kindertelefoon, 0800-0432, is gratis',
    'Sinds 2015 woont ze bij oma',
    'op 01-12 02-12 03-12 te laat',
    'Op 01-12-2026 10 minuten te laat',
  ])('%s', (text) => {
    expect(findPii(text)).toEqual([]);
  });

  it.each(Object.values(CONTACTS).map((c) => [c.id, c.phone]))('the published contact %s (%s) is never personal data', (_id, phone) => {
    expect(findPii(`Ik heb ${phone} gebeld`)).toEqual([]);
    expect(findPii(`Ik heb ${phone.replace(/\D/g, '')} gebeld`)).toEqual([]);
  });
});

describe('ordinary facts give no hits', () => {
  const FROM_BRIEF = [
    'Maandag 16/11 zag ik blauwe plekken op beide bovenarmen',
    'Het kind (4 jaar) vertelde dat papa boos was',
    'Op 12-11-2026 kwam ze zonder jas',
    'Groep 5, 3 keer te laat',
    'Veilig Thuis 0800-2000 gebeld',
    'Bel 112',
    'om 08:30',
    'kamer 12',
    '2 kinderen van 3 en 7',
    'Maandag zag ik een blauwe plek op de arm',
  ];
  const REALISTIC = [
    'Vanochtend om 8.15 uur kwam hij met een blauw oog op school.',
    'Ze vertelde dat mama haar gisteren 2 keer had geslagen met een riem.',
    'De moeder was op 3 november dronken bij het ophalen, rond 15:00.',
    "Het meisje (11) zei op 14-10 dat haar stiefvader haar 's nachts wakker maakt.",
    'Vader heeft op 2 oktober 2026 de deur ingetrapt volgens de buren, 2e keer dit jaar.',
    'Ik heb op 5-11 om 10:45 met de intern begeleider gesproken, gesprek duurde 20 min.',
    'De baby van 6 maanden had op 1-12 een schedelbreuk volgens de SEH-arts.',
    'Het is heet in de klas, 30 graden, en hij droeg een dikke trui met lange mouwen.',
    'Ze is 1,20 m en weegt 18 kg, dat is te weinig voor haar leeftijd.',
    'Op het schoolplein 2 keer geslagen, en op de Kerstmarkt 2025 stond hij alleen buiten.',
    'Hij is in 2015 geboren en zit in groep 6.',
    'Ze is geboren en woont sinds 12-03-2020 bij oma.',
    'Het water was heet. Daarna huilde ze.',
    'The child (age 9) said her father hit her on 3 March at around 7 pm.',
    'I called Veilig Thuis on 12-11-2026 and spoke to a counsellor for 15 minutes.',
    'We called the GGD and the police came at 21:30.',
    'She was called names by classmates 4 times this week.',
    'Ze heeft het kinderdagverblijf 3x gebeld, tussen 9:00 en 9:30, en Mama kwam niet.',
  ];
  it.each([...FROM_BRIEF, ...REALISTIC])('%s', (text) => {
    expect(findPii(text)).toEqual([]);
  });

  it('returns [] for empty text', () => {
    expect(findPii('')).toEqual([]);
  });
});

describe('names without a naming phrase (issue 13)', () => {
  const CASES: Array<[string, PiiHit[]]> = [
    ['Mohammed zei dat zijn vader hem sloeg.', [hit('naam', 'Mohammed')]],
    ['Sanne de Vries uit groep 3 had weer een blauwe plek.', [hit('naam', 'Sanne de Vries')]],
    ['Vader (Youssef) sloeg hem', [hit('naam', 'Youssef')]],
    ['Lisa en Sem zagen het ook.', [hit('naam', 'Lisa'), hit('naam', 'Sem')]],
    ['Amira (7) vertelde dat ze thuis geen eten krijgt.', [hit('naam', 'Amira')]],
    ['het kind heet noor en is vaak moe', [hit('naam', 'noor')]],
    ['zijn moeder natalia werkt s nachts', [hit('naam', 'natalia')]],
    ['Vader Ahmed kwam dronken bij het ophalen.', [hit('naam', 'Ahmed')]],
    ['Oma Riet haalt hem meestal op.', [hit('naam', 'Riet')]],
    ['juf Anneke zag dat hij mank liep', [hit('naam', 'juf Anneke')]],
    ['Roos (4) kwam met natte kleren.', [hit('naam', 'Roos')]],
    ['Ik zag Dan gisteren bij het hek.', [hit('naam', 'Dan')]],
    ['De jongen, Kacper, zat onder de blauwe plekken.', [hit('naam', 'Kacper')]],
    ['Ik sprak met Dmytro’s moeder.', [hit('naam', 'Dmytro')]],
    ['Semhar, Filmon en Yonas komen zonder ontbijt.', [hit('naam', 'Semhar'), hit('naam', 'Filmon'), hit('naam', 'Yonas')]],
    ['Khaled Al-Hassan uit groep 8 heeft nachtmerries.', [hit('naam', 'Khaled Al-Hassan')]],
    ['Youssef Ben Ali slaat andere kinderen.', [hit('naam', 'Youssef Ben Ali')]],
    ['Kees van der Meer is de stiefvader.', [hit('naam', 'Kees van der Meer')]],
    ['Anna-Sophie kwam huilend binnen.', [hit('naam', 'Anna-Sophie')]],
  ];
  it.each(CASES)('%s', (text, hits) => {
    expect(findPii(text)).toEqual(hits);
  });
});

describe('identifiers in more spellings (issue 13)', () => {
  const CASES: Array<[string, PiiHit[]]> = [
    ['BSN 111-222-333 staat in het dossier.', [hit('bsn', '111-222-333')]],
    ['bsn van het kind: 12 34 56 782', [hit('bsn', '12 34 56 782')]],
    ['Moeder mailde vanaf fatima.elamrani[at]gmail[dot]com.', [hit('email', 'fatima.elamrani[at]gmail[dot]com')]],
    ['moeder: ayse.demir at hotmail punt com', [hit('email', 'ayse.demir at hotmail punt com')]],
    ['vader: j.dejong(at)ziggo.nl', [hit('email', 'j.dejong(at)ziggo.nl')]],
    ['Op Instagram noemt hij zich @sem_2015.', [hit('sociale-media', '@sem_2015')]],
    ['Zijn TikTok is tiktok.com/@yusuf.k', [hit('sociale-media', 'tiktok.com/@yusuf.k')]],
    ['via facebook.com/nadia.benali', [hit('sociale-media', 'facebook.com/nadia.benali')]],
    ['Haar snapchat is lina_2013', [hit('sociale-media', 'lina_2013')]],
    ['Zijn TikTok-account: dylanbxl.', [hit('sociale-media', 'dylanbxl')]],
    ['instagram.com/mila.bakker', [hit('sociale-media', 'instagram.com/mila.bakker')]],
    ['Leerlingnummer 483920 is vaker afwezig.', [hit('leerlingnummer', '483920')]],
    ['Ze woont op de Dorpsstraat 12.', [hit('postcode-huisnummer', 'Dorpsstraat 12')]],
    ['Het gezin woont in de Kerkstraat, naast de bakker.', [hit('postcode-huisnummer', 'Kerkstraat')]],
    ['Het adres is Molenweg twaalf.', [hit('postcode-huisnummer', 'Molenweg twaalf')]],
    ['Het gezin woont op de Van Heemskerckstraat nummer 8.', [hit('postcode-huisnummer', 'Van Heemskerckstraat nummer 8')]],
  ];
  it.each(CASES)('%s', (text, hits) => {
    expect(findPii(text)).toEqual(hits);
  });
});

describe('ordinary case text with capitalised words gives no hits', () => {
  it.each([
    'Vandaag kwam hij zonder jas op school.',
    'Moeder was boos bij het ophalen.',
    'Tijdens de gym zag ik blauwe plekken.',
    "Ik heb overlegd met de IB'er, de JGZ en het wijkteam.",
    'De Raad voor de Kinderbescherming doet onderzoek.',
    'Na Sinterklaas en met Kerst was hij stil; tijdens de Ramadan en na het Suikerfeest ook.',
    'Moeder werkt bij Albert Heijn en vader bij PostNL.',
    'In mei en juni was hij vaak ziek, in April ook.',
    'Hoop dat het gezin hulp accepteert.',
    'Ben ik verplicht dit te melden?',
    'Dan gaat hij huilen en wil hij niet meer praten.',
    'Ze kreeg een roos van haar vader na de ruzie.',
    'Hij zei: "Ik wil niet naar huis" en begon te huilen.',
    'Broertje en zusje worden om beurten opgehaald.',
    'Op Instagram zag ik een filmpje van een vechtpartij.',
    'Zijn snapchat is weg en zijn instagram is openbaar.',
    'Overlegd met <@U123ABC>, @channel graag kijken',
    'Ze werkt bij de Zara in het centrum.',
    'Harm was done to the child, the teacher said.',
    'Het is heet in de klas en zij heet het liefst niemand welkom.',
  ])('%s', (text) => {
    expect(findPii(text)).toEqual([]);
  });
});
