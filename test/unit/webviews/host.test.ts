import test from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, createNonce, webviewHtml } from '../../../src/extension/views/html.js';
import { gitUri, parseGitQuery, parseRunQuery, runUri } from '../../../src/extension/views/diffUris.js';
import { parseRecordName } from '../../../src/extension/viewCommands/recordName.js';
import { mergeCandidates } from '../../../src/extension/viewCommands/modelCandidates.js';
import { panelTitle, toSource, withRun, type LoadedView } from '../../../src/extension/views/loadedView.js';
import { DEFAULT_UI, isWebviewMessage } from '../../../src/shared/protocol.js';
import { makeRecord } from './records.js';

test('CSP: nothing by default, the script by nonce only, no unsafe-inline or unsafe-eval', () => {
  const csp = contentSecurityPolicy('https://x.vscode-cdn.net', 'N0nce');
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, /script-src 'nonce-N0nce'(;|$)/);
  assert.match(csp, /style-src https:\/\/x\.vscode-cdn\.net 'nonce-N0nce'/);
  assert.ok(!/unsafe-inline|unsafe-eval|\*/.test(csp));
});

test('the page: CSP meta first, the nonce on the one script, no inline script or handler', () => {
  const html = webviewHtml({ cspSource: 'vscode-webview://x', nonce: 'abc', scriptUri: 'vscode-webview://x/dist/webview.js', styleUri: 'vscode-webview://x/media/webview.css', title: 'Results: <x>' });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.match(html, /<script nonce="abc" src="vscode-webview:\/\/x\/dist\/webview.js"><\/script>/);
  assert.ok(!/\son[a-z]+=/i.test(html));
  assert.match(html, /<title>Results: &lt;x&gt;<\/title>/);
});

test('nonces are long and differ per page', () => {
  const a = createNonce();
  assert.match(a, /^[A-Za-z0-9_-]{24}$/);
  assert.notEqual(a, createNonce());
});

test('diff documents: git and run targets round-trip; file names pick the language', () => {
  const git = gitUri({ file: '/ws/capitals.prompt.yml', revision: 'HEAD' });
  assert.equal(git.path, '/HEAD/capitals.prompt.yml');
  assert.deepEqual(parseGitQuery(git.query), { file: '/ws/capitals.prompt.yml', revision: 'HEAD' });
  const output = runUri({ kind: 'output', recordId: 'r1', caseId: 'kenya', model: 'openai/gpt-4o-mini', repeat: 0 }, 'working copy', 'capitals.prompt.yml', true);
  assert.equal(output.path, '/working-copy/kenya.openai-gpt-4o-mini.json');
  assert.deepEqual(parseRunQuery(output.query), { kind: 'output', recordId: 'r1', recordFile: undefined, caseId: 'kenya', model: 'openai/gpt-4o-mini', repeat: 0 });
  const prompt = runUri({ kind: 'prompt', recordId: 'r1', recordFile: 'file:///ws/r1.json' }, 'HEAD', 'sub/capitals.prompt.yml');
  assert.equal(prompt.path, '/HEAD/capitals.prompt.yml');
  assert.deepEqual(parseRunQuery(prompt.query), { kind: 'prompt', recordId: 'r1', recordFile: 'file:///ws/r1.json' });
});

test('diff documents: a revision that git would read as an option is refused', () => {
  assert.equal(parseGitQuery(JSON.stringify({ file: '/ws/a.prompt.yml', revision: '--output=/tmp/x' })), undefined);
  assert.equal(parseGitQuery(JSON.stringify({ file: '/ws/a.prompt.yml', revision: 'HEAD; rm -rf /' })), undefined);
  assert.equal(parseGitQuery('not json'), undefined);
  assert.equal(parseRunQuery(JSON.stringify({ kind: 'output', recordId: 'r' })), undefined);
});

test('record file names give the time and prompt slug', () => {
  assert.deepEqual(parseRecordName('20261122T203036Z-capitals-21c4.json'), { when: '2026-11-22 20:30:36 UTC', slug: 'capitals' });
  assert.deepEqual(parseRecordName('20261122T203036Z-animal-card-840e.json')?.slug, 'animal-card');
  assert.equal(parseRecordName('notes.json'), undefined);
});

test('model candidates: unique, first-seen order, every source named', () => {
  assert.deepEqual(
    mergeCandidates([
      { from: 'prompt file', models: ['a', 'b'] },
      { from: 'setting', models: ['b', 'c'] },
      { from: 'last run', models: ['a'] },
    ]),
    [
      { model: 'a', from: 'prompt file, last run' },
      { model: 'b', from: 'prompt file, setting' },
      { model: 'c', from: 'setting' },
    ],
  );
});

test('the persisted source names record files, never record data; updates replace the matching run', () => {
  const file = '/ws/.prompt-workbench/runs/r.json';
  const before = makeRecord({ id: 'b', models: ['x/a'], cases: ['a'], results: [] });
  const after = makeRecord({ id: 'a', models: ['x/a'], cases: ['a'], results: [] });
  const view: LoadedView = {
    kind: 'versions',
    before: { record: before, file, label: 'HEAD', revision: 'abc', promptUri: 'file:///ws/test.prompt.yml' },
    after: { record: after, label: 'working copy' },
  };
  assert.deepEqual(toSource(view), {
    kind: 'versions',
    before: { id: 'b', file: '/ws/.prompt-workbench/runs/r.json', label: 'HEAD', revision: 'abc', promptUri: 'file:///ws/test.prompt.yml' },
    after: { id: 'a', file: undefined, label: 'working copy', revision: undefined, promptUri: undefined },
  });
  const newer = { ...after, status: 'running' as const };
  const updated = withRun(view, { record: newer, file });
  assert.equal(updated.kind === 'versions' && updated.after.record, newer);
  assert.equal(updated.kind === 'versions' && updated.before.record, before);
  assert.equal(panelTitle(view), 'test.prompt.yml: HEAD ↔ working copy');
});

test("only known intents pass the host's message check", () => {
  assert.equal(isWebviewMessage({ type: 'ready' }), true);
  assert.equal(isWebviewMessage({ type: 'diffPrompts' }), true);
  assert.equal(isWebviewMessage({ type: 'export', format: 'csv', ui: DEFAULT_UI }), true);
  assert.equal(isWebviewMessage({ type: 'export', format: 'exe', ui: DEFAULT_UI }), false);
  assert.equal(isWebviewMessage({ type: 'export', format: 'csv', ui: { filter: {} } }), false);
  assert.equal(isWebviewMessage({ type: 'diffOutputs', left: { recordId: 'r', caseId: 'c', model: 'm', repeat: 0 }, right: { recordId: 'r' } }), false);
  assert.equal(isWebviewMessage({ type: 'runCommand', command: 'x' }), false);
  assert.equal(isWebviewMessage(null), false);
  assert.equal(isWebviewMessage('ready'), false);
});
