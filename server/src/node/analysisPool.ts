/**
 * Recognition in worker threads, for indexing many articles at once: the tagger is the costly part of
 * analysing an article and depends on that article alone, so it runs on every core while the main
 * thread stays free to answer requests. The workers run the same bundle as their host (server or
 * CLI), started with a marker in `workerData`; `runAnalysisWorker()` at the top of the bundle's entry
 * point turns such a thread into a worker.
 */
import * as os from 'os';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { Candidate, recognizeDocument } from '../core/recognize/recognizer';
import { tokenize } from '../core/text/tokenize';
import { createRecognitionLexicon } from '../core/engine';
import { defaultTagger } from '../core/recognize/defaultTagger';
import { loadWordList } from './loadWordList';

const ROLE = 'arabic-news-analysis-worker';

interface Job {
  readonly id: number;
  readonly text: string;
}

type Reply = { readonly id: number; readonly candidates: Candidate[] } | { readonly id: number; readonly error: string };

/** In a worker thread started by an AnalysisPool: serves recognition requests and returns true. */
export function runAnalysisWorker(): boolean {
  if (isMainThread || (workerData as { role?: string } | null)?.role !== ROLE || !parentPort) return false;
  const port = parentPort;
  const words = loadWordList();
  const lexicon = createRecognitionLexicon(words);
  const tagger = defaultTagger(words);
  port.on('message', (job: Job) => {
    let reply: Reply;
    try {
      reply = { id: job.id, candidates: recognizeDocument(tokenize(job.text), tagger, lexicon).candidates };
    } catch (e) {
      reply = { id: job.id, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
  return true;
}

/** Worker threads worth starting on this machine (one per core, at most four). */
export function defaultPoolSize(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
}

export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly load: number[] = [];
  private readonly pending = new Map<number, { resolve: (c: Candidate[]) => void; reject: (e: Error) => void; worker: number }>();
  private nextId = 0;
  private failed: Error | undefined;

  /** `script`: the bundle to run in each worker (the host's own entry point). */
  constructor(script: string, size = defaultPoolSize()) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(script, { workerData: { role: ROLE }, argv: [] });
      w.on('message', (r: Reply) => this.settle(r));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => code !== 0 && this.fail(new Error(`analysis worker exited with code ${code}`)));
      w.unref();
      this.workers.push(w);
      this.load.push(0);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Jobs sent and not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** The recognition candidates of one article's text, computed in the least busy worker. */
  recognize(text: string): Promise<Candidate[]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    let worker = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.load[i]! < this.load[worker]!) worker = i;
    this.load[worker]!++;
    return new Promise<Candidate[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      this.workers[worker]!.postMessage({ id, text } satisfies Job);
    });
  }

  private settle(r: Reply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    this.load[p.worker]!--;
    if ('error' in r) p.reject(new Error(r.error));
    else p.resolve(r.candidates);
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
