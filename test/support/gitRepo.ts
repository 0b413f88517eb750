import { execFileSync } from 'node:child_process';

// A real git repository in a temp folder, for tests of --base-rev: init, commit everything.

const IDENTITY = ['-c', 'user.name=Prompt Workbench Tests', '-c', 'user.email=tests@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...IDENTITY, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** `git init` (once) and a commit of everything; returns the commit's hash. */
export function commitAll(cwd: string, message: string): string {
  git(cwd, 'init', '-q');
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '-m', message);
  return git(cwd, 'rev-parse', 'HEAD');
}
