/**
 * Statistical named-entity tagger for Arabic news: an averaged perceptron over sparse, string-keyed
 * features, decoded under BIO constraints with first-order Viterbi (the shipped model) or greedily
 * left to right (as the model says). Output is always valid BIO.
 *
 * Pure code (no fs, no node imports): the model is a plain JSON object (`TaggerModel`), trained by
 * `scripts/train.ts` on ANERcorp. Input is one sentence at a time, as surface tokens the way ANERcorp
 * has them: one string per whitespace token, clitics attached (وأكد, بالمغرب), punctuation as separate
 * tokens (a sentence ends with "."). Original spellings are fine: normalization (alef/ya/ta marbuta
 * folding, diacritics, tatweel) happens inside. Entity spans cover whole tokens, clitics included.
 */
import { cliticAnalyses, withoutArticle } from '../text/clitics';
import { normalize } from '../text/normalize';
import { isKnownWord, type WordList } from '../lexicon/wordList';
import { wordClasses } from './wordClasses';

export const ENTITY_TYPES = ['PERS', 'LOC', 'ORG', 'MISC'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
export type BioTag = 'O' | `B-${EntityType}` | `I-${EntityType}`;

/** All tags, in the order a model without its own order uses. */
export const BIO_TAGS: readonly BioTag[] = ['O', 'B-PERS', 'I-PERS', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-MISC', 'I-MISC'];

const BIO_TAG_SET: ReadonlySet<string> = new Set<string>(BIO_TAGS);

export function isBioTag(s: string): s is BioTag {
  return BIO_TAG_SET.has(s);
}

/** Which feature templates are on; stored in the model so tagging extracts what training did. */
export interface FeatureConfig {
  /** Longest prefix/suffix (in normalized characters) of the current word. */
  readonly affixes: number;
  /** Context window: words at ±1 … ±window. */
  readonly window: number;
  /** Longest suffix of the ±1 words. */
  readonly contextAffixes: number;
  /** Clitic-stripped keys (and article-less keys) of the current word. */
  readonly stems: boolean;
  /** Clitic-stripped, article-less keys of the ±1 words. */
  readonly contextStems: boolean;
  /** Word bigrams (w-1 w0, w0 w+1). */
  readonly bigrams: boolean;
  /** Tag history: 1 = previous tag, 2 = previous two tags. */
  readonly history: 1 | 2;
  /** Previous tag conjoined with the current word. */
  readonly historyWord: boolean;
  /** Previous tag conjoined with the current word's suffix (this many characters; 0 = off). */
  readonly historySuffix: number;
  /**
   * Lexicon features: the entity tags a word (or its clitic-stripped key) had in training, for the
   * current and ±1 words (needs `lexicon` in the model; trained jackknifed, see scripts/train.ts).
   */
  readonly lexicon: boolean;
  /** Conjunctions: compact shapes (first two + last letter) of the word and its ±1 words, w-1 w+1, position. */
  readonly conjunctions: boolean;
  /** Suffixes of the ±2 words up to this length (0 = off). */
  readonly farAffixes: number;
  /** Prefixes and suffixes (2 … this length) of the clitic-stripped keys of the current word (0 = off). */
  readonly stemAffixes: number;
  /** Character n-grams of this length inside the current word (0 = off). */
  readonly charNgrams: number;
  /** Conjoined lexicon states of neighbouring words. */
  readonly lexiconPairs: boolean;
  /** Previous tag conjoined with the current word's lexicon state and the previous word. */
  readonly historyLex: boolean;
  /** The lexicon also lists words seen in training outside entities (so unseen words stand out). */
  readonly lexiconSeen: boolean;
  /** Previous tag conjoined with the current word's lexicon state. */
  readonly historyState: boolean;
  /**
   * Trigger labels in the lexicon: which entity types tend to follow a word (">X") or end just before
   * it ("<X"); used as features of the ±1 words.
   */
  readonly triggers: boolean;
  /** Previous tag conjoined with the current word's first letters (this many; 0 = off). */
  readonly historyPrefix: number;
  /**
   * Word classes from the general lexicons (titles, speech verbs, organization and place heads, function
   * and calendar words, CLDR places, nisba adjectives; see wordClasses.ts) of the current and ±1/±2 words.
   */
  readonly wordClasses?: boolean;
  /** Whether the current and ±1 words are in the word list (exactly, after clitic stripping, or not); needs a word list when tagging. */
  readonly dictionary?: boolean;
  /** Previous tag conjoined with the current word's shortest proclitic (و, ب, وب …, or none). */
  readonly historyClitic?: boolean;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  affixes: 4,
  window: 2,
  contextAffixes: 3,
  stems: true,
  contextStems: true,
  bigrams: true,
  history: 1,
  historyWord: true,
  historySuffix: 0,
  lexicon: true,
  conjunctions: true,
  farAffixes: 0,
  stemAffixes: 0,
  charNgrams: 0,
  lexiconPairs: true,
  historyLex: false,
  lexiconSeen: true,
  historyState: true,
  triggers: true,
  historyPrefix: 3,
  wordClasses: true,
  dictionary: true,
  historyClitic: true,
};

/** Feature form of a word (see `featureForm`) → its lexicon labels (e.g. "B-PERS:h"). */
export type Lexicon = ReadonlyMap<string, readonly string[]>;

/** The form of a word the lexicon and the `w=` features use (normalized; Latin lowercased, digits folded to 0). */
export function featureForm(word: string): string {
  return formOf(word).norm;
}

function formOf(word: string): { norm: string; cls: TokenClass } {
  let norm = normalize(word.trim());
  const cls = classOf(norm);
  if (cls === 'lat') norm = norm.toLowerCase();
  else if (cls === 'num') norm = norm.replace(/[0-9]/g, '0');
  return { norm, cls };
}

/**
 * The JSON shape of a trained model. Weights are sparse per feature: `masks[f]` has bit t set when
 * feature f has a non-zero weight for tag t; those weights follow one another in `weights`
 * (feature by feature, tags in ascending order).
 */
export interface TaggerModel {
  readonly format: 'arabic-news-perceptron-tagger';
  readonly version: 1;
  /** Tag order of the weight masks (BIO tags). */
  readonly tags: readonly string[];
  readonly decoder: 'greedy' | 'viterbi';
  readonly config: FeatureConfig;
  readonly features: readonly string[];
  readonly masks: readonly number[];
  readonly weights: readonly number[];
  /** Added to the score of every entity tag (B-/I-) at decoding; > 0 favours recall. Default 0. */
  readonly entityBias?: number;
  /** Lexicon entries "word<TAB>label,label" (labels: tag ":" strength h|l), when `config.lexicon` is on. */
  readonly lexicon?: readonly string[];
  /** Free-form provenance (training data, epochs, licence). */
  readonly meta?: Readonly<Record<string, string | number>>;
}

/** One token's tag with the decoder's confidence in it. */
export interface ScoredTag {
  readonly tag: BioTag;
  /** Emission score (features of the token and its context, without tag history) of the chosen tag. */
  readonly score: number;
  /**
   * Confidence, >= 0: Viterbi: score of the best path minus the best path that tags this token otherwise;
   * greedy: score of the chosen tag minus the best other allowed tag. Infinity when no alternative.
   */
  readonly margin: number;
}

// ---------------------------------------------------------------------------------------------
// Features

export type TokenClass = 'ar' | 'lat' | 'num' | 'punct' | 'mix';

function classOf(norm: string): TokenClass {
  let ar = 0;
  let lat = 0;
  let num = 0;
  let other = 0;
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c >= 0x0621 && c <= 0x06ff) ar++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) lat++;
    else if (c >= 0x30 && c <= 0x39) num++;
    else other++;
  }
  if (ar > 0 && lat === 0 && num === 0 && other === 0) return 'ar';
  if (lat > 0 && ar === 0 && num === 0 && other === 0) return 'lat';
  if (num > 0 && ar === 0 && lat === 0) return 'num';
  if (ar === 0 && lat === 0 && num === 0) return 'punct';
  return 'mix';
}

