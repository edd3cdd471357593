/**
 * Block Kit rendering of every reply the engine can give (the corpus shared with the Adaptive Card
 * tests): every message stays within Slack's limits, every button carries a value that
 * `parseSlackAction` turns into the input it stands for and the engine accepts, and nothing anyone
 * typed can become a mention, a broadcast or a disguised link. Plus the channel post, the answered
 * version of a question and the App Home.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AnyBlock, HomeView as SlackTypesHomeView, KnownBlock, ModalView } from '@slack/types';
import type { ChatPostMessageArguments, ChatUpdateArguments, ViewsOpenArguments, ViewsPublishArguments } from '@slack/web-api';
import {
  answeredMessage,
  channelMessage,
  homeView,
  optionLabel,
  promptsToSlack,
  textModal,
  type Block,
  type HomeViewInput,
  type SlackMessage,
  type SlackRenderOptions,
} from '../../cards/blockkit.js';
import type { ChannelCardView } from '../../cards/channel.js';
import { escapeMrkdwn, parseSlackAction, type StateValues } from '../../cards/slackProtocol.js';
import type { Lang } from '../../src/domain/types.js';
import type { ChannelSummary, Input, Prompt, QuestionPrompt } from '../../src/engine/types.js';
import type { Translator } from '../../src/i18n/index.js';
import { conversationAt, translator } from '../helpers/conversation.js';
import { LINK_URLS } from '../../src/domain/links.js';
import { CONTACTS, telUrl } from '../../src/domain/contacts.js';
import { collectReplies, currentQuestion, fork, type CorpusReply } from '../helpers/promptCorpus.js';

const OUR_LINKS: ReadonlySet<string> = new Set([...LINK_URLS, ...Object.values(CONTACTS).map((c) => telUrl(c.phone))]);

const OPTIONS: Record<Lang, SlackRenderOptions> = {
  nl: {
    submitLabel: 'Verder',
    typeAnswerLabel: 'Antwoord typen',
    typeHint: 'Je kunt je antwoord ook gewoon hier in de chat typen.',
    earlierChoice: (l) => `Eerder gekozen: ${l}`,
    yourText: 'Je tekst:',
    chooseLabel: 'Kies',
  },
  en: {
    submitLabel: 'Continue',
    typeAnswerLabel: 'Type answer',
    typeHint: 'You can also just type your answer here in the chat.',
    earlierChoice: (l) => `Chosen before: ${l}`,
    yourText: 'Your text:',
    chooseLabel: 'Choose',
  },
};
const LANGS: Lang[] = ['nl', 'en'];

/** Mentions, broadcasts, channel links, disguised links and pre-escaped entities a user could type. */
const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123>',
  '<!subteam^S123>',
  '<#C123>',
  '<http://evil.example|Klik hier>',
  '&lt;!channel&gt;',
  '*bold* _x_ ~s~',
  ('<!channel> <http://evil.example|x> & ' + 'lorem ipsum '.repeat(420)).slice(0, 5000),
];
const LONG = HOSTILE.at(-1) as string;

type Json = Record<string, unknown>;

/** Every object in the JSON, depth-first. */
function objects(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) node.forEach((n) => objects(n, out));
  else if (node && typeof node === 'object') {
    out.push(node as Json);
    Object.values(node).forEach((v) => objects(v, out));
  }
  return out;
}

/** Every string value in the JSON (keys excluded). */
function strings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) node.forEach((n) => strings(n, out));
  else if (node && typeof node === 'object') Object.values(node).forEach((v) => strings(v, out));
  return out;
}

const mrkdwnTexts = (node: unknown): string[] => objects(node).filter((o) => o.type === 'mrkdwn').map((o) => String(o.text));
const buttons = (node: unknown): Json[] => objects(node).filter((o) => o.type === 'button');
const actionsBlocks = (m: SlackMessage): Json[] => (m.blocks as unknown as Json[]).filter((b) => b.type === 'actions');

/** Reverses escapeMrkdwn (entities and formatting look-alikes), to check that escaped content is all there. */
const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u2217/g, '*')
    .replace(/\u02CD/g, '_')
    .replace(/\u02DC/g, '~')
    .replace(/\u02CB/g, '`');
const squeeze = (s: string): string => s.replace(/\s+/g, '');

/** Slack's documented limits (platform-facts §5) that a message (or view) breaks, as readable lines. */
function limitProblems(blocks: Block[], maxBlocks = 50): string[] {
  const p: string[] = [];
  if (blocks.length > maxBlocks) p.push(`${blocks.length} blocks`);
  if (blocks.length === 0) p.push('no blocks');
  const ids: string[] = [];
  for (const o of objects(blocks)) {
    for (const k of ['action_id', 'block_id']) {
      if (typeof o[k] === 'string') {
        ids.push(`${k}:${String(o[k])}`);
        if ((o[k] as string).length > 255) p.push(`${k} too long`);
      }
    }
    const text = (o.text as Json | undefined)?.text;
    switch (o.type) {
      case 'section':
        if (o.text !== undefined && (typeof text !== 'string' || text.trim() === '' || text.length > 3000)) p.push(`section text ${String(text).length}`);
        if (o.fields !== undefined) {
          const fields = o.fields as Json[];
          if (fields.length > 10 || fields.length === 0) p.push(`${fields.length} fields`);
          for (const f of fields) if (String(f.text).length > 2000 || String(f.text).trim() === '') p.push(`field ${String(f.text).length}`);
        }
        if (o.text === undefined && o.fields === undefined) p.push('empty section');
        break;
      case 'header':
        if (typeof text !== 'string' || text.length > 150 || text.trim() === '') p.push(`header ${String(text).length}`);
        break;
      case 'context': {
        const elements = o.elements as Json[];
        if (elements.length > 10 || elements.length === 0) p.push(`${elements.length} context elements`);
        for (const e of elements) if (String(e.text).length > 3000 || String(e.text).trim() === '') p.push(`context ${String(e.text).length}`);
        break;
      }
      case 'actions':
        if ((o.elements as Json[]).length > 25 || (o.elements as Json[]).length === 0) p.push(`${(o.elements as Json[]).length} elements`);
        break;
      case 'button':
        if (typeof text !== 'string' || text.length > 75 || text.trim() === '') p.push(`button text ${String(text)}`);
        if (typeof o.value !== 'string' || o.value.length > 2000) p.push('button value');
        break;
      case 'checkboxes':
      case 'radio_buttons': {
        const options = o.options as Json[];
        if (options.length > 10 || options.length === 0) p.push(`${options.length} options`);
        for (const opt of options) {
          if (String((opt.text as Json).text).length > 75) p.push(`option text ${String((opt.text as Json).text)}`);
          if (typeof opt.value !== 'string' || opt.value.length > 75) p.push(`option value ${String(opt.value)}`);
        }
        // Slack refuses initial options that are not exactly options of the same element.
        for (const init of (o.initial_options as Json[] | undefined) ?? []) {
          if (!options.some((opt) => JSON.stringify(opt) === JSON.stringify(init))) p.push(`initial option ${String(init.value)} not an option`);
        }
        if (o.initial_options !== undefined && (o.initial_options as Json[]).length === 0) p.push('empty initial_options');
        break;
      }
    }
  }
  if (new Set(ids).size !== ids.length) p.push(`duplicate ids ${ids.join(',')}`);
  return p;
}

