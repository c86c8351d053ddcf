/**
 * The only place where core offsets (UTF-16 code units into the text) become LSP positions and back.
 */
import { Position, Range } from 'vscode-languageserver';
import { LineIndex } from '../core/text/textDocument';
import { Span } from '../core/model';
import { remembered } from './boundedMemo';

const byText = new Map<string, LineIndex>();
/** Line indexes kept (a few hundred bytes each): enough for every article of a large corpus. */
const MAX_LINE_INDEXES = 50000;

/** A line index for a text; cached by text so repeated conversions are cheap. */
export function lineIndex(text: string): LineIndex {
  return remembered(byText, text, MAX_LINE_INDEXES, () => new LineIndex(text));
}

export function toPosition(text: string, offset: number): Position {
  return positionIn(lineIndex(text), offset);
}

/** An offset as a position, from the text's line index (none: the text is unknown, the start of the document). */
export function positionIn(lines: LineIndex | undefined, offset: number): Position {
  if (!lines) return { line: 0, character: 0 };
  const p = lines.positionAt(offset);
  return { line: p.line, character: p.character };
}

/** A span as a range, from the text's line index (see positionIn). */
export function rangeIn(lines: LineIndex | undefined, span: Span): Range {
  return { start: positionIn(lines, span.start), end: positionIn(lines, span.end) };
}

export function toRange(text: string, span: Span): Range {
  return rangeIn(lineIndex(text), span);
}

export function toOffset(text: string, position: Position): number {
  return lineIndex(text).offsetAt(position);
}
