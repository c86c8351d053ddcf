/**
 * Tagging speed of a tagger model in tokens per second of CPU time (best of --reps repetitions):
 *   - cold: a tagger freshly built from the model tags the text once (every word's features are new);
 *   - warm: the same tagger tags the text again (its per-word feature-score cache is filled).
 * Text: the held-out last 10% of the ANERcorp train split when ../shared/data is there (13,627 tokens),
 * else the seed articles split on whitespace, one sentence per line.
 *
 *   npx tsx scripts/speed.ts [--model PATH …] [--reps N]     (several models take turns)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PerceptronTagger, type TaggerModel } from '../server/src/core/recognize/tagger';
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
const loaded = models.map((p) => JSON.parse(readFileSync(resolve(process.cwd(), p), 'utf8')) as TaggerModel);
const best = loaded.map(() => ({ load: Infinity, cold: Infinity, warm: Infinity }));
/** CPU time of this process in ms (less sensitive than wall time to other processes on a busy machine). */
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// Models take turns, so that a busy machine slows them alike.
for (let r = 0; r < reps; r++) {
  loaded.forEach((model, m) => {
    const t0 = cpu();
    const tagger = PerceptronTagger.fromModel(model, { words });
    const t1 = cpu();
    for (const s of sentences) tagger.tag(s);
    const t2 = cpu();
    for (const s of sentences) tagger.tag(s);
    const t3 = cpu();
    const b = best[m]!;
    b.load = Math.min(b.load, t1 - t0);
    b.cold = Math.min(b.cold, t2 - t1);
    b.warm = Math.min(b.warm, t3 - t2);
  });
}
const rate = (ms: number): string => `${Math.round((tokens / ms) * 1000).toLocaleString('en')} tokens/s`;
console.log(`${source}: ${sentences.length} sentences, ${tokens} tokens; best of ${reps}`);
models.forEach((p, m) => {
  const b = best[m]!;
  console.log(`${p}: model load ${b.load.toFixed(0)} ms; cold ${b.cold.toFixed(0)} ms (${rate(b.cold)}); warm ${b.warm.toFixed(0)} ms (${rate(b.warm)})`);
});
