/** The terminal chat's rendering of earlier answers: the text to copy, the found parts marked, earlier choices ticked. */
import { describe, expect, it } from '@jest/globals';
import { renderText, type TextLabels } from '../../cards/text.js';
import { conversationAt } from '../helpers/conversation.js';

const LABELS: TextLabels = { earlierChoice: (l) => `Eerder gekozen: ${l}`, yourText: 'Je tekst:' };

describe('the terminal chat', () => {
  it('shows the text sent back by the name check on a line of its own, with the found part marked below it', async () => {
    // Arrange
    const c = await conversationAt('s1.feiten');
    c.say('Mohammed zei dat zijn vader hem sloeg.');
    // Act
    const out = renderText(c.question(), LABELS).split('\n');
    // Assert
    const at = out.indexOf('Mohammed zei dat zijn vader hem sloeg.');
    expect(out[at - 1]).toBe('   Je tekst:');
    expect(out[at + 1]).toBe('^^^^^^^^');
  });

  it('ticks and names the choice made before when "back" asks the question again', async () => {
    const c = await conversationAt('s1.vormen');
    c.click('back');
    const out = renderText(c.question(), LABELS);
    expect(out).toMatch(/^ {3}\d\. 4 tot 12 jaar ✓$/m);
    expect(out).toContain('   Eerder gekozen: 4 tot 12 jaar');
  });

  it('shows a question asked for the first time without ticks or an earlier text', async () => {
    const c = await conversationAt('s1.feiten');
    const out = renderText(c.question(), LABELS);
    expect(out).not.toContain('✓');
    expect(out).not.toContain('Je tekst:');
  });
});
