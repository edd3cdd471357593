/**
 * The aandachtsfunctionaris channel card: parses at schema 1.5, shows only the facts it is given
 * (pseudonymous: no answers, no platform ids), an urgent banner only for urgent cases, and a claim
 * button whose data `parseSubmit` turns into a claim of that case.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import type * as ACModule from 'adaptivecards';
import type { AdaptiveCard } from '../../cards/adaptive.js';
import { channelCard, parseChannelAction, universalChannelCard, type ChannelCardView } from '../../cards/channel.js';
import { escapeCardText } from '../../cards/markdown.js';
import { parseSubmit } from '../../cards/submit.js';
import type { ChannelSummary } from '../../src/engine/types.js';
import { conversation } from '../helpers/conversation.js';

const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof ACModule;

type Json = Record<string, unknown>;

function issues(json: AdaptiveCard): string[] {
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  card.parse(json, ctx);
  const out: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) out.push(ctx.getEventAt(i).message);
  return [...out, ...card.validateProperties().validationEvents.map((e) => e.message)];
}

/** Every string anywhere in the JSON, keys excluded. */
function strings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) node.forEach((n) => strings(n, out));
  else if (node && typeof node === 'object') Object.values(node).forEach((v) => strings(v, out));
  return out;
}

function typed(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) node.forEach((n) => typed(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Json;
    if (typeof o.type === 'string') out.push(o);
    Object.values(o).forEach((v) => typed(v, out));
  }
  return out;
}

const actions = (card: AdaptiveCard): Json[] => typed(card).filter((o) => String(o.type).startsWith('Action.'));

/** Schema strings of the layout (types, styles, sizes, the version): not content. */
const STRUCTURAL = new Set([
  'AdaptiveCard', '1.5', 'http://adaptivecards.io/schemas/adaptive-card.json', 'Full',
  'TextBlock', 'Container', 'FactSet', 'Action.Submit', 'attention', 'Attention', 'Bolder', 'Medium', 'claim',
]);

const SUMMARY: ChannelSummary = {
  caseId: 'case-7f3a',
  ref: 'MC-7F3A2B',
  sector: 'onderwijs',
  route: 'meldcode',
  step: 2,
  urgency: 'normaal',
  reporter: '29:1a2b3c-platform-id',
};

const VIEW: ChannelCardView = {
  title: 'Nieuwe vraag om overleg',
  refLabel: 'Zaak',
  sectorLabel: 'Sector',
  sectorValue: 'Onderwijs',
  stepLabel: 'Stap',
  stepValue: '2 van 5 — Overleg',
  urgencyLabel: 'Urgentie',
  urgencyValue: 'Normaal',
  reporterLabel: 'Gevraagd door',
  reporterName: 'Sanne de Vries',
  urgentBanner: 'URGENT: direct gevaar gemeld',
  claimButton: 'Ik pak dit op',
};

/** The strings the card may contain for `view`: its texts (escaped where shown as markdown) and the ref. */
function allowed(s: ChannelSummary, view: ChannelCardView): Set<string> {
  const shown = Object.entries(view)
    .filter(([k]) => k !== 'claimButton')
    .map(([, v]) => escapeCardText(String(v)));
  return new Set([...STRUCTURAL, ...shown, view.claimButton, escapeCardText(s.ref), s.caseId]);
}

