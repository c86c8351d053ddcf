/**
 * Corpus snapshots: the resolved corpus as the features read it (mentions per document, actors,
 * lookups by position and by actor, co-occurrence).
 *
 * `buildSnapshot` makes one from a finished resolution pass. `overlaySnapshot` layers documents that
 * changed after that pass on top of it: their mentions are re-resolved against the pass's state and
 * linked to its actors, so an edit is visible at once while the next full pass has not run yet.
 */
import { Actor, Mention, MentionToken } from '../model';
import { normalize } from '../text/normalize';
import { Clustering, coreTokens } from '../actors/cluster';
import { DecisionHooks, StaleDecision } from '../decisions/apply';

export interface ResolvedActor extends Actor {
  /** Surface spelling of each canonical token. */
  readonly tokenSpellings: ReadonlyMap<string, number>;
  /** Spellings the annotator accepted (decisions): never reported as spelling variants. */
  readonly acceptedSpellings?: ReadonlySet<string>;
}

export interface CorpusSnapshot {
  readonly documents: readonly string[];
  readonly actors: readonly ResolvedActor[];
  mentions(doc: string): readonly Mention[];
  actorOf(mention: Mention): ResolvedActor;
  mentionsOf(actorId: string): readonly Mention[];
  actorById(id: string): ResolvedActor | undefined;
  /** The mention whose span contains the offset (clitic included), if any. */
  mentionAt(doc: string, offset: number): Mention | undefined;
  /** Actors mentioned in the same documents, by number of shared documents. */
  cooccurring(actorId: string, limit?: number): Array<{ actor: ResolvedActor; documents: number }>;
  /** The annotator's spans that could not be applied (their text is gone from the article). */
  readonly staleDecisions: readonly StaleDecision[];
}

/** A full snapshot plus what linking further documents to its actors needs. */
export interface BaseSnapshot extends CorpusSnapshot {
  /** The actor of each mention of a document's list (undefined: no actor, the mention is dropped). */
  link(doc: string, mentions: readonly Mention[]): Array<ResolvedActor | undefined>;
}

function mentionAtIn(list: readonly Mention[], offset: number): Mention | undefined {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = list[mid]!;
    const s = m.start - m.clitic.length;
    if (offset < s) hi = mid - 1;
    else if (offset > m.end) lo = mid + 1;
    else return m;
  }
  return undefined;
}

/**
 * Cluster of each mention of a document. Mentions whose form belongs to several actors (a shared
 * surname) go to the actor whose fuller form appears in the same document, else to the actor with
 * more mentions.
 */
function assignClusters(mentions: readonly Mention[], clustering: Clustering, clusterSize: (c: number) => number): Array<number | undefined> {
  const { clustersOfForm } = clustering;
  let inDoc: Set<number> | undefined;
  return mentions.map((m) => {
    const cl = clustersOfForm.get(m.key);
    if (!cl || cl.length === 0) return undefined;
    if (cl.length === 1) return cl[0]!;
    if (!inDoc) {
      inDoc = new Set<number>();
      for (const o of mentions) {
        const c = clustersOfForm.get(o.key);
        if (c && c.length === 1 && o.tokens.length >= 2) inDoc.add(c[0]!);
      }
    }
    const here = cl.filter((c) => inDoc!.has(c));
    const pool = here.length > 0 ? here : cl;
    return pool.reduce((best, c) => (clusterSize(c) > clusterSize(best) ? c : best), pool[0]!);
  });
}

