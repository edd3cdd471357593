/**
 * A local fake of Slack's servers: the Web API (`POST /api/<method>`, form or JSON bodies) and
 * `response_url`s. Records every call and answers like Slack does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
  /** The message ts the fake answered a chat.postMessage with (or gave the message it failed after posting). */
  ts?: string;
  /** The call was answered with a failure. */
  failed?: boolean;
}

/** How the fake fails the next chat.postMessage: an HTTP status, or Slack's `ok: false` error code. */
export interface PostFailure {
  status?: number;
  headers?: Record<string, string>;
  error?: string;
  /** The message is posted all the same before the failure is answered (as when Slack fails after the work). */
  posted?: boolean;
}

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** The next chat.postMessage calls fail with these, one each, in order. */
  readonly failPost: PostFailure[] = [];
  /** Locale users.info reports, per user id (default nl-NL). */
  readonly locales = new Map<string, string>();
  /** When set, files.getUploadURLExternal answers with this error (e.g. `missing_scope`: no files:write). */
  uploadError?: string;
  /** The bytes uploaded to each file's upload URL, by file id. */
  readonly uploads = new Map<string, Buffer>();
  private files = 0;
  private server?: http.Server;
  private ts = 1700000000;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const raw = bytes.toString('utf8');
        const type = req.headers['content-type'] ?? '';
        let body: Record<string, unknown> = {};
        if (type.includes('application/json')) body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        else body = Object.fromEntries(new URLSearchParams(raw));
        for (const k of ['blocks', 'view', 'attachments', 'files', 'metadata']) {
          if (typeof body[k] === 'string') body[k] = JSON.parse(body[k] as string);
        }
        const path = (req.url ?? '').split('?')[0] ?? '';
        const method = path.startsWith('/api/') ? path.slice(5) : path;
        const call: SlackCall = { method, body };
        this.calls.push(call);
        const send = (json: unknown) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        // A file's bytes, at the upload URL files.getUploadURLExternal gave (any encoding: the bytes are kept whole).
        if (method.startsWith('/upload/')) {
          this.uploads.set(method.slice('/upload/'.length), bytes);
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          return res.end(`OK - ${bytes.length}`);
        }
        switch (method) {
          case 'files.getUploadURLExternal': {
            if (this.uploadError) return send({ ok: false, error: this.uploadError });
            const id = `F${++this.files}`;
            return send({ ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id });
          }
          case 'files.completeUploadExternal':
            return send({ ok: true, files: body.files });
          case 'conversations.open':
            return send({ ok: true, channel: { id: `D${String(body.users)}` } });
          case 'auth.test':
            return send({ ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'meldcode', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' });
          case 'chat.postMessage': {
            const channel = String(body.channel);
            const failure = this.failPost.shift();
            if (failure) {
              call.failed = true;
              if (failure.posted) call.ts = `${++this.ts}.000100`;
              if (failure.error) return send({ ok: false, error: failure.error });
              res.writeHead(failure.status ?? 500, { 'Content-Type': 'application/json', ...failure.headers });
              res.end(JSON.stringify({ ok: false }));
              return;
            }
            call.ts = `${++this.ts}.000100`;
            return send({ ok: true, channel: channel.startsWith('U') ? `D${channel}` : channel, ts: call.ts, message: body });
          }
          case 'conversations.history': {
            if (String(body.include_all_metadata) === 'true') {
              // The channel's newest messages first, with their metadata: what was posted, failed posts that went through included.
              const inChannel = this.calls.filter((c) => c.method === 'chat.postMessage' && c.ts !== undefined && c.body.channel === body.channel).reverse();
              return send({ ok: true, messages: inChannel.map((c) => ({ type: 'message', ts: c.ts, text: c.body.text, ...(c.body.metadata ? { metadata: c.body.metadata } : {}) })) });
            }
            // Posted messages as last updated: enough for reading back one message by its ts.
            const posted = this.calls.find((c) => c.method === 'chat.postMessage' && c.ts === body.latest);
            if (!posted) return send({ ok: true, messages: [] });
            const update = this.calls.filter((c) => c.method === 'chat.update' && c.body.ts === posted.ts).at(-1);
            const m = update?.body ?? posted.body;
            return send({ ok: true, messages: [{ type: 'message', ts: posted.ts, text: m.text, blocks: m.blocks }] });
          }
          case 'users.info': {
            const user = String(body.user);
            return send({ ok: true, user: { id: user, name: user.toLowerCase(), real_name: `Naam ${user}`, locale: this.locales.get(user) ?? 'nl-NL', profile: { display_name: `Collega ${user}` } } });
          }
          case 'chat.update':
          case 'chat.postEphemeral':
          case 'views.open':
          case 'views.publish':
            return send({ ok: true, ts: body.ts ?? `${++this.ts}.000100` });
          default:
            if (method.startsWith('/respond/')) return send({ ok: true });
            return send({ ok: false, error: 'unknown_method' });
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  of(method: string, from = 0): SlackCall[] {
    return this.calls.slice(from).filter((c) => c.method === method);
  }
}
