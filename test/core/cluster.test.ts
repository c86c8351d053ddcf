import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { clusterForms, NameForm, skeleton } from '../../server/src/core/actors/cluster';
import { normalize } from '../../server/src/core/text/normalize';
import { tokenDistance, tokenTolerance } from '../../server/src/core/actors/distance';

let order = 0;
const form = (text: string, type: NameForm['type'] = 'person', count = 1): NameForm => {
  const tokens = normalize(text).split(' ');
  return { key: tokens.join(' '), tokens, type, count, firstOrder: order++ };
};
const together = (forms: NameForm[], a: string, b: string, known?: Set<string>): boolean => {
  const c = clusterForms(forms, { knownGivenNames: known });
  const ca = c.clustersOfForm.get(normalize(a))!;
  const cb = c.clustersOfForm.get(normalize(b))!;
  return ca.some((x) => cb.includes(x));
};

describe('grouping name forms into actors', () => {
  it('merges transliteration variants of a surname with the same given name, with a reason', () => {
    const forms = [form('كوفي أنان', 'person', 3), form('كوفي عنان')];
    assert.ok(together(forms, 'كوفي أنان', 'كوفي عنان'));
    const c = clusterForms(forms);
    assert.match(c.clusters[0]!.reasons[0]!, /عنان/);
  });

  it('keeps apart two people who share a given name', () => {
    assert.ok(!together([form('سيرغي لافروف'), form('سيرغي شويغو')], 'سيرغي لافروف', 'سيرغي شويغو'));
  });

  it('keeps apart two people who share a surname when both given names are known', () => {
    const known = new Set([normalize('محمد'), normalize('أحمد')]);
    assert.ok(!together([form('محمد علي'), form('أحمد علي')], 'محمد علي', 'أحمد علي', known));
  });

  it('merges a one-letter typo in the given name when the surname is identical', () => {
    assert.ok(together([form('ليف دينغوف', 'person', 3), form('لينف دينغوف')], 'ليف دينغوف', 'لينف دينغوف'));
  });

  it('links a surname alone (with or without the article) to the full name', () => {
    const forms = [form('فايز السراج', 'person', 4), form('السراج', 'person', 9), form('سراج')];
    assert.ok(together(forms, 'فايز السراج', 'السراج'));
    assert.ok(together(forms, 'فايز السراج', 'سراج'));
  });

  it('lists every actor a shared surname may belong to', () => {
    const c = clusterForms([form('هيلاري كلينتون', 'person', 2), form('بيل كلينتون', 'person', 2), form('كلينتون', 'person', 3)]);
    assert.equal(c.clustersOfForm.get(normalize('كلينتون'))!.length, 2);
  });

  it('merges an organization with and without a trailing adjective, and one-letter variants', () => {
    const forms = [form('وكالة سبوتنيك', 'organization'), form('وكالة سبوتنك الروسية', 'organization')];
    assert.ok(together(forms, 'وكالة سبوتنيك', 'وكالة سبوتنك الروسية'));
  });

  it('never merges across types', () => {
    const c = clusterForms([form('عمان', 'place'), { ...form('عمان', 'person'), key: 'x' }]);
    assert.equal(c.clusters.length, 2);
  });

  it('blocking never hides a merge the distance allows (skeletons agree on cheap edits)', () => {
    const letters = fc.constantFrom('ب', 'ت', 'د', 'ر', 'س', 'ف', 'ك', 'ل', 'م', 'ن', 'ا', 'و', 'ي', 'غ', 'ج');
    const word = fc.array(letters, { minLength: 3, maxLength: 8 }).map((a) => a.join(''));
    fc.assert(fc.property(word, fc.constantFrom('ا', 'و', 'ي'), fc.nat(), (w, v, at) => {
      const i = at % (w.length + 1);
      const variant = w.slice(0, i) + v + w.slice(i);
      if (tokenDistance(w, variant) <= tokenTolerance(w, variant)) assert.equal(skeleton(w), skeleton(variant));
    }), { numRuns: 1000 });
  });
});
