import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { isKnownWord, wordListFromBytes, wordListFromParts, wordListFromWords, wordListParts, EMPTY_WORD_LIST } from '../../server/src/core/lexicon/wordList';
import { Worker } from 'node:worker_threads';
import { findWordListFile, lazyWordList, loadWordList } from '../../server/src/node/loadWordList';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { normalize } from '../../server/src/core/text/normalize';

describe('Arabic word list (shipped DAWG)', () => {
  const words = loadWordList();
  const has = (w: string): boolean => words.has(normalize(w));
  const known = (w: string): boolean => isKnownWord(normalize(w), words);

  it('loads the committed resource and caches it', () => {
    assert.ok(findWordListFile(), 'resource found');
    assert.equal(loadWordList(), words);
    assert.ok(words.size > 10_000_000, `size ${words.size}`);
  });

  it('knows common news words as written in the list', () => {
    for (const w of ['الحكومة', 'وزير', 'والحكومة', 'بالنفط', 'قال', 'الرئيس', 'المملكة', 'السعودية', 'الانتخابات', 'كما']) {
      assert.ok(has(w), w);
    }
  });

  it('is insensitive to the folds of normalize (hamza, ta marbuta, alef maqsura, harakat, tatweel)', () => {
    assert.ok(has('الإرهاب'));
    assert.ok(has('الارهاب'));
    assert.ok(has('إلى') && has('الى'));
    assert.ok(has('الحكومه'));
    assert.ok(known('الحُكُومَةُ'));
    assert.ok(known('الحكـــومة'));
  });

  it('does not know nonsense, Latin or empty strings', () => {
    for (const w of ['قثصضشس', 'ززززز', 'xyz', '', 'الحكومةx']) {
      assert.equal(has(w), false, w);
      assert.equal(known(w), false, w);
    }
  });

  it('isKnownWord strips proclitics and enclitic pronouns', () => {
    // Forms the list spells out and forms it may not, through clitic analysis.
    for (const w of ['وبالحكومة', 'للرئيس', 'فالوزير', 'كالعادة', 'وزيرها', 'حكومته', 'حكومتهم', 'كتابنا', 'ذبحوهم', 'وللمملكة']) {
      assert.ok(known(w), w);
    }
  });

  it('isKnownWord: a custom list shows the clitic rules', () => {
    const wl = wordListFromWords(['حكومه', 'وزير', 'رئيس', 'كتاب', 'ضربوا'].map(normalize));
    const k = (w: string): boolean => isKnownWord(normalize(w), wl);
    assert.ok(k('والحكومة')); // و + ال + stem
    assert.ok(k('للرئيس')); // لل → ال + stem
    assert.ok(k('بوزير'));
    assert.ok(k('حكومتها')); // ة restored before a pronoun
    assert.ok(k('وزيرهم'));
    assert.ok(k('كتابي'));
    assert.ok(k('ضربوهم')); // ـوا + pronoun
    assert.equal(k('الوزيرهم'), false); // article and pronoun exclude each other
    assert.equal(k('سفير'), false);
    assert.equal(isKnownWord('', wl), false);
    assert.equal(isKnownWord('وزير', EMPTY_WORD_LIST), false);
  });

  it('is loaded into shared memory and shared with a worker thread without copying', async () => {
    const list = loadWordList();
    const parts = wordListParts(list)!;
    assert.ok(parts.labels.buffer instanceof SharedArrayBuffer, 'shared arrays');
    const words = ['الحكومة', 'والحكومة', 'وزارة', 'كتب', 'xyz', 'ززززز', 'المملكة'].map(normalize);
    const copy = wordListFromParts(parts);
    assert.deepEqual(words.map((w) => copy.has(w)), words.map((w) => list.has(w)));
    // A worker sees the host's arrays: a byte the host writes is read there.
    const before = parts.final[0]!;
    parts.final[0] = before ^ 1; // written after the worker data was made: seen there only if the memory is shared
    try {
      const w = new Worker(`const { parentPort, workerData } = require('node:worker_threads'); parentPort.postMessage(workerData.final[0]);`, { eval: true, workerData: { final: parts.final } });
      assert.equal(await new Promise((resolve) => w.once('message', resolve)), before ^ 1);
      await w.terminate();
    } finally {
      parts.final[0] = before;
    }
    assert.throws(() => wordListFromParts({ ...parts, root: parts.final.length }), /do not fit/);
  });

  it('parses raw (gunzipped) bytes and rejects gzip or garbage', () => {
    const file = findWordListFile()!;
    const gz = fs.readFileSync(file);
    assert.throws(() => wordListFromBytes(gz), /gzip/);
    assert.throws(() => wordListFromBytes(new Uint8Array(40)), /magic/);
    const raw = gunzipSync(gz);
    const wl = wordListFromBytes(raw);
    assert.equal(wl.size, words.size);
    assert.ok(wl.has(normalize('الحكومة')));
    assert.throws(() => wordListFromBytes(raw.subarray(0, raw.length - 100)), /truncated|corrupt/);
  });

  it('prefixWords says of every prefix what has says', () => {
    const out = new Uint8Array(40);
    const check = (w: string): void => {
      words.prefixWords!(w, out);
      assert.equal(out[0], 0);
      for (let i = 1; i <= w.length; i++) assert.equal(out[i] === 1, words.has(w.slice(0, i)), `${w} ${i}`);
    };
    for (const w of ['الحكومهالسعوديه', 'لشنالهجوم', 'وزيرالخارجيه', 'قثصضشس', 'x', '']) check(normalize(w));
    fc.assert(fc.property(fc.array(fc.constantFrom(...'ابتحدرسعفقكلمنهوي'), { maxLength: 14 }), (a) => check(a.join(''))), { numRuns: 2000 });
  });

  it('is read from disk on its first use when made lazily, and answers as the loaded list', () => {
    // A process of its own: this one has loaded the list already. Reads of the file are counted.
    const script = `
      const fs = require('node:fs');
      const { lazyWordList, findWordListFile } = require('./server/src/node/loadWordList');
      const file = findWordListFile();
      let reads = 0;
      const read = fs.readFileSync;
      fs.readFileSync = (p, ...rest) => { if (p === file) reads++; return read(p, ...rest); };
      const list = lazyWordList();
      const before = reads;
      const answers = [list.has('وزير'), list.has('قثصضشس')];
      const prefixes = new Uint8Array(12);
      list.prefixWords('الحكومهالس', prefixes);
      console.log(JSON.stringify({ before, after: reads, answers, size: list.size, prefixes: [...prefixes] }));`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { before: number; after: number; answers: boolean[]; size: number; prefixes: number[] };
    const loaded = loadWordList();
    const prefixes = new Uint8Array(12);
    loaded.prefixWords!('الحكومهالس', prefixes);
    assert.deepEqual(out, { before: 0, after: 1, answers: [true, false], size: loaded.size, prefixes: [...prefixes] });
    assert.ok(prefixes.includes(1));
    // In this process, where the list is loaded: the loaded list itself.
    assert.equal(lazyWordList(), loaded);
  });
});
