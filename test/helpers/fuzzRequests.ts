/**
 * Generators of malformed and random requests for the three inbound endpoints: Teams activities
 * (`/api/messages`), the web chat API (`/web/api/turn`) and signed Slack requests (`/slack/events`).
 * Every request is built from its own seeded {@link Rng}, so a run is reproducible.
 *
 * Requests "as" the pre-existing users are kept to inputs that must not change anything (unreadable
 * card data, stale prompt ids, over-long text, events the app ignores), so their cases can be compared
 * before and after. Everyone else sends anything.
 */
import { createHmac } from 'node:crypto';
import { CASE_PATH } from './caseWalker.js';
import { junkString, junkValue, type Rng } from './fuzzData.js';
import { SIGNING_SECRET } from './slackClient.js';

type Json = Record<string, unknown>;

export interface FuzzRequest {
  server: 'local' | 'slack';
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface FuzzTargets {
  connectorUrl: string;
  slackUrl: string;
  teamsReal: readonly string[];
  webReal: readonly string[];
  slackReal: readonly string[];
}

/** Fuzz identities per channel: enough that most of them stay under the per-user rate limit. */
export const FUZZ_USERS = 150;

/** Header values must be Latin-1 without control characters, or fetch refuses to send them. */
const headerJunk = (rng: Rng): string => junkString(rng, 3).replace(/[^\x20-\x7e]/g, '?').slice(0, 200);

const NODES = [...Object.keys(CASE_PATH), 's1.feiten', 's1.signalen', 's2.wanneer', 's2.uitkomst', 's3.reactie', 'acuut', 'stop.bevestig', 'mijn', 's0.ouder', 'uitleg'];
const COMMANDS = ['menu', 'back', 'stop', 'later', 'acute', 'help'];

/** A prompt id that may well be current for a fuzz user (low sequence numbers), or junk, or a lead prompt. */
function anyPromptId(rng: Rng): unknown {
  const r = rng.next();
  if (r < 0.55) return `${rng.pick(NODES)}#${rng.range(0, 30)}`;
  if (r < 0.7) return rng.pick(['lead#list', 'lead#', 'lead#case:', 'lead#delete:', 'lead#x:y:z']) + (rng.chance(0.6) ? junkString(rng, 4) : '');
  if (r < 0.8) return junkString(rng, 4);
  return junkValue(rng, 1);
}

/** A prompt id no pre-existing user can have open (their counters are far below 1000). */
function stalePromptId(rng: Rng): string {
  return rng.chance(0.7) ? `${rng.pick(NODES)}#${rng.range(1000, 99999)}` : `zz-${junkString(rng, 3)}`;
}

function anyValue(rng: Rng): unknown {
  const r = rng.next();
  if (r < 0.35) return rng.pick(['nieuw', 'stap0', 'uitleg', 'mijn', 'taal', 'nee', 'ja', 'onderwijs', 'thuis', 'kind', '4-12', 'later', 'verder', 'menu', 'hulp', 'gedaan', 'voeren', '']);
  if (r < 0.5) return Array.from({ length: rng.int(4) }, () => rng.pick(['lichamelijke-mishandeling', 'eigen', 'collega', 'ouders', 'x', '']));
  if (r < 0.8) return junkString(rng);
  return junkValue(rng, 2);
}

/** A card submit (Action.Submit data), from plausible to nonsense. */
function anySubmit(rng: Rng): unknown {
  const r = rng.next();
  if (r < 0.1) return junkValue(rng, 3);
  const v: Json = {};
  v.mc = rng.chance(0.9) ? rng.pick(['answer', 'answer', 'answer', 'command', 'claim', 'details']) : junkValue(rng, 1);
  if (rng.chance(0.9)) v.promptId = anyPromptId(rng);
  if (rng.chance(0.6)) v.value = anyValue(rng);
  if (rng.chance(0.3)) v.answer = anyValue(rng);
  if (rng.chance(0.4)) v.command = rng.chance(0.8) ? rng.pick(COMMANDS) : junkValue(rng, 1);
  if (rng.chance(0.2)) v.caseId = rng.chance(0.5) ? junkString(rng, 3) : rng.pick(['nope', '../../etc/passwd', '', 'a'.repeat(65), 'case-1', 'MC-ABC123']);
  if (rng.chance(0.1)) v[junkString(rng, 2)] = junkValue(rng, 2);
  return v;
}

/** A card submit that must leave a pre-existing user's case as it is. */
function harmlessSubmit(rng: Rng): unknown {
  switch (rng.int(9)) {
    case 0:
      return { mc: 'answer' };
    case 1:
      return { mc: 'answer', promptId: stalePromptId(rng), value: anyValue(rng) };
    case 2:
      return { mc: 'command', command: rng.pick(['back', 'stop']), promptId: stalePromptId(rng) };
    case 3:
      // Never a real command word ("menu", "later" and "acute" act whatever the prompt id).
      return { mc: 'command', command: `zz-${junkString(rng, 2)}` };
    case 4:
      return { mc: rng.pick(['claim', 'details']), caseId: junkString(rng, 3) };
    case 5:
      return { mc: 'answer', promptId: `lead#${rng.pick(['case', 'delete', 'zz'])}:${junkString(rng, 3)}`, value: anyValue(rng) };
    case 6:
      return { mc: 'answer', promptId: 'a'.repeat(rng.range(101, 5000)), value: 'ja' };
    case 7:
      return rng.pick<unknown>([[], 'answer', 42, true, { mc: ['answer'] }, { mc: 'answer', promptId: ['x'] }, { mc: 'answer', promptId: 'menu#1', value: { a: 1 } }]);
    default:
      return { mc: 'answer', promptId: stalePromptId(rng), value: [1, 2, 3] };
  }
}

// ---- Teams ------------------------------------------------------------------------------------

function teamsActivity(rng: Rng, t: FuzzTargets, aad: string): Json {
  return {
    type: 'message',
    id: `fz-${rng.int(1e9)}`,
    channelId: 'msteams',
    serviceUrl: t.connectorUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${aad}`, aadObjectId: aad, name: `Fuzz ${aad}` },
    recipient: { id: '28:bot', name: 'Meldcode-assistent' },
    conversation: { id: `a:personal-${aad}`, conversationType: 'personal', tenantId: 'tenant-1' },
    locale: 'nl-NL',
  };
}

const TEAMS_TYPES = ['conversationUpdate', 'invoke', 'event', 'messageReaction', 'typing', 'installationUpdate', 'endOfConversation', 'messageUpdate', 'messageDelete', 'trace', 'handoff', '', 'Message', 'MESSAGE'];
const INVOKES = ['adaptiveCard/action', 'task/fetch', 'task/submit', 'composeExtension/query', 'signin/verifyState', 'fileConsent/invoke', 'actionableMessage/executeAction', 'config/fetch', 'healthCheck'];

function mutateActivity(rng: Rng, a: Json, t: FuzzTargets): void {
  // type
  if (rng.chance(0.15)) {
    a.type = rng.chance(0.85) ? rng.pick(TEAMS_TYPES) : junkValue(rng, 1);
    if (a.type === 'invoke') {
      a.name = rng.chance(0.9) ? rng.pick(INVOKES) : junkValue(rng, 1);
      a.value = rng.chance(0.5) ? { action: { type: 'Action.Execute', verb: junkString(rng, 2), data: anySubmit(rng) }, trigger: 'manual' } : anySubmit(rng);
    }
    if (a.type === 'conversationUpdate') {
      a.membersAdded = rng.chance(0.5) ? [{ id: '28:bot' }, { id: (a.from as Json | undefined)?.id }] : junkValue(rng, 2);
      a.channelData = rng.chance(0.5) ? { eventType: rng.pick(['teamMemberAdded', 'channelCreated', 'teamRenamed']), team: { id: '19:t' } } : junkValue(rng, 2);
    }
    if (a.type === 'messageReaction') a.reactionsAdded = junkValue(rng, 2);
  }
  // text and value
  const r = rng.next();
  if (r < 0.4) a.text = rng.chance(0.9) ? junkString(rng) : junkValue(rng, 1);
  else if (r < 0.8) a.value = anySubmit(rng);
  else if (r < 0.9) {
    a.text = junkString(rng);
    a.value = anySubmit(rng);
  } else if (r < 0.95) a.value = junkValue(rng, 2);
  // from
  if (rng.chance(0.08)) {
    a.from = rng.pick<unknown>([undefined, null, {}, { id: '' }, { id: 123 }, '29:x', [], { id: junkString(rng, 3) }, { id: '29:x', aadObjectId: junkValue(rng, 1), name: junkValue(rng, 1) }]);
  } else if (rng.chance(0.05)) (a.from as Json).name = junkValue(rng, 1);
  // conversation
  const c = rng.next();
  if (c < 0.12) {
    a.conversation = { id: `19:ch-${rng.int(5)}@thread.tacv2`, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' };
    a.channelData = rng.chance(0.8) ? { channel: { id: '19:ch@thread.tacv2' }, team: { id: '19:team' }, tenant: { id: 'tenant-1' } } : junkValue(rng, 2);
  } else if (c < 0.16) {
    a.conversation = { id: `19:group-${rng.int(5)}`, conversationType: 'groupChat', isGroup: true };
  } else if (c < 0.24) {
    a.conversation = rng.pick<unknown>([undefined, null, {}, { id: '' }, { id: 5 }, 'a:x', [], { id: junkString(rng, 3), conversationType: junkValue(rng, 1), isGroup: junkValue(rng, 1) }]);
  }
  // serviceUrl: relative, odd or wrong ones (unreachable ones are slow: see slowRequest).
  if (rng.chance(0.1)) {
    a.serviceUrl = rng.pick<unknown>(['not a url', '', 'ftp://127.0.0.1/', `${t.connectorUrl}extra/path/`, `${t.connectorUrl}?q=${junkString(rng, 2)}`, '/relative', 'javascript:alert(1)', 'http://', t.connectorUrl.toUpperCase(), 42, null, {}, [t.connectorUrl], junkString(rng, 3)]);
  }
  // everything else
  if (rng.chance(0.1)) a.entities = rng.chance(0.5) ? [{ type: 'mention', text: junkString(rng, 3), mentioned: { id: rng.pick(['28:bot', '29:x', '']), name: junkString(rng, 2) } }] : junkValue(rng, 2);
  if (rng.chance(0.05)) a.recipient = rng.pick<unknown>([undefined, null, {}, { id: junkValue(rng, 1) }]);
  if (rng.chance(0.05)) a.locale = junkValue(rng, 1);
  if (rng.chance(0.05)) a.attachments = junkValue(rng, 2);
  if (rng.chance(0.05)) a.replyToId = junkValue(rng, 1);
  if (rng.chance(0.05)) a.id = junkValue(rng, 1);
  if (rng.chance(0.05)) a.channelId = rng.pick<unknown>(['emulator', 'webchat', 'slack', '', junkValue(rng, 1)]);
  if (rng.chance(0.03)) a.timestamp = junkValue(rng, 1);
  if (rng.chance(0.05)) a[junkString(rng, 2)] = junkValue(rng, 2);
}

export function teamsRequest(rng: Rng, t: FuzzTargets): FuzzRequest {
  const req = (kind: string, body: string | Uint8Array, contentType = 'application/json', method = 'POST'): FuzzRequest => ({
    server: 'local',
    kind: `teams.${kind}`,
    method,
    path: '/api/messages',
    headers: contentType ? { 'Content-Type': contentType } : {},
    body: method === 'GET' ? undefined : body,
  });
  const r = rng.next();
  if (r < 0.05) {
    const good = JSON.stringify(teamsActivity(rng, t, `aad-fz-${rng.int(FUZZ_USERS)}`));
    return req('invalidJson', rng.pick([good.slice(0, rng.int(good.length)), '', 'null', '[]', '"message"', '{"type":', '{type: "message"}', `${good},`, '\u0000', good.replace(/"/g, "'")]));
  }
  if (r < 0.06) return req('notUtf8', new Uint8Array([0x7b, 0x22, 0x74, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]));
  if (r < 0.1) {
    const body = JSON.stringify(teamsActivity(rng, t, `aad-fz-${rng.int(FUZZ_USERS)}`));
    return req('contentType', body, rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/xml', 'application/json-patch+json']));
  }
  if (r < 0.105) return req('tooLarge', JSON.stringify({ ...teamsActivity(rng, t, `aad-fz-${rng.int(FUZZ_USERS)}`), text: 'x'.repeat(600 * 1024) }));
  if (r < 0.115) return req('method', '', '', rng.pick(['GET', 'PUT', 'DELETE', 'PATCH']));
  if (r < 0.12) return { ...req('encoding', 'garbage-not-gzip'), headers: { 'Content-Type': 'application/json', 'Content-Encoding': rng.pick(['gzip', 'deflate', 'br', 'x-unknown']) } };
  if (r < 0.22) {
    // A pre-existing user: only inputs that must change nothing.
    const aad = rng.pick(t.teamsReal);
    const a = teamsActivity(rng, t, aad);
    const k = rng.int(4);
    if (k === 0) a.value = harmlessSubmit(rng);
    else if (k === 1) a.text = 'x'.repeat(rng.range(4001, 20000));
    else if (k === 2) {
      a.type = rng.pick(['conversationUpdate', 'typing', 'messageReaction', 'event', 'installationUpdate', 'endOfConversation', 'messageDelete']);
      a.text = junkString(rng);
    } else {
      a.value = harmlessSubmit(rng);
      a.text = junkString(rng);
    }
    return req('realUser', JSON.stringify(a));
  }
  const a = teamsActivity(rng, t, `aad-fz-${rng.int(FUZZ_USERS)}`);
  mutateActivity(rng, a, t);
  const body = rng.chance(0.03) ? JSON.stringify([a]) : JSON.stringify(a);
  return req('activity', body);
}

// ---- web --------------------------------------------------------------------------------------

export function webRequest(rng: Rng, t: FuzzTargets): FuzzRequest {
  const req = (kind: string, body: string | Uint8Array | undefined, headers: Record<string, string> = { 'Content-Type': 'application/json' }, method = 'POST', path = '/web/api/turn'): FuzzRequest => ({
    server: 'local',
    kind: `web.${kind}`,
    method,
    path,
    headers,
    body,
  });
  const fuzzUser = () => `fuzz-web-${rng.int(FUZZ_USERS).toString().padStart(3, '0')}`;
  const r = rng.next();
  if (r < 0.05) return req('invalidJson', rng.pick(['{not json', '', '{"user":', 'nul', '[1,2', '{"user":"fuzz-web-001","text":"\\x"}', '\u0000\u0001', '{"a":1}{"b":2}']));
  if (r < 0.08) return req('contentType', JSON.stringify({ user: fuzzUser(), text: 'hallo' }), { 'Content-Type': rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/octet-stream', '']) });
  if (r < 0.085) return req('tooLarge', JSON.stringify({ user: fuzzUser(), text: 'y'.repeat(70 * 1024) }));
  if (r < 0.1) return req('origin', JSON.stringify({ user: fuzzUser(), start: true }), { 'Content-Type': 'application/json', Origin: rng.pick(['http://evil.example', 'null', 'http://127.0.0.1', 'file://', headerJunk(rng)]) });
  if (r < 0.11) return req('encoding', 'not-gzip', { 'Content-Type': 'application/json', 'Content-Encoding': rng.pick(['gzip', 'deflate', 'br', 'compress']) });
  if (r < 0.13) {
    // Other routes of the local web chat, with odd methods and parameters.
    const k = rng.int(6);
    if (k === 0) return req('inbox', undefined, {}, 'GET', `/web/api/inbox?user=${encodeURIComponent(rng.chance(0.5) ? fuzzUser() : junkString(rng, 3))}`);
    if (k === 1) return req('feed', undefined, {}, 'GET', '/web/api/af');
    if (k === 2) return req('details', JSON.stringify({ value: rng.chance(0.5) ? { mc: 'details', caseId: junkString(rng, 3) } : junkValue(rng, 2) }), undefined, 'POST', '/web/api/af/details');
    if (k === 3) {
      const token = rng.chance(0.5) ? 'ab'.repeat(24) : junkString(rng, 3);
      return req('export', undefined, {}, rng.pick(['GET', 'HEAD', 'POST']), `/export/${encodeURIComponent(token)}`);
    }
    if (k === 4) return req('method', undefined, {}, rng.pick(['GET', 'PUT', 'DELETE', 'PATCH']), '/web/api/turn');
    return req('path', undefined, {}, 'GET', `/${encodeURIComponent(junkString(rng, 3))}`);
  }
  if (r < 0.23) {
    const user = rng.pick(t.webReal);
    const k = rng.int(4);
    const body: Json = k === 0 ? { user, value: harmlessSubmit(rng) } : k === 1 ? { user, text: 'z'.repeat(rng.range(4001, 9000)) } : k === 2 ? { user } : { user, start: rng.pick([false, 'true', 1, null]), value: harmlessSubmit(rng) };
    return req('realUser', JSON.stringify(body));
  }
  if (r < 0.3) return req('junkBody', JSON.stringify(junkValue(rng, 3)));
  const body: Json = {};
  const u = rng.next();
  body.user = u < 0.8 ? fuzzUser() : u < 0.85 ? rng.pick(['short', '../../etc', 'a'.repeat(65), '', 'fuzz web 01', 'fuzz_web_01', 'ünïcode-user']) : junkValue(rng, 1);
  const k = rng.next();
  if (k < 0.15) body.start = rng.chance(0.8) ? true : junkValue(rng, 1);
  else if (k < 0.55) body.value = anySubmit(rng);
  else if (k < 0.9) body.text = rng.chance(0.9) ? junkString(rng) : junkValue(rng, 1);
  if (rng.chance(0.1)) body.locale = junkValue(rng, 1);
  if (rng.chance(0.05)) body[junkString(rng, 2)] = junkValue(rng, 2);
  return req('turn', JSON.stringify(body));
}

// ---- Slack ------------------------------------------------------------------------------------

export function slackSign(body: string, timestamp = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET): Record<string, string> {
  return { 'X-Slack-Request-Timestamp': String(timestamp), 'X-Slack-Signature': `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}` };
}

const ACTION_IDS = ['mc_answer_0', 'mc_answer_1', 'mc_answer_7', 'mc_nav_back', 'mc_nav_stop', 'mc_nav_help', 'mc_nav_menu', 'mc_nav_later', 'mc_nav_acute', 'mc_submit', 'mc_text', 'mc_claim', 'mc_details', 'mc_home_nieuw', 'mc_home_mijn', 'mc_home_stap0', 'mc_home_zzz', 'mc_', 'mc_answer_x'];

function slackUserId(rng: Rng): string {
  return `UFZ${rng.int(FUZZ_USERS)}`;
}

function slackValue(rng: Rng): unknown {
  const r = rng.next();
  if (r < 0.6) {
    const v: Json = { p: rng.chance(0.9) ? anyPromptId(rng) : junkValue(rng, 1) };
    if (rng.chance(0.7)) v.v = anyValue(rng);
    if (rng.chance(0.1)) v.max = junkValue(rng, 1);
    if (rng.chance(0.1)) v.optional = junkValue(rng, 1);
    return JSON.stringify(v);
  }
  if (r < 0.85) return junkString(rng);
  return junkValue(rng, 1);
}

function slackState(rng: Rng): unknown {
  if (rng.chance(0.5)) return { values: {} };
  if (rng.chance(0.6)) {
    return {
      values: {
        [`mc_multi_${rng.int(3)}`]: {
          [`mc_multi_${rng.int(3)}`]: { type: 'checkboxes', selected_options: rng.chance(0.8) ? Array.from({ length: rng.int(4) }, () => ({ value: anyValue(rng), text: { text: junkString(rng, 2) } })) : junkValue(rng, 1) },
        },
      },
    };
  }
  return junkValue(rng, 3);
}

function blockActions(rng: Rng, user: string, action: Json, state: unknown): Json {
  const p: Json = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'test' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'x',
    trigger_id: `trig-${rng.int(1e9)}`,
    container: { type: 'message', channel_id: `D${user}`, message_ts: '1700.1' },
    channel: { id: `D${user}`, name: 'directmessage' },
    message: { type: 'message', ts: '1700.1', text: 'q', blocks: [] },
    state,
    actions: [{ ...action, action_ts: '1700.2' }],
  };
  return p;
}

function viewSubmission(user: string, meta: unknown, values: unknown, callback = 'mc_text_modal'): Json {
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'test' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'x',
    trigger_id: 'trig-v',
    view: { id: 'V1', type: 'modal', callback_id: callback, private_metadata: meta, state: { values }, hash: 'h', blocks: [] },
  };
}

function eventCallback(rng: Rng, event: Json): Json {
  return { token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: `Ev${rng.int(1e9)}`, event_time: Math.floor(Date.now() / 1000), authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }], event };
}

function commandForm(rng: Rng, user: string, text: string, t: FuzzTargets): Record<string, string> {
  return {
    token: 'x', team_id: 'T1', team_domain: 'test', channel_id: `D${user}`, channel_name: 'directmessage', user_id: user, user_name: user.toLowerCase(),
    command: '/meldcode', text, api_app_id: 'A1', response_url: `${t.slackUrl}/respond/${rng.int(1e6)}`, trigger_id: `trig-${rng.int(1e9)}`,
  };
}

function slackSigned(kind: string, body: string, contentType: string, rng: Rng): FuzzRequest {
  const headers: Record<string, string> = { 'Content-Type': contentType, ...slackSign(body) };
  if (rng.chance(0.02)) {
    headers['X-Slack-Retry-Num'] = String(rng.int(4));
    headers['X-Slack-Retry-Reason'] = 'http_timeout';
  }
  return { server: 'slack', kind: `slack.${kind}`, method: 'POST', path: '/slack/events', headers, body };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const payloadForm = (payload: unknown) => form({ payload: JSON.stringify(payload) });

/**
 * Requests that legitimately take seconds: Slack requests no listener handles (Bolt waits ~3 s for an
 * ack that never comes, then answers 404) and Teams activities whose serviceUrl refuses connections
 * (the SDK retries the reply with back-off). They run in their own lane so they do not hold up the rest.
 */
export function slowRequest(rng: Rng, t: FuzzTargets): FuzzRequest {
  const user = slackUserId(rng);
  switch (rng.int(9)) {
    case 7: {
      const a = teamsActivity(rng, t, `aad-fz-${rng.int(FUZZ_USERS)}`);
      a.serviceUrl = rng.pick(['http://127.0.0.1:1/', 'http://127.0.0.1:9/api/', 'http://localhost:9/']);
      if (rng.chance(0.5)) a.value = anySubmit(rng);
      else a.text = junkString(rng);
      return { server: 'local', kind: 'teams.unreachableServiceUrl', method: 'POST', path: '/api/messages', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(a) };
    }
    case 6:
    case 8: {
      const k = rng.int(4);
      if (k === 0) return slackSigned('unhandled.invalidJson', rng.pick(['[]', '"x"', '1', '{}']), 'application/json', rng);
      if (k === 1) return slackSigned('unhandled.payload', form({ payload: rng.pick(['[1]', '"x"', '{}', junkString(rng, 3)]) }), 'application/x-www-form-urlencoded', rng);
      if (k === 2) return slackSigned('unhandled.form', JSON.stringify(eventCallback(rng, { type: 'message', channel_type: 'im', user, text: 'hallo' })), 'application/x-www-form-urlencoded', rng);
      return slackSigned('unhandled.junk', form({ [junkString(rng, 2)]: junkString(rng, 3) }), 'application/x-www-form-urlencoded', rng);
    }
    case 0:
      return slackSigned('unhandled.command', form({ ...commandForm(rng, user, junkString(rng), t), command: rng.pick(['/other', '/MELDCODE', '', junkString(rng, 2)]) }), 'application/x-www-form-urlencoded', rng);
    case 1:
      return slackSigned('unhandled.action', payloadForm(blockActions(rng, user, { type: 'button', action_id: rng.pick(['other', 'MC_answer_0', '', 'xmc_claim']), value: 'x' }, {})), 'application/x-www-form-urlencoded', rng);
    case 2:
      return slackSigned('unhandled.view', payloadForm(viewSubmission(user, '{}', {}, rng.pick(['other_modal', '', 'MC_TEXT_MODAL']))), 'application/x-www-form-urlencoded', rng);
    case 3:
      return slackSigned('unhandled.type', payloadForm({ type: rng.pick(['view_closed', 'shortcut', 'message_action', 'block_suggestion', 'interactive_message', 'dialog_submission']), user: { id: user }, team: { id: 'T1' }, callback_id: 'x', view: { id: 'V', callback_id: 'x' } }), 'application/x-www-form-urlencoded', rng);
    case 4:
      return slackSigned('unhandled.actions', payloadForm({ ...blockActions(rng, user, {}, {}), actions: rng.pick<unknown>([[], null, 'x', [null], [{ action_id: 5 }], [{}]]) }), 'application/x-www-form-urlencoded', rng);
    default:
      return slackSigned('unhandled.json', JSON.stringify(junkValue(rng, 3)), 'application/json', rng);
  }
}

export function slackRequest(rng: Rng, t: FuzzTargets): FuzzRequest {
  const r = rng.next();
  // Not from Slack: unsigned, wrongly signed, replayed, signed over another body.
  if (r < 0.07) {
    const body = rng.chance(0.5) ? form(commandForm(rng, slackUserId(rng), 'help', t)) : JSON.stringify(eventCallback(rng, { type: 'message', channel_type: 'im', user: slackUserId(rng), text: 'hallo' }));
    const contentType = body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded';
    const k = rng.int(6);
    const headers: Record<string, string> =
      k === 0 ? {} : k === 1 ? slackSign(body, undefined, 'wrong-secret') : k === 2 ? slackSign(body, Math.floor(Date.now() / 1000) - 600) : k === 3 ? slackSign(`${body}x`) : k === 4 ? { 'X-Slack-Signature': headerJunk(rng), 'X-Slack-Request-Timestamp': headerJunk(rng) } : { ...slackSign(body), 'X-Slack-Signature': `v1=${slackSign(body)['X-Slack-Signature']?.slice(3) ?? ''}` };
    return { server: 'slack', kind: 'slack.unsigned', method: 'POST', path: '/slack/events', headers: { 'Content-Type': contentType, ...headers }, body };
  }
  if (r < 0.1) {
    // (Bodies Bolt cannot classify wait for its ack timeout: they are in slowRequest.)
    const k = rng.int(5);
    if (k === 0) return slackSigned('invalidJson', rng.pick(['{', '', 'null', '{"type":', '{"type":"event_callback",']), 'application/json', rng);
    if (k === 1) return slackSigned('invalidPayload', form({ payload: rng.pick(['{', '', 'null', '{"type":"block_actions"']) }), 'application/x-www-form-urlencoded', rng);
    if (k === 2) return slackSigned('contentType', JSON.stringify(eventCallback(rng, { type: 'message', channel_type: 'im', user: slackUserId(rng), text: 'hallo' })), rng.pick(['text/plain', 'application/json; charset=utf-8', '', 'application/octet-stream']), rng);
    if (k === 3) return slackSigned('urlVerification', JSON.stringify({ type: 'url_verification', token: 'x', challenge: junkValue(rng, 1) }), 'application/json', rng);
    return { server: 'slack', kind: 'slack.sslCheck', method: 'POST', path: '/slack/events', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form({ ssl_check: '1', token: 'x', payload: JSON.stringify({ type: 'block_actions' }) }) };
  }
  if (r < 0.2) {
    // A pre-existing user: stale or unreadable clicks, stale modal submissions, over-long or ignored messages, help.
    const user = rng.pick(t.slackReal);
    const k = rng.int(6);
    if (k === 0) {
      const value = rng.chance(0.5) ? JSON.stringify({ p: stalePromptId(rng), v: anyValue(rng) }) : junkString(rng);
      return slackSigned('realUser.action', payloadForm(blockActions(rng, user, { type: 'button', action_id: rng.pick(['mc_answer_0', 'mc_answer_3', 'mc_nav_back', 'mc_nav_stop', 'mc_nav_help', 'mc_submit', 'mc_text']), value, text: { type: 'plain_text', text: junkString(rng, 2) } }, slackState(rng))), 'application/x-www-form-urlencoded', rng);
    }
    if (k === 1) {
      const meta = rng.chance(0.6) ? JSON.stringify({ p: stalePromptId(rng), c: `D${user}`, ts: '1700.1' }) : junkString(rng, 3);
      return slackSigned('realUser.view', payloadForm(viewSubmission(user, meta, { mc_text: { answer: { type: 'plain_text_input', value: junkString(rng) } } })), 'application/x-www-form-urlencoded', rng);
    }
    if (k === 2) return slackSigned('realUser.message', JSON.stringify(eventCallback(rng, { type: 'message', channel_type: 'im', channel: `D${user}`, user, text: 'q'.repeat(rng.range(4001, 12000)), ts: '1700.3' })), 'application/json', rng);
    if (k === 3) return slackSigned('realUser.edit', JSON.stringify(eventCallback(rng, { type: 'message', subtype: rng.pick(['message_changed', 'bot_message', 'message_deleted', 'channel_join']), channel_type: 'im', channel: `D${user}`, user, text: junkString(rng), ts: '1700.3' })), 'application/json', rng);
    if (k === 4) return slackSigned('realUser.command', form(commandForm(rng, user, rng.pick(['help', 'onzin', 'kanaal', 'HELP ']), t)), 'application/x-www-form-urlencoded', rng);
    return slackSigned('realUser.channelMessage', JSON.stringify(eventCallback(rng, { type: 'message', channel_type: rng.pick(['channel', 'group', 'mpim']), channel: 'CGEN', user, text: junkString(rng), ts: '1700.3' })), 'application/json', rng);
  }
  const user = slackUserId(rng);
  const k = rng.next();
  if (k < 0.35) {
    const action: Json = { type: rng.chance(0.9) ? 'button' : rng.pick(['checkboxes', 'static_select', junkString(rng, 2)]), action_id: rng.pick(ACTION_IDS), block_id: rng.chance(0.5) ? 'b' : junkString(rng, 2) };
    if (rng.chance(0.9)) action.value = slackValue(rng);
    if (rng.chance(0.5)) action.text = rng.chance(0.8) ? { type: 'plain_text', text: junkString(rng) } : junkValue(rng, 1);
    const payload = blockActions(rng, user, action, slackState(rng));
    if (rng.chance(0.1)) payload.channel = rng.pick<unknown>([undefined, { id: 'CAF' }, junkValue(rng, 1)]);
    if (rng.chance(0.1)) payload.message = rng.pick<unknown>([undefined, { ts: junkValue(rng, 1), blocks: junkValue(rng, 2), text: junkValue(rng, 1) }]);
    if (rng.chance(0.05)) payload.team = rng.pick<unknown>([undefined, null, { id: junkString(rng, 2) }]);
    if (rng.chance(0.05)) (payload.user as Json).name = junkValue(rng, 1);
    if (rng.chance(0.05)) payload.container = junkValue(rng, 2);
    return slackSigned('action', payloadForm(payload), 'application/x-www-form-urlencoded', rng);
  }
  if (k < 0.5) {
    const meta = rng.chance(0.7) ? JSON.stringify({ p: anyPromptId(rng), c: rng.chance(0.7) ? `D${user}` : junkValue(rng, 1), ts: rng.chance(0.7) ? '1700.1' : junkValue(rng, 1) }) : rng.chance(0.5) ? junkString(rng, 3) : junkValue(rng, 1);
    const values = rng.chance(0.7) ? { mc_text: { answer: { type: 'plain_text_input', value: rng.chance(0.9) ? junkString(rng) : junkValue(rng, 1) } } } : junkValue(rng, 3);
    const payload = viewSubmission(user, meta, values);
    if (rng.chance(0.05)) (payload.view as Json).state = junkValue(rng, 2);
    return slackSigned('view', payloadForm(payload), 'application/x-www-form-urlencoded', rng);
  }
  if (k < 0.8) {
    const event: Json = {
      type: rng.chance(0.85) ? rng.pick(['message', 'message', 'message', 'app_home_opened', 'app_mention', 'reaction_added', 'member_joined_channel', 'app_uninstalled']) : junkValue(rng, 1),
      channel_type: rng.chance(0.85) ? 'im' : rng.pick<unknown>(['channel', 'group', junkValue(rng, 1)]),
      channel: `D${user}`,
      user: rng.chance(0.9) ? user : junkValue(rng, 1),
      text: rng.chance(0.9) ? junkString(rng) : junkValue(rng, 1),
      ts: '1700.4',
    };
    if (event.type === 'app_home_opened') event.tab = rng.pick<unknown>(['home', 'messages', junkValue(rng, 1)]);
    if (rng.chance(0.08)) event.subtype = rng.pick<unknown>(['bot_message', 'message_changed', 'file_share', junkValue(rng, 1)]);
    if (rng.chance(0.05)) event.bot_id = 'B1';
    const body = eventCallback(rng, event);
    if (rng.chance(0.05)) body.team_id = junkValue(rng, 1);
    return slackSigned('event', JSON.stringify(body), 'application/json', rng);
  }
  const fields = commandForm(rng, user, rng.chance(0.5) ? rng.pick(['', 'start', 'help', 'stap0', 'uitleg', 'mijn', 'kanaal', 'channel', 'onzin', ' HELP ']) : junkString(rng), t);
  if (rng.chance(0.15)) fields.channel_id = rng.pick(['C123', 'G1', '', junkString(rng, 2)]);
  if (rng.chance(0.05)) fields.response_url = rng.pick(['', 'not a url', 'http://127.0.0.1:1/x', junkString(rng, 2)]);
  if (rng.chance(0.05)) fields.team_id = junkString(rng, 2);
  if (rng.chance(0.05)) fields.user_id = rng.pick(['', junkString(rng, 2)]);
  const drop = rng.chance(0.05) ? rng.pick(['text', 'channel_id', 'user_id', 'team_id', 'response_url', 'trigger_id']) : undefined;
  if (drop) delete fields[drop];
  return slackSigned('command', form(fields), 'application/x-www-form-urlencoded', rng);
}

