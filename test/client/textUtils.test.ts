/** Pure client helpers: Arabic detection for .txt files, markdown escaping, label snippets. */
import * as assert from 'node:assert/strict';
import { arabicShare, baseName, escapeMarkdown, isMostlyArabic, snippetAround, truncate } from '../../client/src/textUtils';

describe('client text helpers', () => {
  it('detects mostly-Arabic text', () => {
    assert.equal(isMostlyArabic('أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة.'), true);
    assert.equal(isMostlyArabic('Meeting notes: the budget was approved on Monday by the board.'), false);
    assert.equal(isMostlyArabic('مرحبا'), false, 'too short to tell');
    assert.equal(isMostlyArabic('The word مرحبا means hello, and شكرا means thank you in Arabic.'), false);
    assert.equal(isMostlyArabic('قال المدير التنفيذي لشركة Acme إن الأرباح ارتفعت بنسبة 12% هذا العام.'), true);
    const { arabic, letters } = arabicShare('ab جد 12');
    assert.deepEqual([arabic, letters], [2, 4]);
  });

  it('escapes every markdown-active character', () => {
    const s = escapeMarkdown('[رابط](https://x.y) <b>عريض</b> *نجمة* `كود` $(icon) # عنوان\nسطر');
    assert.doesNotMatch(s, /(?<!\\)[[\]()<>*`$#]/);
    assert.doesNotMatch(s, /\n/);
    assert.equal(escapeMarkdown('نص عربي عادي'), 'نص عربي عادي');
  });

  it('cuts a snippet around the mention and marks it', () => {
    const preview = 'في مؤتمر صحفي طويل جدا عقد صباح اليوم قال فائز السراج إن الحكومة ستواصل العمل على خطة السلام الشاملة في البلاد';
    const s = snippetAround(preview, 'فائز السراج', 20);
    assert.ok(s.text.length < preview.length);
    assert.ok(s.text.startsWith('…') && s.text.endsWith('…'));
    assert.equal(s.text.slice(s.highlight![0], s.highlight![1]), 'فائز السراج');
    assert.deepEqual(snippetAround('نص قصير', 'غائب'), { text: 'نص قصير' });
  });

  it('truncates and takes base names', () => {
    assert.equal(truncate('أ ب ج د', 4), 'أ ب…');
    assert.equal(truncate('قصير', 10), 'قصير');
    assert.equal(baseName('file:///home/u/corpus/%D9%85%D9%84%D9%81.txt'), 'ملف.txt');
  });
});
