/**
 * What a turn does to cases: opening one, acute danger (escalation first), closing with a summary,
 * a melden decision, the melding made, and the afweging-5 follow-up.
 */
import type { CaseStatus } from '../domain/case.js';
import { deviatesFromAdvice } from '../domain/advice.js';
import { afwegingPicture, channelSummary, fullSummary, metaOf } from './summary.js';
import { TurnBase } from './turn-base.js';
import { MAX_DONE, type CaseWork, type FinishedCase } from './types.js';

export class CaseTurn extends TurnBase {
  // ---- acute danger ---------------------------------------------------------------------

  /** Shows 112 / Veilig Thuis / aandachtsfunctionaris first, escalates, then offers to go on. */
  protected acute(reason: 'acuut' | 'disclosure', resumeAt: string | undefined): void {
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

  // ---- cases ----------------------------------------------------------------------------

  protected newCase(): CaseWork {
    const { id, ref } = this.ctx.newCase();
    const now = this.ctx.now;
    const work: CaseWork = { id, ref, node: this.f.roles.caseStart, history: [], answers: {}, createdAt: now, updatedAt: now, urgent: false, step: 0, answered: [] };
    this.s.cases[id] = work;
    this.s.cursor = { node: work.node, caseId: id, history: [] };
    this.created.push({ type: 'case.create', meta: metaOf(work, this.ctx.userId, 'open') });
    this.log(work, 'opened', { lang: this.s.lang });
    return work;
  }

  protected finish(status: Extract<CaseStatus, 'besluit' | 'gesloten' | 'melding-gedaan'>, outcome: string, post: 'afronding' | undefined): void {
    const work = this.work();
    if (!work) return this.toMenu();
    this.log(work, 'status', { status, outcome });
    this.closeCase(work, status, outcome);
    this.prompts.push(fullSummary(work, outcome, (k, p) => this.t(k, p), (l) => this.text(l), this.f.fields));
    this.pushPicture(work);
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
  protected decide(outcome: string): void {
    const work = this.work();
    if (!work) return;
    work.answers.besluitGenomen = true;
    const deviation = deviatesFromAdvice(work.answers.advies, work.answers.besluit);
    this.log(work, 'status', { status: 'besluit', outcome });
    this.patch(work, { status: 'besluit', outcome, ...(deviation ? { deviation } : {}) });
    this.prompts.push(fullSummary(work, outcome, (k, p) => this.t(k, p), (l) => this.text(l), this.f.fields));
    this.pushPicture(work);
    this.later.push({ type: 'af.post', reason: 'besluit-melden', summary: channelSummary(work, this.ctx.userId, outcome, 'besluit') });
    this.info(this.t('decide.posted', { ref: work.ref }), 'normal');
  }

  /** The melding was made: the lead's card shows it, and afweging 5 is asked again later (own help goes on). */
  protected meldingGedaan(): void {
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
  protected scheduleFollowUp(caseId: string): void {
    const due = new Date(Date.parse(this.ctx.now) + this.ctx.followUpDays * 86_400_000).toISOString();
    this.later.push({ type: 'followup.schedule', caseId, kind: 'afweging5', dueAt: due });
  }

  /** Records the follow-up answer on the (closed) case and shows what it means. */
  protected followUpAnswer(value: 'ja' | 'nee' | 'later'): void {
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

  /** The afwegingskader drawn after the summary, when the case reached it. */
  private pushPicture(work: CaseWork): void {
    const picture = afwegingPicture(work);
    if (picture) this.prompts.push(picture);
  }

  protected closeCase(work: CaseWork, status: CaseStatus, outcome?: string): void {
    const deviation = deviatesFromAdvice(work.answers.advies, work.answers.besluit);
    this.patch(work, { status, ...(outcome ? { outcome } : {}), ...(deviation ? { deviation } : {}) });
    delete this.s.cases[work.id];
    const done: FinishedCase = { id: work.id, ref: work.ref, step: work.step, status, ...(outcome ? { outcome } : {}), closedAt: this.ctx.now };
    this.s.done = [done, ...(this.s.done ?? []).filter((d) => d.id !== work.id)].slice(0, MAX_DONE);
    this.s.cursor = undefined;
  }
}
