/**
 * Making text inert in Adaptive Card markdown (TextBlock `text`, Fact `title`/`value`).
 *
 * Teams renders a markdown subset there: `**bold**`, `_italic_`, `~~strike~~` on some clients,
 * `[text](url)` links, `-`/`1.` lists and `<at>…</at>` mentions. Anything a user typed (facts,
 * a display name) must show as typed, never as formatting, a disguised link or a mention.
 */

/** Zero-width joiner: invisible, not whitespace (survives trimming), and breaks every token it sits in. */
export const ZWJ = '\u200D';

/** Characters that open or close inline markdown: backslash first, so our own escapes stay intact. */
const INLINE = /[\\*_~`[\]]/g;
/** C0 controls other than tab and newline, DEL. */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** Bidi embedding/override/isolate controls: they can make text read differently from what it is. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
/** A block marker at the start of a line: bullet or ordered list, heading, quote, setext underline. */
const LINE_START = /^(\s*)(?=[-+#>=]|\d+[.)])/;
/** A character reference (`&lt;`, `&#42;`, `&#x2A;`) that markdown would decode. */
const ENTITY = /&(?=#?[0-9a-z]+;)/gi;
/**
 * Whatever {@link escapeCardText} would change: a character of {@link INLINE}, `<`, `&`, `\r`, a control or bidi
 * character, or a block marker at the start of a line (any line: `m`). It may match text that needs nothing
 * (a `&` not starting a reference), never the other way round.
 */
const NEEDS_ESCAPING = /[\\*_~`[\]<&\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]|^\s*(?:[-+#>=]|\d+[.)])/m;

/**
 * Escapes `s` so that, in an Adaptive Card TextBlock or FactSet, it renders as the literal text.
 *
 * Guarantees, for any input:
 * - No emphasis, strike-through or code: every `*`, `_`, `~` and `` ` `` is backslash-escaped
 *   (CommonMark escape, honoured by Teams desktop and web), as is every `\` itself, so the output
 *   contains no unescaped delimiter (each is preceded by an odd number of backslashes).
 * - No links or images: `[` and `]` are backslash-escaped and a zero-width joiner is put between `]`
 *   and a following `(`, so the output never contains the substring `](`. A bare URL may still be
 *   auto-linked by the client, but then it shows its real target: nothing is disguised.
 * - No mentions, HTML or `<…>` autolinks: every `<` is followed by a zero-width joiner, so the output
 *   never contains `<at>`, `<script` or `<http`. Character references (`&lt;`) are broken the same way
 *   and show as typed instead of being decoded.
 * - No block structure: a line starting (after spaces) with `-`, `+`, `#`, `>`, `=` or `1.`/`1)` gets
 *   a zero-width joiner before that marker, so it is an ordinary paragraph line.
 * - No control characters other than `\n` and tab, and no bidi overrides; `\r\n` and `\r` become `\n`.
 *
 * Ordinary text (letters, digits, `( ) . , : ; ! ? • " '`) is returned unchanged, so our own texts with
 * "• " bullets stay readable; parentheses are deliberately not escaped, because some Teams mobile
 * clients show escape backslashes literally (MicrosoftDocs/msteams-docs#5793).
 *
 * Apply it exactly once, to raw text: it is not idempotent (a second pass escapes the backslashes).
 */
export function escapeCardText(s: string): string {
  // Most text (our own, most answers) has nothing the steps below would change: it is returned as it is.
  if (!NEEDS_ESCAPING.test(s)) return s;
  return s
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '')
    .replace(BIDI, '')
    .split('\n')
    .map(escapeLine)
    .join('\n');
}

function escapeLine(line: string): string {
  return line
    .replace(INLINE, (c) => `\\${c}`)
    .replace(/\](?=\()/g, `]${ZWJ}`)
    .replace(/</g, `<${ZWJ}`)
    .replace(ENTITY, `&${ZWJ}`)
    .replace(LINE_START, `$1${ZWJ}`);
}

/**
 * Splits text into its lines for one TextBlock each (Teams joins single newlines inside a TextBlock),
 * escaped. Empty lines are dropped; the line after one is flagged so it can get paragraph spacing.
 */
export function cardLines(s: string): { text: string; paragraph: boolean }[] {
  const out: { text: string; paragraph: boolean }[] = [];
  let gap = false;
  for (const raw of s.replace(/\r\n?/g, '\n').split('\n')) {
    if (raw.trim() === '') {
      gap = out.length > 0;
      continue;
    }
    out.push({ text: escapeCardText(raw), paragraph: gap });
    gap = false;
  }
  return out;
}
