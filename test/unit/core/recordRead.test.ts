import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseRunRecord, parseRunRecordInSlices, readRecord, recordPromptPath } from '../../../src/core/record/read.js';
import { recordLines, writeRecordFile } from '../../../src/core/record/writer.js';
import { fixtureRecord } from '../../../bench/webviewFixture.js';

// Reading a large record without holding the thread (the extension host reads records when a
// view opens and when a prompt file opens), and finding a record's prompt from its header alone.

const RECORD = fixtureRecord({ cases: 2000, models: ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini'], seed: 4 });

function linesText(record = RECORD): string {
  return [...recordLines(record)].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

const bytes = (text: string) => new TextEncoder().encode(text);

test('a record parsed in slices equals the one parsed at once, and other work runs between its slices', async () => {
  const text = linesText();
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 0);
  try {
    const sliced = await parseRunRecordInSlices(bytes(text), 'r.jsonl', 0);
    assert.deepEqual(sliced, parseRunRecord(text, 'r.jsonl'));
  } finally {
    clearInterval(ticker);
  }
  assert.ok(ticks > 0, 'a timer ran while the record was being parsed');
});

test('slices keep what parseRunRecord does with a torn last line, a bad line and a version-1 document', async () => {
  const text = linesText();
  const torn = text + '{"type":"result","caseId":"x';
  assert.deepEqual(await parseRunRecordInSlices(bytes(torn), 'r.jsonl', 0), parseRunRecord(torn, 'r.jsonl'));
  const lines = text.split('\n');
  lines[5] = '{not json';
  await assert.rejects(parseRunRecordInSlices(bytes(lines.join('\n')), 'r.jsonl', 0), /r\.jsonl line 6 is not valid JSON/);
  // A record's own errors (a newer version) stay themselves, not "not valid JSON".
  const newer = text.replace('"version":1,', '"version":99,');
  await assert.rejects(parseRunRecordInSlices(bytes(newer), 'r.jsonl', 0), (error: Error) => /^r\.jsonl was written by a newer Prompt Workbench \(record version 99\)/.test(error.message));
  const v1 = JSON.stringify({ ...RECORD, version: 1 });
  assert.deepEqual(await parseRunRecordInSlices(bytes(v1), 'r.json'), parseRunRecord(v1, 'r.json'));
});

test('recordPromptPath reads the header only; readRecord reads the rest', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'pw-record-read-'));
  try {
    const file = path.join(dir, 'run.jsonl');
    await writeRecordFile(file, RECORD);
    assert.equal(await recordPromptPath(file), RECORD.prompt.path);
    assert.equal((await readRecord(file)).results.length, RECORD.results.length);
    const notRecord = path.join(dir, 'other.jsonl');
    await writeFile(notRecord, '{"type":"case","id":"a"}\n');
    assert.equal(await recordPromptPath(notRecord), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
