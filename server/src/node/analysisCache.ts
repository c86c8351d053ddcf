/**
 * The persisted index: what is costly to compute per article and depends on its text alone —
 * recognition candidates, tokens (offsets, kinds, normalized forms) and missing-space findings —
 * stored on disk under the workspace's storage folder, keyed by the article's content hash and valid
 * only for the engine that wrote them (bundle and word list). A warm start reads the articles, finds
 * their analyses here and skips the tagger, the tokenizer and the missing-space search; anything
 * that does not match is analysed afresh.
 *
 * One binary file, read in one go without parsing text:
 *
 *   framed as framedFile.ts says: "ANIDX003", header {format, version, engine, entries, payloadBytes, sha1},
 *   payload (at a multiple of 4):
 *     u32 bytes, forms (UTF-8, NUL-separated), padding to 4
 *     per entry: sha1 of the text (20 bytes), u32 tokens n, u32 candidates c, i32 missing spaces m (-1: not known),
 *                i32 starts[n], ends[n], form ids[n], candidates[4c] (start, end, type, evidence),
 *                missing spaces[3m] (start, end, split), u8 flags[n], padding to 4
 *
 * The payload's SHA-1 is checked before anything is used. The file is written atomically; a missing,
 * unreadable, truncated or corrupt file is an empty cache (reported, and replaced at the next save).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { DocumentAnalysis, FormTranslation, StoredAnalysis } from '../core/corpus/documentAnalysis';
import { FormTable } from '../core/corpus/formTable';
import { evidenceCode, PackedAnalysis, typeCode, unpackAnalysis } from './packedAnalysis';
import { AtomicFileWriter } from './atomicWrite';
import { FileSink, FramedWriter, frameHeader, framePayload, PayloadChunks, readIfPresent, pad4, StepRunner } from './framedFile';
import { findWordListFile } from './loadWordList';
import { drain, nulSeparatedSteps } from '../core/steps';
import { splitOwned } from '../core/text/ownStrings';
import type { Offsets } from '../core/text/tokenize';
export { contentHash } from './contentHash';

const FORMAT = 'arabic-news-analysis-cache';
const VERSION = 3;
const MAGIC = 'ANIDX003';
export const CACHE_FILE = 'analysis-cache.bin';
/** The file of earlier versions (JSON), removed when the new one is written. */
const OLD_CACHE_FILE = 'analysis-cache.json';

const HASH_BYTES = 20;
/** Tokens encoded between two yields of a save in steps (an entry is never split). */
const TOKENS_PER_STEP = 8192;
/** Forms of the table encoded between two yields. */
const FORMS_PER_STEP = 8192;

interface Header {
  readonly format: string;
  readonly version: number;
  readonly engine: string;
  readonly entries: number;
}


/**
 * Identifies the engine: the running bundle's own bytes (code, model, lexicons) and the word list
 * file (missing-space findings depend on it), else a fixed tag.
 */
export function engineId(bundle: string | undefined, wordList: string | undefined = findWordListFile()): string {
  try {
    if (bundle && bundle.endsWith('.js')) {
      const h = createHash('sha1').update(fs.readFileSync(bundle));
      if (wordList) h.update(fs.readFileSync(wordList));
      return h.digest('base64');
    }
  } catch {
    // fall through
  }
  return 'development';
}

/** An entry read from the file: the arrays, with forms as ids into the file's table. */
interface StoredEntry extends PackedAnalysis {
  readonly forms: FormTranslation;
}

/** An entry of an article in the index: its analysis is the data (no copy is kept). */
interface LiveEntry {
  readonly analysis: DocumentAnalysis;
  readonly forms: FormTable;
}

type Entry = StoredEntry | LiveEntry;

const isLive = (e: Entry): e is LiveEntry => 'analysis' in e;

