/**
 * An article whose recognition came from elsewhere (a worker thread, the persisted index) has nothing
 * in this thread's sentence cache, so its first edit would re-tag every sentence. `prepareEdits` tags
 * its sentences ahead of time: afterwards an edit re-tags only the sentences it changed, and the
 * results are those of an engine that never prepared.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createEngine } from '../../server/src/core/engine';
import { defaultTagger } from '../../server/src/core/recognize/defaultTagger';
import { SequenceTagger } from '../../server/src/core/recognize/recognizer';
import { SEEDS } from './helpers';

class CountingTagger implements SequenceTagger {
  calls = 0;
  tag(words: readonly string[]): readonly string[] {
    this.calls++;
    return defaultTagger().tag(words);
  }
}

describe('prepareEdits', () => {
  const file = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort()[0]!;
  const text = fs.readFileSync(path.join(SEEDS, file), 'utf8');
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.trim().length > 40);
  const edited = lines.map((l, i) => (i === line ? ' ' + l : l)).join('\n');
  // The recognition of the article as another thread computed it.
  const elsewhere = createEngine({ tagger: defaultTagger() });
  elsewhere.index.setDocument(file, text);
  const recognized = elsewhere.index.analysis(file)!.candidates;

  it('without it, the first edit of an article recognized elsewhere re-tags all of its sentences', () => {
    const tagger = new CountingTagger();
    const e = createEngine({ tagger });
    e.index.setDocument(file, text, recognized);
    assert.equal(tagger.calls, 0, 'recognition came from elsewhere');
    e.index.setDocument(file, edited);
    assert.ok(tagger.calls > 3, `the whole article was tagged (${tagger.calls} sentences)`);
  });

  it('after it, an edit that keeps every sentence\'s words re-tags none, and results are unchanged', () => {
    const tagger = new CountingTagger();
    const e = createEngine({ tagger });
    e.index.setDocument(file, text, recognized);
    const steps = e.prepareEdits(file);
    let n = 0;
    while (!steps.next().done) n++;
    assert.ok(n > 3, 'one step per sentence');
    const prepared = tagger.calls;
    e.index.setDocument(file, edited);
    assert.equal(tagger.calls, prepared, 'no sentence tagged again');
    const plain = createEngine({ tagger: defaultTagger() });
    plain.index.setDocument(file, edited);
    assert.deepEqual(e.index.analysis(file)!.candidates, plain.index.analysis(file)!.candidates);
    assert.deepEqual(e.findings(file), plain.findings(file));
  });

  it('is a no-op for an unknown document', () => {
    const e = createEngine({ tagger: new CountingTagger() });
    assert.equal(e.prepareEdits('nowhere').next().done, true);
  });
});
