/** Document highlight: the actor's mentions in the current article. */
import { DocumentHighlight, DocumentHighlightKind, Position } from 'vscode-languageserver';
import { FeatureContext, mentionAt } from './context';
import { toRange } from '../lsp/convert';

export function documentHighlight(ctx: FeatureContext, uri: string, position: Position): DocumentHighlight[] {
  const hit = mentionAt(ctx, uri, position);
  if (!hit) return [];
  return hit.snapshot
    .mentions(uri)
    .filter((m) => hit.snapshot.actorOf(m).id === hit.actor.id)
    .map((m) => ({ range: toRange(hit.text, m), kind: DocumentHighlightKind.Text }));
}
