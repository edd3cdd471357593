/**
 * A turn that stops between writing the case log and saving the user's state (a crash, a kill) and
 * is then processed again: with the real file store, the log holds each entry once and no second case
 * is opened. A platform retry of a turn that was saved is recognised by its input id, also by a new
 * process on the same files.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TurnProcessor, type TurnResult } from '../../src/app/turns.js';
import type { Input, QuestionPrompt } from '../../src/engine/types.js';
import type { Translator } from '../../src/i18n/index.js';
import { LowdbStore } from '../../src/store/lowdb.js';
import type { Store } from '../../src/store/store.js';
import { translator } from '../helpers/conversation.js';

const USER = 'web:replay-user';

let dir: string;
let tr: Translator;
let open: Store[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-replay-'));
  tr = await translator();
  open = [];
});
afterEach(async () => {
  for (const s of open) await s.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

/** The real file store, whose next saveUser fails once `crashNextSave()` was called: a stop right after the case log was written. */
async function fileStore(): Promise<{ store: Store; crashNextSave(): void }> {
  const real = await LowdbStore.open(dir);
  open.push(real);
  let crash = false;
  const store = new Proxy(real, {
    get(target, prop) {
      if (prop === 'saveUser') {
        return async (...args: Parameters<Store['saveUser']>) => {
          if (crash) {
            crash = false;
            throw new Error('stopped between the case log and the state');
          }
          return target.saveUser(...args);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, crashNextSave: () => (crash = true) };
}

/** A new process: a new store on the same files and a new turn processor. */
async function restart(): Promise<{ turns: TurnProcessor; store: Store; crashNextSave(): void }> {
  for (const s of open.splice(0)) await s.close();
  const fs = await fileStore();
  return { ...fs, turns: new TurnProcessor({ store: fs.store, translator: tr, followUpDays: 42 }) };
}

const question = (r: TurnResult): QuestionPrompt => {
  const q = [...r.prompts].reverse().find((p): p is QuestionPrompt => 'promptId' in p);
  if (!q) throw new Error('no question');
  return q;
};

describe('a turn processed again after it stopped between the case log and the state', () => {
  it('opens one case with one "opened" entry when the turn that creates it is processed again', async () => {
    // Arrange: at the menu
    let p = await restart();
    const menu = question(await p.turns.handle(USER, { type: 'start' }));
    const choose: Input = { type: 'answer', promptId: menu.promptId, value: 'nieuw' };

    // Act: the turn stops after the case data, then a new process gets the same input again
    p.crashNextSave();
    await expect(p.turns.handle(USER, choose)).rejects.toThrow('stopped');
    p = await restart();
    const again = await p.turns.handle(USER, choose);

    // Assert
    expect(question(again).promptId.split('#')[0]).toBe('ctx.acuut');
    const cases = await p.store.listCases();
    expect(cases).toHaveLength(1);
    const log = (await p.store.getCase(cases[0]?.id ?? ''))?.log ?? [];
    expect(log.filter((e) => e.type === 'opened')).toHaveLength(1);
  });

  it('keeps exactly one copy of an answer\u2019s entries, and the dialogue goes on from there', async () => {
    // Arrange: at the first question of a new case
    let p = await restart();
    const menu = question(await p.turns.handle(USER, { type: 'start' }));
    const acuut = question(await p.turns.handle(USER, { type: 'answer', promptId: menu.promptId, value: 'nieuw' }));
    const answer: Input = { type: 'answer', promptId: acuut.promptId, value: 'nee' };

    // Act
    p.crashNextSave();
    await expect(p.turns.handle(USER, answer)).rejects.toThrow('stopped');
    p = await restart();
    const next = await p.turns.handle(USER, answer);
    const sector = await p.turns.handle(USER, { type: 'answer', promptId: question(next).promptId, value: 'onderwijs' });

    // Assert
    expect(question(sector).promptId.split('#')[0]).toBe('ctx.betreft');
    const [meta] = await p.store.listCases();
    const log = (await p.store.getCase(meta?.id ?? ''))?.log ?? [];
    const fields = log.map((e) => e.data.field).filter((f) => f !== undefined);
    expect(fields.filter((f) => f === 'acuutCheck')).toHaveLength(1);
    expect(fields.filter((f) => f === 'sector')).toHaveLength(1);
    // Every entry names its turn; one turn's entries are one group.
    expect(log.every((e) => typeof e.turn === 'string')).toBe(true);
  });
});

describe('a turn whose state could not be saved (a store outage) and the same input again', () => {
  it('queues the turn\u2019s post for the aandachtsfunctionaris before its state, and once when the same input comes again', async () => {
    // Arrange: in a new case, where "er is nu direct gevaar" alerts the aandachtsfunctionaris
    const p = await restart();
    const menu = question(await p.turns.handle(USER, { type: 'start' }));
    await p.turns.handle(USER, { type: 'answer', promptId: menu.promptId, value: 'nieuw' });
    const acute: Input = { type: 'command', command: 'acute' };

    // Act: the save fails after the post was queued; the user sends it again
    p.crashNextSave();
    await expect(p.turns.handle(USER, acute)).rejects.toThrow('stopped');
    const queuedWhileFailed = (await p.store.pending()).length;
    const again = await p.turns.handle(USER, acute);

    // Assert
    expect(queuedWhileFailed).toBe(1);
    expect(again.queued).toHaveLength(1);
    expect((await p.store.pending()).map((i) => i.id)).toEqual(again.queued.map((i) => i.id));
  });
});

describe('a platform retry of an input that was handled', () => {
  it('is not applied again by a new process on the same files', async () => {
    // Arrange: two consecutive text questions would take the same typed text twice
    let p = await restart();
    const menu = question(await p.turns.handle(USER, { type: 'start' }));
    const acuut = question(await p.turns.handle(USER, { type: 'answer', promptId: menu.promptId, value: 'nieuw' }));
    const before = await p.turns.handle(USER, { type: 'answer', promptId: acuut.promptId, value: 'nee' }, undefined, { id: 'activity-1' });

    // Act
    p = await restart();
    const retry = await p.turns.handle(USER, { type: 'answer', promptId: acuut.promptId, value: 'nee' }, undefined, { id: 'activity-1' });

    // Assert
    expect(retry.duplicate).toBe(true);
    expect(retry.prompts).toEqual([]);
    const [meta] = await p.store.listCases();
    const log = (await p.store.getCase(meta?.id ?? ''))?.log ?? [];
    expect(log.filter((e) => e.data.field === 'acuutCheck')).toHaveLength(1);
    const current = await p.turns.handle(USER, { type: 'repeat' });
    expect(question(current).promptId).toBe(question(before).promptId);
  });
});
