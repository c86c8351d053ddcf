/**
 * Tokens of news text: Arabic words, Latin words, numbers and punctuation, with UTF-16 offsets.
 * Whitespace and stray format characters are gaps between tokens, so tokens + gaps rebuild the text.
 */
import { isArabicMark, isFormatChar, normalize, TATWEEL } from './normalize';

export type TokenKind = 'arabic' | 'latin' | 'number' | 'punct';

export interface Token {
  /** Offset of the first code unit (UTF-16). */
  readonly start: number;
  /** Offset after the last code unit. */
  readonly end: number;
  readonly text: string;
  readonly kind: TokenKind;
  /** Normalized form for matching (see normalize.ts). */
  readonly norm: string;
  /** True when a line break lies between this token and the previous one. */
  readonly lineStart: boolean;
}

export function isArabicLetter(c: number): boolean {
  return (
    (c >= 0x0621 && c <= 0x063a) ||
    (c >= 0x0641 && c <= 0x064a) ||
    (c >= 0x066e && c <= 0x06d3) ||
    c === 0x06d5 ||
    (c >= 0x06ee && c <= 0x06ef) ||
    (c >= 0x06fa && c <= 0x06ff) ||
    (c >= 0x0750 && c <= 0x077f) ||
    (c >= 0x08a0 && c <= 0x08c9) ||
    (c >= 0xfb50 && c <= 0xfdfb) ||
    (c >= 0xfe70 && c <= 0xfefc)
  );
}

function isArabicWordPart(c: number): boolean {
  return isArabicLetter(c) || isArabicMark(c) || c === TATWEEL;
}

function isDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06f0 && c <= 0x06f9);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0xa0 ||
    c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

const LETTER_OR_MARK = /[\p{L}\p{M}]/u;

function isOtherLetter(text: string, i: number): number {
  // Returns the length (1 or 2 code units) of a non-Arabic letter at i, or 0.
  const c = text.charCodeAt(i);
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return 1;
  if (c < 0x80) return 0;
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return LETTER_OR_MARK.test(text.slice(i, i + 2)) ? 2 : 0;
    return 0;
  }
  if (c >= 0xdc00 && c <= 0xdfff) return 0;
  return LETTER_OR_MARK.test(text[i]!) ? 1 : 0;
}

/** Length of one code point at i (2 for a well-formed surrogate pair, else 1). */
function codePointLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  let sawBreak = true;
  const push = (start: number, end: number, kind: TokenKind): void => {
    const t = text.slice(start, end);
    tokens.push({ start, end, text: t, kind, norm: kind === 'punct' ? t : normalize(t), lineStart: sawBreak });
    sawBreak = false;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || isFormatChar(c)) {
      if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) sawBreak = true;
      i++;
      continue;
    }
    if (isArabicLetter(c)) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isArabicWordPart(d)) {
          i++;
        } else if ((d === 0x200c || d === 0x200d) && i + 1 < n && isArabicWordPart(text.charCodeAt(i + 1))) {
          i++; // zero-width (non-)joiner inside a word
        } else {
          break;
        }
      }
      push(start, i, 'arabic');
      continue;
    }
    if (isDigit(c)) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isDigit(d)) i++;
        else if ((d === 0x2e || d === 0x2c || d === 0x066b || d === 0x066c) && i + 1 < n && isDigit(text.charCodeAt(i + 1))) i += 2;
        else break;
      }
      push(start, i, 'number');
      continue;
    }
    const letterLen = isOtherLetter(text, i);
    if (letterLen > 0 && !isArabicMark(c)) {
      const start = i;
      i += letterLen;
      for (;;) {
        if (i >= n) break;
        const l = isOtherLetter(text, i);
        if (l > 0 && !isArabicLetter(text.charCodeAt(i))) {
          i += l;
          continue;
        }
        // apostrophes and hyphen-free digits inside Latin words (O'Brien, G20)
        const d = text.charCodeAt(i);
        if ((d === 0x27 || d === 0x2019) && i + 1 < n && isOtherLetter(text, i + 1) > 0) {
          i++;
          continue;
        }
        if (d >= 0x30 && d <= 0x39) {
          i++;
          continue;
        }
        break;
      }
      push(start, i, 'latin');
      continue;
    }
    // Anything else is one punctuation/symbol token (a whole code point, never half a surrogate pair).
    const start = i;
    i += codePointLength(text, i);
    // Marks that stand alone (after a space) stay with the symbol.
    while (i < n && isArabicMark(text.charCodeAt(i))) i++;
    push(start, i, 'punct');
  }
  return tokens;
}

/** True when a punctuation token ends a sentence. */
export function isSentenceEnd(t: Token): boolean {
  return t.kind === 'punct' && (t.text === '.' || t.text === '؟' || t.text === '?' || t.text === '!' || t.text === '؛' || t.text === ';' || t.text === '…');
}
