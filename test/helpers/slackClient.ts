/** Plays Slack's side of the app: signed HTTP requests to /slack/events as Slack sends them. */
import { createHmac } from 'node:crypto';
import type { FakeSlack, SlackCall } from './fakeSlack.js';

type Json = Record<string, unknown>;
export const SIGNING_SECRET = 'test-signing-secret';

export function sign(body: string, timestamp = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'X-Slack-Request-Timestamp': String(timestamp), 'X-Slack-Signature': signature };
}

export interface Sent {
  status: number;
  /** The HTTP answer's body (what ack() sent back). */
  body: string;
  /** Time until Slack got its HTTP answer: the ack. */
  ms: number;
}

export class SlackSender {
  /** Every ack time measured, by kind of request. */
  readonly acks: { kind: string; ms: number }[] = [];

  constructor(private readonly server: () => string) {}

  async raw(body: string, contentType: string, headers: Record<string, string>, kind: string): Promise<Sent> {
    const start = performance.now();
    const res = await fetch(`${this.server()}/slack/events`, { method: 'POST', headers: { 'Content-Type': contentType, ...headers }, body });
    const text = await res.text();
    const ms = performance.now() - start;
    this.acks.push({ kind, ms });
    return { status: res.status, body: text, ms };
  }

  form(fields: Record<string, string>, kind: string, headerOverride?: Record<string, string>): Promise<Sent> {
    const body = new URLSearchParams(fields).toString();
    return this.raw(body, 'application/x-www-form-urlencoded', headerOverride ?? sign(body), kind);
  }

  json(payload: Json, kind: string): Promise<Sent> {
    const body = JSON.stringify(payload);
    return this.raw(body, 'application/json', sign(body), kind);
  }
}

let eventSeq = 0;

/** A Slack user talking to the app in their DM. */
export class SlackUser {
  private mark = 0;

  constructor(
    private readonly sender: SlackSender,
    private readonly slack: FakeSlack,
    private readonly idle: () => Promise<void>,
    readonly id: string,
    readonly team = 'T1',
  ) {}

  private async after(p: Promise<Sent>): Promise<Sent> {
    this.mark = this.slack.calls.length;
    const sent = await p;
    await this.idle();
    return sent;
  }

  command(text: string, channel = `D${this.id}`): Promise<Sent> {
    return this.after(
      this.sender.form(
        {
          token: 'x', team_id: this.team, team_domain: 'test', channel_id: channel, channel_name: channel.startsWith('D') ? 'directmessage' : 'algemeen',
          user_id: this.id, user_name: this.id.toLowerCase(), command: '/meldcode', text, api_app_id: 'A1',
          response_url: `${this.slack.url}/respond/${++eventSeq}`, trigger_id: `trig-${eventSeq}`,
        },
        'command',
      ),
    );
  }

  say(text: string): Promise<Sent> {
    return this.after(
      this.sender.json(
        {
          token: 'x', team_id: this.team, api_app_id: 'A1', type: 'event_callback', event_id: `Ev${++eventSeq}`, event_time: Math.floor(Date.now() / 1000),
          event: { type: 'message', channel_type: 'im', channel: `D${this.id}`, user: this.id, text, ts: `${Date.now() / 1000}` },
        },
        'message',
      ),
    );
  }

  /** Messages the app posted to this user's DM during the last request. */
  reply(): SlackCall[] {
    return this.slack.of('chat.postMessage', this.mark).filter((c) => c.body.channel === this.id);
  }

  replyText(): string {
    return JSON.stringify(this.reply().map((c) => c.body));
  }

