/**
 * The dialogue engine: `step(flows, state, input, context) -> { state, prompts, effects }`.
 * Pure and deterministic given the flows and the context (clock, ids, translations). No I/O, no SDKs,
 * and no node of its own: the nodes it has to find are the flows' roles.
 */
import type { CaseStatus, LogEntry, LogEntryType } from '../domain/case.js';
import { deviatesFromAdvice } from '../domain/advice.js';
import { sectorById } from '../domain/sectors.js';
import type { Lang, Localized } from '../domain/types.js';
import type { Action, AnswerValue, Flows, NodeDef, NodeEnv, Transition } from './flow.js';
import { upgrade, type Moved } from './migrate.js';
import { parseTyped } from './parse.js';
import { findPii } from './pii.js';
import { channelSummary, fullSummary, metaOf } from './summary.js';
import type {
  Answers,
  CaseWork,
  Command,
  Effect,
  EngineContext,
  Input,
  NavOption,
  Position,
  Prompt,
  QuestionPrompt,
  StepResult,
  UserState,
} from './types.js';

/** A new user's state; `flow` is the version of the flows it starts under. */
export function initialState(lang: Lang = 'nl', flow?: number): UserState {
  return { v: 1, lang, seq: 0, cases: {}, scratch: {}, ...(flow !== undefined ? { flow } : {}) };
}

export function step(flows: Flows, state: UserState | undefined, input: Input, ctx: EngineContext): StepResult {
  // The state is plain JSON (it is stored as such): a JSON copy is what it would be after a save
  // and a load, and cheaper than structuredClone.
  const s = state ? (JSON.parse(JSON.stringify(state)) as UserState) : initialState('nl', flows.version);
  const moved = upgrade(flows, s);
  const turn = new Turn(flows, s, ctx);
  turn.handle(input, moved);
  return turn.result();
}

class Turn {
  private readonly prompts: Prompt[] = [];
  private readonly created: Effect[] = [];
  private readonly logs = new Map<string, LogEntry[]>();
  private readonly updates = new Map<string, Extract<Effect, { type: 'case.update' }>['patch']>();
  private readonly later: Effect[] = [];

  constructor(
    private readonly f: Flows,
    private readonly s: UserState,
    private readonly ctx: EngineContext,
  ) {}

  result(): StepResult {
    const effects: Effect[] = [...this.created];
    for (const [caseId, entries] of this.logs) effects.push({ type: 'case.log', caseId, entries });
    for (const [caseId, patch] of this.updates) effects.push({ type: 'case.update', caseId, patch });
    effects.push(...this.later);
    return { state: this.s, prompts: this.prompts, effects };
  }

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

  private start(): void {
    this.s.scratch = {};
    this.goto(Object.keys(this.s.cases).length > 0 ? this.f.roles.resume : this.f.roles.menu);
    this.ask();
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
    this.s.piiPending = undefined;
    if (node.id === this.f.roles.acute) return this.afterAcute(checked.value);
    if (node.id === this.f.roles.stopConfirm) return this.afterStopConfirm(checked.value);
    this.apply(node, checked.value);
  }

  // ---- applying an answer ---------------------------------------------------------------

