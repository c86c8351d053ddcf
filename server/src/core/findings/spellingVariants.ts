/**
 * `spelling-variant` findings: a mention whose spelling differs from its actor's canonical spelling
 * beyond the differences the user chose to ignore. Each finding covers one name token (never the
 * clitic, never the whole mention when only one token differs) and carries its replacement.
 */
import { Severity, SpellingFinding } from '../model';
import { FoldClass, foldDifferences, normalize } from '../text/normalize';
import { tokenDistance, tokenTolerance } from '../actors/distance';
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

/**
 * Per snapshot: the normalized canonical tokens of each actor and the alignment of each spelling
 * (mention key) with them. Many mentions share a spelling, and every article's findings are asked
 * for after a pass: each alignment is computed once.
 */
const memo = new WeakMap<CorpusSnapshot, Map<ResolvedActor, { norms: string[]; alignments: Map<string, readonly number[]> }>>();

export function spellingFindings(snapshot: CorpusSnapshot, doc: string, options: SpellingOptions = {}): SpellingFinding[] {
  const ignore = new Set(options.ignore ?? DEFAULT_IGNORED);
  const minMentions = options.minMentions ?? 2;
  const ignoreNames = new Set(options.ignoreNames ?? []);
  const severity = options.severity ?? 'warning';
  const out: SpellingFinding[] = [];
  let perActor = memo.get(snapshot);
  if (!perActor) memo.set(snapshot, (perActor = new Map()));
  for (const m of snapshot.mentions(doc)) {
    const actor = snapshot.actorOf(m);
    if (actor.mentionCount < minMentions || ignoreNames.has(actor.canonical) || ignoreNames.has(m.text) || actor.acceptedSpellings?.has(m.text)) continue;
    let known = perActor.get(actor);
    if (!known) perActor.set(actor, (known = { norms: canonicalNorms(actor), alignments: new Map() }));
    const norms = known.norms;
    let align = known.alignments.get(m.key);
    if (!align) known.alignments.set(m.key, (align = alignmentOf(m.tokens, norms)));
    m.tokens.forEach((t, i) => {
      if (align[i]! < 0) return;
      const expected = actor.canonicalTokens[align[i]!]!;
      if (t.text === expected) return;
      const folds = foldDifferences(t.text, expected);
      if (folds && [...folds].every((f) => ignore.has(f))) return;
      // لل + name: the article's alef is dropped by the grammar (للرئيس), not by the writer.
      if (i === 0 && m.clitic && t.norm !== normalize(t.text) && t.norm === norms[align[i]!]) return;
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

/** Alignments per generation of the memo (when the young one is full it becomes the old one). */
const ALIGN_GENERATION = 16384;
let youngAlignments = new Map<string, number[]>();
let oldAlignments = new Map<string, number[]>();

/**
 * `alignTokens` of a mention's normalized tokens with canonical ones, remembered: every full pass
 * finds the same mentions of the same actors again (normalized tokens never hold a space).
 */
function alignmentOf(tokens: readonly { readonly norm: string }[], canonical: readonly string[]): number[] {
  let memoKey = '';
  for (const t of tokens) memoKey += t.norm + ' ';
  memoKey += '\u0001' + canonical.join(' ');
  let a = youngAlignments.get(memoKey);
  if (a) return a;
  a = oldAlignments.get(memoKey) ?? alignTokens(tokens.map((t) => t.norm), canonical);
  if (youngAlignments.size >= ALIGN_GENERATION) {
    oldAlignments = youngAlignments;
    youngAlignments = new Map();
  }
  youngAlignments.set(memoKey, a);
  return a;
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
