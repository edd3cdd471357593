/**
 * An urgent case's post once the case is closed: the red banner (Teams and web card) and the alert block
 * (Slack) are gone, as is the claim button; the urgency stays as a fact line. One rule (cards/view.ts), so
 * the three surfaces cannot drift apart. Plus the step as every post shows it: "Stap 5 van 5".
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { channelCard, universalChannelCard } from '../../cards/channel.js';
import { channelMessage } from '../../cards/blockkit.js';
import { channelView } from '../../src/cases/channelView.js';
import type { CaseMeta } from '../../src/cases/types.js';
import type { Lang } from '../../src/domain/types.js';
import type { ChannelSummary } from '../../src/engine/types.js';
import type { Translator } from '../../src/i18n/index.js';
import { translator } from '../helpers/conversation.js';

let TR: Translator;
beforeAll(async () => {
  TR = await translator();
});

const SUMMARY: ChannelSummary = { caseId: 'case-1', ref: 'MC-URG1', sector: 'onderwijs', route: 'meldcode', step: 5, urgency: 'urgent', outcome: 'melden', reporter: 'web:juf' };

const viewOf = (lang: Lang, claimed?: Partial<CaseMeta>) =>
  channelView(SUMMARY, { lang, t: (l, k, p) => TR.t(l, k, p), reporterName: 'Juf Anna', ...(claimed ? { claimed: claimed as CaseMeta } : {}) });

const json = (x: unknown) => JSON.stringify(x);

describe('an urgent case in the aandachtsfunctionaris channel', () => {
  it('shouts while it is open: banner on the card, alert block on Slack, a claim button on both', () => {
    const view = viewOf('nl');
    const card = channelCard(SUMMARY, view);
    const slack = channelMessage(SUMMARY, view);
    expect(json(card)).toContain('"style":"attention"');
    expect(json(card)).toContain('URGENT');
    expect(slack.blocks.some((b) => b.type === 'alert')).toBe(true);
    expect(json(card)).toContain('Ik pak dit op');
    expect(json(slack)).toContain('Ik pak dit op');
  });

  it.each([
    ['closed by the lead', { lead: 'gesloten' as const }],
    ['closed with a date', { closedAt: '2026-12-01T10:00:00Z', claimedByName: 'Anne', claimedAt: '2026-12-01T09:00:00Z' }],
  ])('no longer shouts once %s: no banner, no alert block, no claim button; the urgency stays a fact', (_what, claimed) => {
    const view = viewOf('nl', claimed);
    const card = channelCard(SUMMARY, view);
    const teams = universalChannelCard(SUMMARY, view, { canClaim: true, refreshUserIds: [], refreshTitle: 'Vernieuwen' });
    const slack = channelMessage(SUMMARY, view);
    for (const c of [card, teams]) {
      expect(json(c)).not.toContain('"style":"attention"');
      expect(json(c)).not.toContain('URGENT');
      expect(json(c)).not.toContain('Ik pak dit op');
      expect(json(c)).toContain('Urgent');
    }
    expect(slack.blocks.some((b) => b.type === 'alert' || b.type === 'header')).toBe(false);
    expect(json(slack)).not.toContain('URGENT');
    expect(json(slack)).not.toContain('Ik pak dit op');
    expect(slack.text).not.toContain('URGENT');
    expect(json(slack)).toContain('Urgent');
  });
});

describe('the step on the channel post', () => {
  it.each([
    ['nl', 'Stap', '5 van 5'],
    ['en', 'Step', '5 of 5'],
  ] as const)('reads "%s: …" the same as the summary and the dossier (%s)', (lang, label, value) => {
    const view = viewOf(lang);
    expect([view.stepLabel, view.stepValue]).toEqual([label, value]);
    expect(json(channelMessage(SUMMARY, view))).toContain(value);
    expect(json(channelCard(SUMMARY, view))).toContain(value);
  });

  it('says that no step was reached yet instead of "0 van 5"', () => {
    const view = channelView({ ...SUMMARY, step: 0 }, { lang: 'nl', t: (l, k, p) => TR.t(l, k, p) });
    expect(view.stepValue).toBe('nog geen (voorbereiding)');
  });
});

describe("the lead's status on a channel post", () => {
  const status = (value: string) => ({ label: TR.t('nl', 'channel.leadStatus'), value });
  const count = (text: string, word: string) => text.split(word).length - 1;

  it('is shown once: as "Stand van zaken" while new, and only as the fact once the case is picked up', () => {
    const fresh = viewOf('nl');
    const teamsNew = json(universalChannelCard(SUMMARY, fresh, { canClaim: false, leadStatus: status('nieuw'), refreshUserIds: [], refreshTitle: 'Vernieuwen' }));
    expect(teamsNew).toContain('Stand van zaken');
    expect(json(channelMessage(SUMMARY, fresh, status('nieuw')))).toContain('Stand van zaken');

    const claimed = viewOf('nl', { lead: 'opgepakt', claimedBy: 'teams:lead', claimedByName: 'Lead', claimedAt: '2026-12-02T11:27:00.000Z' });
    const teams = json(universalChannelCard(SUMMARY, claimed, { canClaim: false, leadStatus: status('opgepakt'), refreshUserIds: [], refreshTitle: 'Vernieuwen' }));
    const slack = json(channelMessage(SUMMARY, claimed, status('opgepakt')));
    for (const text of [teams, slack]) {
      expect(text).toContain('Behandeling');
      expect(text).not.toContain('Stand van zaken');
      expect(count(text, '"opgepakt"') + count(text, ': opgepakt') + count(text, '\\nopgepakt')).toBe(1);
    }
  });
});
