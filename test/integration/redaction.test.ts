/**
 * Redaction through the gateway, as a channel drives it, on real encrypted files: the owner of a
 * case and a lead remove a text that holds a name; afterwards no line of any file in the data
 * folder holds it (decrypted), nor an export, nor the log, and the server still starts.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { loadConfig } from '../../src/config.js';
import type { UserState } from '../../src/engine/types.js';
import { defaultSettings, type OrgSettings } from '../../src/org/settings.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { DataCipher, parseKey } from '../../src/store/crypto.js';
import { decodeJournal } from '../../src/store/journal.js';
import { newKey } from '../../src/store/crypto.js';
import { PostgresStore } from '../../src/store/postgres.js';
import pg from 'pg';
import { caseToDecision, GatewayUser } from '../helpers/gatewayUser.js';
import { checkDatabase, DATABASE_URL, pgDescribe, pgTitle, testSchemaName } from '../helpers/postgres.js';

await checkDatabase();

let dir: string;
let running: RunningServer;
/** With PostgreSQL: the store the server runs on (else the server opens the file store in `dir`). */
let pgStore: PostgresStore | undefined;
let logLines: string[];
let n = 0;

const AF = 'web:af-anne';
const DEPUTY = 'web:deputy-dirk';
const MIA = 'web:melder-mia';
const OTHER = 'web:melder-otto';
const NAME = 'Appelboom';
const FACTS = `Karel ${NAME} had maandag een blauwe plek op de arm.`;

function settings(): OrgSettings {
  const s = defaultSettings();
  s.aandachtsfunctionarissen = [AF];
  s.deputies = [DEPUTY];
  return s;
}

async function start(): Promise<void> {
  running = await startServer(loadConfig({ DATA_DIR: dir, PORT: '0', SETTINGS_FILE: path.join(dir, 'settings.json') }), {
    log: (event, fields) => {
      logLines.push(JSON.stringify({ event, ...fields }));
    },
    settings: settings(),
    schedulerIntervalMs: 0,
    ...(pgStore ? { store: pgStore } : {}),
    ids: () => ({ id: `case${++n}x${Date.now().toString(36)}`, ref: `MC-RED${n}` }),
  });
}

const user = (key: string) => new GatewayUser(() => running.gateway, key);

/** A case up to and including the facts of stap 1, which stays open. */
async function openCaseWithFacts(u: GatewayUser, facts: string): Promise<void> {
  await u.say('hallo');
  await u.pick('zorgen over een kind');
  await u.pick('Nee');
  await u.pick('Onderwijs');
  await u.pick('thuissituatie');
  await u.pick('Een kind');
  await u.pick('Met het kind');
  await u.pick('4 tot 12');
  await u.pick('Lichamelijke mishandeling');
  await u.pick('Nee'); // s1.nieuwkomer
  await u.empty();
  await u.say(facts);
  // A text that looks like it names someone is kept only when sent again.
  if (u.node() === 's1.feiten') await u.say(facts);
  expect(u.node()).toBe('s1.bron');
}

/**
 * What the data folder holds: for every file, the raw text, and, where it decrypts, the value after
 * each of its lines (so the content of every line, earlier ones included).
 */
async function everythingStored(): Promise<{ decoded: string[]; text: string }> {
  const cipher = new DataCipher(parseKey(await readFile(`${dir}.key`, 'utf8')));
  const decoded: string[] = [];
  const parts: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, full);
    const raw = await readFile(full, 'utf8');
    parts.push(raw);
    const lines = raw.split(/(?<=\n)/);
    try {
      for (let k = 1; k <= lines.length; k++) parts.push(JSON.stringify(decodeJournal(lines.slice(0, k).join(''), cipher, rel).value));
      decoded.push(rel);
    } catch {
      // Not a data file (the settings file): its raw text is searched.
    }
  }
  return { decoded, text: parts.join('\n') };
}

async function pdfText(buf: Buffer): Promise<string> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) pages.push((await (await doc.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' '));
  await doc.destroy();
  return pages.join(' ').replace(/\s+/g, ' ');
}

