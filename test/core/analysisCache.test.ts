/**
 * The resolution's clitic analyses per form id (resolution.ts): dense arrays during a pass, which looks up
 * most of the corpus' forms; after it, documents are resolved one at a time (each keystroke) and need only
 * their own forms, so an array the size of the corpus' form table (hundreds of thousands at 30,000
 * articles, made again after every pass) would cost more than the resolution of the document itself.
 */
import * as assert from 'node:assert/strict';
import { AnalysisCache } from '../../server/src/core/corpus/resolution';

describe('the clitic analyses remembered per form', () => {
  it('during a pass: dense, grown to the form table at the first id past its end', () => {
    const c = new AnalysisCache();
    assert.equal(c.key(7, 5000), undefined);
    assert.ok(c.denseLength >= 5000);
    c.set(7, 'حفتر', 1);
    assert.equal(c.key(7, 5000), 'حفتر');
    assert.equal(c.prefixLength(7), 1);
    assert.equal(c.key(8, 5000), undefined);
    assert.equal(c.prefixLength(8), 0);
  });

  it('after a pass: the few forms asked for, without an array the size of the form table', () => {
    const c = new AnalysisCache();
    c.key(3, 1000);
    c.set(3, 'السراج', 0);
    c.clear(true);
    assert.equal(c.key(3, 400_000), undefined, 'forgotten');
    c.set(3, 'سراج', 2);
    assert.equal(c.key(399_999, 400_000), undefined);
    c.set(399_999, 'ليبيا', 0);
    assert.equal(c.key(3, 400_000), 'سراج');
    assert.equal(c.prefixLength(3), 2);
    assert.equal(c.key(399_999, 400_000), 'ليبيا');
    assert.equal(c.prefixLength(399_999), 0);
    assert.equal(c.denseLength, 0, 'no dense array');
    c.clear(false);
    assert.equal(c.key(3, 100), undefined);
    assert.ok(c.denseLength >= 100, 'dense again for the next pass');
  });
});
