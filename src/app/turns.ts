/**
 * One turn, as data: load state -> engine.step -> save case log and state -> queue outward effects.
 * Turns of one user run one at a time (across instances too, when the store offers a user lock);
 * turns of different users run in parallel.
 */
import { randomUUID } from 'node:crypto';
import { step } from '../engine/engine.js';
import type { Effect, EngineContext, Input, Prompt, UserState } from '../engine/types.js';
import { initialState } from '../engine/engine.js';
import type { Translator } from '../i18n/index.js';
import type { Lang } from '../domain/types.js';
import type { OrgSettings } from '../org/settings.js';
import { KeyedMutex } from '../store/locks.js';
import type { OutboxItem, Store } from '../store/store.js';
import { newCaseIds } from './ids.js';

/** Effects that leave this process (channel posts, escalation, reminders): kept in the outbox until done. */
const OUTWARD: ReadonlySet<Effect['type']> = new Set(['af.post', 'case.urgent', 'followup.schedule']);

export interface TurnDeps {
  store: Store;
  translator: Translator;
  /** Days until afweging 5 is asked again (when no organisation settings are given). */
  followUpDays: number;
  /** Organisation settings, read at each turn so a change made in chat applies at once. */
  settings?: () => OrgSettings;
  clock?: () => Date;
  ids?: () => { id: string; ref: string };
  /** Called after a turn's outward effects are safely in the outbox (e.g. to deliver them now). */
  onOutbox?: (items: OutboxItem[]) => void;
  /** Structured log: ids and events only, never what users typed. */
  log?: (event: string, fields?: Record<string, unknown>) => void;
  /** Called with all of a turn's effects once they are stored (the scheduler plans reminders from them). */
  afterTurn?: (effects: readonly Effect[]) => Promise<void>;
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

/** What a channel needs to run a turn: the TurnProcessor itself, or the Gateway in front of it. */
export interface TurnHandler {
  handle(userKey: string, input: Input, locale?: Lang): Promise<TurnResult>;
}

export class TurnProcessor implements TurnHandler {
  private readonly locks = new KeyedMutex();
  private outboxSeq = 0;

  constructor(private readonly deps: TurnDeps) {}

  /** Handles one input of `userKey` ("web:…", "teams:…", "slack:…"). `locale` seeds the language of a new user. */
  handle(userKey: string, input: Input, locale?: Lang): Promise<TurnResult> {
    return this.locks.run(userKey, () => this.exclusive(userKey, () => this.run(userKey, input, locale)));
  }

  /**
   * Runs `fn` under the store's cross-process lock on the user, when the store has one (PostgreSQL:
   * several instances share it), so another instance never interleaves this user's turns. Taken
   * inside the in-process lock, so each process holds at most one database lock per user.
   */
  private exclusive<T>(userKey: string, fn: () => Promise<T>): Promise<T> {
    const { store } = this.deps;
    return store.withUserLock ? store.withUserLock(userKey, fn) : fn();
  }

  /** The user's language as stored, or the platform's locale for someone new. */
  async langOf(userKey: string, locale?: Lang): Promise<Lang> {
    return (await this.deps.store.loadUser<UserState>(userKey))?.lang ?? locale ?? 'nl';
  }

  /** Removes a deleted case from the user's state, under the user's turn lock. */
  forget(userKey: string, caseId: string): Promise<void> {
    return this.locks.run(userKey, () =>
      this.exclusive(userKey, async () => {
        const state = await this.deps.store.loadUser<UserState>(userKey);
        if (!state?.cases[caseId]) return;
        delete state.cases[caseId];
        if (state.cursor?.caseId === caseId) {
          state.cursor = undefined;
          state.promptId = undefined;
        }
        // Erase: the deleted case's answers must not linger in older versions of the user's data either.
        await this.deps.store.saveUser(userKey, state, { erase: true });
      }),
    );
  }

  private async run(userKey: string, input: Input, locale?: Lang): Promise<TurnResult> {
    const { store } = this.deps;
    const state = (await store.loadUser<UserState>(userKey)) ?? initialState(locale ?? 'nl');
    const now = (this.deps.clock ?? (() => new Date()))();
    const settings = this.deps.settings?.();
    const ctx: EngineContext = {
      now: now.toISOString(),
      userId: userKey,
      newCase: this.deps.ids ?? newCaseIds,
      t: (lang, key, params) => this.deps.translator.t(lang, key, params),
      followUpDays: settings ? settings.reminders.followUpWeeks * 7 : this.deps.followUpDays,
      socialMap: settings?.socialMap,
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
    await this.deps.afterTurn?.(result.effects);
    this.deps.log?.('turn', {
      platform: userKey.split(':')[0],
      input: input.type,
      node: result.state.cursor?.node,
      effects: result.effects.map((e) => e.type),
      cases: result.effects.flatMap((e) => ('caseId' in e ? [e.caseId] : e.type === 'case.create' ? [e.meta.id] : [])).filter((v, i, a) => a.indexOf(v) === i),
    });
    return { prompts: result.prompts, lang: result.state.lang, before: state.promptId, queued };
  }
}
