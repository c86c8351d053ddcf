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

const CONJ = ['و', 'ف'];
const PREP = ['ب', 'ك', 'ل'];

/** Minimum letters a remainder must keep to be considered a word of its own. */
const MIN_STEM = 2;

/**
 * All analyses of a normalized Arabic word, the unsegmented word first, then by growing prefix length.
 * Only proclitics are considered (suffix pronouns are not part of names).
 */
export function cliticAnalyses(norm: string): CliticAnalysis[] {
  const out: CliticAnalysis[] = [{ prefixLength: 0, prefix: '', stem: norm, key: norm, definite: norm.startsWith('ال') }];
  // Every proclitic begins with و ف ب ك or ل: most words have no other analysis.
  const c = norm.charCodeAt(0);
  if (c !== 0x0648 && c !== 0x0641 && c !== 0x0628 && c !== 0x0643 && c !== 0x0644) return out;
  const seen = new Set<string>(['']);
  const add = (prefix: string, key: (stem: string) => string, definite: boolean): void => {
    if (seen.has(prefix) || !norm.startsWith(prefix)) return;
    const stem = norm.slice(prefix.length);
    if (stem.length < MIN_STEM) return;
    seen.add(prefix);
    out.push({ prefixLength: prefix.length, prefix, stem, key: key(stem), definite: definite || stem.startsWith('ال') });
  };
  const same = (s: string): string => s;
  for (const c of ['', ...CONJ]) {
    if (c) add(c, same, false);
    for (const p of PREP) {
      add(c + p, same, false);
    }
    // ل + ال written لل: the second ل is the article's lam; keep it in the stem, restore the alef in the key.
    add(c + 'ل', same, false);
  }
  // Article-bearing remainders keep ال in the stem (names like الخطيب include it); لل is special.
  for (const c of ['', ...CONJ]) {
    const p = c + 'ل';
    if (norm.startsWith(p + 'ل') && norm.length - p.length >= MIN_STEM + 1) {
      const stem = norm.slice(p.length);
      const key = 'ا' + stem; // ل + لX → الX
      if (!out.some((a) => a.prefix === p && a.key === key)) {
        out.push({ prefixLength: p.length, prefix: p, stem, key, definite: true });
      }
    }
  }
  return out.sort((a, b) => a.prefixLength - b.prefixLength);
}

/** The article-less form of a key (الخطيب → خطيب), or the key itself. */
export function withoutArticle(key: string): string {
  return key.startsWith('ال') && key.length > 3 ? key.slice(2) : key;
}

/**
 * Chooses an analysis: the unsegmented word when it is itself known and no segmentation yields a
 * better-known form; otherwise the shortest prefix whose key (or article-less key) is known.
 * `known` returns a strength (0 = unknown); the strongest wins, ties go to the shorter prefix.
 */
export function chooseAnalysis(norm: string, known: (key: string) => number): CliticAnalysis {
  const analyses = cliticAnalyses(norm);
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