  /** The last question message in the DM (posted by the app at any time), with its ts. */
  lastQuestion(): { blocks: Json[]; text: string; ts: string } {
    const posts = this.slack.calls
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.method === 'chat.postMessage' && c.body.channel === this.id);
    for (let k = posts.length - 1; k >= 0; k--) {
      const blocks = (posts[k]?.c.body.blocks ?? []) as Json[];
      if (blocks.some((b) => b.type === 'actions' || (b.type === 'section' && b.accessory))) return { blocks, text: String(posts[k]?.c.body.text ?? ''), ts: posts[k]?.c.ts ?? `ts-${posts[k]?.i}` };
    }
    throw new Error('No question message in the DM');
  }

  /**
   * The buttons of the last question: in actions blocks, and beside an option's text (a long option is a
   * section with a "Kies" button); `text` is then the option's label, as the person reads it.
   */
  buttons(): { action_id: string; value: string; text: string; block_id?: string }[] {
    const out: { action_id: string; value: string; text: string; block_id?: string }[] = [];
    const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    for (const b of this.lastQuestion().blocks) {
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

  /** Sends a block_actions payload as Slack does when a button in the DM is clicked. */
  action(action: Json, state: Json = {}, message = this.lastQuestion()): Promise<Sent> {
    const payload = {
      type: 'block_actions', team: { id: this.team }, user: { id: this.id, username: this.id.toLowerCase(), name: this.id.toLowerCase() },
      api_app_id: 'A1', token: 'x', trigger_id: `trig-${++eventSeq}`, container: { type: 'message', channel_id: `D${this.id}`, message_ts: message.ts },
      channel: { id: `D${this.id}`, name: 'directmessage' }, message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
      state: { values: state }, actions: [{ ...action, action_ts: `${Date.now() / 1000}` }],
    };
    return this.after(this.sender.form({ payload: JSON.stringify(payload) }, 'action'));
  }

  click(label: string): Promise<Sent> {
    const want = label.toLowerCase();
    const all = this.buttons();
    const b = all.find((x) => x.text.toLowerCase() === want) ?? all.find((x) => x.text.toLowerCase().includes(want));
    if (!b) throw new Error(`No button "${label}": ${all.map((x) => x.text).join(' | ')}`);
    return this.action({ type: 'button', action_id: b.action_id, block_id: b.block_id, value: b.value, text: { type: 'plain_text', text: b.text } });
  }

  /** Ticks checkbox options whose text contains the labels, then presses the submit button. */
  tick(...labels: string[]): Promise<Sent> {
    const state: Json = {};
    for (const b of this.lastQuestion().blocks) {
      if (b.type !== 'actions') continue;
      for (const e of b.elements as Json[]) {
        if (e.type !== 'checkboxes') continue;
        const options = e.options as { text: { text: string }; value: string }[];
        const selected = options.filter((o) => labels.some((l) => o.text.text.toLowerCase().includes(l.toLowerCase())));
        state[String(b.block_id)] = { [String(e.action_id)]: { type: 'checkboxes', selected_options: selected } };
      }
    }
    const submit = this.buttons().find((x) => x.action_id === 'mc_submit');
    if (!submit) throw new Error('No submit button');
    return this.action({ type: 'button', action_id: submit.action_id, block_id: submit.block_id, value: submit.value, text: { type: 'plain_text', text: submit.text } }, state);
  }

  /** Opens the text modal and submits it, as Slack does (button click, then view_submission). */
  async typeInModal(text: string): Promise<Sent> {
    const button = this.buttons().find((x) => x.action_id === 'mc_text');
    if (!button) throw new Error('No "type answer" button');
    await this.action({ type: 'button', action_id: button.action_id, block_id: button.block_id, value: button.value, text: { type: 'plain_text', text: button.text } });
    const opened = this.slack.of('views.open').at(-1)?.body.view as Json;
    const payload = {
      type: 'view_submission', team: { id: this.team }, user: { id: this.id, username: this.id.toLowerCase(), name: this.id.toLowerCase() }, api_app_id: 'A1', token: 'x', trigger_id: `trig-${++eventSeq}`,
      view: { id: 'V1', type: 'modal', callback_id: opened.callback_id, private_metadata: opened.private_metadata, state: { values: { mc_text: { answer: { type: 'plain_text_input', value: text } } } } },
    };
    return this.after(this.sender.form({ payload: JSON.stringify(payload) }, 'view'));
  }
}
