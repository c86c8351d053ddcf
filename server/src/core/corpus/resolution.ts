/**
 * One corpus resolution pass: from the per-document analyses to mentions and actors.
 *
 *  1. direct mentions from each document's candidates (tagger, titles, patterns, gazetteer);
 *  2. propagation: uncovered occurrences of names recognized elsewhere (once «كوفي أنان» is known,
 *     «أنان» and «وأنان» in any article link to it), with clitics separated on corpus evidence;
 *  3. grouping of the distinct name forms into actors (actors/cluster.ts).
 *
 * The pass is a generator that yields between batches of documents, so a host can spread it over
 * its event loop. After it finished, `resolveDocument` re-resolves a single (edited) document
 * against the same corpus-level state in time proportional to that document: the fast path used
 * while the next full pass has not run yet.
 */
import { ActorType, Mention, MentionToken } from '../model';
import { chooseAnalysis } from '../text/clitics';
import { normalizeWithMap, toOriginalSpan } from '../text/normalize';
import { formAt } from '../text/wordForms';
import { Candidate, RecognitionLexicon } from '../recognize/recognizer';
import { CALENDAR_WORDS, COMPOUND_NAME_PARTS, FUNCTION_WORDS, NAME_CONNECTORS, ORDINALS, ORG_HEADS, PERSON_TITLES, TITLE_CONTINUATIONS } from '../lexicon/triggers';
import { ClusterConstraints, clusterFormsSteps, Clustering, NameForm, skeleton } from '../actors/cluster';
import { stripArticle } from '../actors/distance';
import { DocumentAnalysis, mentionOf, tokenCountOf, tokensOf } from './documentAnalysis';
import { FormTable } from './formTable';
import { DecisionHooks } from '../decisions/apply';
import { MentionTableBuilder, SavedCluster, SavedForm, SavedNameForm, SavedPass } from './savedPass';
import { drain } from '../steps';

/** What a pass reads from the index. */
export interface ResolutionInput {
  readonly documents: readonly string[];
  analysis(doc: string): DocumentAnalysis | undefined;
  readonly forms: FormTable;
  /** Corpus frequency of a normalized Arabic form. */
  frequency(form: string): number;
  readonly lexicon: RecognitionLexicon;
  /** The annotator's decisions, compiled (core/decisions/apply.ts). */
  readonly decisions: DecisionHooks;
}

interface FormStats {
  key: string;
  tokens: string[];
  votes: Record<ActorType, number>;
  count: number;
  direct: number;
  firstOrder: number;
  /** Counted in phase 1 (the lookup registry, surnames and multi-word names come from those forms). */
  phase1?: boolean;
}

/** What the steps over the phase-1 registry read of a form (and `phase1Steps` marks). */
export type RegistryForm = Pick<FormStats, 'key' | 'tokens' | 'votes' | 'direct' | 'phase1'>;

/**
 * Multi-word names by their tokens: the root is found by the first token's clitic-free key, each
 * further token by the form id a document's token must have (a name with a token no document has is
 * left out: it can match nowhere).
 */
interface NameTrie {
  next: Map<number, NameTrie> | undefined;
  /** The name ending here, if any. */
  form: FormStats | undefined;
}

interface Lookup {
  readonly key: string;
  /** Multi-word names starting with this key. */
  readonly multis: NameTrie | undefined;
  readonly single: ActorType | undefined;
}

const TYPE_ORDER: readonly ActorType[] = ['person', 'organization', 'place'];

function majority(votes: Record<ActorType, number>): ActorType {
  let best: ActorType = 'person';
  for (const t of TYPE_ORDER) if (votes[t] > votes[best]) best = t;
  return best;
}

/** Tokens that never make a mention on their own. */
function blockedSingle(key: string): boolean {
  return FUNCTION_WORDS.has(key) || CALENDAR_WORDS.has(key) || PERSON_TITLES.has(key) || ORG_HEADS.has(key) || TITLE_CONTINUATIONS.has(key) || ORDINALS.has(key) || NAME_CONNECTORS.has(key) || COMPOUND_NAME_PARTS.has(key) || key.length < 2;
}

const LOOKUP_NONE = -1;

/** First letters of the proclitics (و ف ب ك ل): a word starting otherwise has no clitic analysis but itself. */
const CLITIC_LETTERS: ReadonlySet<number> = new Set([...'وفبكل'].map((c) => c.charCodeAt(0)));

/**
 * Chosen clitic analyses by form id: the key (undefined: not analysed yet) and the proclitics' length.
 * Dense arrays during a pass, which asks for most of the corpus' forms; sparse after it (`clear(true)`),
 * when documents are resolved one at a time and each needs only its own forms: an array the size of the
 * form table, made again after each pass, cost the first keystroke after it 2 ms at 30,000 articles.
 */
export class AnalysisCache {
  private keys: Array<string | undefined> = [];
  private prefixLengths = new Uint8Array(0);
  private sparseKeys: Map<number, string> | undefined;
  private sparsePrefixes: Map<number, number> | undefined;

  /** Forgets every analysis; `sparse`: kept by id from then on. */
  clear(sparse = false): void {
    this.keys = [];
    this.prefixLengths = new Uint8Array(0);
    this.sparseKeys = sparse ? new Map() : undefined;
    this.sparsePrefixes = sparse ? new Map() : undefined;
  }

  /** The key of form `id`, if analysed; a dense cache grows to `size` ids (the form table's) at an id past its end. */
  key(id: number, size: number): string | undefined {
    if (id < this.keys.length) return this.keys[id];
    if (this.sparseKeys) return this.sparseKeys.get(id);
    this.keys = grown(this.keys, Math.max(size, id + 1));
    const lengths = new Uint8Array(this.keys.length);
    lengths.set(this.prefixLengths);
    this.prefixLengths = lengths;
    return undefined;
  }

  /** The proclitics' length of form `id` (0 if not analysed). */
  prefixLength(id: number): number {
    return id < this.prefixLengths.length ? this.prefixLengths[id]! : (this.sparsePrefixes?.get(id) ?? 0);
  }

