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
import { readAnercorp, splitDev, scoreChunks, formatScores, Sentence, ChunkScores } from './anercorp';
import { createNodeEngine } from '../server/src/node/nodeEngine';
import { defaultTagger } from '../server/src/core/recognize/defaultTagger';
import { ActorType } from '../server/src/core/model';

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
const TAG: Record<ActorType, string> = { person: 'PERS', place: 'LOC', organization: 'ORG' };

const t0 = Date.now();
const tagger = defaultTagger();
const taggerPred = dev.map((s) => [...tagger.tag(s.words)].map((t) => (t.endsWith('MISC') ? 'O' : t)));
const taggerMs = Date.now() - t0;

// Whole system: build pseudo-articles, index them as a corpus, map mentions back onto gold tokens.
const t1 = Date.now();
const engine = createNodeEngine();
interface Placed { doc: string; sentence: Sentence; offsets: Array<[number, number]> }
const placed: Placed[] = [];
for (let d = 0; d * docSize < dev.length; d++) {
  const doc = `dev-${String(d).padStart(4, '0')}`;
  let text = '';
  for (const s of dev.slice(d * docSize, (d + 1) * docSize)) {
    const offsets: Array<[number, number]> = [];
    for (const w of s.words) {
      if (text.length && !text.endsWith('\n')) text += ' ';
      offsets.push([text.length, text.length + w.length]);
      text += w;
    }
    text += '\n';
    placed.push({ doc, sentence: s, offsets });
  }
  engine.index.setDocument(doc, text);
}
const snap = engine.index.resolve();
const systemPred = placed.map((p) => {
  const mentions = snap.mentions(p.doc);
  let prev: unknown;
  return p.offsets.map(([s, e]) => {
    const m = mentions.find((x) => x.start < e && s < x.end);
    if (!m) {
      prev = undefined;
      return 'O';
    }
    const tag = `${prev === m ? 'I' : 'B'}-${TAG[snap.actorOf(m).type]}`;
    prev = m;
    return tag;
  });
});
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
