/**
 * Annotation commands: mark a selection as a person / organization / place (with the occurrence preview), remove
 * an entity, the outline's actions on actors and spellings, undo, open the decisions file, export and import.
 * Every action is performed by the server (`ServerCommands.annotate`) as an edit of the decisions file.
 *
 * The occurrence preview is a multi-select QuickPick: one separator per article, one ticked item per occurrence
 * (the line around it, its position, the actor it already belongs to), each can be unticked; a first pick chooses
 * the scope (this article / the whole corpus), a second the actor (new, or an existing one of that type). VS Code's
 * refactor preview was the other candidate, but it previews edits of the files it changes — here only the decisions
 * file changes, so it would show JSON lines instead of the occurrences in the articles.
 */
import * as vscode from 'vscode';
import {
  CLIENT_MARK_COMMAND, Requests, ServerCommands,
  type ActorTypeName, type AnnotateRequest, type AnnotateResult, type DecisionsInfo, type ExportFormatName, type ExportReport, type ImportResult,
  type LspRange, type NameOccurrence, type NameOccurrencesResult,
} from '../../server/src/protocol';
import { Commands } from './constants';
import type { IAnnotationService as ICorpusService } from './corpusService';
import { reportError } from './errors';
import { actorOf, type OutlineNode } from './corpusOutline/nodes';
import { baseName } from './textUtils';

export interface MarkOptions {
  /** 'article' or 'corpus' (default: ask). */
  readonly scope?: 'article' | 'corpus';
  /** An existing actor's id, or null for a new actor (default: ask). */
  readonly actorId?: string | null;
  /** false: take every occurrence in the scope without showing the preview (tests). */
  readonly preview?: boolean;
}

const TYPES: readonly ActorTypeName[] = ['person', 'organization', 'place'];
const typeLabel = (t: ActorTypeName): string => (t === 'person' ? vscode.l10n.t('Person') : t === 'organization' ? vscode.l10n.t('Organization') : vscode.l10n.t('Place'));

const fromRange = (r: vscode.Range): LspRange => ({ start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } });

async function pickType(): Promise<ActorTypeName | undefined> {
  const pick = await vscode.window.showQuickPick(TYPES.map((t) => ({ label: typeLabel(t), type: t })), { title: vscode.l10n.t('Mark as') });
  return pick?.type;
}

function report(result: AnnotateResult | undefined): AnnotateResult | undefined {
  if (result && !result.applied && result.message) void vscode.window.showWarningMessage(result.message);
  return result;
}

interface OccurrencePick extends vscode.QuickPickItem {
  readonly occurrence?: NameOccurrence;
}

/** The preview: per-article separators, every occurrence ticked; returns the ticked and unticked ones. */
async function previewOccurrences(name: string, occurrences: readonly NameOccurrence[]): Promise<{ picked: NameOccurrence[]; unticked: NameOccurrence[] } | undefined> {
  const items: OccurrencePick[] = [];
  let last = '';
  for (const o of occurrences) {
    if (o.uri !== last) {
      last = o.uri;
      items.push({ label: baseName(vscode.Uri.parse(o.uri).path), kind: vscode.QuickPickItemKind.Separator });
    }
    items.push({
      label: o.preview,
      description: `${o.range.start.line + 1}:${o.range.start.character + 1}`,
      detail: o.actor ? vscode.l10n.t('now: {0} ({1})', o.actor.canonical, typeLabel(o.actor.type)) : undefined,
      picked: true,
      occurrence: o,
    });
  }
  const qp = vscode.window.createQuickPick<OccurrencePick>();
  qp.title = vscode.l10n.t('Occurrences of «{0}» to mark', name);
  qp.placeholder = vscode.l10n.t('Untick the occurrences that are not this name, then press Enter');
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  qp.items = items;
  qp.selectedItems = items.filter((i) => i.picked);
  const chosen = await new Promise<readonly OccurrencePick[] | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!chosen) return undefined;
  const set = new Set(chosen);
  const all = items.filter((i) => i.occurrence);
  return { picked: all.filter((i) => set.has(i)).map((i) => i.occurrence!), unticked: all.filter((i) => !set.has(i)).map((i) => i.occurrence!) };
}

