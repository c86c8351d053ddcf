/**
 * Corpus snapshots: the resolved corpus as the features read it (mentions per document, actors,
 * lookups by position and by actor, co-occurrence).
 *
 * `buildSnapshot` makes one from a finished resolution pass. `overlaySnapshot` layers documents that
 * changed after that pass on top of it: their mentions are re-resolved against the pass's state and
 * linked to its actors, so an edit is visible at once while the next full pass has not run yet.
 */
import { Actor, ActorType, Mention, MentionToken, Variant } from '../model';
import { normalize } from '../text/normalize';
import { Cluster, Clustering, coreTokens } from '../actors/cluster';
import { alignTokens } from '../actors/align';
import { DecisionHooks, StaleDecision } from '../decisions/apply';
import { sameObjects, sameSet } from '../sameObjects';
import { drain, sortSteps } from '../steps';
import { SavedClusterPart } from './savedPass';

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
  /** What it was built from and the work of its build, for the next build to take what did not change. */
  readonly basis: SnapshotBasis;
  /** The actor of each mention of a document's list (undefined: no actor, the mention is dropped). */
  link(doc: string, mentions: readonly Mention[]): Array<ResolvedActor | undefined>;
  /**
   * Ranks ahead the co-occurring actors of the actors in most articles (the costly ones to rank, so that
   * no hover waits for them), in steps of a few hundred articles; a host runs it when it is idle. Results are unchanged.
   */
  prepare(): Generator<void, void, void>;
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

/**
 * What a snapshot was built from (documents, each one's mentions, the grouping into actors) and what its
 * build worked out: each document's mentions with an actor and their clusters; per cluster its mentions,
 * its canonical spelling as the mentions have it (before the annotator's decisions), its variants and
 * its documents. A build from the same grouping and documents takes a document's part when its mentions
 * are the same objects, and a cluster's part when its mentions are.
 */
export interface SnapshotBasis {
  readonly documents: readonly string[];
  readonly mentionsByDoc: ReadonlyMap<string, readonly Mention[]>;
  readonly clustering: Clustering;
  readonly finalByDoc: ReadonlyArray<readonly Mention[]>;
  readonly clusterOfMention: readonly Int32Array[];
  readonly clusterParts: ReadonlyArray<ClusterPart | undefined>;
  /** The rest of the build, which the next build takes where nothing it was made from changed. */
  readonly built: BuiltSnapshot;
}

/** What a build made beyond its parts: its actors, their order and index by id, each document's actors, the co-occurring actors ranked so far. */
interface BuiltSnapshot {
  /** The decisions it applied (the same object: the same overrides). */
  readonly decisions: DecisionHooks;
  readonly docIndex: ReadonlyMap<string, number>;
  /** Per cluster, the count of its forms. */
  readonly formCounts: readonly number[];
  readonly clusterMentions: ReadonlyArray<readonly Mention[]>;
  readonly actorOfCluster: ReadonlyArray<SnapshotActor | undefined>;
  /** Sorted: most mentions first. */
  readonly actors: readonly SnapshotActor[];
  /** Per cluster, its actor's index in `actors` (-1: none). */
  readonly rankOfCluster: Int32Array;
  /** Actor ids to their clusters. */
  readonly byId: ReadonlyMap<string, number>;
  readonly actorsInDoc: ReadonlyArray<readonly number[]>;
  readonly cooccurrence: ReadonlyMap<string, Ranked>;
}

interface ClusterPart {
  readonly mentions: readonly Mention[];
  readonly canonical: string;
  readonly variants: readonly Variant[];
  readonly documents: readonly string[];
}

