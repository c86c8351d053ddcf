/**
 * Tagging speed of a tagger model, in CPU time (less sensitive than wall time to other processes on a busy
 * machine; best and median of --reps repetitions).
 *
 * ANERcorp (the held-out last 10% of the train split when ../shared/data is there, 13,627 tokens; else the
 * seed articles split on whitespace, one sentence per line), in tokens per CPU second:
 *   - cold: a tagger freshly built from the model tags the text once (every word's features are new);
 *   - warm: the same tagger tags the text again (its per-word feature-score cache is filled).
 *
 * News (with --news, or when bench/corpus/ has articles: the first N articles in the order bench.ts
 * chooses them, for each N of --sizes), in µs per token: sentences cut from `tokenize` as the recognizer
 * cuts them (`sentenceRanges`); the tagger's construction (model JSON parse + fromModel), a first pass over
 * every sentence with a fresh tagger, a second pass with the same tagger; and, for the largest size, the
 * memory the tagger holds after the first pass (V8 heap and array buffers, after a full GC).
 *
 *   npx tsx scripts/speed.ts [--model PATH …] [--reps N] [--news DIR] [--sizes 1000,5000] [--news-reps N]
 *
 * Several models take turns, so that a busy machine slows them alike.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PerceptronTagger, type TaggerModel } from '../server/src/core/recognize/tagger';
import { sentenceRanges } from '../server/src/core/recognize/recognizer';
import { tokenize } from '../server/src/core/text/tokenize';
import { readAnercorp, splitDev } from './anercorp';
import { loadWordList } from '../server/src/node/loadWordList';

const ROOT = resolve(__dirname, '..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const models = process.argv.flatMap((a, i) => (a === '--model' ? [process.argv[i + 1]!] : []));
if (models.length === 0) models.push(join(ROOT, 'server/resources/model/anercorp-tagger.json'));
const reps = Number(arg('--reps') ?? 5);
const newsReps = Number(arg('--news-reps') ?? 3);
const sizes = (arg('--sizes') ?? '1000,5000').split(',').map(Number);
const data = resolve(ROOT, '../shared/data/anercorp/ANERcorp_train.txt');
let sentences: string[][];
let source: string;
if (existsSync(data)) {
  sentences = splitDev(readAnercorp(data)).dev.map((s) => s.words);
  source = 'ANERcorp dev';
} else {
  const dir = join(ROOT, 'seeds');
  sentences = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .map((l) => l.split(/\s+/).filter(Boolean))
    .filter((ws) => ws.length > 0);
  source = 'seeds';
}
const tokens = sentences.reduce((n, s) => n + s.length, 0);
const words = loadWordList();
const texts = models.map((p) => readFileSync(resolve(process.cwd(), p), 'utf8'));
const loaded = texts.map((t) => JSON.parse(t) as TaggerModel);
/** CPU time of this process in ms. */
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const fmt = (xs: readonly number[], digits: number): string => `best ${Math.min(...xs).toFixed(digits)}, median ${median(xs).toFixed(digits)}`;

const anercorp = loaded.map(() => ({ load: [] as number[], cold: [] as number[], warm: [] as number[] }));
for (let r = 0; r < reps; r++) {
  loaded.forEach((model, m) => {
    const t0 = cpu();
    const tagger = PerceptronTagger.fromModel(model, { words });
    const t1 = cpu();
    for (const s of sentences) tagger.tag(s);
    const t2 = cpu();
    for (const s of sentences) tagger.tag(s);
    const t3 = cpu();
    const b = anercorp[m]!;
    b.load.push(t1 - t0);
    b.cold.push(t2 - t1);
    b.warm.push(t3 - t2);
  });
}
const rate = (ms: number): string => `${Math.round((tokens / ms) * 1000).toLocaleString('en')} tokens/s`;
console.log(`${source}: ${sentences.length} sentences, ${tokens} tokens; best of ${reps}`);
models.forEach((p, m) => {
  const b = anercorp[m]!;
  const best = (xs: number[]): number => Math.min(...xs);
  console.log(`${p}: model load ${best(b.load).toFixed(0)} ms; cold ${best(b.cold).toFixed(0)} ms (${rate(best(b.cold))}); warm ${best(b.warm).toFixed(0)} ms (${rate(best(b.warm))})`);
});

