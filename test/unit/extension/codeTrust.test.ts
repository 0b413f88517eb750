// The editor's permission for code evaluators: VS Code's workspace trust goes into the settings
// override layer (settingsOverrides' `trusted`, passed vscode.workspace.isTrusted by
// workspace/sessions.ts), and from there the core's session decides – the same path the CLI's
// --allow-code takes. Untrusted (or not said): refused with a positioned diagnostic; trusted: allowed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSession, preparePrompt, prepareOptions, runSettings } from '../../../src/core/index.js';
import { settingsOverrides, type ExtensionSettings } from '../../../src/extension/workspace/settings.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const SETTINGS: ExtensionSettings = { defaultModels: [], providerBaseUrls: {}, cache: true, estimateOnType: true };

const PROMPT = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: hi
workbench:
  evaluators:
    - name: graded
      javascript: grade.mjs
`;

test('untrusted, or trust not passed: code evaluators are refused; trusted: allowed, with the workspace folder as boundary', async () => {
  const ws = await tempWorkspace({ 'p.prompt.yml': PROMPT, 'grade.mjs': 'export default () => true;\n' });
  try {
    const prepareWith = async (trusted: boolean | undefined) => {
      const overrides = trusted === undefined ? settingsOverrides(SETTINGS, ws.root) : settingsOverrides(SETTINGS, ws.root, trusted);
      const session = await openSession({ file: ws.file('p.prompt.yml'), boundary: ws.root, overrides: [overrides] });
      return { session, prepared: await preparePrompt(ws.file('p.prompt.yml'), prepareOptions(session)) };
    };
    for (const trusted of [false, undefined]) {
      const { session, prepared } = await prepareWith(trusted);
      const refusal = prepared.diagnostics.find((d) => d.code === 'evaluator/code-not-allowed');
      assert.ok(refusal, `trusted: ${trusted}`);
      assert.equal(refusal.range.start.line, 7);
      assert.match(refusal.message, /needs a trusted workspace in VS Code/);
      assert.equal(runSettings(session, { providers: undefined as never, toolVersion: 't' }).code, undefined);
    }
    const { session, prepared } = await prepareWith(true);
    assert.deepEqual(
      prepared.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.deepEqual(runSettings(session, { providers: undefined as never, toolVersion: 't' }).code, { boundary: ws.root, allowOutsideWorkspace: undefined });
  } finally {
    await ws.remove();
  }
});
