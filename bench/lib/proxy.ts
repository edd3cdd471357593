/**
 * A tiny loopback HTTP proxy that hands each request to the next of several servers in turn
 * (round robin), as a load balancer in front of two instances on one store would: the same user's
 * turns land on either instance.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Proxy {
  url: string;
  stop(): Promise<void>;
}

export async function startProxy(targets: string[]): Promise<Proxy> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const upstream = targets.map((t) => new URL(t));
  let next = 0;
  const server = http.createServer((req, res) => {
    const to = upstream[next++ % upstream.length] as URL;
    // The instance's own host name: the server refuses other hosts (its guard against DNS rebinding).
    const headers = { ...req.headers, host: to.host };
    const out = http.request({ agent, host: to.hostname, port: to.port, path: req.url, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