/** What feature extraction needs to know about one word (computed once per word form). */
export interface TokenInfo {
  readonly norm: string;
  readonly cls: TokenClass;
  /** Clitic-stripped keys of the word (without the unsegmented analysis). */
  readonly keys: readonly string[];
  /** Article-less keys of all analyses, deduplicated. */
  readonly bareKeys: readonly string[];
  readonly prefixes: readonly string[];
  /** Lexicon labels of the word itself. */
  readonly lex: readonly string[];
  /** Lexicon labels of its clitic-stripped keys (when the word itself has none). */
  readonly keyLex: readonly string[];
  /** Trigger labels (">X…" / "<X…") of the word or, failing that, of its clitic-stripped keys. */
  readonly trig: readonly string[];
  /** Compact shape (for conjunctions). */
  readonly shortShape: string;
  /** Lexicon state (for lexicon pairs). */
  readonly lexState: string;
  /** Word classes (with `config.wordClasses`). */
  readonly classes: readonly string[];
  /** Word-list state (with `config.dictionary` and a word list): x exact, c after clitic stripping, u unknown; '' otherwise. */
  readonly dict: string;
  /** Shortest proclitic, or '-'. */
  readonly lead: string;
}

/** What token preparation consults besides the model's lexicon. */
export interface TokenResources {
  readonly classes: boolean;
  /** Word list for `config.dictionary`. */
  readonly words?: WordList;
}

const NO_RESOURCES: TokenResources = { classes: false };

/** The resources a feature configuration needs (`words`: the word list, when there is one). */
export function tokenResources(config: FeatureConfig, words?: WordList): TokenResources {
  return { classes: config.wordClasses === true, ...(config.dictionary && words ? { words } : {}) };
}

export interface PreparedSentence {
  readonly tokens: readonly TokenInfo[];
}

const BOS = '<s>';
const EOS = '</s>';

const NONE: readonly string[] = [];

function prepareToken(word: string, lexicon: Lexicon | undefined, res: TokenResources = NO_RESOURCES): TokenInfo {
  const { norm, cls } = formOf(word);
  const keys: string[] = [];
  const bareKeys: string[] = [];
  const prefixes: string[] = [];
  const allKeys: string[] = [];
  if (cls === 'ar') {
    const analyses = cliticAnalyses(norm);
    for (const a of analyses) {
      if (!allKeys.includes(a.key)) allKeys.push(a.key);
      if (a.prefixLength > 0) {
        if (!keys.includes(a.key)) keys.push(a.key);
        if (!prefixes.includes(a.prefix)) prefixes.push(a.prefix);
      }
      const bare = withoutArticle(a.key);
      if (bare !== norm && !bareKeys.includes(bare)) bareKeys.push(bare);
    }
  }
  let lex = NONE;
  let keyLex = NONE;
  let trig = NONE;
  if (lexicon) {
    const all = lexicon.get(norm) ?? NONE;
    lex = all.filter((l) => !isTriggerLabel(l));
    trig = all.length === lex.length ? NONE : all.filter(isTriggerLabel);
    if (trig.length === 0) {
      const found: string[] = [];
      for (const k of keys) for (const l of lexicon.get(k) ?? NONE) if (isTriggerLabel(l) && !found.includes(l)) found.push(l);
      if (found.length > 0) trig = found;
    }
    if (lex.length === 0 || lex[0] === SEEN_LABEL) {
      const found: string[] = [];
      for (const k of keys) for (const l of lexicon.get(k) ?? NONE) if (l !== SEEN_LABEL && !isTriggerLabel(l) && !found.includes(l)) found.push(l);
      for (const k of bareKeys) for (const l of lexicon.get(k) ?? NONE) if (l !== SEEN_LABEL && !isTriggerLabel(l) && !found.includes(l)) found.push(l);
      if (found.length > 0) keyLex = found;
    }
  }
  const classes = res.classes && cls === 'ar' ? wordClasses(norm, allKeys) : NONE;
  const dict = res.words && cls === 'ar' ? (res.words.has(norm) ? 'x' : isKnownWord(norm, res.words) ? 'c' : 'u') : '';
  return {
    norm, cls, keys, bareKeys, prefixes, lex, keyLex, trig,
    shortShape: computeShortShape(norm, cls), lexState: computeLexState(norm, cls, lex, keyLex),
    classes, dict, lead: prefixes[0] ?? '-',
  };
}

/** Normalizes and analyses the words of one sentence for feature extraction. */
export function prepareSentence(words: readonly string[], lexicon?: Lexicon, res?: TokenResources): PreparedSentence {
  return { tokens: words.map((w) => prepareToken(w, lexicon, res)) };
}

function shapeOf(t: TokenInfo): string {
  const len = t.norm.length;
  const bucket = len <= 2 ? String(len) : len <= 4 ? '3-4' : len <= 7 ? '5-7' : '8+';
  if (t.cls === 'num') return `num:${t.norm.length > 4 ? '5+' : t.norm}`;
  if (t.cls === 'punct') return `punct:${t.norm}`;
  return `${t.cls}:${bucket}`;
}

