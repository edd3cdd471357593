/**
 * One turn's working set and how it asks: the state being changed, the prompts and effects collected,
 * moving the cursor, rendering the current question, and the case log / case patch it accumulates.
 * The navigation, the case effects and the input handling build on it (turn-nav.ts, turn-cases.ts,
 * engine.ts).
 */
import type { LogEntry, LogEntryType } from '../domain/case.js';
import type { Localized } from '../domain/types.js';
import { DEFAULT_TIME_ZONE } from '../i18n/time.js';
import type { Flows, NodeDef, NodeEnv } from './flow.js';
import type { CaseWork, Command, Effect, EngineContext, NavOption, Position, Prompt, QuestionPrompt, StepResult, UserState } from './types.js';

/**
 * The navigation without a button the question already offers under the same label (the menu as one
 * of its options): one card never shows two buttons that read the same.
 */
function withoutRepeats(nav: NavOption[], ask: ReturnType<NodeDef['ask']>): NavOption[] {
  const labels = ask.kind === 'yesno' ? [ask.yesLabel, ask.noLabel, ...(ask.extra ?? []).map((o) => o.label)] : ask.kind === 'text' ? [] : ask.options.map((o) => o.label);
  const taken = new Set(labels.map((l) => l.trim().toLowerCase()));
  return nav.filter((n) => !taken.has(n.label.trim().toLowerCase()));
}

export type CasePatch = Extract<Effect, { type: 'case.update' }>['patch'];

export class TurnBase {
  protected readonly prompts: Prompt[] = [];
  protected readonly created: Effect[] = [];
  protected readonly logs = new Map<string, LogEntry[]>();
  protected readonly updates = new Map<string, CasePatch>();
  protected readonly later: Effect[] = [];

  constructor(
    protected readonly f: Flows,
    protected readonly s: UserState,
    protected readonly ctx: EngineContext,
  ) {}

  result(): StepResult {
    const effects: Effect[] = [...this.created];
    for (const [caseId, entries] of this.logs) effects.push({ type: 'case.log', caseId, entries });
    for (const [caseId, patch] of this.updates) effects.push({ type: 'case.update', caseId, patch });
    effects.push(...this.later);
    return { state: this.s, prompts: this.prompts, effects };
  }

  protected start(): void {
    this.s.scratch = {};
    this.goto(Object.keys(this.s.cases).length > 0 ? this.f.roles.resume : this.f.roles.menu);
    this.ask();
  }

  protected toMenu(): void {
    this.s.scratch = {};
    this.goto(this.f.roles.menu);
    this.ask();
  }

  // ---- case log and case patch -----------------------------------------------------------

  protected log(work: Pick<CaseWork, 'id'> & Partial<CaseWork>, type: LogEntryType, data: Record<string, unknown>, node?: NodeDef, correction = false): void {
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

  protected patch(work: Pick<CaseWork, 'id'>, patch: CasePatch): void {
    this.updates.set(work.id, { ...(this.updates.get(work.id) ?? {}), ...patch, updatedAt: this.ctx.now });
  }

  // ---- asking ---------------------------------------------------------------------------

  protected goto(nodeId: string, opts: { keepHistory?: boolean } = {}): void {
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
  protected ask(opts: { revisit?: boolean } = {}): void {
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
  protected reask(fill?: { value: string; marks: string[] }): void {
    const cursor = this.s.cursor;
    if (!cursor || !this.s.promptId) return this.start();
    const prompt = this.render(this.node(cursor.node));
    this.prompts.push(fill && prompt.kind === 'text' ? { ...prompt, value: fill.value, marks: fill.marks } : prompt);
  }

  protected reaskOrStart(): void {
    if (this.s.cursor && this.s.promptId) this.reask();
    else this.start();
  }

  protected stale(): void {
    this.info(this.t('err.stale'), 'error');
    this.reaskOrStart();
  }

  protected render(node: NodeDef): QuestionPrompt {
    const spec = node.ask(this.env());
    const prompt = {
      ...spec,
      promptId: this.s.promptId ?? `${node.id}#0`,
      position: this.position(node),
      nav: withoutRepeats(this.nav(node), spec),
    } as QuestionPrompt;
    return this.s.revisit !== undefined && this.s.revisit === this.s.promptId ? this.withEarlierAnswer(prompt, node) : prompt;
  }

  /** The prompt with the node's recorded answer filled in, as far as it still fits the options offered now. */
  protected withEarlierAnswer(prompt: QuestionPrompt, node: NodeDef): QuestionPrompt {
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

  protected nav(node: NodeDef): NavOption[] {
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

  protected position(node: NodeDef): Position {
    const st = this.f.steps[node.section];
    if (st !== undefined) {
      const total = this.f.totalSteps;
      return { step: st, total, label: this.t('position.step', { step: st, total, title: this.t(`position.${node.section}`) }) };
    }
    return { label: this.t(`position.${node.section}`) };
  }

  protected info(text: string, tone: 'normal' | 'warning' | 'error' | 'urgent'): void {
    this.prompts.push({ kind: 'info', tone, text });
  }

  // ---- helpers --------------------------------------------------------------------------

  protected node(id: string): NodeDef {
    // Stored ids are resolved on load (upgrade) and transitions name existing nodes, so this is the
    // last safety net only.
    return this.f.nodes.get(id) ?? (this.f.nodes.get(this.f.roles.menu) as NodeDef);
  }

  /** Nodes whose answers the engine handles itself, and which are never a case's resume point. */
  protected interruption(id: string): boolean {
    return id === this.f.roles.acute || id === this.f.roles.stopConfirm;
  }

  /** Nodes that belong to no case and no flow history. */
  protected topLevel(id: string): boolean {
    const r = this.f.roles;
    return id === r.menu || id === r.resume || id === r.mine;
  }

  protected currentQuestion(): QuestionPrompt | undefined {
    const cursor = this.s.cursor;
    if (!cursor || !this.s.promptId) return undefined;
    return this.render(this.node(cursor.node));
  }

  protected work(): CaseWork | undefined {
    const id = this.s.cursor?.caseId;
    return id ? this.s.cases[id] : undefined;
  }

  protected env(): NodeEnv {
    const work = this.work();
    return {
      lang: this.s.lang,
      t: (key, params) => this.t(key, params),
      text: (l) => this.text(l),
      a: work ? work.answers : this.s.scratch,
      work,
      state: this.s,
      now: this.ctx.now,
      timeZone: this.ctx.timeZone ?? DEFAULT_TIME_ZONE,
      socialMap: socialMapText(this.ctx.socialMap ?? []),
      socialMapKind: (kind) => socialMapText((this.ctx.socialMap ?? []).filter((e) => e.kind === kind)),
    };
  }

  protected t(key: string, params?: Record<string, unknown>): string {
    // The translator adds the phone numbers itself; passing nothing lets it reuse plain texts.
    return this.ctx.t(this.s.lang, key, params);
  }

  protected text(l: Localized): string {
    return l[this.s.lang];
  }
}

/** Social-map entries as bullet lines: label · phone · url · note. */
function socialMapText(entries: NonNullable<EngineContext['socialMap']>): string {
  return entries.map((e) => `• ${[e.label, e.phone, e.url, e.note].filter((x) => x !== undefined && x !== '').join(' · ')}`).join('\n');
}
