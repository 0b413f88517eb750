// Thumbnails in the results view: which local images the host lets the webview load (inside the
// record's folder, image types only, never https or paths that climb out), and the details' images.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { localImageFiles } from '../../../src/extension/views/imageFiles.js';
import { imageKey } from '../../../src/shared/protocol.js';
import { resultsView } from '../../../src/shared/resultsView.js';
import { makeRecord } from './records.js';

const A = 'openai/gpt-4o-mini';

function recordWithImages() {
  const record = makeRecord({ models: [A], cases: ['pic'], results: [['pic', A, 'passed']] });
  record.cases[0].source.file = 'data/rows.jsonl';
  record.cases[0].images = ['img/cat.png', 'https://example.com/dog.png', '../../etc/passwd.png', 'notes.txt', '/abs/outside.png'];
  return record;
}

test('localImageFiles: local image files inside the record folder, resolved against the row file', () => {
  const root = path.resolve('/work/project');
  const files = localImageFiles(recordWithImages(), root);
  assert.deepEqual([...files.entries()], [[imageKey('pic', 'img/cat.png'), path.join(root, 'data/img/cat.png')]]);
});

test('the details list every image, with a thumbnail URI only where the host gave one', () => {
  const record = recordWithImages();
  const view = resultsView(record, { [imageKey('pic', 'img/cat.png')]: 'https://file+.vscode-resource.vscode-cdn.net/work/project/data/img/cat.png' });
  const details = view.details(view.rows[0]);
  assert.deepEqual(details.images![0], { ref: 'img/cat.png', src: 'https://file+.vscode-resource.vscode-cdn.net/work/project/data/img/cat.png' });
  assert.deepEqual(details.images![1], { ref: 'https://example.com/dog.png' }, 'a remote image is named, not loaded');
  assert.equal(details.images!.length, 5);
  const plain = resultsView(makeRecord({ models: [A], cases: ['a'], results: [['a', A, 'passed']] }));
  assert.equal(plain.details(plain.rows[0]).images, undefined);
});