/**
 * What makes mrkdwn unsafe: any `<` (every mention, broadcast and link starts with one; we never emit
 * our own), an `&` that does not start one of the three escapes, or auto-parsing (`verbatim` not set).
 */
function escapingProblems(m: SlackMessage | { blocks: Block[] }): string[] {
  const p: string[] = [];
  const texts = [...mrkdwnTexts(m.blocks), ...('text' in m ? [m.text] : [])];
  for (const raw of texts) {
    // Our own links are the one allowed `<`: a sourced page or a sourced number, with an escaped label.
    const t = raw.replace(/<(https:\/\/[^|<>]+|tel:\d+)\|([^<>]*)>/g, (whole, url: string) => (OUR_LINKS.has(url) ? '' : whole));
    for (const bad of ['<!', '<@', '<#', '<http']) if (t.includes(bad)) p.push(`${bad} in ${t.slice(0, 60)}`);
    if (t.includes('<')) p.push(`< in ${t.slice(0, 60)}`);
    if (/&(?!amp;|lt;|gt;)/.test(t)) p.push(`bare & in ${t.slice(0, 60)}`);
  }
  for (const o of objects(m.blocks)) if (o.type === 'mrkdwn' && o.verbatim !== true) p.push('mrkdwn not verbatim');
  return p;
}

let REPLIES: CorpusReply[] = [];
let TR: Translator;

beforeAll(async () => {
  TR = await translator();
  REPLIES = (await Promise.all(LANGS.map(collectReplies))).flat();
});

let RENDERED: { reply: CorpusReply; messages: SlackMessage[] }[] | undefined;
function rendered(): { reply: CorpusReply; messages: SlackMessage[] }[] {
  RENDERED ??= REPLIES.map((reply) => ({ reply, messages: promptsToSlack(reply.prompts, OPTIONS[reply.lang]) }));
  return RENDERED;
}

const firstOf = <T>(xs: T[], what: string): T => {
  if (xs.length === 0) throw new Error(`none found: ${what}`);
  return xs[0] as T;
};

// ---- the corpus ---------------------------------------------------------------------------

