/**
 * Slack load: simulated users sending signed requests to /slack/events as Slack does (slash
 * command, DM message events, block_actions clicks, the text modal's view_submission), against the
 * test suite's FakeSlack Web API. Measured: request to HTTP response, which is Bolt's ack.
 */
import { FakeSlack, type SlackCall } from '../../test/helpers/fakeSlack.js';
import { sign } from '../../test/helpers/slackClient.js';
import { post } from './http.js';
import { pause, type Think } from './pacing.js';
import { BenchError } from './teams.js';

type Json = Record<string, unknown>;

interface Box {
  calls: SlackCall[];
  waiter?: { test: (c: SlackCall) => boolean; resolve: () => void };
}

/** FakeSlack whose calls go to the user they concern, so each user can wait for its own replies. */
export class BenchSlack extends FakeSlack {
  private readonly boxes = new Map<string, Box>();
  total = 0;

  constructor() {
    super();
    this.calls.push = (...items: SlackCall[]) => {
      for (const c of items) {
        this.total += 1;
        const user = userOf(c);
        const box = user === undefined ? undefined : this.boxes.get(user);
        if (!box) continue;
        box.calls.push(c);
        if (box.waiter?.test(c)) {
          const w = box.waiter;
          box.waiter = undefined;
          w.resolve();
        }
      }
      return 0;
    };
  }

  box(user: string): Box {
    let b = this.boxes.get(user);
    if (!b) {
      b = { calls: [] };
      this.boxes.set(user, b);
    }
    return b;
  }
}

/** Which simulated user a Web API call concerns. */
function userOf(c: SlackCall): string | undefined {
  const b = c.body;
  switch (c.method) {
    case 'chat.postMessage':
    case 'chat.update': {
      const ch = String(b.channel ?? '');
      return ch.startsWith('D') ? ch.slice(1) : ch;
    }
    case 'users.info':
      return String(b.user);
    case 'chat.postEphemeral':
      return String(b.user);
    case 'views.publish':
      return String(b.user_id);
    case 'views.open':
      return /^trig-([A-Z0-9]+)-/.exec(String(b.trigger_id))?.[1];
    default:
      return /^\/respond\/([A-Z0-9]+)-/.exec(c.method)?.[1];
  }
}

const hasQuestion = (c: SlackCall) =>
  c.method === 'chat.postMessage' && ((c.body.blocks ?? []) as Json[]).some((b) => b.type === 'actions' || (b.type === 'section' && b.accessory));
const isSummary = (c: SlackCall) => c.method === 'chat.postMessage' && JSON.stringify(c.body).includes('Samenvatting van zaak');

let seq = 0;

/** One Slack user in the app's DM; every request's ack time is kept with its kind. */
export class BenchSlackUser {
  readonly times: number[] = [];
  readonly kinds: string[] = [];
  private question: { blocks: Json[]; text: string; ts: string } | undefined;
  private summary = false;

