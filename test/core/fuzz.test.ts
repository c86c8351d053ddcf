/**
 * Property-based fuzzing of the whole engine (createEngine: tokens, tagger, rules, corpus index, actors,
 * findings) on random corpora of hostile Unicode: Arabic letters with harakat, shadda, tatweel, bidi and
 * zero-width marks, surrogate pairs and lone surrogates, Latin, ASCII and Arabic-Indic digits, every kind of
 * line break, and real article passages with all of these inserted into names.
 *
 * Properties: nothing throws; every mention, mention token and finding lies inside its text, on code-unit
 * boundaries that do not split a surrogate pair, and its text is the slice it covers; results are identical
 * across runs, across any order of adding the documents, and after any history of edits and removals
 * (equal to a fresh analysis of the final texts); applying the fixes gives well-formed text that analyses
 * again with sound spans.
 *
 * FUZZ_SCALE=10 multiplies every run count (for a long local run); the seed of a failure is printed by fast-check.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { createEngine, Engine } from '../../server/src/core/engine';
import { Finding, Mention } from '../../server/src/core/model';
import { LineIndex } from '../../server/src/core/text/textDocument';
import { loadWordList } from '../../server/src/node/loadWordList';
import { corruptedPassage, hostileText, arabicText } from './arbitraries';
import { SEEDS, UNSEEN } from './helpers';

const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE || 1));
const runs = (n: number): number => Math.round(n * SCALE);

const SOURCES = [SEEDS, UNSEEN].flatMap((dir) => fs.readdirSync(dir).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8')));
const wordList = loadWordList();

/** One document's text: hostile noise, a corrupted real passage, plain generated Arabic, raw code units, or nothing. */
const docText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: corruptedPassage(SOURCES, 600) },
  { weight: 3, arbitrary: hostileText(80) },
  { weight: 1, arbitrary: arabicText(60) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant('') },
);

/** Document identifiers as hosts give them: paths and URIs, some with non-ASCII names. */
const docName = fc.constantFrom('a.txt', 'b.txt', 'dir/c.arnews', 'file:///w/%D8%AE%D8%A8%D8%B1.txt', 'z/أخبار ليبيا.txt', 'Ä.txt');

/** A corpus: 1–4 documents with distinct names. */
const corpus: fc.Arbitrary<Array<[string, string]>> = fc.uniqueArray(fc.tuple(docName, docText), { minLength: 1, maxLength: 4, selector: (t) => t[0] });

type Variant = 'tagger' | 'rules only';
const engineFor = (variant: Variant): Engine => createEngine({ wordList, tagger: variant === 'tagger' ? undefined : null });

let cases = 0;
let documentsAnalysed = 0;
let mentionsChecked = 0;
let findingsChecked = 0;
let editsApplied = 0;

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** True when a boundary at `offset` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset));
}

function assertSpan(text: string, s: { start: number; end: number }, what: string): void {
  const where = `${what} [${s.start}, ${s.end}) in a text of ${text.length}: ${JSON.stringify(text)}`;
  assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `non-integer ${where}`);
  assert.ok(s.start >= 0 && s.start < s.end && s.end <= text.length, `out of range ${where}`);
  assert.ok(!splitsPair(text, s.start) && !splitsPair(text, s.end), `splits a surrogate pair: ${where}`);
}

/** Lone surrogates in a text (unpaired halves). */
function loneSurrogates(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHigh(c) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) i++;
    else if (isHigh(c) || isLow(c)) n++;
  }
  return n;
}

/** Everything the engine says about a corpus, as plain data (for equality across runs and orders). */
function observe(engine: Engine): unknown {
  const snap = engine.index.resolve();
  const docs = [...engine.index.documents()];
  return {
    documents: docs,
    snapshotDocuments: [...snap.documents],
    actors: snap.actors.map((a) => ({
      id: a.id, type: a.type, canonical: a.canonical, tokens: a.canonicalTokens, variants: a.variants, mentions: a.mentionCount,
      documents: a.documents, reasons: a.reasons, tokenSpellings: [...a.tokenSpellings], cooccurring: snap.cooccurring(a.id).map((c) => [c.actor.id, c.documents]),
      mentionsOf: snap.mentionsOf(a.id).map((m) => [m.doc, m.start, m.end]),
    })),
    perDocument: docs.map((d) => ({
      doc: d,
      mentions: snap.mentions(d).map((m) => ({ ...m, actor: snap.actorOf(m).id })),
      findings: engine.findings(d),
    })),
  };
}

