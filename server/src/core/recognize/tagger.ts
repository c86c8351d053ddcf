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
import { cliticAnalyses, withoutArticle, type CliticAnalysis } from '../text/clitics';
import { normalize } from '../text/normalize';
import { ownCopy } from '../text/ownStrings';
import { isKnownAfterClitics, type WordList } from '../lexicon/wordList';
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

/** What token preparation reads of a lexicon. */
export interface LexiconLookup {
  get(word: string): readonly string[] | undefined;
}

/**
 * A model's lexicon entries ("word<TAB>label,label") by word, each split into its labels when first
 * looked up (most words of a model's lexicon never are).
 */
class EntryLexicon implements LexiconLookup {
  private readonly byWord = new Map<string, string | readonly string[]>();

  constructor(entries: readonly string[]) {
    for (const e of entries) {
      const tab = e.indexOf('\t');
      if (tab <= 0) throw new Error(`tagger model: bad lexicon entry ${JSON.stringify(e)}`);
      this.byWord.set(e.slice(0, tab), e);
    }
  }

  get(word: string): readonly string[] | undefined {
    const v = this.byWord.get(word);
    if (typeof v !== 'string') return v;
    const labels = v.slice(v.indexOf('\t') + 1).split(',');
    this.byWord.set(word, labels);
    return labels;
  }
}

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

function prepareToken(word: string, lexicon: LexiconLookup | undefined, res: TokenResources = NO_RESOURCES): TokenInfo {
  const { norm, cls } = formOf(word);
  let keys = NONE as string[];
  let bareKeys = NONE as string[];
  let prefixes = NONE as string[];
  let allKeys = NONE as string[];
  let analyses: CliticAnalysis[] | undefined;
  if (cls === 'ar') {
    keys = [];
    bareKeys = [];
    prefixes = [];
    allKeys = [];
    analyses = cliticAnalyses(norm);
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
    let triggers = 0;
    for (const l of all) if (isTriggerLabel(l)) triggers++;
    if (triggers === 0) {
      lex = all;
    } else {
      lex = all.filter((l) => !isTriggerLabel(l));
      trig = all.filter(isTriggerLabel);
    }
    // Labels of the clitic-stripped keys, looked up once.
    const keyLabels = keys.length === 0 ? NONE_LABELS : keys.map((k) => lexicon.get(k) ?? NONE);
    if (trig.length === 0) {
      let found: string[] | undefined;
      for (const ls of keyLabels) for (const l of ls) if (isTriggerLabel(l) && !found?.includes(l)) (found ??= []).push(l);
      if (found) trig = found;
    }
    if (lex.length === 0 || lex[0] === SEEN_LABEL) {
      let found: string[] | undefined;
      for (const ls of keyLabels) for (const l of ls) if (l !== SEEN_LABEL && !isTriggerLabel(l) && !found?.includes(l)) (found ??= []).push(l);
      for (const k of bareKeys) for (const l of lexicon.get(k) ?? NONE) if (l !== SEEN_LABEL && !isTriggerLabel(l) && !found?.includes(l)) (found ??= []).push(l);
      if (found) keyLex = found;
    }
  }
  const classes = res.classes && cls === 'ar' ? wordClasses(norm, allKeys) : NONE;
  // (isKnownWord, without looking the word up again.)
  const dict = res.words && analyses ? (res.words.has(norm) ? 'x' : isKnownAfterClitics(analyses, res.words) ? 'c' : 'u') : '';
  return {
    norm, cls, keys, bareKeys, prefixes, lex, keyLex, trig,
    shortShape: computeShortShape(norm, cls), lexState: computeLexState(norm, cls, lex, keyLex),
    classes, dict, lead: prefixes[0] ?? '-',
  };
}

const NONE_LABELS: ReadonlyArray<readonly string[]> = [];

/** Normalizes and analyses the words of one sentence for feature extraction. */
export function prepareSentence(words: readonly string[], lexicon?: LexiconLookup, res?: TokenResources): PreparedSentence {
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


/**
 * How many word forms the tagger keeps the feature scores of, by default (`TaggerCacheLimits.words`).
 * The arrays grow with the forms seen, up to this; then the clock hand evicts forms not used since its
 * last pass, so rare words go first. News has long tails: 10,000 articles have 188,189 distinct forms,
 * of which this cache builds 197,234 times (every form once, and 5% again after an eviction); twice the
 * size would save those 5%, half of it would build 45% more. Memory at the limit (9 tags), measured:
 * about 45 MB (per form 27 scores of 8 bytes and 41 bytes of ids and flags, 34 MB; the map from words to
 * slots; the shared vectors), on top of the 15 MB of the model's tables.
 */
export const DEFAULT_CACHE_WORDS = 1 << 17;

/**
 * Distinct vectors shared by words (see `PerceptronTagger`): what a word contributes two tokens away, and
 * its history scores. Both are functions of which model features the word hits, so their number is bounded
 * by the model (about 5,000 and 7,600 on 10,000 articles); reaching a limit clears every cache at the
 * start of the next sentence.
 */
const DEFAULT_CACHE_BLOCKS = 1 << 15;
const DEFAULT_CACHE_HISTORIES = 1 << 14;

/** Bounds of the tagger's caches (see DEFAULT_CACHE_WORDS); results never depend on them. */
export interface TaggerCacheLimits {
  /** Word forms. A sentence with more distinct words than this gets them all (the cache grows). */
  readonly words?: number;
  /** Shared vectors of far neighbours. */
  readonly blocks?: number;
  /** Shared history vectors. */
  readonly histories?: number;
}

export interface TaggerOptions {
  /** The word list a model with `config.dictionary` consults (without it, those features are off). */
  readonly words?: WordList;
  readonly cache?: TaggerCacheLimits;
}

// Ints per cached word (slot): ids of its shared vectors, of its pair-feature parts, the last sentence using it.
/** Shared vector of what the word contributes as neighbour at -2 (0: nothing). */
const S_BEFORE2 = 0;
/** … at +2. */
const S_AFTER2 = 1;
/** Shared history vector (0: the word-independent one, `trans`). */
const S_HIST = 2;
/** Ids of the word's form, short shape and lexicon state among the parts of pair features (-1: none). */
const S_NORM = 3;
const S_SHAPE = 4;
const S_STATE = 5;
/** The same among the parts of dense pair tables (-1: none). */
const S_NORM_SMALL = 6;
const S_SHAPE_SMALL = 7;
const S_STATE_SMALL = 8;
/** Number of the sentence being decoded when the word was last looked up (such slots are never evicted). */
const S_STAMP = 9;
const SLOT_INTS = 10;
/**
 * Score vectors per cached word, inline: its own features plus the entity bias, and what it contributes as
 * neighbour at -1 and +1.
 */
const INLINE_BLOCKS = 3;
/** Pair tables whose parts at every position number at most this many may be dense arrays (lexicon states, positions). */
const SMALL_DOMAIN = 64;
/** … if the array has at most this many cells. */
const DENSE_CELLS = 1 << 16;

/** Tables of pair features, in PAIR_ORDER. */
const PAIR_BG_BEFORE = 0;
const PAIR_BG_AFTER = 1;
const PAIR_SHAPES = 2;
const PAIR_WORDS = 3;
const PAIR_POS = 4;
const PAIR_LEX_BEFORE = 5;
const PAIR_LEX_AFTER = 6;
const PAIR_LEX3 = 7;

function pairHash(table: number, a: number, b: number, c: number): number {
  let h = Math.imul(a ^ (table << 27), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0xc2b2ae3d);
  return h ^ (h >>> 16);
}

/** Key of a list of feature indexes or ids (each < 2^32) as a string of two code units each. */
function hitKey(hits: readonly number[]): string {
  let s = '';
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k]!;
    s += String.fromCharCode(h & 0xffff, h >>> 16);
  }
  return s;
}

