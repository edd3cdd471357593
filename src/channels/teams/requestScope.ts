/**
 * botbuilder writes to the console while it checks a request: a stack trace for every refused token,
 * the signing key after a bad signature. Each of those errors is also thrown, and the adapter turns
 * what is thrown into one throttled JSON log line, so console output written by the SDK itself is
 * dropped: the log stays JSON lines, and an outsider cannot fill it. A write is the SDK's when the
 * code calling the console is in one of its packages; the bot's own output (if any) is kept.
 *
 * Which request the adapter is answering (its peer address, the key of the throttled log lines) goes
 * with the turn's logic, the one thing the SDK hands from `process` to `processActivity` unchanged.
 * Neither needs AsyncLocalStorage, whose promise hooks cost every turn on Node 20.
 */

/** What the adapter needs to know about the request it is handling. */
export interface RequestScope {
  /** The peer address, the key of the throttled log lines. */
  source: string;
}

const LEVELS = ['debug', 'error', 'info', 'log', 'trace', 'warn'] as const;
/** The SDK's packages: botbuilder, botbuilder-core and the like, botframework-connector and the like. */
const SDK_FRAME = /[\\/]node_modules[\\/](?:botbuilder|botframework)[^\\/]*[\\/]/;
type Writer = (...args: unknown[]) => void;
let installed = false;

/** Whether the code that called the console (the frame below the writer) is the SDK's. */
function calledBySdk(): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 4;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  // "Error", calledBySdk, the writer, its caller.
  return SDK_FRAME.test(stack.split('\n')[3] ?? '');
}

function install(): void {
  if (installed) return;
  installed = true;
  const target = console as unknown as Record<(typeof LEVELS)[number], Writer>;
  for (const level of LEVELS) {
    const write = target[level];
    target[level] = (...args: unknown[]) => {
      if (!calledBySdk()) write.apply(console, args);
    };
  }
}

const scopes = new WeakMap<object, RequestScope>();

/** The turn's logic for `request`, known as that request's to {@link requestOf}; the SDK's console writes are dropped from now on. */
export function forRequest<L extends object>(request: RequestScope, logic: L): L {
  install();
  scopes.set(logic, request);
  return logic;
}

/** The request a turn's logic was made for with {@link forRequest}. */
export function requestOf(logic: object): RequestScope | undefined {
  return scopes.get(logic);
}
