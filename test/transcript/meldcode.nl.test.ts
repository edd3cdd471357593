import { describe, expect, it } from '@jest/globals';
import { MemoryStore } from '../../src/store/memory.js';
import type { Effect } from '../../src/engine/types.js';
import { Transcript } from '../helpers/transcript.js';
import { conversationAt } from '../helpers/conversation.js';
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
    (await t.picks('Hulp bieden of organiseren')).isAt('afw.toelichting');
    (await t.submitsEmpty()).isAt('menu').sees('Samenvatting van zaak MC-T1', FACTS, INTERPRETATION, 'Interpretatie (apart van de feiten)', 'Persoonlijk, bij mijn organisatie', 'korte melding naar je aandachtsfunctionaris');
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
    const followUp = outbox.find((e): e is Extract<Effect, { type: 'followup.schedule' }> => e.type === 'followup.schedule');
    expect(followUp?.kind).toBe('afweging5');
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