export function buildSnapshot(
  documents: readonly string[],
  mentionsByDoc: ReadonlyMap<string, Mention[]>,
  clustering: Clustering,
  dec: DecisionHooks,
): BaseSnapshot {
  const steps = buildSnapshotSteps(documents, mentionsByDoc, clustering, dec);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Co-occurring actors given when no limit is asked for. */
const DEFAULT_COOCCURRING = 10;
/** Actors in at least this many documents get their co-occurring actors ranked when the snapshot is built. */
const EAGER_COOCCURRENCE_DOCUMENTS = 100;

/** Documents (or actors) handled between two yields of `buildSnapshotSteps`. */
const SNAPSHOT_STEP = 16;

/** `buildSnapshot` in steps: each `next()` does a bounded amount of work (for a host that yields to its event loop). */
export function* buildSnapshotSteps(
  documents: readonly string[],
  mentionsByDoc: ReadonlyMap<string, Mention[]>,
  clustering: Clustering,
  dec: DecisionHooks,
): Generator<void, BaseSnapshot, void> {
  const { clusters } = clustering;
  const orderInCorpus = new Map<string, number>();
  documents.forEach((d, i) => orderInCorpus.set(d, i));
  const formCounts = clusters.map((c) => c.forms.reduce((n, f) => n + f.count, 0));
  const clusterSize = (c: number): number => formCounts[c]!;
  const clusterMentions: Mention[][] = clusters.map(() => []);
  const actorIndexOf = new Map<Mention, number>();
  let work = 0;
  for (const doc of documents) {
    if (++work % SNAPSHOT_STEP === 0) yield;
    const ms = mentionsByDoc.get(doc)!;
    const assigned = assignClusters(ms, clustering, clusterSize);
    ms.forEach((m, i) => {
      const idx = assigned[i];
      if (idx === undefined) return;
      clusterMentions[idx]!.push(m);
      actorIndexOf.set(m, idx);
    });
  }
  // Per build: name tokens of a mention key (without trailing adjectives), and the normalized form of a token as written.
  const nameLengthOfKey = new Map<string, number>();
  const nameLength = (m: Mention): number => {
    let n = nameLengthOfKey.get(m.key);
    if (n === undefined) nameLengthOfKey.set(m.key, (n = coreTokens(m.tokens.map((t) => t.norm)).length));
    return n;
  };
  const normalizedText = new Map<string, string>();
  /** True when the first `n` tokens are written as their normalized forms say (no dropped article alef). */
  const writtenAsNormalized = (tokens: readonly MentionToken[], n: number): boolean => {
    for (let k = 0; k < n; k++) {
      const t = tokens[k]!;
      let norm = normalizedText.get(t.text);
      if (norm === undefined) normalizedText.set(t.text, (norm = normalize(t.text)));
      if (t.norm !== norm) return false;
    }
    return true;
  };
  const actors: ResolvedActor[] = [];
  const actorOfCluster = new Map<number, ResolvedActor>();
  const idCounts = new Map<string, number>();
  const usedIds = new Set<string>();
  for (const c of clusters) {
    if (++work % SNAPSHOT_STEP === 0) yield;
    const ms = clusterMentions[c.index]!;
    if (ms.length === 0) continue;
    // The fullest form: most name tokens (organizations and places: not counting trailing adjectives).
    const nameLengths = ms.map((m) => (c.type === 'person' ? m.tokens.length : nameLength(m)));
    let maxTokens = 0;
    for (const n of nameLengths) if (n > maxTokens) maxTokens = n;
    // Canonical: the most frequent full form as written (ties: earliest article, then earliest offset).
    const full = new Map<string, { count: number; first: number; pos: number }>();
    const variants = new Map<string, number>();
    const tokenSpellings = new Map<string, number>();
    const docs = new Set<string>();
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i]!;
      variants.set(m.text, (variants.get(m.text) ?? 0) + 1);
      for (const t of m.tokens) tokenSpellings.set(t.text, (tokenSpellings.get(t.text) ?? 0) + 1);
      docs.add(m.doc);
      // A name after لل is written without its article's alef (للجيش): not a candidate spelling.
      if (nameLengths[i] !== maxTokens || !writtenAsNormalized(m.tokens, maxTokens)) continue;
      const text = maxTokens === m.tokens.length ? m.tokens.map((t) => t.text).join(' ') : m.tokens.slice(0, maxTokens).map((t) => t.text).join(' ');
      const e = full.get(text);
      const first = orderInCorpus.get(m.doc) ?? 0;
      if (e) {
        e.count++;
        if (first < e.first || (first === e.first && m.start < e.pos)) {
          e.first = first;
          e.pos = m.start;
        }
      } else full.set(text, { count: 1, first, pos: m.start });
    }
    let canonical = '';
    let best: { count: number; first: number; pos: number } | undefined;
    for (const [text, e] of full) {
      if (!best || e.count > best.count || (e.count === best.count && (e.first < best.first || (e.first === best.first && e.pos < best.pos)))) {
        best = e;
        canonical = text;
      }
    }
    const canonicalKey = c.forms[0]!.key;
    const base = 'actor:' + c.type + ':' + canonicalKey.replace(/\s+/g, '_');
    const n = idCounts.get(base) ?? 0;
    idCounts.set(base, n + 1);
    const override = dec.actorOverride(c.forms.map((f) => f.key)); // decisions: canonical, type, stable id
    if (override) canonical = override.canonical;
    let id = override?.id !== undefined && !usedIds.has(override.id) ? override.id : n === 0 ? base : `${base}#${n + 1}`;
    for (let k = 2; usedIds.has(id); k++) id = `${base}#${n + k}`;
    usedIds.add(id);
    const actor: ResolvedActor = {
      id,
      type: c.type,
      canonical,
      canonicalTokens: canonical.split(' '),
      variants: [...variants].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : 1)),
      mentionCount: ms.length,
      documents: [...docs].sort((x, y) => orderInCorpus.get(x)! - orderInCorpus.get(y)!),
      reasons: c.reasons,
      tokenSpellings,
      ...(override ? { acceptedSpellings: override.accepted } : {}),
    };
    actors.push(actor);
    actorOfCluster.set(c.index, actor);
  }
  actors.sort((a, b) => b.mentionCount - a.mentionCount || (a.canonical < b.canonical ? -1 : a.canonical > b.canonical ? 1 : 0));
  const byId = new Map(actors.map((a) => [a.id, a]));
  const mentionsOfActor = new Map<string, Mention[]>();
  const finalByDoc = new Map<string, Mention[]>();
  yield;
  for (const doc of documents) {
    if (++work % SNAPSHOT_STEP === 0) yield;
    const list = mentionsByDoc.get(doc)!.filter((m) => actorIndexOf.has(m));
    finalByDoc.set(doc, list);
    for (const m of list) {
      const a = actorOfCluster.get(actorIndexOf.get(m)!)!;
      const l = mentionsOfActor.get(a.id) ?? [];
      l.push(m);
      mentionsOfActor.set(a.id, l);
    }
  }
  /** Co-occurring actors, ranked, computed once per actor asked for (the best `limit` of them). */
  const cooccurrence = new Map<string, { limit: number; ranked: Array<{ actor: ResolvedActor; documents: number }> }>();
  /** Per document: the indexes (in `actors`) of the actors it mentions, ascending. */
  const actorsInDoc = new Map<string, number[]>();
  for (let k = 0; k < actors.length; k++) {
    if (++work % SNAPSHOT_STEP === 0) yield;
    for (const d of actors[k]!.documents) {
      const l = actorsInDoc.get(d);
      if (l) l.push(k);
      else actorsInDoc.set(d, [k]);
    }
  }
  const indexOf = new Map(actors.map((a, k) => [a.id, k]));
  /**
   * The `limit` actors sharing most documents with an actor: more shared documents first, then more
   * mentions, then the one met first (going through its documents in corpus order).
   */
  const rankCooccurring = (id: string, limit: number): Array<{ actor: ResolvedActor; documents: number }> => {
    const self = indexOf.get(id);
    if (self === undefined || limit <= 0) return [];
    const counts = new Int32Array(actors.length);
    const met: number[] = [];
    for (const d of actors[self]!.documents) {
      for (const k of actorsInDoc.get(d) ?? []) {
        if (k === self) continue;
        if (counts[k]++ === 0) met.push(k);
      }
    }
    // Selection of the best `limit` in `met` order (a stable sort's first `limit`, without sorting all).
    const best: number[] = [];
    const before = (x: number, y: number): boolean => counts[x]! > counts[y]! || (counts[x] === counts[y] && actors[x]!.mentionCount > actors[y]!.mentionCount);
    for (const k of met) {
      if (best.length === limit && !before(k, best[limit - 1]!)) continue;
      let i = best.length < limit ? best.length : limit - 1;
      while (i > 0 && before(k, best[i - 1]!)) {
        best[i] = best[i - 1]!;
        i--;
      }
      best[i] = k;
    }
    return best.map((k) => ({ actor: actors[k]!, documents: counts[k]! }));
  };
  // The actors in most articles are the costly ones to rank: done with the snapshot, in steps, so that
  // no request waits for it.
  for (const a of actors) {
    if (a.documents.length < EAGER_COOCCURRENCE_DOCUMENTS) continue;
    cooccurrence.set(a.id, { limit: DEFAULT_COOCCURRING, ranked: rankCooccurring(a.id, DEFAULT_COOCCURRING) });
    yield;
  }
  return {
    documents,
    actors,
    staleDecisions: dec.stale,
    mentions: (doc) => finalByDoc.get(doc) ?? [],
    actorOf: (m) => actorOfCluster.get(actorIndexOf.get(m)!)!,
    mentionsOf: (id) => mentionsOfActor.get(id) ?? [],
    actorById: (id) => byId.get(id),
    mentionAt: (doc, offset) => mentionAtIn(finalByDoc.get(doc) ?? [], offset),
    cooccurring: (id, limit = DEFAULT_COOCCURRING) => {
      let c = cooccurrence.get(id);
      if (!c || c.limit < limit) cooccurrence.set(id, (c = { limit, ranked: rankCooccurring(id, limit) }));
      return c.ranked.slice(0, limit);
    },
    link: (_doc, ms) => assignClusters(ms, clustering, clusterSize).map((idx) => (idx === undefined ? undefined : actorOfCluster.get(idx))),
  };
}