async function markSelection(service: ICorpusService, uriArg?: string | vscode.Uri, rangeArg?: LspRange | vscode.Range, typeArg?: ActorTypeName, options: MarkOptions = {}): Promise<AnnotateResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  const uri = uriArg ? uriArg.toString() : editor?.document.uri.toString();
  let range: LspRange | undefined = rangeArg ? (rangeArg instanceof vscode.Range ? fromRange(rangeArg) : rangeArg) : editor ? fromRange(editor.selection) : undefined;
  if (editor && !rangeArg && editor.selection.isEmpty) {
    const word = editor.document.getWordRangeAtPosition(editor.selection.active);
    if (word) range = fromRange(word);
  }
  if (!uri || !range) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Select a name in an article first.'));
    return undefined;
  }
  const type = typeArg ?? (await pickType());
  if (!type) return undefined;
  const found = await service.customRequest<NameOccurrencesResult>(Requests.nameOccurrences, { uri, range });
  if (!found.name || !found.selected) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Select a name in an article first.'));
    return undefined;
  }
  const inArticle = found.occurrences.filter((o) => o.uri === uri);
  const articles = new Set(found.occurrences.map((o) => o.uri)).size;
  let scope = options.scope;
  if (!scope) {
    if (articles <= 1) scope = 'article';
    else {
      const pick = await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('The whole corpus'), description: vscode.l10n.t('{0} occurrences in {1} articles', found.occurrences.length, articles), scope: 'corpus' as const },
          { label: vscode.l10n.t('This article'), description: vscode.l10n.t('{0} occurrences', inArticle.length), scope: 'article' as const },
        ],
        { title: vscode.l10n.t('Mark «{0}» in', found.name) },
      );
      if (!pick) return undefined;
      scope = pick.scope;
    }
  }
  let actorId = options.actorId;
  if (actorId === undefined) {
    const existing = await service.corpusOutline({ type, filter: found.name, limit: 20 });
    const items = [
      { label: vscode.l10n.t('New actor «{0}»', found.name), id: null as string | null },
      ...existing.actors.map((a) => ({ label: a.canonical, description: vscode.l10n.t('{0} mentions', a.mentions), id: a.id as string | null })),
    ];
    if (items.length > 1) {
      const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('«{0}» is', found.name) });
      if (!pick) return undefined;
      actorId = pick.id;
    } else actorId = null;
  }
  const candidates = scope === 'article' ? inArticle : found.occurrences;
  let chosen: { picked: NameOccurrence[]; unticked: NameOccurrence[] } | undefined = { picked: [...candidates], unticked: [] };
  if (options.preview !== false) chosen = await previewOccurrences(found.name, candidates);
  if (!chosen || chosen.picked.length === 0) return undefined;
  const req: AnnotateRequest = {
    action: 'mark',
    type,
    ...(actorId ? { actorId } : {}),
    spans: chosen.picked.map((o) => ({ uri: o.uri, range: o.range, text: o.text })),
    unticked: chosen.unticked.map((o) => ({ uri: o.uri, range: o.range, text: o.text })),
  };
  const result = report((await service.executeServerCommand(ServerCommands.annotate, [req])) as AnnotateResult);
  if (result?.applied) void vscode.window.setStatusBarMessage(vscode.l10n.t('Marked {0} occurrences of «{1}» as {2}.', chosen.picked.length, found.name, typeLabel(type)), 6000);
  return result;
}

const annotate = async (service: ICorpusService, req: AnnotateRequest): Promise<AnnotateResult | undefined> =>
  report((await service.executeServerCommand(ServerCommands.annotate, [req])) as AnnotateResult);

function guard<A extends unknown[]>(f: (...args: A) => Promise<unknown>): (...args: A) => Promise<unknown> {
  return async (...args: A) => {
    try {
      return await f(...args);
    } catch (e) {
      reportError(e);
      return undefined;
    }
  };
}

