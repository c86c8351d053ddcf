/**
 * `spelling-variant` findings: a mention whose spelling differs from its actor's canonical spelling
 * beyond the differences the user chose to ignore. Each finding covers one name token (never the
 * clitic, never the whole mention when only one token differs) and carries its replacement.
 */
import { Mention, Severity, SpellingFinding } from '../model';
import { FoldClass, foldDifferences, normalize } from '../text/normalize';
import { tokenDistance } from '../actors/distance';
import { CorpusSnapshot, ResolvedActor } from '../corpus/corpusIndex';

export interface SpellingOptions {
  /** Differences that are not reported (default: diacritics, tatweel, invisible marks, hamza on alef). */
  readonly ignore?: readonly FoldClass[];
  readonly severity?: Severity;
  /** Actors with fewer mentions than this get no findings (default 2). */
  readonly minMentions?: number;
  /** Canonical keys or spellings of actors that get no findings. */
  readonly ignoreNames?: readonly string[];
}

export const DEFAULT_IGNORED: readonly FoldClass[] = ['diacritics', 'tatweel', 'invisible', 'alefHamza', 'digits'];

/** Aligns the tokens of a mention with the canonical tokens: index into canonical per mention token. */
export function alignTokens(m: Mention, canonical: readonly string[], canonicalNorms: readonly string[]): number[] {
  const n = m.tokens.length;
  const c = canonical.length;
  if (n === c) return m.tokens.map((_, i) => i);
  if (n === 1) {
    let best = c - 1;
    let bestD = Infinity;
    for (let i = c - 1; i >= 0; i--) {
      const d = tokenDistance(m.tokens[0]!.norm, canonicalNorms[i]!, 3);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return [best];
  }
  // Different lengths: first with first, last with last, middles in order.
  return m.tokens.map((_, i) => (i === 0 ? 0 : i === n - 1 ? c - 1 : Math.min(i, c - 2)));
}

export function spellingFindings(snapshot: CorpusSnapshot, doc: string, options: SpellingOptions = {}): SpellingFinding[] {
  const ignore = new Set(options.ignore ?? DEFAULT_IGNORED);
  const minMentions = options.minMentions ?? 2;
  const ignoreNames = new Set(options.ignoreNames ?? []);
  const severity = options.severity ?? 'warning';
  const out: SpellingFinding[] = [];
  const normsCache = new Map<string, string[]>();
  for (const m of snapshot.mentions(doc)) {
    const actor = snapshot.actorOf(m);
    if (actor.mentionCount < minMentions || ignoreNames.has(actor.canonical) || ignoreNames.has(m.text)) continue;
    let norms = normsCache.get(actor.id);
    if (!norms) {
      norms = canonicalNorms(actor);
      normsCache.set(actor.id, norms);
    }
    const align = alignTokens(m, actor.canonicalTokens, norms);
    m.tokens.forEach((t, i) => {
      const expected = actor.canonicalTokens[align[i]!]!;
      if (t.text === expected) return;
      const folds = foldDifferences(t.text, expected);
      if (folds && [...folds].every((f) => ignore.has(f))) return;
      // لل + name: the article's alef is dropped by the grammar (للرئيس), not by the writer.
      if (i === 0 && m.clitic && t.norm !== normalize(t.text) && t.norm === norms![align[i]!]) return;
      out.push({
        code: 'spelling-variant',
        doc,
        start: t.start,
        end: t.end,
        severity,
        message: message(t.text, expected, actor),
        actor: actor.id,
        found: t.text,
        expected,
      });
    });
  }
  return out;
}

function canonicalNorms(actor: ResolvedActor): string[] {
  return actor.canonicalTokens.map(normalize);
}

function message(found: string, expected: string, actor: ResolvedActor): string {
  const nFound = actor.tokenSpellings.get(found) ?? 0;
  const nExpected = actor.tokenSpellings.get(expected) ?? 0;
  const typeLabel = actor.type === 'person' ? 'person' : actor.type === 'organization' ? 'organization' : 'place';
  return `Inconsistent spelling of the ${typeLabel} ${actor.canonical}: "${found}" (${nFound}×) — the corpus mostly writes "${expected}" (${nExpected}×)`;
}
