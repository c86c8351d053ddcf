/**
 * The server's view of the corpus: articles on disk in the workspace folders plus the open documents
 * (whose unsaved text wins). Feeds the analysis engine and keeps a version that changes whenever the
 * corpus does. Scanning works in chunks that yield to the event loop, open documents first.
 */
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { URI } from './uri';
import { Engine } from '../core/engine';
import { Finding } from '../core/model';
import { CorpusSnapshot } from '../core/corpus/corpusIndex';
import { decodeUtf8, TextDecodeError } from '../core/text/textDocument';
import { isFoldClass } from '../core/text/normalize';
import { ArabicNewsSettings, DEFAULT_SETTINGS } from '../protocol';
import { MAX_FILE_BYTES, walkFiles } from '../node/fsCorpus';
import { AnalysisCache, contentHash } from '../node/analysisCache';
import { AnalysisPool } from '../node/analysisPool';
import { Candidate } from '../core/recognize/recognizer';
import { Decisions } from '../core/decisions/types';

export interface ScanProgress {
  report(done: number, total: number): void;
  readonly cancelled: () => boolean;
}

export interface SkippedArticle {
  readonly uri: string;
  readonly reason: string;
}

/** True when most letters of a text are Arabic (a plain .txt file is only taken as an article then). */
export function isMostlyArabic(text: string): boolean {
  let arabic = 0;
  let letters = 0;
  const n = Math.min(text.length, 20000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x0621 && c <= 0x064a) || (c >= 0x066e && c <= 0x06d3)) {
      arabic++;
      letters++;
    } else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c < 0x0600)) {
      letters++;
    }
  }
  return letters > 0 && arabic / letters >= 0.5;
}

export const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));
/** Longest stretch of work between two yields to the event loop (requests wait at most this long). */
const SLICE_MS = 10;
/** Articles to analyse below which worker threads are not worth starting. */
const POOL_MIN_ARTICLES = 64;

