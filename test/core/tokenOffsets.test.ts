/**
 * Token offsets take two bytes each when the text is short enough for them (shorter than 65,536 UTF-16
 * code units, which nearly every news article is) and four otherwise: 3.4 million tokens over 10,000
 * articles are 13 MB less. Whatever their width, they are the tokenizer's offsets, fresh, from the
 * persisted index and from a worker thread's packed analysis.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { AnalysisCache, contentHash } from '../../server/src/node/analysisCache';
import { packCandidates, packedBuffers, PackedAnalysis, unpackAnalysis } from '../../server/src/node/packedAnalysis';
import { FormTranslation } from '../../server/src/core/corpus/documentAnalysis';
import { scanTokens, tokenize } from '../../server/src/core/text/tokenize';
import { SEEDS } from './helpers';
import { tempDir } from '../tempDir';
import { hostileText } from './arbitraries';

const seed = fs.readFileSync(path.join(SEEDS, fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort()[0]!), 'utf8');
/** An article longer than 16-bit offsets reach: the seed repeated, as one long file. */
const long = Array.from({ length: Math.ceil(70_000 / seed.length) }, () => seed).join('\n');

const offsetsOf = (text: string): [number[], number[]] => {
  const t = tokenize(text);
  return [t.map((x) => x.start), t.map((x) => x.end)];
};

describe('token offsets', function () {
  this.timeout(120000);

  it('two bytes each in an article shorter than 65,536 code units, four in a longer one; the tokenizer\'s offsets either way', () => {
    assert.ok(seed.length < 0x10000 && long.length > 0x10000);
    const engine = createNodeEngine();
    engine.index.setDocument('short.txt', seed);
    engine.index.setDocument('long.txt', long);
    const short = engine.index.analysis('short.txt')!;
    const big = engine.index.analysis('long.txt')!;
    assert.ok(short.starts instanceof Uint16Array && short.ends instanceof Uint16Array);
    assert.ok(big.starts instanceof Int32Array && big.ends instanceof Int32Array);
    assert.deepEqual([Array.from(short.starts), Array.from(short.ends)], offsetsOf(seed));
    assert.deepEqual([Array.from(big.starts), Array.from(big.ends)], offsetsOf(long));
    assert.ok(big.ends[big.length - 1]! > 0x10000, 'offsets past 65,535 kept');
    const scanned = scanTokens(seed);
    assert.ok(scanned.starts instanceof Uint16Array, 'the scanner makes them narrow, no copy after');
  });

  it('written to the persisted index and read back: the same widths and offsets', () => {
    const engine = createNodeEngine();
    const texts: Array<[string, string]> = [['short.txt', seed], ['long.txt', long]];
    for (const [doc, text] of texts) engine.index.setDocument(doc, text);
    const dir = tempDir('arabic-news-offsets-');
    const cache = AnalysisCache.inFolder(dir, 'test-engine');
    for (const [doc, text] of texts) cache.set(contentHash(text), engine.index.analysis(doc)!, engine.index.formTable);
    assert.ok(cache.save());
    const read = AnalysisCache.inFolder(dir, 'test-engine');
    assert.equal(read.load(), 2);
    const warm = createNodeEngine();
    for (const [doc, text] of texts) {
      const stored = read.get(contentHash(text), text);
      assert.ok(stored?.tokens, doc);
      assert.equal(stored.tokens.starts instanceof Uint16Array, text.length < 0x10000, `${doc}: read narrow when it fits`);
      warm.index.setDocument(doc, text, stored);
      const a = warm.index.analysis(doc)!;
      assert.equal(a.starts instanceof Uint16Array, text.length < 0x10000, doc);
      assert.deepEqual([Array.from(a.starts), Array.from(a.ends)], offsetsOf(text), doc);
    }
  });

  it('packed by a worker thread and sent with its buffers transferred: the same widths and offsets', () => {
    const engine = createNodeEngine();
    for (const [doc, text] of [['short.txt', seed], ['long.txt', long]] as const) {
      engine.index.setDocument(doc, text);
      const a = engine.index.analysis(doc)!;
      const packed: PackedAnalysis = { starts: a.starts.slice(), ends: a.ends.slice(), flags: a.tokenFlags.slice(), normIds: a.normIds.slice(), candidates: packCandidates(a.candidates), missing: undefined };
      const sent = structuredClone(packed, { transfer: packedBuffers(packed) });
      const forms = new FormTranslation(Array.from({ length: engine.index.formTable.size }, (_, i) => engine.index.formTable.form(i)));
      const stored = unpackAnalysis(sent, forms, text)!;
      const other = createNodeEngine();
      other.index.setDocument(doc, text, stored);
      const b = other.index.analysis(doc)!;
      assert.equal(b.starts.constructor, a.starts.constructor, doc);
      assert.deepEqual([Array.from(b.starts), Array.from(b.ends)], offsetsOf(text), doc);
    }
  });

  it('property: the scanner\'s offsets are the tokenizer\'s, whatever the text', () => {
    fc.assert(
      fc.property(hostileText(60), (text) => {
        const s = scanTokens(text);
        assert.equal(s.starts instanceof Uint16Array, text.length < 0x10000);
        assert.deepEqual([Array.from(s.starts), Array.from(s.ends)], offsetsOf(text));
      }),
      { numRuns: 300 },
    );
  });
});
