/**
 * A store that cannot be used during a turn (a database gone, a disk full), on every channel: the user
 * gets a calm "probeer het zo opnieuw" in their language, acute danger is answered all the same,
 * /readyz says not ready while /healthz stays up, and the same turn works once the store is back.
 * The outage is a switch on a real file store (the chaos tests make real ones: test/chaos/).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server.js';
import { LowdbStore } from '../../src/store/lowdb.js';
import { FakeConnector } from '../helpers/fakeConnector.js';
import { switchableStore } from '../helpers/outageStore.js';
import { FakeSlack } from '../helpers/fakeSlack.js';
import { SIGNING_SECRET, SlackSender, SlackUser } from '../helpers/slackClient.js';
import { TeamsUser } from '../helpers/teamsClient.js';

const NL_RETRY = 'Probeer het zo opnieuw';
const EN_RETRY = 'Please try again in a moment';

let dir: string;
let running: RunningServer;
let logs: string[];
let down: boolean;


async function start(env: Record<string, string>, options: ServerOptions = {}): Promise<void> {
  const store = switchableStore(await LowdbStore.open(path.join(dir, 'data')), () => down);
  running = await startServer(loadConfig({ DATA_DIR: path.join(dir, 'data'), SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0', ...env }), {
    store,
    log: (event) => logs.push(event),
    ...options,
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-outage-'));
  logs = [];
  down = false;
});
afterEach(async () => {
  down = false;
  await running.close();
  await running.store.close();
  await rm(dir, { recursive: true, force: true });
});

/** The promptId of the question a web answer ends with. */
async function promptOf(res: Response): Promise<string> {
  const ids = [...JSON.stringify(await res.json()).matchAll(/"promptId":"([^"]+)"/g)].map((m) => m[1] ?? '');
  return ids[ids.length - 1] ?? '';
}

const count = (event: string) => logs.filter((e) => e === event).length;

describe('the web chat while the store is down', () => {
  const turn = (body: Record<string, unknown>) =>
    fetch(`${running.url}/web/api/turn`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'outage-user-01', ...body }) });

  beforeEach(() => start({}));

  it('answers 503 with the calm retry message, /readyz 503 with a code only, and the same answer works once the store is back', async () => {
    // Arrange: a case started, at its first question
    const menu = await promptOf(await turn({ start: true }));
    const acuut = await promptOf(await turn({ value: { mc: 'answer', promptId: menu, value: 'nieuw' } }));
    const answer = { value: { mc: 'answer', promptId: acuut, value: 'nee' } };

    // Act: the store goes down
    down = true;
    const failed = await turn(answer);
    const failedBody = (await failed.json()) as { error: string; code: string };
    const ready = await fetch(`${running.url}/readyz`);
    const readyBody = await ready.text();
    const health = await fetch(`${running.url}/healthz`);

    // Assert
    expect(acuut.split('#')[0]).toBe('ctx.acuut');
    expect(failed.status).toBe(503);
    expect(failedBody.code).toBe('STORE_UNAVAILABLE');
    expect(failedBody.error).toContain(NL_RETRY);
    expect(JSON.stringify(failedBody)).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|at .*\.ts:\d+/);
    expect(ready.status).toBe(503);
    expect(JSON.parse(readyBody)).toEqual({ status: 'not ready', store: 'unreachable' });
    expect(health.status).toBe(200);
    expect(count('turn.store.unavailable')).toBe(1);
    expect(count('store.unready')).toBe(1);

    // Act: back up, the same answer again
    down = false;
    const again = await turn(answer);
    const readyAgain = await fetch(`${running.url}/readyz`);

    // Assert: taken once, the dialogue moved on from the question it was at
    expect(again.status).toBe(200);
    expect((await promptOf(again)).split('#')[0]).toBe('ctx.sector');
    expect(readyAgain.status).toBe(200);
    expect(await readyAgain.json()).toEqual({ status: 'ready' });
    expect(count('store.ready')).toBe(1);
  });

  it('speaks English to a user whose language is English, also while the store is down', async () => {
    await turn({ start: true, locale: 'en-GB' });
    down = true;

    const failed = await turn({ text: 'no', locale: 'en-GB' });

    expect(failed.status).toBe(503);
    expect(((await failed.json()) as { error: string }).error).toContain(EN_RETRY);
  });

  it('still answers acute danger with 112 and Veilig Thuis, needing no store write first', async () => {
    await turn({ start: true });
    down = true;

    const res = await turn({ text: 'gevaar' });
    const text = JSON.stringify(await res.json());

    expect(res.status).toBe(200);
    expect(text).toContain('112');
    expect(text).toContain('0800-2000');
    expect(text).not.toContain(NL_RETRY);
  });
});

describe('Teams while the store is down', () => {
  let connector: FakeConnector;
  beforeEach(async () => {
    connector = await new FakeConnector().start();
    await start({ AF_ADMIN_IDS: 'aad-admin' }, { webChat: false });
  });
  afterEach(async () => {
    await connector.stop();
  });

  it('answers the activity and says in the chat to try again shortly; acute danger is still answered', async () => {
    // Arrange
    const anna = new TeamsUser(() => running.url, connector, { aadObjectId: 'aad-anna', name: 'Juf Anna' });
    await anna.say('hallo');
    const node = anna.node();
    down = true;

    // Act (send asserts the activity POST got 200)
    await anna.say('nieuwe zaak');
    const retry = anna.text();
    await anna.say('gevaar');
    const acute = anna.text();
    down = false;
    await anna.send({ type: 'message', text: 'hallo' });

    // Assert
    expect(retry).toContain(NL_RETRY);
    expect(acute).toContain('112');
    expect(count('teams.turn.error')).toBe(0);
    expect(node).toBe('menu');
    expect(anna.node()).not.toBe('');
  });
});

describe('Slack while the store is down', () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await new FakeSlack().start();
    await start({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slack.url}/api/`, SLACK_ADMIN_IDS: 'UADMIN', HOST: '127.0.0.1' });
  });
  afterEach(async () => {
    await slack.stop();
  });

  it('posts the retry message in the person’s DM, and answers acute danger', async () => {
    // Arrange
    const sender = new SlackSender(() => running.url);
    const anna = new SlackUser(sender, slack, () => running.idle(), 'UANNA');
    await anna.command('');
    expect(anna.node()).toBe('menu');
    down = true;

    // Act
    await anna.say('nieuwe zaak');
    const retry = anna.replyText();
    await anna.say('gevaar');
    const acute = anna.replyText();

    // Assert
    expect(retry).toContain(NL_RETRY);
    expect(acute).toContain('112');
    expect(count('slack.handler.failed')).toBe(0);
  });
});
