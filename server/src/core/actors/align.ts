/**
 * Token alignment of a mention with a name: which of its words stands for which word of the name. Used by
 * the spelling findings (a word is judged against its counterpart), by rename, and by the canonical name
 * (each of its words written as the actor's mentions mostly write that word).
 */
import { tokenDistance, tokenTolerance } from './distance';

/** Cost of leaving a token unaligned (a short form lacks the given name, a name lacks its adjective). */
const GAP = 1.1;

/**
 * Aligns the tokens of a mention with the canonical tokens (monotonic, minimal total distance):
 * for each mention token, the index of its canonical counterpart, or -1 when it has none.
 * Only tokens that are close spellings of each other are paired.
 */
export function alignTokens(mention: readonly string[], canonical: readonly string[]): number[] {
  const n = mention.length;
  const c = canonical.length;
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(c + 1).fill(0));
  const move: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(c + 1).fill(0));
  for (let i = 1; i <= n; i++) { cost[i]![0] = i * GAP; move[i]![0] = 1; }
  for (let j = 1; j <= c; j++) { cost[0]![j] = j * GAP; move[0]![j] = 2; }
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= c; j++) {
      const a = mention[i - 1]!;
      const b = canonical[j - 1]!;
      const tol = tokenTolerance(a, b);
      const d = a === b ? 0 : tokenDistance(a, b, Math.max(tol, 1));
      const sub = d <= Math.max(tol, 1) ? cost[i - 1]![j - 1]! + d : Infinity;
      const del = cost[i - 1]![j]! + GAP;
      const ins = cost[i]![j - 1]! + GAP;
      if (sub <= del && sub <= ins) { cost[i]![j] = sub; move[i]![j] = 0; }
      else if (del <= ins) { cost[i]![j] = del; move[i]![j] = 1; }
      else { cost[i]![j] = ins; move[i]![j] = 2; }
    }
  }
  const out = new Array<number>(n).fill(-1);
  let i = n;
  let j = c;
  while (i > 0 && j > 0) {
    const m = move[i]![j]!;
    if (m === 0) { out[i - 1] = j - 1; i--; j--; }
    else if (m === 1) i--;
    else j--;
  }
  return out;
}
