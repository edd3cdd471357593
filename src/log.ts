/**
 * The structured log: one JSON object per line on stdout (pino), `{"level","t","event",…fields}`.
 *
 * Redaction by construction: a line holds an event name and fields of an allow-listed shape only: numbers,
 * booleans, and short one-word strings under a key whose kind is known (an id, an enum value, a code).
 * Any other value (free text, an answer, a name under an unknown key, an error message, an object) is
 * written as "[redacted]", whatever the caller passes. pino's `redact` paths for the keys that would hold
 * personal data are a second net. Errors carry a stable `code` from log-codes.ts.
 *
 * Modules below the app (store, cases, org) are handed a {@link Logger}; they import this file as a type only.
 */
import { pino, type DestinationStream } from 'pino';
import { classify } from './log-codes.js';

/** Fields of a log line. Any value may be passed; what is written is decided by {@link logFields}. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Writes one log line: an event name ("turn", "dispatch.failed") and its fields. Declared through a method so
 * that its parameters compare bivariantly: the loggers written as `(event, fields: Record<…>) => …` (tests,
 * the CLI) fit it as they are.
 */
export type Logger = { log(event: string, fields?: LogFields): void }['log'];

export const REDACTED = '[redacted]';

type Kind = 'id' | 'enum' | 'code' | 'count';

/**
 * Ids: case ids, platform user keys, node ids, file names inside the data folder, source addresses. One token;
 * a capital letter only in a token that also holds a digit or a separator (an id, not a capitalised word).
 */
const ID = /^(?=[^A-Z]*$|.*[0-9:_\-/.#@])[A-Za-z0-9:][A-Za-z0-9:._\-/#@+]{0,119}$/;
/** Enum values: one lower-case word ("teams", "answer", "retention", "case.log"). */
const ENUM = /^[a-z][a-z0-9._-]{0,47}$/;
/** Codes: "E_DISPATCH", "ECONNREFUSED", "GET", an error class ("TypeError"), a platform's "not_in_channel". */
const CODE = /^(?:[A-Z][A-Z0-9_]{1,63}|[A-Z][A-Za-z]{0,40}Error|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)$/;
/** Counts, durations, flags: a number or a boolean, never a string. */
const NONE = /(?!)/;
const PATTERN: Record<Kind, RegExp> = { id: ID, enum: ENUM, code: CODE, count: NONE };

/**
 * The only keys a line may hold, and what kind of value each holds; numbers and booleans are written under any
 * of them. A key not listed here is left out and counted in `redactedKeys` (a key can hold text too): list a
 * new field here to have it written.
 */
const FIELD_KINDS: Readonly<Record<string, Kind>> = {
  caseId: 'id',
  cases: 'id',
  item: 'id',
  by: 'id',
  source: 'id',
  file: 'id',
  node: 'id',
  turn: 'id',
  sink: 'id',
  handler: 'id',
  platform: 'enum',
  input: 'enum',
  effects: 'enum',
  kind: 'enum',
  reason: 'enum',
  role: 'enum',
  outcome: 'enum',
  status: 'enum',
  level: 'enum',
  code: 'code',
  cause: 'code',
  error: 'code',
  method: 'code',
  entries: 'count',
  files: 'count',
  suppressed: 'count',
  reseed: 'count',
  count: 'count',
  ms: 'count',
  durationMs: 'count',
  attempts: 'count',
  bytes: 'count',
  port: 'count',
};

/** Keys that hold personal data or free text wherever they appear: pino censors them as a second net. */
const SENSITIVE = ['text', 'answer', 'answers', 'value', 'message', 'name', 'summary', 'label', 'note', 'phone', 'email', 'body', 'problem'];
const REDACT_PATHS = SENSITIVE.flatMap((k) => [k, `*.${k}`]);

/** Keys of the line itself: a listed field of that name is written with a trailing "_" instead. */
const RESERVED = new Set(['level', 't', 'event']);
const EVENT = /^[a-z][A-Za-z0-9._-]{0,63}$/;

function scalar(kind: Kind | undefined, v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : REDACTED;
  if (typeof v === 'boolean' || v === null) return v;
  if (typeof v === 'string' && kind !== undefined && PATTERN[kind].test(v)) return v;
  return REDACTED;
}

/**
 * The fields as they will be written: only listed keys; numbers and booleans as they are; strings only matching
 * their key's kind; arrays of such values (at most 50); anything else "[redacted]". Undefined is left out.
 */
export function logFields(fields: LogFields = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const kind = Object.hasOwn(FIELD_KINDS, key) ? FIELD_KINDS[key] : undefined;
    if (kind === undefined) {
      // A key can carry text too (an object spread into the fields): it is counted, never written.
      out.redactedKeys = (typeof out.redactedKeys === 'number' ? out.redactedKeys : 0) + 1;
      continue;
    }
    const value = Array.isArray(v) ? (v.length <= 50 ? v.map((x) => scalar(kind, x)) : REDACTED) : scalar(kind, v);
    out[RESERVED.has(key) ? `${key}_` : key] = value;
  }
  return out;
}

/** What a line holds besides level and time: the event, its code for an error, the allowed fields. */
export function logLine(event: string, fields?: LogFields): { level: 'info' | 'warn' | 'error'; event: string; line: Record<string, unknown> } {
  const name = EVENT.test(event) ? event : 'log.event.invalid';
  const { level, code } = classify(name);
  const line = logFields(fields);
  if (code !== undefined) {
    // The listed code is the line's code; a different one the caller gave (an errno, a store code) is the cause.
    if (typeof line.code === 'string' && line.code !== code && line.code !== REDACTED && line.cause === undefined) line.cause = line.code;
    line.code = code;
  }
  return { level, event: name, line };
}

export interface LoggerOptions {
  /** Where lines go; when not given, file descriptor `fd` (1, stdout, by default), written synchronously. */
  destination?: DestinationStream;
  fd?: 1 | 2;
  /** The time written as `t`. */
  clock?: () => Date;
}

/** The production logger: pino, one JSON line per event, fields passed through {@link logLine}. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const clock = opts.clock ?? (() => new Date());
  const base = pino(
    {
      base: null,
      messageKey: 'event',
      timestamp: () => `,"t":"${clock().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    opts.destination ?? pino.destination({ dest: opts.fd ?? 1, sync: true }),
  );
  return (event, fields) => {
    const line = logLine(event, fields);
    base[line.level](line.line, line.event);
  };
}
