/**
 * The dialogue engine: `step(flows, state, input, context) -> { state, prompts, effects }`.
 * Pure and deterministic given the flows and the context (clock, ids, translations). No I/O, no SDKs,
 * and no node of its own: the nodes it has to find are the flows' roles.
 */
import { sectorById } from '../domain/sectors.js';
import type { Lang } from '../domain/types.js';
import type { Action, AnswerValue, Flows, NodeDef, Transition } from './flow.js';
import { fnv1a, matchTyped, refersToScreen, validate } from './input.js';
import { upgrade, type Moved } from './migrate.js';
import { parseTyped } from './parse.js';
import { findPii } from './pii.js';
import { channelSummary } from './summary.js';
import { NavTurn } from './turn-nav.js';
import type { Answers, Command, EngineContext, Input, StepResult, UserState } from './types.js';

export { validate } from './input.js';

/** A new user's state; `flow` is the version of the flows it starts under. */
export function initialState(lang: Lang = 'nl', flow?: number): UserState {
  return { v: 1, lang, seq: 0, cases: {}, scratch: {}, ...(flow !== undefined ? { flow } : {}) };
}

/** Options of {@link step}. */
export interface StepOptions {
  /**
   * The caller hands `state` over: a copy of its own that it does not use again (as read from the store for this
   * turn). It is then changed in place instead of copied first.
   */
  owned?: boolean;
}

export function step(flows: Flows, state: UserState | undefined, input: Input, ctx: EngineContext, options: StepOptions = {}): StepResult {
  // The state is plain JSON (it is stored as such): a JSON copy is what it would be after a save
  // and a load, and cheaper than structuredClone.
  const s = state ? (options.owned === true ? state : (JSON.parse(JSON.stringify(state)) as UserState)) : initialState('nl', flows.version);
  const moved = upgrade(flows, s);
  const turn = new Turn(flows, s, ctx);
  turn.handle(input, moved);
  return turn.result();
}

/** One turn: what the input means (answer, typed text, command) and applying an answer's transition. */
class Turn extends NavTurn {
  // ---- input handling -------------------------------------------------------------------

  handle(input: Input, moved?: Moved): void {
    if (moved) {
      this.info(this.t(moved.atMenu ? 'flow.movedMenu' : 'flow.moved'), 'warning');
      // What was on screen no longer exists: an answer, "back" or "stop" meant for it is not applied
      // to another question. The question the user is now at is asked instead.
      if (refersToScreen(input)) return this.ask({ revisit: !moved.atMenu });
    }
    switch (input.type) {
      case 'start':
        return this.start();
      case 'repeat':
        return this.reaskOrStart();
      case 'followup':
        this.s.followUp = { summary: input.summary };
        this.s.scratch = {};
        this.goto(this.f.roles.followUp);
        return this.ask();
      case 'menu':
        this.s.scratch = {};
        this.goto(this.f.roles.menu);
        return this.apply(this.node(this.f.roles.menu), input.choice);
      case 'command':
        return this.command(input.command, input.promptId);
      case 'text':
        return this.typed(input.text);
      case 'answer':
        return this.answer(input.promptId, input.value);
    }
  }

  private typed(raw: string): void {
    const typed = parseTyped(raw);
    const node = this.currentQuestion();
    // Free text typed as an answer to an open text question wins over everything but exact command words.
    if (typed === undefined && node?.kind === 'text' && this.s.promptId) return this.answer(this.s.promptId, raw);
    // A word that is also an option on screen ("later" at afweging 5) answers it; acute danger still goes first.
    const option = typed && node && this.s.promptId && !('command' in typed && typed.command === 'acute') ? matchTyped(node, raw) : undefined;
    if (option !== undefined && this.s.promptId) return this.answer(this.s.promptId, option);
    if (typed && 'command' in typed) return this.command(typed.command, this.s.promptId);
    if (typed && 'lang' in typed) {
      this.s.lang = typed.lang;
      this.info(this.t('lang.switched'), 'normal');
      return this.reaskOrStart();
    }
    if (typed && 'start' in typed) return this.start();
    if (!node || !this.s.promptId) return this.start();
    // A typed answer to a button question: accept the option's number, value or label.
    const matched = matchTyped(node, raw);
    if (matched !== undefined) return this.answer(this.s.promptId, matched);
    // Typed text the node can say more about ("ja" where the options say what was found out): its calm hint.
    const hint = this.s.cursor ? this.node(this.s.cursor.node).check?.(raw, this.env()) : undefined;
    if (hint !== undefined) {
      this.info(this.t(hint), 'normal');
      return this.reask();
    }
    this.info(this.t(node.kind === 'multi' ? 'err.useButtonsMulti' : 'err.useButtons'), 'error');
    this.reask();
  }

  private command(command: Command, promptId: string | undefined): void {
    // Acute danger is always honoured, whatever is on screen: safety first.
    if (command === 'acute') return this.acute('acuut', this.s.cursor?.node);
    if (command === 'menu') return this.toMenu();
    if (command === 'later') return this.saveForLater();
    if (command === 'help') {
      this.info(this.t('help.text'), 'normal');
      return this.reaskOrStart();
    }
    // back and stop act on a specific question: a click from an old message must not move us.
    if (promptId !== undefined && promptId !== this.s.promptId) return this.stale();
    if (command === 'back') return this.back();
    return this.stop();
  }

