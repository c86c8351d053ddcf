/** Hover card on any mention: type, canonical name, spellings with counts, articles, co-occurring actors, why grouped. */
import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { FeatureContext, mentionAt } from './context';
import { arabic, link } from './markdown';
import { positionIn, toRange } from '../lsp/convert';
import { URI } from '../lsp/uri';
import { CorpusSnapshot, ResolvedActor } from '../core/corpus/corpusIndex';
import { Mention } from '../core/model';

const TYPE_LABEL = { person: 'Person', organization: 'Organization', place: 'Place' } as const;
const MAX_ARTICLES = 8;
const MAX_VARIANTS = 12;
const MAX_COOCCURRING = 5;
const MAX_REASONS = 4;

interface ArticleList {
  /** The first mention in each of the first MAX_ARTICLES articles listed. */
  readonly first: readonly Mention[];
  /** How many articles are listed. */
  readonly listed: number;
}

/** Per snapshot: the articles listed on the cards of the actors hovered (an actor of thousands of mentions took ~1 ms each time). */
const articleLists = new WeakMap<CorpusSnapshot, Map<string, ArticleList>>();

/**
 * The articles the card lists: the actor's articles in corpus order, each linked to its first mention. Between an
 * edit and the next full pass, an article the pass listed may no longer mention the actor: it is left out.
 */
function articlesOf(snapshot: CorpusSnapshot, actor: ResolvedActor): ArticleList {
  let byActor = articleLists.get(snapshot);
  if (!byActor) articleLists.set(snapshot, (byActor = new Map()));
  const known = byActor.get(actor.id);
  if (known) return known;
  // A list holds each article's mentions together: its first of a run is the first in that article.
  const firstIn = new Map<string, Mention>();
  let previous: string | undefined;
  for (const m of snapshot.mentionsOf(actor.id)) {
    if (m.doc === previous) continue;
    previous = m.doc;
    if (!firstIn.has(m.doc)) firstIn.set(m.doc, m);
  }
  const first: Mention[] = [];
  let listed = 0;
  for (const d of actor.documents) {
    const m = firstIn.get(d);
    if (!m) continue;
    if (listed++ < MAX_ARTICLES) first.push(m);
  }
  const list = { first, listed };
  byActor.set(actor.id, list);
  return list;
}

/**
 * The card is laid out so that right-to-left names never share a line with numbers or Latin text that
 * the bidi algorithm could reorder: names and counts sit in separate table cells (each cell is its own
 * bidi paragraph), and a line that starts with a name has nothing but Latin words after it.
 */
export function hover(ctx: FeatureContext, uri: string, position: Position): Hover | null {
  const hit = mentionAt(ctx, uri, position);
  if (!hit) return null;
  const { snapshot, mention, actor, text } = hit;
  const parts: string[] = [];
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  parts.push(`**${arabic(actor.canonical)}**\n\n${TYPE_LABEL[actor.type]} · ${plural(actor.mentionCount, 'mention')} in ${plural(actor.documents.length, 'article')}`);
  const variants = actor.variants.slice(0, MAX_VARIANTS).map((v) => `| ${arabic(v.text)} | ${v.count} | ${v.text === actor.canonical ? 'canonical' : ''} |`);
  if (actor.variants.length > MAX_VARIANTS) variants.push(`| … | ${actor.variants.slice(MAX_VARIANTS).reduce((n, v) => n + v.count, 0)} | ${actor.variants.length - MAX_VARIANTS} more spellings |`);
  parts.push(['| Spelling | Mentions | |', '| :-- | --: | :-- |', ...variants].join('\n'));
  const { first, listed } = articlesOf(snapshot, actor);
  const articleLinks = first.map((m) => {
    const p = positionIn(ctx.corpus.lines(m.doc), m.start);
    return link(arabic(URI.basename(m.doc)), m.doc, p.line, p.character);
  });
  const more = listed - first.length;
  parts.push(`**Articles:** ${articleLinks.join(' · ')}${more > 0 ? ` and ${more} more` : ''}`);
  const co = snapshot.cooccurring(actor.id, MAX_COOCCURRING);
  if (co.length) parts.push(['| Often with | Shared articles |', '| :-- | --: |', ...co.map((c) => `| ${arabic(c.actor.canonical)} | ${c.documents} |`)].join('\n'));
  if (actor.reasons.length) {
    const reasons = actor.reasons.slice(0, MAX_REASONS).map((r) => `- ${arabic(r)}`);
    if (actor.reasons.length > MAX_REASONS) reasons.push(`- and ${actor.reasons.length - MAX_REASONS} more`);
    parts.push(`**Grouped because:**\n\n${reasons.join('\n')}`);
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') },
    range: toRange(text, mention),
  };
}
