/**
 * Redaction: the owner of a case or a lead removes free text that should never have been kept (a
 * name that got through). The chosen text goes from every entry of the case log that holds it and
 * from the owner's open case, leaving a marker; a `redaction` entry records who, when and why, never
 * the text. Offered from the case view (`zaak MC-…`), in the person's own chat: pick a text, give a
 * reason, confirm. Prompt ids start with "lead#", so the gateway routes the answers to the lead side.
 */
import type { Lang } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { Prompt } from '../engine/types.js';
import type { Store } from '../store/store.js';
import { fieldLabel, FREE_TEXT_FIELDS, redactionMarker, REDACTION_REASONS, type RedactionReason } from './dossier.js';
import type { CaseMeta, CaseRecord, LogEntry } from './types.js';

export const REDACT_PROMPT = {
  pick: 'redact',
  reason: 'redactwhy',
  note: 'redactnote',
  confirm: 'redactok',
} as const;

const NOTE_MAX = 200;
const PREVIEW_CHARS = 40;
const MAX_OPTIONS = 50;

export interface RedactionDeps {
  store: Store;
  clock: () => Date;
  t: (lang: Lang, key: string, params?: Record<string, unknown>) => string;
  /** Replaces `text` in the owner's open case (if it is still open there) with the marker in their language. */
  redactAnswers(owner: string, caseId: string, text: string, marker: (lang: Lang) => string): Promise<void>;
  log: Logger;
}

/** An entry whose free text can be removed: an answer in the reporter's own words, not yet removed. */
export function isRedactable(e: LogEntry): e is LogEntry & { data: { field: string; value: string } } {
  return typeof e.data.field === 'string' && FREE_TEXT_FIELDS.has(e.data.field) && typeof e.data.value === 'string' && e.data.value.trim() !== '' && e.data.redacted !== true;
}

/** The entry with its text replaced by the marker. Its turn id goes too: it is a hash of the input, text included. */
export function redactedEntry(e: LogEntry, reason: RedactionReason): LogEntry {
  const { turn: _turn, ...rest } = e;
  return { ...rest, data: { ...e.data, value: null, redacted: true, redactedReason: reason } };
}

const isReason = (v: string | undefined): v is RedactionReason => (REDACTION_REASONS as readonly string[]).includes(v ?? '');

export class RedactionFlow {
  constructor(private readonly deps: RedactionDeps) {}

  private info(text: string, tone: 'normal' | 'warning' | 'error' = 'normal'): Prompt {
    return { kind: 'info', tone, text };
  }

  /** Step 1: the case's free texts, numbered, each with a short preview, to pick one. */
  async pick(meta: CaseMeta, lang: Lang): Promise<Prompt[]> {
    const t = (key: string, params?: Record<string, unknown>) => this.deps.t(lang, key, params);
    const record = await this.deps.store.getCase(meta.id);
    const texts = (record?.log ?? []).flatMap((e, index) => (isRedactable(e) ? [{ e, index }] : []));
    if (!record || texts.length === 0) return [this.info(t('lead.redact.none', { ref: meta.ref }))];
    const options = texts.slice(-MAX_OPTIONS).map(({ e, index }, i) => ({
      value: String(index),
      label: `${i + 1}. ${this.label(record, e.data.field, lang)}: “${preview(e.data.value)}”`.slice(0, 75),
    }));
    return [{ kind: 'choice', promptId: `lead#${REDACT_PROMPT.pick}:${meta.id}`, question: t('lead.redact.pick', { ref: meta.ref }), options, nav: [] }];
  }