  /** Records the analysis of form `id`, after `key` said it had none. */
  set(id: number, key: string, prefixLength: number): void {
    if (this.sparseKeys) {
      this.sparseKeys.set(id, key);
      if (prefixLength) this.sparsePrefixes!.set(id, prefixLength);
      return;
    }
    this.keys[id] = key;
    this.prefixLengths[id] = prefixLength;
  }

  /** Length of the dense arrays (0 when sparse). */
  get denseLength(): number {
    return this.keys.length;
  }
}

/** A dense copy of a per-form-id cache with room for `size` ids (sparse arrays are slow to index). */
function grown<T>(a: Array<T | undefined>, size: number): Array<T | undefined> {
  const out = new Array<T | undefined>(Math.max(size, 2 * a.length, 1024)).fill(undefined);
  for (let i = 0; i < a.length; i++) out[i] = a[i];
  return out;
}

/** The last pass, for the next one (see the Resolution constructor). */
export interface EarlierPass {
  readonly resolution: Resolution;
  /** The analyses it read, by document. */
  readonly analyses: ReadonlyMap<string, DocumentAnalysis>;
  /**
   * Form ids whose clitic analyses may differ from the last pass's (1): a word one of their readings
   * leaves became present in the corpus or absent since that pass began. Undefined: none.
   */
  readonly affected: Uint8Array | undefined;
}

/** What a pass did with one document (see `Resolution.run`), for the next pass to replay. */
interface DocumentRecord {
  readonly analysis: DocumentAnalysis;
  /** Phase 1: the direct mentions (the candidates' that were kept, then the annotator's). */
  readonly direct: readonly Mention[];
  /** The candidates of those direct mentions, in order. */
  readonly cands: readonly Candidate[];
  /** Phase 2: the propagated mentions added, in order. */
  propagated: readonly Mention[];
  /** Then the direct mentions replaced: index in `direct`, the mention rebuilt. */
  rebuilt: ReadonlyArray<readonly [number, Mention]>;
}

const NO_MENTIONS: readonly Mention[] = [];
const NO_REBUILDS: ReadonlyArray<readonly [number, Mention]> = [];

export interface LookupSignature {
  readonly forms: ReadonlyMap<string, number>;
  readonly surnames: ReadonlySet<string>;
}

/**
 * Marks the forms of the registry after phase 1 and takes the surnames of full names of persons found directly
 * at least twice (a one-off tagger span is weak evidence), the first full name's for each surname; in steps of
 * ENTRIES_PER_STEP forms.
 */
export function* phase1Steps(
  registry: Iterable<RegistryForm>,
  surnameOf: Map<string, string>,
): Generator<void, void, void> {
  let n = 0;
  for (const f of registry) {
    f.phase1 = true;
    if (f.tokens.length >= 2 && majority(f.votes) === 'person' && f.direct >= 2) {
      const sur = f.tokens[f.tokens.length - 1]!;
      if (!blockedSingle(sur) && !surnameOf.has(sur)) surnameOf.set(sur, f.key);
    }
    if (++n % ENTRIES_PER_STEP === 0) yield;
  }
}

/**
 * What propagation reads of the phase-1 registry, per form: its majority type, whether it was found
 * directly twice, whether it has several words and all of them are in the form table (the trie of
 * names holds it then); and the surnames of persons named in full. In steps of ENTRIES_PER_STEP forms.
 */
export function* lookupSignatureSteps(
  registry: Iterable<RegistryForm>,
  table: FormTable,
  surnames: Iterable<string>,
): Generator<void, LookupSignature, void> {
  const forms = new Map<string, number>();
  let n = 0;
  for (const f of registry) {
    const multi = f.tokens.length >= 2;
    let code = TYPE_ORDER.indexOf(majority(f.votes)) + (f.direct >= 2 ? 4 : 0) + (multi ? 8 : 0);
    if (multi) {
      let known = true;
      for (let k = 1; k < f.tokens.length && known; k++) known = table.lookup(f.tokens[k]!) >= 0;
      if (known) code += 16;
    }
    forms.set(f.key, code);
    if (++n % ENTRIES_PER_STEP === 0) yield;
  }
  return { forms, surnames: new Set(surnames) };
}

/** True when two lookup signatures are the same; in steps of ENTRIES_PER_STEP forms. */
export function* sameSignatureSteps(x: LookupSignature, y: LookupSignature): Generator<void, boolean, void> {
  if (x.forms.size !== y.forms.size || x.surnames.size !== y.surnames.size) return false;
  let n = 0;
  for (const [k, v] of x.forms) {
    if (y.forms.get(k) !== v) return false;
    if (++n % ENTRIES_PER_STEP === 0) yield;
  }
  for (const k of x.surnames) if (!y.surnames.has(k)) return false;
  return true;
}

function sameMention(x: Mention, y: Mention): boolean {
  if (x.start !== y.start || x.end !== y.end || x.key !== y.key || x.text !== y.text || x.type !== y.type || x.clitic !== y.clitic || x.evidence !== y.evidence || x.doc !== y.doc) return false;
  const a = x.tokens;
  const b = y.tokens;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const s = a[i]!;
    const t = b[i]!;
    if (s.start !== t.start || s.end !== t.end || s.text !== t.text || s.norm !== t.norm) return false;
  }
  return true;
}

/** Documents handled between two yields of a pass (a host yields to its event loop every few milliseconds). */
const BATCH = 16;
/** Registry entries handled between two yields of the steps that go through all of them. */
export const ENTRIES_PER_STEP = 2048;
/** Mentions put into a saved pass's table between two yields. */
const SAVED_MENTIONS_PER_STEP = 256;