  constructor(
    private readonly server: string,
    private readonly slack: BenchSlack,
    readonly id: string,
    readonly team = 'T1',
    /** Pause before every request (not part of the measured time); see pacing.ts. */
    private readonly think?: Think,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Sends one signed request and waits (outside the measured time) for the work that follows the ack. */
  private async request(kind: string, body: string, contentType: string, until: (c: SlackCall) => boolean): Promise<void> {
    if (this.think) await pause(this.think());
    const box = this.slack.box(this.id);
    box.calls = [];
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<void>((resolve, reject) => {
      box.waiter = { test: until, resolve };
      timer = setTimeout(() => reject(new BenchError(`No reply to ${kind} within ${this.timeoutMs} ms (at ${this.node()})`)), this.timeoutMs);
    });
    try {
      const res = await post(`${this.server}/slack/events`, body, { 'Content-Type': contentType, ...sign(body) });
      this.times.push(res.ms);
      this.kinds.push(kind);
      if (res.status !== 200) throw new BenchError(`HTTP ${res.status} for ${kind}: ${res.body.slice(0, 200)}`);
      await done;
    } finally {
      clearTimeout(timer);
      box.waiter = undefined;
    }
    const posts = box.calls.filter((c) => c.method === 'chat.postMessage');
    if (posts.some(isSummary)) this.summary = true;
    const q = [...posts].reverse().find(hasQuestion);
    if (q) this.question = { blocks: (q.body.blocks ?? []) as Json[], text: String(q.body.text ?? ''), ts: `ts-${this.id}-${++seq}` };
  }

  private form(fields: Record<string, string>): string {
    return new URLSearchParams(fields).toString();
  }

  private nextReply = (c: SlackCall) => hasQuestion(c) || isSummary(c);

  command(text: string): Promise<void> {
    const n = ++seq;
    const body = this.form({
      token: 'x', team_id: this.team, team_domain: 'test', channel_id: `D${this.id}`, channel_name: 'directmessage',
      user_id: this.id, user_name: this.id.toLowerCase(), command: '/meldcode', text, api_app_id: 'A1',
      response_url: `${this.slack.url}/respond/${this.id}-${n}`, trigger_id: `trig-${this.id}-${n}`,
    });
    return this.request('command', body, 'application/x-www-form-urlencoded', this.nextReply);
  }

  say(text: string): Promise<void> {
    const body = JSON.stringify({
      token: 'x', team_id: this.team, api_app_id: 'A1', type: 'event_callback', event_id: `Ev${this.id}-${++seq}`, event_time: Math.floor(Date.now() / 1000),
      event: { type: 'message', channel_type: 'im', channel: `D${this.id}`, user: this.id, text, ts: `${Date.now() / 1000}` },
    });
    return this.request('message', body, 'application/json', this.nextReply);
  }

  /** The question's buttons; a long option's "Kies" button beside its text goes by that text (the label). */
  private buttons(): { action_id: string; value: string; text: string; block_id?: string }[] {
    const out: { action_id: string; value: string; text: string; block_id?: string }[] = [];
    const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    for (const b of this.question?.blocks ?? []) {
      const accessory = b.type === 'section' ? (b.accessory as Json | undefined) : undefined;
      if (accessory?.type === 'button') {
        out.push({ action_id: String(accessory.action_id), value: String(accessory.value), text: unescape(String((b.text as Json).text)), block_id: b.block_id as string | undefined });
      }
      if (b.type !== 'actions') continue;
      for (const e of b.elements as Json[]) {
        if (e.type === 'button') out.push({ action_id: String(e.action_id), value: String(e.value), text: String((e.text as Json).text), block_id: b.block_id as string | undefined });
      }
    }
    return out;
  }

  node(): string {
    const b = this.buttons().find((x) => x.action_id.startsWith('mc_answer') || x.action_id === 'mc_submit' || x.action_id === 'mc_text') ?? this.buttons()[0];
    return String((JSON.parse(b?.value ?? '{}') as { p?: string }).p ?? '').split('#')[0] ?? '';
  }

  private action(action: Json, state: Json = {}, until = this.nextReply): Promise<void> {
    const q = this.question;
    if (!q) throw new BenchError('No question to answer');
    const n = ++seq;
    const payload = {
      type: 'block_actions', team: { id: this.team }, user: { id: this.id, username: this.id.toLowerCase(), name: this.id.toLowerCase() },
      api_app_id: 'A1', token: 'x', trigger_id: `trig-${this.id}-${n}`, container: { type: 'message', channel_id: `D${this.id}`, message_ts: q.ts },
      channel: { id: `D${this.id}`, name: 'directmessage' }, message: { type: 'message', ts: q.ts, text: q.text, blocks: q.blocks },
      state: { values: state }, actions: [{ ...action, action_ts: `${Date.now() / 1000}` }],
    };
    return this.request('action', this.form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded', until);
  }

  click(label: string): Promise<void> {
    const want = label.toLowerCase();
    const all = this.buttons();
    const b = all.find((x) => x.text.toLowerCase() === want) ?? all.find((x) => x.text.toLowerCase().includes(want));
    if (!b) throw new BenchError(`No button "${label}" at ${this.node()}: ${all.map((x) => x.text).join(' | ')}`);
    return this.action({ type: 'button', action_id: b.action_id, block_id: b.block_id, value: b.value, text: { type: 'plain_text', text: b.text } });
  }

  tick(...labels: string[]): Promise<void> {
    const state: Json = {};
    for (const b of this.question?.blocks ?? []) {
      if (b.type !== 'actions') continue;
      for (const e of b.elements as Json[]) {
        if (e.type !== 'checkboxes') continue;
        const options = e.options as { text: { text: string }; value: string }[];
        const selected = options.filter((o) => labels.some((l) => o.text.text.toLowerCase().includes(l.toLowerCase())));
        state[String(b.block_id)] = { [String(e.action_id)]: { type: 'checkboxes', selected_options: selected } };
      }
    }
    const submit = this.buttons().find((x) => x.action_id === 'mc_submit');
    if (!submit) throw new BenchError(`No submit button at ${this.node()}`);
    return this.action({ type: 'button', action_id: submit.action_id, block_id: submit.block_id, value: submit.value, text: { type: 'plain_text', text: submit.text } }, state);
  }

  /** Opens the text modal (a click, answered by views.open) and submits it (view_submission). */
  async typeInModal(text: string): Promise<void> {
    const button = this.buttons().find((x) => x.action_id === 'mc_text');
    if (!button) throw new BenchError(`No "type answer" button at ${this.node()}`);
    let opened: Json | undefined;
    await this.action(
      { type: 'button', action_id: button.action_id, block_id: button.block_id, value: button.value, text: { type: 'plain_text', text: button.text } },
      {},
      (c) => {
        if (c.method !== 'views.open') return false;
        opened = c.body.view as Json;
        return true;
      },
    );
    if (!opened) throw new BenchError('The modal did not open');
    const payload = {
      type: 'view_submission', team: { id: this.team }, user: { id: this.id, username: this.id.toLowerCase(), name: this.id.toLowerCase() }, api_app_id: 'A1', token: 'x', trigger_id: `trig-${this.id}-${++seq}`,
      view: { id: 'V1', type: 'modal', callback_id: opened.callback_id, private_metadata: opened.private_metadata, state: { values: { mc_text: { answer: { type: 'plain_text_input', value: text } } } } },
    };
    await this.request('view', this.form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded', this.nextReply);
  }

  sawSummary(): boolean {
    return this.summary;
  }
}

/**
 * A whole case in the Slack DM: the same path as `wholeCase` in test/integration/slack.test.ts
 * (a slash command, button clicks, checkbox submits, DM messages and the text modal).
 */
export async function wholeSlackCase(u: BenchSlackUser): Promise<void> {
  const expectNode = (want: string) => {
    if (u.node() !== want) throw new BenchError(`Expected question ${want}, got ${u.node() || '(none)'}`);
  };
  await u.command('');
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
  await u.tick('blauwe plekken');
  expectNode('s1.feiten');
  await u.typeInModal('Maandag 16/11 blauwe plekken op beide bovenarmen gezien.');
  await u.tick('Eigen waarneming');
  await u.click('Overslaan');
  await u.click('vastleggen');
  await u.tick('Een collega');
  await u.say('vandaag');
  await u.say('Eerst met de ouders praten.');
  await u.click('voer het gesprek');
  await u.click('Ja');
  await u.click('bij mijn organisatie');
  await u.click('Ja'); // s3.luisteren
  await u.click('Ja'); // s3.oplossingen
  await u.tick('Ouder');
  await u.say('Vader gaf een verklaring; afspraak over opvoedhulp.');
  await u.click('Overslaan'); // s3.inbreng
  await u.tick('Overleg met Veilig Thuis'); // afw.steun
  expectNode('afw.q1');
  for (const a of ['Ja', 'Nee', 'Ja', 'Ja']) await u.click(a);
  await u.click('Nog niet');
  await u.click('Hulp bieden of organiseren');
  await u.click('Overslaan');
  if (!u.sawSummary()) throw new BenchError('The last request did not bring the summary');
}
