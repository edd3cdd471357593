/**
 * What a card button sends back (Adaptive Card `Action.Submit` data, merged with the card's inputs),
 * and how the server turns it into an engine input. Never trusts the client: anything unexpected
 * comes back as `{ error }` and the channel answers with a clear message.
 */
import type { Command, Input } from '../src/engine/types.js';

/** Id of the input element that carries a typed or selected answer. */
export const ANSWER_INPUT_ID = 'answer';

/** `data` of an Action.Submit. `value` is set on one-click option buttons; inputs arrive under `answer`. */
export type SubmitData =
  | { mc: 'answer'; promptId: string; value?: string | string[] }
  | { mc: 'command'; command: Command; promptId?: string }
  | { mc: 'claim'; caseId: string }
  | { mc: 'details'; caseId: string }
  /** A button that stands for a short typed command ("dossier MC-… pdf"): no more than typing it would do. */
  | { mc: 'text'; text: string };

export type ParsedSubmit = { input: Input } | { claim: string } | { details: string } | { error: 'malformed' };

const COMMANDS: readonly Command[] = ['menu', 'back', 'stop', 'later', 'acute', 'help'];
const MAX_ID = 100;

const isShortString = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_ID;

/** Turns a submitted card value into an engine input, a claim, or an error. */
export function parseSubmit(raw: unknown): ParsedSubmit {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { error: 'malformed' };
  const v = raw as Record<string, unknown>;
  switch (v.mc) {
    case 'answer': {
      if (!isShortString(v.promptId)) return { error: 'malformed' };
      const value = v.value ?? v[ANSWER_INPUT_ID] ?? '';
      if (typeof value === 'string') return { input: { type: 'answer', promptId: v.promptId, value } };
      if (Array.isArray(value) && value.every((x) => typeof x === 'string')) {
        return { input: { type: 'answer', promptId: v.promptId, value: value as string[] } };
      }
      return { error: 'malformed' };
    }
    case 'command': {
      const command = COMMANDS.find((c) => c === v.command);
      if (!command) return { error: 'malformed' };
      if (v.promptId !== undefined && !isShortString(v.promptId)) return { error: 'malformed' };
      return { input: { type: 'command', command, ...(v.promptId !== undefined ? { promptId: v.promptId as string } : {}) } };
    }
    case 'claim':
      return isShortString(v.caseId) ? { claim: v.caseId } : { error: 'malformed' };
    case 'details':
      return isShortString(v.caseId) ? { details: v.caseId } : { error: 'malformed' };
    case 'text':
      return isShortString(v.text) ? { input: { type: 'text', text: v.text } } : { error: 'malformed' };
    default:
      return { error: 'malformed' };
  }
}
