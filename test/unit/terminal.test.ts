/**
 * The terminal chat (`npm run chat`) as a channel: a typed line in, text out, through the Gateway, so
 * lead and settings commands work there for a user the settings name as aandachtsfunctionaris or beheerder.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { isTerminalUser, TerminalChat, TERMINAL_USER } from '../../src/app/terminal.js';
import { createTranslator, type Translator } from '../../src/i18n/index.js';
import { defaultSettings, USER_KEY } from '../../src/org/settings.js';
import { StoredSettings } from '../../src/org/stored.js';
import { MemoryStore } from '../../src/store/memory.js';

const AF = 'web:af-anne';
const MELDER = 'web:melder-mia';

let store: MemoryStore;
let settings: StoredSettings;
let translator: Translator;

beforeEach(async () => {
  store = new MemoryStore();
  const seed = defaultSettings();
  seed.aandachtsfunctionarissen = [AF];
  seed.beheerders = [TERMINAL_USER];
  settings = await StoredSettings.open(store, { seed, maxAgeMs: 0 });
  translator = await createTranslator();
});

const chat = (userKey?: string) => new TerminalChat({ store, settings, translator, userKey, lang: 'nl', baseUrl: 'http://127.0.0.1:3978', log: () => undefined });

describe('the terminal chat', () => {
  it('uses a user key the settings accept, and refuses one they do not', () => {
    expect(USER_KEY.test(TERMINAL_USER)).toBe(true);
    expect(isTerminalUser('web:af-anne')).toBe(true);
    expect(isTerminalUser('cli:local')).toBe(false);
    expect(() => chat('cli:local')).toThrow(/web:<id>/);
  });

  it('runs the dialogue: the menu first, then a case started by typed answers', async () => {
    const melder = chat(MELDER);
    expect(await melder.start()).toContain('1. ');
    await melder.line('gevaar');
    const [meta] = await store.listCases({ owner: MELDER });
    expect(meta?.urgency).toBe('urgent');
  });

  it('lists the open cases for an aandachtsfunctionaris ("open zaken") and opens one by its number', async () => {
    // Arrange: a reporter's urgent case.
    await chat(MELDER).line('gevaar');
    const ref = (await store.listCases())[0]?.ref ?? '';
    const af = chat(AF);

    // Act
    const list = await af.line('open zaken');
    const opened = await af.line('1');

    // Assert
    expect(list).toContain(ref);
    expect(opened).toContain(`Wat wil je doen met zaak ${ref}?`);
    expect(opened).toContain('Ik pak dit op');
  });

  it('shows and changes the settings for a beheerder, and refuses them to anyone else', async () => {
    const beheerder = chat();
    expect(beheerder.userKey).toBe(TERMINAL_USER);

    const shown = await beheerder.line('instellingen');
    const saved = await beheerder.line('instelling herinnering 6');
    const refused = await chat(MELDER).line('instellingen');

    expect(shown).toContain('instelling herinnering');
    expect(saved).toContain('Opgeslagen.');
    expect(settings.get().reminders.unclaimedWorkingHours).toBe(6);
    expect(refused).toContain('Alleen een beheerder');
    expect(await chat(MELDER).line('open zaken')).toContain('Alleen aandachtsfunctionarissen');
  });
});
