/**
 * `missing-space`: two words written together without a space (لشنالهجوم → لشن الهجوم).
 *
 * A token is a candidate only when it is not a known word (with clitics, see isKnownWord) and it
 * splits into two halves that are both in the word list. That alone is far too loose: the Ayaspell
 * list generates tens of millions of forms, so most short letter sequences are "words" (دا + عش,
 * تسي + براس, شير + مان: foreign names split into two listed forms). A split is therefore reported
 * only with positive evidence of a word boundary, in this order:
 *
 * 1. **ة or ى inside the token** (they only end words): split right after it when both sides are
 *    known (الحكومةالسعودية, وعلىالرغم, إلىأن) — even if the normalized token happens to be listed.
 * 2. **a listed token that is still two words**: (proclitics +) ال + noun + كما/هما — the article
 *    excludes a pronoun suffix, so الانتخاباتكما is الانتخابات كما.
 * 3. **على/إلى with ى at the end** of an unknown token (الإقبالعلى).
 * 4. **the article** at the start of the right half, possibly after proclitics (لشن|الهجوم,
 *    الجمهور|والاستمتاع), its noun being a word of 3+ letters; after ال + و/ي/ا (how
 *    transliterations spell -alo-/-ali-: كاتالونيا, سيراليون) both sides must be longer.
 * 5. **a function word** of 3+ letters (كما, التي, منذ…) as one half, the other half 4+ letters.
 *
 * Among several splits: the article on the right first, then the most balanced one.
 * Left alone: compound names conventionally written as one word (عبدالله, وعبداللطيف, نصرالله,
 * أبوظبي), 2-letter left halves other than في من عن مع, ال + 1–2 letters as a left half, and any
 * run-together form that occurs more than once in the document (a name or a term, not a typo).
 */
import { formsOf, type Offsets, type Token } from '../text/tokenize';
import { isArabicMark, normalizeWithMap } from '../text/normalize';
import { isKnownWord, type WordList } from '../lexicon/wordList';
import { cliticAnalyses } from '../text/clitics';

export interface MissingSpaceFinding {
  /** UTF-16 offsets of the whole run-together token in the document. */
  start: number;
  end: number;
  /** Document offset where the space goes. */
  splitAt: number;
  /** The two halves as written. */
  left: string;
  right: string;
}

export interface MissingSpaceOptions {
  /** Minimum letters of each half (default 2). */
  minPart?: number;
}

const DEFAULT_MIN_PART = 2;

const TA_MARBUTA = 0x0629;
const ALEF_MAQSURA = 0x0649;
const ALEF = 0x0627;
const LAM = 0x0644;

/**
 * Frequent function words (normalized). Only words of 3+ letters: the 2-letter ones (في من عن ما لا)
 * begin too many names (ماكرون, لامبيدوزا, منغوليا, فيينا) to count as evidence on their own; they
 * still split off before the article (فيالمدينة) or after ة/ى.
 */
const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'كما', 'مما', 'عندما', 'بينما', 'كلما', 'حيث', 'التي', 'الذي', 'الذين', 'اللذين', 'اللتين', 'اللاتي', 'اللواتي',
  'هذا', 'هذه', 'ذلك', 'تلك', 'هؤلاء', 'اولئك', 'هناك', 'منذ', 'خلال', 'ضمن', 'تجاه', 'اثناء',
  'لقد', 'وقد', 'فقد', 'كانت', 'ايضا', 'قال', 'قالت', 'وقال', 'وقالت', 'ولكن', 'وذلك', 'وهذا', 'وهذه',
]);

/**
 * Left halves (after any proclitics and article) that start compound names conventionally written as
 * one word: عبدالله, وعبدالعزيز, العبداللطيف, ابوظبي.
 */
