/**
 * `$(book) N articles · N actors · N spelling issues`, from `Requests.stats`, `Notifications.corpusChanged`
 * and `Notifications.statsChanged` (an edit's figures, before its full pass); a spinner while the server is
 * indexing or starting. Clicking it focuses the Corpus Outline.
 */
import * as vscode from 'vscode';
import type { CorpusStats } from '../../server/src/protocol';
import { Commands, Contexts } from './constants';
import type { ICorpusService, ServerState } from './corpusService';

export function statusText(stats: CorpusStats): string {
  if (stats.indexing) return `$(sync~spin) ${vscode.l10n.t('Indexing… {0} articles', stats.articles)}`;
  return `$(book) ${vscode.l10n.t('{0} articles · {1} actors · {2} spelling issues', stats.articles, stats.actors, stats.spellingIssues)}`;
}

export class CorpusStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private lastStats: CorpusStats | undefined;
  private request = 0;

  constructor(private readonly service: ICorpusService) {
    this.item = vscode.window.createStatusBarItem('arabicNews.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Arabic News Corpus');
    this.disposables.push(
      this.item,
      service.onCorpusChanged((s) => this.showStats(s)),
      service.onStatsChanged((s) => this.showStats(s)),
      service.onDidChangeState((s) => this.onState(s)),
    );
    this.onState(service.state);
  }

  /** The text currently shown (for tests). */
  get text(): string {
    return this.item.text;
  }

  private onState(state: ServerState): void {
    switch (state) {
      case 'starting':
        this.item.text = `$(sync~spin) ${vscode.l10n.t('Arabic News')}`;
        this.item.tooltip = vscode.l10n.t('Starting the Arabic News language server…');
        this.item.command = Commands.showOutput;
        this.item.backgroundColor = undefined;
        break;
      case 'running':
        void this.fetchStats();
        break;
      case 'stopped':
      case 'unavailable':
        this.item.text = `$(warning) ${vscode.l10n.t('Arabic News')}`;
        this.item.tooltip = vscode.l10n.t('The Arabic News language server is not running. Click to restart it.');
        this.item.command = Commands.restartServer;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
    }
    this.item.show();
  }

  private async fetchStats(): Promise<void> {
    const n = ++this.request;
    try {
      const stats = await this.service.stats();
      if (n === this.request) this.showStats(stats);
    } catch {
      // A state change follows when the server is gone.
    }
  }

  showStats(stats: CorpusStats): void {
    this.request++; // a pushed notification wins over an older pending request
    if (this.lastStats?.indexing !== stats.indexing) void vscode.commands.executeCommand('setContext', Contexts.indexing, stats.indexing);
    this.lastStats = stats;
    this.item.text = statusText(stats);
    this.item.tooltip = stats.indexing
      ? vscode.l10n.t('Arabic News: indexing the corpus… Click to show the Corpus Outline.')
      : vscode.l10n.t('Arabic News corpus. Click to show the Corpus Outline.');
    this.item.command = Commands.outlineFocus;
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  get stats(): CorpusStats | undefined {
    return this.lastStats;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
