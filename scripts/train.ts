/**
 * Trains the shipped named-entity tagger on ANERcorp (first 90% of the train split's sentences),
 * reports dev scores on the last 10%, and writes server/resources/model/anercorp-tagger.json.
 *
 *   npm run train                      # default data path ../shared/data/anercorp/ANERcorp_train.txt
 *   npm run train -- --data PATH       # another copy of the train file
 *   npm run train -- --no-write        # train and report only
 *   npm run train -- --out PATH        # write the model elsewhere
 *   TRAIN_VERBOSE=1 npm run train      # also score the dev set after every epoch
 *
 * Experiment knobs (defaults in DEFAULT_TRAIN_OPTIONS; the shipped model uses the defaults):
 *   --epochs N --runs N --seed N --decoder greedy|viterbi --dropout X --folds N --prune X
 *   --cost X --entity-bias X --config '{"lexicon":false}'  (FeatureConfig overrides)
 *
 * Training is deterministic (fixed-seed shuffles), so the same data and options give the same file.
 * Exit codes: 0 ok, 2 training data not found.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  BIO_TAGS,
  DEFAULT_FEATURE_CONFIG,
  PerceptronTagger,
  buildLexicon,
  featureForm,
  isLexicalFeature,
  lexiconEntries,
  START_TAG,
  allowedAfter,
  historyFeatures,
  prepareSentence,
  staticFeatures,
  tokenResources,
  type BioTag,
  type FeatureConfig,
  type PreparedSentence,
  type TaggerModel,
} from '../server/src/core/recognize/tagger';
import { loadWordList } from '../server/src/node/loadWordList';
import { formatScores, readAnercorp, scoreChunks, splitDev, tokenAccuracy, type ChunkScores, type Sentence } from './anercorp';
import { mulberry32 } from './prng';

const REPO_ROOT = resolve(__dirname, '..');
const DEFAULT_DATA = resolve(REPO_ROOT, '../shared/data/anercorp/ANERcorp_train.txt');
const DEFAULT_OUT = resolve(REPO_ROOT, 'server/resources/model/anercorp-tagger.json');

export interface TrainOptions {
  epochs: number;
  decoder: 'greedy' | 'viterbi';
  config: FeatureConfig;
  seed: number;
  /** Averaged weights with |w| below this are dropped from the exported model. */
  prune: number;
  /** Decimals kept in exported weights. */
  decimals: number;
  /**
   * Word dropout: a token's lexical features are dropped in a training pass with probability
   * dropout / (dropout + count), count = the word's frequency in the training set (rare words are
   * dropped often, as unseen words must be tagged from context). 0 = off.
   */
  dropout: number;
  /** Cost-augmented training (Viterbi): this is added to every wrong tag's score while decoding in training. */
  cost: number;
  /** Entity bias stored in the model (see TaggerModel.entityBias). */
  entityBias: number;
  /** Word dropout also drops the previous-tag + word history feature. */
  dropHistoryWord: boolean;
  /** Independent runs (seeds seed, seed+1, …) whose averaged weights are averaged into one model. */
  runs: number;
  /** Jackknife folds (contiguous blocks of sentences) for the lexicon features seen in training. */
  folds: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 15,
  decoder: 'viterbi',
  config: DEFAULT_FEATURE_CONFIG,
  seed: 20070219,
  prune: 1,
  decimals: 3,
  dropout: 1,
  folds: 10,
  runs: 5,
  dropHistoryWord: true,
  cost: 0,
  entityBias: 0,
};


function shuffle<T>(xs: T[], rand: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = tmp;
  }
}

interface Example {
  prep: PreparedSentence;
  gold: Int32Array;
  /** Static feature ids per token. */
  feats: Int32Array[];
  /** The same without lexical features (word dropout). */
  dropped: Int32Array[];
  /** Dropout probability per token. */
  pDrop: Float64Array;
}

/** Averaged perceptron weights, string-keyed features mapped to dense rows of T weights. */
class Weights {
  readonly T: number;
  readonly index = new Map<string, number>();
  readonly names: string[] = [];
  w: Float64Array;
  u: Float64Array;
  /** Update counter for averaging (averaged = w - u / c). */
  c = 1;

  constructor(T: number) {
    this.T = T;
    this.w = new Float64Array(1 << 16);
    this.u = new Float64Array(1 << 16);
  }

