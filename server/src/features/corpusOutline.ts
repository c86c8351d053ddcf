/** The corpus outline (custom requests): type → actor → variant, occurrences on demand, actor at a position, counts. */
import { Position } from 'vscode-languageserver';
import { FeatureContext, mentionAt } from './context';
import { rangeIn } from '../lsp/convert';
import { remembered } from '../lsp/boundedMemo';
import { normalize } from '../core/text/normalize';
import { drain } from '../core/steps';
import { ResolvedActor } from '../core/corpus/corpusIndex';
import { CorpusStats, OccurrencesParams, OutlineActor, OutlineOccurrence, OutlineParams, OutlineResult } from '../protocol';

/** Spellings (as written) of each actor that carry a spelling-variant finding somewhere. */
type Flagged = ReadonlyMap<string, ReadonlySet<string>>;

function outlineActor(actor: ResolvedActor, flagged: Flagged): OutlineActor {
  const mine = flagged.get(actor.id);
  return {
    id: actor.id,
    type: actor.type,
    canonical: actor.canonical,
    mentions: actor.mentionCount,
    documents: actor.documents.length,
    variants: actor.variants.map((v) => ({ text: v.text, count: v.count, canonical: v.text === actor.canonical, flagged: mine?.has(v.text) ?? false })),
  };
}

/**
 * Per findings state (corpus snapshot and settings; the outline asks again on every refresh): the
 * flagged spellings, and the outline's actors for each set of parameters asked for.
 */
type OutlineCacheEntry = { flagged: Flagged; results: Map<string, { actors: OutlineActor[]; more: number }> };
const outlineCache = new WeakMap<object, OutlineCacheEntry>();

/** The cache entry of a findings state, made with these flagged spellings when it has none. */
function entryOf(state: object, flagged: () => Flagged): OutlineCacheEntry {
  let cached = outlineCache.get(state);
  if (!cached) outlineCache.set(state, (cached = { flagged: flagged(), results: new Map() }));
  return cached;
}

function cacheFor(ctx: FeatureContext): OutlineCacheEntry {
  return entryOf(ctx.corpus.findingsState(), () => drain(flaggedVariantsSteps(ctx)).flagged);
}

/** Articles whose findings `flaggedVariantsSteps` looks at between two yields. */
const ARTICLES_PER_STEP = 16;

/**
 * The flagged spellings of the findings state the steps end in: the mention of each spelling-variant finding,
 * found by its offset (going through every article's mentions took about 100 ms at 30,000 articles), `perStep`
 * articles between two yields. An edit between two steps (a new findings state) starts them again.
 */
export function* flaggedVariantsSteps(ctx: FeatureContext, perStep = ARTICLES_PER_STEP): Generator<void, { state: object; flagged: Flagged }, void> {
  for (;;) {
    const state = ctx.corpus.findingsState();
    const snapshot = ctx.corpus.snapshot();
    const documents = ctx.corpus.documents();
    const out = new Map<string, Set<string>>();
    let d = 0;
    for (; d < documents.length; d++) {
      if (d > 0 && d % perStep === 0) {
        yield;
        if (ctx.corpus.findingsState() !== state) break;
      }
      const doc = documents[d]!;
      for (const f of ctx.corpus.findings(doc)) {
        if (f.code !== 'spelling-variant') continue;
        const m = snapshot.mentionAt(doc, f.start);
        if (!m) continue;
        const id = snapshot.actorOf(m).id;
        const set = out.get(id);
        if (set) set.add(m.text);
        else out.set(id, new Set([m.text]));
      }
    }
    if (d === documents.length) return { state, flagged: out };
  }
}

/** Outline results kept per findings state (one per filter typed: the last few). */
const MAX_CACHED_OUTLINES = 16;

/** An actor's spellings, normalized, for the outline filter (computed once per actor object). */
const searchText = new WeakMap<ResolvedActor, string>();
function searchable(a: ResolvedActor): string {
  let s = searchText.get(a);
  if (s === undefined) {
    s = [a.canonical, ...a.variants.map((v) => v.text)].map((t) => normalize(t)).join('\u0000');
    searchText.set(a, s);
  }
  return s;
}

