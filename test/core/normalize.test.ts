import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldDifferences, normalize, normalizeWithMap, toOriginalSpan } from '../../server/src/core/text/normalize';
import { anyText, arabicText } from './arbitraries';

describe('normalize (for matching only)', () => {
  it('folds alef forms, alef maqsura, ta marbuta and hamza seats', () => {
    assert.equal(normalize('أحمد إبراهيم آمال ٱلله'), 'احمد ابراهيم امال الله');
    assert.equal(normalize('مصطفى'), 'مصطفي');
    assert.equal(normalize('فاطمة'), 'فاطمه');
    assert.equal(normalize('فائز مؤتمر'), 'فايز موتمر');
  });

  it('removes harakat, shadda, dagger alef, tatweel and invisible marks', () => {
    assert.equal(normalize('السرّاج'), 'السراج');
    assert.equal(normalize('مُحَمَّدٌ'), 'محمد');
    assert.equal(normalize('هٰذا'), 'هذا');
    assert.equal(normalize('الـــسراج'), 'السراج');
    assert.equal(normalize('حف\u200cتر\u200f'), 'حفتر');
    assert.equal(normalize('\u2067ليبيا\u2069'), 'ليبيا');
  });

  it('maps Arabic-Indic digits and presentation forms', () => {
    assert.equal(normalize('٢٠١٩ ۱۲'), '2019 12');
    assert.equal(normalize('ﻻ'), 'لا');
  });

  it('leaves Latin text and punctuation alone', () => {
    assert.equal(normalize('Haftar, 2019 (Libya)'), 'Haftar, 2019 (Libya)');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(anyText(), (s) => normalize(normalize(s)) === normalize(s)), { numRuns: 2000 });
  });

  it('the map stays in range, is monotone, and agrees with normalize()', () => {
    fc.assert(
      fc.property(anyText(), (s) => {
        const n = normalizeWithMap(s);
        assert.equal(n.text, normalize(s));
        assert.equal(n.starts.length, n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          assert.ok(n.starts[i]! < n.ends[i]! && n.ends[i]! <= s.length);
          if (i > 0) assert.ok(n.starts[i]! >= n.starts[i - 1]!);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('normalized spans round-trip: the original slice normalizes to the normalized slice', () => {
    fc.assert(
      fc.property(arabicText(), fc.nat(), fc.nat(), (s, x, y) => {
        const n = normalizeWithMap(s);
        if (n.text.length === 0) return;
        // A boundary inside one original character (a surrogate pair, a ligature such as ﻻ) cannot map back.
        const inPair = (i: number): boolean => i > 0 && i < n.text.length && n.starts[i] === n.starts[i - 1];
        let a = x % n.text.length;
        while (inPair(a)) a--;
        let b = a + 1 + (y % (n.text.length - a));
        while (inPair(b)) b++;
        const span = toOriginalSpan(n, a, b);
        assert.ok(0 <= span.start && span.start <= span.end && span.end <= s.length);
        assert.equal(normalize(s.slice(span.start, span.end)), n.text.slice(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('a span ending at a letter covers its harakat', () => {
    const s = 'سَرَّاجُ قال';
    const n = normalizeWithMap(s);
    const span = toOriginalSpan(n, 0, 4);
    assert.equal(s.slice(span.start, span.end), 'سَرَّاجُ');
  });

  it('classifies what two equal-normalizing spellings differ in', () => {
    assert.deepEqual([...foldDifferences('فائز', 'فايز')!], ['hamzaSeat']);
    assert.deepEqual([...foldDifferences('السرّاج', 'السراج')!], ['diacritics']);
    assert.deepEqual([...foldDifferences('أنجيلا', 'انجيلا')!], ['alefHamza']);
    assert.equal(foldDifferences('ليف', 'لينف'), undefined);
  });
});
