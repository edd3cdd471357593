/**
 * Input checks of the engine: a submitted value against the prompt it answers, typed text mapped to an
 * option, and which inputs refer to the question on screen. Pure functions, no state.
 */
import type { AnswerValue } from './flow.js';
import { parseTyped } from './parse.js';
import type { Input, QuestionPrompt } from './types.js';

export type Checked = { value: AnswerValue } | { error: string; params?: Record<string, unknown> };

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
export function matchTyped(prompt: QuestionPrompt, raw: string): string | string[] | undefined {
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
export function refersToScreen(input: Input): boolean {
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
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}
