/**
 * Document-level recognition: candidate entity spans over tokens, from a statistical tagger
 * (trained on ANERcorp) combined with general rules — person titles, organization head nouns,
 * a place gazetteer, nisba adjectives. Corpus-level propagation happens later (corpusIndex.ts).
 */
import { Token, isSentenceEnd, scanOf } from '../text/tokenize';
import { LATIN, LINE_START, PUNCT, SENTENCE_HASH_SEED, sentenceHashStep, type WordForm } from '../text/wordForms';
import { chooseAnalysis } from '../text/clitics';
import { ActorType } from '../model';
import {
  ALEF_MAQSURA_FUNCTION_WORDS, CALENDAR_WORDS, COMPOUND_NAME_PARTS, FUNCTION_WORDS, GENERIC_ORG_HEADS, MEDIA_HEADS, NAME_CONNECTORS, ORDINALS, ORG_HEADS, PERSON_TITLES, PLACE_HEADS, SPEECH_VERBS, TITLE_CONTINUATIONS,
} from '../lexicon/triggers';

/** The tagger interface the recognizer needs (see tagger.ts for the ANERcorp perceptron). */
export interface SequenceTagger {
  tag(words: readonly string[]): readonly string[];
  /** `tag`, given the sentence's `sentenceHash` (text/wordForms.ts), for taggers that remember sentences (sentenceCache.ts). */
  tagHashed?(words: readonly string[], hash: number): readonly string[];
  /** The entity tags (B-PERS, I-ORG …) a word, or the word without its proclitics, carried in the tagger's training data, if the tagger knows. */
  entityLabels?(word: string): readonly string[];
  /**
   * True when the tagger normalizes what it is given (`tag(words)` equals `tag(words.map(normalize))`):
   * the recognizer then hands it the normalized forms, so the spellings of one word are one word to it
   * (and its per-word caches hold one entry for them). Otherwise it gets the words as written.
   */
  readonly normalizesInput?: boolean;
}

/** Lexical knowledge the recognizer consults; every function takes normalized forms. */
export interface RecognitionLexicon {
  isPlace(norm: string): boolean;
  /** Longest multi-token place starting at token i of the given normalized tokens. */
  placeAt(normTokens: readonly string[], i: number): number;
  isNisba(norm: string): boolean;
  /** A general-language word of Arabic news (see lexicon/commonWords.ts). */
  isCommonWord(norm: string): boolean;
  /** A word of the general word list, proclitics and pronoun suffixes allowed (absent when no word list is loaded). */
  isDictionaryWord?(norm: string): boolean;
  /**
   * False when no place name begins with this normalized token, so `placeAt` is 0 wherever it is the
   * token at i (optional: without it `placeAt` is asked at every token).
   */
  startsPlace?(norm: string): boolean;
}

export type Evidence = 'tagger' | 'title' | 'pattern' | 'gazetteer' | 'propagated' | 'manual';

export interface Candidate {
  /** Token index range [tokenStart, tokenEnd). */
  readonly tokenStart: number;
  readonly tokenEnd: number;
  readonly type: ActorType;
  readonly evidence: Evidence;
}

/** Titles in construct with what they head (وزير الخارجية, رئيس المجلس): the definite words after them are not the name. */
const CONSTRUCT_TITLES = new Set(['وزير', 'وزيره', 'نايب', 'رييس', 'رييسه', 'مدير', 'مديره', 'امين', 'مساعد', 'مستشار', 'قايد', 'سفير', 'مبعوث', 'ممثل', 'مندوب', 'محافظ', 'حاكم', 'زعيم', 'الامين']);

/** Imperfect verbs with a dual or plural ending (يعولان, يطالبون): not a surname. */
const IMPERFECT_VERB = /^[يت].{2,}(ان|ون|ين)$/;

const TAG_TYPES: Record<string, ActorType | undefined> = { PERS: 'person', LOC: 'place', ORG: 'organization' };

/** Words that end an organization chain although they are definite (relational adjectives). */
const ORG_CHAIN_STOPS = new Set(['التابع', 'التابعه', 'المعني', 'المعنيه', 'المكلف', 'المكلفه', 'المسوول', 'المسووله', 'المختص', 'المختصه', 'الذي', 'التي']);

