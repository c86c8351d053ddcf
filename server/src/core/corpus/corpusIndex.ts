/**
 * The corpus index: documents → mentions → actors, variant counts, co-occurrence, findings.
 *
 * Updating a document re-analyses that document only (tokens, tagger, rules) and adjusts the corpus
 * vocabulary by its delta. Corpus-level resolution (clitic evidence, propagation of names recognized
 * elsewhere, grouping into actors) is recomputed lazily, when results are asked for, from the cached
 * per-document analyses; it works on token keys and distinct name forms, not on text.
 */
import { Actor, ActorType, Mention, MentionToken } from '../model';
import { chooseAnalysis, CliticAnalysis } from '../text/clitics';
import { normalize, normalizeWithMap, toOriginalSpan } from '../text/normalize';
import { Token } from '../text/tokenize';
import { Candidate, RecognitionLexicon, SequenceTagger } from '../recognize/recognizer';
import { CALENDAR_WORDS, FUNCTION_WORDS, ORG_HEADS, PERSON_TITLES, TITLE_CONTINUATIONS } from '../lexicon/triggers';
import { clusterForms, coreTokens, NameForm, skeleton } from '../actors/cluster';
import { stripArticle } from '../actors/distance';
import { analyzeDocument, DocumentAnalysis } from './documentAnalysis';
import { compileDecisions, DecisionHooks, NO_DECISIONS, StaleDecision } from '../decisions/apply';
import { Decisions, EMPTY_DECISIONS } from '../decisions/types';

export interface CorpusIndexOptions {
  readonly tagger?: SequenceTagger;
  readonly lexicon: RecognitionLexicon;
}

interface FormStats {
  key: string;
  tokens: string[];
  votes: Record<ActorType, number>;
  count: number;
  direct: number;
  firstOrder: number;
}

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

const TYPE_ORDER: readonly ActorType[] = ['person', 'organization', 'place'];

function majority(votes: Record<ActorType, number>): ActorType {
  let best: ActorType = 'person';
  for (const t of TYPE_ORDER) if (votes[t] > votes[best]) best = t;
  return best;
}

/** Tokens that never make a mention on their own. */
function blockedSingle(key: string): boolean {
  return FUNCTION_WORDS.has(key) || CALENDAR_WORDS.has(key) || PERSON_TITLES.has(key) || ORG_HEADS.has(key) || TITLE_CONTINUATIONS.has(key) || key.length < 2;
}

export class CorpusIndex {
  private readonly docs = new Map<string, DocumentAnalysis>();
  private readonly vocabulary = new Map<string, number>();
  private snapshot: CorpusSnapshot | undefined;
  private order: string[] | undefined;

  constructor(private readonly options: CorpusIndexOptions) {}

  // --- the annotator's decisions (core/decisions): applied through the `dec.*` hooks below --------------
  private decisions: { d: Decisions; docOf: (file: string) => string | undefined } = { d: EMPTY_DECISIONS, docOf: (f) => f };

  /** Sets the annotator's decisions; `docOf` maps a decisions file path to a document id (default: itself). */
  setDecisions(d: Decisions, docOf: (file: string) => string | undefined = (f) => f): void {
    this.decisions = { d, docOf };
    this.snapshot = undefined;
  }

  getDecisions(): { readonly d: Decisions; readonly docOf: (file: string) => string | undefined } {
    return this.decisions;
  }

  private compiledDecisions(): DecisionHooks {
    const { d, docOf } = this.decisions;
    return d === EMPTY_DECISIONS ? NO_DECISIONS : compileDecisions(d, docOf, (doc) => this.docs.get(doc)?.text);
  }

  /** Adds or replaces a document. Cost: proportional to the document. */
  setDocument(doc: string, text: string): void {
    const old = this.docs.get(doc);
    if (old && old.text === text) return;
    if (old) this.adjustVocabulary(old.vocabulary, -1);
    else this.order = undefined;
    const analysis = analyzeDocument(doc, text, this.options.tagger, this.options.lexicon);
    this.docs.set(doc, analysis);
    this.adjustVocabulary(analysis.vocabulary, +1);
    this.snapshot = undefined;
  }

  removeDocument(doc: string): void {
    const old = this.docs.get(doc);
    if (!old) return;
    this.adjustVocabulary(old.vocabulary, -1);
    this.docs.delete(doc);
    this.order = undefined;
    this.snapshot = undefined;
  }

  has(doc: string): boolean {
    return this.docs.has(doc);
  }

  text(doc: string): string | undefined {
    return this.docs.get(doc)?.text;
  }

  analysis(doc: string): DocumentAnalysis | undefined {
    return this.docs.get(doc);
  }

