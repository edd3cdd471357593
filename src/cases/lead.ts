/**
 * The aandachtsfunctionaris's side, platform-neutral: roles, the open-cases list, the case details,
 * life-cycle changes, claims, exports and early deletion. Every action checks the role first.
 * Replies are ordinary prompts (rendered by the channels' card renderers); the lead's own
 * questions carry prompt ids starting with "lead#", which the gateway routes here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { loadProfile } from '../store/profiles.js';
import { pruneTickets } from '../store/documents.js';
import { includesMelden } from '../domain/advice.js';
import { CONTACT_PARAMS } from '../domain/contacts.js';
import { sectorById } from '../domain/sectors.js';
import type { Lang } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { Prompt } from '../engine/types.js';
import type { Translator } from '../i18n/index.js';
import type { OrgSettings } from '../org/settings.js';
import { ID_PATTERN, type Store } from '../store/store.js';
import { claimCase, type Claimer, type ClaimResult } from './claim.js';
import { REDACT_PROMPT, RedactionFlow } from './redaction.js';
import { buildDossier, dossierMarkdown, dossierPdf, type DossierRole } from './dossier.js';
import { applyCaseActions } from './actions.js';
import { deleteWithAudit } from './deletion.js';
import { figuresReport, parsePeriod } from './figures.js';
import { LEAD_STATES, type CaseMeta, type LeadState } from './types.js';

export type Role = 'aandachtsfunctionaris' | 'plaatsvervanger' | 'beheerder' | 'melder';

/** The identity that plays the aandachtsfunctionaris in the local web chat's panel. */
export const LOCAL_LEAD_ID = 'web:aandachtsfunctionaris';
export const LEAD_PROMPT = 'lead#';
/**
 * The open one-time dossier links, by SHA-256 of their token (the store never holds a usable link).
 * One document, so that a used or expired ticket is removed from it rather than left behind as a
 * document of its own.
 */
export const EXPORT_TICKETS_DOC = 'export-tickets';
const EXPORT_TTL_MS = 10 * 60_000;
/** Where earlier versions kept a ticket: a document of its own per token (`null` once spent). Never read, only removed. */
const LEGACY_TICKET_DOC = /^export-[0-9a-f]{48}$/;
const EXPORT_TOKEN = /^[0-9a-f]{48}$/;
const DELETE_REASON_MAX = 300;

export interface LeadDeps {
  store: Store;
  settings: () => OrgSettings;
  translator: Translator;
  clock: () => Date;
  /** Removes a deleted case from its reporter's conversation state. */
  forget(userKey: string, caseId: string): Promise<void>;
  /** Replaces removed text in the reporter's open case (if open) with the marker, leaving no earlier version. */
  redactAnswers(owner: string, caseId: string, text: string, marker: (lang: Lang) => string): Promise<void>;
  /** Base URL for one-time download links (e.g. https://meldcode.example.org). */
  baseUrl: () => string;
  log: Logger;
}

interface ExportTicket {
  caseId: string;
  format: 'md' | 'pdf';
  requester: string;
  role: DossierRole;
  lang: Lang;
  expiresAt: string;
}

/** A one-time link to the organisation's figures of a period; the file is made when the link is used. */
interface FiguresTicket {
  /** The period's label ("2026-Q3", "2026-01-01..2026-03-31"), which parsePeriod reads back. */
  figures: string;
  format: 'pdf' | 'csv';
  requester: string;
  lang: Lang;
  expiresAt: string;
}

type ExportTickets = Record<string, ExportTicket | FiguresTicket>;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const REDACT_KINDS: ReadonlySet<string> = new Set(Object.values(REDACT_PROMPT));

export class LeadService {
  /** Whether the tickets of earlier versions were removed, which one sweep per process does. */
  private legacySwept = false;
  /** Called after a claim or status change of a case (the channels keep their posts current). */
  private readonly changeListeners: ((caseId: string) => Promise<void>)[] = [];
  private readonly redaction: RedactionFlow;

