import * as assert from 'node:assert/strict';
import { chooseAnalysis, cliticAnalyses } from '../../server/src/core/text/clitics';

describe('clitic analysis', () => {
  it('offers proclitic segmentations, the unsegmented word first', () => {
    const keys = cliticAnalyses('وبالسراج').map((a) => `${a.prefix}+${a.key}`);
    assert.equal(keys[0], '+وبالسراج');
    assert.ok(keys.includes('و+بالسراج'));
    assert.ok(keys.includes('وب+السراج'));
  });

  it('restores the article of لل', () => {
    const a = cliticAnalyses('للرييس').find((x) => x.key === 'الرييس');
    assert.ok(a);
    assert.equal(a.prefix, 'ل');
    assert.equal(a.stem, 'لرييس');
  });

  it('strips only when the remainder is known', () => {
    const known = new Set(['حفتر', 'ليبيا', 'السراج']);
    const k = (s: string): number => (known.has(s) ? 2 : 0);
    const choose = (w: string, f = k) => chooseAnalysis(w, (key) => (key === w ? 0.5 : f(key)));
    assert.equal(choose('وحفتر').key, 'حفتر');
    assert.equal(choose('بليبيا').key, 'ليبيا');
    assert.equal(choose('والسراج').key, 'السراج');
    // the و of Williams and the ب of Bogdanov are part of the name: their remainders are unknown
    assert.equal(choose('وليامز').key, 'وليامز');
    assert.equal(choose('بوغدانوف').key, 'بوغدانوف');
    assert.equal(choose('ليبيا').key, 'ليبيا');
  });
});
