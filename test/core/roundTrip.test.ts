/**
 * Export → import → export gives identical files (JSONL and brat), on the seed articles and on articles written
 * for the tests (clitics, diacritics, Latin words, an emoji outside the BMP), from an analysis with the annotator's
 * decisions into a fresh one — and into an analysis without the statistical tagger, whose own guesses differ a lot.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { Engine } from '../../server/src/core/engine';
import { exportCorpus, ExportFormat } from '../../server/src/core/exports/exportCorpus';
import { ImportedDocument, importAnnotations, parseBratImport, parseJsonlImport } from '../../server/src/core/exports/importAnnotations';
import { Decisions, EMPTY_DECISIONS } from '../../server/src/core/decisions/types';
import { markEntities, markNotEntity, removeMention } from '../../server/src/core/decisions/edits';
import { findOccurrences } from '../../server/src/core/decisions/occurrences';
import { ROOT } from './helpers';

function corpus(dir: string): Map<string, string> {
  return new Map(fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

function engineFor(docs: Map<string, string>, tagger = true): Engine {
  const e = createNodeEngine(tagger ? {} : { tagger: null });
  for (const [d, t] of docs) e.index.setDocument(d, t);
  return e;
}

function exported(e: Engine, docs: Map<string, string>, format: ExportFormat) {
  return exportCorpus(e.index, [...docs.keys()].map((d) => ({ doc: d, path: d })), format);
}

function reimport(source: Engine, target: Engine, docs: Map<string, string>, format: 'jsonl' | 'brat'): { decisions: Decisions; differences: readonly string[]; problems: readonly unknown[] } {
  const out = exported(source, docs, format);
  let documents: ImportedDocument[];
  if (format === 'jsonl') documents = parseJsonlImport(out.files[0]!.content).documents;
  else documents = out.files.map((f) => {
    const doc = f.path.replace(/\.ann$/, '.txt');
    const r = parseBratImport(doc, docs.get(doc)!, f.content);
    assert.deepEqual(r.problems, []);
    return r.document;
  });
  const r = importAnnotations(target.index, EMPTY_DECISIONS, documents, (p) => (docs.has(p) ? { doc: p, file: p } : undefined), (f) => f);
  target.index.setDecisions(r.decisions);
  return { decisions: r.decisions, differences: r.report.differences, problems: r.report.problems };
}

const sets = {
  seeds: path.join(ROOT, 'seeds'),
  'own articles (clitics, diacritics, mixed scripts)': path.join(ROOT, 'test/fixtures/annotations'),
};

/** Decisions an annotator could have made on any corpus: remove one mention, mark a name everywhere, a not-entity. */
function someDecisions(e: Engine): Decisions {
  const snap = e.index.resolve();
  const doc = snap.documents[0]!;
  const m = snap.mentions(doc)[0]!;
  let d = removeMention(EMPTY_DECISIONS, { file: doc, start: m.start, end: m.end, text: m.text });
  // A word that no mention covers, marked as a person in every article it occurs in.
  const a = e.index.analysis(doc)!;
  const free = a.tokens.find((t) => t.kind === 'arabic' && t.text.length >= 5 && !snap.mentions(doc).some((x) => x.start < t.end && t.start < x.end))!;
  const occ = findOccurrences(snap.documents.map((x) => e.index.analysis(x)!), free.text).filter((o) => !snap.mentions(o.doc).some((x) => x.start < o.end && o.start < x.end));
  d = markEntities(d, occ.map((o) => ({ file: o.doc, start: o.start, end: o.end, text: o.text })), 'person').decisions;
  const last = snap.actors[snap.actors.length - 1]!;
  return markNotEntity(d, last.canonical);
}

describe('export → import → export', function () {
  this.timeout(120000);
  for (const [name, dir] of Object.entries(sets)) {
    for (const format of ['jsonl', 'brat'] as const) {
      it(`${format}, ${name}: identical files, from an annotated analysis into a fresh one`, () => {
        const docs = corpus(dir);
        const source = engineFor(docs);
        source.index.setDecisions(someDecisions(source));
        const first = exported(source, docs, format);
        assert.deepEqual(first.mismatches, []);
        const target = engineFor(docs);
        const r = reimport(source, target, docs, format);
        assert.deepEqual(r.problems, []);
        assert.deepEqual(r.differences, []);
        const second = exported(target, docs, format);
        assert.deepEqual(second.files, first.files);
        // And once more: the import of an identical export changes nothing.
        const again = reimport(target, target, docs, format);
        assert.deepEqual(again.differences, []);
        assert.deepEqual(exported(target, docs, format).files, first.files);
      });
    }
    it(`jsonl, ${name}: identical files when imported into an analysis without the tagger`, () => {
      const docs = corpus(dir);
      const source = engineFor(docs);
      const first = exported(source, docs, 'jsonl');
      const target = engineFor(docs, false);
      const r = reimport(source, target, docs, 'jsonl');
      assert.deepEqual(r.differences, []);
      assert.deepEqual(exported(target, docs, 'jsonl').files, first.files);
    });
  }

  it('CoNLL lists what it cannot represent (entities after a clitic, actor links) and counts per type', () => {
    const docs = corpus(sets['own articles (clitics, diacritics, mixed scripts)']);
    const e = engineFor(docs);
    const occ = findOccurrences([...docs.keys()].map((d) => e.index.analysis(d)!), 'لافروف').filter((o) => o.clitic);
    e.index.setDecisions(markEntities(EMPTY_DECISIONS, occ.map((o) => ({ file: o.doc, start: o.start, end: o.end, text: o.text })), 'person').decisions);
    const out = exported(e, docs, 'conll');
    assert.ok(out.notRepresented.some((n) => /tagged as whole tokens «ولافروف»/.test(n.reason)), JSON.stringify(out.notRepresented));
    assert.ok(out.notRepresented.some((n) => /actor of each/.test(n.reason)));
    const total = out.counts.person + out.counts.organization + out.counts.place;
    assert.equal(total, (exported(e, docs, 'jsonl').files[0]!.content.match(/"start"/g) ?? []).length);
  });
});