  id(f: string): number {
    let i = this.index.get(f);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(f);
      this.index.set(f, i);
      const need = (i + 1) * this.T;
      if (need > this.w.length) {
        let size = this.w.length;
        while (size < need) size *= 2;
        const w = new Float64Array(size);
        w.set(this.w);
        const u = new Float64Array(size);
        u.set(this.u);
        this.w = w;
        this.u = u;
      }
    }
    return i;
  }

  ids(feats: readonly string[]): Int32Array {
    const out = new Int32Array(feats.length);
    for (let k = 0; k < feats.length; k++) out[k] = this.id(feats[k]!);
    return out;
  }

  add(ids: ArrayLike<number>, scores: Float64Array): void {
    const T = this.T;
    const w = this.w;
    for (let k = 0; k < ids.length; k++) {
      const o = ids[k]! * T;
      for (let t = 0; t < T; t++) scores[t]! += w[o + t]!;
    }
  }

  update(ids: ArrayLike<number>, tag: number, delta: number): void {
    const T = this.T;
    const cd = this.c * delta;
    for (let k = 0; k < ids.length; k++) {
      const o = ids[k]! * T + tag;
      this.w[o]! += delta;
      this.u[o]! += cd;
    }
  }

  /** Starts a new run: all weights zero (the feature index is kept). */
  reset(): void {
    this.w.fill(0);
    this.u.fill(0);
    this.c = 1;
  }

  /** Averaged weights of the current run. */
  averaged(): Float64Array {
    const n = this.names.length * this.T;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = this.w[k]! - this.u[k]! / this.c;
    return out;
  }

  /** Exports the averaged weights as a model, dropping small weights. */
  export(opts: TrainOptions, tags: readonly BioTag[], meta: Record<string, string | number>, lexicon: string[] | undefined): TaggerModel {
    return exportModel(this.names, this.averaged(), opts, tags, meta, lexicon);
  }
}

/**
 * Builds the model JSON from averaged weights (`avg[f * T + t]` for feature `names[f]`):
 * weights below `opts.prune` in magnitude are dropped, the rest rounded; features sorted by name.
 */
function exportModel(names: readonly string[], avg: Float64Array, opts: TrainOptions, tags: readonly BioTag[], meta: Record<string, string | number>, lexicon: string[] | undefined): TaggerModel {
  const T = tags.length;
  const scale = 10 ** opts.decimals;
  const features: string[] = [];
  const masks: number[] = [];
  const weights: number[] = [];
  const order = names.map((_, i) => i).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  for (const f of order) {
    let mask = 0;
    const vals: number[] = [];
    for (let t = 0; t < T; t++) {
      const v = avg[f * T + t] ?? 0;
      const r = Math.round(v * scale) / scale;
      if (Math.abs(v) < opts.prune || r === 0) continue;
      mask |= 1 << t;
      vals.push(r);
    }
    if (mask === 0) continue;
    features.push(names[f]!);
    masks.push(mask);
    weights.push(...vals);
  }
  return {
    format: 'arabic-news-perceptron-tagger',
    version: 1,
    tags: tags.slice(),
    decoder: opts.decoder,
    config: opts.config,
    meta,
    ...(opts.entityBias !== 0 ? { entityBias: opts.entityBias } : {}),
    ...(lexicon ? { lexicon } : {}),
    features,
    masks,
    weights,
  };
}

function tagIndex(tags: readonly BioTag[]): Map<string, number> {
  return new Map(tags.map((t, i) => [t, i]));
}

export interface TrainResult {
  model: TaggerModel;
  /** Dev scores after each epoch (averaged weights), when dev sentences were given. */
  history: { epoch: number; f1: number; accuracy: number }[];
}

/**
 * Trains an averaged perceptron. `dev` is only used to report per-epoch scores (it never updates weights).
 */
