/** Plays a Teams client: posts Bot Framework activities to the bot's real HTTP endpoint. */
import { expect } from '@jest/globals';
import type { AdaptiveCard } from '../../cards/adaptive.js';
import type { ConnectorCall, FakeConnector } from './fakeConnector.js';

type Json = Record<string, unknown>;
let activitySeq = 0;

export interface TeamsIdentity {
  aadObjectId: string;
  name: string;
  locale?: string;
}

export { cardsOf, submitActions } from './cardActions.js';
import { cardsOf, submitActions } from './cardActions.js';

export async function postActivity(server: string, activity: Json): Promise<Response> {
  return fetch(`${server}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
}

/** A user in their personal chat with the bot. */
export class TeamsUser {
  /** Calls the bot made to the connector during the last turn. */
  reply: ConnectorCall[] = [];

  constructor(
    private readonly server: () => string,
    private readonly connector: FakeConnector,
    readonly who: TeamsIdentity,
    readonly conversationId = `a:personal-${who.aadObjectId}`,
  ) {}

  activity(extra: Json): Json {
    return {
      type: 'message',
      id: `in-${++activitySeq}`,
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: new Date().toISOString(),
      from: { id: `29:${this.who.aadObjectId}`, aadObjectId: this.who.aadObjectId, name: this.who.name },
      recipient: { id: '28:bot', name: 'Meldcode-assistent' },
      conversation: { id: this.conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
      // Teams sets the tenant in both places; the bot reads channelData.tenant.id.
      channelData: { tenant: { id: 'tenant-1' } },
      locale: this.who.locale ?? 'nl-NL',
      ...extra,
    };
  }

  async send(extra: Json): Promise<this> {
    const from = this.connector.calls.length;
    const res = await postActivity(this.server(), this.activity(extra));
    expect(res.status).toBe(200);
    this.reply = this.connector.since(from).filter((c) => c.conversationId === this.conversationId);
    return this;
  }

  say(text: string): Promise<this> {
    return this.send({ text });
  }

  submit(value: Json): Promise<this> {
    return this.send({ value });
  }

  cards(): AdaptiveCard[] {
    return cardsOf(this.reply);
  }

  /** Text of the last reply (card JSON and plain texts), for assertions. */
  text(): string {
    return JSON.stringify(this.reply.map((c) => c.body));
  }

  /** The data of the last card's answer buttons and nav, to click them. */
  actions(): { title: string; data: Json }[] {
    const cards = this.cards();
    return submitActions(cards[cards.length - 1]);
  }

  promptId(): string {
    const a = this.actions().find((x) => x.data.mc === 'answer');
    return String(a?.data.promptId ?? '');
  }

  node(): string {
    return this.promptId().split('#')[0] ?? '';
  }

  /** Clicks the button whose title contains `label` on the last card. */
  async click(label: string): Promise<this> {
    const want = label.toLowerCase();
    const acts = this.actions();
    const a = acts.find((x) => x.title.toLowerCase() === want) ?? acts.find((x) => x.title.toLowerCase().includes(want));
    if (a) return this.submit(a.data);
    // More options than buttons fit: the card offers them in a dropdown with a submit button.
    if (this.choices().some((c) => c.title.toLowerCase().includes(want))) return this.tick(label);
    throw new Error(`No button "${label}": ${acts.map((x) => x.title).join(' | ')}`);
  }

  /** The choices of an Input.ChoiceSet on the last card. */
  private choices(): { title: string; value: string }[] {
    const cards = this.cards();
    const choices: { title: string; value: string }[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node === null || typeof node !== 'object') return;
      const n = node as Json;
      if (n.type === 'Input.ChoiceSet') choices.push(...(n.choices as { title: string; value: string }[]));
      Object.values(n).forEach(walk);
    };
    walk(cards[cards.length - 1]);
    return choices;
  }

  /** Ticks the choices whose titles contain the labels (an Input.ChoiceSet on the last card) and submits. */
  async tick(...labels: string[]): Promise<this> {
    const choices = this.choices();
    const values = labels.map((l) => {
      const c = choices.find((x) => x.title.toLowerCase().includes(l.toLowerCase()));
      if (!c) throw new Error(`No choice "${l}": ${choices.map((x) => x.title).join(' | ')}`);
      return c.value;
    });
    return this.fill(values);
  }

  /** Fills the card's input (text, or choice values) and presses its submit button. */
  async fill(value: string | string[]): Promise<this> {
    const a = this.actions().find((x) => x.data.mc === 'answer' && x.data.value === undefined);
    if (!a) throw new Error('The last card has no input to fill');
    return this.submit({ ...a.data, answer: Array.isArray(value) ? value.join(',') : value });
  }
}
