/**
 * Normalization of Arabic text **for matching only**. Nothing here changes a document:
 * the functions return new strings (and, where asked, a map back to the original offsets).
 *
 * Folded (CAMeL Tools conventions, plus what news text needs):
 * - alef forms أ إ آ ٱ (and alef with wavy hamza) → ا
 * - ى → ي, Farsi yeh ی → ي, keheh ک → ك
 * - ة → ه
 * - hamza seats ؤ → و, ئ → ي
 * - tatweel ـ removed
 * - harakat (fathatan … sukun), shadda, dagger alef, Quranic annotation marks removed
 * - format characters (ZWJ, ZWNJ, LRM, RLM, ALM, bidi embeddings/isolates, BOM, ZWSP) removed
 * - Arabic-Indic and extended Arabic-Indic digits → ASCII digits
 * - Arabic presentation forms → their base letters (NFKC), then folded as above
 *
 * All offsets are UTF-16 code units, as LSP and JavaScript strings count them.
 */

/** What kind of difference a normalization step folds; used to decide which differences users care about. */
export const FOLD_CLASSES = ['diacritics', 'tatweel', 'invisible', 'alefHamza', 'alefMaqsura', 'taMarbuta', 'hamzaSeat', 'digits', 'letterForm'] as const;
export type FoldClass = (typeof FOLD_CLASSES)[number];

export function isFoldClass(s: string): s is FoldClass {
  return (FOLD_CLASSES as readonly string[]).includes(s);
}

const ALEF = 0x0627;
const YEH = 0x064a;
const HEH = 0x0647;
const WAW = 0x0648;
const KAF = 0x0643;

/** True for combining marks that are removed (harakat, shadda, dagger alef, Quranic marks). */
export function isArabicMark(c: number): boolean {
  return (
    (c >= 0x064b && c <= 0x065f) ||
    c === 0x0670 ||
    (c >= 0x0610 && c <= 0x061a) ||
    (c >= 0x06d6 && c <= 0x06dc) ||
    (c >= 0x06df && c <= 0x06e4) ||
    (c >= 0x06e7 && c <= 0x06e8) ||
    (c >= 0x06ea && c <= 0x06ed) ||
    (c >= 0x08d3 && c <= 0x08ff)
  );
}

/** True for invisible format characters (zero-width and bidi controls, BOM, soft hyphen). */
export function isFormatChar(c: number): boolean {
  return (
    c === 0x200b || c === 0x200c || c === 0x200d || c === 0x200e || c === 0x200f ||
    c === 0x061c || c === 0xfeff || c === 0x00ad || c === 0x2060 ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069)
  );
}

export const TATWEEL = 0x0640;

function isPresentationForm(c: number): boolean {
  return (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefc);
}

/**
 * Folds one code unit. Returns -1 when the character is removed, -2 when it needs NFKC
 * (presentation forms), else the folded code unit.
 */
function foldChar(c: number): number {
  if (c < 0x0600) return c;
  switch (c) {
    case 0x0623: case 0x0625: case 0x0622: case 0x0671: case 0x0672: case 0x0673:
      return ALEF;
    case 0x0649: case 0x06cc: case 0x06d2:
      return YEH;
    case 0x0629:
      return HEH;
    case 0x0624:
      return WAW;
    case 0x0626:
      return YEH;
    case 0x06a9:
      return KAF;
    case TATWEEL:
      return -1;
    default:
      break;
  }
  if (c >= 0x0660 && c <= 0x0669) return 0x30 + (c - 0x0660);
  if (c >= 0x06f0 && c <= 0x06f9) return 0x30 + (c - 0x06f0);
  if (isArabicMark(c) || isFormatChar(c)) return -1;
  if (isPresentationForm(c)) return -2;
  return c;
}

/** Classifies the fold a code unit undergoes, or undefined when it is kept as is. */
export function foldClassOf(c: number): FoldClass | undefined {
  switch (c) {
    case 0x0623: case 0x0625: case 0x0622: case 0x0671: case 0x0672: case 0x0673:
      return 'alefHamza';
    case 0x0649:
      return 'alefMaqsura';
    case 0x0629:
      return 'taMarbuta';
    case 0x0624: case 0x0626:
      return 'hamzaSeat';
    case TATWEEL:
      return 'tatweel';
    case 0x06cc: case 0x06d2: case 0x06a9:
      return 'letterForm';
    default:
      break;
  }
  if ((c >= 0x0660 && c <= 0x0669) || (c >= 0x06f0 && c <= 0x06f9)) return 'digits';
  if (isArabicMark(c)) return 'diacritics';
  if (isFormatChar(c)) return 'invisible';
  if (isPresentationForm(c)) return 'letterForm';
  return undefined;
}