  constructor(private readonly deps: LeadDeps) {
    this.redaction = new RedactionFlow({
      store: deps.store,
      clock: deps.clock,
      t: (lang, key, params) => this.t(lang, key, params),
      redactAnswers: (owner, caseId, text, marker) => deps.redactAnswers(owner, caseId, text, marker),
      log: deps.log,
    });
  }

  private t(lang: Lang, key: string, params?: Record<string, unknown>): string {
    return this.deps.translator.t(lang, key, { ...CONTACT_PARAMS, ...params });
  }

  private info(text: string, tone: 'normal' | 'warning' | 'error' = 'normal'): Prompt {
    return { kind: 'info', tone, text };
  }

  role(userKey: string): Role {
    const s = this.deps.settings();
    if (userKey === LOCAL_LEAD_ID || s.aandachtsfunctionarissen.includes(userKey)) return 'aandachtsfunctionaris';
    if (s.deputies.includes(userKey)) return 'plaatsvervanger';
    if (s.beheerders.includes(userKey)) return 'beheerder';
    return 'melder';
  }

  /** The organisation's time zone: times are shown in it (the working hours' zone, validated with the settings). */
  timeZone(): string {
    return this.deps.settings().reminders.workingHours.timeZone;
  }

  /** May see the organisation's figures (counts only, no case content): leads and beheerders. */
  maySeeFigures(userKey: string): boolean {
    return this.isLead(userKey) || this.role(userKey) === 'beheerder';
  }

  /** Sees and acts on all cases: an aandachtsfunctionaris or their deputy. */
  isLead(userKey: string): boolean {
    const r = this.role(userKey);
    return r === 'aandachtsfunctionaris' || r === 'plaatsvervanger';
  }

  /** Runs `listener` after every claim and status change of a case, wherever it was made; its errors are logged, never thrown. */
  onChange(listener: (caseId: string) => Promise<void>): void {
    this.changeListeners.push(listener);
  }

  private async changed(caseId: string): Promise<void> {
    for (const listener of this.changeListeners) {
      try {
        await listener(caseId);
      } catch (err) {
        this.deps.log('lead.change.listenerFailed', { error: err instanceof Error ? err.name : typeof err });
      }
    }
  }

  /** Who acts on cases (aandachtsfunctionarissen, then deputies); `configured`: claims are theirs only (see claim). */
  leads(): { configured: boolean; keys: string[] } {
    const s = this.deps.settings();
    return { configured: s.aandachtsfunctionarissen.length > 0, keys: [...s.aandachtsfunctionarissen, ...s.deputies] };
  }

  private canSee(userKey: string, meta: CaseMeta): boolean {
    return meta.owner === userKey || this.isLead(userKey);
  }

  private async byRef(ref: string): Promise<CaseMeta | undefined> {
    const want = ref.trim().toUpperCase();
    const matches = (m: CaseMeta) => m.ref.toUpperCase() === want || m.id === ref.trim();
    // A case in hand is what a lead nearly always asks for (kept in memory); else every case is looked through.
    return (await this.deps.store.listCases({ inHand: true })).find(matches) ?? (await this.deps.store.listCases()).find(matches);
  }

  // ---- list and details -----------------------------------------------------------------

