/** Strict decoding of article bytes: UTF-8 only, with a reason for the user for everything else. */
import * as assert from 'node:assert/strict';
import { decodeUtf8 } from '../../server/src/core/text/textDocument';

const AR = 'قال الرئيس فايز السراج 12 «نعم».\r\n';
const be = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
  return b;
};

describe('decoding article bytes', () => {
  it('reads UTF-8 with and without BOM, keeping CRLF', () => {
    assert.equal(decodeUtf8(Buffer.from(AR)), AR);
    assert.equal(decodeUtf8(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(AR)])), AR);
    assert.equal(decodeUtf8(Buffer.alloc(0)), '');
  });

  it('names UTF-16 with a BOM, and UTF-16 without one, LE and BE', () => {
    assert.throws(() => decodeUtf8(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(AR, 'utf16le')])), /UTF-16/);
    assert.throws(() => decodeUtf8(Buffer.concat([Buffer.from([0xfe, 0xff]), be(AR)])), /UTF-16/);
    assert.throws(() => decodeUtf8(Buffer.from(AR, 'utf16le')), /UTF-16 encoded \(without a byte order mark\)/);
    assert.throws(() => decodeUtf8(be(AR)), /UTF-16 encoded \(without a byte order mark\)/);
    assert.throws(() => decodeUtf8(Buffer.from('plain English notes\n', 'utf16le')), /UTF-16/);
  });

  it('calls binary what has NULs and does not read as UTF-16', () => {
    assert.throws(() => decodeUtf8(Buffer.from([0, 1, 2, 3, 0, 255])), /binary/);
    assert.throws(() => decodeUtf8(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00])), /binary/);
    assert.throws(() => decodeUtf8(Buffer.concat([Buffer.from(AR), Buffer.from([0])])), /binary/);
  });

  it('refuses invalid UTF-8 (Latin-1, truncated sequences, lone surrogates encoded)', () => {
    for (const bytes of [[0x63, 0x61, 0x66, 0xe9], [0xd9], [0xc3, 0x28], [0xed, 0xa0, 0x80]]) {
      assert.throws(() => decodeUtf8(Buffer.from(bytes)), /not valid UTF-8/, JSON.stringify(bytes));
    }
  });
});
