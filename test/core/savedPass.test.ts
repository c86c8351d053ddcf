/**
 * A corpus pass saved as bytes and restored into another index of the same documents gives exactly the
 * corpus of the pass (mentions, actors, co-occurrences, findings), and documents edited afterwards are
 * resolved against it as against the pass itself. Bytes that are not a saved pass are refused.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { CorpusSnapshot } from '../../server/src/core/corpus/corpusIndex';
import { decodeSavedPass, encodeSavedPass, encodeSavedPassSteps, IntChunks, MentionTableBuilder } from '../../server/src/core/corpus/savedPass';
import { Engine } from '../../server/src/core/engine';
import { Decisions, EMPTY_DECISIONS } from '../../server/src/core/decisions/types';
import { heapKeptBy, SEEDS, UNSEEN } from './helpers';

const articles: Array<[string, string]> = [SEEDS, UNSEEN].flatMap((dir) =>
  fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f): [string, string] => [path.basename(dir) + '/' + f, fs.readFileSync(path.join(dir, f), 'utf8')]));

/** Everything a snapshot and the findings say, as plain data. */
function dump(engine: Engine, snap: CorpusSnapshot): unknown {
  return {
    documents: snap.documents,
    actors: snap.actors.map((a) => ({ ...a, tokenSpellings: [...a.tokenSpellings], cooccurring: snap.cooccurring(a.id, 5).map((c) => [c.actor.id, c.documents]), mentions: snap.mentionsOf(a.id).map((m) => [m.doc, m.start]) })),
    mentions: snap.documents.map((d) => snap.mentions(d).map((m) => [m.start, m.end, m.text, m.key, m.clitic, m.type, m.evidence, m.tokens, snap.actorOf(m).id])),
    findings: snap.documents.map((d) => engine.findings(d, snap)),
  };
}

function indexOf(texts: ReadonlyArray<[string, string]>, decisions: Decisions = EMPTY_DECISIONS): Engine {
  const e = createNodeEngine();
  for (const [doc, text] of texts) e.index.setDocument(doc, text);
  if (decisions !== EMPTY_DECISIONS) e.index.setDecisions(decisions);
  return e;
}

/** A second index of the same texts that takes the first one's pass through bytes. */
function restored(from: Engine, texts: ReadonlyArray<[string, string]>, decisions: Decisions = EMPTY_DECISIONS): Engine {
  const saved = from.index.savePass();
  assert.ok(saved, 'a pass to save');
  const e = indexOf(texts, decisions);
  assert.equal(e.index.restorePass(decodeSavedPass(encodeSavedPass(saved))), true);
  assert.equal(e.index.stale, false, 'no pass left to run');
  return e;
}

