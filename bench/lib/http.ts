/** A lean HTTP client for the load generator (keep-alive, one socket per simulated user at most). */
import http from 'node:http';

export interface Posted {
  status: number;
  body: string;
  /** From writing the request to the end of the response body. */
  ms: number;
}

export const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

export function post(url: string, body: string, headers: Record<string, string>): Promise<Posted> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: 'POST',
        headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Opens `n` keep-alive connections to `base` (n requests at once to a path that answers 404), so a
 * measured load starts on established connections as a steady stream of traffic would.
 */
export async function preconnect(base: string, n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, () => post(`${base}/bench-preconnect`, '{}', { 'Content-Type': 'application/json' })));
}
