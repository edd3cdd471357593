/**
 * Stored cases for the "many cases" figures: written straight into the store, each a copy of a
 * real finished case (meta and log from one case played through the server) under a new id,
 * reference, reporter and dates, closed with status 'besluit', with the deadlines it has by then.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Anchor } from '../../src/store/anchor.js';
import { encodeBase, FILE_MODE } from '../../src/store/journal.js';
import { Namer } from '../../src/store/names.js';
import { DEADLINE_SETS_DIR, DIR_MODE } from '../../src/store/file/layout.js';
import { Catalog } from '../../src/store/file/catalog.js';
import { keptOf, type DeadlineSet } from '../../src/store/file/deadlines.js';
import { DataCipher, parseKey } from '../../src/store/crypto.js';
import { LowdbStore } from '../../src/store/lowdb.js';
import { MemoryStore } from '../../src/store/memory.js';
import { loadConfig } from '../../src/config.js';
import { defaultSettings } from '../../src/org/settings.js';
import { retentionDeadline } from '../../src/cases/workflow.js';
import { startServer } from '../../src/server.js';
import type { CaseMeta, CaseRecord, Deadline, LogEntry } from '../../src/cases/types.js';
import { BenchConnector, BenchTeamsUser, wholeCase } from './teams.js';

/** Plays one whole case through an in-memory server and returns it: the template for stored cases. */
export async function templateCase(): Promise<CaseRecord> {
  const connector = await new BenchConnector().start();
  const store = new MemoryStore();
  const running = await startServer(loadConfig({ PORT: '0', RATE_LIMIT_PER_MINUTE: '0', DATA_ENCRYPTION_KEY: '00'.repeat(32) }), {
    store,
    log: () => undefined,
    settings: defaultSettings(),
    schedulerIntervalMs: 0,
    webChat: false,
  });
  try {
    await wholeCase(new BenchTeamsUser(running.url, connector, 'aad-template', 'Juf Template'));
    const [meta] = await store.listCases();
    const record = meta && (await store.getCase(meta.id));
    if (!record) throw new Error('The template case was not stored');
    return record;
  } finally {
    await running.close();
    await connector.stop();
  }
}

const REF_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const MINUTE = 60_000;

/**
 * Writes `count` closed cases into the (new) data folder `dataDir`, as the file store leaves them
 * once compacted: per case its file and its deadlines' file, each one encrypted line, every file
 * recorded in the folder's anchor (anchor.ts, in shards) and every keyed name noted there, as the store does.
 * The files are written directly (the store's own path costs several appends and a compaction per
 * case), and so is the store's catalog of them (catalog.ts: what the store keeps of each file, as
 * it would have made it), so the first measured start (and its integrity sweep) is not the first to
 * read them all; the store then opens the folder once and checks it fully, as the tools do.
 * Resolves with the time it took (ms).
 */
export async function seedCases(dataDir: string, keyHex: string, count: number, template: CaseRecord): Promise<number> {
  const t0 = performance.now();
  const cipher = new DataCipher(parseKey(keyHex));
  const names = Namer.of(cipher);
  for (const sub of ['users', 'cases', 'docs', DEADLINE_SETS_DIR]) mkdirSync(path.join(dataDir, sub), { recursive: true, mode: DIR_MODE });
  // Recorded in the anchor at the end, in one go: a record at a time would rewrite every shard at each pause below.
  const named = new Map<string, string>();
  names.listen((name, unkeyed) => named.set(name, unkeyed));
  const records: [string, string][] = [];
  const put = (rel: string, value: unknown) => {
    const { line, tag } = encodeBase(value, cipher, rel, 1);
    writeFileSync(path.join(dataDir, rel), line, { mode: FILE_MODE });
    records.push([rel, tag]);
  };
  const t = template.log.map((e) => Date.parse(e.at));
  const first = t[0] ?? Date.now();
  // Spread over the last ~two years, oldest first; every case took an hour or two to fill in.
  const now = Date.now();
  const end = now - 7 * 1440 * MINUTE;
  const settings = defaultSettings();
  const span = 700 * 1440 * MINUTE;
  const metas = new Map<string, string>();
  const sets = new Map<string, string>();
  const lastOffset = Math.max(1, (t[t.length - 1] ?? first) - first);
  for (let i = 0; i < count; i++) {
    const created = end - span + Math.floor((span * i) / Math.max(1, count));
    const stretch = 60 + (i % 60); // minutes between the first and last answer
    const at = (k: number) => new Date(created + Math.round((((t[k] ?? first) - first) / lastOffset) * stretch * MINUTE)).toISOString();
    const owner = `teams:seed-${(i % 2500).toString(36)}`;
    let ref = 'MC-';
    for (const b of randomBytes(6)) ref += REF_ALPHABET[b % REF_ALPHABET.length];
    const log: LogEntry[] = template.log.map((e, k) => ({ ...e, at: at(k), actor: e.actor === template.meta.owner ? owner : e.actor }));
    const closedAt = at(log.length - 1);
    const meta: CaseMeta = {
      ...template.meta,
      id: randomBytes(12).toString('hex'),
      ref,
      owner,
      status: 'besluit',
      createdAt: new Date(created).toISOString(),
      updatedAt: closedAt,
      closedAt,
      outcome: template.meta.outcome ?? 'hulp',
    };
    put(`cases/${meta.id}.json`, { meta, log });
    metas.set(meta.id, JSON.stringify(meta));
    // The deadlines such a case has by now, as a running server leaves them: the nudge cancelled, the
    // claim reminder fired, the follow-up fired once it fell due (else still to come), and the
    // retention deadline (when the closed case is to be deleted) pending for years.
    const deadline = (kind: Deadline['kind'], dueAt: string, end?: Partial<Deadline>): Deadline => ({ id: `${kind}-${meta.id}`, caseId: meta.id, kind, dueAt, createdAt: meta.createdAt, ...end });
    const followupDue = created + 42 * 1440 * MINUTE;
    const deadlines = [
      deadline('nudge', new Date(created + 7 * 1440 * MINUTE).toISOString(), { cancelledAt: closedAt }),
      deadline('claim-reminder', new Date(created + 240 * MINUTE).toISOString(), { firedAt: closedAt }),
      deadline('followup', new Date(followupDue).toISOString(), followupDue < now ? { firedAt: new Date(followupDue).toISOString() } : {}),
      retentionDeadline(meta.id, new Date(closedAt), settings, new Date(closedAt)),
    ];
    const set: DeadlineSet = { caseId: meta.id, deadlines: Object.fromEntries(deadlines.map((d) => [d.id, d])) };
    const name = names.name(meta.id, 40);
    put(`${DEADLINE_SETS_DIR}/${name}.json`, set);
    sets.set(name, keptOf(set));
    if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  const anchor = Anchor.create(Anchor.journal(dataDir, cipher));
  for (const [rel, tag] of records) anchor.record(rel, 1, 1, tag);
  for (const [name, unkeyed] of named) anchor.named(name, unkeyed);
  anchor.close();
  const catalog = new Catalog(dataDir, cipher);
  catalog.write('cases', { dir: path.join(dataDir, 'cases') }, metas);
  catalog.write('deadlines', { dir: path.join(dataDir, DEADLINE_SETS_DIR) }, sets);
  // Opened once and fully checked as the tools do (a server leaves this to its integrity sweep): every file checked, the catalog written.
  const store = await LowdbStore.open(dataDir, { cipher });
  await store.verify();
  await store.close();
  return performance.now() - t0;
}
