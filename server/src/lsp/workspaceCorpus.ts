/**
 * The server's view of the corpus: articles on disk in the workspace folders plus the open documents
 * (whose unsaved text wins). Feeds the analysis engine and keeps a version that changes whenever the
 * corpus does. Scanning works in chunks that yield to the event loop, open documents first.
 */
import * as path from 'path';
import picomatch from 'picomatch';
import { URI } from './uri';
import { Engine } from '../core/engine';
import { Finding } from '../core/model';
import { CorpusSnapshot } from '../core/corpus/corpusIndex';
import { isFoldClass } from '../core/text/normalize';
import { ArabicNewsSettings, DEFAULT_SETTINGS } from '../protocol';
import { isMostlyArabic, readWorkspaceArticle, walkFilesSteps, WorkspaceRead } from '../node/fsCorpus';
import { createHash } from 'crypto';
import { AnalysisCache, contentHash } from '../node/analysisCache';
import { PassCache } from '../node/passCache';
import { StepRunner } from '../node/framedFile';
import { AnalysisPool, BATCH_FILES, ReadResult } from '../node/analysisPool';
import { Candidate } from '../core/recognize/recognizer';
import { DocumentAnalysis, StoredAnalysis } from '../core/corpus/documentAnalysis';
import { LineIndex } from '../core/text/textDocument';
import { Decisions } from '../core/decisions/types';
import { untilQuiet } from './requestActivity';
import { SnapshotFindings } from './snapshotFindings';
import { drain } from '../core/steps';

export interface ScanProgress {
  report(done: number, total: number): void;
  readonly cancelled: () => boolean;
}

export interface SkippedArticle {
  readonly uri: string;
  readonly reason: string;
}

export { isMostlyArabic };

/**
 * Event-loop turns a yield gives. vscode-jsonrpc reads, decodes, dispatches and writes a message each on a
 * turn of its own (its semaphores and message queue go through setImmediate), and a handler may queue one
 * more (an edit's diagnostics): a yield of one turn let a message move one stage per slice of background
 * work. A turn with nothing to do costs microseconds.
 */
const TURNS_PER_YIELD = 6;
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

export const yieldToEventLoop = async (): Promise<void> => {
  for (let i = 0; i < TURNS_PER_YIELD; i++) await turn();
};

/**
 * Runs steps, yielding to the event loop every `sliceMs` milliseconds; stops at a yield once `stop()` is true.
 * A request needs a few turns of the event loop (reading, dispatching, publishing), and each turn waits for
 * one slice: the slices are short. Background work also awaits `between` after each yield (see requestActivity.ts).
 */
export async function inSlices(steps: Generator<void, void, void>, sliceMs: number, stop?: () => boolean, between?: () => Promise<void>): Promise<boolean> {
  let last = performance.now();
  while (!steps.next().done) {
    if (performance.now() - last > sliceMs) {
      await yieldToEventLoop();
      if (between) await between();
      if (stop?.()) {
        steps.return();
        return false;
      }
      last = performance.now();
    }
  }
  return true;
}

/** `inSlices` for steps that make something: what they made. */
export async function resultInSlices<T>(steps: Generator<void, T, void>, sliceMs: number, between?: () => Promise<void>): Promise<T> {
  let result: { value: T } | undefined;
  await inSlices((function* (): Generator<void, void, void> {
    result = { value: yield* steps };
  })(), sliceMs, undefined, between);
  return result!.value;
}
/** Longest stretch of work between two yields to the event loop (requests wait at most this long per turn). */
const SLICE_MS = 10;
/** The same for a full corpus pass, which runs while the user types. */
const PASS_SLICE_MS = 4;
/** The same for work done when the corpus is idle (preparing the snapshot for requests). */
const IDLE_SLICE_MS = 2;
/** Articles to analyse below which worker threads are not worth starting. */
const POOL_MIN_ARTICLES = 64;