export function registerAnnotationCommands(service: ICorpusService, output: vscode.OutputChannel): vscode.Disposable[] {
  const outlineActor = (node?: OutlineNode) => (node ? actorOf(node) : undefined);
  const variantOf = (node?: OutlineNode): string | undefined => (node?.kind === 'variant' ? node.variant.text : node?.kind === 'occurrence' ? node.parent.variant.text : undefined);
  return [
    vscode.commands.registerCommand(Commands.markSelection, guard((uri?: string | vscode.Uri, range?: LspRange | vscode.Range, type?: ActorTypeName, options?: MarkOptions) => markSelection(service, uri, range, type, options))),

    vscode.commands.registerCommand(Commands.removeEntity, guard(async (uri?: string | vscode.Uri, position?: vscode.Position) => {
      const editor = vscode.window.activeTextEditor;
      const u = uri?.toString() ?? editor?.document.uri.toString();
      const p = position ?? editor?.selection.active;
      if (!u || !p) return undefined;
      return annotate(service, { action: 'remove', uri: u, range: { start: { line: p.line, character: p.character }, end: { line: p.line, character: p.character } } });
    })),

    vscode.commands.registerCommand(Commands.undoAnnotation, guard(() => annotate(service, { action: 'undo' }))),

    vscode.commands.registerCommand(Commands.openAnnotations, guard(async () => {
      const info = await service.customRequest<DecisionsInfo>(Requests.decisionsInfo, null);
      if (!info.uri || !info.exists) {
        void vscode.window.showInformationMessage(vscode.l10n.t('There are no annotations yet: mark a name first.'));
        return undefined;
      }
      return vscode.window.showTextDocument(vscode.Uri.parse(info.uri));
    })),

    vscode.commands.registerCommand(Commands.exportAnnotations, guard(async (args?: { format?: ExportFormatName; folder?: string }) => {
      const format = args?.format ?? (await vscode.window.showQuickPick(
        [
          { label: 'JSONL', description: vscode.l10n.t('one line per article, UTF-16 offsets, actors'), format: 'jsonl' as const },
          { label: 'brat', description: vscode.l10n.t('.ann standoff beside a copy of each article, actors as N lines'), format: 'brat' as const },
          { label: 'CoNLL', description: vscode.l10n.t('BIO tags of ANERcorp, one token per line'), format: 'conll' as const },
        ],
        { title: vscode.l10n.t('Export annotations as') },
      ))?.format;
      if (!format) return undefined;
      const folder = args?.folder ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Export here') }))?.[0]?.fsPath;
      if (!folder) return undefined;
      const r = await service.customRequest<ExportReport>(Requests.exportAnnotations, { format, folder });
      output.appendLine(`Export (${format}) to ${folder}: person ${r.counts.person}, organization ${r.counts.organization}, place ${r.counts.place}; ${r.written.length} file(s)`);
      for (const n of r.notRepresented) output.appendLine(`  not represented: ${n}`);
      const msg = vscode.l10n.t('Exported {0} persons, {1} organizations, {2} places.', r.counts.person, r.counts.organization, r.counts.place);
      if (r.notRepresented.length) {
        const show = vscode.l10n.t('Show');
        void vscode.window.showWarningMessage(msg + ' ' + vscode.l10n.t('{0} things the format cannot represent are listed in the output.', r.notRepresented.length), show).then((c) => c === show && output.show(true));
      } else void vscode.window.showInformationMessage(msg);
      return r;
    })),

    vscode.commands.registerCommand(Commands.importAnnotations, guard(async (args?: { format?: 'brat' | 'jsonl'; source?: string }) => {
      const format = args?.format ?? (await vscode.window.showQuickPick(
        [
          { label: 'brat', description: vscode.l10n.t('a folder of .ann files named like the articles'), format: 'brat' as const },
          { label: 'JSONL', description: vscode.l10n.t('a .jsonl file as exported'), format: 'jsonl' as const },
        ],
        { title: vscode.l10n.t('Import annotations from') },
      ))?.format;
      if (!format) return undefined;
      const source = args?.source ?? (await vscode.window.showOpenDialog({ canSelectFolders: format === 'brat', canSelectFiles: format === 'jsonl', openLabel: vscode.l10n.t('Import') }))?.[0]?.fsPath;
      if (!source) return undefined;
      const r = await service.customRequest<ImportResult>(Requests.importAnnotations, { format, source });
      for (const p of [...r.problems, ...r.differences]) output.appendLine(`  import: ${p}`);
      if (!r.applied) void vscode.window.showWarningMessage(r.message ?? vscode.l10n.t('The annotations were not imported.'));
      else void vscode.window.showInformationMessage(vscode.l10n.t('Imported {0} entities ({1} added, {2} removed); {3} problems listed in the output.', r.entities, r.added, r.removed, r.problems.length + r.differences.length));
      return r;
    })),

    vscode.commands.registerCommand(Commands.outlineChangeType, guard(async (node?: OutlineNode, type?: ActorTypeName) => {
      const a = outlineActor(node);
      if (!a) return undefined;
      const t = type ?? (await vscode.window.showQuickPick(TYPES.filter((x) => x !== a.type).map((x) => ({ label: typeLabel(x), type: x })), { title: vscode.l10n.t('«{0}» is', a.canonical) }))?.type;
      return t ? annotate(service, { action: 'setType', actorId: a.id, type: t }) : undefined;
    })),

    vscode.commands.registerCommand(Commands.outlineMergeActor, guard(async (node?: OutlineNode, otherId?: string) => {
      const a = outlineActor(node);
      if (!a) return undefined;
      let other = otherId;
      if (!other) {
        const all = await service.corpusOutline({ type: a.type });
        other = (await vscode.window.showQuickPick(all.actors.filter((x) => x.id !== a.id).map((x) => ({ label: x.canonical, description: vscode.l10n.t('{0} mentions', x.mentions), id: x.id })), {
          title: vscode.l10n.t('Merge into «{0}»', a.canonical),
        }))?.id;
      }
      return other ? annotate(service, { action: 'merge', targetId: a.id, otherId: other }) : undefined;
    })),

    vscode.commands.registerCommand(Commands.outlineSetCanonical, guard(async (node?: OutlineNode) => {
      const a = outlineActor(node);
      const v = variantOf(node);
      return a && v ? annotate(service, { action: 'setCanonical', actorId: a.id, spelling: v }) : undefined;
    })),

    vscode.commands.registerCommand(Commands.outlineSplitVariant, guard(async (node?: OutlineNode) => {
      const a = outlineActor(node);
      const v = variantOf(node);
      if (!a || !v) return undefined;
      const r = await annotate(service, { action: 'keepSeparate', spelling: v, other: a.canonical });
      return r;
    })),

    vscode.commands.registerCommand(Commands.outlineNotAnEntity, guard(async (node?: OutlineNode) => {
      const v = variantOf(node) ?? outlineActor(node)?.canonical;
      return v ? annotate(service, { action: 'notEntity', text: v }) : undefined;
    })),
  ];
}

/** Kept in sync with the server's code action command id. */
export const MARK_COMMAND_ID: typeof CLIENT_MARK_COMMAND = Commands.markSelection as typeof CLIENT_MARK_COMMAND;