  async list(userKey: string, lang: Lang): Promise<Prompt[]> {
    if (!this.isLead(userKey)) {
      return [this.info(this.t(lang, this.role(userKey) === 'beheerder' ? 'lead.beheerderNoContent' : 'lead.onlyLeads'), 'warning')];
    }
    const now = this.deps.clock().getTime();
    // A case closed by its reporter against the framework's advice stays on the list until a lead closes it.
    const open = await this.deps.store.listCases({ inHand: true });
    // Urgent and unclaimed first: what needs someone now.
    open.sort((a, b) => Number(b.urgency === 'urgent') - Number(a.urgency === 'urgent') || Number(!!a.claimedBy) - Number(!!b.claimedBy) || a.createdAt.localeCompare(b.createdAt));
    if (open.length === 0) return [this.info(this.t(lang, 'lead.list.none'))];
    const label = (m: CaseMeta) => {
      const hours = Math.max(0, Math.round((now - Date.parse(m.createdAt)) / 3_600_000));
      const flags = [
        ...(m.status === 'melding-gedaan' ? [this.t(lang, 'channel.statusValue.melding-gedaan')] : []),
        ...(m.status === 'besluit' && includesMelden(m.outcome) ? [this.t(lang, 'channel.statusValue.melding-te-doen')] : []),
        ...(m.deviation ? [this.t(lang, 'lead.list.deviation')] : []),
      ];
      return [this.t(lang, 'lead.list.item', {
        ref: m.ref,
        sector: sectorById(m.sector)?.text[lang] ?? '—',
        step: m.step,
        urgency: this.t(lang, m.urgency === 'urgent' ? 'summary.urgent' : 'summary.normal'),
        age: hours < 48 ? this.t(lang, 'lead.age.hours', { count: hours }) : this.t(lang, 'lead.age.days', { count: Math.round(hours / 24) }),
        claimed: m.claimedByName ? this.t(lang, 'lead.list.claimedBy', { name: m.claimedByName }) : this.t(lang, 'lead.list.unclaimed'),
      }), ...flags].join(' · ');
    };
    return [
      { kind: 'info', tone: 'normal', title: this.t(lang, 'lead.list.title', { count: open.length }), text: open.map((m) => `• ${label(m)}`).join('\n') },
      {
        kind: 'choice',
        promptId: `${LEAD_PROMPT}list`,
        question: this.t(lang, 'lead.list.question'),
        options: open.slice(0, 50).map((m) => ({
          value: m.id,
          // A short label that fits a button whole; the full line is in the list above.
          label: this.t(lang, 'lead.list.button', { ref: m.ref, urgency: this.t(lang, m.urgency === 'urgent' ? 'summary.urgent' : 'summary.normal'), claimed: m.claimedByName ? this.t(lang, 'lead.list.claimedBy', { name: m.claimedByName }) : this.t(lang, 'lead.list.unclaimed') }),
        })),
        nav: [],
      },
    ];
  }

  /** The full case log (as the dossier) and what this person may do with the case. Logged as a view. */
  async open(userKey: string, refOrId: string, lang: Lang): Promise<Prompt[]> {
    if (this.role(userKey) === 'beheerder' && !this.isLead(userKey)) {
      const own = await this.byRef(refOrId);
      if (!own || own.owner !== userKey) return [this.info(this.t(lang, 'lead.beheerderNoContent'), 'warning')];
    }
    const meta = await this.byRef(refOrId);
    if (!meta || !this.canSee(userKey, meta)) return [this.info(this.t(lang, 'lead.notFound', { ref: refOrId.slice(0, 20) }), 'warning')];
    const now = this.deps.clock().toISOString();
    await this.deps.store.appendLog(meta.id, [{ at: now, actor: userKey, type: 'view', data: {} }]);
    const record = await this.deps.store.getCase(meta.id);
    if (!record) return [this.info(this.t(lang, 'lead.notFound', { ref: meta.ref }), 'warning')];
    const role: DossierRole = this.isLead(userKey) ? 'aandachtsfunctionaris' : 'melder';
    const dossier = buildDossier(record, { lang, role, requesterId: userKey, generatedAt: now, timeZone: this.timeZone() }, (l, k, p) => this.t(l, k, p));
    const summary: Prompt = {
      kind: 'summary',
      title: dossier.title,
      sections: dossier.sections.map((s) => ({ heading: s.heading, items: s.lines.map((line) => ({ label: '•', value: line })) })),
    };
    return [summary, this.actions(userKey, meta, lang)];
  }

