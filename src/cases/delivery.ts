/**
 * What a failed delivery to a channel means, and what happens next: a sink turns the platform's answer
 * into a {@link DeliveryError}; the dispatcher then waits and tries again (`retry`), stops and reports it
 * (`permanent`), or, when it cannot know whether the post arrived (`ambiguous`), checks before posting
 * again where the platform lets it and otherwise reports it as unsure. Platform-neutral: the Teams and
 * Slack sinks map their own error shapes onto {@link classifyStatus} and {@link classifyNetwork}.
 */

/** What the dispatcher does with the item for this sink. */
export type FailureKind = 'retry' | 'permanent' | 'ambiguous';

/**
 * Why, as a stable code (written to the log and kept with a dead letter):
 * - `rate-limited`: the platform asked us to wait (429, Slack `ratelimited`).
 * - `unavailable`: the platform could not be reached or said so (connection refused, 503).
 * - `channel-gone`: the channel is deleted, archived, or the app is not (or no longer) in it.
 * - `no-access`: the app was removed, blocked or lost its rights (403, Slack `token_revoked`, `missing_scope`).
 * - `rejected`: the platform refused the post itself (another 4xx): posting it again would not help.
 * - `unsure`: an error after the post was sent (500/502/504, a timeout or a reset connection).
 * - `failed`: anything else (our own error): tried again later.
 */
export type FailureReason = 'rate-limited' | 'unavailable' | 'channel-gone' | 'no-access' | 'rejected' | 'unsure' | 'failed';

/** Reasons of a dead letter that a newly registered channel makes deliverable again. */
export const RESTORABLE: ReadonlySet<FailureReason> = new Set(['channel-gone', 'no-access']);

/** A delivery that did not happen, classified. Thrown by a sink's `post`. */
export class DeliveryError extends Error {
  readonly code = 'DELIVERY_FAILED';

  constructor(
    readonly kind: FailureKind,
    readonly reason: FailureReason,
    opts: { status?: number; platformCode?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(`delivery ${kind}: ${reason}${opts.status ? ` (${opts.status})` : ''}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DeliveryError';
    this.status = opts.status;
    this.platformCode = opts.platformCode;
    this.retryAfterMs = opts.retryAfterMs;
  }

  /** The HTTP status, when there was one. */
  readonly status: number | undefined;
  /** The platform's own error code (e.g. Slack's `channel_not_found`), for the log. */
  readonly platformCode: string | undefined;
  /** How long the platform asked us to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs: number | undefined;
}

/**
 * The back-off after transient failures: 30 s, doubling, at most 30 minutes. The one place this schedule
 * lives. `reportAfter`: at this many failed attempts of one post (an hour and a half of back-off) the leads are
 * told once that it is delayed; it is still tried after that.
 */
export const BACKOFF = { firstMs: 30_000, factor: 2, maxMs: 30 * 60_000, reportAfter: 9 } as const;

/** How long to wait after the `attempts`-th failed attempt (1 = the first failure). */
export function backoffMs(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  return Math.min(BACKOFF.maxMs, BACKOFF.firstMs * BACKOFF.factor ** Math.min(n - 1, 30));
}

/** When the next attempt may be made after this failure: the platform's Retry-After if given, else the back-off. */
export function retryAt(failure: DeliveryError, attempts: number, now: Date): Date {
  const wait = failure.retryAfterMs !== undefined ? Math.min(Math.max(failure.retryAfterMs, 1_000), 24 * 3_600_000) : backoffMs(attempts);
  return new Date(now.getTime() + wait);
}

/** A `Retry-After` header value (seconds, or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | number | null | undefined, now: Date = new Date()): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1_000 : undefined;
  const at = Date.parse(String(value));
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * An HTTP answer of a channel's API. 404 means the conversation or channel is gone, 403 that the app may
 * not post there (removed from the team, blocked by the user): both permanent. 429 and 503 are transient;
 * 500, 502 and 504 are ambiguous (the post may have been made).
 */
export function classifyStatus(status: number, retryAfterMs?: number, cause?: unknown): DeliveryError {
  const opts = { status, retryAfterMs, cause };
  if (status === 429) return new DeliveryError('retry', 'rate-limited', opts);
  if (status === 503) return new DeliveryError('retry', 'unavailable', opts);
  if (status === 500 || status === 502 || status === 504) return new DeliveryError('ambiguous', 'unsure', opts);
  if (status === 404 || status === 410) return new DeliveryError('permanent', 'channel-gone', opts);
  if (status === 401 || status === 403) return new DeliveryError('permanent', 'no-access', opts);
  if (status >= 400 && status < 500) return new DeliveryError('permanent', 'rejected', opts);
  return new DeliveryError('ambiguous', 'unsure', opts);
}

/** Errors that mean the request never reached the platform: safe to send again. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'CERT_HAS_EXPIRED']);
/** Errors after the request may have been sent: the post may exist. */
const MAYBE_SENT = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** The errno-like code of a network error, looking through `cause` chains. */
export function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NOT_SENT.has(code) || MAYBE_SENT.has(code))) return code;
    if ((e as { name?: unknown }).name === 'AbortError' || (e as { name?: unknown }).name === 'TimeoutError') return 'ETIMEDOUT';
  }
  return undefined;
}

/** A network error (no HTTP answer): refused before sending → retry; reset or timed out after → ambiguous; undefined if it is none. */
export function classifyNetwork(err: unknown): DeliveryError | undefined {
  const code = networkCode(err);
  if (code === undefined) return undefined;
  if (NOT_SENT.has(code)) return new DeliveryError('retry', 'unavailable', { platformCode: code, cause: err });
  return new DeliveryError('ambiguous', 'unsure', { platformCode: code, cause: err });
}

/** Any thrown value as a classified failure: a DeliveryError as it is, a network error by its code, else `failed` (retried). */
export function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  return classifyNetwork(err) ?? new DeliveryError('retry', 'failed', { cause: err });
}
