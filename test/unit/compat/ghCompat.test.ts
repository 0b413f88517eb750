// gh models compatibility: each test runs one fixture of test/fixtures/compat/ through the CLI
// against the local test server and checks the rule of `gh models eval` named in its title
// (github/gh-models pkg/prompt/prompt.go and cmd/eval/eval.go).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main.js';
import type { GhEvaluationSummary } from '../../../src/cli/output/ghJson.js';
import type { RunRecord } from '../../../src/core/index.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer, type ReplyRule, type TestServer } from '../../support/openaiServer.js';
import { repoRoot } from '../../support/rsHarness.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';
import { readRecord } from '../../../src/core/record/read.js';

const REPLIES: ReplyRule[] = [
  { match: 'Say the word for greeting', reply: '  Hello there  ' },
  { match: 'What is 2 \\+ 2', reply: '4.0' },
  { match: '^Grade: 4\\.0$', reply: '1' },
  { match: 'Name a colour', reply: 'Blue!' },
  { model: 'judge-model', match: 'Rate this haiku', reply: 'I found 1 minor issue in the imagery.\nScore: 4' },
];

let server: TestServer;
before(async () => {
  server = await startTestServer({ replies: REPLIES });
});
after(() => server.close());

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  record?: RunRecord;
}

/** Runs `eval` on a compat fixture (optionally edited) in a fresh workspace. */
async function run(fixture: string, args: string[] = [], edit: (text: string) => string = (t) => t): Promise<Ran> {
  const text = edit(await readFile(path.join(repoRoot(), 'test/fixtures/compat', fixture), 'utf8'));
  const ws = await tempWorkspace({ [fixture]: text, '.git/HEAD': '' });
  try {
    server.reset();
    const io = captureIo(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
    const code = await main(['eval', fixture, '--json', ...args], io);
    const report = args.includes('gh-json') ? undefined : (JSON.parse(io.stdout || '{"runs":[]}') as { runs: { recordFile: string | null }[] });
    const recordFile = report?.runs[0]?.recordFile;
    const record = recordFile ? await readRecord(recordFile) : undefined;
    return { code, stdout: io.stdout, stderr: io.stderrText, record };
  } finally {
    await ws.remove();
  }
}

function verdicts(record: RunRecord | undefined): Record<string, boolean> {
  return Object.fromEntries((record?.results[0]?.evaluations ?? []).map((v) => [v.name, v.passed]));
}

function sentMessages(): string[] {
  return server.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => JSON.stringify((r.body as { messages: unknown }).messages));
}

