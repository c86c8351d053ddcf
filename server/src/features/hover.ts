/** Hover card on any mention: type, canonical name, spellings with counts, articles, co-occurring actors, why grouped. */
import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { FeatureContext, mentionAt } from './context';
import { arabic, escapeMarkdown, link } from './markdown';
import { toRange, toPosition } from '../lsp/convert';
import { URI } from '../lsp/uri';

const TYPE_LABEL = { person: 'Person', organization: 'Organization', place: 'Place' } as const;
const TYPE_ICON = { person: '$(person)', organization: '$(organization)', place: '$(location)' } as const;
const MAX_ARTICLES = 8;
const MAX_COOCCURRING = 5;
const MAX_REASONS = 4;

export function hover(ctx: FeatureContext, uri: string, position: Position): Hover | null {
  const hit = mentionAt(ctx, uri, position);
  if (!hit) return null;
  const { snapshot, mention, actor, text } = hit;
  const lines: string[] = [];
  lines.push(`${TYPE_ICON[actor.type]} **${arabic(actor.canonical)}** — ${TYPE_LABEL[actor.type]}, ${actor.mentionCount} mention${actor.mentionCount === 1 ? '' : 's'} in ${actor.documents.length} article${actor.documents.length === 1 ? '' : 's'}`);
  const spellings = actor.variants.map((v) => `${arabic(v.text)} ×${v.count}${v.text === actor.canonical ? ' (canonical)' : ''}`);
  lines.push(`**Spellings:** ${spellings.join(' · ')}`);
  const mentions = snapshot.mentionsOf(actor.id);
  const firstIn = new Map<string, (typeof mentions)[number]>();
  for (const m of mentions) if (!firstIn.has(m.doc)) firstIn.set(m.doc, m);
  const articleLinks = actor.documents.slice(0, MAX_ARTICLES).map((d) => {
    const m = firstIn.get(d)!;
    const p = toPosition(ctx.corpus.text(d) ?? '', m.start);
    return link(escapeMarkdown(URI.basename(d)), d, p.line, p.character);
  });
  const more = actor.documents.length - MAX_ARTICLES;
  lines.push(`**Articles:** ${articleLinks.join(' · ')}${more > 0 ? ` and ${more} more` : ''}`);
  const co = snapshot.cooccurring(actor.id, MAX_COOCCURRING);
  if (co.length) lines.push(`**Often with:** ${co.map((c) => `${arabic(c.actor.canonical)} (${c.documents})`).join(' · ')}`);
  if (actor.reasons.length) {
    const reasons = actor.reasons.slice(0, MAX_REASONS).map((r) => `- ${arabic(r)}`);
    if (actor.reasons.length > MAX_REASONS) reasons.push(`- and ${actor.reasons.length - MAX_REASONS} more`);
    lines.push(`**Grouped because:**\n${reasons.join('\n')}`);
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') },
    range: toRange(text, mention),
  };
}
