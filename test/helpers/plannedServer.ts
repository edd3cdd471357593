/**
 * A local HTTP server for tests of a platform client's HTTP: it records every request and answers each
 * with the next planned answer (a status, headers and body; a connection closed without an answer; or
 * no answer at all), else with `fallback(n)` for the n-th request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** 'destroy': the connection closed without an answer; 'silent': no answer ever; 'cut': 200 and half a body, then closed. */
export type PlannedAnswer = { status: number; headers?: Record<string, string>; body?: string } | 'destroy' | 'silent' | 'cut';

export class PlannedServer {
  readonly received: Received[] = [];
  readonly plan: PlannedAnswer[] = [];
  private server?: http.Server;
  url = '';

  constructor(
    /** The path the base URL ends with ("/api/", "/emea/"). */
    private readonly base: string,
    private readonly fallback: (n: number) => Exclude<PlannedAnswer, string>,
  ) {}

  async start(): Promise<this> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = this.plan.shift() ?? this.fallback(this.received.length);
        if (answer === 'destroy') {
          req.socket.destroy();
          return;
        }
        if (answer === 'silent') return; // Never answers; closed with the server.
        if (answer === 'cut') {
          res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': '100' });
          res.write('{"id":"cut', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', ...answer.headers });
        res.end(answer.body ?? '');
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${this.base}`;
    return this;
  }

  /** Forgets what was received and planned (between tests). */
  reset(): void {
    this.received.length = 0;
    this.plan.length = 0;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
