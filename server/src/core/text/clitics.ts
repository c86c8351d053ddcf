/**
 * Clitic analysis of Arabic words. Candidates are generated here; choosing one is evidence-based
 * (see `chooseAnalysis`): a proclitic is separated only when what remains is a known form.
 *
 * Proclitics: conjunctions و ف, prepositions ب ك ل, the article ال, and لل (ل + ال with the alef dropped).
 */

export interface CliticAnalysis {
  /** Number of code units of the *normalized* word taken by proclitics (0 = none). */
  readonly prefixLength: number;
  /** The proclitics as written in the normalized word (e.g. "و", "بال", "لل"). */
  readonly prefix: string;
  /** The remainder of the normalized word after the proclitics. */
  readonly stem: string;
  /**
   * The lookup key of the remainder: for "لل" + X the article is restored ("ال" + X),
   * so the key of للرئيس is الرئيس.
   */
  readonly key: string;
  /** True when the remainder carries the article (ال or the ل of لل). */
  readonly definite: boolean;
}

const WAW = 0x0648; // و
const FA = 0x0641; // ف
const BA = 0x0628; // ب
const KAF = 0x0643; // ك
const LAM = 0x0644; // ل

/** Minimum letters a remainder must keep to be considered a word of its own. */
const MIN_STEM = 2;

/**
 * All analyses of a normalized Arabic word, the unsegmented word first, then by growing prefix length.
 * Only proclitics are considered (suffix pronouns are not part of names).
 */
export function cliticAnalyses(norm: string): CliticAnalysis[] {
  const out: CliticAnalysis[] = [{ prefixLength: 0, prefix: '', stem: norm, key: norm, definite: norm.startsWith('ال') }];
  // Every proclitic begins with و ف ب ك or ل, and the first letter decides which can follow: a
  // conjunction (و ف) may be followed by a preposition (ب ك ل); a preposition ends the proclitics.
  const c = norm.charCodeAt(0);
  const n = norm.length;
  if (c === BA || c === KAF || c === LAM) {
    if (n - 1 >= MIN_STEM) out.push(segment(norm, 1));
    if (c === LAM && norm.charCodeAt(1) === LAM && n - 1 >= MIN_STEM + 1) out.push(articleSegment(norm, 1));
    return out;
  }
  if (c !== WAW && c !== FA) return out;
  if (n - 1 >= MIN_STEM) out.push(segment(norm, 1));
  const d = norm.charCodeAt(1);
  if ((d === BA || d === KAF || d === LAM) && n - 2 >= MIN_STEM) out.push(segment(norm, 2));
  if (d === LAM && norm.charCodeAt(2) === LAM && n - 2 >= MIN_STEM + 1) out.push(articleSegment(norm, 2));
  return out;
}

const CONJUNCTIONS = ['و', 'ف'];
const PREPOSITIONS = ['ب', 'ك', 'ل'];

/**
 * The words that have `key` as the key of one of their proclitic analyses (the inverse of
 * `cliticAnalyses`, unsegmented word excepted): what may read `key` differently when it becomes
 * known or unknown. Some of them may be no word of the corpus.
 */
export function cliticHosts(key: string): string[] {
  const out: string[] = [];
  if (key.length >= MIN_STEM) {
    for (const c of [...CONJUNCTIONS, ...PREPOSITIONS]) out.push(c + key);
    for (const c of CONJUNCTIONS) for (const p of PREPOSITIONS) out.push(c + p + key);
  }
  // لل + X has the key ال + X (see articleSegment): X starts with its article's ل.
  if (key.charCodeAt(0) === 0x0627 && key.charCodeAt(1) === LAM && key.length - 1 >= MIN_STEM + 1) {
    const stem = key.slice(1);
    out.push('ل' + stem);
    for (const c of CONJUNCTIONS) out.push(c + 'ل' + stem);
  }
  return out;
}

/** The analysis with the first k letters as proclitics. */
function segment(norm: string, k: number): CliticAnalysis {
  const stem = norm.slice(k);
  return { prefixLength: k, prefix: norm.slice(0, k), stem, key: stem, definite: stem.startsWith('ال') };
}

/**
 * ل + ال written لل: the second ل is the article's lam; it stays in the stem (names like الخطيب include
 * the article), and the key restores the alef (للرئيس → الرئيس).
 */
function articleSegment(norm: string, k: number): CliticAnalysis {
  const stem = norm.slice(k);
  return { prefixLength: k, prefix: norm.slice(0, k), stem, key: 'ا' + stem, definite: true };
}

/** The article-less form of a key (الخطيب → خطيب), or the key itself. */
export function withoutArticle(key: string): string {
  return key.startsWith('ال') && key.length > 3 ? key.slice(2) : key;
}

/**
 * Chooses an analysis: the unsegmented word when it is itself known and no segmentation yields a
 * better-known form; otherwise the shortest prefix whose key (or article-less key) is known.
 * `known` returns a strength (0 = unknown); the strongest wins, ties go to the shorter prefix. It must
 * be a pure function of the key (it is not asked when there is nothing to choose from).
 */
export function chooseAnalysis(norm: string, known: (key: string) => number): CliticAnalysis {
  const analyses = cliticAnalyses(norm);
  // (A word without proclitic analyses is its own choice: `known` need not be asked.)
  if (analyses.length === 1) return analyses[0]!;
  let best = analyses[0]!;
  let bestScore = known(best.key);
  for (let i = 1; i < analyses.length; i++) {
    const a = analyses[i]!;
    const score = known(a.key);
    if (score > bestScore) {
      best = a;
      bestScore = score;
    }
  }
  return best;
}