/** Compact shape of a token for conjunctions: short words as they are, else first two + last letter. */
function computeShortShape(norm: string, cls: TokenClass): string {
  if (cls !== 'ar') return cls === 'punct' ? norm : cls;
  return norm.length <= 3 ? norm : norm.slice(0, 2) + '_' + norm.slice(norm.length - 1);
}

/** Lexicon state of a token for lexicon pairs: its first label (tag and strength), or its class. */
function computeLexState(norm: string, cls: TokenClass, lex: readonly string[], keyLex: readonly string[]): string {
  const l = lex[0] ?? keyLex[0];
  return l === undefined ? (cls === 'ar' ? '-' : cls === 'punct' ? norm : cls) : l;
}

function shortShape(c: TokenInfo | undefined, boundary: string): string {
  return c ? c.shortShape : boundary;
}

function lexState(c: TokenInfo | undefined, boundary: string): string {
  return c ? c.lexState : boundary;
}

const POSITIONS = ['0', '1', '2'];

/**
 * Receives features as a template and a value: the feature string is `template=value`, or `template`
 * alone when there is no value. Tagging looks features up by their parts, without building strings.
 */
export type FeatureSink = (template: string, value?: string) => void;

/** A sink that appends the feature strings to `out` (training, tests). */
export function stringSink(out: string[]): FeatureSink {
  return (template, value) => void out.push(value === undefined ? template : template + '=' + value);
}

/** Template names by affix length (p1 … p9, s1 … s9), so extraction does not build them per word. */
const AFFIX_TEMPLATES = Array.from({ length: 10 }, (_, k) => ({ p: `p${k}`, s: `s${k}`, kp: `kp${k}`, ks: `ks${k}` }));

/** Features of a token that depend on that token alone. */
export function selfFeatures(config: FeatureConfig, t: TokenInfo, out: string[]): void {
  selfParts(config, t, stringSink(out));
}

/** `selfFeatures`, as parts. */
export function selfParts(config: FeatureConfig, t: TokenInfo, emit: FeatureSink): void {
  const w = t.norm;
  emit('b');
  emit('w', w);
  emit('sh', shapeOf(t));
  if (t.cls === 'ar') {
    const n = Math.min(config.affixes, w.length - 1);
    for (let k = 1; k <= n; k++) {
      emit(AFFIX_TEMPLATES[k]!.p, w.slice(0, k));
      emit(AFFIX_TEMPLATES[k]!.s, w.slice(w.length - k));
    }
  }
  if (config.stems) {
    for (const k of t.keys) emit('k', k);
    for (const k of t.bareKeys) emit('ka', k);
    for (const p of t.prefixes) emit('cp', p);
  }
  if (config.conjunctions) emit('sh0', shortShape(t, ''));
  if (config.stemAffixes > 0) {
    for (const k of t.keys) {
      const n = Math.min(config.stemAffixes, k.length - 1);
      for (let m = 2; m <= n; m++) {
        emit(AFFIX_TEMPLATES[m]!.kp, k.slice(0, m));
        emit(AFFIX_TEMPLATES[m]!.ks, k.slice(k.length - m));
      }
    }
  }
  if (config.charNgrams > 0 && t.cls === 'ar') {
    const g = config.charNgrams;
    const x = '^' + w + '$';
    for (let a = 0; a + g <= x.length; a++) emit('ng', x.slice(a, a + g));
  }
  if (config.lexicon) {
    if (t.lex.length === 0 && t.keyLex.length === 0) emit('lx', 'none');
    for (const l of t.lex) emit('lx', l);
    for (const l of t.keyLex) emit('lxk', l);
  }
  for (const c of t.classes) emit('cl', c);
  if (t.dict !== '') {
    emit('dk', t.dict);
    if (config.lexicon) emit('dkl', t.dict + ' ' + t.lexState);
  }
}

/** Relative positions whose words feed a token's features. */
export const NEIGHBOR_OFFSETS = [-2, -1, 1, 2] as const;

/** Template names of the features a neighbour at distance d contributes (w-1, c-1, s2-1 …). */
const NEIGHBOR_TEMPLATES = new Map(
  NEIGHBOR_OFFSETS.map((d) => {
    const tag = (d < 0 ? '-' : '+') + Math.abs(d);
    const names = (stem: string): string => stem + tag;
    return [d, { w: names('w'), c: names('c'), ka: names('ka'), sh: names('sh'), lx: names('lx'), lxk: names('lxk'), tr: names('tr'), dk: names('dk'), cl: names('cl'), s: Array.from({ length: 10 }, (_, m) => `s${m}${tag}`) }] as const;
  }),
);

/**
 * Features a neighbour contributes to the token at distance `d` from it (the neighbour is at i + d);
 * `c` undefined = before the start / after the end of the sentence.
 */
export function neighborFeatures(config: FeatureConfig, c: TokenInfo | undefined, d: -2 | -1 | 1 | 2, out: string[]): void {
  neighborParts(config, c, d, stringSink(out));
}

/** `neighborFeatures`, as parts. */
export function neighborParts(config: FeatureConfig, c: TokenInfo | undefined, d: -2 | -1 | 1 | 2, emit: FeatureSink): void {
  const ad = d < 0 ? -d : d;
  const n = NEIGHBOR_TEMPLATES.get(d)!;
  if (ad <= config.window) emit(n.w, c ? c.norm : d < 0 ? BOS : EOS);
  if (ad === 1) {
    if (c) {
      emit(n.c, c.cls);
      if (c.cls === 'ar') {
        const k = Math.min(config.contextAffixes, c.norm.length - 1);
        for (let m = 1; m <= k; m++) emit(n.s[m]!, c.norm.slice(c.norm.length - m));
        if (config.contextStems) for (const b of c.bareKeys) emit(n.ka, b);
      }
    }
    if (config.conjunctions) emit(n.sh, shortShape(c, d < 0 ? BOS : EOS));
    if (config.lexicon && c) {
      for (const l of c.lex) emit(n.lx, l);
      for (const l of c.keyLex) emit(n.lxk, l);
    }
    if (config.triggers && c) {
      // The word before a token tells what may follow it (">"), the word after what may end before it ("<").
      const want = d < 0 ? '>' : '<';
      for (const l of c.trig) if (l[0] === want) emit(n.tr, l);
    }
    if (c && c.dict !== '') emit(n.dk, c.dict);
  } else if (ad === 2 && ad <= config.window && c && c.cls === 'ar') {
    const k = Math.min(config.farAffixes, c.norm.length - 1);
    for (let m = 1; m <= k; m++) emit(n.s[m]!, c.norm.slice(c.norm.length - m));
  }
  if (c) for (const k of c.classes) emit(n.cl, k);
}

