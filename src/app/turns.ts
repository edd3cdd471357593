/**
 * One turn, as data: load state -> engine.step -> apply the step's effects: case log and meta, the
 * workflow's deadlines (src/cases/workflow.ts; the follow-up included) -> queue the channel posts in
 * the outbox -> save the user's state, last: a turn whose writes fail part-way (a store outage) has
 * not moved the dialogue on, so the user is asked to send it again. The turn runner is where a
 * step's effects are applied.
 * Turns of one user run one at a time (across instances too, when the store offers a user lock);
 * turns of different users run in parallel.
 *
 * Retries and crashes: the user's stored state also holds a count of the turns saved and the ids of
 * the last inputs handled (hashed), written in the same save as the dialogue state. An input whose id
 * is among them is a platform retry and is not applied again, whichever instance handled it first
 * and whether or not this process restarted since. Each turn has an id derived from the user, the
 * turn count and the input, and its log entries carry it: if a turn stops after writing the case log
 * but before saving the state, the same input processed again gets the same turn id and the store
 * does not append its entries a second time; a case the turn created gets the same id as well, and
 * outbox items it queued keep their ids (in this process) so they are replaced rather than doubled.
 */
import { createHash, randomUUID } from 'node:crypto';
import { FLOWS } from '../../dialogs/index.js';
import { initialState, step } from '../engine/engine.js';
import type { Effect, EngineContext, Input, Prompt, UserState } from '../engine/types.js';
import { parseTyped } from '../engine/parse.js';
import type { Translator } from '../i18n/index.js';
import type { LogEntry } from '../cases/types.js';
import type { Lang } from '../domain/types.js';
import { defaultSettings, type OrgSettings } from '../org/settings.js';
import { applyCaseActions } from '../cases/actions.js';
import { afterStep } from '../cases/workflow.js';
import { KeyedMutex } from '../store/locks.js';
import type { Namer } from '../store/names.js';
import { StoreError, type OutboxItem, type Store, type TurnWriteOptions } from '../store/store.js';
import { caseIdsFrom, newCaseIds } from './ids.js';

/**
 * A turn's writes before its user's state is saved (case data, deadlines, the outbox): that save's commit makes
 * them durable too (see TurnWriteOptions), so PostgreSQL waits for one WAL flush a turn instead of one a write.
 */
const BEFORE_SAVE: TurnWriteOptions = Object.freeze({ beforeUserSave: true });

/** Effects that leave this process (channel posts): kept in the outbox until delivered. */
// `case.urgent` is not among them: the escalation it marks is the urgent `af.post` queued with it, and the case
// meta and log already say the case is urgent, so an outbox item of its own would only be acknowledged unread.
// `followup.schedule` is not either: it becomes a deadline in the store (workflow.ts), fired by the scheduler.
const OUTWARD: ReadonlySet<Effect['type']> = new Set(['af.post']);

/** How many recent input ids a user's state remembers: platform retries come within minutes, a few turns later at most. */
export const RECENT_INPUTS = 32;

/** What a channel knows about an input besides its content. */
export interface InputMeta {
  /**
   * The platform's id of this input (Teams activity, Slack event or interaction), unique per user.
   * An input with an id handled before is a retry and is not applied again.
   */
  id?: string;
}

/** What the turn layer keeps in the user's stored state, next to the engine's fields. */
interface TurnBook {
  /** Turns saved so far: part of the turn id, so a turn processed again gets the same id. */
  n: number;
  /** Hashes of the ids of the last {@link RECENT_INPUTS} inputs handled, oldest first. */
  inputs: string[];
}

type StoredState = UserState & { turns?: TurnBook };

export interface TurnDeps {
  store: Store;
  translator: Translator;
  /** Days until afweging 5 is asked again (when no organisation settings are given). */
  followUpDays: number;
  /** Organisation settings, read at each turn so a change made in chat applies at once (default: the defaults). */
  settings?: () => OrgSettings;
  clock?: () => Date;
  ids?: () => { id: string; ref: string };
  /** Called after a turn's outward effects are safely in the outbox (e.g. to deliver them now). */
  onOutbox?: (items: OutboxItem[]) => void;
  /** Structured log: ids and events only, never what users typed. */
  log?: (event: string, fields?: Record<string, unknown>) => void;
}

export interface TurnResult {
  prompts: Prompt[];
  /** The user's language after this turn (it can be switched in the menu). */
  lang: Lang;
  /** The question that was awaiting an answer before this turn, to tell a fresh click from a stale one. */
  before?: string;
  /** Outward effects queued by this turn. */
  queued: OutboxItem[];
  /** The input was handled before (a platform retry): nothing was done and nothing needs to be sent. */
  duplicate?: boolean;
  /** The store could not be used: nothing was done, and the user was asked to try again shortly. */
  unavailable?: boolean;
}

