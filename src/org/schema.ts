/**
 * The JSON Schema of the organisation settings. docs/settings.schema.json is this object, published for editors
 * and other tools (a test keeps the two equal). Rules a schema cannot state (end later than start, labels unique
 * ignoring case, a time zone the runtime knows, a URL without credentials) are checked by hand in parse.ts.
 */
import { SECTORS } from '../domain/types.js';
import { USER_KEY_PATTERN, userKeyExamples } from './platforms.js';

/** Characters a label or note may not hold: control characters would break card or message layout. */
const NO_CONTROL = '^[^\\u0000-\\u001f\\u007f]*$';

export const SETTINGS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://meldcode-assistent.nl/schemas/settings.schema.json',
  title: 'Meldcode-assistent organisation settings',
  description: 'Who the aandachtsfunctionarissen, deputies and beheerders are, reminder and retention terms, working hours and the sociale kaart. Every field is optional; a missing field gets its default. See docs/settings.md.',
  type: 'object',
  additionalProperties: false,
  properties: {
    sector: { description: 'The sector whose afwegingskader wording is used.', enum: [...SECTORS] },
    aandachtsfunctionarissen: { $ref: '#/definitions/userKeys', default: [], description: 'The meldcode leads.' },
    deputies: { $ref: '#/definitions/userKeys', default: [], description: 'Plaatsvervangers of the leads.' },
    beheerders: { $ref: '#/definitions/userKeys', default: [], description: 'May change these settings in chat.' },
    reminders: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        unclaimedWorkingHours: { description: 'Working hours an ordinary case may stay unclaimed before a reminder.', type: 'number', minimum: 0.25, maximum: 168, default: 4 },
        urgentUnclaimedMinutes: { description: 'Clock minutes an urgent case may stay unclaimed before escalation.', type: 'integer', minimum: 5, maximum: 1440, default: 30 },
        followUpWeeks: { description: 'Weeks after a help decision until afweging 5 is asked again.', type: 'integer', minimum: 1, maximum: 52, default: 6 },
        nudgeDays: { description: 'Days without progress on an open case before a nudge.', type: 'integer', minimum: 1, maximum: 60, default: 7 },
        workingHours: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            start: { description: 'First working hour.', type: 'integer', minimum: 0, maximum: 23, default: 8 },
            end: { description: 'Hour at which work stops; later than start.', type: 'integer', minimum: 1, maximum: 24, default: 17 },
            days: { $ref: '#/definitions/days', default: [1, 2, 3, 4, 5] },
            timeZone: { $ref: '#/definitions/timeZone', default: 'Europe/Amsterdam' },
          },
        },
      },
    },
    retention: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        daysAfterClose: { description: 'Days after a case is closed until the assistant deletes its copy. A placeholder default, not advice.', type: 'integer', minimum: 30, maximum: 36500, default: 730 },
      },
    },
    socialMap: { $ref: '#/definitions/socialMap', default: [] },
  },
  definitions: {
    userKey: { description: `${userKeyExamples()}.`, type: 'string', pattern: USER_KEY_PATTERN },
    userKeys: { type: 'array', maxItems: 200, uniqueItems: true, items: { $ref: '#/definitions/userKey' } },
    day: { description: 'ISO weekday: 1 = Monday … 7 = Sunday.', type: 'integer', minimum: 1, maximum: 7 },
    days: { type: 'array', minItems: 1, uniqueItems: true, items: { $ref: '#/definitions/day' } },
    timeZone: { description: 'An IANA time zone the runtime knows.', type: 'string', minLength: 1 },
    kind: { enum: ['buurtteam', 'cjg', 'veilig-thuis-regio', 'tolk', 'anders'] },
    label: { description: 'Unique within the map, ignoring case.', type: 'string', minLength: 1, maxLength: 100, allOf: [{ pattern: '\\S' }, { pattern: NO_CONTROL }] },
    phone: { type: 'string', pattern: '^\\s*[0-9+()-][0-9 +()-]{1,18}[0-9+()-]\\s*$' },
    url: { description: 'http(s), without user name or password.', type: 'string', maxLength: 500, pattern: '^\\s*[Hh][Tt][Tt][Pp][Ss]?://\\S+\\s*$' },
    note: { type: 'string', maxLength: 300, pattern: NO_CONTROL },
    socialMapEntry: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'label'],
      properties: {
        kind: { $ref: '#/definitions/kind' },
        label: { $ref: '#/definitions/label' },
        phone: { $ref: '#/definitions/phone' },
        url: { $ref: '#/definitions/url' },
        note: { $ref: '#/definitions/note' },
      },
    },
    socialMap: { type: 'array', maxItems: 100, items: { $ref: '#/definitions/socialMapEntry' } },
  },
} as const;