const NAME_PREFIXES: ReadonlySet<string> = new Set(['عبد', 'ابو', 'ابا', 'ابي', 'بو', 'ذو', 'ذي', 'ام', 'ابن', 'بن', 'بنت', 'ال', 'ايت', 'ولد']);
/** Right halves that end such compounds (نصرالله, نورالدين, سيفالاسلام). */
const NAME_SUFFIXES: ReadonlySet<string> = new Set(['الله', 'الدين', 'الاسلام', 'الرحمن', 'الرحيم']);
/** Two-letter left halves accepted before the article (فيالمدينة); other 2-letter halves are name fragments. */
const SHORT_LEFT: ReadonlySet<string> = new Set(['في', 'من', 'عن', 'مع']);
/** Two-letter right halves accepted after ة/ى (إلىأن, حتىلا). */
const SHORT_RIGHT: ReadonlySet<string> = new Set(['ان', 'من', 'في', 'عن', 'مع', 'لا', 'ما', 'لم', 'لن', 'قد']);
/** Proclitic strings stripped before looking a left half up in NAME_PREFIXES. */
const LEFT_PROCLITICS = ['', 'و', 'ف', 'ب', 'ك', 'ل', 'ال', 'وال', 'فال', 'بال', 'كال', 'وب', 'ول', 'فب', 'فل', 'وك'] as const;

function isWeakLetter(c: number): boolean {
  return c === ALEF || c === 0x0648 || c === 0x064a;
}

/** Letters of a left half without a leading conjunction and article (والكات → كات). */
function coreLength(left: string): number {
  let s = 0;
  if ((left.charCodeAt(0) === 0x0648 || left.charCodeAt(0) === 0x0641) && left.length > 3) s = 1;
  if (left.charCodeAt(s) === ALEF && left.charCodeAt(s + 1) === LAM && left.length - s > 4) s += 2;
  return left.length - s;
}

function isNamePrefix(left: string): boolean {
  for (const p of LEFT_PROCLITICS) {
    if (left.length > p.length && left.startsWith(p) && NAME_PREFIXES.has(left.slice(p.length))) return true;
  }
  return false;
}

/**
 * Finds run-together words among the Arabic tokens of `text`.
 * `tokens` must come from `tokenize(text)` (offsets into `text`).
 */
export function findMissingSpaces(
  text: string,
  tokens: readonly Token[],
  words: WordList,
  options?: MissingSpaceOptions,
): MissingSpaceFinding[] {
  const minPart = Math.max(1, options?.minPart ?? DEFAULT_MIN_PART);
  // The verdict depends on the written form alone: with the default minimum it is kept with the form
  // (see text/wordForms.ts), for every document; otherwise per document.
  const forms = formsOf(tokens);
  const shared = minPart === DEFAULT_MIN_PART;
  const verdicts = new Map<string, number>(); // token text → split index in the normalized token, or -1
  const candidates: { token: Token; at: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'arabic') continue;
    const norm = t.norm;
    if (norm.length < 2 * minPart) continue;
    let at: number | undefined;
    if (shared) {
      const f = forms[i]!;
      if (f.words === words) {
        at = f.split;
      } else {
        at = bestSplit(norm, t.text, words, minPart);
        f.words = words;
        f.split = at;
      }
    } else {
      at = verdicts.get(t.text);
      if (at === undefined) {
        at = bestSplit(norm, t.text, words, minPart);
        verdicts.set(t.text, at);
      }
    }
    if (at >= 0) candidates.push({ token: t, at });
  }
  if (candidates.length === 0) return [];
  // A typo is rarely repeated letter for letter; an unknown form that recurs in the document is a
  // name or a term (دوناتيلا, فيديليرت, حفرالباطن in a local paper), so it is left alone.
  const occurrences = new Map<string, number>();
  for (const c of candidates) occurrences.set(c.token.norm, 0);
  for (const t of tokens) {
    if (t.kind !== 'arabic') continue;
    const k = occurrences.get(t.norm);
    if (k !== undefined) occurrences.set(t.norm, k + 1);
  }
  const out: MissingSpaceFinding[] = [];
  for (const { token: t, at } of candidates) {
    if (occurrences.get(t.norm)! > 1) continue;
    // Map the normalized split index back to the document (tokens may carry harakat/tatweel).
    const map = normalizeWithMap(t.text);
    if (map.text !== t.norm || at >= map.text.length) continue;
    const splitAt = t.start + map.starts[at]!;
    out.push({ start: t.start, end: t.end, splitAt, left: text.slice(t.start, splitAt), right: text.slice(splitAt, t.end) });
  }
  return out;
}

/**
 * A document's tokens as typed arrays with interned normalized forms (a `DocumentAnalysis` is one);
 * they must be the tokens of `tokenize(text)`.
 */
