/**
 * A fake of the GitHub REST endpoints `prompt-workbench comment` calls, on 127.0.0.1:
 *   GET   /repos/{owner}/{repo}/issues/{number}/comments?per_page=&page=   paged, with a Link header
 *   POST  /repos/{owner}/{repo}/issues/{number}/comments                   { body } → 201
 *   PATCH /repos/{owner}/{repo}/issues/comments/{id}                       { body } → 200
 * Every request needs `Authorization: Bearer <token>` (401 otherwise); other repositories are 404.
 * `pageSize` caps per_page so tests reach the second page with a few comments.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string };
}

export interface FakeGitHubOptions {
  token: string;
  repository: string;
  pageSize?: number;
  comments?: Array<Omit<FakeComment, 'id'>>;
  /** Answer every write with this status (e.g. 403, as for a fork's read-only token). */
  refuseWrites?: number;
}

export interface FakeGitHub {
  /** The API root, what GITHUB_API_URL holds. */
  url: string;
  comments: FakeComment[];
  requests: Array<{ method: string; path: string; authorization?: string }>;
  close(): Promise<void>;
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  let nextId = 1000;
  const comments: FakeComment[] = (options.comments ?? []).map((c) => ({ ...c, id: nextId++ }));
  const requests: FakeGitHub['requests'] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization });
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${options.token}`) return send(401, { message: 'Bad credentials' });
      const prefix = `/repos/${options.repository}/issues/`;
      if (!url.pathname.startsWith(prefix)) return send(404, { message: 'Not Found' });
      const rest = url.pathname.slice(prefix.length);
      const list = /^(\d+)\/comments$/.exec(rest);
      const edit = /^comments\/(\d+)$/.exec(rest);
      const body = () => (JSON.parse(text || '{}') as { body?: string }).body ?? '';
      if (list && req.method === 'GET') {
        const issue = Number(list[1]);
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), options.pageSize ?? 100);
        const page = Number(url.searchParams.get('page') ?? 1);
        const all = comments.filter((c) => c.issue === issue);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const more = page * perPage < all.length;
        const next = `<http://127.0.0.1:${(server.address() as AddressInfo).port}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
        return send(200, slice.map(view), more ? { link: next } : {});
      }
      if ((list && req.method === 'POST') || (edit && req.method === 'PATCH')) {
        if (options.refuseWrites) return send(options.refuseWrites, { message: 'Resource not accessible by integration' });
      }
      if (list && req.method === 'POST') {
        const comment: FakeComment = { id: nextId++, issue: Number(list[1]), body: body(), user: { login: 'github-actions[bot]' } };
        comments.push(comment);
        return send(201, view(comment));
      }
      if (edit && req.method === 'PATCH') {
        const comment = comments.find((c) => c.id === Number(edit[1]));
        if (!comment) return send(404, { message: 'Not Found' });
        comment.body = body();
        return send(200, view(comment));
      }
      return send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const view = (c: FakeComment) => ({ id: c.id, body: c.body, user: c.user, html_url: `https://github.test/${options.repository}/pull/${c.issue}#issuecomment-${c.id}` });
  return {
    url: `http://127.0.0.1:${port}`,
    comments,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
