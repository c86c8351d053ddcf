/**
 * `spelling-variant` findings: a mention whose spelling differs from its actor's canonical spelling
 * beyond the differences the user chose to ignore. Each finding covers one name token (never the
 * clitic, never the whole mention when only one token differs) and carries its replacement.
 */
import { Mention, Severity, SpellingFinding } from '../model';
import { FoldClass, foldDifferences, normalize } from '../text/normalize';
import { cliticAnalyses } from '../text/clitics';
import { alignTokens } from '../actors/align';
import { coreTokens } from '../actors/cluster';
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

/** What a spelling of an actor gives: for each of its tokens that is reported, the token's index, the replacement and the message. */
type Verdict = ReadonlyArray<{ readonly token: number; readonly expected: string; readonly message: string }>;

/**
 * Per snapshot and options: for each actor, its normalized canonical tokens and the verdict on each
 * spelling met (the tokens as written and normalized, and whether a clitic came before). Many mentions
 * share a spelling, and every article's findings are asked for after a pass: each is judged once.
 */
const memo = new WeakMap<CorpusSnapshot, WeakMap<object, Map<ResolvedActor, { canonical: Canonical; verdicts: Map<string, Map<string, Judged[]>> }>>>();

/** A verdict and the token texts it was given for (by mention text, key, and clitic or not). */
interface Judged {
  readonly texts: readonly string[];
  readonly verdict: Verdict;
}
const DEFAULTS: SpellingOptions = {};

/** A key of spelling options, defaults applied: options with equal keys give equal findings. */
export function spellingOptionsKey(options: SpellingOptions = DEFAULTS): string {
  return JSON.stringify([
    options.minMentions ?? 2,
    options.severity ?? 'warning',
    [...(options.ignoreNames ?? [])].sort(),
    [...new Set(options.ignore ?? DEFAULT_IGNORED)].sort(),
  ]);
}
const NO_FINDINGS: Verdict = [];

export function spellingFindings(snapshot: CorpusSnapshot, doc: string, options: SpellingOptions = DEFAULTS): SpellingFinding[] {
  const minMentions = options.minMentions ?? 2;
  const ignoreNames = options.ignoreNames ?? [];
  const severity = options.severity ?? 'warning';
  const out: SpellingFinding[] = [];
  let byOptions = memo.get(snapshot);
  if (!byOptions) memo.set(snapshot, (byOptions = new WeakMap()));
  let perActor = byOptions.get(options);
  if (!perActor) byOptions.set(options, (perActor = new Map()));
  let ignore: ReadonlySet<FoldClass> | undefined;
  for (const m of snapshot.mentions(doc)) {
    const actor = snapshot.actorOf(m);
    if (actor.mentionCount < minMentions || actor.acceptedSpellings?.has(m.text)) continue;
    if (ignoreNames.length > 0 && (ignoreNames.includes(actor.canonical) || ignoreNames.includes(m.text))) continue;
    let known = perActor.get(actor);
    if (!known) perActor.set(actor, (known = { canonical: canonicalNorms(actor), verdicts: new Map() }));
    // The spelling: the mention's text, key (its tokens' normalized forms) and tokens as written, clitic or not.
    let byKey = known.verdicts.get(m.text);
    if (!byKey) known.verdicts.set(m.text, (byKey = new Map()));
    let judged = byKey.get(m.key);
    if (!judged) byKey.set(m.key, (judged = []));
    const c = m.clitic ? 1 : 0;
    let verdict: Verdict | undefined;
    for (let k = c; k < judged.length; k += 2) if (sameTexts(judged[k]!.texts, m.tokens)) verdict = judged[k]!.verdict;
    if (!verdict) {
      ignore ??= new Set(options.ignore ?? DEFAULT_IGNORED);
      verdict = judge(m, actor, known.canonical, ignore);
      // Slots: even for mentions without a clitic, odd for those with one.
      if (judged.length % 2 !== c) judged.push({ texts: [], verdict: NO_FINDINGS });
      judged.push({ texts: m.tokens.map((t) => t.text), verdict });
    }
    for (const v of verdict) {
      const t = m.tokens[v.token]!;
      out.push({ code: 'spelling-variant', doc, start: t.start, end: t.end, severity, message: v.message, actor: actor.id, found: t.text, expected: v.expected });
    }
  }
  return out;
}

function sameTexts(texts: readonly string[], tokens: Mention['tokens']): boolean {
  if (texts.length !== tokens.length) return false;
  for (let i = 0; i < texts.length; i++) if (texts[i] !== tokens[i]!.text) return false;
  return true;
}

/** The tokens of a mention that are reported as spelling variants of the actor's canonical spelling. */
function judge(m: Mention, actor: ResolvedActor, canonical: Canonical, ignore: ReadonlySet<FoldClass>): Verdict {
  const norms = canonical.norms;
  const align = alignmentOf(m.tokens, norms);
  let out: Array<{ token: number; expected: string; message: string }> | undefined;
  m.tokens.forEach((t, i) => {
    if (align[i]! < 0 || align[i]! >= canonical.checked) return;
    const expected = actor.canonicalTokens[align[i]!]!;
    if (t.text === expected) return;
    const folds = foldDifferences(t.text, expected);
    if (folds && [...folds].every((f) => ignore.has(f))) return;
    // A proclitic is not a spelling: وزارة read as و + زارة, or a clitic left on a name (وتشيلسي), would be
    // "fixed" by adding or deleting a letter of the word.
    if (procliticApart(normalize(t.text), normalize(expected))) return;
    // لل + name: the article's alef is dropped by the grammar (للرئيس), not by the writer.
    if (i === 0 && m.clitic && t.norm !== normalize(t.text) && t.norm === norms[align[i]!]) return;
    (out ??= []).push({ token: i, expected, message: message(t.text, expected, actor) });
  });
  return out ?? NO_FINDINGS;
}

/**
 * True when two normalized words differ only in proclitics (و ف ب ك ل, one or two of them, before the same
 * remainder): one is the other with them (وزارة, زارة), or each has its own (وطالب, لطالب).
 */
function procliticApart(a: string, b: string): boolean {
  if (a === b) return false;
  const stems = new Set(cliticAnalyses(a).map((x) => x.stem));
  return cliticAnalyses(b).some((x) => stems.has(x.stem));
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

/**
 * An actor's canonical tokens, normalized, and how many of them are checked: an organization's or a place's
 * trailing adjectives (منظمة الصحة العالمية) are part of its name but not judged, since their ending follows
 * the grammar of the sentence (صندوق التنمية العقارية / العقاري).
 */
interface Canonical {
  readonly norms: readonly string[];
  readonly checked: number;
}

function canonicalNorms(actor: ResolvedActor): Canonical {
  const norms = actor.canonicalTokens.map(normalize);
  return { norms, checked: actor.type === 'person' ? norms.length : coreTokens(norms).length };
}

function message(found: string, expected: string, actor: ResolvedActor): string {
  const nFound = actor.tokenSpellings.get(found) ?? 0;
  const nExpected = actor.tokenSpellings.get(expected) ?? 0;
  const typeLabel = actor.type === 'person' ? 'person' : actor.type === 'organization' ? 'organization' : 'place';
  // The expected spelling is the canonical name's word, which another spelling can outnumber (the word with or
  // without its article, another name grouped with it): "mostly" only when it is true.
  const which = nExpected > nFound ? 'the corpus mostly writes' : 'its canonical name writes';
  return `Inconsistent spelling of the ${typeLabel} ${actor.canonical}: "${found}" (${nFound}×) — ${which} "${expected}" (${nExpected}×)`;
}
