/**
 * The only place where core offsets (UTF-16 code units into the text) become LSP positions and back.
 */
import { Position, Range } from 'vscode-languageserver';
import { LineIndex } from '../core/text/textDocument';
import { Span } from '../core/model';

const byText = new Map<string, LineIndex>();

/** A line index for a text; cached by text so repeated conversions are cheap. */
export function lineIndex(text: string): LineIndex {
  let li = byText.get(text);
  if (!li) {
    li = new LineIndex(text);
    if (byText.size > 2000) byText.clear();
    byText.set(text, li);
  }
  return li;
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
