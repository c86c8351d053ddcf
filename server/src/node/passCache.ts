/**
 * The persisted corpus pass: the last full resolution pass of the corpus (see core/corpus/savedPass.ts),
 * kept beside the persisted index in the workspace's storage folder, so that a warm start whose
 * articles, decisions and engine are those of the saved pass skips the pass altogether.
 *
 * One file, `corpus-pass.bin`, framed as framedFile.ts says ("ANPASS01"; header {format, version, engine,
 * fingerprint, payloadBytes, sha1}), the encoded pass as payload. The fingerprint names what the pass
 * was computed from (the host hashes the documents' identifiers and content hashes, the decisions);
 * the payload's SHA-1 is checked before it is decoded. The pass carries its spelling findings (under the
 * options of their key), so that a warm start does not compute them either. Written atomically; a missing,
 * corrupt or foreign file is no saved pass (reported, and replaced at the next save); a file of another
 * version or engine is not used (and replaced at the next save). A pass already on disk is not encoded again.
 */
import * as fs from 'fs';
import * as path from 'path';
import { decodeSavedPass, encodeSavedPass, encodeSavedPassSteps, SavedPass } from '../core/corpus/savedPass';
import { writeFileAtomic, writeFileAtomicSync } from './atomicWrite';
import { frame, frameHeader, framePayload, frameSteps, readIfPresent, StepRunner } from './framedFile';

const FORMAT = 'arabic-news-corpus-pass';
const VERSION = 2;
const MAGIC = 'ANPASS01';
export const PASS_FILE = 'corpus-pass.bin';

interface Header {
  readonly format: string;
  readonly version: number;
  readonly engine: string;
  readonly fingerprint: string;
}

export class PassCache {
  /** Why the file on disk was not used, if it was not (for the log). */
  loadProblem: string | undefined;
  /** The fingerprint of the pass on disk and the key of its findings' options (undefined: none), to skip writing the same again. */
  private onDisk: { fingerprint: string; findings: string } | undefined;

  constructor(private readonly file: string, private readonly engine: string) {}

  static inFolder(folder: string, engine: string): PassCache {
    return new PassCache(path.join(folder, PASS_FILE), engine);
  }

  /** The saved pass when its fingerprint is `fingerprint`; undefined otherwise (or when the file is unusable). */
  load(fingerprint: string): SavedPass | undefined {
    this.loadProblem = undefined;
    const raw = readIfPresent(this.file, (problem) => (this.loadProblem = problem));
    if (!raw) return undefined;
    try {
      const framed = frameHeader<Header>(raw, MAGIC, 'not a saved corpus pass of this version');
      const header = framed.header;
      if (header.format !== FORMAT) throw new Error('not a saved corpus pass');
      // Another version of the file or another engine: its pass does not apply (the next save replaces it).
      if (header.version !== VERSION || header.engine !== this.engine) return undefined;
      if (header.fingerprint !== fingerprint) return undefined; // the corpus changed since: a pass runs
      const payload = framePayload(raw, framed);
      const pass = decodeSavedPass(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
      this.onDisk = { fingerprint, findings: pass.spelling?.options ?? '' };
      return pass;
    } catch (e) {
      this.onDisk = undefined;
      this.loadProblem = `ignored a corrupt saved corpus pass ${this.file}: ${(e as Error).message}`;
      return undefined;
    }
  }

  /** The pass read did not fit the articles after all: the next save writes one. */
  forget(): void {
    this.onDisk = undefined;
  }

  /**
   * True when the file holds the pass of this fingerprint, with findings saved under options of key
   * `findings` (as this process read or wrote it): then saving is not worth encoding the pass.
   */
  holds(fingerprint: string, findings: string): boolean {
    return this.onDisk?.fingerprint === fingerprint && this.onDisk.findings === findings;
  }

  /** Writes the pass atomically, unless the file holds it already. Returns true when it wrote. */
  save(pass: SavedPass, fingerprint: string): boolean {
    const findings = pass.spelling?.options ?? '';
    if (this.holds(fingerprint, findings)) return false;
    const header: Header = { format: FORMAT, version: VERSION, engine: this.engine, fingerprint };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileAtomicSync(this.file, frame(MAGIC, header, encodeSavedPass(pass)));
    this.onDisk = { fingerprint, findings };
    return true;
  }

  /**
   * `save` in the background: the pass made and encoded by steps that `run` spreads over the event loop
   * (see Engine.savePassSteps), the file written asynchronously.
   */
  async saveInSteps(pass: Generator<void, SavedPass, void>, fingerprint: string, run: StepRunner): Promise<boolean> {
    const header: Header = { format: FORMAT, version: VERSION, engine: this.engine, fingerprint };
    const { findings, parts } = await run(
      (function* (): Generator<void, { findings: string; parts: Uint8Array[] }, void> {
        const saved = yield* pass;
        return { findings: saved.spelling?.options ?? '', parts: yield* frameSteps(MAGIC, header, yield* encodeSavedPassSteps(saved)) };
      })(),
    );
    if (this.holds(fingerprint, findings)) return false;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, parts);
    this.onDisk = { fingerprint, findings };
    return true;
  }
}