/** What the model's feature templates are at tagging time. */
const KIND_PART = 0;
const KIND_HISTORY = 1;
const KIND_PAIR = 2;
/** Template id of the records of pair-feature parts (see `byValue`). */
const PAIR_PART = 0;

/**
 * The averaged perceptron at tagging time.
 *
 * Feature scores are looked up by template and value (the sinks of `selfParts`, `neighborParts` and
 * `historyParts`), never as built strings, and summed once per word form: a word's own features and what
 * it contributes as a neighbour at -1 and +1 are kept inline in a slot of a pooled arena; what it
 * contributes at ±2 and its history scores (a vector over the previous tag) are shared between words
 * hitting the same model features in the same order (the same sums, bit for bit). Pair features
 * (`pairParts`) are found by the ids of their parts in an open-addressing table. Decoding reuses typed
 * arrays and allocates only the returned tags. Every sum is taken in the order the features are emitted,
 * so tags, scores and margins do not depend on what the caches hold.
 */
export class PerceptronTagger {
  /** Words are normalized before their features are extracted (see `featureForm`). */
  readonly normalizesInput = true;
  readonly tags: readonly BioTag[];
  readonly config: FeatureConfig;
  readonly decoder: 'greedy' | 'viterbi';
  private readonly T: number;
  private readonly featureTotal: number;
  /**
   * Weights, sparse as in the model: feature f has a weight for tag t when bit t of fMeta[2f] is set; they
   * follow one another from weights[fMeta[2f + 1]], tags ascending. (Adding only these gives the sums of a
   * dense row: no sum is ever -0, so adding +0 changes nothing.) Features are known by their index f.
   */
  private readonly weights: Float64Array;
  private readonly fMeta: Int32Array;
  /** Weights of the pair features as dense rows (T per feature, in the order of `pairs`): the tables hold their numbers. */
  private readonly pairVecs: Float64Array;
  /** Feature string → index; only for decoders that build history features as strings (greedy, `historyLex`). */
  private readonly index: Map<string, number> | undefined;
  /** allowed[prev * T + t], prev = T for sentence start. */
  private readonly allowed: Uint8Array;
  /** The previous tags allowed before tag t: prevList[prevStart[t] … prevStart[t + 1]), ascending. */
  private readonly prevList: Int32Array;
  private readonly prevStart: Int32Array;
  /** The tags are BIO_TAGS, in that order (see `forwardBio`). */
  private readonly bioOrder: boolean;
  /** Best score of the last `best9` or `best2`. */
  private bestV = 0;
  /** anyPrev[t]: every tag may precede t (then prevList lists 0 … T-1 for it). */
  private readonly anyPrev: Uint8Array;
  private readonly feats: string[] = [];
  private readonly lexicon: LexiconLookup | undefined;
  private readonly resources: TokenResources;
  /** Per-tag constant added to emissions (entity bias). */
  private readonly bias: Float64Array;
  /** Scores of the features sentence boundaries contribute as neighbours (4 × T). */
  private readonly boundary: Float64Array;
  /** History scores that do not depend on the word [prev * T + t] (prev = T: start). */
  private readonly trans: Float64Array;
  /** Whether history features can be cached per word (they depend on the current word only). */
  private readonly histPerWord: boolean;
  /**
   * The model's features by value: byValue.get(value) is its record of (template id, index) pairs: the feature index for a plain template, the history vector (histRows) for
   * a history template (t-1w, t-1p … naming the previous tag and this value), the part id for PAIR_PART
   * (the value is a part of pair features). One lookup per value string: the features of a word hit the
   * same few values (its form, affixes, labels, classes) under several templates.
   */
  private readonly byValue: Map<string, readonly number[]>;
  /** Template names (plain and history) → ids; templateKind[id]. */
  private readonly templateIds = new Map<string, number>();
  private readonly templateKind: Uint8Array;
  /**
   * History features naming the previous tag and a value of the word: vectors histRows[id * (T + 1) * T …]
   * of scores [prev * T + t] (prev = T: start), summed over the previous tags the model has.
   */
  private readonly histRows: Float64Array;

  // Pair features: (table, a, b, c) → pair feature number (see pairVecs), b and c -1 when absent; a part's bit (table * 3 + position)
  // in pairPartMask tells whether any pair feature has it there.
  private readonly pairPartMask: Int32Array;
  private readonly pairKeys: Int32Array;
  private readonly pairRows: Int32Array;
  private readonly pairSlots: number;
  private readonly bosPart: number;
  private readonly eosPart: number;
  private readonly positionParts: readonly number[];
  /**
   * Pair tables over few parts as dense arrays, by table: pair feature number (see pairVecs) at cell (a·U + b)·U + c of the parts'
   * small ids (U of them), -1 when the model has no such feature; undefined: in the hash table.
   */
  private readonly dense: ReadonlyArray<Int32Array | undefined>;
  /** Number of parts of the features of each dense table (0: not dense). */
  private readonly denseArity: readonly number[];
  private readonly smallIds: Int32Array;
  private readonly smallCount: number;
  private readonly bosSmall: number;
  private readonly eosSmall: number;
  private readonly positionSmall: readonly number[];

  // The word cache: slots of an arena, found by word, evicted by a clock.
  private readonly cacheWords: number;
  private readonly blockLimit: number;
  private readonly histLimit: number;
  private readonly slotIndex = new Map<string, number>();
  private slotWords: string[] = [];
  private slotVecs = new Float64Array(0);
  private slotInts = new Int32Array(0);
  private slotRef = new Uint8Array(0);
  private slotCount = 0;
  private hand = 0;
  private stamp = 0;
  /** Shared vectors of far neighbours (id 0: zeros), by the features they sum. */
  private readonly blockIds = new Map<string, number>();
  private blockVecs: Float64Array;
  private blockCount = 1;
  /**
   * Shared history vectors (id 0: `trans`), by the history vector ids they sum, packed (see `packIndex`):
   * histVecs[id * PH + packIndex[prev * T + t]].
   */
  private readonly histPoolIds = new Map<string, number>();
  private histVecs: Float64Array;
  private readonly histSum: Float64Array;
  /**
   * Packed history scores: only the transitions BIO allows, grouped by tag, in the order Viterbi reads
   * them. packIndex[prev * T + t] (prev = T: start): position in a packed vector, -1 if not allowed; the
   * previous tags of t are at packStart[t] … in prevList order, then the start.
   */
  private readonly packIndex: Int32Array;
  private readonly packStart: Int32Array;
  /** Size of a packed history vector. */
  private readonly PH: number;
  private histCount = 1;

  /** Scores being summed by `emitPart`, and where; feature indexes or ids collected by the other sinks. */
  private partTarget: Float64Array = new Float64Array(0);
  private partOffset = 0;
  private readonly hits: number[] = [];
  private readonly oneToken: TokenInfo[] = [];
  private readonly oneSentence: PreparedSentence = { tokens: this.oneToken };
  private readonly emitPart: FeatureSink = (template, value) => {
    const f = this.lookup(template, KIND_PART, value ?? '');
    if (f >= 0) this.addRow(f, this.partTarget, this.partOffset);
  };
  private readonly collectPart: FeatureSink = (template, value) => {
    const f = this.lookup(template, KIND_PART, value ?? '');
    if (f >= 0) this.hits.push(f);
  };
  private readonly collectHistory: HistorySink = (template, _prev, value) => {
    if (value === undefined || template === 't-2') return;
    const id = this.lookup(template, KIND_HISTORY, value);
    if (id >= 0) this.hits.push(id);
  };

  // Decoding scratch, grown as sentences need.
  private slots = new Int32Array(0);
  private histBase = new Int32Array(0);
  private path = new Int32Array(0);
  private em = new Float64Array(0);
  private delta = new Float64Array(0);
  private back = new Int32Array(0);
  private beta = new Float64Array(0);
  private scoreOut = new Float64Array(0);
  private marginOut = new Float64Array(0);
  private sentHist = new Float64Array(0);
  private readonly greedyScores: Float64Array;
  /** Pair features of the token being scored (at most one per table). */
  private readonly pairHits = new Int32Array(PAIR_ORDER.length);

