/**
 * The load of the chaos tests: web chat users walking cases through the real HTTP API, each answer
 * sent again after a "try again" (as a person would), counting what was confirmed. An answer counts
 * as confirmed when the server answered 200; then it must be in the store whatever happens next.
 */
import { expect } from '@jest/globals';
import { lastQuestion, observation, planAnswer, type PlannedAnswer } from '../helpers/caseWalker.js';

type Json = Record<string, unknown>;

/** What the user is told in Dutch when the store cannot be used (src/i18n/locales/nl.json, error.storeUnavailable). */
export const RETRY_TEXT = 'Probeer het zo opnieuw';

/** A hang detector per request: a turn in an outage must still answer, quickly. */
const REQUEST_LIMIT_MS = 30_000;

export class ChaosUser {
  /** Turns answered 200 (the start included): each moved the dialogue on and was saved. */
  confirmed = 0;
  /** Turns answered 503 with the retry message. */
  retried = 0;
  /** Any other answer (a 500, a 503 without the message, no answer): must stay 0. */
  readonly wrong: string[] = [];
  /** Free-text answers confirmed by a 200: each must be in a case log afterwards. */
  readonly confirmedTexts: string[] = [];
  private cards: unknown[] = [];
  private texts = 0;
  private pending: PlannedAnswer | undefined;

  constructor(
    private readonly base: () => string,
    readonly id: string,
  ) {}

  /** The user's word in their observation texts (letters only: the texts carry no digits). */
  get who(): string {
    return this.id.replace(/[^a-z]/g, '');
  }

  get userKey(): string {
    return `web:${this.id}`;
  }

  /** One request: the start, or the next answer (the same one again after a "try again"). */
  async turn(): Promise<void> {
    let body: Json;
    if (this.cards.length === 0) body = { start: true };
    else {
      const q = lastQuestion(this.cards);
      if (!q) throw new Error(`${this.id}: no open question`);
      this.pending ??= planAnswer(q, () => observation(this.texts++, this.who));
      body = { value: this.pending.data };
    }
    let res: Response;
    try {
      res = await fetch(`${this.base()}/web/api/turn`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: this.id, ...body }),
        signal: AbortSignal.timeout(REQUEST_LIMIT_MS),
      });
    } catch (err) {
      this.wrong.push(`no answer: ${err instanceof Error ? err.name : String(err)}`);
      return;
    }
    const text = await res.text();
    if (res.status === 200) {
      this.confirmed += 1;
      this.cards = (JSON.parse(text) as { cards: unknown[] }).cards;
      if (this.pending && typeof this.pending.expected === 'string' && this.pending.expected.startsWith(`Waarneming ${this.who} `)) this.confirmedTexts.push(this.pending.expected);
      this.pending = undefined;
      return;
    }
    const parsed = ((): { error?: string; code?: string } => {
      try {
        return JSON.parse(text) as { error?: string; code?: string };
      } catch {
        return {};
      }
    })();
    if (res.status === 503 && parsed.code === 'STORE_UNAVAILABLE' && parsed.error?.includes(RETRY_TEXT)) this.retried += 1;
    else this.wrong.push(`${res.status} ${text.slice(0, 200)}`);
  }
}

/** Resolves when `done()` holds, checking each time `tick` resolves; throws after `limitMs` (a hang detector). */
export async function until(what: string, done: () => boolean | Promise<boolean>, limitMs = 120_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Runs every user in a loop of turns until `stop()` says so. A user that was told to try again
 * waits a moment before sending again (pacing, as a person would; no result depends on it).
 */
export function runLoad(users: readonly ChaosUser[], stop: () => boolean): Promise<void> {
  return Promise.all(
    users.map(async (u) => {
      while (!stop()) {
        const before = u.retried;
        await u.turn();
        if (u.retried > before || u.wrong.length > 0) await new Promise((resolve) => setTimeout(resolve, 25));
        if (u.wrong.length > 20) return;
      }
    }),
  ).then(() => undefined);
}

/** Every answer was either confirmed or a calm "try again": nothing else reached a user. */
export function expectOnlyCalmAnswers(users: readonly ChaosUser[]): void {
  expect(users.flatMap((u) => u.wrong.map((w) => `${u.id}: ${w}`))).toEqual([]);
}

/** `/readyz` as status and body. */
export async function readyz(base: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(REQUEST_LIMIT_MS) });
  return { status: res.status, body: await res.json() };
}