export class WorkspaceCorpus {
  /** What background work (the persisted index written, co-occurrences ranked, opened articles prepared) awaits between its slices: a pause in the requests. */
  untilQuiet: () => Promise<void> = untilQuiet();
  private settings: ArabicNewsSettings = DEFAULT_SETTINGS;
  private include: (p: string) => boolean = () => true;
  private exclude: (p: string) => boolean = () => false;
  private readonly open = new Map<string, string>();
  private readonly onDisk = new Map<string, string>();
  readonly skipped = new Map<string, string>();
  private folders: string[] = [];
  private versionCounter = 0;
  /** Findings per snapshot (under the settings of now): each article's, and how many spelling variants those counted have. */
  private findingsCaches = new WeakMap<CorpusSnapshot, SnapshotFindings>();
  /** Line indexes by analysis (see `lines`). */
  private readonly lineIndexes = new WeakMap<DocumentAnalysis, LineIndex>();
  indexing = false;
  /** True while the host has a full corpus pass (and the republishing after it) still to run. */
  settling = false;
  /** True while the host republishes the corpus's diagnostics (after a pass or the scan). */
  publishing = false;
  /** The persisted index (recognition results by content hash), when the host has a storage folder. */
  private cache: AnalysisCache | undefined;
  /** The persisted corpus pass, beside it. */
  private passCache: PassCache | undefined;
  private decisions: { d: Decisions; docOf: (file: string) => string | undefined } | undefined;
  /** Starts worker threads for recognition when a scan has many articles to analyse (none: analyse here). */
  poolFactory: (() => AnalysisPool) | undefined;
  /** Content hash of each article's text in the index, and of the text on disk of each article read (with a persisted index). */
  private readonly hashes = new Map<string, string>();
  private readonly diskHashes = new Map<string, string>();
  /** Articles whose recognition came from the persisted index / was computed, since the last reset. */
  readonly cacheStats = { hits: 0, misses: 0 };

  constructor(readonly engine: Engine) {
    this.applySettings(DEFAULT_SETTINGS);
  }

  get version(): number {
    return this.versionCounter;
  }

  private changed(): void {
    this.versionCounter++;
  }

  setFolders(folders: readonly string[]): void {
    this.folders = [...folders];
  }

  listFolders(): readonly string[] {
    return this.folders;
  }

  applySettings(settings: ArabicNewsSettings): void {
    this.settings = settings;
    const opts = { dot: false };
    this.include = picomatch(settings.files.include.length ? [...settings.files.include] : ['**/*.arnews', '**/*.txt'], opts);
    this.exclude = settings.files.exclude.length ? picomatch([...settings.files.exclude], opts) : () => false;
    this.engine.configure({
      spelling: {
        severity: settings.diagnostics.severity,
        minMentions: settings.diagnostics.minMentions,
        ignoreNames: settings.diagnostics.ignoreNames,
        ignore: settings.diagnostics.ignore.filter(isFoldClass),
      },
      missingSpace: settings.diagnostics.missingSpace,
    });
    this.findingsCaches = new WeakMap();
    this.changed();
  }

  /** The annotator's decisions (see features/decisionsFile.ts); `docOf` maps their file paths to document URIs. */
  setDecisions(d: Decisions, docOf: (file: string) => string | undefined): void {
    this.decisions = { d, docOf };
    this.engine.index.setDecisions(d, docOf);
    this.changed();
  }

  getSettings(): ArabicNewsSettings {
    return this.settings;
  }

  /** True when a file path belongs to the corpus by its name (content is checked separately for .txt). */
  matches(file: string): boolean {
    for (const folder of this.folders) {
      const rel = path.relative(folder, file);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const posix = rel.split(path.sep).join('/');
      if (this.include(posix) && !this.exclude(posix)) return true;
    }
    return false;
  }

  /** Text of an article (open document first). */
  text(uri: string): string | undefined {
    return this.engine.index.text(uri);
  }

