/**
 * The engine on a flow of its own: three questions (a start menu and a case of two questions) plus
 * the two screens whose answers the engine handles itself (acute danger, stop). Nothing here comes
 * from dialogs/: the engine is handed these flows and must name none of their nodes.
 */
import { describe, expect, it } from '@jest/globals';
import type { Flows, NodeDef } from '../../src/engine/flow.js';
import { initialState, step } from '../../src/engine/engine.js';
import type { Effect, EngineContext, Input, Prompt, QuestionPrompt, UserState } from '../../src/engine/types.js';

type TinyId = 'begin' | 'kleur' | 'zeker' | 'alarm' | 'halt';

const NODES: NodeDef<TinyId>[] = [
  {
    // Start menu, resume offer and "my cases" in one: a new case, or one of the open ones.
    id: 'begin',
    section: 'top',
    nav: ['acute'],
    ask: (env) => ({
      kind: 'choice',
      question: 'begin.q',
      options: [{ value: 'nieuw', label: 'Nieuw' }, ...Object.values(env.state.cases).map((c) => ({ value: c.id, label: c.ref }))],
    }),
    onAnswer: (value, env) => {
      if (value === 'nieuw') return { next: 'kleur', actions: [{ kind: 'newCase' }] };
      const open = typeof value === 'string' ? env.state.cases[value] : undefined;
      return open ? { next: 'begin', actions: [{ kind: 'resume', caseId: open.id }] } : { next: 'begin' };
    },
  },
  {
    id: 'kleur',
    section: 'een',
    field: 'kleur',
    ask: () => ({ kind: 'choice', question: 'kleur.q', options: [{ value: 'rood', label: 'Rood' }, { value: 'blauw', label: 'Blauw' }, { value: 'gevaar', label: 'Gevaar' }] }),
    onAnswer: (value) => (value === 'gevaar' ? { next: 'zeker', actions: [{ kind: 'acute', reason: 'acuut' }] } : { next: 'zeker' }),
  },
  {
    id: 'zeker',
    section: 'twee',
    field: 'zeker',
    ask: () => ({ kind: 'yesno', question: 'zeker.q', yesLabel: 'Ja', noLabel: 'Nee' }),
    onAnswer: (value) => ({ next: 'begin', actions: [{ kind: 'finish', status: 'gesloten', outcome: String(value), post: false }] }),
  },
  {
    id: 'alarm',
    section: 'acuut',
    nav: [],
    ask: () => ({ kind: 'choice', question: 'alarm.q', options: [{ value: 'verder', label: 'Verder' }, { value: 'later', label: 'Later' }] }),
    onAnswer: () => ({ next: 'begin' }),
  },
  {
    id: 'halt',
    section: 'top',
    nav: ['acute'],
    ask: () => ({ kind: 'choice', question: 'halt.q', options: [{ value: 'stop', label: 'Stop' }, { value: 'later', label: 'Later' }, { value: 'verder', label: 'Verder' }] }),
    onAnswer: () => ({ next: 'begin' }),
  },
];

function tinyFlows(over: Partial<Flows<TinyId>> = {}): Flows<TinyId> {
  return {
    version: 1,
    nodes: new Map(NODES.map((n) => [n.id, n])),
    roles: { menu: 'begin', resume: 'begin', mine: 'begin', stopConfirm: 'halt', acute: 'alarm', caseStart: 'kleur', acuteResume: 'zeker', followUp: 'begin' },
    renamed: {},
    steps: { een: 1, twee: 2 },
    totalSteps: 2,
    ...over,
  };
}

/** A user of the tiny flow: translations are the keys themselves, so assertions read them. */
class User {
  state: UserState = initialState('nl', 1);
  prompts: Prompt[] = [];
  effects: Effect[] = [];
  private cases = 0;
  private minute = 0;

  constructor(private readonly flows: Flows<TinyId> = tinyFlows()) {}

  send(input: Input): this {
    this.minute += 1;
    const ctx: EngineContext = {
      now: new Date(Date.UTC(2026, 0, 1, 9, this.minute)).toISOString(),
      userId: 'test:tiny',
      newCase: () => {
        this.cases += 1;
        return { id: `c${this.cases}`, ref: `REF${this.cases}` };
      },
      t: (_lang, key) => key,
      followUpDays: 42,
    };
    const r = step(this.flows, this.state, input, ctx);
    this.state = r.state;
    this.prompts = r.prompts;
    this.effects = r.effects;
    return this;
  }

  question(): QuestionPrompt {
    const q = [...this.prompts].reverse().find((p): p is QuestionPrompt => 'promptId' in p);
    if (!q) throw new Error(`no question in ${JSON.stringify(this.prompts)}`);
    return q;
  }
  node(): string {
    return this.question().promptId.split('#')[0] ?? '';
  }
  answer(value: string): this {
    return this.send({ type: 'answer', promptId: this.question().promptId, value });
  }
  click(command: 'back' | 'stop' | 'later' | 'acute' | 'menu'): this {
    return this.send({ type: 'command', command, promptId: this.state.promptId });
  }
  infos(): string[] {
    return this.prompts.flatMap((p) => (p.kind === 'info' ? [p.text] : []));
  }
  logged(): { type: string; node?: string; step?: number; correction?: boolean; data: Record<string, unknown> }[] {
    return this.effects.flatMap((e) => (e.type === 'case.log' ? e.entries : []));
  }
}