  private actions(userKey: string, meta: CaseMeta, lang: Lang): Prompt {
    const options: { value: string; label: string }[] = [];
    if (this.isLead(userKey)) {
      if (!meta.claimedBy) options.push({ value: 'claim', label: this.t(lang, 'lead.opt.claim') });
      const current = meta.lead ?? 'nieuw';
      for (const s of LEAD_STATES) {
        if (s !== current && s !== 'nieuw') options.push({ value: `state:${s}`, label: this.t(lang, 'lead.opt.state', { state: this.t(lang, `lead.state.${s}`) }) });
      }
    }
    options.push({ value: 'export:md', label: this.t(lang, 'lead.opt.exportMd') }, { value: 'export:pdf', label: this.t(lang, 'lead.opt.exportPdf') });
    if (this.isLead(userKey)) {
      options.push({ value: 'delete', label: this.t(lang, 'lead.opt.delete') }, { value: 'list', label: this.t(lang, 'lead.opt.list') });
    }
    if (meta.owner === userKey || this.isLead(userKey)) options.push({ value: 'redact', label: this.t(lang, 'lead.opt.redact') });
    return { kind: 'choice', promptId: `${LEAD_PROMPT}case:${meta.id}`, question: this.t(lang, 'lead.case.question', { ref: meta.ref }), options, nav: [] };
  }

  // ---- answers to the lead's own questions ------------------------------------------------

  async answer(userKey: string, promptId: string, value: string | string[], lang: Lang): Promise<Prompt[]> {
    const v = Array.isArray(value) ? (value[0] ?? '') : value;
    const rest = promptId.slice(LEAD_PROMPT.length);
    if (rest === 'list') return this.open(userKey, v, lang);
    const [kind, caseId, ...parts] = rest.split(':');
    // The prompt id comes back from the client: an id the store would refuse is simply not found.
    const meta = caseId && ID_PATTERN.test(caseId) ? (await this.deps.store.getCase(caseId))?.meta : undefined;
    if (!meta || !this.canSee(userKey, meta)) return [this.info(this.t(lang, 'lead.notFound', { ref: '' }), 'warning')];
    if (kind === 'delete') return this.remove(userKey, meta, v, lang);
    // canSee above: only the case's owner and leads get here.
    if (kind !== undefined && REDACT_KINDS.has(kind)) return this.redaction.answer(userKey, meta, meta.owner === userKey ? 'owner' : this.role(userKey), this.isLead(userKey), kind, parts, v, lang);
    if (kind !== 'case') return [this.info(this.t(lang, 'input.malformed'), 'error')];
    if (v === 'export:md' || v === 'export:pdf') return this.exportLink(userKey, meta.id, v === 'export:pdf' ? 'pdf' : 'md', lang);
    if (v === 'redact') return this.redaction.pick(meta, lang);
    if (!this.isLead(userKey)) return [this.info(this.t(lang, 'lead.onlyLeads'), 'warning')];
    if (v === 'list') return this.list(userKey, lang);
    if (v === 'claim') {
      const name = (await loadProfile(this.deps.store, userKey)).name ?? this.t(lang, 'channel.unknownName');
      const r = await this.claim(meta.id, { id: userKey, name });
      if (r.outcome === 'forbidden') return [this.info(this.t(lang, 'lead.notAllowedClaim'), 'warning')];
      if (r.outcome === 'already') return [this.info(this.t(lang, 'channel.alreadyClaimed', { name: r.meta.claimedByName ?? '' }))];
      return [this.info(this.t(lang, 'lead.claimed', { ref: meta.ref })), ...(await this.open(userKey, meta.id, lang))];
    }
    if (v === 'delete') {
      return [{ kind: 'text', promptId: `${LEAD_PROMPT}delete:${meta.id}`, question: this.t(lang, 'lead.delete.question', { ref: meta.ref }), maxLength: DELETE_REASON_MAX, optional: false, nav: [] }];
    }
    const state = LEAD_STATES.find((s) => v === `state:${s}`);
    if (!state) return [this.info(this.t(lang, 'err.choice'), 'error'), this.actions(userKey, meta, lang)];
    await this.setState(userKey, meta.id, state);
    return [this.info(this.t(lang, 'lead.stateSet', { ref: meta.ref, state: this.t(lang, `lead.state.${state}`) }))];
  }

  /** Moves the case along the lead's life cycle; who and when go into the log. */
  async setState(userKey: string, caseId: string, state: LeadState): Promise<CaseMeta> {
    const now = this.deps.clock().toISOString();
    const { meta } = await this.deps.store.modifyCaseMeta(caseId, (m) => ({ lead: state, updatedAt: now, ...(state === 'gesloten' && !m.closedAt ? { closedAt: now } : {}) }));
    await this.deps.store.appendLog(caseId, [{ at: now, actor: userKey, type: 'lead', data: { lead: state } }]);
    // The retention clock starts (workflow.ts), as when a reporter closes the case.
    if (state === 'gesloten') await applyCaseActions(this.deps.store, [{ type: 'case.closed', caseId }], this.deps.settings(), this.deps.clock());
    await this.changed(caseId);
    return meta;
  }