export function buildSnapshot(
  documents: readonly string[],
  mentionsByDoc: ReadonlyMap<string, Mention[]>,
  clustering: Clustering,
  dec: DecisionHooks,
  before?: SnapshotBasis,
  saved?: ReadonlyArray<SavedClusterPart | undefined>,
): BaseSnapshot {
  const steps = buildSnapshotSteps(documents, mentionsByDoc, clustering, dec, before, saved);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Co-occurring actors given when no limit is asked for. */
const DEFAULT_COOCCURRING = 10;
/** Actors in at least this many documents get their co-occurring actors ranked when the snapshot is built. */
const EAGER_COOCCURRENCE_DOCUMENTS = 100;

/** Documents an actor is counted over between two yields while its co-occurring actors are ranked ahead. */
const RANK_STEP_DOCUMENTS = 256;
/** Documents (or actors) handled between two yields of `buildSnapshotSteps`. */
const SNAPSHOT_STEP = 16;
/** Actors indexed by id between two yields of `buildSnapshotSteps`. */
const ACTORS_PER_STEP = 2048;

/**
 * Memos used while a snapshot is built (name tokens of a mention key without trailing adjectives, the
 * normalized form of a token as written), made outside it so that the snapshot's closures do not keep them.
 */
function buildHelpers(): { nameLength(m: Mention): number; writtenAsNormalized(tokens: readonly MentionToken[], n: number): boolean } {
  const nameLengthOfKey = new Map<string, number>();
  const normalizedText = new Map<string, string>();
  return {
    nameLength(m) {
      let n = nameLengthOfKey.get(m.key);
      if (n === undefined) nameLengthOfKey.set(m.key, (n = coreTokens(m.tokens.map((t) => t.norm)).length));
      return n;
    },
    /** True when the first `n` tokens are written as their normalized forms say (no dropped article alef). */
    writtenAsNormalized(tokens, n) {
      for (let k = 0; k < n; k++) {
        const t = tokens[k]!;
        let norm = normalizedText.get(t.text);
        if (norm === undefined) normalizedText.set(t.text, (norm = normalize(t.text)));
        if (t.norm !== norm) return false;
      }
      return true;
    },
  };
}

/**
 * What a cluster's mentions (in corpus order; `docsOf`: each one's document, by position) make of its
 * actor: the canonical spelling — the most frequent full form as written (ties: earliest article, then
 * earliest offset), counted without trailing adjectives for organizations and places; then, of the
 * mentions written so, the most frequent with their adjectives (منظمة الصحة العالمية, not منظمة الصحة),
 * each word as the actor's mentions mostly write it (`wordsAsMostlyWritten`) —, the variants with their
 * counts, and the documents.
 */
function clusterPart(c: Cluster, ms: readonly Mention[], docsOf: readonly number[], documents: readonly string[], helpers: ReturnType<typeof buildHelpers>): ClusterPart {
  const { nameLength, writtenAsNormalized } = helpers;
  // The fullest form: most name tokens (organizations and places: not counting trailing adjectives).
  let maxTokens = 0;
  for (const m of ms) {
    const n = c.type === 'person' ? m.tokens.length : nameLength(m);
    if (n > maxTokens) maxTokens = n;
  }
  const full = new Map<string, Tally & { whole: Map<string, Tally> }>();
  const variants = new Map<string, number>();
  /** The first mention of each spelling (by its text), for `wordsAsMostlyWritten`. */
  const firstOf = new Map<string, Mention>();
  const count = (m: Mention, first: number): void => {
    const text = maxTokens === 1 ? m.tokens[0]!.text : joinTexts(m.tokens, maxTokens);
    let e = full.get(text);
    if (!e) full.set(text, (e = { count: 0, first, pos: m.start, whole: new Map() }));
    tally(e, first, m.start);
    const wholeText = m.tokens.length === maxTokens ? text : joinTexts(m.tokens, m.tokens.length);
    let w = e.whole.get(wholeText);
    if (!w) e.whole.set(wholeText, (w = { count: 0, first, pos: m.start }));
    tally(w, first, m.start);
  };
  const fullest = (m: Mention): boolean => (c.type === 'person' ? m.tokens.length : nameLength(m)) === maxTokens;
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i]!;
    const n = variants.get(m.text);
    variants.set(m.text, (n ?? 0) + 1);
    if (n === undefined) firstOf.set(m.text, m);
    const first = docsOf[i]!;
    // A name after لل is written without its article's alef (للجيش): not a candidate spelling.
    if (fullest(m) && writtenAsNormalized(m.tokens, maxTokens)) count(m, first);
  }
  // No fullest mention written as its normalized forms (all after لل, or with Arabic-Indic digits): the
  // fullest mentions as they are written, rather than no canonical spelling at all.
  if (full.size === 0) for (let i = 0; i < ms.length; i++) if (fullest(ms[i]!)) count(ms[i]!, docsOf[i]!);
  const core = mostFrequent(full);
  const variantList: Variant[] = [];
  for (const [text, count] of variants) variantList.push({ text, count });
  variantList.sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : 1));
  const written = core ? mostFrequent(core[1].whole)![0] : '';
  return { mentions: ms, canonical: written && wordsAsMostlyWritten(written, firstOf, variants, writtenAsNormalized), variants: variantList, documents: documentsOf(docsOf, documents) };
}

