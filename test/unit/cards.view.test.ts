/**
 * The view model every renderer starts from (cards/view.ts): how a reply is grouped into cards or
 * messages, which position line each group shows, a yes/no question's options, the order of the
 * navigation, and the facts of the channel post (only those given, in a fixed order).
 */
import { describe, expect, it } from '@jest/globals';
import { channelFacts, chosenOption, groupPrompts, navGroups, yesNoOptions, type ChannelCardView } from '../../cards/view.js';
import type { ChannelSummary, NavOption, Prompt, QuestionPrompt } from '../../src/engine/types.js';

const NAV: NavOption[] = [
  { command: 'back', label: 'Terug' },
  { command: 'acute', label: 'Er is nu direct gevaar' },
  { command: 'menu', label: 'Menu' },
];
const info = (text: string, position?: string): Prompt => ({ kind: 'info', tone: 'normal', text, ...(position ? { position: { label: position } } : {}) });
const choice = (promptId: string, position?: string): Prompt => ({
  kind: 'choice',
  promptId,
  question: 'Welke sector?',
  options: [{ value: 'onderwijs', label: 'Onderwijs' }],
  nav: NAV,
  ...(position ? { position: { label: position } } : {}),
});
const summary: Prompt = { kind: 'summary', title: 'Samenvatting', sections: [] };

describe('groupPrompts', () => {
  it('puts the infos before a question with that question, and infos after the last question on their own', () => {
    const groups = groupPrompts([info('a'), info('b'), choice('q#1'), info('c')]);
    expect(groups.map((g) => g.kind)).toEqual(['question', 'infos']);
    expect(groups[0]).toMatchObject({ kind: 'question', question: { promptId: 'q#1' }, infos: [{ text: 'a' }, { text: 'b' }] });
    expect(groups[1]).toMatchObject({ kind: 'infos', infos: [{ text: 'c' }] });
  });

  it('gives a summary a group of its own, closing the infos before it', () => {
    const groups = groupPrompts([info('a'), summary, info('b'), choice('q#2')]);
    expect(groups.map((g) => g.kind)).toEqual(['infos', 'summary', 'question']);
    expect(groups[2]).toMatchObject({ kind: 'question', infos: [{ text: 'b' }] });
  });

  it("shows the question's own position, else that of the first info carrying one, else none", () => {
    expect(groupPrompts([info('a', 'Stap 1'), choice('q#1', 'Stap 2')])[0]).toMatchObject({ position: 'Stap 2' });
    expect(groupPrompts([info('a'), info('b', 'Stap 1'), info('c', 'Stap 3'), choice('q#1')])[0]).toMatchObject({ position: 'Stap 1' });
    expect(groupPrompts([info('a', 'Stap 4')])[0]).toMatchObject({ position: 'Stap 4' });
    expect(groupPrompts([info('a'), choice('q#1')])[0]).not.toHaveProperty('position');
  });

  it('makes no group of an empty reply', () => {
    expect(groupPrompts([])).toEqual([]);
  });
});

describe('the answer and navigation buttons', () => {
  it('offers yes, no, then the extra options of a yes/no question', () => {
    const q: Extract<QuestionPrompt, { kind: 'yesno' }> = {
      kind: 'yesno',
      promptId: 'y#1',
      question: 'Is er gevaar?',
      yesLabel: 'Ja',
      noLabel: 'Nee',
      extra: [{ value: 'weet', label: 'Weet ik niet' }],
      nav: [],
    };
    expect(yesNoOptions(q)).toEqual([
      { value: 'ja', label: 'Ja' },
      { value: 'nee', label: 'Nee' },
      { value: 'weet', label: 'Weet ik niet' },
    ]);
  });

  it('finds the option chosen before only when it is one of the options', () => {
    const options = [{ value: 'ja', label: 'Ja' }];
    expect(chosenOption(options, 'ja')).toEqual({ value: 'ja', label: 'Ja' });
    expect(chosenOption(options, 'nee')).toBeUndefined();
    expect(chosenOption(options, undefined)).toBeUndefined();
  });

  it('puts "acute danger" apart from the other navigation, which keeps its order', () => {
    expect(navGroups(NAV)).toEqual({ acute: [NAV[1]], rest: [NAV[0], NAV[2]] });
  });
});

describe('channelFacts', () => {
  const s: ChannelSummary = { caseId: 'c1', ref: 'MC-7F3A2B', route: 'meldcode', step: 2, urgency: 'normaal', reporter: 'U1' };
  const view: ChannelCardView = {
    title: 'Nieuwe vraag om overleg',
    refLabel: 'Zaak',
    sectorLabel: 'Sector',
    sectorValue: 'Onderwijs',
    stepLabel: 'Stap',
    stepValue: '2 van 5',
    urgencyLabel: 'Urgentie',
    urgencyValue: 'Normaal',
    reporterLabel: 'Gevraagd door',
    reporterName: 'Sanne',
    claimButton: 'Ik pak dit op',
  };

  it('lists reference, sector, step, urgency and who asked, and no platform id', () => {
    expect(channelFacts(s, view)).toEqual([
      { label: 'Zaak', value: 'MC-7F3A2B' },
      { label: 'Sector', value: 'Onderwijs' },
      { label: 'Stap', value: '2 van 5' },
      { label: 'Urgentie', value: 'Normaal' },
      { label: 'Gevraagd door', value: 'Sanne' },
    ]);
  });

  it('adds outcome, status, alarm and contact only when both label and value are given, each in its place', () => {
    const full = {
      ...view,
      outcomeLabel: 'Uitkomst',
      outcomeValue: 'Melden',
      statusLabel: 'Stand',
      statusValue: 'Melding nog niet gedaan',
      alarmLabel: 'Alarm',
      alarmValue: '112',
      contactLabel: 'Veilig Thuis',
      contactValue: '0800-2000',
    };
    expect(channelFacts(s, full).map((f) => f.label)).toEqual(['Zaak', 'Sector', 'Stap', 'Urgentie', 'Uitkomst', 'Stand', 'Gevraagd door', 'Alarm', 'Veilig Thuis']);
    expect(channelFacts(s, { ...view, outcomeLabel: 'Uitkomst', alarmValue: '112' }).map((f) => f.label)).not.toContain('Uitkomst');
  });
});