export class Resolution {
  private readonly registry = new Map<string, FormStats>();
  /** The registry plus surnames of persons named in full (for clitic evidence and propagation). */
  private lookupRegistry: ReadonlySet<string> = new Set();
  /** The forms counted in phase 1 (for `save`; the lookup registry and the trie were made from them). */
  private phase1: readonly FormStats[] = [];
  private readonly surnameOf = new Map<string, string>();
  /** Multi-word names by first token (see NameTrie). */
  private readonly multiByFirst = new Map<string, NameTrie>();
  /** Per form id: 0 not looked up yet, LOOKUP_NONE no name starts with it, else 1 + its index in `lookupList`. */
  private lookupCodes = new Int32Array(0);
  private readonly lookupList: Lookup[] = [];
  /** Per form id: the id of its clitic-free key in the form table (-1: not known yet). */
  private keyIds = new Int32Array(0);
  /** Clitic analyses by form id, without and with the registry as evidence. */
  private readonly plainAnalyses = new AnalysisCache();
  private readonly registryAnalyses = new AnalysisCache();
  /** One instance of each spelling and key the mentions carry (they repeat across the corpus). */
  private readonly strings = new Map<string, string>();
  private readonly intern = (s: string): string => {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  };
  /** Mentions per document once the pass is done. */
  readonly mentionsByDoc = new Map<string, Mention[]>();
  clustering: Clustering | undefined;
  /** What the grouping into actors was made from (see `group`). */
  private grouped: Grouping | undefined;

  /** Tokens of the mention being built (mentionOf copies them). */
  private readonly tokenScratch: MentionToken[] = [];
  /** The last pass, while this one goes through the documents (see the constructor). */
  private earlier: EarlierPass | undefined;
  private earlierDoc: DocumentAnalysis | undefined;
  private earlierList: readonly Mention[] | undefined;
  /** What this pass did with each document (for the next pass to replay). */
  private readonly records = new Map<string, DocumentRecord>();
  /** What propagation reads of the direct evidence (see `lookupSignatureSteps`). */
  private signature: LookupSignature | undefined;
  /** Documents whose phase-1 and phase-2 work was replayed from the last pass, and whether its grouping was taken (see `reuse`). */
  private replayed = { direct: 0, propagation: 0, grouping: false };

  /**
   * `earlier`: the last full pass, when this one follows it on the same decisions. What this pass works
   * out for a document depends on its analysis, on the clitic readings of its words (which depend on
   * which words the corpus has) and, from propagation on, on the names the direct evidence gives; when
   * the document's analysis is the same object and those did not change, its work is replayed from the
   * last pass instead of done again (the result is the same: tests compare with fresh indexes). A mention
   * this pass builds equal to one of the last pass's for the same analysis is that object: unchanged
   * articles keep their objects, and a pass after an edit retains little that is new. The reference is
   * dropped when the documents are done (no chain of passes is kept).
   */
  constructor(private readonly input: ResolutionInput, earlier?: EarlierPass) {
    this.earlier = earlier;
  }

  /** Documents of this pass whose direct mentions, and whose propagation, were replayed from the last pass; whether its grouping was the last pass's. */
  get reuse(): { readonly direct: number; readonly propagation: number; readonly grouping: boolean } {
    return this.replayed;
  }

  /** The last pass's record of a document, when its work may be replayed up to phase `phase`. */
  private replayable(a: DocumentAnalysis, phase: 1 | 2): DocumentRecord | undefined {
    const e = this.earlier;
    const rec = e?.resolution.records.get(a.doc);
    if (!e || !rec || rec.analysis !== a) return undefined;
    const affected = e.affected;
    if (affected) {
      if (phase === 1) {
        // Phase 1 reads the clitic analysis of each candidate's first word.
        for (const c of a.candidates) if (affected[a.normIds[c.tokenStart]!] === 1) return undefined;
      } else {
        // Propagation reads every word's.
        const ids = a.normIds;
        for (let i = 0; i < ids.length; i++) if (affected[ids[i]!] === 1) return undefined;
      }
    }
    return rec;
  }