async function exported(u: GatewayUser, ref: string, format: '' | ' pdf'): Promise<string> {
  await u.say(`dossier ${ref}${format}`);
  const token = /\/export\/([0-9a-f]{48})/.exec(u.text())?.[1] ?? '';
  // The link's page downloads with its button (a POST), so link scanners cannot use it up.
  const res = await fetch(`${running.url}/export/${token}`, { method: 'POST' });
  const body = Buffer.from(await res.arrayBuffer());
  return format === ' pdf' ? pdfText(body) : body.toString('utf8');
}

describe('redaction through the gateway', () => {
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mc-redact-'));
    logLines = [];
    await start();
  });
  afterEach(async () => {
    await running.close();
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}.key`, { force: true });
  });

  it('lets the owner remove a name from their own open case: gone from every file, the open case and exports; the server still starts', async () => {
    // Arrange
    const mia = user(MIA);
    await openCaseWithFacts(mia, FACTS);
    const [meta] = await running.store.listCases({ owner: MIA });
    const ref = meta?.ref ?? '';
    expect((await everythingStored()).text).toContain(NAME);

    // Act
    await mia.say(`zaak ${ref}`);
    await mia.pick('Tekst verwijderen (bijv. een naam)');
    expect(mia.question().kind).toBe('choice');
    await mia.pick(`Karel ${NAME}`);
    await mia.pick('Bevat een naam');
    await mia.pick('Ja, verwijderen');

    // Assert
    expect(mia.text()).toContain('[tekst verwijderd: bevat een naam]');
    const stored = await everythingStored();
    expect(stored.decoded).toEqual(expect.arrayContaining([`cases/${meta?.id ?? ''}.json`, 'keycheck.json']));
    expect(stored.decoded.some((f) => f.startsWith('users/'))).toBe(true);
    expect(stored.text).not.toContain(NAME);
    const state = await running.store.loadUser<UserState>(MIA);
    expect(state?.cases[meta?.id ?? '']?.answers.feiten).toBe('[tekst verwijderd: bevat een naam]');
    const record = await running.store.getCase(meta?.id ?? '');
    expect(record?.log.find((e) => e.data.field === 'feiten')?.data).toMatchObject({ value: null, redacted: true, redactedReason: 'naam' });
    // Its turn id was a hash of the input, text included.
    expect(record?.log.find((e) => e.data.field === 'feiten')?.turn).toBeUndefined();
    expect(record?.log.find((e) => e.type === 'opened')?.turn).toEqual(expect.any(String));
    expect(record?.log.at(-1)).toMatchObject({ actor: MIA, type: 'redaction', data: { veld: 'feiten', reden: 'naam' } });
    expect(record?.log.filter((e) => e.type === 'opened' || e.data.field === 'vormen')).toHaveLength(2);
    const md = await exported(mia, ref, '');
    expect(md).toContain('\\[tekst verwijderd: bevat een naam\\]');
    expect(md).toContain('Tekst verwijderd uit een eerder antwoord');
    expect(md).not.toContain(NAME);
    const pdf = await exported(mia, ref, ' pdf');
    expect(pdf).toContain('[tekst verwijderd: bevat een naam]');
    expect(pdf).not.toContain(NAME);
    expect(logLines.some((l) => JSON.parse(l).event === 'case.redacted')).toBe(true);
    expect(logLines.join('\n')).not.toContain(NAME);
    expect(logLines.join('\n')).not.toContain('blauwe plek');

    await running.close();
    await start();
    await mia.send({ type: 'repeat' });
    await mia.pick('Eigen waarneming');
    expect((await running.store.getCase(meta?.id ?? ''))?.log.filter((e) => e.type === 'redaction')).toHaveLength(1);
  });

  it('lets a deputy remove a text with another reason and a note, and records who and why without the text', async () => {
    // Arrange
    const mia = user(MIA);
    await caseToDecision(mia);
    const [meta] = await running.store.listCases({ owner: MIA });
    const dirk = user(DEPUTY);

    // Act
    await dirk.say(`zaak ${meta?.ref ?? ''}`);
    await dirk.pick('Tekst verwijderen');
    await dirk.pick('Vader gaf uitleg');
    await dirk.pick('Anders');
    const q = dirk.question();
    expect(q.kind).toBe('text');
    // Typed in the chat, as the answer to the question just shown.
    await dirk.say('dubbel ingevoerd');

    // Assert
    expect(dirk.text()).toContain('[tekst verwijderd]');
    expect((await everythingStored()).text).not.toContain('Vader gaf uitleg');
    const record = await running.store.getCase(meta?.id ?? '');
    expect(record?.log.at(-1)).toMatchObject({ actor: DEPUTY, type: 'redaction', data: { veld: 'gesprekReactie', reden: 'anders', toelichting: 'dubbel ingevoerd' } });
    expect(JSON.stringify(record)).toContain('blauwe plek');
    await dirk.say(`zaak ${meta?.ref ?? ''}`);
    expect(dirk.text()).toContain('Tekst verwijderd uit een eerder antwoord');
    expect(dirk.text()).toContain('toelichting: dubbel ingevoerd');
    expect(dirk.text()).not.toContain('Vader gaf uitleg');
  });

  it('asks the owner no note for another reason (typed chat text goes to their dialogue), only to confirm', async () => {
    // Arrange
    const mia = user(MIA);
    await caseToDecision(mia);
    const [meta] = await running.store.listCases({ owner: MIA });

    // Act
    await mia.say(`zaak ${meta?.ref ?? ''}`);
    await mia.pick('Tekst verwijderen');
    await mia.pick('Vader gaf uitleg');
    await mia.pick('Anders');
    const q = mia.question();
    await mia.pick('Ja, verwijderen');

    // Assert
    expect(q.kind).toBe('choice');
    expect(mia.text()).toContain('[tekst verwijderd]');
    const record = await running.store.getCase(meta?.id ?? '');
    expect(record?.log.at(-1)).toMatchObject({ actor: MIA, type: 'redaction', data: { veld: 'gesprekReactie', reden: 'anders' } });
    expect((await everythingStored()).text).not.toContain('Vader gaf uitleg');
  });

  it('changes nothing when the confirmation is declined', async () => {
    // Arrange
    const af = user(AF);
    await caseToDecision(user(MIA));
    const [meta] = await running.store.listCases({ owner: MIA });

    // Act
    await af.say(`zaak ${meta?.ref ?? ''}`);
    await af.pick('Tekst verwijderen');
    await af.pick('blauwe plek');
    await af.pick('herleidbare');
    await af.pick('Nee, niets verwijderen');

    // Assert
    expect(af.text()).toContain('Er is niets verwijderd.');
    const record = await running.store.getCase(meta?.id ?? '');
    expect(record?.log.some((e) => e.type === 'redaction')).toBe(false);
    expect(JSON.stringify(record)).toContain('blauwe plek');
  });

  it('does not let a melder redact someone else\u2019s case, by the case view or by a crafted answer', async () => {
    // Arrange
    await caseToDecision(user(MIA));
    const [meta] = await running.store.listCases({ owner: MIA });
    const record = await running.store.getCase(meta?.id ?? '');
    const index = record?.log.findIndex((e) => e.data.field === 'feiten') ?? -1;
    const otto = user(OTHER);

    // Act
    await otto.say(`zaak ${meta?.ref ?? ''}`);
    const viewed = otto.text();
    await otto.send({ type: 'answer', promptId: `lead#redactok:${meta?.id ?? ''}:${index}:naam`, value: 'ja' });
    const crafted = otto.text();
    await otto.send({ type: 'answer', promptId: `lead#case:${meta?.id ?? ''}`, value: 'redact' });

    // Assert
    expect(viewed).toContain('bestaat niet, of je mag hem niet inzien');
    expect(viewed).not.toContain('Tekst verwijderen');
    expect(crafted).toContain('bestaat niet, of je mag hem niet inzien');
    expect(otto.text()).toContain('bestaat niet, of je mag hem niet inzien');
    const after = await running.store.getCase(meta?.id ?? '');
    expect(after?.log.some((e) => e.type === 'redaction')).toBe(false);
    expect(JSON.stringify(after)).toContain('blauwe plek');
  });
});

