/**
 * Nodes of the Corpus Outline (type → actor → variant → occurrence) and how each becomes a TreeItem.
 * Node ids are stable across refreshes (`type:…`, `actor:…`, `variant:…`, `occ:…`), so VS Code keeps
 * the expansion and selection state when the tree is rebuilt.
 */
import * as vscode from 'vscode';
import type { ActorTypeName, OutlineActor, OutlineOccurrence, OutlineVariant } from '../../../server/src/protocol';
import { baseName, escapeMarkdown, snippetAround, truncate, withoutBidiControls } from '../textUtils';

export const ACTOR_TYPES: readonly ActorTypeName[] = ['person', 'organization', 'place'];

export interface TypeNode {
  readonly kind: 'type';
  readonly id: string;
  readonly type: ActorTypeName;
  readonly actors: readonly OutlineActor[];
}

export interface ActorNode {
  readonly kind: 'actor';
  readonly id: string;
  readonly parent: TypeNode;
  readonly actor: OutlineActor;
}

export interface VariantNode {
  readonly kind: 'variant';
  readonly id: string;
  readonly parent: ActorNode;
  readonly variant: OutlineVariant;
}

export interface OccurrenceNode {
  readonly kind: 'occurrence';
  readonly id: string;
  readonly parent: VariantNode;
  readonly occurrence: OutlineOccurrence;
}

export type OutlineNode = TypeNode | ActorNode | VariantNode | OccurrenceNode;

export const typeNodeId = (type: ActorTypeName): string => `type:${type}`;
export const actorNodeId = (actorId: string): string => `actor:${actorId}`;
export const variantNodeId = (actorId: string, text: string): string => `variant:${actorId}:${text}`;
export const occurrenceNodeId = (actorId: string, text: string, o: OutlineOccurrence): string =>
  `occ:${actorId}:${text}:${o.uri}:${o.range.start.line}:${o.range.start.character}`;

export function typeNode(type: ActorTypeName, actors: readonly OutlineActor[]): TypeNode {
  return { kind: 'type', id: typeNodeId(type), type, actors };
}
export function actorNode(parent: TypeNode, actor: OutlineActor): ActorNode {
  return { kind: 'actor', id: actorNodeId(actor.id), parent, actor };
}
export function variantNode(parent: ActorNode, variant: OutlineVariant): VariantNode {
  return { kind: 'variant', id: variantNodeId(parent.actor.id, variant.text), parent, variant };
}
export function occurrenceNode(parent: VariantNode, occurrence: OutlineOccurrence): OccurrenceNode {
  return { kind: 'occurrence', id: occurrenceNodeId(parent.parent.actor.id, parent.variant.text, occurrence), parent, occurrence };
}

/** The actor a node belongs to (undefined for type nodes). */
export function actorOf(node: OutlineNode): OutlineActor | undefined {
  switch (node.kind) {
    case 'type':
      return undefined;
    case 'actor':
      return node.actor;
    case 'variant':
      return node.parent.actor;
    case 'occurrence':
      return node.parent.parent.actor;
  }
}

export function typeLabel(type: ActorTypeName): string {
  switch (type) {
    case 'person':
      return vscode.l10n.t('People');
    case 'organization':
      return vscode.l10n.t('Organizations');
    case 'place':
      return vscode.l10n.t('Places');
  }
}

function typeName(type: ActorTypeName): string {
  switch (type) {
    case 'person':
      return vscode.l10n.t('person');
    case 'organization':
      return vscode.l10n.t('organization');
    case 'place':
      return vscode.l10n.t('place');
  }
}

const TYPE_ICONS: Record<ActorTypeName, string> = { person: 'person', organization: 'organization', place: 'location' };
const warningColor = (): vscode.ThemeColor => new vscode.ThemeColor('list.warningForeground');

export function typeIcon(type: ActorTypeName, warn = false): vscode.ThemeIcon {
  return warn ? new vscode.ThemeIcon(TYPE_ICONS[type], warningColor()) : new vscode.ThemeIcon(TYPE_ICONS[type]);
}

/** A markdown tooltip that can never be trusted, render HTML or theme icons; all article text goes in escaped. */
function safeMarkdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  return md;
}

function flaggedCount(actor: OutlineActor): number {
  return actor.variants.filter((v) => v.flagged).length;
}

// Counted phrases: a separate string for one, so English reads "1 mention" (and Arabic can say "إشارة واحدة").
const mentionsText = (n: number): string => (n === 1 ? vscode.l10n.t('1 mention') : vscode.l10n.t('{0} mentions', n));
const articlesText = (n: number): string => (n === 1 ? vscode.l10n.t('1 article') : vscode.l10n.t('{0} articles', n));
const variantsText = (n: number): string => (n === 1 ? vscode.l10n.t('1 spelling variant') : vscode.l10n.t('{0} spelling variants', n));
const actorsText = (n: number): string => (n === 1 ? vscode.l10n.t('1 actor') : vscode.l10n.t('{0} actors', n));
const occurrencesText = (n: number): string => (n === 1 ? vscode.l10n.t('1 occurrence') : vscode.l10n.t('{0} occurrences', n));

/**
 * Wraps a tree description in a first-strong isolate, so that in a row with an Arabic label the description's
 * leading number stays with the description instead of joining the label's right-to-left run ("26كوفي أنان").
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** A description without the isolate marks (for snapshots and comparisons). */
export function stripIsolates(text: string): string {
  return text.replace(/[\u2066-\u2069]/g, '');
}

