/**
 * Teams load: simulated users in personal chat, posting Bot Framework activities to /api/messages,
 * with the bot's replies collected per conversation by the test suite's fake Bot Connector.
 */
import { cardsOf, submitActions } from '../../test/helpers/cardActions.js';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConnectorCall } from '../../test/helpers/fakeConnector.js';
import { post } from './http.js';
import { pause, type Think } from './pacing.js';

type Json = Record<string, unknown>;

/**
 * The test suite's FakeConnector, run in a child process (connectorProcess.ts) so that it answers
 * the server however busy the simulated users here are; its calls are handed to the conversation
 * they belong to instead of piling up in one list: memory stays flat and each user finds its
 * replies at once.
 */
export class BenchConnector {
  private readonly boxes = new Map<string, ConnectorCall[]>();
  private child: ChildProcess | undefined;
  /** Questions to the child awaiting its answer, by number. */
  private asked = new Map<number, (answer: { ms?: number }) => void>();
  private askSeq = 0;
  url = '';
  /** Calls to conversations nobody listens to (channel posts, claims), by method and path kind. */
  other = 0;
  /** New conversations created (channel threads: one per case summary posted). */
  threads = 0;
  total = 0;

  async start(): Promise<this> {
    // process.execArgv carries tsx's loader flags, so the child runs TypeScript as this process does.
    const child = fork(CONNECTOR_CHILD, [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = child;
    this.url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`fake connector exited (${code})`)));
      child.on('message', (m: { type: string; url?: string; call?: ConnectorCall; n?: number; ms?: number }) => {
        if (m.type === 'ready') resolve(m.url ?? '');
        else if (m.type === 'call' && m.call) this.take(m.call);
        else if ((m.type === 'flushed' || m.type === 'cpu') && m.n !== undefined) {
          this.asked.get(m.n)?.(m);
          this.asked.delete(m.n);
        }
      });
    });
    return this;
  }

  private take(c: ConnectorCall): void {
    this.total += 1;
    if (c.method === 'POST' && c.path === '/v3/conversations') this.threads += 1;
    const box = this.boxes.get(c.conversationId);
    if (box) box.push(c);
    else this.other += 1;
  }

  /** Resolves once every call the connector received before now has arrived here. */
  async flush(): Promise<void> {
    await this.ask('flush');
  }

  /** The CPU time (user and system) the connector's process has used so far, ms. */
  async cpuMs(): Promise<number> {
    return (await this.ask('cpu')).ms ?? NaN;
  }

  /** Sends the child a numbered question; resolves with its answer of the same number. */
  private ask(type: 'flush' | 'cpu'): Promise<{ ms?: number }> {
    const n = ++this.askSeq;
    return new Promise((resolve) => {
      this.asked.set(n, resolve);
      this.child?.send({ type, n });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send({ type: 'stop' });
    });
  }

  /** Starts collecting the calls to one conversation (replacing what was collected before). */
  open(conversationId: string): ConnectorCall[] {
    const box: ConnectorCall[] = [];
    this.boxes.set(conversationId, box);
    return box;
  }

  close(conversationId: string): void {
    this.boxes.delete(conversationId);
  }
}

const CONNECTOR_CHILD = fileURLToPath(new URL('./connectorProcess.ts', import.meta.url));

let activitySeq = 0;

export class BenchError extends Error {}

/**
 * One user in their personal chat. Like test/helpers/teamsClient.ts's TeamsUser (which imports
 * jest's `expect` and so cannot run outside jest), plus a timing for every turn.
 */
export class BenchTeamsUser {
  reply: ConnectorCall[] = [];
  /** Milliseconds from sending each POST to its HTTP response. */
  readonly times: number[] = [];
  readonly conversationId: string;

  constructor(
    private readonly server: string,
    private readonly connector: BenchConnector,
    readonly aadObjectId: string,
    readonly name: string,
    /** Pause before every turn (not part of the measured time); see pacing.ts. */
    private readonly think?: Think,
  ) {
    this.conversationId = `a:personal-${aadObjectId}`;
  }

