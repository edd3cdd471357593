/**
 * Long one-click options, over every reply of the corpus in both languages, as each channel draws it.
 * Teams cuts button titles off (it does not wrap them): no button carries a title longer than
 * {@link TEAMS_BUTTON_TITLE_MAX}; a question with a longer option shows all its options as wrapping,
 * tappable tiles that send exactly the data the button would, each option once and with its whole label.
 * The web chat (which wraps button titles itself) keeps its buttons. Slack shows about 30 characters of
 * a button: a long option is its whole label as text, beside a short button sending the same value.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { MAX_OPTION_BUTTONS, promptsToCards, type AdaptiveCard } from '../../cards/adaptive.js';
import { TILE_MARK } from '../../cards/adaptiveOptions.js';
import { escapeCardText } from '../../cards/markdown.js';
import { yesNoOptions } from '../../cards/view.js';
import { promptsToSlack } from '../../cards/blockkit.js';
import { BUTTON_TEXT_SHOWN } from '../../cards/blockkit/limits.js';
import { answerValue, escapeMrkdwn } from '../../cards/slackProtocol.js';
import { slackRenderOptions } from '../../src/channels/slack/common.js';
import { cardOptions } from '../../src/app/cardOptions.js';
import { teamsCardOptions, TEAMS_BUTTON_TITLE_MAX } from '../../src/channels/teams/cards.js';
import type { Lang } from '../../src/domain/types.js';
import type { ChoiceOption, QuestionPrompt } from '../../src/engine/types.js';
import type { Translator } from '../../src/i18n/index.js';
import { translator } from '../helpers/conversation.js';
import { collectReplies, currentQuestion, type CorpusReply } from '../helpers/promptCorpus.js';

type Json = Record<string, unknown>;
const LANGS: Lang[] = ['nl', 'en'];

/** Every object in a tree, depth-first, with the object that holds it. */
function objects(node: unknown, parent: Json | undefined = undefined, out: { o: Json; parent?: Json }[] = []): { o: Json; parent?: Json }[] {
  if (Array.isArray(node)) node.forEach((n) => objects(n, parent, out));
  else if (node && typeof node === 'object') {
    const o = node as Json;
    out.push({ o, parent });
    for (const v of Object.values(o)) objects(v, o, out);
  }
  return out;
}

const isSubmit = (o: Json): boolean => o.type === 'Action.Submit' || o.type === 'Action.Execute';

/** The actions drawn as buttons: in an ActionSet or the card's own actions (not a container's selectAction). */
function buttons(card: AdaptiveCard): Json[] {
  const sets = objects(card).filter(({ o }) => o.type === 'ActionSet').flatMap(({ o }) => o.actions as Json[]);
  return [...sets, ...((card.actions ?? []) as Json[])].filter(isSubmit);
}

/** The option tiles: containers made tappable by an Action.Submit. */
const tiles = (card: AdaptiveCard): Json[] =>
  objects(card)
    .map(({ o }) => o)
    .filter((o) => o.type === 'Container' && o.selectAction !== undefined);

/** The one-click options a question offers, or none when it takes an input. */
function oneClickOptions(q: QuestionPrompt): ChoiceOption[] {
  if (q.kind === 'yesno') return yesNoOptions(q);
  if (q.kind === 'choice' && q.options.length <= MAX_OPTION_BUTTONS) return q.options;
  return [];
}

let REPLIES: CorpusReply[] = [];
let TR: Translator;
let TEAMS: { reply: CorpusReply; cards: AdaptiveCard[] }[] = [];

beforeAll(async () => {
  TR = await translator();
  REPLIES = (await Promise.all(LANGS.map(collectReplies))).flat();
  TEAMS = REPLIES.map((reply) => ({ reply, cards: promptsToCards(reply.prompts, teamsCardOptions(TR, reply.lang)) }));
});

