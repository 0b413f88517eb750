import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// Files as they are at a git revision, read the way the core reads files from disk – so a prompt
// and its datasets can be prepared and run exactly as the base branch has them (`compare --base-rev`).

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<Buffer> {
  return (await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' })).stdout;
}

/** The repository's top folder for a folder inside it; undefined outside a repository. */
export async function gitTopLevel(dir: string): Promise<string | undefined> {
  try {
    return (await git(dir, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
  } catch {
    return undefined;
  }
}

/** The full commit a revision names (a branch, tag, HEAD~2, a hash); undefined when it names none. */
export async function resolveCommit(top: string, revision: string): Promise<string | undefined> {
  if (revision.startsWith('-')) return undefined;
  try {
    return (await git(top, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`])).toString('utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A reader of files at `commit`; a file the commit lacks fails with code ENOENT, like a missing
 * file on disk, so the core reports it the same way ("dataset … does not exist").
 */
export function revisionReader(top: string, commit: string): (file: string) => Promise<Uint8Array> {
  return async (file) => {
    const rel = path.relative(top, path.resolve(file)).split(path.sep).join('/');
    if (rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) throw missing(file, commit);
    try {
      return await git(top, ['cat-file', 'blob', `${commit}:${rel}`]);
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
      if (/bad file/i.test(stderr)) throw Object.assign(new Error(`${file} is a folder in ${commit.slice(0, 12)}`), { code: 'EISDIR' });
      if (/does not exist|exists on disk, but not in|not a tree object|bad revision/i.test(stderr)) throw missing(file, commit);
      throw error;
    }
  };
}

function missing(file: string, commit: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${file} is not in ${commit.slice(0, 12)}`), { code: 'ENOENT' });
}

/** Why a file cannot be read at a revision: outside any repository, a repository without commits, no such revision, or the file is not in it. */
export type RevisionProblem = 'no-repository' | 'no-commits' | 'no-revision' | 'not-in-revision';

export async function revisionProblem(file: string, revision: string): Promise<RevisionProblem> {
  const top = await gitTopLevel(path.dirname(file));
  if (!top) return 'no-repository';
  if (await resolveCommit(top, revision)) return 'not-in-revision';
  return (await resolveCommit(top, 'HEAD')) ? 'no-revision' : 'no-commits';
}
