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
  const p = lineIndex(text).positionAt(offset);
  return { line: p.line, character: p.character };
}

export function toRange(text: string, span: Span): Range {
  const li = lineIndex(text);
  const s = li.positionAt(span.start);
  const e = li.positionAt(span.end);
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
}

export function toOffset(text: string, position: Position): number {
  return lineIndex(text).offsetAt(position);
}
