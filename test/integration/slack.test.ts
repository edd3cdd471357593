import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { defaultSettings, type OrgSettings } from '../../src/org/settings.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { FakeSlack } from '../helpers/fakeSlack.js';
import { sign, SIGNING_SECRET, SlackSender, SlackUser } from '../helpers/slackClient.js';

let dir: string;
let slack: FakeSlack;
let running: RunningServer;
let sender: SlackSender;

async function start(settings?: OrgSettings, env: Record<string, string> = {}): Promise<void> {
  const config = loadConfig({
    DATA_DIR: dir, SETTINGS_FILE: path.join(dir, 'settings.json'), PORT: '0', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${slack.url}/api/`, SLACK_ADMIN_IDS: 'UADMIN', HOST: '127.0.0.1', ...env,
  });
  let n = 0;
  running = await startServer(config, { settings, log: () => undefined, ids: () => ({ id: `case-${Date.now().toString(36)}-${++n}`, ref: `MC-SLACK${n}` }) });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-slack-'));
  slack = await new FakeSlack().start();
  sender = new SlackSender(() => running.url);
  await start();
});
afterEach(async () => {
  await running.close();
  await slack.stop();
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.key`, { force: true });
});

const idle = () => running.idle();
const user = (id = 'UANNA') => new SlackUser(sender, slack, idle, id);

async function wholeCase(u: SlackUser, deviation?: string): Promise<void> {
  await u.command('');
  expect(u.node()).toBe('menu');
  await u.click('zorgen over een kind');
  await u.click('Nee');
  await u.click('Onderwijs');
  await u.click('thuissituatie');
  await u.click('Een kind');
  await u.click('Met het kind');
  await u.click('4 tot 12');
  await u.tick('Lichamelijke mishandeling');
  await u.click('Nee'); // s1.nieuwkomer
  await u.tick('blauwe plekken');
  expect(u.node()).toBe('s1.feiten');
  await u.typeInModal('Maandag 16/11 blauwe plekken op beide bovenarmen <!channel> gezien.');
  await u.tick('Eigen waarneming');
  await u.click('Overslaan');
  await u.click('vastleggen');
  await u.tick('Een collega');
  await u.say('vandaag');
  await u.say('Eerst met de ouders praten.');
  await u.click('voer het gesprek');
  await u.click('Ja');
  await u.click('bij mijn organisatie');
  await u.click('Ja'); // s3.luisteren
  await u.click('Ja'); // s3.oplossingen
  await u.tick('Ouder');
  await u.say('Vader gaf een verklaring; afspraak over opvoedhulp.');
  await u.click('Overslaan'); // s3.inbreng
  await u.tick('Overleg met Veilig Thuis'); // afw.steun
  expect(u.node()).toBe('afw.q1');
  for (const a of ['Ja', 'Nee', 'Ja', 'Ja']) await u.click(a);
  await u.click('Nog niet');
  if (deviation !== undefined) {
    await u.click('Afsluiten');
    expect(u.node()).toBe('afw.afwijking');
    await u.say(deviation);
    return;
  }
  await u.click('Hulp bieden of organiseren');
  await u.click('Overslaan');
}

