/**
 * Features that place mentions of many articles (references, related information, hover links) take each
 * article's line index from the corpus, kept per analysis: it must follow the article's text as it changes.
 */
import * as assert from 'node:assert/strict';
import { WorkspaceCorpus } from '../../server/src/lsp/workspaceCorpus';
import { createNodeEngine } from '../../server/src/node/nodeEngine';
import { rangeIn, toRange } from '../../server/src/lsp/convert';

describe('line indexes of the corpus articles', () => {
  const uri = 'file:///corpus/line-indexes.txt';
  const text = 'قال وزير الخارجية\nإن المحادثات مستمرة\r\nمنذ أيام';

  it('place offsets on the lines of the text of now, made once per text', () => {
    const corpus = new WorkspaceCorpus(createNodeEngine());
    assert.equal(corpus.lines(uri), undefined, 'not an article of the corpus');
    assert.deepEqual(rangeIn(undefined, { start: 3, end: 9 }), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    corpus.setOpenText(uri, text, 'arabic-news');
    const first = corpus.lines(uri)!;
    assert.equal(corpus.lines(uri), first, 'kept while the text is the same');
    const span = { start: text.indexOf('المحادثات'), end: text.indexOf('المحادثات') + 'المحادثات'.length };
    assert.deepEqual(rangeIn(first, span), { start: { line: 1, character: 3 }, end: { line: 1, character: 12 } });
    assert.deepEqual(rangeIn(first, span), toRange(text, span));
    // Two lines typed at the start: the index is the new text's.
    const edited = 'سطر\n\n' + text;
    corpus.setOpenText(uri, edited, 'arabic-news');
    const moved = { start: span.start + 5, end: span.end + 5 };
    assert.notEqual(corpus.lines(uri), first);
    assert.deepEqual(rangeIn(corpus.lines(uri), moved), { start: { line: 3, character: 3 }, end: { line: 3, character: 12 } });
    assert.deepEqual(rangeIn(corpus.lines(uri), { start: edited.indexOf('منذ'), end: edited.length }), toRange(edited, { start: edited.indexOf('منذ'), end: edited.length }));
  });
});