/** Above this many changed documents, `mentionsOf` of an overlay includes only those already resolved. */
const OVERLAY_EAGER_LIMIT = 200;

/**
 * A snapshot equal to `base` except for the documents in `changed`: their mentions, resolved on first
 * use by `resolveDocument` against the base pass (undefined: the document is gone), replace the
 * base's and are linked to the base's actors. Actor-level figures (variant counts, document lists)
 * stay those of the base until the next full pass.
 */
export function overlaySnapshot(
  base: BaseSnapshot,
  documents: readonly string[],
  changed: ReadonlySet<string>,
  resolveDocument: (doc: string) => readonly Mention[] | undefined,
): CorpusSnapshot {
  const byDoc = new Map<string, Mention[]>();
  const actorOf = new Map<Mention, ResolvedActor>();
  const mentionsOfActor = new Map<string, Mention[]>();
  const mentions = (doc: string): readonly Mention[] => {
    if (!changed.has(doc)) return base.mentions(doc);
    let list = byDoc.get(doc);
    if (!list) {
      list = [];
      const ms = resolveDocument(doc) ?? [];
      const linked = base.link(doc, ms);
      ms.forEach((m, i) => {
        const a = linked[i];
        if (!a) return;
        list!.push(m);
        actorOf.set(m, a);
      });
      byDoc.set(doc, list);
    }
    return list;
  };
  return {
    documents,
    actors: base.actors,
    staleDecisions: base.staleDecisions,
    mentions,
    actorOf: (m) => actorOf.get(m) ?? base.actorOf(m),
    mentionsOf: (id) => {
      const eager = changed.size <= OVERLAY_EAGER_LIMIT;
      let out = eager ? mentionsOfActor.get(id) : undefined;
      if (out) return out;
      out = base.mentionsOf(id).filter((m) => !changed.has(m.doc));
      for (const doc of eager ? changed : byDoc.keys()) for (const m of mentions(doc)) if (actorOf.get(m)?.id === id) out.push(m);
      if (eager) mentionsOfActor.set(id, out); // complete: every changed document was resolved
      return out;
    },
    actorById: (id) => base.actorById(id),
    mentionAt: (doc, offset) => mentionAtIn(mentions(doc), offset),
    cooccurring: (id, limit) => base.cooccurring(id, limit),
  };
}