/** NFKC of a presentation form, normalized; a form NFKC leaves unchanged is kept as it is. */
function expandPresentationForm(ch: string): string {
  const nfkc = ch.normalize('NFKC');
  return nfkc === ch ? ch : normalize(nfkc);
}

/** Folded letters as strings (see `foldChar`), by their code. */
const FOLDED: Readonly<Record<number, string>> = {
  [ALEF]: String.fromCharCode(ALEF),
  [YEH]: String.fromCharCode(YEH),
  [HEH]: String.fromCharCode(HEH),
  [WAW]: String.fromCharCode(WAW),
  [KAF]: String.fromCharCode(KAF),
};

/** Normalizes a string for matching (no offset map). Idempotent. */
export function normalize(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 0x0600 && foldChar(c) !== c) break;
    i++;
  }
  if (i === n) return s;
  // Unchanged runs are copied as slices; only folded characters are appended one by one.
  let out = '';
  let run = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x0600) continue;
    const f = foldChar(c);
    if (f === c) continue;
    if (run < i) out += s.slice(run, i);
    run = i + 1;
    if (f === -1) continue;
    out += f === -2 ? expandPresentationForm(s[i]!) : (FOLDED[f] ?? String.fromCharCode(f));
  }
  if (run < n) out += s.slice(run);
  return out;
}

/**
 * Normalized text with a map back to the original.
 * `starts[i]` is the original offset of the character that produced normalized unit i;
 * `ends[i]` is the original end of that character, extended over combining marks and tatweel
 * that follow it (so a span ending at a letter also covers its harakat).
 */
export interface NormalizedText {
  readonly original: string;
  readonly text: string;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
}

export function normalizeWithMap(original: string): NormalizedText {
  const starts: number[] = [];
  const ends: number[] = [];
  let text = '';
  for (let i = 0; i < original.length; i++) {
    const c = original.charCodeAt(i);
    const f = foldChar(c);
    if (f === -1) {
      // A removed mark or tatweel belongs to the letter before it; a format character belongs to nothing.
      if (!isFormatChar(c) && ends.length > 0 && ends[ends.length - 1] === i) ends[ends.length - 1] = i + 1;
      continue;
    }
    if (f === -2) {
      const expanded = expandPresentationForm(original[i]!);
      for (let k = 0; k < expanded.length; k++) {
        text += expanded[k];
        starts.push(i);
        ends.push(i + 1);
      }
      continue;
    }
    // Keep surrogate pairs together: both halves map to the pair's full extent.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < original.length) {
      const d = original.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        text += original[i]! + original[i + 1]!;
        starts.push(i, i);
        ends.push(i + 2, i + 2);
        i++;
        continue;
      }
    }
    text += f === c ? original[i] : String.fromCharCode(f);
    starts.push(i);
    ends.push(i + 1);
  }
  return { original, text, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}

/**
 * Maps a normalized span [start, end) back to the original text.
 * An empty span maps to the original position of the next normalized character (or the end).
 */
export function toOriginalSpan(n: NormalizedText, start: number, end: number): { start: number; end: number } {
  const len = n.text.length;
  if (start >= len) return { start: n.original.length, end: n.original.length };
  const s = n.starts[start]!;
  if (end <= start) return { start: s, end: s };
  const e = n.ends[Math.min(end, len) - 1]!;
  return { start: s, end: e };
}

/**
 * The fold classes in which two original spellings differ while normalizing to the same string,
 * or undefined when they differ after normalization too.
 */
export function foldDifferences(a: string, b: string): Set<FoldClass> | undefined {
  if (normalize(a) !== normalize(b)) return undefined;
  const classes = new Set<FoldClass>();
  const na = normalizeWithMap(a);
  const nb = normalizeWithMap(b);
  // Walk both in lockstep over normalized units and compare the original material behind each.
  let pa = 0;
  let pb = 0;
  for (let i = 0; i <= na.text.length; i++) {
    const ea = i < na.text.length ? na.starts[i]! : a.length;
    const eb = i < nb.text.length ? nb.starts[i]! : b.length;
    const segA = a.slice(pa, ea);
    const segB = b.slice(pb, eb);
    if (segA !== segB) {
      for (const ch of segA + segB) {
        const cls = foldClassOf(ch.charCodeAt(0));
        if (cls) classes.add(cls);
      }
      // Material present in both but different (e.g. أ vs ا) is classified through its code units above;
      // a letter that folds without a class (never happens for equal normalizations) would be missed.
    }
    if (i < na.text.length) {
      pa = ea;
      pb = eb;
    }
  }
  if (classes.size === 0 && a !== b) classes.add('letterForm');
  return classes;
}