  private constructor(tags: readonly BioTag[], config: FeatureConfig, decoder: 'greedy' | 'viterbi', features: readonly string[], weights: Float64Array, fMeta: Int32Array, lexicon: LexiconLookup | undefined, entityBias: number, options: TaggerOptions) {
    const T = tags.length;
    this.T = T;
    this.tags = tags;
    this.lexicon = lexicon;
    this.resources = tokenResources(config, options.words);
    this.bias = Float64Array.from(tags, (t) => (t === 'O' ? 0 : entityBias));
    this.config = config;
    this.decoder = decoder;
    this.weights = weights;
    this.fMeta = fMeta;
    this.featureTotal = features.length;
    this.cacheWords = Math.max(1, Math.floor(options.cache?.words ?? DEFAULT_CACHE_WORDS));
    this.blockLimit = Math.max(1, Math.floor(options.cache?.blocks ?? DEFAULT_CACHE_BLOCKS));
    this.histLimit = Math.max(1, Math.floor(options.cache?.histories ?? DEFAULT_CACHE_HISTORIES));
    this.allowed = new Uint8Array((T + 1) * T);
    for (let p = 0; p <= T; p++) {
      for (let t = 0; t < T; t++) this.allowed[p * T + t] = allowedAfter(p < T ? tags[p] : undefined, tags[t]!) ? 1 : 0;
    }
    this.prevStart = new Int32Array(T + 1);
    const prevList: number[] = [];
    for (let t = 0; t < T; t++) {
      this.prevStart[t] = prevList.length;
      for (let p = 0; p < T; p++) if (this.allowed[p * T + t]) prevList.push(p);
    }
    this.prevStart[T] = prevList.length;
    this.prevList = Int32Array.from(prevList);
    this.anyPrev = Uint8Array.from(tags, (_, t) => (this.prevStart[t + 1]! - this.prevStart[t]! === T ? 1 : 0));
    this.bioOrder = T === BIO_TAGS.length && tags.every((t, i) => t === BIO_TAGS[i]);
    this.packIndex = new Int32Array((T + 1) * T).fill(-1);
    this.packStart = new Int32Array(T + 1);
    let packed = 0;
    for (let t = 0; t < T; t++) {
      this.packStart[t] = packed;
      for (let k = this.prevStart[t]!; k < this.prevStart[t + 1]!; k++) this.packIndex[prevList[k]! * T + t] = packed++;
      if (this.allowed[T * T + t]) this.packIndex[T * T + t] = packed++;
    }
    this.packStart[T] = packed;
    this.PH = packed;
    this.histPerWord = decoder === 'viterbi' && !config.historyLex;
    this.greedyScores = new Float64Array(T);
    const HT = (T + 1) * T;

    // One pass over the features: plain ones by template and value, history ones as vectors over the
    // previous tag, pair ones by the ids of their parts.
    const prevIndex = new Map<string, number>(tags.map((t, i) => [t, i]));
    prevIndex.set(START_TAG, T);
    const kindOf = new Map<string, number>();
    const kinds: number[] = [KIND_PAIR];
    let histRows = new Float64Array(64 * HT);
    let histCount = 0;
    /** Previous tags already seen per history vector (bit p), to reject duplicate features. */
    const histPrevSeen: number[] = [];
    let pairs: number[] = [];
    const partNames: string[] = [];
    const records = new Map<string, number[]>();
    const record = (value: string): number[] => {
      let r = records.get(value);
      if (!r) records.set(value, (r = []));
      return r;
    };
    const at = (r: readonly number[], tid: number): number => {
      for (let k = 0; k < r.length; k += 2) if (r[k] === tid) return k + 1;
      return -1;
    };
    const partId = (part: string): number => {
      const r = record(part);
      const k = at(r, PAIR_PART);
      if (k >= 0) return r[k]!;
      r.push(PAIR_PART, partNames.length);
      partNames.push(part);
      return partNames.length - 1;
    };
    const duplicate = (f: string): Error => new Error(`tagger model: duplicate feature ${JSON.stringify(f)}`);
    // Models list their features sorted, so a template usually is the one of the feature before.
    let template = '';
    let kind = -1;
    let tid = -1;
    let table = -1;
    for (let f = 0; f < features.length; f++) {
      const feature = features[f]!;
      const eq = feature.indexOf('=');
      if (kind < 0 || (eq < 0 ? feature !== template : eq !== template.length || !feature.startsWith(template))) {
        template = eq < 0 ? feature : feature.slice(0, eq);
        let k = kindOf.get(template);
        if (k === undefined) {
          kindOf.set(template, (k = HISTORY_VALUE_TEMPLATES.has(template) ? KIND_HISTORY : PAIR_TEMPLATES.has(template) ? KIND_PAIR : KIND_PART));
          if (k !== KIND_PAIR) {
            this.templateIds.set(template, kinds.length);
            kinds.push(k);
          }
        }
        kind = k;
        tid = this.templateIds.get(template) ?? -1;
        table = kind === KIND_PAIR ? PAIR_ORDER.indexOf(template as (typeof PAIR_ORDER)[number]) : -1;
      }
      const value = eq < 0 ? '' : feature.slice(eq + 1);
      if (kind === KIND_PART) {
        const r = record(value);
        if (at(r, tid) >= 0) throw duplicate(feature);
        r.push(tid, f);
      } else if (kind === KIND_HISTORY) {
        const sp = value.indexOf(' ');
        const p = sp < 0 ? undefined : prevIndex.get(value.slice(0, sp));
        if (p === undefined) continue;
        const r = record(value.slice(sp + 1));
        const k = at(r, tid);
        let id: number;
        if (k >= 0) {
          id = r[k]!;
        } else {
          id = histCount++;
          r.push(tid, id);
          if (histCount * HT > histRows.length) {
            const grown = new Float64Array(2 * histRows.length);
            grown.set(histRows);
            histRows = grown;
          }
          histPrevSeen.push(0);
        }
        if (histPrevSeen[id]! & (1 << p)) throw duplicate(feature);
        histPrevSeen[id]! |= 1 << p;
        this.addRow(f, histRows, id * HT + p * T);
      } else {
        const split = value.split(' ');
        if (split.length > 3) continue; // never emitted: pair features have at most three parts
        pairs.push(table);
        for (let k = 0; k < 3; k++) pairs.push(split[k] === undefined ? -1 : partId(split[k]!));
        pairs.push(f);
      }
    }
    this.templateKind = Uint8Array.from(kinds);
    this.byValue = records;
    const nParts = partNames.length;
    this.histRows = histRows.slice(0, histCount * HT);

    // Pair features get numbers j (their rows are pairVecs[j * T …]).
    this.pairVecs = new Float64Array((pairs.length / 5) * T);
    for (let k = 0, j = 0; k < pairs.length; k += 5, j++) {
      this.addRow(pairs[k + 4]!, this.pairVecs, j * T);
      pairs[k + 4] = j;
    }
    // Tables whose parts are few at every position become dense arrays over the small ids of their parts.
    // (Parts at each position of each table, while they are few.)
    const domains = PAIR_ORDER.map(() => [new Set<number>(), new Set<number>(), new Set<number>()]);
    const few = PAIR_ORDER.map(() => true);
    /** Number of parts of the table's features; -1 when they differ (then it stays in the hash table). */
    const arity = PAIR_ORDER.map(() => 0);
    for (let k = 0; k < pairs.length; k += 5) {
      const table = pairs[k]!;
      let r = 0;
      for (let j = 0; j < 3; j++) {
        const id = pairs[k + 1 + j]!;
        if (id < 0) continue;
        r = j + 1;
        if (few[table]) {
          const d = domains[table]![j]!;
          d.add(id);
          if (d.size > SMALL_DOMAIN) few[table] = false;
        }
      }
      arity[table] = arity[table] === 0 || arity[table] === r ? r : -1;
    }
    const small = PAIR_ORDER.map((_, t) => arity[t]! > 0 && few[t]!);
    this.smallIds = new Int32Array(nParts).fill(-1);
    let U = 0;
    for (let t = 0; t < PAIR_ORDER.length; t++) {
      if (!small[t]) continue;
      for (const d of domains[t]!) for (const id of d) if (this.smallIds[id]! < 0) this.smallIds[id] = U++;
    }
    this.smallCount = U;
    const dense = PAIR_ORDER.map((_, t) => (small[t] && U ** arity[t]! <= DENSE_CELLS ? new Int32Array(U ** arity[t]!).fill(-1) : undefined));
    this.dense = dense;
    this.denseArity = dense.map((d, t) => (d ? arity[t]! : 0));
    const rest: number[] = [];
    for (let k = 0; k < pairs.length; k += 5) {
      const d = dense[pairs[k]!];
      if (!d) {
        for (let j = 0; j < 5; j++) rest.push(pairs[k + j]!);
        continue;
      }
      let cell = 0;
      for (let j = 0; j < arity[pairs[k]!]!; j++) cell = cell * U + this.smallIds[pairs[k + 1 + j]!]!;
      if (d[cell]! >= 0) throw duplicate(`${PAIR_ORDER[pairs[k]!]} ${[pairs[k + 1], pairs[k + 2], pairs[k + 3]].join(' ')}`);
      d[cell] = pairs[k + 4]!;
    }
    pairs = rest;
    const nPairs = pairs.length / 5;
    let size = 16;
    while (size < 4 * nPairs) size *= 2;
    this.pairSlots = size - 1;
    this.pairKeys = new Int32Array(4 * size);
    this.pairRows = new Int32Array(size).fill(-1);
    this.pairPartMask = new Int32Array(nParts);
    for (let k = 0; k < pairs.length; k += 5) {
      const table = pairs[k]!;
      const a = pairs[k + 1]!;
      const b = pairs[k + 2]!;
      const c = pairs[k + 3]!;
      this.pairPartMask[a]! |= 1 << (table * 3);
      if (b >= 0) this.pairPartMask[b]! |= 1 << (table * 3 + 1);
      if (c >= 0) this.pairPartMask[c]! |= 1 << (table * 3 + 2);
      let i = pairHash(table, a, b, c) & this.pairSlots;
      while (this.pairRows[i]! >= 0) {
        const at = 4 * i;
        if (this.pairKeys[at] === table && this.pairKeys[at + 1] === a && this.pairKeys[at + 2] === b && this.pairKeys[at + 3] === c) {
          throw duplicate(`${PAIR_ORDER[table]}=${[a, b, c].filter((x) => x >= 0).map((x) => partNames[x]).join(' ')}`);
        }
        i = (i + 1) & this.pairSlots;
      }
      this.pairKeys[4 * i] = table;
      this.pairKeys[4 * i + 1] = a;
      this.pairKeys[4 * i + 2] = b;
      this.pairKeys[4 * i + 3] = c;
      this.pairRows[i] = pairs[k + 4]!;
    }
    this.bosPart = this.find(PAIR_PART, BOS);
    this.eosPart = this.find(PAIR_PART, EOS);
    this.positionParts = POSITIONS.map((p) => this.find(PAIR_PART, p));
    const smallOf = (id: number): number => (id < 0 ? -1 : this.smallIds[id]!);
    this.bosSmall = smallOf(this.bosPart);
    this.eosSmall = smallOf(this.eosPart);
    this.positionSmall = this.positionParts.map(smallOf);

    this.index = this.histPerWord ? undefined : new Map(features.map((f, i) => [f, i]));

    this.boundary = new Float64Array(NEIGHBOR_OFFSETS.length * T);
    this.partTarget = this.boundary;
    NEIGHBOR_OFFSETS.forEach((d, j) => {
      this.partOffset = j * T;
      neighborParts(config, undefined, d, this.emitPart);
    });
    // Word-independent history scores: those of a token whose word has no history features of its own.
    this.trans = new Float64Array(HT);
    const empty: PreparedSentence = { tokens: [prepareToken('', undefined)] };
    const feats: string[] = [];
    for (let p = 0; p <= T; p++) {
      feats.length = 0;
      historyFeatures(config, empty, 0, START_TAG, p === T ? START_TAG : tags[p]!, feats);
      // Only the features that do not name the word.
      for (const f of feats) {
        if (!f.startsWith('t-1=') && !f.startsWith('t-2=')) continue;
        const eq = f.indexOf('=');
        const o = this.lookup(f.slice(0, eq), KIND_PART, f.slice(eq + 1));
        if (o >= 0) this.addRow(o, this.trans, p * T);
      }
    }
    this.blockVecs = new Float64Array(16 * T);
    this.histVecs = new Float64Array(16 * this.PH);
    this.histSum = new Float64Array(HT);
    this.packInto(this.trans, this.histVecs, 0);
  }

