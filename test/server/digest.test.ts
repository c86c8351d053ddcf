/** The digest of published diagnostics: equal for equal values, different when anything in them changes. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { digest } from '../../server/src/lsp/digest';

const diagnostic = fc.record({
  range: fc.record({ start: fc.record({ line: fc.nat(), character: fc.nat() }), end: fc.record({ line: fc.nat(), character: fc.nat() }) }),
  severity: fc.integer({ min: 1, max: 4 }),
  code: fc.constantFrom('spelling-variant', 'missing-space'),
  message: fc.string({ unit: 'grapheme', maxLength: 40 }),
  data: fc.record({ expected: fc.string({ maxLength: 8 }), found: fc.string({ maxLength: 8 }) }),
}, { requiredKeys: ['range', 'severity', 'code', 'message'] });

describe('diagnostics digest', () => {
  it('is the same for equal values, whatever objects hold them (property)', () => {
    fc.assert(fc.property(fc.array(diagnostic, { maxLength: 5 }), (diags) => {
      assert.equal(digest(diags), digest(JSON.parse(JSON.stringify(diags))));
    }));
  });

  it('differs when the JSON differs (property)', () => {
    fc.assert(fc.property(fc.array(diagnostic, { maxLength: 4 }), fc.array(diagnostic, { maxLength: 4 }), (a, b) => {
      fc.pre(JSON.stringify(a) !== JSON.stringify(b));
      assert.notEqual(digest(a), digest(b));
    }), { numRuns: 2000 });
  });

  it('tells apart values JSON tells apart: nesting, strings and numbers, empty lists', () => {
    const values: unknown[] = [[], [[]], {}, [{}], '', '0', 0, [0], ['0'], [1, 2], [12], ['1', '2'], ['12'], { a: 'b' }, { ab: '' }, { a: { b: 1 } }, { a: [1] }, null, [null], true, ['true']];
    const seen = new Map<string, string>();
    for (const v of values) {
      const d = digest(v);
      assert.ok(!seen.has(d), `${JSON.stringify(v)} and ${seen.get(d)} share a digest`);
      seen.set(d, JSON.stringify(v));
    }
  });

  it('leaves out undefined properties, as JSON.stringify does', () => {
    assert.equal(digest({ a: 1, b: undefined }), digest({ a: 1 }));
  });
});
