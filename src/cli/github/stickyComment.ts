import type { PullRequestTarget } from './pullRequest.js';

// One comment per pull request, updated on every push instead of a new one each time: found by a
// hidden marker at its start. REST: list the issue's comments (paged), then PATCH it or POST one.

export const COMMENT_MARKER = '<!-- prompt-workbench -->';

export interface StickyResult {
  action: 'created' | 'updated';
  id: number;
  url?: string;
}

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
}

export async function upsertStickyComment(target: PullRequestTarget, markdown: string, fetchImpl: typeof fetch = fetch): Promise<StickyResult> {
  const body = `${COMMENT_MARKER}\n${markdown}`;
  const base = `${target.apiUrl}/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}`;
  const existing = await findMarked(`${base}/issues/${target.number}/comments?per_page=100`, target.token, fetchImpl);
  if (existing) {
    const updated = await call<IssueComment>(fetchImpl, 'PATCH', `${base}/issues/comments/${existing.id}`, target.token, { body });
    return { action: 'updated', id: updated.id, url: updated.html_url };
  }
  const created = await call<IssueComment>(fetchImpl, 'POST', `${base}/issues/${target.number}/comments`, target.token, { body });
  return { action: 'created', id: created.id, url: created.html_url };
}

/** The first comment that starts with the marker, following the Link header's rel="next" pages. */
async function findMarked(firstPage: string, token: string, fetchImpl: typeof fetch): Promise<IssueComment | undefined> {
  let url: string | undefined = firstPage;
  for (let page = 0; url && page < 100; page++) {
    const response = await send(fetchImpl, 'GET', url, token);
    const comments = (await response.json()) as IssueComment[];
    const found = comments.find((c) => typeof c.body === 'string' && c.body.trimStart().startsWith(COMMENT_MARKER));
    if (found) return found;
    url = sameOrigin(nextPage(response.headers.get('link')), firstPage);
  }
  return undefined;
}

/** The token only ever goes to the API it was given for. */
function sameOrigin(url: string | undefined, origin: string): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin === new URL(origin).origin ? url : undefined;
  } catch {
    return undefined;
  }
}

function nextPage(link: string | null): string | undefined {
  const match = link?.split(',').find((part) => /rel="next"/.test(part));
  return match ? /<([^>]+)>/.exec(match)?.[1] : undefined;
}

async function call<T>(fetchImpl: typeof fetch, method: string, url: string, token: string, payload: unknown): Promise<T> {
  return (await (await send(fetchImpl, method, url, token, payload)).json()) as T;
}

async function send(fetchImpl: typeof fetch, method: string, url: string, token: string, payload?: unknown): Promise<Response> {
  const response = await fetchImpl(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'prompt-workbench',
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  if (!response.ok) throw new Error(`${method} ${new URL(url).pathname} answered ${response.status}${await hint(response)}`);
  return response;
}

/** GitHub's own message, and what usually causes the status in a workflow. */
async function hint(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  let message = '';
  try {
    const parsed = (JSON.parse(text) as { message?: unknown }).message;
    message = typeof parsed === 'string' ? parsed : '';
  } catch {
    message = text.slice(0, 200);
  }
  const why =
    response.status === 401
      ? 'the token was refused'
      : response.status === 403 || response.status === 404
        ? 'the token may not write to this pull request: give the job "permissions: pull-requests: write"; runs from forks get a read-only token'
        : '';
  return [message && `: ${message}`, why && ` (${why})`].join('');
}