export function train(trainSet: readonly Sentence[], opts: TrainOptions, dev: readonly Sentence[] = [], log: (s: string) => void = () => {}, meta: Record<string, string | number> = {}): TrainResult {
  const tags = BIO_TAGS;
  const T = tags.length;
  const ti = tagIndex(tags);
  const W = new Weights(T);
  const cfg = opts.config;
  const allowed = (p: number, t: number): boolean => allowedAfter(p < 0 ? undefined : tags[p], tags[t]!);
  const tagName = (p: number): string => (p < 0 ? START_TAG : tags[p]!);

  // Lexicon features are jackknifed: a training sentence sees the lexicon of the other folds, so the
  // model learns how far a lexicon hit can be trusted for names it has not seen.
  let lexicon: string[] | undefined;
  const foldLexicons: Map<string, string[]>[] = [];
  const foldOf = (s: number): number => Math.min(opts.folds - 1, Math.floor((s * opts.folds) / trainSet.length));
  if (cfg.lexicon) {
    lexicon = lexiconEntries(buildLexicon(trainSet, cfg.lexiconSeen, cfg.triggers));
    for (let f = 0; f < opts.folds; f++) foldLexicons.push(buildLexicon(trainSet.filter((_, s) => foldOf(s) !== f), cfg.lexiconSeen, cfg.triggers));
  }
  const resources = tokenResources(cfg, cfg.dictionary ? loadWordList() : undefined);
  const counts = new Map<string, number>();
  for (const s of trainSet) for (const w of s.words) counts.set(featureForm(w), (counts.get(featureForm(w)) ?? 0) + 1);
  const examples: Example[] = trainSet.map((s, si) => {
    const prep = prepareSentence(s.words, cfg.lexicon ? foldLexicons[foldOf(si)] : undefined, resources);
    const feats: Int32Array[] = [];
    const dropped: Int32Array[] = [];
    const buf: string[] = [];
    for (let i = 0; i < s.words.length; i++) {
      buf.length = 0;
      staticFeatures(cfg, prep, i, buf);
      feats.push(W.ids(buf));
      dropped.push(W.ids(buf.filter((f) => !isLexicalFeature(f))));
    }
    const pDrop = Float64Array.from(s.words, (w) => (opts.dropout > 0 ? opts.dropout / (opts.dropout + (counts.get(featureForm(w)) ?? 0)) : 0));
    return { prep, gold: Int32Array.from(s.tags.map((t) => ti.get(t)!)), feats, dropped, pDrop };
  });
  log(`  ${examples.length} training sentences, ${W.names.length} static features`);

  const order = examples.map((_, i) => i);
  const buf: string[] = [];
  const scores = new Float64Array(T);
  const history: TrainResult['history'] = [];

  const histIds = (ex: Example, i: number, p2: number, p1: number, lexical = true): Int32Array => {
    buf.length = 0;
    historyFeatures(cfg, ex.prep, i, tagName(p2), tagName(p1), buf, lexical || !opts.dropHistoryWord);
    return W.ids(buf);
  };

  let sum = new Float64Array(0);
  for (let run = 0; run < opts.runs; run++) {
    W.reset();
    order.forEach((_, i) => (order[i] = i));
    const rand = mulberry32(opts.seed + run);
    const dropRand = mulberry32((opts.seed + run) ^ 0x5bd1e995);
    if (opts.runs > 1) log(`  run ${run + 1}/${opts.runs} (seed ${opts.seed + run})`);
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      shuffle(order, rand);
      let errors = 0;
      let total = 0;
      for (const e of order) {
        const ex = examples[e]!;
        const n = ex.gold.length;
        if (opts.decoder === 'greedy') {
          let p1 = -1;
          let p2 = -1;
          for (let i = 0; i < n; i++) {
            const drop = dropRand() < ex.pDrop[i]!;
            const h = histIds(ex, i, p2, p1, !drop);
            const sf = drop ? ex.dropped[i]! : ex.feats[i]!;
            scores.fill(0);
            W.add(sf, scores);
            W.add(h, scores);
            let best = -1;
            for (let t = 0; t < T; t++) if (allowed(p1, t) && (best < 0 || scores[t]! > scores[best]!)) best = t;
            const gold = ex.gold[i]!;
            if (best !== gold) {
              errors++;
              W.update(sf, gold, 1);
              W.update(h, gold, 1);
              W.update(sf, best, -1);
              W.update(h, best, -1);
            }
            W.c++;
            total++;
            // Predicted history (what the tagger will see), kept valid BIO.
            p2 = p1;
            p1 = best;
          }
        } else {
          const keep = ex.feats.map((_, i) => dropRand() >= ex.pDrop[i]!);
          const sfs = ex.feats.map((f, i) => (keep[i] ? f : ex.dropped[i]!));
          const pred = viterbiDecode(sfs, W, T, allowed, (i, p) => histIds(ex, i, -1, p, keep[i]), ex.gold, opts.cost);
          let wrong = false;
          for (let i = 0; i < n; i++) {
            total++;
            if (pred[i] !== ex.gold[i]) {
              errors++;
              wrong = true;
            }
          }
          if (wrong) {
            for (let i = 0; i < n; i++) {
              const g = ex.gold[i]!;
              const p = pred[i]!;
              const gp = i > 0 ? ex.gold[i - 1]! : -1;
              const pp = i > 0 ? pred[i - 1]! : -1;
              if (g === p && gp === pp) continue;
              W.update(sfs[i]!, g, 1);
              W.update(histIds(ex, i, -1, gp, keep[i]), g, 1);
              W.update(sfs[i]!, p, -1);
              W.update(histIds(ex, i, -1, pp, keep[i]), p, -1);
            }
          }
          W.c++;
        }
      }
      let line = `  epoch ${String(epoch).padStart(2)}: train token errors ${((100 * errors) / total).toFixed(2)}%`;
      if (dev.length > 0) {
        const tagger = PerceptronTagger.fromModel(W.export(opts, tags, meta, lexicon), { words: resources.words });
        const pred = dev.map((s) => tagger.tag(s.words));
        const gold = dev.map((s) => s.tags);
        const sc = scoreChunks(gold, pred);
        const acc = tokenAccuracy(gold, pred);
        history.push({ epoch, f1: sc.ALL.f1, accuracy: acc });
        line += `; dev acc ${acc.toFixed(2)}  F1 PERS ${sc.PERS.f1.toFixed(1)} LOC ${sc.LOC.f1.toFixed(1)} ORG ${sc.ORG.f1.toFixed(1)} MISC ${sc.MISC.f1.toFixed(1)} ALL ${sc.ALL.f1.toFixed(2)}`;
      }
      log(line);
    }
    const avg = W.averaged();
    if (avg.length > sum.length) {
      const grown = new Float64Array(avg.length);
      grown.set(sum);
      sum = grown;
    }
    for (let k = 0; k < avg.length; k++) sum[k]! += avg[k]!;
  }
  for (let k = 0; k < sum.length; k++) sum[k]! /= opts.runs;
  return { model: exportModel(W.names, sum, opts, tags, meta, lexicon), history };
}

