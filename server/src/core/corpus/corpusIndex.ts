/**
 * The corpus index: documents → mentions → actors, variant counts, co-occurrence.
 *
 * Updating a document re-analyses that document only (tokens, tagger, rules) and adjusts the corpus
 * vocabulary by its delta. Corpus-level resolution (clitic evidence, propagation of names recognized
 * elsewhere, grouping into actors: resolution.ts) runs as a pass over the cached per-document
 * analyses; it works on interned token forms and distinct name forms, not on text.
 *
 * Two ways to read the corpus:
 *  - `resolve()` gives the exact snapshot, running a full pass when anything changed (CLI, tests);
 *  - `current()` gives the last full pass with the documents changed since re-resolved against it
 *    (cost proportional to those documents), for interactive use; `resolveSteps()` runs the next
 *    full pass in slices a host can spread over its event loop.
 */
import { Candidate, RecognitionLexicon, SequenceTagger } from '../recognize/recognizer';
import { analyzeDocument, DocumentAnalysis, StoredAnalysis } from './documentAnalysis';
import { FormTable } from './formTable';
import { cliticHosts } from '../text/clitics';
import { Resolution, ResolutionInput } from './resolution';
import { SavedCluster, SavedClusterPart, SavedPass } from './savedPass';
import { drain } from '../steps';
import { BaseSnapshot, buildSnapshotSteps, CorpusSnapshot, overlaySnapshot } from './snapshot';
import { compileDecisions, DecisionHooks, NO_DECISIONS } from '../decisions/apply';
import { Decisions, EMPTY_DECISIONS } from '../decisions/types';

export type { CorpusSnapshot, ResolvedActor } from './snapshot';

export interface CorpusIndexOptions {
  readonly tagger?: SequenceTagger;
  readonly lexicon: RecognitionLexicon;
}

interface Pass {
  readonly resolution: Resolution;
  readonly snapshot: BaseSnapshot;
  /** The analyses the pass read, by document. */
  readonly analyses: ReadonlyMap<string, DocumentAnalysis>;
}

/** Clusters of a saved pass completed with their canonical spellings between two yields. */
const CLUSTERS_PER_STEP = 2048;
/** Forms whose presence flipped looked up (their clitic hosts) between two yields of a pass. */
const FLIPS_PER_STEP = 512;

export class CorpusIndex {
  private readonly docs = new Map<string, DocumentAnalysis>();
  /** Every normalized token form of the corpus, interned. */
  private readonly forms = new FormTable();
  /** Corpus frequency of each Arabic form, by form id. */
  private vocabulary: Int32Array = new Int32Array(1024);
  private order: string[] | undefined;
  /** The last full pass, and the documents changed since (added, edited or removed). */
  private pass: Pass | undefined;
  private readonly dirty = new Set<string>();
  private overlay: CorpusSnapshot | undefined;
  /** Increments on every change; a pass started at another generation is stale when it ends. */
  private generation = 0;
  /**
   * Form ids whose corpus frequency went from 0 to 1 or back since the last full pass began, in order
   * (each one flips the form's presence). The first `crossedDuring` happened while that pass ran (it
   * may have read the form either way); of the others, an odd number flips it from what the pass saw.
   * The words whose clitic readings may have changed are their hosts (see `affectedForms`).
   */
  private crossings: number[] = [];
  private crossedDuring = 0;
  /** How much of the last pass was replayed from the one before (see Resolution). */
  private lastReuse: { readonly documents: number; readonly direct: number; readonly propagation: number; readonly grouping: boolean } | undefined;

  constructor(private readonly options: CorpusIndexOptions) {}

  // --- the annotator's decisions (core/decisions), applied by the resolution pass ----------------
  private decisions: { d: Decisions; docOf: (file: string) => string | undefined } = { d: EMPTY_DECISIONS, docOf: (f) => f };

  /**
   * Sets the annotator's decisions; `docOf` maps a decisions file path to a document id (default:
   * itself). They apply to every article, so the next read runs a full pass (no fast path).
   */
  setDecisions(d: Decisions, docOf: (file: string) => string | undefined = (f) => f): void {
    this.decisions = { d, docOf };
    this.pass = undefined;
    this.overlay = undefined;
    this.generation++;
  }

  getDecisions(): { readonly d: Decisions; readonly docOf: (file: string) => string | undefined } {
    return this.decisions;
  }

  private compiledDecisions(analyses: ReadonlyMap<string, DocumentAnalysis>): DecisionHooks {
    const { d, docOf } = this.decisions;
    return d === EMPTY_DECISIONS ? NO_DECISIONS : compileDecisions(d, docOf, (doc) => analyses.get(doc)?.text);
  }