  activity(extra: Json): Json {
    return {
      type: 'message',
      id: `in-${++activitySeq}`,
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: new Date().toISOString(),
      from: { id: `29:${this.aadObjectId}`, aadObjectId: this.aadObjectId, name: this.name },
      recipient: { id: '28:bot', name: 'Meldcode-assistent' },
      conversation: { id: this.conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
      locale: 'nl-NL',
      ...extra,
    };
  }

  async send(extra: Json): Promise<this> {
    if (this.think) await pause(this.think());
    const box = this.connector.open(this.conversationId);
    const res = await post(`${this.server}/api/messages`, JSON.stringify(this.activity(extra)), { 'Content-Type': 'application/json' });
    this.times.push(res.ms);
    // The server answered after its calls to the connector were answered; their copies may still be on the way here.
    await this.connector.flush();
    if (res.status !== 200) throw new BenchError(`HTTP ${res.status} from /api/messages: ${res.body.slice(0, 200)}`);
    this.reply = box;
    this.connector.close(this.conversationId);
    return this;
  }

  say(text: string): Promise<this> {
    return this.send({ text });
  }

  submit(value: Json): Promise<this> {
    return this.send({ value });
  }

  text(): string {
    return JSON.stringify(this.reply.map((c) => c.body));
  }

  actions(): { title: string; data: Json }[] {
    const cards = cardsOf(this.reply);
    return submitActions(cards[cards.length - 1]);
  }

  node(): string {
    const a = this.actions().find((x) => x.data.mc === 'answer');
    return String(a?.data.promptId ?? '').split('#')[0] ?? '';
  }

  async click(label: string): Promise<this> {
    const want = label.toLowerCase();
    const acts = this.actions();
    const a = acts.find((x) => x.title.toLowerCase() === want) ?? acts.find((x) => x.title.toLowerCase().includes(want));
    if (a) return this.submit(a.data);
    // More options than buttons fit: the card lists them with a submit button (one turn all the same).
    return this.tick(label);
  }

  async tick(...labels: string[]): Promise<this> {
    const cards = cardsOf(this.reply);
    const choices: { title: string; value: string }[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node === null || typeof node !== 'object') return;
      const n = node as Json;
      if (n.type === 'Input.ChoiceSet') choices.push(...(n.choices as { title: string; value: string }[]));
      Object.values(n).forEach(walk);
    };
    walk(cards[cards.length - 1]);
    const values = labels.map((l) => {
      const c = choices.find((x) => x.title.toLowerCase().includes(l.toLowerCase()));
      if (!c) throw new BenchError(`No choice "${l}" at ${this.node()}: ${choices.map((x) => x.title).join(' | ')}`);
      return c.value;
    });
    return this.fill(values);
  }

  async fill(value: string | string[]): Promise<this> {
    const a = this.actions().find((x) => x.data.mc === 'answer' && x.data.value === undefined);
    if (!a) throw new BenchError(`The last card at ${this.node()} has no input to fill`);
    return this.submit({ ...a.data, answer: Array.isArray(value) ? value.join(',') : value });
  }
}

/**
 * A whole case in personal chat, from "hallo" to the summary: the same path as `wholeCase` in
 * test/integration/teams.test.ts (card clicks with the Action.Submit data of the replies, text
 * for the free-text questions). Throws a BenchError when the bot goes elsewhere.
 */
