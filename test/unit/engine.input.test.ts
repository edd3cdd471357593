/** Input handling: stale and forged input, typed answers, validation, and purity of step(). */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { step } from '../../src/engine/engine.js';
import { FLOWS } from '../../dialogs/index.js';
import { CONCERN_FORMS } from '../../src/domain/forms.js';
import type { ChannelSummary, EngineContext, Input, StepResult, UserState } from '../../src/engine/types.js';
import type { Translator } from '../../src/i18n/index.js';
import { conversation, conversationAt, translator, type Conversation } from '../helpers/conversation.js';

let tr: Translator;
beforeAll(async () => {
  tr = await translator();
});

/** New case, played until `node` is asked. */
const at = (node: string): Promise<Conversation> => conversationAt(node);

/** At the staff-member route's yes/no question. */
async function atYesNo(): Promise<Conversation> {
  const c = await at('ctx.betreft');
  c.answer('medewerker');
  expect(c.node()).toBe('mw.route');
  return c;
}

const first = (c: Conversation) => c.prompts[0];
const errorText = (c: Conversation): string =>
  c.infos()
    .filter((p) => p.tone === 'error')
    .map((p) => p.text)
    .join('\n');

/** Sends `input` and checks the turn only re-asked the current question with an error. */
function expectRejected(c: Conversation, input: Input, message: string): void {
  const before = structuredClone(c.state);
  const promptId = c.question().promptId;
  c.send(input);
  expect(first(c)).toMatchObject({ kind: 'info', tone: 'error' });
  expect(errorText(c)).toContain(message);
  expect(c.question().promptId).toBe(promptId);
  expect(c.state).toEqual(before);
  expect(c.effects).toEqual([]);
}

describe('stale input', () => {
  it('an answer to an earlier question is refused and the current question is asked again with the same id', async () => {
    // Arrange
    const c = await at('ctx.acuut');
    const old = c.question().promptId;
    c.answer('nee');
    expect(c.node()).toBe('ctx.sector');
    // Act / Assert: even an alarming value from the old buttons does not count as an answer
    expectRejected(c, { type: 'answer', promptId: old, value: 'gevaar' }, 'niet meer actueel');
    expect(c.node()).toBe('ctx.sector');
    expect(c.prompts).toHaveLength(2);
  });

  it('a "back" click from an old message does not move', async () => {
    const c = await at('ctx.sector');
    const old = c.question().promptId;
    c.answer('onderwijs');
    expectRejected(c, { type: 'command', command: 'back', promptId: old }, 'niet meer actueel');
    expect(c.node()).toBe('ctx.betreft');
  });

  it('a "stop" click from an old message does not move', async () => {
    const c = await at('ctx.sector');
    const old = c.question().promptId;
    c.answer('onderwijs');
    expectRejected(c, { type: 'command', command: 'stop', promptId: old }, 'niet meer actueel');
  });

  it('an "acute" click from an old message is honoured', async () => {
    // Arrange
    const c = await at('ctx.sector');
    const old = c.question().promptId;
    c.answer('onderwijs');
    // Act
    c.send({ type: 'command', command: 'acute', promptId: old });
    // Assert
    expect(first(c)).toMatchObject({ kind: 'info', tone: 'urgent' });
    expect(c.node()).toBe('acuut');
    expect(c.effectsOf('af.post')).toEqual([expect.objectContaining({ reason: 'acuut' })]);
    c.answer('verder');
    expect(c.node()).toBe('ctx.betreft');
  });
});

