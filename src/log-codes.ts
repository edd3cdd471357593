/**
 * Every log event that reports an error, with its stable code, in one place (README "Logging" points here).
 * A line of an event listed in ERROR_CODES is written at level `error` and always carries its code; events
 * in WARN_EVENTS are written at level `warn` (refused requests and other things an outsider or a damaged
 * file can cause), all others at `info`. A code is never reused for another meaning; a new error event gets
 * a new code here (test/unit/log.test.ts checks that every error-like event in src/ is listed).
 */

export const ERROR_CODES = {
  // HTTP and the Teams channel
  'http.error': 'E_HTTP',
  'teams.turn.error': 'E_TEAMS_TURN',
  'teams.request.failed': 'TEAMS_REQUEST_FAILED',
  'teams.auth.unavailable': 'TEAMS_AUTH_METADATA_UNAVAILABLE',
  'teams.notify.failed': 'E_TEAMS_NOTIFY',
  // The aandachtsfunctionaris card could not be redrawn after a status change (the change itself is kept).
  'teams.card.updateFailed': 'E_TEAMS_CARD_UPDATE',
  // A personal message to a user (any platform) that could not be sent (main's server.ts after the channel port).
  'notify.failed': 'E_NOTIFY',
  // Slack
  'slack.error': 'E_SLACK',
  'slack.handler.failed': 'E_SLACK_HANDLER',
  'slack.history.failed': 'E_SLACK_HISTORY',
  'slack.users.info.failed': 'E_SLACK_USERS_INFO',
  'slack.payload.unreadable': 'E_SLACK_PAYLOAD',
  'slack.post.updateFailed': 'E_SLACK_POST_UPDATE',
  // A picture Slack could not be given as a file (no files:write scope, an expired picture): its text is posted.
  'slack.picture.upload.failed': 'E_SLACK_PICTURE_UPLOAD',
  'slack.picture.missing': 'E_SLACK_PICTURE_MISSING',
  // Slack refused a message with an image block (it could not download image_url): the picture goes as a file.
  'slack.picture.refused': 'E_SLACK_PICTURE_REFUSED',
  // Turns, outbox and deadlines
  'turn.acute.alertFailed': 'E_ACUTE_ALERT',
  'user.state.unreadable': 'E_USER_STATE',
  'dispatch.failed': 'E_DISPATCH',
  'af.post.failed': 'E_AF_POST',
  // A channel will not take a post (gone, no access, refused) or it may have arrived: kept as a dead letter and reported.
  'af.post.dead': 'E_AF_POST_DEAD',
  // The leads could not be told about a dead letter (it is kept all the same).
  'af.post.reportFailed': 'E_AF_POST_REPORT',
  // The app was removed from the Teams team or channel, or the channel deleted: the registration is cleared.
  'teams.channel.removed': 'E_TEAMS_CHANNEL_REMOVED',
  // The Slack app was uninstalled or its tokens revoked: Slack cannot be reached until it is installed again.
  'slack.app.revoked': 'E_SLACK_REVOKED',
  'scheduler.failed': 'E_SCHEDULER',
  'deadline.failed': 'E_DEADLINE',
  'reminder.deputy.unreachable': 'E_REMINDER_DEPUTY',
  'reminder.melding.unreachable': 'E_REMINDER_MELDING',
  'export.sweep.failed': 'E_EXPORT_SWEEP',
  // Pictures (app/pictures.ts): one that could not be drawn is shown as its text alternative.
  'picture.failed': 'E_PICTURE',
  'picture.sweep.failed': 'E_PICTURE_SWEEP',
  // Store and settings
  'store.line_skipped': 'E_STORE_LINE_SKIPPED',
  // The integrity sweep after start-up found a data file damaged, undecryptable, rolled back or missing (file, reason).
  'store.damaged': 'E_STORE_DAMAGED',
  // The integrity sweep could not finish (the store could not be read); the files it did not reach are unchecked.
  'store.sweep.failed': 'E_STORE_SWEEP',
  // The leads and beheerders could not be told about damaged data files (the log line names them all the same).
  'store.damage.reportFailed': 'E_STORE_DAMAGE_REPORT',
  'settings.refresh.failed': 'E_SETTINGS_REFRESH',
  // The store could not be used during a turn (database gone, disk full): the user was asked to try again.
  'turn.store.unavailable': 'E_STORE_UNAVAILABLE',
  // A PostgreSQL connection dropped while idle (database restart, terminated backend); the pool replaces it.
  'store.pg.idle.error': 'E_STORE_PG_IDLE',
} as const satisfies Readonly<Record<string, string>>;

export type ErrorEvent = keyof typeof ERROR_CODES;
export type LogCode = (typeof ERROR_CODES)[ErrorEvent] | typeof UNLISTED_CODE;

/** The code of an error-like event ("….failed", "….error") that is not listed above: a bug to fix here. */
export const UNLISTED_CODE = 'E_UNLISTED';

/** Events written at level `warn`: refusals, duplicates, a settings file that differs from the store. */
export const WARN_EVENTS: ReadonlySet<string> = new Set([
  'http.host.refused',
  'teams.auth.refused',
  'teams.channel.refused',
  'teams.tenant.refused',
  'teams.identity.missing',
  'teams.activity.rejected',
  'slack.team.refused',
  'slack.request.future',
  'reminder.no-deputy',
  // A post that will be tried again (rate limit, back-off, or a check for the earlier post first).
  'af.post.retry',
  'settings.file.ignored',
  // /readyz found the store not answering (logged once per change; `store.ready` when it answers again).
  'store.unready',
]);

/** Event names that say "error" without being listed: written as errors with {@link UNLISTED_CODE}. */
export const ERROR_LIKE = /(?:^|\.)(?:error|failed|unreachable|unavailable|unreadable)$|Failed$/;

export type LogLevel = 'info' | 'warn' | 'error';

/** The level of an event and, for an error, its code. */
export function classify(event: string): { level: LogLevel; code?: string } {
  const code = (ERROR_CODES as Readonly<Record<string, string>>)[event];
  if (code !== undefined) return { level: 'error', code };
  if (WARN_EVENTS.has(event)) return { level: 'warn' };
  if (ERROR_LIKE.test(event)) return { level: 'error', code: UNLISTED_CODE };
  return { level: 'info' };
}
