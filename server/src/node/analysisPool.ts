/**
 * Reading and analysing articles in worker threads, for indexing many at once. What an article costs
 * before the corpus pass — reading and decoding the file, its content hash, tokens, recognition (the
 * tagger), missing spaces — depends on that article alone, so it runs on every core while the host's
 * main thread stays free (a language server answers requests meanwhile). Results come back as typed
 * arrays that are transferred, not copied (see packedAnalysis.ts).
 *
 * The workers run the same bundle as their host (server or CLI), started with a marker in
 * `workerData`; `runAnalysisWorker()` at the top of the bundle's entry point turns such a thread into
 * a worker.
 */
import * as os from 'os';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { createRecognitionLexicon } from '../core/engine';
import { defaultTagger } from '../core/recognize/defaultTagger';
import { findMissingSpacesInArrays } from '../core/findings/missingSpace';
import { analyzeDocument, FormTranslation, StoredAnalysis } from '../core/corpus/documentAnalysis';
import { FormTable } from '../core/corpus/formTable';
import { loadWordList, useSharedWordList } from './loadWordList';
import { wordListParts, type WordListParts } from '../core/lexicon/wordList';
import { CorpusFile, readArticle, readWorkspaceArticle, SkippedFile, isSkipped } from './fsCorpus';
import { PackedAnalysis, packCandidates, packedBuffers, packMissing, unpackAnalysis } from './packedAnalysis';

const ROLE = 'arabic-news-analysis-worker';

/**
 * How files are read: as the language server reads a workspace folder (`readWorkspaceArticle`), or as
 * the CLI reads the paths it is given (`readArticle`).
 */
export type ReadMode = 'workspace' | 'cli';

/** One file as a worker read it. */
export type ReadResult =
  | { readonly file: string; readonly status: 'ignored' }
  | { readonly file: string; readonly status: 'skipped'; readonly reason: string }
  | {
      readonly file: string;
      readonly status: 'article';
      readonly text: string;
      /** Content hash of the text (contentHash); none for CLI reads (the CLI keeps no persisted index). */
      readonly hash: string | undefined;
      /** The text began with a byte order mark (CLI reads). */
      readonly hadBom: boolean;
      /** The analysis, unless its hash was among the known ones (see AnalysisPool.read). */
      readonly analysis: StoredAnalysis | undefined;
    };

type WireItem =
  | { readonly file: string; readonly status: 'ignored' }
  | { readonly file: string; readonly status: 'skipped'; readonly reason: string }
  | { readonly file: string; readonly status: 'article'; readonly text: string; readonly hash: string | undefined; readonly hadBom: boolean; readonly packed: PackedAnalysis | undefined };

interface Job {
  readonly id: number;
  readonly files: readonly string[];
  /** Content hashes whose analysis the host has already (none is computed for them). */
  readonly known: readonly string[] | undefined;
}

/** `forms`: the forms the worker's table gained since its last reply (its table lasts as long as the worker). */
type Reply = { readonly id: number; readonly items: WireItem[]; readonly forms: string[] } | { readonly id: number; readonly error: string };

interface WorkerOptions {
  readonly role: typeof ROLE;
  readonly mode: ReadMode;
  /** The host's word list, in shared memory (none: the worker loads its own). */
  readonly words?: WordListParts;
}

/** In a worker thread started by an AnalysisPool: serves read requests and returns true. */
export function runAnalysisWorker(): boolean {
  const options = workerData as Partial<WorkerOptions> | null;
  if (isMainThread || options?.role !== ROLE || !parentPort) return false;
  const port = parentPort;
  const mode = options.mode ?? 'workspace';
  if (options.words) useSharedWordList(options.words);
  // Built on the first article to analyse: a warm start only reads and hashes files here.
  let engine: { words: ReturnType<typeof loadWordList>; lexicon: ReturnType<typeof createRecognitionLexicon>; tagger: ReturnType<typeof defaultTagger> } | undefined;
  const analysis = (): NonNullable<typeof engine> => {
    if (!engine) {
      const words = loadWordList();
      engine = { words, lexicon: createRecognitionLexicon(words), tagger: defaultTagger(words) };
    }
    return engine;
  };
  const known = new Set<string>();
  // One table of forms for the worker's life: each reply sends only the forms new since the last one.
  const forms = new FormTable();
  let sent = 0;
  port.on('message', (job: Job) => {
    let reply: Reply;
    const transfer: ArrayBuffer[] = [];
    try {
      for (const h of job.known ?? []) known.add(h);
      const items: WireItem[] = [];
      for (const file of job.files) {
        const read = readFor(mode, file);
        if (read === 'ignored') {
          items.push({ file, status: 'ignored' });
          continue;
        }
        if ('reason' in read) {
          items.push({ file, status: 'skipped', reason: read.reason });
          continue;
        }
        const hash = 'hash' in read ? read.hash : undefined;
        let packed: PackedAnalysis | undefined;
        if (hash === undefined || !known.has(hash)) {
          // The same analysis as the host's index would make (documentAnalysis.ts), in this worker's table of forms.
          const { words, lexicon, tagger } = analysis();
          const a = analyzeDocument(file, read.text, tagger, lexicon, forms);
          packed = { starts: a.starts, ends: a.ends, flags: a.tokenFlags, normIds: a.normIds, candidates: packCandidates(a.candidates), missing: packMissing(findMissingSpacesInArrays(a, forms, words)) };
          transfer.push(...packedBuffers(packed));
        }
        items.push({ file, status: 'article', text: read.text, hash, hadBom: read.hadBom, packed });
      }
      const added: string[] = [];
      for (let k = sent; k < forms.size; k++) added.push(forms.form(k));
      reply = { id: job.id, items, forms: added };
      sent = forms.size;
    } catch (e) {
      reply = { id: job.id, error: e instanceof Error ? e.message : String(e) };
      transfer.length = 0;
    }
    port.postMessage(reply, transfer);
  });
  return true;
}