/** Sentence-sized windows for the tagger: split at sentence-final punctuation and line breaks. */
export function sentenceRanges(tokens: readonly Token[]): Array<[number, number]> {
  return ranges(tokens.length, (i) => tokens[i]!.lineStart, (i) => isSentenceEnd(tokens[i]!));
}

function ranges(n: number, lineStart: (i: number) => boolean, sentenceEnd: (i: number) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (i > s && lineStart(i)) {
      out.push([s, i]);
      s = i;
    }
    if (sentenceEnd(i) || i - s >= 120) {
      out.push([s, i + 1]);
      s = i + 1;
    }
  }
  if (s < n) out.push([s, n]);
  return out;
}

// --- Lexical information per form ---------------------------------------------------------------
//
// Everything the rules ask about a single token depends on its form alone (and the lexicon): it is
// computed once per form and lexicon and kept in the form's memo slot (see text/wordForms.ts). The
// trigger-set memberships are bits; the lexicon's answers are asked on first use (0: not asked yet,
// 1: true, 2: false).

const FN = 1 << 0;
const TITLE = 1 << 1;
const ORG = 1 << 2;
const PLACE_HEAD = 1 << 3;
const TCONT = 1 << 4;
const CALENDAR = 1 << 5;
const CONNECTOR = 1 << 6;
const ORDINAL = 1 << 7;
const COMPOUND = 1 << 8;
const SPEECH = 1 << 9;
const MEDIA = 1 << 10;
const CONSTRUCT = 1 << 11;
const CHAIN_STOP = 1 << 12;
const GENERIC_ORG = 1 << 13;
const AM_FN = 1 << 14;
/** The word عشر (لويس الرابع عشر). */
const ASHAR = 1 << 15;
/** بن or بنت. */
const BIN = 1 << 16;
/** Punctuation: an opening quote (“ « " ”), a sentence end (. ؟ ? ! ؛ ; …). */
const QUOTE = 1 << 17;
const SENTENCE_END = 1 << 18;

/** Which trigger sets hold a normalized word (bits above). */
const TRIGGER_SETS: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  const add = (set: Iterable<string>, bit: number): void => {
    for (const w of set) m.set(w, (m.get(w) ?? 0) | bit);
  };
  add(FUNCTION_WORDS, FN);
  add(PERSON_TITLES, TITLE);
  add(ORG_HEADS, ORG);
  add(PLACE_HEADS, PLACE_HEAD);
  add(TITLE_CONTINUATIONS, TCONT);
  add(CALENDAR_WORDS, CALENDAR);
  add(NAME_CONNECTORS, CONNECTOR);
  add(ORDINALS, ORDINAL);
  add(COMPOUND_NAME_PARTS, COMPOUND);
  add(SPEECH_VERBS, SPEECH);
  add(MEDIA_HEADS, MEDIA);
  add(CONSTRUCT_TITLES, CONSTRUCT);
  add(ORG_CHAIN_STOPS, CHAIN_STOP);
  add(GENERIC_ORG_HEADS, GENERIC_ORG);
  add(ALEF_MAQSURA_FUNCTION_WORDS, AM_FN);
  add(['عشر'], ASHAR);
  add(['بن', 'بنت'], BIN);
  return m;
})();

/** Punctuation by its text: opening quotes and sentence ends (bits above). */
const PUNCTUATION: ReadonlyMap<string, number> = new Map([
  ...['“', '«', '"', '”'].map((t): [string, number] => [t, QUOTE]),
  ...['.', '؟', '?', '!', '؛', ';', '…'].map((t): [string, number] => [t, SENTENCE_END]),
]);

/**
 * The form's lexical information for the lexicon (filled on first use): its clitic analysis for lexicon
 * lookups inside one document (no corpus evidence), a function of the form and the lexicon only, and
 * the trigger sets of the form and of that key.
 */