/** What a channel needs to run a turn: the TurnProcessor itself, or the Gateway in front of it. */
export interface TurnHandler {
  handle(userKey: string, input: Input, locale?: Lang, meta?: InputMeta): Promise<TurnResult>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The turn id: the same for the same input at the same point of the user's conversation. Keyed
 * (names.ts): case and outbox ids are derived from it and stored as names, and a plain hash of the
 * user key, a turn number and a button would name who opened which case.
 */
const turnIdOf = (names: Namer, userKey: string, n: number, input: Input): string => names.digest(`${userKey}\n${n}\n${JSON.stringify(input)}`, 32);

const inputKey = (id: string): string => sha256(id).slice(0, 16);

const isCorrupt = (err: unknown): err is StoreError => err instanceof StoreError && err.code === 'CORRUPT_FILE';

/** The acute-danger command, as a button or typed ("gevaar", "112"). */
export function isAcute(input: Input): boolean {
  if (input.type === 'command') return input.command === 'acute';
  if (input.type !== 'text') return false;
  const typed = parseTyped(input.text);
  return typed !== undefined && 'command' in typed && typed.command === 'acute';
}

export class TurnProcessor implements TurnHandler {
  private readonly locks = new KeyedMutex();
  private outboxSeq = 0;
  /** Outbox ids queued by turns whose state could not be saved afterwards (a store outage), by turn id. */
  private readonly unsaved = new Map<string, string[]>();
  /** Damaged user files already named in the log (each is named once per process). */
  private readonly reported = new Set<string>();

  constructor(private readonly deps: TurnDeps) {}

  /** Handles one input of `userKey` ("web:…", "teams:…", "slack:…"). `locale` seeds the language of a new user. */
  handle(userKey: string, input: Input, locale?: Lang, meta?: InputMeta): Promise<TurnResult> {
    return this.locks.run(userKey, () => this.exclusive(userKey, () => this.run(userKey, input, locale, meta)));
  }

  /**
   * Runs `fn` under the store's cross-process lock on the user (PostgreSQL: several instances share
   * it), so another instance never interleaves this user's turns. Taken inside the in-process lock,
   * so each process holds at most one database lock per user.
   */
  private exclusive<T>(userKey: string, fn: () => Promise<T>): Promise<T> {
    return this.deps.store.withUserLock(userKey, fn);
  }

  /** The user's language as stored, or the platform's locale for someone new (or whose data cannot be read). */
  async langOf(userKey: string, locale?: Lang): Promise<Lang> {
    try {
      return (await this.deps.store.loadUser<UserState>(userKey))?.lang ?? locale ?? 'nl';
    } catch (err) {
      if (isCorrupt(err)) return locale ?? 'nl';
      throw err;
    }
  }

