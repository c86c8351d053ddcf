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

// --- hostile Unicode for whole-engine fuzzing ------------------------------------------------------

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));

/** Single code units and pairs a real folder can contain, grouped so each group is drawn often enough. */
export const HOSTILE = {
  letters: [...range(0x0621, 0x063a), ...range(0x0641, 0x064a), 'ٱ', 'پ', 'چ', 'ژ', 'گ', 'ک', 'ی', 'ۀ', 'ﻻ', 'ﺏ', 'ﷲ'],
  harakat: [...range(0x064b, 0x0652), '\u0670', '\u0653', '\u0654', '\u0655'],
  tatweel: ['\u0640'],
  invisible: [...range(0x200b, 0x200f), ...range(0x202a, 0x202e), ...range(0x2066, 0x2069), '\u061c', '\ufeff', '\u00ad', '\u2060'],
  astral: ['😀', '𝔸', '𞸀', '𞸨', '👩‍👩‍👧', '🇱🇾', '\u{10ffff}'],
  lone: ['\ud800', '\udbff', '\udc00', '\udfff'],
  latin: ['a', 'Z', 'é', 'ß', 'İ', 'Ω', 'я', 'http://x.y', '[x](command:evil)', '<img src=x>', '`', '*', '_', '#'],
  digits: [...range(0x30, 0x39), ...range(0x0660, 0x0669), ...range(0x06f0, 0x06f9), '٫', '٬', '%', '٪'],
  breaks: ['\n', '\r\n', '\r', '\u2028', '\u2029', '\u0085', '\f', '\v'],
  spaces: [' ', ' ', ' ', '\t', '\u00a0', '\u2009', '\u3000'],
  punct: ['،', '.', '؟', '؛', '«', '»', '“', '”', '"', "'", '/', '-', '–', '(', ')', ':', '!', '…'],
  // Words that make mentions, titles, clitics and near-spellings, so the corpus logic is reached.
  words: [
    'الرئيس', 'المشير', 'وزير', 'الخارجية', 'رئيس', 'حكومة', 'الوفاق', 'قال', 'وقال', 'وأكد', 'إن', 'أن', 'في', 'إلى', 'مع',
    'فايز', 'فائز', 'السراج', 'والسراج', 'خليفة', 'حفتر', 'وحفتر', 'لحفتر', 'ليف', 'لينف', 'دينغوف', 'ستيفاني', 'وليامز', 'ويليامز',
    'طرابلس', 'بطرابلس', 'ليبيا', 'الليبي', 'موسكو', 'روسيا', 'الأمم', 'المتحدة', 'مجلس', 'النواب', 'بعثة', 'سبوتنيك', 'سبوتنك',
    'لشنالهجوم', 'الهجوم', 'فايـــز', 'فَايِز', 'السرّاج', 'ال', 'و', 'ب', 'لل', 'ـ',
  ],
} as const;

const GROUPS = Object.values(HOSTILE) as ReadonlyArray<readonly string[]>;

/** One hostile piece: a character, a mark, a line break, a pair half, or a name-bearing word. */
export const hostilePiece: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE.words) },
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE.spaces) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE.letters) },
  { weight: 2, arbitrary: fc.constantFrom(...GROUPS.flat()) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);

/** Random text of hostile pieces. */
export const hostileText = (maxPieces = 60): fc.Arbitrary<string> => fc.array(hostilePiece, { maxLength: maxPieces }).map((a) => a.join(''));

/**
 * A real article passage with hostile pieces inserted at random places (so names, clitics and findings occur
 * with marks, pair halves and line breaks inside and around them).
 */
export const corruptedPassage = (sources: readonly string[], maxLength = 400): fc.Arbitrary<string> =>
  fc
    .record({
      source: fc.integer({ min: 0, max: sources.length - 1 }),
      at: fc.nat(),
      length: fc.integer({ min: 0, max: maxLength }),
      inserts: fc.array(fc.tuple(fc.nat(), hostilePiece), { maxLength: 12 }),
    })
    .map(({ source, at, length, inserts }) => {
      const src = sources[source]!;
      const start = src.length ? at % src.length : 0;
      let s = src.slice(start, start + length);
      for (const [pos, piece] of inserts) {
        const p = s.length ? pos % (s.length + 1) : 0;
        s = s.slice(0, p) + piece + s.slice(p);
      }
      return s;
    });