describe('gh models compatibility', () => {
  it('string checks: equals exact on the trimmed output, the others case-insensitive and templated, an empty value unset (cmd/eval/eval.go runStringEvaluator, callModelWithRetry TrimSpace)', async () => {
    const ran = await run('string-rules.prompt.yml');
    assert.equal(ran.code, 1, ran.stderr);
    assert.equal(ran.record?.results[0].output, '  Hello there  ', 'the record keeps the raw reply');
    assert.deepEqual(verdicts(ran.record), {
      'exact match is case-sensitive': false,
      'contains ignores case and is templated': true,
      'empty equals is unset, so contains decides': true,
      'startsWith ignores case': true,
      'endsWith ignores case': true,
    });
    assert.match(ran.stderr, /string-rules\.prompt\.yml:\d+:\d+: warning: evaluators\[2\]\.string\.equals is empty, which gh models treats as not set/);
  });

  it('numbers in text fields are their text as written; an evaluator without a name runs (pkg/prompt/prompt.go StringEvaluator, Choice)', async () => {
    const ran = await run('scalars.prompt.yml');
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(verdicts(ran.record), { 'string #1': true, 'judge with numeric choices': true });
    assert.match(ran.stderr, /warning: evaluators\[0\]\.string\.equals is number 4; gh models reads it as the text "4\.0"/);
    assert.match(ran.stderr, /warning: this evaluator has no name; gh models runs it anyway/);
    const strict = await run('scalars.prompt.yml', ['--strict']);
    assert.equal(strict.code, 2, 'strict reading turns them into errors');
    assert.match(strict.stderr, /error: evaluators\[0\]\.string\.equals is number 4/);
  });

  it('string wins over llm in one evaluator; an unknown uses: fails that evaluator only; roles ignore case (cmd/eval/eval.go runSingleEvaluator, runPluginEvaluator; pkg/prompt GetAzureChatMessageRole)', async () => {
    const ran = await run('kinds.prompt.yml');
    assert.equal(ran.code, 1, `the file runs; only the unknown evaluator fails: ${ran.stderr}`);
    assert.deepEqual(verdicts(ran.record), { 'string and llm together': true, 'no such plugin': false });
    assert.equal(ran.record?.results[0].status, 'failed', 'failed, not errored');
    assert.equal(sentMessages().length, 1, 'no judge request for the string+llm entry');
    assert.match(sentMessages()[0], /"role":"user"/);
    assert.match(ran.stderr, /warning: this evaluator has string and llm; only string runs, as in gh models/);
    assert.match(ran.stderr, /warning: unknown evaluator "github\/no-such-evaluator"/);
  });

  it('templating replaces {{key}} per row key: spaced and unknown placeholders are sent as written, big integers in full (pkg/prompt/prompt.go TemplateString)', async () => {
    const ran = await run('templating.prompt.yml');
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(sentMessages(), [JSON.stringify([{ role: 'user', content: 'Order 9007199254740993 for {{ customer }} shipped via {{carrier}}' }])]);
    assert.match(ran.stderr, /templating\.prompt\.yml:7:35: warning: "\{\{ customer \}\}" has spaces inside the braces/);
    assert.match(ran.stderr, /warning: \{\{carrier\}\} is not provided by any dataset row, so it is sent as written/);
    assert.equal((await run('templating.prompt.yml', ['--strict'])).code, 2);
  });

  it('YAML as Go reads it: merge keys merge, only the first document counts (gopkg.in/yaml.v3 in pkg/prompt LoadFromFile)', async () => {
    const ran = await run('yaml-features.prompt.yml');
    assert.equal(ran.code, 0, ran.stderr);
    const body = server.requests[0].body as { temperature: number; max_tokens: number };
    assert.equal(body.temperature, 0.2);
    assert.equal(body.max_tokens, 20);
    assert.match(ran.stderr, /warning: the file holds several YAML documents .* only the first is read/);
    assert.doesNotMatch(ran.stderr, /unknown key "<<"/);
  });

  it('a file without model: runs with --models (generated eval files name their model on the command line)', async () => {
    const without = await run('no-model.prompt.yml');
    assert.equal(without.code, 2);
    assert.match(without.stderr, /no-model\.prompt\.yml:1:1: error: no model to run/);
    const withModels = await run('no-model.prompt.yml', ['--models', 'openai/gpt-4o-mini']);
    assert.equal(withModels.code, 0, withModels.stderr);
    assert.deepEqual(withModels.record?.models, ['openai/gpt-4o-mini']);
  });

  it('judge replies: gh takes the first choice the lower-cased reply contains; the default reading differs visibly, and judgeParsing: gh matches gh exactly (cmd/eval/eval.go runLLMEvaluator)', async () => {
    const ours = await run('judge.prompt.yml');
    const verdict = ours.record?.results[0].evaluations[0];
    assert.equal(verdict?.score, 0.75, 'the last line says 4');
    assert.deepEqual(verdict?.ambiguity, { chosen: '4', gh: '1' });
    assert.match(verdict?.reason ?? '', /ambiguous judge reply: gh models would read "1" \(score 0\)/);
    const gh = await run('judge.prompt.yml', [], (t) => `${t}workbench:\n  judgeParsing: gh\n`);
    assert.equal(gh.code, 1);
    assert.equal(gh.record?.results[0].evaluations[0].score, 0, 'gh reads "1": score 0, failed');
  });

  it('a draft-07 JSON Schema is accepted and checked (the schema goes to the model as written)', async () => {
    const ran = await run('json-schema-draft07.prompt.yml');
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(verdicts(ran.record), { 'matches the schema': true });
  });

  it('--format gh-json prints exactly the shape of `gh models eval --json` (cmd/eval/eval.go EvaluationSummary)', async () => {
    const ran = await run('string-rules.prompt.yml', ['--format', 'gh-json']);
    const doc = JSON.parse(ran.stdout.replace(/^[^{]*/, '')) as GhEvaluationSummary;
    assert.deepEqual(Object.keys(doc), ['name', 'description', 'model', 'testResults', 'summary']);
    assert.deepEqual(Object.keys(doc.summary), ['totalTests', 'passedTests', 'failedTests', 'passRate']);
    assert.deepEqual(doc.summary, { totalTests: 1, passedTests: 0, failedTests: 1, passRate: 0 });
    assert.equal(doc.name, 'String rules');
    assert.equal(doc.model, 'openai/gpt-4o-mini');
    assert.deepEqual(Object.keys(doc.testResults[0]), ['testCase', 'modelResponse', 'evaluationResults']);
    assert.deepEqual(doc.testResults[0].testCase, { thing: 'greeting', word: 'HELLO' });
    assert.equal(doc.testResults[0].modelResponse, 'Hello there', 'trimmed, as gh reports it');
    for (const e of doc.testResults[0].evaluationResults) {
      assert.deepEqual(Object.keys(e), ['evaluatorName', 'score', 'passed', 'details']);
      assert.equal(e.score, e.passed ? 1 : 0);
    }
  });
});