/**
 * The fullest form with each of its words written as the actor's mentions mostly write that same word (the
 * same normalized form: with or without a hamza, ى or ي, ة or ه, diacritics). A short form can outnumber the
 * full name in a word (أسامة 7×, partly alone, against اسامة 5× in the full name), and words are reported
 * against the canonical name's (spelling findings): it must not hold the rarer way of writing one. A word
 * keeps the full name's spelling on a tie, and against anything that is not the same word written otherwise
 * (an article dropped, another name the grouping put with it): changed, the name would read wrong (نادي شباب
 * for نادي الشباب). Each spelling (`firstOf`: its first mention, `counts`: how often it is met) is aligned with
 * the fullest form's words once. Mentions after لل (their article's alef dropped) are not counted, as for the
 * fullest form.
 */
function wordsAsMostlyWritten(fullest: string, firstOf: ReadonlyMap<string, Mention>, counts: ReadonlyMap<string, number>, writtenAsNormalized: (tokens: readonly MentionToken[], n: number) => boolean): string {
  if (firstOf.size === 1) return fullest; // one spelling: the fullest form is it
  const words = fullest.split(' ');
  const norms = words.map((w) => normalize(w));
  // The word a token stands for, by its normalized form; a form the name has twice (محمد بن محمد) is placed by
  // aligning the mention with the name.
  const at = new Map<string, number>();
  for (let j = 0; j < norms.length; j++) at.set(norms[j]!, at.has(norms[j]!) ? -1 : j);
  const tallies = words.map(() => new Map<string, number>());
  for (const [text, m] of firstOf) {
    if (!writtenAsNormalized(m.tokens, m.tokens.length)) continue;
    const n = counts.get(text)!;
    let align: number[] | undefined;
    for (let i = 0; i < m.tokens.length; i++) {
      const t = m.tokens[i]!;
      let j = at.get(t.norm);
      if (j === undefined) continue;
      if (j < 0) j = (align ??= alignTokens(m.tokens.map((x) => x.norm), norms))[i]!;
      // Only another way of writing the same word (hamza, alef maqsura, taa marbuta, diacritics): a word with
      // or without its article, or another word the grouping took for this one, keeps the full name's.
      if (j < 0 || t.norm !== norms[j]) continue;
      tallies[j]!.set(t.text, (tallies[j]!.get(t.text) ?? 0) + n);
    }
  }
  let changed = false;
  const out = words.map((w, j) => {
    let best = w;
    let most = tallies[j]!.get(w) ?? 0;
    for (const [spelling, n] of tallies[j]!) {
      if (n > most) {
        best = spelling;
        most = n;
      }
    }
    if (best !== w) changed = true;
    return best;
  });
  return changed ? out.join(' ') : fullest;
}

/** The documents of a cluster's mentions, from each one's document (by position; mentions come in corpus order). */
function documentsOf(docsOf: readonly number[], documents: readonly string[]): string[] {
  const docs: string[] = [];
  for (let i = 0; i < docsOf.length; i++) if (i === 0 || docsOf[i - 1] !== docsOf[i]) docs.push(documents[docsOf[i]!]!);
  return docs;
}