describe('Teams cards over every reply in both languages', () => {
  it('hold no button with a title longer than the limit', () => {
    const long = TEAMS.flatMap(({ reply, cards }) =>
      cards.flatMap(buttons).filter((b) => String(b.title).length > TEAMS_BUTTON_TITLE_MAX).map((b) => `${reply.lang} ${reply.via}: ${String(b.title)}`),
    );
    expect([...new Set(long)].slice(0, 10)).toEqual([]);
  });

  it('offer each one-click option exactly once, sending the data its button sends on the web, with its whole label', () => {
    const failures: string[] = [];
    let tiled = 0;
    for (const { reply, cards } of TEAMS) {
      const q = currentQuestion(reply.prompts);
      if (!q) continue;
      const options = oneClickOptions(q);
      if (options.length === 0) continue;
      const web = promptsToCards(reply.prompts, cardOptions(TR, reply.lang));
      const answers = (cs: AdaptiveCard[]) =>
        cs.flatMap((c) => objects(c).map(({ o }) => o)).filter((o) => isSubmit(o) && (o.data as Json).mc === 'answer' && 'value' in (o.data as Json));
      const sent = answers(cards).map((a) => JSON.stringify(a.data)).sort();
      const expected = options.map((opt) => JSON.stringify({ mc: 'answer', promptId: q.promptId, value: opt.value })).sort();
      if (JSON.stringify(sent) !== JSON.stringify(expected)) failures.push(`${reply.lang} ${reply.via}: sends ${sent.join(' ')}`);
      if (JSON.stringify(answers(web).map((a) => JSON.stringify(a.data)).sort()) !== JSON.stringify(sent)) failures.push(`${reply.lang} ${reply.via}: differs from the web`);
      for (const a of answers(cards)) {
        const opt = options.find((x) => x.value === (a.data as Json).value);
        if (a.title !== opt?.label) failures.push(`${reply.lang} ${reply.via}: title ${String(a.title)}`);
        if (a.associatedInputs !== 'none') failures.push(`${reply.lang} ${reply.via}: validates inputs`);
      }
      const ts = cards.flatMap(tiles);
      if (ts.length > 0) tiled += 1;
      // A list looks the same throughout: all options tiles once one label is long, else all buttons.
      const long = options.some((x) => x.label.length > TEAMS_BUTTON_TITLE_MAX);
      if (ts.length !== (long ? options.length : 0)) failures.push(`${reply.lang} ${reply.via}: ${ts.length} tiles for ${options.length} options`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(tiled).toBeGreaterThan(50);
  });

  it('draw a tile full width as an emphasised container with the whole label wrapping, marked as a choice', () => {
    const failures: string[] = [];
    for (const { reply, cards } of TEAMS) {
      for (const t of cards.flatMap(tiles)) {
        const action = t.selectAction as Json;
        const items = t.items as Json[];
        const where = `${reply.lang} ${reply.via}`;
        if (action.type !== 'Action.Submit') failures.push(`${where}: ${String(action.type)}`);
        if (t.style !== (action.style === 'positive' ? 'accent' : 'emphasis')) failures.push(`${where}: style ${String(t.style)}`);
        if (items.length !== 1 || items[0]?.type !== 'TextBlock' || items[0]?.wrap !== true) failures.push(`${where}: items ${JSON.stringify(items)}`);
        if (items[0]?.text !== `${TILE_MARK} ${escapeCardText(String(action.title))}`) failures.push(`${where}: text ${String(items[0]?.text)}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('show the longest labels whole, in both languages', () => {
    const shown = new Set(TEAMS.flatMap(({ cards }) => cards.flatMap(tiles)).map((t) => String((t.selectAction as Json).title)));
    expect(shown).toContain("Ik overleg met collega's of mijn aandachtsfunctionaris en vraag Veilig Thuis om advies");
    expect(shown).toContain('I consult colleagues or my aandachtsfunctionaris and ask Veilig Thuis for advice');
  });

  it('keep the acute-danger button a real button in its attention strip, never a tile', () => {
    let seen = 0;
    for (const { reply, cards } of TEAMS) {
      if (!currentQuestion(reply.prompts)?.nav.some((n) => n.command === 'acute')) continue;
      const card = cards.at(-1) as AdaptiveCard;
      const strip = objects(card).find(({ o }) => o.type === 'Container' && o.style === 'attention' && JSON.stringify(o.items).includes('"command":"acute"'));
      const acute = buttons(card).find((b) => (b.data as Json).command === 'acute');
      expect(strip).toBeDefined();
      expect(acute).toBeDefined();
      expect(tiles(card).some((t) => (t.selectAction as Json).data && ((t.selectAction as Json).data as Json).mc === 'command')).toBe(false);
      seen += 1;
    }
    expect(seen).toBeGreaterThan(100);
  });
});

describe('the web chat', () => {
  it('keeps its option buttons (its renderer wraps their titles)', () => {
    const withTiles = REPLIES.filter((reply) => promptsToCards(reply.prompts, cardOptions(TR, reply.lang)).some((c) => tiles(c).length > 0));
    expect(withTiles.map((r) => r.via)).toEqual([]);
  });
});

describe('Slack messages over every reply in both languages', () => {
  const slack = (reply: CorpusReply) => promptsToSlack(reply.prompts, slackRenderOptions((key, params) => TR.t(reply.lang, key, params)));

  it('hold no button whose text Slack would cut off', () => {
    const long = REPLIES.flatMap((reply) =>
      objects(slack(reply).map((m) => m.blocks))
        .map(({ o }) => o)
        .filter((o) => o.type === 'button' && String((o.text as Json).text).length > BUTTON_TEXT_SHOWN)
        .map((o) => `${reply.lang} ${reply.via}: ${String((o.text as Json).text)}`),
    );
    expect([...new Set(long)].slice(0, 10)).toEqual([]);
  });

  it('offer each one-click option exactly once with its value, its whole label shown beside a long option\u2019s button', () => {
    const failures: string[] = [];
    let beside = 0;
    for (const reply of REPLIES) {
      const q = currentQuestion(reply.prompts);
      if (!q) continue;
      const options = q.kind === 'yesno' ? yesNoOptions(q) : q.kind === 'choice' ? q.options : [];
      if (options.length === 0) continue;
      const blocks = objects(slack(reply).map((m) => m.blocks)).map(({ o }) => o);
      const answers = blocks.filter((o) => o.type === 'button' && /^mc_answer_\d+$/.test(String(o.action_id)));
      const sent = answers.map((a) => String(a.value)).sort();
      if (JSON.stringify(sent) !== JSON.stringify(options.map((o) => answerValue(q.promptId, o.value)).sort())) failures.push(`${reply.lang} ${reply.via}: ${sent.join(' ')}`);
      const sections = blocks.filter((o) => o.type === 'section' && String(o.block_id).startsWith('mc_option_'));
      const long = options.some((o) => o.label.length > BUTTON_TEXT_SHOWN);
      if (sections.length !== (long ? options.length : 0)) failures.push(`${reply.lang} ${reply.via}: ${sections.length} option sections`);
      sections.forEach((sec, n) => {
        if ((sec.text as Json).text !== escapeMrkdwn(options[n]?.label ?? '')) failures.push(`${reply.lang} ${reply.via}: ${String((sec.text as Json).text)}`);
      });
      if (long) beside += 1;
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(beside).toBeGreaterThan(50);
  });

  it('show every checkbox label whole: what does not fit in an option\u2019s text goes on in its description', () => {
    const failures: string[] = [];
    let continued = 0;
    for (const reply of REPLIES) {
      const q = currentQuestion(reply.prompts);
      if (q?.kind !== 'multi') continue;
      const shown = objects(slack(reply).map((m) => m.blocks))
        .map(({ o }) => o)
        .filter((o) => o.type === 'checkboxes')
        .flatMap((c) => c.options as Json[]);
      q.options.forEach((opt, n) => {
        const o = shown[n];
        const text = String((o?.text as Json | undefined)?.text);
        const description = (o?.description as Json | undefined)?.text;
        if (description !== undefined) continued += 1;
        if (text.length > 75 || String(description ?? '').length > 75) failures.push(`${reply.lang} ${reply.via}: too long ${text}`);
        if ([text, description].filter((t) => t !== undefined).join(' ') !== opt.label) failures.push(`${reply.lang} ${reply.via}: ${text} | ${String(description)}`);
      });
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(continued).toBeGreaterThan(0);
  });
});
