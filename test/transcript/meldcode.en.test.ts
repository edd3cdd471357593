import { describe, expect, it } from '@jest/globals';
import { MemoryStore } from '../../src/store/memory.js';
import type { Effect, Prompt } from '../../src/engine/types.js';
import { Transcript } from '../helpers/transcript.js';
import { translator } from '../helpers/conversation.js';
import { promptsToCards } from '../../cards/adaptive.js';
import { promptsToSlack } from '../../cards/blockkit.js';
import type { SlackRenderOptions } from '../../cards/blockkit/types.js';
import { channelFacts } from '../../cards/view.js';
import { channelView } from '../../src/cases/channelView.js';
import { buildDossier, dossierMarkdown } from '../../src/cases/dossier.js';
import { defaultSettings, type OrgSettings } from '../../src/org/settings.js';

/** A social map with an interpreter and a neighbourhood team (no phone numbers needed). */
function withSocialMap(): OrgSettings {
  return { ...defaultSettings(), socialMap: [{ kind: 'tolk', label: 'Municipal interpreter pool' }, { kind: 'buurtteam', label: 'Neighbourhood team North' }] };
}

describe('English transcript: a teacher hears a disclosure and decides to report', () => {
  it('shows the acute screen first, escalates, and ends with a report decision and its summary', async () => {
    const store = new MemoryStore();
    const t = await Transcript.create(store, 'test:teacher-1', 'en');

    (await t.says('hello')).isAt('menu').sees('How can I help you?');
    (await t.picks('worried about a child')).isAt('ctx.acuut');
    (await t.picks('No')).isAt('ctx.sector');
    (await t.picks('Education')).isAt('ctx.betreft');
    (await t.picks('home situation')).isAt('ctx.slachtoffer');
    (await t.picks('A child')).isAt('ctx.client');
    (await t.picks('With the child')).isAt('s1.leeftijd').sees('Step 1 of 5 — Mapping the signals');
    (await t.picks('12 to 18')).isAt('s1.vormen');
    (await t.picks('Sexual abuse')).isAt('s1.nieuwkomer').sees('newcomer family');
    (await t.picks('No')).isAt('s1.signalen');
    (await t.submitsEmpty()).isAt('s1.feiten');
    (await t.says('After class on Friday the pupil told me an adult at home touches her.')).isAt('s1.bron');
    // A child telling is a disclosure: 112 / Veilig Thuis / the lead come before any further question.
    await t.picks('The child told me');
    const first = t.reply()[0];
    expect(first).toMatchObject({ kind: 'info', tone: 'urgent' });
    t.isAt('acuut').sees('disclosure', '112', '0800-2000', 'do not promise secrecy');
    (await t.picks('Continue with the case')).isAt('s1.interpretatie');
    (await t.submitsEmpty()).isAt('s2.advies').sees('Step 2 of 5 — Consultation', 'anonymous');
    (await t.picks('Ask my aandachtsfunctionaris')).isAt('s2.wie');
    (await t.picks('Aandachtsfunctionaris')).isAt('s2.wanneer');
    (await t.says('today')).isAt('s2.uitkomst');
    (await t.says('Report; do not talk to the family about the incident first.')).isAt('s3.keuze').sees('before the police are involved', 'A conversation in partnership');
    expect(t.reply().some((p) => p.kind === 'info' && p.title === 'Newcomer family: tips')).toBe(false);
    (await t.picks('skipping')).isAt('s3.overslaan');
    (await t.picks('police first')).isAt('s3.overslaanToelichting');
    // The disclosure on record binds the afwegingskader: questions 1 and 2 are yes, the advice is to report.
    (await t.says('Possible sexual offence; Veilig Thuis advised not to talk to the parents first.')).isAt('afw.gebonden').sees('disclosure', 'questions 1 and 2 are yes');
    (await t.picks('To the advice')).isAt('afw.besluit').sees('Report to Veilig Thuis: yes', 'together with Veilig Thuis', 'follows from what you recorded: a disclosure', 'The decision is yours');
    // Reporting is a right, not a duty (Wmo 2015 art. 5.2.6), with the five questions for speaking without consent.
    t.sees('Reporting: a right, not a duty', 'article 5.2.6', 'Can speaking serve weighty interests', 'who needs which information');
    (await t.picks('Report to Veilig Thuis')).isAt('afw.toelichting');
    (await t.submitsEmpty()).isAt('afw.informeren').sees('Summary of case MC-T1', 'Child told themselves', 'you do not report anonymously', "don't type them here", 'you inform, you do not ask permission');
    (await t.picks('No')).isAt('afw.nietInformerenGrond');
    (await t.picks("child's safety")).isAt('afw.nietInformeren');
    (await t.says('Veilig Thuis advised against it for the safety of the child.')).isAt('mld.gedaan');

    let [meta] = await store.listCases();
    expect(meta).toMatchObject({ sector: 'onderwijs', status: 'besluit', outcome: 'melden', urgency: 'urgent', step: 5 });
    // Not reported yet: the case stays in "My open cases", marked as a report still to make.
    (await t.picks('Not yet')).sees('stays open', '0800-2000');
    (await t.says('hello')).isAt('hervat');
    (await t.picks('another case')).isAt('mijn').sees('report still to make');
    (await t.picks('MC-T1')).isAt('mld.gedaan');
    (await t.picks('Yes, I reported')).isAt('mld.wanneer');
    (await t.picks('Today')).isAt('mld.afspraken');
    (await t.says('Veilig Thuis will contact the family; I keep an eye on the pupil in class.')).isAt('mld.terugkoppeling').sees('the report has been made');
    [meta] = await store.listCases();
    expect(meta).toMatchObject({ status: 'melding-gedaan', outcome: 'melden' });
    (await t.picks('record it later')).sees('stays open');
    // Later Veilig Thuis's feedback is recorded and the case is finished on the reporter's side.
    (await t.says('hello')).isAt('hervat');
    (await t.picks('Yes')).isAt('mld.terugkoppeling');
    (await t.picks('record the feedback')).isAt('mld.vt');
    (await t.says('Veilig Thuis is investigating and will arrange help.')).isAt('menu').sees('Summary of case MC-T1', 'Feedback from Veilig Thuis');

    const record = await store.getCase(meta?.id ?? '');
    expect(record?.log.filter((e) => e.type === 'melding').map((e) => e.data.field)).toEqual(['meldingWanneer', 'meldingDatum', 'meldingAfspraken', 'vtTerugkoppeling']);
    const effects = (await store.pending()).map((i) => i.payload as Effect);
    expect(effects.filter((e) => e.type === 'af.post').map((e) => (e as Extract<Effect, { type: 'af.post' }>).reason)).toEqual(['acuut', 'overleg', 'besluit-melden', 'melding-gedaan']);
    // The escalation is the urgent post (the first one, once); no separate outbox item is kept for it.
    expect(effects.filter((e) => e.type === 'af.post' && e.summary.urgency === 'urgent')).not.toHaveLength(0);
    expect(effects.filter((e) => e.type === 'case.urgent')).toHaveLength(0);
    expect(record?.log.filter((e) => e.type === 'urgent')).toHaveLength(1);
    // The professional stays responsible for their own help: the follow-up question still comes.
    // (A deadline in the store, fired by the scheduler; not an outbox item.)
    expect(effects.filter((e) => e.type === 'followup.schedule')).toHaveLength(0);
    expect((await store.pendingDeadlines()).filter((d) => d.kind === 'followup' && d.caseId === meta?.id)).toHaveLength(1);
  });

  it('lets a user switch to English from the Dutch menu, only for that user', async () => {
    const store = new MemoryStore();
    const a = await Transcript.create(store, 'test:a', 'nl');
    const b = await Transcript.create(store, 'test:b', 'nl');
    await a.says('hallo');
    (await a.picks('English')).isAt('menu').sees('How can I help you?');
    (await b.says('hallo')).sees('Waarmee kan ik je helpen?');
    (await a.says('hallo')).sees('How can I help you?');
  });

  it('walks a newcomer family: own norms and stressors in step 1, partnership and newcomer tips, the look back, and support for the weighing', async () => {
    const store = new MemoryStore();
    const t = await Transcript.create(store, 'test:nurse-1', 'en', withSocialMap());
    await t.says('hello');
    await t.picks('worried about a child');
    await t.picks('No');
    await t.picks('Childcare');
    await t.picks('home situation');
    await t.picks('A child');
    await t.picks('With the child');
    (await t.picks('0 to 4')).isAt('s1.vormen');
    (await t.picks('Physical neglect')).isAt('s1.nieuwkomer');
    (await t.picks('Yes')).isAt('s1.signalen');
    (await t.submitsEmpty()).isAt('s1.feiten');
    (await t.says('Came without a coat on three cold days this week.')).isAt('s1.bron');
    (await t.picks('My own observation')).isAt('s1.normen').sees('Unfamiliar is not the same as unsafe', 'is this a signal, or is it mainly unfamiliar to me?', 'aandachtsfunctionaris');
    (await t.picks('mainly unfamiliar')).isAt('s1.stressoren').sees('by themselves they are not a signal');
    (await t.picks('Uncertainty about residence status', 'Discrimination')).isAt('s1.interpretatie');
    await t.submitsEmpty();
    await t.picks('record');
    await t.picks('A colleague');
    await t.says('today');
    (await t.says('Talk with the parents, with an interpreter.')).isAt('s3.keuze');
    t.sees('Listen first and ask follow-up questions', 'not by phone', 'Do not offer solutions while you are discussing the unsafety', 'Decide together with the parents');
    t.sees('Newcomer family: tips', 'Never let a child interpret', 'key person', 'extra time', 'Interpreters on your organisation’s social map', 'Municipal interpreter pool');
    (await t.picks('I will have it')).isAt('s3.gevoerd');
    (await t.picks('Yes')).isAt('s3.waar');
    (await t.picks('By phone')).isAt('s3.luisteren');
    (await t.picks('Partly')).isAt('s3.oplossingen').sees('Ready-made solutions');
    (await t.picks('No')).isAt('s3.tolk');
    (await t.picks('professional interpreter')).isAt('s3.met');
    (await t.picks('Parent')).isAt('s3.reactie');
    (await t.says('Mother explained the coats were too small; agreed: winter clothes via the neighbourhood team.')).isAt('s3.inbreng');
    (await t.submitsEmpty()).isAt('afw.steun').sees('Step 4 of 5 — Weighing', 'does not make the decision', 'LIRIK', 'CARE-NL', 'Consultation with Veilig Thuis', 'None');
    (await t.picks('LIRIK', 'Consultation with a colleague')).isAt('afw.q1');
    (await t.picks('Yes')).isAt('afw.q2').sees('Examples of acute unsafety', 'attempted strangulation', 'use of weapons');
    (await t.picks('No')).isAt('afw.q3');
    (await t.picks('Yes')).isAt('afw.q4');
    (await t.picks('Yes')).isAt('afw.q5');
    (await t.picks("Can't tell yet")).isAt('afw.besluit');
    (await t.picks('Offer or organise help')).isAt('afw.toelichting');
    (await t.submitsEmpty()).isAt('menu').sees('Newcomer family', 'Circumstances (context, not a signal): Uncertainty about residence status, Discrimination', 'Own norms: signal or unfamiliar?', 'Listened and asked follow-up questions first: Partly', 'Interpreter: Yes, a professional interpreter', 'Support for the weighing: LIRIK, Consultation with a colleague or the lead');
  });

  it('shows the social map at the end of step 0, with the newcomer factors', async () => {
    const t = await Transcript.create(new MemoryStore(), 'test:en-0', 'en', withSocialMap());
    await t.says('hello');
    (await t.picks('Quick check')).isAt('s0.ouder').sees('low level of education', 'Trauma in a parent');
    (await t.submitsEmpty()).isAt('s0.kind');
    (await t.submitsEmpty()).isAt('s0.gezin');
    (await t.submitsEmpty()).isAt('s0.leef');
    (await t.picks('Uncertainty about residence status')).isAt('s0.bescherm');
    (await t.submitsEmpty()).isAt('s0.uitkomst').sees('Uncertainty about residence status', 'Municipal interpreter pool', 'Neighbourhood team North');
  });

  it('explains step 3 with every ground the dialogue offers to skip the conversation, and the acute route with reporting', async () => {
    const t = await Transcript.create(new MemoryStore(), 'test:en-3', 'en');
    await t.says('hello');
    await t.picks('Explain');
    (await t.picks('Step 3')).isAt('uitleg').sees('Listen first', 'the child, a parent, yourself or someone else', 'break off contact', 'possible sexual offence (then the police first)', 'an expert advises against a conversation now');
    (await t.picks('In immediate danger')).isAt('uitleg').sees('you report to Veilig Thuis');
  });
});

