// Compare with HEAD says what is wrong (issue 18.6): outside a repository it says there is none,
// not "commit it first"; a repository without commits, an unknown revision and an uncommitted
// file each get their own words.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { revisionProblem } from '../../../src/core/gitRevision.js';
import { revisionProblemText } from '../../../src/extension/viewCommands/revisionProblemText.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const run = promisify(execFile);
const git = (cwd: string, ...args: string[]) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd });

test('why a prompt cannot be read at a revision, and what the editor says', async () => {
  const ws = await tempWorkspace({ 'p.prompt.yml': 'model: openai/gpt-4o-mini\n', 'other.txt': 'x\n' });
  try {
    assert.equal(await revisionProblem(ws.file('p.prompt.yml'), 'HEAD'), 'no-repository');
    const outside = revisionProblemText('no-repository', 'p.prompt.yml', 'HEAD');
    assert.match(outside, /^p\.prompt\.yml is not in a git repository, so there is no HEAD to compare with\./);
    assert.doesNotMatch(outside, /commit it first/);

    await git(ws.root, 'init', '-q');
    assert.equal(await revisionProblem(ws.file('p.prompt.yml'), 'HEAD'), 'no-commits');
    assert.match(revisionProblemText('no-commits', 'p.prompt.yml', 'HEAD'), /has no commits yet/);

    await git(ws.root, 'add', 'other.txt');
    await git(ws.root, 'commit', '-q', '-m', 'other');
    assert.equal(await revisionProblem(ws.file('p.prompt.yml'), 'HEAD'), 'not-in-revision');
    assert.equal(revisionProblemText('not-in-revision', 'p.prompt.yml', 'HEAD'), 'p.prompt.yml is not in HEAD: commit it first, or compare with an older revision.');
    assert.equal(await revisionProblem(ws.file('p.prompt.yml'), 'no-such-branch'), 'no-revision');
  } finally {
    await ws.remove();
  }
});
