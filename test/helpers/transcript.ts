/**
 * Transcript tests in the spirit of botbuilder's TestFlow: send what a user sends, assert what
 * comes back. Runs through the real TurnProcessor (state, case log and outbox in a store).
 */
import { expect } from '@jest/globals';
import { renderText } from '../../cards/text.js';
import { TurnProcessor } from '../../src/app/turns.js';
import type { Input, Prompt, QuestionPrompt } from '../../src/engine/types.js';
import type { Lang } from '../../src/domain/types.js';
import type { Store } from '../../src/store/store.js';
import type { OrgSettings } from '../../src/org/settings.js';
import { translator } from './conversation.js';

export class Transcript {
  private last: Prompt[] = [];
  private tick = Date.parse('2026-11-22T09:00:00Z');
  private n = 0;
  readonly turns: TurnProcessor;
  /** Everything the user saw, as text, for debugging a failing transcript. */
  readonly log: string[] = [];

  private constructor(
    readonly store: Store,
    private readonly user: string,
    private readonly lang: Lang,
    tr: Awaited<ReturnType<typeof translator>>,
    settings?: OrgSettings,
  ) {
    this.turns = new TurnProcessor({
      store,
      translator: tr,
      followUpDays: 42,
      clock: () => new Date((this.tick += 60_000)),
      // Ids unique per user so several transcripts can share one store.
      ids: () => ({ id: `${user.replace(/[^A-Za-z0-9]/g, '_')}-t${++this.n}`, ref: `MC-T${this.n}` }),
      ...(settings ? { settings: () => settings } : {}),
    });
  }

  /** `settings`: the organisation's settings (e.g. a social map); none by default. */
  static async create(store: Store, user = 'test:transcript', lang: Lang = 'nl', settings?: OrgSettings): Promise<Transcript> {
    return new Transcript(store, user, lang, await translator(), settings);
  }

  private async send(input: Input, label: string): Promise<void> {
    const { prompts } = await this.turns.handle(this.user, input, this.lang);
    this.last = prompts;
    this.log.push(`> ${label}`, ...prompts.map((p) => renderText(p)));
  }

  question(): QuestionPrompt {
    const q = [...this.last].reverse().find((p): p is QuestionPrompt => 'promptId' in p);
    if (!q) throw new Error(`No question. Transcript:\n${this.log.join('\n')}`);
    return q;
  }

  /** Types a message. */
  async says(text: string): Promise<this> {
    await this.send({ type: 'text', text }, text);
    return this;
  }

  /** Clicks the option whose label contains `label`; several labels tick several boxes. */
  async picks(...labels: string[]): Promise<this> {
    const q = this.question();
    const options =
      q.kind === 'yesno'
        ? [{ value: 'ja', label: q.yesLabel }, { value: 'nee', label: q.noLabel }, ...(q.extra ?? [])]
        : q.kind === 'choice' || q.kind === 'multi'
          ? q.options
          : [];
    const values = labels.map((l) => {
      const want = l.toLowerCase();
      const o = options.find((x) => x.label.toLowerCase() === want) ?? options.find((x) => x.label.toLowerCase().includes(want));
      if (!o) throw new Error(`No option "${l}" in ${q.promptId}. Transcript:\n${this.log.join('\n')}`);
      return o.value;
    });
    await this.send({ type: 'answer', promptId: q.promptId, value: q.kind === 'multi' ? values : (values[0] ?? '') }, `[${labels.join(', ')}]`);
    return this;
  }

  /** Submits a multi-select with nothing ticked, or skips an optional text. */
  async submitsEmpty(): Promise<this> {
    const q = this.question();
    await this.send({ type: 'answer', promptId: q.promptId, value: q.kind === 'multi' ? [] : '' }, '[—]');
    return this;
  }

  /** Asserts the last reply contains every one of `texts`. */
  sees(...texts: string[]): this {
    const all = this.last.map((p) => renderText(p)).join('\n');
    for (const t of texts) expect(all).toContain(t);
    return this;
  }

  /** Asserts the current question is the node `id`. */
  isAt(id: string): this {
    expect(this.question().promptId.split('#')[0]).toBe(id);
    return this;
  }

  reply(): Prompt[] {
    return this.last;
  }
}
