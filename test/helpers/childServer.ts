/**
 * The real server as a child process (`node --import tsx src/main.ts`), to be killed and restarted.
 * Runs with a minimal environment (no credentials from the parent) and its working directory in the
 * test's temp folder, so no developer `.env` is picked up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = path.join(ROOT, 'src', 'main.ts');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** Every child ever started, so a test's afterAll can make sure none outlives it. */
const children = new Set<ChildProcess>();

/** A port nothing listens on right now (the kernel's pick, released again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export class ChildServer {
  private proc: ChildProcess | undefined;
  /** The last few kilobytes of the child's stderr and non-JSON stdout, for failure messages. */
  private tail = '';
  readonly url: string;
  starts = 0;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly cwd: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get running(): boolean {
    return this.proc !== undefined && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  get output(): string {
    return this.tail;
  }

  private keep(text: string): void {
    this.tail = (this.tail + text).slice(-4000);
  }

  /** Starts the server and resolves once /healthz answers; rejects if the process exits first. */
  async start(timeoutMs = 150_000): Promise<void> {
    if (this.running) throw new Error('already running');
    const proc = spawn(process.execPath, ['--import', TSX, MAIN], {
      cwd: this.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    children.add(proc);
    this.starts++;
    proc.once('exit', () => children.delete(proc));
    // Read both pipes continuously: a full pipe would block the server.
    proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line && !line.startsWith('{')) this.keep(`${line}\n`);
    });
    proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.keep(chunk));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`the server exited during start-up (code ${proc.exitCode}, signal ${proc.signalCode}): ${this.tail}`);
      const ok = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the server did not answer /healthz within ${timeoutMs} ms: ${this.tail}`);
  }

  /** SIGKILL: no shutdown code runs, as in a crash or an OOM kill. Resolves once the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.running) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  }
}

/** Kills every child still running (for afterAll, also after a failed test). */
export async function killAllChildren(): Promise<void> {
  await Promise.all(
    [...children].map(
      (proc) =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          proc.once('exit', () => resolve());
          proc.kill('SIGKILL');
        }),
    ),
  );
}

/**
 * A child process whose whole output is kept, for tests of what the server writes: `entry` is a
 * TypeScript file run like src/main.ts (default), with a minimal environment and `cwd` as working folder.
 */
export class OutputChild {
  stdout = '';
  stderr = '';
  /** Resolves once the process has exited and its output is read to the end. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly proc: ChildProcess;

  constructor(env: Record<string, string>, cwd: string, entry = MAIN) {
    this.proc = spawn(process.execPath, ['--import', TSX, entry], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(this.proc);
    this.proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.closed = new Promise((resolve) =>
      this.proc.once('close', (code, signal) => {
        children.delete(this.proc);
        resolve({ code, signal });
      }),
    );
  }

  /** Polls until `done` holds; rejects with the output so far if the process ends first or the limit passes. */
  async waitFor(done: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null || Date.now() > deadline) {
        throw new Error(`no ${what} (exit ${this.proc.exitCode}, signal ${this.proc.signalCode}):\n${this.stdout}\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops the process and waits until all it wrote has been read. */
  async stop(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    await this.closed;
  }
}