  /** Runs the whole pass, yielding between batches of documents. */
  *run(): Generator<void, void, void> {
    const { documents } = this.input;
    // Per document (by position): the candidate of each direct mention, in the order they open the
    // document's list (manual and propagated mentions follow them), and the corpus order of the first
    // (the others follow it one by one).
    const directCandidates: Array<readonly Candidate[]> = new Array<readonly Candidate[]>(documents.length);
    const firstOrders = new Int32Array(documents.length);
    // Per document: the last pass's record when phase 1 was replayed from it.
    const replayed: Array<DocumentRecord | undefined> = new Array<DocumentRecord | undefined>(documents.length);
    // Phase 1: direct evidence.
    let order = 0;
    const dec = this.input.decisions;
    for (let d = 0; d < documents.length; d++) {
      const a = this.input.analysis(documents[d]!)!;
      const rec = this.replayable(a, 1);
      let ms: Mention[] | undefined;
      let cands: readonly Candidate[];
      firstOrders[d] = order;
      if (rec) {
        // The same direct mentions as the last pass's, counted in this pass's order. The document's list is
        // made when it is needed: at the end if its propagation is replayed too (see below), else before it.
        cands = rec.cands;
        for (const m of rec.direct) this.register(m, true, order++);
        this.replayed.direct++;
      } else {
        ms = [];
        const kept: Candidate[] = [];
        for (const c of a.candidates) {
          const m = this.buildMention(a, c.tokenStart, c.tokenEnd, c.type, c.evidence, false);
          if (m.tokens.length === 1 && blockedSingle(m.key)) continue;
          if (dec.drops(a.doc, m)) continue; // decisions: removed, not an entity, or replaced by a manual entity
          kept.push(c);
          ms.push(m);
          this.register(m, true, order++);
        }
        for (const m of dec.manualMentions(a)) { // decisions: entities added by the annotator
          ms.push(m);
          this.register(m, true, order++);
        }
        // Most articles keep every candidate: their record then shares the analysis's list instead of a copy.
        cands = kept.length === a.candidates.length ? a.candidates : kept;
      }
      replayed[d] = rec;
      directCandidates[d] = cands;
      this.records.set(a.doc, { analysis: a, direct: rec ? rec.direct : ms!.slice(), cands, propagated: NO_MENTIONS, rebuilt: NO_REBUILDS });
      if (ms) this.mentionsByDoc.set(a.doc, ms);
      if (d % BATCH === BATCH - 1) yield;
    }
    yield* this.prepareLookups();
    this.signature = yield* lookupSignatureSteps(this.registry.values(), this.input.forms, this.surnameOf.keys());
    const earlierSignature = this.earlier?.resolution.signature;
    const sameLookups = earlierSignature !== undefined && (yield* sameSignatureSteps(this.signature, earlierSignature));
    // Phase 2: propagation (replayed for a document whose phase 1 was, when the direct evidence gives
    // the same names and no word of it reads differently).
    for (let d = 0; d < documents.length; d++) {
      const last = replayed[d];
      if (!last) continue;
      if (!sameLookups || !this.replayable(this.input.analysis(documents[d]!)!, 2)) {
        this.mentionsByDoc.set(last.analysis.doc, last.direct.slice());
        replayed[d] = undefined;
      } else this.replayed.propagation++;
      if (d % (BATCH * 16) === BATCH * 16 - 1) yield;
    }
    const pending: Array<Array<{ s: number; e: number; type: ActorType }>> = new Array(documents.length);
    const extended = new Map<Candidate, number>();
    for (let d = 0; d < documents.length; d++) {
      if (replayed[d]) continue;
      const a = this.input.analysis(documents[d]!)!;
      const ext = this.extensions(a);
      for (const [c, e] of ext) extended.set(c, e);
      pending[d] = this.propagationSpans(a, ext);
      if (d % BATCH === BATCH - 1) yield;
    }
    for (let d = 0; d < documents.length; d++) {
      const a = this.input.analysis(documents[d]!)!;
      const rec = this.records.get(a.doc)!;
      const last = replayed[d];
      if (last) {
        for (const m of last.propagated) this.register(m, false, 0);
        rec.propagated = last.propagated;
      } else {
        const list = this.mentionsByDoc.get(a.doc)!;
        const added: Mention[] = [];
        for (const p of pending[d]!) {
          const m = this.buildMention(a, p.s, p.e, p.type, 'propagated', true);
          if (dec.drops(a.doc, m)) continue; // decisions
          list.push(m);
          added.push(m);
          this.register(m, false, 0);
        }
        if (added.length > 0) rec.propagated = added;
        pending[d] = [];
      }
      // Replayed documents too: after an edit nearly all are, and 30,000 of them took 80 ms without a yield.
      if (d % BATCH === BATCH - 1) yield;
    }
    // Direct mentions whose first token carries a clitic that corpus evidence now explains, and person
    // names the corpus knows longer (see `extensions`), are rebuilt.
    for (let d = 0; d < documents.length; d++) {
      const a = this.input.analysis(documents[d]!)!;
      const rec = this.records.get(a.doc)!;
      const last = replayed[d];
      const first = firstOrders[d]!;
      if (last) {
        // The last pass made its list of this record's direct, propagated and rebuilt mentions, as the branch
        // below does (a finished pass has a list for every article it has a record of): the same list, taken
        // as it is (no copy or sort per article and pass). Only the rebuilt mentions are counted again, in
        // place of the direct ones they replace.
        rec.rebuilt = last.rebuilt;
        for (const [i, rebuilt] of last.rebuilt) this.countRebuilt(last.direct[i]!, rebuilt, first + i);
        this.mentionsByDoc.set(a.doc, this.earlier!.resolution.mentionsByDoc.get(a.doc)!);
      } else {
        const list = this.mentionsByDoc.get(a.doc)!;
        const cands = directCandidates[d]!;
        const done: Array<readonly [number, Mention]> = [];
        for (let i = 0; i < cands.length; i++) {
          const m = list[i]!;
          const c = cands[i]!;
          const end = extended.get(c) ?? c.tokenEnd;
          if (end === c.tokenEnd) {
            if (m.clitic) continue;
            // Rebuilt, it would differ only by a clitic the registry now explains on its first token.
            if (!this.registryClitic(a, c.tokenStart)) continue;
          }
          const rebuilt = this.buildMention(a, c.tokenStart, end, m.type, m.evidence, true);
          if (end !== c.tokenEnd && dec.drops(a.doc, rebuilt)) continue; // decisions: keep the name as tagged
          if (rebuilt.key !== m.key) {
            this.replaceDirect(list, i, rebuilt, first + i);
            done.push([i, rebuilt]);
          }
        }
        if (done.length > 0) rec.rebuilt = done;
        list.sort((x, y) => x.start - y.start);
      }
      if (d % BATCH === BATCH - 1) yield;
    }
    yield;
    const before = this.earlier?.resolution.grouped;
    this.earlier = this.earlierDoc = this.earlierList = undefined;
    // Phase 3: group forms into actors.
    this.clustering = yield* this.group(before);
    this.settle();
  }

  /** Replaces the direct mention at `i` of a document's list with one rebuilt, in the registry too (at the same corpus order). */
  private replaceDirect(list: Mention[], i: number, rebuilt: Mention, order: number): void {
    this.countRebuilt(list[i]!, rebuilt, order);
    list[i] = rebuilt;
  }

  /** Counts a rebuilt mention in the registry in place of the direct mention `m` it replaces (at the same corpus order). */
  private countRebuilt(m: Mention, rebuilt: Mention, order: number): void {
    const old = this.registry.get(m.key);
    if (old) {
      old.count--;
      old.direct--;
      old.votes[m.type]--;
      if (old.count <= 0) this.registry.delete(m.key);
    }
    this.register(rebuilt, true, order);
  }

