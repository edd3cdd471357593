import { describe, expect, it } from '@jest/globals';
import { MemoryStore } from '../../src/store/memory.js';
import type { Effect, Prompt } from '../../src/engine/types.js';
import { Transcript } from '../helpers/transcript.js';
import { conversationAt, translator } from '../helpers/conversation.js';
import { promptsToCards } from '../../cards/adaptive.js';
import { promptsToSlack } from '../../cards/blockkit.js';
import type { SlackRenderOptions } from '../../cards/blockkit/types.js';
import { renderText } from '../../cards/text.js';
import { channelFacts } from '../../cards/view.js';
import { channelView } from '../../src/cases/channelView.js';
import { buildDossier, dossierMarkdown } from '../../src/cases/dossier.js';
import { defaultSettings, type OrgSettings } from '../../src/org/settings.js';

/** A social map with an interpreter and a neighbourhood team (no phone numbers needed). */
function withSocialMap(): OrgSettings {
  return { ...defaultSettings(), socialMap: [{ kind: 'tolk', label: 'Tolkenpool van de gemeente' }, { kind: 'buurtteam', label: 'Buurtteam Noord' }] };
}

const FACTS = 'Ma 9/11 en wo 11/11 geen lunch mee; kind at bij ons de restjes op.';
const INTERPRETATION = 'Collega denkt dat er thuis geldzorgen zijn.';