export class AnalysisCache {
  private entries = new Map<string, Entry>();
  /** Changes made to the entries, and how many of them the file on disk has (it is dirty when they differ). */
  private changes = 0;
  private savedChanges = 0;
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
    this.loadProblem = undefined;
    const raw = readIfPresent(this.file, (problem) => (this.loadProblem = problem));
    if (!raw) return 0;
    try {
      this.decode(raw);
    } catch (e) {
      this.entries.clear();
      if (e instanceof ForeignEngine) this.loadProblem = 'written by another version of the engine; analysing afresh';
      else this.loadProblem = `ignored a corrupt cache ${this.file}: ${(e as Error).message}`;
    }
    return this.entries.size;
  }

  private decode(raw: Buffer): void {
    const framed = frameHeader<Header>(raw, MAGIC, 'not an analysis cache of this version');
    const header = framed.header;
    if (header.format !== FORMAT || header.version !== VERSION) throw new Error('not an analysis cache of this version');
    if (header.engine !== this.engine) throw new ForeignEngine();
    const payload = framePayload(raw, framed);
    const payloadBytes = payload.length;
    const ab = payload.buffer;
    const base = payload.byteOffset;
    let at = 0;
    const u32 = (): number => {
      if (at + 4 > payloadBytes) throw new Error('truncated entry');
      const v = payload.readUInt32LE(at);
      at += 4;
      return v;
    };
    const ints = (n: number): Int32Array => {
      if (n < 0 || at + 4 * n > payloadBytes) throw new Error('truncated entry');
      const a = new Int32Array(ab, base + at, n).slice();
      at += 4 * n;
      return a;
    };
    // Offsets are stored in four bytes; read into two when they all fit (see `Offsets`).
    const offsets = (n: number): Offsets => {
      if (n < 0 || at + 4 * n > payloadBytes) throw new Error('truncated entry');
      const view = new Int32Array(ab, base + at, n);
      at += 4 * n;
      for (let i = 0; i < n; i++) if (view[i]! > 0xffff || view[i]! < 0) return view.slice();
      const narrow = new Uint16Array(n);
      narrow.set(view);
      return narrow;
    };
    const formBytes = u32();
    if (at + formBytes > payloadBytes) throw new Error('truncated form table');
    const forms = formBytes === 0 ? [] : splitOwned(payload.toString('utf8', at, at + formBytes), '\u0000');
    at = pad4(at + formBytes);
    const translation = new FormTranslation(forms);
    for (let k = 0; k < (header.entries ?? 0); k++) {
      if (at + HASH_BYTES > payloadBytes) throw new Error('truncated entry');
      const hash = payload.toString('base64', at, at + HASH_BYTES);
      at += HASH_BYTES;
      const n = u32();
      const c = u32();
      const m = payload.readInt32LE((at += 4) - 4);
      const starts = offsets(n);
      const ends = offsets(n);
      const normIds = ints(n);
      const candidates = ints(4 * c);
      const missing = m >= 0 ? ints(3 * m) : undefined;
      if (at + n > payloadBytes) throw new Error('truncated entry');
      const flags = new Uint8Array(ab, base + at, n).slice();
      at = pad4(at + n);
      this.entries.set(hash, { starts, ends, normIds, flags, candidates, missing, forms: translation });
    }
    if (at !== payloadBytes) throw new Error('unexpected data after the entries');
  }

  has(hash: string): boolean {
    return this.entries.has(hash);
  }

  /** The content hashes it has analyses for. */
  hashes(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** What is stored for a text (by its hash), if anything. */
  get(hash: string, text: string): StoredAnalysis | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (isLive(e)) {
      // The same text is in the index already (another file with the same content): share its analysis.
      return { candidates: e.analysis.candidates, ...(e.analysis.missingSpaces ? { missingSpaces: e.analysis.missingSpaces } : {}) };
    }
    return unpackAnalysis(e, e.forms, text);
  }

  /**
   * Records the analysis of a text now in the index (its arrays are what will be written; the stored
   * copy, if any, is dropped). New hashes make the file dirty.
   */
  set(hash: string, analysis: DocumentAnalysis, forms: FormTable): void {
    const e = this.entries.get(hash);
    if (e && isLive(e)) return;
    if (!e) this.changes++;
    this.entries.set(hash, { analysis, forms });
  }

  /** Keeps only the given hashes (the articles of the corpus now). */
  retain(hashes: ReadonlySet<string>): void {
    for (const h of [...this.entries.keys()]) {
      if (!hashes.has(h)) {
        this.entries.delete(h);
        this.changes++;
      }
    }
  }

  /** Writes the file atomically when something changed. Returns true when it wrote. */
  save(): boolean {
    if (this.changes === this.savedChanges) return false;
    const changes = this.changes;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const out = AtomicFileWriter.open(this.file);
    try {
      drain(this.writeSteps(out));
    } catch (e) {
      out.abort();
      throw e;
    }
    out.commitSync();
    this.saved(changes);
    return true;
  }

  /**
   * `save` in the background: the entries are encoded and written in steps that `run` spreads over the event
   * loop, a megabyte at a time (the file is never whole in memory: tens of MB at 10,000 articles), and the
   * file is flushed and renamed in the thread pool. Entries that change meanwhile leave the cache dirty (the
   * file has the entries of when it began).
   */
  async saveInSteps(run: StepRunner): Promise<boolean> {
    if (this.changes === this.savedChanges) return false;
    const changes = this.changes;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const out = AtomicFileWriter.open(this.file);
    try {
      await run(this.writeSteps(out));
    } catch (e) {
      out.abort();
      throw e;
    }
    await out.commit();
    this.saved(changes);
    return true;
  }

  /** The file on disk now has the entries as they were after `changes` changes. */
  private saved(changes: number): void {
    this.savedChanges = Math.max(this.savedChanges, changes);
    try {
      fs.rmSync(path.join(path.dirname(this.file), OLD_CACHE_FILE), { force: true });
    } catch {
      // best effort
    }
  }

  /**
   * Writes the file's bytes to `out`, in steps of about TOKENS_PER_STEP tokens (the entries are those of the
   * first step). First the table of forms the entries use (ids of each source table, corpus or file,
   * translated once), and the payload's length; then the entries, made a chunk at a time.
   */
  private *writeSteps(out: FileSink): Generator<void, void, void> {
    const formIds = new Map<string, number>();
    const formList: string[] = [];
    const translations = new Map<object, Int32Array>();
    const idOf = (form: string): number => {
      let id = formIds.get(form);
      if (id === undefined) {
        id = formList.length;
        formList.push(form);
        formIds.set(form, id);
      }
      return id;
    };
    const entries = [...this.entries];
    let payloadBytes = 0;
    let tokens = 0;
    for (let k = 0; k < entries.length; k++) {
      if (tokens >= TOKENS_PER_STEP) {
        tokens = 0;
        yield;
      }
      const e = entries[k]![1];
      let n: number;
      let candidates: number;
      let missing: number;
      if (isLive(e)) {
        const a = e.analysis;
        let tr = translations.get(e.forms);
        if (!tr || tr.length < e.forms.size) {
          const grown = new Int32Array(e.forms.size).fill(-1);
          if (tr) grown.set(tr);
          translations.set(e.forms, (tr = grown));
        }
        for (let i = 0; i < a.length; i++) {
          const g = a.normIds[i]!;
          if (tr[g]! < 0) tr[g] = idOf(e.forms.form(g));
        }
        n = a.length;
        candidates = a.candidates.length;
        missing = a.missingSpaces ? a.missingSpaces.length : -1;
      } else {
        let tr = translations.get(e.forms);
        if (!tr) translations.set(e.forms, (tr = new Int32Array(e.forms.forms.length).fill(-1)));
        for (let i = 0; i < e.normIds.length; i++) {
          const l = e.normIds[i]!;
          if (tr[l]! < 0) tr[l] = idOf(e.forms.forms[l]!);
        }
        n = e.starts.length;
        candidates = e.candidates.length / 4;
        missing = e.missing ? e.missing.length / 3 : -1;
      }
      tokens += n;
      payloadBytes += HASH_BYTES + 12 + 4 * (3 * n + 4 * candidates + 3 * Math.max(missing, 0)) + pad4(n);
    }
    // The table of forms, NUL-separated, encoded a part at a time.
    const formParts = yield* nulSeparatedSteps(formList.length, (k) => formList[k]!, FORMS_PER_STEP);
    const formBytesLength = formParts.reduce((sum, part) => sum + part.length, 0);
    payloadBytes += 4 + pad4(formBytesLength);
    const header: Header = { format: FORMAT, version: VERSION, engine: this.engine, entries: entries.length };
    const framed = new FramedWriter(MAGIC, header, payloadBytes, out);
    const chunks = new PayloadChunks((part) => framed.write(part));
    chunks.u32(formBytesLength);
    for (const part of formParts) chunks.bytes(part);
    chunks.pad4();
    tokens = 0;
    for (const [hash, e] of entries) {
      if (tokens >= TOKENS_PER_STEP) {
        tokens = 0;
        yield;
      }
      chunks.base64(hash, HASH_BYTES);
      if (isLive(e)) {
        const a = e.analysis;
        const ms = a.missingSpaces;
        chunks.u32(a.length);
        chunks.u32(a.candidates.length);
        chunks.i32(ms ? ms.length : -1);
        chunks.int32s(a.starts);
        chunks.int32s(a.ends);
        chunks.int32s(a.normIds, translations.get(e.forms)!);
        for (const c of a.candidates) {
          chunks.int(c.tokenStart);
          chunks.int(c.tokenEnd);
          chunks.int(typeCode(c.type));
          chunks.int(evidenceCode(c.evidence));
        }
        if (ms) {
          for (const m of ms) {
            chunks.int(m.start);
            chunks.int(m.end);
            chunks.int(m.splitAt);
          }
        }
        chunks.bytes(a.tokenFlags);
        tokens += a.length;
      } else {
        chunks.u32(e.starts.length);
        chunks.u32(e.candidates.length / 4);
        chunks.i32(e.missing ? e.missing.length / 3 : -1);
        chunks.int32s(e.starts);
        chunks.int32s(e.ends);
        chunks.int32s(e.normIds, translations.get(e.forms)!);
        chunks.int32s(e.candidates);
        if (e.missing) chunks.int32s(e.missing);
        chunks.bytes(e.flags);
        tokens += e.starts.length;
      }
      chunks.pad4();
    }
    chunks.flush();
    framed.finish();
  }
}

class ForeignEngine extends Error {}
