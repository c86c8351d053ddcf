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