  /** Removes a deleted case from the user's state (open, or among the finished ones), under the user's turn lock. */
  forget(userKey: string, caseId: string): Promise<void> {
    return this.locks.run(userKey, () =>
      this.exclusive(userKey, async () => {
        const state = await this.deps.store.loadUser<UserState>(userKey);
        if (!state) return;
        const finished = state.done?.some((d) => d.id === caseId) === true;
        if (!state.cases[caseId] && !finished) return;
        if (finished) state.done = state.done?.filter((d) => d.id !== caseId);
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

  /**
   * Replaces `text` wherever the user's open case `caseId` holds it as an answer with `marker` (in the
   * user's language), under the user's turn lock. Saved with erase even when the case is no longer
   * open: earlier versions of the state (from while it was) may still hold the text.
   */
  redactAnswers(userKey: string, caseId: string, text: string, marker: (lang: Lang) => string): Promise<void> {
    return this.locks.run(userKey, () =>
      this.exclusive(userKey, async () => {
        const state = await this.deps.store.loadUser<UserState>(userKey);
        if (!state) return;
        const answers: Record<string, unknown> = state.cases[caseId]?.answers ?? {};
        for (const [field, value] of Object.entries(answers)) if (value === text) answers[field] = marker(state.lang);
        await this.deps.store.saveUser(userKey, state, { erase: true });
      }),
    );
  }

  private context(userKey: string, now: Date, turnId: string): EngineContext {
    const settings = this.deps.settings?.();
    let made = 0;
    return {
      now: now.toISOString(),
      userId: userKey,
      // Derived from the turn, so a case created by a turn that is processed again keeps its id.
      newCase: this.deps.ids ?? (() => caseIdsFrom(`${turnId}:${made++}`)),
      t: (lang, key, params) => this.deps.translator.t(lang, key, params),
      followUpDays: settings ? settings.reminders.followUpWeeks * 7 : this.deps.followUpDays,
      socialMap: settings?.socialMap,
      ...(settings ? { timeZone: settings.reminders.workingHours.timeZone } : {}),
    };
  }

  private async run(userKey: string, input: Input, locale?: Lang, meta?: InputMeta): Promise<TurnResult> {
    const { store } = this.deps;
    let loaded: StoredState | undefined;
    try {
      loaded = await store.loadUser<StoredState>(userKey);
    } catch (err) {
      if (isCorrupt(err)) return this.unreadable(userKey, input, locale ?? 'nl', err);
      throw err;
    }
    const stored: StoredState = loaded ?? initialState(locale ?? 'nl', FLOWS.version);
    const { turns: book, ...state } = stored;
    const seen = meta?.id === undefined ? undefined : inputKey(meta.id);
    if (seen !== undefined && book?.inputs.includes(seen)) {
      this.deps.log?.('turn.duplicate', { platform: userKey.split(':')[0], input: input.type });
      return { prompts: [], lang: state.lang, before: state.promptId, queued: [], duplicate: true };
    }
    const n = book?.n ?? 0;
    const turnId = turnIdOf(store.names, userKey, n, input);
    const now = (this.deps.clock ?? (() => new Date()))();
    const before = state.promptId;
    const lang = state.lang;
    // Read for this turn alone: the engine may change it in place.
    const result = step(FLOWS, state, input, this.context(userKey, now, turnId), { owned: true });

    // Case data first, then the user's state: if we stop in between, the same input processed again
    // (a retry, or the user sending it once more) has the same turn id and adds nothing to the log.
    // The outbox too: if the state were saved first and queuing then failed (a store outage), the user
    // would be asked to try again for a turn that was in fact taken, and its post would be gone.
    let queued: OutboxItem[];
    try {
      queued = await this.apply(result.effects, turnId, now, userKey);
      await this.plan(result.effects, now, BEFORE_SAVE);
    } catch (err) {
      // A case or deadline file this turn needs cannot be read: answered as an unreadable user file is (nothing confirmed, the file left as it is).
      if (isCorrupt(err)) return this.unreadable(userKey, input, lang, err);
      throw err;
    }
    await this.enqueue(queued, BEFORE_SAVE);
    const inputs = [...(book?.inputs ?? []), ...(seen === undefined ? [] : [seen])].slice(-RECENT_INPUTS);
    const next: StoredState = { ...result.state, turns: { n: n + 1, inputs } };
    try {
      await store.saveUser(userKey, next);
    } catch (err) {
      if (queued.length) this.rememberUnsaved(turnId, queued);
      throw err;
    }
    this.unsaved.delete(turnId);
    this.announce(queued);
    this.deps.log?.('turn', {
      platform: userKey.split(':')[0],
      input: input.type,
      node: result.state.cursor?.node,
      effects: result.effects.map((e) => e.type),
      cases: result.effects.flatMap((e) => ('caseId' in e ? [e.caseId] : e.type === 'case.create' ? [e.meta.id] : [])).filter((v, i, a) => a.indexOf(v) === i),
    });
    return { prompts: result.prompts, lang: result.state.lang, before, queued };
  }

  /**
   * Writes a turn's case data and queues its outward effects (stored, not yet delivered). `turnOf`: the user whose
   * lock this turn holds and whose state is saved next (the writes need not reach the disk on their own: {@link BEFORE_SAVE}).
   */
  private async apply(effects: readonly Effect[], turnId: string, now: Date, turnOf?: string): Promise<OutboxItem[]> {
    const { store } = this.deps;
    const write: TurnWriteOptions = turnOf === undefined ? {} : BEFORE_SAVE;
    // One append per case and turn: the store recognises a replayed turn by its id in the log, so
    // a turn's entries for a case must land together.
    const logs = new Map<string, LogEntry[]>();
    for (const e of effects) {
      if (e.type === 'case.log') logs.set(e.caseId, [...(logs.get(e.caseId) ?? []), ...e.entries.map((entry) => ({ ...entry, turn: turnId }))]);
    }
    const queued: OutboxItem[] = [];
    for (const effect of effects) {
      switch (effect.type) {
        case 'case.create':
          await this.create(effect.meta, write);
          break;
        case 'case.log': {
          const entries = logs.get(effect.caseId);
          logs.delete(effect.caseId);
          // The user's state is saved after (run): its commit makes these durable too (see TurnWriteOptions).
          if (entries) await store.appendLog(effect.caseId, entries, turnOf === undefined ? write : { ...write, turnOf });
          break;
        }
        case 'case.update':
          await store.updateCaseMeta(effect.caseId, effect.patch, write);
          break;
        default:
          if (OUTWARD.has(effect.type)) {
            queued.push({
              // Time-ordered prefix so the outbox is processed in the order effects arose. A turn processed
              // again after its state could not be saved reuses its items' ids: they are replaced, not doubled.
              id: this.unsaved.get(turnId)?.[queued.length] ?? `${now.getTime().toString(36)}-${(this.outboxSeq++).toString(36)}-${randomUUID().slice(0, 8)}`,
              kind: effect.type,
              createdAt: now.toISOString(),
              payload: effect,
              attempts: 0,
            });
          }
      }
    }
    return queued;
  }

  /** Creates a case; one that exists already for the same owner was created by this turn before it stopped. */
  private async create(meta: Extract<Effect, { type: 'case.create' }>['meta'], options: TurnWriteOptions): Promise<void> {
    try {
      await this.deps.store.createCase(meta, [], options);
    } catch (err) {
      if (!(err instanceof StoreError && err.code === 'ALREADY_EXISTS')) throw err;
      if ((await this.deps.store.getCase(meta.id))?.meta.owner !== meta.owner) throw err;
    }
  }

  /**
   * The workflow's part of a step (nudge, melding reminder, follow-up, retention): deadlines in the
   * store. Before the user's state is saved, like the case data: applied again by a replayed turn,
   * they change nothing (deterministic ids, closedAt stamped once).
   */
  private async plan(effects: readonly Effect[], now: Date, options: TurnWriteOptions = {}): Promise<void> {
    const settings = this.deps.settings?.() ?? defaultSettings();
    await applyCaseActions(this.deps.store, afterStep(effects, settings, now), settings, now, options);
  }

  private async finish(queued: OutboxItem[]): Promise<void> {
    await this.enqueue(queued);
    this.announce(queued);
  }

  private rememberUnsaved(turnId: string, queued: OutboxItem[]): void {
    // Retries come within minutes; a bound keeps a long outage from growing this without end.
    if (this.unsaved.size >= 1_000) this.unsaved.delete(this.unsaved.keys().next().value as string);
    this.unsaved.set(turnId, queued.map((q) => q.id));
  }

  private async enqueue(queued: OutboxItem[], options: TurnWriteOptions = {}): Promise<void> {
    for (const item of queued) await this.deps.store.enqueue(item, options);
  }

  private announce(queued: OutboxItem[]): void {
    if (queued.length) this.deps.onOutbox?.(queued);
  }

  /**
   * A turn of a user whose stored data (their own file, or a case or deadline file the turn needs)
   * cannot be read. The file is left as it is (for someone to look at) and named once in the log. Acute danger is answered all the same, from a fresh state, and the
   * aandachtsfunctionaris is alerted; anything else gets a plain message instead of an error.
   */
  private async unreadable(userKey: string, input: Input, lang: Lang, err: StoreError): Promise<TurnResult> {
    const where = err.path ?? userKey;
    if (!this.reported.has(where)) {
      if (this.reported.size > 10_000) this.reported.clear();
      this.reported.add(where);
      this.deps.log?.('user.state.unreadable', { platform: userKey.split(':')[0], code: err.code, ...(err.path ? { file: err.path } : {}) });
    }
    if (!isAcute(input)) {
      return { prompts: [{ kind: 'info', tone: 'error', text: this.deps.translator.t(lang, 'error.userDataUnreadable') }], lang, queued: [] };
    }
    return this.acuteFromScratch(userKey, input, lang, 'unreadable', true);
  }

  /**
   * The acute-danger answer while the store cannot be used (a database outage, a full disk): the
   * 112 / Veilig Thuis answer comes from a fresh state and needs no store at all. The alert for the
   * aandachtsfunctionaris is tried afterwards, in the background, so a store that hangs does not
   * hold up the answer; if it cannot be stored it is logged (`turn.acute.alertFailed`).
   */
  acuteWithoutStore(userKey: string, input: Input, lang: Lang): Promise<TurnResult> {
    return this.acuteFromScratch(userKey, input, lang, 'offline', false);
  }

  private async acuteFromScratch(userKey: string, input: Input, lang: Lang, why: string, awaitAlert: boolean): Promise<TurnResult> {
    const now = (this.deps.clock ?? (() => new Date()))();
    const turnId = sha256(`${userKey}\n${why}\n${now.toISOString()}\n${randomUUID()}`).slice(0, 32);
    const result = step(FLOWS, initialState(lang, FLOWS.version), input, this.context(userKey, now, turnId));
    const alert = (async () => {
      const queued = await this.apply(result.effects, turnId, now);
      await this.plan(result.effects, now);
      await this.finish(queued);
      return queued;
    })().catch((applyErr: unknown) => {
      // The answer on screen matters most; the alert is best effort here.
      this.deps.log?.('turn.acute.alertFailed', { error: applyErr instanceof StoreError ? applyErr.code : applyErr instanceof Error ? applyErr.name : 'unknown' });
      return [] as OutboxItem[];
    });
    const queued = awaitAlert ? await alert : [];
    return { prompts: result.prompts, lang, queued };
  }
}