describe('the engine on a three-question flow of its own', () => {
  it('starts at the flow\'s menu role and opens a case at its case-start role', () => {
    const u = new User().send({ type: 'start' });
    expect(u.node()).toBe('begin');

    u.answer('nieuw');

    expect(u.node()).toBe('kleur');
    expect(u.effects.some((e) => e.type === 'case.create')).toBe(true);
    expect(u.question().position).toEqual({ step: 1, total: 2, label: 'position.step' });
  });

  it('records each answer in the case log with its node and step, and finishes at the end', () => {
    const u = new User().send({ type: 'start' }).answer('nieuw');

    u.answer('rood');
    expect(u.logged()).toEqual([expect.objectContaining({ type: 'answer', node: 'kleur', step: 1, data: { field: 'kleur', value: 'rood' } })]);
    expect(u.node()).toBe('zeker');

    u.answer('ja');
    expect(u.effects).toContainEqual(expect.objectContaining({ type: 'case.update', caseId: 'c1', patch: expect.objectContaining({ status: 'gesloten', outcome: 'ja' }) }));
    expect(u.node()).toBe('begin');
    expect(u.state.cases).toEqual({});
  });

  it('goes back to the earlier question with its answer shown, and a new answer there is a correction', () => {
    const u = new User().send({ type: 'start' }).answer('nieuw').answer('rood');

    u.click('back');
    expect(u.node()).toBe('kleur');
    expect(u.question()).toEqual(expect.objectContaining({ kind: 'choice', value: 'rood' }));

    u.answer('blauw');
    expect(u.logged()).toEqual([expect.objectContaining({ node: 'kleur', correction: true, data: { field: 'kleur', value: 'blauw' } })]);
    expect(u.node()).toBe('zeker');
  });

  it('asks to confirm a stop at the stop role, goes on where it was, and stops the case when confirmed', () => {
    const u = new User().send({ type: 'start' }).answer('nieuw').answer('rood');

    u.click('stop');
    expect(u.node()).toBe('halt');
    u.answer('verder');
    expect(u.node()).toBe('zeker');

    u.click('stop').answer('stop');
    expect(u.effects).toContainEqual(expect.objectContaining({ type: 'case.update', patch: expect.objectContaining({ status: 'gestopt' }) }));
    expect(u.infos()).toContain('stop.done');
    expect(u.node()).toBe('begin');
  });

  it('keeps a case for later and resumes it at the question where it was left', () => {
    const u = new User().send({ type: 'start' }).answer('nieuw').answer('rood');

    u.click('later');
    expect(u.infos()).toEqual(['later.saved']);
    expect(u.state.cursor).toBeUndefined();

    u.send({ type: 'start' }).answer('c1');
    expect(u.infos()).toContain('resume.resumed');
    expect(u.node()).toBe('zeker');
  });

  it('shows acute danger first, escalates once, and returns to the question it interrupted', () => {
    const u = new User().send({ type: 'start' }).answer('nieuw');

    u.click('acute');
    expect(u.prompts[0]).toEqual(expect.objectContaining({ kind: 'info', tone: 'urgent', title: 'acute.title' }));
    expect(u.node()).toBe('alarm');
    expect(u.effects).toContainEqual({ type: 'case.urgent', caseId: 'c1', reason: 'acuut' });

    u.answer('verder');
    expect(u.node()).toBe('kleur');
  });

  it('opens a case for acute danger raised at the menu, resuming at the acute-resume role', () => {
    const u = new User().send({ type: 'start' });

    u.click('acute');
    expect(u.effects.some((e) => e.type === 'case.create')).toBe(true);
    u.answer('verder');

    expect(u.node()).toBe('zeker');
    expect(u.state.cases.c1?.answers.acuut).toBe('acuut');
  });

  it('treats a click on an earlier question as stale and changes nothing', () => {
    const u = new User().send({ type: 'start' }).answer('nieuw');
    const old = u.question().promptId;
    u.answer('rood');
    const before = u.state.cases.c1;

    u.send({ type: 'answer', promptId: old, value: 'blauw' });

    expect(u.infos()).toEqual(['err.stale']);
    expect(u.node()).toBe('zeker');
    expect(u.state.cases.c1?.answers).toEqual(before?.answers);
    expect(u.logged()).toEqual([]);
  });
});

