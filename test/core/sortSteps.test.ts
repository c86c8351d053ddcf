/**
 * Sorting in steps (core/steps.ts): the same order as `Array.prototype.sort` (stable), with a bounded
 * number of comparisons between two yields, so that a host sorting tens of thousands of actors after a
 * pass keeps answering requests.
 */
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { drain, sortSteps } from '../../server/src/core/steps';

describe('sortSteps', () => {
  it('sorts as Array.prototype.sort does, ties kept in their order, whatever the step size', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 3000 }), fc.integer({ min: 1, max: 600 }), (keys, perStep) => {
        const items = keys.map((key, i) => ({ key, i }));
        const compare = (a: { key: number }, b: { key: number }): number => a.key - b.key;
        const expected = items.slice().sort(compare);
        const sorted = drain(sortSteps(items, compare, perStep));
        assert.deepEqual(sorted, expected);
        assert.deepEqual(items.map((x) => x.i), keys.map((_, i) => i), 'the input is left as it was');
      }),
      { numRuns: 60 },
    );
  });

  it('compares at most about `perStep` times between two yields', () => {
    const items = Array.from({ length: 30000 }, (_, i) => (i * 7919) % 30011);
    let compared = 0;
    let widest = 0;
    const steps = sortSteps(items, (a, b) => (compared++, a - b), 1000);
    let yields = 0;
    for (let r = steps.next(); !r.done; r = steps.next()) {
      yields++;
      widest = Math.max(widest, compared);
      compared = 0;
    }
    widest = Math.max(widest, compared);
    assert.ok(yields >= 100, `${yields} yields`);
    // A run of the first phase is sorted at once: up to RUN·log2(RUN) comparisons.
    assert.ok(widest <= 1000 + 256 * 8, `${widest} comparisons between two yields`);
  });
});
