/** Go to definition / declaration: the actor's first, fullest mention in the corpus (possibly another article). */
import { Location, Position } from 'vscode-languageserver';
import { definingMention, FeatureContext, mentionAt } from './context';
import { rangeIn } from '../lsp/convert';

export function definition(ctx: FeatureContext, uri: string, position: Position): Location | null {
  const hit = mentionAt(ctx, uri, position);
  if (!hit) return null;
  const def = definingMention(hit.snapshot, hit.actor.id);
  if (!def) return null;
  return { uri: def.doc, range: rangeIn(ctx.corpus.lines(def.doc), def) };
}