function readFor(mode: ReadMode, file: string): { text: string; hadBom: boolean; hash?: string } | { reason: string } | 'ignored' {
  if (mode === 'cli') {
    const f: CorpusFile | SkippedFile = readArticle(file);
    return isSkipped(f) ? { reason: f.reason } : { text: f.text, hadBom: f.hadBom };
  }
  const r = readWorkspaceArticle(file, true);
  if (r === 'ignored') return r;
  return 'skipped' in r ? { reason: r.skipped } : { text: r.text, hadBom: false, hash: r.hash };
}

/** Worker threads worth starting on this machine (one per core, at most four). */
export function defaultPoolSize(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
}

/** Files per message to a worker: enough to make messages cheap, few enough to spread the work evenly. */
export const BATCH_FILES = 16;
/** Batches a worker holds at once: one being analysed, one ready to start when it ends. */
const MAX_JOBS_PER_WORKER = 2;

export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly load: number[] = [];
  /** Each worker's table of forms, as received so far, and its translation into the host's table. */
  private readonly forms: string[][] = [];
  private readonly translations: FormTranslation[] = [];
  private readonly pending = new Map<number, { resolve: (r: ReadResult[]) => void; reject: (e: Error) => void; worker: number }>();
  /** Batches waiting for a worker with room (see MAX_JOBS_PER_WORKER). */
  private readonly waiting: Array<{ files: readonly string[]; resolve: (r: ReadResult[]) => void; reject: (e: Error) => void }> = [];
  /** Known hashes not sent yet to each worker. */
  private readonly unsent: string[][] = [];
  private nextId = 0;
  private failed: Error | undefined;
  private closing = false;

  /** `script`: the bundle to run in each worker (the host's own entry point); `mode`: how files are read. */
  constructor(script: string, mode: ReadMode, size = defaultPoolSize()) {
    let words: WordListParts | undefined;
    try {
      words = wordListParts(loadWordList());
    } catch {
      words = undefined; // the workers report it when they need the list
    }
    for (let i = 0; i < size; i++) {
      const w = new Worker(script, { workerData: { role: ROLE, mode, words } satisfies WorkerOptions, argv: [] });
      w.on('message', (r: Reply) => this.settle(r));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => code !== 0 && !this.closing && this.fail(new Error(`analysis worker exited with code ${code}`)));
      w.unref();
      this.workers.push(w);
      this.load.push(0);
      this.unsent.push([]);
      const forms: string[] = [];
      this.forms.push(forms);
      this.translations.push(new FormTranslation(forms));
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Batches sent to a worker and not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Batches waiting for a worker with room. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Texts with these content hashes need no analysis (the host has it): the workers only read them. */
  know(hashes: Iterable<string>): void {
    const list = [...hashes];
    for (const u of this.unsent) u.push(...list);
  }

  /**
   * Reads (and analyses) a batch of files; results in the order of `files`. The batch goes to a worker
   * when one has room, the least busy: batches given out in advance left one worker idle while the
   * other still had its share of long articles to go.
   */
  read(files: readonly string[]): Promise<ReadResult[]> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<ReadResult[]>((resolve, reject) => {
      this.waiting.push({ files, resolve, reject });
      this.dispatch();
    });
  }

  /** Sends waiting batches to the workers with room. */
  private dispatch(): void {
    while (this.waiting.length > 0 && !this.failed) {
      let worker = 0;
      for (let i = 1; i < this.workers.length; i++) if (this.load[i]! < this.load[worker]!) worker = i;
      if (this.load[worker]! >= MAX_JOBS_PER_WORKER) return;
      const { files, resolve, reject } = this.waiting.shift()!;
      const id = this.nextId++;
      // A worker with jobs keeps the process alive (a CLI awaits them); an idle one does not.
      if (this.load[worker]!++ === 0) this.workers[worker]!.ref();
      const known = this.unsent[worker]!.length > 0 ? this.unsent[worker]!.splice(0) : undefined;
      this.pending.set(id, { resolve, reject, worker });
      this.workers[worker]!.postMessage({ id, files, known } satisfies Job);
    }
  }

  private settle(r: Reply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    if (--this.load[p.worker]! === 0 && this.waiting.length === 0) this.workers[p.worker]?.unref();
    this.dispatch();
    if ('error' in r) {
      p.reject(new Error(r.error));
      return;
    }
    // Replies of one worker arrive in order: its new forms extend its table before they are used.
    const table = this.forms[p.worker]!;
    for (const f of r.forms) table.push(f);
    const forms = this.translations[p.worker]!;
    p.resolve(r.items.map((it): ReadResult => {
      if (it.status !== 'article') return it;
      const { packed, ...rest } = it;
      return { ...rest, analysis: packed && unpackAnalysis(packed, forms, it.text) };
    }));
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    for (const w of this.waiting.splice(0)) w.reject(e);
  }

  /** Ends the workers; jobs not answered yet are never answered. */
  async close(): Promise<void> {
    this.closing = true;
    this.pending.clear();
    this.waiting.length = 0;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