// --- News -------------------------------------------------------------------------------------------

/** The articles of a folder in the order bench.ts chooses them (by the SHA-1 of their file name). */
function benchOrder(files: readonly string[]): string[] {
  const hash = new Map(files.map((f) => [f, createHash('sha1').update(f).digest('hex')]));
  return [...files].sort((a, b) => (hash.get(a)! < hash.get(b)! ? -1 : hash.get(a)! > hash.get(b)! ? 1 : a < b ? -1 : 1));
}

function newsFolder(): string | undefined {
  const given = arg('--news');
  if (given) return resolve(process.cwd(), given);
  const corpora = join(ROOT, 'bench/corpus');
  if (!existsSync(corpora)) return undefined;
  const largest = readdirSync(corpora)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a))[0];
  return largest ? join(corpora, largest) : existsSync(join(corpora, '_all')) ? join(corpora, '_all') : undefined;
}

/** The tagger's sentences of the articles: tokens as `tokenize` finds them, cut by `sentenceRanges`. */
function newsSentences(dir: string, files: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const f of files) {
    const toks = tokenize(readFileSync(join(dir, f), 'utf8'));
    for (const [s, e] of sentenceRanges(toks)) out.push(toks.slice(s, e).map((t) => t.text));
  }
  return out;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** V8 heap in use plus array buffers (the tagger's arrays live there), after full GCs. */
const memory = (): number => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const dir = newsFolder();
if (!dir) {
  console.log('news: no articles (bench/corpus/ is made by `npm run bench`; or give --news DIR)');
} else {
  const all = benchOrder(readdirSync(dir).filter((f) => f.endsWith('.txt')));
  const largest = Math.max(...sizes.filter((n) => n <= all.length));
  for (const n of sizes) {
    if (n > all.length) {
      console.log(`news ${n}: only ${all.length} articles in ${dir}`);
      continue;
    }
    const sents = newsSentences(dir, all.slice(0, n));
    const toks = sents.reduce((a, s) => a + s.length, 0);
    const forms = new Set<string>();
    for (const s of sents) for (const w of s) forms.add(w);
    const us = (ms: number): number => (ms * 1000) / toks;
    console.log(`news, ${n} articles: ${sents.length} sentences, ${toks} tokens, ${forms.size} distinct forms; µs per token (CPU), ${newsReps} repetitions`);
    models.forEach((p, m) => {
      const build: number[] = [];
      const first: number[] = [];
      const second: number[] = [];
      const cold: number[] = [];
      let held = 0;
      for (let r = 0; r < newsReps; r++) {
        const before = n === largest && r === 0 ? memory() : 0;
        const t0 = cpu();
        const tagger = PerceptronTagger.fromModel(JSON.parse(texts[m]!) as TaggerModel, { words });
        const t1 = cpu();
        for (const s of sents) tagger.tag(s);
        const t2 = cpu();
        if (n === largest && r === 0) held = memory() - before;
        const t3 = cpu();
        for (const s of sents) tagger.tag(s);
        const t4 = cpu();
        build.push(t1 - t0);
        first.push(us(t2 - t1));
        second.push(us(t4 - t3));
        cold.push(us(t2 - t0));
      }
      console.log(`  ${p}: construction (JSON parse + fromModel) ${fmt(build, 0)} ms`);
      console.log(`    first pass ${fmt(first, 3)}; with construction ${fmt(cold, 3)}; second pass ${fmt(second, 3)}`);
      if (held) console.log(`    memory held by the tagger after the first pass: ${(held / 1048576).toFixed(1)} MB (V8 heap + array buffers)`);
    });
  }
}
