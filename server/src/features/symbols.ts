/** Document symbols (the article's actors grouped by type) and workspace symbols (find an actor by any spelling). */
import { DocumentSymbol, SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { definingMention, FeatureContext } from './context';
import { rangeIn, toRange } from '../lsp/convert';
import { normalize } from '../core/text/normalize';
import { ActorType } from '../core/model';

export const SYMBOL_KIND: Record<ActorType, SymbolKind> = { person: SymbolKind.Object, organization: SymbolKind.Class, place: SymbolKind.Namespace };
const GROUP: Record<ActorType, string> = { person: 'Persons', organization: 'Organizations', place: 'Places' };

export function documentSymbols(ctx: FeatureContext, uri: string): DocumentSymbol[] {
  const text = ctx.corpus.text(uri);
  if (text === undefined) return [];
  const snapshot = ctx.corpus.snapshot();
  const byActor = new Map<string, ReturnType<typeof snapshot.mentions>[number][]>();
  for (const m of snapshot.mentions(uri)) {
    const id = snapshot.actorOf(m).id;
    const list = byActor.get(id) ?? [];
    list.push(m);
    byActor.set(id, list);
  }
  const groups: DocumentSymbol[] = [];
  for (const type of ['person', 'organization', 'place'] as const) {
    const children: DocumentSymbol[] = [];
    for (const [id, ms] of byActor) {
      const actor = snapshot.actorById(id)!;
      if (actor.type !== type) continue;
      const first = ms[0]!;
      const last = ms[ms.length - 1]!;
      children.push({
        name: actor.canonical,
        detail: `${ms.length}×`,
        kind: SYMBOL_KIND[type],
        range: toRange(text, { start: first.start, end: last.end }),
        selectionRange: toRange(text, first),
        children: ms.map((m) => ({ name: m.text, kind: SymbolKind.Field, range: toRange(text, m), selectionRange: toRange(text, m) })),
      });
    }
    if (children.length === 0) continue;
    children.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    groups.push({ name: GROUP[type], kind: SymbolKind.Package, range: { start: children[0]!.range.start, end: children[children.length - 1]!.range.end }, selectionRange: children[0]!.selectionRange, children });
  }
  return groups;
}

export function workspaceSymbols(ctx: FeatureContext, query: string, limit = 200): SymbolInformation[] {
  const q = normalize(query.trim());
  const snapshot = ctx.corpus.snapshot();
  const out: SymbolInformation[] = [];
  for (const actor of snapshot.actors) {
    if (q && !actor.variants.some((v) => normalize(v.text).includes(q)) && !normalize(actor.canonical).includes(q)) continue;
    const def = definingMention(snapshot, actor.id);
    if (!def) continue;
    out.push({ name: actor.canonical, kind: SYMBOL_KIND[actor.type], containerName: actor.type, location: { uri: def.doc, range: rangeIn(ctx.corpus.lines(def.doc), def) } });
    if (out.length >= limit) break;
  }
  return out;
}
