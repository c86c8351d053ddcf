/**
 * Builds server/resources/lexicons/anercorp-common.json: general-vocabulary words of Arabic news, taken
 * from the ANERcorp train split (first 90% of sentences only; the last 10% is the evaluation set).
 * A word is "common" when it occurs at least twice and is part of an entity in under a quarter of its
 * occurrences (الدولي is common although مجلس الأمن الدولي contains it). The recognizer uses
 * the list to tell names from ordinary words (a title followed by an ordinary word is not a name).
 *
 * ANERcorp is CC BY-SA 4.0: this derived list ships with attribution (see NOTICE.md beside it).
 * Run: npx tsx scripts/build-common-words.ts [--data PATH]
 */
import * as fs from 'fs';
import * as path from 'path';
import { readAnercorp, splitDev } from './anercorp';
import { normalize } from '../server/src/core/text/normalize';

const root = path.resolve(__dirname, '..');
const argData = process.argv.indexOf('--data');
const data = argData > 0 ? process.argv[argData + 1]! : path.resolve(root, '../shared/data/anercorp/ANERcorp_train.txt');
if (!fs.existsSync(data)) {
  console.error(`ANERcorp not found at ${data}; building the common-word list needs ../shared/data/anercorp (see README)`);
  process.exit(2);
}
const { train } = splitDev(readAnercorp(data));
const total = new Map<string, number>();
const inEntity = new Map<string, number>();
for (const s of train) {
  s.words.forEach((w, i) => {
    const n = normalize(w);
    if (!/^[\u0621-\u064a]{2,}$/.test(n)) return;
    total.set(n, (total.get(n) ?? 0) + 1);
    if (s.tags[i] !== 'O') inEntity.set(n, (inEntity.get(n) ?? 0) + 1);
  });
}
const words = [...total].filter(([w, n]) => n >= 2 && 4 * (inEntity.get(w) ?? 0) < n).map(([w]) => w).sort();
const out = path.join(root, 'server/resources/lexicons/anercorp-common.json');
fs.writeFileSync(out, JSON.stringify({ source: 'ANERcorp train split, first 90% of sentences (CAMeL Lab split)', licence: 'CC-BY-SA-4.0', words }, null, 0) + '\n');
console.log(`${words.length} common words from ${train.length} sentences → ${path.relative(root, out)} (${fs.statSync(out).size} bytes)`);
