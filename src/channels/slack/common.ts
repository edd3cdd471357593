/** What the Slack channel's parts share: user keys, request ids, render labels and sending messages. */
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Block, SlackMessage, SlackRenderOptions } from '../../../cards/blockkit.js';
import type { Prompt, QuestionPrompt } from '../../engine/types.js';

/** The platform's name: the prefix of its user keys and of its registered channel's document. */
export const SLACK = 'slack';

export const SLACK_MAX_TEXT = 4000;
/** How far a request's signed timestamp may lie in the future (Bolt refuses only those older than this). */
export const SLACK_MAX_SKEW_S = 5 * 60;

export const slackUserKey = (team: string | undefined, user: string) => `${SLACK}:${team ?? '-'}:${user}`;
/** The Slack user id back from a user key, to reach a reporter in their DM. */
export const slackUserOf = (userKey: string): string | undefined => (userKey.startsWith(`${SLACK}:`) ? userKey.split(':')[2] : undefined);

/**
 * What identifies one request from Slack, to recognise it when it comes again: the event id of an
 * event; for a slash command, block action or modal submission (which have no event id) the
 * trigger id, which Slack makes anew for every interaction, with the user and the action's time.
 */
export function requestId(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as { event_id?: unknown; trigger_id?: unknown; user_id?: unknown; user?: { id?: unknown }; actions?: { action_ts?: unknown }[] };
  if (typeof b.event_id === 'string') return `event|${b.event_id}`;
  if (typeof b.trigger_id !== 'string') return undefined;
  const user = typeof b.user_id === 'string' ? b.user_id : typeof b.user?.id === 'string' ? b.user.id : '';
  const at = Array.isArray(b.actions) && typeof b.actions[0]?.action_ts === 'string' ? b.actions[0].action_ts : '';
  return `trigger|${user}|${b.trigger_id}|${at}`;
}

/** The translated labels the Block Kit renderer needs, for one language. */
export function slackRenderOptions(t: (key: string, params?: Record<string, unknown>) => string): SlackRenderOptions {
  return {
    submitLabel: t('card.submit'),
    typeAnswerLabel: t('slack.typeAnswer'),
    typeHint: t('slack.typeHint'),
    earlierChoice: (label) => t('card.earlierChoice', { label }),
    yourText: t('card.yourText'),
    chooseLabel: t('slack.chooseOption'),
  };
}

/** Our Block Kit subset as Slack's own block types. */
export const knownBlocks = (blocks: Block[]): KnownBlock[] => blocks;

/** A message's blocks as Slack sends them back (a posted message, a clicked one), in our subset's shape. */
export const ourBlocks = (blocks: unknown[] | undefined): SlackMessage['blocks'] => (blocks ?? []) as SlackMessage['blocks'];

export async function postMessages(client: WebClient, channel: string, messages: SlackMessage[]): Promise<void> {
  for (const m of messages) await client.chat.postMessage({ channel, text: m.text, blocks: knownBlocks(m.blocks) });
}

export const lastQuestion = (prompts: Prompt[]): QuestionPrompt | undefined =>
  [...prompts].reverse().find((p): p is QuestionPrompt => 'promptId' in p);
