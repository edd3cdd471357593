/**
 * What happens when a deadline is due: the scheduler (src/cases/scheduler.ts) hands it here. The
 * workflow (src/cases/workflow.ts) says what it asks for, given the case as it is now; this carries
 * it out: store-side actions through applyCaseActions, a reminder post through the outbox, messages
 * to people through the notifier, and the follow-up question through the turn runner (which records
 * that turn's effects like any other).
 */
import { randomUUID } from 'node:crypto';
import type { Lang } from '../domain/types.js';
import type { Input, Prompt } from '../engine/types.js';
import type { Translator } from '../i18n/index.js';
import type { OrgSettings } from '../org/settings.js';
import type { Store } from '../store/store.js';
import { applyCaseActions } from '../cases/actions.js';
import type { Notifier } from '../cases/notify.js';
import type { Deadline } from '../cases/types.js';
import { onDue, type CaseAction, type StoreAction } from '../cases/workflow.js';

export interface DeadlineActionDeps {
  store: Store;
  settings: () => OrgSettings;
  /** Runs a turn for a user (the follow-up question): the turn runner. */
  turns: { handle(userKey: string, input: Input): Promise<{ prompts: Prompt[]; lang: Lang }> };
  notifier: Notifier;
  translator: Translator;
  orgLang: Lang;
  /** Delivers what is in the outbox (a reminder post is queued there first). */
  dispatcher: { run(): Promise<void> };
  log: (event: string, fields?: Record<string, unknown>) => void;
}

const isStoreAction = (a: CaseAction): a is StoreAction => a.type.startsWith('deadline.') || a.type.startsWith('case.');

/** The function the scheduler calls with each due deadline. */
export function deadlineActions(deps: DeadlineActionDeps): (d: Deadline, now: Date) => Promise<void> {
  let outboxSeq = 0;
  const { store } = deps;
  const langOf = async (userKey: string): Promise<Lang> => (await store.loadUser<{ lang?: Lang }>(userKey))?.lang ?? deps.orgLang;

  const act = async (a: CaseAction, now: Date): Promise<void> => {
    if (isStoreAction(a)) return applyCaseActions(store, [a], deps.settings(), now);
    switch (a.type) {
      case 'channel.post': {
        // Random part: another instance sharing the store may queue a reminder in the same millisecond.
        const id = `${now.getTime().toString(36)}-r${(outboxSeq++).toString(36)}-${randomUUID().slice(0, 8)}`;
        await store.enqueue({ id, kind: 'af.post', createdAt: now.toISOString(), payload: { type: 'af.post', reason: a.reason, summary: a.summary }, attempts: 0 });
        await deps.dispatcher.run();
        return;
      }
      case 'user.tell': {
        const lang = a.lang === 'user' ? await langOf(a.to) : deps.orgLang;
        const params = { ...a.params };
        for (const [name, key] of Object.entries(a.paramKeys ?? {})) params[name] = deps.translator.t(lang, key);
        const ok = await deps.notifier.send(a.to, [{ kind: 'info', tone: a.tone, text: deps.translator.t(lang, a.key, params) }], lang);
        if (!ok && a.unreachable) deps.log(a.unreachable, { caseId: a.caseId });
        return;
      }
      case 'user.followup': {
        const result = await deps.turns.handle(a.to, { type: 'followup', summary: a.summary });
        await deps.notifier.send(a.to, result.prompts, result.lang);
        return;
      }
      case 'log':
        deps.log(a.event, a.fields);
        return;
    }
  };

  return async (d, now) => {
    const meta = (await store.getCase(d.caseId))?.meta;
    if (!meta) return; // deleted meanwhile
    for (const a of onDue(d, meta, deps.settings(), now)) await act(a, now);
  };
}
