/**
 * Cross-validation inside the training 90% of ANERcorp (the held-out last 10% is never read): for each
 * chosen fold of --k contiguous folds, trains on the other folds and scores that fold, tagger alone and
 * (with --system) the whole system. Scores are summed over the folds (micro P/R/F1). Used to tune
 * features and training options without looking at the dev split.
 *
 *   npx tsx scripts/cv.ts [--folds 1,4,7] [--k 10] [--system] [--dump FILE] [--save DIR | --load DIR] [train.ts options …]
 *
 * --save writes each fold's model to DIR, --load reads them instead of training (for experiments with the rules).
 * The whole system is scored with its ANERcorp-derived lexicons (common words, places) rebuilt from each
 * fold's training folds (scripts/foldLexicon.ts); --shipped-lexicons uses the shipped ones, which were built
 * from every fold, the scored one included, and so flatter the rules that consult them.
 *
 * Train options as in train.ts (--epochs, --runs, --config '{…}', --entity-bias …); runs default to 1 here.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PerceptronTagger, type TaggerModel } from '../server/src/core/recognize/tagger';
import { readAnercorp, splitDev, scoreChunks, type Sentence } from './anercorp';
import { DEFAULT_TRAIN_OPTIONS, forEachOption, parseTrainOption, train, type TrainOptions } from './train';
import { systemRun } from './systemEval';
import { foldLexicon } from './foldLexicon';
import { loadWordList } from '../server/src/node/loadWordList';

const REPO_ROOT = resolve(__dirname, '..');
let data = resolve(REPO_ROOT, '../shared/data/anercorp/ANERcorp_train.txt');
let folds = [1, 4, 7];
let k = 10;
let system = false;
/** Score the whole system with the shipped ANERcorp-derived lexicons (built from all folds, the scored one included) instead of lexicons from the training folds. */
let shippedLexicons = false;
let dump: string | undefined;
let save: string | undefined;
let load: string | undefined;
const opts: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, runs: 1 };
const argv = process.argv.slice(2);
forEachOption(argv, (a, next) => {
  if (a === '--data') data = resolve(process.cwd(), next());
  else if (a === '--folds') folds = next().split(',').map(Number);
  else if (a === '--k') k = Number(next());
  else if (a === '--system') system = true;
  else if (a === '--shipped-lexicons') shippedLexicons = true;
  else if (a === '--dump') dump = resolve(process.cwd(), next());
  else if (a === '--save') save = resolve(process.cwd(), next());
  else if (a === '--load') load = resolve(process.cwd(), next());
  else return parseTrainOption(opts, a, next);
  return true;
});
if (!existsSync(data)) {
  console.error(`ANERcorp not found at ${data}`);
  process.exit(2);
}
const { train: all } = splitDev(readAnercorp(data));
const foldOf = (s: number): number => Math.min(k - 1, Math.floor((s * k) / all.length));
const gold: string[][] = [];
const tagged: string[][] = [];
const sys: string[][] = [];
const sysEvidence: string[][] = [];
const held: Sentence[] = [];
const t0 = performance.now();
for (const f of folds) {
  const trainSet = all.filter((_, s) => foldOf(s) !== f);
  const test = all.filter((_, s) => foldOf(s) === f);
  const file = (dir: string): string => join(dir, `fold-${f}-of-${k}.json`);
  let model = load ? (JSON.parse(readFileSync(file(load), 'utf8')) as TaggerModel) : train(trainSet, opts).model;
  if (load && argv.includes('--entity-bias')) model = { ...model, entityBias: opts.entityBias };
  if (save) {
    mkdirSync(save, { recursive: true });
    writeFileSync(file(save), JSON.stringify(model));
  }
  const tagger = PerceptronTagger.fromModel(model, { words: loadWordList() });
  for (const s of test) {
    gold.push(s.tags);
    tagged.push(tagger.tag(s.words).map((t) => (t.endsWith('MISC') ? 'O' : t)));
    held.push(s);
  }
  if (system) {
    const r = systemRun(test, 10, tagger, shippedLexicons ? undefined : foldLexicon(trainSet, loadWordList()));
    sys.push(...r.tags);
    sysEvidence.push(...r.evidence);
  }
  const sc = scoreChunks(test.map((s) => s.tags), tagged.slice(tagged.length - test.length));
  console.log(`fold ${f}: ${test.length} sentences; tagger PERS ${sc.PERS.f1.toFixed(1)} LOC ${sc.LOC.f1.toFixed(1)} ORG ${sc.ORG.f1.toFixed(1)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
const line = (name: string, pred: string[][]): void => {
  const sc = scoreChunks(gold, pred);
  const cell = (t: 'PERS' | 'LOC' | 'ORG' | 'ALL'): string => `${t} ${sc[t].precision.toFixed(1)}/${sc[t].recall.toFixed(1)}/${sc[t].f1.toFixed(2)}`;
  console.log(`${name.padEnd(7)} ${cell('PERS')}  ${cell('LOC')}  ${cell('ORG')}  ${cell('ALL')}`);
};
line('tagger', tagged);
if (system) line('system', sys);
if (dump) writeFileSync(dump, JSON.stringify(held.map((s, i) => ({ words: s.words, gold: s.tags, tagger: tagged[i], system: sys[i], evidence: sysEvidence[i] }))));
