/**
 * Content hashes of article texts: what the persisted index and the persisted pass key articles by.
 * SHA-1 of the text's UTF-8, in base64.
 */
import { createHash } from 'crypto';

export function contentHash(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('base64');
}

/**
 * The content hash of the text that `decodeUtf8` makes of valid UTF-8 bytes, computed on the bytes:
 * equal to `contentHash(decodeUtf8(bytes))` (the UTF-8 of that text is the bytes after the byte order
 * marks the decoder drops, one or two), without encoding the text again.
 */
export function contentHashOfBytes(bytes: Uint8Array): string {
  const bom = (at: number): boolean => bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf;
  const skip = bom(0) ? (bom(3) ? 6 : 3) : 0;
  return createHash('sha1').update(skip ? bytes.subarray(skip) : bytes).digest('base64');
}
