/**
 * A local fake of the Bot Framework Connector service (the part of Microsoft's servers a bot
 * calls back): it records what the bot sends and answers like the real REST API.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  /** Set for replies and updates. */
  activityId?: string;
  body: Record<string, unknown>;
  /** The Authorization header the bot sent (its own token for the Bot Connector), if any. */
  authorization?: string;
}

/** An error answer the fake gives instead of creating a conversation. */
export interface ConnectorFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /** The next createConversation requests fail with these answers, one each, in order. */
  readonly failCreate: ConnectorFailure[] = [];
  /** Every createConversation request received, failed ones included. */
  createRequests = 0;
  private server?: http.Server;
  private n = 0;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
        const send = (status: number, json: unknown) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        const create = /^\/v3\/conversations\/?$/.exec(path);
        const post = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
        if (req.method === 'POST' && create) {
          this.createRequests++;
          const failure = this.failCreate.shift();
          if (failure) {
            res.writeHead(failure.status, { 'Content-Type': 'application/json', ...failure.headers });
            res.end(JSON.stringify(failure.body ?? { error: { code: 'Failure', message: `status ${failure.status}` } }));
            return;
          }
          const id = `thread-${++this.n}`;
          const activityId = `act-${this.n}`;
          this.calls.push({ method: 'POST', path, conversationId: id, activityId, body, ...authorizationOf(req) });
          return send(201, { id, activityId, serviceUrl: this.url });
        }
        if (post && (req.method === 'POST' || req.method === 'PUT')) {
          const activityId = req.method === 'PUT' ? (post[2] ?? '') : `act-${++this.n}`;
          this.calls.push({ method: req.method, path, conversationId: post[1] ?? '', activityId: post[2], body, ...authorizationOf(req) });
          return send(req.method === 'PUT' ? 200 : 201, { id: activityId });
        }
        send(404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Calls made since `from` (an index into `calls`). */
  since(from: number): ConnectorCall[] {
    return this.calls.slice(from);
  }
}

function authorizationOf(req: http.IncomingMessage): { authorization?: string } {
  return req.headers.authorization === undefined ? {} : { authorization: req.headers.authorization };
}
