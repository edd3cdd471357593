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
});