export function actorDescription(actor: OutlineActor): string {
  const parts = [mentionsText(actor.mentions), articlesText(actor.documents)];
  const flagged = flaggedCount(actor);
  if (flagged > 0) parts.push(variantsText(flagged));
  return parts.join(' · ');
}

export function actorTooltip(actor: OutlineActor): vscode.MarkdownString {
  const md = safeMarkdown();
  md.appendMarkdown(`**${escapeMarkdown(actor.canonical)}** — ${escapeMarkdown(typeName(actor.type))}\n\n`);
  md.appendMarkdown(`${escapeMarkdown(actorDescription(actor))}\n\n`);
  for (const v of actor.variants) {
    const note = v.canonical ? vscode.l10n.t('canonical') : v.flagged ? vscode.l10n.t('spelling variant') : '';
    md.appendMarkdown(`- ${escapeMarkdown(v.text)} (${v.count})${note ? ` — ${escapeMarkdown(note)}` : ''}\n`);
  }
  return md;
}

function variantNote(v: OutlineVariant): string {
  return v.canonical ? vscode.l10n.t('canonical') : v.flagged ? vscode.l10n.t('spelling variant') : '';
}

export function variantDescription(v: OutlineVariant): string {
  const note = variantNote(v);
  return note ? `${v.count} · ${note}` : String(v.count);
}

export function occurrenceDescription(o: OutlineOccurrence): string {
  return `${baseName(o.uri)}:${o.range.start.line + 1}`;
}

function occurrenceTooltip(o: OutlineOccurrence): vscode.MarkdownString {
  const md = safeMarkdown();
  let where = o.uri;
  try {
    const uri = vscode.Uri.parse(o.uri);
    where = uri.scheme === 'file' ? vscode.workspace.asRelativePath(uri) : uri.toString(true);
  } catch {
    // keep the raw string
  }
  md.appendMarkdown(`${escapeMarkdown(where)}:${o.range.start.line + 1}:${o.range.start.character + 1}\n\n`);
  md.appendMarkdown(`> ${escapeMarkdown(truncate(o.preview, 400))}\n`);
  return md;
}

/** The arguments for `vscode.open` that show an occurrence with the mention selected. */
export function openOccurrenceArgs(o: OutlineOccurrence): [vscode.Uri, vscode.TextDocumentShowOptions] {
  const r = o.range;
  const selection = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  return [vscode.Uri.parse(o.uri), { selection, preview: true }];
}

export function toTreeItem(node: OutlineNode): vscode.TreeItem {
  switch (node.kind) {
    case 'type': {
      const state = node.actors.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
      const item = new vscode.TreeItem(typeLabel(node.type), state);
      item.description = isolate(actorsText(node.actors.length));
      item.iconPath = typeIcon(node.type);
      item.contextValue = 'type';
      item.id = node.id;
      return item;
    }
    case 'actor': {
      const a = node.actor;
      const item = new vscode.TreeItem(withoutBidiControls(a.canonical), vscode.TreeItemCollapsibleState.Collapsed);
      item.description = isolate(actorDescription(a));
      item.iconPath = typeIcon(a.type, flaggedCount(a) > 0);
      item.tooltip = actorTooltip(a);
      item.contextValue = 'actor';
      item.id = node.id;
      return item;
    }
    case 'variant': {
      const v = node.variant;
      const item = new vscode.TreeItem(withoutBidiControls(v.text), vscode.TreeItemCollapsibleState.Collapsed);
      item.description = isolate(variantDescription(v));
      item.iconPath = v.canonical ? new vscode.ThemeIcon('pass') : v.flagged ? new vscode.ThemeIcon('warning', warningColor()) : new vscode.ThemeIcon('symbol-text');
      const md = safeMarkdown();
      md.appendMarkdown(`**${escapeMarkdown(v.text)}** — ${escapeMarkdown(occurrencesText(v.count))}`);
      const note = variantNote(v);
      if (note) md.appendMarkdown(` — ${escapeMarkdown(note)}`);
      item.tooltip = md;
      item.contextValue = v.flagged ? 'variant.flagged' : 'variant';
      item.id = node.id;
      return item;
    }
    case 'occurrence': {
      const o = node.occurrence;
      const snip = snippetAround(withoutBidiControls(o.preview), withoutBidiControls(node.parent.variant.text));
      const label: vscode.TreeItemLabel = snip.highlight ? { label: snip.text, highlights: [[snip.highlight[0], snip.highlight[1]]] } : { label: snip.text };
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      item.description = isolate(occurrenceDescription(o));
      item.iconPath = new vscode.ThemeIcon('quote');
      item.tooltip = occurrenceTooltip(o);
      item.contextValue = 'occurrence';
      item.id = node.id;
      const [uri, options] = openOccurrenceArgs(o);
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Occurrence'), arguments: [uri, options] };
      return item;
    }
  }
}

/** The plain label of a node (TreeItemLabel flattened), for snapshots and quick picks. */
export function labelOf(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : l ? l.label : '';
}

export function descriptionOf(item: vscode.TreeItem): string | undefined {
  return typeof item.description === 'string' ? stripIsolates(item.description) : undefined;
}
