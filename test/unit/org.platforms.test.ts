/** The platform list: one place that the user-key pattern, the schema and the help text follow. */
import { describe, expect, it } from '@jest/globals';
import { PLATFORMS, USER_KEY, userKeyExamples } from '../../src/org/platforms.js';
import { SETTINGS_SCHEMA } from '../../src/org/schema.js';
import { parseSettings, SettingsError } from '../../src/org/settings.js';

describe('platform user keys', () => {
  it.each(PLATFORMS.map((p) => [p]))('accepts a %s user key', (platform) => {
    expect(USER_KEY.test(`${platform}:abc-123`)).toBe(true);
    expect(parseSettings({ beheerders: [`${platform}:abc-123`] }).beheerders).toEqual([`${platform}:abc-123`]);
  });

  it('refuses a key of a platform not on the list, naming every listed platform in the message', () => {
    expect(USER_KEY.test('signal:abc')).toBe(false);
    let error: unknown;
    try {
      parseSettings({ beheerders: ['signal:abc'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    for (const p of PLATFORMS) expect((error as SettingsError).message).toContain(`"${p}:`);
  });

  it('is the list the published schema uses', () => {
    const userKey = SETTINGS_SCHEMA.definitions.userKey;
    expect(userKey.pattern).toBe(USER_KEY.source);
    expect(userKey.description).toBe(`${userKeyExamples()}.`);
  });
});