  /**
   * Builds a tagger from a model object; throws when the model is malformed. `options.words` is the
   * word list a model with `config.dictionary` consults (without it, those features are off).
   */
  static fromModel(m: TaggerModel, options: TaggerOptions = {}): PerceptronTagger {
    if (m.format !== 'arabic-news-perceptron-tagger' || m.version !== 1) throw new Error(`unsupported tagger model ${String(m.format)} v${String(m.version)}`);
    const tags: BioTag[] = [];
    for (const t of m.tags) {
      if (!isBioTag(t)) throw new Error(`tagger model: unknown tag ${t}`);
      tags.push(t);
    }
    if (!tags.includes('O')) throw new Error('tagger model: no O tag');
    const T = tags.length;
    const masks = m.masks;
    const weights = m.weights;
    const F = m.features.length;
    if (masks.length !== F) throw new Error('tagger model: masks and features differ in length');
    const fMeta = new Int32Array(2 * F);
    const tagBits = T >= 31 ? -1 : (1 << T) - 1;
    let w = 0;
    for (let f = 0; f < F; f++) {
      const mask = masks[f]! & tagBits;
      fMeta[2 * f] = mask;
      fMeta[2 * f + 1] = w;
      for (let x = mask; x !== 0; x &= x - 1) w++;
    }
    if (w > weights.length) throw new Error('tagger model: too few weights');
    if (w !== weights.length) throw new Error('tagger model: too many weights');
    const values = new Float64Array(weights);
    return new PerceptronTagger(tags, m.config, m.decoder, m.features, values, fMeta, m.lexicon ? new EntryLexicon(m.lexicon) : undefined, m.entityBias ?? 0, options);
  }

  /** Number of features in the model. */
  get featureCount(): number {
    return this.featureTotal;
  }

  /** Number of word forms whose scores are cached now. */
  get cachedWords(): number {
    return this.slotIndex.size;
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
    const n = words.length;
    if (n === 0) return [];
    this.decode(words, false);
    return this.pathTags(n);
  }

  /** Tags one sentence, with each token's score and margin. */
  tagWithScores(words: readonly string[]): ScoredTag[] {
    const n = words.length;
    if (n === 0) return [];
    this.decode(words, true);
    const tags = this.pathTags(n);
    const out: ScoredTag[] = [];
    for (let i = 0; i < n; i++) out.push({ tag: tags[i]!, score: this.scoreOut[i]!, margin: this.marginOut[i]! });
    return out;
  }

  /** The decoded path as tags. Decoding is constrained; repair is a safety net only (checked cheaply). */
  private pathTags(n: number): BioTag[] {
    const T = this.T;
    const path = this.path;
    const allowed = this.allowed;
    const out: BioTag[] = [];
    let valid = true;
    let prev = T;
    for (let i = 0; i < n; i++) {
      const t = path[i]!;
      if (!allowed[prev * T + t]) valid = false;
      out.push(this.tags[t]!);
      prev = t;
    }
    return valid ? out : repairBio(out);
  }