describe('choices', () => {
  it('an unknown value is refused without storing or logging anything', async () => {
    const c = await at('ctx.sector');
    expectRejected(c, { type: 'answer', promptId: c.question().promptId, value: 'hacked' }, 'geen van de mogelijke antwoorden');
  });

  it('an unknown value in a multi-select or a yes/no is refused the same way', async () => {
    const multi = await at('s1.vormen');
    expectRejected(multi, { type: 'answer', promptId: multi.question().promptId, value: ['lichamelijke-mishandeling', 'hacked'] }, 'geen van de mogelijke antwoorden');
    const yesno = await atYesNo();
    expectRejected(yesno, { type: 'answer', promptId: yesno.question().promptId, value: 'misschien' }, 'geen van de mogelijke antwoorden');
  });

  it('typed text that matches no option asks to use the buttons', async () => {
    const c = await at('ctx.sector');
    expectRejected(c, { type: 'text', text: 'ergens in de zorg denk ik' }, 'knoppen');
    const multi = await at('s1.vormen');
    expectRejected(multi, { type: 'text', text: 'van alles' }, 'Vink je antwoorden aan');
  });

  it('a typed option number is accepted', async () => {
    const c = await at('ctx.sector');
    c.say('2');
    expect(c.node()).toBe('ctx.betreft');
    expect(c.state.cases.case1?.answers.sector).toBe('kinderopvang');
  });

  it('a typed option label is accepted, whatever its case', async () => {
    const c = await at('ctx.sector');
    c.say('onderwijs');
    expect(c.node()).toBe('ctx.betreft');
    expect(c.state.cases.case1?.answers.sector).toBe('onderwijs');
    const d = await at('ctx.sector');
    d.say('KINDEROPVANG');
    expect(d.state.cases.case1?.answers.sector).toBe('kinderopvang');
  });

  it('typed numbers with commas answer a multi-select', async () => {
    const c = await at('s1.vormen');
    c.say('1,3');
    expect(c.node()).toBe('s1.nieuwkomer');
    expect(c.state.cases.case1?.answers.vormen).toEqual([CONCERN_FORMS[0]?.id, CONCERN_FORMS[2]?.id]);
  });

  it('typed "nee" answers a yes/no question', async () => {
    const c = await atYesNo();
    c.say('nee');
    expect(c.node()).toBe('menu');
    expect(c.effectsOf('af.post')).toEqual([]);
  });

  it('a multi-select sent as one comma-separated string (Adaptive Cards) is accepted', async () => {
    const c = await at('s1.vormen');
    c.answer('lichamelijke-mishandeling, emotionele-mishandeling');
    expect(c.node()).toBe('s1.nieuwkomer');
    expect(c.state.cases.case1?.answers.vormen).toEqual(['lichamelijke-mishandeling', 'emotionele-mishandeling']);
  });

  it('a multi-select needing at least one option refuses an empty selection', async () => {
    const c = await at('s1.vormen');
    expectRejected(c, { type: 'answer', promptId: c.question().promptId, value: [] }, 'Kies minstens 1 optie');
    expectRejected(c, { type: 'answer', promptId: c.question().promptId, value: '' }, 'Kies minstens 1 optie');
  });

  it('a multi-select without a minimum accepts an empty selection', async () => {
    const c = await at('s1.signalen');
    c.answer([]);
    expect(c.node()).toBe('s1.feiten');
    expect(c.state.cases.case1?.answers.signalen).toEqual([]);
  });
});

describe('text', () => {
  it('over the maximum length is refused with both lengths, nothing is stored, and a valid text is then accepted', async () => {
    // Arrange
    const c = await at('s1.feiten');
    // Act / Assert
    expectRejected(c, { type: 'text', text: 'x'.repeat(1001) }, '1001');
    expect(errorText(c)).toContain('1000');
    expect(c.state.cases.case1?.answers.feiten).toBeUndefined();
    expect(c.effectsOf('case.log').flatMap((e) => e.entries).filter((e) => e.node === 's1.feiten')).toEqual([]);

    c.say('Dinsdag huilend binnengekomen.');
    expect(c.node()).toBe('s1.bron');
    expect(c.state.cases.case1?.answers.feiten).toBe('Dinsdag huilend binnengekomen.');
    expect(c.effects).toContainEqual(
      expect.objectContaining({
        type: 'case.log',
        entries: [expect.objectContaining({ type: 'fact', node: 's1.feiten', data: { field: 'feiten', value: 'Dinsdag huilend binnengekomen.' } })],
      }),
    );
  });

  it('of exactly the maximum length is accepted', async () => {
    const c = await at('s1.feiten');
    c.say('y'.repeat(1000));
    expect(c.node()).toBe('s1.bron');
  });

  it('that is empty is refused when the question is required', async () => {
    const c = await at('s1.feiten');
    expectRejected(c, { type: 'answer', promptId: c.question().promptId, value: '' }, 'geen tekst ontvangen');
    expectRejected(c, { type: 'answer', promptId: c.question().promptId, value: '   ' }, 'geen tekst ontvangen');
  });

  it('that is empty skips an optional question', async () => {
    const c = await at('s1.bron');
    c.answer(['eigen']);
    expect(c.node()).toBe('s1.interpretatie');
    c.skip();
    expect(c.node()).toBe('s2.advies');
    expect(c.state.cases.case1?.answers.interpretatie).toBeUndefined();
  });

  it('typed as a command word is taken as the command, not as the answer', async () => {
    const c = await at('s1.feiten');
    c.say('later');
    expect(c.state.cases.case1?.answers.feiten).toBeUndefined();
    expect(c.state.cursor).toBeUndefined();
  });
});

