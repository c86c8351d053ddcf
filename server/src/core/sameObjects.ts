/**
 * Comparisons by identity (and of sets of strings), for work that is taken over from one corpus pass to the
 * next when what it was made from is the same objects (a pass keeps the mention objects of the articles
 * nothing changed for).
 */

/** True when both lists hold the same objects in the same order (`x` undefined: false). */
export function sameObjects<T>(x: readonly T[] | undefined, y: readonly T[]): boolean {
  if (x === y) return true;
  if (!x || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** True when both are absent or hold the same strings. */
export function sameSet(x: ReadonlySet<string> | undefined, y: ReadonlySet<string> | undefined): boolean {
  if (x === y) return true;
  if (!x || !y || x.size !== y.size) return false;
  for (const s of x) if (!y.has(s)) return false;
  return true;
}
