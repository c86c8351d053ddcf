/**
 * Statistical named-entity tagger for Arabic news: an averaged perceptron over sparse, string-keyed
 * features, decoded greedily left to right (or with Viterbi, as the model says) under BIO constraints.
 *
 * Pure code (no fs, no node imports): the model is a plain JSON object (`TaggerModel`), trained by
 * `scripts/train.ts` on ANERcorp. Input tokens are surface forms as ANERcorp has them: one string per
 * whitespace token, clitics attached (وأكد, بالمغرب), punctuation as separate tokens.
 */
import { cliticAnalyses, withoutArticle } from '../text/clitics';
import { normalize } from '../text/normalize';

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
  /** Conjunctions: shape of ±1 words (first two + last letter), w-1 w+1, position and byline cues. */
  readonly conjunctions: boolean;
  /** Suffixes of the ±2 words up to this length (0 = off). */
  readonly farAffixes: number;
  /** Prefixes and suffixes (2 … this length) of the clitic-stripped keys of the current word (0 = off). */
  readonly stemAffixes: number;
  /** Character n-grams of this length inside the current word (0 = off). */
  readonly charNgrams: number;
  /** Conjoined lexicon states of neighbouring words. */
  readonly lexiconPairs: boolean;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  affixes: 4,
  window: 2,
  contextAffixes: 3,
  stems: true,
  contextStems: true,
  bigrams: true,
  history: 2,
  historyWord: true,
  historySuffix: 0,
  lexicon: true,
  conjunctions: true,
  farAffixes: 0,
  stemAffixes: 0,
  charNgrams: 0,
  lexiconPairs: false,
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
  /** Score of the chosen tag. */
  readonly score: number;
  /** Score of the chosen tag minus the best other allowed tag (greedy) or path margin share (Viterbi); > 0. */
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

/** Per-token material computed once per sentence. */
interface TokenInfo {
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
}

export interface PreparedSentence {
  readonly tokens: readonly TokenInfo[];
}

const BOS = '<s>';
const EOS = '</s>';

const NONE: readonly string[] = [];

