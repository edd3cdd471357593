/**
 * The `fetch` the Slack Web API clients are given (WebClient's documented `fetch` option): a Web API call
 * (a POST of a form-encoded string, which is every call the assistant makes but file uploads) goes over
 * Node's own HTTP client on connections kept alive between turns; anything else (a file's bytes, a
 * call with a time limit, a method whose answer WebClient reads from the response's URL) goes to the
 * global `fetch`, as it did before.
 *
 * The answer is a standard `Response`, so WebClient reads it (status, Retry-After, the JSON body) and
 * raises its own errors exactly as with the global fetch; a connection that fails rejects with Node's
 * error, its `code` (ECONNREFUSED, ECONNRESET) telling the outbox whether the post may exist. Through the
 * global fetch a Web API call cost about 0.3 ms of CPU more, and a Slack turn makes two (the clicked
 * question closed, the next one posted).
 */
import type { IncomingMessage } from 'node:http';
import { transportFor, type Agents } from '../http.js';
import { slackLoopTurns, type LoopTurns } from './workQueue.js';

type Fetch = typeof globalThis.fetch;

/** How long a connection may stay silent before the call fails (undici's default headers and body timeouts). */
export const SILENCE_MS = 300_000;

/** Statuses whose response has no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

/** Methods whose answer WebClient reads by the response's URL, which a constructed Response does not have. */
const BY_URL = /\/admin\.analytics\.getFile$/;

function headerPairs(res: IncomingMessage): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
  return pairs;
}

/** Plain headers of a fetch init, if they are a plain object of strings (as WebClient passes them). */
function plainHeaders(headers: RequestInit['headers']): Record<string, string> | undefined {
  if (headers === undefined) return {};
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers) || headers instanceof Headers) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') return undefined;
    out[name] = value;
  }
  return out;
}

export interface SlackFetchOptions {
  /** What takes every request but a Web API call (default: the global fetch). */
  fallback?: Fetch;
  /** How long a connection may stay silent (default {@link SILENCE_MS}). */
  silenceMs?: number;
  /** Where an answer waits for its turn of the event loop (default: the process's, {@link slackLoopTurns}). */
  turns?: LoopTurns;
}

/** A fetch for WebClient: Web API calls posted directly over `agents`, everything else through `fallback`. */
export function slackFetch(agents: Agents, { fallback = globalThis.fetch, silenceMs = SILENCE_MS, turns = slackLoopTurns }: SlackFetchOptions = {}): Fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined;
    const headers = plainHeaders(init?.headers);
    if (url === undefined || !/^https?:\/\//.test(url) || BY_URL.test(url) || init?.method !== 'POST' || typeof init.body !== 'string' || init.signal || headers === undefined) {
      return fallback(input, init);
    }
    const target = new URL(url);
    const body = init.body;
    const { agent, request } = transportFor(target, agents);
    return new Promise<Response>((resolve, reject) => {
      const req = request(target, { method: 'POST', agent, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          let response: Response;
          try {
            response = new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: headerPairs(res) });
          } catch (err) {
            reject(err);
            return;
          }
          // What waited for the answer goes on in a turn of the loop of its own (workQueue.ts).
          void turns.pass().then(() => resolve(response));
        });
      });
      req.on('error', reject);
      // As the global fetch (undici's headers and body timeouts): a connection silent this long is given up.
      req.setTimeout(silenceMs, () => req.destroy(Object.assign(new Error(`no answer from Slack in ${silenceMs / 1000} s`), { code: 'ETIMEDOUT' })));
      req.end(body);
    });
  };
}