function lexicalForm(f: WordForm, lex: RecognitionLexicon): WordForm {
  if (f.lexicon === lex) return f;
  const norm = f.norm;
  const key = f.kind === 'arabic' ? chooseAnalysis(norm, (k) => (((TRIGGER_SETS.get(k) ?? 0) & (ORG | TITLE)) !== 0 || lex.isPlace(k) ? 2 : 0)).key : norm;
  f.key = key;
  const sets = TRIGGER_SETS.get(norm) ?? 0;
  f.normSets = f.kind === 'punct' ? sets | (PUNCTUATION.get(f.text) ?? 0) : sets;
  f.keySets = key === norm ? sets : (TRIGGER_SETS.get(key) ?? 0);
  f.answers = 0;
  f.lexicon = lex;
  return f;
}

// The lexicon's answers about a form, two bits each in `answers` (0: not asked yet, 1: true, 2: false).
const NISBA_KEY = 0;
const PLACE_KEY = 2;
const COMMON_KEY = 4;
const COMMON_NORM = 6;
const DICTIONARY_NORM = 8;
const ADJECTIVE_KEY = 10;
const ADJECTIVE_NORM = 12;
const IMPERFECT_KEY = 14;
const STARTS_PLACE = 16;
const MEDIA_HEAD = 18;

function answered(f: WordForm, at: number): number {
  return (f.answers >> at) & 3;
}

function answer(f: WordForm, at: number, v: boolean): boolean {
  f.answers |= (v ? 1 : 2) << at;
  return v;
}

function isNisbaKey(f: WordForm, lex: RecognitionLexicon): boolean {
  const a = answered(f, NISBA_KEY);
  return a ? a === 1 : answer(f, NISBA_KEY, lex.isNisba(f.key));
}

function isPlaceKey(f: WordForm, lex: RecognitionLexicon): boolean {
  const a = answered(f, PLACE_KEY);
  return a ? a === 1 : answer(f, PLACE_KEY, lex.isPlace(f.key));
}

function isCommonKey(f: WordForm, lex: RecognitionLexicon): boolean {
  const a = answered(f, COMMON_KEY);
  return a ? a === 1 : answer(f, COMMON_KEY, lex.isCommonWord(f.key));
}

function isCommonNorm(f: WordForm, lex: RecognitionLexicon): boolean {
  const a = answered(f, COMMON_NORM);
  return a ? a === 1 : answer(f, COMMON_NORM, lex.isCommonWord(f.norm));
}

function isDictionaryNorm(f: WordForm, lex: RecognitionLexicon): boolean {
  const a = answered(f, DICTIONARY_NORM);
  return a ? a === 1 : answer(f, DICTIONARY_NORM, lex.isDictionaryWord?.(f.norm) ?? false);
}

function adjectiveLike(k: string, lex: RecognitionLexicon): boolean {
  return k.startsWith('ال') && !k.endsWith('ات') && (/(ي|يه|يين|يون)$/.test(k) || k.startsWith('الم') || lex.isNisba(k));
}

function isAdjectiveKey(f: WordForm, lex: RecognitionLexicon): boolean {
  const a = answered(f, ADJECTIVE_KEY);
  return a ? a === 1 : answer(f, ADJECTIVE_KEY, adjectiveLike(f.key, lex));
}

function isAdjectiveNorm(f: WordForm, lex: RecognitionLexicon): boolean {
  const a = answered(f, ADJECTIVE_NORM);
  return a ? a === 1 : answer(f, ADJECTIVE_NORM, adjectiveLike(f.norm, lex));
}

function isImperfectKey(f: WordForm): boolean {
  const a = answered(f, IMPERFECT_KEY);
  return a ? a === 1 : answer(f, IMPERFECT_KEY, IMPERFECT_VERB.test(f.key));
}

function mayStartPlace(f: WordForm, lex: RecognitionLexicon): boolean {
  const a = answered(f, STARTS_PLACE);
  return a ? a === 1 : answer(f, STARTS_PLACE, lex.startsPlace ? lex.startsPlace(f.key) : true);
}

