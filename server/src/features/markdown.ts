/**
 * Safe markdown for hovers: article text is escaped so it can never inject links, command URIs or HTML,
 * and Arabic runs inside English lines are bidi-isolated (FSI … PDI) so they read in the right order.
 */

/**
 * Escapes markdown and HTML metacharacters: every ASCII punctuation character (CommonMark lets all of them be
 * backslash-escaped), `<`, `>` and `&` as entities. So links, images, HTML, autolinks (`https://`, `www.`, mail
 * addresses), emphasis, code, headings, tables and theme icons all stay literal text.
 */
export function escapeMarkdown(s: string): string {
  return s.replace(/[!-/:-@[-`{-~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '\\' + c));
}

const ARABIC_RUN = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+(?:[\s\u0640\u200c\u200d]+[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+)*/g;

/** Bidi embeddings, overrides, isolates and marks: article text (or a file name) could use them to reorder what follows. */
const BIDI_CONTROLS = /[\u2066-\u2069\u202a-\u202e\u200e\u200f\u061c]/g;

/** Article text for plain-text UI (diagnostic messages, code action titles): without bidi controls. */
export function plainText(s: string): string {
  return s.replace(BIDI_CONTROLS, '');
}

/** Escapes article text and isolates its Arabic runs (first strand of the line's bidi order). */
export function arabic(s: string): string {
  const clean = plainText(s);
  return escapeMarkdown(clean).replace(ARABIC_RUN, (run) => `\u2068${run}\u2069`);
}

/** A markdown link to a location in an article; the label is escaped, the target wrapped in <>. */
export function link(label: string, uri: string, line: number, character: number): string {
  const target = `${uri}#L${line + 1},${character + 1}`.replace(/[<>\s]/g, encodeURIComponent);
  return `[${label}](<${target}>)`;
}
