/**
 * The lead's workflow as data (src/cases/workflow.ts), the scheduler that only fires deadlines, and
 * the dispatcher's part (the claim reminder of a delivered summary; a follow-up queued by an earlier
 * version becomes a deadline).
 */
import { describe, expect, it } from '@jest/globals';
import { TurnProcessor } from '../../src/app/turns.js';
import { Dispatcher, type AfSink } from '../../src/cases/dispatcher.js';
import { Scheduler } from '../../src/cases/scheduler.js';
import type { CaseMeta, Deadline } from '../../src/cases/types.js';
import { afterStep, claimReminder, onDue } from '../../src/cases/workflow.js';
import type { ChannelSummary, Effect, QuestionPrompt } from '../../src/engine/types.js';
import { createTranslator } from '../../src/i18n/index.js';
import { defaultSettings } from '../../src/org/settings.js';
import { MemoryStore } from '../../src/store/memory.js';

const NOW = new Date('2026-11-23T09:00:00Z'); // Monday 10:00 in Amsterdam
const DAY = 86_400_000;
const meta: CaseMeta = { id: 'c1', ref: 'MC-ONE', owner: 'web:mia', route: 'meldcode', step: 5, status: 'besluit', urgency: 'normaal', outcome: 'hulp', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
const summary = { caseId: 'c1', ref: 'MC-ONE', reporter: 'web:mia', urgency: 'urgent' } as unknown as ChannelSummary;
const due = (kind: Deadline['kind'], id = `${kind}-c1`): Deadline => ({ id, caseId: 'c1', kind, dueAt: NOW.toISOString(), createdAt: NOW.toISOString() });

describe('the workflow after a step', () => {
  it('turns the engine\u2019s follow-up into a deadline, a new case into a nudge, a close into the retention clock', () => {
    const s = defaultSettings();
    const dueAt = new Date(NOW.getTime() + 42 * DAY).toISOString();
    const effects: Effect[] = [
      { type: 'case.create', meta },
      { type: 'followup.schedule', caseId: 'c1', kind: 'afweging5', dueAt },
      { type: 'case.update', caseId: 'c1', patch: { status: 'gesloten' } },
      { type: 'case.update', caseId: 'c1', patch: { status: 'melding-gedaan' } },
    ];

    const actions = afterStep(effects, s, NOW);

    expect(actions.map((a) => (a.type === 'deadline.add' ? `${a.type}:${a.deadline.kind}` : a.type))).toEqual(['deadline.add:nudge', 'deadline.add:followup', 'case.closed', 'deadline.cancel']);
    const followup = actions[1];
    expect(followup?.type === 'deadline.add' && followup.deadline.dueAt).toBe(dueAt);
  });

  it('asks for nothing when a claim reminder falls due for a claimed case; reminds and plans the escalation otherwise', () => {
    const s = defaultSettings();
    expect(onDue(due('claim-reminder'), { ...meta, claimedBy: 'web:af' }, s, NOW)).toEqual([]);
    expect(onDue(due('claim-reminder'), meta, s, NOW).map((a) => a.type)).toEqual(['case.note', 'channel.post', 'deadline.add']);
  });

  it('asks the reporter the follow-up question while the case is open, not after it was closed', () => {
    const s = defaultSettings();
    expect(onDue(due('followup'), meta, s, NOW)).toContainEqual({ type: 'user.followup', to: 'web:mia', summary: expect.objectContaining({ caseId: 'c1', ref: 'MC-ONE' }) });
    expect(onDue(due('followup'), { ...meta, closedAt: NOW.toISOString() }, s, NOW)).toEqual([]);
  });
});

describe('the turn runner', () => {
  it('records the engine’s follow-up ("nog niet te zeggen") as a deadline in the store, not as an outbox item', async () => {
    const store = new MemoryStore();
    await store.createCase({ ...meta, closedAt: undefined });
    const turns = new TurnProcessor({ store, translator: await createTranslator(), followUpDays: 42, settings: defaultSettings, clock: () => NOW });
    const asked = await turns.handle('web:mia', { type: 'followup', summary: { ...summary, urgency: 'normaal', outcome: 'hulp' } as ChannelSummary }, 'nl');
    const q = asked.prompts.find((p): p is QuestionPrompt => 'promptId' in p);
    const notYet = q?.kind === 'yesno' ? q.extra?.find((o) => o.label.includes('Nog niet')) : undefined;

    const answered = await turns.handle('web:mia', { type: 'answer', promptId: q?.promptId ?? '', value: notYet?.value ?? '' }, 'nl');

    expect(notYet).toBeDefined();
    expect(answered.queued.filter((i) => i.kind === 'followup.schedule')).toEqual([]);
    expect((await store.pending()).filter((i) => i.kind === 'followup.schedule')).toEqual([]);
    const followups = (await store.pendingDeadlines()).filter((d) => d.kind === 'followup' && d.caseId === 'c1');
    expect(followups).toHaveLength(1);
    expect(Date.parse(followups[0]?.dueAt ?? '')).toBeGreaterThan(NOW.getTime());
  });
});

describe('the scheduler', () => {
  it('fires each due deadline once through the function it was given, and leaves later ones', async () => {
    const store = new MemoryStore();
    await store.addDeadline(due('nudge', 'nudge-c1-1'));
    await store.addDeadline({ ...due('followup', 'followup-c1-x'), dueAt: new Date(NOW.getTime() + DAY).toISOString() });
    const fired: string[] = [];
    const scheduler = new Scheduler({ store, clock: () => NOW, due: async (d) => void fired.push(d.id), log: () => undefined });

    await Promise.all([scheduler.tick(), scheduler.tick()]);
    await scheduler.tick();

    expect(fired).toEqual(['nudge-c1-1']);
    expect((await store.pendingDeadlines()).map((d) => d.id)).toEqual(['followup-c1-x']);
  });
});

describe('the dispatcher\u2019s part of the workflow', () => {
  it('plans the claim reminder of a delivered summary, and records a follow-up queued by an earlier version as a deadline', async () => {
    const store = new MemoryStore();
    const dueAt = new Date(NOW.getTime() + 42 * DAY).toISOString();
    await store.enqueue({ id: 'a1', kind: 'af.post', createdAt: NOW.toISOString(), payload: { type: 'af.post', reason: 'acuut', summary }, attempts: 0 });
    await store.enqueue({ id: 'a2', kind: 'followup.schedule', createdAt: NOW.toISOString(), payload: { type: 'followup.schedule', caseId: 'c1', kind: 'afweging5', dueAt }, attempts: 0 });
    const sink: AfSink = { name: 'test', ready: async () => true, post: async () => undefined };

    await new Dispatcher(store, [sink], undefined, { settings: defaultSettings, clock: () => NOW }).run();

    expect(await store.pending()).toEqual([]);
    const pending = await store.pendingDeadlines();
    expect(pending.find((d) => d.kind === 'claim-reminder')).toEqual(claimReminder(summary, defaultSettings(), NOW));
    expect(pending.find((d) => d.kind === 'followup')?.dueAt).toBe(dueAt);
  });
});
