import { ADULT_FORMS } from './adult.js';
import type { ConcernForm } from './types.js';

export type { ConcernForm };

export const CONCERN_FORMS: readonly ConcernForm[] = [
  {
    id: 'lichamelijke-mishandeling',
    text: { nl: 'Lichamelijke mishandeling', en: 'Physical abuse' },
    source: 'meldcode-facts §3a; https://www.groep1-2.com/post/kindermishandeling',
  },
  {
    id: 'emotionele-mishandeling',
    text: { nl: 'Emotionele of psychische mishandeling', en: 'Emotional or psychological abuse' },
    source: 'meldcode-facts §3a; https://www.groep1-2.com/post/kindermishandeling',
  },
  {
    id: 'lichamelijke-verwaarlozing',
    text: { nl: 'Lichamelijke verwaarlozing', en: 'Physical neglect' },
    source: 'meldcode-facts §3a; http://docplayer.nl/31479897-Jgz-richtlijn-kindermishandeling.html',
  },
  {
    id: 'emotionele-verwaarlozing',
    text: { nl: 'Emotionele verwaarlozing', en: 'Emotional neglect' },
    source: 'meldcode-facts §3a; http://docplayer.nl/31479897-Jgz-richtlijn-kindermishandeling.html',
  },
  {
    id: 'seksueel-misbruik',
    text: { nl: 'Seksueel misbruik', en: 'Sexual abuse' },
    sexual: true,
    source: 'meldcode-facts §3a, §5b; https://www.kindermishandelingonderwijskinderopvang.nl/tips-voor-het-gesprek/',
  },
  {
    id: 'getuige-huiselijk-geweld',
    text: { nl: 'Kind is getuige van huiselijk geweld', en: 'Child witnesses domestic violence' },
    source: 'meldcode-facts §3f; https://www.onderwijsgeschillen.nl/thema/informatieverstrekking-aan-veilig-thuis',
  },
  {
    id: 'eergerelateerd-geweld',
    text: { nl: 'Eergerelateerd geweld', en: 'Honour-based violence' },
    expertFirst: true,
    source:
      'meldcode-facts §3g; https://veiligthuishollandsmidden.nl/vernieuwde-factsheet-de-meldcode-bij-vermoedens-van-eergerelateerd-geweld/',
  },
  {
    id: 'vgv',
    text: { nl: 'Meisjesbesnijdenis (VGV), dreigend of uitgevoerd', en: 'Female genital mutilation (FGM), threatened or done' },
    expertFirst: true,
    source: 'meldcode-facts §3h; https://www.lkah.nl/signalen-meisjesbesnijdenis',
  },
  {
    id: 'huwelijksdwang',
    text: { nl: 'Huwelijksdwang of achterlating', en: 'Forced marriage or abandonment abroad' },
    expertFirst: true,
    source:
      'meldcode-facts §3i; https://veiligthuisgm.nl/let-op-signalen-mogelijk-jongeren-tijdens-vakantie-besneden-achtergelaten-gedwongen-gehuwd',
  },
  {
    id: 'ouderproblemen',
    text: {
      nl: 'Zorgen over een ouder (psychisch, verslaving, partnergeweld)',
      en: 'Worries about a parent (mental health, addiction, partner violence)',
    },
    parentConcern: true,
    source: 'meldcode-facts §2; https://www.augeo.nl/nl-nl/kindcheck',
  },
  {
    id: 'onbekend',
    text: { nl: 'Weet ik nog niet', en: "I don't know yet" },
    source: 'meldcode-facts §3 (signals are not proof and can have other causes); https://www.meldcode.nu/signalen-kindermishandeling/',
  },
];

export function formById(id: string): ConcernForm | undefined {
  return CONCERN_FORMS.find((f) => f.id === id) ?? ADULT_FORMS.find((f) => f.id === id);
}
