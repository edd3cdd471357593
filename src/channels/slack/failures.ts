/**
 * Slack's Web API errors as classified delivery failures (cases/delivery.ts). Slack answers most errors
 * with HTTP 200 and `ok: false, error: "<code>"`; a rate limit with 429 and Retry-After (or `ratelimited`).
 */
import { classifyNetwork, classifyStatus, DeliveryError } from '../../cases/delivery.js';

/** The channel is gone, or the app is not (or no longer) in it: a registration of a channel fixes it. */
const CHANNEL_GONE = new Set(['channel_not_found', 'is_archived', 'channel_is_archived', 'not_in_channel']);
/** The app lost its access: installed again and a channel registered, it can post again. */
const NO_ACCESS = new Set(['account_inactive', 'token_revoked', 'token_expired', 'invalid_auth', 'not_authed', 'missing_scope', 'no_permission', 'team_access_not_granted', 'ekm_access_denied', 'restricted_action', 'org_login_required']);
/** Slack says it may have done part of the work: the post may exist. */
const MAYBE_DONE = new Set(['internal_error', 'fatal_error', 'request_timeout']);
/** Slack is briefly unavailable: nothing was done. */
const UNAVAILABLE = new Set(['service_unavailable', 'team_added_to_org']);

interface SlackErrorShape {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  headers?: Record<string, string>;
  original?: unknown;
  data?: { error?: unknown; response_metadata?: { retryAfter?: unknown } };
}

export function slackFailure(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = (err ?? {}) as SlackErrorShape;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return new DeliveryError('retry', 'rate-limited', { status: 429, platformCode: 'ratelimited', retryAfterMs: typeof e.retryAfter === 'number' ? e.retryAfter * 1_000 : undefined, cause: err });
    case 'slack_webapi_http_error': {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
      const retryAfter = Number(e.headers?.['retry-after']);
      return classifyStatus(status, Number.isFinite(retryAfter) ? retryAfter * 1_000 : undefined, err);
    }
    case 'slack_webapi_request_error':
      // No answer at all: refused before sending is safe to repeat; anything else may have been sent.
      return classifyNetwork(e.original) ?? new DeliveryError('ambiguous', 'unsure', { cause: err });
    case 'slack_webapi_platform_error': {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      const platformCode = /^[a-z0-9_]+$/.test(code) ? code : undefined;
      if (code === 'ratelimited') {
        const after = e.data?.response_metadata?.retryAfter;
        return new DeliveryError('retry', 'rate-limited', { platformCode, retryAfterMs: typeof after === 'number' ? after * 1_000 : undefined, cause: err });
      }
      if (CHANNEL_GONE.has(code)) return new DeliveryError('permanent', 'channel-gone', { platformCode, cause: err });
      if (NO_ACCESS.has(code)) return new DeliveryError('permanent', 'no-access', { platformCode, cause: err });
      if (MAYBE_DONE.has(code)) return new DeliveryError('ambiguous', 'unsure', { platformCode, cause: err });
      if (UNAVAILABLE.has(code)) return new DeliveryError('retry', 'unavailable', { platformCode, cause: err });
      return new DeliveryError('permanent', 'rejected', { platformCode, cause: err });
    }
    default:
      return classifyNetwork(err) ?? new DeliveryError('retry', 'failed', { cause: err });
  }
}
