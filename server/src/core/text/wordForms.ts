/**
 * Distinct written forms of tokens, shared by every occurrence. News vocabulary is Zipfian: a few
 * thousand forms make most of the tokens of an article, and most of an article's forms were seen in
 * earlier articles. The tokenizer finds a token's form by hashing its code units in place (no string is
 * built for a form seen before), so every occurrence of a form carries the same `text` and `norm`
 * strings, and what depends on the form alone is computed once per form, not once per token: the
 * analysis modules keep their per-form results in the memo slots of `WordForm`, each valid only for the
 * owner (lexicon, word list, form table) stored beside it.
 *
 * The cache is bounded: two generations of at most `GENERATION` (131,072) forms each (the 10,000
 * articles of the benchmark have 188,189 distinct forms); a form of the old
 * generation that is met again moves to the young one, the rest are dropped with the old generation.
 * Results never depend on what the cache holds (a form met again after being dropped is simply
 * analysed again).
 */
import { normalize } from './normalize';
import type { TokenKind } from './tokenize';

export class WordForm {
  // Memo slots (see the modules named): `undefined` / -1 until filled for an owner. They are fields of
  // the form itself, so that a token's form is one object to read, not several.
  /**
   * recognize/recognizer.ts, for the lexicon `lexicon`: the lexical clitic-free key, the trigger sets
   * holding the form and the key (bits), and the lexicon's answers asked so far (two bits each).
   */
  lexicon: object | undefined = undefined;
  key = '';
  normSets = 0;
  keySets = 0;
  answers = 0;
  /** findings/missingSpace.ts: the split verdict for the word list `words`. */
  words: object | undefined = undefined;
  split = -1;
  /** corpus/documentAnalysis.ts: the id of `norm` in the form table with serial `table`. */
  table = -1;
  tableId = -1;

  constructor(
    /** The token as written. */
    readonly text: string,
    readonly kind: TokenKind,
    /** `normalize(text)`, or the text itself for punctuation (see tokenize.ts). */
    readonly norm: string,
    /** `textHash(text)`. */
    readonly hash: number,
  ) {}
}

/** Kind codes of tokens (bits 0–1 of token flags, as `DocumentAnalysis` stores them). */
export const ARABIC = 0;
export const LATIN = 1;
export const NUMBER = 2;
export const PUNCT = 3;
/** Bit 2 of token flags: a line break lies between the token and the one before it. */
export const LINE_START = 4;

export const KIND_CODES: Readonly<Record<TokenKind, number>> = { arabic: ARABIC, latin: LATIN, number: NUMBER, punct: PUNCT };
const KINDS: readonly TokenKind[] = ['arabic', 'latin', 'number', 'punct'];

/** Hash of the code units text[start, end) (FNV-1a), a small integer. */
export function textHash(text: string, start = 0, end = text.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/** Hash of a sequence of words from their `textHash`es: `sentenceHashStep` over them, from the seed. */
export const SENTENCE_HASH_SEED = 0x2545f491;

export function sentenceHashStep(h: number, wordHash: number): number {
  return Math.imul(h ^ wordHash, 0x01000193) & 0x3fffffff;
}

/** The hash of a sequence of words (the same as from their forms' hashes). */
export function sentenceHash(words: readonly string[]): number {
  let h = SENTENCE_HASH_SEED;
  for (const w of words) h = sentenceHashStep(h, textHash(w));
  return h;
}

/** Forms per generation. */
const GENERATION = 1 << 17;
/** Slots of a generation's open-addressing table (load at most one half). */
const SLOTS = GENERATION * 2;

class Generation {
  /** Per slot: the hash of its form (0 for an empty slot may also be a hash: `forms` decides). */
  readonly hashes = new Int32Array(SLOTS);
  readonly forms: Array<WordForm | undefined> = new Array<WordForm | undefined>(SLOTS).fill(undefined);
  count = 0;

  find(text: string, start: number, end: number, kind: TokenKind, hash: number): WordForm | undefined {
    const mask = SLOTS - 1;
    const len = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === hash) {
        const f = this.forms[slot];
        if (f === undefined) return undefined;
        if (f.kind === kind && f.text.length === len && text.startsWith(f.text, start)) return f;
      } else if (this.forms[slot] === undefined) {
        return undefined;
      }
    }
  }

  add(f: WordForm): void {
    const mask = SLOTS - 1;
    let slot = f.hash & mask;
    while (this.forms[slot] !== undefined) slot = (slot + 1) & mask;
    this.forms[slot] = f;
    this.hashes[slot] = f.hash;
    this.count++;
  }
}

let young = new Generation();
let old: Generation | undefined;

function remember(f: WordForm): void {
  if (young.count >= GENERATION) {
    old = young;
    young = new Generation();
  }
  young.add(f);
}

/** The form of the token text[start, end) of the given kind (as the tokenizer found it). */
export function formAt(text: string, start: number, end: number, kind: TokenKind): WordForm {
  const hash = textHash(text, start, end);
  let f = young.find(text, start, end, kind, hash);
  if (f) return f;
  f = old?.find(text, start, end, kind, hash);
  if (!f) {
    const t = text.slice(start, end);
    f = new WordForm(t, kind, kind === 'punct' ? t : normalize(t), hash);
  }
  remember(f);
  return f;
}

let scratchHashes = new Int32Array(4096);

/**
 * The forms of `count` tokens, text[starts[k], ends[k]) of kind code flags[k] & 3 (as `formAt` gives
 * them). The tokens' home slots are read in one pass and checked in another, so that the memory reads
 * of many tokens are under way at once instead of one token after the other.
 */
export function formsAt(text: string, starts: Int32Array, ends: Int32Array, flags: Uint8Array, count: number): WordForm[] {
  if (scratchHashes.length < count) scratchHashes = new Int32Array(Math.max(count, 2 * scratchHashes.length));
  const hashes = scratchHashes;
  for (let k = 0; k < count; k++) hashes[k] = textHash(text, starts[k]!, ends[k]!);
  const out = new Array<WordForm>(count);
  const table = young;
  const mask = SLOTS - 1;
  for (let k = 0; k < count; k++) {
    const h = hashes[k]!;
    const slot = h & mask;
    if (table.hashes[slot] === h) out[k] = table.forms[slot]!;
  }
  for (let k = 0; k < count; k++) {
    const f = out[k];
    const start = starts[k]!;
    const end = ends[k]!;
    const kind = KINDS[flags[k]! & 3]!;
    if (f === undefined || f.kind !== kind || f.text.length !== end - start || !text.startsWith(f.text, start)) out[k] = formAt(text, start, end, kind);
  }
  return out;
}

/**
 * The form of a token given by its parts (a token from elsewhere than the tokenizer). A token whose
 * `norm` is not what the tokenizer gives its text gets a form of its own, outside the cache.
 */
export function formOf(text: string, kind: TokenKind, norm: string): WordForm {
  const f = formAt(text, 0, text.length, kind);
  return f.norm === norm ? f : new WordForm(text, kind, norm, f.hash);
}
