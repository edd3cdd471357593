/**
 * The chat platforms a person can be known on, and the shape of a platform user key ("teams:<id>",
 * "slack:<team>:<user>", "web:<id>"). One list: the settings pattern, its schema and its help text follow it.
 */

export const PLATFORMS = ['teams', 'slack', 'web'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** What follows "<platform>:" in a user key, for help texts. */
export const USER_KEY_SHAPE: Readonly<Record<Platform, string>> = {
  teams: '<Entra object id>',
  slack: '<team>:<user>',
  web: '<id>',
};

/** The user-key pattern as a string (JSON Schema `pattern`). */
export const USER_KEY_PATTERN = `^(${PLATFORMS.join('|')}):[A-Za-z0-9:._-]{1,120}$`;
export const USER_KEY = new RegExp(USER_KEY_PATTERN);

/** '"teams:<Entra object id>", "slack:<team>:<user>" or "web:<id>"'. */
export function userKeyExamples(): string {
  const shown = PLATFORMS.map((p) => `"${p}:${USER_KEY_SHAPE[p]}"`);
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
