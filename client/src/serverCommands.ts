/** Commands about the whole corpus and the server: rebuild the index, fix all, restart, show the log. */
import * as vscode from 'vscode';
import { ServerCommands } from '../../server/src/protocol';
import { Commands } from './constants';
import type { ICorpusService } from './corpusService';
import { reportError, reportFixResult } from './errors';
import { requireTrust } from './trust';

export interface IServerControl {
  restart(): Promise<void>;
  readonly outputChannel: vscode.OutputChannel;
}

export interface FixAllOptions {
  /** Ask before changing files (default true; tests pass false). */
  readonly confirm?: boolean;
}

export function registerServerCommands(service: ICorpusService, control: IServerControl): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.rebuildIndex, async () => {
      try {
        const stats = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Rebuilding the Arabic News index…') },
          () => service.rebuildIndex(),
        );
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Index rebuilt: {0} articles, {1} actors.', stats.articles, stats.actors), 5000);
        return stats;
      } catch (e) {
        reportError(e);
        return undefined;
      }
    }),

    vscode.commands.registerCommand(Commands.fixAllInCorpus, async (options?: FixAllOptions) => {
      if (!requireTrust()) return undefined;
      try {
        if (options?.confirm !== false) {
          const stats = await service.stats();
          if (stats.spellingIssues === 0) {
            void vscode.window.showInformationMessage(vscode.l10n.t('There are no spelling issues to fix in the corpus.'));
            return undefined;
          }
          const fix = vscode.l10n.t('Fix All');
          const answer = await vscode.window.showWarningMessage(
            vscode.l10n.t('Fix all {0} spelling issues in the corpus?', stats.spellingIssues),
            { modal: true, detail: vscode.l10n.t('Articles that are not open are changed too. Review the changes, then save them.') },
            fix,
          );
          if (answer !== fix) return undefined;
        }
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Fixing spelling variants in the corpus…') },
          () => service.executeServerCommand(ServerCommands.fixAllInCorpus, []),
        );
        reportFixResult(result);
        return result;
      } catch (e) {
        reportError(e);
        return undefined;
      }
    }),

    vscode.commands.registerCommand(Commands.restartServer, () => control.restart()),
    vscode.commands.registerCommand(Commands.showOutput, () => control.outputChannel.show(true)),
  ];
}
