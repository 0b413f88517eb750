import * as vscode from 'vscode';

// Restricted Mode: a run sends the workspace's prompts and datasets to endpoints the workspace
// itself configures (prompt-workbench.yml), so runs need a trusted workspace. Checks, estimates and
// saved results do not send anything and stay available.

export const RESTRICTED_MESSAGE =
  'Prompt Workbench: runs are disabled in Restricted Mode. A run sends this workspace’s prompts and datasets to the endpoints the workspace configures, so it needs a trusted workspace. Checks, estimates and saved results still work.';

/** True when runs may start; otherwise tells the user why not. */
export function ensureTrusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(RESTRICTED_MESSAGE, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
