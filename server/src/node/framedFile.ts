/**
 * The frame of the persisted index's binary files (`analysis-cache.bin`, `corpus-pass.bin`): an 8-byte
 * magic, the header's length (u32, little-endian), the header as JSON, padding to 4 bytes, then the
 * payload, 4-byte aligned for typed-array views. The header says the payload's length and its SHA-1, both
 * checked before the payload is used.
 */
import { createHash } from 'crypto';
import { sha1Base64 } from './contentHash';
import * as fs from 'fs';
import { drain } from '../core/steps';

export const pad4 = (n: number): number => (n + 3) & ~3;

export interface FrameHeader {
  readonly payloadBytes: number;
  readonly sha1: string;
}

/** Runs the steps of an encoding, spreading them over the event loop, and gives what they made. */
export type StepRunner = <T>(steps: Generator<void, T, void>) => Promise<T>;

/** Payload bytes hashed between two yields of `frameSteps`. */
const HASH_STEP_BYTES = 1 << 20;

/** The file's bytes: `header` completed with the payload's length and SHA-1. */
export function frame<H extends object>(magic: string, header: H, payload: Uint8Array): Buffer {
  return Buffer.concat(drain(frameSteps(magic, header, payload)));
}

/**
 * `frame` in steps (the payload hashed a megabyte at a time), as the parts of the file, not copied into one.
 * The payload may come in parts (written one after the other).
 */
export function* frameSteps<H extends object>(magic: string, header: H, payload: Uint8Array | readonly Uint8Array[]): Generator<void, Uint8Array[], void> {
  const parts = payload instanceof Uint8Array ? [payload] : [...payload];
  const hash = createHash('sha1');
  let payloadBytes = 0;
  for (const part of parts) {
    for (let at = 0; at < part.length; at += HASH_STEP_BYTES) {
      hash.update(part.subarray(at, at + HASH_STEP_BYTES));
      yield;
    }
    payloadBytes += part.length;
  }
  return [frameHead(magic, { ...header, payloadBytes, sha1: hash.digest('base64') }), ...parts];
}

/** Where a framed file's bytes go as they are made: appended, or written at a position (the head, completed last). */
export interface FileSink {
  write(bytes: Uint8Array): void;
  writeAt(bytes: Uint8Array, position: number): void;
}

/** A SHA-1 in base64 is always 28 characters: the head written first has this in its place, so it keeps its length. */
const SHA1_PLACEHOLDER = 'A'.repeat(27) + '=';

/**
 * A framed file written as its payload is made, in parts, for payloads too large to hold in memory at once:
 * the head goes first with the payload's length (known before) and a placeholder for its SHA-1, which is
 * computed as the parts pass and written over the placeholder by `finish`. The bytes are those of `frame`.
 */
export class FramedWriter {
  private readonly hash = createHash('sha1');
  private readonly headLength: number;
  private written = 0;

  constructor(private readonly magic: string, private readonly header: object, private readonly payloadBytes: number, private readonly sink: FileSink) {
    const head = frameHead(magic, { ...header, payloadBytes, sha1: SHA1_PLACEHOLDER });
    this.headLength = head.length;
    sink.write(head);
  }

  write(part: Uint8Array): void {
    this.hash.update(part);
    this.sink.write(part);
    this.written += part.length;
  }

  finish(): void {
    if (this.written !== this.payloadBytes) throw new Error(`${this.written} payload bytes written, ${this.payloadBytes} announced`);
    const head = frameHead(this.magic, { ...this.header, payloadBytes: this.payloadBytes, sha1: this.hash.digest('base64') });
    if (head.length !== this.headLength) throw new Error('the completed head is not as long as the one written');
    this.sink.writeAt(head, 0);
  }
}

/** Size of the buffer a payload is made in (see PayloadChunks). */
export const CHUNK_BYTES = 1 << 20;

/**
 * A payload of 4-byte aligned numbers and bytes made in one buffer of CHUNK_BYTES, handed to `out` each time
 * it fills (`out` must be done with it when it returns: the buffer is filled again). Numbers are written in
 * the machine's byte order, as typed-array views read them back; counts (u32/i32) in little-endian.
 */
export class PayloadChunks {
  private readonly buf = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private readonly ints32 = new Int32Array(this.buf.buffer, this.buf.byteOffset, CHUNK_BYTES / 4);
  private used = 0;