describe('Dutch transcript: a childcare worker walks the whole meldcode to a help decision', () => {
  it('goes from "hallo" to the summary, posts a pseudonymous summary and schedules the follow-up', async () => {
    const store = new MemoryStore();
    const t = await Transcript.create(store, 'test:pm-1', 'nl', withSocialMap());

    (await t.says('hallo')).isAt('menu').sees('Waarmee kan ik je helpen?', 'Er is nu direct gevaar');
    (await t.picks('zorgen over een kind')).isAt('ctx.acuut').sees('direct gevaar');
    (await t.picks('Nee')).isAt('ctx.sector');
    (await t.picks('Kinderopvang')).isAt('ctx.betreft');
    (await t.picks('thuissituatie')).isAt('ctx.slachtoffer').sees('ook voor huiselijk geweld tegen volwassenen');
    (await t.picks('Een kind')).isAt('ctx.client');
    (await t.picks('Met het kind')).isAt('s1.leeftijd').sees('Stap 1 van 5 — Signalen in kaart');
    (await t.picks('0 tot 4')).isAt('s1.vormen');
    (await t.picks('Lichamelijke verwaarlozing', 'Emotionele verwaarlozing')).isAt('s1.nieuwkomer');
    (await t.picks('Ja')).isAt('s1.signalen').sees('Signalen zijn geen bewijs');
    const signal = t.question().kind === 'multi' ? (t.question() as { options: { label: string }[] }).options[0]?.label ?? '' : '';
    (await t.picks(signal)).isAt('s1.feiten');
    (await t.says(FACTS)).isAt('s1.bron');
    // A newcomer family: first a check on one's own norms, then the stressors as context, before the interpretation.
    (await t.picks('Eigen waarneming', 'Iemand anders')).isAt('s1.normen').sees('terughoudend', 'Onbekend maakt onbemind', 'is dit een signaal, of is het vooral onbekend voor mij?', 'aandachtsfunctionaris');
    (await t.picks('Ik twijfel')).isAt('s1.stressoren').sees('op zichzelf geen signaal', 'context');
    (await t.picks('Onzekerheid over de verblijfsstatus', 'Geen steunend netwerk')).isAt('s1.interpretatie');
    (await t.says(INTERPRETATION)).isAt('s2.advies').sees('Stap 2 van 5 — Overleg', '0800-2000', 'anoniem', 'Kinderopvang', FACTS);
    (await t.picks('vastleggen')).isAt('s2.wie');
    (await t.picks('Aandachtsfunctionaris', 'Veilig Thuis')).isAt('s2.wanneer');
    (await t.says('vandaag')).isAt('s2.uitkomst');
    // Stap 3 uses the answer of stap 1: no second newcomer question.
    (await t.says('Advies: gesprek met ouders, daarna wegen.')).isAt('s3.keuze').sees('Stap 3 van 5 — Gesprek');
    t.sees('Een gesprek in partnerschap', 'Luister eerst en vraag door', 'niet via de telefoon', 'Kom niet met oplossingen zolang jullie de onveiligheid bespreken', 'hoor en wederhoor', 'van anderen hoorde');
    t.sees('Nieuwkomersgezin: tips', 'professionele tolk', 'nooit een kind tolken', 'sleutelpersoon', 'hulp zoekt voor het kind en het gezin', 'extra tijd', 'Tolken op de sociale kaart van je organisatie', 'Tolkenpool van de gemeente');
    const newcomerTips = t.reply().find((p) => p.kind === 'info' && p.title === 'Nieuwkomersgezin: tips');
    expect(newcomerTips && 'text' in newcomerTips ? newcomerTips.text : '').not.toContain('Buurtteam Noord');
    (await t.picks('voer het gesprek')).isAt('s3.gevoerd');
    (await t.picks('Ja')).isAt('s3.waar').sees('veilige plek');
    (await t.picks('bij mijn organisatie')).isAt('s3.luisteren').sees('luisterde je eerst');
    (await t.picks('Ja')).isAt('s3.oplossingen');
    (await t.picks('Deels')).isAt('s3.tolk');
    (await t.picks('Iemand uit het gezin')).isAt('s3.met').sees('Laat nooit een kind tolken');
    (await t.picks('Ouder')).isAt('s3.reactie');
    (await t.says('Moeder schrok, vertelde over geldzorgen; afspraak: wijkteam bellen.')).isAt('s3.inbreng');
    (await t.says('Moeder stelde zelf voor om het wijkteam te bellen.')).isAt('afw.steun').sees('Stap 4 van 5 — Wegen', 'neemt het besluit niet over', 'LIRIK', 'ARIJ', 'Overleg met Veilig Thuis', 'Geen');
    (await t.picks('Overleg met Veilig Thuis')).isAt('afw.q1').sees('De kinderopvang heeft een eigen afwegingskader');
    (await t.picks('Ja')).isAt('afw.q2').sees('Voorbeelden van acute onveiligheid', 'poging tot verwurging', 'vluchten van huis');
    (await t.picks('Nee')).isAt('afw.q3');
    (await t.picks('Ja')).isAt('afw.q4');
    (await t.picks('Ja')).isAt('afw.q5');
    (await t.picks('Nog niet')).isAt('afw.besluit').sees('Stap 5 van 5 — Beslissen', 'Hulp: ja', 'Het besluit neem jij');
    // Melden is a right, not a duty (Wmo 2015 art. 5.2.6), with the five questions for speaking without consent.
    t.sees('Melden: een recht, geen plicht', 'artikel 5.2.6', 'Kan spreken zwaarwegende belangen', 'wie heeft welke informatie nodig');
    (await t.picks('Hulp bieden of organiseren')).isAt('afw.toelichting');
    (await t.submitsEmpty()).isAt('menu').sees('Samenvatting van zaak MC-T1', FACTS, INTERPRETATION, 'Interpretatie (apart van de feiten)', 'Persoonlijk, bij mijn organisatie', 'korte melding naar je aandachtsfunctionaris');
    // The step as everywhere else ("Stap 5 van 5"), and the consultation's "vandaag" as the day it was.
    t.sees('   Stap: 5 van 5\n', '   Wanneer: 22 november 2026\n');
    t.sees('Nieuwkomersgezin', 'Onzekerheid over de verblijfsstatus', 'Eerst geluisterd en doorgevraagd', 'Oplossingen achtergehouden bij bespreken onveiligheid: Deels', 'Iemand uit het gezin of de omgeving tolkte', 'Moeder stelde zelf voor', 'Ondersteuning bij de weging: Overleg met Veilig Thuis');

    const [meta] = await store.listCases();
    expect(meta).toMatchObject({ ref: 'MC-T1', sector: 'kinderopvang', status: 'besluit', outcome: 'hulp', step: 5, urgency: 'normaal' });

    const record = await store.getCase(meta?.id ?? '');
    const types = record?.log.map((e) => e.type) ?? [];
    expect(types).toEqual(expect.arrayContaining(['opened', 'fact', 'interpretation', 'consultation', 'conversation', 'weighing', 'decision', 'status']));
    // Facts and interpretation are separate entries.
    expect(record?.log.find((e) => e.type === 'fact' && e.data.value === FACTS)).toBeDefined();
    expect(record?.log.find((e) => e.type === 'interpretation' && e.data.value === INTERPRETATION)).toBeDefined();

    const outbox = (await store.pending()).map((i) => i.payload as Effect);
    const post = outbox.find((e): e is Extract<Effect, { type: 'af.post' }> => e.type === 'af.post');
    expect(post?.reason).toBe('afronding');
    expect(post?.summary).toEqual({ caseId: meta?.id, ref: 'MC-T1', sector: 'kinderopvang', route: 'meldcode', step: 5, urgency: 'normaal', outcome: 'hulp', status: 'besluit', reporter: 'test:pm-1' });
    // The channel post carries no free text at all.
    expect(JSON.stringify(outbox)).not.toContain('lunch');
    // The follow-up (afweging 5 again) is a deadline in the store, fired by the scheduler; not an outbox item.
    expect(outbox.filter((e) => e.type === 'followup.schedule')).toEqual([]);
    const followUp = (await store.pendingDeadlines()).find((d) => d.kind === 'followup' && d.caseId === meta?.id);
    expect(followUp).toBeDefined();
    const decidedAt = Date.parse(meta?.updatedAt ?? '');
    expect(Date.parse(followUp?.dueAt ?? '') - decidedAt).toBe(42 * 86_400_000);
  });

  it('asks a case stored before stap 1 asked about newcomers in stap 3 instead, once', async () => {
    const c = await conversationAt('s2.uitkomst');
    const work = c.state.cases.case1;
    if (!work) throw new Error('no case');
    delete work.answers.nieuwkomer;
    c.say('Advies: gesprek met ouders.');
    expect(c.node()).toBe('s3.nieuwkomer');
    c.pick('Ja');
    expect(c.node()).toBe('s3.keuze');
    expect(c.infos().map((p) => p.title)).toContain('Nieuwkomersgezin: tips');
  });

  it('shows the sociale kaart at the end of stap 0, and its newcomer factors', async () => {
    const t = await Transcript.create(new MemoryStore(), 'test:pm-2', 'nl', withSocialMap());
    await t.says('hallo');
    (await t.picks('Snelle check')).isAt('s0.ouder').sees('laag opleidingsniveau', 'Trauma bij een ouder');
    (await t.submitsEmpty()).isAt('s0.kind');
    (await t.submitsEmpty()).isAt('s0.gezin');
    (await t.submitsEmpty()).isAt('s0.leef');
    (await t.picks('Onzekerheid over de verblijfsstatus', 'discriminatie')).isAt('s0.bescherm');
    (await t.submitsEmpty()).isAt('s0.uitkomst').sees('Onzekerheid over de verblijfsstatus', 'Sociale kaart van je organisatie', 'Tolkenpool van de gemeente', 'Buurtteam Noord');
  });

  it('explains stap 3 with every ground the dialogue offers to skip the conversation, and the acute route with melden', async () => {
    const t = await Transcript.create(new MemoryStore(), 'test:pm-3', 'nl');
    await t.says('hallo');
    await t.picks('Uitleg');
    (await t.picks('Stap 3')).isAt('uitleg').sees('Luister eerst', 'veiligheid van het kind, een ouder, jezelf of een ander', 'contact verbreekt', 'mogelijk zedendelict gaat (dan eerst de politie)', 'deskundige een gesprek nu afraadt');
    (await t.picks('Bij direct gevaar')).isAt('uitleg').sees('meld je bij Veilig Thuis');
  });
});

