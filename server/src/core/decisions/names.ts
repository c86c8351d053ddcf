/** Spellings as decisions compare them: normalized, word by word, clitic-free as written by the user. */
import { tokenize } from '../text/tokenize';

/** The form key of a name: its word tokens normalized, joined by single spaces (as `Mention.key`). */
export function formKey(name: string): string {
  return tokenize(name)
    .filter((t) => t.kind !== 'punct')
    .map((t) => t.norm)
    .join(' ');
}

/** An id for an actor the annotator creates: stable, readable, derived once from its first canonical spelling. */
export function newActorId(type: string, canonical: string, taken: ReadonlySet<string>): string {
  const base = `actor:${type}:${formKey(canonical).replace(/\s+/g, '_')}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}#${n}`)) return `${base}#${n}`;
}
