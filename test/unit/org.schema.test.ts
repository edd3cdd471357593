/**
 * The published JSON Schema (docs/settings.schema.json): the one the code validates with, and it accepts the
 * example settings file while refusing what the settings reference calls invalid.
 */
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTINGS_SCHEMA } from '../../src/org/schema.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(path.join(ROOT, file), 'utf8'));

async function publishedValidator() {
  const schema = (await readJson('docs/settings.schema.json')) as Record<string, unknown>;
  return new Ajv({ strict: true }).compile(schema);
}

describe('the published settings schema', () => {
  it('is the schema the code validates with', async () => {
    // Arrange / Act
    const published = await readJson('docs/settings.schema.json');
    // Assert: regenerate with JSON.stringify(SETTINGS_SCHEMA, null, 2) when this fails.
    expect(published).toEqual(JSON.parse(JSON.stringify(SETTINGS_SCHEMA)));
  });

  it('accepts the example settings file', async () => {
    const validate = await publishedValidator();
    const example = await readJson('meldcode.settings.example.json');

    const ok = validate(example);

    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('refuses an unknown key, a user key without platform and a working day 8', async () => {
    const validate = await publishedValidator();

    const results = [
      validate({ nudgeDay: 3 }),
      validate({ beheerders: ['00000000-0000'] }),
      validate({ reminders: { workingHours: { days: [1, 8] } } }),
    ];

    expect(results).toEqual([false, false, false]);
  });
});