export class WorkspaceCorpus {
  private settings: ArabicNewsSettings = DEFAULT_SETTINGS;
  private include: (p: string) => boolean = () => true;
  private exclude: (p: string) => boolean = () => false;
  private readonly open = new Map<string, string>();
  private readonly onDisk = new Map<string, string>();
  readonly skipped = new Map<string, string>();
  private folders: string[] = [];
  private versionCounter = 0;
  private findingsCache: { snapshot: CorpusSnapshot; byDoc: Map<string, Finding[]> } | undefined;
  indexing = false;
  /** True while the host has a full corpus pass (and the republishing after it) still to run. */
  settling = false;
  /** The persisted index (recognition results by content hash), when the host has a storage folder. */
  private cache: AnalysisCache | undefined;
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
    this.findingsCache = undefined;
    this.changed();
  }

  /** The annotator's decisions (see features/decisionsFile.ts); `docOf` maps their file paths to document URIs. */
  setDecisions(d: Decisions, docOf: (file: string) => string | undefined): void {
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

  /** Runs a full resolution pass in slices, yielding to the event loop every few milliseconds. */
  async resolveInSlices(): Promise<void> {
    const steps = this.engine.index.resolveSteps();
    let last = Date.now();
    while (!steps.next().done) {
      if (Date.now() - last > SLICE_MS) {
        await yieldToEventLoop();
        last = Date.now();
      }
    }
  }

  /** An object that changes whenever findings may change (snapshot or settings): a key for caches built on them. */
  findingsState(): object {
    const snapshot = this.snapshot();
    if (!this.findingsCache || this.findingsCache.snapshot !== snapshot) this.findingsCache = { snapshot, byDoc: new Map() };
    return this.findingsCache;
  }

  /** Findings of a document, cached per corpus snapshot. */
  findings(uri: string): Finding[] {
    const snapshot = this.snapshot();
    if (!this.findingsCache || this.findingsCache.snapshot !== snapshot) this.findingsCache = { snapshot, byDoc: new Map() };
    let f = this.findingsCache.byDoc.get(uri);
    if (!f) {
      f = this.engine.index.has(uri) ? this.engine.findings(uri, snapshot) : [];
      this.findingsCache.byDoc.set(uri, f);
    }
    return f;
  }

  documents(): readonly string[] {
    return this.engine.index.documents();
  }

  // --- persisted index -----------------------------------------------------------------------

  /** Uses a persisted index; returns how many entries it read and why the file was not used, if so. */
  useCache(cache: AnalysisCache): { entries: number; problem: string | undefined } {
    this.cache = cache;
    const entries = cache.load();
    return { entries, problem: cache.loadProblem };
  }

  /** Writes the persisted index (the current articles only). Returns true when it wrote. */
  saveCache(): boolean {
    if (!this.cache) return false;
    this.cache.retain(new Set([...this.hashes.values(), ...this.diskHashes.values()]));
    return this.cache.save();
  }

  /** Adds or replaces an article in the index, with its analysis from the persisted index when there. */
  private index(uri: string, text: string, recognized?: readonly Candidate[], hash?: string): void {
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
    return typeof r === 'string' ? r : this.accept(r.uri, r.text, undefined, this.cache ? contentHash(r.text) : undefined);
  }

  /** Reads an article file: its text, or why it is not one (recorded as skipped or dropped). */
  private readFile(file: string): { uri: string; text: string } | 'skipped' | 'ignored' {
    const uri = URI.fromFsPath(file);
    let bytes: Buffer;
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) return this.dropFile(file, 'ignored');
      if (st.size > MAX_FILE_BYTES) return this.skip(uri, `too large (${(st.size / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB)`);
      bytes = fs.readFileSync(file);
    } catch (e) {
      return this.dropFile(file, 'ignored', (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    let text: string;
    try {
      text = decodeUtf8(bytes);
    } catch (e) {
      if (e instanceof TextDecodeError) return this.skip(uri, e.message);
      throw e;
    }
    if (!file.endsWith('.arnews') && !isMostlyArabic(text)) return this.dropFile(file, 'ignored');
    return { uri, text };
  }

  /** Takes the text read from disk for an article (`recognized`: its candidates, computed elsewhere; `hash`: its content hash, when known). */
  private accept(uri: string, text: string, recognized?: readonly Candidate[], hash?: string): 'added' {
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

  /** True when indexing this text would run recognition (not in the index, not in the persisted index). */
  private needsRecognition(uri: string, text: string, hash: string | undefined): boolean {
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
    return walkFiles(this.folders, (p) => this.matches(p), (folder, reason) => this.skipped.set(URI.fromFsPath(folder), `the folder cannot be listed (${reason})`));
  }

  /** Scans the workspace folders: reads every article, in chunks that yield; open documents stay first. */
  async scan(progress?: ScanProgress): Promise<{ added: number; skipped: number; cancelled: boolean; workers: number }> {
    this.indexing = true;
    let pool: AnalysisPool | undefined;
    try {
      const files = this.listFiles();
      const present = new Set(files.map((f) => URI.fromFsPath(f)));
      for (const uri of [...this.onDisk.keys()]) if (!present.has(uri)) this.removeUri(uri);
      let added = 0;
      let skipped = 0;
      let lastYield = Date.now();
      const pause = async (done: number): Promise<void> => {
        if (Date.now() - lastYield > SLICE_MS) {
          progress?.report(done, files.length);
          await yieldToEventLoop();
          lastYield = Date.now();
        }
      };
      // First every file is read: articles known to the index or the persisted index are indexed
      // at once; the others wait, to be recognized here or, when there are many, in worker threads.
      const pending: Array<{ uri: string; text: string; hash: string | undefined }> = [];
      for (let i = 0; i < files.length; i++) {
        if (progress?.cancelled()) return { added, skipped, cancelled: true, workers: 0 };
        const r = this.readFile(files[i]!);
        if (r === 'skipped') skipped++;
        else if (r !== 'ignored') {
          added++;
          const hash = this.cache ? contentHash(r.text) : undefined;
          if (this.needsRecognition(r.uri, r.text, hash)) pending.push({ ...r, hash });
          else this.accept(r.uri, r.text, undefined, hash);
        }
        await pause(i + 1 - pending.length);
      }
      let done = files.length - pending.length;
      if (this.poolFactory && pending.length >= POOL_MIN_ARTICLES) pool = this.poolFactory();
      const inFlight = new Set<Promise<void>>();
      for (const r of pending) {
        if (progress?.cancelled()) return { added, skipped, cancelled: true, workers: pool?.size ?? 0 };
        if (pool) {
          const job: Promise<void> = pool.recognize(r.text).then(
            (candidates) => void this.accept(r.uri, r.text, candidates, r.hash),
            () => void this.accept(r.uri, r.text, undefined, r.hash),
          ).finally(() => {
            inFlight.delete(job);
            done++;
          });
          inFlight.add(job);
          while (inFlight.size >= pool.size * 4) await Promise.race(inFlight);
        } else {
          this.accept(r.uri, r.text, undefined, r.hash);
          done++;
        }
        await pause(done);
      }
      await Promise.all(inFlight);
      progress?.report(files.length, files.length);
      return { added, skipped, cancelled: false, workers: pool?.size ?? 0 };
    } finally {
      if (pool) await pool.close();
      this.changed();
    }
  }
}
