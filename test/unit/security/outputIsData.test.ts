// Model output is data. An output that contains "{{input}}", "{{expected}}", "{{completion}}" or
// String.replace patterns ("$&", "$'") is handed to an LLM judge (`llm:` with a prompt using
// {{completion}}, and a `uses: github/...` built-in) literally – checked on the judge request
// the server received – and is never expanded with the case's variables. Dataset values that look
// like placeholders are inserted into the prompt literally too (single-pass templating).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type RecordedRequest, type TestServer } from '../../support/openaiServer.js';
import { coreRun, makeWorkspace, providerConfig, type TempWorkspace } from '../../support/rsHarness.js';

// The model under test echoes the user message (rule reply "{{input}}" on the server), and the user
// message is the dataset's `question`, which is full of placeholders and replacement patterns.
const QUESTION = "Echo: {{input}} | {{expected}} | {{completion}} | {{question}} | $& | $' | $` | $1";
const PROMPT = `name: Output is data
model: data/main
messages:
  - role: system
    content: Repeat the question.
  - role: user
    content: '{{question}}'
testData:
  - question: ${JSON.stringify(QUESTION)}
    input: INPUT-VALUE
    expected: EXPECTED-VALUE
evaluators:
  - name: custom judge
    llm:
      modelId: data/judge
      systemPrompt: 'Grade {{input}} strictly.'
      prompt: "Q: {{input}}\\nE: {{expected}}\\nA: <<{{completion}}>>"
      choices:
        - choice: GOOD
          score: 1
        - choice: BAD
          score: 0
  - name: built-in similarity
    uses: github/similarity
workbench:
  judgeModel: data/judge
`;

function userContent(r: RecordedRequest): string {
  const messages = (r.body as { messages: { role: string; content: string }[] }).messages;
  return messages.filter((m) => m.role === 'user').at(-1)!.content;
}

describe('security: model output is data', () => {
  let server: TestServer;
  let ws: TempWorkspace;
  before(async () => {
    server = await startTestServer({
      replies: [
        { model: '^main$', reply: '{{input}}' },
        { model: '^judge$', match: 'Rubric', reply: 'Score: 5' },
        { model: '^judge$', reply: 'GOOD' },
      ],
    });
    ws = await makeWorkspace({ 'prompt-workbench.yml': providerConfig('data', server.url), 'data.prompt.yml': PROMPT });
  });
  after(async () => {
    await server.close();
    await ws.cleanup();
  });

  it('the output reaches both judges literally and is recorded literally', async () => {
    const { record } = await coreRun({ root: ws.root, prompt: 'data.prompt.yml', settings: { concurrency: 1 } });
    const chats = server.requests.filter((r) => r.path === '/v1/chat/completions');
    const main = chats.filter((r) => (r.body as { model: string }).model === 'main');
    const judges = chats.filter((r) => (r.body as { model: string }).model === 'judge');
    assert.equal(main.length, 1);
    assert.equal(judges.length, 2);

    // Single-pass prompt rendering: the dataset value went to the model as written.
    assert.equal(userContent(main[0]), QUESTION);
    const [result] = record.results;
    assert.equal(result.output, QUESTION, 'the model echoed the question; the record keeps it as-is');
    assert.equal(result.messages.at(-1)!.content, QUESTION);

    // The llm judge: variables of the judge prompt are filled, the completion is inserted verbatim.
    const custom = judges.find((r) => !userContent(r).includes('Rubric'))!;
    assert.equal(userContent(custom), `Q: INPUT-VALUE\nE: EXPECTED-VALUE\nA: <<${QUESTION}>>`);
    const system = (custom.body as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === 'system');
    assert.ok(system && !system.content.includes('Echo:'), "the output never lands in the judge's system prompt");

    // The built-in: its own {{input}}/{{expected}}/{{completion}} are filled once; the output stays literal.
    const builtin = judges.find((r) => userContent(r).includes('Rubric'))!;
    const text = userContent(builtin);
    assert.ok(text.includes(`ANSWER:\n${QUESTION}`), `the answer section holds the output verbatim:\n${text}`);
    assert.ok(text.includes('QUESTION:\nINPUT-VALUE'), text);
    assert.ok(text.includes('REFERENCE:\nEXPECTED-VALUE'), text);
    assert.equal(text.split('INPUT-VALUE').length - 1, 1, 'INPUT-VALUE appears only where the template put it, not expanded from the output');
    assert.equal(text.split('EXPECTED-VALUE').length - 1, 1);

    assert.equal(result.status, 'passed', JSON.stringify(result.evaluations));
  });
});
