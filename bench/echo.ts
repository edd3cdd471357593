/**
 * The floor: a bare botbuilder echo bot (CloudAdapter, empty app id so authentication is off,
 * express with express.json(), an ActivityHandler that echoes the text with ctx.sendActivity).
 * Whatever our server costs above this is our own code.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express from 'express';

export interface EchoBot {
  url: string;
  close(): Promise<void>;
}

class EchoHandler extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      await ctx.sendActivity(`echo: ${ctx.activity.text ?? ''}`);
      await next();
    });
  }
}

export async function startEchoBot(port = 0): Promise<EchoBot> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));
  const bot = new EchoHandler();
  const app = express();
  app.use(express.json());
  app.post('/api/messages', (req, res, next) => {
    adapter.process(req, res, (ctx) => bot.run(ctx)).catch(next);
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// `npx tsx bench/echo.ts [port]` runs it on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  const bot = await startEchoBot(Number(process.argv[2] ?? 3979));
  console.log(`echo bot on ${bot.url}/api/messages`);
}
