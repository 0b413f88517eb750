import test from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main.js';
import { joinWithinLimit } from '../../../src/cli/commands/comment.js';
import { COMMENT_MARKER } from '../../../src/cli/github/stickyComment.js';
import { captureIo } from '../../support/captureIo.js';
import { startFakeGitHub } from '../../support/githubServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const TOKEN = 'ghs_sentinelTOKEN0123456789';
const REPO = 'octo/prompts';

async function workspace() {
  return tempWorkspace({
    'event.json': JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } }),
    'first.md': '## ✅ Prompt Workbench: passed\n\nfirst run',
    'second.md': '## ❌ Prompt Workbench: failed\n\nsecond run',
  });
}

test('comment posts one sticky comment, then updates that same comment (found on a later page)', async () => {
  const ws = await workspace();
  const github = await startFakeGitHub({
    token: TOKEN,
    repository: REPO,
    pageSize: 2,
    comments: [
      { issue: 7, body: 'LGTM', user: { login: 'alice' } },
      { issue: 7, body: `quoting: ${COMMENT_MARKER} is not at the start`, user: { login: 'bob' } },
      { issue: 8, body: `${COMMENT_MARKER}\nanother pull request`, user: { login: 'github-actions[bot]' } },
    ],
  });
  try {
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPO, GITHUB_EVENT_PATH: ws.file('event.json'), GITHUB_API_URL: github.url };
    const first = captureIo(ws.root, env);
    assert.equal(await main(['comment', 'first.md'], first), 0, first.stderrText);
    assert.match(first.stdout, /Created the Prompt Workbench comment on octo\/prompts#7/);
    const mine = () => github.comments.filter((c) => c.issue === 7 && c.body.startsWith(COMMENT_MARKER));
    assert.equal(mine().length, 1);
    assert.match(mine()[0].body, /first run/);

    const second = captureIo(ws.root, env);
    assert.equal(await main(['comment', 'second.md'], second), 0, second.stderrText);
    assert.match(second.stdout, /Updated the Prompt Workbench comment/);
    assert.equal(mine().length, 1, 'still one comment');
    assert.match(mine()[0].body, /second run/);
    assert.doesNotMatch(mine()[0].body, /first run/);
    assert.equal(github.comments.filter((c) => c.issue === 7).length, 3, "other people's comments untouched");
    assert.ok(
      github.requests.some((r) => r.method === 'GET' && r.path.includes('page=2')),
      'followed the Link header to page 2',
    );
    assert.deepEqual(
      github.requests.filter((r) => r.method !== 'GET').map((r) => r.method),
      ['POST', 'PATCH'],
    );
    assert.ok(github.requests.every((r) => r.authorization === `Bearer ${TOKEN}`));
    assert.ok(!`${first.stdout}${first.stderrText}${second.stdout}${second.stderrText}`.includes(TOKEN), 'the token is never printed');
  } finally {
    await github.close();
    await ws.remove();
  }
});

test('comment refuses with exit 2 and a reason: no token, not a pull request, a refused write', async () => {
  const ws = await workspace();
  await ws.write('push.json', JSON.stringify({ ref: 'refs/heads/main' }));
  const github = await startFakeGitHub({ token: TOKEN, repository: REPO, refuseWrites: 403 });
  try {
    const base = { GITHUB_REPOSITORY: REPO, GITHUB_EVENT_PATH: ws.file('event.json'), GITHUB_API_URL: github.url };
    const noToken = captureIo(ws.root, base);
    assert.equal(await main(['comment', 'first.md'], noToken), 2);
    assert.match(noToken.stderrText, /GITHUB_TOKEN is not set/);
    const push = captureIo(ws.root, { ...base, GITHUB_TOKEN: TOKEN, GITHUB_EVENT_PATH: ws.file('push.json') });
    assert.equal(await main(['comment', 'first.md'], push), 2);
    assert.match(push.stderrText, /names no pull request/);
    const refused = captureIo(ws.root, { ...base, GITHUB_TOKEN: TOKEN });
    assert.equal(await main(['comment', 'first.md'], refused), 2);
    assert.match(refused.stderrText, /POST \/repos\/octo\/prompts\/issues\/7\/comments answered 403: Resource not accessible by integration \(.*pull-requests: write/);
    const missing = captureIo(ws.root, { ...base, GITHUB_TOKEN: TOKEN });
    assert.equal(await main(['comment', 'nope.md'], missing), 2);
    assert.match(missing.stderrText, /nope\.md: cannot read it: no such file/);
  } finally {
    await github.close();
    await ws.remove();
  }
});

test('several summaries share a comment while they fit; the rest become a pointer to the job summary', () => {
  const big = `## big\n${'x'.repeat(40_000)}`;
  const joined = joinWithinLimit(['## compare', big, big]);
  assert.ok(joined.length < 65_400);
  assert.match(joined, /^## compare\n\n---\n\n## big/);
  assert.match(joined, /One more summary does not fit in a comment: see the job summary of this run\./);
});