function prepareToken(word: string, lexicon: Lexicon | undefined): TokenInfo {
  const { norm, cls } = formOf(word);
  const keys: string[] = [];
  const bareKeys: string[] = [];
  const prefixes: string[] = [];
  if (cls === 'ar') {
    const analyses = cliticAnalyses(norm);
    for (const a of analyses) {
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
  if (lexicon) {
    lex = lexicon.get(norm) ?? NONE;
    if (lex.length === 0) {
      const found: string[] = [];
      for (const k of keys) for (const l of lexicon.get(k) ?? NONE) if (!found.includes(l)) found.push(l);
      for (const k of bareKeys) for (const l of lexicon.get(k) ?? NONE) if (!found.includes(l)) found.push(l);
      if (found.length > 0) keyLex = found;
    }
  }
  return { norm, cls, keys, bareKeys, prefixes, lex, keyLex };
}

/** Normalizes and analyses the words of one sentence for feature extraction. */
export function prepareSentence(words: readonly string[], lexicon?: Lexicon): PreparedSentence {
  return { tokens: words.map((w) => prepareToken(w, lexicon)) };
}

function shapeOf(t: TokenInfo): string {
  const len = t.norm.length;
  const bucket = len <= 2 ? String(len) : len <= 4 ? '3-4' : len <= 7 ? '5-7' : '8+';
  if (t.cls === 'num') return `num:${t.norm.length > 4 ? '5+' : t.norm}`;
  if (t.cls === 'punct') return `punct:${t.norm}`;
  return `${t.cls}:${bucket}`;
}

/**
 * Features of token i that do not depend on tags. Appended to `out` as strings; the same strings
 * are produced at training and tagging time.
 */
export function staticFeatures(config: FeatureConfig, sent: PreparedSentence, i: number, out: string[]): void {
  const toks = sent.tokens;
  const t = toks[i]!;
  const w = t.norm;
  const word = (k: number): string => (k < 0 ? BOS : k >= toks.length ? EOS : toks[k]!.norm);
  out.push('b');
  out.push('w=' + w);
  out.push('sh=' + shapeOf(t));
  if (t.cls === 'ar') {
    const n = Math.min(config.affixes, w.length - 1);
    for (let k = 1; k <= n; k++) {
      out.push(`p${k}=` + w.slice(0, k));
      out.push(`s${k}=` + w.slice(w.length - k));
    }
  }
  if (config.stems) {
    for (const k of t.keys) out.push('k=' + k);
    for (const k of t.bareKeys) out.push('ka=' + k);
    for (const p of t.prefixes) out.push('cp=' + p);
  }
  for (let d = 1; d <= config.window; d++) {
    out.push(`w-${d}=` + word(i - d));
    out.push(`w+${d}=` + word(i + d));
  }
  for (const d of [-1, 1]) {
    const k = i + d;
    if (k < 0 || k >= toks.length) continue;
    const c = toks[k]!;
    const tag = d < 0 ? '-1' : '+1';
    out.push(`c${tag}=` + c.cls);
    if (c.cls === 'ar') {
      const n = Math.min(config.contextAffixes, c.norm.length - 1);
      for (let m = 1; m <= n; m++) out.push(`s${m}${tag}=` + c.norm.slice(c.norm.length - m));
      if (config.contextStems) for (const b of c.bareKeys) out.push(`ka${tag}=` + b);
    }
  }
  if (config.bigrams) {
    out.push('bg-=' + word(i - 1) + ' ' + w);
    out.push('bg+=' + w + ' ' + word(i + 1));
  }
  if (config.conjunctions) {
    const sh = (k: number): string => {
      if (k < 0) return BOS;
      if (k >= toks.length) return EOS;
      const c = toks[k]!;
      if (c.cls !== 'ar') return c.cls === 'punct' ? c.norm : c.cls;
      const x = c.norm;
      return x.length <= 3 ? x : x.slice(0, 2) + '_' + x.slice(x.length - 1);
    };
    const shm1 = sh(i - 1);
    const shp1 = sh(i + 1);
    out.push('sh-1=' + shm1);
    out.push('sh+1=' + shp1);
    out.push('sh0=' + sh(i));
    out.push('sh-1+1=' + shm1 + ' ' + shp1);
    out.push('w-1+1=' + word(i - 1) + ' ' + word(i + 1));
    if (i < 3) out.push('pos=' + i);
  }
  if (config.stemAffixes > 0) {
    for (const k of t.keys) {
      const n = Math.min(config.stemAffixes, k.length - 1);
      for (let m = 2; m <= n; m++) {
        out.push(`kp${m}=` + k.slice(0, m));
        out.push(`ks${m}=` + k.slice(k.length - m));
      }
    }
  }
  if (config.charNgrams > 0 && t.cls === 'ar') {
    const g = config.charNgrams;
    const x = '^' + w + '$';
    for (let a = 0; a + g <= x.length; a++) out.push('ng=' + x.slice(a, a + g));
  }
  for (let d = 2; d <= Math.min(config.window, 2); d++) {
    for (const k of [i - d, i + d]) {
      if (k < 0 || k >= toks.length) continue;
      const c = toks[k]!;
      if (c.cls !== 'ar') continue;
      const tag = k < i ? `-${d}` : `+${d}`;
      const n = Math.min(config.farAffixes, c.norm.length - 1);
      for (let m = 1; m <= n; m++) out.push(`s${m}${tag}=` + c.norm.slice(c.norm.length - m));
    }
  }
  if (config.lexicon) {
    if (t.lex.length === 0 && t.keyLex.length === 0) out.push('lx=none');
    for (const l of t.lex) out.push('lx=' + l);
    for (const l of t.keyLex) out.push('lxk=' + l);
    for (const d of [-1, 1]) {
      const k = i + d;
      if (k < 0 || k >= toks.length) continue;
      const c = toks[k]!;
      const tag = d < 0 ? '-1' : '+1';
      for (const l of c.lex) out.push(`lx${tag}=` + l);
      for (const l of c.keyLex) out.push(`lxk${tag}=` + l);
    }
    if (config.lexiconPairs) {
      const st = (k: number): string => {
        if (k < 0) return BOS;
        if (k >= toks.length) return EOS;
        const c = toks[k]!;
        const l = c.lex[0] ?? c.keyLex[0];
        return l === undefined ? (c.cls === 'ar' ? '-' : c.cls === 'punct' ? c.norm : c.cls) : l.slice(0, 2) + l.slice(-1);
      };
      const s0 = st(i);
      out.push('lp-=' + st(i - 1) + ' ' + s0);
      out.push('lp+=' + s0 + ' ' + st(i + 1));
      out.push('lp3=' + st(i - 1) + ' ' + s0 + ' ' + st(i + 1));
    }
  }
}

/** True for features that name the current word itself (dropped at random in training to strengthen context). */
export function isLexicalFeature(f: string): boolean {
  return f.startsWith('w=') || f.startsWith('k=') || f.startsWith('ka=') || f.startsWith('bg');
}

/** Features of token i that depend on the previous tags (p2 = tag at i-2, p1 = tag at i-1). */
export function historyFeatures(config: FeatureConfig, sent: PreparedSentence, i: number, p2: string, p1: string, out: string[]): void {
  out.push('t-1=' + p1);
  if (config.history >= 2) out.push('t-2=' + p2 + ' ' + p1);
  const w = sent.tokens[i]!.norm;
  if (config.historyWord) out.push('t-1w=' + p1 + ' ' + w);
  if (config.historySuffix > 0 && w.length > config.historySuffix) out.push('t-1s=' + p1 + ' ' + w.slice(w.length - config.historySuffix));
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
 * with strength h (at least half of its occurrences) or l. Words never in an entity are absent.
 */
export function buildLexicon(sentences: readonly { readonly words: readonly string[]; readonly tags: readonly string[] }[]): Map<string, string[]> {
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
  return out;
}

/** Lexicon entries in model form, sorted. */
export function lexiconEntries(lex: ReadonlyMap<string, readonly string[]>): string[] {
  return [...lex].map(([w, ls]) => `${w}\t${ls.join(',')}`).sort();
}

// ---------------------------------------------------------------------------------------------
// Tagger

export class PerceptronTagger {
  readonly tags: readonly BioTag[];
  readonly config: FeatureConfig;
  readonly decoder: 'greedy' | 'viterbi';
  /** Feature string → row offset into `rows` (T floats per feature). */
  private readonly index: Map<string, number>;
  private readonly rows: Float32Array;
  /** allowed[prev * T + t], prev = T for sentence start. */
  private readonly allowed: Uint8Array;
  private readonly feats: string[] = [];
  private readonly lexicon: Lexicon | undefined;
  /** Per-tag constant added to emissions (entity bias). */
  private readonly bias: Float64Array;

  private constructor(tags: readonly BioTag[], config: FeatureConfig, decoder: 'greedy' | 'viterbi', index: Map<string, number>, rows: Float32Array, lexicon: Lexicon | undefined, entityBias: number) {
    this.tags = tags;
    this.lexicon = lexicon;
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
  }

  /** Builds a tagger from a model object; throws when the model is malformed. */
  static fromModel(m: TaggerModel): PerceptronTagger {
    if (m.format !== 'arabic-news-perceptron-tagger' || m.version !== 1) throw new Error(`unsupported tagger model ${String(m.format)} v${String(m.version)}`);
    const tags: BioTag[] = [];
    for (const t of m.tags) {
      if (!isBioTag(t)) throw new Error(`tagger model: unknown tag ${t}`);
      tags.push(t);
    }
    if (!tags.includes('O')) throw new Error('tagger model: no O tag');
    const T = tags.length;
    if (m.masks.length !== m.features.length) throw new Error('tagger model: masks and features differ in length');
    const rows = new Float32Array(m.features.length * T);
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
    return new PerceptronTagger(tags, m.config, m.decoder, index, rows, m.lexicon ? parseLexicon(m.lexicon) : undefined, m.entityBias ?? 0);
  }

  /** Number of features in the model. */
  get featureCount(): number {
    return this.index.size;
  }

  /** Tags one sentence (surface tokens, clitics attached, punctuation separate). Always valid BIO. */
  tag(words: readonly string[]): BioTag[] {
    return this.tagWithScores(words).map((s) => s.tag);
  }

  /** Tags one sentence, with each token's score and margin. */
  tagWithScores(words: readonly string[]): ScoredTag[] {
    if (words.length === 0) return [];
    const sent = prepareSentence(words, this.lexicon);
    const out = this.decoder === 'viterbi' ? this.viterbi(sent) : this.greedy(sent);
    // Decoding is constrained; repair is a safety net only.
    const fixed = repairBio(out.map((s) => s.tag));
    return out.map((s, i) => (s.tag === fixed[i] ? s : { ...s, tag: fixed[i]! }));
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

  private emissions(sent: PreparedSentence): Float64Array {
    const T = this.tags.length;
    const n = sent.tokens.length;
    const em = new Float64Array(n * T);
    const feats = this.feats;
    const scores = new Float64Array(T);
    for (let i = 0; i < n; i++) {
      feats.length = 0;
      staticFeatures(this.config, sent, i, feats);
      scores.set(this.bias);
      this.addFeatures(feats, scores);
      em.set(scores, i * T);
    }
    return em;
  }

  private greedy(sent: PreparedSentence): ScoredTag[] {
    const T = this.tags.length;
    const n = sent.tokens.length;
    const em = this.emissions(sent);
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
      out.push({ tag: this.tags[best]!, score: scores[best]!, margin: scores[best]! - second });
      p2 = p1;
      p1 = best;
    }
    return out;
  }

  /** First-order Viterbi: only history features that depend on the previous tag are used. */
  private viterbi(sent: PreparedSentence): ScoredTag[] {
    const T = this.tags.length;
    const n = sent.tokens.length;
    const em = this.emissions(sent);
    const delta = new Float64Array(n * T).fill(-Infinity);
    const back = new Int32Array(n * T).fill(-1);
    const local = new Float64Array((T + 1) * T);
    const scores = new Float64Array(T);
    const feats = this.feats;
    for (let i = 0; i < n; i++) {
      // local[p * T + t]: emission + history score of t after p (p = T: start).
      for (let p = 0; p <= T; p++) {
        if (i === 0 ? p !== T : p === T) continue;
        feats.length = 0;
        historyFeatures(this.config, sent, i, START_TAG, p === T ? START_TAG : this.tags[p]!, feats);
        scores.fill(0);
        this.addFeatures(feats, scores);
        for (let t = 0; t < T; t++) local[p * T + t] = em[i * T + t]! + scores[t]!;
      }
      for (let t = 0; t < T; t++) {
        if (i === 0) {
          if (this.allowed[T * T + t]) delta[t] = local[T * T + t]!;
          continue;
        }
        let bestV = -Infinity;
        let bestP = -1;
        for (let p = 0; p < T; p++) {
          const prev = delta[(i - 1) * T + p]!;
          if (prev === -Infinity || !this.allowed[p * T + t]) continue;
          const v = prev + local[p * T + t]!;
          if (v > bestV) {
            bestV = v;
            bestP = p;
          }
        }
        delta[i * T + t] = bestV;
        back[i * T + t] = bestP;
      }
    }
    const path = new Int32Array(n);
    let best = 0;
    for (let t = 1; t < T; t++) if (delta[(n - 1) * T + t]! > delta[(n - 1) * T + best]!) best = t;
    path[n - 1] = best;
    for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * T + path[i]!]!;
    const out: ScoredTag[] = [];
    for (let i = 0; i < n; i++) {
      const t = path[i]!;
      const d = delta[i * T + t]!;
      let second = -Infinity;
      for (let u = 0; u < T; u++) if (u !== t && delta[i * T + u]! > second) second = delta[i * T + u]!;
      out.push({ tag: this.tags[t]!, score: d, margin: d - second });
    }
    return out;
  }
}
