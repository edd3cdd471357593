/**
 * Adaptive Card rendering of every reply the engine can give: the cards parse cleanly at schema 1.5
 * with the official `adaptivecards` package, stay small, and every button sends data that
 * `parseSubmit` turns into an input the engine accepts. Plus: user text cannot inject markdown.
 */
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type * as ACModule from 'adaptivecards';
import { NODES } from '../../dialogs/index.js';
import { cardMessages, promptsToCards, CARD_BUDGET_BYTES, MAX_OPTION_BUTTONS, type AdaptiveCard, type CardOptions } from '../../cards/adaptive.js';
import { escapeCardText, ZWJ } from '../../cards/markdown.js';
import { ANSWER_INPUT_ID, parseSubmit } from '../../cards/submit.js';
import type { Lang } from '../../src/domain/types.js';
import type { Prompt, QuestionPrompt } from '../../src/engine/types.js';
import { conversationAt, translator } from '../helpers/conversation.js';
import { collectReplies, currentQuestion, fork, HOSTILE, type CorpusReply } from '../helpers/promptCorpus.js';
import type { Translator } from '../../src/i18n/index.js';
import { TEAMS_BUTTON_TITLE_MAX } from '../../src/channels/teams/cards.js';

// The package's `main` is untranspiled ESM that Node cannot load; its UMD bundle works without a DOM.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof ACModule;

const OPTIONS: Record<Lang, CardOptions> = {
  nl: { submitLabel: 'Verder', requiredError: 'Vul dit in of kies een antwoord.', earlierChoice: (l) => `Eerder gekozen: ${l}` },
  en: { submitLabel: 'Continue', requiredError: 'Please fill this in or pick an answer.', earlierChoice: (l) => `Chosen before: ${l}` },
};
/** The same texts with long one-click options as wrapping tiles, as Teams gets them. */
const TEAMS_OPTIONS: Record<Lang, CardOptions> = {
  nl: { ...OPTIONS.nl, wrapOptionsOver: TEAMS_BUTTON_TITLE_MAX },
  en: { ...OPTIONS.en, wrapOptionsOver: TEAMS_BUTTON_TITLE_MAX },
};
const LANGS: Lang[] = ['nl', 'en'];
const MAX_CARD_BYTES = 28 * 1024;

// ---- adaptivecards validation -------------------------------------------------------------

interface CardIssues {
  parse: string[];
  validation: string[];
}

function validateWithPackage(json: AdaptiveCard): CardIssues {
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  card.parse(json, ctx);
  const parse: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) parse.push(ctx.getEventAt(i).message);
  const validation = card.validateProperties().validationEvents.map((e) => e.message);
  return { parse, validation };
}

/** Properties we emit, per type, all in schema ≤ 1.5. The package ignores unknown properties, so we check. */
const ALLOWED: Record<string, readonly string[]> = {
  AdaptiveCard: ['type', 'version', '$schema', 'body', 'actions', 'msteams'],
  TextBlock: ['type', 'text', 'wrap', 'size', 'weight', 'isSubtle', 'color', 'spacing'],
  Container: ['type', 'items', 'style', 'bleed', 'spacing', 'separator', 'selectAction'],
  ActionSet: ['type', 'actions', 'spacing', 'separator'],
  FactSet: ['type', 'facts', 'spacing'],
  'Input.ChoiceSet': ['type', 'id', 'label', 'isRequired', 'errorMessage', 'spacing', 'choices', 'style', 'isMultiSelect', 'wrap', 'value'],
  'Input.Text': ['type', 'id', 'label', 'isRequired', 'errorMessage', 'spacing', 'maxLength', 'isMultiline', 'value'],
  'Action.Submit': ['type', 'title', 'data', 'associatedInputs', 'style'],
  // "Lees meer" pages and tap-to-call numbers (cards/view.ts infoLinks).
  'Action.OpenUrl': ['type', 'title', 'url'],
};

type Json = Record<string, unknown>;

/** Every object with a `type` in the card (elements and actions), depth-first, card first. */
function typed(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) node.forEach((n) => typed(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Json;
    if (typeof o.type === 'string') out.push(o);
    for (const [k, v] of Object.entries(o)) if (k !== 'data') typed(v, out);
  }
  return out;
}

const ofType = (card: AdaptiveCard, type: string): Json[] => typed(card).filter((o) => o.type === type);