  /**
   * Adds or replaces a document. Cost: proportional to the document. `recognized`: the document's
   * candidates from a persisted index (same text, same engine), to skip recognition, or all it
   * stored (tokens and missing spaces too).
   */
  setDocument(doc: string, text: string, recognized?: readonly Candidate[] | StoredAnalysis): void {
    const old = this.docs.get(doc);
    if (old && old.text === text) return;
    if (old) this.adjustVocabulary(old, -1);
    else this.order = undefined;
    const analysis = analyzeDocument(doc, text, this.options.tagger, this.options.lexicon, this.forms, recognized);
    this.docs.set(doc, analysis);
    this.adjustVocabulary(analysis, +1);
    this.touch(doc);
  }

  removeDocument(doc: string): void {
    const old = this.docs.get(doc);
    if (!old) return;
    this.adjustVocabulary(old, -1);
    this.docs.delete(doc);
    this.order = undefined;
    this.touch(doc);
  }

  private touch(doc: string): void {
    this.dirty.add(doc);
    this.overlay = undefined;
    this.generation++;
  }

  /** The corpus table of normalized forms (ids in `DocumentAnalysis.normIds`). */
  get formTable(): FormTable {
    return this.forms;
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

  private adjustVocabulary(a: DocumentAnalysis, sign: 1 | -1): void {
    if (this.vocabulary.length < this.forms.size) {
      const grown = new Int32Array(Math.max(this.forms.size, this.vocabulary.length * 2));
      grown.set(this.vocabulary);
      this.vocabulary = grown;
    }
    a.countArabicForms(this.vocabulary, sign, this.crossings);
  }

  /** Corpus frequency of a normalized Arabic form. */
  private frequency(form: string): number {
    const id = this.forms.lookup(form);
    return id < 0 || id >= this.vocabulary.length ? 0 : this.vocabulary[id]!;
  }

  /** Documents in a stable order (sorted identifiers), independent of the order they were added in. */
  documents(): readonly string[] {
    if (!this.order) this.order = [...this.docs.keys()].sort();
    return this.order;
  }

  /** The snapshot of the last full pass (undefined before the first). */
  get passSnapshot(): CorpusSnapshot | undefined {
    return this.pass?.snapshot;
  }

  /** The documents added, changed or removed since the last full pass. */
  changedSincePass(): ReadonlySet<string> {
    return this.dirty;
  }

  /** True when documents changed since the last full pass. */
  get stale(): boolean {
    return !this.pass || this.dirty.size > 0;
  }

  /** The exact resolved corpus; runs a full pass when anything changed since the last one. */
  resolve(): CorpusSnapshot {
    if (this.stale) {
      const steps = this.resolveSteps();
      while (!steps.next().done);
    }
    return this.pass!.snapshot;
  }

  /**
   * The corpus as of the last full pass, with the documents changed since re-resolved against it
   * (their mentions are current, actor-level figures catch up at the next pass). Runs a full pass
   * only when there has never been one.
   */
  current(): CorpusSnapshot {
    if (!this.pass) return this.resolve();
    if (this.dirty.size === 0) return this.pass.snapshot;
    if (!this.overlay) {
      const pass = this.pass;
      this.overlay = overlaySnapshot(pass.snapshot, this.documents(), new Set(this.dirty), (doc) => {
        const a = this.docs.get(doc);
        return a ? pass.resolution.resolveDocument(a) : undefined;
      });
    }
    return this.overlay;
  }

  /**
   * A full pass in slices: each `next()` does a bounded amount of work. Documents may change between
   * slices; the pass works on the analyses it started with, and the documents changed meanwhile stay
   * marked for the next pass. Run one pass at a time.
   */
  *resolveSteps(): Generator<void, void, void> {
    const generation = this.generation;
    const { input, analyses, decisions } = this.passInput();
    const crossed = this.crossings.length;
    // Replaying is for a pass over most of these documents: after one over a few of them (the articles open
    // when indexing began), nearly every form of the corpus changed, and finding what that changed would
    // cost more than it saves.
    const last = this.pass && 2 * this.pass.analyses.size >= input.documents.length ? this.pass : undefined;
    const affected = last && (yield* this.affectedForms(crossed));
    const resolution = new Resolution(input, last && { resolution: last.resolution, analyses: last.analyses, affected });
    yield* resolution.run();
    yield;
    yield* this.finishPass(resolution, input.documents, analyses, decisions, generation);
    this.crossings = this.crossings.slice(crossed); // those since this pass began (all while it ran)
    this.crossedDuring = this.crossings.length;
    this.lastReuse = { documents: input.documents.length, ...resolution.reuse };
  }

  /** Documents of the last full pass, how many of them had their direct mentions and their propagation replayed from the pass before, and whether it took that pass's grouping into actors. */
  get passReuse(): { readonly documents: number; readonly direct: number; readonly propagation: number; readonly grouping: boolean } | undefined {
    return this.lastReuse;
  }

  /**
   * Marks (by form id) the words one of whose clitic readings leaves a form whose presence may differ
   * from what the last pass read (see `crossings`, the first `crossed` of them); undefined: none. In steps, as
   * articles added by the thousand bring as many crossings (those made meanwhile are the next pass's, as are
   * those made while the pass runs).
   */
  private *affectedForms(crossed: number): Generator<void, Uint8Array | undefined, void> {
    const flips = new Map<number, number>();
    for (let k = 0; k < crossed; k++) {
      const id = this.crossings[k]!;
      flips.set(id, k < this.crossedDuring ? 2 : (flips.get(id) ?? 0) ^ 1); // 2: read either way (stays set)
    }
    let marks: Uint8Array | undefined;
    let n = 0;
    for (const [id, flipped] of flips) {
      if (++n % FLIPS_PER_STEP === 0) yield;
      if (flipped === 0) continue;
      for (const host of cliticHosts(this.forms.form(id))) {
        const h = this.forms.lookup(host);
        if (h < 0) continue;
        (marks ??= new Uint8Array(this.forms.size))[h] = 1;
      }
    }
    return marks;
  }

  /** What a pass reads: the documents as they are now. */
  private passInput(): { input: ResolutionInput; analyses: Map<string, DocumentAnalysis>; decisions: DecisionHooks } {
    const documents = this.documents();
    const analyses = new Map(this.docs);
    const decisions = this.compiledDecisions(analyses);
    const input: ResolutionInput = {
      documents,
      analysis: (doc) => analyses.get(doc),
      forms: this.forms,
      frequency: (form) => this.frequency(form),
      lexicon: this.options.lexicon,
      decisions,
    };
    return { input, analyses, decisions };
  }

  /** Work that makes later requests on the last pass's snapshot cheaper (see BaseSnapshot.prepare), in steps. */
  *prepareSteps(): Generator<void, void, void> {
    if (this.pass) yield* this.pass.snapshot.prepare();
  }

  /**
   * The last full pass as data (see savedPass.ts), when it is up to date with the documents; a host
   * keeps it with the documents' content hashes, the decisions and the engine it was made with.
   */
  savePass(): SavedPass | undefined {
    const taken = this.savePassSteps();
    return taken && drain(taken.steps);
  }

  /**
   * `savePass` in steps: the pass is the one of now (undefined when it is not up to date), with its
   * snapshot; later passes leave it as it is.
   */
  savePassSteps(): { steps: Generator<void, SavedPass, void>; snapshot: CorpusSnapshot } | undefined {
    if (!this.pass || this.stale) return undefined;
    const { resolution, snapshot } = this.pass;
    // With what the snapshot made of each cluster's mentions, which a restore takes instead of counting them.
    const parts = snapshot.basis.clusterParts;
    const steps = (function* (): Generator<void, SavedPass, void> {
      const pass = yield* resolution.saveSteps();
      const clusters: SavedCluster[] = [];
      for (const c of pass.clusters) {
        const part = parts[clusters.length];
        clusters.push(part ? { ...c, part: { canonical: part.canonical, variants: part.variants } } : c);
        if (clusters.length % CLUSTERS_PER_STEP === 0) yield;
      }
      return { ...pass, clusters };
    })();
    return { steps, snapshot };
  }

  /**
   * Takes a pass saved for exactly these documents (same identifiers and texts), decisions and engine
   * — the host checks that — instead of running one. False when it does not fit (then run a pass).
   */
  restorePass(saved: SavedPass): boolean {
    const { input, analyses, decisions } = this.passInput();
    const resolution = Resolution.restore(input, saved);
    if (!resolution) return false;
    this.crossings = [];
    this.crossedDuring = 0;
    const steps = this.finishPass(resolution, input.documents, analyses, decisions, this.generation, saved.clusters.map((c) => c.part));
    while (!steps.next().done);
    return true;
  }

  private *finishPass(resolution: Resolution, documents: readonly string[], analyses: Map<string, DocumentAnalysis>, decisions: DecisionHooks, generation: number, saved?: ReadonlyArray<SavedClusterPart | undefined>): Generator<void, void, void> {
    // The last pass's snapshot lends the parts that did not change (see SnapshotBasis); a restored pass, its saved ones.
    const snapshot = yield* buildSnapshotSteps(documents, resolution.mentionsByDoc, resolution.clustering!, decisions, this.pass?.snapshot.basis, saved);
    this.pass = { resolution, snapshot, analyses };
    this.overlay = undefined;
    this.dirty.clear();
    if (this.generation !== generation) {
      for (const [doc, a] of this.docs) if (analyses.get(doc) !== a) this.dirty.add(doc);
      for (const doc of analyses.keys()) if (!this.docs.has(doc)) this.dirty.add(doc);
    }
  }
}
