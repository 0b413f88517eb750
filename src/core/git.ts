import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// Git through its CLI: the commit a run was made at, and a file's text at any revision.

const execFileText = promisify(execFile);

async function git(cwd: string, args: string[], maxBuffer = 64 * 1024 * 1024): Promise<string> {
  return (await execFileText('git', args, { cwd, maxBuffer, encoding: 'utf8' })).stdout;
}

export interface GitInfo {
  commit: string;
  dirty: boolean;
  branch?: string;
}

/** The HEAD commit and whether `file` differs from it; undefined outside a repository. */
export async function gitInfo(file: string): Promise<GitInfo | undefined> {
  const cwd = path.dirname(file);
  try {
    const commit = (await git(cwd, ['rev-parse', 'HEAD'])).trim();
    const status = await git(cwd, ['status', '--porcelain', '--', path.basename(file)]);
    const branch = (await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']).catch(() => '')).trim();
    return { commit, dirty: status.trim() !== '', branch: branch && branch !== 'HEAD' ? branch : undefined };
  } catch {
    return undefined;
  }
}

/** The file's text at `revision` (a commit, tag or HEAD~n). */
export async function gitShow(file: string, revision: string): Promise<string> {
  const cwd = path.dirname(file);
  const top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  const rel = path.relative(top, file).split(path.sep).join('/');
  return git(top, ['show', `${revision}:${rel}`]);
}

export interface GitRevision {
  commit: string;
  shortCommit: string;
  date: string;
  subject: string;
}

/** The commits that touched `file`, newest first. */
export async function gitHistory(file: string, limit = 50): Promise<GitRevision[]> {
  const cwd = path.dirname(file);
  try {
    const out = await git(cwd, ['log', `-n${limit}`, '--format=%H%x1f%h%x1f%cI%x1f%s', '--', path.basename(file)]);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [commit, shortCommit, date, subject] = line.split('\x1f');
        return { commit, shortCommit, date, subject };
      });
  } catch {
    return [];
  }
}