describe('the channel card', () => {
  it.each([
    ['a normal case', SUMMARY, VIEW],
    ['an urgent case', { ...SUMMARY, urgency: 'urgent' as const }, { ...VIEW, urgencyValue: 'Urgent' }],
    ['a finished case', { ...SUMMARY, step: 5, outcome: 'melden' }, { ...VIEW, outcomeLabel: 'Besluit', outcomeValue: 'Melden bij Veilig Thuis' }],
    ['a claimed case', SUMMARY, { ...VIEW, claimedText: 'Opgepakt door Jan Jansen' }],
  ])('parses at schema 1.5 without events for %s', (_name, s, view) => {
    const card = channelCard(s, view);
    expect(card.version).toBe('1.5');
    expect(card.msteams).toEqual({ width: 'Full' });
    expect(issues(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(28 * 1024);
  });

  it('contains no text beyond the given facts: no platform id, route, case id on screen or answers', () => {
    const withOutcome = { ...VIEW, outcomeLabel: 'Besluit', outcomeValue: 'Melden' };
    const card = channelCard({ ...SUMMARY, outcome: 'melden' }, withOutcome);
    const ok = allowed(SUMMARY, withOutcome);
    expect(strings(card).filter((x) => !ok.has(x))).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).not.toContain(SUMMARY.reporter);
    expect(json).not.toContain('meldcode');
    // The case id only travels in the claim button's data, never on screen.
    expect(strings(card.body)).not.toContain(SUMMARY.caseId);
  });

  it('shows exactly the given facts in order', () => {
    const card = channelCard(SUMMARY, VIEW);
    const [facts] = typed(card).filter((o) => o.type === 'FactSet');
    expect(facts?.facts).toEqual([
      { title: 'Zaak', value: 'MC-7F3A2B' },
      { title: 'Sector', value: 'Onderwijs' },
      { title: 'Stap', value: '2 van 5 — Overleg' },
      { title: 'Urgentie', value: 'Normaal' },
      { title: 'Gevraagd door', value: 'Sanne de Vries' },
    ]);
  });

  it('shows an attention banner at the top only when the case is urgent', () => {
    const urgent = channelCard({ ...SUMMARY, urgency: 'urgent' }, VIEW);
    const normal = channelCard(SUMMARY, VIEW);
    expect(urgent.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(JSON.stringify(urgent.body[0])).toContain(VIEW.urgentBanner);
    expect(JSON.stringify(normal)).not.toContain(VIEW.urgentBanner);
    expect(typed(normal).some((o) => o.style === 'attention')).toBe(false);
  });

  it('falls back to the urgency value as banner text when no banner text is given', () => {
    const { urgentBanner: _none, ...view } = VIEW;
    const card = channelCard({ ...SUMMARY, urgency: 'urgent' }, { ...view, urgencyValue: 'Urgent' });
    expect(JSON.stringify(card.body[0])).toContain('Urgent');
  });

  it('has one claim button whose data parseSubmit turns into a claim of the case', () => {
    const card = channelCard(SUMMARY, VIEW);
    const [claim, ...more] = actions(card);
    expect(more).toEqual([]);
    expect(claim).toMatchObject({ type: 'Action.Submit', title: VIEW.claimButton });
    expect(parseSubmit(JSON.parse(JSON.stringify(claim?.data)))).toEqual({ claim: SUMMARY.caseId });
  });

  it('shows the claimed text instead of any button once the case is claimed', () => {
    const card = channelCard(SUMMARY, { ...VIEW, claimedText: 'Opgepakt door Jan Jansen' });
    expect(actions(card)).toEqual([]);
    expect(card.actions).toBeUndefined();
    expect(strings(card.body)).toContain('Opgepakt door Jan Jansen');
    expect(JSON.stringify(card)).not.toContain(VIEW.claimButton);
  });

  it('escapes the reporter display name and the claimed text, which users control', () => {
    const hostile = '**Baas** [klik](http://evil) <at>Everyone</at>';
    const card = channelCard(SUMMARY, { ...VIEW, reporterName: hostile, claimedText: `Opgepakt door ${hostile}` });
    expect(issues(card)).toEqual([]);
    const json = JSON.stringify(card);
    for (const bad of ['**', '](', '<at>']) expect(json).not.toContain(bad);
    expect(strings(card.body)).toContain(escapeCardText(hostile));
  });

  it('renders the summary the engine posts on an acute alarm as an urgent card', async () => {
    const c = await conversation('nl');
    c.say('hallo').click('acute');
    const [post] = c.effectsOf('af.post');
    expect(post?.summary.urgency).toBe('urgent');
    const s = post?.summary as ChannelSummary;
    const card = channelCard(s, { ...VIEW, urgencyValue: 'Urgent' });
    expect(issues(card)).toEqual([]);
    expect(card.body[0]).toMatchObject({ style: 'attention' });
    expect(strings(card).filter((x) => !allowed(s, { ...VIEW, urgencyValue: 'Urgent' }).has(x))).toEqual([]);
    expect(JSON.stringify(card)).not.toContain(s.reporter);
  });
});

describe('the Teams channel card with Universal Actions', () => {
  const statusChoice = { label: 'Status van de zaak', button: 'Status opslaan', current: 'opgepakt', choices: [{ title: 'nieuw', value: 'nieuw' }, { title: 'opgepakt', value: 'opgepakt' }] };
  const base = { leadStatus: { label: 'Stand van zaken', value: 'opgepakt' }, refreshUserIds: ['29:lead'], refreshTitle: 'Vernieuwen' };

  it('parses at schema 1.5 for a lead and for anyone else, every Action.Execute with an Action.Submit fallback of the same data', () => {
    const lead = universalChannelCard(SUMMARY, VIEW, { ...base, canClaim: true, statusChoice });
    const other = universalChannelCard(SUMMARY, VIEW, { ...base, canClaim: false });
    for (const card of [lead, other]) {
      expect(issues(card)).toEqual([]);
      for (const a of (card.actions ?? []) as Json[]) {
        expect(a.type).toBe('Action.Execute');
        expect(a.fallback).toEqual(expect.objectContaining({ type: 'Action.Submit', title: a.title, data: a.data }));
      }
      expect(card.refresh).toEqual({ action: { type: 'Action.Execute', title: 'Vernieuwen', verb: 'refresh', data: { mc: 'refresh', caseId: SUMMARY.caseId } }, userIds: ['29:lead'] });
    }
    expect(((lead.actions ?? []) as Json[]).map((a) => a.verb)).toEqual(['claim', 'status']);
    expect(typed(lead).some((o) => o.type === 'Input.ChoiceSet' && o.id === 'state' && o.value === 'opgepakt')).toBe(true);
    expect(other.actions).toBeUndefined();
    expect(JSON.stringify(other)).toContain('Stand van zaken');
  });

  it('leaves out refresh without lead ids, and caps them at 60', () => {
    expect(universalChannelCard(SUMMARY, VIEW, { ...base, canClaim: true, refreshUserIds: [] }).refresh).toBeUndefined();
    const many = Array.from({ length: 70 }, (_, i) => `29:u${i}`);
    expect(universalChannelCard(SUMMARY, VIEW, { ...base, canClaim: true, refreshUserIds: many }).refresh?.userIds).toHaveLength(60);
  });

  it('accepts only its own verbs and data back', () => {
    expect(parseChannelAction('status', { mc: 'status', caseId: 'c1', state: 'gemeld' })).toEqual({ verb: 'status', caseId: 'c1', state: 'gemeld' });
    expect(parseChannelAction(undefined, { mc: 'claim', caseId: 'c1' })).toEqual({ verb: 'claim', caseId: 'c1' });
    expect(parseChannelAction('claim', { mc: 'status', caseId: 'c1' })).toBeUndefined();
    expect(parseChannelAction('delete', { caseId: 'c1' })).toBeUndefined();
    expect(parseChannelAction('status', { mc: 'status', caseId: 'c1', state: 7 })).toBeUndefined();
    expect(parseChannelAction('refresh', { mc: 'refresh', caseId: 'x'.repeat(101) })).toBeUndefined();
    expect(parseChannelAction('refresh', null)).toBeUndefined();
  });
});
