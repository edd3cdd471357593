/**
 * One turn, as data: load state -> engine.step -> save case log and state -> queue outward effects.
 * Turns of one user run one at a time; turns of different users run in parallel.
 */
import { randomUUID } from 'node:crypto';
import { step } from '../engine/engine.js';
import type { Effect, EngineContext, Input, Prompt, UserState } from '../engine/types.js';
import { initialState } from '../engine/engine.js';
import type { Translator } from '../i18n/index.js';
import type { Lang } from '../domain/types.js';
import { KeyedMutex } from '../store/locks.js';
import type { OutboxItem, Store } from '../store/store.js';
import { newCaseIds } from './ids.js';

/** Effects that leave this process (channel posts, escalation, reminders): kept in the outbox until done. */
const OUTWARD: ReadonlySet<Effect['type']> = new Set(['af.post', 'case.urgent', 'followup.schedule']);

export interface TurnDeps {
  store: Store;
  translator: Translator;
  /** Days until afweging 5 is asked again. */
  followUpDays: number;
  clock?: () => Date;
  ids?: () => { id: string; ref: string };
  /** Called after a turn's outward effects are safely in the outbox (e.g. to deliver them now). */
  onOutbox?: (items: OutboxItem[]) => void;
}

export interface TurnResult {
  prompts: Prompt[];
  /** The user's language after this turn (it can be switched in the menu). */
  lang: Lang;
  /** The question that was awaiting an answer before this turn, to tell a fresh click from a stale one. */
  before?: string;
  /** Outward effects queued by this turn. */
  queued: OutboxItem[];
}

export class TurnProcessor {
  private readonly locks = new KeyedMutex();
  private outboxSeq = 0;

  constructor(private readonly deps: TurnDeps) {}

  /** Handles one input of `userKey` ("web:…", "teams:…", "slack:…"). `locale` seeds the language of a new user. */
  handle(userKey: string, input: Input, locale?: Lang): Promise<TurnResult> {
    return this.locks.run(userKey, () => this.run(userKey, input, locale));
  }

  private async run(userKey: string, input: Input, locale?: Lang): Promise<TurnResult> {
    const { store } = this.deps;
    const state = (await store.loadUser<UserState>(userKey)) ?? initialState(locale ?? 'nl');
    const now = (this.deps.clock ?? (() => new Date()))();
    const ctx: EngineContext = {
      now: now.toISOString(),
      userId: userKey,
      newCase: this.deps.ids ?? newCaseIds,
      t: (lang, key, params) => this.deps.translator.t(lang, key, params),
      followUpDays: this.deps.followUpDays,
    };
    const result = step(state, input, ctx);

    // Case data first, then the user's state: if we stop in between, the user is asked the same
    // question again and the log holds the answer twice, but nothing is lost.
    const queued: OutboxItem[] = [];
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'case.create':
          await store.createCase(effect.meta);
          break;
        case 'case.log':
          await store.appendLog(effect.caseId, effect.entries);
          break;
        case 'case.update':
          await store.updateCaseMeta(effect.caseId, effect.patch);
          break;
        default:
          if (OUTWARD.has(effect.type)) {
            queued.push({
              // Time-ordered prefix so the outbox is processed in the order effects arose.
              id: `${now.getTime().toString(36)}-${(this.outboxSeq++).toString(36)}-${randomUUID().slice(0, 8)}`,
              kind: effect.type,
              createdAt: ctx.now,
              payload: effect,
              attempts: 0,
            });
          }
      }
    }
    await store.saveUser(userKey, result.state);
    for (const item of queued) await store.enqueue(item);
    if (queued.length) this.deps.onOutbox?.(queued);
    return { prompts: result.prompts, lang: result.state.lang, before: state.promptId, queued };
  }
}
