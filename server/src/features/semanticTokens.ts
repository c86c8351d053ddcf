/** Semantic tokens: each mention as person / organization / place (uncoloured by default: see README, "Colouring names"). */
import { SemanticTokens, SemanticTokensBuilder, SemanticTokensLegend } from 'vscode-languageserver';
import { FeatureContext } from './context';
import { lineIndex } from '../lsp/convert';

export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: ['person', 'organization', 'place'], tokenModifiers: ['variant'] };
const TYPE_INDEX = { person: 0, organization: 1, place: 2 } as const;

export function semanticTokens(ctx: FeatureContext, uri: string): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  const text = ctx.corpus.text(uri);
  if (text === undefined) return builder.build();
  const li = lineIndex(text);
  const snapshot = ctx.corpus.snapshot();
  const flagged = new Set(ctx.corpus.findings(uri).filter((f) => f.code === 'spelling-variant').map((f) => f.start));
  for (const m of snapshot.mentions(uri)) {
    const type = TYPE_INDEX[snapshot.actorOf(m).type];
    // One token per name token (tokens never span lines; multi-token names may).
    for (const t of m.tokens) {
      const p = li.positionAt(t.start);
      builder.push(p.line, p.character, t.end - t.start, type, flagged.has(t.start) ? 1 : 0);
    }
  }
  return builder.build();
}