/** History templates that name the previous tag and a value of the current word ("t-1p=B-PERS عبد"). */
const HISTORY_VALUE_TEMPLATES: ReadonlySet<string> = new Set(['t-1w', 't-1s', 't-1ls', 't-1p', 't-1c']);

/** Templates of `pairParts`: their features are "template=part part…" (parts never contain spaces). */
const PAIR_ORDER = ['bg-', 'bg+', 'sh-1+1', 'w-1+1', 'pos', 'lp-', 'lp+', 'lp3'] as const;
export const PAIR_TEMPLATES: ReadonlySet<string> = new Set(PAIR_ORDER);

/**
 * Features of token i that combine it with its neighbours, or depend on its position, as a template
 * and its parts (see `pairFeatures` for the strings).
 */
export function pairParts(config: FeatureConfig, sent: PreparedSentence, i: number, emit: (template: string, a: string, b?: string, c?: string) => void): void {
  const toks = sent.tokens;
  const t = toks[i]!;
  const prev = toks[i - 1];
  const next = toks[i + 1];
  const wPrev = prev ? prev.norm : BOS;
  const wNext = next ? next.norm : EOS;
  if (config.bigrams) {
    emit('bg-', wPrev, t.norm);
    emit('bg+', t.norm, wNext);
  }
  if (config.conjunctions) {
    emit('sh-1+1', shortShape(prev, BOS), shortShape(next, EOS));
    emit('w-1+1', wPrev, wNext);
    if (i < 3) emit('pos', POSITIONS[i]!);
  }
  if (config.lexicon && config.lexiconPairs) {
    const s0 = lexState(t, '');
    const sp = lexState(prev, BOS);
    const sn = lexState(next, EOS);
    emit('lp-', sp, s0);
    emit('lp+', s0, sn);
    emit('lp3', sp, s0, sn);
  }
}

/** Features of token i that combine it with its neighbours, or depend on its position. */
export function pairFeatures(config: FeatureConfig, sent: PreparedSentence, i: number, out: string[]): void {
  pairParts(config, sent, i, (template, a, b, c) => {
    out.push(template + '=' + a + (b === undefined ? '' : ' ' + b) + (c === undefined ? '' : ' ' + c));
  });
}

/**
 * Features of token i that do not depend on tags: its own, its neighbours' and the pairwise ones.
 * Appended to `out` as strings; the same strings are produced at training and tagging time.
 */
export function staticFeatures(config: FeatureConfig, sent: PreparedSentence, i: number, out: string[]): void {
  const toks = sent.tokens;
  selfFeatures(config, toks[i]!, out);
  for (const d of NEIGHBOR_OFFSETS) neighborFeatures(config, toks[i + d], d, out);
  pairFeatures(config, sent, i, out);
}

/** True for features that name the current word itself (dropped at random in training to strengthen context). */
export function isLexicalFeature(f: string): boolean {
  return f.startsWith('w=') || f.startsWith('k=') || f.startsWith('ka=') || f.startsWith('bg');
}

/**
 * Receives a history feature as its template, the previous tag(s) it names and its value: the string is
 * `template=prev value` (`template=prev` without a value).
 */
export type HistorySink = (template: string, prev: string, value?: string) => void;

/**
 * Features of token i that depend on the previous tags (p2 = tag at i-2, p1 = tag at i-1).
 * `lexical` false leaves out those naming the current word (word dropout in training).
 */
export function historyFeatures(config: FeatureConfig, sent: PreparedSentence, i: number, p2: string, p1: string, out: string[], lexical = true): void {
  historyParts(config, sent, i, p2, p1, (template, prev, value) => void out.push(template + '=' + prev + (value === undefined ? '' : ' ' + value)), lexical);
}

/** `historyFeatures`, as parts. */
export function historyParts(config: FeatureConfig, sent: PreparedSentence, i: number, p2: string, p1: string, emit: HistorySink, lexical = true): void {
  emit('t-1', p1);
  if (config.history >= 2) emit('t-2', p2, p1);
  const t = sent.tokens[i]!;
  const w = t.norm;
  if (config.historyWord && lexical) emit('t-1w', p1, w);
  if (config.historySuffix > 0 && w.length > config.historySuffix) emit('t-1s', p1, w.slice(w.length - config.historySuffix));
  if (config.historyState) emit('t-1ls', p1, t.lexState);
  if (config.historyPrefix > 0) emit('t-1p', p1, w.slice(0, config.historyPrefix));
  if (config.historyClitic) emit('t-1c', p1, t.lead);
  if (config.historyLex) {
    const l = t.lex[0] ?? t.keyLex[0];
    emit('t-1l', p1, l === undefined ? (t.cls === 'ar' ? '-' : t.cls) : l);
    emit('t-1w-1', p1, i > 0 ? sent.tokens[i - 1]!.norm : BOS);
  }
}

/** Start-of-sentence pseudo tag used in history features. */
export const START_TAG = '<s>';

// ---------------------------------------------------------------------------------------------
// BIO constraints

/** True when `tag` may follow `prev` in a valid BIO sequence (`prev` undefined = sentence start). */
export function allowedAfter(prev: string | undefined, tag: string): boolean {
  if (tag[0] !== 'I') return true;
  if (prev === undefined || prev === 'O' || prev === START_TAG) return false;
  return prev.slice(2) === tag.slice(2);
}

/** Repairs a tag sequence into valid BIO: an I-X not preceded by B-X/I-X becomes B-X. */
export function repairBio(tags: readonly BioTag[]): BioTag[] {
  const out = tags.slice();
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!;
    if (t[0] === 'I' && !allowedAfter(i > 0 ? out[i - 1] : undefined, t)) out[i] = ('B-' + t.slice(2)) as BioTag;
  }
  return out;
}

