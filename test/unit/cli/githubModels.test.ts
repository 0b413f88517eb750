// The CLI's side of GitHub Models: --org, --allow-host, the run header (where each model goes and
// where its key came from, never the key) and the estimate's cost labels.
import test from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const TOKEN = 'ghs_cliTestToken0123456789abcdef';

const PROMPT = `name: Greeter
model: openai/gpt-4.1-mini
messages:
  - role: user
    content: "Greet {{name}}"
testData:
  - name: Ada
workbench:
  models: [openai/gpt-4.1-mini, meta/Llama-3.3-70B-Instruct]
`;

test('--help documents --org and --allow-host and the GitHub Models routing', async () => {
  const io = captureIo('/', {});
  assert.equal(await main(['--help'], io), 0);
  for (const text of ['--org <org>', '--allow-host <host[:port]>', 'PROMPT_WORKBENCH_ALLOW_HOSTS', 'GitHub Models', 'gh auth token']) assert.ok(io.stdout.includes(text), text);
});

test('--allow-host and --org refuse what is not a host or an organisation login', async () => {
  for (const args of [
    ['--allow-host', 'http://'],
    ['--allow-host', 'a/b'],
    ['--org', 'no spaces'],
  ]) {
    const io = captureIo('/', {});
    assert.equal(await main(['eval', 'x.prompt.yml', ...args], io), 2, args.join(' '));
    assert.match(io.stderrText, /error: --(allow-host|org) takes/);
  }
});

test('eval: the run header says where each model goes and whose token it takes; --org bills the organisation', async () => {
  const server = await startTestServer({ requireApiKey: TOKEN });
  const ws = await tempWorkspace({ '.git/HEAD': '', 'greet.prompt.yml': PROMPT, 'prompt-workbench.yml': `providers:\n  github:\n    baseURL: ${server.githubURL}\n` });
  try {
    const io = captureIo(ws.root, { GITHUB_TOKEN: TOKEN });
    assert.equal(await main(['eval', 'greet.prompt.yml', '--org', 'acme', '--no-record'], io), 0, io.stderrText);
    const orgURL = `http://127.0.0.1:${server.port}/orgs/acme/inference`;
    assert.ok(
      io.stdout.includes(`Model openai/gpt-4.1-mini → GitHub Models ${orgURL} (no OpenAI key; a GitHub token is there; key from $GITHUB_TOKEN; cost: OpenAI's list price as an upper bound`),
      io.stdout,
    );
    assert.ok(io.stdout.includes(`Model meta/Llama-3.3-70B-Instruct → GitHub Models ${orgURL} (publisher served by GitHub Models; key from $GITHUB_TOKEN; cost: n/a (no price known))`), io.stdout);
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/orgs/acme/inference/chat/completions', '/orgs/acme/inference/chat/completions'],
    );
    assert.ok(!(io.stdout + io.stderrText).includes(TOKEN), 'the token is never printed');
  } finally {
    await server.close();
    await ws.remove();
  }
});

test('estimate labels the OpenAI price of a model that runs on GitHub Models as an upper bound; others are n/a', async () => {
  const ws = await tempWorkspace({ '.git/HEAD': '', 'greet.prompt.yml': PROMPT });
  try {
    const io = captureIo(ws.root, { GITHUB_TOKEN: TOKEN });
    assert.equal(await main(['estimate', 'greet.prompt.yml'], io), 0, io.stderrText);
    assert.match(io.stdout, /openai\/gpt-4\.1-mini runs on GitHub Models: cost at OpenAI's list price as an upper bound/);
    assert.match(io.stdout, /n\/a: no price known for that model/);
    assert.doesNotMatch(io.stdout, /meta\/Llama-3\.3-70B-Instruct runs on GitHub Models: cost at/);
    const withKey = captureIo(ws.root, { GITHUB_TOKEN: TOKEN, OPENAI_API_KEY: 'sk-test' });
    assert.equal(await main(['estimate', 'greet.prompt.yml'], withKey), 0);
    assert.doesNotMatch(withKey.stdout, /openai\/gpt-4\.1-mini runs on GitHub Models/, 'with an OpenAI key it runs on OpenAI at its own price');
  } finally {
    await ws.remove();
  }
});