/** Checks every span the engine reports for a corpus; returns the findings by document. */
function checkSpans(engine: Engine, texts: ReadonlyMap<string, string>): Map<string, readonly Finding[]> {
  const snap = engine.index.resolve();
  const out = new Map<string, readonly Finding[]>();
  assert.deepEqual([...snap.documents].sort(), [...texts.keys()].sort());
  for (const [doc, text] of texts) {
    assert.equal(engine.index.text(doc), text);
    documentsAnalysed++;
    const mentions: readonly Mention[] = snap.mentions(doc);
    for (const m of mentions) {
      mentionsChecked++;
      assert.equal(m.doc, doc);
      assertSpan(text, m, `mention ${JSON.stringify(m.text)}`);
      assert.equal(text.slice(m.start, m.end), m.text, 'a mention is the text it covers');
      assert.ok(m.tokens.length > 0, 'a mention has tokens');
      for (const t of m.tokens) {
        assertSpan(text, t, `token ${JSON.stringify(t.text)} of ${JSON.stringify(m.text)}`);
        assert.ok(t.start >= m.start && t.end <= m.end, 'a mention token lies inside its mention');
        assert.equal(text.slice(t.start, t.end), t.text);
      }
      const actor = snap.actorOf(m);
      assert.ok(snap.actorById(actor.id) === actor, 'actorOf gives a listed actor');
      assert.ok(actor.documents.includes(doc));
      const at = snap.mentionAt(doc, m.tokens[0]!.start);
      assert.ok(at, 'mentionAt finds the mention at its first token');
    }
    // mentionAt at every offset (and just outside the text) never throws and only returns mentions of this document
    for (let o = -1; o <= text.length + 1; o++) {
      const m = snap.mentionAt(doc, o);
      if (m) assert.equal(m.doc, doc);
    }
    const findings = engine.findings(doc);
    for (const f of findings) {
      findingsChecked++;
      assert.equal(f.doc, doc);
      assertSpan(text, f, `${f.code} finding ${JSON.stringify(f.found)} → ${JSON.stringify(f.expected)}`);
      assert.equal(text.slice(f.start, f.end), f.found, 'a finding covers the spelling it reports');
      assert.notEqual(f.expected, f.found);
      assert.ok(f.expected.length > 0 && f.message.length > 0);
      if (f.code === 'missing-space') assert.equal(f.expected.replace(' ', ''), f.found, 'a missing-space fix only inserts a space');
    }
    for (let i = 1; i < findings.length; i++) assert.ok(findings[i - 1]!.start <= findings[i]!.start, 'findings come in document order');
    out.set(doc, findings);
  }
  for (const a of snap.actors) {
    assert.ok(a.mentionCount > 0 && a.variants.length > 0 && a.documents.length > 0);
    assert.equal(a.variants.reduce((n, v) => n + v.count, 0), a.mentionCount, 'variant counts add up to the mentions');
    assert.equal(snap.mentionsOf(a.id).length, a.mentionCount);
  }
  return out;
}

/** Applies non-overlapping fixes (later first), as `fix --write` and the fix-all code action do. */
function applyFixes(text: string, findings: readonly Finding[]): string {
  let out = text;
  let limit = Infinity;
  for (const f of [...findings].sort((a, b) => b.start - a.start)) {
    if (f.end > limit) continue;
    out = out.slice(0, f.start) + f.expected + out.slice(f.end);
    limit = f.start;
    editsApplied++;
  }
  return out;
}

function load(engine: Engine, docs: ReadonlyArray<readonly [string, string]>): Engine {
  for (const [d, t] of docs) engine.index.setDocument(d, t);
  return engine;
}

describe('fuzzing the engine: cases it found', function () {
  this.timeout(60000);

  it('an actor none of whose mentions is written as its normalized form (after لل, with an Arabic-Indic digit) has a canonical spelling, and no finding expects an empty one', () => {
    // Shrunk by fast-check from a corrupted passage (seed 531980059).
    const text = 'لثلاثاء، أن عدد الإصابات بالحصبة ارتفع في عدد من الدول الأفريقية.\nوقال المدير العام للمنظمة٢ الرئيستيدروس أدهانوم  غيبريسوس  في مؤتمر صحفي إن "التطعيم هو الطريق الوحيد لوقف انتشار المرض".\nوأ ضاف غيبريسوس أن منظمة  الصحة العالمية ستعمل مع وزار';
    const engine = load(engineFor('tagger'), [['a.txt', text]]);
    const snap = engine.index.resolve();
    assert.ok(snap.actors.length > 0);
    for (const a of snap.actors) assert.ok(a.canonical.length > 0, `${a.id} has an empty canonical spelling`);
    checkSpans(engine, new Map([['a.txt', text]]));
  });
});