describe('stored state after the flows changed', () => {
  /** A state saved at `node` of case c1 (after answering `kleur`), under flow version `flow`. */
  function saved(node: string, flow: number, history: string[] = ['kleur']): UserState {
    return {
      v: 1,
      flow,
      lang: 'nl',
      seq: 7,
      promptId: `${node}#7`,
      cursor: { node, caseId: 'c1', history: [] },
      cases: {
        c1: {
          id: 'c1',
          ref: 'REF1',
          node,
          history,
          answers: { kleur: 'rood' },
          createdAt: '2026-01-01T08:00:00.000Z',
          updatedAt: '2026-01-01T08:00:00.000Z',
          urgent: false,
          step: 1,
          answered: history,
        },
      },
      scratch: {},
    };
  }

  it('resumes a state saved at a since renamed node at that node under its new id, and the answer on screen still counts', () => {
    const u = new User(tinyFlows({ version: 2, renamed: { 'oud.zeker': 'zeker' } }));
    u.state = saved('oud.zeker', 1);

    u.send({ type: 'answer', promptId: 'oud.zeker#7', value: 'nee' });

    expect(u.infos()).not.toContain('flow.moved');
    expect(u.effects).toContainEqual(expect.objectContaining({ type: 'case.update', patch: expect.objectContaining({ status: 'gesloten', outcome: 'nee' }) }));
    expect(u.state.flow).toBe(2);
  });

  it('renames the node a case was left at, so resuming it later lands there', () => {
    const u = new User(tinyFlows({ version: 2, renamed: { 'oud.zeker': 'zeker' } }));
    u.state = { ...saved('oud.zeker', 1), cursor: undefined, promptId: undefined };

    u.send({ type: 'start' }).answer('c1');

    expect(u.node()).toBe('zeker');
  });

  it('resumes a state at an unknown node at the last question of its case that still exists, with its answer, and says so', () => {
    const u = new User(tinyFlows({ version: 2 }));
    u.state = saved('verdwenen', 1);

    u.send({ type: 'answer', promptId: 'verdwenen#7', value: 'ja' });

    expect(u.infos()).toEqual(['flow.moved']);
    expect(u.node()).toBe('kleur');
    expect(u.question()).toEqual(expect.objectContaining({ value: 'rood' }));
    expect(u.logged()).toEqual([]);
    expect(u.state.cases.c1?.answers).toEqual({ kleur: 'rood' });
  });

  it('resumes a case at an unknown node with nothing known behind it at the case\'s first question, not the menu', () => {
    const u = new User(tinyFlows({ version: 2 }));
    u.state = saved('verdwenen', 1, []);

    u.send({ type: 'command', command: 'back', promptId: 'verdwenen#7' });

    expect(u.infos()).toEqual(['flow.moved']);
    expect(u.node()).toBe('kleur');
    expect(u.state.cases.c1).toBeDefined();
  });

  it('sends a flow without a case at an unknown node to the menu with a word that open cases are kept', () => {
    const u = new User(tinyFlows({ version: 2 }));
    u.state = { ...saved('verdwenen', 1), cursor: { node: 'verdwenen', history: [] } };

    u.send({ type: 'answer', promptId: 'verdwenen#7', value: 'x' });

    expect(u.infos()).toEqual(['flow.movedMenu']);
    expect(u.node()).toBe('begin');
    const menu = u.question();
    expect(menu.kind === 'choice' ? menu.options.map((o) => o.value) : []).toContain('c1');
  });

  it('lets acute danger through at once when the node on screen no longer exists', () => {
    const u = new User(tinyFlows({ version: 2 }));
    u.state = saved('verdwenen', 1);

    u.click('acute');

    expect(u.prompts.some((p) => p.kind === 'info' && p.tone === 'urgent')).toBe(true);
    expect(u.node()).toBe('alarm');
  });
});

describe('a node that checks or rewrites its answer', () => {
  // 'kleur' as an open question: a bare "ja" is no answer to it, and "lievelings" is stored as what it means.
  const openKleur: NodeDef<TinyId> = {
    id: 'kleur',
    section: 'een',
    field: 'kleur',
    ask: () => ({ kind: 'text', question: 'kleur.q', maxLength: 50, optional: false }),
    check: (value) => (value === 'ja' ? 'kleur.hint' : undefined),
    store: (value) => (value === 'lievelings' ? 'blauw' : value),
    onAnswer: (value) => ({ next: 'zeker', set: { gezien: value ?? undefined } }),
  };
  const flows = () => tinyFlows({ nodes: new Map(NODES.map((n) => [n.id, n.id === 'kleur' ? openKleur : n])) });

  it('asks again with its calm hint and the typed text in the field, recording nothing', () => {
    const u = new User(flows()).send({ type: 'start' }).answer('nieuw');
    const asked = u.question().promptId;

    u.send({ type: 'text', text: 'ja' });

    expect(u.prompts[0]).toEqual({ kind: 'info', tone: 'normal', text: 'kleur.hint' });
    expect(u.question()).toEqual(expect.objectContaining({ promptId: asked, value: 'ja' }));
    expect(u.logged()).toEqual([]);
  });

  it('records and hands on the rewritten value', () => {
    const u = new User(flows()).send({ type: 'start' }).answer('nieuw');

    u.answer('lievelings');

    expect(u.logged()).toEqual([expect.objectContaining({ data: { field: 'kleur', value: 'blauw' } })]);
    expect(u.state.cases.c1?.answers).toEqual(expect.objectContaining({ kleur: 'blauw', gezien: 'blauw' }));
    expect(u.node()).toBe('zeker');
  });
});