  /** Decodes into `path` (and, with `margins`, `scoreOut` and `marginOut`). */
  private decode(words: readonly string[], margins: boolean): void {
    const n = words.length;
    this.ensureScratch(n);
    if (this.blockCount + 2 * n > this.blockLimit || this.histCount + n > this.histLimit) this.flush();
    const stamp = (this.stamp = (this.stamp + 1) | 0);
    const slots = this.slots;
    for (let i = 0; i < n; i++) {
      const w = words[i]!;
      let s = this.slotIndex.get(w);
      if (s === undefined) s = this.build(w);
      else this.slotRef[s] = 1;
      this.slotInts[s * SLOT_INTS + S_STAMP] = stamp;
      slots[i] = s;
    }
    this.emissions(n);
    const T = this.T;
    if (this.decoder === 'greedy') {
      this.greedy(words, n);
      return;
    }
    const PH = this.PH;
    const hb = this.histBase;
    let hist: Float64Array;
    if (this.histPerWord) {
      const ints = this.slotInts;
      for (let i = 0; i < n; i++) hb[i] = ints[slots[i]! * SLOT_INTS + S_HIST]! * PH;
      hist = this.histVecs;
    } else {
      hist = this.sentenceHistory(words, n);
      for (let i = 0; i < n; i++) hb[i] = i * PH;
    }
    this.viterbi(n, hist, margins);
    if (margins) for (let i = 0; i < n; i++) this.scoreOut[i] = this.em[i * T + this.path[i]!]!;
  }

  private ensureScratch(n: number): void {
    if (this.slots.length >= n) return;
    const c = Math.max(n, 2 * this.slots.length, 64);
    const T = this.T;
    this.slots = new Int32Array(c);
    this.histBase = new Int32Array(c);
    this.path = new Int32Array(c);
    this.em = new Float64Array(c * T);
    this.delta = new Float64Array(c * T);
    this.back = new Int32Array(c * T);
    this.beta = new Float64Array(c * T);
    this.scoreOut = new Float64Array(c);
    this.marginOut = new Float64Array(c);
  }

  /** Forgets every cached word and shared vector (when a pool of shared vectors is full). */
  private flush(): void {
    this.slotIndex.clear();
    this.slotWords = [];
    this.slotCount = 0;
    this.hand = 0;
    this.blockIds.clear();
    this.blockCount = 1;
    this.histPoolIds.clear();
    this.histCount = 1;
  }

  /** A slot for a new word: a fresh one while the cache has room, else the clock's victim. */
  private allocSlot(word: string): number {
    let s = this.slotCount < this.cacheWords ? -1 : this.victim();
    if (s < 0) {
      s = this.slotCount++;
      if (s >= this.slotRef.length) this.growSlots();
    } else {
      this.slotIndex.delete(this.slotWords[s]!);
    }
    // A word cut from a text may be a view of the whole text: the cache keeps a copy, not the article.
    const key = ownCopy(word);
    this.slotWords[s] = key;
    this.slotIndex.set(key, s);
    this.slotRef[s] = 0;
    return s;
  }

  /** Clock (second chance): the next slot not used since the hand last passed, never one of this sentence; -1 if none. */
  private victim(): number {
    const n = this.slotCount;
    const ints = this.slotInts;
    const ref = this.slotRef;
    const stamp = this.stamp;
    for (let steps = 0; steps < 2 * n; steps++) {
      const s = this.hand;
      this.hand = s + 1 === n ? 0 : s + 1;
      if (ints[s * SLOT_INTS + S_STAMP] === stamp) continue;
      if (ref[s]) {
        ref[s] = 0;
        continue;
      }
      return s;
    }
    return -1;
  }

  private growSlots(): void {
    const old = this.slotRef.length;
    const c = old < this.cacheWords ? Math.min(Math.max(1024, 2 * old), this.cacheWords) : 2 * old;
    const W = INLINE_BLOCKS * this.T;
    const vecs = new Float64Array(c * W);
    vecs.set(this.slotVecs);
    this.slotVecs = vecs;
    const ints = new Int32Array(c * SLOT_INTS);
    ints.set(this.slotInts);
    this.slotInts = ints;
    const ref = new Uint8Array(c);
    ref.set(this.slotRef);
    this.slotRef = ref;
  }

  /** Analyses a word and sums its feature scores into a new slot. */
  private build(word: string): number {
    const info = prepareToken(word, this.lexicon, this.resources);
    const s = this.allocSlot(word);
    const T = this.T;
    const config = this.config;
    const vecs = this.slotVecs;
    const base = s * INLINE_BLOCKS * T;
    vecs.fill(0, base, base + INLINE_BLOCKS * T);
    this.partTarget = vecs;
    this.partOffset = base;
    selfParts(config, info, this.emitPart);
    const bias = this.bias;
    for (let t = 0; t < T; t++) vecs[base + t] = bias[t]! + vecs[base + t]!;
    this.partOffset = base + T;
    neighborParts(config, info, -1, this.emitPart);
    this.partOffset = base + 2 * T;
    neighborParts(config, info, 1, this.emitPart);
    const before2 = this.sharedBlock(info, -2);
    const after2 = this.sharedBlock(info, 2);
    const hist = this.histPerWord ? this.sharedHistory(info) : 0;
    const ints = this.slotInts;
    const o = s * SLOT_INTS;
    ints[o + S_BEFORE2] = before2;
    ints[o + S_AFTER2] = after2;
    ints[o + S_HIST] = hist;
    ints[o + S_NORM] = this.find(PAIR_PART, info.norm);
    ints[o + S_SHAPE] = this.find(PAIR_PART, info.shortShape);
    ints[o + S_STATE] = this.find(PAIR_PART, info.lexState);
    const small = this.smallIds;
    ints[o + S_NORM_SMALL] = ints[o + S_NORM]! < 0 ? -1 : small[ints[o + S_NORM]!]!;
    ints[o + S_SHAPE_SMALL] = ints[o + S_SHAPE]! < 0 ? -1 : small[ints[o + S_SHAPE]!]!;
    ints[o + S_STATE_SMALL] = ints[o + S_STATE]! < 0 ? -1 : small[ints[o + S_STATE]!]!;
    return s;
  }

  /** The shared vector of what a word contributes as neighbour at d (0: nothing). */
  private sharedBlock(info: TokenInfo, d: -2 | 2): number {
    const hits = this.hits;
    hits.length = 0;
    neighborParts(this.config, info, d, this.collectPart);
    if (hits.length === 0) return 0;
    const key = hitKey(hits);
    let id = this.blockIds.get(key);
    if (id !== undefined) return id;
    const T = this.T;
    id = this.blockCount++;
    if ((id + 1) * T > this.blockVecs.length) {
      const v = new Float64Array(2 * this.blockVecs.length);
      v.set(this.blockVecs);
      this.blockVecs = v;
    }
    const v = this.blockVecs;
    const at = id * T;
    v.fill(0, at, at + T);
    for (let k = 0; k < hits.length; k++) this.addRow(hits[k]!, v, at);
    this.blockIds.set(key, id);
    return id;
  }

  /** The shared history vector of a word: `trans` plus the history vectors of its values, in emission order. */
  private sharedHistory(info: TokenInfo): number {
    const hits = this.hits;
    hits.length = 0;
    this.oneToken[0] = info;
    historyParts(this.config, this.oneSentence, 0, START_TAG, START_TAG, this.collectHistory);
    if (hits.length === 0) return 0;
    const key = hitKey(hits);
    let id = this.histPoolIds.get(key);
    if (id !== undefined) return id;
    const HT = (this.T + 1) * this.T;
    id = this.histCount++;
    if ((id + 1) * this.PH > this.histVecs.length) {
      const v = new Float64Array(2 * this.histVecs.length);
      v.set(this.histVecs);
      this.histVecs = v;
    }
    const sum = this.histSum;
    sum.set(this.trans);
    const src = this.histRows;
    for (let k = 0; k < hits.length; k++) {
      const o = hits[k]! * HT;
      for (let j = 0; j < HT; j++) sum[j]! += src[o + j]!;
    }
    this.packInto(sum, this.histVecs, id * this.PH);
    this.histPoolIds.set(key, id);
    return id;
  }