  /** `m`, or the equal mention of the last pass (see the constructor). */
  private asBefore(a: DocumentAnalysis, m: Mention): Mention {
    if (!this.earlier) return m;
    if (this.earlierDoc !== a) {
      this.earlierDoc = a;
      this.earlierList = this.earlier.analyses.get(a.doc) === a ? this.earlier.resolution.mentionsByDoc.get(a.doc) : undefined;
    }
    const list = this.earlierList;
    if (!list) return m;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.start < m.start) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < list.length && list[k]!.start === m.start; k++) if (sameMention(list[k]!, m)) return list[k]!;
    return m;
  }

  /**
   * The mentions of one document resolved against this pass's corpus-level state (names known,
   * clitic evidence), for a document that changed after the pass: cost proportional to the document.
   */
  resolveDocument(a: DocumentAnalysis): Mention[] {
    const dec = this.input.decisions;
    const list: Mention[] = [];
    const ext = this.extensions(a);
    for (const c of a.candidates) {
      const plain = this.buildMention(a, c.tokenStart, c.tokenEnd, c.type, c.evidence, false);
      if (plain.tokens.length === 1 && blockedSingle(plain.key)) continue;
      if (dec.drops(a.doc, plain)) continue;
      const end = ext.get(c);
      const longer = end === undefined ? undefined : this.buildMention(a, c.tokenStart, end, c.type, c.evidence, true);
      if (longer && !dec.drops(a.doc, longer)) list.push(longer);
      else list.push(plain.clitic || !this.registryClitic(a, c.tokenStart) ? plain : this.buildMention(a, c.tokenStart, c.tokenEnd, c.type, c.evidence, true));
    }
    list.push(...dec.manualMentions(a));
    for (const p of this.propagationSpans(a, ext)) {
      const m = this.buildMention(a, p.s, p.e, p.type, 'propagated', true);
      if (!dec.drops(a.doc, m)) list.push(m);
    }
    return list.sort((x, y) => x.start - y.start);
  }

  // ---------------------------------------------------------------------------------------------

  /** Counts a mention for its form; `order`: the mention's place in the corpus (propagated mentions count as 0). */
  private register(m: Mention, isDirect: boolean, order: number): void {
    let f = this.registry.get(m.key);
    if (!f) {
      // The last pass's list of the form's tokens when it had the form (the same strings: one list fewer per form and pass).
      const tokens = this.earlier?.resolution.registry.get(m.key)?.tokens ?? m.tokens.map((t) => t.norm);
      f = { key: m.key, tokens, votes: { person: 0, organization: 0, place: 0 }, count: 0, direct: 0, firstOrder: Infinity, phase1: false };
      this.registry.set(m.key, f);
    }
    f.votes[m.type]++;
    f.count++;
    if (isDirect) f.direct++;
    if (order < f.firstOrder) f.firstOrder = order;
  }

  /** Surnames, multi-word names by first token, and the lookup registry, from the direct mentions. */
  private *prepareLookups(): Generator<void, void, void> {
    yield;
    yield* phase1Steps(this.registry.values(), this.surnameOf);
    yield;
    yield* this.indexNames(this.registry.values());
  }

  /**
   * The multi-word names trie and the lookup registry: the single-word keys of the given phase-1 forms
   * plus surnames (clitic evidence asks it about single words only).
   */
  private *indexNames(phase1: Iterable<FormStats>): Generator<void, void, void> {
    let n = 0;
    const forms = this.input.forms;
    const lookup = new Set<string>();
    const all: FormStats[] = [];
    for (const f of phase1) {
      all.push(f);
      if (f.tokens.length < 2) {
        lookup.add(f.key);
        continue;
      }
      if (++n % ENTRIES_PER_STEP === 0) yield;
      let node = this.multiByFirst.get(f.tokens[0]!);
      if (!node) this.multiByFirst.set(f.tokens[0]!, (node = { next: undefined, form: undefined }));
      for (let k = 1; k < f.tokens.length && node; k++) {
        const id = forms.lookup(f.tokens[k]!);
        if (id < 0) node = undefined; // a token no document has: the name matches nowhere
        else {
          let child: NameTrie | undefined = node.next?.get(id);
          if (!child) (node.next ??= new Map()).set(id, (child = { next: undefined, form: undefined }));
          node = child;
        }
      }
      if (node) node.form = f;
    }
    yield;
    for (const sur of this.surnameOf.keys()) lookup.add(sur);
    this.lookupRegistry = lookup;
    this.phase1 = all;
  }

  /**
   * Forgets what was worked out per form during the pass (clitic keys, names looked up), so that
   * documents resolved later against it (`resolveDocument`) depend only on the state the pass ended
   * in — the state `save` keeps and `restore` brings back.
   */
  private settle(): void {
    this.lookupCodes = new Int32Array(0);
    this.lookupList.length = 0;
    this.keyIds = new Int32Array(0);
    this.plainAnalyses.clear(true);
    this.registryAnalyses.clear(true);
    this.strings.clear(); // the mentions keep their strings; later ones are interned afresh
  }

  /** The finished pass as data (see savedPass.ts). */
  save(): SavedPass {
    return drain(this.saveSteps());
  }

  /** `save` in steps (a finished pass does not change: the steps may run while others are served). */
  *saveSteps(): Generator<void, SavedPass, void> {
    const { documents } = this.input;
    const forms: SavedForm[] = [];
    const seen = new Set<FormStats>();
    let n = 0;
    const add = (f: FormStats, live: boolean): void => {
      if (seen.has(f)) return;
      seen.add(f);
      forms.push({ key: f.key, votes: [f.votes.person, f.votes.organization, f.votes.place], count: f.count, direct: f.direct, firstOrder: f.firstOrder, phase1: f.phase1 === true, live });
    };
    for (const f of this.registry.values()) {
      add(f, true);
      if (++n % ENTRIES_PER_STEP === 0) yield;
    }
    for (const f of this.phase1) {
      add(f, false);
      if (++n % ENTRIES_PER_STEP === 0) yield;
    }
    yield;
    const clustering = this.clustering!;
    const nameForms: SavedNameForm[] = [];
    const nameIndex = new Map<NameForm, number>();
    const clusters: SavedCluster[] = [];
    for (const c of clustering.clusters) {
      clusters.push({
        type: c.type,
        forms: c.forms.map((f) => {
          let i = nameIndex.get(f);
          if (i === undefined) {
            nameIndex.set(f, (i = nameForms.length));
            nameForms.push({ key: f.key, type: f.type, count: f.count, firstOrder: f.firstOrder });
          }
          return i;
        }),
        reasons: c.reasons,
      });
      if (clusters.length % ENTRIES_PER_STEP === 0) yield;
    }
    yield;
    // The table's size first (so that it is made once, not grown by copies of what it holds).
    let size = 0;
    for (let d = 0; d < documents.length; d++) {
      size += MentionTableBuilder.size(this.mentionsByDoc.get(documents[d]!) ?? [], tokenCountOf);
      if (d % (BATCH * 64) === BATCH * 64 - 1) yield;
    }
    const table = new MentionTableBuilder(size);
    const scratch: MentionToken[] = [];
    let mentions = 0;
    for (let d = 0; d < documents.length; d++) {
      const list = this.mentionsByDoc.get(documents[d]!) ?? [];
      table.document(list.length);
      for (const m of list) table.mention(m.type, m.clitic.length, m.evidence, tokensOf(m, scratch));
      if ((mentions += list.length + 1) >= SAVED_MENTIONS_PER_STEP) {
        mentions = 0;
        yield;
      }
    }
    return { documents, forms, surnames: [...this.surnameOf], nameForms, clusters, clustersOfForm: [...clustering.clustersOfForm], mentions: table.build() };
  }

  /**
   * A finished pass brought back from `save` for the same documents (same texts, decisions and engine;
   * the host checks that). Undefined when the saved mentions do not fit the documents' texts.
   */
  static restore(input: ResolutionInput, saved: SavedPass): Resolution | undefined {
    const r = new Resolution(input);
    if (saved.documents.length !== input.documents.length || saved.documents.some((d, i) => d !== input.documents[i])) return undefined;
    const phase1: FormStats[] = [];
    const byKey = new Map<string, FormStats>();
    for (const f of saved.forms) {
      const stats: FormStats = { key: f.key, tokens: f.key.split(' '), votes: { person: f.votes[0], organization: f.votes[1], place: f.votes[2] }, count: f.count, direct: f.direct, firstOrder: f.firstOrder, phase1: f.phase1 };
      if (f.live) r.registry.set(f.key, stats);
      if (f.phase1) phase1.push(stats);
      byKey.set(f.key, stats);
    }
    for (const [sur, full] of saved.surnames) {
      if (!byKey.has(full)) return undefined;
      r.surnameOf.set(sur, full);
    }
    const steps = r.indexNames(phase1);
    while (!steps.next().done);
    const nameForms: NameForm[] = saved.nameForms.map((f) => ({ key: f.key, tokens: f.key.split(' '), type: f.type, count: f.count, firstOrder: f.firstOrder }));
    r.clustering = {
      clusters: saved.clusters.map((c, index) => ({ index, type: c.type, forms: c.forms.map((i) => nameForms[i]!), reasons: [...c.reasons] })),
      clustersOfForm: new Map(saved.clustersOfForm.map(([k, cs]) => [k, [...cs]])),
    };
    // Every form is in a cluster: the saved forms are those the grouping was made from.
    r.grouped = new Grouping(nameForms, knownGivenNamesOf(nameForms), input.decisions.constraints, r.clustering);
    const { ints, strings } = saved.mentions;
    let a: DocumentAnalysis | undefined;
    let list: Mention[] = [];
    const fits = saved.mentions.read(saved.documents.length, {
      document: (d) => {
        a = input.analysis(saved.documents[d]!);
        list = [];
        if (a) r.mentionsByDoc.set(a.doc, list);
      },
      mention: (type, cliticLength, evidence, tokens, at) => {
        if (!a) return false;
        const toks = r.tokenScratch;
        toks.length = 0;
        for (let k = 0; k < tokens; k++, at += 3) {
          const start = ints[at]!;
          const end = ints[at + 1]!;
          const norm = strings[ints[at + 2]!];
          if (!(start >= 0 && start < end && end <= a.text.length) || norm === undefined) return false;
          toks.push({ start, end, text: r.intern(a.text.slice(start, end)), norm: r.intern(norm) });
        }
        const first = toks[0]!;
        if (cliticLength < 0 || cliticLength > first.start) return false;
        list.push(mentionOf(a, toks, type, cliticLength === 0 ? '' : r.intern(a.text.slice(first.start - cliticLength, first.start)), evidence, r.intern));
        return true;
      },
    });
    if (!fits || r.mentionsByDoc.size !== saved.documents.length) return undefined;
    r.settle(); // a finished pass, as one that ran: documents resolved against it one at a time
    return r;
  }

  /** A single word is propagated only when it is not general vocabulary, and either is the surname of a person named in full or was itself recognized directly at least twice. */
  private reliable(key: string): boolean {
    const lex = this.input.lexicon;
    if (lex.isCommonWord(key) || lex.isNisba(key)) return false;
    if (this.surnameOf.has(key)) return true;
    return (this.registry.get(key)?.direct ?? 0) >= 2;
  }

  private knownSingle(key: string): ActorType | undefined {
    const f = this.registry.get(key);
    if (f && f.tokens.length === 1) return majority(f.votes);
    return this.surnameOf.has(key) ? 'person' : undefined;
  }

  private lookupOf(id: number): Lookup | null {
    if (id >= this.lookupCodes.length) {
      const codes = new Int32Array(Math.max(this.input.forms.size, 2 * this.lookupCodes.length, 1024));
      codes.set(this.lookupCodes);
      this.lookupCodes = codes;
    }
    const code = this.lookupCodes[id]!;
    if (code === LOOKUP_NONE) return null;
    if (code > 0) return this.lookupList[code - 1]!;
    const key = this.keyOf(id, true);
    const multis = this.multiByFirst.get(key);
    const type = this.knownSingle(key);
    const single = type && !blockedSingle(key) && this.reliable(key) ? type : undefined;
    if (!multis && !single) {
      this.lookupCodes[id] = LOOKUP_NONE;
      return null;
    }
    const look: Lookup = { key, multis, single };
    this.lookupList.push(look);
    this.lookupCodes[id] = this.lookupList.length;
    return look;
  }

  /**
   * Names the document itself recognized that may be propagated inside it as single words ("one sense
   * per discourse"): single-word names and surnames of persons named in full, when they are not
   * general vocabulary (common words, dictionary words, nisba adjectives, titles, function words).
   * As the ids (in the form table) of their keys, with their types; the first candidate of a key decides.
   */
  private documentSingles(a: DocumentAnalysis): { keys: number[]; types: ActorType[] } {
    const keys: number[] = [];
    const types: ActorType[] = [];
    const lex = this.input.lexicon;
    for (const c of a.candidates) {
      const n = c.tokenEnd - c.tokenStart;
      if (n > 1 && c.type !== 'person') continue;
      const id = a.normIds[c.tokenEnd - 1]!;
      const keyId = this.keyIdOf(id);
      if (keys.includes(keyId)) continue;
      const key = this.keyOf(id, true);
      if (blockedSingle(key) || key.length < 3 || lex.isCommonWord(key) || lex.isNisba(key)) continue;
      // Persons' names are often words too (عادل, نصر); other types must not be.
      if (c.type !== 'person' && lex.isDictionaryWord?.(key)) continue;
      keys.push(keyId);
      types.push(c.type);
    }
    return { keys, types };
  }

  /** The id in the form table of a form's clitic-free key (with the registry as evidence). */
  private keyIdOf(id: number): number {
    if (id >= this.keyIds.length) {
      const ids = new Int32Array(Math.max(this.input.forms.size, 2 * this.keyIds.length, 1024)).fill(-1);
      ids.set(this.keyIds);
      this.keyIds = ids;
    }
    let k = this.keyIds[id]!;
    if (k < 0) {
      const key = this.keyOf(id, true);
      this.keyIds[id] = k = key === this.input.forms.form(id) ? id : this.input.forms.intern(key);
    }
    return k;
  }

  /**
   * Person names a document's candidates cut short: a candidate that is the start of a longer person
   * name recognized elsewhere in the corpus, followed in this document by the rest of that name on the
   * same line and not claimed by another candidate (the tagger read «فلان» where the corpus knows
   * «فلان الفلاني»). Candidate → the end of the longest such name.
   */
  private extensions(a: DocumentAnalysis): Map<Candidate, number> {
    const out = new Map<Candidate, number>();
    let covered: Uint8Array | undefined;
    for (const c of a.candidates) {
      if (c.type !== 'person') continue;
      const look = this.lookupOf(a.normIds[c.tokenStart]!);
      if (!look?.multis) continue;
      // The longest person name that goes on past the candidate: its tokens inside the candidate match,
      // and those after it are uncovered and on the same line.
      const n = c.tokenEnd - c.tokenStart;
      let node: NameTrie | undefined = look.multis;
      let best = 0;
      for (let k = 1; node?.next; k++) {
        const i = c.tokenStart + k;
        if (i >= a.length) break;
        node = node.next.get(a.normIds[i]!);
        if (!node) break;
        if (k >= n) {
          if (!covered) {
            covered = new Uint8Array(a.length);
            for (const o of a.candidates) for (let j = o.tokenStart; j < o.tokenEnd; j++) covered[j] = 1;
          }
          if (covered[i] || a.lineStart(i)) break;
          if (node.form && majority(node.form.votes) === 'person') best = k + 1;
        }
      }
      if (best > 0) out.set(c, c.tokenStart + best);
    }
    return out;
  }

  /** Uncovered occurrences of known names in one document (token ranges). */
  private propagationSpans(a: DocumentAnalysis, extended: ReadonlyMap<Candidate, number>): Array<{ s: number; e: number; type: ActorType }> {
    const out: Array<{ s: number; e: number; type: ActorType }> = [];
    const covered = new Uint8Array(a.length);
    for (const c of a.candidates) for (let k = c.tokenStart, e = extended.get(c) ?? c.tokenEnd; k < e; k++) covered[k] = 1;
    const inDoc = this.documentSingles(a);
    for (let i = 0; i < a.length; i++) {
      if (covered[i] || !a.isArabic(i)) continue;
      const look = this.lookupOf(a.normIds[i]!);
      if (look === null) {
        if (inDoc.keys.length > 0) {
          const k = inDoc.keys.indexOf(this.keyIdOf(a.normIds[i]!));
          if (k >= 0) out.push({ s: i, e: i + 1, type: inDoc.types[k]! });
        }
        continue;
      }
      // The longest multi-word name starting here whose further tokens are uncovered and on the same line.
      let node: NameTrie | undefined = look.multis;
      let matched: FormStats | undefined;
      for (let k = 1; node?.next; k++) {
        const j = i + k;
        if (j >= a.length || covered[j] || a.lineStart(j)) break;
        node = node.next.get(a.normIds[j]!);
        if (!node) break;
        if (node.form) matched = node.form;
      }
      if (matched) {
        const e = i + matched.tokens.length;
        out.push({ s: i, e, type: majority(matched.votes) });
        for (let k = i; k < e; k++) covered[k] = 1;
      } else if (look.single) out.push({ s: i, e: i + 1, type: look.single });
    }
    return out;
  }

  /** Evidence strength that a normalized form is a word of its own (for clitic separation). */
  private knownStrength(key: string, withRegistry: boolean): number {
    if (withRegistry && this.lookupRegistry.has(key)) return 3;
    const lex = this.input.lexicon;
    if (lex.isPlace(key)) return 3;
    // The corpus itself is the evidence: the remainder occurs as a word of its own somewhere.
    // (A general dictionary is not: وزارة would split into و + زارة "visited her".)
    // Heads and titles are words of their own (لحكومة → حكومة, للرئيس → الرئيس).
    if (ORG_HEADS.has(key) || PERSON_TITLES.has(key)) return 2;
    // A remainder that is general vocabulary is no evidence for a name (كوفي is not ك + وفي "and in").
    if (key.length >= 3 && this.input.frequency(key) > 0 && !lex.isCommonWord(key)) return 2;
    return 0;
  }

  /**
   * The clitic-free key of a form: the unsegmented word unless a remainder is known (see
   * `chooseAnalysis`); `prefixLength` is then the proclitics' length. Remembered per form id.
   */
  private keyOf(id: number, withRegistry: boolean): string {
    const c = withRegistry ? this.registryAnalyses : this.plainAnalyses;
    return c.key(id, this.input.forms.size) ?? this.analyse(id, withRegistry, c);
  }

  private prefixLength(id: number, withRegistry: boolean): number {
    const c = withRegistry ? this.registryAnalyses : this.plainAnalyses;
    if (c.key(id, this.input.forms.size) === undefined) this.keyOf(id, withRegistry);
    return c.prefixLength(id);
  }

  private analyse(id: number, withRegistry: boolean, cache: AnalysisCache): string {
    const norm = this.input.forms.form(id);
    if (!CLITIC_LETTERS.has(norm.charCodeAt(0))) {
      // No proclitic begins with another letter: the word is its own key.
      cache.set(id, norm, 0);
      return norm;
    }
    const lex = this.input.lexicon;
    const a = chooseAnalysis(norm, (key) => (key === norm ? ((withRegistry && this.lookupRegistry.has(key)) || lex.isPlace(key) ? 3 : 0.5) : this.knownStrength(key, withRegistry)));
    cache.set(id, a.key, a.prefixLength);
    return a.key;
  }

  /**
   * True when, with the registry as evidence, the token at `i` starts with a clitic: only then does a
   * mention starting there, built without a clitic, change when built with the registry.
   */
  private registryClitic(a: DocumentAnalysis, i: number): boolean {
    return a.isArabic(i) && this.prefixLength(a.normIds[i]!, true) > 0;
  }

  private buildMention(a: DocumentAnalysis, s: number, e: number, type: ActorType, evidence: string, withRegistry: boolean): Mention {
    const toks = this.tokenScratch;
    toks.length = 0;
    let clitic = '';
    for (let i = s; i < e; i++) {
      const start = a.starts[i]!;
      const end = a.ends[i]!;
      if (i === s && a.isArabic(i)) {
        const prefixLength = this.prefixLength(a.normIds[i]!, withRegistry);
        if (prefixLength > 0) {
          const text = formAt(a.text, start, end, 'arabic').text;
          const n = normalizeWithMap(text);
          const span = toOriginalSpan(n, prefixLength, n.text.length);
          clitic = this.intern(text.slice(0, span.start));
          toks.push({ start: start + span.start, end, text: formAt(a.text, start + span.start, end, 'arabic').text, norm: this.keyOf(a.normIds[i]!, withRegistry) });
          continue;
        }
      }
      // The token as written, one string per written form (text/wordForms.ts): no slice of the text.
      toks.push({ start, end, text: formAt(a.text, start, end, a.kind(i)).text, norm: this.input.forms.form(a.normIds[i]!) });
    }
    return this.asBefore(a, mentionOf(a, toks, type, clitic, evidence, this.intern));
  }

  /** Phase 3: types reconciled across the corpus, then forms grouped into actors. */
  private *group(before: Grouping | undefined): Generator<void, Clustering, void> {
    const forms: NameForm[] = [];
    const personSurnames = new Map<string, number>();
    for (const f of this.registry.values()) {
      if (f.count > 0 && f.tokens.length >= 2 && majority(f.votes) === 'person') {
        const sur = stripArticle(f.tokens[f.tokens.length - 1]!);
        personSurnames.set(sur, (personSurnames.get(sur) ?? 0) + f.count);
      }
    }
    // Single words typed person (by majority), for reconciling full names the tagger mistyped.
    const personSingles = new Set<string>();
    for (const f of this.registry.values()) if (f.count > 0 && f.tokens.length === 1 && majority(f.votes) === 'person') personSingles.add(skeleton(f.tokens[0]!));
    const lex = this.input.lexicon;
    yield;
    let n = 0;
    for (const f of this.registry.values()) {
      if (++n % ENTRIES_PER_STEP === 0) yield;
      if (f.count <= 0) continue;
      let type = majority(f.votes);
      // A two- or three-word name without any organization head, place or adjective whose surname is a
      // person elsewhere in the corpus is that person («أنجيلا ميركل» / وقالت «ميركل»).
      if (type !== 'person' && f.tokens.length >= 2 && f.tokens.length <= 3 && personSingles.has(skeleton(f.tokens[f.tokens.length - 1]!)) &&
        !f.tokens.some((t) => ORG_HEADS.has(t) || lex.isPlace(t) || lex.isNisba(t) || /^ال.+(ي|يه)$/.test(t))) type = 'person';
      // One sense per corpus: a single word that is the surname of a person named in full elsewhere
      // is that person, whatever the tagger guessed for it out of context.
      if (f.tokens.length === 1 && type !== 'person' && (personSurnames.get(stripArticle(f.key)) ?? 0) >= f.votes[type] / 2) type = 'person';
      type = this.input.decisions.formType(f.key) ?? type; // decisions: the type the annotator gave this actor
      forms.push({ key: f.key, tokens: f.tokens, type, count: f.count, firstOrder: f.firstOrder });
    }
    const knownGivenNames = knownGivenNamesOf(forms);
    const constraints = this.input.decisions.constraints;
    yield;
    // The forms of the last pass (an edit that changed no name): its grouping, which they alone decide.
    if (before && before.constraints === constraints && before.sameInput(forms, knownGivenNames)) {
      this.grouped = before;
      this.replayed.grouping = true;
      return before.clustering;
    }
    const clustering = yield* clusterFormsSteps(forms, { knownGivenNames, constraints });
    this.grouped = new Grouping(forms, knownGivenNames, constraints, clustering);
    return clustering;
  }
}