function viterbiDecode(feats: readonly Int32Array[], W: Weights, T: number, allowed: (p: number, t: number) => boolean, hist: (i: number, p: number) => Int32Array, gold: Int32Array, cost: number): Int32Array {
  const n = feats.length;
  const delta = new Float64Array(n * T).fill(-Infinity);
  const back = new Int32Array(n * T).fill(-1);
  const em = new Float64Array(T);
  const hs = new Float64Array(T);
  for (let i = 0; i < n; i++) {
    em.fill(0);
    W.add(feats[i]!, em);
    if (cost !== 0) for (let t = 0; t < T; t++) if (t !== gold[i]) em[t]! += cost;
    if (i === 0) {
      hs.fill(0);
      W.add(hist(0, -1), hs);
      for (let t = 0; t < T; t++) if (allowed(-1, t)) delta[t] = em[t]! + hs[t]!;
      continue;
    }
    for (let p = 0; p < T; p++) {
      const prev = delta[(i - 1) * T + p]!;
      if (prev === -Infinity) continue;
      hs.fill(0);
      W.add(hist(i, p), hs);
      for (let t = 0; t < T; t++) {
        if (!allowed(p, t)) continue;
        const v = prev + em[t]! + hs[t]!;
        if (v > delta[i * T + t]!) {
          delta[i * T + t] = v;
          back[i * T + t] = p;
        }
      }
    }
  }
  const path = new Int32Array(n);
  let best = 0;
  for (let t = 1; t < T; t++) if (delta[(n - 1) * T + t]! > delta[(n - 1) * T + best]!) best = t;
  path[n - 1] = best;
  for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * T + path[i]!]!;
  return path;
}

export function evaluate(tagger: PerceptronTagger, dev: readonly Sentence[]): { scores: ChunkScores; accuracy: number } {
  const pred = dev.map((s) => tagger.tag(s.words));
  const gold = dev.map((s) => s.tags);
  return { scores: scoreChunks(gold, pred), accuracy: tokenAccuracy(gold, pred) };
}

