import { execFile } from 'node:child_process';

// The GitHub CLI as a source of a GitHub token (`gh auth token`). Injectable, so tests can run a
// fake `gh` or none; a missing, logged-out or slow `gh` simply means no token.

/** Runs `gh` with the arguments; its stdout, or undefined when it is absent, fails or times out. */
export type GhCommand = (args: readonly string[]) => Promise<string | undefined>;

export const GH_TIMEOUT_MS = 3000;

/** The real `gh`, found on the given environment's PATH and run without a shell. */
export function systemGh(env: NodeJS.ProcessEnv, timeoutMs = GH_TIMEOUT_MS): GhCommand {
  return (args) =>
    new Promise((resolve) => {
      execFile('gh', [...args], { env, timeout: timeoutMs, shell: false, windowsHide: true, maxBuffer: 64 * 1024, encoding: 'utf8' }, (error, stdout) => resolve(error ? undefined : stdout));
    });
}

/** `gh auth token` for github.com: the token of the signed-in gh user, or undefined. */
export async function ghAuthToken(gh: GhCommand): Promise<string | undefined> {
  const out = (await gh(['auth', 'token', '--hostname', 'github.com']))?.trim();
  // One token, nothing else: anything with spaces or lines is a message, not a token.
  return out && /^\S+$/.test(out) ? out : undefined;
}