  /**
   * Handles the answer to one of the redaction questions; `parts` are the prompt id's parts after the
   * case id. `typedNote`: whether this person's typed chat text can answer a lead question (leads only,
   * see gateway.ts); others are not asked for a note, so text they type in the chat never goes to the
   * dialogue as an answer by mistake.
   */
  async answer(userKey: string, meta: CaseMeta, role: string, typedNote: boolean, kind: string, parts: readonly string[], value: string, lang: Lang): Promise<Prompt[]> {
    const t = (key: string, params?: Record<string, unknown>) => this.deps.t(lang, key, params);
    const index = Number(kind === REDACT_PROMPT.pick ? value : parts[0]);
    if (!Number.isSafeInteger(index) || index < 0) return [this.info(t('err.choice'), 'error')];
    const record = await this.deps.store.getCase(meta.id);
    const target = record?.log[index];
    if (!record || !target || !isRedactable(target)) return [this.info(t('lead.redact.gone'), 'warning')];
    const id = `${meta.id}:${index}`;
    if (kind === REDACT_PROMPT.pick) {
      return [
        {
          kind: 'choice',
          promptId: `lead#${REDACT_PROMPT.reason}:${id}`,
          question: t('lead.redact.why'),
          options: REDACTION_REASONS.map((r) => ({ value: r, label: t(`lead.redact.reason.${r}`) })),
          nav: [],
        },
      ];
    }
    if (kind === REDACT_PROMPT.reason) {
      if (!isReason(value)) return [this.info(t('err.choice'), 'error')];
      if (value === 'anders' && typedNote) {
        return [{ kind: 'text', promptId: `lead#${REDACT_PROMPT.note}:${id}`, question: t('lead.redact.note', { ref: meta.ref }), maxLength: NOTE_MAX, optional: true, skipLabel: t('lead.redact.noteSkip'), nav: [] }];
      }
      return [
        {
          kind: 'choice',
          promptId: `lead#${REDACT_PROMPT.confirm}:${id}:${value}`,
          question: t('lead.redact.confirm', { ref: meta.ref, field: this.label(record, target.data.field, lang) }),
          options: [
            { value: 'ja', label: t('lead.redact.yes') },
            { value: 'nee', label: t('lead.redact.no') },
          ],
          nav: [],
        },
      ];
    }
    if (kind === REDACT_PROMPT.note) return this.redact(userKey, meta, role, record, index, 'anders', value.trim().slice(0, NOTE_MAX), lang);
    const reason = parts[1];
    if (kind !== REDACT_PROMPT.confirm || !isReason(reason)) return [this.info(t('input.malformed'), 'error')];
    if (value !== 'ja') return [this.info(t('lead.redact.cancelled'))];
    return this.redact(userKey, meta, role, record, index, reason, '', lang);
  }

  private async redact(userKey: string, meta: CaseMeta, role: string, record: CaseRecord, index: number, reason: RedactionReason, note: string, lang: Lang): Promise<Prompt[]> {
    const t = (key: string, params?: Record<string, unknown>) => this.deps.t(lang, key, params);
    const target = record.log[index];
    if (!target || !isRedactable(target)) return [this.info(t('lead.redact.gone'), 'warning')];
    const text = target.data.value;
    const entry: LogEntry = {
      at: this.deps.clock().toISOString(),
      actor: userKey,
      type: 'redaction',
      data: { veld: target.data.field, reden: reason, ...(note !== '' ? { toelichting: note } : {}) },
    };
    // Every entry holding the same words goes, not only the one picked (an answer given twice).
    const n = await this.deps.store.redactLog(meta.id, (e) => isRedactable(e) && e.data.value === text, (e) => redactedEntry(e, reason), entry);
    if (n === 0) return [this.info(t('lead.redact.gone'), 'warning')];
    await this.deps.redactAnswers(meta.owner, meta.id, text, (l) => redactionMarker(l, reason));
    this.deps.log('case.redacted', { caseId: meta.id, entries: n, reason, role });
    return [this.info(t('lead.redact.done', { ref: meta.ref, marker: redactionMarker(lang, reason) }))];
  }

  private label(record: CaseRecord, field: string, lang: Lang): string {
    return fieldLabel(record, { lang, role: 'melder', requesterId: '', generatedAt: '' }, this.deps.t, field);
  }
}

/** The first words of a text, on one line. */
function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= PREVIEW_CHARS ? flat : `${flat.slice(0, PREVIEW_CHARS - 1)}…`;
}