/**
 * `buildSnapshot` in steps: each `next()` does a bounded amount of work (for a host that yields to its
 * event loop). `before`: the basis of the last snapshot, whose parts that did not change are taken (the
 * result is the same). `saved`: per cluster (by index), its canonical spelling and variants as a saved
 * pass has them, taken instead of counting its mentions again (the mentions must be those of that pass).
 *
 * After an edit that kept the grouping, only the documents whose mentions changed and the clusters they
 * have or had mentions in are worked out again: the other clusters' lists and actors, the order of the
 * actors, their index by id, the other documents' actors and the co-occurring actors already ranked are
 * the last build's (the same objects: a pass after an edit leaves little for the old generation to collect).
 */
export function* buildSnapshotSteps(
  documents: readonly string[],
  mentionsByDoc: ReadonlyMap<string, Mention[]>,
  clustering: Clustering,
  dec: DecisionHooks,
  before?: SnapshotBasis,
  saved?: ReadonlyArray<SavedClusterPart | undefined>,
): Generator<void, BaseSnapshot, void> {
  // The last build's parts apply when it grouped the same way over the same documents. Dropped before the
  // snapshot is made (its closures must not keep the last snapshot alive).
  let earlier = before && before.clustering === clustering && before.documents === documents ? before : undefined;
  let was = earlier?.built;
  const { clusters } = clustering;
  const docIndex: ReadonlyMap<string, number> = was ? was.docIndex : new Map(documents.map((d, i) => [d, i]));
  yield;
  const formCounts = was ? was.formCounts : clusters.map((c) => c.forms.reduce((n, f) => n + f.count, 0));
  const clusterSize = (c: number): number => formCounts[c]!;
  // Per document: the mentions that have an actor (in document order) and their clusters.
  const finalByDoc: Array<readonly Mention[]> = new Array<readonly Mention[]>(documents.length);
  const clusterOfMention: Int32Array[] = new Array<Int32Array>(documents.length);
  // With the last build: the documents whose mentions changed, and the clusters they have or had mentions in.
  const changedDocs: number[] = [];
  const touched = new Uint8Array(was ? clusters.length : 0);
  let work = 0;
  for (let d = 0; d < documents.length; d++) {
    if (++work % SNAPSHOT_STEP === 0) yield;
    const ms = mentionsByDoc.get(documents[d]!)!;
    if (earlier && sameObjects(earlier.mentionsByDoc.get(documents[d]!), ms)) {
      // The same mentions as the last build's: the same actors (the pass's own list when every mention has one).
      finalByDoc[d] = earlier.finalByDoc[d]!.length === ms.length ? ms : earlier.finalByDoc[d]!;
      clusterOfMention[d] = earlier.clusterOfMention[d]!;
      continue;
    }
    const assigned = assignClusters(ms, clustering, clusterSize);
    const list: Mention[] = [];
    const ids: number[] = [];
    for (let i = 0; i < ms.length; i++) {
      const idx = assigned[i];
      if (idx === undefined) continue;
      list.push(ms[i]!);
      ids.push(idx);
    }
    finalByDoc[d] = list.length === ms.length ? ms : list; // the pass's own list when every mention has an actor
    clusterOfMention[d] = Int32Array.from(ids);
    if (earlier) {
      changedDocs.push(d);
      for (const c of earlier.clusterOfMention[d]!) touched[c] = 1;
      for (const c of ids) touched[c] = 1;
    }
  }
  // Per cluster: its mentions in corpus order, and (made only where a cluster's part is worked out) the
  // position in the corpus of each one's document. The clusters no changed document is in keep their lists.
  const clusterMentions: Array<readonly Mention[]> = was ? was.clusterMentions.slice() : new Array<readonly Mention[]>(clusters.length);
  const clusterDocs: Array<number[] | undefined> = new Array<number[] | undefined>(clusters.length);
  if (!was || changedDocs.length > 0) {
    const rebuilt = (c: number): boolean => !was || touched[c] === 1;
    for (let c = 0; c < clusters.length; c++) {
      if (!rebuilt(c)) continue;
      clusterMentions[c] = [];
      clusterDocs[c] = [];
    }
    for (let d = 0; d < documents.length; d++) {
      if (++work % SNAPSHOT_STEP === 0) yield;
      const list = finalByDoc[d]!;
      const ids = clusterOfMention[d]!;
      for (let i = 0; i < list.length; i++) {
        const c = ids[i]!;
        if (!rebuilt(c)) continue;
        (clusterMentions[c] as Mention[]).push(list[i]!);
        clusterDocs[c]!.push(d);
      }
    }
  }
  const docsOfCluster = (c: number): number[] => (clusterDocs[c] ??= clusterMentions[c]!.map((m) => docIndex.get(m.doc)!));
  const clusterParts: Array<ClusterPart | undefined> = new Array<ClusterPart | undefined>(clusters.length).fill(undefined);
  const helpers = buildHelpers();
  const actorOfCluster: Array<SnapshotActor | undefined> = new Array<SnapshotActor | undefined>(clusters.length).fill(undefined);
  const inClusterOrder: SnapshotActor[] = [];
  // Ids count the actors of a base before each one: the last build's hold under the same decisions when no
  // cluster gained its first mention or lost its last.
  let sameActors = was !== undefined;
  if (was) for (let c = 0; c < clusters.length; c++) if (touched[c] && (clusterMentions[c]!.length === 0) !== (was.actorOfCluster[c] === undefined)) sameActors = false;
  const idsKept = sameActors && was!.decisions === dec;
  // Which of the last build's orders and indexes still hold: the same ids, the same sort keys, the same objects.
  let sameIds = sameActors;
  let sameOrder = sameActors;
  let sameObjectsAll = sameActors;
  const idCounts = new Map<string, number>();
  const usedIds = new Set<string>();
  for (const c of clusters) {
    if (++work % SNAPSHOT_STEP === 0) yield;
    const ms = clusterMentions[c.index]!;
    if (ms.length === 0) continue;
    const last = earlier?.clusterParts[c.index];
    const prior = was?.actorOfCluster[c.index];
    if (idsKept && !touched[c.index] && last && prior) {
      // No changed document has or had a mention in it, under the same decisions: the last build's actor.
      clusterParts[c.index] = last;
      actorOfCluster[c.index] = prior;
      inClusterOrder.push(prior);
      continue;
    }
    const kept = saved?.[c.index];
    const part = last && sameObjects(last.mentions, ms)
      ? last
      : kept
        ? { mentions: ms, canonical: kept.canonical, variants: kept.variants, documents: documentsOf(docsOfCluster(c.index), documents) }
        : clusterPart(c, ms, docsOfCluster(c.index), documents, helpers);
    clusterParts[c.index] = part;
    const override = dec.actorOverride(c.forms.map((f) => f.key)); // decisions: canonical, type, stable id
    const canonical = override ? override.canonical : part.canonical;
    let id: string;
    if (idsKept) id = prior!.id;
    else {
      const base = 'actor:' + c.type + ':' + c.forms[0]!.key.replace(/\s+/g, '_');
      const n = idCounts.get(base) ?? 0;
      idCounts.set(base, n + 1);
      id = override?.id !== undefined && !usedIds.has(override.id) ? override.id : n === 0 ? base : `${base}#${n + 1}`;
      for (let k = 2; usedIds.has(id); k++) id = `${base}#${n + k}`;
      usedIds.add(id);
    }
    const same = prior !== undefined && prior.id === id && prior.canonical === canonical && prior.type === c.type && prior.variants === part.variants &&
      prior.documents === part.documents && prior.reasons === c.reasons && sameObjects(prior.mentions, ms) && sameSet(prior.acceptedSpellings, override?.accepted);
    const actor = same ? prior : new SnapshotActor(c.index, id, c.type, canonical, part.variants, part.documents, c.reasons, ms, override?.accepted);
    if (!prior || prior.id !== id) sameIds = false;
    if (!prior || prior.mentionCount !== actor.mentionCount || prior.canonical !== actor.canonical) sameOrder = false;
    if (actor !== prior) sameObjectsAll = false;
    actorOfCluster[c.index] = actor;
    inClusterOrder.push(actor);
  }
  clusterDocs.length = 0; // only the build needs them (a closure above would keep them with the snapshot)
  // The order: most mentions first, then by canonical spelling (sorted in steps: at 30,000 articles, sorting
  // the actors and indexing them by id in one go took 25–80 ms). When every actor sorts as it did, the last one.
  let actors: readonly SnapshotActor[];
  let rankOfCluster: Int32Array;
  if (sameOrder && was) {
    actors = sameObjectsAll ? was.actors : was.actors.map((a) => actorOfCluster[a.cluster]!);
    rankOfCluster = was.rankOfCluster;
  } else {
    actors = yield* sortSteps(inClusterOrder, (a, b) => b.mentionCount - a.mentionCount || (a.canonical < b.canonical ? -1 : a.canonical > b.canonical ? 1 : 0));
    rankOfCluster = new Int32Array(clusters.length).fill(-1);
    for (let k = 0; k < actors.length; k++) rankOfCluster[actors[k]!.cluster] = k;
  }
  yield;
  // Actor ids to their clusters.
  let byId: ReadonlyMap<string, number>;
  if (sameIds && was) byId = was.byId;
  else {
    const m = new Map<string, number>();
    for (let k = 0; k < actors.length; k++) {
      m.set(actors[k]!.id, actors[k]!.cluster);
      if (k % ACTORS_PER_STEP === ACTORS_PER_STEP - 1) yield;
    }
    byId = m;
  }
  yield;
  /** Per document (by position in the corpus): the indexes (in `actors`) of the actors it mentions, ascending. */
  let actorsInDoc: ReadonlyArray<readonly number[]>;
  if (sameOrder && was) {
    const rows = changedDocs.length > 0 ? was.actorsInDoc.slice() : was.actorsInDoc;
    for (const d of changedDocs) (rows as Array<readonly number[]>)[d] = ranksIn(clusterOfMention[d]!, rankOfCluster);
    actorsInDoc = rows;
  } else {
    const rows = new Array<readonly number[]>(documents.length);
    for (let d = 0; d < documents.length; d++) {
      if (++work % SNAPSHOT_STEP === 0) yield;
      rows[d] = ranksIn(clusterOfMention[d]!, rankOfCluster);
    }
    actorsInDoc = rows;
  }
  /** Shared documents per actor while one actor is ranked (all zero between rankings): one for requests, one for `prepare`. */
  const counts = { forRequests: new Int32Array(0), forPrepare: new Int32Array(0) };
  /**
   * Co-occurring actors, ranked (indexes in `actors`), computed once per actor asked for (the best `limit` of
   * them). Those of the last build hold for an actor no changed document mentions when the order is the same:
   * its documents, the actors in them and every actor's count are.
   */
  const cooccurrence = new Map<string, Ranked>();
  if (sameOrder && was) {
    for (const [id, r] of was.cooccurrence) {
      const c = byId.get(id);
      if (c !== undefined && !touched[c]) cooccurrence.set(id, r);
    }
  }
  /**
   * The `limit` actors sharing most documents with an actor: more shared documents first, then more
   * mentions, then the one met first (going through its documents in corpus order). In steps of
   * RANK_STEP_DOCUMENTS documents (an actor of most articles is a long count), over the given buffer.
   */
  function* rankSteps(id: string, limit: number, buffer: 'forRequests' | 'forPrepare'): Generator<void, Ranked, void> {
    const cluster = byId.get(id);
    const self = cluster === undefined ? -1 : rankOfCluster[cluster]!;
    if (self < 0 || limit <= 0) return { limit, ranks: [], documents: [] };
    if (counts[buffer].length < actors.length) counts[buffer] = new Int32Array(actors.length);
    const count = counts[buffer];
    const met: number[] = [];
    try {
      let n = 0;
      for (const d of actors[self]!.documents) {
        if (++n % RANK_STEP_DOCUMENTS === 0) yield;
        for (const k of actorsInDoc[docIndex.get(d)!] ?? []) {
          if (k === self) continue;
          if (count[k]++ === 0) met.push(k);
        }
      }
      // Selection of the best `limit` in `met` order (a stable sort's first `limit`, without sorting all).
      const best: number[] = [];
      const before = (x: number, y: number): boolean => count[x]! > count[y]! || (count[x] === count[y] && actors[x]!.mentionCount > actors[y]!.mentionCount);
      for (const k of met) {
        if (best.length === limit && !before(k, best[limit - 1]!)) continue;
        let i = best.length < limit ? best.length : limit - 1;
        while (i > 0 && before(k, best[i - 1]!)) {
          best[i] = best[i - 1]!;
          i--;
        }
        best[i] = k;
      }
      return { limit, ranks: best, documents: best.map((k) => count[k]!) };
    } finally {
      for (const k of met) count[k] = 0; // also when the steps are stopped halfway
    }
  }
  /** The actors in most articles are the costly ones to rank: ranked ahead, in steps, when the host is idle. */
  function* prepare(): Generator<void, void, void> {
    for (const a of actors) {
      if (a.documents.length < EAGER_COOCCURRENCE_DOCUMENTS || cooccurrence.has(a.id)) continue;
      const ranked = yield* rankSteps(a.id, DEFAULT_COOCCURRING, 'forPrepare');
      if (!cooccurrence.has(a.id)) cooccurrence.set(a.id, ranked); // unless a request ranked it meanwhile
      yield;
    }
  }
  const mentionsOf = (doc: string): readonly Mention[] => {
    const d = docIndex.get(doc);
    return d === undefined ? [] : finalByDoc[d]!;
  };
  const actorById = (id: string): SnapshotActor | undefined => {
    const c = byId.get(id);
    return c === undefined ? undefined : actorOfCluster[c];
  };
  const built: BuiltSnapshot = { decisions: dec, docIndex, formCounts, clusterMentions, actorOfCluster, actors, rankOfCluster, byId, actorsInDoc, cooccurrence };
  earlier = was = undefined;
  return {
    documents,
    actors,
    staleDecisions: dec.stale,
    basis: { documents, mentionsByDoc, clustering, finalByDoc, clusterOfMention, clusterParts, built },
    mentions: mentionsOf,
    actorOf: (m) => {
      const d = docIndex.get(m.doc);
      const k = d === undefined ? -1 : indexOfMention(finalByDoc[d]!, m);
      if (k < 0) throw new Error(`not a mention of this snapshot: ${m.doc} ${m.start}-${m.end}`);
      return actorOfCluster[clusterOfMention[d!]![k]!]!;
    },
    mentionsOf: (id) => actorById(id)?.mentions ?? [],
    actorById,
    mentionAt: (doc, offset) => mentionAtIn(mentionsOf(doc), offset),
    cooccurring: (id, limit = DEFAULT_COOCCURRING) => {
      let c = cooccurrence.get(id);
      if (!c || c.limit < limit) cooccurrence.set(id, (c = drain(rankSteps(id, limit, 'forRequests'))));
      const n = Math.min(limit, c.ranks.length);
      const out: Array<{ actor: ResolvedActor; documents: number }> = new Array<{ actor: ResolvedActor; documents: number }>(n);
      for (let i = 0; i < n; i++) out[i] = { actor: actors[c.ranks[i]!]!, documents: c.documents[i]! };
      return out;
    },
    link: (_doc, ms) => assignClusters(ms, clustering, clusterSize).map((idx) => (idx === undefined ? undefined : actorOfCluster[idx])),
    prepare,
  };
}