/** True when the sequence is valid BIO. */
export function isValidBio(tags: readonly string[]): boolean {
  for (let i = 0; i < tags.length; i++) {
    if (!isBioTag(tags[i]!)) return false;
    if (!allowedAfter(i > 0 ? tags[i - 1] : undefined, tags[i]!)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Lexicon

/** Parses model lexicon entries ("word<TAB>label,label"). */
export function parseLexicon(entries: readonly string[]): Lexicon {
  const m = new Map<string, readonly string[]>();
  for (const e of entries) {
    const tab = e.indexOf('\t');
    if (tab <= 0) throw new Error(`tagger model: bad lexicon entry ${JSON.stringify(e)}`);
    m.set(e.slice(0, tab), e.slice(tab + 1).split(','));
  }
  return m;
}

/**
 * Builds lexicon labels from tagged sentences: for each word form, the entity tags it carried, each
 * with strength h (at least half of its occurrences) or l. Words never in an entity are absent, or
 * with `seen` labelled SEEN_LABEL.
 */
export function buildLexicon(sentences: readonly { readonly words: readonly string[]; readonly tags: readonly string[] }[], seen = false, triggers = false): Map<string, string[]> {
  const total = new Map<string, number>();
  const byTag = new Map<string, Map<string, number>>();
  for (const s of sentences) {
    for (let i = 0; i < s.words.length; i++) {
      const w = featureForm(s.words[i]!);
      if (w === '') continue;
      total.set(w, (total.get(w) ?? 0) + 1);
      const tag = s.tags[i]!;
      if (tag === 'O') continue;
      let m = byTag.get(w);
      if (!m) byTag.set(w, (m = new Map()));
      m.set(tag, (m.get(tag) ?? 0) + 1);
    }
  }
  const out = new Map<string, string[]>();
  for (const [w, m] of byTag) {
    const n = total.get(w)!;
    const labels = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t, c]) => `${t}:${2 * c >= n ? 'h' : 'l'}`);
    out.set(w, labels);
  }
  if (seen) for (const w of total.keys()) if (!out.has(w)) out.set(w, [SEEN_LABEL]);
  if (triggers) {
    // ">X": the next token begins an X entity; "<X": the previous token ends an X entity and this one is O.
    const trig = new Map<string, Map<string, number>>();
    const bump = (w: string, label: string): void => {
      let m = trig.get(w);
      if (!m) trig.set(w, (m = new Map()));
      m.set(label, (m.get(label) ?? 0) + 1);
    };
    for (const s of sentences) {
      for (let i = 0; i < s.words.length; i++) {
        const w = featureForm(s.words[i]!);
        if (w === '') continue;
        const next = s.tags[i + 1];
        if (next !== undefined && next.startsWith('B-')) bump(w, '>' + next.slice(2));
        const prev = s.tags[i - 1];
        if (s.tags[i] === 'O' && prev !== undefined && prev !== 'O') bump(w, '<' + prev.slice(2));
      }
    }
    for (const [w, m] of trig) {
      const n = total.get(w)!;
      const labels = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([l, c]) => `${l}:${c / n >= 0.5 ? 'h' : c / n >= 0.2 ? 'm' : 'l'}`);
      out.set(w, [...(out.get(w) ?? []), ...labels]);
    }
  }
  return out;
}

/** True for trigger labels (">X…", "<X…"). */
export function isTriggerLabel(l: string): boolean {
  return l[0] === '>' || l[0] === '<';
}

/** Lexicon label of a word seen in training outside any entity (with `config.lexiconSeen`). */
export const SEEN_LABEL = 'O';

/** Lexicon entries in model form, sorted. */
export function lexiconEntries(lex: ReadonlyMap<string, readonly string[]>): string[] {
  return [...lex].map(([w, ls]) => `${w}\t${ls.join(',')}`).sort();
}

// ---------------------------------------------------------------------------------------------
// Tagger

/** A word's cached feature scores (see `PerceptronTagger.entry`). */
interface WordEntry {
  /** The word's analysis, slimmed to what decoding still needs (norm, class, lexicon state). */
  readonly info: TokenInfo;
  /** Scores of its own features (T), then those it contributes as neighbour at each of NEIGHBOR_OFFSETS (4 × T). */
  readonly vec: Float64Array;
  /** History scores [prev * T + t] (prev = T: start); undefined: the word-independent ones. */
  readonly hist: Float64Array | undefined;
  /** Ids of the word's form, short shape and lexicon state among the parts of pair features (-1: none). */
  readonly normPart: number;
  readonly shapePart: number;
  readonly statePart: number;
}



/**
 * Words whose feature scores are cached per generation: when the young generation is full it becomes
 * the old one (the previous old one is dropped); hits in the old generation move back to the young.
 */
const CACHE_LIMIT = 32768;

export class PerceptronTagger {
  readonly tags: readonly BioTag[];
  readonly config: FeatureConfig;
  readonly decoder: 'greedy' | 'viterbi';
  /** Feature string → row offset into `rows` (T floats per feature). */
  private readonly index: Map<string, number>;
  private readonly rows: Float64Array;
  /** allowed[prev * T + t], prev = T for sentence start. */
  private readonly allowed: Uint8Array;
  private readonly feats: string[] = [];
  private readonly lexicon: Lexicon | undefined;
  private readonly resources: TokenResources;
  /** Per-tag constant added to emissions (entity bias). */
  private readonly bias: Float64Array;
  /** Scores of the features sentence boundaries contribute as neighbours (4 × T). */
  private readonly boundary: Float64Array;
  /** History scores that do not depend on the word [prev * T + t] (prev = T: start). */
  private readonly trans: Float64Array;
  /** Whether history features can be cached per word (they depend on the current word only). */
  private readonly histPerWord: boolean;
  private cache = new Map<string, WordEntry>();
  private oldCache = new Map<string, WordEntry>();
  /** Features by template and value (see `FeatureSink`) → row offset. */
  private readonly parts = new Map<string, Map<string, number>>();
  /**
   * History features naming the previous tag and a value of the word (t-1w, t-1p …): template → value →
   * scores [prev * T + t] (prev = T: start), summed over the previous tags the model has.
   */
  private readonly histVectors = new Map<string, Map<string, Float64Array>>();
  /** Scores being summed by `emitPart`, and where. */
  private partTarget: Float64Array = new Float64Array(0);
  private partOffset = 0;
  private readonly emitPart: FeatureSink = (template, value) => {
    const o = this.parts.get(template)?.get(value ?? '');
    if (o === undefined) return;
    const target = this.partTarget;
    const at = this.partOffset;
    const rows = this.rows;
    for (let t = 0, T = this.tags.length; t < T; t++) target[at + t]! += rows[o + t]!;
  };
  /** History vectors being summed by `emitHistory`, into `histTarget` (allocated on the first hit). */
  private histTarget: Float64Array | undefined;
  private readonly emitHistory: HistorySink = (template, _prev, value) => {
    if (value === undefined || template === 't-2') return;
    const v = this.histVectors.get(template)?.get(value);
    if (!v) return;
    const h = (this.histTarget ??= this.trans.slice());
    for (let k = 0; k < v.length; k++) h[k]! += v[k]!;
  };
  /**
   * Pair features, by template in PAIR_ORDER: the key of their parts' ids (`a`, `a·N + b`, `(a·N + b)·N + c`
   * with N = number of distinct parts) → row offset. Numbers instead of strings: decoding computes the
   * keys from ids each word entry carries.
   */
  private readonly pairTables: Array<Map<number, number>> = PAIR_ORDER.map(() => new Map());
  /** Distinct parts of pair features (words, short shapes, lexicon states, positions) → id. */
  private readonly pairPartIds = new Map<string, number>();
  private readonly bosPart: number;
  private readonly eosPart: number;
  private readonly positionParts: readonly number[];

