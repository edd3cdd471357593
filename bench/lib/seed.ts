/**
 * Stored cases for the "many cases" figures: written straight into the store, each a copy of a
 * real finished case (meta and log from one case played through the server) under a new id,
 * reference, reporter and dates, closed with status 'besluit', with the deadlines it has by then.
 */
import { randomBytes } from 'node:crypto';
import { DataCipher, parseKey } from '../../src/store/crypto.js';
import { LowdbStore } from '../../src/store/lowdb.js';
import { MemoryStore } from '../../src/store/memory.js';
import { loadConfig } from '../../src/config.js';
import { defaultSettings } from '../../src/org/settings.js';
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

/** Writes `count` closed cases into the store at `dataDir`; resolves with the time it took (ms). */
export async function seedCases(dataDir: string, keyHex: string, count: number, template: CaseRecord, concurrency = 16): Promise<number> {
  const t0 = performance.now();
  const store = await LowdbStore.open(dataDir, { cipher: new DataCipher(parseKey(keyHex)) });
  const t = template.log.map((e) => Date.parse(e.at));
  const first = t[0] ?? Date.now();
  // Spread over the last ~two years, oldest first; every case took an hour or two to fill in.
  const end = Date.now() - 7 * 1440 * MINUTE;
  const span = 700 * 1440 * MINUTE;
  let next = 0;
  const one = async (i: number) => {
    const created = end - span + Math.floor((span * i) / Math.max(1, count));
    const stretch = 60 + (i % 60); // minutes between the first and last answer
    const lastOffset = Math.max(1, (t[t.length - 1] ?? first) - first);
    const at = (k: number) => new Date(created + Math.round((((t[k] ?? first) - first) / lastOffset) * stretch * MINUTE)).toISOString();
    const owner = `teams:seed-${(i % 2500).toString(36)}`;
    const bytes = randomBytes(6);
    let ref = 'MC-';
    for (const b of bytes) ref += REF_ALPHABET[b % REF_ALPHABET.length];
    const meta: CaseMeta = {
      ...template.meta,
      id: randomBytes(12).toString('hex'),
      ref,
      owner,
      status: 'open',
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(created).toISOString(),
    };
    delete meta.outcome;
    delete meta.closedAt;
    const entries: LogEntry[] = template.log.map((e, k) => ({ ...e, at: at(k), actor: e.actor === template.meta.owner ? owner : e.actor }));
    const closedAt = at(entries.length - 1);
    await store.createCase(meta);
    await store.appendLog(meta.id, entries);
    await store.updateCaseMeta(meta.id, { status: 'besluit', closedAt, updatedAt: closedAt, outcome: template.meta.outcome ?? 'hulp' });
    // The deadlines such a case has by then: the nudge cancelled, the claim reminder fired, the follow-up still to come.
    const deadline = (kind: Deadline['kind'], dueAt: string): Deadline => ({ id: `${kind}-${meta.id}`, caseId: meta.id, kind, dueAt, createdAt: meta.createdAt });
    await store.addDeadline(deadline('nudge', new Date(created + 7 * 1440 * MINUTE).toISOString()));
    await store.addDeadline(deadline('claim-reminder', new Date(created + 240 * MINUTE).toISOString()));
    await store.addDeadline(deadline('followup', new Date(created + 42 * 1440 * MINUTE).toISOString()));
    await store.cancelDeadlines(meta.id, ['nudge'], closedAt);
    await store.fireDeadline(`claim-reminder-${meta.id}`, closedAt);
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await one(next++);
    }),
  );
  await store.close();
  return performance.now() - t0;
}