  get documentCount(): number {
    return this.docs.size;
  }

  private adjustVocabulary(v: ReadonlyMap<string, number>, sign: 1 | -1): void {
    for (const [w, n] of v) {
      const next = (this.vocabulary.get(w) ?? 0) + sign * n;
      if (next > 0) this.vocabulary.set(w, next);
      else this.vocabulary.delete(w);
    }
  }

  /** Documents in a stable order (sorted identifiers), independent of the order they were added in. */
  documents(): readonly string[] {
    if (!this.order) this.order = [...this.docs.keys()].sort();
    return this.order;
  }

  /** The resolved corpus; recomputed only after a change. */
  resolve(): CorpusSnapshot {
    if (!this.snapshot) this.snapshot = this.computeSnapshot();
    return this.snapshot;
  }

  // ---------------------------------------------------------------------------------------------

  /** Evidence strength that a normalized form is a word of its own (for clitic separation). */
  private knownStrength(key: string, registry: ReadonlyMap<string, FormStats> | undefined): number {
    if (registry?.has(key)) return 3;
    const lex = this.options.lexicon;
    if (lex.isPlace(key)) return 3;
    // The corpus itself is the evidence: the remainder occurs as a word of its own somewhere.
    // (A general dictionary is not: وزارة would split into و + زارة "visited her".)
    // Heads and titles are words of their own (لحكومة → حكومة, للرئيس → الرئيس).
    if (ORG_HEADS.has(key) || PERSON_TITLES.has(key)) return 2;
    // A remainder that is general vocabulary is no evidence for a name (كوفي is not ك + وفي "and in").
    if (key.length >= 3 && (this.vocabulary.get(key) ?? 0) > 0 && !lex.isCommonWord(key)) return 2;
    return 0;
  }

  /** Analyses memoized for one resolution pass (they depend on the vocabulary and the registry). */
  private memo = new Map<ReadonlyMap<string, FormStats> | undefined, Map<string, CliticAnalysis>>();

  /** Chooses the clitic analysis of a token: the unsegmented word unless a remainder is known. */
  private analyse(t: Token, registry: ReadonlyMap<string, FormStats> | undefined): CliticAnalysis {
    let cache = this.memo.get(registry);
    if (!cache) this.memo.set(registry, (cache = new Map()));
    let a = cache.get(t.norm);
    if (!a) {
      a = chooseAnalysis(t.norm, (key) => (key === t.norm ? (registry?.has(key) || this.options.lexicon.isPlace(key) ? 3 : 0.5) : this.knownStrength(key, registry)));
      cache.set(t.norm, a);
    }
    return a;
  }

  private buildMention(a: DocumentAnalysis, s: number, e: number, type: ActorType, evidence: string, registry: ReadonlyMap<string, FormStats> | undefined): Mention {
    const toks: MentionToken[] = [];
    let clitic = '';
    for (let i = s; i < e; i++) {
      const t = a.tokens[i]!;
      if (i === s && t.kind === 'arabic') {
        const an = this.analyse(t, registry);
        if (an.prefixLength > 0) {
          const n = normalizeWithMap(t.text);
          const span = toOriginalSpan(n, an.prefixLength, n.text.length);
          clitic = t.text.slice(0, span.start);
          toks.push({ start: t.start + span.start, end: t.end, text: t.text.slice(span.start), norm: an.key });
          continue;
        }
      }
      toks.push({ start: t.start, end: t.end, text: t.text, norm: t.norm });
    }
    const first = toks[0]!;
    const last = toks[toks.length - 1]!;
    return {
      doc: a.doc,
      start: first.start,
      end: last.end,
      text: a.text.slice(first.start, last.end),
      key: toks.map((t) => t.norm).join(' '),
      tokens: toks,
      type,
      clitic,
      evidence,
    };
  }

  private computeSnapshot(): CorpusSnapshot {
    this.memo = new Map();
    try {
      return this.computeSnapshotUncached();
    } finally {
      this.memo = new Map();
    }
  }

