/**
 * The persisted index: each article's recognition results (the costly, corpus-independent part of
 * its analysis) stored on disk under the workspace's storage folder, keyed by the article's content
 * hash and valid only for the engine that wrote them. A warm start reads the articles, finds their
 * results here and skips the tagger; anything that does not match is analysed afresh.
 *
 * The file is written atomically; a missing, unreadable or corrupt file is an empty cache (and is
 * replaced at the next save).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ActorType } from '../core/model';
import { Candidate, Evidence } from '../core/recognize/recognizer';
import { writeFileAtomicSync } from './atomicWrite';

const FORMAT = 'arabic-news-analysis-cache';
const VERSION = 1;
export const CACHE_FILE = 'analysis-cache.json';

const TYPES: readonly ActorType[] = ['person', 'organization', 'place'];
const EVIDENCE: readonly Evidence[] = ['tagger', 'title', 'pattern', 'gazetteer', 'propagated', 'manual'];

interface CacheFile {
  readonly format: string;
  readonly version: number;
  readonly engine: string;
  /** Content hash → candidates flattened as [tokenStart, tokenEnd, type, evidence] quadruples. */
  readonly entries: Record<string, number[]>;
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('base64');
}

/** Identifies the engine: the running bundle's own bytes (code, model, lexicons), else a fixed tag. */
export function engineId(bundle: string | undefined): string {
  try {
    if (bundle && bundle.endsWith('.js')) return createHash('sha1').update(fs.readFileSync(bundle)).digest('base64');
  } catch {
    // fall through
  }
  return 'development';
}

export class AnalysisCache {
  private entries = new Map<string, number[]>();
  private dirty = false;
  /** Why the file on disk was not used, if it was not (for the log). */
  loadProblem: string | undefined;

  constructor(private readonly file: string, private readonly engine: string) {}

  static inFolder(folder: string, engine: string): AnalysisCache {
    return new AnalysisCache(path.join(folder, CACHE_FILE), engine);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Reads the file; a missing, corrupt or foreign file leaves the cache empty. Returns entries read. */
  load(): number {
    this.entries.clear();
    let raw: string;
    try {
      raw = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.loadProblem = `cannot read ${this.file}: ${(e as Error).message}`;
      return 0;
    }
    try {
      const data = JSON.parse(raw) as Partial<CacheFile>;
      if (data.format !== FORMAT || data.version !== VERSION) throw new Error('not an analysis cache of this version');
      if (data.engine !== this.engine) {
        this.loadProblem = 'written by another version of the engine; analysing afresh';
        return 0;
      }
      for (const [hash, flat] of Object.entries(data.entries ?? {})) {
        if (Array.isArray(flat) && flat.length % 4 === 0 && flat.every((n) => Number.isInteger(n) && n >= 0)) this.entries.set(hash, flat);
      }
    } catch (e) {
      this.loadProblem = `ignored a corrupt cache ${this.file}: ${(e as Error).message}`;
      this.entries.clear();
    }
    return this.entries.size;
  }

  /** The cached candidates of a text, if any. */
  get(hash: string): Candidate[] | undefined {
    const flat = this.entries.get(hash);
    if (!flat) return undefined;
    const out: Candidate[] = [];
    for (let i = 0; i < flat.length; i += 4) {
      const type = TYPES[flat[i + 2]!];
      const evidence = EVIDENCE[flat[i + 3]!];
      if (!type || !evidence) return undefined;
      out.push({ tokenStart: flat[i]!, tokenEnd: flat[i + 1]!, type, evidence });
    }
    return out;
  }

  set(hash: string, candidates: readonly Candidate[]): void {
    if (this.entries.has(hash)) return;
    const flat: number[] = [];
    for (const c of candidates) flat.push(c.tokenStart, c.tokenEnd, TYPES.indexOf(c.type), EVIDENCE.indexOf(c.evidence));
    this.entries.set(hash, flat);
    this.dirty = true;
  }

  /** Keeps only the given hashes (the articles of the corpus now). */
  retain(hashes: ReadonlySet<string>): void {
    for (const h of [...this.entries.keys()]) {
      if (!hashes.has(h)) {
        this.entries.delete(h);
        this.dirty = true;
      }
    }
  }

  /** Writes the file atomically when something changed. Returns true when it wrote. */
  save(): boolean {
    if (!this.dirty) return false;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const data: CacheFile = { format: FORMAT, version: VERSION, engine: this.engine, entries: Object.fromEntries(this.entries) };
    writeFileAtomicSync(this.file, JSON.stringify(data));
    this.dirty = false;
    return true;
  }
}