export interface TokenArrays {
  readonly text: string;
  readonly length: number;
  readonly starts: Offsets;
  readonly ends: Offsets;
  /** Ids of the normalized forms in `FormIds`. */
  readonly normIds: Int32Array;
  isArabic(i: number): boolean;
}

/** A table of interned forms (the corpus form table): ids are stable. */
export interface FormIds {
  form(id: number): string;
}

/** Verdicts per form id and word list (see `findMissingSpacesInArrays`), by form table. */
const arrayVerdicts = new WeakMap<FormIds, { words: WordList; verdicts: Int32Array }>();
const UNKNOWN = -2;

/**
 * `findMissingSpaces` (default options) of a document given as token arrays, without its token
 * objects: the same findings. The verdict of a token whose written form has no ة or ى inside it (one
 * at its end, where it belongs, is fine) depends on its normalized form and on whether it ends in ى
 * alone, so it is kept per form id of the table, for every document.
 */
export function findMissingSpacesInArrays(a: TokenArrays, forms: FormIds, words: WordList): MissingSpaceFinding[] {
  const minPart = DEFAULT_MIN_PART;
  let memo = arrayVerdicts.get(forms);
  if (!memo || memo.words !== words) arrayVerdicts.set(forms, (memo = { words, verdicts: new Int32Array(0) }));
  const { text, starts, ends, normIds } = a;
  let perDocument: Map<string, number> | undefined; // written form → verdict, for the other tokens
  let candidates: number[] | undefined; // token index, split index, …
  for (let i = 0; i < a.length; i++) {
    if (!a.isArabic(i)) continue;
    const start = starts[i]!;
    const end = ends[i]!;
    // Where ة and ى are in the written token, and whether it ends in ى (marks and tatweel after it).
    let first = -1;
    let lastLetter = -1; // last code unit that is not a mark
    let lastBase = -1; // last code unit that is neither a mark nor tatweel
    for (let p = start; p < end; p++) {
      const c = text.charCodeAt(p);
      if (isArabicMark(c)) continue;
      lastLetter = p;
      if (c !== 0x0640) lastBase = p;
      if (first < 0 && (c === TA_MARBUTA || c === ALEF_MAQSURA)) first = p;
    }
    let at: number;
    if (first < 0 || first === lastLetter) {
      const id = normIds[i]!;
      const slot = 2 * id + (text.charCodeAt(lastBase > start ? lastBase : start) === ALEF_MAQSURA ? 1 : 0); // as endsWithAlefMaqsura
      let verdicts = memo.verdicts;
      if (slot >= verdicts.length) {
        const grown = new Int32Array(Math.max(slot + 2, 2 * verdicts.length, 1024)).fill(UNKNOWN);
        grown.set(verdicts);
        memo.verdicts = verdicts = grown;
      }
      at = verdicts[slot]!;
      if (at === UNKNOWN) {
        const norm = forms.form(id);
        verdicts[slot] = at = norm.length < 2 * minPart ? -1 : bestSplit(norm, text.slice(start, end), words, minPart);
      }
    } else {
      const written = text.slice(start, end);
      perDocument ??= new Map();
      const known = perDocument.get(written);
      if (known === undefined) {
        const norm = forms.form(normIds[i]!);
        at = norm.length < 2 * minPart ? -1 : bestSplit(norm, written, words, minPart);
        perDocument.set(written, at);
      } else {
        at = known;
      }
    }
    if (at >= 0) (candidates ??= []).push(i, at);
  }
  if (!candidates) return [];
  // As findMissingSpaces: a form that recurs in the document is left alone.
  const occurrences = new Map<number, number>();
  for (let k = 0; k < candidates.length; k += 2) occurrences.set(normIds[candidates[k]!]!, 0);
  for (let i = 0; i < a.length; i++) {
    if (!a.isArabic(i)) continue;
    const n = occurrences.get(normIds[i]!);
    if (n !== undefined) occurrences.set(normIds[i]!, n + 1);
  }
  const out: MissingSpaceFinding[] = [];
  for (let k = 0; k < candidates.length; k += 2) {
    const i = candidates[k]!;
    const at = candidates[k + 1]!;
    if (occurrences.get(normIds[i]!)! > 1) continue;
    const start = starts[i]!;
    const end = ends[i]!;
    const map = normalizeWithMap(text.slice(start, end));
    if (map.text !== forms.form(normIds[i]!) || at >= map.text.length) continue;
    const splitAt = start + map.starts[at]!;
    out.push({ start, end, splitAt, left: text.slice(start, splitAt), right: text.slice(splitAt, end) });
  }
  return out;
}