  private answer(promptId: string, value: string | string[]): void {
    const cursor = this.s.cursor;
    if (!cursor || promptId !== this.s.promptId) return this.stale();
    const node = this.node(cursor.node);
    const prompt = this.render(node);
    const checked = validate(prompt, value);
    if ('error' in checked) {
      this.info(this.t(checked.error, checked.params), 'error');
      return this.reask();
    }
    // Free text that looks like it names someone (or holds a BSN, address…): ask to rephrase, or to
    // send the same text again to keep it. It stays in the personal chat either way.
    if (prompt.kind === 'text' && typeof checked.value === 'string') {
      const hits = findPii(checked.value);
      const hash = fnv1a(checked.value);
      const confirmed = this.s.piiPending?.promptId === promptId && this.s.piiPending.hash === hash;
      if (hits.length > 0 && !confirmed) {
        this.s.piiPending = { promptId, hash };
        const kinds = [...new Set(hits.map((h) => this.t(`pii.kind.${h.kind}`)))].join(', ');
        const marks = [...new Set(hits.map((h) => h.match))];
        this.info(this.t('pii.found', { kinds, matches: marks.join(', ') }), 'warning');
        // The text goes back into the answer field, to be edited rather than typed again; it lives
        // in this reply only (the state keeps the hash).
        return this.reask({ value: checked.value, marks });
      }
    }
    const hint = node.check?.(checked.value, this.env());
    if (hint !== undefined) {
      this.info(this.t(hint), 'normal');
      return this.reask(typeof checked.value === 'string' ? { value: checked.value, marks: [] } : undefined);
    }
    this.s.piiPending = undefined;
    if (node.id === this.f.roles.acute) return this.afterAcute(checked.value);
    if (node.id === this.f.roles.stopConfirm) return this.afterStopConfirm(checked.value);
    this.apply(node, checked.value);
  }

  // ---- applying an answer ---------------------------------------------------------------

  private apply(node: NodeDef, given: AnswerValue): void {
    const work = this.work();
    const env = this.env();
    const value = node.store ? node.store(given, env) : given;
    const tr: Transition = node.onAnswer(value, env);
    const actions = tr.actions ?? [];

    // Case-opening actions first, so the answer's records land in the right case.
    for (const a of actions) if (a.kind === 'newCase') this.newCase();
    for (const a of actions) if (a.kind === 'resume') return this.resume(a.caseId);

    const target = this.work() ?? work;
    const answers = target ? target.answers : this.s.scratch;
    if (node.field) answers[node.field] = value === null ? undefined : value;
    Object.assign(answers, tr.set ?? {});

    if (target && work) {
      const correction = work.answered.includes(node.id);
      if (node.field) {
        this.log(work, node.logType ?? 'answer', { field: node.field, value }, node, correction);
      }
      for (const r of tr.record ?? []) this.log(work, r.type, r.data, node, correction);
      if (!correction) work.answered.push(node.id);
    } else if (target) {
      for (const r of tr.record ?? []) this.log(target, r.type, r.data, node, false);
    }

    for (const p of tr.say ?? []) this.prompts.push(p);

    // Remember where we came from, for "back".
    if (work && !this.topLevel(node.id)) work.history.push(node.id);
    else if (!work && !this.topLevel(node.id) && this.s.cursor) this.s.cursor.history.push(node.id);

    for (const a of actions) {
      if (this.runAction(a, tr.next)) return;
    }
    this.goto(tr.next);
    this.ask();
  }

  /** Runs one action; returns true when it took over the rest of the turn. */
  private runAction(a: Action, next: string): boolean {
    switch (a.kind) {
      case 'newCase':
      case 'resume':
        return false;
      case 'setLang':
        this.s.lang = a.lang;
        return false;
      case 'resetScratch':
        this.s.scratch = {};
        return false;
      case 'caseMeta': {
        const w = this.work();
        const sector = sectorById(a.patch.sector)?.id;
        if (w) this.patch(w, { ...(sector ? { sector } : {}), ...(a.patch.route ? { route: a.patch.route } : {}) });
        return false;
      }
      case 'post': {
        const w = this.work();
        if (w) this.later.push({ type: 'af.post', reason: a.reason, summary: channelSummary(w, this.ctx.userId) });
        return false;
      }
      case 'followUp': {
        const w = this.work();
        if (w) this.scheduleFollowUp(w.id);
        return false;
      }
      case 'acute':
        this.acute(a.reason, next);
        return true;
      case 'finish':
        this.finish(a.status, a.outcome, a.post ? 'afronding' : undefined);
        return true;
      case 'decide':
        this.decide(a.outcome);
        return false;
      case 'meldingGedaan':
        this.meldingGedaan();
        return false;
      case 'later':
        this.goto(next);
        this.saveForLater();
        return true;
      case 'followUpAnswer':
        this.followUpAnswer(a.value);
        return false;
    }
  }
}

export type { Answers };