  private constructor(tags: readonly BioTag[], config: FeatureConfig, decoder: 'greedy' | 'viterbi', index: Map<string, number>, rows: Float64Array, lexicon: Lexicon | undefined, entityBias: number, words: WordList | undefined) {
    this.tags = tags;
    this.lexicon = lexicon;
    this.resources = tokenResources(config, words);
    this.bias = Float64Array.from(tags, (t) => (t === 'O' ? 0 : entityBias));
    this.config = config;
    this.decoder = decoder;
    this.index = index;
    this.rows = rows;
    const T = tags.length;
    this.allowed = new Uint8Array((T + 1) * T);
    for (let p = 0; p <= T; p++) {
      for (let t = 0; t < T; t++) this.allowed[p * T + t] = allowedAfter(p < T ? tags[p] : undefined, tags[t]!) ? 1 : 0;
    }
    this.histPerWord = decoder === 'viterbi' && !config.historyLex;
    this.pairScratch = new Float64Array(tags.length);
    const prevIndex = new Map<string, number>(tags.map((t, i) => [t, i]));
    const pairs: Array<{ table: number; ids: number[]; offset: number }> = [];
    prevIndex.set(START_TAG, T);
    for (const [f, o] of index) {
      const eq = f.indexOf('=');
      const template = eq < 0 ? f : f.slice(0, eq);
      const value = eq < 0 ? '' : f.slice(eq + 1);
      if (HISTORY_VALUE_TEMPLATES.has(template)) {
        const sp = value.indexOf(' ');
        const p = sp < 0 ? undefined : prevIndex.get(value.slice(0, sp));
        if (p === undefined) continue;
        let byValue = this.histVectors.get(template);
        if (!byValue) this.histVectors.set(template, (byValue = new Map()));
        const key = value.slice(sp + 1);
        let v = byValue.get(key);
        if (!v) byValue.set(key, (v = new Float64Array((T + 1) * T)));
        for (let t = 0; t < T; t++) v[p * T + t]! += rows[o + t]!;
        continue;
      }
      if (!PAIR_TEMPLATES.has(template)) {
        let byValue = this.parts.get(template);
        if (!byValue) this.parts.set(template, (byValue = new Map()));
        byValue.set(value, o);
        continue;
      }
      const ids = value.split(' ').map((part) => {
        let id = this.pairPartIds.get(part);
        if (id === undefined) this.pairPartIds.set(part, (id = this.pairPartIds.size));
        return id;
      });
      pairs.push({ table: PAIR_ORDER.indexOf(template as (typeof PAIR_ORDER)[number]), ids, offset: o });
    }
    for (const { table, ids, offset } of pairs) this.pairTables[table]!.set(this.pairKey(ids[0]!, ids[1] ?? -2, ids[2] ?? -2), offset);
    this.bosPart = this.pairPartIds.get(BOS) ?? -1;
    this.eosPart = this.pairPartIds.get(EOS) ?? -1;
    this.positionParts = POSITIONS.map((p) => this.pairPartIds.get(p) ?? -1);
    this.boundary = new Float64Array(NEIGHBOR_OFFSETS.length * T);
    NEIGHBOR_OFFSETS.forEach((d, j) => this.scoreParts((emit) => neighborParts(config, undefined, d, emit), this.boundary, j * T));
    // Word-independent history scores: those of a token whose word has no history features of its own.
    this.trans = new Float64Array((T + 1) * T);
    const empty: PreparedSentence = { tokens: [prepareToken('', undefined)] };
    for (let p = 0; p <= T; p++) {
      this.scoreInto((out) => {
        historyFeatures(config, empty, 0, START_TAG, p === T ? START_TAG : tags[p]!, out);
        // Keep only the features that do not name the word.
        const kept = out.filter((f) => f.startsWith('t-1=') || f.startsWith('t-2='));
        out.length = 0;
        out.push(...kept);
      }, this.trans, p * T);
    }
  }

  /**
   * Builds a tagger from a model object; throws when the model is malformed. `options.words` is the
   * word list a model with `config.dictionary` consults (without it, those features are off).
   */
  static fromModel(m: TaggerModel, options: { readonly words?: WordList } = {}): PerceptronTagger {
    if (m.format !== 'arabic-news-perceptron-tagger' || m.version !== 1) throw new Error(`unsupported tagger model ${String(m.format)} v${String(m.version)}`);
    const tags: BioTag[] = [];
    for (const t of m.tags) {
      if (!isBioTag(t)) throw new Error(`tagger model: unknown tag ${t}`);
      tags.push(t);
    }
    if (!tags.includes('O')) throw new Error('tagger model: no O tag');
    const T = tags.length;
    if (m.masks.length !== m.features.length) throw new Error('tagger model: masks and features differ in length');
    const rows = new Float64Array(m.features.length * T);
    const index = new Map<string, number>();
    let w = 0;
    for (let f = 0; f < m.features.length; f++) {
      const mask = m.masks[f]!;
      const base = f * T;
      for (let t = 0; t < T; t++) {
        if (mask & (1 << t)) {
          const v = m.weights[w++];
          if (v === undefined) throw new Error('tagger model: too few weights');
          rows[base + t] = v;
        }
      }
      index.set(m.features[f]!, base);
    }
    if (w !== m.weights.length) throw new Error('tagger model: too many weights');
    return new PerceptronTagger(tags, m.config, m.decoder, index, rows, m.lexicon ? parseLexicon(m.lexicon) : undefined, m.entityBias ?? 0, options.words);
  }

  /** Number of features in the model. */
  get featureCount(): number {
    return this.index.size;
  }

  /**
   * The entity tags a word carried in the training data (from the model's lexicon: the word itself, else
   * its proclitic-free keys), without their strength: e.g. ["B-PERS", "I-PERS"]. Empty without a lexicon.
   */
  entityLabels(word: string): string[] {
    if (!this.lexicon) return [];
    const info = prepareToken(word, this.lexicon);
    const out: string[] = [];
    for (const l of info.lex.length > 0 && info.lex[0] !== SEEN_LABEL ? info.lex : info.keyLex) {
      const tag = l.slice(0, l.indexOf(':'));
      if (tag !== '' && !out.includes(tag)) out.push(tag);
    }
    return out;
  }