/** A news medium's head noun (صحيفة, لموقع, ووكالة …): the key or the form, or the form after up to two proclitics (و ف ب ل ك). */
function isMediaHead(f: WordForm): boolean {
  const a = answered(f, MEDIA_HEAD);
  if (a) return a === 1;
  let head = (f.keySets & MEDIA) !== 0 || (f.normSets & MEDIA) !== 0;
  const norm = f.norm;
  for (let k = 1; !head && k <= 2 && k < norm.length - 2 && 'وفبلك'.includes(norm[k - 1]!); k++) if (MEDIA_HEADS.has(norm.slice(k))) head = true;
  return answer(f, MEDIA_HEAD, head);
}

interface TagInfo {
  readonly type: ActorType | undefined;
  readonly begin: boolean;
  readonly inside: boolean;
}

const TAG_INFO = new Map<string, TagInfo>();
const O_TAG: TagInfo = { type: undefined, begin: false, inside: false };

function tagInfo(tag: string): TagInfo {
  let t = TAG_INFO.get(tag);
  if (!t) {
    t = { type: TAG_TYPES[tag.slice(2)], begin: tag.startsWith('B-'), inside: tag.startsWith('I-') };
    if (TAG_INFO.size < 64) TAG_INFO.set(tag, t);
  }
  return t;
}

export interface DocumentRecognition {
  readonly candidates: Candidate[];
  /** Per token: the lexical clitic analysis key (normalized, clitic-free). */
  readonly keys: string[];
}

/** A document's tokens as `recognizeTokens` reads them: flags (see text/wordForms.ts) and forms. */
export interface TokenView {
  readonly length: number;
  readonly flags: Uint8Array;
  readonly forms: readonly WordForm[];
}

export function recognizeDocument(tokens: readonly Token[], tagger: SequenceTagger | undefined, lex: RecognitionLexicon): DocumentRecognition {
  return recognizeTokens(scanOf(tokens), tagger, lex);
}

/** `recognizeDocument` of tokens given as flags and forms (as the tokenizer's `scanTokens` gives them). */
export function recognizeTokens(view: TokenView, tagger: SequenceTagger | undefined, lex: RecognitionLexicon): DocumentRecognition {
  const work = takeScratch(view.length);
  try {
    return recognizeWith(view, tagger, lex, work);
  } finally {
    work.release();
  }
}

/**
 * Per-token working arrays of recognition, kept between documents (recognition allocated four typed
 * arrays per document); a nested call (a tagger that recognizes) gets arrays of its own.
 */
class Scratch {
  busy = false;
  constructor(
    readonly ns: Int32Array,
    readonly ks: Int32Array,
    readonly claimed: Int8Array,
    readonly personTagged: Uint8Array,
  ) {}

  release(): void {
    this.busy = false;
  }
}

let scratch: Scratch | undefined;

function takeScratch(n: number): Scratch {
  let s = scratch;
  if (s && s.busy) return new Scratch(new Int32Array(n), new Int32Array(n), new Int8Array(n), new Uint8Array(n));
  if (!s || s.ns.length < n) {
    const size = Math.max(n, 2 * (s?.ns.length ?? 1024));
    scratch = s = new Scratch(new Int32Array(size), new Int32Array(size), new Int8Array(size), new Uint8Array(size));
  } else {
    s.claimed.fill(0, 0, n);
    s.personTagged.fill(0, 0, n);
  }
  s.busy = true;
  return s;
}

