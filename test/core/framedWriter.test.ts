/**
 * The persisted index is written as it is made (framedFile.ts): a payload of numbers and bytes made a chunk at a
 * time, and a framed file whose head is completed once the payload's SHA-1 is known. Both give exactly the bytes
 * of the same content made whole in memory.
 */
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { CHUNK_BYTES, FramedWriter, frame, pad4, PayloadChunks } from '../../server/src/node/framedFile';

type Op =
  | { kind: 'u32'; v: number }
  | { kind: 'i32'; v: number }
  | { kind: 'int'; v: number }
  | { kind: 'int32s'; a: Int32Array | Uint16Array; map: boolean }
  | { kind: 'bytes'; b: Uint8Array }
  | { kind: 'base64'; b: Uint8Array };

/** The bytes of `ops` made naively, in one growing array. */
function reference(ops: readonly Op[], map: Int32Array): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  const push = (b: Buffer): void => {
    parts.push(b);
    length += b.length;
  };
  const ints = (a: ArrayLike<number>): void => push(Buffer.from(Int32Array.from(a).buffer));
  for (const op of ops) {
    if (op.kind === 'u32') {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(op.v);
      push(b);
    } else if (op.kind === 'i32') {
      const b = Buffer.alloc(4);
      b.writeInt32LE(op.v);
      push(b);
    } else if (op.kind === 'int') ints([op.v]);
    else if (op.kind === 'int32s') ints(op.map ? Array.from(op.a, (x) => map[x]!) : op.a);
    else if (op.kind === 'base64') push(Buffer.from(op.b));
    else {
      push(Buffer.from(op.b));
      push(Buffer.alloc(pad4(length) - length));
    }
  }
  return Buffer.concat(parts);
}

const mapSize = 1 << 16;
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('u32' as const), v: fc.nat() }),
  fc.record({ kind: fc.constant('i32' as const), v: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) }),
  fc.record({ kind: fc.constant('int' as const), v: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) }),
  // Some arrays long enough to cross a chunk's end (a quarter of a million numbers is a megabyte).
  fc.record({
    kind: fc.constant('int32s' as const),
    a: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 100_000, max: 300_000 })).chain((n) =>
      fc.boolean().map((narrow) => (narrow ? Uint16Array.from({ length: n }, (_, i) => (i * 7919) % mapSize) : Int32Array.from({ length: n }, (_, i) => (i * 104729) % mapSize)))),
    map: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('bytes' as const), b: fc.oneof(fc.uint8Array({ maxLength: 9 }), fc.integer({ min: 500_000, max: 1_200_000 }).map((n) => new Uint8Array(n).fill(7))) }),
  fc.record({ kind: fc.constant('base64' as const), b: fc.uint8Array({ minLength: 20, maxLength: 20 }) }),
);

describe('writing the persisted index as it is made', function () {
  this.timeout(120000);
  const map = Int32Array.from({ length: mapSize }, (_, i) => mapSize - 1 - i);

  it('property: a payload made a chunk at a time is the one made whole, and no part is larger than a chunk', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const parts: Buffer[] = [];
        const chunks = new PayloadChunks((part) => parts.push(Buffer.from(part)));
        for (const o of ops) {
          if (o.kind === 'u32') chunks.u32(o.v);
          else if (o.kind === 'i32') chunks.i32(o.v);
          else if (o.kind === 'int') chunks.int(o.v);
          else if (o.kind === 'int32s') chunks.int32s(o.a, o.map ? map : undefined);
          else if (o.kind === 'base64') chunks.base64(Buffer.from(o.b).toString('base64'), 20);
          else {
            chunks.bytes(o.b);
            chunks.pad4();
          }
        }
        chunks.flush();
        assert.ok(parts.every((p) => p.length <= CHUNK_BYTES && p.length > 0));
        assert.ok(Buffer.concat(parts).equals(reference(ops, map)));
      }),
      { numRuns: 40 },
    );
  });

  it('numbers are not written where a view could not read them back', () => {
    const chunks = new PayloadChunks(() => undefined);
    chunks.bytes(new Uint8Array(3));
    assert.throws(() => chunks.int(1), /multiple of 4/);
    assert.throws(() => chunks.int32s(new Int32Array(2)), /multiple of 4/);
  });

  it('a framed file written in parts, its head completed last, is the file framed whole', () => {
    const payload = Buffer.from(Array.from({ length: 3 * CHUNK_BYTES + 12 }, (_, i) => (i * 31) & 0xff));
    const header = { format: 'test', version: 1, engine: 'e', entries: 3 };
    const file = Buffer.alloc(payload.length + 4096);
    let end = 0;
    const framed = new FramedWriter('TESTFRM1', header, payload.length, {
      write: (b) => {
        file.set(b, end);
        end += b.length;
      },
      writeAt: (b, at) => file.set(b, at),
    });
    for (let at = 0; at < payload.length; at += 100_000) framed.write(payload.subarray(at, at + 100_000));
    framed.finish();
    assert.ok(file.subarray(0, end).equals(frame('TESTFRM1', header, payload)));
    const short = new FramedWriter('TESTFRM1', header, 10, { write: () => undefined, writeAt: () => undefined });
    short.write(new Uint8Array(9));
    assert.throws(() => short.finish(), /9 payload bytes written, 10 announced/);
  });
});
