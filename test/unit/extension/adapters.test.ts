import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lmErrorInfo, toLmTurns } from '../../../src/extension/models/lmMessages.js';
import { isPromptFile, itemAtLine, samePath, samePathAs } from '../../../src/extension/workspace/location.js';

test('vscode.lm turns: system text leads the next user turn; LM errors map to retry decisions', () => {
  assert.deepEqual(
    toLmTurns([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Bye' },
    ]),
    [
      { role: 'user', content: 'Be brief.\n\nHi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Bye' },
    ],
  );
  assert.deepEqual(toLmTurns([{ role: 'system', content: 'Only a system message' }]), [{ role: 'user', content: 'Only a system message' }]);
  assert.equal(lmErrorInfo('NoPermissions', 'denied', false).kind, 'auth');
  assert.equal(lmErrorInfo('Blocked', 'quota', false).retryable, true);
  assert.equal(lmErrorInfo('NotFound', 'gone', false).kind, 'config');
  assert.equal(lmErrorInfo(undefined, 'whatever', true).kind, 'cancelled');
});

test('itemAtLine finds the innermost row under the cursor; YAML ranges ending at column 0 stop the line before', () => {
  const rows = [
    { id: 'a', file: '/w/a.prompt.yml', range: { start: { line: 14, column: 4 }, end: { line: 17, column: 0 } } },
    { id: 'b', file: '/w/a.prompt.yml', range: { start: { line: 17, column: 4 }, end: { line: 19, column: 0 } } },
    { id: 'c', file: '/w/d.jsonl', range: { start: { line: 2, column: 0 }, end: { line: 2, column: 60 } } },
  ];
  assert.equal(itemAtLine(rows, '/w/a.prompt.yml', 16)?.id, 'a');
  assert.equal(itemAtLine(rows, '/w/a.prompt.yml', 17)?.id, 'b');
  assert.equal(itemAtLine(rows, '/w/d.jsonl', 2)?.id, 'c');
  assert.equal(itemAtLine(rows, '/w/d.jsonl', 3), undefined);
});

test('prompt files are *.prompt.yml and *.prompt.yaml', () => {
  assert.equal(isPromptFile('/w/a.prompt.yaml'), true);
  assert.equal(isPromptFile('/w/A.PROMPT.YML'), true);
  assert.equal(isPromptFile('/w/a.yml'), false);
});

test('samePathAs answers as samePath does, for equal strings, other spellings of the path and other files', () => {
  const inFile = samePathAs('/w/data/tickets.csv');
  const others = ['/w/data/tickets.csv', '/w/data/../data/tickets.csv', '/w/./data/tickets.csv', '/w/data/other.csv', '/w/data/tickets.csv/', 'data/tickets.csv'];
  for (const other of [...others, ...others]) assert.equal(inFile(other), samePath(other, '/w/data/tickets.csv'), other);
  assert.equal(inFile('/w/data/../data/tickets.csv'), true);
  assert.equal(inFile('/w/data/other.csv'), false);
});
