/**
 * Text as the analysis sees it: decoded UTF-8 with the BOM stripped, line breaks kept as they are
 * (LF, CRLF or CR), and a line index for offset <-> position in UTF-16 code units.
 */

export interface Position {
  /** 0-based line. */
  readonly line: number;
  /** 0-based UTF-16 code unit offset within the line. */
  readonly character: number;
}

/** Thrown when bytes are not usable text; carries a message meant for the user. */
export class TextDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TextDecodeError';
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 bytes strictly: invalid UTF-8 or binary content is an error, never silently replaced. */
export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new TextDecodeError('the file is UTF-16 encoded; save it as UTF-8');
  }
  const probe = Math.min(bytes.length, 8192);
  let nulEven = 0;
  let nulOdd = 0;
  // Text has no NUL byte: counted (by position) only when the first 8 KB hold one.
  if (bytes.subarray(0, probe).indexOf(0) >= 0) for (let i = 0; i < probe; i++) if (bytes[i] === 0) (i % 2 === 0 ? nulEven++ : nulOdd++);
  if (nulEven + nulOdd > 0) {
    if (looksUtf16(bytes.subarray(0, probe & ~1), nulEven, nulOdd)) throw new TextDecodeError('the file looks UTF-16 encoded (without a byte order mark); save it as UTF-8');
    throw new TextDecodeError('the file looks binary (it contains NUL bytes)');
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    throw new TextDecodeError('the file is not valid UTF-8');
  }
  return stripBom(text);
}

/**
 * True when bytes with NULs read as UTF-16 text: the NULs all fall on one side of the code units (the high byte
 * of spaces, digits and Latin letters), and decoded that way there is no control character or replacement.
 */
function looksUtf16(bytes: Uint8Array, nulEven: number, nulOdd: number): boolean {
  if (bytes.length < 4 || (nulEven > 0 && nulOdd > 0)) return false;
  const text = new TextDecoder(nulOdd > 0 ? 'utf-16le' : 'utf-16be').decode(bytes);
  return !/[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/.test(text);
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export class LineIndex {
  /** Offsets at which each line starts. */
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    // Most texts have LF breaks only: found by indexOf, many times faster than a loop over the code units.
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0d) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        starts.push(i + 1);
      } else if (c === 0x0a) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Position of an offset; offsets are clamped to the text. */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo]! };
  }

  /** Offset of a position; positions past a line's end clamp to the end of its content (before the break). */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line]!;
    const end = this.lineContentEnd(position.line);
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }

  /** Offset where line `line`'s content ends (before its line break). */
  lineContentEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! : this.text.length;
    let end = next;
    if (end > this.lineStarts[line]! && this.text.charCodeAt(end - 1) === 0x0a) end--;
    if (end > this.lineStarts[line]! && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return end;
  }
}
