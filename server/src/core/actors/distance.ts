/**
 * Arabic-aware weighted edit distance between normalized name tokens.
 *
 * Transliterated names vary at letter level: long vowels (ا و ي) written or dropped, one letter
 * standing for a foreign sound (g → غ/ج/ك/ق, v → ف, p → ب), emphatic/plain pairs (ت/ط, س/ص, د/ض, ذ/ز/ظ),
 * ع for a glottal onset (عنان / أنان). Those edits are cheap; any other edit costs 1.
 */

const VOWEL_LETTERS = new Set(['ا', 'و', 'ي']);

const CONFUSABLE_GROUPS: readonly string[] = ['غجكق', 'تط', 'سصث', 'دض', 'ذزظ', 'اعء', 'هح', 'يا', 'وا', 'فڤ', 'بپ'];

const substitutionCost = new Map<string, number>();
for (const group of CONFUSABLE_GROUPS) {
  for (const a of group) for (const b of group) if (a !== b) substitutionCost.set(a + b, 0.6);
}

export const INDEL_VOWEL = 0.4;

function indelCost(c: string): number {
  return VOWEL_LETTERS.has(c) ? INDEL_VOWEL : c === 'ه' || c === 'ء' ? 0.6 : 1;
}

function subCost(a: string, b: string): number {
  if (a === b) return 0;
  return substitutionCost.get(a + b) ?? 1;
}

// The same costs as tables over the Arabic block (U+0600–U+06FF), which holds every normalized letter;
// other code units fall back to the functions above.
const BLOCK = 0x0600;
const BLOCK_SIZE = 0x100;
const INDEL_TABLE = new Float64Array(BLOCK_SIZE);
const SUB_TABLE = new Float64Array(BLOCK_SIZE * BLOCK_SIZE);
for (let a = 0; a < BLOCK_SIZE; a++) {
  const ca = String.fromCharCode(BLOCK + a);
  INDEL_TABLE[a] = indelCost(ca);
  for (let b = 0; b < BLOCK_SIZE; b++) SUB_TABLE[a * BLOCK_SIZE + b] = subCost(ca, String.fromCharCode(BLOCK + b));
}

function indelCode(c: number): number {
  const k = c - BLOCK;
  return k >= 0 && k < BLOCK_SIZE ? INDEL_TABLE[k]! : indelCost(String.fromCharCode(c));
}

function subCode(a: number, b: number): number {
  const ka = a - BLOCK;
  const kb = b - BLOCK;
  if (ka >= 0 && ka < BLOCK_SIZE && kb >= 0 && kb < BLOCK_SIZE) return SUB_TABLE[ka * BLOCK_SIZE + kb]!;
  return subCost(String.fromCharCode(a), String.fromCharCode(b));
}

/** Rows of the distance table, reused between calls (grown for longer words). */
let prevRow = new Float64Array(64);
let curRow = new Float64Array(64);

/** Weighted Levenshtein distance; stops early and returns Infinity once `limit` is exceeded. */
export function arabicDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit / INDEL_VOWEL + 1) return Infinity;
  const n = b.length;
  if (prevRow.length < n + 1) {
    prevRow = new Float64Array(2 * (n + 1));
    curRow = new Float64Array(2 * (n + 1));
  }
  let prev = prevRow;
  let cur = curRow;
  prev[0] = 0;
  for (let j = 1; j <= n; j++) prev[j] = prev[j - 1]! + indelCode(b.charCodeAt(j - 1));
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    const da = indelCode(ca);
    cur[0] = prev[0]! + da;
    let rowMin = cur[0]!;
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      const v = Math.min(prev[j]! + da, cur[j - 1]! + indelCode(cb), prev[j - 1]! + subCode(ca, cb));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return Infinity;
    const t = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[n]!;
  return d > limit ? Infinity : Math.round(d * 100) / 100;
}

/** The article-less form of a normalized token (الخطيب → خطيب). */
export function stripArticle(norm: string): string {
  return norm.startsWith('ال') && norm.length > 3 ? norm.slice(2) : norm;
}

/**
 * Largest distance at which two spellings of one name token are still taken as one name:
 * short tokens tolerate only cheap vowel/letter-form edits.
 */
export function tokenTolerance(a: string, b: string): number {
  const len = Math.min(stripArticle(a).length, stripArticle(b).length);
  if (len <= 3) return 0.4;
  if (len <= 5) return 0.6;
  return 1.0;
}

/** Distance between two tokens, ignoring a difference in the article alone (cost 0.2). */
export function tokenDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  const sa = stripArticle(a);
  const sb = stripArticle(b);
  const articleCost = sa === a && sb === b ? 0 : sa !== a && sb !== b ? 0 : 0.2;
  const d = arabicDistance(sa, sb, limit);
  return d + articleCost;
}

/** Describes the difference between two spellings for a merge reason. */
export function describeDifference(a: string, b: string): string {
  if (stripArticle(a) === stripArticle(b)) return 'differ only in the article ال';
  const d = arabicDistance(stripArticle(a), stripArticle(b));
  if (Math.abs(a.length - b.length) === 1 && d <= INDEL_VOWEL) return 'differ by one long vowel written or dropped';
  if (d < 1) return 'differ by letters that transliterate the same sound';
  return `differ by ${d <= 1 ? 'one letter' : 'a few letters'} (weighted distance ${d})`;
}
