/**
 * Buttons, checkboxes and the text modal in the DM, and the buttons on case posts in the
 * aandachtsfunctionaris channel ("Ik pak dit op", "Open details").
 */
import type { App, BlockAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { optionLabel, textModal } from '../../../cards/blockkit.js';
import { escapeMrkdwn, parseSlackAction, TEXT_BLOCK, TEXT_INPUT_ACTION, TEXT_MODAL_CALLBACK, type StateValues } from '../../../cards/slackProtocol.js';
import { knownBlocks, lastQuestion, ourBlocks, requestId, slackUserKey } from './common.js';
import type { SlackDm } from './dm.js';
import { safelyFor } from './handlers.js';
import { caseMessage } from './sink.js';

export function handleActions(app: App, dm: SlackDm): void {
  app.action(/^mc_/, async ({ ack, body, client, context }) => {
    await ack();
    const b = body as BlockAction;
    const action = b.actions[0];
    if (!action) return;
    const user = b.user.id;
    const team = context.teamId;
    await safelyFor(dm, 'action', client, user, async () => {
      const value = 'value' in action ? action.value : undefined;
      // Checkbox ticks also arrive as actions; only the submit button under them counts.
      if (action.type === 'checkboxes') return;
      const parsed = parseSlackAction(action.action_id, value, b.state?.values as StateValues | undefined);
      const lang = await dm.lang(client, team, user);
      if ('claim' in parsed) return claim(dm, client, b, parsed.claim);
      if ('details' in parsed) {
        // Details go to the clicker's DM only, and only if they may see the case.
        const details = await dm.deps.actions.details(slackUserKey(team, user), parsed.details);
        return dm.post(client, user, details.prompts, details.lang);
      }
      if ('home' in parsed) return void (await dm.turn(client, team, user, { type: 'menu', choice: parsed.home }, [], requestId(b)));
      if ('openText' in parsed) {
        await client.views.open({
          trigger_id: b.trigger_id,
          view: textModal(parsed.openText, JSON.stringify({ p: parsed.openText.promptId, c: b.channel?.id, ts: b.message?.ts }), {
            title: dm.t(lang, 'slack.modalTitle'),
            submit: dm.t(lang, 'slack.modalSubmit'),
            close: dm.t(lang, 'slack.modalClose'),
            input: dm.t(lang, 'card.answerLabel'),
          }),
        });
        return;
      }
      if ('error' in parsed) return void (await dm.turn(client, team, user, { type: 'repeat' }, [{ kind: 'info', tone: 'error', text: dm.t(lang, 'input.malformed') }]));
      const input = parsed.input;
      const result = await dm.turn(client, team, user, input, [], requestId(b));
      if (result.duplicate) return;
      const clicked = 'promptId' in input ? input.promptId : undefined;
      const original = { text: b.message?.text ?? '', blocks: ourBlocks(b.message?.blocks) };
      if (clicked !== undefined && clicked !== result.before) {
        await dm.closeQuestion(client, b.channel?.id, b.message?.ts, original, dm.t(result.lang, 'slack.stale'));
      } else if (lastQuestion(result.prompts)?.promptId !== clicked) {
        await dm.closeQuestion(client, b.channel?.id, b.message?.ts, original, `${dm.t(result.lang, 'slack.answered')} ${answerLabel(b)}`);
      }
    });
  });
}

/** What the user chose, as shown on the answered message. */
function answerLabel(b: BlockAction): string {
  const action = b.actions[0];
  if (action && 'text' in action && action.text && typeof action.text === 'object' && 'text' in action.text) {
    // A long option's button says "Kies": the label is the text beside it.
    if (action.action_id !== 'mc_submit') return optionLabel(b.message?.blocks as unknown[] | undefined, action.block_id) ?? String(action.text.text);
  }
  const ticked: string[] = [];
  for (const block of Object.values((b.state?.values ?? {}) as StateValues)) {
    for (const el of Object.values(block)) {
      for (const o of el.selected_options ?? []) {
        // A long label goes on in the option's description.
        const opt = o as { text?: { text?: string }; description?: { text?: string } };
        const text = [opt.text?.text, opt.description?.text].filter(Boolean).join(' ');
        if (text) ticked.push(text);
      }
    }
  }
  return ticked.length ? ticked.join(', ') : '—';
}

export function handleTextModal(app: App, dm: SlackDm): void {
  app.view(TEXT_MODAL_CALLBACK, async ({ ack, body, view, client, context }) => {
    await ack();
    const v = body as ViewSubmitAction;
    const user = v.user.id;
    await safelyFor(dm, 'view', client, user, async () => {
      let meta: { p?: unknown; c?: unknown; ts?: unknown } = {};
      try {
        meta = JSON.parse(view.private_metadata || '{}') as typeof meta;
      } catch {
        // Forged metadata: treated as an unreadable answer below.
      }
      const text = view.state.values[TEXT_BLOCK]?.[TEXT_INPUT_ACTION]?.value ?? '';
      if (typeof meta.p !== 'string') {
        await dm.turn(client, context.teamId, user, { type: 'repeat' }, [{ kind: 'info', tone: 'error', text: dm.t(dm.deps.orgLang, 'input.malformed') }]);
        return;
      }
      const result = await dm.turn(client, context.teamId, user, { type: 'answer', promptId: meta.p, value: text }, [], requestId(v));
      if (result.duplicate) return;
      const channel = typeof meta.c === 'string' ? meta.c : undefined;
      const ts = typeof meta.ts === 'string' ? meta.ts : undefined;
      if (lastQuestion(result.prompts)?.promptId !== meta.p && channel && ts) {
        const short = text.length > 200 ? `${text.slice(0, 200)}…` : text;
        const label = meta.p !== result.before ? dm.t(result.lang, 'slack.stale') : `${dm.t(result.lang, 'slack.answered')} ${short}`;
        // The submission does not carry the question message: read it back, so it is closed like a button answer.
        const original = (await dm.postedMessage(client, channel, ts)) ?? { text: '', blocks: [] };
        await dm.closeQuestion(client, channel, ts, original, label);
      }
    });
  });
}

/** "Ik pak dit op" on a case post: the post shows who claimed it, the clicker hears the outcome, the reporter is told. */
async function claim(dm: SlackDm, client: WebClient, b: BlockAction, caseId: string): Promise<void> {
  const channel = b.channel?.id;
  const result = await dm.deps.actions.claim(caseId, { id: slackUserKey(b.team?.id, b.user.id), name: b.user.name ?? b.user.username });
  if (result.outcome === 'unknown' || result.outcome === 'forbidden') {
    if (channel) await client.chat.postEphemeral({ channel, user: b.user.id, text: result.message });
    return;
  }
  // The clicked post at once (it may be older than the kept posts); every kept post of the case follows (LeadService.onChange).
  const m = await caseMessage(dm.deps, result.card.summary, result.meta);
  if (channel && b.message?.ts) await client.chat.update({ channel, ts: b.message.ts, text: m.text, blocks: knownBlocks(m.blocks) });
  if (result.outcome === 'already') {
    if (channel) await client.chat.postEphemeral({ channel, user: b.user.id, text: escapeMrkdwn(result.message) });
    return;
  }
  await dm.deps.tell(result.notice);
}