  /** Copies history scores [prev * T + t] (prev = T: start) to `out` at `at`, packed (see `packIndex`). */
  private packInto(h: Float64Array, out: Float64Array, at: number): void {
    const pack = this.packIndex;
    for (let j = 0; j < pack.length; j++) if (pack[j]! >= 0) out[at + pack[j]!] = h[j]!;
  }

  /** Number of pair feature (table, a, b, c) (b, c -1: absent; see pairVecs), or -1 when the model has none. */
  private pairRow(table: number, a: number, b: number, c: number): number {
    const mask = this.pairPartMask;
    const bit = table * 3;
    if (!((mask[a]! >>> bit) & 1) || (b >= 0 && !((mask[b]! >>> (bit + 1)) & 1)) || (c >= 0 && !((mask[c]! >>> (bit + 2)) & 1))) return -1;
    const keys = this.pairKeys;
    const rowsAt = this.pairRows;
    const size = this.pairSlots;
    for (let i = pairHash(table, a, b, c) & size; ; i = (i + 1) & size) {
      const o = rowsAt[i]!;
      if (o < 0) return -1;
      const k = 4 * i;
      if (keys[k] === table && keys[k + 1] === a && keys[k + 2] === b && keys[k + 3] === c) return o;
    }
  }

  /** The number of dense pair feature at `cell` of `table` (see pairVecs), or -1. */
  private dense1(table: number, cell: number): number {
    return this.dense[table]![cell]!;
  }

  /** The number of pair feature (a, b) of `table` (a, b: part ids; sa, sb: their small ids; -1: none), or -1. */
  private pair2(table: number, a: number, b: number, sa: number, sb: number): number {
    if (this.denseArity[table] === 2) return sa >= 0 && sb >= 0 ? this.dense1(table, sa * this.smallCount + sb) : -1;
    return !this.dense[table] && a >= 0 && b >= 0 ? this.pairRow(table, a, b, -1) : -1;
  }

  /**
   * The pair features of token i (as `pairParts` emits them), in order, into `pairHits`; returns how many
   * the model has.
   */
  private pairFeatures(i: number, n: number): number {
    const config = this.config;
    const ints = this.slotInts;
    const slots = this.slots;
    const hits = this.pairHits;
    let count = 0;
    let j: number;
    const e = slots[i]! * SLOT_INTS;
    const prev = i > 0 ? slots[i - 1]! * SLOT_INTS : -1;
    const next = i + 1 < n ? slots[i + 1]! * SLOT_INTS : -1;
    if (config.bigrams || config.conjunctions) {
      const w = ints[e + S_NORM]!;
      const wPrev = prev >= 0 ? ints[prev + S_NORM]! : this.bosPart;
      const wNext = next >= 0 ? ints[next + S_NORM]! : this.eosPart;
      const ws = ints[e + S_NORM_SMALL]!;
      const wsPrev = prev >= 0 ? ints[prev + S_NORM_SMALL]! : this.bosSmall;
      const wsNext = next >= 0 ? ints[next + S_NORM_SMALL]! : this.eosSmall;
      if (config.bigrams) {
        if ((j = this.pair2(PAIR_BG_BEFORE, wPrev, w, wsPrev, ws)) >= 0) hits[count++] = j;
        if ((j = this.pair2(PAIR_BG_AFTER, w, wNext, ws, wsNext)) >= 0) hits[count++] = j;
      }
      if (config.conjunctions) {
        const shPrev = prev >= 0 ? ints[prev + S_SHAPE]! : this.bosPart;
        const shNext = next >= 0 ? ints[next + S_SHAPE]! : this.eosPart;
        const shsPrev = prev >= 0 ? ints[prev + S_SHAPE_SMALL]! : this.bosSmall;
        const shsNext = next >= 0 ? ints[next + S_SHAPE_SMALL]! : this.eosSmall;
        if ((j = this.pair2(PAIR_SHAPES, shPrev, shNext, shsPrev, shsNext)) >= 0) hits[count++] = j;
        if ((j = this.pair2(PAIR_WORDS, wPrev, wNext, wsPrev, wsNext)) >= 0) hits[count++] = j;
        if (i < 3) {
          if (this.denseArity[PAIR_POS] === 1) j = this.positionSmall[i]! >= 0 ? this.dense1(PAIR_POS, this.positionSmall[i]!) : -1;
          else j = !this.dense[PAIR_POS] && this.positionParts[i]! >= 0 ? this.pairRow(PAIR_POS, this.positionParts[i]!, -1, -1) : -1;
          if (j >= 0) hits[count++] = j;
        }
      }
    }
    if (config.lexicon && config.lexiconPairs) {
      const s0 = ints[e + S_STATE]!;
      const sp = prev >= 0 ? ints[prev + S_STATE]! : this.bosPart;
      const sn = next >= 0 ? ints[next + S_STATE]! : this.eosPart;
      const ss0 = ints[e + S_STATE_SMALL]!;
      const ssp = prev >= 0 ? ints[prev + S_STATE_SMALL]! : this.bosSmall;
      const ssn = next >= 0 ? ints[next + S_STATE_SMALL]! : this.eosSmall;
      if ((j = this.pair2(PAIR_LEX_BEFORE, sp, s0, ssp, ss0)) >= 0) hits[count++] = j;
      if ((j = this.pair2(PAIR_LEX_AFTER, s0, sn, ss0, ssn)) >= 0) hits[count++] = j;
      if (this.denseArity[PAIR_LEX3] === 3) j = ssp >= 0 && ss0 >= 0 && ssn >= 0 ? this.dense1(PAIR_LEX3, (ssp * this.smallCount + ss0) * this.smallCount + ssn) : -1;
      else j = !this.dense[PAIR_LEX3] && sp >= 0 && s0 >= 0 && sn >= 0 ? this.pairRow(PAIR_LEX3, sp, s0, sn) : -1;
      if (j >= 0) hits[count++] = j;
    }
    return count;
  }

  /**
   * Emission scores em[i * T + t]: bias + own + neighbour (at -2, -1, +1, +2) + pairwise feature scores,
   * added in this order. (Adding the zeros of a dense pair row changes nothing: a sum is never -0.)
   */
  private emissions(n: number): void {
    if (this.T === 9) {
      this.emissions9(n);
      return;
    }
    const T = this.T;
    const W = INLINE_BLOCKS * T;
    const em = this.em;
    const slots = this.slots;
    const vecs = this.slotVecs;
    const ints = this.slotInts;
    const blocks = this.blockVecs;
    const bnd = this.boundary;
    const pv = this.pairVecs;
    const hits = this.pairHits;
    for (let i = 0; i < n; i++) {
      const at = i * T;
      const own = slots[i]! * W;
      for (let t = 0; t < T; t++) em[at + t] = vecs[own + t]!;
      if (i >= 2) {
        const b = ints[slots[i - 2]! * SLOT_INTS + S_BEFORE2]! * T;
        for (let t = 0; t < T; t++) em[at + t]! += blocks[b + t]!;
      } else {
        for (let t = 0; t < T; t++) em[at + t]! += bnd[t]!;
      }
      if (i >= 1) {
        const b = slots[i - 1]! * W + T;
        for (let t = 0; t < T; t++) em[at + t]! += vecs[b + t]!;
      } else {
        for (let t = 0; t < T; t++) em[at + t]! += bnd[T + t]!;
      }
      if (i + 1 < n) {
        const b = slots[i + 1]! * W + 2 * T;
        for (let t = 0; t < T; t++) em[at + t]! += vecs[b + t]!;
      } else {
        for (let t = 0; t < T; t++) em[at + t]! += bnd[2 * T + t]!;
      }
      if (i + 2 < n) {
        const b = ints[slots[i + 2]! * SLOT_INTS + S_AFTER2]! * T;
        for (let t = 0; t < T; t++) em[at + t]! += blocks[b + t]!;
      } else {
        for (let t = 0; t < T; t++) em[at + t]! += bnd[3 * T + t]!;
      }
      const count = this.pairFeatures(i, n);
      for (let k = 0; k < count; k++) {
        const o = hits[k]! * T;
        for (let t = 0; t < T; t++) em[at + t]! += pv[o + t]!;
      }
    }
  }

