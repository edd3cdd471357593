/**
 * No card or message of a full walk offers two actions with the same label: two "Menu" buttons (a
 * question's own option and the navigation row, or the summary's way back and the next card's) leave a
 * reader guessing which one to press. Over the shared corpus (every reply, both languages), as drawn for
 * the web chat and Teams (Adaptive Cards, with the app's own card options) and for Slack (Block Kit).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { promptsToCards, type AdaptiveCard } from '../../cards/adaptive.js';
import { promptsToSlack } from '../../cards/blockkit.js';
import { cardOptions } from '../../src/app/cardOptions.js';
import { slackRenderOptions } from '../../src/channels/slack/common.js';
import { teamsCardOptions } from '../../src/channels/teams/cards.js';
import type { Lang } from '../../src/domain/types.js';
import type { Translator } from '../../src/i18n/index.js';
import { translator } from '../helpers/conversation.js';
import { collectReplies, type CorpusReply } from '../helpers/promptCorpus.js';

type Json = Record<string, unknown>;
const LANGS: Lang[] = ['nl', 'en'];

/** Every object in a tree, depth-first. */
function objects(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) node.forEach((n) => objects(n, out));
  else if (node && typeof node === 'object') {
    out.push(node as Json);
    for (const v of Object.values(node as Json)) objects(v, out);
  }
  return out;
}

/** The labels of a card's actions (buttons and links), as shown. */
const adaptiveLabels = (card: AdaptiveCard): string[] =>
  objects(card)
    .filter((o) => typeof o.type === 'string' && (o.type as string).startsWith('Action.'))
    .map((o) => String(o.title).trim().toLowerCase());

/**
 * The labels of a Slack message's buttons, as a person tells them apart: a button's text, or for a
 * button beside a section's text (a long option with its "Kies" button) that text.
 */
function slackLabels(blocks: unknown): string[] {
  const all = objects(blocks);
  const beside = new Set(all.filter((o) => o.type === 'section').map((o) => o.accessory));
  return all
    .filter((o) => !beside.has(o))
    .map((o) => (o.type === 'section' && (o.accessory as Json | undefined)?.type === 'button' ? { ...(o.accessory as Json), text: o.text } : o))
    .filter((o) => o.type === 'button')
    .map((o) => String((o.text as Json | undefined)?.text ?? '').trim().toLowerCase());
}

const twice = (labels: string[]): string[] => labels.filter((l, i) => labels.indexOf(l) !== i);

let REPLIES: CorpusReply[] = [];
let TR: Translator;

beforeAll(async () => {
  TR = await translator();
  REPLIES = (await Promise.all(LANGS.map(collectReplies))).flat();
});

describe('action labels on one card', () => {
  it('walks every reply in both languages', () => {
    expect(LANGS.every((lang) => REPLIES.some((r) => r.lang === lang && r.prompts.some((p) => p.kind === 'summary')))).toBe(true);
  });

  it('never repeats on an Adaptive Card (web chat, Teams)', () => {
    const found: string[] = [];
    for (const reply of REPLIES) {
      // The web chat's look (option buttons) and Teams' (long options as tiles, each with its action).
      for (const options of [cardOptions(TR, reply.lang), teamsCardOptions(TR, reply.lang)]) {
        for (const card of promptsToCards(reply.prompts, options)) {
          const dup = twice(adaptiveLabels(card));
          if (dup.length > 0) found.push(`${reply.lang} ${reply.via}: ${dup.join(', ')}`);
        }
      }
    }
    expect(found.slice(0, 10)).toEqual([]);
  });

  it('never repeats in a Slack message', () => {
    const found: string[] = [];
    for (const reply of REPLIES) {
      const opts = slackRenderOptions((key, params) => TR.t(reply.lang, key, params));
      for (const message of promptsToSlack(reply.prompts, opts)) {
        const dup = twice(slackLabels(message.blocks));
        if (dup.length > 0) found.push(`${reply.lang} ${reply.via}: ${dup.join(', ')}`);
      }
    }
    expect(found.slice(0, 10)).toEqual([]);
  });
});
