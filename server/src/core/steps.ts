/**
 * Work in steps: generators that yield between parts of a long computation, so that a host can spread
 * it over its event loop; `drain` runs one to its end at once.
 */

/** Runs steps to their end and gives what they made. */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Strings joined by NUL and encoded as UTF-8, `perStep` strings a part, one part per step: the `count`
 * strings `at(0)`, `at(1)`, … (the parts, one after the other, are the bytes of the whole join).
 */
export function* nulSeparatedSteps(count: number, at: (k: number) => string, perStep: number): Generator<void, Uint8Array[], void> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (let i = 0; i < count; i += perStep) {
    yield;
    const end = Math.min(count, i + perStep);
    const chunk: string[] = [];
    for (let k = i; k < end; k++) chunk.push(at(k));
    parts.push(encoder.encode(chunk.join('\u0000') + (end < count ? '\u0000' : '')));
  }
  return parts;
}

/** Items sorted at once by `sortSteps` before the runs are merged. */
const SORT_RUN = 256;

/**
 * `items` sorted as `items.slice().sort(compare)` sorts them (stable: equal items keep their order), in
 * steps of about `perStep` comparisons: runs of SORT_RUN items sorted at once, then merged pairwise.
 */
export function* sortSteps<T>(items: readonly T[], compare: (a: T, b: T) => number, perStep = 4096): Generator<void, T[], void> {
  const n = items.length;
  let src = items.slice();
  let work = 0;
  for (let lo = 0; lo < n; lo += SORT_RUN) {
    const run = src.slice(lo, lo + SORT_RUN).sort(compare);
    for (let k = 0; k < run.length; k++) src[lo + k] = run[k]!;
    work += run.length * Math.ceil(Math.log2(run.length + 1));
    if (work >= perStep) {
      work = 0;
      yield;
    }
  }
  let dst = new Array<T>(n);
  for (let width = SORT_RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // The left one on ties: stable.
        dst[k++] = compare(src[j]!, src[i]!) < 0 ? src[j++]! : src[i++]!;
        if (++work >= perStep) {
          work = 0;
          yield;
        }
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    [src, dst] = [dst, src];
  }
  return src;
}
