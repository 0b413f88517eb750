// The Testing view's sync (testSync.ts) against plain items standing in for VS Code's: what it
// creates, adds, deletes and sets, and that a big tree arrives a budget at a time and complete.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syncItem, type ItemApi } from '../../../src/extension/testing/testSync.js';
import { promptTree, type TestNode } from '../../../src/extension/testing/testTree.js';

interface Item {
  id: string;
  file: string;
  fields: Omit<TestNode, 'id' | 'file' | 'children'>;
  children: Map<string, Item>;
}

function fakeItems() {
  const calls = { create: 0, update: 0, add: 0, remove: 0 };
  const fieldsOf = (node: TestNode) => ({ label: node.label, range: node.range, description: node.description, error: node.error });
  const api: ItemApi<Item> = {
    create(node) {
      calls.create++;
      return { id: node.id, file: node.file, fields: fieldsOf(node), children: new Map() };
    },
    update(item, node) {
      if (JSON.stringify(item.fields) === JSON.stringify(fieldsOf(node))) return;
      calls.update++;
      item.fields = fieldsOf(node);
    },
    fileOf: (item) => item.file,
    child: (item, id) => item.children.get(id),
    childIds: (item) => [...item.children.keys()],
    add(item, child) {
      calls.add++;
      item.children.set(child.id, child);
    },
    remove(item, id) {
      calls.remove++;
      item.children.delete(id);
    },
  };
  return { api, calls };
}

/** The items as a tree, children sorted by id (the Testing view orders them itself). */
function asTree(item: Item): unknown {
  return { id: item.id, file: item.file, ...item.fields, children: [...item.children.values()].sort((a, b) => a.id.localeCompare(b.id)).map(asTree) };
}

function nodeTree(node: TestNode): unknown {
  return {
    id: node.id,
    file: node.file,
    label: node.label,
    range: node.range,
    description: node.description,
    error: node.error,
    children: [...node.children].sort((a, b) => a.id.localeCompare(b.id)).map(nodeTree),
  };
}

const range = (line: number) => ({ start: { line, column: 4 }, end: { line: line + 3, column: 0 } });

function tree(cases: Array<{ id: string; line: number }>): TestNode {
  return promptTree({
    file: '/w/many.prompt.yml',
    relativePath: 'many.prompt.yml',
    name: 'Many',
    models: ['openai/gpt-4o-mini'],
    promptRange: range(0),
    cases: cases.map((c) => ({ id: c.id, label: `row ${c.id}`, source: { file: '/w/many.prompt.yml', range: range(c.line) } })),
    errors: [],
  });
}

/** Syncs `node` until it is all shown, as testExplorer.ts does (one sync per task); returns the item and how many syncs it took. */
function syncFully(api: ItemApi<Item>, node: TestNode, state: { item?: Item; shown?: TestNode }, limit: number): number {
  for (let syncs = 1; syncs < 1000; syncs++) {
    const budget = { limit, created: 0 };
    const next = syncItem(api, node, state.item, state.shown, budget);
    assert.ok(budget.created <= limit, `at most ${limit} new items in one sync, not ${budget.created}`);
    state.item = next.item;
    state.shown = next.shown;
    if (next.shown === node) return syncs;
  }
  throw new Error('never finished');
}

const rows = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `r${i}`, line: 10 + 3 * i }));

test('a prompt of 5,000 cases arrives a budget at a time, every case once, and nothing is re-sent after', () => {
  const { api, calls } = fakeItems();
  const node = tree(rows(5000));
  const state: { item?: Item; shown?: TestNode } = {};
  const syncs = syncFully(api, node, state, 250);
  assert.equal(syncs, Math.ceil(5002 / 250));
  assert.deepEqual(asTree(state.item!), nodeTree(node));
  assert.equal(calls.create, 5002, 'the file, the prompt and each case, created once');
  assert.equal(calls.remove, 0);

  const before = { ...calls };
  assert.equal(syncFully(api, node, state, 250), 1);
  assert.deepEqual(calls, before, 'the same tree again: no call at all');
  assert.equal(syncFully(api, tree(rows(5000)), state, 250), 1);
  assert.deepEqual(calls, before, 'an equal tree from a new check: no call at all');
});

test('an edit while the tree is still arriving: the view ends as the newest tree, stale cases removed', () => {
  const { api } = fakeItems();
  const state: { item?: Item; shown?: TestNode } = {};
  const first = tree(rows(3000));
  const budget = { limit: 250, created: 0 };
  const partial = syncItem(api, first, undefined, undefined, budget);
  assert.notEqual(partial.shown, first, 'not all of it in one sync');
  state.item = partial.item;
  state.shown = partial.shown;

  // Row 0 edited (a new id), row 1 deleted (the rows below move up), and a row pasted at the end.
  const edited = rows(3000).filter((r) => r.id !== 'r1');
  edited[0] = { id: 'r0-edited', line: 10 };
  edited.push({ id: 'pasted', line: 10 + 3 * 3000 });
  const second = tree(edited);
  syncFully(api, second, state, 250);
  assert.deepEqual(asTree(state.item), nodeTree(second));
});

test('one row edited in a complete tree: one case deleted, one created and added', () => {
  const { api, calls } = fakeItems();
  const state: { item?: Item; shown?: TestNode } = {};
  syncFully(api, tree(rows(600)), state, 250);
  const edited = rows(600);
  edited[300] = { id: 'r300-edited', line: edited[300].line };
  const before = { ...calls };
  assert.equal(syncFully(api, tree(edited), state, 250), 1);
  assert.deepEqual({ create: calls.create - before.create, add: calls.add - before.add, remove: calls.remove - before.remove }, { create: 1, add: 1, remove: 1 });
  assert.deepEqual(asTree(state.item!), nodeTree(tree(edited)));
});
