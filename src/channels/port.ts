/**
 * The one shape of a channel. Every platform (Teams, Slack, the local web chat, …) is a folder
 * that exports one ChannelFactory; src/channels/index.ts lists them and the server mounts what
 * each returns: its HTTP routes, its sink for the aandachtsfunctionaris channel and its way of
 * reaching a person outside a turn. The server knows no channel by name.
 *
 * A dialogue turn passes the same steps on every platform (see {@link runTurn}):
 *   verify    the platform's own checks (signature, token) and the shared ones (app/inbound.ts:
 *             retries and replays, allow-lists; the gateway limits the rate);
 *   normalise the request to a user key, an engine input and the platform's locale;
 *   turn      the gateway and the engine, in the user's language (app/language.ts);
 *   render    the prompts for the platform (cards/);
 *   send      them back;
 *   notify    start delivering what the turn queued for the aandachtsfunctionaris channel.
 */
import type { Router } from 'express';
import type { ChannelDeps } from '../app/channelDeps.js';
import type { TurnResult } from '../app/turns.js';
import type { AfSink } from '../cases/dispatcher.js';
import type { UserChannel } from '../cases/notify.js';
import type { Config } from '../config.js';
import type { Lang } from '../domain/types.js';
import type { Input, Prompt } from '../engine/types.js';
import { isStoreOutage } from '../store/store.js';

/** Start-up options a channel may read (tests' overrides). */
export interface ChannelOptions {
  /** Mount the local web chat and its panel (local mode only); default true. */
  webChat?: boolean;
  /** Overrides of the Teams authentication settings (tests point the OpenID metadata at a local issuer). */
  authOverrides?: object;
}

/** What a channel factory is given: the shared services, the configuration and the start-up options. */
export interface ChannelContext extends ChannelDeps {
  config: Config;
  options: ChannelOptions;
}

/** Reaching a person of this platform outside a turn: prompts (reminders) and short notices. */
export interface ChannelUsers extends UserChannel {
  /** A short plain message; false when the person cannot be reached. */
  text(userKey: string, text: string): Promise<boolean>;
}

/** A mounted channel. Every part is optional: a channel without users or without a panel leaves it out. */
export interface Channel {
  readonly name: string;
  /** HTTP routes, mounted in the order of the channel list (a channel that needs the raw body gets it). */
  readonly router?: Router;
  /** Where summaries for the aandachtsfunctionaris go. */
  readonly sink?: AfSink;
  readonly users?: ChannelUsers;
  /** After the HTTP server listens (e.g. a socket connection of its own). */
  start?(): Promise<void>;
  /** Resolves when no work after an acknowledgement is still running. */
  idle?(): Promise<void>;
  stop?(): Promise<void>;
}

/** A channel's one export: undefined when the configuration does not ask for it. */
export type ChannelFactory = (ctx: ChannelContext) => Channel | undefined;

/** One inbound message, normalised. */
export interface Inbound {
  userKey: string;
  input: Input;
  /** Shown before the turn's own prompts (e.g. "that text was too long"). */
  notes?: Prompt[];
  /** What the platform says about the person's language now (e.g. "en-GB"). */
  locale?: string;
  /** Identifies the request, so a retry is recognised after a restart and on any instance. */
  id?: string;
}

/** The platform part of one dialogue turn: how to answer, given the rendered prompts. */
export interface TurnIo<Out> {
  render(prompts: Prompt[], lang: Lang): Out;
  send(out: Out): Promise<void>;
  /** Deliver what the turn queued before answering (the local panel shows a post as the reporter sees the summary). */
  deliverFirst?: boolean;
  /**
   * How to answer when the store cannot be used (see {@link runTurn}); default: `text` as an error
   * message through render and send.
   */
  unavailable?(text: string, lang: Lang): Promise<void>;
}

/**
 * One dialogue turn through the port: the turn in the user's language, then render, send and
 * notify. Resolves with the turn's result (`duplicate`: a retry of a turn already answered, sent nothing).
 */
export async function runTurn<Out>(deps: Pick<ChannelDeps, 'turns' | 'language' | 'dispatcher' | 'log' | 'translator'>, inbound: Inbound, io: TurnIo<Out>): Promise<TurnResult> {
  // The turn reads the user's state, and the language kept there, itself: this is only for someone without one.
  const lang = await deps.language.seed(inbound.userKey, inbound.locale);
  let result: TurnResult;
  try {
    result = await deps.turns.handle(inbound.userKey, inbound.input, lang, inbound.id === undefined ? undefined : { id: inbound.id });
  } catch (err) {
    if (!isStoreOutage(err)) throw err;
    return storeUnavailable(deps, inbound, lang, io);
  }
  deps.language.noted(inbound.userKey, result.lang);
  if (result.duplicate) return result;
  // The turn is saved and its posts are in the outbox: a delivery that fails now is retried later, never the turn's answer.
  if (io.deliverFirst && result.queued.length) await deps.dispatcher.run().catch((err: unknown) => deps.log('dispatch.failed', { error: err instanceof Error ? err.name : 'unknown' }));
  await io.send(io.render([...(inbound.notes ?? []), ...result.prompts], result.lang));
  if (!io.deliverFirst && result.queued.length) notifyChannel(deps);
  return result;
}

/**
 * The turn could not use the store (a database outage, a full disk): nothing of it was confirmed, so
 * the user is asked, calmly and in their language, to send it again shortly. Their earlier answers
 * are kept: the turn runner saves the dialogue state last, so a failed turn leaves it as it was, and
 * the same input sent again is the same turn (its case log entries are not added twice).
 */
async function storeUnavailable<Out>(deps: Pick<ChannelDeps, 'translator' | 'log'>, inbound: Inbound, lang: Lang, io: TurnIo<Out>): Promise<TurnResult> {
  deps.log('turn.store.unavailable', { platform: inbound.userKey.split(':')[0], input: inbound.input.type });
  const text = deps.translator.t(lang, 'error.storeUnavailable');
  const prompt: Prompt = { kind: 'info', tone: 'error', text };
  if (io.unavailable) await io.unavailable(text, lang);
  else await io.send(io.render([prompt], lang));
  return { prompts: [prompt], lang, queued: [], unavailable: true };
}

/** Starts delivery of the outbox once the current turn has answered. */
export function notifyChannel(deps: Pick<ChannelDeps, 'dispatcher' | 'log'>): void {
  deps.dispatcher.soon((err: unknown) => deps.log('dispatch.failed', { error: err instanceof Error ? err.message : String(err) }));
}

/** A text input longer than a platform accepts: the question again, with why. */
export function tooLong(deps: Pick<ChannelDeps, 'translator'>, lang: Lang, length: number, max: number): Prompt {
  return { kind: 'info', tone: 'error', text: deps.translator.t(lang, 'input.tooLong', { length, max }) };
}