  private apply(node: NodeDef, value: AnswerValue): void {
    const work = this.work();
    const env = this.env();
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

  // ---- navigation -----------------------------------------------------------------------

  private back(): void {
    // "Back" on the acute screen or the stop confirmation means: back to the question I was at.
    if (this.s.cursor && this.interruption(this.s.cursor.node)) return this.returnToCase();
    const work = this.work();
    const history = work ? work.history : this.s.cursor?.history;
    const previous = history?.pop();
    if (!previous) {
      this.info(this.t('err.noBack'), 'normal');
      return this.reaskOrStart();
    }
    this.goto(previous, { keepHistory: true });
    this.ask({ revisit: true });
  }

  private stop(): void {
    const work = this.work();
    const cursor = this.s.cursor;
    if (!work || !cursor) return this.toMenu();
    cursor.returnTo = this.interruption(cursor.node) ? cursor.returnTo : cursor.node;
    cursor.node = this.f.roles.stopConfirm;
    this.ask();
  }

  private afterStopConfirm(value: AnswerValue): void {
    const work = this.work();
    if (!work) return this.toMenu();
    if (value === 'later') return this.saveForLater();
    if (value === 'verder') return this.returnToCase();
    this.log(work, 'status', { status: 'gestopt' });
    this.closeCase(work, 'gestopt');
    this.info(this.t('stop.done', { ref: work.ref }), 'normal');
    this.goto(this.f.roles.menu);
    this.ask();
  }

  private saveForLater(): void {
    const work = this.work();
    if (!work) return this.toMenu();
    this.info(this.t('later.saved', { ref: work.ref }), 'normal');
    // Nothing is awaited now; the next message offers to resume.
    this.s.cursor = undefined;
    this.s.promptId = undefined;
  }

  private toMenu(): void {
    this.s.scratch = {};
    this.goto(this.f.roles.menu);
    this.ask();
  }

  private resume(caseId: string): void {
    const work = this.s.cases[caseId];
    if (!work) return this.toMenu();
    this.s.cursor = { node: work.node, caseId, history: [] };
    this.info(this.t('resume.resumed', { ref: work.ref }), 'normal');
    this.ask();
  }

  private returnToCase(): void {
    const cursor = this.s.cursor;
    const work = this.work();
    if (!cursor || !work) return this.toMenu();
    cursor.node = cursor.returnTo && this.f.nodes.has(cursor.returnTo) ? cursor.returnTo : work.node;
    cursor.returnTo = undefined;
    this.ask();
  }

  // ---- acute danger ---------------------------------------------------------------------

  /** Shows 112 / Veilig Thuis / aandachtsfunctionaris first, escalates, then offers to go on. */
  private acute(reason: 'acuut' | 'disclosure', resumeAt: string | undefined): void {
    // First, before anything else this turn may have said (e.g. a tip about the answer that raised the alarm).
    this.prompts.unshift({
      kind: 'info',
      tone: 'urgent',
      title: this.t('acute.title'),
      text: this.t(reason === 'disclosure' ? 'acute.textDisclosure' : 'acute.text'),
      position: { label: this.t('position.acuut') },
    });
    let work = this.work();
    let returnTo = resumeAt && !this.interruption(resumeAt) && !this.topLevel(resumeAt) ? resumeAt : undefined;
    if (!work) {
      // No case yet: open one so the aandachtsfunctionaris can be alerted with a reference.
      work = this.newCase();
      work.answers.acuutCheck = reason === 'disclosure' ? 'disclosure' : 'gevaar';
      if (reason === 'disclosure') work.answers.disclosure = true;
      // The safety question is answered by pressing the button; a resumed case starts after it.
      work.node = this.f.roles.acuteResume;
      returnTo = this.f.roles.acuteResume;
    } else if (this.s.cursor?.node && this.interruption(this.s.cursor.node)) {
      returnTo = this.s.cursor.returnTo;
    }
    // The answer that raised the alarm is recorded: "later" must resume where "verder" goes, not re-ask it.
    if (returnTo && this.f.nodes.has(returnTo)) work.node = returnTo;
    // On record, it binds the afwegingskader's advice (melden) until the reporter corrects it explicitly.
    work.answers.acuut = reason;
    work.answers.acuutGecorrigeerd = undefined;
    if (reason === 'disclosure') work.answers.disclosure = true;
    this.log(work, 'urgent', { reden: reason });
    if (!work.urgent) {
      work.urgent = true;
      this.patch(work, { urgency: 'urgent' });
      this.later.push({ type: 'case.urgent', caseId: work.id, reason });
      this.later.push({ type: 'af.post', reason: 'acuut', summary: channelSummary(work, this.ctx.userId) });
    }
    this.s.cursor = { node: this.f.roles.acute, caseId: work.id, history: [], returnTo: returnTo ?? work.node };
    this.ask();
  }

  private afterAcute(value: AnswerValue): void {
    if (value === 'later') return this.saveForLater();
    this.returnToCase();
  }

  // ---- cases ----------------------------------------------------------------------------

  private newCase(): CaseWork {
    const { id, ref } = this.ctx.newCase();
    const now = this.ctx.now;
    const work: CaseWork = { id, ref, node: this.f.roles.caseStart, history: [], answers: {}, createdAt: now, updatedAt: now, urgent: false, step: 0, answered: [] };
    this.s.cases[id] = work;
    this.s.cursor = { node: work.node, caseId: id, history: [] };
    this.created.push({ type: 'case.create', meta: metaOf(work, this.ctx.userId, 'open') });
    this.log(work, 'opened', { lang: this.s.lang });
    return work;
  }

  private finish(status: Extract<CaseStatus, 'besluit' | 'gesloten' | 'melding-gedaan'>, outcome: string, post: 'afronding' | undefined): void {
    const work = this.work();
    if (!work) return this.toMenu();
    this.log(work, 'status', { status, outcome });
    this.closeCase(work, status, outcome);
    this.prompts.push(fullSummary(work, outcome, (k, p) => this.t(k, p), (l) => this.text(l), this.f.fields));
    if (post) {
      this.later.push({ type: 'af.post', reason: work.answers.betreft === 'medewerker' ? 'medewerker' : post, summary: channelSummary(work, this.ctx.userId, outcome, status) });
      this.info(this.t('finish.posted', { ref: work.ref }), 'normal');
    }
    this.goto(this.f.roles.menu);
    this.ask();
  }

  /**
   * A melden decision: recorded and told to the lead as "besluit: melden, melding nog niet gedaan",
   * while the case stays open for the melding itself (meldcode-facts Part 2 §2).
   */
  private decide(outcome: string): void {
    const work = this.work();
    if (!work) return;
    work.answers.besluitGenomen = true;
    const deviation = deviatesFromAdvice(work.answers.advies, work.answers.besluit);
    this.log(work, 'status', { status: 'besluit', outcome });
    this.patch(work, { status: 'besluit', outcome, ...(deviation ? { deviation } : {}) });
    this.prompts.push(fullSummary(work, outcome, (k, p) => this.t(k, p), (l) => this.text(l), this.f.fields));
    this.later.push({ type: 'af.post', reason: 'besluit-melden', summary: channelSummary(work, this.ctx.userId, outcome, 'besluit') });
    this.info(this.t('decide.posted', { ref: work.ref }), 'normal');
  }

  /** The melding was made: the lead's card shows it, and afweging 5 is asked again later (own help goes on). */
  private meldingGedaan(): void {
    const work = this.work();
    if (!work) return;
    work.answers.meldingVastgelegd = true;
    const outcome = typeof work.answers.besluit === 'string' ? work.answers.besluit : 'melden';
    this.log(work, 'status', { status: 'melding-gedaan', outcome });
    this.patch(work, { status: 'melding-gedaan' });
    this.later.push({ type: 'af.post', reason: 'melding-gedaan', summary: channelSummary(work, this.ctx.userId, outcome, 'melding-gedaan') });
    this.scheduleFollowUp(work.id);
  }

  /** Afweging 5 ("leidt de hulp tot duurzame veiligheid?") asked again after the organisation's follow-up term. */
  private scheduleFollowUp(caseId: string): void {
    const due = new Date(Date.parse(this.ctx.now) + this.ctx.followUpDays * 86_400_000).toISOString();
    this.later.push({ type: 'followup.schedule', caseId, kind: 'afweging5', dueAt: due });
  }

  /** Records the follow-up answer on the (closed) case and shows what it means. */
  private followUpAnswer(value: 'ja' | 'nee' | 'later'): void {
    const fu = this.s.followUp;
    this.s.followUp = undefined;
    if (!fu) return;
    const target = { id: fu.summary.caseId };
    this.log(target, 'followup', { field: 'afweging5', value });
    if (value === 'nee') {
      this.patch(target, { outcome: 'opnieuw-melden' });
      this.later.push({ type: 'af.post', reason: 'followup', summary: { ...fu.summary, outcome: 'opnieuw-melden' } });
    } else if (value === 'later') {
      this.scheduleFollowUp(target.id);
    }
    this.info(this.t(`fu.${value}`, { ref: fu.summary.ref }), value === 'nee' ? 'warning' : 'normal');
  }

  private closeCase(work: CaseWork, status: CaseStatus, outcome?: string): void {
    const deviation = deviatesFromAdvice(work.answers.advies, work.answers.besluit);
    this.patch(work, { status, ...(outcome ? { outcome } : {}), ...(deviation ? { deviation } : {}) });
    delete this.s.cases[work.id];
    this.s.cursor = undefined;
  }

  private log(work: Pick<CaseWork, 'id'> & Partial<CaseWork>, type: LogEntryType, data: Record<string, unknown>, node?: NodeDef, correction = false): void {
    const entry: LogEntry = { at: this.ctx.now, actor: this.ctx.userId, type, data };
    if (node) {
      entry.node = node.id;
      const st = this.f.steps[node.section];
      if (st !== undefined) entry.step = st;
    }
    if (correction) {
      entry.correction = true;
      entry.reason = 'changed-after-back';
    }
    const list = this.logs.get(work.id) ?? [];
    list.push(entry);
    this.logs.set(work.id, list);
    if (work.updatedAt !== undefined) work.updatedAt = this.ctx.now;
  }

  private patch(work: Pick<CaseWork, 'id'>, patch: Extract<Effect, { type: 'case.update' }>['patch']): void {
    this.updates.set(work.id, { ...(this.updates.get(work.id) ?? {}), ...patch, updatedAt: this.ctx.now });
  }

  // ---- asking ---------------------------------------------------------------------------

  private goto(nodeId: string, opts: { keepHistory?: boolean } = {}): void {
    if (this.topLevel(nodeId)) {
      this.s.cursor = { node: nodeId, history: [] };
      return;
    }
    const work = this.work();
    if (work && !this.interruption(nodeId)) {
      work.node = nodeId;
      this.s.cursor = { node: nodeId, caseId: work.id, history: [] };
      return;
    }
    const history = opts.keepHistory || this.s.cursor?.caseId === undefined ? (this.s.cursor?.history ?? []) : [];
    this.s.cursor = { node: nodeId, history };
  }

  /** Asks the current node with a fresh prompt id; a `revisit` (after "back") shows the answer given before. */
  private ask(opts: { revisit?: boolean } = {}): void {
    if (!this.s.cursor) return;
    let node = this.node(this.s.cursor.node);
    // A node may give way to another given what is recorded (a bounded chain, never a loop).
    for (let hops = 0; hops < 3; hops++) {
      const to = node.redirect?.(this.env());
      if (to === undefined || to === node.id || !this.f.nodes.has(to)) break;
      this.goto(to, { keepHistory: true });
      node = this.node(to);
    }
    const work = this.work();
    const st = this.f.steps[node.section];
    if (work && st !== undefined && st > work.step) {
      work.step = st;
      this.patch(work, { step: st });
    }
    this.s.seq += 1;
    this.s.promptId = `${node.id}#${this.s.seq}`;
    this.s.revisit = opts.revisit ? this.s.promptId : undefined;
    for (const p of node.intro?.(this.env()) ?? []) this.prompts.push({ ...p, position: this.position(node) } as Prompt);
    this.prompts.push(this.render(node));
  }

  /**
   * Shows the current question again with the same id, so its buttons stay valid. `fill` puts a text
   * just sent back into the answer field.
   */
  private reask(fill?: { value: string; marks: string[] }): void {
    const cursor = this.s.cursor;
    if (!cursor || !this.s.promptId) return this.start();
    const prompt = this.render(this.node(cursor.node));
    this.prompts.push(fill && prompt.kind === 'text' ? { ...prompt, value: fill.value, marks: fill.marks } : prompt);
  }

  private reaskOrStart(): void {
    if (this.s.cursor && this.s.promptId) this.reask();
    else this.start();
  }

  private stale(): void {
    this.info(this.t('err.stale'), 'error');
    this.reaskOrStart();
  }

  private render(node: NodeDef): QuestionPrompt {
    const spec = node.ask(this.env());
    const prompt = {
      ...spec,
      promptId: this.s.promptId ?? `${node.id}#0`,
      position: this.position(node),
      nav: this.nav(node),
    } as QuestionPrompt;
    return this.s.revisit !== undefined && this.s.revisit === this.s.promptId ? this.withEarlierAnswer(prompt, node) : prompt;
  }

  /** The prompt with the node's recorded answer filled in, as far as it still fits the options offered now. */
  private withEarlierAnswer(prompt: QuestionPrompt, node: NodeDef): QuestionPrompt {
    if (!node.field) return prompt;
    const earlier = this.env().a[node.field];
    switch (prompt.kind) {
      case 'text':
        return typeof earlier === 'string' && earlier !== '' ? { ...prompt, value: earlier } : prompt;
      case 'choice':
        return typeof earlier === 'string' && prompt.options.some((o) => o.value === earlier) ? { ...prompt, value: earlier } : prompt;
      case 'yesno': {
        const allowed = ['ja', 'nee', ...(prompt.extra ?? []).map((o) => o.value)];
        return typeof earlier === 'string' && allowed.includes(earlier) ? { ...prompt, value: earlier } : prompt;
      }
      case 'multi': {
        if (!Array.isArray(earlier)) return prompt;
        const offered = new Set(prompt.options.map((o) => o.value));
        return { ...prompt, value: earlier.filter((v): v is string => typeof v === 'string' && offered.has(v)) };
      }
    }
  }

  private nav(node: NodeDef): NavOption[] {
    const work = this.work();
    let commands: Command[];
    if (node.nav) commands = node.nav;
    else if (work) commands = ['back', 'later', 'stop', 'acute'];
    else commands = ['back', 'menu', 'acute'];
    const history = work ? work.history : (this.s.cursor?.history ?? []);
    return commands
      .filter((c) => c !== 'back' || history.length > 0)
      .map((command) => ({ command, label: this.t(`nav.${command}`) }));
  }

  private position(node: NodeDef): Position {
    const st = this.f.steps[node.section];
    if (st !== undefined) {
      const total = this.f.totalSteps;
      return { step: st, total, label: this.t('position.step', { step: st, total, title: this.t(`position.${node.section}`) }) };
    }
    return { label: this.t(`position.${node.section}`) };
  }

  private info(text: string, tone: 'normal' | 'warning' | 'error' | 'urgent'): void {
    this.prompts.push({ kind: 'info', tone, text });
  }

  // ---- helpers --------------------------------------------------------------------------

  private node(id: string): NodeDef {
    // Stored ids are resolved on load (upgrade) and transitions name existing nodes, so this is the
    // last safety net only.
    return this.f.nodes.get(id) ?? (this.f.nodes.get(this.f.roles.menu) as NodeDef);
  }

  /** Nodes whose answers the engine handles itself, and which are never a case's resume point. */
  private interruption(id: string): boolean {
    return id === this.f.roles.acute || id === this.f.roles.stopConfirm;
  }

  /** Nodes that belong to no case and no flow history. */
  private topLevel(id: string): boolean {
    const r = this.f.roles;
    return id === r.menu || id === r.resume || id === r.mine;
  }

  private currentQuestion(): QuestionPrompt | undefined {
    const cursor = this.s.cursor;
    if (!cursor || !this.s.promptId) return undefined;
    return this.render(this.node(cursor.node));
  }

  private work(): CaseWork | undefined {
    const id = this.s.cursor?.caseId;
    return id ? this.s.cases[id] : undefined;
  }

  private env(): NodeEnv {
    const work = this.work();
    return {
      lang: this.s.lang,
      t: (key, params) => this.t(key, params),
      text: (l) => this.text(l),
      a: work ? work.answers : this.s.scratch,
      work,
      state: this.s,
      now: this.ctx.now,
      socialMap: socialMapText(this.ctx.socialMap ?? []),
      socialMapKind: (kind) => socialMapText((this.ctx.socialMap ?? []).filter((e) => e.kind === kind)),
    };
  }

  private t(key: string, params?: Record<string, unknown>): string {
    // The translator adds the phone numbers itself; passing nothing lets it reuse plain texts.
    return this.ctx.t(this.s.lang, key, params);
  }

  private text(l: Localized): string {
    return l[this.s.lang];
  }
}

// ---- validation -------------------------------------------------------------------------

type Checked = { value: AnswerValue } | { error: string; params?: Record<string, unknown> };

/** Checks a submitted value against the prompt it answers. Never trusts the client. */
export function validate(prompt: QuestionPrompt, raw: string | string[]): Checked {
  switch (prompt.kind) {
    case 'text': {
      if (typeof raw !== 'string') return { error: 'err.textExpected' };
      const value = raw.trim();
      if (value.length > prompt.maxLength) return { error: 'err.tooLong', params: { length: value.length, max: prompt.maxLength } };
      if (value === '') return prompt.optional ? { value: null } : { error: 'err.empty' };
      return { value };
    }
    case 'choice':
    case 'yesno': {
      if (typeof raw !== 'string') return { error: 'err.choice' };
      const allowed =
        prompt.kind === 'choice' ? prompt.options.map((o) => o.value) : ['ja', 'nee', ...(prompt.extra ?? []).map((o) => o.value)];
      return allowed.includes(raw) ? { value: raw } : { error: 'err.choice' };
    }
    case 'multi': {
      // Adaptive Cards send multi-select values as one comma-separated string.
      if (!Array.isArray(raw) && typeof raw !== 'string') return { error: 'err.choice' };
      const values = (Array.isArray(raw) ? raw : raw.split(',')).map((v) => String(v).trim()).filter((v) => v !== '');
      const allowed = new Set(prompt.options.map((o) => o.value));
      if (values.some((v) => !allowed.has(v))) return { error: 'err.choice' };
      const unique = [...new Set(values)];
      if (unique.length < prompt.minSelected) return { error: 'err.multiMin', params: { count: prompt.minSelected } };
      return { value: unique };
    }
  }
}

/** Maps typed text to an option: its number (1-based), its value or its label. */
function matchTyped(prompt: QuestionPrompt, raw: string): string | string[] | undefined {
  const n = raw.trim().toLowerCase();
  let options: { value: string; label: string }[];
  if (prompt.kind === 'yesno') {
    options = [
      { value: 'ja', label: prompt.yesLabel },
      { value: 'nee', label: prompt.noLabel },
      ...(prompt.extra ?? []),
    ];
    if (['ja', 'yes', 'j', 'y'].includes(n)) return 'ja';
    if (['nee', 'no', 'n'].includes(n)) return 'nee';
  } else if (prompt.kind === 'choice' || prompt.kind === 'multi') {
    options = prompt.options;
  } else {
    return undefined;
  }
  const one = (part: string): string | undefined => {
    const p = part.trim().toLowerCase();
    const idx = /^\d+$/.test(p) ? Number(p) - 1 : -1;
    const hit = options[idx] ?? options.find((o) => o.value.toLowerCase() === p || o.label.toLowerCase() === p);
    return hit?.value;
  };
  if (prompt.kind === 'multi') {
    if (['geen', 'none', '-'].includes(n)) return prompt.minSelected === 0 ? [] : undefined;
    const parts = n.split(/[,;]/).map(one);
    return parts.every((p) => p !== undefined) ? (parts as string[]) : undefined;
  }
  return one(n);
}

/** Input meant for the question on screen: an answer to it, or "back"/"stop" from it. */
function refersToScreen(input: Input): boolean {
  switch (input.type) {
    case 'answer':
    case 'repeat':
      return true;
    case 'command':
      return input.command === 'back' || input.command === 'stop';
    case 'text': {
      const typed = parseTyped(input.text);
      return typed === undefined || ('command' in typed && (typed.command === 'back' || typed.command === 'stop'));
    }
    default:
      return false;
  }
}

/** A short non-cryptographic hash: enough to recognise the same text sent twice, without keeping it. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

export type { Answers };

/** Social-map entries as bullet lines: label · phone · url · note. */
function socialMapText(entries: NonNullable<EngineContext['socialMap']>): string {
  return entries.map((e) => `• ${[e.label, e.phone, e.url, e.note].filter((x) => x !== undefined && x !== '').join(' · ')}`).join('\n');
}
