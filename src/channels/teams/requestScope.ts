/**
 * botbuilder writes to the console while it checks a request: a stack trace for every refused token,
 * the signing key after a bad signature. Each of those errors is also thrown, and the adapter turns
 * what is thrown into one throttled JSON log line, so console output made inside the SDK's handling
 * of a request is dropped: the log stays JSON lines, and an outsider cannot fill it. The bot's own
 * turn runs outside this scope (see `outsideRequestScope`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** What the adapter needs to know about the request it is handling. */
export interface RequestScope {
  /** The peer address, the key of the throttled log lines. */
  source: string;
}

const scope = new AsyncLocalStorage<RequestScope>();
const LEVELS = ['debug', 'error', 'info', 'log', 'trace', 'warn'] as const;
type Writer = (...args: unknown[]) => void;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const target = console as unknown as Record<(typeof LEVELS)[number], Writer>;
  for (const level of LEVELS) {
    const write = target[level];
    target[level] = (...args: unknown[]) => {
      if (scope.getStore() === undefined) write.apply(console, args);
    };
  }
}

export function inRequestScope<T>(request: RequestScope, fn: () => Promise<T>): Promise<T> {
  install();
  return scope.run(request, fn);
}

/** The bot's turn: its console output (if any) is not the SDK's and is not dropped. */
export function outsideRequestScope<T>(fn: () => Promise<T>): Promise<T> {
  return scope.exit(fn);
}

export function currentRequest(): RequestScope | undefined {
  return scope.getStore();
}
