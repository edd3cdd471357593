/** The integrity sweep after start-up (src/app/sweep.ts): damaged files are logged and told to the leads and beheerders, once each. */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Alerts, webNotices } from '../../src/app/alerts.js';
import { IntegritySweep } from '../../src/app/sweep.js';
import { Notifier } from '../../src/cases/notify.js';
import type { Lang } from '../../src/domain/types.js';
import type { Prompt } from '../../src/engine/types.js';
import { createTranslator, type Translator } from '../../src/i18n/index.js';
import { defaultSettings } from '../../src/org/model.js';
import { MemoryStore } from '../../src/store/memory.js';
import { StoreError, type DamagedFile } from '../../src/store/store.js';

let translator: Translator;
beforeAll(async () => {
  translator = await createTranslator();
});

interface Sent {
  userKey: string;
  lang: Lang;
  text: string;
}

/** A sweep over a store whose own sweep hands over `damaged` (and then fails with `failure`, if given). */
async function sweepOf(damaged: DamagedFile[], failure?: Error) {
  const store = new MemoryStore();
  await store.saveUser('web:beheer', { lang: 'en' });
  const swept = Object.assign(Object.create(store) as MemoryStore, {
    sweep: async (found: (d: DamagedFile) => void) => {
      for (const d of damaged) found(d);
      if (failure) throw failure;
    },
  });
  const sent: Sent[] = [];
  const notifier = new Notifier();
  notifier.add({ prefix: 'web:', send: async (userKey: string, prompts: Prompt[], lang: Lang) => (sent.push({ userKey, lang, text: prompts.map((p) => ('text' in p ? p.text : '')).join('') }), true) });
  const settings = { ...defaultSettings(), aandachtsfunctionarissen: ['web:af'], deputies: ['web:deputy', 'web:af'], beheerders: ['web:beheer'] };
  const logs: { event: string; fields?: Readonly<Record<string, unknown>> }[] = [];
  const log = (event: string, fields?: Readonly<Record<string, unknown>>) => void logs.push({ event, fields });
  const alerts = new Alerts({ store, settings: () => settings, notifier, translator, orgLang: 'nl', clock: () => new Date('2026-12-02T10:00:00Z'), log, webPanel: () => true });
  return { sweep: new IntegritySweep({ store: swept, alerts, log }), store, sent, logs };
}

const CASE = { file: 'cases/c1.json', reason: 'undecryptable' } as const;
const DEADLINES = { file: 'case-deadlines/0123456789abcdef0123456789abcdef01234567.json', reason: 'damaged' } as const;
const GONE = { file: 'cases/c2.json', reason: 'missing' } as const;

describe('IntegritySweep', () => {
  it('logs every damaged file with its path and reason, and tells each lead, deputy and beheerder once, in their language', async () => {
    // Arrange
    const { sweep, store, sent, logs } = await sweepOf([CASE, DEADLINES, GONE, CASE]);

    // Act
    await sweep.start();

    // Assert
    expect(logs.filter((l) => l.event === 'store.damaged').map((l) => l.fields)).toEqual([CASE, DEADLINES, GONE]);
    expect(sweep.damaged).toEqual([CASE, DEADLINES, GONE]);
    expect(logs.find((l) => l.event === 'store.sweep.done')?.fields).toMatchObject({ files: 3 });
    expect(sent.map((s) => [s.userKey, s.lang])).toEqual([
      ['web:af', 'nl'],
      ['web:deputy', 'nl'],
      ['web:beheer', 'en'],
    ]);
    const nl = sent[0]?.text ?? '';
    expect(nl).toContain('cases/c1.json (niet te ontsleutelen)');
    expect(nl).toContain(`${DEADLINES.file} (beschadigd)`);
    expect(nl).toContain('cases/c2.json (ontbreekt)');
    expect(nl).toContain('back-up');
    expect(nl).toContain('niets overschreven of verwijderd');
    expect(sent[2]?.text).toContain('cases/c1.json (cannot be decrypted)');
    expect(sent[2]?.text).toContain('restore these files from a backup');
    expect((await webNotices(store)).map((n) => n.text)).toEqual([nl]);
    expect(logs.find((l) => l.event === 'store.damage.alerted')?.fields).toEqual({ count: 3 });
  });

  it('names at most 20 files in the notice and says how many more the log names', async () => {
    const many = Array.from({ length: 23 }, (_, i) => ({ file: `cases/c${i}.json`, reason: 'damaged' as const }));
    const { sweep, sent, logs } = await sweepOf(many);

    await sweep.start();

    expect(logs.filter((l) => l.event === 'store.damaged')).toHaveLength(23);
    const nl = sent[0]?.text ?? '';
    expect(nl).toContain('cases/c19.json (beschadigd)');
    expect(nl).not.toContain('cases/c20.json');
    expect(nl).toContain('en nog 3 (het log noemt ze allemaal)');
    expect(sent[2]?.text).toContain('and 3 more (the log names them all)');
  });

  it('runs once: starting it again reports nothing again', async () => {
    const { sweep, sent, logs } = await sweepOf([CASE]);

    await sweep.start();
    await sweep.start();
    await sweep.finished;

    expect(logs.filter((l) => l.event === 'store.damaged')).toHaveLength(1);
    expect(sent).toHaveLength(3);
  });

  it('says nothing to anyone when every file is sound', async () => {
    const { sweep, sent, logs } = await sweepOf([]);

    await sweep.start();

    expect(sent).toEqual([]);
    expect(logs.map((l) => l.event)).toEqual(['store.sweep.done']);
    expect(sweep.damaged).toEqual([]);
  });

  it('still reports what it found when the store fails part-way, and logs the failure by its code only', async () => {
    const { sweep, sent, logs } = await sweepOf([CASE], new StoreError('IO', 'Could not read data file /srv/data/cases/c9.json: EIO'));

    await expect(sweep.start()).resolves.toBeUndefined();

    expect(logs.find((l) => l.event === 'store.sweep.failed')?.fields).toEqual({ error: 'IO' });
    expect(logs.some((l) => l.event === 'store.sweep.done')).toBe(false);
    expect(sent).toHaveLength(3);
  });

  it('stops quietly when the store closes under it (the server is stopping): no failure, and no notice', async () => {
    const { sweep, sent, logs } = await sweepOf([CASE], new StoreError('CLOSED', 'The store was closed during a scan of its data folder.'));

    await expect(sweep.start()).resolves.toBeUndefined();

    expect(logs.find((l) => l.event === 'store.sweep.stopped')?.fields).toMatchObject({ files: 1 });
    expect(logs.some((l) => l.event === 'store.sweep.failed' || l.event === 'store.sweep.done')).toBe(false);
    expect(logs.filter((l) => l.event === 'store.damaged')).toHaveLength(1);
    expect(sent).toEqual([]);
  });

  it('is finished at once when it never started', async () => {
    const { sweep } = await sweepOf([CASE]);
    await expect(sweep.finished).resolves.toBeUndefined();
    expect(sweep.damaged).toEqual([]);
  });
});
