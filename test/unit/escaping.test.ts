/**
 * One shared corpus of hostile strings through every renderer that shows user text to anyone:
 * Adaptive Cards (Teams, web chat), the channel card, Slack Block Kit, the Slack channel post, the dossier.
 */
import { describe, expect, it } from '@jest/globals';
import { promptsToCards } from '../../cards/adaptive.js';
import { promptsToSlack, channelMessage } from '../../cards/blockkit.js';
import { channelCard } from '../../cards/channel.js';
import { buildDossier, dossierMarkdown } from '../../src/cases/dossier.js';
import { channelView } from '../../src/cases/channelView.js';
import type { CaseRecord } from '../../src/cases/types.js';
import type { ChannelSummary, Prompt } from '../../src/engine/types.js';
import { HOSTILE, SLACK_HOSTILE } from '../helpers/promptCorpus.js';
import { translator } from '../helpers/conversation.js';

const ALL = [...HOSTILE, ...SLACK_HOSTILE];
const summary: ChannelSummary = { caseId: 'c1', ref: 'MC-ESC001', sector: 'onderwijs', route: 'meldcode', step: 3, urgency: 'urgent', reporter: 'teams:x' };

/** Every text an Adaptive Card would render as markdown. */
function cardTexts(node: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n === null || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (typeof o.text === 'string') out.push(o.text);
    if (typeof o.value === 'string' && typeof o.title === 'string') out.push(o.title, o.value);
    Object.values(o).forEach(walk);
  };
  walk(node);
  return out;
}

/** Every mrkdwn text in Block Kit. */
function mrkdwnTexts(node: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n === null || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
    Object.values(o).forEach(walk);
  };
  walk(node);
  return out;
}

describe('hostile text in every renderer', () => {
  it.each(ALL)('keeps %j inert everywhere it can be shown to someone else', async (hostile) => {
    const tr = await translator();
    const t = (l: 'nl' | 'en', k: string, p?: Record<string, unknown>) => tr.t(l, k, p);

    // The reporter's full summary and an info text (Teams, web chat, Slack).
    const prompts: Prompt[] = [
      { kind: 'info', tone: 'normal', text: `Overlegvraag: ${hostile}` },
      { kind: 'summary', title: 'Samenvatting', sections: [{ heading: 'Feiten', items: [{ label: 'Feiten', value: hostile }] }] },
    ];
    for (const text of promptsToCards(prompts, { submitLabel: 'Verder', requiredError: 'Kies' }).flatMap(cardTexts)) {
      expect(text).not.toMatch(/<at>|\]\(|<script/i);
      expect(text).not.toMatch(/(^|[^\\])\*\*[^*]+(?<!\\)\*\*/);
    }
    for (const text of promptsToSlack(prompts, { submitLabel: 'Verder', typeAnswerLabel: 'Typ', typeHint: 'Typ hier' }).flatMap((m) => mrkdwnTexts(m.blocks))) {
      expect(text).not.toMatch(/<[!@#]|<https?:/);
    }

    // The channel post, with the reporter's display name as the attacker's field.
    const view = channelView(summary, { lang: 'nl', t, reporterName: hostile, reason: 'acuut' });
    for (const text of cardTexts(channelCard(summary, view))) expect(text).not.toMatch(/<at>|\]\(/i);
    for (const text of mrkdwnTexts(channelMessage(summary, view).blocks)) expect(text).not.toMatch(/<[!@#]|<https?:/);

    // The dossier: free text cannot add headings or links.
    const record: CaseRecord = {
      meta: { id: 'c1', ref: 'MC-ESC001', owner: 'web:m', route: 'meldcode', step: 1, status: 'open', urgency: 'normaal', createdAt: '2026-11-22T09:00:00Z', updatedAt: '2026-11-22T09:00:00Z' },
      log: [{ at: '2026-11-22T09:01:00Z', actor: 'web:m', type: 'fact', node: 's1.feiten', step: 1, data: { field: 'feiten', value: `# Kop\n${hostile}` } }],
    };
    const md = dossierMarkdown(buildDossier(record, { lang: 'nl', role: 'aandachtsfunctionaris', requesterId: 'web:af', generatedAt: '2026-11-22T10:00:00Z' }, t));
    expect(md.split('\n').filter((l) => /^#{1,6} /.test(l)).every((l) => !l.includes('Kop'))).toBe(true);
    // Escaped brackets (\\]) are inert; an unescaped "](" would be a link.
    expect(md).not.toMatch(/(?<!\\)\]\(/);
  });
});

describe('Slack mrkdwn: formatting and reading direction of user text', () => {
  const OPTS = { submitLabel: 'Verder', typeAnswerLabel: 'Typ', typeHint: 'Typ hier' };
  const BIDI_OR_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

  it('shows a display name with a right-to-left override in the lead\u2019s channel as typed, without the override', async () => {
    // Arrange
    const tr = await translator();
    const t = (l: 'nl' | 'en', k: string, p?: Record<string, unknown>) => tr.t(l, k, p);
    const name = 'Juf \u202Eanna\u202C \u2066x\u2069 \u200Fy\u200E';

    // Act
    const texts = mrkdwnTexts(channelMessage(summary, channelView(summary, { lang: 'nl', t, reporterName: name, reason: 'acuut' })).blocks);

    // Assert
    const all = texts.join('\n');
    expect(all).not.toMatch(BIDI_OR_CONTROL);
    expect(all).toContain('Juf anna x y');
  });

  it.each([
    ['*vet* _schuin_ ~door~ `code`', '\u2217vet\u2217 \u02CDschuin\u02CD \u02DCdoor\u02DC \u02CBcode\u02CB'],
    ['```blok```', '\u02CB\u02CB\u02CBblok\u02CB\u02CB\u02CB'],
    ['a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Fg', 'abcdefg'],
    ['regel 1\r\nregel\t2\rregel 3', 'regel 1\nregel\t2\nregel 3'],
  ])('neutralises %j in a user\u2019s text and in a display name', async (hostile, shown) => {
    // Arrange
    const tr = await translator();
    const t = (l: 'nl' | 'en', k: string, p?: Record<string, unknown>) => tr.t(l, k, p);
    const prompts: Prompt[] = [{ kind: 'info', tone: 'normal', text: hostile }];

    // Act
    const info = promptsToSlack(prompts, OPTS).flatMap((m) => [m.text, ...mrkdwnTexts(m.blocks)]);
    const post = mrkdwnTexts(channelMessage(summary, channelView(summary, { lang: 'nl', t, reporterName: hostile, reason: 'acuut' })).blocks);

    // Assert: the info text carries no formatting character at all; the post only our own bold markers
    expect(info.join('\n')).not.toMatch(/[*_~`]/);
    expect(info.join('\n')).not.toMatch(BIDI_OR_CONTROL);
    const first = shown.split('\n')[0] ?? '';
    expect(info.some((x) => x.includes(first))).toBe(true);
    const nameLine = post.join('\n').split('\n').find((l) => l.includes(first));
    expect(nameLine).toBeDefined();
    expect(nameLine).not.toMatch(/[*_~`]/);
    expect(post.join('\n')).not.toMatch(BIDI_OR_CONTROL);
  });
});
