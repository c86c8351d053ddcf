import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { arabicDistance, tokenDistance, tokenTolerance } from '../../server/src/core/actors/distance';

describe('Arabic-aware edit distance', () => {
  it('is cheap for a long vowel written or dropped', () => {
    assert.ok(arabicDistance('ويليامز', 'وليامز') < 0.5);
    assert.ok(arabicDistance('سبوتنيك', 'سبوتنك') < 0.5);
  });
  it('is cheap for letters transliterating one sound', () => {
    assert.ok(arabicDistance('عنان', 'انان') <= 0.6);
    assert.ok(arabicDistance('دينغوف', 'دينجوف') <= 0.6);
  });
  it('charges a full edit for an inserted consonant', () => {
    assert.equal(arabicDistance('ليف', 'لينف'), 1);
  });
  it('treats the article as a small difference', () => {
    assert.ok(tokenDistance('السراج', 'سراج') <= 0.2);
  });
  it('keeps short different names apart', () => {
    assert.ok(tokenDistance('احمد', 'محمد') > tokenTolerance('احمد', 'محمد'));
    assert.ok(tokenDistance('لافروف', 'شويغو') > 1);
  });
  it('is symmetric and zero only for equal strings', () => {
    const w = fc.array(fc.constantFrom('ا', 'ب', 'ي', 'و', 'ن', 'غ', 'ج', 'ع'), { maxLength: 8 }).map((a) => a.join(''));
    fc.assert(fc.property(w, w, (a, b) => {
      assert.equal(arabicDistance(a, b), arabicDistance(b, a));
      assert.equal(arabicDistance(a, b) === 0, a === b);
    }), { numRuns: 1000 });
  });
});