  private computeSnapshotUncached(): CorpusSnapshot {
    const documents = this.documents();
    const dec = this.compiledDecisions();
    const registry = new Map<string, FormStats>();
    const direct = new Map<string, Mention[]>();
    /** The candidate each direct mention was built from (to rebuild it once the corpus is known). */
    const candidateOf = new Map<Mention, Candidate>();
    let order = 0;
    const orderOf = new Map<Mention, number>();
    const register = (m: Mention, isDirect: boolean): void => {
      let f = registry.get(m.key);
      if (!f) {
        f = { key: m.key, tokens: m.tokens.map((t) => t.norm), votes: { person: 0, organization: 0, place: 0 }, count: 0, direct: 0, firstOrder: Infinity };
        registry.set(m.key, f);
      }
      f.votes[m.type]++;
      f.count++;
      if (isDirect) f.direct++;
      const o = orderOf.get(m) ?? 0;
      if (o < f.firstOrder) f.firstOrder = o;
    };

    // Phase 1: direct evidence (tagger, titles, patterns, gazetteer).
    for (const doc of documents) {
      const a = this.docs.get(doc)!;
      const ms: Mention[] = [];
      for (const c of a.candidates) {
        const m = this.buildMention(a, c.tokenStart, c.tokenEnd, c.type, c.evidence, undefined);
        if (m.tokens.length === 1 && blockedSingle(m.key)) continue;
        if (dec.drops(doc, m)) continue; // decisions: removed, not an entity, or replaced by a manual entity
        orderOf.set(m, order++);
        candidateOf.set(m, c);
        ms.push(m);
        register(m, true);
      }
      for (const m of dec.manualMentions(a)) { // decisions: entities added by the annotator
        orderOf.set(m, order++);
        ms.push(m);
        register(m, true);
      }
      direct.set(doc, ms);
    }

    // Names: full person names also make their surname a known single-token form.
    const surnameOf = new Map<string, string>();
    for (const f of registry.values()) {
      // Surnames of full names seen at least twice (a one-off tagger span is weak evidence).
      if (f.tokens.length >= 2 && majority(f.votes) === 'person' && f.direct >= 2) {
        const sur = f.tokens[f.tokens.length - 1]!;
        if (!blockedSingle(sur) && !surnameOf.has(sur)) surnameOf.set(sur, f.key);
      }
    }
    const multiByFirst = new Map<string, FormStats[]>();
    for (const f of registry.values()) {
      if (f.tokens.length < 2) continue;
      const list = multiByFirst.get(f.tokens[0]!) ?? [];
      list.push(f);
      multiByFirst.set(f.tokens[0]!, list);
    }
    for (const list of multiByFirst.values()) list.sort((x, y) => y.tokens.length - x.tokens.length);

    // Phase 2: propagation. Find uncovered occurrences of known names in every document.
    interface Pending { doc: string; s: number; e: number; key: string; type: ActorType }
    const pending: Pending[] = [];
    const knownSingle = (key: string): ActorType | undefined => {
      const f = registry.get(key);
      if (f && f.tokens.length === 1) return majority(f.votes);
      const full = surnameOf.get(key);
      return full ? 'person' : undefined;
    };
    const lookupRegistry = new Map<string, FormStats>(registry);
    for (const [sur, full] of surnameOf) if (!lookupRegistry.has(sur)) lookupRegistry.set(sur, registry.get(full)!);
    for (const doc of documents) {
      const a = this.docs.get(doc)!;
      const covered = new Uint8Array(a.tokens.length);
      for (const c of a.candidates) for (let k = c.tokenStart; k < c.tokenEnd; k++) covered[k] = 1;
      for (let i = 0; i < a.tokens.length; i++) {
        const t = a.tokens[i]!;
        if (covered[i] || t.kind !== 'arabic') continue;
        const an = this.analyse(t, lookupRegistry);
        const key = an.key;
        const multis = multiByFirst.get(key);
        let matched = false;
        if (multis) {
          for (const f of multis) {
            const e = i + f.tokens.length;
            if (e > a.tokens.length) continue;
            let ok = true;
            for (let k = 1; k < f.tokens.length && ok; k++) ok = !covered[i + k] && a.tokens[i + k]!.norm === f.tokens[k] && !a.tokens[i + k]!.lineStart;
            if (ok) {
              pending.push({ doc, s: i, e, key: f.key, type: majority(f.votes) });
              for (let k = i; k < e; k++) covered[k] = 1;
              matched = true;
              break;
            }
          }
        }
        if (matched) continue;
        const type = knownSingle(key);
        if (type && !blockedSingle(key)) {
          pending.push({ doc, s: i, e: i + 1, key, type });
        }
      }
    }
    // A single word is propagated only when it is not general vocabulary, and either is the surname
    // of a person named in full or was itself recognized directly at least twice.
    const reliable = (key: string): boolean => {
      if (this.options.lexicon.isCommonWord(key) || this.options.lexicon.isNisba(key)) return false;
      if (surnameOf.has(key)) return true;
      return (registry.get(key)?.direct ?? 0) >= 2;
    };
    const mentionsByDoc = new Map<string, Mention[]>();
    for (const doc of documents) mentionsByDoc.set(doc, [...direct.get(doc)!]);
    for (const p of pending) {
      if (p.e - p.s === 1 && !reliable(p.key)) continue;
      const a = this.docs.get(p.doc)!;
      const m = this.buildMention(a, p.s, p.e, p.type, 'propagated', lookupRegistry);
      if (dec.drops(p.doc, m)) continue; // decisions
      mentionsByDoc.get(p.doc)!.push(m);
      register(m, false);
    }
    // Direct mentions whose first token carries a clitic that corpus evidence now explains are rebuilt.
    for (const doc of documents) {
      const a = this.docs.get(doc)!;
      const list = mentionsByDoc.get(doc)!;
      for (let i = 0; i < list.length; i++) {
        const m = list[i]!;
        const c = candidateOf.get(m);
        if (!c || m.clitic) continue;
        const rebuilt = this.buildMention(a, c.tokenStart, c.tokenEnd, m.type, m.evidence, lookupRegistry);
        if (rebuilt.key !== m.key) {
          const old = registry.get(m.key);
          if (old) {
            old.count--;
            old.direct--;
            old.votes[m.type]--;
            if (old.count <= 0) registry.delete(m.key);
          }
          orderOf.set(rebuilt, orderOf.get(m) ?? 0);
          register(rebuilt, true);
          list[i] = rebuilt;
        }
      }
      list.sort((x, y) => x.start - y.start);
    }

    // Phase 3: group forms into actors.
    const orderInCorpus = new Map<string, number>();
    documents.forEach((d, i) => orderInCorpus.set(d, i));
    const forms: NameForm[] = [];
    const personSurnames = new Map<string, number>();
    for (const f of registry.values()) {
      if (f.count > 0 && f.tokens.length >= 2 && majority(f.votes) === 'person') {
        const sur = stripArticle(f.tokens[f.tokens.length - 1]!);
        personSurnames.set(sur, (personSurnames.get(sur) ?? 0) + f.count);
      }
    }
    // Single words typed person (by majority), for reconciling full names the tagger mistyped.
    const personSingles = new Set<string>();
    for (const f of registry.values()) if (f.count > 0 && f.tokens.length === 1 && majority(f.votes) === 'person') personSingles.add(skeleton(f.tokens[0]!));
    const lex = this.options.lexicon;
    for (const f of registry.values()) {
      if (f.count <= 0) continue;
      let type = majority(f.votes);
      // A two- or three-word name without any organization head, place or adjective whose surname is a
      // person elsewhere in the corpus is that person («أنجيلا ميركل» / وقالت «ميركل»).
      if (type !== 'person' && f.tokens.length >= 2 && f.tokens.length <= 3 && personSingles.has(skeleton(f.tokens[f.tokens.length - 1]!)) &&
        !f.tokens.some((t) => ORG_HEADS.has(t) || lex.isPlace(t) || lex.isNisba(t) || /^ال.+(ي|يه)$/.test(t))) type = 'person';
      // One sense per corpus: a single word that is the surname of a person named in full elsewhere
      // is that person, whatever the tagger guessed for it out of context.
      if (f.tokens.length === 1 && type !== 'person' && (personSurnames.get(stripArticle(f.key)) ?? 0) >= f.votes[type] / 2) type = 'person';
      type = dec.formType(f.key) ?? type; // decisions: the type the annotator gave this actor
      forms.push({ key: f.key, tokens: f.tokens, type, count: f.count, firstOrder: f.firstOrder });
    }
    const givenWith = new Map<string, Set<string>>();
    for (const f of forms) {
      if (f.type !== 'person' || f.tokens.length < 2) continue;
      const s = givenWith.get(f.tokens[0]!) ?? new Set<string>();
      s.add(f.tokens[f.tokens.length - 1]!);
      givenWith.set(f.tokens[0]!, s);
    }
    const knownGivenNames = new Set<string>();
    for (const [g, surnames] of givenWith) if (surnames.size >= 2) knownGivenNames.add(g);
    const clustering = clusterForms(forms, { knownGivenNames, constraints: dec.constraints });
    return buildSnapshot(documents, mentionsByDoc, clustering, orderInCorpus, dec);
  }
}