/**
 * `corpusOutline` for a request: the flagged spellings, when the findings state has none yet (after each edit
 * or pass), worked out in slices, other requests answered meanwhile.
 */
export async function corpusOutlineInSlices(ctx: FeatureContext, params: OutlineParams): Promise<OutlineResult> {
  if (!outlineCache.has(ctx.corpus.findingsState())) {
    const { state, flagged } = await ctx.corpus.inRequestSlices(flaggedVariantsSteps(ctx));
    entryOf(state, () => flagged);
  }
  return corpusOutline(ctx, params);
}

export function corpusOutline(ctx: FeatureContext, params: OutlineParams): OutlineResult {
  const { flagged, results } = cacheFor(ctx);
  const key = JSON.stringify([params.filter ?? null, params.type ?? null, params.limit ?? null]);
  const result = remembered(results, key, MAX_CACHED_OUTLINES, () => {
    const snapshot = ctx.corpus.snapshot();
    const q = params.filter ? normalize(params.filter.trim()) : '';
    let actors = snapshot.actors.filter((a) => (!params.type || a.type === params.type) && (!q || searchable(a).includes(q)));
    const total = actors.length;
    if (params.limit !== undefined && params.limit >= 0) actors = actors.slice(0, params.limit);
    return { actors: actors.map((a) => outlineActor(a, flagged)), more: total - actors.length };
  });
  return { version: ctx.corpus.version, actors: result.actors, more: result.more };
}

export function occurrences(ctx: FeatureContext, params: OccurrencesParams): OutlineOccurrence[] {
  const snapshot = ctx.corpus.snapshot();
  return snapshot
    .mentionsOf(params.actorId)
    .filter((m) => params.variant === undefined || m.text === params.variant)
    .map((m) => {
      const text = ctx.corpus.text(m.doc) ?? '';
      const range = rangeIn(ctx.corpus.lines(m.doc), m);
      const lineStart = text.lastIndexOf('\n', m.start - 1) + 1;
      const nl = text.indexOf('\n', m.end);
      const lineEnd = nl < 0 ? text.length : nl;
      const from = Math.max(lineStart, m.start - 40);
      const to = Math.min(lineEnd, m.end + 40);
      const preview = (from > lineStart ? '…' : '') + text.slice(from, to).replace(/\s+/g, ' ').trim() + (to < lineEnd ? '…' : '');
      return { uri: m.doc, range, preview };
    });
}

export function actorAt(ctx: FeatureContext, uri: string, position: Position): OutlineActor | null {
  const hit = mentionAt(ctx, uri, position);
  return hit ? outlineActor(hit.actor, new Map()) : null;
}

export function stats(ctx: FeatureContext): CorpusStats {
  return statsWith(ctx, ctx.corpus.spellingIssues());
}

/** `stats` for a request: the count's articles judged in slices, other requests answered meanwhile (see WorkspaceCorpus.spellingIssuesSteps). */
export async function statsInSlices(ctx: FeatureContext): Promise<CorpusStats> {
  return statsWith(ctx, await ctx.corpus.spellingIssuesInSlices());
}

/** `stats` when they judge no article but those edited since the last pass (see WorkspaceCorpus.spellingIssuesKnown). */
export function knownStats(ctx: FeatureContext): CorpusStats | undefined {
  const spellingIssues = ctx.corpus.spellingIssuesKnown();
  return spellingIssues === undefined ? undefined : statsWith(ctx, spellingIssues);
}

function statsWith(ctx: FeatureContext, spellingIssues: number): CorpusStats {
  const snapshot = ctx.corpus.snapshot();
  return { version: ctx.corpus.version, articles: snapshot.documents.length, actors: snapshot.actors.length, spellingIssues, indexing: ctx.corpus.indexing, pending: ctx.corpus.indexing || ctx.corpus.settling || ctx.corpus.publishing || ctx.corpus.stale };
}
