/**
 * Strings that hold only their own characters. V8 makes a piece of 13 code units or more cut from a
 * string (slice, substring, split) a view into the whole, so that one such piece kept keeps the whole
 * string alive: a word kept from an article keeps the article, a name kept from a persisted index's
 * string table keeps the table (several MB on a large corpus).
 */

/** Shortest piece V8 makes a view (SlicedString::kMinLength); shorter pieces are copies already. */
const VIEW_MIN_LENGTH = 13;

/**
 * `s` as a string of its own. Slicing a concatenation makes V8 flatten it into a new string first, so
 * the piece is a view of that copy (one code unit longer), never of the string `s` was cut from.
 */
export function ownCopy(s: string): string {
  return s.length >= VIEW_MIN_LENGTH ? (' ' + s).slice(1) : s;
}

/** `text.split(separator)`, each piece a string of its own (see ownCopy). */
export function splitOwned(text: string, separator: string): string[] {
  const parts = text.split(separator);
  for (let i = 0; i < parts.length; i++) parts[i] = ownCopy(parts[i]!);
  return parts;
}