  /**
   * The line index of an article's text, made once per analysis (a new text has a new analysis): what
   * features that place mentions of many articles use, without hashing each text to find its index.
   */
  lines(uri: string): LineIndex | undefined {
    const a = this.engine.index.analysis(uri);
    if (!a) return undefined;
    let li = this.lineIndexes.get(a);
    if (!li) this.lineIndexes.set(a, (li = new LineIndex(a.text)));
    return li;
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  /**
   * The corpus as features see it: the last full resolution pass, with the articles changed since
   * re-resolved against it (see CorpusIndex.current); `resolveInSlices` brings it up to date.
   */
  snapshot(): CorpusSnapshot {
    return this.engine.index.current();
  }

  /** True when articles changed since the last full resolution pass. */
  get stale(): boolean {
    return this.engine.index.stale;
  }

  /**
   * Runs a full resolution pass in slices, yielding to the event loop every few milliseconds; stops at a
   * yield once `stop()` is true (the last pass stays, the changed articles stay marked). True when it finished.
   */
  resolveInSlices(stop?: () => boolean): Promise<boolean> {
    return inSlices(this.engine.index.resolveSteps(), PASS_SLICE_MS, stop);
  }

  /** Prepares the last pass's snapshot for requests (see CorpusIndex.prepareSteps), in slices, until `stop()`. */
  async prepareInSlices(stop?: () => boolean): Promise<void> {
    await inSlices(this.engine.index.prepareSteps(), IDLE_SLICE_MS, stop, this.untilQuiet);
  }

  /** An object that changes whenever findings may change (snapshot or settings): a key for caches built on them. */
  findingsState(): object {
    return this.findingsOf(this.snapshot());
  }

  private findingsOf(snapshot: CorpusSnapshot): SnapshotFindings {
    let cache = this.findingsCaches.get(snapshot);
    if (!cache) this.findingsCaches.set(snapshot, (cache = new SnapshotFindings()));
    return cache;
  }

  /** Findings of a document, cached per corpus snapshot (the same array while they are the same: see Engine.findings). */
  findings(uri: string): readonly Finding[] {
    return this.findingsIn(this.snapshot(), uri);
  }

  private findingsIn(snapshot: CorpusSnapshot, uri: string): readonly Finding[] {
    const cache = this.findingsOf(snapshot);
    let f = cache.get(uri);
    if (!f) cache.add(uri, (f = this.engine.index.has(uri) ? this.engine.findings(uri, snapshot) : []));
    return f;
  }

  /**
   * How many spelling variants the corpus has (the status bar's figure, what "fix all" fixes), without
   * judging the whole corpus again after an edit: the last pass's count (once its findings are all known,
   * as after its diagnostics were published), with the articles changed since counted again — the others'
   * findings are the pass's until the next one (see CorpusIndex.current).
   */
  spellingIssues(): number {
    return drain(this.spellingIssuesSteps());
  }

  /**
   * `spellingIssues` in steps, one article judged per step: a request for the count while a pass's findings
   * are not yet all known (its republishing under way, or stopped by an edit) judges up to the whole corpus,
   * about a second at 30,000 articles, and in slices other requests are answered meanwhile (the republishing
   * judges the same articles, and each is judged once). An edit between two steps: counted again, as edited.
   */
  *spellingIssuesSteps(): Generator<void, number, void> {
    let passCompleted = false;
    for (;;) {
      const known = this.spellingIssuesKnown();
      if (known !== undefined) return known;
      const snapshot = this.snapshot();
      const pass = this.engine.index.passSnapshot;
      // After an edit: the last pass's findings completed (as its publishing would have: most carry over from
      // the pass before), then the changed articles counted again, rather than every article judged against the edit.
      const onPass = !passCompleted && pass !== undefined && pass !== snapshot;
      const target = onPass ? pass : snapshot;
      let edited = false;
      for (const d of onPass ? pass.documents : this.engine.index.documents()) {
        this.findingsIn(target, d);
        yield;
        if (this.snapshot() !== snapshot) {
          edited = true;
          break;
        }
      }
      if (edited) {
        passCompleted = false;
        continue;
      }
      if (!onPass) return this.findingsOf(snapshot).spelling;
      passCompleted = true;
    }
  }

  /** `spellingIssues` with its steps run in slices (see `spellingIssuesSteps`). */
  spellingIssuesInSlices(): Promise<number> {
    return this.inRequestSlices(this.spellingIssuesSteps());
  }

  /** What steps give, run in slices of SLICE_MS with requests answered between them (a request's work, the scan's listing). */
  inRequestSlices<T>(steps: Generator<void, T, void>): Promise<T> {
    return resultInSlices(steps, SLICE_MS);
  }

  /**
   * `spellingIssues` when it judges no article but those changed since the last pass: undefined while the
   * last pass's findings are not all known (its publishing was stopped by an edit), when the count would
   * judge the whole corpus (about a second at 10,000 articles).
   */
  spellingIssuesKnown(): number | undefined {
    const snapshot = this.snapshot();
    const cache = this.findingsOf(snapshot);
    if (cache.knowsAll(this.engine.index.documents())) return cache.spelling;
    const pass = this.engine.index.passSnapshot;
    const passCache = pass && pass !== snapshot ? this.findingsCaches.get(pass) : undefined;
    if (!pass || !passCache || !passCache.knowsAll(pass.documents)) return undefined;
    let n = passCache.spelling;
    for (const d of this.engine.index.changedSincePass()) {
      n -= SnapshotFindings.spellingVariants(passCache.get(d) ?? []);
      if (this.engine.index.has(d)) n += SnapshotFindings.spellingVariants(this.findingsIn(snapshot, d));
    }
    return n;
  }

  documents(): readonly string[] {
    return this.engine.index.documents();
  }

  // --- persisted index -----------------------------------------------------------------------

  /** Uses a persisted index (and a persisted pass); returns how many entries it read and why the file was not used, if so. */
  useCache(cache: AnalysisCache, pass?: PassCache): { entries: number; problem: string | undefined } {
    this.cache = cache;
    this.passCache = pass;
    const entries = cache.load();
    return { entries, problem: cache.loadProblem };
  }

  /**
   * Writes the persisted index (the current articles only) and the last pass when it is up to date and made
   * from the articles on disk. Returns true when it wrote.
   */
  saveCache(): boolean {
    if (!this.cache) return false;
    this.cache.retain(new Set([...this.hashes.values(), ...this.diskHashes.values()]));
    let wrote = this.cache.save();
    const target = this.passTarget();
    const saved = target && this.engine.savePass();
    if (target && saved) wrote = target.file.save(saved, target.fingerprint) || wrote;
    return wrote;
  }

  /**
   * `saveCache` in the background: the persisted index and the pass (as they are when it begins) are
   * encoded in slices of `sliceMs` that yield to the event loop, and written asynchronously — on a large
   * corpus that is a few hundred milliseconds of work, which requests do not wait for.
   */
  async saveCacheInSteps(sliceMs = IDLE_SLICE_MS): Promise<boolean> {
    if (!this.cache) return false;
    const run: StepRunner = (steps) => resultInSlices(steps, sliceMs, this.untilQuiet);
    this.cache.retain(new Set([...this.hashes.values(), ...this.diskHashes.values()]));
    const target = this.passTarget();
    const steps = target && this.engine.savePassSteps(); // the pass of now, with its fingerprint
    let wrote = await this.cache.saveInSteps(run);
    if (target && steps) wrote = (await target.file.saveInSteps(steps, target.fingerprint, run)) || wrote;
    return wrote;
  }

  /** Where the pass of now goes and its fingerprint, when it is made from the articles on disk and is not the one on disk. */
  private passTarget(): { file: PassCache; fingerprint: string } | undefined {
    const file = this.passCache;
    // A pass over unsaved edits is no pass of what the next start reads (the files): the one on disk stays.
    const fingerprint = file && this.openTextsOnDisk() ? this.passFingerprint() : undefined;
    if (!file || !fingerprint || file.holds(fingerprint, this.engine.findingsKey())) return undefined;
    return { file, fingerprint };
  }

  /** True when every open article's text is its text on disk (no unsaved edits, no unsaved new article). */
  private openTextsOnDisk(): boolean {
    for (const [uri, text] of this.open) if (this.engine.index.has(uri) && this.onDisk.get(uri) !== text) return false;
    return true;
  }

  /**
   * Takes the persisted pass instead of running one, when it was made from exactly the articles (by their
   * content hashes), decisions and engine of the index now. Returns what happened, for the log.
   */
  restorePass(): 'restored' | 'none' | string {
    if (!this.passCache || !this.engine.index.stale) return 'none';
    const fingerprint = this.passFingerprint();
    const saved = fingerprint ? this.passCache.load(fingerprint) : undefined;
    if (this.passCache.loadProblem) return this.passCache.loadProblem;
    if (!saved) return 'none';
    if (this.engine.restorePass(saved)) return 'restored';
    this.passCache.forget();
    return 'the persisted corpus pass does not fit the articles; running the pass';
  }

  /**
   * What a corpus pass is computed from: every article's identifier and content hash (in corpus order)
   * and the decisions with the articles they name. Undefined when an article's hash is not known.
   */
  private passFingerprint(): string | undefined {
    const h = createHash('sha1');
    for (const uri of this.engine.index.documents()) {
      const hash = this.hashes.get(uri);
      if (!hash) return undefined;
      h.update(uri).update('\u0000').update(hash).update('\n');
    }
    const dec = this.decisions;
    if (dec) {
      h.update(JSON.stringify(dec.d));
      for (const f of new Set([...dec.d.added, ...dec.d.removed].map((e) => e.file))) h.update('\u0000' + f + '\u0000' + (dec.docOf(f) ?? ''));
    }
    return h.digest('base64');
  }

  /** Adds or replaces an article in the index, with its analysis from the persisted index when there. */
  private index(uri: string, text: string, recognized?: readonly Candidate[] | StoredAnalysis, hash?: string): void {
    if (this.engine.index.text(uri) === text) return;
    if (!this.cache) {
      this.engine.index.setDocument(uri, text, recognized);
      return;
    }
    hash ??= contentHash(text);
    const stored = this.cache.get(hash, text);
    this.engine.index.setDocument(uri, text, stored ?? recognized);
    if (stored) this.cacheStats.hits++;
    else this.cacheStats.misses++;
    // Only texts on disk are worth keeping for the next start, not every unsaved version of an open article.
    if (this.diskHashes.get(uri) === hash) this.cache.set(hash, this.engine.index.analysis(uri)!, this.engine.index.formTable);
    this.hashes.set(uri, hash);
  }

  private unindex(uri: string): void {
    this.engine.index.removeDocument(uri);
    this.hashes.delete(uri);
  }

  // --- open documents -------------------------------------------------------------------------

  /** An open document's text changed (or it opened). Non-article documents are ignored. */
  setOpenText(uri: string, text: string, languageId: string): boolean {
    const file = URI.toFsPath(uri);
    const isArticle = languageId === 'arabic-news' || (file !== undefined && this.matches(file) && (file.endsWith('.arnews') || isMostlyArabic(text)));
    if (!isArticle) {
      // An open article edited into something else (English notes) leaves the corpus while it is open
      // (its text still wins over the file on disk, which comes back when it is closed).
      if (!this.open.has(uri)) return false;
      this.open.set(uri, text);
      if (this.engine.index.has(uri)) {
        this.unindex(uri);
        this.changed();
      }
      return true;
    }
    this.open.set(uri, text);
    this.index(uri, text);
    this.changed();
    return true;
  }

  closeDocument(uri: string): void {
    if (!this.open.delete(uri)) return;
    const disk = this.onDisk.get(uri);
    if (disk !== undefined) this.index(uri, disk);
    else this.unindex(uri);
    this.changed();
  }

  // --- disk -----------------------------------------------------------------------------------

  /** Reads one file from disk into the corpus (or drops it when it is no article). Returns what happened. */
  loadFile(file: string): 'added' | 'skipped' | 'ignored' {
    const r = this.readFile(file);
    return typeof r === 'string' ? r : this.accept(r.uri, r.text, undefined, r.hash);
  }

  /** Reads an article file: its text (and content hash, with a persisted index), or why it is not one (recorded as skipped or dropped). */
  private readFile(file: string): { uri: string; text: string; hash?: string } | 'skipped' | 'ignored' {
    return this.take(file, readWorkspaceArticle(file, this.cache !== undefined));
  }

  /** Records what reading a file gave (see `readFile`). */
  private take(file: string, r: WorkspaceRead): { uri: string; text: string; hash?: string } | 'skipped' | 'ignored' {
    const uri = URI.fromFsPath(file);
    if (r === 'ignored') return this.dropFile(file, 'ignored');
    if ('skipped' in r) return this.skip(uri, r.skipped);
    return r.hash === undefined ? { uri, text: r.text } : { uri, text: r.text, hash: r.hash };
  }

  /** Takes the text read from disk for an article (`recognized`: its candidates, computed elsewhere; `hash`: its content hash, when known). */
  private accept(uri: string, text: string, recognized?: readonly Candidate[] | StoredAnalysis, hash?: string): 'added' {
    this.skipped.delete(uri);
    if (this.onDisk.get(uri) === text) return 'added';
    this.onDisk.set(uri, text);
    if (hash) this.diskHashes.set(uri, hash);
    if (this.open.has(uri)) {
      // Saved from the editor: the open text is now the text on disk, and its analysis is worth keeping.
      if (hash && this.cache && this.engine.index.text(uri) === text) this.cache.set(hash, this.engine.index.analysis(uri)!, this.engine.index.formTable);
    } else {
      this.index(uri, text, recognized, hash);
      this.changed();
    }
    return 'added';
  }

  /** True when indexing this text would analyse it (not in the index, not in the persisted index, not open). */
  private needsAnalysis(uri: string, text: string, hash: string | undefined): boolean {
    if (this.open.has(uri) || this.onDisk.get(uri) === text || this.engine.index.text(uri) === text) return false;
    return !(hash && this.cache?.has(hash));
  }

  private skip(uri: string, reason: string): 'skipped' {
    this.skipped.set(uri, reason);
    this.removeUri(uri);
    return 'skipped';
  }

  private dropFile(file: string, result: 'ignored', reason?: string): 'ignored' | 'skipped' {
    const uri = URI.fromFsPath(file);
    if (reason) return this.skip(uri, reason);
    this.skipped.delete(uri);
    this.removeUri(uri);
    return result;
  }

  private removeUri(uri: string): void {
    this.onDisk.delete(uri);
    this.diskHashes.delete(uri);
    if (!this.open.has(uri) && this.engine.index.has(uri)) {
      this.unindex(uri);
      this.changed();
    }
  }

  deleteFile(file: string): void {
    const uri = URI.fromFsPath(file);
    this.skipped.delete(uri);
    this.removeUri(uri);
  }

  /** Lists candidate article files under the workspace folders (no symlink loops, no hidden folders). */
  listFiles(): string[] {
    return drain(this.listFilesSteps());
  }

  /** `listFiles` in steps (a scan lists in slices: tens of thousands of files took 82 ms and more in one go). */
  listFilesSteps(): Generator<void, string[], void> {
    return walkFilesSteps(this.folders, (p) => this.matches(p), (folder, reason) => this.skipped.set(URI.fromFsPath(folder), `the folder cannot be listed (${reason})`));
  }

  /**
   * Scans the workspace folders: reads every article, in chunks that yield; open documents stay first.
   * With many files, worker threads read and analyse them (articles whose analysis the index or the
   * persisted index has are only read there).
   */
  async scan(progress?: ScanProgress): Promise<{ added: number; skipped: number; cancelled: boolean; workers: number }> {
    this.indexing = true;
    let pool: AnalysisPool | undefined;
    let finished = false;
    try {
      // Articles gone since they were read are dropped; those file events bring in while the listing runs (in
      // slices) were not there to be listed, and are kept.
      const known = [...this.onDisk.keys()];
      const files = await this.inRequestSlices(this.listFilesSteps());
      const present = new Set(files.map((f) => URI.fromFsPath(f)));
      for (const uri of known) if (!present.has(uri) && this.onDisk.has(uri)) this.removeUri(uri);
      let added = 0;
      let skipped = 0;
      let done = 0;
      let lastYield = Date.now();
      const pause = async (): Promise<void> => {
        if (Date.now() - lastYield > SLICE_MS) {
          progress?.report(done, files.length);
          await yieldToEventLoop();
          lastYield = Date.now();
        }
      };
      /** Takes one file's text (read here or by a worker, with its hash and analysis when known). */
      const take = (r: { uri: string; text: string; hash?: string } | 'skipped' | 'ignored', hash?: string, analysis?: StoredAnalysis): void => {
        done++;
        if (r === 'skipped') skipped++;
        else if (r !== 'ignored') {
          added++;
          this.accept(r.uri, r.text, analysis, hash ?? r.hash ?? (this.cache ? contentHash(r.text) : undefined));
        }
      };
      const readHere = (file: string): void => take(this.readFile(file));
      // With a persisted index or articles read from disk already (a rescan), most articles need no analysis:
      // they are read here, and worker threads only analyse the others, when there are many. Otherwise
      // (a cold start, articles open in the editor or not) the workers read and analyse every article.
      let toWorkers: readonly string[] = files;
      if ((this.cache?.size ?? 0) > 0 || this.onDisk.size > 0 || !this.poolFactory || files.length < POOL_MIN_ARTICLES) {
        const pending: string[] = [];
        for (const file of files) {
          if (progress?.cancelled()) return { added, skipped, cancelled: true, workers: 0 };
          const r = this.readFile(file);
          if (typeof r !== 'string' && this.needsAnalysis(r.uri, r.text, r.hash) && this.poolFactory) pending.push(file);
          else take(r);
          await pause();
        }
        if (pending.length < POOL_MIN_ARTICLES) for (const file of pending) {
          if (progress?.cancelled()) return { added, skipped, cancelled: true, workers: 0 };
          readHere(file);
          await pause();
        }
        toWorkers = pending.length >= POOL_MIN_ARTICLES ? pending : [];
      }
      if (toWorkers.length > 0) {
        const workers = (pool = this.poolFactory!());
        workers.know([...(this.cache?.hashes() ?? []), ...this.diskHashes.values()]);
        const fromWorker = (r: ReadResult): void => {
          if (r.status === 'article') take(this.take(r.file, { text: r.text }), r.hash, r.analysis);
          else take(this.take(r.file, r.status === 'ignored' ? 'ignored' : { skipped: r.reason }));
        };
        const inFlight = new Set<Promise<void>>();
        for (let i = 0; i < toWorkers.length; i += BATCH_FILES) {
          if (progress?.cancelled()) return { added, skipped, cancelled: true, workers: workers.size };
          const batch = toWorkers.slice(i, i + BATCH_FILES);
          const job: Promise<void> = workers.read(batch).then(
            (results) => void (finished || results.forEach(fromWorker)),
            () => void (finished || batch.forEach(readHere)), // a worker failed: read and analyse here
          ).finally(() => inFlight.delete(job));
          inFlight.add(job);
          while (inFlight.size >= workers.size * 3) await Promise.race(inFlight);
          await pause();
        }
        await Promise.all(inFlight);
      }
      progress?.report(files.length, files.length);
      return { added, skipped, cancelled: false, workers: pool?.size ?? 0 };
    } finally {
      finished = true;
      if (pool) await pool.close();
      this.changed();
    }
  }
}
