/**
 * A short digest of a JSON-like value (what JSON.stringify would write, in the same key order),
 * computed without building the JSON text: two 32-bit FNV-1a hashes with different seeds over the
 * value's structure, numbers and strings. Used to tell whether an article's diagnostics changed
 * since they were published (a false "unchanged" needs two equal 64-bit digests of different lists).
 */
export function digest(value: unknown): string {
  const h = { a: 0x811c9dc5, b: 0x01000193 ^ 0x9747b28c };
  feed(h, value);
  return (h.a >>> 0).toString(36) + '.' + (h.b >>> 0).toString(36);
}

function mix(h: { a: number; b: number }, c: number): void {
  h.a = Math.imul(h.a ^ c, 0x01000193);
  h.b = Math.imul(h.b ^ c, 0x5bd1e995);
  h.b ^= h.b >>> 15;
}

/** A string between marks: '"' for strings, '#' for numbers (as JSON writes them apart). */
function feedString(h: { a: number; b: number }, s: string, mark = 0x22): void {
  mix(h, mark);
  for (let i = 0; i < s.length; i++) mix(h, s.charCodeAt(i));
  mix(h, mark);
}

function feed(h: { a: number; b: number }, v: unknown): void {
  if (v === null || v === undefined) return mix(h, 0x6e);
  switch (typeof v) {
    case 'string':
      return feedString(h, v);
    case 'number':
      return feedString(h, String(v), 0x23);
    case 'boolean':
      return mix(h, v ? 0x74 : 0x66);
    case 'object':
      if (Array.isArray(v)) {
        mix(h, 0x5b);
        for (const x of v) {
          feed(h, x);
          mix(h, 0x2c);
        }
        return mix(h, 0x5d);
      }
      mix(h, 0x7b);
      for (const k in v as Record<string, unknown>) {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined) continue; // as JSON.stringify: absent
        feedString(h, k);
        feed(h, x);
      }
      return mix(h, 0x7d);
    default:
      return mix(h, 0x3f);
  }
}
