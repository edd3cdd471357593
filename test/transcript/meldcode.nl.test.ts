import { describe, expect, it } from '@jest/globals';
import { MemoryStore } from '../../src/store/memory.js';
import type { Effect } from '../../src/engine/types.js';
import { Transcript } from '../helpers/transcript.js';

const FACTS = 'Ma 9/11 en wo 11/11 geen lunch mee; kind at bij ons de restjes op.';
const INTERPRETATION = 'Collega denkt dat er thuis geldzorgen zijn.';

describe('Dutch transcript: a childcare worker walks the whole meldcode to a help decision', () => {
  it('goes from "hallo" to the summary, posts a pseudonymous summary and schedules the follow-up', async () => {
    const store = new MemoryStore();
    const t = await Transcript.create(store, 'test:pm-1', 'nl');

    (await t.says('hallo')).isAt('menu').sees('Waarmee kan ik je helpen?', 'Er is nu direct gevaar');
    (await t.picks('zorgen over een kind')).isAt('ctx.acuut').sees('direct gevaar');
    (await t.picks('Nee')).isAt('ctx.sector');
    (await t.picks('Kinderopvang')).isAt('ctx.betreft');
    (await t.picks('thuissituatie')).isAt('ctx.slachtoffer').sees('ook voor huiselijk geweld tegen volwassenen');
    (await t.picks('Een kind')).isAt('ctx.client');
    (await t.picks('Met het kind')).isAt('s1.leeftijd').sees('Stap 1 van 5 — Signalen in kaart');
    (await t.picks('0 tot 4')).isAt('s1.vormen');
    (await t.picks('Lichamelijke verwaarlozing', 'Emotionele verwaarlozing')).isAt('s1.signalen').sees('Signalen zijn geen bewijs');
    const signal = t.question().kind === 'multi' ? (t.question() as { options: { label: string }[] }).options[0]?.label ?? '' : '';
    (await t.picks(signal)).isAt('s1.feiten');
    (await t.says(FACTS)).isAt('s1.bron');
    (await t.picks('Eigen waarneming', 'Iemand anders')).isAt('s1.interpretatie').sees('terughoudend');
    (await t.says(INTERPRETATION)).isAt('s2.advies').sees('Stap 2 van 5 — Overleg', '0800-2000', 'anoniem', 'Kinderopvang', FACTS);
    (await t.picks('vastleggen')).isAt('s2.wie');
    (await t.picks('Aandachtsfunctionaris', 'Veilig Thuis')).isAt('s2.wanneer');
    (await t.says('vandaag')).isAt('s2.uitkomst');
    (await t.says('Advies: gesprek met ouders, daarna wegen.')).isAt('s3.nieuwkomer').sees('Stap 3 van 5 — Gesprek');
    (await t.picks('Ja')).isAt('s3.keuze').sees('professionele tolk', 'nooit een kind tolken');
    (await t.picks('voer het gesprek')).isAt('s3.gevoerd');
    (await t.picks('Ja')).isAt('s3.waar').sees('veilige plek');
    (await t.picks('bij mijn organisatie')).isAt('s3.met');
    (await t.picks('Ouder')).isAt('s3.reactie');
    (await t.says('Moeder schrok, vertelde over geldzorgen; afspraak: wijkteam bellen.')).isAt('afw.q1').sees('Stap 4 van 5 — Wegen', 'De kinderopvang heeft een eigen afwegingskader');
    (await t.picks('Ja')).isAt('afw.q2');
    (await t.picks('Nee')).isAt('afw.q3');
    (await t.picks('Ja')).isAt('afw.q4');
    (await t.picks('Ja')).isAt('afw.q5');
    (await t.picks('Nog niet')).isAt('afw.besluit').sees('Stap 5 van 5 — Beslissen', 'Hulp: ja', 'Het besluit neem jij');
    (await t.picks('Hulp bieden of organiseren')).isAt('afw.toelichting');
    (await t.submitsEmpty()).isAt('menu').sees('Samenvatting van zaak MC-T1', FACTS, INTERPRETATION, 'Interpretatie (apart van de feiten)', 'Persoonlijk, bij mijn organisatie', 'korte melding naar je aandachtsfunctionaris');

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
});