describe('saved corpus passes', function () {
  this.timeout(120000);

  it('restore exactly the corpus of the pass, findings and co-occurrences included', () => {
    const a = indexOf(articles);
    const before = dump(a, a.index.resolve());
    const b = restored(a, articles);
    assert.deepEqual(dump(b, b.index.current()), before);
  });

  it('resolve a document edited afterwards as the pass itself does, and the next pass equals a fresh one', () => {
    const a = indexOf(articles);
    a.index.resolve();
    const b = restored(a, articles);
    const [doc, text] = articles[2]!;
    const edited = text.replace(/\n/, '\nوقال الرئيس فلاديمير بوتين إن الوفد وصل.\n');
    for (const e of [a, b]) e.index.setDocument(doc, edited);
    assert.deepEqual(dump(b, b.index.current()), dump(a, a.index.current()), 'the fast path');
    const final = articles.map(([d, t]): [string, string] => [d, d === doc ? edited : t]);
    assert.deepEqual(dump(b, b.index.resolve()), dump(a, a.index.resolve()));
    const f = indexOf(final);
    assert.deepEqual(dump(b, b.index.resolve()), dump(f, f.index.resolve()), 'the next pass');
  });

  it('keep the decisions the pass applied (manual entities, an actor\'s canonical spelling, keep-separate pairs)', () => {
    const plain = indexOf(articles);
    const multi = plain.index.resolve().actors.filter((a) => a.variants.length >= 2);
    assert.ok(multi.length >= 2, 'actors with several spellings in the fixtures');
    const [doc, text] = articles.find(([, t]) => t.includes('الرئيس'))!;
    const at = text.indexOf('الرئيس');
    const decisions: Decisions = {
      ...EMPTY_DECISIONS,
      actors: [{ canonical: multi[0]!.variants[1]!.text, type: multi[0]!.type }],
      keepSeparate: [[multi[1]!.variants[0]!.text, multi[1]!.variants[1]!.text]],
      added: [{ file: doc, start: at, end: at + 'الرئيس'.length, text: 'الرئيس', type: 'person', actor: 'الرئيس' }],
    };
    const a = indexOf(articles, decisions);
    const before = dump(a, a.index.resolve());
    const b = restored(a, articles, decisions);
    assert.deepEqual(dump(b, b.index.current()), before);
    assert.ok(b.index.current().mentions(doc).some((m) => m.evidence === 'manual'), 'the manual entity is there');
    assert.ok(b.index.current().actors.some((x) => x.canonical === multi[0]!.variants[1]!.text), 'the canonical spelling decided');
  });

  it('restore any subset of the articles exactly (property)', () => {
    fc.assert(
      fc.property(fc.subarray(articles, { minLength: 1 }), (subset) => {
        const a = indexOf(subset);
        const before = dump(a, a.index.resolve());
        const b = restored(a, subset);
        assert.deepEqual(dump(b, b.index.current()), before);
      }),
      { numRuns: 12 },
    );
  });

  it('are not taken for other documents or texts', () => {
    const a = indexOf(articles);
    a.index.resolve();
    const saved = a.index.savePass()!;
    const fewer = indexOf(articles.slice(1));
    assert.equal(fewer.index.restorePass(saved), false, 'another set of documents');
    assert.equal(fewer.index.stale, true);
    const shorter = indexOf(articles.map(([d, t]): [string, string] => [d, t.slice(0, 200)]));
    assert.equal(shorter.index.restorePass(saved), false, 'mentions beyond the texts');
  });

  it('refuse bytes that are not a saved pass: truncated, altered, empty', () => {
    const a = indexOf(articles.slice(0, 3));
    a.index.resolve();
    const bytes = encodeSavedPass(a.index.savePass()!);
    assert.throws(() => decodeSavedPass(new Uint8Array(0)));
    assert.throws(() => decodeSavedPass(bytes.slice(0, bytes.length >> 1)));
    const wrongMagic = bytes.slice();
    wrongMagic[16] ^= 0xff;
    assert.throws(() => decodeSavedPass(wrongMagic), /not a saved pass/);
    const badCount = bytes.slice();
    new DataView(badCount.buffer).setInt32(20, -5, true); // the number of documents
    assert.throws(() => decodeSavedPass(badCount), /bad count/);
  });

  it('carry each actor\'s canonical spelling and variants: a restored snapshot takes them instead of counting the mentions again', () => {
    const a = indexOf(articles);
    const snap = a.index.resolve();
    const saved = a.index.savePass()!;
    const decoded = decodeSavedPass(encodeSavedPass(saved));
    assert.deepEqual(decoded.clusters.map((c) => c.part), saved.clusters.map((c) => c.part), 'through bytes');
    const withPart = decoded.clusters.filter((c) => c.part).length;
    assert.equal(withPart, snap.actors.length, 'one part per actor');
    // What is restored is what was saved: an altered canonical spelling and variant count come back so.
    const k = decoded.clusters.findIndex((c) => c.part);
    const altered = { ...decoded, clusters: decoded.clusters.map((c, i) => (i === k ? { ...c, part: { canonical: 'محفوظ', variants: [{ text: 'محفوظ', count: 99 }] } } : c)) };
    const b = indexOf(articles);
    assert.equal(b.index.restorePass(altered), true);
    const got = b.index.current().actors.filter((x) => x.canonical === 'محفوظ');
    assert.equal(got.length, 1);
    assert.deepEqual(got[0]!.variants, [{ text: 'محفوظ', count: 99 }]);
    assert.deepEqual(got[0]!.documents, snap.actors.find((x) => x.id === got[0]!.id)!.documents, 'the documents are those of the mentions');
    // A pass saved without them (a cluster without its part) is counted again, to the same corpus.
    const before = dump(a, snap);
    const bare = { ...decoded, clusters: decoded.clusters.map(({ part: _part, ...c }, i) => (i % 2 === 0 ? c : { ...c, part: _part })) };
    const c = indexOf(articles);
    assert.equal(c.index.restorePass(decodeSavedPass(encodeSavedPass(bare))), true);
    assert.deepEqual(dump(c, c.index.current()), before);
  });

  it('carry the spelling findings of the pass: a restored engine takes them instead of judging every mention again', () => {
    const a = indexOf(articles);
    const snap = a.index.resolve();
    const expected = snap.documents.map((d) => a.findings(d, snap));
    assert.ok(expected.flat().some((f) => f.code === 'spelling-variant'), 'the fixtures have spelling findings');
    const saved = a.savePass()!;
    assert.ok(saved.spelling, 'the findings are saved with the pass');
    const decoded = decodeSavedPass(encodeSavedPass(saved));
    assert.deepEqual(decoded.spelling, saved.spelling, 'through bytes');
    // What is restored is what was saved: an altered message comes back as it was saved.
    const d = decoded.spelling!.documents.findIndex((list) => list.length > 0);
    const altered = { ...decoded, spelling: { ...decoded.spelling!, documents: decoded.spelling!.documents.map((list, i) => (i === d ? list.map((f) => ({ ...f, message: 'saved' })) : list)) } };
    const b = indexOf(articles);
    assert.equal(b.restorePass(altered), true);
    const got = b.index.current().documents.map((doc) => b.findings(doc));
    assert.ok(got[d]!.filter((f) => f.code === 'spelling-variant').every((f) => f.message === 'saved'));
    const c = indexOf(articles);
    assert.equal(c.restorePass(decoded), true);
    assert.deepEqual(c.index.current().documents.map((doc) => c.findings(doc)), expected, 'exactly the findings of the pass');
  });

  it('carry their spelling findings over to the first pass after an edit, for the articles it did not change', () => {
    const a = indexOf(articles);
    const snap = a.index.resolve();
    for (const d of snap.documents) a.findings(d, snap);
    const c = indexOf(articles);
    assert.equal(c.restorePass(decodeSavedPass(encodeSavedPass(a.savePass()!))), true);
    const restoredSnap = c.index.current();
    const first = new Map(restoredSnap.documents.map((d) => [d, c.findings(d, restoredSnap)]));
    const [doc, text] = articles[0]!;
    const edited = text + '\nخبر.\n';
    c.index.setDocument(doc, edited);
    const next = c.index.resolve();
    const got = next.documents.map((d) => c.findings(d, next));
    assert.ok(c.findingsCarried > 0, 'some articles kept the restored findings');
    assert.equal(c.index.passReuse?.grouping, true, 'and the pass the restored grouping into actors (no name changed)');
    assert.ok(next.documents.some((d, i) => got[i] === first.get(d)), 'as the same arrays');
    const f = indexOf(articles.map(([d, t]): [string, string] => [d, d === doc ? edited : t]));
    const fs2 = f.index.resolve();
    assert.deepEqual(got, fs2.documents.map((d) => f.findings(d, fs2)));
  });

  it('do not use spelling findings saved under other options', () => {
    const a = indexOf(articles);
    a.index.resolve();
    const saved = decodeSavedPass(encodeSavedPass(a.savePass()!));
    const hint = indexOf(articles);
    hint.configure({ spelling: { severity: 'hint' } });
    assert.equal(hint.restorePass(saved), true);
    const spelling = hint.index.current().documents.flatMap((doc) => hint.findings(doc)).filter((f) => f.code === 'spelling-variant');
    assert.ok(spelling.length > 0 && spelling.every((f) => f.severity === 'hint'), 'judged again under the options in force');
    assert.notEqual(hint.findingsKey(), a.findingsKey());
    const same = indexOf(articles);
    same.configure({ spelling: { severity: 'warning', minMentions: 2 } });
    assert.equal(same.findingsKey(), a.findingsKey(), 'defaults spelled out are the same options');
  });

  it('save nothing while documents changed since the last pass', () => {
    const a = indexOf(articles);
    assert.equal(a.index.savePass(), undefined, 'no pass yet');
    a.index.resolve();
    a.index.setDocument(articles[0]![0], articles[0]![1] + '\nنص.');
    assert.equal(a.index.savePass(), undefined, 'stale');
  });
});