describe('Slack through the real Bolt App over signed HTTP', () => {
  it('flags a decision against the advice on the channel post, without its reason', async () => {
    await user('UADMIN').command('kanaal', 'CAF');
    await wholeCase(user(), 'Overlegd met de aandachtsfunctionaris, zorg bleek onterecht.');
    await running.dispatcher.run();
    const posted = JSON.stringify(slack.of('chat.postMessage').find((c) => c.body.channel === 'CAF')?.body);
    expect(posted).toContain('Afwijking van het advies: de reden staat in het dossier');
    expect(posted).not.toContain('onterecht');
  });

  it('updates the channel post in place (chat.update) after the claim and every status change, wherever it was made', async () => {
    await user('UADMIN').command('kanaal', 'CAF');
    await wholeCase(user());
    await running.dispatcher.run();
    const post = slack.of('chat.postMessage').find((c) => c.body.channel === 'CAF');
    expect(JSON.stringify(post?.body.blocks)).toContain('*Stand van zaken*: nieuw');
    const caseId = (await running.store.listCases())[0]?.id ?? '';

    // The claim, on the post itself.
    const blocks = post?.body.blocks as { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
    const claim = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'mc_claim');
    let before = slack.calls.length;
    await new SlackUser(sender, slack, idle, 'ULEAD').action({ type: 'button', action_id: 'mc_claim', value: claim?.value, text: claim?.text }, {}, { blocks: blocks as never, text: String(post?.body.text), ts: String(post?.ts) });
    let updates = slack.of('chat.update', before).filter((c) => c.body.ts === post?.ts);
    expect(updates.length).toBeGreaterThan(0);
    expect(JSON.stringify(updates.at(-1)?.body.blocks)).toContain('Opgepakt door Collega ULEAD');
    // Once picked up, the facts carry the lead's status ("Behandeling"); no second line says it again.
    expect(JSON.stringify(updates.at(-1)?.body.blocks)).toContain('*Behandeling*\\nopgepakt');
    expect(JSON.stringify(updates.at(-1)?.body.blocks)).not.toContain('Stand van zaken');

    // Status changes made elsewhere (the lead's DM, the Teams card, the web panel): each redraws the post.
    for (const [state, shown] of [['in-overleg', 'in overleg'], ['gemeld', 'besluit: gemeld']] as const) {
      before = slack.calls.length;
      await running.lead.setState('slack:T1:ULEAD', caseId, state);
      await idle();
      updates = slack.of('chat.update', before);
      expect(updates.map((c) => [c.body.channel, c.body.ts])).toEqual([['CAF', post?.ts]]);
      expect(JSON.stringify(updates[0]?.body.blocks)).toContain(`*Behandeling*\\n${shown}`);
      expect(JSON.stringify(updates[0]?.body.blocks)).toContain('Opgepakt door Collega ULEAD');
    }
  });

  it('runs a whole case from /meldcode to the summary in the channel and the claim, acknowledging every kind of request', async () => {
    const admin = user('UADMIN');
    await admin.command('kanaal', 'CAF');
    expect(JSON.stringify(slack.calls.filter((c) => c.method.startsWith('/respond/')))).toContain('kanaal van de aandachtsfunctionaris');

    const u = user();
    await wholeCase(u);
    expect(u.replyText()).toContain('Samenvatting van zaak MC-SLACK1');
    await running.dispatcher.run();

    const post = slack.of('chat.postMessage').find((c) => c.body.channel === 'CAF');
    const posted = JSON.stringify(post?.body);
    expect(posted).toContain('MC-SLACK1');
    expect(posted).toContain('Collega UANNA');
    expect(posted).not.toContain('bovenarmen');

    // The claim button on the channel post.
    const blocks = post?.body.blocks as { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
    const claim = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'mc_claim');
    expect(claim?.text.text).toBe('Ik pak dit op');
    const lead = new SlackUser(sender, slack, idle, 'ULEAD');
    const channelMsg = { blocks: blocks as never, text: String(post?.body.text), ts: '1700.1' };
    const before = slack.calls.length;
    await lead.action({ type: 'button', action_id: 'mc_claim', value: claim?.value, text: claim?.text }, {}, channelMsg);
    // The clicked post (besides the update of every kept post of the case, after any claim or status change).
    const update = slack.of('chat.update', before).find((c) => c.body.ts === '1700.1');
    expect(update?.body.ts).toBe('1700.1');
    expect(JSON.stringify(update?.body.blocks)).toContain('Opgepakt door Collega ULEAD');
    expect(JSON.stringify(update?.body.blocks)).not.toContain('"action_id":"mc_claim"');
    expect(JSON.stringify(update?.body.blocks)).toContain('mc_details');
    const notice = slack.of('chat.postMessage', before).find((c) => c.body.channel === 'UANNA');
    expect(String(notice?.body.text)).toContain('MC-SLACK1');

    // A second claim changes nothing.
    const other = new SlackUser(sender, slack, idle, 'UOLGA');
    const before2 = slack.calls.length;
    await other.action({ type: 'button', action_id: 'mc_claim', value: claim?.value, text: claim?.text }, {}, channelMsg);
    expect(JSON.stringify(slack.of('chat.postEphemeral', before2))).toContain('al opgepakt door Collega ULEAD');
    expect((await running.store.listCases())[0]?.claimedByName).toBe('Collega ULEAD');

    // Every kind of request was acknowledged over HTTP (how fast, against Slack's 3 s, is measured by npm run bench).
    const kinds = new Set(sender.acks.map((a) => a.kind));
    expect([...kinds].sort()).toEqual(['action', 'command', 'message', 'view']);
  });

  it('escapes user text in every message, so no mention or link can be injected', async () => {
    const u = user();
    await wholeCase(u);
    const all = JSON.stringify(slack.of('chat.postMessage').map((c) => c.body));
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).not.toContain('<!channel>');
  });

  it('replaces an answered question so its buttons cannot be clicked twice, and answers a stale click clearly', async () => {
    const u = user();
    await u.command('');
    await u.click('zorgen over een kind');
    const q = u.lastQuestion();
    const nee = u.buttons().find((b) => b.text === 'Nee');
    const before = slack.calls.length;
    await u.click('Nee');
    const update = slack.of('chat.update', before).find((c) => c.body.ts === q.ts);
    expect(JSON.stringify(update?.body.blocks)).toContain('Beantwoord: Nee');
    expect(JSON.stringify(update?.body.blocks)).not.toContain('"actions"');

    // A click on that old message anyway (e.g. a second device): stale, nothing changes.
    await u.click('Onderwijs');
    const at = u.node();
    await u.action({ type: 'button', action_id: nee?.action_id, value: nee?.value, text: { type: 'plain_text', text: 'Nee' } }, {}, q);
    expect(u.replyText()).toContain('niet meer actueel');
    expect(u.node()).toBe(at);
  });

  it('shows long options whole beside a "Kies" button; a click advances, the answered message drops them, an old click is stale', async () => {
    // Arrange: the menu's options are longer than Slack shows on a button
    const u = user();
    await u.command('');
    expect(u.node()).toBe('menu');
    const q = u.lastQuestion();
    const sections = q.blocks.filter((b) => String(b.block_id).startsWith('mc_option_'));
    const start = sections.find((b) => String((b.text as { text: string }).text).includes('zorgen over een kind'));
    const button = start?.accessory as { action_id: string; value: string; text: { text: string } };
    expect(String((start?.text as { text: string }).text).length).toBeGreaterThan(30);
    expect(button.text.text).toBe('Kies');
    const before = slack.calls.length;

    // Act: Slack sends the click on that button
    await u.action({ type: 'button', action_id: button.action_id, block_id: start?.block_id, value: button.value, text: button.text });

    // Assert: the dialogue moved on; the old question lost its options and buttons and names the answer
    const next = u.node();
    expect(next).not.toBe('menu');
    const update = slack.of('chat.update', before).find((c) => c.body.ts === q.ts);
    const updated = JSON.stringify(update?.body.blocks);
    expect(updated).toContain('Beantwoord: Ik maak me zorgen over een kind');
    expect(updated).not.toContain('mc_option_');
    expect(updated).not.toContain('"button"');
    await u.action({ type: 'button', action_id: button.action_id, value: button.value, text: button.text }, {}, q);
    expect(u.replyText()).toContain('niet meer actueel');
    expect(u.node()).toBe(next);
  });

  it('moves a /meldcode used in a channel to the DM with an ephemeral message', async () => {
    const u = user();
    await u.command('', 'CGENERAL');
    expect(JSON.stringify(slack.calls.filter((c) => c.method.startsWith('/respond/')))).toContain('privégesprek');
    expect(slack.of('chat.postMessage').every((c) => c.body.channel !== 'CGENERAL')).toBe(true);
    expect(u.node()).toBe('menu');
  });

  it('answers sub-commands: stap0, help, unknown; and refuses kanaal from a non-admin', async () => {
    const u = user();
    await u.command('stap0');
    expect(u.node()).toBe('s0.ouder');
    await u.command('help');
    expect(JSON.stringify(slack.calls.filter((c) => c.method.startsWith('/respond/')).at(-1))).toContain('/meldcode stap0');
    await u.command('onzin');
    expect(JSON.stringify(slack.calls.filter((c) => c.method.startsWith('/respond/')).at(-1))).toContain('ken ik niet');
    await u.command('kanaal', 'CAF');
    expect(JSON.stringify(slack.calls.filter((c) => c.method.startsWith('/respond/')).at(-1))).toContain('Alleen een beheerder');
    expect(await running.dispatcher.hasChannel()).toBe(false);
  });

  it('never shows one melder another melder\u2019s case in Slack', async () => {
    const u = user();
    await u.command('');
    await u.click('zorgen over een kind');
    const other = user('UBOB');
    await other.say('zaak MC-SLACK1');
    expect(other.replyText()).toContain('bestaat niet');
    await other.say('open zaken');
    expect(other.replyText()).not.toContain('MC-SLACK1');
  });

  it('speaks the language of the Slack user locale', async () => {
    slack.locales.set('UEN', 'en-GB');
    const u = user('UEN');
    await u.command('');
    expect(u.replyText()).toContain('How can I help you?');
  });

  it('publishes the App Home with the open cases and start buttons', async () => {
    const u = user();
    await u.command('');
    await u.click('zorgen over een kind');
    await sender.json({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: 'EvH', event_time: 1, event: { type: 'app_home_opened', user: 'UANNA', tab: 'home', channel: 'DUANNA' } }, 'event');
    await idle();
    const home = slack.of('views.publish').at(-1);
    expect(JSON.stringify(home?.body)).toContain('MC-SLACK1');
    expect(JSON.stringify(home?.body)).toContain('mc_home_nieuw');
  });

  it('resumes a half-finished case after a restart', async () => {
    const u = user();
    await u.command('');
    await u.click('zorgen over een kind');
    await u.click('Nee');
    await u.click('Kinderopvang');
    expect(u.node()).toBe('ctx.betreft');
    await running.close();
    await start();
    await u.say('hallo');
    expect(u.node()).toBe('hervat');
    await u.click('Ja, ga verder');
    expect(u.node()).toBe('ctx.betreft');
  });

  it('refuses text over 4,000 characters and unreadable button values without losing anything', async () => {
    const u = user();
    await u.command('');
    await u.click('zorgen over een kind');
    await u.say('x'.repeat(4001));
    expect(u.replyText()).toContain('4001');
    expect(u.node()).toBe('ctx.acuut');
    await u.action({ type: 'button', action_id: 'mc_answer_0', value: '{"p":5}', text: { type: 'plain_text', text: '?' } });
    expect(u.replyText()).toContain('kon ik niet lezen');
    expect(u.node()).toBe('ctx.acuut');
  });
});

