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