  /**
   * `emissions` for the nine tags of BIO over four entity types, with each token's scores in locals (the
   * same additions in the same order; typed-array accesses are what decoding spends its time on).
   */
  private emissions9(n: number): void {
    const em = this.em;
    const slots = this.slots;
    const vecs = this.slotVecs;
    const ints = this.slotInts;
    const blocks = this.blockVecs;
    const bnd = this.boundary;
    const pv = this.pairVecs;
    const hits = this.pairHits;
    const W = INLINE_BLOCKS * 9;
    for (let i = 0; i < n; i++) {
      const own = slots[i]! * W;
      // Where the four neighbour contributions are: in the arena, the shared blocks, or the boundary scores.
      const s2 = i >= 2 ? blocks : bnd;
      const o2 = i >= 2 ? ints[slots[i - 2]! * SLOT_INTS + S_BEFORE2]! * 9 : 0;
      const s1 = i >= 1 ? vecs : bnd;
      const o1 = i >= 1 ? slots[i - 1]! * W + 9 : 9;
      const s3 = i + 1 < n ? vecs : bnd;
      const o3 = i + 1 < n ? slots[i + 1]! * W + 18 : 18;
      const s4 = i + 2 < n ? blocks : bnd;
      const o4 = i + 2 < n ? ints[slots[i + 2]! * SLOT_INTS + S_AFTER2]! * 9 : 27;
      let e0 = vecs[own]! + s2[o2]! + s1[o1]! + s3[o3]! + s4[o4]!;
      let e1 = vecs[own + 1]! + s2[o2 + 1]! + s1[o1 + 1]! + s3[o3 + 1]! + s4[o4 + 1]!;
      let e2 = vecs[own + 2]! + s2[o2 + 2]! + s1[o1 + 2]! + s3[o3 + 2]! + s4[o4 + 2]!;
      let e3 = vecs[own + 3]! + s2[o2 + 3]! + s1[o1 + 3]! + s3[o3 + 3]! + s4[o4 + 3]!;
      let e4 = vecs[own + 4]! + s2[o2 + 4]! + s1[o1 + 4]! + s3[o3 + 4]! + s4[o4 + 4]!;
      let e5 = vecs[own + 5]! + s2[o2 + 5]! + s1[o1 + 5]! + s3[o3 + 5]! + s4[o4 + 5]!;
      let e6 = vecs[own + 6]! + s2[o2 + 6]! + s1[o1 + 6]! + s3[o3 + 6]! + s4[o4 + 6]!;
      let e7 = vecs[own + 7]! + s2[o2 + 7]! + s1[o1 + 7]! + s3[o3 + 7]! + s4[o4 + 7]!;
      let e8 = vecs[own + 8]! + s2[o2 + 8]! + s1[o1 + 8]! + s3[o3 + 8]! + s4[o4 + 8]!;
      const count = this.pairFeatures(i, n);
      for (let k = 0; k < count; k++) {
        const o = hits[k]! * 9;
        e0 += pv[o]!;
        e1 += pv[o + 1]!;
        e2 += pv[o + 2]!;
        e3 += pv[o + 3]!;
        e4 += pv[o + 4]!;
        e5 += pv[o + 5]!;
        e6 += pv[o + 6]!;
        e7 += pv[o + 7]!;
        e8 += pv[o + 8]!;
      }
      const at = i * 9;
      em[at] = e0;
      em[at + 1] = e1;
      em[at + 2] = e2;
      em[at + 3] = e3;
      em[at + 4] = e4;
      em[at + 5] = e5;
      em[at + 6] = e6;
      em[at + 7] = e7;
      em[at + 8] = e8;
    }
  }

  /** History scores of each token of a sentence (laid out as in histVecs) from its features as strings (models whose history features name other words). */
  private sentenceHistory(words: readonly string[], n: number): Float64Array {
    const T = this.T;
    const PH = this.PH;
    if (this.sentHist.length < n * PH) this.sentHist = new Float64Array(Math.max(n * PH, 2 * this.sentHist.length));
    const h = this.sentHist;
    h.fill(0, 0, n * PH);
    const sent = prepareSentence(words, this.lexicon, this.resources);
    const feats = this.feats;
    const scores = this.greedyScores;
    for (let i = 0; i < n; i++) {
      for (let p = 0; p <= T; p++) {
        if (i === 0 ? p !== T : p === T) continue;
        feats.length = 0;
        historyFeatures(this.config, sent, i, START_TAG, p === T ? START_TAG : this.tags[p]!, feats);
        scores.fill(0);
        this.addFeatures(feats, scores);
        for (let t = 0; t < T; t++) if (this.packIndex[p * T + t]! >= 0) h[i * PH + this.packIndex[p * T + t]!] = scores[t]!;
      }
    }
    return h;
  }

  private addFeatures(feats: readonly string[], scores: Float64Array): void {
    const index = this.index!;
    for (const f of feats) {
      const o = index.get(f);
      if (o !== undefined) this.addRow(o, scores, 0);
    }
  }

  /** The index (or id) recorded for template id `tid` under `value`, -1 if none. */
  private find(tid: number, value: string): number {
    const r = this.byValue.get(value);
    if (r === undefined) return -1;
    for (let k = 0; k < r.length; k += 2) if (r[k] === tid) return r[k + 1]!;
    return -1;
  }

  /** The feature index (KIND_PART) or history vector (KIND_HISTORY) of template and value, -1 if none. */
  private lookup(template: string, kind: number, value: string): number {
    const tid = this.templateIds.get(template);
    return tid === undefined || this.templateKind[tid] !== kind ? -1 : this.find(tid, value);
  }

  /** Adds the weights of feature f to target[at + t]. */
  private addRow(f: number, target: Float64Array, at: number): void {
    const w = this.weights;
    const meta = this.fMeta;
    let k = meta[2 * f + 1]!;
    for (let m = meta[2 * f]!; m !== 0; m &= m - 1) target[at + 31 - Math.clz32(m & -m)]! += w[k++]!;
  }

