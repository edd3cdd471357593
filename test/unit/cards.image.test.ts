/**
 * The image prompt on every renderer: an Adaptive Card Image (valid at schema 1.5 for the adaptivecards package)
 * with its altText, a Slack image block with image_url and alt_text, the text alternative in the terminal; a
 * picture request that was never drawn shows nothing.
 */
import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import type * as ACModule from 'adaptivecards';
import { promptsToCards } from '../../cards/adaptive.js';
import { promptsToSlack } from '../../cards/blockkit.js';
import { renderText } from '../../cards/text.js';
import type { Prompt } from '../../src/engine/types.js';

const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof ACModule;
const OPTIONS = { submitLabel: 'Verder', requiredError: 'Kies iets' };
const image: Prompt = { kind: 'image', url: 'https://meldcode.example.org/pictures/abc.png', alt: 'Weegschaal met links de draaglast.', width: 1000, height: 700 };
const question: Prompt = { kind: 'choice', promptId: 'q#1', question: 'Wat nu?', options: [{ value: 'a', label: 'Verder' }], nav: [] };
const picture: Prompt = { kind: 'picture', picture: { of: 'stap0', risks: [], protective: [] } };

describe('the image prompt', () => {
  it('is an Image element above the question in the same Adaptive Card, valid at 1.5', () => {
    const cards = promptsToCards([{ kind: 'info', tone: 'normal', text: 'Uitkomst' }, image, picture, question], OPTIONS);
    expect(cards).toHaveLength(1);
    const json = JSON.stringify(cards[0]);
    expect(json).toContain('"type":"Image","url":"https://meldcode.example.org/pictures/abc.png","altText":"Weegschaal met links de draaglast."');
    expect(json.indexOf('"Image"')).toBeLessThan(json.indexOf('Wat nu?'));
    const ctx = new AC.SerializationContext(AC.Versions.v1_5);
    const card = new AC.AdaptiveCard();
    card.parse(cards[0], ctx);
    expect(ctx.eventCount).toBe(0);
    expect(card.validateProperties().validationEvents).toEqual([]);
  });

  it('is a Slack image block with image_url and alt_text, before the buttons', () => {
    const [msg, ...rest] = promptsToSlack([image, question], { submitLabel: 'Verder', typeAnswerLabel: 'Typ', typeHint: 'Of typ' });
    expect(rest).toEqual([]);
    const types = msg!.blocks.map((b) => b.type);
    expect(msg!.blocks[0]).toEqual({ type: 'image', image_url: image.url, alt_text: (image as { alt: string }).alt });
    expect(types.indexOf('image')).toBeLessThan(types.indexOf('actions'));
  });

  it('reads as its text alternative in the terminal; an undrawn picture shows nothing', () => {
    expect(renderText(image)).toBe('Weegschaal met links de draaglast.');
    expect(renderText(picture)).toBe('');
    expect(promptsToCards([picture], OPTIONS)).toEqual([]);
  });
});