function recognizeWith(view: TokenView, tagger: SequenceTagger | undefined, lex: RecognitionLexicon, work: Scratch): DocumentRecognition {
  const n = view.length;
  const fl = view.flags;
  // Per token: its form with the lexical information filled in (see `lexicalForm`), its key, and the
  // trigger sets of its form and key (in the working arrays, whose indices from n on belong to no token).
  const info = view.forms;
  const keys: string[] = new Array<string>(n);
  const { ns, ks, claimed, personTagged } = work;
  for (let i = 0; i < n; i++) {
    const f = lexicalForm(info[i]!, lex);
    keys[i] = f.key;
    ns[i] = f.normSets;
    ks[i] = f.keySets;
  }
  const arabic = (i: number): boolean => (fl[i]! & 3) === 0;
  const lineStart = (i: number): boolean => (fl[i]! & LINE_START) !== 0;
  const sameKind = (i: number, j: number): boolean => (fl[i]! & 3) === (fl[j]! & 3);
  /** An Arabic or Latin word (not a number or punctuation). */
  const isWord = (i: number): boolean => i >= 0 && i < n && (fl[i]! & 3) <= LATIN;
  const isOpeningQuote = (i: number): boolean => i >= 0 && i < n && (fl[i]! & 3) === PUNCT && (ns[i]! & QUOTE) !== 0;

  const out: Candidate[] = [];
  const free = (a: number, b: number): boolean => {
    for (let k = a; k < b; k++) if (claimed[k]) return false;
    return true;
  };
  const claim = (c: Candidate): void => {
    for (let k = c.tokenStart; k < c.tokenEnd; k++) claimed[k] = 1;
    out.push(c);
  };
  const nameLike = (i: number): boolean => isWord(i) && !(ns[i]! & FN) && !(ks[i]! & (FN | TITLE | ORG | PLACE_HEAD | TCONT)) && !isNisbaKey(info[i]!, lex);

  /** True when a speech verb (قال, أكدت …) and an opening quote precede token i (وقالت «ميركل»). */
  const afterSpeechVerb = (i: number): boolean => {
    const p = i - 2;
    return p >= 0 && isOpeningQuote(i - 1) && arabic(p) && (ns[p]! & SPEECH) !== 0;
  };

  /** True when token i follows a news medium's head noun (صحيفة, لموقع, ووكالة …), an opening quote allowed between. */
  const afterMediaHead = (i: number): boolean => {
    let p = i - 1;
    if (p >= 0 && isOpeningQuote(p)) p--;
    if (p < 0 || !arabic(p) || lineStart(i)) return false;
    return isMediaHead(info[p]!);
  };

  /** End (exclusive) of an organization name whose head noun is token i: the head's complement. */
  const orgNameEnd = (i: number): number => {
    const definiteHead = keys[i]!.startsWith('ال');
    let j = i + 1;
    while (j < n && j - i <= 3 && !claimed[j]) {
      if (lineStart(j) || !isWord(j)) break;
      const x = info[j]!;
      if (ns[j]! & (FN | CHAIN_STOP | CALENDAR) || ks[j]! & TITLE || (j > i + 1 && ks[j]! & ORG)) break;
      if (x.norm !== x.key) break; // a clitic-prefixed word (بموسكو, للتسوية) ends the name
      if (j === i + 1 && !definiteHead) {
        if (!(x.norm.startsWith('ال') || (!isCommonNorm(x, lex) && !isDictionaryNorm(x, lex)) || isOpeningQuote(j - 1))) break;
      } else if (!isAdjectiveNorm(x, lex)) {
        break;
      }
      j++;
    }
    return j;
  };

  // 1. The statistical tagger, sentence by sentence.
  const tagged: Candidate[] = [];
  if (tagger) {
    const hashed = tagger.tagHashed?.bind(tagger);
    const normalized = tagger.normalizesInput === true;
    for (const [s, e] of ranges(n, lineStart, (i) => (fl[i]! & 3) === PUNCT && (ns[i]! & SENTENCE_END) !== 0)) {
      const words = new Array<string>(e - s);
      let h = SENTENCE_HASH_SEED;
      for (let k = s; k < e; k++) {
        const f = info[k]!;
        words[k - s] = normalized ? f.norm : f.text;
        h = sentenceHashStep(h, f.hash);
      }
      const tags = hashed ? hashed(words, h) : tagger.tag(words);
      let start = -1;
      let type: ActorType | undefined;
      const close = (end: number): void => {
        if (start >= 0 && type) tagged.push({ tokenStart: start, tokenEnd: end, type, evidence: 'tagger' });
        start = -1;
        type = undefined;
      };
      let lastTag: string | undefined;
      let tag: TagInfo = O_TAG;
      for (let k = 0; k < tags.length; k++) {
        const t = tags[k]!;
        if (t !== lastTag) {
          lastTag = t;
          tag = tagInfo(t);
        }
        const ty = tag.type;
        if (tag.begin || (tag.inside && (start < 0 || ty !== type))) {
          close(s + k);
          if (ty) {
            start = s + k;
            type = ty;
          }
        } else if (!tag.inside) {
          close(s + k);
        }
      }
      close(e);
    }
  }
  for (const c of tagged) if (c.type === 'person') for (let k = c.tokenStart; k < c.tokenEnd; k++) personTagged[k] = 1;
  /** A word the tagger's training data had as the first word of a person's name (محمد, عبد). */
  const knownGivenName = (i: number): boolean => tagger?.entityLabels?.(info[i]!.text).some((l) => l.startsWith('B-PERS')) ?? false;

  // 2. Titles: الرئيس [الروسي] NAME, وزير الخارجية الروسي NAME, المشير NAME …
  const titleNames: Candidate[] = [];
  for (let i = 0; i < n; i++) {
    if (!(ks[i]! & TITLE) || !arabic(i)) continue;
    const construct = (ks[i]! & CONSTRUCT) !== 0;
    let j = i + 1;
    let skipped = 0;
    while (j < n && skipped < 4 && arabic(j) &&
      (ks[j]! & TCONT || isNisbaKey(info[j]!, lex) || (construct && keys[j]!.startsWith('ال') && !personTagged[j]))) {
      j++;
      skipped++;
    }
    if (isOpeningQuote(j)) j++;
    if (!nameLike(j) || ks[j]! & CALENDAR || isPlaceKey(info[j]!, lex)) continue;
    // A single letter is an initial or an abbreviation (د ب أ), and a definite adjective or participle
    // describes the title holder (الأمير المرتد, المهندس المعماري) unless the tagger reads a name.
    if (keys[j]!.length < 2 || (isAdjectiveKey(info[j]!, lex) && !personTagged[j])) continue;
    let end = j + 1;
    // A second name token when the tagger reads it as part of a person name, or when it is not
    // general vocabulary (most transliterated surnames are not).
    if (end < n && nameLike(end) && !lineStart(end) && sameKind(end, j) && (personTagged[end] || (!isCommonKey(info[end]!, lex) && !isImperfectKey(info[end]!)))) end++;
    // An ordinary word after a title is not a name (unless the tagger reads it as one); a very short
    // first name that is also a word (جو) counts when an unusual word follows it (جو بايدن).
    // (Not the word list: it has the names frequent in the news, بايدن, ماكرون, بوتين.)
    const evidence = (k: number): boolean => personTagged[k] === 1 || !isCommonKey(info[k]!, lex);
    if (!evidence(j) && !(keys[j]!.length <= 2 && end > j + 1 && evidence(j + 1))) continue;
    // Nor is a name whose words are all in the general word list (الوزير متحمس, الوزيرة صرحت, الملك ساكنا),
    // unless the tagger reads it as a name or its training data had it as a given name.
    const vocabulary = (k: number): boolean => personTagged[k] !== 1 && isDictionaryNorm(info[k]!, lex) && !knownGivenName(k);
    if (vocabulary(j) && (end === j + 1 || vocabulary(j + 1))) continue;
    titleNames.push({ tokenStart: j, tokenEnd: end, type: 'person', evidence: 'title' });
  }

  // Title evidence first: it fixes the type and the start of a person name; a tagger span that
  // overlaps it is kept when it is a person span that contains the title's name.
  for (const c of titleNames) {
    const k = tagged.findIndex((t) => t.tokenStart < c.tokenEnd && c.tokenStart < t.tokenEnd);
    const overlapping = k >= 0 ? tagged[k]! : undefined;
    if (overlapping && overlapping.type === 'person' && overlapping.tokenStart <= c.tokenStart) {
      // The tagger span covers the name; the title rule may have seen one more surname word.
      if (c.tokenEnd > overlapping.tokenEnd) tagged[k] = { ...overlapping, tokenEnd: c.tokenEnd };
      continue;
    }
    if (free(c.tokenStart, c.tokenEnd)) claim(c);
  }
  /** Token i may continue a person's name (same line, a word the name-level rules accept, not claimed). */
  const nameContinues = (i: number): boolean => i < n && !claimed[i] && !lineStart(i) && arabic(i) && nameLike(i);
  /** Token i is a name spelled like a function word with ى but written with a final ي (علي, not على). */
  const writtenLikeAli = (i: number): boolean => (ns[i]! & AM_FN) !== 0 && info[i]!.text.endsWith('ي');
  /** Token i is a name written like a function word with ى (علي, not على) right before بن / بنت. */
  const nameBeforeNasab = (i: number): boolean =>
    (ns[i]! & AM_FN) !== 0 && info[i]!.text.endsWith('ي') && i + 1 < n && (ks[i + 1]! & BIN) !== 0 && !lineStart(i + 1);
  for (const raw of tagged) {
    let c = raw;
    if (c.type === 'person') {
      // A name does not end in a connector (بسر بن → بسر بن أرطأة, أبو → أبو جميل), and بن / بنت follow a
      // name (بن أبي طالب → علي بن أبي طالب); a regnal number after a name is part of it (فرناندو الثالث).
      let e = c.tokenEnd;
      while (ks[e - 1]! & CONNECTOR && (nameContinues(e) || (e < n && !claimed[e] && !lineStart(e) && writtenLikeAli(e))) && e - c.tokenStart < 8) e++;
      if (e < n && !claimed[e] && !lineStart(e) && ks[e]! & ORDINAL) {
        e++;
        if (e < n && ks[e]! & ASHAR && !lineStart(e)) e++;
      }
      let s = c.tokenStart;
      if (ks[s]! & BIN && s > 0 && !lineStart(s) && !(ks[s - 1]! & CONNECTOR) &&
        (nameContinues(s - 1) || (nameBeforeNasab(s - 1) && !claimed[s - 1] && !lineStart(s - 1)))) s--;
      if (s !== c.tokenStart || e !== c.tokenEnd) c = { ...c, tokenStart: s, tokenEnd: e };
      // Part of a compound name alone (الله, الدين) is not a person.
      if (c.tokenEnd - c.tokenStart === 1 && ks[c.tokenStart]! & COMPOUND) continue;
    }
    // Latin text inside Arabic news (site boilerplate, spam lines) is only a name when it looks like one:
    // at most three capitalised words.
    // (Punctuation inside the span does not count: «meal plan|How do you use» is two lines of spam.)
    let latin = 0;
    let capitalised = 0;
    let words = 0;
    for (let k = c.tokenStart; k < c.tokenEnd; k++) {
      if (isWord(k)) words++;
      if ((fl[k]! & 3) !== LATIN) continue;
      latin++;
      if (/^[A-Z]/.test(info[k]!.text)) capitalised++;
    }
    if (latin > 0 && latin === words && (capitalised < latin || latin > 3)) continue;
    // A given name the tagger left out of a person span: the word before it, when it is not general
    // vocabulary (common in news, or in the word list: وشددت رايس, كفله محمد, unless the tagger's
    // training data had it as a given name: وخليفة بن زايد) and nothing separates them («جيريجا كويرالا»).
    if (c.type === 'person' && c.tokenEnd - c.tokenStart === 1 && c.tokenStart > 0 && !lineStart(c.tokenStart)) {
      const p = c.tokenStart - 1;
      const x = info[p]!;
      if (!claimed[p] && sameKind(p, c.tokenStart) && nameLike(p) && !isCommonKey(x, lex) && (!isDictionaryNorm(x, lex) || knownGivenName(p)) && !isPlaceKey(x, lex) && !(ks[p]! & CALENDAR)) {
        c = { ...c, tokenStart: p };
      }
    }
    // An organization the tagger reduced to its head noun (منظمة) gets its complement (الصحة العالمية).
    if (c.type === 'organization' && c.tokenEnd - c.tokenStart === 1 && ks[c.tokenStart]! & ORG) {
      c = { ...c, tokenEnd: Math.max(c.tokenEnd, orgNameEnd(c.tokenStart)) };
    }
    // A quoted subject of a speech verb that is not an organization name is a person (وقالت «ميركل»).
    if (c.type !== 'person' && c.tokenEnd - c.tokenStart <= 2 && afterSpeechVerb(c.tokenStart)) {
      let headed = false;
      for (let k = c.tokenStart; k < c.tokenEnd; k++) if (ks[k]! & ORG || isPlaceKey(info[k]!, lex) || isNisbaKey(info[k]!, lex)) headed = true;
      if (!headed) c = { ...c, type: 'person' };
    }
    // A name right after a news medium's head noun is that medium (لموقع «ميدل إيست آي», صحيفة «الغارديان»).
    if (c.type === 'person' && afterMediaHead(c.tokenStart)) c = { ...c, type: 'organization' };
    const trimmed = trimSpan(c);
    if (trimmed && free(trimmed.tokenStart, trimmed.tokenEnd)) claim(trimmed);
  }

  /** Removes titles, punctuation, function words and nisba-only material from the edges of a tagger span. */
  function trimSpan(c: Candidate): Candidate | undefined {
    let s = c.tokenStart;
    let e = c.tokenEnd;
    const person = c.type === 'person';
    const strip = (i: number): boolean => {
      if (!isWord(i)) return true;
      // (علي بن …: a name spelled like على, kept before بن / بنت.)
      if ((ns[i]! & FN || ks[i]! & FN) && !(person && (nameBeforeNasab(i) || (writtenLikeAli(i) && i > s && (ks[i - 1]! & CONNECTOR) !== 0)))) return true;
      if (person && ks[i]! & (TITLE | TCONT)) return true;
      return false;
    };
    // An ordinal after a name is its number (عبد الله الثاني), kept.
    const ordinalEnd = (i: number): boolean =>
      person && i > s && ((ks[i]! & ORDINAL) !== 0 || ((ks[i]! & ASHAR) !== 0 && i - 1 > s && (ks[i - 1]! & ORDINAL) !== 0));
    while (s < e && strip(s)) s++;
    while (e > s && !ordinalEnd(e - 1) && strip(e - 1)) e--;
    if (s >= e) return undefined;
    // Nisba adjectives are not places; a place span reduced to nisba words is dropped.
    if (c.type === 'place') {
      while (e > s && isNisbaKey(info[e - 1]!, lex)) e--;
      if (s >= e) return undefined;
    }
    if (e - s === 1 && ks[s]! & CALENDAR) return undefined;
    // A person name does not end in an ordinary word (اميل لحود لحضور, غازي حمد الناطق).
    // (The word after a connector is a name part even when it is a word: عبد القوي, أبو حميد.)
    const afterConnector = (i: number): boolean => i - 1 > s && (ks[i - 1]! & CONNECTOR) !== 0 && keys[i - 1] !== 'ابن';
    if (person) while (e - s > 1 && !ordinalEnd(e - 1) && !afterConnector(e - 1) && (isCommonKey(info[e - 1]!, lex) || isImperfectKey(info[e - 1]!))) e--;
    // A person span may not continue across a line break.
    for (let i = s + 1; i < e; i++) if (lineStart(i)) e = i;
    return { ...c, tokenStart: s, tokenEnd: e };
  }

  // 3. Organization head nouns followed by their complement. An indefinite head is in construct
  // with a definite noun or a proper name (وزارة الخارجية, وكالة تاس); adjectives may follow
  // (حكومة الوفاق الوطني الليبية). A definite head with adjectives only describes (الحكومة الألمانية).
  for (let i = 0; i < n; i++) {
    if (!(ks[i]! & ORG) || claimed[i] || !arabic(i)) continue;
    if (keys[i]!.startsWith('ال') || ks[i]! & GENERIC_ORG) continue;
    const j = orgNameEnd(i);
    if (j > i + 1) {
      const c: Candidate = { tokenStart: i, tokenEnd: j, type: 'organization', evidence: 'pattern' };
      if (free(c.tokenStart, c.tokenEnd)) claim(c);
    }
  }

  // 4. Gazetteer places (multi-word first) that nothing else claimed.
  for (let i = 0; i < n; i++) {
    if (claimed[i] || !arabic(i) || !mayStartPlace(info[i]!, lex)) continue;
    const len = lex.placeAt(keys, i);
    if (len > 0 && free(i, i + len)) claim({ tokenStart: i, tokenEnd: i + len, type: 'place', evidence: 'gazetteer' });
  }

  out.sort((a, b) => a.tokenStart - b.tokenStart);
  return { candidates: out, keys };
}
