import type { RevisionProblem } from '../../core/gitRevision.js';

// What "Compare with HEAD" / "with Git Revision…" says when the prompt's text at that revision
// cannot be read: outside a repository there is nothing to commit to, so it says so.

/** `file`: workspace-relative; `label`: "HEAD" or the revision picked. */
export function revisionProblemText(problem: RevisionProblem, file: string, label: string): string {
  switch (problem) {
    case 'no-repository':
      return `${file} is not in a git repository, so there is no ${label} to compare with. Compare two run records instead (Prompt Workbench: Compare Runs…), or put the folder under git.`;
    case 'no-commits':
      return `The git repository of ${file} has no commits yet: commit the prompt first, then compare its next edits with ${label}.`;
    case 'no-revision':
      return `There is no revision ${label} in the git repository of ${file}.`;
    case 'not-in-revision':
      return `${file} is not in ${label}: commit it first, or compare with an older revision.`;
  }
}
