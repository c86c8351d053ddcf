/**
 * Diagnostics of spelling variants point to where the corpus writes the expected spelling: the first
 * three such mentions outside the diagnostic's own article, in corpus order.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { WorkspaceCorpus } from '../../server/src/lsp/workspaceCorpus';
import { FeatureContext } from '../../server/src/features/context';
import { diagnostics } from '../../server/src/features/diagnostics';
import { toRange } from '../../server/src/lsp/convert';
import { LineIndex } from '../../server/src/core/text/textDocument';
import { ROOT } from './lspClient';

const SEEDS = path.join(ROOT, 'seeds');

describe('diagnostics: related information', function () {
  this.timeout(60000);

  it('lists the first three mentions written as expected outside the article, in corpus order, however many its own article and another have first', () => {
    const corpus = new WorkspaceCorpus(createNodeEngine());
    const ctx: FeatureContext = { corpus, versionOf: () => null, documentChanges: true, trusted: true };
    const uriOf = (f: string): string => 'file://' + path.join(SEEDS, f);
    const seeds = fs.readdirSync(SEEDS).filter((x) => x.endsWith('.txt')).sort();
    for (const f of seeds) corpus.setOpenText(uriOf(f), fs.readFileSync(path.join(SEEDS, f), 'utf8'), 'arabic-news');
    // Articles that repeat the lines with the expected spellings, first in corpus order ("0…" sorts before the seeds).
    const found = corpus.documents().flatMap((d) => corpus.findings(d).filter((f) => f.code === 'spelling-variant'));
    assert.ok(found.length > 0, 'the seeds have spelling variants');
    const lines = new Set<string>();
    for (const f of found) {
      for (const d of corpus.documents()) {
        const text = corpus.text(d)!;
        const at = text.indexOf(f.expected);
        if (at >= 0 && d !== f.doc) lines.add(text.slice(text.lastIndexOf('\n', at) + 1, (text.indexOf('\n', at) + 1 || text.length + 1) - 1));
      }
    }
    const repeated = [...lines].join('\n');
    corpus.setOpenText(uriOf('0a.txt'), `${repeated}\n${repeated}\n${repeated}\n${repeated}\n`, 'arabic-news');
    corpus.setOpenText(uriOf('0b.txt'), `${repeated}\n${repeated}\n`, 'arabic-news');
    const snap = corpus.snapshot();
    let checked = 0;
    for (const d of corpus.documents()) {
      for (const diag of diagnostics(ctx, d)) {
        if (diag.code !== 'spelling-variant') continue;
        const data = diag.data as { expected: string; actorId: string };
        // Every mention of the actor whose tokens include one written as expected, in corpus order: its first such token.
        const expected = snap.mentionsOf(data.actorId).flatMap((m) => {
          const t = m.tokens.find((x) => x.text === data.expected);
          return t && m.doc !== d ? [{ uri: m.doc, range: toRange(corpus.text(m.doc)!, t) }] : [];
        }).slice(0, 3);
        assert.deepEqual((diag.relatedInformation ?? []).map((r) => r.location), expected);
        checked++;
      }
    }
    assert.ok(checked >= found.length, `${checked} diagnostics checked`);
  });

  it('places related information in the text of now after the article it points into is edited, and shares it between diagnostics', () => {
    const corpus = new WorkspaceCorpus(createNodeEngine());
    const ctx: FeatureContext = { corpus, versionOf: () => null, documentChanges: true, trusted: true };
    const uriOf = (f: string): string => 'file://' + path.join(SEEDS, f);
    for (const f of fs.readdirSync(SEEDS).filter((x) => x.endsWith('.txt')).sort()) corpus.setOpenText(uriOf(f), fs.readFileSync(path.join(SEEDS, f), 'utf8'), 'arabic-news');
    const relatedOf = () => corpus.documents().flatMap((d) => diagnostics(ctx, d).flatMap((diag) => (diag.relatedInformation ?? []).map((r) => ({ d, r }))));
    const before = relatedOf();
    assert.ok(before.length > 0, 'the seeds have related information');
    // The same mention listed by two diagnostics is one object (their JSON is the same).
    const seen = new Map<string, object>();
    for (const { r } of before) {
      const key = JSON.stringify(r);
      const other = seen.get(key);
      if (other) assert.equal(r, other);
      else seen.set(key, r);
    }
    // Two lines typed at the start of the article the first related information points into.
    const target = before[0]!.r.location.uri;
    corpus.setOpenText(target, 'سطر أول\n\n' + corpus.text(target)!, 'arabic-news');
    const after = relatedOf().filter(({ r }) => r.location.uri === target);
    assert.ok(after.length > 0);
    const text = corpus.text(target)!;
    const li = new LineIndex(text);
    for (const { r } of after) {
      const spelling = /«(.+)»/.exec(r.message)![1]!;
      assert.equal(text.slice(li.offsetAt(r.location.range.start), li.offsetAt(r.location.range.end)), spelling, JSON.stringify(r));
      assert.ok(r.location.range.start.line >= 2, 'below the two lines typed');
    }
  });
});
