import { describe, expect, it } from '@jest/globals';
import { conversationAt } from '../helpers/conversation.js';

describe('free text with identifying data', () => {
  it('asks to rephrase first, stores nothing, and keeps the text only when the same text is sent again', async () => {
    const c = await conversationAt('s1.feiten');
    const text = 'De moeder heet Fatima El Amrani, BSN 111222333; maandag een blauwe plek gezien.';
    c.say(text);
    expect(c.node()).toBe('s1.feiten');
    const warning = c.infos().map((p) => p.text).join(' ');
    expect(warning).toContain('een naam');
    expect(warning).toContain('een BSN');
    expect(warning).toContain('Fatima El Amrani');
    expect(c.effects).toEqual([]);
    expect(JSON.stringify(c.state)).not.toContain('Fatima');
    c.say(text);
    expect(c.node()).toBe('s1.bron');
    expect(c.effectsOf('case.log').flatMap((e) => e.entries).some((e) => e.data.value === text)).toBe(true);
  });

  it('accepts a rephrased text without identifying data at once', async () => {
    const c = await conversationAt('s1.feiten');
    c.say('De moeder heet Fatima; maandag een blauwe plek gezien.');
    c.say('Maandag een blauwe plek op de arm gezien.');
    expect(c.node()).toBe('s1.bron');
    expect(c.state.piiPending).toBeUndefined();
  });

  it('does not let a confirmation carry over to another text or question', async () => {
    const c = await conversationAt('s1.feiten');
    c.say('Vader heet Jan.');
    c.say('Moeder heet Els.');
    expect(c.node()).toBe('s1.feiten');
    expect(c.infos().map((p) => p.text).join(' ')).toContain('Els');
  });

  it('re-asks with the text still in the answer field and the found parts marked, without keeping the text in the state', async () => {
    // Arrange
    const c = await conversationAt('s1.feiten');
    const text = 'Mohammed zei dat zijn vader hem sloeg.';
    // Act
    c.say(text);
    // Assert
    const q = c.question();
    expect(q.kind).toBe('text');
    expect(q.kind === 'text' ? q.value : undefined).toBe(text);
    expect(q.kind === 'text' ? q.marks : undefined).toEqual(['Mohammed']);
    expect(JSON.stringify(c.state)).not.toContain('Mohammed');
  });

  it('keeps the pre-filled text when it comes back unchanged from the answer field', async () => {
    // Arrange
    const c = await conversationAt('s1.feiten');
    c.say('Mohammed zei dat zijn vader hem sloeg.');
    const q = c.question();
    // Act
    c.answer(q.kind === 'text' ? (q.value ?? '') : '');
    // Assert
    expect(c.node()).toBe('s1.bron');
    expect(c.effectsOf('case.log').flatMap((e) => e.entries).some((e) => e.data.value === 'Mohammed zei dat zijn vader hem sloeg.')).toBe(true);
  });

  it('checks an edited text again, marking what is still found, and accepts it once nothing is', async () => {
    // Arrange
    const c = await conversationAt('s1.feiten');
    c.say('Mohammed zei dat zijn vader Jan hem sloeg.');
    // Act
    c.answer('De jongen zei dat zijn vader Jan hem sloeg.');
    // Assert
    expect(c.node()).toBe('s1.feiten');
    const again = c.question();
    expect(again.kind === 'text' ? again.value : undefined).toBe('De jongen zei dat zijn vader Jan hem sloeg.');
    expect(again.kind === 'text' ? again.marks : undefined).toEqual(['Jan']);
    c.answer('De jongen zei dat zijn vader hem sloeg.');
    expect(c.node()).toBe('s1.bron');
  });

  it('asks a text question without a pre-filled value when nothing was found', async () => {
    const c = await conversationAt('s1.feiten');
    const q = c.question();
    expect(q.kind === 'text' ? [q.value, q.marks] : 'not text').toEqual([undefined, undefined]);
  });
});
