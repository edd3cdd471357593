/**
 * A lean HTTP client for load and fuzz tests: node:http over keep-alive sockets. Much cheaper per
 * request than fetch (no WHATWG streams), which matters when client and servers share one process.
 */
import http from 'node:http';

export interface Sent {
  /** The HTTP status, or -1 when no response came (connection refused or reset, timeout). */
  status: number;
  body: string;
  /** Why no response came (e.g. ECONNRESET), and whether the request went out on a reused socket. */
  error?: string;
}

/**
 * Keep-alive, but an idle socket is dropped after 1 s: well before the server's own idle timeout
 * (65 s, announced in its Keep-Alive header), so this client never sends a request on a connection
 * the server is closing at that moment. Without `timeout` Node's agent keeps idle sockets for ever
 * and ignores the server's hint.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 1_000 });

export function httpSend(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; timeoutMs?: number } = {},
): Promise<Sent> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (sent: Sent) => {
      if (done) return;
      done = true;
      resolve(sent);
    };
    let req: http.ClientRequest;
    try {
      // The timeout as an option (not req.setTimeout, which applies only once a new socket has connected):
      // it replaces the agent's idle timeout the moment a socket is given to this request.
      req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent, timeout: init.timeoutMs ?? 20_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish({ status: res.statusCode ?? -1, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => finish({ status: -1, body: '' }));
      });
    } catch {
      // An invalid header value: nothing was sent.
      finish({ status: -1, body: '' });
      return;
    }
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => finish({ status: -1, body: '', error: `${err.code ?? err.message}${req.reusedSocket ? ' (reused socket)' : ''}` }));
    req.end(init.body);
  });
}

/** Closes the idle keep-alive sockets (so a test's servers can close promptly). */
export function closeIdleSockets(): void {
  agent.destroy();
}
