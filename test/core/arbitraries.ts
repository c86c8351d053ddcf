/** fast-check generators for Arabic news-like text: letters, harakat, tatweel, bidi and zero-width marks, surrogate pairs, Latin, digits, CRLF. */
import fc from 'fast-check';

const pieces = [
  'ا', 'أ', 'إ', 'آ', 'ٱ', 'ب', 'ت', 'ة', 'ث', 'ج', 'ح', 'د', 'ر', 'س', 'ع', 'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي', 'ى', 'ئ', 'ؤ', 'ء',
  'َ', 'ُ', 'ِ', 'ّ', 'ْ', 'ً', 'ٰ', 'ـ', '\u200c', '\u200d', '\u200e', '\u200f', '\u061c', '\u2067', '\u2069', '\ufeff',
  ' ', ' ', ' ', '\n', '\r\n', '\r', '،', '.', '؟', '«', '»', '“', '”', '/', '-', '(', ')', ':',
  'a', 'Z', 'é', '٣', '٤', '7', '😀', '𝔸', '\ud800', '\udc00', 'ﻻ', 'ﺏ',
  'ال', 'وال', 'بال', 'لل', 'حفظ', 'سلام',
];

export const arabicText = (maxLength = 60): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...pieces), { maxLength }).map((a) => a.join(''));

export const anyText = (maxLength = 60): fc.Arbitrary<string> => fc.oneof(arabicText(maxLength), fc.string({ unit: 'binary', maxLength }));
