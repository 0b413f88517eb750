import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { toWorkspacePath } from '../../../src/core/paths.js';

const plain = (file: string, root: string) => path.relative(root, file).split(path.sep).join('/');

test('toWorkspacePath answers as path.relative does, however often it is asked and across workspaces', () => {
  const cases: Array<[string, string]> = [
    ['/w/data/tickets.csv', '/w'],
    ['/w/data/tickets.csv', '/w'],
    ['/w/a.prompt.yml', '/w'],
    ['/other/data/tickets.csv', '/other'],
    ['/w/data/tickets.csv', '/w'],
    ['/w/data/tickets.csv', '/w/data'],
    ['/outside/x.jsonl', '/w'],
    ['data/rel.csv', '/w'],
    ['/w/data/rel.csv', 'w'],
  ];
  for (const [file, root] of [...cases, ...cases]) assert.equal(toWorkspacePath(file, root), plain(file, root), `${file} in ${root}`);
});

test('toWorkspacePath stays right past the number of paths it keeps', () => {
  for (let i = 0; i < 1500; i++) assert.equal(toWorkspacePath(`/w/d/${i % 700}.csv`, '/w'), `d/${i % 700}.csv`);
});
