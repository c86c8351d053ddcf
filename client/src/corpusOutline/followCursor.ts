/**
 * Reveals the actor under the cursor in the Corpus Outline as the cursor moves (debounced), when the view
 * is visible and `arabicNews.outline.followCursor` is on. Never takes the focus from the editor.
 */
import * as vscode from 'vscode';
import type { ICorpusService } from '../corpusService';
import { CONFIG_SECTION, LANGUAGE_ID } from '../constants';
import { actorOf, type OutlineNode } from './nodes';
import type { CorpusOutlineProvider } from './provider';

export const FOLLOW_DELAY_MS = 300;

export function isArticleEditor(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  if (!editor) return false;
  const doc = editor.document;
  return (doc.languageId === LANGUAGE_ID || doc.languageId === 'plaintext') && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');
}

export class FollowCursor implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private cts: vscode.CancellationTokenSource | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly service: ICorpusService,
    private readonly provider: CorpusOutlineProvider,
    private readonly treeView: vscode.TreeView<OutlineNode>,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeTextEditorSelection((e) => this.schedule(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((e) => this.schedule(e)),
      treeView.onDidChangeVisibility((e) => {
        if (e.visible) this.schedule(vscode.window.activeTextEditor);
      }),
    );
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('outline.followCursor', true);
  }

  private schedule(editor: vscode.TextEditor | undefined): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.enabled() || !this.treeView.visible || !isArticleEditor(editor) || this.service.state !== 'running') return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reveal(editor);
    }, FOLLOW_DELAY_MS);
  }

  private async reveal(editor: vscode.TextEditor): Promise<void> {
    this.cts?.cancel();
    this.cts?.dispose();
    const cts = (this.cts = new vscode.CancellationTokenSource());
    const pos = editor.selection.active;
    try {
      const actor = await this.service.actorAt({ uri: editor.document.uri.toString(), position: { line: pos.line, character: pos.character } }, cts.token);
      if (!actor || cts.token.isCancellationRequested || !this.treeView.visible) return;
      // Already showing something of this actor (e.g. the occurrence the user just clicked): leave the selection.
      const selected = this.treeView.selection[0];
      if (selected && actorOf(selected)?.id === actor.id) return;
      const node = await this.provider.findActorNode(actor.id);
      if (!node || cts.token.isCancellationRequested) return;
      await this.treeView.reveal(node, { select: true, focus: false, expand: false });
    } catch {
      // Server busy or restarting, or the node vanished in a refresh: following the cursor is best effort.
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.cts?.cancel();
    this.cts?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