pgDescribe(pgTitle('redaction on PostgreSQL'), () => {
  const cipher = new DataCipher(newKey());
  let admin: pg.Pool;
  let schema: string;

  beforeEach(async () => {
    admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    schema = testSchemaName();
    dir = await mkdtemp(path.join(os.tmpdir(), 'mc-redact-pg-'));
    logLines = [];
    pgStore = await PostgresStore.open(DATABASE_URL ?? '', { schema, cipher, poolSize: 4 });
    await start();
  });
  afterEach(async () => {
    await running.close();
    await pgStore?.close();
    pgStore = undefined;
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * Every version of every row of the tables that hold content, live or dead (read from the tables'
   * pages with pageinspect), decrypted; `unread` counts payloads no live row's key decrypts.
   */
  async function everyRowVersion(): Promise<{ plain: string[]; unread: number }> {
    await admin.query('CREATE EXTENSION IF NOT EXISTS pageinspect');
    const keys: Record<string, string> = {
      users: `'users/' || key_hash`,
      cases: `'cases/' || id`,
      case_log: `'case_log/' || case_id || '/' || seq::text`,
      outbox: `'outbox/' || id`,
      docs: `'docs/' || name`,
    };
    const plain: string[] = [];
    let unread = 0;
    for (const [table, aadSql] of Object.entries(keys)) {
      const aads = (await admin.query<{ aad: string }>(`SELECT ${aadSql} AS aad FROM ${schema}.${table}`)).rows.map((r) => r.aad);
      const size = Number((await admin.query<{ n: string }>('SELECT pg_relation_size($1)::text AS n', [`${schema}.${table}`])).rows[0]?.n ?? '0');
      for (let page = 0; page < size / 8192; page++) {
        const tuples = (await admin.query<{ t_data: Buffer | null }>('SELECT t_data FROM heap_page_items(get_raw_page($1, $2))', [`${schema}.${table}`, page])).rows;
        for (const { t_data } of tuples) {
          for (const m of (t_data?.toString('latin1') ?? '').matchAll(/\{"mc":1,"iv":"[^"]*","tag":"[^"]*","ct":"[^"]*"\}/g)) {
            const envelope = JSON.parse(m[0]) as { iv: string; tag: string; ct: string };
            const read = aads.flatMap((aad) => {
              try {
                return [cipher.decrypt(envelope, aad)];
              } catch {
                return [];
              }
            });
            if (read.length === 0) unread += 1;
            plain.push(...read);
          }
        }
      }
    }
    return { plain, unread };
  }

  it('leaves no version of the removed text in any table, dead row versions included, when the owner redacts', async () => {
    // Arrange
    const mia = user(MIA);
    await openCaseWithFacts(mia, FACTS);
    const [meta] = await running.store.listCases({ owner: MIA });
    expect((await everyRowVersion()).plain.join('\n')).toContain(NAME);

    // Act
    await mia.say(`zaak ${meta?.ref ?? ''}`);
    await mia.pick('Tekst verwijderen');
    await mia.pick(`Karel ${NAME}`);
    await mia.pick('Bevat een naam');
    await mia.pick('Ja, verwijderen');

    // Assert
    expect(mia.text()).toContain('[tekst verwijderd: bevat een naam]');
    const { plain, unread } = await everyRowVersion();
    expect(unread).toBe(0);
    expect(plain.join('\n')).toContain('[tekst verwijderd: bevat een naam]');
    expect(plain.join('\n')).not.toContain(NAME);
    const fresh = await PostgresStore.open(DATABASE_URL ?? '', { schema, cipher, poolSize: 2 });
    try {
      await fresh.verify();
      expect((await fresh.getCase(meta?.id ?? ''))?.log.at(-1)?.type).toBe('redaction');
    } finally {
      await fresh.close();
    }
  });
});
