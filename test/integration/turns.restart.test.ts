import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LowdbStore } from '../../src/store/lowdb.js';
import { Transcript } from '../helpers/transcript.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-turns-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const FACTS = 'Op 12 november blauwe plekken op beide bovenarmen gezien bij het omkleden.';

describe('restart: a half-finished case resumes where it stopped with nothing lost', () => {
  it('resumes at the exact question after the process (store) is closed and reopened', async () => {
    // Arrange: a case up to stap 2, written to real files.
    const first = await LowdbStore.open(dir);
    const before = await Transcript.create(first, 'web:leerkracht', 'nl');
    await before.says('hallo');
    await before.picks('zorgen over een kind');
    await before.picks('Nee');
    await before.picks('Onderwijs');
    await before.picks('thuissituatie');
    await before.picks('Een kind');
    await before.picks('Met het kind');
    await before.picks('4 tot 12');
    await before.picks('Lichamelijke mishandeling');
    await before.picks('Nee'); // s1.nieuwkomer
    await before.submitsEmpty();
    await before.says(FACTS);
    await before.picks('Eigen waarneming');
    await before.submitsEmpty();
    await before.picks('vastleggen');
    (await before.picks('Een collega')).isAt('s2.wanneer');
    await first.close();

    // Act: a new process on the same data folder.
    const second = await LowdbStore.open(dir);
    const after = await Transcript.create(second, 'web:leerkracht', 'nl');
    (await after.says('hallo')).isAt('hervat').sees('MC-T1', 'stap 2 van 5');
    (await after.picks('Ja, ga verder')).isAt('s2.wanneer').sees('We gaan verder met zaak MC-T1');

    // Assert: earlier answers are still there (they appear in the prepared summary at the end).
    await after.says('gisteren');
    await after.says('Advies: met ouders praten.');
    await after.picks('voer het gesprek');
    await after.picks('Ja');
    await after.picks('bij mijn organisatie');
    await after.picks('Ja'); // s3.luisteren
    await after.picks('Ja'); // s3.oplossingen
    await after.picks('Ouder');
    await after.says('Vader gaf een verklaring; afspraak over hulp.');
    await after.submitsEmpty(); // s3.inbreng
    await after.picks('Overleg met Veilig Thuis'); // afw.steun
    await after.picks('Ja');
    await after.picks('Nee');
    await after.picks('Ja');
    await after.picks('Ja');
    await after.picks('Ja');
    await after.picks('Hulp bieden');
    // ("gisteren", said on 22 November, is recorded as the day it meant.)
    (await after.submitsEmpty()).isAt('menu').sees(FACTS, 'Een collega', '21 november 2026');

    const [meta] = await second.listCases();
    const record = await second.getCase(meta?.id ?? '');
    const fields = record?.log.filter((e) => e.type !== 'opened' && e.type !== 'status').map((e) => e.data.field) ?? [];
    // Every answer from before and after the restart is in the log, once.
    for (const f of ['sector', 'leeftijd', 'vormen', 'feiten', 'bron', 'overlegMet', 'overlegWanneer', 'afweging5', 'besluit']) {
      expect(fields.filter((x) => x === f)).toHaveLength(1);
    }
    expect(meta?.status).toBe('besluit');
    await second.close();
  });

  it('keeps every user\u2019s writes when many users take turns at the same time', async () => {
    const store = await LowdbStore.open(dir);
    const users = Array.from({ length: 20 }, (_, i) => `web:user-${i}`);
    const transcripts = await Promise.all(users.map((u) => Transcript.create(store, u, 'nl')));
    // Each user opens a case and answers three questions; turns of all users interleave.
    for (const step of [
      (t: Transcript) => t.says('hallo'),
      (t: Transcript) => t.picks('zorgen over een kind'),
      (t: Transcript) => t.picks('Nee'),
      (t: Transcript) => t.picks('Zorg (bijv'),
    ]) {
      await Promise.all(transcripts.map(step));
    }
    await store.close();

    const reopened = await LowdbStore.open(dir);
    const cases = await reopened.listCases();
    expect(cases).toHaveLength(20);
    expect(new Set(cases.map((c) => c.owner))).toEqual(new Set(users));
    expect(cases.every((c) => c.sector === 'zorg')).toBe(true);
    for (const u of users) {
      const t = await Transcript.create(reopened, u, 'nl');
      (await t.says('hallo')).isAt('hervat');
      (await t.picks('Ja, ga verder')).isAt('ctx.betreft');
    }
    expect(await readdir(path.join(dir, 'users'))).toHaveLength(20);
    await reopened.close();
  });
});
