import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { countingVscode } from '../../support/countingVscode.js';
import { repoRoot } from '../../support/rsHarness.js';

// The built extension (dist/extension.cjs) activated against a counting `vscode` module, then
// deactivated the way VS Code does it: every disposable in context.subscriptions is disposed.
// Every listener, watcher, emitter, provider and UI item activation made must be disposed then.

interface Loadable {
  _load: (request: string, parent: unknown, isMain: boolean) => unknown;
}

test('deactivating disposes everything activation registered (listeners, watchers, providers, commands)', async (t) => {
  const bundle = path.join(repoRoot(), 'dist/extension.cjs');
  if (!existsSync(bundle)) return t.skip('dist/extension.cjs is not built (npm run build)');
  const { vscode, resources } = countingVscode();
  const loader = Module as unknown as Loadable;
  const original = loader._load;
  loader._load = (request, parent, isMain) => (request === 'vscode' ? vscode : original(request, parent, isMain));
  try {
    const extension = createRequire(import.meta.url)(bundle) as { activate(context: unknown): void; deactivate(): void };
    const subscriptions: { dispose(): unknown }[] = [];
    const context = {
      subscriptions,
      extensionUri: vscode.Uri.file(repoRoot()),
      extension: { packageJSON: { version: '0.0.0-test' } },
      secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: () => ({ dispose() {} }) },
      globalState: { get: () => undefined, update: () => Promise.resolve() },
      workspaceState: { get: () => undefined, update: () => Promise.resolve() },
    };
    extension.activate(context);
    // Work activation defers (the first check of open documents) has run too.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const created = resources.length;
    assert.ok(created > 30, `activation created ${created} resources; the fake is not being used`);
    const kinds = new Set(resources.map((r) => r.kind));
    for (const kind of [
      'commands.registerCommand',
      'workspace.createFileSystemWatcher',
      'languages.registerCodeLensProvider',
      'subscription:workspace.onDidChangeTextDocument',
      'EventEmitter',
      'tests.createTestController',
    ]) {
      assert.ok(kinds.has(kind), `activation registers ${kind}`);
    }
    extension.deactivate();
    for (const d of subscriptions) d.dispose();
    const leaked = resources.filter((r) => !r.disposed);
    const byKind = leaked.reduce<Record<string, number>>((out, r) => ({ ...out, [r.kind]: (out[r.kind] ?? 0) + 1 }), {});
    assert.deepEqual(byKind, {}, `${leaked.length} of ${created} resources were not disposed`);
  } finally {
    loader._load = original;
  }
});
