/**
 * The frame of the persisted index's binary files (`analysis-cache.bin`, `corpus-pass.bin`): an 8-byte
 * magic, the header's length (u32, little-endian), the header as JSON, padding to 4 bytes, then the
 * payload, 4-byte aligned for typed-array views. The header says the payload's length and its SHA-1, both
 * checked before the payload is used.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { drain } from '../core/steps';

export const pad4 = (n: number): number => (n + 3) & ~3;

export interface FrameHeader {
  readonly payloadBytes: number;
  readonly sha1: string;
}

const sha1 = (payload: Uint8Array): string => createHash('sha1').update(payload).digest('base64');

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
  if (sha1(payload) !== header.sha1) throw new Error('checksum mismatch');
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
