/**
 * The findings of one corpus snapshot known so far (WorkspaceCorpus keeps one per snapshot): what the
 * status bar's count is made of after each keystroke. Whether all of a corpus' articles are known is
 * asked with each keystroke: once they are, the answer must not walk tens of thousands of articles again.
 */
import * as assert from 'node:assert/strict';
import { SnapshotFindings } from '../../server/src/lsp/snapshotFindings';
import type { Finding } from '../../server/src/core/model';

const variant = (doc: string): Finding => ({ code: 'spelling-variant', doc, start: 0, end: 3, severity: 'warning', message: 'm', actor: 'a', found: 'x', expected: 'y' } as Finding);
const missingSpace = (doc: string): Finding => ({ code: 'missing-space', doc, start: 0, end: 3, severity: 'information', message: 'm' } as unknown as Finding);

/** Counts the lookups `knowsAll` makes in the findings it knows. */
function counted(f: SnapshotFindings): { lookups: () => number } {
  let n = 0;
  const has = f.byDoc.has.bind(f.byDoc);
  f.byDoc.has = (k: string) => (n++, has(k));
  return { lookups: () => n };
}

describe('the findings of a snapshot known so far', () => {
  it('count the spelling variants of the articles added', () => {
    const f = new SnapshotFindings();
    f.add('a', [variant('a'), missingSpace('a'), variant('a')]);
    f.add('b', []);
    assert.equal(f.spelling, 2);
    assert.deepEqual(f.get('a')?.map((x) => x.code), ['spelling-variant', 'missing-space', 'spelling-variant']);
    assert.equal(f.get('c'), undefined);
    assert.equal(SnapshotFindings.spellingVariants([variant('x'), missingSpace('x')]), 1);
  });

  it('know all of a list of articles once each is added, and say so again without looking each one up', () => {
    const docs = Array.from({ length: 1000 }, (_, i) => `file:///c/${i}.txt`);
    const f = new SnapshotFindings();
    const { lookups } = counted(f);
    assert.equal(f.knowsAll(docs), false);
    assert.equal(lookups(), 0, 'fewer known than asked: no lookup');
    for (const d of docs.slice(0, 999)) f.add(d, []);
    f.add('file:///elsewhere.txt', []); // not one of the list: as many known, not all of them
    assert.equal(f.knowsAll(docs), false);
    f.add(docs[999]!, [variant(docs[999]!)]);
    assert.equal(f.knowsAll(docs), true);
    const before = lookups();
    for (let i = 0; i < 100; i++) assert.equal(f.knowsAll(docs), true);
    assert.equal(lookups(), before, 'the same list again: known without a lookup');
    // Another list (the corpus changed): looked at again.
    const more = [...docs, 'file:///c/new.txt'];
    assert.equal(f.knowsAll(more), false);
    f.add('file:///c/new.txt', []);
    assert.equal(f.knowsAll(more), true);
    assert.equal(f.knowsAll(docs), true);
    assert.equal(f.spelling, 1);
  });
});
