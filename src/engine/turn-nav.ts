/**
 * Moving within and between cases: back, stop (with its confirmation), save for later, resume,
 * and returning from the acute screen to the question the user was at.
 */
import type { AnswerValue } from './flow.js';
import { CaseTurn } from './turn-cases.js';

export class NavTurn extends CaseTurn {
  // ---- navigation -----------------------------------------------------------------------

  protected back(): void {
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

  protected stop(): void {
    const work = this.work();
    const cursor = this.s.cursor;
    if (!work || !cursor) return this.toMenu();
    cursor.returnTo = this.interruption(cursor.node) ? cursor.returnTo : cursor.node;
    cursor.node = this.f.roles.stopConfirm;
    this.ask();
  }

  protected afterStopConfirm(value: AnswerValue): void {
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

  protected saveForLater(): void {
    const work = this.work();
    if (!work) return this.toMenu();
    this.info(this.t('later.saved', { ref: work.ref }), 'normal');
    // Nothing is awaited now; the next message offers to resume.
    this.s.cursor = undefined;
    this.s.promptId = undefined;
  }

  protected resume(caseId: string): void {
    const work = this.s.cases[caseId];
    if (!work) return this.toMenu();
    this.s.cursor = { node: work.node, caseId, history: [] };
    this.info(this.t('resume.resumed', { ref: work.ref }), 'normal');
    this.ask();
  }

  protected returnToCase(): void {
    const cursor = this.s.cursor;
    const work = this.work();
    if (!cursor || !work) return this.toMenu();
    cursor.node = cursor.returnTo && this.f.nodes.has(cursor.returnTo) ? cursor.returnTo : work.node;
    cursor.returnTo = undefined;
    this.ask();
  }

  protected afterAcute(value: AnswerValue): void {
    if (value === 'later') return this.saveForLater();
    this.returnToCase();
  }
}