export async function wholeCase(u: BenchTeamsUser): Promise<void> {
  const expectNode = (want: string) => {
    if (u.node() !== want) throw new BenchError(`Expected question ${want}, got ${u.node() || '(none)'}`);
  };
  await u.say('hallo');
  expectNode('menu');
  await u.click('zorgen over een kind');
  await u.click('Nee');
  await u.click('Onderwijs');
  await u.click('thuissituatie');
  await u.click('Een kind');
  await u.click('Met het kind');
  await u.click('4 tot 12');
  await u.tick('Lichamelijke mishandeling');
  await u.click('Nee'); // s1.nieuwkomer
  expectNode('s1.signalen');
  await u.tick('blauwe plekken');
  await u.fill('Maandag 16/11 blauwe plekken op beide bovenarmen gezien.');
  await u.tick('Eigen waarneming');
  await u.click('Overslaan');
  expectNode('s2.advies');
  await u.click('vastleggen');
  await u.tick('Een collega');
  await u.fill('vandaag');
  await u.fill('Eerst met de ouders praten.');
  await u.click('voer het gesprek');
  await u.click('Ja');
  await u.click('bij mijn organisatie');
  await u.click('Ja'); // s3.luisteren
  await u.click('Ja'); // s3.oplossingen
  await u.tick('Ouder');
  await u.fill('Vader gaf een verklaring; afspraak over opvoedhulp.');
  await u.click('Overslaan'); // s3.inbreng
  await u.tick('Overleg met Veilig Thuis'); // afw.steun
  expectNode('afw.q1');
  for (const a of ['Ja', 'Nee', 'Ja', 'Ja']) await u.click(a);
  await u.click('Nog niet');
  expectNode('afw.besluit');
  await u.click('Hulp bieden of organiseren');
  await u.click('Overslaan');
  if (!u.text().includes('Samenvatting van zaak')) throw new BenchError('The last turn did not show the summary');
  // The echo bot's users send as many turns (echoTurns): the two loads are compared turn for turn.
  if (u.times.length !== TURNS_PER_CASE) throw new BenchError(`A whole case took ${u.times.length} turns, not ${TURNS_PER_CASE}`);
}

/** The number of POSTs `wholeCase` makes (it checks), and so the echo bot's users' too. */
export const TURNS_PER_CASE = 34;

/** Registers the aandachtsfunctionaris channel (as an admin in AF_ADMIN_IDS), so finished cases are posted there. */
export async function registerChannel(server: string, connector: BenchConnector, adminAad: string): Promise<void> {
  const res = await post(
    `${server}/api/messages`,
    JSON.stringify({
      type: 'message',
      id: `ch-reg-${Date.now()}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: '29:admin', aadObjectId: adminAad, name: 'Beheerder Bas' },
      recipient: { id: '28:bot', name: 'Meldcode-assistent' },
      conversation: { id: '19:af-channel@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
      channelData: { channel: { id: '19:af-channel@thread.tacv2' }, team: { id: '19:team@thread.tacv2' }, tenant: { id: 'tenant-1' } },
      text: '<at>Meldcode-assistent</at> registreer',
      entities: [{ type: 'mention', text: '<at>Meldcode-assistent</at>', mentioned: { id: '28:bot', name: 'Meldcode-assistent' } }],
    }),
    { 'Content-Type': 'application/json' },
  );
  if (res.status !== 200) throw new BenchError(`Channel registration answered HTTP ${res.status}: ${res.body.slice(0, 200)}`);
}

export interface LoadResult {
  /** Per-turn times of all users. */
  times: number[];
  wallMs: number;
  completed: number;
  failures: string[];
}

/** Runs `users` users at once, each through `play`; resolves when all are done. */
export async function runUsers<U extends { times: number[] }>(users: U[], play: (u: U) => Promise<void>): Promise<LoadResult> {
  const failures: string[] = [];
  let completed = 0;
  const started = performance.now();
  await Promise.all(
    users.map(async (u) => {
      try {
        await play(u);
        completed += 1;
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }),
  );
  const wallMs = performance.now() - started;
  return { times: users.flatMap((u) => u.times), wallMs, completed, failures };
}

/** The echo bot's load: the same number of turns per user as a whole case, each a text message. */
export async function echoTurns(u: BenchTeamsUser, turns = TURNS_PER_CASE): Promise<void> {
  for (let k = 0; k < turns; k++) {
    const text = `bericht ${k} van ${u.name}`;
    await u.say(text);
    if (!u.text().includes(`echo: ${text}`)) throw new BenchError(`The echo bot did not echo turn ${k}`);
  }
}