describe('Slack request signatures', () => {
  it('rejects a wrong signature, a missing one and a replay older than 5 minutes, and stores nothing', async () => {
    const fields = { token: 'x', team_id: 'T1', channel_id: 'DU1', user_id: 'U1', command: '/meldcode', text: '', response_url: `${slack.url}/respond/x`, trigger_id: 't' };
    const body = new URLSearchParams(fields).toString();
    const wrong = await sender.raw(body, 'application/x-www-form-urlencoded', sign(body, undefined, 'not-the-secret'), 'bad');
    const missing = await sender.raw(body, 'application/x-www-form-urlencoded', {}, 'bad');
    const old = await sender.raw(body, 'application/x-www-form-urlencoded', sign(body, Math.floor(Date.now() / 1000) - 6 * 60), 'bad');
    expect([wrong.status, missing.status, old.status].every((s) => s === 401 || s === 400)).toBe(true);
    await idle();
    expect(slack.of('chat.postMessage')).toHaveLength(0);
    expect(await running.store.listCases()).toHaveLength(0);
    const ok = await sender.raw(body, 'application/x-www-form-urlencoded', sign(body), 'command');
    expect(ok.status).toBe(200);
  });
});

/** A block action exactly as Slack would send it, signed once: sending the same body and headers again is a replay. */
function signedClick(u: SlackUser, label: string, triggerId: string): { body: string; headers: Record<string, string> } {
  const q = u.lastQuestion();
  const b = u.buttons().find((x) => x.text.toLowerCase().includes(label.toLowerCase()));
  if (!b) throw new Error(`No button "${label}"`);
  const payload = {
    type: 'block_actions', team: { id: 'T1' }, user: { id: u.id, username: u.id.toLowerCase(), name: u.id.toLowerCase() }, api_app_id: 'A1', token: 'x', trigger_id: triggerId,
    container: { type: 'message', channel_id: `D${u.id}`, message_ts: q.ts }, channel: { id: `D${u.id}`, name: 'directmessage' },
    message: { type: 'message', ts: q.ts, text: q.text, blocks: q.blocks }, state: { values: {} },
    actions: [{ type: 'button', action_id: b.action_id, block_id: b.block_id, value: b.value, text: { type: 'plain_text', text: b.text }, action_ts: '1764667000.123456' }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { body, headers: sign(body) };
}

describe('Slack replays and the clock', () => {
  it('handles a replayed block action once, also after a restart', async () => {
    // Arrange: the acute button on the first question of a case
    const u = user();
    await u.command('');
    await u.click('zorgen over een kind');
    const click = signedClick(u, 'direct gevaar', 'trig-acute-1');
    await sender.raw(click.body, 'application/x-www-form-urlencoded', click.headers, 'action');
    await idle();
    const [meta] = await running.store.listCases();
    const urgentBefore = ((await running.store.getCase(meta?.id ?? ''))?.log ?? []).filter((e) => e.type === 'urgent').length;
    expect(urgentBefore).toBe(1);

    // Act: the same signed request again, at once and after a restart
    const posts = slack.of('chat.postMessage').length;
    const now = await sender.raw(click.body, 'application/x-www-form-urlencoded', click.headers, 'action');
    await idle();
    await running.close();
    await start();
    const later = await sender.raw(click.body, 'application/x-www-form-urlencoded', click.headers, 'action');
    await idle();

    // Assert: acknowledged, but nothing done a second time
    expect([now.status, later.status]).toEqual([200, 200]);
    expect(slack.of('chat.postMessage').length).toBe(posts);
    const urgent = ((await running.store.getCase(meta?.id ?? ''))?.log ?? []).filter((e) => e.type === 'urgent');
    expect(urgent).toHaveLength(1);
  });

  it('handles a replayed slash command once', async () => {
    // Arrange
    const fields = {
      token: 'x', team_id: 'T1', team_domain: 'test', channel_id: 'DUANNA', channel_name: 'directmessage', user_id: 'UANNA', user_name: 'uanna',
      command: '/meldcode', text: '', api_app_id: 'A1', response_url: `${slack.url}/respond/replay`, trigger_id: 'trig-command-1',
    };
    const body = new URLSearchParams(fields).toString();
    const headers = sign(body);
    await sender.raw(body, 'application/x-www-form-urlencoded', headers, 'command');
    await idle();
    const menus = slack.of('chat.postMessage').length;
    expect(menus).toBeGreaterThan(0);

    // Act
    const again = await sender.raw(body, 'application/x-www-form-urlencoded', headers, 'command');
    await idle();
    await running.close();
    await start();
    await sender.raw(body, 'application/x-www-form-urlencoded', headers, 'command');
    await idle();

    // Assert
    expect(again.status).toBe(200);
    expect(slack.of('chat.postMessage').length).toBe(menus);
  });

  it('handles a replayed modal submission once and still acknowledges it', async () => {
    // Arrange: at the facts question, the modal opened and submitted once
    const u = user();
    await u.command('');
    for (const label of ['zorgen over een kind', 'Nee', 'Onderwijs', 'thuissituatie', 'Een kind', 'Met het kind', '4 tot 12']) await u.click(label);
    await u.tick('Lichamelijke mishandeling');
    await u.click('Nee'); // s1.nieuwkomer
    await u.tick('blauwe plekken');
    await u.typeInModal('Maandag blauwe plekken gezien.');
    const opened = slack.of('views.open').at(-1)?.body.view as Record<string, unknown>;
    const payload = {
      type: 'view_submission', team: { id: 'T1' }, user: { id: 'UANNA', username: 'uanna', name: 'uanna' }, api_app_id: 'A1', token: 'x', trigger_id: 'trig-view-replay',
      view: { id: 'V1', type: 'modal', callback_id: opened.callback_id, private_metadata: opened.private_metadata, state: { values: { mc_text: { answer: { type: 'plain_text_input', value: 'Dinsdag weer.' } } } } },
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const headers = sign(body);
    const first = await sender.raw(body, 'application/x-www-form-urlencoded', headers, 'view');
    await idle();
    const posts = slack.of('chat.postMessage').length;

    // Act
    const replay = await sender.raw(body, 'application/x-www-form-urlencoded', headers, 'view');
    await idle();

    // Assert
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(slack.of('chat.postMessage').length).toBe(posts);
  });

  it('refuses a signed request dated more than 5 minutes ahead before handling it, and accepts a small skew', async () => {
    // Arrange
    const fields = { token: 'x', team_id: 'T1', channel_id: 'DU1', user_id: 'U1', command: '/meldcode', text: '', response_url: `${slack.url}/respond/x`, trigger_id: 'trig-future' };
    const body = new URLSearchParams(fields).toString();
    const nowS = Math.floor(Date.now() / 1000);

    // Act
    const ahead = await sender.raw(body, 'application/x-www-form-urlencoded', sign(body, nowS + 6 * 60), 'bad');
    await idle();
    const postsAfterAhead = slack.of('chat.postMessage').length;
    const skewed = await sender.raw(new URLSearchParams({ ...fields, trigger_id: 'trig-skew' }).toString(), 'application/x-www-form-urlencoded', sign(new URLSearchParams({ ...fields, trigger_id: 'trig-skew' }).toString(), nowS + 60), 'command');
    await idle();

    // Assert
    expect(ahead.status).toBe(401);
    expect(postsAfterAhead).toBe(0);
    expect(await running.store.listCases()).toHaveLength(0);
    expect(skewed.status).toBe(200);
    expect(slack.of('chat.postMessage').length).toBeGreaterThan(0);
  });
});

describe('Slack: answers in the modal and the lead\u2019s typed answers', () => {
  it('closes the question message after a modal answer the way a button answer does: question kept, buttons gone, answer shown', async () => {
    // Arrange: at the facts question (free text, answered in the modal)
    const u = user();
    await u.command('');
    for (const label of ['zorgen over een kind', 'Nee', 'Onderwijs', 'thuissituatie', 'Een kind', 'Met het kind', '4 tot 12']) await u.click(label);
    await u.tick('Lichamelijke mishandeling');
    await u.click('Nee'); // s1.nieuwkomer
    await u.tick('blauwe plekken');
    expect(u.node()).toBe('s1.feiten');
    const q = u.lastQuestion();
    const questionText = JSON.stringify(q.blocks.filter((b) => b.type === 'section')[0]);

    // Act
    const before = slack.calls.length;
    await u.typeInModal('Maandag blauwe plekken gezien.');

    // Assert
    const update = slack.of('chat.update', before).find((c) => c.body.ts === q.ts);
    const blocks = update?.body.blocks as { type: string }[] | undefined;
    expect(blocks?.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(blocks)).toContain(questionText.slice(1, -1));
    expect(JSON.stringify(blocks?.at(-1))).toContain('Beantwoord: Maandag blauwe plekken gezien.');
  });

  it('opens the modal again with the text the name check sent back, so it can be edited', async () => {
    // Arrange: at the facts question, a text with a name sent through the modal
    const u = user();
    await u.command('');
    for (const label of ['zorgen over een kind', 'Nee', 'Onderwijs', 'thuissituatie', 'Een kind', 'Met het kind', '4 tot 12']) await u.click(label);
    await u.tick('Lichamelijke mishandeling');
    await u.click('Nee'); // s1.nieuwkomer
    await u.tick('blauwe plekken');
    await u.typeInModal('Mohammed zei dat zijn vader hem sloeg.');
    expect(u.node()).toBe('s1.feiten');

    // Act
    const button = u.buttons().find((b) => b.action_id === 'mc_text');
    await u.action({ type: 'button', action_id: 'mc_text', block_id: button?.block_id, value: button?.value, text: { type: 'plain_text', text: button?.text } });

    // Assert
    const view = slack.of('views.open').at(-1)?.body.view as { blocks: { element: { initial_value?: string } }[] };
    expect(view.blocks[0]?.element.initial_value).toBe('Mohammed zei dat zijn vader hem sloeg.');
  });

  it('takes the reason for an early deletion typed in the DM as the answer to the lead\u2019s question', async () => {
    // Arrange
    await running.close();
    const s = defaultSettings();
    s.aandachtsfunctionarissen = ['slack:T1:ULEAD'];
    await start(s);
    const u = user();
    await u.command('');
    await u.click('zorgen over een kind');
    const [{ ref } = { ref: '' }] = await running.store.listCases();
    const lead = user('ULEAD');
    await lead.say(`zaak ${ref}`);
    await lead.click('verwijderen');
    expect(lead.replyText()).toContain('lead#delete:');

    // Act
    await lead.say('Dubbel aangemaakt');

    // Assert
    expect(lead.replyText()).toContain('is verwijderd');
    expect(await running.store.listCases()).toHaveLength(0);
  });
});

describe('pictures in Slack', () => {
  const PUBLIC = 'https://meldcode.example.org';
  async function asLead(env: Record<string, string> = {}): Promise<SlackUser> {
    await running.close();
    const s = defaultSettings();
    s.aandachtsfunctionarissen = ['slack:T1:ULEAD'];
    await start(s, env);
    return user('ULEAD');
  }
  type Blocks = { type: string; image_url?: string; alt_text?: string; text?: { text: string } }[];
  const blocksOf = (calls: { body: Record<string, unknown> }[]): Blocks => calls.flatMap((c) => (c.body.blocks as Blocks | undefined) ?? []);

  it('with PUBLIC_URL, shows the figures chart as an image block Slack fetches from that address, with alt_text', async () => {
    const lead = await asLead({ PUBLIC_URL: PUBLIC });

    await lead.say('cijfers');

    const images = blocksOf(lead.reply()).filter((b) => b.type === 'image');
    expect(images).toHaveLength(1);
    expect(images[0]!.image_url!.startsWith(`${PUBLIC}/pictures/`)).toBe(true);
    expect(images[0]!.alt_text!.length).toBeGreaterThan(20);
    const served = await fetch(`${running.url}${new URL(images[0]!.image_url!).pathname}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(slack.of('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('without PUBLIC_URL (Slack could not fetch our address), uploads the PNG into the DM in its place, with its alt text', async () => {
    const lead = await asLead();
    const from = slack.calls.length;

    await lead.say('cijfers');

    // No image block points at an address Slack cannot reach.
    expect(blocksOf(lead.reply()).filter((b) => b.type === 'image')).toHaveLength(0);
    const asked = slack.of('files.getUploadURLExternal', from);
    expect(asked).toHaveLength(1);
    expect(String(asked[0]!.body.alt_text).length).toBeGreaterThan(20);
    const png = slack.uploads.get('F1');
    expect(png?.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(Number(asked[0]!.body.length)).toBeGreaterThan(1000);
    const done = slack.of('files.completeUploadExternal', from);
    expect(done).toHaveLength(1);
    expect(done[0]!.body.channel_id).toBe('DULEAD');
    expect(done[0]!.body.files).toEqual([{ id: 'F1', title: expect.stringContaining('Cijfers') }]);
    // In its place: the summary before it, the download buttons after it.
    const order = slack.calls.slice(from).map((c) => c.method).filter((m) => m === 'chat.postMessage' || m === 'files.completeUploadExternal');
    expect(order).toEqual(['chat.postMessage', 'files.completeUploadExternal', 'chat.postMessage']);
    expect(lead.replyText()).toContain('Cijfers van de organisatie');
  });

  it('without PUBLIC_URL and without the right to upload files, posts the picture\u2019s text alternative instead', async () => {
    const lead = await asLead();
    slack.uploadError = 'missing_scope';
    const from = slack.calls.length;

    await lead.say('cijfers');

    expect(slack.of('files.completeUploadExternal', from)).toHaveLength(0);
    const blocks = blocksOf(lead.reply());
    expect(blocks.filter((b) => b.type === 'image')).toHaveLength(0);
    // The chart's text alternative starts with its title and a full stop (the summary's title has a dash).
    expect(blocks.some((b) => b.type === 'section' && (b.text?.text ?? '').startsWith('Cijfers van de organisatie. '))).toBe(true);
    expect(lead.replyText()).toContain('Wil je deze cijfers downloaden?');
  });
});
