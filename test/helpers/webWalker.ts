/** A web chat user over the real HTTP API (`POST /web/api/turn`), answering from the returned Adaptive Cards. */
import { lastQuestion, observation, planAnswer, type CardQuestion, type PlannedAnswer } from './caseWalker.js';

type Json = Record<string, unknown>;

export interface WebReply {
  status: number;
  cards: unknown[];
}

export async function webTurn(base: string, body: Json, timeoutMs = 15_000): Promise<WebReply> {
  const res = await fetch(`${base}/web/api/turn`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (res.status !== 200) return { status: res.status, cards: [] };
  return { status: 200, cards: (JSON.parse(text) as { cards: unknown[] }).cards };
}

export class WebWalker {
  cards: unknown[] = [];
  private texts = 0;

  constructor(
    private readonly base: () => string,
    readonly user: string,
  ) {}

  async send(body: Json): Promise<WebReply> {
    const reply = await webTurn(this.base(), { user: this.user, ...body });
    if (reply.status !== 200) throw new Error(`web turn answered ${reply.status}`);
    this.cards = reply.cards;
    return reply;
  }

  question(): CardQuestion | undefined {
    return lastQuestion(this.cards);
  }

  node(): string {
    return this.question()?.node ?? '';
  }

  /** Answers the open question along the case path; resolves with what was sent. */
  async step(): Promise<PlannedAnswer> {
    const q = this.question();
    if (!q) throw new Error(`no open question for ${this.user}`);
    const plan = planAnswer(q, () => observation(this.texts++, this.user.replace(/[^a-z]/g, '')));
    await this.send({ value: plan.data });
    return plan;
  }

  /** From wherever the user is, through a whole case to the decision (back at the menu). */
  async caseToDecision(): Promise<void> {
    await this.send({ start: true });
    let answered = 0;
    for (let i = 0; i < 80; i++) {
      if (this.node() === 'menu' && answered > 1) return;
      await this.step();
      answered++;
    }
    throw new Error(`${this.user} did not reach a decision`);
  }

  /** Starts a case and stops when the open question is `node`. */
  async caseUntil(node: string): Promise<void> {
    await this.send({ start: true });
    for (let i = 0; i < 80; i++) {
      if (this.node() === node) return;
      await this.step();
    }
    throw new Error(`${this.user} never reached ${node}`);
  }
}