describe('encoding a saved pass in steps', function () {
  this.timeout(60000);

  it('property: numbers written into chunks are, chunk after chunk, their little-endian bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (xs, chunk) => {
        const ints = new IntChunks(chunk);
        for (const x of xs) ints.push(x);
        const parts = ints.parts();
        assert.equal(ints.length, xs.length);
        assert.ok(parts.every((p, i) => p.length === (i < parts.length - 1 ? 4 * chunk : p.length) && p.length <= 4 * chunk));
        const bytes = Buffer.concat(parts);
        assert.equal(bytes.length, 4 * xs.length);
        xs.forEach((x, i) => assert.equal(bytes.readInt32LE(4 * i), x));
      }),
    );
  });

  it('a mention table made at its size holds exactly that many numbers, in one array', () => {
    const e = createNodeEngine();
    for (const dir of [SEEDS, UNSEEN]) for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.txt'))) e.index.setDocument(`${path.basename(dir)}/${f}`, fs.readFileSync(path.join(dir, f), 'utf8'));
    const snap = e.index.resolve();
    const lists = snap.documents.map((d) => snap.mentions(d));
    const size = lists.reduce((n, l) => n + MentionTableBuilder.size(l), 0);
    const builder = new MentionTableBuilder(size);
    for (const l of lists) {
      builder.document(l.length);
      for (const m of l) builder.mention(m.type, m.clitic.length, m.evidence, m.tokens);
    }
    const table = builder.build();
    assert.equal(table.length, size);
    assert.equal(table.ints.length, size, 'not grown');
  });

  it('gives its bytes in parts, between yields, that are the blocking encoding\'s', () => {
    const e = createNodeEngine();
    for (const dir of [SEEDS, UNSEEN]) for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.txt'))) e.index.setDocument(`${path.basename(dir)}/${f}`, fs.readFileSync(path.join(dir, f), 'utf8'));
    e.index.resolve();
    const saved = e.savePass()!;
    const steps = encodeSavedPassSteps(saved);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    assert.ok(yields >= 2, `${yields} yields`);
    assert.ok(r.value.length >= 4, 'counts, header numbers, mention table and strings');
    assert.deepEqual(Buffer.concat(r.value), Buffer.from(encodeSavedPass(saved)));
    assert.equal(e.index.restorePass(decodeSavedPass(Buffer.concat(r.value))), true);
  });

  it('decoded, keeps none of its string table alive through the strings it gives', () => {
    // V8 makes a piece of a split string (13 characters or more) a view into the whole: one document
    // name kept would keep every string of the file, several MB on a large corpus.
    const documents = Array.from({ length: 100000 }, (_, i) => `file:///corpus/${String(i).padStart(6, '0')}-مقال-عن-الأخبار-المحلية-والدولية.txt`);
    const builder = new MentionTableBuilder(documents.length);
    for (let i = 0; i < documents.length; i++) builder.document(0);
    const bytes = encodeSavedPass({ documents, forms: [], surnames: [], nameForms: [], clusters: [], clustersOfForm: [], mentions: builder.build() });
    decodeSavedPass(bytes); // compiled and run once first: the measure is of what a decode keeps, not of its code
    const { kept, bytes: grown } = heapKeptBy(() => decodeSavedPass(bytes).documents.filter((_, i) => i % 10000 === 0));
    assert.deepEqual(kept, documents.filter((_, i) => i % 10000 === 0));
    assert.ok(grown < bytes.length / 10, `the heap grew by ${grown} bytes for 10 names (the strings take ${bytes.length} bytes as UTF-8)`);
  });
});
