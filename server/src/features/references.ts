/** References: every mention of the actor in every article, open or not. */
import { Location, Position } from 'vscode-languageserver';
import { definingMention, FeatureContext, mentionAt } from './context';
import { toRange } from '../lsp/convert';

export function references(ctx: FeatureContext, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const hit = mentionAt(ctx, uri, position);
  if (!hit) return [];
  const def = includeDeclaration ? undefined : definingMention(hit.snapshot, hit.actor.id);
  return hit.snapshot
    .mentionsOf(hit.actor.id)
    .filter((m) => m !== def)
    .map((m) => ({ uri: m.doc, range: toRange(ctx.corpus.text(m.doc) ?? '', m) }));
}