for (const variant of ['tagger', 'rules only'] as const) {
  describe(`fuzzing the engine (${variant})`, function () {
    this.timeout(120000);

    it('never throws; every span is inside its text, on code-unit boundaries that split no surrogate pair, and is the text it covers', () => {
      fc.assert(
        fc.property(corpus, (docs) => {
          cases++;
          const engine = load(engineFor(variant), docs);
          checkSpans(engine, new Map(docs));
        }),
        { numRuns: runs(variant === 'tagger' ? 1500 : 800) },
      );
    });

    it('gives identical results on a second run and in any order of adding the documents', () => {
      const withOrder = corpus.chain((docs) => fc.tuple(fc.constant(docs), fc.shuffledSubarray(docs, { minLength: docs.length, maxLength: docs.length })));
      fc.assert(
        fc.property(withOrder, ([docs, shuffled]) => {
          cases++;
          const first = observe(load(engineFor(variant), docs));
          assert.deepEqual(observe(load(engineFor(variant), docs)), first, 'a second run differs');
          assert.deepEqual(observe(load(engineFor(variant), shuffled)), first, `order ${shuffled.map((d) => d[0]).join(', ')} differs from ${docs.map((d) => d[0]).join(', ')}`);
        }),
        { numRuns: runs(variant === 'tagger' ? 600 : 400) },
      );
    });

    it('after any history of edits, removals and reads equals a fresh analysis of the final texts', () => {
      const op = fc.oneof(
        { weight: 5, arbitrary: fc.tuple(fc.constant('set' as const), docName, docText) },
        { weight: 1, arbitrary: fc.tuple(fc.constant('remove' as const), docName, fc.constant('')) },
        { weight: 2, arbitrary: fc.tuple(fc.constant('read' as const), docName, fc.constant('')) },
      );
      fc.assert(
        fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
          cases++;
          const engine = engineFor(variant);
          const final = new Map<string, string>();
          for (const [kind, d, t] of ops) {
            if (kind === 'set') {
              engine.index.setDocument(d, t);
              final.set(d, t);
            } else if (kind === 'remove') {
              engine.index.removeDocument(d);
              final.delete(d);
            } else {
              // reading in between fills the caches the next edit must invalidate
              engine.index.resolve();
              if (engine.index.has(d)) engine.findings(d);
            }
          }
          if (final.size > 0) checkSpans(engine, final);
          const fresh = load(engineFor(variant), [...final].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
          assert.deepEqual(observe(engine), observe(fresh));
        }),
        { numRuns: runs(variant === 'tagger' ? 500 : 300) },
      );
    });

    it('applying the fixes gives well-formed text that analyses again with sound spans', () => {
      fc.assert(
        fc.property(corpus, (docs) => {
          cases++;
          const engine = load(engineFor(variant), docs);
          const findings = checkSpans(engine, new Map(docs));
          const fixed = docs.map(([d, t]): [string, string] => [d, applyFixes(t, findings.get(d) ?? [])]);
          for (const [i, [, after]] of fixed.entries()) {
            const before = docs[i]![1];
            assert.ok(loneSurrogates(after) <= loneSurrogates(before), 'a fix creates no lone surrogate');
            assert.equal(after.split(/\r\n|\r|\n/).length, before.split(/\r\n|\r|\n/).length, 'a fix adds or removes no line');
          }
          checkSpans(load(engineFor(variant), fixed), new Map(fixed));
        }),
        { numRuns: runs(variant === 'tagger' ? 500 : 300) },
      );
    });
  });
}

describe('fuzzing line and position arithmetic', () => {
  it('offset → position → offset is the identity except inside a CRLF, on any text', () => {
    fc.assert(
      fc.property(hostileText(120), (text) => {
        cases++;
        const li = new LineIndex(text);
        for (let o = 0; o <= text.length; o++) {
          const p = li.positionAt(o);
          assert.ok(p.line >= 0 && p.line < li.lineCount && p.character >= 0);
          const insideCrlf = o > 0 && text[o - 1] === '\r' && text[o] === '\n';
          if (!insideCrlf) assert.equal(li.offsetAt(p), o);
        }
        // positions past the end, negative or on missing lines clamp into the text
        for (const p of [{ line: -1, character: 0 }, { line: 0, character: -5 }, { line: li.lineCount + 3, character: 2 }, { line: 0, character: 1e9 }]) {
          const o = li.offsetAt(p);
          assert.ok(o >= 0 && o <= text.length);
        }
      }),
      { numRuns: runs(1000) },
    );
  });
});

after(() => {
  if (cases > 0) {
    console.log(`    fuzzed ${cases} cases: ${documentsAnalysed} document analyses, ${mentionsChecked} mentions and ${findingsChecked} findings checked, ${editsApplied} fixes applied`);
  }
});
