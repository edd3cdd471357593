/**
 * The connector client's two send operations (a reply to an activity, a message to a conversation)
 * posted with Node's own HTTP client, the client's credentials signing each request as the SDK does.
 *
 * Through the client's Azure request pipeline (about a dozen policies, a type-directed serializer
 * walking the activity, the answer deserialized against its mapper) one post of a card costs about
 * 0.4 ms of CPU more than the same bytes posted directly: most of what a turn costs above a bare
 * echo bot. Only a 2xx answer ends here. Any other answer, a network error (a kept-alive socket the
 * connector closed, say) or a proxy configured for the process hands the very same call to the
 * client's own operation, so every failure a caller sees, every retry and every header it reads
 * (Retry-After) is the SDK's, exactly as before.
 */
import type http from 'node:http';
import type { Activity, ResourceResponse } from 'botbuilder';
import { ConversationConstants, type ConnectorClient } from 'botframework-connector';
import { proxyConfigured, transportFor, type Agents } from '../http.js';

/** The service URL the client posts to (protected in its type; the SDK's factory sets it from the activity). */
function baseUriOf(client: ConnectorClient): string | undefined {
  const uri = (client as unknown as { baseUri?: unknown }).baseUri;
  return typeof uri === 'string' && uri !== '' ? uri : undefined;
}

/** What a post answered with: the parsed 2xx answer, or undefined for anything the SDK should handle. */
type Posted = ResourceResponse | undefined;

interface Signable {
  headers: { set(name: string, value: string): void };
}

/** The credentials' signature (the bot's bearer token, none when authentication is off), as the SDK's pipeline adds it. */
async function authorization(client: ConnectorClient): Promise<string | undefined> {
  let value: string | undefined;
  const request: Signable = {
    headers: {
      set: (name, v) => {
        if (name.toLowerCase() === 'authorization') value = v;
      },
    },
  };
  await client.credentials.signRequest(request as unknown as Parameters<ConnectorClient['credentials']['signRequest']>[0]);
  return value;
}

/** One client's posts, over agents kept alive between turns (the connector answers every turn on the same few sockets). */
class DirectPoster {
  readonly #base: URL;
  readonly #agents: Agents;
  readonly #userAgent: string;

  constructor(
    private readonly client: ConnectorClient,
    baseUri: string,
    agents: Agents,
  ) {
    this.#base = new URL(baseUri);
    if (!this.#base.pathname.endsWith('/')) this.#base.pathname = `${this.#base.pathname}/`;
    this.#agents = agents;
    const prefix = (client as unknown as { options?: { userAgent?: unknown } }).options?.userAgent;
    this.#userAgent = `${typeof prefix === 'string' ? prefix.trim() : 'botframework-connector'} Node/${process.version}`;
  }

  /**
   * POST v3/conversations/{conversationId}/activities[/{activityId}], as the SDK's operation specs name them.
   * Whatever fails before an answer (the token, a header Node refuses, the connection) leaves the call to the SDK.
   */
  async post(conversationId: string, activityId: string | undefined, activity: Partial<Activity>): Promise<Posted> {
    try {
      return await this.#post(conversationId, activityId, activity);
    } catch {
      return undefined;
    }
  }

  async #post(conversationId: string, activityId: string | undefined, activity: Partial<Activity>): Promise<Posted> {
    const path = `v3/conversations/${encodeURIComponent(conversationId)}/activities${activityId === undefined ? '' : `/${encodeURIComponent(activityId)}`}`;
    const url = new URL(path, this.#base);
    const body = JSON.stringify(activity);
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      Accept: 'application/json',
      'User-Agent': this.#userAgent,
    };
    if (activityId !== undefined) headers[ConversationConstants.ConversationIdHttpHeaderName] = conversationId;
    const auth = await authorization(this.client);
    if (auth !== undefined) headers.Authorization = auth;
    const { agent, request } = transportFor(url, this.#agents);
    return new Promise<Posted>((resolve) => {
      const req = request(url, { method: 'POST', agent, headers }, (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          // Not ours to judge: the SDK posts again and reads the answer (status, Retry-After, error body) itself.
          res.resume();
          resolve(undefined);
          return;
        }
        // A 2xx: the activity is posted. Should its body not arrive whole, it is posted all the same (no id known).
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(resourceResponse(Buffer.concat(chunks).toString('utf8'))));
        res.on('error', () => resolve(resourceResponse('')));
        res.on('close', () => resolve(resourceResponse('')));
      });
      req.on('error', () => resolve(undefined));
      req.end(body);
    });
  }
}

/**
 * A 2xx answer's ResourceResponse: its `id` when it names one. The message is delivered whatever the body
 * says, so an empty or unreadable body answers `{}` rather than an error that would make the turn send it again.
 */
export function resourceResponse(text: string): ResourceResponse {
  if (text.trim() === '') return {} as ResourceResponse;
  try {
    const parsed = JSON.parse(text) as { id?: unknown };
    return (typeof parsed?.id === 'string' ? { id: parsed.id } : {}) as ResourceResponse;
  } catch {
    return {} as ResourceResponse;
  }
}

/**
 * The client, with its replyToActivity and sendToConversation posting directly first (see above). Left as
 * it is when a proxy is configured, or when the client was given an HTTP client or proxy of its own.
 */
export function withDirectSends(client: ConnectorClient, agents: Agents, env: NodeJS.ProcessEnv = process.env): ConnectorClient {
  const options = (client as unknown as { options?: { proxySettings?: unknown; httpClient?: unknown } }).options;
  const baseUri = baseUriOf(client);
  if (proxyConfigured(env) || options?.proxySettings !== undefined || options?.httpClient !== undefined || baseUri === undefined || !URL.canParse(baseUri)) return client;
  const poster = new DirectPoster(client, baseUri, agents);
  const conversations = client.conversations;
  type Operation = (...args: unknown[]) => Promise<ResourceResponse>;
  const reply = conversations.replyToActivity.bind(conversations) as Operation;
  const send = conversations.sendToConversation.bind(conversations) as Operation;
  // The SDK calls both with (ids, activity) and awaits the promise; the forms with options or a
  // callback are nobody's in this process, and go to the SDK's own operation untouched.
  Object.assign(conversations, {
    replyToActivity: async (conversationId: string, activityId: string, activity: Partial<Activity>, ...rest: unknown[]) =>
      (rest.length === 0 ? await poster.post(conversationId, activityId, activity) : undefined) ?? reply(conversationId, activityId, activity, ...rest),
    sendToConversation: async (conversationId: string, activity: Partial<Activity>, ...rest: unknown[]) =>
      (rest.length === 0 ? await poster.post(conversationId, undefined, activity) : undefined) ?? send(conversationId, activity, ...rest),
  });
  return client;
}