  /**
   * "Ik pak dit op". Once aandachtsfunctionarissen are configured only they (and deputies) may claim;
   * before that, anyone who can see the aandachtsfunctionaris channel may.
   */
  async claim(caseId: string, who: Claimer): Promise<ClaimResult | { outcome: 'forbidden' }> {
    const configured = this.deps.settings().aandachtsfunctionarissen.length > 0;
    if (configured && !this.isLead(who.id)) return { outcome: 'forbidden' };
    const result = await claimCase(this.deps.store, caseId, who, this.deps.clock());
    if (result.outcome === 'claimed') {
      this.deps.log('case.claimed', { role: this.role(who.id) });
      await this.changed(caseId);
    }
    return result;
  }

  private async remove(userKey: string, meta: CaseMeta, reason: string, lang: Lang): Promise<Prompt[]> {
    if (!this.isLead(userKey)) return [this.info(this.t(lang, 'lead.onlyLeads'), 'warning')];
    const why = reason.trim();
    if (why === '') return [this.info(this.t(lang, 'err.empty'), 'error')];
    await this.deps.forget(meta.owner, meta.id);
    await deleteWithAudit(this.deps.store, meta, 'aandachtsfunctionaris', this.role(userKey), this.deps.clock(), why);
    this.deps.log('case.deleted', { reason: 'aandachtsfunctionaris' });
    return [this.info(this.t(lang, 'lead.deleted', { ref: meta.ref }))];
  }

  // ---- exports --------------------------------------------------------------------------

  /** A one-time, short-lived download link for the dossier (Markdown or PDF). */
  async exportLink(userKey: string, refOrId: string, format: 'md' | 'pdf', lang: Lang): Promise<Prompt[]> {
    const meta = await this.byRef(refOrId);
    if (!meta || !this.canSee(userKey, meta)) return [this.info(this.t(lang, 'lead.notFound', { ref: refOrId.slice(0, 20) }), 'warning')];
    const token = randomBytes(24).toString('hex');
    const ticket: ExportTicket = {
      caseId: meta.id,
      format,
      requester: userKey,
      role: this.isLead(userKey) ? 'aandachtsfunctionaris' : 'melder',
      lang,
      expiresAt: new Date(this.deps.clock().getTime() + EXPORT_TTL_MS).toISOString(),
    };
    await this.changeTickets((open) => ({ ...open, [tokenHash(token)]: ticket }));
    return [this.info(this.t(lang, 'lead.export.ready', { ref: meta.ref, url: `${this.deps.baseUrl()}/export/${token}` }))];
  }

  /**
   * A one-time, short-lived download link for the figures of a period (PDF or CSV), made when it is used;
   * undefined for someone who may not see the figures.
   */
  async figuresLink(userKey: string, period: string, format: 'pdf' | 'csv', lang: Lang): Promise<string | undefined> {
    if (!this.maySeeFigures(userKey)) return undefined;
    const token = randomBytes(24).toString('hex');
    const ticket: FiguresTicket = { figures: period, format, requester: userKey, lang, expiresAt: new Date(this.deps.clock().getTime() + EXPORT_TTL_MS).toISOString() };
    await this.changeTickets((open) => ({ ...open, [tokenHash(token)]: ticket }));
    return `${this.deps.baseUrl()}/export/${token}`;
  }

  /**
   * Whether a download link is still good, in which language its page should speak and what it downloads;
   * spends nothing. For the page that GET and HEAD answer: link scanners and previews fetch links too.
   */
  async exportPending(token: string): Promise<{ lang: Lang; what: 'dossier' | 'figures' } | undefined> {
    if (!EXPORT_TOKEN.test(token)) return undefined;
    const ticket = (await this.deps.store.getDoc<ExportTickets>(EXPORT_TICKETS_DOC))?.[tokenHash(token)];
    if (!ticket || this.expired(ticket)) return undefined;
    return { lang: ticket.lang, what: 'figures' in ticket ? 'figures' : 'dossier' };
  }

