import { readFile } from 'node:fs/promises';

// Where a comment goes, from what GitHub Actions gives every step: the repository, the event that
// started the run (its JSON payload names the pull request) and the API root.

export interface PullRequestTarget {
  apiUrl: string;
  owner: string;
  repo: string;
  number: number;
  token: string;
}

/** The pull request of this run, or why there is none (a message for the user). */
export async function pullRequestTarget(env: NodeJS.ProcessEnv): Promise<PullRequestTarget | { problem: string }> {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) return { problem: 'GITHUB_TOKEN is not set: pass the workflow token (the action does), with "pull-requests: write" permission' };
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo, extra] = repository.split('/');
  if (!owner || !repo || extra !== undefined) return { problem: `GITHUB_REPOSITORY must be owner/name (got "${repository}")` };
  if (!env.GITHUB_EVENT_PATH) return { problem: 'GITHUB_EVENT_PATH is not set: comment runs inside a GitHub Actions job started by a pull request' };
  let event: unknown;
  try {
    event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch (error) {
    return { problem: `cannot read the event payload ${env.GITHUB_EVENT_PATH}: ${(error as Error).message}` };
  }
  const number = prNumber(event);
  if (number === undefined) return { problem: `${env.GITHUB_EVENT_PATH} names no pull request: comment is for runs started by pull_request (or pull_request_target) events` };
  return { apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''), owner, repo, number, token };
}

function prNumber(event: unknown): number | undefined {
  const e = event as { pull_request?: { number?: unknown }; issue?: { number?: unknown; pull_request?: unknown } } | null;
  const n = e?.pull_request?.number ?? (e?.issue?.pull_request ? e.issue.number : undefined);
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}
