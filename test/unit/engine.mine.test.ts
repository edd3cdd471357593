/**
 * "Mijn open zaken": the open cases to go on with, then the finished ones whose dossier the reporter can
 * fetch (newest first, a few at most); with nothing at all, no question about which case, but what one can do.
 */
import { describe, expect, it } from '@jest/globals';
import { MINE_DONE_SHOWN } from '../../dialogs/menu.js';
import type { Lang } from '../../src/domain/types.js';
import { MAX_DONE } from '../../src/engine/types.js';
import { conversation, type Conversation } from '../helpers/conversation.js';

const options = (c: Conversation) => {
  const q = c.question();
  return q.kind === 'choice' ? q.options : [];
};

/** Opens a case and stops it: it is finished ("gestopt") and leaves the open cases. */
function finishOne(c: Conversation): void {
  c.start();
  if (c.node() === 'hervat') c.answer('menu');
  c.answer('nieuw');
  expect(c.node()).toBe('ctx.acuut');
  c.click('stop');
  c.answer('stop');
}

async function toMine(lang: Lang = 'nl', prepare?: (c: Conversation) => void): Promise<Conversation> {
  const c = await conversation(lang);
  prepare?.(c);
  c.start();
  if (c.node() === 'hervat') c.answer('menu');
  c.answer('mijn');
  expect(c.node()).toBe('mijn');
  return c;
}

describe('my cases without any case', () => {
  it.each([
    ['nl', 'Je hebt geen open zaken. Je kunt een nieuwe zaak starten of teruggaan naar het menu.', 'Wat wil je doen?', ['Een nieuwe zaak starten', 'Menu']],
    ['en', 'You have no open cases. You can start a new case or go back to the menu.', 'What would you like to do?', ['Start a new case', 'Menu']],
  ] as const)('says so and offers what one can do, without asking which case (%s)', async (lang, said, asked, offered) => {
    const c = await toMine(lang);
    expect(c.infos().map((i) => i.text)).toEqual([said]);
    expect(c.question().question).toBe(asked);
    expect(c.text()).not.toMatch(/Met welke zaak|Which case/);
    expect(options(c).map((o) => o.label)).toEqual(offered);
  });

  it('starts a new case from there', async () => {
    const c = await toMine();
    c.pick('nieuwe zaak');
    expect(c.node()).toBe('ctx.acuut');
    expect(c.effectsOf('case.create')).toHaveLength(1);
  });
});

describe('my cases with finished ones', () => {
  it('lists a finished case under "Afgerond" with its dossier, and the pick asks for a one-time PDF link of that case', async () => {
    const c = await toMine('nl', finishOne);
    expect(c.infos().map((i) => i.title ?? i.text)).toEqual(['Je hebt geen open zaken.', 'Afgerond']);
    expect(c.question().question).toBe('Van welke afgeronde zaak wil je het dossier?');
    expect(options(c).map((o) => o.label)).toEqual(['Dossier MC-TEST1 — afgerond 2026-11-22', 'Een nieuwe zaak starten', 'Menu']);

    c.pick('Dossier MC-TEST1');

    expect(c.prompts[0]).toEqual({ kind: 'dossier', ref: 'MC-TEST1', format: 'pdf' });
    expect(c.node()).toBe('menu');
    expect(c.effects.filter((e) => e.type !== 'case.log')).toEqual([]);
  });

  it('shows open cases first, then at most a few finished ones, newest first; the state keeps only the latest', async () => {
    const c = await toMine('en', (x) => {
      for (let i = 0; i < MAX_DONE + 2; i++) finishOne(x);
      x.start();
      x.answer('nieuw');
      x.click('later');
    });
    const labels = options(c).map((o) => o.label);
    expect(c.question().question).toBe('Which case do you want to continue?');
    expect(labels[0]).toMatch(/^MC-TEST13 — step 0 of 5 — /);
    const dossiers = labels.filter((l) => l.startsWith('Dossier'));
    expect(dossiers).toHaveLength(MINE_DONE_SHOWN);
    expect(dossiers[0]).toMatch(/^Dossier MC-TEST12 — finished /);
    expect(dossiers.at(-1)).toMatch(/^Dossier MC-TEST8 — finished /);
    expect(labels.at(-1)).toBe('Menu');
    expect(labels).not.toContain('Start a new case');
    expect(c.state.done?.map((d) => d.ref)).toHaveLength(MAX_DONE);
  });

  it('never offers a dossier of a case that is not among the user\u2019s own finished cases', async () => {
    const c = await toMine('nl', finishOne);
    c.answer('dossier:someone-elses-case');
    expect(c.text()).not.toContain('"kind":"dossier"');
  });
});
