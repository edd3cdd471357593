/**
 * The dossier's vocabulary: the request and result types, its own texts (`dossier.*` in the
 * locales), and the {@link Writer} that knows the language and who is who. Platform ids never
 * leave the dossier: actors are shown by role ("melder", "aandachtsfunctionaris").
 */
import type { CaseRecord } from '../types.js';
import type { DossierSection } from '../../../dialogs/index.js';
import type { Localized } from '../../domain/types.js';
import { LOCALES, type Translator } from '../../i18n/index.js';
import { DEFAULT_TIME_ZONE, localTime } from '../../i18n/time.js';
import type { DossierPicture } from './picture.js';

/** Who asks for the dossier; decides what it may show (the caller checks a melder only exports their own case). */
export type DossierRole = 'melder' | 'aandachtsfunctionaris';

export interface DossierRequest {
  lang: 'nl' | 'en';
  role: DossierRole;
  /** Platform id of the person exporting: their own view/export entries stay visible to a melder. Never printed. */
  requesterId: string;
  /** ISO time the export is made; printed, and used as the PDF's creation date. */
  generatedAt: string;
  /** IANA time zone the times are printed in (the organisation's); named once in the header. Default Europe/Amsterdam. */
  timeZone?: string;
}

/** A dossier as plain text: renderers escape it for their target. */
export interface Dossier {
  title: string;
  sections: { heading: string; lines: string[] }[];
  /** Language of the labels; the PDF uses it for its page numbers. */
  lang?: 'nl' | 'en';
  /** As in the request; the PDF's creation date (so the same dossier gives the same file). */
  generatedAt?: string;
  /** The afwegingskader drawn under its section (stap 4): a picture in the PDF, its text in Markdown. */
  picture?: DossierPicture;
}

/** Sections of the dossier, in their order (the answer fields name theirs in dialogs/fields.ts). */
export type SectionId = DossierSection;

export const SECTION_ORDER: readonly SectionId[] = [
  'context',
  'signals',
  'facts',
  'interpretations',
  'kindcheck',
  'stap2',
  'stap3',
  'stap4',
  'stap5',
  'melding',
  'urgent',
  'handling',
  'followup',
  'access',
  'notes',
];

type ActorRole = 'melder' | 'aandachtsfunctionaris' | 'systeem' | 'collega';

/**
 * A text of the dossier (`dossier.<key>` in the locales), Dutch where the language lacks it, the key
 * itself where both do. Parameters are filled in as given: no markup, no nesting, whatever a user typed.
 */
export function dossierText(lang: 'nl' | 'en', key: string, params: Record<string, string> = {}): string {
  const template = lookup(lang, key) ?? lookup('nl', key) ?? key;
  return template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => params[name] ?? '');
}

function lookup(lang: 'nl' | 'en', key: string): string | undefined {
  let node: unknown = LOCALES[lang].dossier;
  for (const part of key.split('.')) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** Everything a line needs to be written: language, labels, and who is who. */
export class Writer {
  private readonly roles = new Map<string, ActorRole>();

  constructor(
    readonly record: CaseRecord,
    readonly req: DossierRequest,
    private readonly translate: Translator['t'],
  ) {
    const { meta, log } = record;
    const af = new Set<string>();
    if (meta.claimedBy) af.add(meta.claimedBy);
    for (const e of log) if (e.type === 'claim' || e.type === 'lead') af.add(e.actor);
    for (const id of af) this.roles.set(id, 'aandachtsfunctionaris');
    this.roles.set('system', 'systeem');
    // The owner wins: a reporter who is also an aandachtsfunctionaris is the melder of their own case.
    this.roles.set(meta.owner, 'melder');
  }

  /** A dossier label. */
  d(key: string, params: Record<string, string> = {}): string {
    return dossierText(this.req.lang, key, params);
  }

  /** An existing locale key, or `fallback` when it does not exist (a strict translator throws on missing keys). */
  ui(key: string, fallback: string, params?: Record<string, unknown>): string {
    try {
      const out = this.translate(this.req.lang, key, params);
      return out === key || out === '' ? fallback : out;
    } catch {
      return fallback;
    }
  }

  text(l: Localized): string {
    return l[this.req.lang];
  }

  actor(id: string): string {
    return this.d(`actor.${this.roles.get(id) ?? 'collega'}`);
  }

  /** Every platform id this dossier could meet; none of them may be printed. */
  knownIds(): string[] {
    const ids = new Set<string>([this.record.meta.owner, this.req.requesterId, ...this.roles.keys()]);
    for (const e of this.record.log) {
      ids.add(e.actor);
      if (typeof e.data.by === 'string') ids.add(e.data.by);
    }
    ids.delete('system');
    return [...ids].filter((id) => id.length >= 3);
  }

  role(id: string): ActorRole {
    return this.roles.get(id) ?? 'collega';
  }
}

/** `YYYY-MM-DD HH:MM` in the request's time zone (named once in the header); an unreadable time is shown as stored. */
export function when(iso: string, timeZone?: string): string {
  return localTime(iso, timeZone ?? DEFAULT_TIME_ZONE);
}

export const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
export const none = (w: Writer) => w.ui('common.none', w.req.lang === 'nl' ? 'geen' : 'none');
