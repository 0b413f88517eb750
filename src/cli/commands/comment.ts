import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliOptions } from '../args.js';
import { pullRequestTarget } from '../github/pullRequest.js';
import { upsertStickyComment } from '../github/stickyComment.js';
import type { Io } from '../io.js';
import { EXIT } from './eval.js';

// `prompt-workbench comment <files…>`: the Markdown summaries of this run as the pull request's one
// Prompt Workbench comment, created the first time and updated on every later push.

export async function commentCommand(options: CliOptions, io: Io): Promise<number> {
  const documents: string[] = [];
  for (const target of options.targets) {
    try {
      documents.push((await readFile(path.resolve(io.cwd, target), 'utf8')).trim());
    } catch (error) {
      io.err(`error: ${target}: cannot read it: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
      return EXIT.badInput;
    }
  }
  const target = await pullRequestTarget(io.env);
  if ('problem' in target) {
    io.err(`error: ${target.problem}`);
    return EXIT.badInput;
  }
  try {
    const result = await upsertStickyComment(target, joinWithinLimit(documents.filter(Boolean)));
    io.out(`${result.action === 'created' ? 'Created' : 'Updated'} the Prompt Workbench comment on ${target.owner}/${target.repo}#${target.number}${result.url ? `: ${result.url}` : ''}`);
    return EXIT.ok;
  } catch (error) {
    io.err(`error: cannot post the comment: ${(error as Error).message}`);
    return EXIT.badInput;
  }
}

/** GitHub's limit is 65,536 characters; the marker line and a note fit in what is left over a summary's 65,000. */
export const COMMENT_LIMIT = 65_400;

/**
 * The documents in order while they fit one comment; each later one becomes a line saying where
 * to read it. Each document keeps under the limit itself, so cutting between them breaks nothing.
 */
export function joinWithinLimit(documents: readonly string[], limit = COMMENT_LIMIT): string {
  const separator = '\n\n---\n\n';
  let text = '';
  let left = 0;
  for (const doc of documents) {
    const next = text ? `${text}${separator}${doc}` : doc;
    if (next.length <= limit - 150) text = next;
    else left++;
  }
  if (left) text += `${separator}_${left === 1 ? 'One more summary does' : `${left} more summaries do`} not fit in a comment: see the job summary of this run._`;
  return text || '_No summary was produced._';
}
