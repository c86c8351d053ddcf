/**
 * Tokens of news text: Arabic words, Latin words, numbers and punctuation, with UTF-16 offsets.
 * Whitespace and stray format characters are gaps between tokens, so tokens + gaps rebuild the text.
 */
import { isArabicMark, isFormatChar, TATWEEL } from './normalize';
import { ARABIC, formOf, formsAt, KIND_CODES, LATIN, LINE_START, NUMBER, PUNCT, type WordForm } from './wordForms';

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
  let v = otherLetters[c]!;
  if (v === 0) otherLetters[c] = v = LETTER_OR_MARK.test(text[i]!) ? 1 : 2;
  return v === 1 ? 1 : 0;
}

/** Per BMP code unit (from U+0080): 1 when a letter or mark, 2 when not, 0 until first asked. */
const otherLetters = new Uint8Array(0x10000);

/** Length of one code point at i (2 for a well-formed surrogate pair, else 1). */
function codePointLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** Character classes of the BMP code units, as bits (see `classes`). */
const SPACE = 1;
const FORMAT = 2;
const BREAK = 4;
const LETTER = 8;
const WORD_PART = 16;
const MARK = 32;
const DIGIT = 64;

const classes = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  classes[c] =
    (isSpace(c) ? SPACE : 0) |
    (isFormatChar(c) ? FORMAT : 0) |
    (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029 ? BREAK : 0) |
    (isArabicLetter(c) ? LETTER : 0) |
    (isArabicWordPart(c) ? WORD_PART : 0) |
    (isArabicMark(c) ? MARK : 0) |
    (isDigit(c) ? DIGIT : 0);
}

/**
 * UTF-16 offsets of a document's tokens: two bytes each when the text is shorter than 65,536 code units
 * (nearly every article; 13 MB less over 10,000 of them), four otherwise (see `offsetsFor`).
 */
export type Offsets = Int32Array | Uint16Array;

/** Whether the offsets of a text of `length` code units fit in 16 bits. */
export const narrowOffsets = (length: number): boolean => length <= 0xffff;

/** The first `count` offsets of `from` as a text of `length` code units keeps them (see `Offsets`). */
export function offsetsFor(from: Int32Array, count: number, length: number): Offsets {
  if (!narrowOffsets(length)) return from.slice(0, count);
  const out = new Uint16Array(count);
  out.set(from.subarray(0, count));
  return out;
}

/**
 * A document's tokens as typed arrays: offsets, flags (kind code in bits 0–1, line start in bit 2:
 * see wordForms.ts) and each token's shared form.
 */
export interface ScannedTokens {
  readonly length: number;
  readonly starts: Offsets;
  readonly ends: Offsets;
  readonly flags: Uint8Array;
  readonly forms: readonly WordForm[];
}

/** The scans behind recent `tokenize` results (see `scanOf`). */
const scans = new WeakMap<readonly Token[], ScannedTokens>();

const KIND_NAMES: readonly TokenKind[] = ['arabic', 'latin', 'number', 'punct'];

export function tokenize(text: string): Token[] {
  const s = scanTokens(text);
  const tokens = new Array<Token>(s.length);
  for (let i = 0; i < s.length; i++) {
    const f = s.forms[i]!;
    const flags = s.flags[i]!;
    tokens[i] = { start: s.starts[i]!, end: s.ends[i]!, text: f.text, kind: KIND_NAMES[flags & 3]!, norm: f.norm, lineStart: (flags & LINE_START) !== 0 };
  }
  scans.set(tokens, s);
  return tokens;
}

/**
 * Token objects as the scanner's arrays (flags and shared forms, see wordForms.ts): the scan behind
 * them when `tokens` is a `tokenize` result still as it returned it, else computed token by token.
 */
