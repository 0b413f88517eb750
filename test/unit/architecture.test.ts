import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/rsHarness.js';

// docs/ARCHITECTURE.md is the map a newcomer reads first: every source folder must be on it.

function folders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => [path.join(dir, e.name), ...folders(path.join(dir, e.name))]);
}

test('docs/ARCHITECTURE.md names every folder under src/', () => {
  const root = repoRoot();
  const doc = readFileSync(path.join(root, 'docs/ARCHITECTURE.md'), 'utf8');
  const missing = folders(path.join(root, 'src'))
    .map((dir) => path.relative(root, dir).split(path.sep).join('/'))
    .filter((rel) => !doc.includes(`${rel}/`) && !doc.includes(`\`${path.basename(rel)}/\``));
  assert.deepEqual(missing, [], 'add these folders to docs/ARCHITECTURE.md');
});