describe('forged values', () => {
  const FORGED: unknown[] = [42, null, undefined, true, {}, { value: 'onderwijs' }, [1, 2], [null], [['onderwijs']]];
  const NUMBER_LIKE = ['2', '1e3', '-1', 'NaN', '0', '  3  ', 'Infinity'];

  async function atKind(kind: string): Promise<Conversation> {
    if (kind === 'yesno') return atYesNo();
    return at({ choice: 'ctx.sector', multi: 's1.vormen', text: 's1.feiten' }[kind] ?? '');
  }

  function send(c: Conversation, value: unknown): StepResult {
    return step(FLOWS, c.state, { type: 'answer', promptId: c.question().promptId, value: value as string }, c.ctx());
  }

  it.each(['choice', 'multi', 'text', 'yesno'])('of other types never throw at a %s question and are refused', async (kind) => {
    const c = await atKind(kind);
    expect(c.question().kind).toBe(kind);
    for (const value of FORGED) {
      let r: StepResult | undefined;
      expect(() => {
        r = send(c, value);
      }).not.toThrow();
      expect(r?.prompts[0]).toMatchObject({ kind: 'info', tone: 'error' });
      expect(r?.state).toEqual(c.state);
      expect(r?.effects).toEqual([]);
    }
  });

  it('an array for a single choice is refused', async () => {
    const c = await at('ctx.sector');
    expectRejected(c, { type: 'answer', promptId: c.question().promptId, value: ['onderwijs'] }, 'geen van de mogelijke antwoorden');
  });

  it.each(['choice', 'multi', 'yesno'])('number-like strings sent as button values never throw at a %s question and are refused', async (kind) => {
    const c = await atKind(kind);
    for (const value of NUMBER_LIKE) {
      let r: StepResult | undefined;
      expect(() => {
        r = send(c, value);
      }).not.toThrow();
      expect(r?.prompts[0]).toMatchObject({ kind: 'info', tone: 'error' });
      expect(r?.state).toEqual(c.state);
    }
  });
});

describe('stored state that no longer fits the flows', () => {
  const INPUTS: Input[] = [
    { type: 'start' },
    { type: 'text', text: 'hallo' },
    { type: 'text', text: 'iets' },
    { type: 'text', text: '2' },
    { type: 'answer', promptId: 'PLACEHOLDER', value: 'nieuw' },
    { type: 'answer', promptId: 'PLACEHOLDER', value: ['x'] },
    ...(['back', 'stop', 'later', 'acute', 'menu', 'help'] as const).map((command): Input => ({ type: 'command', command })),
  ];

  it('a cursor at a node that was removed does not crash any input', async () => {
    // Arrange
    const c = await at('s1.feiten');
    const cursor = c.state.cursor;
    if (!cursor) throw new Error('no cursor');
    cursor.node = 'removed.node';
    // Act / Assert
    for (const input of INPUTS) {
      const real = input.type === 'answer' ? { ...input, promptId: c.state.promptId ?? '' } : input;
      let r: StepResult | undefined;
      expect(() => {
        r = step(FLOWS, c.state, real, c.ctx());
      }).not.toThrow();
      expect(r?.prompts.length).toBeGreaterThan(0);
    }
  });

  it('a cursor at a removed node falls back to the menu, and the case can still be resumed where it was', async () => {
    const c = await at('s1.feiten');
    if (c.state.cursor) c.state.cursor.node = 'removed.node';
    c.say('hallo');
    expect(c.node()).toBe('hervat');
    c.pick('Ja, ga verder');
    expect(c.node()).toBe('s1.feiten');
  });

  it('a case whose own node was removed resumes at the last question it answered, not at the menu', async () => {
    const c = await at('s1.feiten');
    c.click('later');
    const work = c.state.cases.case1;
    if (!work) throw new Error('no case');
    const answers = { ...work.answers };
    work.node = 'removed.node';

    c.say('hallo').pick('Ja, ga verder');

    expect(c.node()).toBe('s1.signalen');
    expect(c.state.cases.case1?.answers).toEqual(answers);
  });
});

// ---- purity ---------------------------------------------------------------------------------