/** Applies one training option (`a`, its value from `next`) to `opts`; false when `a` is not one. */
export function parseTrainOption(opts: TrainOptions, a: string, next: () => string): boolean {
  if (a === '--epochs') opts.epochs = Number(next());
  else if (a === '--seed') opts.seed = Number(next());
  else if (a === '--prune') opts.prune = Number(next());
  else if (a === '--dropout') opts.dropout = Number(next());
  else if (a === '--folds') opts.folds = Number(next());
  else if (a === '--runs') opts.runs = Number(next());
  else if (a === '--cost') opts.cost = Number(next());
  else if (a === '--entity-bias') opts.entityBias = Number(next());
  else if (a === '--decoder') {
    const d = next();
    if (d !== 'greedy' && d !== 'viterbi') throw new Error(`--decoder greedy|viterbi, got ${d}`);
    opts.decoder = d;
  } else if (a === '--config') opts.config = { ...opts.config, ...(JSON.parse(next()) as Partial<FeatureConfig>) };
  else return false;
  return true;
}

function parseArgs(argv: readonly string[]): { data: string; out: string; write: boolean; opts: TrainOptions } {
  let data = DEFAULT_DATA;
  let out = DEFAULT_OUT;
  let write = true;
  const opts: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS };
  forEachOption(argv, (a, next) => {
    if (a === '--data') data = resolve(process.cwd(), next());
    else if (a === '--out') out = resolve(process.cwd(), next());
    else if (a === '--no-write') write = false;
    else return parseTrainOption(opts, a, next);
    return true;
  });
  return { data, out, write, opts };
}

/**
 * Calls `handle` with each option of `argv` and a function that takes its value (the next argument);
 * `handle` returns false for an option it does not know, which is an error.
 */
export function forEachOption(argv: readonly string[], handle: (option: string, next: () => string) => boolean): void {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (!handle(a, next)) throw new Error(`unknown option ${a}`);
  }
}

function main(): void {
  const { data, out, write, opts } = parseArgs(process.argv.slice(2));
  if (!existsSync(data)) {
    console.error(`ANERcorp not found at ${data}; training needs ../shared/data/anercorp (see README), or pass --data PATH`);
    process.exit(2);
  }
  const sentences = readAnercorp(data);
  const { train: trainSet, dev } = splitDev(sentences);
  const tokens = (ss: readonly Sentence[]): number => ss.reduce((n, s) => n + s.words.length, 0);
  console.log(`ANERcorp: ${sentences.length} sentences; train ${trainSet.length} (${tokens(trainSet)} tokens), dev ${dev.length} (${tokens(dev)} tokens)`);
  console.log(
    `options: ${opts.decoder}, ${opts.runs} run(s) × ${opts.epochs} epochs, seed ${opts.seed}, word dropout ${opts.dropout}, ` +
      `lexicon folds ${opts.folds}, prune ${opts.prune}, config ${JSON.stringify(opts.config)}`,
  );
  const t0 = performance.now();
  const meta = {
    trainedOn: 'ANERcorp train split (CAMeL Lab), first 90% of sentences',
    trainSentences: trainSet.length,
    trainTokens: tokens(trainSet),
    decoder: opts.decoder,
    runs: opts.runs,
    epochs: opts.epochs,
    seed: opts.seed,
    licence: 'CC BY-SA 4.0 (derived from ANERcorp); see NOTICE.md',
  };
  const { model } = train(trainSet, opts, process.env['TRAIN_VERBOSE'] ? dev : [], (s) => console.log(s), meta);
  const secs = (performance.now() - t0) / 1000;
  console.log(`trained in ${secs.toFixed(1)} s; ${model.features.length} features, ${model.weights.length} weights`);

  const tagger = PerceptronTagger.fromModel(model, { words: loadWordList() });
  const { scores, accuracy } = evaluate(tagger, dev);
  console.log(`dev (last 10%): token accuracy ${accuracy.toFixed(2)}%`);
  console.log(formatScores(scores));

  if (write) {
    mkdirSync(dirname(out), { recursive: true });
    const json = JSON.stringify(model) + '\n';
    writeFileSync(out, json);
    console.log(`wrote ${out} (${(Buffer.byteLength(json) / 1024 / 1024).toFixed(2)} MB)`);
  }
}

if (require.main === module) main();
