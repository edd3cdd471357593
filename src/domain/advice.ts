/**
 * What the afwegingskader advises and how a decision relates to it (meldcode-facts §1a, §1d, §9.2–9.3).
 * Shared by the dialogue, the summaries, the channel card and the dossier.
 */
import type { Answers } from './answers.js';

/**
 * The framework's advice once the branching ends (meldcode-facts §1a):
 * - `afsluiten`: 1 nee → close and record in the dossier;
 * - `melden-samen-met-vt`: 2 ja (or acute danger / a disclosure recorded) → melden; afwegingen 3–5 with Veilig Thuis;
 * - `melden`: 3 nee or 4 nee → melden bij Veilig Thuis;
 * - `hulp`: 4 ja, 5 ja → continue/complete help with agreements on following (un)safety;
 * - `hulp-volgen`: 4 ja, 5 not yet known → offer/organise help with agreements, ask 5 again later;
 * - `opnieuw-melden`: 5 nee → (re)melden bij Veilig Thuis; one's own help can go on alongside.
 */
export type AfwegingAdvice = 'afsluiten' | 'melden-samen-met-vt' | 'melden' | 'hulp' | 'hulp-volgen' | 'opnieuw-melden';

/** The decision options of stap 5 (the two decisions can both be yes: §1a). */
export type Besluit = 'melden' | 'hulp' | 'melden-hulp' | 'afsluiten';
export const BESLUITEN: readonly Besluit[] = ['melden', 'hulp', 'melden-hulp', 'afsluiten'];

const MELDEN_ADVICE: ReadonlySet<string> = new Set(['melden-samen-met-vt', 'melden', 'opnieuw-melden']);
const HULP_ADVICE: ReadonlySet<string> = new Set(['hulp', 'hulp-volgen']);

/** Whether the decision includes a melding bij Veilig Thuis. */
export function includesMelden(besluit: unknown): boolean {
  return besluit === 'melden' || besluit === 'melden-hulp';
}

/**
 * Whether a decision gives less than the framework advises: not melding when the advice is to meld, or
 * closing when the advice is help. Melden is never a deviation, and neither is offering help on top.
 */
export function deviatesFromAdvice(advies: unknown, besluit: unknown): boolean {
  if (typeof advies !== 'string' || typeof besluit !== 'string') return false;
  if (MELDEN_ADVICE.has(advies)) return !includesMelden(besluit);
  if (HULP_ADVICE.has(advies)) return besluit === 'afsluiten';
  return false;
}

/** Why acute unsafety is on record for a case, if it is (and was not corrected as a mistake). */
export type AcuteGround = 'acuut' | 'disclosure';

/**
 * Acute danger or a disclosure recorded in the case binds the advice: it counts as acute unsafety
 * (meldcode-facts §1b, §9.2), so afweging 2 is "ja" and the advice is melden — until the reporter
 * explicitly corrects the record as a mistake.
 */
export function acuteGround(a: Answers): AcuteGround | undefined {
  if (a.acuutGecorrigeerd === true) return undefined;
  if (a.acuut === 'disclosure' || a.disclosure === true || a.acuutCheck === 'disclosure') return 'disclosure';
  if (a.acuut === 'acuut' || a.acuutCheck === 'gevaar') return 'acuut';
  return undefined;
}