  /** Tags one sentence (surface tokens, clitics attached, punctuation separate). Always valid BIO. */
  tag(words: readonly string[]): BioTag[] {
    return this.decode(words, false).map((s) => s.tag);
  }

  /** Tags one sentence, with each token's score and margin. */
  tagWithScores(words: readonly string[]): ScoredTag[] {
    return this.decode(words, true);
  }

  private decode(words: readonly string[], margins: boolean): ScoredTag[] {
    if (words.length === 0) return [];
    const entries = words.map((w) => this.entry(w));
    const sent: PreparedSentence = { tokens: entries.map((e) => e.info) };
    const em = this.emissions(entries);
    const out = this.decoder === 'viterbi' ? this.viterbi(sent, entries, em, margins) : this.greedy(sent, em);
    // Decoding is constrained; repair is a safety net only.
    const fixed = repairBio(out.map((s) => s.tag));
    return out.map((s, i) => (s.tag === fixed[i] ? s : { ...s, tag: fixed[i]! }));
  }

  /** Adds the scores of the features `produce` emits as parts into `target` at `offset`. */
  private scoreParts(produce: (emit: FeatureSink) => void, target: Float64Array, offset: number): void {
    this.partTarget = target;
    this.partOffset = offset;
    produce(this.emitPart);
  }

  /** Adds the scores of the features `emit` produces into `target` at `offset`. */
  private scoreInto(emit: (out: string[]) => void, target: Float64Array, offset: number): boolean {
    const feats: string[] = [];
    emit(feats);
    const T = this.tags.length;
    const rows = this.rows;
    let any = false;
    for (const f of feats) {
      const o = this.index.get(f);
      if (o === undefined) continue;
      any = true;
      for (let t = 0; t < T; t++) target[offset + t]! += rows[o + t]!;
    }
    return any;
  }

  /** The cached analysis and feature scores of a word. */
  private entry(word: string): WordEntry {
    const hit = this.cache.get(word);
    if (hit) return hit;
    const old = this.oldCache.get(word);
    if (old) {
      this.remember(word, old);
      return old;
    }
    const T = this.tags.length;
    const config = this.config;
    const info = prepareToken(word, this.lexicon, this.resources);
    const vec = new Float64Array((1 + NEIGHBOR_OFFSETS.length) * T);
    this.scoreParts((emit) => selfParts(config, info, emit), vec, 0);
    for (let j = 0; j < NEIGHBOR_OFFSETS.length; j++) {
      const d = NEIGHBOR_OFFSETS[j]!;
      this.scoreParts((emit) => neighborParts(config, info, d, emit), vec, (j + 1) * T);
    }
    let hist: Float64Array | undefined;
    if (this.histPerWord) {
      // The word's history features, each a vector over the previous tag (see `histVectors`); the
      // placeholder tag is not read. Words with none share `trans`.
      this.histTarget = undefined;
      historyParts(config, { tokens: [info] }, 0, START_TAG, START_TAG, this.emitHistory);
      hist = this.histTarget;
      this.histTarget = undefined;
    }
    // Keep only what decoding reads after this point.
    const slim: TokenInfo = { ...info, keys: NONE, bareKeys: NONE, prefixes: NONE, trig: NONE, classes: NONE };
    const part = (x: string): number => this.pairPartIds.get(x) ?? -1;
    const e: WordEntry = { info: slim, vec, hist, normPart: part(info.norm), shapePart: part(info.shortShape), statePart: part(info.lexState) };
    this.remember(word, e);
    return e;
  }

  private remember(word: string, e: WordEntry): void {
    if (this.cache.size >= CACHE_LIMIT) {
      this.oldCache = this.cache;
      this.cache = new Map();
    }
    this.cache.set(word, e);
  }

  private addFeatures(feats: readonly string[], scores: Float64Array): void {
    const T = this.tags.length;
    const rows = this.rows;
    for (const f of feats) {
      const o = this.index.get(f);
      if (o === undefined) continue;
      for (let t = 0; t < T; t++) scores[t]! += rows[o + t]!;
    }
  }

  /** Working arrays of decoding, grown as sentences need and reused (they are garbage otherwise). */
  private readonly scratchFloats = new Map<string, Float64Array>();
  private scratchInts = new Int32Array(0);
  private readonly pairScratch: Float64Array;

  private scratch(name: 'local' | 'delta' | 'em', size: number): Float64Array {
    let a = this.scratchFloats.get(name);
    if (!a || a.length < size) this.scratchFloats.set(name, (a = new Float64Array(Math.max(size, 2 * (a?.length ?? 0)))));
    return a.subarray(0, size);
  }

  private scratchInt(size: number): Int32Array {
    if (this.scratchInts.length < size) this.scratchInts = new Int32Array(Math.max(size, 2 * this.scratchInts.length));
    return this.scratchInts.subarray(0, size);
  }

  /** Key of a pair feature's parts in `pairTables` (b, c = -2: absent). */
  private pairKey(a: number, b: number, c: number): number {
    const n = this.pairPartIds.size;
    return b === -2 ? a : c === -2 ? a * n + b : (a * n + b) * n + c;
  }

  /** Adds the row of pair feature `key` of table `table` (when the model has it) to `scores`. */
  private addPair(table: number, key: number, scores: Float64Array): void {
    const o = this.pairTables[table]!.get(key);
    if (o === undefined) return;
    const rows = this.rows;
    for (let t = 0; t < scores.length; t++) scores[t]! += rows[o + t]!;
  }

  /** The scores of token i's pair features (as `pairParts` emits them), from the ids its entries carry. */
  private addPairs(entries: readonly WordEntry[], i: number, scores: Float64Array): void {
    const config = this.config;
    const e = entries[i]!;
    const prev = entries[i - 1];
    const next = entries[i + 1];
    const wPrev = prev ? prev.normPart : this.bosPart;
    const wNext = next ? next.normPart : this.eosPart;
    const w = e.normPart;
    if (config.bigrams) {
      if (wPrev >= 0 && w >= 0) this.addPair(0, this.pairKey(wPrev, w, -2), scores);
      if (w >= 0 && wNext >= 0) this.addPair(1, this.pairKey(w, wNext, -2), scores);
    }
    if (config.conjunctions) {
      const shPrev = prev ? prev.shapePart : this.bosPart;
      const shNext = next ? next.shapePart : this.eosPart;
      if (shPrev >= 0 && shNext >= 0) this.addPair(2, this.pairKey(shPrev, shNext, -2), scores);
      if (wPrev >= 0 && wNext >= 0) this.addPair(3, this.pairKey(wPrev, wNext, -2), scores);
      if (i < 3 && this.positionParts[i]! >= 0) this.addPair(4, this.pairKey(this.positionParts[i]!, -2, -2), scores);
    }
    if (config.lexicon && config.lexiconPairs) {
      const s0 = e.statePart;
      const sp = prev ? prev.statePart : this.bosPart;
      const sn = next ? next.statePart : this.eosPart;
      if (sp >= 0 && s0 >= 0) this.addPair(5, this.pairKey(sp, s0, -2), scores);
      if (s0 >= 0 && sn >= 0) this.addPair(6, this.pairKey(s0, sn, -2), scores);
      if (sp >= 0 && s0 >= 0 && sn >= 0) this.addPair(7, this.pairKey(sp, s0, sn), scores);
    }
  }