export function scanOf(tokens: readonly Token[]): Pick<ScannedTokens, 'length' | 'flags' | 'forms'> {
  const known = scans.get(tokens);
  if (known && known.length === tokens.length) {
    const { flags, forms, starts, ends } = known;
    let same = true;
    for (let i = 0; same && i < tokens.length; i++) {
      const t = tokens[i]!;
      const f = forms[i]!;
      same = f.text === t.text && f.norm === t.norm && f.kind === t.kind && ((flags[i]! & LINE_START) !== 0) === t.lineStart && starts[i] === t.start && ends[i] === t.end;
    }
    if (same) return known;
  }
  const flags = new Uint8Array(tokens.length);
  const forms = new Array<WordForm>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    flags[i] = KIND_CODES[t.kind] | (t.lineStart ? LINE_START : 0);
    forms[i] = formOf(t.text, t.kind, t.norm);
  }
  return { length: tokens.length, flags, forms };
}

/** The shared form of each token, index for index (see `scanOf`). */
export function formsOf(tokens: readonly Token[]): readonly WordForm[] {
  return scanOf(tokens).forms;
}

/** Scratch arrays of `scanTokens`, grown as documents need (the result gets copies of the right length). */
let scratchStarts = new Int32Array(4096);
let scratchEnds = new Int32Array(4096);
let scratchFlags = new Uint8Array(4096);

function grow<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The tokens of `text` (the same as `tokenize`), as typed arrays with their forms. */
export function scanTokens(text: string): ScannedTokens {
  const n = text.length;
  let count = 0;
  let i = 0;
  let sawBreak = true;
  const push = (start: number, end: number, kind: number): void => {
    if (count === scratchStarts.length) {
      scratchStarts = grow(scratchStarts, new Int32Array(2 * count));
      scratchEnds = grow(scratchEnds, new Int32Array(2 * count));
      scratchFlags = grow(scratchFlags, new Uint8Array(2 * count));
    }
    scratchStarts[count] = start;
    scratchEnds[count] = end;
    scratchFlags[count] = kind | (sawBreak ? LINE_START : 0);
    count++;
    sawBreak = false;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    const cls = classes[c]!;
    if (cls & (SPACE | FORMAT)) {
      if (cls & BREAK) sawBreak = true;
      i++;
      continue;
    }
    if (cls & LETTER) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (classes[d]! & WORD_PART) {
          i++;
        } else if ((d === 0x200c || d === 0x200d) && i + 1 < n && classes[text.charCodeAt(i + 1)]! & WORD_PART) {
          i++; // zero-width (non-)joiner inside a word
        } else {
          break;
        }
      }
      push(start, i, ARABIC);
      continue;
    }
    if (cls & DIGIT) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (classes[d]! & DIGIT) i++;
        else if ((d === 0x2e || d === 0x2c || d === 0x066b || d === 0x066c) && i + 1 < n && classes[text.charCodeAt(i + 1)]! & DIGIT) i += 2;
        else break;
      }
      push(start, i, NUMBER);
      continue;
    }
    const letterLen = isOtherLetter(text, i);
    if (letterLen > 0 && !(cls & MARK)) {
      const start = i;
      i += letterLen;
      for (;;) {
        if (i >= n) break;
        const l = isOtherLetter(text, i);
        if (l > 0 && !(classes[text.charCodeAt(i)]! & LETTER)) {
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
      push(start, i, LATIN);
      continue;
    }
    // Anything else is one punctuation/symbol token (a whole code point, never half a surrogate pair).
    const start = i;
    i += codePointLength(text, i);
    // Marks that stand alone (after a space) stay with the symbol.
    while (i < n && classes[text.charCodeAt(i)]! & MARK) i++;
    push(start, i, PUNCT);
  }
  // The forms read the scratch arrays (always Int32Array: one shape for the hot loop), the result gets copies.
  const forms = formsAt(text, scratchStarts, scratchEnds, scratchFlags, count);
  return { length: count, starts: offsetsFor(scratchStarts, count, n), ends: offsetsFor(scratchEnds, count, n), flags: scratchFlags.slice(0, count), forms };
}

/** True when a punctuation token ends a sentence. */
export function isSentenceEnd(t: Token): boolean {
  return t.kind === 'punct' && (t.text === '.' || t.text === '؟' || t.text === '?' || t.text === '!' || t.text === '؛' || t.text === ';' || t.text === '…');
}
