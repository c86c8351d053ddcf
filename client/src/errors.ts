/** One way to tell the user that a command failed. */
import * as vscode from 'vscode';
import { Commands } from './constants';
import { ServerUnavailableError } from './corpusService';

/**
 * Tells the user what a server fix command did. The server answers `{ applied: boolean, changes?: number }`;
 * anything else is ignored.
 */
export function reportFixResult(result: unknown): void {
  if (!result || typeof result !== 'object') return;
  const { applied, changes } = result as { applied?: unknown; changes?: unknown };
  if (applied === false) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The spelling fixes were not applied.'));
  } else if (changes === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is nothing to fix.'));
  } else if (typeof changes === 'number') {
    void vscode.window.setStatusBarMessage(vscode.l10n.t('{0} spelling fixes applied. Review and save the changed articles.', changes), 8000);
  }
}

/** Shows an error without waiting for the user (so the failing command settles at once). */
export function reportError(e: unknown): void {
  if (e instanceof ServerUnavailableError) {
    const restart = vscode.l10n.t('Restart Language Server');
    void vscode.window.showErrorMessage(e.message, restart).then((choice) => {
      if (choice === restart) void vscode.commands.executeCommand(Commands.restartServer);
    });
    return;
  }
  const message = e instanceof Error ? e.message : String(e);
  void vscode.window.showErrorMessage(vscode.l10n.t('Arabic News: {0}', message));
}
