/**
 * `npm run eval`: scores recognition against the held-out last 10% of the ANERcorp train split (never
 * trained on) and prints per-type precision / recall / F1 (conlleval chunks) for PERS, LOC and ORG:
 *   - the tagger alone (the shipped model);
 *   - the whole system (tagger + rules + gazetteer + corpus-level propagation), as the CLI and server run it.
 * Needs ../shared/data/anercorp/ANERcorp_train.txt beside the clone (or --data PATH); says so when missing.
 * Dev sentences are grouped into pseudo-articles of --doc-size sentences (default 10): ANERcorp has no
 * article boundaries, and corpus-level evidence needs documents.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readAnercorp, splitDev, scoreChunks, formatScores, ChunkScores } from './anercorp';
import { defaultTagger } from '../server/src/core/recognize/defaultTagger';
import { systemTags } from './systemEval';
import { loadWordList } from '../server/src/node/loadWordList';

const root = path.resolve(__dirname, '..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const data = arg('--data') ?? path.resolve(root, '../shared/data/anercorp/ANERcorp_train.txt');
if (!fs.existsSync(data)) {
  console.error(`ANERcorp not found at ${data}.\nThe evaluation needs ../shared/data/anercorp/ beside the clone (see README); the test suite does not.`);
  process.exit(2);
}
const docSize = Number(arg('--doc-size') ?? 10);
const { dev } = splitDev(readAnercorp(data));

const t0 = Date.now();
const tagger = defaultTagger(loadWordList());
const taggerPred = dev.map((s) => [...tagger.tag(s.words)].map((t) => (t.endsWith('MISC') ? 'O' : t)));
const taggerMs = Date.now() - t0;

// Whole system: pseudo-articles indexed as a corpus, mentions mapped back onto gold tokens.
const t1 = Date.now();
const systemPred = systemTags(dev, docSize);
const systemMs = Date.now() - t1;
const gold = dev.map((s) => s.tags);

function report(name: string, scores: ChunkScores): void {
  console.log(`\n${name}`);
  console.log(formatScores(scores).split('\n').filter((l) => !l.startsWith('MISC')).join('\n'));
}
const tokens = dev.reduce((n, s) => n + s.words.length, 0);
console.log(`ANERcorp dev split: last ${dev.length} sentences (${tokens} tokens) of the train file, never trained on`);
report(`tagger alone (${taggerMs} ms)`, scoreChunks(gold, taggerPred));
const sys = scoreChunks(gold, systemPred);
report(`whole system: tagger + rules + gazetteer + corpus propagation (${systemMs} ms, ${docSize} sentences per document)`, sys);
const out = path.join(root, 'bench');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'eval.json'), JSON.stringify({ sentences: dev.length, tokens, system: { PERS: sys.PERS, LOC: sys.LOC, ORG: sys.ORG } }, null, 2) + '\n');
