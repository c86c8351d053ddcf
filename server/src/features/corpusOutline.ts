/** The corpus outline (custom requests): type → actor → variant, occurrences on demand, actor at a position, counts. */
import { Position } from 'vscode-languageserver';
import { FeatureContext, mentionAt } from './context';
import { toRange } from '../lsp/convert';
import { normalize } from '../core/text/normalize';
import { ResolvedActor } from '../core/corpus/corpusIndex';
import { CorpusStats, OccurrencesParams, OutlineActor, OutlineOccurrence, OutlineParams, OutlineResult } from '../protocol';

function outlineActor(actor: ResolvedActor, flagged: ReadonlySet<string>): OutlineActor {
  return {
    id: actor.id,
    type: actor.type,
    canonical: actor.canonical,
    mentions: actor.mentionCount,
    documents: actor.documents.length,
    variants: actor.variants.map((v) => ({ text: v.text, count: v.count, canonical: v.text === actor.canonical, flagged: flagged.has(actor.id + '\u0000' + v.text) })),
  };
}

/** Flagged variants per corpus snapshot and findings settings (the outline asks for them on every refresh). */
const flaggedCache = new WeakMap<object, { findings: object; flagged: Set<string> }>();

/** Variants (actor id + spelling as written) that carry a spelling-variant finding somewhere. */
function flaggedVariants(ctx: FeatureContext): Set<string> {
  const snapshot = ctx.corpus.snapshot();
  const findingsState = ctx.corpus.findingsState();
  const cached = flaggedCache.get(snapshot);
  if (cached && cached.findings === findingsState) return cached.flagged;
  const out = new Set<string>();
  for (const doc of ctx.corpus.documents()) {
    const findings = ctx.corpus.findings(doc);
    if (findings.length === 0) continue;
    const starts = new Set(findings.filter((f) => f.code === 'spelling-variant').map((f) => f.start));
    for (const m of snapshot.mentions(doc)) if (m.tokens.some((t) => starts.has(t.start))) out.add(snapshot.actorOf(m).id + '\u0000' + m.text);
  }
  flaggedCache.set(snapshot, { findings: findingsState, flagged: out });
  return out;
}

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

export function corpusOutline(ctx: FeatureContext, params: OutlineParams): OutlineResult {
  const snapshot = ctx.corpus.snapshot();
  const q = params.filter ? normalize(params.filter.trim()) : '';
  let actors = snapshot.actors.filter((a) => (!params.type || a.type === params.type) && (!q || searchable(a).includes(q)));
  const total = actors.length;
  if (params.limit !== undefined && params.limit >= 0) actors = actors.slice(0, params.limit);
  const flagged = flaggedVariants(ctx);
  return { version: ctx.corpus.version, actors: actors.map((a) => outlineActor(a, flagged)), more: total - actors.length };
}

export function occurrences(ctx: FeatureContext, params: OccurrencesParams): OutlineOccurrence[] {
  const snapshot = ctx.corpus.snapshot();
  return snapshot
    .mentionsOf(params.actorId)
    .filter((m) => params.variant === undefined || m.text === params.variant)
    .map((m) => {
      const text = ctx.corpus.text(m.doc) ?? '';
      const range = toRange(text, m);
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
  return hit ? outlineActor(hit.actor, new Set()) : null;
}

export function stats(ctx: FeatureContext): CorpusStats {
  const snapshot = ctx.corpus.snapshot();
  let spellingIssues = 0;
  for (const doc of ctx.corpus.documents()) for (const f of ctx.corpus.findings(doc)) if (f.code === 'spelling-variant') spellingIssues++;
  return { version: ctx.corpus.version, articles: snapshot.documents.length, actors: snapshot.actors.length, spellingIssues, indexing: ctx.corpus.indexing, pending: ctx.corpus.indexing || ctx.corpus.settling || ctx.corpus.stale };
}
