import * as vscode from 'vscode';

// VS Code's GitHub sign-in as a source of a GitHub Models token. Asking (createIfNone) happens only
// on a user action – "Sign in to GitHub" in a "no token" error or in Set API Key… – never at
// activation; runs and pickers only look (silent), which finds a session only after the user
// allowed Prompt Workbench to use it.

const SCOPES: readonly string[] = [];

/** The signed-in session's token without asking; undefined when there is none or no GitHub auth provider. */
export async function githubSessionToken(): Promise<string | undefined> {
  try {
    return (await vscode.authentication.getSession('github', SCOPES, { silent: true }))?.accessToken;
  } catch {
    return undefined;
  }
}

/** Asks the user to sign in to GitHub (or to allow an existing session); true when there is a session now. */
export async function signInToGithub(): Promise<boolean> {
  try {
    const session = await vscode.authentication.getSession('github', SCOPES, { createIfNone: true });
    void vscode.window.showInformationMessage(
      `Prompt Workbench: signed in to GitHub as ${session.account.label}; GitHub Models runs use this sign-in when no GITHUB_TOKEN, GH_TOKEN, gh or stored token is there.`,
    );
    return true;
  } catch (error) {
    void vscode.window.showWarningMessage(`Prompt Workbench: not signed in to GitHub (${error instanceof Error ? error.message : String(error)}).`);
    return false;
  }
}