/**
 * The split index in `norm` (start of the right half), or -1 when the token should not be split.
 * Exported for tests and tools; `written` is the token as in the document.
 */
export function bestSplit(norm: string, written: string, words: WordList, minPart = 2): number {
  // ة and ى only end words: written inside a token, they mark where the first word ends, whatever the
  // (normalized) word list says (إلىأن normalizes to a listed اليان).
  const inner = innerFinalLetterSplits(norm, written);
  if (inner !== undefined) {
    let best = -1;
    let bestScore = -Infinity;
    for (const i of inner) {
      const left = norm.slice(0, i);
      const right = norm.slice(i);
      if (left.length < minPart || (right.length < Math.max(minPart, 3) && !SHORT_RIGHT.has(right))) continue;
      // ى written for ي before a pronoun (والدىهما) is a spelling slip, not two words.
      if (PRONOUN_SUFFIXES.has(right)) continue;
      if (!isKnownWord(left, words) || !isKnownWord(right, words)) continue;
      const score = splitScore(norm, i, right);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }
  // A known token is split only as knownTokenSplit says, an unknown one as unknownTokenSplit says.
  // Whether it is known (isKnownWord: many lookups) matters only when the two disagree.
  if (words.has(norm)) return knownTokenSplit(norm, words);
  const known = knownTokenSplit(norm, words);
  const unknown = unknownTokenSplit(norm, written, words, minPart);
  if (known === unknown) return known;
  return isKnownWord(norm, words) ? known : unknown;
}

/** The verdict for a token that is not a known word (see `bestSplit`). */
function unknownTokenSplit(norm: string, written: string, words: WordList, minPart: number): number {
  const n = norm.length;
  // على / إلى written with ى at the end of an unknown token: the preposition is the right half
  // (الإقبالعلى is الإقبال على, not الاقب|العلي).
  if (n >= 6 && (norm.endsWith('علي') || norm.endsWith('الي')) && endsWithAlefMaqsura(written)) {
    const left = norm.slice(0, n - 3);
    // (ديالى, وديالى: a short left part is a name fragment)
    if (left.length >= 4 && coreLength(left) >= 3 && words.has(left) && !isNamePrefix(left) && !(startsWithArticle(left) && left.length < 5)) {
      return n - 3;
    }
  }
  // Which left halves are words: one walk of the word list when it can (prefixWords), else one lookup each.
  let leftWords: Uint8Array | undefined;
  if (words.prefixWords) {
    if (prefixScratch.length <= n) prefixScratch = new Uint8Array(2 * n + 2);
    leftWords = prefixScratch;
    words.prefixWords(norm, leftWords);
  }
  let bestAt = -1;
  let bestScore = -Infinity;
  for (let i = minPart; i <= n - minPart; i++) {
    if (leftWords ? leftWords[i] === 0 : !words.has(norm.slice(0, i))) continue;
    const left = norm.slice(0, i);
    const right = norm.slice(i);
    if (!words.has(right)) continue;
    // A compound name (عبدالله, وعبداللطيف) is not split anywhere (not even as عبدا|للطيف).
    if (NAME_SUFFIXES.has(right) || isNamePrefix(left)) return -1;
    if (i === 2 && !SHORT_LEFT.has(left)) continue;
    if (i < 5 && startsWithArticle(left)) continue; // ال + one or two letters: a fragment (البالساميك)
    let evidence = false;
    const noun = articleNounStart(right, words);
    if (noun > 0) {
      // ال + a weak letter (الوني, اليون, الينو, الويا) is how transliterations spell -alo-/-ali-/-aly-
      // (كاتالونيا, هاليون, باباليويا): then both sides must be substantial words.
      // After a proclitic (فالدوا, والدوا in جيسوالدو) the left half must be substantial too.
      const core = coreLength(left);
      evidence = isWeakLetter(right.charCodeAt(noun)) ? core >= 4 && right.length - noun >= 4 : noun === 2 || core >= 4;
    } else {
      // A function word on the left must not look like the article (التي|فويد is التيفويد, typhoid).
      evidence =
        (FUNCTION_WORDS.has(left) && !startsWithArticle(left) && right.length >= 4) ||
        (FUNCTION_WORDS.has(right) && left.length >= 4);
    }
    if (!evidence) continue;
    const score = splitScore(norm, i, right);
    if (score > bestScore) {
      bestScore = score;
      bestAt = i;
    }
  }
  return bestAt;
}

let prefixScratch = new Uint8Array(64);

/**
 * Preference: the article on the right (ال before proclitic + article: للكاتب|المثقف, not
 * للكات|بالمثقف), then the most balanced split.
 */
function splitScore(norm: string, i: number, right: string): number {
  let s = 0;
  if (startsWithArticle(right)) s = 1000;
  else if (ARTICLE_AT_START.test(right)) s = 900;
  return s - Math.abs(norm.length - 2 * i);
}

/**
 * Where the noun starts in a right half that begins with the article (after proclitics: ال, وال, بال,
 * وبال, لل, ولل…), when the noun has 3+ letters and is a word by itself; else 0.
 */
function articleNounStart(right: string, words: WordList): number {
  const m = ARTICLE_AT_START.exec(right);
  if (!m) return 0;
  const k = m[0].length;
  return right.length - k >= 3 && words.has(right.slice(k)) ? k : 0;
}

const ARTICLE_AT_START = /^(?:[وف]?[بك]?ال|[وف]?لل)/;

function endsWithAlefMaqsura(written: string): boolean {
  let j = written.length - 1;
  while (j > 0 && (isArabicMark(written.charCodeAt(j)) || written.charCodeAt(j) === 0x0640)) j--;
  return written.charCodeAt(j) === ALEF_MAQSURA;
}

function startsWithArticle(s: string): boolean {
  return s.charCodeAt(0) === ALEF && s.charCodeAt(1) === LAM;
}

/**
 * Normalized split indices right after each ة/ى that is not the token's last letter, or undefined
 * when there is none.
 */
function innerFinalLetterSplits(norm: string, written: string): number[] | undefined {
  let k = written.indexOf('\u0629');
  const m = written.indexOf('\u0649');
  if (k < 0 || (m >= 0 && m < k)) k = m;
  if (k < 0) return undefined;
  // Common case: the letter ends the token (only marks may follow) — nothing to split.
  let j = written.length - 1;
  while (j > k && isArabicMark(written.charCodeAt(j))) j--;
  if (j === k && written.lastIndexOf('\u0629', k - 1) < 0 && written.lastIndexOf('\u0649', k - 1) < 0) return undefined;
  const map = normalizeWithMap(written);
  if (map.text !== norm) return undefined;
  const out: number[] = [];
  for (let i = 0; i < norm.length - 1; i++) {
    const c = written.charCodeAt(map.starts[i]!);
    if (c === TA_MARBUTA || c === ALEF_MAQSURA) out.push(i + 1);
  }
  return out.length > 0 ? out : undefined;
}

const PRONOUN_SUFFIXES: ReadonlySet<string> = new Set(['ه', 'ها', 'هم', 'هما', 'هن', 'ك', 'كم', 'كما', 'كن', 'نا', 'ني', 'ي']);

/** Pronoun suffixes that are also frequent words: الانتخاباتكما is listed, yet it is الانتخابات كما. */
const PRONOUN_WORDS = ['كما', 'هما'] as const;

/**
 * A listed token that is still two words: the article and a pronoun suffix exclude each other, so
 * (proclitics +) ال + word + كما/هما is the word followed by كما/هما.
 */
function knownTokenSplit(norm: string, words: WordList): number {
  for (const p of PRONOUN_WORDS) {
    if (norm.length < p.length + 5 || !norm.endsWith(p)) continue;
    const left = norm.slice(0, norm.length - p.length);
    if (!words.has(left)) continue;
    // The noun after the article must be substantial: والديهما is والدي + هما (his parents), not و + ال + دي.
    if (cliticAnalyses(left).some((a) => a.definite && a.key.startsWith('ال') && a.key.length >= 6)) return left.length;
  }
  return -1;
}