  constructor(private readonly out: (part: Uint8Array) => void) {}

  private room(bytes: number): void {
    if (this.used + bytes > CHUNK_BYTES) this.flush();
  }

  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v, this.used);
    this.used += 4;
  }

  i32(v: number): void {
    this.room(4);
    this.buf.writeInt32LE(v, this.used);
    this.used += 4;
  }

  /** Numbers are written at a multiple of 4 (`pad4` after `bytes`): a typed-array view reads them there. */
  private aligned(): void {
    if (this.used % 4 !== 0) throw new Error('payload: numbers written at an offset that is not a multiple of 4');
  }

  /** The numbers of `a` as i32, through `map` if given. */
  int32s(a: Int32Array | Uint16Array, map?: Int32Array): void {
    this.aligned();
    for (let i = 0; i < a.length;) {
      if (this.used === CHUNK_BYTES) this.flush();
      const k = Math.min(a.length - i, (CHUNK_BYTES - this.used) >> 2);
      const at = this.used >> 2;
      if (map) for (let j = 0; j < k; j++) this.ints32[at + j] = map[a[i + j]!]!;
      else this.ints32.set(a.subarray(i, i + k), at);
      this.used += 4 * k;
      i += k;
    }
  }

  /** A number in the machine's byte order (as `int32s` writes them). */
  int(v: number): void {
    this.aligned();
    this.room(4);
    this.ints32[this.used >> 2] = v;
    this.used += 4;
  }

  /** `bytes` as they are (see `pad4`). */
  bytes(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length;) {
      if (this.used === CHUNK_BYTES) this.flush();
      const k = Math.min(bytes.length - i, CHUNK_BYTES - this.used);
      this.buf.set(bytes.subarray(i, i + k), this.used);
      this.used += k;
      i += k;
    }
  }

  /** Zeros to the next multiple of 4. */
  pad4(): void {
    const padded = pad4(this.used);
    this.buf.fill(0, this.used, padded);
    this.used = padded;
  }

  /** A base64 string's bytes (`length` of them). */
  base64(s: string, length: number): void {
    this.room(length);
    this.buf.write(s, this.used, length, 'base64');
    this.used += length;
  }

  flush(): void {
    if (this.used === 0) return;
    this.out(this.buf.subarray(0, this.used));
    this.used = 0;
  }
}

function frameHead(magic: string, full: object & FrameHeader): Buffer {
  const headerBytes = Buffer.from(JSON.stringify(full), 'utf8');
  const head = Buffer.alloc(pad4(12 + headerBytes.length));
  head.write(magic, 0, 'latin1');
  head.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(head, 12);
  return head;
}

/** The header of a framed file, parsed but not checked; throws `Error(notThis)` when the magic is not `magic`. */
export function frameHeader<H>(raw: Buffer, magic: string, notThis: string): { header: Partial<H & FrameHeader>; start: number } {
  if (raw.length < 12 || raw.toString('latin1', 0, 8) !== magic) throw new Error(notThis);
  const headerBytes = raw.readUInt32LE(8);
  if (12 + headerBytes > raw.length) throw new Error('truncated header');
  const header = JSON.parse(raw.toString('utf8', 12, 12 + headerBytes)) as Partial<H & FrameHeader>;
  return { header, start: pad4(12 + headerBytes) };
}

/** The payload of a framed file whose header `frameHeader` read: its length and SHA-1 checked, aligned to 4 bytes. */
export function framePayload(raw: Buffer, frameStart: { header: Partial<FrameHeader>; start: number }): Buffer {
  const { header, start } = frameStart;
  const payloadBytes = header.payloadBytes;
  if (typeof payloadBytes !== 'number' || start + payloadBytes !== raw.length) throw new Error(`truncated or padded (${raw.length} bytes, ${start + (payloadBytes ?? 0)} expected)`);
  // Typed-array views need an aligned buffer; a pooled or offset Buffer is copied once.
  const buf = raw.byteOffset % 4 === 0 ? raw : Buffer.from(raw);
  const payload = buf.subarray(start);
  if (sha1Base64(payload) !== header.sha1) throw new Error('checksum mismatch');
  return payload;
}

/** The bytes of a file, or undefined when there is none or it cannot be read (then `problem` says why). */
export function readIfPresent(file: string, problem: (message: string) => void): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') problem(`cannot read ${file}: ${(e as Error).message}`);
    return undefined;
  }
}
