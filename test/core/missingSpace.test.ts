import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findMissingSpaces, findMissingSpacesInArrays, type MissingSpaceFinding } from '../../server/src/core/findings/missingSpace';
import { tokenize } from '../../server/src/core/text/tokenize';
import { loadWordList } from '../../server/src/node/loadWordList';
import { analyzeDocument } from '../../server/src/core/corpus/documentAnalysis';
import { FormTable } from '../../server/src/core/corpus/formTable';
import { createRecognitionLexicon } from '../../server/src/core/engine';

const words = loadWordList();

function find(text: string): MissingSpaceFinding[] {
  return findMissingSpaces(text, tokenize(text), words);
}

/** The text with a space inserted at each finding's split offset. */
function fix(text: string, findings: readonly MissingSpaceFinding[]): string {
  let out = text;
  for (const f of [...findings].sort((a, b) => b.splitAt - a.splitAt)) out = out.slice(0, f.splitAt) + ' ' + out.slice(f.splitAt);
  return out;
}

function assertSplit(text: string, token: string, left: string, right: string): void {
  const fs = find(text);
  const start = text.indexOf(token);
  const f = fs.find((x) => x.start === start);
  assert.ok(f, `${token}: no finding in ${JSON.stringify(fs)}`);
  assert.equal(f.end, start + token.length);
  assert.equal(f.left, left);
  assert.equal(f.right, right);
  assert.equal(f.splitAt, start + left.length);
  assert.equal(text.slice(f.start, f.splitAt), left);
  assert.equal(text.slice(f.splitAt, f.end), right);
}