/** The best co-occurring actors of one actor: their indexes in the snapshot's list, and the documents each shares with it. */
interface Ranked {
  readonly limit: number;
  readonly ranks: readonly number[];
  readonly documents: readonly number[];
}

/** The indexes (in the sorted list of actors) of a document's actors, from its mentions' clusters: ascending, once each. */
function ranksIn(ids: Int32Array, rankOfCluster: Int32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) out.push(rankOfCluster[ids[i]!]!);
  out.sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[n++] = out[i]!;
  out.length = n;
  return out;
}

/**
 * An actor of a snapshot: plain data fields (what `ResolvedActor` says) and, private, what the snapshot
 * needs besides (its cluster, its mentions). Its place in the list is each snapshot's own: an actor that did
 * not change is shared by the snapshots before and after an edit. Its spellings per canonical token are
 * counted when first asked for (spelling messages).
 */
class SnapshotActor implements ResolvedActor {
  readonly id: string;
  readonly type: ActorType;
  readonly canonical: string;
  readonly canonicalTokens: readonly string[];
  readonly variants: readonly Variant[];
  readonly mentionCount: number;
  readonly documents: readonly string[];
  readonly reasons: readonly string[];
  declare readonly acceptedSpellings?: ReadonlySet<string>;
  readonly #cluster: number;
  readonly #mentions: readonly Mention[];
  #spellings: Map<string, number> | undefined;

