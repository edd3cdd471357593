import { describe, expect, it } from '@jest/globals';
import type { ChannelSummary } from '../../src/engine/types.js';
import { conversation } from '../helpers/conversation.js';

const summary: ChannelSummary = { caseId: 'closed-1', ref: 'MC-OLD1', sector: 'onderwijs', route: 'meldcode', step: 5, urgency: 'normaal', outcome: 'hulp', reporter: 'test:user-1' };

describe('the follow-up of a help decision (afweging 5 again)', () => {
  it('asks afweging 5 about the closed case by its reference', async () => {
    const c = await conversation('nl');
    c.send({ type: 'followup', summary });
    expect(c.node()).toBe('fu.q5');
    expect(c.question().question).toContain('MC-OLD1');
    expect(c.question().kind).toBe('yesno');
  });

  it('"nee" records it on that case, advises (re)melden with Veilig Thuis, and alerts the aandachtsfunctionaris', async () => {
    const c = await conversation('nl');
    c.send({ type: 'followup', summary }).pick('Nee');
    expect(c.effectsOf('case.log')).toEqual([{ type: 'case.log', caseId: 'closed-1', entries: [expect.objectContaining({ type: 'followup', data: { field: 'afweging5', value: 'nee' } })] }]);
    expect(c.effectsOf('case.update')[0]?.patch.outcome).toBe('opnieuw-melden');
    expect(c.effectsOf('af.post')).toEqual([{ type: 'af.post', reason: 'followup', summary: { ...summary, outcome: 'opnieuw-melden' } }]);
    expect(c.infos().map((p) => p.text).join(' ')).toContain('0800-2000');
    expect(c.state.followUp).toBeUndefined();
    expect(c.node()).toBe('menu');
  });

  it('"nog niet te zeggen" schedules another follow-up; "ja" only records', async () => {
    const later = await conversation('nl');
    later.send({ type: 'followup', summary }).pick('Nog niet');
    const [again] = later.effectsOf('followup.schedule');
    expect(again?.caseId).toBe('closed-1');
    expect(Date.parse(again?.dueAt ?? '') - Date.parse(later.ctx().now)).toBeGreaterThan(41 * 86_400_000);
    const yes = await conversation('nl');
    yes.send({ type: 'followup', summary }).pick('Ja');
    expect(yes.effectsOf('af.post')).toHaveLength(0);
    expect(yes.effectsOf('followup.schedule')).toHaveLength(0);
    expect(yes.effectsOf('case.log')[0]?.entries[0]?.data).toEqual({ field: 'afweging5', value: 'ja' });
  });

  it('keeps the acute button on the follow-up question: it opens an urgent new case', async () => {
    const c = await conversation('nl');
    c.send({ type: 'followup', summary }).click('acute');
    expect(c.prompts[0]).toMatchObject({ kind: 'info', tone: 'urgent' });
    expect(c.effectsOf('case.urgent')).toHaveLength(1);
    expect(c.node()).toBe('acuut');
  });
});
