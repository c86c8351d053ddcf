/**
 * The persisted corpus pass: the last full resolution pass of the corpus (see core/corpus/savedPass.ts),
 * kept beside the persisted index in the workspace's storage folder, so that a warm start whose
 * articles, decisions and engine are those of the saved pass skips the pass altogether.
 *
 * One file, `corpus-pass.bin`: "ANPASS01", u32 header length, header JSON {format, version, engine,
 * fingerprint, payloadBytes, sha1}, padding to 4, the encoded pass. The fingerprint names what the pass
 * was computed from (the host hashes the documents' identifiers and content hashes, the decisions);
 * the payload's SHA-1 is checked before it is decoded. Written atomically; a missing, corrupt or
 * foreign file is no saved pass (reported, and replaced at the next save).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { decodeSavedPass, encodeSavedPass, SavedPass } from '../core/corpus/savedPass';
import { writeFileAtomicSync } from './atomicWrite';

const FORMAT = 'arabic-news-corpus-pass';
const VERSION = 1;
const MAGIC = 'ANPASS01';
export const PASS_FILE = 'corpus-pass.bin';

interface Header {
  readonly format: string;
  readonly version: number;
  readonly engine: string;
  readonly fingerprint: string;
  readonly payloadBytes: number;
  readonly sha1: string;
}

const pad4 = (n: number): number => (n + 3) & ~3;

export class PassCache {
  /** Why the file on disk was not used, if it was not (for the log). */
  loadProblem: string | undefined;
  /** The fingerprint of the pass on disk (undefined: none), to skip writing the same pass again. */
  private onDisk: string | undefined;

  constructor(private readonly file: string, private readonly engine: string) {}

  static inFolder(folder: string, engine: string): PassCache {
    return new PassCache(path.join(folder, PASS_FILE), engine);
  }

  /** The saved pass when its fingerprint is `fingerprint`; undefined otherwise (or when the file is unusable). */
  load(fingerprint: string): SavedPass | undefined {
    this.loadProblem = undefined;
    let raw: Buffer;
    try {
      raw = fs.readFileSync(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.loadProblem = `cannot read ${this.file}: ${(e as Error).message}`;
      return undefined;
    }
    try {
      if (raw.length < 12 || raw.toString('latin1', 0, 8) !== MAGIC) throw new Error('not a saved corpus pass of this version');
      const headerBytes = raw.readUInt32LE(8);
      if (12 + headerBytes > raw.length) throw new Error('truncated header');
      const header = JSON.parse(raw.toString('utf8', 12, 12 + headerBytes)) as Partial<Header>;
      if (header.format !== FORMAT || header.version !== VERSION) throw new Error('not a saved corpus pass of this version');
      if (header.engine !== this.engine) return undefined; // another engine: its pass does not apply
      this.onDisk = header.fingerprint;
      if (header.fingerprint !== fingerprint) return undefined; // the corpus changed since: a pass runs
      const start = pad4(12 + headerBytes);
      if (typeof header.payloadBytes !== 'number' || start + header.payloadBytes !== raw.length) throw new Error('truncated or padded');
      const buf = raw.byteOffset % 4 === 0 ? raw : Buffer.from(raw);
      const payload = buf.subarray(start);
      if (createHash('sha1').update(payload).digest('base64') !== header.sha1) throw new Error('checksum mismatch');
      return decodeSavedPass(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
    } catch (e) {
      this.onDisk = undefined;
      this.loadProblem = `ignored a corrupt saved corpus pass ${this.file}: ${(e as Error).message}`;
      return undefined;
    }
  }

  /** Writes the pass atomically, unless the file holds this fingerprint already. Returns true when it wrote. */
  save(pass: SavedPass, fingerprint: string): boolean {
    if (this.onDisk === fingerprint) return false;
    const payload = encodeSavedPass(pass);
    const header: Header = { format: FORMAT, version: VERSION, engine: this.engine, fingerprint, payloadBytes: payload.length, sha1: createHash('sha1').update(payload).digest('base64') };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const head = Buffer.alloc(pad4(12 + headerBytes.length));
    head.write(MAGIC, 0, 'latin1');
    head.writeUInt32LE(headerBytes.length, 8);
    headerBytes.copy(head, 12);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileAtomicSync(this.file, Buffer.concat([head, payload]));
    this.onDisk = fingerprint;
    return true;
  }
}