/** Given names met with two surnames or more among persons named in full (the grouping never merges two of them on a small difference). */
function knownGivenNamesOf(forms: readonly NameForm[]): Set<string> {
  const givenWith = new Map<string, Set<string>>();
  for (const f of forms) {
    if (f.type !== 'person' || f.tokens.length < 2) continue;
    const s = givenWith.get(f.tokens[0]!) ?? new Set<string>();
    s.add(f.tokens[f.tokens.length - 1]!);
    givenWith.set(f.tokens[0]!, s);
  }
  const known = new Set<string>();
  for (const [g, surnames] of givenWith) if (surnames.size >= 2) known.add(g);
  return known;
}

/**
 * A grouping of forms into actors and what it was made from: the forms (key, type, count, first
 * mention's order), the known given names and the annotator's constraints. The grouping depends on
 * nothing else, so a pass whose forms are the same — an edit that added, removed and moved no name —
 * takes it instead of grouping again.
 */
class Grouping {
  private byKey: Map<string, NameForm> | undefined;

  constructor(
    private readonly forms: readonly NameForm[],
    private readonly known: ReadonlySet<string>,
    readonly constraints: ClusterConstraints | undefined,
    readonly clustering: Clustering,
  ) {}

  /** True when these forms and known given names are the ones the grouping was made from (in any order). */
  sameInput(forms: readonly NameForm[], known: ReadonlySet<string>): boolean {
    if (forms.length !== this.forms.length || known.size !== this.known.size) return false;
    for (const g of known) if (!this.known.has(g)) return false;
    if (!this.byKey) this.byKey = new Map(this.forms.map((f) => [f.key, f]));
    for (const f of forms) {
      const g = this.byKey.get(f.key);
      if (!g || g.type !== f.type || g.count !== f.count || g.firstOrder !== f.firstOrder) return false;
    }
    return true;
  }
}