describe('every message of every reply in the shared corpus', () => {
  it('covers both languages, every question kind and info tone, and the long "my cases" list', () => {
    for (const lang of LANGS) {
      const prompts = REPLIES.filter((r) => r.lang === lang).flatMap((r) => r.prompts);
      const kinds = new Set(prompts.map((p) => (p.kind === 'info' ? `info:${p.tone}` : p.kind)));
      expect([...kinds].sort()).toEqual(['choice', 'info:error', 'info:normal', 'info:urgent', 'info:warning', 'multi', 'picture', 'summary', 'text', 'yesno']);
    }
    expect(REPLIES.some((r) => r.via.includes('seven open cases'))).toBe(true);
  });

  it("stays within Slack's limits for blocks, texts, fields, buttons, options and ids", () => {
    const failures = rendered().flatMap(({ reply, messages }) =>
      messages.flatMap((m) => [...limitProblems(m.blocks), ...(m.text.trim() === '' || m.text.length > 3000 ? ['fallback text'] : [])].map((x) => `${reply.lang} ${reply.via}: ${x}`)),
    );
    expect([...new Set(failures)].slice(0, 10)).toEqual([]);
  });

  it('has only escaped, verbatim mrkdwn, even where the hostile text the explorer typed comes back', () => {
    expect(REPLIES.some((r) => JSON.stringify(r.prompts).includes('<!channel>'))).toBe(true);
    const failures = rendered().flatMap(({ reply, messages }) => messages.flatMap(escapingProblems).map((x) => `${reply.lang} ${reply.via}: ${x}`));
    expect([...new Set(failures)].slice(0, 10)).toEqual([]);
  });

  it('is Block Kit the Slack SDK types accept', () => {
    // Compile-time: our block types are assignable to @slack/types' KnownBlock.
    const blocks: KnownBlock[] = promptsToSlack(REPLIES[0]?.prompts ?? [], OPTIONS.nl).flatMap((m) => m.blocks);
    expect(blocks.length).toBeGreaterThan(0);
  });

  it('goes to @slack/web-api as it is: messages, answered messages, the App Home and the modal need no cast', () => {
    // Compile-time: each output is assigned to the argument type of the Web API method that sends it.
    const message = firstOf(promptsToSlack([QUESTION], OPTIONS.nl), 'a question message');
    const post: ChatPostMessageArguments = { channel: 'D1', text: message.text, blocks: message.blocks };
    const answered = answeredMessage(message, 'Onderwijs', 'Beantwoord:');
    const update: ChatUpdateArguments = { channel: 'D1', ts: '1.2', text: answered.text, blocks: answered.blocks };
    // What Slack sends back with a click is any Block Kit, blocks we never emit included.
    const clicked: AnyBlock[] = [{ type: 'rich_text', elements: [] }, ...message.blocks];
    const fromClick = answeredMessage({ text: message.text, blocks: clicked }, 'Onderwijs', '');
    const updateClicked: ChatUpdateArguments = { channel: 'D1', ts: '1.2', text: fromClick.text, blocks: fromClick.blocks };
    const publish: ViewsPublishArguments = { user_id: 'U1', view: homeView(HOME) };
    const open: ViewsOpenArguments = { trigger_id: 'T1', view: textModal({ promptId: 'p#1', max: 500, optional: false }, '{}', { title: 'T', submit: 'S', close: 'C', input: 'I' }) };
    expect('blocks' in post && post.blocks).toBe(message.blocks);
    expect('blocks' in update && update.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect('blocks' in updateClicked && updateClicked.blocks.map((b) => b.type)).toEqual(['rich_text', ...answered.blocks.map((b) => b.type)]);
    expect(publish.view.type).toBe('home');
    expect(open.view.type).toBe('modal');
  });

  it('puts one question per message, its answer buttons only in the last message of that question', () => {
    const failures: string[] = [];
    for (const { reply, messages } of rendered()) {
      const questions = reply.prompts.filter((p) => 'promptId' in p).length;
      const withButtons = messages.filter((m) => actionsBlocks(m).length > 0);
      if (withButtons.length !== questions) failures.push(`${reply.via}: ${withButtons.length} messages with buttons for ${questions} questions`);
      for (const m of messages) {
        const ids = new Set(buttons(m).map((b) => (JSON.parse(String(b.value)) as Json).p));
        if (ids.size > 1) failures.push(`${reply.via}: answers ${[...ids].join(', ')} in one message`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });
});

// ---- buttons ------------------------------------------------------------------------------

function expectedAnswerValues(q: QuestionPrompt): string[] {
  switch (q.kind) {
    case 'choice':
      return q.options.map((o) => o.value);
    case 'yesno':
      return ['ja', 'nee', ...(q.extra ?? []).map((o) => o.value)];
    case 'text':
      return q.optional && q.skipLabel ? [''] : [];
    case 'multi':
      return [];
  }
}

/** The message state Slack would send with a click: the first `n` options of the question ticked. */
function ticked(m: SlackMessage, n: number): { state: StateValues; values: string[] } {
  const state: StateValues = {};
  const values: string[] = [];
  for (const block of actionsBlocks(m)) {
    for (const el of block.elements as Json[]) {
      if (el.type !== 'checkboxes') continue;
      const chosen = (el.options as Json[]).slice(0, Math.max(0, n - values.length));
      values.push(...chosen.map((o) => String(o.value)));
      state[String(block.block_id)] = { [String(el.action_id)]: { type: 'checkboxes', selected_options: chosen.map((o) => ({ value: o.value })) } };
    }
  }
  return { state, values };
}

describe('every button in the corpus', () => {
  it('parses into the input it stands for, and clicked through once per node the engine accepts it', () => {
    const failures: string[] = [];
    const clickedAt = new Set<string>();
    const kindsClicked = new Set<string>();
    let clicks = 0;
    for (const { reply, messages } of rendered()) {
      const q = currentQuestion(reply.prompts);
      const fail = (what: string) => failures.push(`${reply.lang} ${reply.via}: ${what}`);
      const all = messages.flatMap(buttons);
      if (!q) {
        if (messages.some((m) => actionsBlocks(m).length > 0)) fail('buttons without a question');
        continue;
      }
      const last = messages.filter((m) => actionsBlocks(m).length > 0).at(-1) as SlackMessage;
      const node = `${reply.lang}:${q.promptId.split('#')[0] ?? ''}`;
      const clickThrough = !clickedAt.has(node);
      clickedAt.add(node);
      const answers: string[] = [];
      let navs = 0;
      for (const b of all) {
        const id = String(b.action_id);
        let parsed = parseSlackAction(id, b.value, id === 'mc_submit' ? ticked(last, Math.max(1, q.kind === 'multi' ? q.minSelected : 0)).state : undefined);
        let expected: unknown;
        let kind: string = q.kind;
        if (/^mc_answer_\d+$/.test(id)) {
          const value = (JSON.parse(String(b.value)) as Json).v;
          answers.push(String(value));
          expected = { input: { type: 'answer', promptId: q.promptId, value } };
        } else if (id.startsWith('mc_nav_')) {
          navs += 1;
          kind = 'nav';
          const command = id.slice('mc_nav_'.length);
          if (!q.nav.some((n) => n.command === command)) fail(`nav ${command} not offered`);
          expected = { input: { type: 'command', command, promptId: q.promptId } };
        } else if (id === 'mc_text' && q.kind === 'text') {
          expected = { openText: { promptId: q.promptId, max: q.maxLength, optional: q.optional, ...(q.value ? { value: q.value } : {}) } };
        } else if (id === 'mc_submit' && q.kind === 'multi') {
          expected = { input: { type: 'answer', promptId: q.promptId, value: ticked(last, Math.max(1, q.minSelected)).values } };
        } else {
          fail(`unexpected button ${id}`);
          continue;
        }
        if (JSON.stringify(parsed) !== JSON.stringify(expected)) fail(`${id} → ${JSON.stringify(parsed)}`);
        // The modal's submission is the typed text as an answer to the same prompt.
        if ('openText' in parsed) parsed = { input: { type: 'answer', promptId: parsed.openText.promptId, value: 'Een getypt antwoord' } };
        if (!clickThrough || !('input' in parsed)) continue;
        clicks += 1;
        kindsClicked.add(kind);
        const next = fork(TR, reply.state).send(parsed.input as Input);
        const errors = next.prompts.filter((p) => p.kind === 'info' && p.tone === 'error');
        if (errors.length > 0) fail(`${id} rejected: ${JSON.stringify(errors)}`);
      }
      if (answers.sort().join('|') !== expectedAnswerValues(q).sort().join('|')) fail(`answer buttons ${answers.join(',')}`);
      if (navs !== q.nav.length) fail('nav buttons missing');
      if (q.kind === 'multi') {
        const offered = objects(last).filter((o) => o.type === 'checkboxes').flatMap((c) => (c.options as Json[]).map((o) => o.value));
        if (offered.join('|') !== q.options.map((o) => o.value).join('|')) fail('checkbox options differ from the question');
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect([...kindsClicked].sort()).toEqual(['choice', 'multi', 'nav', 'text', 'yesno']);
    expect(clicks).toBeGreaterThan(100);
  });

  it('puts navigation last, with "acute danger" first and red', () => {
    const { messages } = firstOf(
      rendered().filter(({ reply }) => {
        const q = currentQuestion(reply.prompts);
        return q !== undefined && q.nav.some((n) => n.command === 'acute') && q.nav.length > 1;
      }),
      'a question with acute and other nav',
    );
    const last = messages.at(-1) as SlackMessage;
    const nav = actionsBlocks(last).at(-1) as Json;
    const elements = nav.elements as Json[];
    expect(elements.every((e) => String(e.action_id).startsWith('mc_nav_'))).toBe(true);
    expect(elements[0]).toMatchObject({ action_id: 'mc_nav_acute', style: 'danger' });
    expect(elements.slice(1).some((e) => e.style === 'danger')).toBe(false);
  });

  it('shows a multi-select with more than ten options as several checkbox groups whose ticks the submit collects', async () => {
    const reply = firstOf(
      rendered().filter(({ reply: r }) => {
        const q = currentQuestion(r.prompts);
        return q?.kind === 'multi' && q.options.length > 10;
      }),
      'a multi-select with more than ten options',
    );
    const q = currentQuestion(reply.reply.prompts) as Extract<QuestionPrompt, { kind: 'multi' }>;
    const m = reply.messages.at(-1) as SlackMessage;
    const groups = actionsBlocks(m).filter((b) => /^mc_multi_\d+$/.test(String(b.block_id)));
    expect(groups.length).toBe(Math.ceil(q.options.length / 10));
    groups.forEach((g, k) => expect(g.elements).toEqual([expect.objectContaining({ type: 'checkboxes', action_id: `mc_multi_${k}` })]));
    // Tick the first option of every group; the submit button is in the same message as all groups.
    const state: StateValues = {};
    const want: string[] = [];
    for (const g of groups) {
      const el = (g.elements as Json[])[0] as Json;
      const first = (el.options as Json[])[0] as Json;
      want.push(String(first.value));
      state[String(g.block_id)] = { [String(el.action_id)]: { type: 'checkboxes', selected_options: [{ value: first.value }] } };
    }
    const submit = firstOf(buttons(m).filter((b) => b.action_id === 'mc_submit'), 'submit');
    expect(submit.text).toMatchObject({ text: OPTIONS[reply.reply.lang].submitLabel });
    const parsed = parseSlackAction('mc_submit', submit.value, state);
    expect(parsed).toEqual({ input: { type: 'answer', promptId: q.promptId, value: want } });
    const next = fork(await translator(), reply.reply.state).send((parsed as { input: Input }).input);
    expect(next.prompts.filter((p) => p.kind === 'info' && p.tone === 'error')).toEqual([]);
  });
});

describe('earlier answers in Slack', () => {
  const LABELS = { title: 'Je antwoord', submit: 'Versturen', close: 'Annuleren', input: 'Jouw antwoord' };
  const textButton = (m: SlackMessage): Json => firstOf(buttons(m).filter((b) => b.action_id === 'mc_text'), 'the type-answer button');

  it('carry the text sent back by the name check into the modal, and show it with the found part in bold', async () => {
    // Arrange
    const c = await conversationAt('s1.feiten');
    c.say('Mohammed zei dat zijn vader hem sloeg.');
    // Act
    const messages = promptsToSlack(c.prompts, OPTIONS.nl);
    const m = messages.at(-1) as SlackMessage;
    const parsed = parseSlackAction('mc_text', textButton(m).value);
    const view: ModalView = textModal((parsed as { openText: Parameters<typeof textModal>[0] }).openText, '{}', LABELS);
    // Assert
    expect(parsed).toEqual({ openText: { promptId: c.question().promptId, max: 1000, optional: false, value: 'Mohammed zei dat zijn vader hem sloeg.' } });
    expect(view.blocks[0]).toMatchObject({ type: 'input', element: { type: 'plain_text_input', initial_value: 'Mohammed zei dat zijn vader hem sloeg.', max_length: 1000 } });
    expect(limitProblems(view.blocks as Block[], 100)).toEqual([]);
    expect(mrkdwnTexts(m.blocks).some((t) => t.includes('Je tekst:') && t.includes('*Mohammed* zei dat zijn vader hem sloeg.'))).toBe(true);
    expect(messages.flatMap((x) => [...limitProblems(x.blocks), ...escapingProblems(x)])).toEqual([]);
  });

  it('drop the text shown for editing once the question is answered', async () => {
    const c = await conversationAt('s1.feiten');
    c.say('Mohammed zei dat zijn vader hem sloeg.');
    const original = promptsToSlack(c.prompts, OPTIONS.nl).at(-1) as SlackMessage;
    const answered = answeredMessage(original, 'De jongen zei dat zijn vader hem sloeg.', 'Beantwoord:');
    expect(JSON.stringify(original.blocks.filter((b) => b.type === 'context'))).toContain('zei dat zijn vader');
    expect(answered.blocks.some((b) => b.type === 'context' && b.elements.some((e) => e.text.includes('Je tekst:')))).toBe(false);
    expect(JSON.stringify(answered.blocks)).not.toContain('Mohammed zei');
  });

  it('open the modal empty for a question asked for the first time', async () => {
    const c = await conversationAt('s1.feiten');
    const m = promptsToSlack(c.prompts, OPTIONS.nl).at(-1) as SlackMessage;
    const parsed = parseSlackAction('mc_text', textButton(m).value) as { openText: Parameters<typeof textModal>[0] };
    const view = textModal(parsed.openText, '{}', LABELS);
    expect(parsed.openText.value).toBeUndefined();
    expect(view.blocks[0]?.element.initial_value).toBeUndefined();
    expect(mrkdwnTexts(m.blocks).some((t) => t.includes('Je tekst:'))).toBe(false);
  });

  it('show a text too long for a button value in the message only, and keep the button within its limit', () => {
    // Arrange: quotes double in JSON, so 1000 of them cannot travel in a 2000-character value
    const text = '"'.repeat(1000);
    const q: Prompt = { kind: 'text', promptId: 's1.feiten#4', question: 'Wat zag je?', maxLength: 1000, optional: false, value: text, nav: [] };
    // Act
    const [m] = promptsToSlack([q], OPTIONS.nl);
    // Assert
    const button = textButton(m as SlackMessage);
    expect(String(button.value).length).toBeLessThanOrEqual(2000);
    expect(parseSlackAction('mc_text', button.value)).toEqual({ openText: { promptId: 's1.feiten#4', max: 1000, optional: false } });
    expect(mrkdwnTexts((m as SlackMessage).blocks).join('')).toContain(text);
  });

  it('tick the options ticked before, as the very option objects of their checkbox group', async () => {
    // Arrange
    const c = await conversationAt('s1.vormen');
    c.answer(['lichamelijke-mishandeling', 'emotionele-verwaarlozing']);
    c.click('back');
    // Act
    const m = promptsToSlack(c.prompts, OPTIONS.nl).at(-1) as SlackMessage;
    // Assert
    const boxes = objects(m.blocks).filter((o) => o.type === 'checkboxes');
    const initial = boxes.flatMap((b) => (b.initial_options as Json[] | undefined) ?? []);
    expect(initial.map((o) => o.value).sort()).toEqual(['emotionele-verwaarlozing', 'lichamelijke-mishandeling']);
    expect(limitProblems(m.blocks)).toEqual([]);
  });

  it('tick earlier options in the group each belongs to when there are more than ten', () => {
    const options = Array.from({ length: 12 }, (_, i) => ({ value: `v${i}`, label: `Optie ${i}` }));
    const q: Prompt = { kind: 'multi', promptId: 'p#1', question: 'Welke?', options, minSelected: 0, value: ['v1', 'v11'], nav: [] };
    const [m] = promptsToSlack([q], OPTIONS.nl);
    const boxes = objects((m as SlackMessage).blocks).filter((o) => o.type === 'checkboxes');
    expect(boxes.map((b) => ((b.initial_options as Json[] | undefined) ?? []).map((o) => o.value))).toEqual([['v1'], ['v11']]);
    expect(limitProblems((m as SlackMessage).blocks)).toEqual([]);
  });

  it('make the one-click answer chosen before the primary button and name it in a context line', async () => {
    // Arrange
    const c = await conversationAt('s1.vormen');
    c.click('back');
    // Act
    const m = promptsToSlack(c.prompts, OPTIONS.nl).at(-1) as SlackMessage;
    // Assert
    const answers = buttons(m).filter((b) => /^mc_answer_\d+$/.test(String(b.action_id)));
    const primary = answers.filter((b) => b.style === 'primary');
    expect(primary.map((b) => (JSON.parse(String(b.value)) as Json).v)).toEqual(['4-12']);
    const label = String((primary[0]?.text as Json).text);
    expect(m.blocks.some((b) => b.type === 'context' && b.elements.some((e) => e.text === escapeMrkdwn(`Eerder gekozen: ${label}`)))).toBe(true);
    expect([...limitProblems(m.blocks), ...escapingProblems(m)]).toEqual([]);
  });
});

// ---- layout -------------------------------------------------------------------------------

const QUESTION: Extract<Prompt, { kind: 'choice' }> = {
  kind: 'choice',
  promptId: 'ctx.sector#3',
  question: 'In welke sector werk je?',
  help: 'Dan krijg je de afwegingen van jouw sector.',
  position: { label: 'Stap 1 van 5 — Signalen' },
  options: [
    { value: 'a', label: 'A' },
    { value: 'b', label: 'B' },
  ],
  nav: [
    { command: 'menu', label: 'Menu' },
    { command: 'acute', label: 'Er is nu direct gevaar' },
  ],
};

describe('question messages', () => {
  it('start with the position as context, then the question in bold and the help as context', () => {
    const [m] = promptsToSlack([QUESTION], OPTIONS.nl);
    expect(m?.blocks.slice(0, 3)).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Stap 1 van 5 — Signalen', verbatim: true }] },
      { type: 'section', text: { type: 'mrkdwn', text: '*In welke sector werk je?*', verbatim: true } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Dan krijg je de afwegingen van jouw sector.', verbatim: true }] },
    ]);
    expect(m?.text).toBe('In welke sector werk je?');
  });

  it('put the infos before a question above it, marked by tone, and infos after it in a message of their own', () => {
    const messages = promptsToSlack(
      [
        { kind: 'info', tone: 'urgent', title: 'Direct gevaar', text: '1. Bel 112.\n2. Bel Veilig Thuis.' },
        { kind: 'info', tone: 'warning', text: 'Let op.' },
        { kind: 'info', tone: 'error', title: 'Fout', text: 'Dat ging mis.' },
        { kind: 'info', tone: 'normal', text: '• een\n• twee' },
        QUESTION,
        { kind: 'info', tone: 'normal', text: 'Daarna.' },
      ],
      OPTIONS.nl,
    );
    expect(messages).toHaveLength(2);
    const texts = mrkdwnTexts(messages[0]?.blocks);
    expect(texts.slice(1, 5)).toEqual([
      // The sourced number in the text becomes a tap-to-call link under it.
      ':rotating_light: *Direct gevaar*\n1. Bel 112.\n2. Bel Veilig Thuis.\n\u2022 <tel:112|\u260E 112>',
      ':warning: Let op.',
      ':x: *Fout*\nDat ging mis.',
      '• een\n• twee',
    ]);
    // The notification leads with the danger, not with the question after it.
    expect(messages[0]?.text).toBe('Direct gevaar — In welke sector werk je?');
    expect(messages[1]).toEqual({ text: 'Daarna.', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Daarna.', verbatim: true } }] });
  });

  it('give a text question a typing hint, a button that opens the modal and, when optional, a skip button', () => {
    const q: Prompt = { kind: 'text', promptId: 's1.interpretatie#9', question: 'Jouw interpretatie?', maxLength: 500, optional: true, skipLabel: 'Overslaan', nav: [] };
    const [m] = promptsToSlack([q], OPTIONS.nl);
    expect(mrkdwnTexts(m?.blocks)).toContain(OPTIONS.nl.typeHint);
    const [typeButton, skip] = buttons(m);
    expect(typeButton).toMatchObject({ action_id: 'mc_text', text: { text: 'Antwoord typen' } });
    expect(parseSlackAction('mc_text', typeButton?.value)).toEqual({ openText: { promptId: 's1.interpretatie#9', max: 500, optional: true } });
    expect(skip).toMatchObject({ action_id: 'mc_answer_0', text: { text: 'Overslaan' } });
    expect(parseSlackAction('mc_answer_0', skip?.value)).toEqual({ input: { type: 'answer', promptId: 's1.interpretatie#9', value: '' } });
  });

  it('put at most five short answer buttons in a row', () => {
    const options = Array.from({ length: 12 }, (_, i) => ({ value: `optie-${i}`, label: `Optie ${i}` }));
    const [m] = promptsToSlack([{ ...QUESTION, options }], OPTIONS.nl);
    const rows = actionsBlocks(m as SlackMessage).filter((b) => String(b.block_id).startsWith('mc_answers_'));
    expect(rows.map((r) => (r.elements as Json[]).length)).toEqual([5, 5, 2]);
    const answerButtons = rows.flatMap((r) => r.elements as Json[]);
    expect(answerButtons.map((b) => (b.text as Json).text)).toEqual(options.map((o) => o.label));
    expect(answerButtons.map((b) => parseSlackAction(String(b.action_id), b.value))).toEqual(
      options.map((o) => ({ input: { type: 'answer', promptId: QUESTION.promptId, value: o.value } })),
    );
  });

  it('show every option of a question with a label too long for a button as its whole text beside a "Kies" button', () => {
    // Arrange: one label longer than the 30 characters Slack shows on a button, one longer than a button may hold
    const long = `${'heel lange knoptekst '.repeat(5)}& <!channel>`;
    const options = [
      { value: 'kort', label: 'Kort' },
      { value: 'lang', label: long },
    ];

    // Act
    const [m] = promptsToSlack([{ ...QUESTION, options, value: 'lang' }], OPTIONS.nl);

    // Assert: no answer buttons in a row; each option a section with its whole, escaped label and its own button
    expect(actionsBlocks(m as SlackMessage).filter((b) => String(b.block_id).startsWith('mc_answers_'))).toEqual([]);
    const sections = (m?.blocks as unknown as Json[]).filter((b) => String(b.block_id).startsWith('mc_option_'));
    expect(sections.map((b) => (b.text as Json).text)).toEqual(['Kort', `${'heel lange knoptekst '.repeat(5)}&amp; &lt;!channel&gt;`]);
    const accessories = sections.map((b) => b.accessory as Json);
    expect(accessories.map((a) => (a.text as Json).text)).toEqual(['Kies', 'Kies']);
    expect(accessories.map((a) => a.accessibility_label)).toEqual(['Kort', `${long.slice(0, 74)}…`]);
    expect(accessories.map((a) => a.style)).toEqual([undefined, 'primary']);
    expect(accessories.map((a) => parseSlackAction(String(a.action_id), a.value))).toEqual(
      options.map((o) => ({ input: { type: 'answer', promptId: QUESTION.promptId, value: o.value } })),
    );
    expect(limitProblems(m?.blocks ?? [])).toEqual([]);
    // The click names the option by its whole label (read back from the message), not by "Kies".
    expect(optionLabel(m?.blocks, String(sections[1]?.block_id))).toBe(long);
    expect(optionLabel(m?.blocks, 'mc_nav')).toBeUndefined();
    // Once answered, the options go with their buttons.
    const answered = answeredMessage(m as SlackMessage, long, 'Beantwoord:');
    expect(JSON.stringify(answered.blocks)).not.toContain('mc_option_');
    expect(buttons(answered.blocks)).toEqual([]);
  });

  it('cut a long label on a button only when no "Kies" text is given, never the value', () => {
    const options = [{ value: 'optie-1', label: `1 ${'heel lange knoptekst '.repeat(5)}` }];
    const [m] = promptsToSlack([{ ...QUESTION, options }], { ...OPTIONS.nl, chooseLabel: undefined });
    const [button] = actionsBlocks(m as SlackMessage).flatMap((r) => r.elements as Json[]);
    expect(String((button?.text as Json).text)).toHaveLength(75);
    expect(parseSlackAction(String(button?.action_id), button?.value)).toEqual({ input: { type: 'answer', promptId: QUESTION.promptId, value: 'optie-1' } });
  });

  it('refuse a checkbox value that Slack would cut, rather than send a different answer', () => {
    const q: Prompt = { kind: 'multi', promptId: 'm#1', question: 'Welke?', minSelected: 0, options: [{ value: 'x'.repeat(76), label: 'X' }], nav: [] };
    expect(() => promptsToSlack([q], OPTIONS.nl)).toThrow(/75/);
  });

  it('spread content too long for one message over several, all of it, with the buttons in the last', () => {
    const paragraphs = Array.from({ length: 120 }, (_, i) => `Alinea ${i}: ${'tekst '.repeat(60)}`);
    const info: Prompt = { kind: 'info', tone: 'normal', title: 'Uitleg', text: paragraphs.join('\n\n') };
    const messages = promptsToSlack([info, QUESTION], OPTIONS.nl);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(limitProblems(m.blocks)).toEqual([]);
    expect(messages.slice(0, -1).every((m) => actionsBlocks(m).length === 0)).toBe(true);
    expect(buttons(messages.at(-1)).length).toBe(QUESTION.options.length + QUESTION.nav.length);
    const all = messages.flatMap((m) => mrkdwnTexts(m.blocks)).join('\n');
    for (const p of paragraphs) expect(all).toContain(p.trim());
  });
});

// ---- hostile text -------------------------------------------------------------------------

describe('hostile text', () => {
  it('in summary values is escaped everywhere, split within limits and kept complete', () => {
    const summary: Prompt = {
      kind: 'summary',
      title: 'Samenvatting MC-1',
      position: { label: 'Stap 5 van 5 — Beslissen' },
      sections: [
        { heading: 'Stap 1 <!here>', items: HOSTILE.map((v, i) => ({ label: `Veld ${i + 1} <@U9>`, value: v })) },
        { heading: 'Stap 2', items: Array.from({ length: 9 }, (_, i) => ({ label: `Vrij ${i}`, value: '<'.repeat(1000) })) },
      ],
    };
    const messages = promptsToSlack([summary], OPTIONS.nl);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(limitProblems(m.blocks)).toEqual([]);
      expect(escapingProblems(m)).toEqual([]);
      expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Samenvatting MC-1', emoji: true } });
    }
    const shown = squeeze(unescape(messages.flatMap((m) => mrkdwnTexts(m.blocks)).join('')));
    for (const v of HOSTILE) expect(shown).toContain(squeeze(v));
  });

  it('in an info text and title is escaped and a 5000-character text is split over sections', () => {
    for (const text of HOSTILE) {
      const messages = promptsToSlack([{ kind: 'info', tone: 'urgent', title: text.slice(0, 100), text }, QUESTION], OPTIONS.nl);
      for (const m of messages) {
        expect(limitProblems(m.blocks)).toEqual([]);
        expect(escapingProblems(m)).toEqual([]);
      }
    }
    const [m] = promptsToSlack([{ kind: 'info', tone: 'normal', text: LONG }], OPTIONS.nl);
    expect((m?.blocks ?? []).filter((b) => b.type === 'section').length).toBe(2);
    expect(squeeze(unescape(mrkdwnTexts(m?.blocks).join('')))).toBe(squeeze(LONG));
    expect(m?.text.length).toBeLessThanOrEqual(3000);
  });

  it('in an answered label is escaped and capped', () => {
    const [original] = promptsToSlack([QUESTION], OPTIONS.nl);
    for (const label of HOSTILE) {
      const m = answeredMessage(original as SlackMessage, label, ':white_check_mark: Beantwoord:');
      expect(limitProblems(m.blocks)).toEqual([]);
      expect(escapingProblems(m)).toEqual([]);
    }
  });

  it('in the reporter name of a channel post is escaped and capped', () => {
    for (const reporterName of HOSTILE) {
      for (const s of [SUMMARY, { ...SUMMARY, urgency: 'urgent' as const }]) {
        const m = channelMessage(s, { ...VIEW, reporterName, claimedText: `Opgepakt door ${reporterName}` });
        expect(limitProblems(m.blocks)).toEqual([]);
        expect(escapingProblems(m)).toEqual([]);
      }
    }
  });
});

// ---- answered messages --------------------------------------------------------------------

describe('answeredMessage', () => {
  it('keeps the content, removes every button, checkbox and the typing hint, and shows the escaped answer', () => {
    const multi: Prompt = { kind: 'multi', promptId: 'm#2', question: 'Welke?', minSelected: 0, options: Array.from({ length: 14 }, (_, i) => ({ value: `v${i}`, label: `Optie ${i}` })), nav: QUESTION.nav };
    const text: Prompt = { kind: 'text', promptId: 't#3', question: 'Wat zag je?', maxLength: 1000, optional: false, nav: QUESTION.nav };
    for (const q of [QUESTION, multi, text]) {
      const original = promptsToSlack([{ kind: 'info', tone: 'warning', text: 'Let op.' }, q], OPTIONS.nl).at(-1) as SlackMessage;
      const m = answeredMessage(original, 'Onderwijs <!channel> & zo', ':white_check_mark: Beantwoord:');
      expect(actionsBlocks(m)).toEqual([]);
      expect(JSON.stringify(m)).not.toContain(OPTIONS.nl.typeHint);
      expect(m.blocks.slice(0, -1)).toEqual(original.blocks.filter((b) => b.type !== 'actions' && !JSON.stringify(b).includes(OPTIONS.nl.typeHint)));
      expect(m.blocks.at(-1)).toEqual({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: ':white_check_mark: Beantwoord: Onderwijs &lt;!channel&gt; &amp; zo', verbatim: true }],
      });
      expect(m.text).toBe(original.text);
    }
  });

  it('stays within 50 blocks for a question message that used every block it could', () => {
    const infos = Array.from({ length: 60 }, (_, i): Prompt => ({ kind: 'info', tone: 'normal', text: `Alinea ${i}` }));
    const messages = promptsToSlack([...infos, QUESTION], OPTIONS.nl);
    expect(messages.length).toBe(2);
    for (const m of messages) expect(answeredMessage(m, 'A', 'Beantwoord:').blocks.length).toBeLessThanOrEqual(50);
  });

  it('adds no empty line when there is neither prefix nor label', () => {
    const [original] = promptsToSlack([QUESTION], OPTIONS.nl);
    const m = answeredMessage(original as SlackMessage, '', '');
    expect(limitProblems(m.blocks)).toEqual([]);
    expect(actionsBlocks(m)).toEqual([]);
  });
});

// ---- channel post -------------------------------------------------------------------------

const SUMMARY: ChannelSummary = {
  caseId: 'case-7f3a',
  ref: 'MC-7F3A2B',
  sector: 'onderwijs',
  route: 'meldcode',
  step: 2,
  urgency: 'normaal',
  reporter: 'T123:U0PLATFORMID',
};

const VIEW: ChannelCardView = {
  title: 'Nieuwe vraag om overleg',
  refLabel: 'Zaak',
  sectorLabel: 'Sector',
  sectorValue: 'Onderwijs',
  stepLabel: 'Stap',
  stepValue: '2 van 5 — Overleg',
  urgencyLabel: 'Urgentie',
  urgencyValue: 'Normaal',
  reporterLabel: 'Gevraagd door',
  reporterName: 'Sanne de Vries',
  urgentBanner: 'URGENT: direct gevaar gemeld',
  claimButton: 'Ik pak dit op',
};

/** Layout strings (types, ids, styles) that are not content. */
const STRUCTURAL = new Set(['section', 'mrkdwn', 'context', 'actions', 'button', 'plain_text', 'primary', 'mc_claim', 'mc_channel']);

describe('channelMessage', () => {
  it('shows only the facts of the view, as fields, and nothing else: no platform id, route or answers', () => {
    const view = { ...VIEW, outcomeLabel: 'Besluit', outcomeValue: 'Melden' };
    const m = channelMessage({ ...SUMMARY, outcome: 'melden' }, view);
    const fields = objects(m.blocks).filter((o) => o.type === 'section' && o.fields).flatMap((o) => (o.fields as Json[]).map((f) => f.text));
    expect(fields).toEqual([
      '*Zaak*\nMC-7F3A2B',
      '*Sector*\nOnderwijs',
      '*Stap*\n2 van 5 — Overleg',
      '*Urgentie*\nNormaal',
      '*Besluit*\nMelden',
      '*Gevraagd door*\nSanne de Vries',
    ]);
    const allowed = new Set([...STRUCTURAL, ...fields, '*Nieuwe vraag om overleg*', 'Ik pak dit op', SUMMARY.caseId]);
    expect(strings(m.blocks).filter((x) => !allowed.has(x))).toEqual([]);
    expect(m.text).toBe('Nieuwe vraag om overleg — MC-7F3A2B');
    const json = JSON.stringify(m);
    expect(json).not.toContain(SUMMARY.reporter);
    expect(json).not.toContain('meldcode');
    // The case id only travels in the claim button's value, never on screen.
    expect(mrkdwnTexts(m.blocks).join(' ')).not.toContain(SUMMARY.caseId);
  });

  it('shows the urgent banner on top only for an urgent case, and leads the notification with it', () => {
    const urgent = channelMessage({ ...SUMMARY, urgency: 'urgent' }, VIEW);
    const normal = channelMessage(SUMMARY, VIEW);
    // Block Kit's alert block, level error (docs.slack.dev/reference/block-kit/blocks/alert).
    expect(urgent.blocks[0]).toEqual({ type: 'alert', level: 'error', text: { type: 'mrkdwn', text: ':rotating_light: *URGENT: direct gevaar gemeld*', verbatim: true } });
    expect(urgent.text.startsWith('URGENT: direct gevaar gemeld')).toBe(true);
    expect(JSON.stringify(normal)).not.toContain(VIEW.urgentBanner);
    expect(JSON.stringify(normal)).not.toContain(':rotating_light:');
    const { urgentBanner: _none, ...noBanner } = VIEW;
    expect(JSON.stringify(channelMessage({ ...SUMMARY, urgency: 'urgent' }, { ...noBanner, urgencyValue: 'Urgent' }).blocks[0])).toContain('Urgent');
  });

  it('has a claim button whose value parses back into a claim of the case', () => {
    const m = channelMessage(SUMMARY, VIEW);
    const [claim] = buttons(m);
    expect(claim).toMatchObject({ action_id: 'mc_claim', text: { text: 'Ik pak dit op' } });
    expect(parseSlackAction('mc_claim', claim?.value)).toEqual({ claim: SUMMARY.caseId });
  });

  it('replaces the claim button by the escaped "claimed by" line once claimed', () => {
    const m = channelMessage(SUMMARY, { ...VIEW, claimedText: 'Opgepakt door <@U1> Jan' });
    expect(actionsBlocks(m)).toEqual([]);
    expect(buttons(m)).toEqual([]);
    expect(m.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Opgepakt door &lt;@U1&gt; Jan', verbatim: true }] });
  });
});

// ---- App Home -----------------------------------------------------------------------------

const HOME: HomeViewInput = {
  title: 'Meldcode-assistent',
  intro: 'Direct gevaar? Bel 112. Advies: Veilig Thuis 0800-2000.',
  buttons: { nieuw: 'Nieuwe zorg', stap0: 'Stap 0', uitleg: 'Uitleg', mijn: 'Mijn zaken' },
  casesTitle: 'Jouw open zaken',
  noCases: 'Je hebt geen open zaken.',
  caseLabel: (c) => `${c.ref} — stap ${c.step} — ${c.date}`,
  cases: [],
};

describe('homeView', () => {
  it('is a home tab with a header and the four start buttons that parse into their choices', () => {
    const v = homeView(HOME);
    // Compile-time: accepted by @slack/types as a home view.
    const typed: SlackTypesHomeView = v;
    expect(typed.type).toBe('home');
    expect(v.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Meldcode-assistent', emoji: true } });
    const starts = buttons(v.blocks);
    expect(starts.map((b) => (b.text as Json).text)).toEqual(['Nieuwe zorg', 'Stap 0', 'Uitleg', 'Mijn zaken']);
    expect(starts.map((b) => parseSlackAction(String(b.action_id), b.value))).toEqual([{ home: 'nieuw' }, { home: 'stap0' }, { home: 'uitleg' }, { home: 'mijn' }]);
    expect(mrkdwnTexts(v.blocks)).toContain('Je hebt geen open zaken.');
  });

  it('lists the open cases, escaped', () => {
    const v = homeView({ ...HOME, cases: [{ ref: 'MC-1', step: 2, date: '2026-11-22' }, { ref: 'MC-<!here>', step: 0, date: '2026-11-23' }] });
    expect(mrkdwnTexts(v.blocks)).toContain('• MC-1 — stap 2 — 2026-11-22\n• MC-&lt;!here&gt; — stap 0 — 2026-11-23');
    expect(JSON.stringify(v)).not.toContain('geen open zaken');
    expect(escapingProblems(v)).toEqual([]);
  });

  it('stays within 100 blocks and the text limits for any number of cases', () => {
    const cases = Array.from({ length: 10_000 }, (_, i) => ({ ref: `MC-${i}`, step: i % 6, date: `2026-11-${String((i % 28) + 1).padStart(2, '0')}` }));
    const v = homeView({ ...HOME, caseLabel: (c) => `${c.ref} ${'x'.repeat(30)}`, cases });
    expect(limitProblems(v.blocks, 100)).toEqual([]);
    expect(v.blocks.length).toBeLessThanOrEqual(100);
    expect(mrkdwnTexts(v.blocks).at(-1)?.endsWith('…')).toBe(true);
  });
});

describe('escapeMrkdwn as used here', () => {
  it('turns pre-escaped entities into literal text instead of decoding them', () => {
    const [m] = promptsToSlack([{ kind: 'info', tone: 'normal', text: '&lt;!channel&gt;' }], OPTIONS.nl);
    expect(mrkdwnTexts(m?.blocks)).toEqual([escapeMrkdwn('&lt;!channel&gt;')]);
    expect(escapeMrkdwn('&lt;!channel&gt;')).toBe('&amp;lt;!channel&amp;gt;');
  });

  it.each([
    ['\u202Enimda\u202C', 'nimda'],
    ['\u2066Anna\u2069 \u200Fen\u200E Bo', 'Anna en Bo'],
    ['*baas* _echt_ ~niet~ `x`', '\u2217baas\u2217 \u02CDecht\u02CD \u02DCniet\u02DC \u02CBx\u02CB'],
    ['nul\u0000bel\u0007esc\u001Bc1\u0085\u009B', 'nulbelescc1'],
    ['tab\tblijft\nen regel ook', 'tab\tblijft\nen regel ook'],
    [':white_check_mark: *klaar*', ':white_check_mark: \u2217klaar\u2217'],
  ])('removes bidi and control characters and neutralises formatting in %j', (hostile, expected) => {
    // Act
    const escaped = escapeMrkdwn(hostile);

    // Assert
    expect(escaped).toBe(expected);
  });
});