describe('missing-space findings', () => {
  it('finds the four run-together examples with the right split', () => {
    assertSplit('دعا الوزير لشنالهجوم على المواقع', 'لشنالهجوم', 'لشن', 'الهجوم');
    assertSplit('طالبت الدول بكبحالتدخل الأجنبي', 'بكبحالتدخل', 'بكبح', 'التدخل');
    assertSplit('أجلت الانتخاباتكما أعلنت اللجنة', 'الانتخاباتكما', 'الانتخابات', 'كما');
    assertSplit('تتميز المدينة بموقعهاالاستراتيجي على البحر', 'بموقعهاالاستراتيجي', 'بموقعها', 'الاستراتيجي');
    for (const w of ['لشنالهجوم', 'كبحالتدخل', 'الانتخاباتكما', 'بموقعهاالاستراتيجي']) {
      const fs = find(w);
      assert.equal(fs.length, 1, w);
      assert.equal(fs[0]!.start, 0);
      assert.equal(fs[0]!.end, w.length);
    }
  });

  it('inserting a space at splitAt gives two words', () => {
    const text = 'قرر المجلس لشنالهجوم، وذلك بعد الانتخاباتكما قال المتحدث.';
    const fs = find(text);
    assert.equal(fs.length, 2);
    assert.equal(fix(text, fs), 'قرر المجلس لشن الهجوم، وذلك بعد الانتخابات كما قال المتحدث.');
  });

  it('uses ة and ى inside a token as word ends', () => {
    assertSplit('أعلنت الحكومةالسعودية خطة جديدة', 'الحكومةالسعودية', 'الحكومة', 'السعودية');
    assertSplit('وعلىالرغم من ذلك استمر العمل', 'وعلىالرغم', 'وعلى', 'الرغم');
    assertSplit('وأشار إلىأن الاجتماع انتهى', 'إلىأن', 'إلى', 'أن');
    assertSplit('أثنى على الإقبالعلى المعرض', 'الإقبالعلى', 'الإقبال', 'على');
    // ى written for ي before a pronoun is a spelling slip, not a missing space.
    assert.deepEqual(find('وسط فرحة من والدىهما'), []);
  });

  it('prefers the article on the right half', () => {
    assertSplit('قال إن فيالمدينة مشاريع كثيرة', 'فيالمدينة', 'في', 'المدينة');
    assertSplit('حضر الاجتماع وزيرالخارجية أمس', 'وزيرالخارجية', 'وزير', 'الخارجية');
  });

  it('maps the split back through harakat and tatweel', () => {
    const text = 'دعا إلى لشـنَالهُجومِ فورا';
    const fs = find(text);
    assert.equal(fs.length, 1);
    const f = fs[0]!;
    assert.equal(f.left, 'لشـنَ');
    assert.equal(f.right, 'الهُجومِ');
    assert.equal(text.slice(f.start, f.end), 'لشـنَالهُجومِ');
    assert.equal(fix(text, fs), 'دعا إلى لشـنَ الهُجومِ فورا');

    const t2 = 'وصرّح بأن الحكومـةُالسعوديةَ ستشارك';
    const f2 = find(t2);
    assert.equal(f2.length, 1);
    assert.equal(f2[0]!.left, 'الحكومـةُ');
    assert.equal(fix(t2, f2), 'وصرّح بأن الحكومـةُ السعوديةَ ستشارك');
  });

  it('reports nothing on correctly spaced news text', () => {
    const texts = [
      'قال وزير الخارجية إن الحكومة ستواصل جهودها لدعم الاستقرار في المنطقة.',
      'أعلنت المملكة العربية السعودية اليوم عن خطة جديدة للاستثمار في الطاقة المتجددة بالتعاون مع الشركات العالمية.',
      'وأكد الرئيس أن الانتخابات ستجري في موعدها، كما أشار إلى أهمية المشاركة الشعبية.',
      'تتميز المدينة بموقعها الاستراتيجي على ساحل البحر الأحمر، وتستقبل ملايين الزوار سنوياً.',
      'وَقَالَ المُتَحَدِّثُ بِاسْمِ الحُكُومَةِ إِنَّ الاجْتِمَاعَ سَيُعْقَدُ غَداً.',
      'ارتفعت أسعار النفط بنسبة 3% في تعاملات الأسبوع الماضي وسط مخاوف من تراجع الإمدادات.',
    ];
    for (const t of texts) assert.deepEqual(find(t), [], t);
  });

  it('does not split transliterated names and compound names', () => {
    const names = [
      'ماكرون', 'ميركل', 'شتاينماير', 'زيلينسكي', 'بلومبرغ', 'واشنطن', 'نتنياهو', 'بوتفليقة',
      'كاتالونيا', 'الكتالوني', 'التيفويد', 'دوناتيلا', 'ويلكنسون', 'أمازون', 'سيليكون', 'تويتر', 'داعش', 'الحوثيين',
      'ديالى', 'وديالى', 'جيسوالدو', 'ريفالدو', 'بالتيمور', 'سيراليون', 'ماكاليستر', 'البالساميك', 'تسيبراس', 'خامنئي',
      'عبدالله', 'عبدالعزيز', 'وعبداللطيف', 'العبدالجبار', 'نصرالله', 'أبوظبي', 'نورالدين',
    ];
    for (const n of names) {
      assert.deepEqual(find(`وقال ${n} أمس`), [], n);
    }
  });

  it('does not split ordinary long words', () => {
    const long = [
      'الاستراتيجيات', 'واستراتيجياتها', 'والمستشفيات', 'بالمسؤوليات', 'الاتصالات', 'المتخصصة', 'والاستثمارات',
      'للمواطنين', 'فاستقبلهم', 'سيجتمعون', 'الإلكترونية', 'والديهما', 'بالانتخابات', 'اللجنة',
    ];
    for (const w of long) assert.deepEqual(find(`إن ${w} مهمة`), [], w);
  });

  it('leaves a run-together form alone when it recurs in the document (a name or a term)', () => {
    assert.equal(find('لشنالهجوم').length, 1);
    assert.deepEqual(find('لشنالهجوم ثم لشنالهجوم'), []);
  });

  it('ignores non-Arabic tokens and honours minPart', () => {
    assert.deepEqual(find('helloworld 12345 foobar'), []);
    const text = 'لشنالهجوم';
    assert.deepEqual(findMissingSpaces(text, tokenize(text), words, { minPart: 4 }), []);
  });

  it('keeps its invariants on arbitrary text', () => {
    const alphabet = 'ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآؤئءـًٌٍَُِّْ .،';
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        for (const f of find(text)) {
          assert.ok(f.start < f.splitAt && f.splitAt < f.end && f.end <= text.length);
          assert.equal(f.left + f.right, text.slice(f.start, f.end));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds the same in a document analysis (token arrays, verdicts kept per form id) as in its tokens', () => {
    const lexicon = createRecognitionLexicon(words);
    // Pieces that make run-together words, ة and ى inside and at the end of tokens, harakat, tatweel,
    // and recurring forms; several documents share one form table (and its verdicts).
    const piece = fc.constantFrom(
      'لشنالهجوم', 'الحكومةالسعودية', 'وعلىالرغم', 'إلىأن', 'الإقبالعلى', 'والدىهما', 'فيالمدينة', 'وزيرالخارجية', 'الانتخاباتكما',
      'لشـنَالهُجومِ', 'الحكومـةُالسعوديةَ', 'على', 'إلى', 'مصطفى', 'الحكومة', 'الحكومةُ', 'حكومةـ', 'عبدالله', 'ديالى', 'ىى', 'ةا',
      ' ', ' ', ' ', '\n', '،', '.', 'ى', 'ة', 'ـ', 'َ', 'ّ', 'ال', 'و', 'ب', 'ك', 'هجوم', 'رغم',
    );
    const forms = new FormTable();
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 30 }).map((a) => a.join('')), { minLength: 1, maxLength: 4 }), (texts) => {
        texts.forEach((text, k) => {
          const a = analyzeDocument(`d${k}`, text, undefined, lexicon, forms);
          assert.deepStrictEqual(findMissingSpacesInArrays(a, forms, words), findMissingSpaces(text, tokenize(text), words), text);
        });
      }),
      { numRuns: 400 },
    );
  });
});
