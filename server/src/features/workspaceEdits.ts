/** Builds WorkspaceEdits over many articles from core replacements (offset spans + new text). */
import { TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { FeatureContext } from './context';
import { toRange } from '../lsp/convert';
import { Span } from '../core/model';

export interface Replacement extends Span {
  readonly doc: string;
  readonly newText: string;
}

/** Groups replacements by article, drops overlapping ones, and versions edits of open documents. */
export function workspaceEdit(ctx: FeatureContext, replacements: readonly Replacement[]): WorkspaceEdit {
  const byDoc = new Map<string, Replacement[]>();
  for (const r of replacements) {
    const list = byDoc.get(r.doc) ?? [];
    list.push(r);
    byDoc.set(r.doc, list);
  }
  const perDoc: Array<[string, TextEdit[]]> = [];
  for (const [doc, list] of [...byDoc].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const text = ctx.corpus.text(doc) ?? '';
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    const edits: TextEdit[] = [];
    let end = -1;
    for (const r of list) {
      if (r.start < end) continue; // overlapping: keep the first
      edits.push({ range: toRange(text, r), newText: r.newText });
      end = r.end;
    }
    perDoc.push([doc, edits]);
  }
  if (ctx.documentChanges) {
    return { documentChanges: perDoc.map(([uri, edits]) => TextDocumentEdit.create({ uri, version: ctx.versionOf(uri) }, edits)) };
  }
  return { changes: Object.fromEntries(perDoc) };
}
