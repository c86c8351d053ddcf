/**
 * Analyses rebuilt from what the persisted index stores (tokens as typed arrays, candidates, missing
 * spaces) equal fresh ones: same tokens, vocabulary, mentions, actors and findings. Stored data that
 * does not fit the text is not trusted: the document is analysed afresh.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { AnalysisCache, contentHash } from '../../server/src/node/analysisCache';
import { Engine } from '../../server/src/core/engine';
import { FormTranslation } from '../../server/src/core/corpus/documentAnalysis';
import { SEEDS, UNSEEN } from './helpers';
import { tempDir } from '../tempDir';
import fc from 'fast-check';
import { contentHashOfBytes, sha1Base64 } from '../../server/src/node/contentHash';
import { decodeUtf8 } from '../../server/src/core/text/textDocument';
import { hostileText } from './arbitraries';

const articles: Array<[string, string]> = [SEEDS, UNSEEN].flatMap((dir) =>
  fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f): [string, string] => [path.basename(dir) + '/' + f, fs.readFileSync(path.join(dir, f), 'utf8')]));

function observe(engine: Engine): unknown {
  const snap = engine.index.resolve();
  return {
    actors: snap.actors.map((a) => ({ ...a, tokenSpellings: [...a.tokenSpellings].sort() })),
    docs: snap.documents.map((d) => {
      const a = engine.index.analysis(d)!;
      const forms = Array.from(a.normIds, (id) => engine.index.formTable.form(id));
      const counts = new Int32Array(engine.index.formTable.size);
      a.countArabicForms(counts, 1);
      const vocab = [...counts].flatMap((n, id) => (n ? [[engine.index.formTable.form(id), n]] : [])).sort();
      return {
        tokens: [Array.from(a.starts), Array.from(a.ends), Array.from(a.tokenFlags), forms],
        vocab,
        mentions: snap.mentions(d).map((m) => [m.start, m.end, m.text, m.key, m.clitic, m.type, m.evidence, snap.actorOf(m).id]),
        findings: engine.findings(d, snap),
      };
    }),
  };
}

describe('analyses from the persisted index', function () {
  this.timeout(120000);
  const fresh = createNodeEngine();
  for (const [doc, text] of articles) fresh.index.setDocument(doc, text);
  const expected = observe(fresh);
  const dir = tempDir('arabic-news-stored-');

  it('written to a cache file and read back, they give the same tokens, vocabulary, mentions, actors and findings', () => {
    const cache = AnalysisCache.inFolder(dir, 'test-engine');
    for (const [doc, text] of articles) cache.set(contentHash(text), fresh.index.analysis(doc)!, fresh.index.formTable);
    assert.ok(cache.save());
    const read = AnalysisCache.inFolder(dir, 'test-engine');
    assert.equal(read.load(), articles.length);
    assert.equal(read.loadProblem, undefined);
    const warm = createNodeEngine();
    for (const [doc, text] of [...articles].reverse()) {
      const stored = read.get(contentHash(text), text);
      assert.ok(stored?.tokens, `stored tokens for ${doc}`);
      assert.ok(stored.missingSpaces, `stored missing spaces for ${doc}`);
      warm.index.setDocument(doc, text, stored);
    }
    assert.deepEqual(observe(warm), expected);
  });

  it('a cache file of another engine is not read', () => {
    const other = AnalysisCache.inFolder(dir, 'another-engine');
    assert.equal(other.load(), 0);
    assert.match(other.loadProblem ?? '', /another version of the engine/);
  });

  it('stored tokens that do not fit the text are ignored: the document is tokenized again', () => {
    const [doc, text] = articles[0]!;
    const a = fresh.index.analysis(doc)!;
    const forms = new FormTranslation(Array.from({ length: fresh.index.formTable.size }, (_, i) => fresh.index.formTable.form(i)));
    const base = { starts: a.starts, ends: a.ends, flags: a.tokenFlags, normIds: a.normIds, forms };
    const broken = [
      { ...base, ends: Int32Array.from(a.ends, (e, i) => (i === a.length - 1 ? text.length + 5 : e)) },
      { ...base, starts: a.starts.slice(1) },
      { ...base, normIds: Int32Array.from(a.normIds, (id, i) => (i === 3 ? -1 : id)) },
      { ...base, flags: Uint8Array.from(a.tokenFlags, (f, i) => (i === 0 ? 200 : f)) },
    ];
    for (const tokens of broken) {
      const engine = createNodeEngine();
      for (const [d, t] of articles) engine.index.setDocument(d, t, d === doc ? { candidates: a.candidates, tokens } : undefined);
      assert.deepEqual(observe(engine), expected);
    }
  });

  it('saved in steps, the file is byte for byte the blocking save\'s; an entry added meanwhile is written by the next save', async () => {
    const blocking = tempDir('arabic-news-stored-blocking-');
    const stepped = tempDir('arabic-news-stored-stepped-');
    const [first, ...rest] = articles;
    const fill = (cache: AnalysisCache, list: Array<[string, string]>): void => {
      for (const [doc, text] of list) cache.set(contentHash(text), fresh.index.analysis(doc)!, fresh.index.formTable);
    };
    const whole = AnalysisCache.inFolder(blocking, 'test-engine');
    fill(whole, rest);
    assert.ok(whole.save());
    // Every step yields to the event loop; the first article arrives while the save is under way.
    const cache = AnalysisCache.inFolder(stepped, 'test-engine');
    fill(cache, rest);
    let steps = 0;
    let added = false;
    const run = async <T>(gen: Generator<void, T, void>): Promise<T> => {
      for (;;) {
        const r = gen.next();
        if (r.done) return r.value;
        steps++;
        await new Promise((resolve) => setImmediate(resolve));
        if (!added) {
          fill(cache, [first!]);
          added = true;
        }
      }
    };
    assert.equal(await cache.saveInSteps(run), true);
    assert.ok(steps >= 1, 'the encoding came in steps');
    assert.ok(fs.readFileSync(path.join(stepped, 'analysis-cache.bin')).equals(fs.readFileSync(path.join(blocking, 'analysis-cache.bin'))), 'the same bytes as the blocking save');
    assert.deepEqual(fs.readdirSync(stepped), ['analysis-cache.bin'], 'no temporary file left');
    assert.equal(AnalysisCache.inFolder(stepped, 'test-engine').load(), rest.length, 'the entries of when the save began');
    assert.equal(await cache.saveInSteps(run), true, 'the entry added meanwhile made the cache dirty again');
    assert.equal(AnalysisCache.inFolder(stepped, 'test-engine').load(), articles.length);
    assert.equal(cache.save(), false, 'nothing left to write');
  });

  describe('a large cache saved', () => {
    /** Many entries (the articles' analyses under made-up hashes): a file of tens of megabytes. */
    const ENTRIES = 6000;
    const fill = (cache: AnalysisCache): void => {
      for (let k = 0; k < ENTRIES; k++) {
        const [doc, text] = articles[k % articles.length]!;
        cache.set(contentHash(`${k} ${text}`), fresh.index.analysis(doc)!, fresh.index.formTable);
      }
    };
    // The module object itself (the namespace import's properties are getters of it).
    const nodeFs = require('fs') as { writeSync: unknown };
    const stepsWatching = (peak: { bytes: number }) => async <T>(gen: Generator<void, T, void>): Promise<T> => {
      for (;;) {
        peak.bytes = Math.max(peak.bytes, process.memoryUsage().arrayBuffers);
        const r = gen.next();
        if (r.done) return r.value;
        await new Promise((resolve) => setImmediate(resolve));
      }
    };

    it('in steps, never holds the file in memory: a megabyte at a time is written, and it reads back whole', async () => {
      const folder = tempDir('arabic-news-stored-large-');
      const cache = AnalysisCache.inFolder(folder, 'test-engine');
      fill(cache);
      const writes: number[] = [];
      const writeSync = fs.writeSync;
      const spy = function (this: unknown, ...args: unknown[]): number {
        const data = args[1];
        if (ArrayBuffer.isView(data)) writes.push(data.byteLength);
        return (writeSync as (...a: unknown[]) => number).apply(this, args);
      };
      nodeFs.writeSync = spy;
      const before = process.memoryUsage().arrayBuffers;
      const peak = { bytes: before };
      try {
        assert.equal(await cache.saveInSteps(stepsWatching(peak)), true);
      } finally {
        nodeFs.writeSync = writeSync;
      }
      const size = fs.statSync(path.join(folder, 'analysis-cache.bin')).size;
      assert.ok(size > 20 * 1048576, `a large file (${size} bytes)`);
      assert.ok(writes.length >= Math.floor(size / 1048576), `written in parts (${writes.length} writes)`);
      assert.ok(Math.max(...writes) <= 1048576, `written in parts of at most 1 MB (largest ${Math.max(...writes)})`);
      assert.ok(peak.bytes - before < 6 * 1048576, `array buffers grew by ${((peak.bytes - before) / 1048576).toFixed(1)} MB while saving a ${(size / 1048576).toFixed(1)} MB file`);
      const read = AnalysisCache.inFolder(folder, 'test-engine');
      assert.equal(read.load(), ENTRIES);
      assert.equal(read.loadProblem, undefined);
      const blocking = tempDir('arabic-news-stored-large-blocking-');
      const whole = AnalysisCache.inFolder(blocking, 'test-engine');
      fill(whole);
      assert.ok(whole.save());
      assert.ok(fs.readFileSync(path.join(folder, 'analysis-cache.bin')).equals(fs.readFileSync(path.join(blocking, 'analysis-cache.bin'))), 'the blocking save\'s bytes');
    });

    it('a write that fails part way leaves the file as it was and no temporary file', async () => {
      const folder = tempDir('arabic-news-stored-failing-');
      const first = AnalysisCache.inFolder(folder, 'test-engine');
      for (const [doc, text] of articles) first.set(contentHash(text), fresh.index.analysis(doc)!, fresh.index.formTable);
      assert.ok(first.save());
      const file = path.join(folder, 'analysis-cache.bin');
      const was = fs.readFileSync(file);
      const cache = AnalysisCache.inFolder(folder, 'test-engine');
      fill(cache);
      const writeSync = fs.writeSync;
      let calls = 0;
      nodeFs.writeSync = function (this: unknown, ...args: unknown[]): number {
        if (++calls === 5) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return (writeSync as (...a: unknown[]) => number).apply(this, args);
      };
      try {
        await assert.rejects(cache.saveInSteps(stepsWatching({ bytes: 0 })), /ENOSPC/);
        calls = 0;
        assert.throws(() => cache.save(), /ENOSPC/, 'the blocking save too');
      } finally {
        nodeFs.writeSync = writeSync;
      }
      assert.ok(fs.readFileSync(file).equals(was), 'the file is as it was');
      assert.deepEqual(fs.readdirSync(folder), ['analysis-cache.bin'], 'no temporary file left');
      assert.equal(await cache.saveInSteps(stepsWatching({ bytes: 0 })), true, 'still dirty: the next save writes it');
      assert.equal(AnalysisCache.inFolder(folder, 'test-engine').load(), ENTRIES);
    });
  });

  it('property: the one-shot SHA-1 is the streamed one, for texts and for bytes', () => {
    fc.assert(
      fc.property(hostileText(30), (text) => {
        const bytes = Buffer.from(text, 'utf8');
        assert.equal(sha1Base64(text), sha1Base64(text, false));
        assert.equal(sha1Base64(bytes), sha1Base64(bytes, false));
        assert.equal(sha1Base64(bytes), sha1Base64(text));
      }),
      { numRuns: 200 },
    );
  });

  it('property: the content hash of a file\'s bytes is the content hash of the text they decode to (byte order marks dropped)', () => {
    const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
    fc.assert(
      fc.property(hostileText(30), fc.integer({ min: 0, max: 3 }), (text, boms) => {
        const bytes = Buffer.concat([...Array.from({ length: boms }, () => BOM), Buffer.from(text, 'utf8')]);
        let decoded: string;
        try {
          decoded = decodeUtf8(bytes);
        } catch {
          return; // not a text file (NUL bytes): never hashed
        }
        assert.equal(contentHashOfBytes(bytes), contentHash(decoded));
      }),
      { numRuns: 400 },
    );
  });
});