// ---- issue 16 part B: meldrecht, the KNMG sector, links per step, between children, tap-to-call ----------------

const CARD_OPTIONS = { submitLabel: 'Continue', requiredError: 'Pick an answer.' };
const SLACK_OPTIONS: SlackRenderOptions = { submitLabel: 'Continue', typeAnswerLabel: 'Type answer', typeHint: 'Type your answer' };
/** Every Action.OpenUrl address on the cards of a reply. */
const openUrls = (prompts: Prompt[]): string[] => JSON.stringify(promptsToCards(prompts, CARD_OPTIONS)).match(/"type":"Action\.OpenUrl","title":"[^"]*","url":"([^"]+)"/g)?.map((m) => m.replace(/.*"url":"/, '').replace(/"$/, '')) ?? [];
const slackText = (prompts: Prompt[]): string => JSON.stringify(promptsToSlack(prompts, SLACK_OPTIONS));

describe('English transcript: a doctor consults in step 2 (KNMG meldcode, anonymous consultation, read more)', () => {
  it('shows the KNMG rule and the links, asks why not both a colleague and Veilig Thuis, and records the anonymous consultation', async () => {
    const store = new MemoryStore();
    const t = await Transcript.create(store, 'test:doctor-1', 'en');
    await t.says('hello');
    await t.picks('worried about a child');
    await t.picks('No');
    (await t.picks('Doctor (KNMG meldcode)')).isAt('ctx.betreft');
    await t.picks('home situation');
    await t.picks('A child');
    (await t.picks('With the child')).isAt('s1.leeftijd').sees('Read more', 'https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/meldcode');
    await t.picks('4 to 12');
    (await t.picks('Emotional neglect')).isAt('s1.nieuwkomer');
    await t.picks('No');
    await t.submitsEmpty();
    await t.says('The child came to three consultations with bruises on the arms.');
    (await t.picks('My own observation')).isAt('s1.interpretatie');
    (await t.submitsEmpty())
      .isAt('s2.advies')
      .sees('Rule for your profession', 'one or more colleagues', 'record why', 'does not break your duty of confidentiality', 'internal consultation', 'anonymous');
    const urls = openUrls(t.reply());
    expect(urls).toEqual(expect.arrayContaining(['https://www.augeo.nl/nl-nl/themas/meldcode/veilig-thuis/', 'tel:08002000']));
    expect(urls.some((u) => u.startsWith('https://knmg-meldcode.maglr.com/'))).toBe(true);
    expect(slackText(t.reply())).toContain('<tel:08002000|');
    await t.picks('record the consultation');
    (await t.picks('A colleague', 'anonymous')).isAt('s2.knmgReden').sees('KNMG meldcode');
    (await t.says('Veilig Thuis could not be reached by phone that day.')).isAt('s2.wanneer');
    await t.says('today');
    (await t.says('Advice: prepare a conversation with the parents.')).isAt('s3.keuze').sees('Read more', 'https://www.veiligthuisnoordoostgelderland.nl/voorbeeldzinnen/');

    const [meta] = await store.listCases();
    expect(meta).toMatchObject({ sector: 'artsen', route: 'meldcode' });
    const log = (await store.getCase(meta?.id ?? ''))?.log ?? [];
    expect(log.find((e) => e.type === 'consultation' && e.data.field === 'overlegMet')?.data.value).toEqual(['collega', 'anoniem']);
  });
});

describe('English transcript: explanation of the right to report and of information requests', () => {
  it('explains the meldrecht (Wmo 2015 art. 5.2.6, five questions) and what VT Utrecht and the KNMG say, with their pages as links', async () => {
    const t = await Transcript.create(new MemoryStore(), 'test:explain-1', 'en');
    await t.says('hello');
    (await t.picks('Explain')).isAt('uitleg');
    (await t.picks('Right to report and confidentiality')).sees('article 5.2.6', 'a right, not a duty', 'explain why', 'Why can you not ask for or obtain consent?');
    (await t.picks('Veilig Thuis asks me for information')).sees('Veilig Thuis Utrecht', 'in writing or by phone', 'police or justice', 'preferably in writing');
    expect(openUrls(t.reply())).toEqual(expect.arrayContaining([expect.stringContaining('onderdeel-ii-stappenplan-informatieverstrekking')]));
    (await t.picks('Sexual behaviour between children')).sees('Flag System', 'route 3', 'ask Veilig Thuis for advice (0800-2000)');
    expect(openUrls(t.reply())).toEqual(expect.arrayContaining(['https://vlaggensysteem.nl/', 'tel:08002000']));
  });
});

describe('English transcript: sexual behaviour between children', () => {
  it('weighs with the six criteria, shows the NJi tips, route 3 and "ask Veilig Thuis", and records the route between children', async () => {
    const store = new MemoryStore();
    const t = await Transcript.create(store, 'test:childcare-sk', 'en');
    await t.says('hello');
    await t.picks('worried about a child');
    await t.picks('No');
    await t.picks('Childcare');
    (await t.picks('Sexual behaviour between children')).isAt('sk.criteria').sees('Flag System', 'Sensoa with Movisie', 'not a sum of scores', 'manipulation, pressure or a reward');
    (await t.picks('Consent', 'Equality')).isAt('sk.feiten');
    (await t.says('Two toddlers, Tuesday afternoon in the play corner.')).isAt('sk.medewerker');
    (await t.picks('No')).isAt('sk.vervolg').sees('Route 3', 'five-step plan', 'six steps', 'is not stated in the public sources', 'ask Veilig Thuis for advice');
    expect(openUrls(t.reply())).toEqual(expect.arrayContaining(['https://www.boink.info/meldcode-kindermishandeling', 'tel:08002000']));
    (await t.picks('seems acceptable')).isAt('menu').sees('sexual behaviour between children', 'Two toddlers');

    const [meta] = await store.listCases();
    expect(meta).toMatchObject({ route: 'tussen-kinderen', outcome: 'tussen-kinderen-pedagogisch' });
    const tr = await translator();
    const record = await store.getCase(meta?.id ?? '');
    const md = dossierMarkdown(buildDossier(record!, { lang: 'en', role: 'melder', requesterId: 'test:childcare-sk', generatedAt: '2026-11-24T12:00:00.000Z' }, tr.t.bind(tr)));
    expect(md).toContain('Sexual behaviour between children');
    expect(md).toContain('Two toddlers, Tuesday afternoon');
    const post = (await store.pending()).map((i) => i.payload as Effect).find((e): e is Extract<Effect, { type: 'af.post' }> => e.type === 'af.post');
    expect(channelFacts(post!.summary, channelView(post!.summary, { lang: 'en', t: tr.t.bind(tr) }))).toEqual(
      expect.arrayContaining([{ label: 'Route', value: 'Sexual behaviour between children' }]),
    );
  });

  it('takes the staff route when a staff member is involved', async () => {
    const store = new MemoryStore();
    const t = await Transcript.create(store, 'test:childcare-sk2', 'en');
    await t.says('hello');
    await t.picks('worried about a child');
    await t.picks('No');
    await t.picks('Childcare');
    await t.picks('Sexual behaviour between children');
    await t.picks('None');
    await t.says('An intern was present and did not step in.');
    (await t.picks('Yes')).isAt('mw.route').sees('0900-111 3 111');
    expect(openUrls(t.reply())).toContain('tel:09001113111');
    expect((await store.listCases())[0]?.route).toBe('medewerker');
  });
});

describe('English transcript: numbers to tap', () => {
  it('offers 112 and Veilig Thuis as tel: links on the acute screen', async () => {
    const t = await Transcript.create(new MemoryStore(), 'test:acute-tel', 'en');
    await t.says('hello');
    await t.picks('worried about a child');
    (await t.picks('danger')).isAt('acuut').sees('112', '0800-2000');
    expect(openUrls(t.reply())).toEqual(expect.arrayContaining(['tel:112', 'tel:08002000']));
    expect(slackText(t.reply())).toContain('<tel:08002000|');
  });
});