/** Strings the user sees (not submit data, not structural values). */
function shownStrings(card: AdaptiveCard): string[] {
  const out: string[] = [];
  for (const o of typed(card)) {
    for (const k of ['text', 'title', 'label', 'errorMessage']) if (typeof o[k] === 'string') out.push(o[k] as string);
    for (const f of (o.facts as Json[] | undefined) ?? []) out.push(String(f.title), String(f.value));
    for (const c of (o.choices as Json[] | undefined) ?? []) out.push(String(c.title));
  }
  return out;
}

function structuralProblems(card: AdaptiveCard): string[] {
  const problems: string[] = [];
  if (card.version !== '1.5') problems.push(`version ${String(card.version)}`);
  const ids: string[] = [];
  for (const o of typed(card)) {
    const allowed = ALLOWED[o.type as string];
    if (!allowed) {
      problems.push(`unexpected type ${String(o.type)}`);
      continue;
    }
    for (const k of Object.keys(o)) if (!allowed.includes(k)) problems.push(`${String(o.type)}.${k}`);
    if (typeof o.id === 'string') ids.push(o.id);
    if (o.type === 'TextBlock' && (typeof o.text !== 'string' || o.text.trim() === '')) problems.push('empty TextBlock');
  }
  if (new Set(ids).size !== ids.length) problems.push(`duplicate ids ${ids.join(',')}`);
  return problems;
}

const byteSize = (card: AdaptiveCard): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

// ---- driving the engine along every path ----------------------------------------------------

type Reply = CorpusReply;

let REPLIES: Reply[] = [];
let TR: Translator;

beforeAll(async () => {
  TR = await translator();
  REPLIES = (await Promise.all(LANGS.map(collectReplies))).flat();
});

let CARDS: { reply: Reply; cards: AdaptiveCard[] }[] | undefined;
/** Every reply drawn both ways: with option buttons (the web chat) and with wrapping option tiles (Teams). */
function allCards(): { reply: Reply; cards: AdaptiveCard[] }[] {
  CARDS ??= REPLIES.flatMap((reply) => [OPTIONS, TEAMS_OPTIONS].map((o) => ({ reply, cards: promptsToCards(reply.prompts, o[reply.lang]) })));
  return CARDS;
}

// ---- tests ----------------------------------------------------------------------------------

describe('the engine exploration', () => {
  it('reaches every node of the flows in both languages, with every prompt kind and tone', () => {
    for (const lang of LANGS) {
      const mine = REPLIES.filter((r) => r.lang === lang).flatMap((r) => r.prompts);
      const nodes = new Set(mine.filter((p): p is QuestionPrompt => 'promptId' in p).map((p) => p.promptId.split('#')[0]));
      // s3.nieuwkomer only asks a case stored before stap 1 asked it (test/transcript).
      expect([...NODES.keys()].filter((id) => !nodes.has(id) && id !== 's3.nieuwkomer')).toEqual([]);
      const kinds = new Set(mine.map((p) => (p.kind === 'info' ? `info:${p.tone}` : p.kind)));
      expect([...kinds].sort()).toEqual(
        ['choice', 'info:error', 'info:normal', 'info:urgent', 'info:warning', 'multi', 'picture', 'summary', 'text', 'yesno'].sort(),
      );
      expect(mine.some((p) => p.kind === 'choice' && p.options.length > MAX_OPTION_BUTTONS)).toBe(true);
      expect(mine.some((p) => p.kind === 'text' && p.optional && p.skipLabel)).toBe(true);
      expect(mine.some((p) => p.kind === 'yesno' && (p.extra ?? []).length > 0)).toBe(true);
    }
  });

  it('includes error replies to stale clicks, too long texts, empty texts and typed garbage', () => {
    for (const via of ['stale', 'tooLong', 'empty', 'typed garbage']) {
      const errors = REPLIES.filter((r) => r.via.endsWith(`→ ${via}`) && r.prompts.some((p) => p.kind === 'info' && p.tone === 'error'));
      expect(errors.length).toBeGreaterThan(0);
    }
  });
});

