/**
 * A TCP proxy on 127.0.0.1 that stands for a database server going down and coming back: `shut()`
 * cuts every connection through it and stops listening (new connections are refused, as by a
 * stopped server), `open()` listens on the same port again. The real server behind it is untouched.
 */
import net from 'node:net';

export class TcpGate {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private listenPort = 0;
  /** Connections accepted since the gate was made. */
  accepted = 0;

  constructor(
    private readonly target: { host: string; port: number },
  ) {}

  get port(): number {
    return this.listenPort;
  }

  /** Listens (again) on the gate's port (a free one the first time). */
  async open(): Promise<void> {
    const server = net.createServer((client) => {
      this.accepted += 1;
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        // A cut connection is the point of this gate: errors end both sides, they are not failures here.
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.listenPort = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Cuts every open connection and stops listening, so new connections are refused. */
  async shut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