function fixedCtx(): EngineContext {
  let n = 0;
  return {
    now: '2026-11-22T10:00:00.000Z',
    userId: 'test:pure',
    newCase: () => {
      n += 1;
      return { id: `p${n}`, ref: `MC-PURE${n}` };
    },
    t: (lang, key, params) => tr.t(lang, key, params),
    followUpDays: 42,
  };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

describe('step()', () => {
  const scenarios: [string, Input][] = [
    ['opening a case from the menu', { type: 'answer', promptId: '', value: 'nieuw' }],
    ['answering a text question', { type: 'text', text: 'Maandag een blauwe plek.' }],
    ['pressing the acute button', { type: 'command', command: 'acute' }],
    ['giving an invalid answer', { type: 'answer', promptId: '', value: 'hacked' }],
    ['going back', { type: 'command', command: 'back' }],
  ];

  async function stateFor(name: string): Promise<Conversation> {
    if (name.includes('menu')) {
      const c = await conversation('nl');
      return c.start();
    }
    return at(name.includes('text') ? 's1.feiten' : 'ctx.betreft');
  }

  it.each(scenarios)('is deterministic and leaves the input state untouched when %s', async (name, raw) => {
    // Arrange
    const c = await stateFor(name);
    const input: Input = raw.type === 'answer' ? { ...raw, promptId: c.state.promptId ?? '' } : raw;
    const state: UserState = deepFreeze(structuredClone(c.state));
    const copy = structuredClone(state);
    // Act
    const r1 = step(FLOWS, state, input, fixedCtx());
    const r2 = step(FLOWS, state, input, fixedCtx());
    // Assert
    expect(r1).toEqual(r2);
    expect(state).toEqual(copy);
    expect(r1.state).not.toBe(state);
    expect(r1.prompts.length).toBeGreaterThan(0);
  });

  it.each(scenarios)('gives the same result from a state handed over (owned), changed in place instead of copied, when %s', async (name, raw) => {
    // Arrange
    const c = await stateFor(name);
    const input: Input = raw.type === 'answer' ? { ...raw, promptId: c.state.promptId ?? '' } : raw;
    const handedOver: UserState = structuredClone(c.state);
    // Act
    const copied = step(FLOWS, structuredClone(c.state), input, fixedCtx());
    const owned = step(FLOWS, handedOver, input, fixedCtx(), { owned: true });
    // Assert
    expect(owned).toEqual(copied);
    expect(owned.state).toBe(handedOver);
  });

  it('starts from a fresh state when there is none', () => {
    const r = step(FLOWS, undefined, { type: 'start' }, fixedCtx());
    expect(r.state.cursor?.node).toBe('menu');
    expect(r.state.lang).toBe('nl');
    expect(r.effects).toEqual([]);
  });
});

describe('start buttons outside the dialogue (slash sub-commands, App Home)', () => {
  it('opens the chosen part of the menu directly', async () => {
    const c = await conversation('nl');
    c.send({ type: 'menu', choice: 'stap0' });
    expect(c.node()).toBe('s0.ouder');
    c.send({ type: 'menu', choice: 'uitleg' });
    expect(c.node()).toBe('uitleg');
  });

  it('starts a new case while an earlier one stays open, and "mijn" lists both', async () => {
    const c = await conversationAt('ctx.sector');
    c.send({ type: 'menu', choice: 'nieuw' });
    expect(c.node()).toBe('ctx.acuut');
    expect(c.effectsOf('case.create')).toHaveLength(2);
    c.send({ type: 'menu', choice: 'mijn' });
    expect(c.node()).toBe('mijn');
    expect(Object.keys(c.state.cases)).toHaveLength(2);
  });

  it('shows the current question again on "repeat", or the menu when nothing is asked', async () => {
    const c = await conversationAt('s1.feiten');
    const id = c.question().promptId;
    c.send({ type: 'repeat' });
    expect(c.question().promptId).toBe(id);
    const fresh = await conversation('nl');
    fresh.send({ type: 'repeat' });
    expect(fresh.node()).toBe('menu');
  });
});

describe('typed words that are also an option of the question on screen', () => {
  const summary: ChannelSummary = { caseId: 'closed-1', ref: 'MC-FU0001', sector: 'onderwijs', route: 'meldcode', step: 5, urgency: 'normaal', outcome: 'hulp', reporter: 'test:user-1' };

  it('typing "later" at afweging 5 answers "Nog niet te zeggen" instead of pausing', async () => {
    // Arrange: the same question in two conversations; one clicks the option, one types the word
    const clicked = await conversation();
    const typed = await conversation();
    for (const c of [clicked, typed]) c.send({ type: 'followup', summary });
    expect(typed.node()).toBe('fu.q5');

    // Act
    clicked.pick('Nog niet');
    typed.say('later');

    // Assert
    expect(typed.effects).toEqual(clicked.effects);
    expect(typed.effectsOf('case.log')[0]?.entries[0]?.data).toEqual({ field: 'afweging5', value: 'later' });
    expect(typed.prompts).toEqual(clicked.prompts);
  });

  it('typing the acute word at afweging 5 still goes to acute danger first', async () => {
    // Arrange
    const c = await conversation();
    c.send({ type: 'followup', summary });

    // Act
    c.say('gevaar');

    // Assert
    expect(c.prompts[0]).toMatchObject({ kind: 'info', tone: 'urgent' });
  });
});
