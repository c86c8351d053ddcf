/**
 * Strings of their own (ownStrings.ts): the same characters as the pieces they copy, and a piece kept
 * does not keep the string it was cut from.
 */
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { ownCopy, splitOwned } from '../../server/src/core/text/ownStrings';
import { heapKeptBy } from './helpers';

describe('strings of their own', () => {
  it('property: splitOwned gives what split gives, ownCopy the string itself', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replace(/\u0000/g, '')), { maxLength: 20 }), (pieces) => {
        const joined = pieces.join('\u0000');
        assert.deepEqual(splitOwned(joined, '\u0000'), joined.split('\u0000'));
        for (const p of pieces) assert.equal(ownCopy(p), p);
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('a piece kept does not keep the whole string alive', () => {
    const whole = (): string => Array.from({ length: 50000 }, (_, i) => `مقال-${String(i).padStart(6, '0')}-عن-الأخبار`).join('\u0000');
    const grownBy = (split: (s: string) => string[]): number => {
      const { kept, bytes } = heapKeptBy(() => split(whole()).filter((_, i) => i % 5000 === 0));
      assert.equal(kept.length, 10);
      return bytes;
    };
    const wholeBytes = 2 * whole().length;
    assert.ok(grownBy((s) => s.split('\u0000')) > wholeBytes / 2, 'a plain split keeps the whole (what this test detects)');
    assert.ok(grownBy((s) => splitOwned(s, '\u0000')) < wholeBytes / 20, 'splitOwned keeps only the pieces');
    assert.ok(grownBy((s) => s.split('\u0000').map(ownCopy)) < wholeBytes / 20, 'nor do copies made by ownCopy');
  });
});