function buildSnapshot(
  documents: readonly string[],
  mentionsByDoc: Map<string, Mention[]>,
  clustering: ReturnType<typeof clusterForms>,
  orderInCorpus: ReadonlyMap<string, number>,
  dec: DecisionHooks,
): CorpusSnapshot {
  const { clusters, clustersOfForm } = clustering;
  const clusterMentions: Mention[][] = clusters.map(() => []);
  const actorIndexOf = new Map<Mention, number>();
  // Mentions whose form belongs to several actors (a shared surname) go to the actor whose
  // fuller form appears in the same document, else to the actor with more mentions.
  const fullFormsInDoc = (doc: string): Set<number> => {
    const s = new Set<number>();
    for (const m of mentionsByDoc.get(doc)!) {
      const cl = clustersOfForm.get(m.key);
      if (cl && cl.length === 1 && m.tokens.length >= 2) s.add(cl[0]!);
    }
    return s;
  };
  for (const doc of documents) {
    let inDoc: Set<number> | undefined;
    for (const m of mentionsByDoc.get(doc)!) {
      const cl = clustersOfForm.get(m.key);
      if (!cl || cl.length === 0) continue;
      let idx = cl[0]!;
      if (cl.length > 1) {
        inDoc ??= fullFormsInDoc(doc);
        const here = cl.filter((c) => inDoc!.has(c));
        const pool = here.length > 0 ? here : cl;
        idx = pool.reduce((best, c) => (clusters[c]!.forms.reduce((n, f) => n + f.count, 0) > clusters[best]!.forms.reduce((n, f) => n + f.count, 0) ? c : best), pool[0]!);
      }
      clusterMentions[idx]!.push(m);
      actorIndexOf.set(m, idx);
    }
  }
  const actors: ResolvedActor[] = [];
  const actorOfCluster = new Map<number, ResolvedActor>();
  const idCounts = new Map<string, number>();
  const usedIds = new Set<string>();
  for (const c of clusters) {
    const ms = clusterMentions[c.index]!;
    if (ms.length === 0) continue;
    // The fullest form: most name tokens (organizations and places: not counting trailing adjectives).
    const nameTokens = (m: Mention): readonly MentionToken[] => (c.type === 'person' ? m.tokens : m.tokens.slice(0, coreTokens(m.tokens.map((t) => t.norm)).length));
    const maxTokens = Math.max(...ms.map((m) => nameTokens(m).length));
    // Canonical: the most frequent full form as written (ties: earliest article, then earliest offset).
    const full = new Map<string, { count: number; first: number; pos: number }>();
    const variants = new Map<string, number>();
    const tokenSpellings = new Map<string, number>();
    const docs = new Set<string>();
    for (const m of ms) {
      variants.set(m.text, (variants.get(m.text) ?? 0) + 1);
      for (const t of m.tokens) tokenSpellings.set(t.text, (tokenSpellings.get(t.text) ?? 0) + 1);
      docs.add(m.doc);
      // A name after لل is written without its article's alef (للجيش): not a candidate spelling.
      const core = nameTokens(m);
      if (core.length !== maxTokens || core.some((t) => t.norm !== normalize(t.text))) continue;
      const text = core.map((t) => t.text).join(' ');
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
      documents: documents.filter((d) => docs.has(d)),
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
  for (const doc of documents) {
    const list = mentionsByDoc.get(doc)!.filter((m) => actorIndexOf.has(m));
    finalByDoc.set(doc, list);
    for (const m of list) {
      const a = actorOfCluster.get(actorIndexOf.get(m)!)!;
      const l = mentionsOfActor.get(a.id) ?? [];
      l.push(m);
      mentionsOfActor.set(a.id, l);
    }
  }
  const docsOfActor = new Map(actors.map((a) => [a.id, new Set(a.documents)]));
  const actorsInDoc = new Map<string, Set<string>>();
  for (const a of actors) for (const d of a.documents) {
    const s = actorsInDoc.get(d) ?? new Set<string>();
    s.add(a.id);
    actorsInDoc.set(d, s);
  }
  return {
    documents,
    actors,
    staleDecisions: dec.stale,
    mentions: (doc) => finalByDoc.get(doc) ?? [],
    actorOf: (m) => actorOfCluster.get(actorIndexOf.get(m)!)!,
    mentionsOf: (id) => mentionsOfActor.get(id) ?? [],
    actorById: (id) => byId.get(id),
    mentionAt: (doc, offset) => {
      const list = finalByDoc.get(doc) ?? [];
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
    },
    cooccurring: (id, limit = 10) => {
      const counts = new Map<string, number>();
      for (const d of docsOfActor.get(id) ?? []) for (const other of actorsInDoc.get(d) ?? []) if (other !== id) counts.set(other, (counts.get(other) ?? 0) + 1);
      return [...counts]
        .map(([other, n]) => ({ actor: byId.get(other)!, documents: n }))
        .sort((a, b) => b.documents - a.documents || b.actor.mentionCount - a.actor.mentionCount)
        .slice(0, limit);
    },
  };
}
