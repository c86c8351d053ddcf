/** References: every mention of the actor in every article, open or not. */
import { Location, Position } from 'vscode-languageserver';
import { definingMention, FeatureContext, mentionAt } from './context';
import { rangeIn } from '../lsp/convert';
import { LineIndex } from '../core/text/textDocument';

export function references(ctx: FeatureContext, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const hit = mentionAt(ctx, uri, position);
  if (!hit) return [];
  const def = includeDeclaration ? undefined : definingMention(hit.snapshot, hit.actor.id);
  // An actor's mentions come article by article: each article's line index is looked up once.
  let doc: string | undefined;
  let lines: LineIndex | undefined;
  return hit.snapshot
    .mentionsOf(hit.actor.id)
    .filter((m) => m !== def)
    .map((m) => {
      if (m.doc !== doc) lines = ctx.corpus.lines((doc = m.doc));
      return { uri: m.doc, range: rangeIn(lines, m) };
    });
}