  /** Emission scores em[i * T + t]: bias + own + neighbour + pairwise feature scores. */
  private emissions(entries: readonly WordEntry[]): Float64Array {
    const T = this.tags.length;
    const n = entries.length;
    const em = this.scratch('em', n * T);
    const scores = this.pairScratch;
    for (let i = 0; i < n; i++) {
      scores.set(this.bias);
      const self = entries[i]!.vec;
      for (let t = 0; t < T; t++) scores[t]! += self[t]!;
      for (let j = 0; j < NEIGHBOR_OFFSETS.length; j++) {
        const k = i + NEIGHBOR_OFFSETS[j]!;
        const inside = k >= 0 && k < n;
        const src = inside ? entries[k]!.vec : this.boundary;
        const o = (inside ? j + 1 : j) * T;
        for (let t = 0; t < T; t++) scores[t]! += src[o + t]!;
      }
      this.addPairs(entries, i, scores);
      em.set(scores, i * T);
    }
    return em;
  }

  private greedy(sent: PreparedSentence, em: Float64Array): ScoredTag[] {
    const T = this.tags.length;
    const n = sent.tokens.length;
    const out: ScoredTag[] = [];
    const scores = new Float64Array(T);
    const feats = this.feats;
    let p1 = -1;
    let p2 = -1;
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < T; t++) scores[t] = em[i * T + t]!;
      feats.length = 0;
      historyFeatures(this.config, sent, i, p2 < 0 ? START_TAG : this.tags[p2]!, p1 < 0 ? START_TAG : this.tags[p1]!, feats);
      this.addFeatures(feats, scores);
      const allowRow = (p1 < 0 ? T : p1) * T;
      let best = -1;
      let second = -Infinity;
      for (let t = 0; t < T; t++) {
        if (!this.allowed[allowRow + t]) continue;
        if (best < 0 || scores[t]! > scores[best]!) {
          if (best >= 0) second = Math.max(second, scores[best]!);
          best = t;
        } else if (scores[t]! > second) {
          second = scores[t]!;
        }
      }
      out.push({ tag: this.tags[best]!, score: scores[best]!, margin: second === -Infinity ? Infinity : scores[best]! - second });
      p2 = p1;
      p1 = best;
    }
    return out;
  }

  /**
   * First-order Viterbi (history features may depend on the previous tag only). The margin of a token
   * is the best path's score minus the best score of a path that tags the token otherwise.
   */
  private viterbi(sent: PreparedSentence, entries: readonly WordEntry[], em: Float64Array, margins: boolean): ScoredTag[] {
    const T = this.tags.length;
    const S = T + 1;
    const n = entries.length;
    // local[(i * S + p) * T + t]: emission + history score of t at i after p (p = T: start); -Infinity if not allowed.
    const local = this.scratch('local', n * S * T).fill(-Infinity);
    const feats = this.feats;
    const scores = new Float64Array(T);
    for (let i = 0; i < n; i++) {
      const hist = this.histPerWord ? entries[i]!.hist ?? this.trans : undefined;
      for (let p = 0; p <= T; p++) {
        if (i === 0 ? p !== T : p === T) continue;
        let h: Float64Array;
        let ho = 0;
        if (hist) {
          h = hist;
          ho = p * T;
        } else {
          feats.length = 0;
          historyFeatures(this.config, sent, i, START_TAG, p === T ? START_TAG : this.tags[p]!, feats);
          scores.fill(0);
          this.addFeatures(feats, scores);
          h = scores;
        }
        const base = (i * S + p) * T;
        for (let t = 0; t < T; t++) if (this.allowed[p * T + t]) local[base + t] = em[i * T + t]! + h[ho + t]!;
      }
    }
    const delta = this.scratch('delta', n * T).fill(-Infinity);
    const back = this.scratchInt(n * T).fill(-1);
    for (let t = 0; t < T; t++) delta[t] = local[T * T + t]!;
    for (let i = 1; i < n; i++) {
      for (let t = 0; t < T; t++) {
        let bestV = -Infinity;
        let bestP = -1;
        for (let p = 0; p < T; p++) {
          const v = delta[(i - 1) * T + p]! + local[(i * S + p) * T + t]!;
          if (v > bestV) {
            bestV = v;
            bestP = p;
          }
        }
        delta[i * T + t] = bestV;
        back[i * T + t] = bestP;
      }
    }
    // Backward max scores: beta[i * T + t] = best score of the rest of the sentence after t at i.
    const beta = new Float64Array(n * T);
    for (let i = margins ? n - 2 : -1; i >= 0; i--) {
      for (let t = 0; t < T; t++) {
        let b = -Infinity;
        for (let u = 0; u < T; u++) {
          const v = local[((i + 1) * S + t) * T + u]! + beta[(i + 1) * T + u]!;
          if (v > b) b = v;
        }
        beta[i * T + t] = b;
      }
    }
    const path = new Int32Array(n);
    let best = 0;
    for (let t = 1; t < T; t++) if (delta[(n - 1) * T + t]! > delta[(n - 1) * T + best]!) best = t;
    path[n - 1] = best;
    for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * T + path[i]!]!;
    const total = delta[(n - 1) * T + best]!;
    const out: ScoredTag[] = [];
    for (let i = 0; i < n; i++) {
      const t = path[i]!;
      let second = -Infinity;
      for (let u = 0; margins && u < T; u++) {
        if (u === t) continue;
        const v = delta[i * T + u]! + beta[i * T + u]!;
        if (v > second) second = v;
      }
      out.push({ tag: this.tags[t]!, score: em[i * T + t]!, margin: second === -Infinity ? Infinity : total - second });
    }
    return out;
  }
}
