/**
 * Workspace trust. In an untrusted workspace (Restricted Mode) the extension analyses articles as usual but
 * changes no article beyond the one being edited: corpus-wide fixes are refused here (and by the server, which
 * is told through `initializationOptions.trusted` and the `workspaceTrust` notification).
 */
import * as vscode from 'vscode';

/** Command that opens VS Code's workspace trust editor. */
export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

/** True in a trusted workspace; otherwise tells the user why the action is refused (without waiting) and returns false. */
export function requireTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t('Fixing spellings across the corpus changes articles that are not open, so it is disabled in Restricted Mode. Trust this workspace to use it.'),
      manage,
    )
    .then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand(MANAGE_TRUST_COMMAND);
    });
  return false;
}
