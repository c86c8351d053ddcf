/**
 * The Corpus Outline TreeView: creation, the view's description and message (active filter, truncated
 * lists, load errors), and refreshes on `Notifications.corpusChanged` — deferred while the view is hidden.
 */
import * as vscode from 'vscode';
import { Contexts, OUTLINE_VIEW_ID } from '../constants';
import type { ICorpusService } from '../corpusService';
import type { OutlineNode } from './nodes';
import type { CorpusOutlineProvider, RootInfo } from './provider';

/** Corpus changes arriving closer together than this (e.g. during the first scan) cause one refresh. */
const REFRESH_COALESCE_MS = 250;

export class CorpusOutlineView implements vscode.Disposable {
  readonly treeView: vscode.TreeView<OutlineNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    service: ICorpusService,
    private readonly provider: CorpusOutlineProvider,
  ) {
    this.treeView = vscode.window.createTreeView(OUTLINE_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
    this.disposables.push(
      this.treeView,
      provider.onDidLoadRoot((info) => this.showInfo(info)),
      service.onCorpusChanged((stats) => {
        if (stats.version !== provider.rootInfo?.version) this.scheduleRefresh();
      }),
      service.onDidChangeState((state) => {
        if (state !== 'starting') this.refreshWhenVisible();
      }),
      this.treeView.onDidChangeVisibility((e) => {
        if (e.visible && provider.isStale) provider.refresh();
      }),
    );
    void vscode.commands.executeCommand('setContext', Contexts.outlineFiltered, false);
  }

  private scheduleRefresh(): void {
    this.provider.invalidate();
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      this.refreshWhenVisible();
    }, REFRESH_COALESCE_MS);
  }

  /** Refreshes now when the view is visible; otherwise marks the tree stale and refreshes when it is shown. */
  refreshWhenVisible(): void {
    if (this.treeView.visible) this.provider.refresh();
    else this.provider.invalidate();
  }

  private showInfo(info: RootInfo): void {
    this.treeView.description = info.filter ? vscode.l10n.t('Filter: {0}', info.filter) : undefined;
    void vscode.commands.executeCommand('setContext', Contexts.outlineFiltered, info.filter !== '');
    let message: string | undefined;
    if (info.problem?.kind === 'error') message = vscode.l10n.t('Could not load the outline: {0}', info.problem.message);
    else if (info.problem?.kind === 'unavailable') message = undefined; // the welcome content explains it
    else if (info.filter && info.actors === 0) message = vscode.l10n.t('No actors match “{0}”.', info.filter);
    else if (info.more > 0) message = vscode.l10n.t('{0} more actors are not listed. Use the filter to narrow the outline.', info.more);
    else if (info.filter) message = vscode.l10n.t('Showing actors matching “{0}”.', info.filter);
    this.treeView.message = message;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}