// ---- issue 16 part B: meldrecht, the KNMG sector, links per step, between children, tap-to-call ----------------

const CARD_OPTIONS = { submitLabel: 'Verder', requiredError: 'Kies een antwoord.' };
const SLACK_OPTIONS: SlackRenderOptions = { submitLabel: 'Verder', typeAnswerLabel: 'Antwoord typen', typeHint: 'Typ je antwoord' };
/** Every Action.OpenUrl address on the cards of a reply. */
const openUrls = (prompts: Prompt[]): string[] => JSON.stringify(promptsToCards(prompts, CARD_OPTIONS)).match(/"type":"Action\.OpenUrl","title":"[^"]*","url":"([^"]+)"/g)?.map((m) => m.replace(/.*"url":"/, '').replace(/"$/, '')) ?? [];
const slackText = (prompts: Prompt[]): string => JSON.stringify(promptsToSlack(prompts, SLACK_OPTIONS));

describe('Nederlands transcript: een arts overlegt in stap 2 (KNMG-meldcode, anoniem overleg, lees meer)', () => {
  it('toont de KNMG-regel en de links, vraagt waarom niet met collega én Veilig Thuis, en legt anoniem overleg vast', async () => {
    const store = new MemoryStore();
    const t = await Transcript.create(store, 'test:arts-1', 'nl');
    await t.says('hallo');
    await t.picks('zorgen over een kind');
    await t.picks('Nee');
    (await t.picks('Arts (KNMG-meldcode)')).isAt('ctx.betreft');
    await t.picks('thuissituatie');
    await t.picks('Een kind');
    // Stap 1 begins with its public pages, as real links.
    (await t.picks('Met het kind')).isAt('s1.leeftijd').sees('Lees meer', 'https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/meldcode');
    expect(openUrls(t.reply())).toEqual(expect.arrayContaining(['https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/meldcode', 'https://www.augeo.nl/nl-nl/kindcheck/stappenplan/']));
    await t.picks('4 tot 12');
    (await t.picks('Emotionele verwaarlozing')).isAt('s1.nieuwkomer');
    await t.picks('Nee');
    await t.submitsEmpty();
    await t.says('Kind kwam drie keer met blauwe plekken op de armen op het spreekuur.');
    (await t.picks('Eigen waarneming')).isAt('s1.interpretatie');
    (await t.submitsEmpty())
      .isAt('s2.advies')
      .sees('Regel voor jouw beroepsgroep', 'een of meer collega', 'leg dan vast waarom', 'doorbreek je je beroepsgeheim niet', 'intern overleg', 'anoniem was');
    // The step's pages, the KNMG's, and Veilig Thuis's number to tap.
    const urls = openUrls(t.reply());
    expect(urls).toEqual(expect.arrayContaining(['https://www.augeo.nl/nl-nl/themas/meldcode/veilig-thuis/', 'tel:08002000']));
    expect(urls.some((u) => u.startsWith('https://knmg-meldcode.maglr.com/'))).toBe(true);
    expect(slackText(t.reply())).toContain('<https://www.augeo.nl/nl-nl/themas/meldcode/veilig-thuis/|');
    expect(slackText(t.reply())).toContain('<tel:08002000|');
    await t.picks('vastleggen');
    // Only the aandachtsfunctionaris, anonymously: the KNMG asks why not a colleague and Veilig Thuis.
    (await t.picks('Aandachtsfunctionaris', 'anoniem')).isAt('s2.knmgReden').sees('KNMG-meldcode');
    (await t.says('Veilig Thuis was die dag telefonisch niet bereikbaar; morgen opnieuw.')).isAt('s2.wanneer');
    await t.says('vandaag');
    (await t.says('Advies: gesprek met de ouders voorbereiden.')).isAt('s3.keuze').sees('Lees meer', 'https://veiligthuishollandsmidden.nl/hoe-vertel-ik-dat-ik-ga-melden-bij-veilig-thuis/');
    expect(openUrls(t.reply())).toEqual(expect.arrayContaining(['https://www.pharos.nl/nl/kenniscentrum/gezondheid-statushouders/inzet-van-sleutelpersonen']));

    const [meta] = await store.listCases();
    expect(meta).toMatchObject({ sector: 'artsen', route: 'meldcode' });
    const log = (await store.getCase(meta?.id ?? ''))?.log ?? [];
    expect(log.find((e) => e.type === 'consultation' && e.data.field === 'overlegMet')?.data.value).toEqual(['af', 'anoniem']);
    expect(log.find((e) => e.type === 'consultation' && e.data.field === 'knmgReden')).toBeDefined();
  });
});

describe('Nederlands transcript: uitleg over meldrecht en informatie aan Veilig Thuis', () => {
  it('legt het meldrecht uit (Wmo 2015 art. 5.2.6, vijf vragen) en wat Veilig Thuis Utrecht en de KNMG zeggen, met bronnen als links', async () => {
    const t = await Transcript.create(new MemoryStore(), 'test:uitleg-1', 'nl');
    await t.says('hallo');
    (await t.picks('Uitleg')).isAt('uitleg');
    (await t.picks('Meldrecht en beroepsgeheim'))
      .isAt('uitleg')
      .sees('artikel 5.2.6', 'een recht, geen plicht', 'uitleggen waarom', 'intern overleg', 'Waarom kun je geen toestemming vragen of krijgen?');
    expect(openUrls(t.reply())).toContain('https://www.veiligthuisutrecht.nl/veilig-thuis-voor-professionals/advies-melden/informatie-uitwisselen/');
    (await t.picks('Veilig Thuis vraagt mij om informatie')).sees('Veilig Thuis Utrecht', 'schriftelijk of telefonisch', 'politie of justitie', 'bij voorkeur schriftelijk');
    expect(openUrls(t.reply())).toEqual(
      expect.arrayContaining([expect.stringContaining('onderdeel-ii-stappenplan-informatieverstrekking'), 'https://www.veiligthuisutrecht.nl/veilig-thuis-voor-professionals/advies-melden/informatie-uitwisselen/']),
    );
    (await t.picks('Seksueel gedrag tussen kinderen')).sees('Vlaggensysteem', 'route 3', 'vraag advies aan Veilig Thuis (0800-2000)');
    expect(openUrls(t.reply())).toEqual(expect.arrayContaining(['https://vlaggensysteem.nl/', 'https://www.boink.info/meldcode-kindermishandeling', 'tel:08002000']));
  });
});

describe('Nederlands transcript: seksueel gedrag tussen kinderen in de kinderopvang', () => {
  it('weegt met de zes criteria, toont de NJi-tips, route 3 en "vraag Veilig Thuis", en legt de route tussen-kinderen vast', async () => {
    const store = new MemoryStore();
    const t = await Transcript.create(store, 'test:opvang-sk', 'nl');
    await t.says('hallo');
    await t.picks('zorgen over een kind');
    await t.picks('Nee');
    await t.picks('Kinderopvang');
    (await t.picks('Seksueel gedrag tussen kinderen'))
      .isAt('sk.criteria')
      .sees('Vlaggensysteem', 'Sensoa met Movisie', 'geen optelsom', 'manipulatie, druk of een beloning', 'Zelfrespect');
    expect(openUrls(t.reply())).toEqual(expect.arrayContaining(['https://vlaggensysteem.nl/', 'https://www.nji.nl/seksueel-grensoverschrijdend-gedrag/seksueel-grensoverschrijdend-gedrag-herkennen']));
    (await t.picks('Vrijwilligheid', 'Gelijkwaardigheid')).isAt('sk.feiten');
    (await t.says('Twee kleuters, dinsdagmiddag in de speelhoek; de oudste hield de jongste vast.')).isAt('sk.medewerker');
    (await t.picks('Nee'))
      .isAt('sk.vervolg')
      .sees('niet-pluisgevoel', 'stappen van de meldcode', 'route 3', 'vijf stappen', 'zes stappen', 'staat niet in de openbare bronnen', 'Vraag daarom advies aan Veilig Thuis');
    expect(openUrls(t.reply())).toEqual(expect.arrayContaining(['https://www.boink.info/meldcode-kindermishandeling', 'tel:08002000', 'tel:112']));
    (await t.picks('Ik overleg')).isAt('menu').sees('Soort zorg: seksueel gedrag tussen kinderen', 'Twee kleuters', 'Vervolg (tussen kinderen)');

    const [meta] = await store.listCases();
    expect(meta).toMatchObject({ route: 'tussen-kinderen', sector: 'kinderopvang', outcome: 'tussen-kinderen-overleg', status: 'besluit' });
    const post = (await store.pending()).map((i) => i.payload as Effect).find((e): e is Extract<Effect, { type: 'af.post' }> => e.type === 'af.post');
    expect(post?.summary.route).toBe('tussen-kinderen');
    // The lead's card names the route.
    const tr = await translator();
    const view = channelView(post!.summary, { lang: 'nl', t: tr.t.bind(tr) });
    expect(channelFacts(post!.summary, view)).toEqual(expect.arrayContaining([{ label: 'Route', value: 'Seksueel gedrag tussen kinderen' }]));
    // The dossier: the route, the criteria as weighing and the facts apart.
    const record = await store.getCase(meta?.id ?? '');
    const md = dossierMarkdown(buildDossier(record!, { lang: 'nl', role: 'melder', requesterId: 'test:opvang-sk', generatedAt: '2026-11-24T12:00:00.000Z' }, tr.t.bind(tr)));
    expect(md).toContain('Seksueel gedrag tussen kinderen');
    expect(md).toContain('Twee kleuters, dinsdagmiddag in de speelhoek');
    expect(md).toContain('Vrijwilligheid');
    expect(record?.log.find((e) => e.type === 'fact' && e.data.field === 'skFeiten')).toBeDefined();
  });

  it('gaat naar de route voor een medewerker als er een medewerker betrokken is, met het nummer van de vertrouwensinspecteurs', async () => {
    const store = new MemoryStore();
    const t = await Transcript.create(store, 'test:opvang-sk2', 'nl');
    await t.says('hallo');
    await t.picks('zorgen over een kind');
    await t.picks('Nee');
    await t.picks('Kinderopvang');
    await t.picks('Seksueel gedrag tussen kinderen');
    await t.picks('Geen');
    await t.says('Een stagiair was erbij en greep niet in.');
    (await t.picks('Ja')).isAt('mw.route').sees('Aparte route', '0900-111 3 111');
    expect(openUrls(t.reply())).toContain('tel:09001113111');
    const [meta] = await store.listCases();
    expect(meta?.route).toBe('medewerker');
  });

  it('gaat bij een vermoeden van seksueel misbruik verder met de meldcode, en blijft als tussen-kinderen geteld', async () => {
    const store = new MemoryStore();
    const t = await Transcript.create(store, 'test:opvang-sk3', 'nl');
    await t.says('hallo');
    await t.picks('zorgen over een kind');
    await t.picks('Nee');
    await t.picks('Onderwijs');
    await t.picks('Seksueel gedrag tussen kinderen');
    await t.picks('Toestemming');
    await t.says('Leerling vertelde dat een oudere leerling haar dwong.');
    (await t.picks('Nee')).isAt('sk.vervolg');
    // Only the childcare protocol has a route 3.
    expect(t.reply().some((p) => p.kind === 'info' && p.title === 'Kinderopvang: route 3 van het protocol')).toBe(false);
    (await t.picks('seksueel misbruik')).isAt('ctx.slachtoffer').sees('verder met de stappen van de meldcode');
    const [meta] = await store.listCases();
    expect(meta?.route).toBe('tussen-kinderen');
  });
});

describe('Nederlands transcript: nummers om direct te bellen', () => {
  it('geeft bij direct gevaar 112 en Veilig Thuis als tel:-link in Teams en Slack, en als tekst in de terminal', async () => {
    const t = await Transcript.create(new MemoryStore(), 'test:acuut-tel', 'nl');
    await t.says('hallo');
    await t.picks('zorgen over een kind');
    (await t.picks('direct gevaar')).isAt('acuut').sees('112', '0800-2000');
    expect(openUrls(t.reply())).toEqual(expect.arrayContaining(['tel:112', 'tel:08002000']));
    expect(slackText(t.reply())).toContain('<tel:112|');
    expect(t.reply().map((p) => renderText(p)).join('\n')).not.toContain('tel:');
  });
});