  private greedy(words: readonly string[], n: number): void {
    const T = this.T;
    const em = this.em;
    const sent = prepareSentence(words, this.lexicon, this.resources);
    const scores = this.greedyScores;
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
      this.path[i] = best;
      this.scoreOut[i] = scores[best]!;
      this.marginOut[i] = second === -Infinity ? Infinity : scores[best]! - second;
      p2 = p1;
      p1 = best;
    }
  }

  /**
   * The forward pass of `viterbi` from token 1 on, for the tags in BIO_TAGS order: O and B-X may follow
   * any tag, I-X only B-X and I-X (their previous tags in prevList order). The previous token's scores
   * stay in locals from one token to the next; the sums and comparisons are those of the loop in
   * `viterbi`, in the same order.
   */
  private forwardBio(n: number, hist: Float64Array): void {
    const em = this.em;
    const delta = this.delta;
    const back = this.back;
    const hb = this.histBase;
    const ps = this.packStart;
    const [p0, p1, p2, p3, p4, p5, p6, p7, p8] = [ps[0]!, ps[1]!, ps[2]!, ps[3]!, ps[4]!, ps[5]!, ps[6]!, ps[7]!, ps[8]!];
    let d0 = delta[0]!;
    let d1 = delta[1]!;
    let d2 = delta[2]!;
    let d3 = delta[3]!;
    let d4 = delta[4]!;
    let d5 = delta[5]!;
    let d6 = delta[6]!;
    let d7 = delta[7]!;
    let d8 = delta[8]!;
    for (let i = 1; i < n; i++) {
      const at = i * 9;
      const h = hb[i]!;
      // O and the B- tags, after any tag.
      const b0 = this.best9(em[at]!, hist, h + p0, d0, d1, d2, d3, d4, d5, d6, d7, d8);
      const n0 = this.bestV;
      const b1 = this.best9(em[at + 1]!, hist, h + p1, d0, d1, d2, d3, d4, d5, d6, d7, d8);
      const n1 = this.bestV;
      const b3 = this.best9(em[at + 3]!, hist, h + p3, d0, d1, d2, d3, d4, d5, d6, d7, d8);
      const n3 = this.bestV;
      const b5 = this.best9(em[at + 5]!, hist, h + p5, d0, d1, d2, d3, d4, d5, d6, d7, d8);
      const n5 = this.bestV;
      const b7 = this.best9(em[at + 7]!, hist, h + p7, d0, d1, d2, d3, d4, d5, d6, d7, d8);
      const n7 = this.bestV;
      // I-X after B-X or I-X.
      const b2 = this.best2(em[at + 2]!, hist, h + p2, d1, 1, d2, 2);
      const n2 = this.bestV;
      const b4 = this.best2(em[at + 4]!, hist, h + p4, d3, 3, d4, 4);
      const n4 = this.bestV;
      const b6 = this.best2(em[at + 6]!, hist, h + p6, d5, 5, d6, 6);
      const n6 = this.bestV;
      const b8 = this.best2(em[at + 8]!, hist, h + p8, d7, 7, d8, 8);
      const n8 = this.bestV;
      delta[at] = d0 = n0;
      delta[at + 1] = d1 = n1;
      delta[at + 2] = d2 = n2;
      delta[at + 3] = d3 = n3;
      delta[at + 4] = d4 = n4;
      delta[at + 5] = d5 = n5;
      delta[at + 6] = d6 = n6;
      delta[at + 7] = d7 = n7;
      delta[at + 8] = d8 = n8;
      back[at] = b0;
      back[at + 1] = b1;
      back[at + 2] = b2;
      back[at + 3] = b3;
      back[at + 4] = b4;
      back[at + 5] = b5;
      back[at + 6] = b6;
      back[at + 7] = b7;
      back[at + 8] = b8;
    }
  }

  /** Best score (in bestV) and previous tag after any of nine tags: max over p of d_p + (e + hist[ht + p]), first p on ties. */
  private best9(e: number, hist: Float64Array, ht: number, d0: number, d1: number, d2: number, d3: number, d4: number, d5: number, d6: number, d7: number, d8: number): number {
    let bv = -Infinity;
    let bp = -1;
    let v: number;
    if ((v = d0 + (e + hist[ht]!)) > bv) {
      bv = v;
      bp = 0;
    }
    if ((v = d1 + (e + hist[ht + 1]!)) > bv) {
      bv = v;
      bp = 1;
    }
    if ((v = d2 + (e + hist[ht + 2]!)) > bv) {
      bv = v;
      bp = 2;
    }
    if ((v = d3 + (e + hist[ht + 3]!)) > bv) {
      bv = v;
      bp = 3;
    }
    if ((v = d4 + (e + hist[ht + 4]!)) > bv) {
      bv = v;
      bp = 4;
    }
    if ((v = d5 + (e + hist[ht + 5]!)) > bv) {
      bv = v;
      bp = 5;
    }
    if ((v = d6 + (e + hist[ht + 6]!)) > bv) {
      bv = v;
      bp = 6;
    }
    if ((v = d7 + (e + hist[ht + 7]!)) > bv) {
      bv = v;
      bp = 7;
    }
    if ((v = d8 + (e + hist[ht + 8]!)) > bv) {
      bv = v;
      bp = 8;
    }
    this.bestV = bv;
    return bp;
  }

  /** `best9` over two previous tags pa < pb (scores da, db). */
  private best2(e: number, hist: Float64Array, ht: number, da: number, pa: number, db: number, pb: number): number {
    let bv = -Infinity;
    let bp = -1;
    let v: number;
    if ((v = da + (e + hist[ht]!)) > bv) {
      bv = v;
      bp = pa;
    }
    if ((v = db + (e + hist[ht + 1]!)) > bv) {
      bv = v;
      bp = pb;
    }
    this.bestV = bv;
    return bp;
  }

  /**
   * First-order Viterbi over `em` and packed history scores hist[histBase[i] + packIndex[prev * T + t]],
   * into `path`. With `margins`, `marginOut`: the best path's score minus the best score of a path that
   * tags the token otherwise. Transitions BIO forbids are skipped (they were -Infinity).
   */
  private viterbi(n: number, hist: Float64Array, margins: boolean): void {
    const T = this.T;
    const em = this.em;
    const delta = this.delta;
    const back = this.back;
    const hb = this.histBase;
    const prevList = this.prevList;
    const prevStart = this.prevStart;
    const allowed = this.allowed;
    const pack = this.packIndex;
    const packStart = this.packStart;
    const anyPrev = this.anyPrev;
    {
      const h = hb[0]!;
      for (let t = 0; t < T; t++) delta[t] = allowed[T * T + t] ? em[t]! + hist[h + pack[T * T + t]!]! : -Infinity;
    }
    if (this.bioOrder) this.forwardBio(n, hist);
    else for (let i = 1; i < n; i++) {
      const at = i * T;
      const before = at - T;
      const h = hb[i]!;
      for (let t = 0; t < T; t++) {
        const e = em[at + t]!;
        let bestV = -Infinity;
        let bestP = -1;
        if (anyPrev[t]) {
          // Every tag may precede t: its previous tags are 0 … T-1, packed in that order.
          const ht = h + packStart[t]!;
          for (let p = 0; p < T; p++) {
            const v = delta[before + p]! + (e + hist[ht + p]!);
            if (v > bestV) {
              bestV = v;
              bestP = p;
            }
          }
        } else {
          const ht = h + packStart[t]! - prevStart[t]!;
          for (let k = prevStart[t]!, end = prevStart[t + 1]!; k < end; k++) {
            const p = prevList[k]!;
            const v = delta[before + p]! + (e + hist[ht + k]!);
            if (v > bestV) {
              bestV = v;
              bestP = p;
            }
          }
        }
        delta[at + t] = bestV;
        back[at + t] = bestP;
      }
    }
    const path = this.path;
    const last = (n - 1) * T;
    let best = 0;
    for (let t = 1; t < T; t++) if (delta[last + t]! > delta[last + best]!) best = t;
    path[n - 1] = best;
    for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * T + path[i]!]!;
    if (!margins) return;
    // Backward max scores: beta[i * T + t] = best score of the rest of the sentence after t at i.
    const beta = this.beta;
    beta.fill(0, last, last + T);
    for (let i = n - 2; i >= 0; i--) {
      const at = i * T;
      const nextAt = at + T;
      const h = hb[i + 1]!;
      for (let t = 0; t < T; t++) {
        let b = -Infinity;
        for (let u = 0; u < T; u++) {
          if (!allowed[t * T + u]) continue;
          const v = em[nextAt + u]! + hist[h + pack[t * T + u]!]! + beta[nextAt + u]!;
          if (v > b) b = v;
        }
        beta[at + t] = b;
      }
    }
    const total = delta[last + best]!;
    for (let i = 0; i < n; i++) {
      const t = path[i]!;
      let second = -Infinity;
      for (let u = 0; u < T; u++) {
        if (u === t) continue;
        const v = delta[i * T + u]! + beta[i * T + u]!;
        if (v > second) second = v;
      }
      this.marginOut[i] = second === -Infinity ? Infinity : total - second;
    }
  }
}