  constructor(cluster: number, id: string, type: ActorType, canonical: string, variants: readonly Variant[], documents: readonly string[], reasons: readonly string[], mentions: readonly Mention[], accepted: ReadonlySet<string> | undefined) {
    this.id = id;
    this.type = type;
    this.canonical = canonical;
    this.canonicalTokens = canonical.split(' ');
    this.variants = variants;
    this.mentionCount = mentions.length;
    this.documents = documents;
    this.reasons = reasons;
    if (accepted) (this as { acceptedSpellings?: ReadonlySet<string> }).acceptedSpellings = accepted;
    this.#cluster = cluster;
    this.#mentions = mentions;
  }

  /** The cluster it was made from. */
  get cluster(): number {
    return this.#cluster;
  }

  /** Its mentions in corpus order. */
  get mentions(): readonly Mention[] {
    return this.#mentions;
  }

  get tokenSpellings(): ReadonlyMap<string, number> {
    if (!this.#spellings) {
      const m = new Map<string, number>();
      for (const x of this.#mentions) for (const t of x.tokens) m.set(t.text, (m.get(t.text) ?? 0) + 1);
      this.#spellings = m;
    }
    return this.#spellings;
  }
}

/** How often a spelling is met, and where first (document, then offset). */
interface Tally {
  count: number;
  first: number;
  pos: number;
}

function tally(t: Tally, first: number, pos: number): void {
  t.count++;
  if (first < t.first || (first === t.first && pos < t.pos)) {
    t.first = first;
    t.pos = pos;
  }
}

/** The most frequent entry (ties: the one met first). */
function mostFrequent<T extends Tally>(tallies: ReadonlyMap<string, T>): [string, T] | undefined {
  let best: [string, T] | undefined;
  for (const entry of tallies) {
    const e = entry[1];
    const b = best?.[1];
    if (!b || e.count > b.count || (e.count === b.count && (e.first < b.first || (e.first === b.first && e.pos < b.pos)))) best = entry;
  }
  return best;
}

/** The texts of a mention's first `n` tokens, joined by spaces. */
function joinTexts(tokens: readonly MentionToken[], n: number): string {
  let s = tokens[0]!.text;
  for (let k = 1; k < n; k++) s += ' ' + tokens[k]!.text;
  return s;
}

/** Position of a mention in its document's list (sorted by start), by identity; -1 when absent. */
function indexOfMention(list: readonly Mention[], m: Mention): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = list[mid]!.start;
    if (s < m.start) lo = mid + 1;
    else if (s > m.start) hi = mid - 1;
    else {
      // Equal starts (overlapping manual entities): look around for the object itself.
      for (let k = mid; k >= 0 && list[k]!.start === m.start; k--) if (list[k] === m) return k;
      for (let k = mid + 1; k < list.length && list[k]!.start === m.start; k++) if (list[k] === m) return k;
      return -1;
    }
  }
  return -1;
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
