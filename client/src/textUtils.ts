/**
 * Pure text helpers for the client (no `vscode` import, so plain mocha tests can load them).
 */

/** Arabic letters (base letters and extended Arabic-script letters; not digits, marks or punctuation). */
const ARABIC_LETTER = /[\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FC\u06FF\u0750-\u077F\u08A0-\u08C9\uFB50-\uFDFB\uFE70-\uFEFC]/;
/** Any letter, in any script. */
const ANY_LETTER = /\p{L}/u;

export interface ArabicShare {
  readonly arabic: number;
  readonly letters: number;
}

/** Counts Arabic letters and all letters in (at most the first `limit` characters of) a text. */
export function arabicShare(text: string, limit = 8000): ArabicShare {
  let arabic = 0;
  let letters = 0;
  const end = Math.min(text.length, limit);
  for (let i = 0; i < end; i++) {
    const ch = text[i]!;
    if (ARABIC_LETTER.test(ch)) {
      arabic++;
      letters++;
    } else if (ANY_LETTER.test(ch)) {
      letters++;
    }
  }
  return { arabic, letters };
}

/** True when a text is mostly Arabic: at least `minLetters` Arabic letters, and at least `ratio` of all letters. */
export function isMostlyArabic(text: string, minLetters = 20, ratio = 0.6): boolean {
  const { arabic, letters } = arabicShare(text);
  return arabic >= minLetters && arabic / letters >= ratio;
}

/** Bidi embeddings, overrides, isolates and marks in article text: they could reorder the rest of a label or tooltip. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Article text for a label or tooltip, without bidi controls (the names read the same without them). */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Escapes text for a markdown tooltip so that article text can never turn into links, images, HTML,
 * emphasis, headings, lists or theme icons. Every ASCII punctuation character is backslash-escaped
 * (CommonMark allows that for all of them), so `<a>`, `[x](y)`, `https://…` and `$(icon)` stay literal text;
 * bidi controls are removed.
 */
export function escapeMarkdown(text: string): string {
  return withoutBidiControls(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** Shortens a text to at most `max` characters, with an ellipsis. */
export function truncate(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

export interface Snippet {
  readonly text: string;
  /** Where the mention is inside `text`, when it was found: [start, end). */
  readonly highlight?: readonly [number, number];
}

/**
 * A short window of `preview` around the first occurrence of `mention`, for a tree label.
 * When the mention is not in the preview, the start of the preview is used.
 */
export function snippetAround(preview: string, mention: string, context = 30): Snippet {
  const flat = preview.replace(/\s+/g, ' ').trim();
  const at = mention ? flat.indexOf(mention) : -1;
  if (at < 0) return { text: truncate(flat, context * 2 + 10) };
  let start = Math.max(0, at - context);
  let end = Math.min(flat.length, at + mention.length + context);
  // Cut at word boundaries where possible.
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    if (space >= 0 && space < at) start = space + 1;
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > at + mention.length) end = space;
  }
  const prefix = start > 0 ? '…' : '';
  const suffix = end < flat.length ? '…' : '';
  const text = `${prefix}${flat.slice(start, end)}${suffix}`;
  const hs = prefix.length + (at - start);
  return { text, highlight: [hs, hs + mention.length] };
}

/** The last path segment of a URI or path string, decoded. */
export function baseName(uriOrPath: string): string {
  const clean = uriOrPath.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const seg = clean.slice(clean.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}
