import { sameTestFields, type TestNode } from './testTree.js';

// Brings the Testing view's items in line with a TestNode tree, touching only what changed: each
// setter and each add or delete is a message to the workbench, and a prompt with thousands of
// cases is re-synced after every typing pause. What was last synced is kept as plain data (the
// `shown` trees), so an unchanged case is recognised without reading its item (every property
// read is a call into the test API: ~40 ms for 5,000 cases). No `vscode` here: testExplorer.ts
// supplies the items through ItemApi.

/** What a sync needs of VS Code's test items. */
export interface ItemApi<Item> {
  create(node: TestNode): Item;
  /** Sets the fields of `node` that differ on `item`. */
  update(item: Item, node: TestNode): void;
  /** The file the item opens. */
  fileOf(item: Item): string | undefined;
  child(item: Item, id: string): Item | undefined;
  childIds(item: Item): string[];
  add(item: Item, child: Item): void;
  remove(item: Item, id: string): void;
}

/** New items one sync may create; the count is shared by the whole tree it walks. */
export interface Budget {
  limit: number;
  created: number;
}

export interface Synced<Item> {
  item: Item;
  /** What the item now shows: `node` itself, or `node` with fewer children when the budget ran out (the next sync adds more). */
  shown: TestNode;
}

/** `existing`: the item now in the view, if any; `before`: what it was last synced from, if known. */
export function syncItem<Item>(api: ItemApi<Item>, node: TestNode, existing: Item | undefined, before: TestNode | undefined, budget: Budget): Synced<Item> {
  const item = existing !== undefined && before && sameTestFields(before, node) ? existing : withFields(api, node, existing, budget);
  const kept = item === existing ? before : undefined;
  if (!node.children.length && (kept ? !kept.children.length : !api.childIds(item).length)) return { item, shown: node }; // a case: no children to sync
  const had = kept ? kept.children.map((child) => child.id) : api.childIds(item);
  const previous = new Map(kept?.children.map((child) => [child.id, child]));
  const added: Item[] = [];
  const wanted = new Set<string>();
  const shownChildren: TestNode[] = [];
  let partly = false;
  for (const child of node.children) {
    const last = previous.get(child.id);
    if (last === child || (last !== undefined && unchangedCase(last, child))) {
      // Shown as it is: the very node synced last time (a sync that goes on where the budget
      // stopped it), or a case that shows the same – no call into the test API at all.
      wanted.add(child.id);
      shownChildren.push(child);
      continue;
    }
    // What was last synced is what the item has: a child it does not list is new, without asking the item.
    const current = kept && last === undefined ? undefined : api.child(item, child.id);
    if (current === undefined && budget.created >= budget.limit) {
      partly = true;
      continue;
    }
    wanted.add(child.id);
    const next = syncItem(api, child, current, current !== undefined ? last : undefined, budget);
    shownChildren.push(next.shown);
    if (next.shown !== child) partly = true;
    if (next.item !== current) added.push(next.item);
  }
  // Only what changed is deleted or added: replacing all children re-sends every one of them to
  // the workbench (~300 ms for 5,000 cases on a busy machine), and an edit to one row changes one case id.
  for (const id of had) if (!wanted.has(id)) api.remove(item, id);
  for (const child of added) api.add(item, child);
  return { item, shown: partly ? { ...node, children: shownChildren } : node };
}

function unchangedCase(last: TestNode, node: TestNode): boolean {
  return !last.children.length && !node.children.length && sameTestFields(last, node);
}

function withFields<Item>(api: ItemApi<Item>, node: TestNode, existing: Item | undefined, budget: Budget): Item {
  // A new item only for a new file: a renamed one keeps its children (5,000 cases re-created otherwise).
  const reused = existing !== undefined && api.fileOf(existing) === node.file;
  if (reused) {
    api.update(existing, node);
    return existing;
  }
  budget.created++;
  return api.create(node);
}
