/**
 * Rename an actor across the corpus. Only the name changes, never a clitic: each mention's tokens are
 * aligned with the canonical tokens and replaced by the corresponding tokens of the new name.
 */
import { Position, Range, ResponseError, ErrorCodes, WorkspaceEdit } from 'vscode-languageserver';
import { FeatureContext, mentionAt } from './context';
import { alignTokens } from '../core/actors/align';
import { normalize } from '../core/text/normalize';
import { toRange } from '../lsp/convert';
import { Replacement, workspaceEdit } from './workspaceEdits';

export function prepareRename(ctx: FeatureContext, uri: string, position: Position): { range: Range; placeholder: string } | null {
  const hit = mentionAt(ctx, uri, position);
  if (!hit) return null;
  return { range: toRange(hit.text, hit.mention), placeholder: hit.actor.canonical };
}

export function rename(ctx: FeatureContext, uri: string, position: Position, newName: string): WorkspaceEdit | null {
  const hit = mentionAt(ctx, uri, position);
  if (!hit) return null;
  const newTokens = newName.trim().split(/\s+/).filter(Boolean);
  if (newTokens.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, 'The new name is empty.');
  if (/[\r\n]/.test(newName)) throw new ResponseError(ErrorCodes.InvalidParams, 'A name cannot contain a line break.');
  const canonical = hit.actor.canonicalTokens;
  const canonicalNorms = canonical.map(normalize);
  const sameShape = newTokens.length === canonical.length;
  const replacements: Replacement[] = [];
  for (const m of hit.snapshot.mentionsOf(hit.actor.id)) {
    if (sameShape) {
      const align = alignTokens(m.tokens.map((t) => t.norm), canonicalNorms);
      m.tokens.forEach((t, i) => {
        const j = align[i]!;
        if (j >= 0 && t.text !== newTokens[j]) replacements.push({ doc: m.doc, start: t.start, end: t.end, newText: newTokens[j]! });
      });
    } else if (m.tokens.length === 1 && canonical.length > 1) {
      // A short form becomes the new name's last token.
      replacements.push({ doc: m.doc, start: m.start, end: m.end, newText: newTokens[newTokens.length - 1]! });
    } else {
      replacements.push({ doc: m.doc, start: m.start, end: m.end, newText: newTokens.join(' ') });
    }
  }
  return workspaceEdit(ctx, replacements);
}