  /** Serves a download link once; the export is logged on the case (who, when, which format). */
  async download(token: string): Promise<{ filename: string; contentType: string; body: Buffer } | undefined> {
    if (!EXPORT_TOKEN.test(token)) return undefined;
    const key = tokenHash(token);
    // Single use: removed before the file is made, in one step, so of two simultaneous requests
    // (on any instance) only one gets the ticket.
    let ticket: ExportTicket | FiguresTicket | undefined;
    await this.changeTickets((open) => {
      ticket = open[key];
      if (!ticket) return open;
      const rest = { ...open };
      delete rest[key];
      return rest;
    });
    if (!ticket || this.expired(ticket)) return undefined;
    if ('figures' in ticket) return this.figuresFile(ticket);
    const now = this.deps.clock();
    const record = await this.deps.store.getCase(ticket.caseId);
    if (!record) return undefined;
    await this.deps.store.appendLog(ticket.caseId, [{ at: now.toISOString(), actor: ticket.requester, type: 'export', data: { format: ticket.format } }]);
    const dossier = buildDossier(record, { lang: ticket.lang, role: ticket.role, requesterId: ticket.requester, generatedAt: now.toISOString(), timeZone: this.timeZone() }, (l, k, p) => this.t(l, k, p));
    const base = `dossier-${record.meta.ref}`;
    if (ticket.format === 'pdf') return { filename: `${base}.pdf`, contentType: 'application/pdf', body: await dossierPdf(dossier) };
    return { filename: `${base}.md`, contentType: 'text/markdown; charset=utf-8', body: Buffer.from(dossierMarkdown(dossier), 'utf8') };
  }

  /** The figures of a ticket's period as they are now, suppressed as always. */
  private async figuresFile(ticket: FiguresTicket): Promise<{ filename: string; contentType: string; body: Buffer } | undefined> {
    const now = this.deps.clock();
    const hours = this.deps.settings().reminders.workingHours;
    const period = parsePeriod(ticket.figures, now, hours.timeZone);
    if (!period) return undefined;
    const report = await figuresReport(this.deps.store, period, hours, ticket.lang, (l, k, p) => this.t(l, k, p), now);
    this.deps.log('figures.exported', { format: ticket.format });
    const base = `${this.t(ticket.lang, 'figures.download.file')}-${period.label.replace(/\.\./, '_')}`;
    if (ticket.format === 'pdf') return { filename: `${base}.pdf`, contentType: 'application/pdf', body: report.pdf };
    return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.from(report.csv, 'utf8') };
  }

  /**
   * Removes expired download tickets (every change to the tickets does so as well), and the first
   * time, the tickets earlier versions left as documents of their own.
   */
  async pruneExports(): Promise<void> {
    // Used and expired tickets go, and the document itself once none are left (store/documents.ts).
    await pruneTickets(this.deps.store, this.deps.clock());
    if (this.legacySwept) return;
    for (const name of await this.deps.store.docNames('export-')) {
      if (LEGACY_TICKET_DOC.test(name)) await this.deps.store.deleteDoc(name);
    }
    this.legacySwept = true;
  }

  private expired(ticket: { expiresAt: string }): boolean {
    return Date.parse(ticket.expiresAt) <= this.deps.clock().getTime();
  }

  /** Changes the ticket document, dropping expired tickets on the way; writes only when something changed. */
  private async changeTickets(change: (open: ExportTickets) => ExportTickets): Promise<void> {
    await this.deps.store.modifyDoc<ExportTickets>(EXPORT_TICKETS_DOC, (current) => {
      const before = current ?? {};
      const after = Object.fromEntries(Object.entries(change(before)).filter(([, t]) => !this.expired(t)));
      const same = Object.keys(after).length === Object.keys(before).length && Object.keys(after).every((k) => before[k] === after[k]);
      return same ? undefined : after;
    });
  }
}
