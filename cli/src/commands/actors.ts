import { LoadedCorpus } from '../corpus';
import { table } from '../format';

export interface ActorJson {
  id: string;
  canonical: string;
  type: 'person' | 'organization' | 'place';
  variants: Array<{ text: string; count: number }>;
  mentions: number;
  documents: string[];
}

export function actorsJson(c: LoadedCorpus): ActorJson[] {
  return c.engine.index.resolve().actors.map((a) => ({
    id: a.id,
    canonical: a.canonical,
    type: a.type,
    variants: a.variants.map((v) => ({ text: v.text, count: v.count })),
    mentions: a.mentionCount,
    documents: [...a.documents],
  }));
}

export function actorsText(actors: readonly ActorJson[]): string {
  const rows = actors.map((a) => [a.type, String(a.mentions), String(a.documents.length), String(a.variants.length), a.variants.length > 1 ? `${a.canonical}  (${a.variants.map((v) => `${v.text} ×${v.count}`).join('، ')})` : a.canonical]);
  return table(['type', 'mentions', 'articles', 'variants', 'actor'], rows) + `\n\n${actors.length} actors`;
}