describe('every card of every reply', () => {
  it('parses at schema 1.5 with the adaptivecards package without parse or validation events', () => {
    const failures: string[] = [];
    const seen = new Set<string>();
    for (const { reply, cards } of allCards()) {
      for (const card of cards) {
        const json = JSON.stringify(card);
        if (seen.has(json)) continue;
        seen.add(json);
        const issues = validateWithPackage(card);
        if (issues.parse.length || issues.validation.length) failures.push(`${reply.lang} ${reply.via}: ${[...issues.parse, ...issues.validation].join('; ')}`);
      }
    }
    expect(seen.size).toBeGreaterThan(300);
    expect([...new Set(failures)].slice(0, 10)).toEqual([]);
  });

  it('declares version 1.5, full width, only known 1.5 properties and unique ids', () => {
    const failures = allCards().flatMap(({ reply, cards }) =>
      cards.flatMap((card) => {
        const p = structuralProblems(card);
        if (card.msteams?.width !== 'Full') p.push('not full width');
        return p.map((x) => `${reply.lang} ${reply.via}: ${x}`);
      }),
    );
    expect([...new Set(failures)].slice(0, 10)).toEqual([]);
  });

  it('stays under 28 KB of UTF-8 JSON', () => {
    const sizes = allCards().flatMap(({ cards }) => cards.map(byteSize));
    expect(Math.max(...sizes)).toBeLessThan(MAX_CARD_BYTES);
  });

  it('goes out in messages of under 28 KB each, in order, several cards to a message where they fit', () => {
    let shared = 0;
    for (const { cards } of allCards()) {
      const messages = cardMessages(cards);
      expect(messages.flat()).toEqual(cards);
      for (const m of messages) expect(m.length === 1 || m.reduce((n, c) => n + byteSize(c), 0) <= CARD_BUDGET_BYTES).toBe(true);
      for (const m of messages) expect(m.reduce((n, c) => n + byteSize(c), 0)).toBeLessThan(MAX_CARD_BYTES);
      if (messages.some((m) => m.length > 1)) shared += 1;
    }
    // Replies of several cards exist (a summary with the note after it), and they are not sent card by card.
    expect(shared).toBeGreaterThan(0);
  });

  it('shows one question per card, with the infos before it on the same card', () => {
    const failures: string[] = [];
    for (const { reply, cards } of allCards()) {
      const questions = reply.prompts.filter((p) => 'promptId' in p).length;
      const summaries = reply.prompts.filter((p) => p.kind === 'summary').length;
      const trailingInfos = reply.prompts.at(-1)?.kind === 'info' ? 1 : 0;
      const firstSummary = reply.prompts.findIndex((p) => p.kind === 'summary');
      const infosBeforeSummary = firstSummary > 0 && reply.prompts[firstSummary - 1]?.kind === 'info' ? 1 : 0;
      if (cards.length !== questions + summaries + trailingInfos + infosBeforeSummary) failures.push(`${reply.via}: ${cards.length} cards`);
      for (const card of cards) {
        const promptIds = new Set(ofType(card, 'Action.Submit').map((a) => (a.data as Json).promptId));
        if (promptIds.size > 1) failures.push(`${reply.via}: answers ${[...promptIds].join(', ')} on one card`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('never shows what the user typed as markdown, a link or a mention', () => {
    const typedHostile = REPLIES.filter((r) => JSON.stringify(r.prompts).includes('<at>Everyone</at>'));
    expect(typedHostile.length).toBeGreaterThan(0); // the hostile text does come back (summary, consultation info)
    const leaks: string[] = [];
    for (const { reply, cards } of allCards()) {
      for (const s of cards.flatMap(shownStrings)) {
        for (const bad of ['<at>', '](', '<script', '**', '~~', '&lt;']) if (s.includes(bad)) leaks.push(`${reply.via}: ${bad} in ${s.slice(0, 80)}`);
        if (hasUnescaped(s, '*') || hasUnescaped(s, '_') || hasUnescaped(s, '`') || hasUnescaped(s, '[')) leaks.push(`${reply.via}: ${s.slice(0, 80)}`);
      }
    }
    expect([...new Set(leaks)].slice(0, 10)).toEqual([]);
  });
});

/** Simulates the client: the button's data merged with the card's inputs, as Action.Submit sends it. */
function submitted(data: Json, q: QuestionPrompt | undefined): Json {
  if (data.mc !== 'answer' || 'value' in data || !q) return data;
  switch (q.kind) {
    case 'text':
      return { ...data, [ANSWER_INPUT_ID]: 'Een getypt antwoord' };
    case 'choice':
      return { ...data, [ANSWER_INPUT_ID]: q.options[0]?.value };
    case 'multi':
      // Adaptive Cards send the ticked values of a multi-select as one comma-separated string.
      return { ...data, [ANSWER_INPUT_ID]: q.options.slice(0, Math.max(1, q.minSelected)).map((o) => o.value).join(',') };
    default:
      return data;
  }
}

function expectedValues(q: QuestionPrompt): string[] {
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

describe('every button', () => {
  it('sends data that parseSubmit turns into the answer or command it stands for, and the engine accepts it', () => {
    const failures: string[] = [];
    const clickedAt = new Set<string>();
    let clicks = 0;
    for (const { reply, cards } of allCards()) {
      const q = currentQuestion(reply.prompts);
      const actions = cards.flatMap((card) => ofType(card, 'Action.Submit'));
      const fail = (what: string) => failures.push(`${reply.lang} ${reply.via}: ${what}`);
      if (!q) {
        if (actions.length > 0) fail('buttons without a question');
        continue;
      }
      // Clicking through the engine once per node is enough (button data does not depend on the
      // language); the data checks run on every reply.
      const node = q.promptId.split('#')[0] ?? '';
      const clickThrough = reply.lang === 'nl' && !clickedAt.has(node);
      clickedAt.add(node);
      const values: string[] = [];
      for (const action of actions) {
        const data = action.data as Json;
        const parsed = parseSubmit(JSON.parse(JSON.stringify(submitted(data, q))));
        let expected: unknown;
        if (data.mc === 'command') {
          if (!q.nav.some((n) => n.command === data.command)) fail(`command ${String(data.command)} not offered`);
          expected = { input: { type: 'command', command: data.command, promptId: q.promptId } };
        } else if ('value' in data) {
          values.push(String(data.value));
          expected = { input: { type: 'answer', promptId: q.promptId, value: data.value } };
        } else {
          expected = { input: { type: 'answer', promptId: q.promptId, value: submitted(data, q)[ANSWER_INPUT_ID] } };
        }
        if (JSON.stringify(parsed) !== JSON.stringify(expected)) fail(`${String(action.title)} → ${JSON.stringify(parsed)}`);
        if (!clickThrough || !('input' in parsed)) continue;
        clicks += 1;
        const next = fork(TR, reply.state).send(parsed.input);
        const errors = next.prompts.filter((p) => p.kind === 'info' && p.tone === 'error');
        if (errors.length > 0) fail(`${String(action.title)} rejected: ${JSON.stringify(errors)}`);
      }
      // Every option is a one-click button, or the card has an input with a submit button.
      const usesInput = cards.some((c) => ofType(c, 'Input.ChoiceSet').length + ofType(c, 'Input.Text').length > 0);
      if (!usesInput && values.sort().join('|') !== expectedValues(q).sort().join('|')) fail(`option buttons ${values.join(',')}`);
      if (actions.filter((a) => (a.data as Json).mc === 'command').length !== q.nav.length) fail('nav buttons missing');
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(clicks).toBeGreaterThan(100);
  });

  it('puts the acute-danger button first among the navigation, in an attention container', () => {
    const reply = REPLIES.find((r) => currentQuestion(r.prompts)?.nav.some((n) => n.command === 'acute') && (currentQuestion(r.prompts)?.nav.length ?? 0) > 1);
    expect(reply).toBeDefined();
    const cards = promptsToCards(reply?.prompts ?? [], OPTIONS.nl);
    const card = cards[cards.length - 1] as AdaptiveCard;
    const commands = ofType(card, 'Action.Submit').map((a) => (a.data as Json).command).filter(Boolean);
    expect(commands[0]).toBe('acute');
    const strip = ofType(card, 'Container').find((c) => c.style === 'attention' && JSON.stringify(c.items).includes('"command":"acute"'));
    expect(strip).toBeDefined();
  });

  it('lets navigation, one-click answers and skipping through without validating the inputs', () => {
    const wrong = allCards()
      .flatMap(({ cards }) => cards.flatMap((c) => ofType(c, 'Action.Submit')))
      .filter((a) => {
        const data = a.data as Json;
        const needsInputs = data.mc === 'answer' && !('value' in data);
        return a.associatedInputs !== (needsInputs ? undefined : 'none');
      });
    expect(wrong).toEqual([]);
  });
});

describe('question cards', () => {
  it('give a text question an Input.Text with its maxLength, multi-line above 200, required unless optional', () => {
    let seen = 0;
    for (const { reply, cards } of allCards()) {
      const q = currentQuestion(reply.prompts);
      if (q?.kind !== 'text') continue;
      seen += 1;
      const card = cards.find((c) => JSON.stringify(c).includes(`"promptId":"${q.promptId}"`)) as AdaptiveCard;
      const [input] = ofType(card, 'Input.Text');
      expect(input).toMatchObject({ id: ANSWER_INPUT_ID, maxLength: q.maxLength });
      expect(input?.isMultiline === true).toBe(q.maxLength > 200);
      expect(input?.isRequired === true).toBe(!q.optional);
      const skip = ofType(card, 'Action.Submit').some((a) => (a.data as Json).value === '');
      expect(skip).toBe(q.optional && q.skipLabel !== undefined);
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('render more than six options as a required radio list with a submit button', () => {
    const many = REPLIES.filter((r) => r.via.includes('seven open cases'));
    for (const reply of many) {
      const q = currentQuestion(reply.prompts);
      expect(q?.kind === 'choice' && q.options.length).toBeGreaterThan(MAX_OPTION_BUTTONS);
      const card = promptsToCards(reply.prompts, OPTIONS[reply.lang]).at(-1) as AdaptiveCard;
      const [set] = ofType(card, 'Input.ChoiceSet');
      expect(set).toMatchObject({ id: ANSWER_INPUT_ID, style: 'expanded', isRequired: true, errorMessage: OPTIONS[reply.lang].requiredError });
      expect(set?.isMultiSelect).toBeUndefined();
      const submit = ofType(card, 'Action.Submit').find((a) => (a.data as Json).mc === 'answer');
      expect(submit).toMatchObject({ title: OPTIONS[reply.lang].submitLabel, data: { mc: 'answer', promptId: q?.promptId } });
    }
  });

  it('start with the position label, bold in the accent colour, then the question in bold', () => {
    const reply = REPLIES.find((r) => r.lang === 'nl' && currentQuestion(r.prompts)?.position?.step === 2) as Reply;
    const q = currentQuestion(reply.prompts) as QuestionPrompt;
    const card = promptsToCards(reply.prompts, OPTIONS.nl).at(-1) as AdaptiveCard;
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Stap 2 van 5 — Overleg', weight: 'Bolder', color: 'Accent' });
    const question = (card.body as Json[]).find((b) => b.type === 'TextBlock' && b.text === escapeCardText(q.question));
    expect(question).toMatchObject({ weight: 'Bolder', wrap: true });
  });

  it('put infos before the question in containers styled by tone, and infos after it on a card of their own', () => {
    const q: Prompt = { kind: 'choice', promptId: 'p#1', question: 'Vraag?', options: [{ value: 'a', label: 'A' }], nav: [] };
    const cards = promptsToCards(
      [
        { kind: 'info', tone: 'urgent', title: 'Direct gevaar', text: '1. Bel 112.\n2. Bel Veilig Thuis.' },
        { kind: 'info', tone: 'warning', text: 'Let op.' },
        { kind: 'info', tone: 'error', text: 'Fout.' },
        { kind: 'info', tone: 'normal', text: '• een\n• twee' },
        q,
        { kind: 'info', tone: 'normal', text: 'Daarna.' },
      ],
      OPTIONS.nl,
    );
    expect(cards).toHaveLength(2);
    const containers = (cards[0]?.body as Json[]).filter((b) => b.type === 'Container');
    expect(containers.map((c) => c.style)).toEqual(['attention', 'warning', 'attention', undefined]);
    expect((containers[0]?.items as Json[])[0]).toMatchObject({ text: 'Direct gevaar', weight: 'Bolder' });
    // One TextBlock per line; our "• " bullets stay as they are.
    expect((containers[3]?.items as Json[]).map((t) => t.text)).toEqual(['• een', '• twee']);
    expect(JSON.stringify(cards[1])).toContain('Daarna.');
    expect(ofType(cards[1] as AdaptiveCard, 'Action.Submit')).toEqual([]);
  });
});

describe('earlier answers on a card', () => {
  /** The answer input of the card, as the adaptivecards package parsed it at 1.5 (its `defaultValue` is the JSON `value`). */
  function parsedAnswerInput(card: AdaptiveCard): { defaultValue?: string } | undefined {
    const ctx = new AC.SerializationContext(AC.Versions.v1_5);
    const parsed = new AC.AdaptiveCard();
    parsed.parse(card, ctx);
    expect(ctx.eventCount).toBe(0);
    expect(parsed.validateProperties().validationEvents).toEqual([]);
    return parsed.getElementById(ANSWER_INPUT_ID) as { defaultValue?: string } | undefined;
  }

  it('put the text sent back by the name check in the answer field, and name what was found in the warning', async () => {
    // Arrange
    const c = await conversationAt('s1.feiten');
    c.say('Mohammed zei dat zijn vader hem sloeg.');
    // Act
    const card = promptsToCards(c.prompts, OPTIONS.nl).at(-1) as AdaptiveCard;
    // Assert
    expect(ofType(card, 'Input.Text')[0]?.value).toBe('Mohammed zei dat zijn vader hem sloeg.');
    expect(parsedAnswerInput(card)?.defaultValue).toBe('Mohammed zei dat zijn vader hem sloeg.');
    const warning = (card.body as Json[]).find((b) => b.type === 'Container' && b.style === 'warning');
    expect(JSON.stringify(warning)).toContain('Mohammed');
  });

  it('pre-fill the text answered before when the question is asked again by "back"', async () => {
    const c = await conversationAt('s1.bron');
    c.click('back');
    const card = promptsToCards(c.prompts, OPTIONS.nl).at(-1) as AdaptiveCard;
    expect(parsedAnswerInput(card)?.defaultValue).toBe('Maandag een blauwe plek op de arm gezien.');
  });

  it('pre-tick the options ticked before, comma-separated', async () => {
    // Arrange
    const c = await conversationAt('s1.vormen');
    c.answer(['lichamelijke-mishandeling', 'emotionele-verwaarlozing']);
    c.click('back');
    // Act
    const card = promptsToCards(c.prompts, OPTIONS.nl).at(-1) as AdaptiveCard;
    // Assert
    expect(ofType(card, 'Input.ChoiceSet')[0]).toMatchObject({ isMultiSelect: true, value: 'lichamelijke-mishandeling,emotionele-verwaarlozing' });
    expect(parsedAnswerInput(card)?.defaultValue).toBe('lichamelijke-mishandeling,emotionele-verwaarlozing');
  });

  it('pre-select the earlier choice in a radio list', () => {
    const options = Array.from({ length: MAX_OPTION_BUTTONS + 1 }, (_, i) => ({ value: `v${i}`, label: `Optie ${i}` }));
    const q: Prompt = { kind: 'choice', promptId: 'p#1', question: 'Vraag?', options, value: 'v3', nav: [] };
    const card = promptsToCards([q], OPTIONS.nl)[0] as AdaptiveCard;
    expect(ofType(card, 'Input.ChoiceSet')[0]?.value).toBe('v3');
    expect(parsedAnswerInput(card)?.defaultValue).toBe('v3');
  });

  it('mark the one-click answer chosen before as positive and name it above the buttons', async () => {
    // Arrange
    const c = await conversationAt('s1.vormen');
    c.click('back');
    // Act
    const card = promptsToCards(c.prompts, OPTIONS.nl).at(-1) as AdaptiveCard;
    // Assert
    const answers = ofType(card, 'Action.Submit').filter((a) => (a.data as Json).mc === 'answer');
    expect(answers.filter((a) => a.style === 'positive').map((a) => (a.data as Json).value)).toEqual(['4-12']);
    const chosen = answers.find((a) => a.style === 'positive');
    expect(ofType(card, 'TextBlock').some((t) => t.text === escapeCardText(`Eerder gekozen: ${String(chosen?.title)}`))).toBe(true);
    expect(validateWithPackage(card)).toEqual({ parse: [], validation: [] });
  });

  it('show a question asked for the first time without any earlier answer', async () => {
    const c = await conversationAt('s1.leeftijd');
    const card = promptsToCards(c.prompts, OPTIONS.nl).at(-1) as AdaptiveCard;
    expect(ofType(card, 'Action.Submit').some((a) => a.style === 'positive')).toBe(false);
    expect(JSON.stringify(card)).not.toContain('Eerder gekozen');
  });
});

// ---- escaping -------------------------------------------------------------------------------

/** True when `s` has `ch` not preceded by an odd number of backslashes, i.e. a live markdown character. */
function hasUnescaped(s: string, ch: string): boolean {
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) {
    let slashes = 0;
    for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) slashes += 1;
    if (slashes % 2 === 0) return true;
  }
  return false;
}

/** True when a line starts (after spaces) with a markdown block marker. */
const startsBlock = (s: string): boolean => s.split('\n').some((l) => /^\s*([-+*#>=]|\d+[.)])/.test(l));

/** Control and bidi characters, which escapeCardText removes. */
const REMOVED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

/** What escapeCardText promises of its output for any input `raw`. */
function expectInert(raw: string): void {
  const out = escapeCardText(raw);
  expect(out).not.toContain('](');
  expect(out).not.toContain('<at>');
  expect(out).not.toContain('<script');
  expect(out).not.toMatch(/<(?!\u200D)/);
  expect(out).not.toMatch(/&#?[0-9a-z]+;/i);
  expect(out).not.toMatch(REMOVED);
  expect(out).not.toContain('\r');
  for (const ch of ['*', '_', '~', '`', '[', ']']) expect(hasUnescaped(out, ch)).toBe(false);
  expect(startsBlock(out)).toBe(false);
  // Nothing is lost: removing the escapes gives back what was typed (less what is removed).
  expect(out.split(ZWJ).join('').replace(/\\(.)/g, '$1')).toBe(raw.replace(/\r\n?/g, '\n').replace(REMOVED, ''));
}

describe('escapeCardText', () => {
  it.each(HOSTILE)('makes %j inert', (raw) => {
    expectInert(raw);
  });

  it('makes any mix of markdown characters, line breaks and letters inert (2,000 strings from a fixed seed)', () => {
    const alphabet = ['*', '_', '~', '`', '[', ']', '(', ')', '<', '>', '&', '#', ';', '-', '+', '=', '.', '1', '7', ' ', ' ', '\t', '\n', '\n', '\r', '\\', 'a', 'x', 'é', '\u0000', '\u202E', '\u2028'];
    let seed = 17;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let i = 0; i < 2000; i++) {
      const raw = Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      expectInert(raw);
    }
  });

  it('leaves ordinary text and our bullets unchanged', () => {
    const ours = '• Praat met de ouders (ook over wat goed gaat).\n• Twijfel? Bel Veilig Thuis: 0800-2000!';
    expect(escapeCardText(ours)).toBe(ours);
  });

  it('removes control characters and bidi overrides that could disguise text', () => {
    expect(escapeCardText('a\u0000b\u202Ecd\u2066e')).toBe('abcde');
  });
});

describe('a summary card with hostile values', () => {
  it('parses at 1.5 and shows every value escaped, never as markdown', () => {
    const summary: Prompt = {
      kind: 'summary',
      title: 'Samenvatting MC-1',
      sections: [{ heading: 'Stap 1', items: HOSTILE.map((v, i) => ({ label: `Veld ${i + 1}`, value: v })) }],
    };
    const [card] = promptsToCards([summary], OPTIONS.nl);
    expect(card).toBeDefined();
    expect(validateWithPackage(card as AdaptiveCard)).toEqual({ parse: [], validation: [] });
    const [facts] = ofType(card as AdaptiveCard, 'FactSet');
    expect((facts?.facts as Json[]).map((f) => f.value)).toEqual(HOSTILE.map(escapeCardText));
    const json = JSON.stringify(card);
    for (const bad of ['<at>', '](', '**', '<script']) expect(json).not.toContain(bad);
  });

  it('is split over several cards under 28 KB when every free-text answer is at its maximum length', () => {
    // Nine free-text fields of at most 1000 characters; "<" is the costliest character to escape.
    const items = Array.from({ length: 9 }, (_, i) => ({ label: `Veld ${i + 1}`, value: '<'.repeat(1000) }));
    const summary: Prompt = { kind: 'summary', title: 'Samenvatting MC-1', sections: [{ heading: 'Vrije tekst', items: items.slice(0, 3) }, { heading: 'Meer', items: items.slice(3) }] };
    const cards = promptsToCards([summary], OPTIONS.nl);
    expect(cards.length).toBeGreaterThan(1);
    for (const card of cards) {
      expect(byteSize(card)).toBeLessThan(MAX_CARD_BYTES);
      expect(validateWithPackage(card)).toEqual({ parse: [], validation: [] });
      expect((card.body[0] as Json).text).toBe('Samenvatting MC-1');
    }
    const facts = cards.flatMap((c) => ofType(c, 'FactSet')).flatMap((f) => f.facts as Json[]);
    expect(facts.map((f) => f.title)).toEqual(items.map((i) => i.label));
  });
});

describe('a long summary split over cards', () => {
  /** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const jsonBytes = (json: unknown) => Buffer.byteLength(JSON.stringify(json), 'utf8');
  const sectionBytes = (heading: unknown, facts: unknown[]) => jsonBytes([heading, { type: 'FactSet', facts }]);

  it('fills every card and every part of a section as far as the budget allows, with every line once and in order', () => {
    const next = random(17);
    const chars = ['a', 'é', '<', '€', '😀', ' '];
    for (let round = 0; round < 25; round++) {
      // Arrange: sections of many lines of mixed lengths and characters (multi-byte ones and ones escaping makes longer)
      const sections = Array.from({ length: 1 + Math.floor(next() * 6) }, (_, s) => ({
        heading: `Deel ${s + 1}`,
        // Mostly short lines, so a miscount of a byte or two per line would show; now and then a long one.
        items: Array.from({ length: 1 + Math.floor(next() * 300) }, (_, i) => ({
          label: `Veld ${s + 1}.${i + 1}`,
          value: Array.from({ length: Math.floor(next() * (next() < 0.05 ? 1500 : 60)) }, () => chars[Math.floor(next() * chars.length)]).join(''),
        })),
      }));
      const summary: Prompt = { kind: 'summary', title: `Samenvatting ${round}`, sections };

      // Act
      const cards = promptsToCards([summary], OPTIONS.nl);

      // Assert: each card holds its title, then parts of sections (a heading and its facts)
      const parts = cards.map((card) => {
        expect((card.body[0] as Json).text).toBe(`Samenvatting ${round}`);
        const blocks: { heading: Json; facts: Json[] }[] = [];
        for (let k = 1; k < card.body.length; k += 2) blocks.push({ heading: card.body[k] as Json, facts: (card.body[k + 1] as Json).facts as Json[] });
        return blocks;
      });
      const all = parts.flat();
      expect(all.flatMap((b) => b.facts.map((f) => f.title))).toEqual(sections.flatMap((s) => s.items.map((i) => i.label)));
      // A part of a section stays under half the budget unless it is a single line, and takes the section's next line only when that would not fit.
      all.forEach((b, k) => {
        if (b.facts.length > 1) expect(sectionBytes(b.heading, b.facts)).toBeLessThanOrEqual(CARD_BUDGET_BYTES / 2);
        const after = all[k + 1];
        if (after && after.heading.text === b.heading.text) expect(sectionBytes(b.heading, [...b.facts, after.facts[0]])).toBeGreaterThan(CARD_BUDGET_BYTES / 2);
      });
      // A card stays under the budget unless it holds one part, and the next card starts only where its first part would not fit.
      cards.forEach((card, k) => {
        if (card.body.length > 3) expect(byteSize(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
        const following = cards[k + 1];
        if (following) expect(jsonBytes({ ...card, body: [...card.body, following.body[1], following.body[2]] })).toBeGreaterThan(CARD_BUDGET_BYTES);
      });
    }
  });
});

describe('long texts and the summary', () => {
  const para = (n: number) => `Alinea ${n}: ${'tekst '.repeat(40).trim()}.`;

  it('show a long info from its start with the rest behind a toggle, and a short one whole', () => {
    // Arrange
    const long: Prompt = { kind: 'info', tone: 'normal', title: 'Tips', text: [1, 2, 3, 4, 5, 6, 7, 8].map(para).join('\n\n') };
    const short: Prompt = { kind: 'info', tone: 'normal', text: para(1) };
    const o = { ...OPTIONS.nl, showMore: 'Lees verder' };

    // Act
    const [folded] = promptsToCards([long], o);
    const [whole] = promptsToCards([short], o);

    // Assert: the first paragraph is visible, the rest hidden in a container the toggle names
    const json = JSON.stringify(folded);
    const hidden = typed(folded as AdaptiveCard).find((x) => x.type === 'Container' && x.isVisible === false) as Json;
    expect(hidden).toBeDefined();
    expect(JSON.stringify(hidden)).toContain('Alinea 8');
    expect(JSON.stringify(hidden)).not.toContain('Alinea 1:');
    expect(json).toContain(`"targetElements":["${hidden.id as string}"]`);
    expect(json).toContain('"title":"Lees verder"');
    expect(JSON.stringify(whole)).not.toContain('Action.ToggleVisibility');
  });

  it('end the summary with the actions it is given', () => {
    // Arrange
    const summary: Prompt = { kind: 'summary', title: 'Samenvatting van zaak MC-ABC123', sections: [{ heading: 'Zaak', items: [{ label: 'Zaaknummer', value: 'MC-ABC123' }] }] };
    const o: CardOptions = { ...OPTIONS.nl, summaryActions: () => [{ type: 'Action.Submit', title: 'Dossier als PDF', data: { mc: 'text', text: 'dossier MC-ABC123 pdf' } }] };

    // Act
    const cards = promptsToCards([summary], o);

    // Assert: the button sends what typing the command would
    const action = ofType(cards.at(-1) as AdaptiveCard, 'ActionSet').flatMap((s) => s.actions as Json[])[0] as Json;
    expect(action.title).toBe('Dossier als PDF');
    expect(parseSubmit(action.data)).toEqual({ input: { type: 'text', text: 'dossier MC-ABC123 pdf' } });
  });
});
